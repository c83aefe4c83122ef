/**
 * Migration 2: sending to the SdI. The outbox (one row per registered document, with the state of its transmission
 * persisted before and after every attempt, so a crash never causes a second send), every SdI file received exactly as
 * it came (notifications in sdi_messages, invoices addressed to the company in received_files), the per-channel
 * cursor of fetched updates, the non-secret settings of each channel, and the link between a correction and the
 * rejected document whose number and date it reuses.
 */
import type { Migration } from './types';

const sql = /* sql */ `
-- A corrected document ("correggi e reinvia") takes the number of the rejected one: the rejected document keeps its
-- row (history), so numbers are unique among the documents that are not rejected.
DROP INDEX documents_series_year_number;
CREATE UNIQUE INDEX documents_series_year_number ON documents (series, year, number) WHERE status <> 'rejected';
CREATE INDEX documents_sdi_id ON documents (sdi_id) WHERE sdi_id IS NOT NULL;

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  -- (a registered document cannot be deleted: the cascade only keeps a hand-tampered file consistent)
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id) ON DELETE CASCADE,
  file_name TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'transmitted', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- ISO timestamp before which the item is not retried (exponential backoff); NULL = at once.
  next_attempt_at TEXT,
  last_error_code TEXT,
  last_error_message TEXT,
  -- The channel of the last attempt (sandbox, intermediary, manual...).
  transmitter TEXT,
  sdi_id TEXT,
  transmission_id TEXT,
  queued_at TEXT NOT NULL,
  sending_at TEXT,
  transmitted_at TEXT,
  exported_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX outbox_state ON outbox (state, id);

-- Every notification file as it came (bytes), its parsed form (JSON) and what it did to its document.
CREATE TABLE sdi_messages (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL UNIQUE,
  document_id INTEGER REFERENCES documents (id),
  kind TEXT,
  sdi_id TEXT,
  invoice_file_name TEXT,
  -- When FatturaDesk got the file, and the time the SdI wrote in it (DataOraRicezione / DataOraConsegna...).
  received_at TEXT NOT NULL,
  notified_at TEXT,
  -- applied (status changed or confirmed), duplicate (00002/00404 about a file already transmitted), ignored (news
  -- that cannot apply in the document's status), unmatched (no document with that file name or SdI id), unparsed (not
  -- a notification FatturaDesk can read).
  effect TEXT NOT NULL CHECK (effect IN ('applied', 'duplicate', 'ignored', 'unmatched', 'unparsed')),
  status_before TEXT,
  status_after TEXT,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  parsed_json TEXT,
  -- Why the status did not move, or why the file could not be read (Italian, for the history).
  note TEXT,
  bytes BLOB NOT NULL
);
CREATE INDEX sdi_messages_document ON sdi_messages (document_id, id) WHERE document_id IS NOT NULL;
CREATE INDEX sdi_messages_invoice_file ON sdi_messages (invoice_file_name) WHERE invoice_file_name IS NOT NULL;
-- What came from the SdI stays as it came; only a message that found no document can be linked later.
CREATE TRIGGER sdi_messages_frozen BEFORE UPDATE OF file_name, kind, sdi_id, invoice_file_name, received_at, notified_at,
  source, sha256, parsed_json, bytes ON sdi_messages
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: file SdI ricevuto, non modificabile');
END;
CREATE TRIGGER sdi_messages_no_delete BEFORE DELETE ON sdi_messages
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: file SdI ricevuto, non si può eliminare');
END;

-- Invoices addressed to the company (passive cycle), stored raw with their metadata file for the importer.
CREATE TABLE received_files (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL UNIQUE,
  sdi_id TEXT,
  received_at TEXT NOT NULL,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  metadata_file_name TEXT,
  metadata_bytes BLOB,
  import_state TEXT NOT NULL DEFAULT 'new' CHECK (import_state IN ('new', 'imported', 'duplicate', 'error')),
  import_error TEXT,
  imported_document_id INTEGER
);
CREATE INDEX received_files_state ON received_files (import_state, id);
CREATE INDEX received_files_received ON received_files (received_at, id);

-- Where the last fetch of updates stopped, per channel.
CREATE TABLE sdi_cursors (
  channel TEXT PRIMARY KEY,
  cursor TEXT,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- "Correggi e reinvia": the draft (later the registered document) that replaces a rejected one, reusing its number and
-- date. One correction per rejected document; deleting the draft removes the link.
CREATE TABLE document_corrections (
  document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  rejected_document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id),
  created_at TEXT NOT NULL
);
CREATE TRIGGER document_corrections_frozen BEFORE UPDATE ON document_corrections
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: collegamento della correzione non modificabile');
END;
`;

export const migration0002: Migration = { id: 2, name: 'sdi-outbox', sql };
