/**
 * Migration 6: the lists at office scale (100,000 documents). Every sort the documents list offers walks an index
 * (number and total had none usable over all documents); the received invoices of one supplier have their own index;
 * the full-text index is rewritten only when the searched text changes, not on every save of a draft.
 */
import type { Migration } from './types';

const sql = /* sql */ `
-- Sort by number over every document: the UNIQUE index on (series, year, number) is partial (rejected documents keep
-- their number outside it), so it cannot order a list that includes them.
CREATE INDEX documents_number ON documents (series, year, number);

-- Sort by total. Amounts are exact TEXT decimals; their numeric value is only an ordering key here, never arithmetic.
-- The list orders by exactly this expression, so the index gives the order without sorting 100,000 rows.
CREATE INDEX documents_totale ON documents (CAST(totale AS REAL));

-- Received invoices (and imported documents) of one counterparty, newest first.
CREATE INDEX imported_documents_counterparty ON imported_documents (counterparty_id, date, id);

-- The trigram index is rewritten only when numero, customer name or causale really change (a draft saved again with
-- the same text, or a status change, no longer deletes and re-inserts its full-text row).
DROP TRIGGER documents_fts_update;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF numero, customer_name, causale ON documents
WHEN old.numero IS NOT new.numero OR old.customer_name IS NOT new.customer_name OR old.causale IS NOT new.causale
BEGIN
  DELETE FROM documents_fts WHERE rowid = old.id;
  INSERT INTO documents_fts (rowid, numero, customer_name, causale) VALUES (new.id, new.numero, new.customer_name, new.causale);
END;
`;

export const migration0006: Migration = { id: 6, name: 'list-indexes', sql };
