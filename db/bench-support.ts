/**
 * For `npm run bench`: writes the rows a registration writes (the registered document with its XML and hashes, the
 * ledger entries, the numbering and progressivo counters) with plain prepared statements in one transaction, so the
 * bench can put registrations per second next to what raw SQLite does with the same rows.
 */
import type Database from 'better-sqlite3';

export interface RawRegisteredDocument {
  tipoDocumento: string;
  series: string;
  year: number;
  number: number;
  numero: string;
  date: string;
  customerId: number;
  customerName: string;
  causale: string | null;
  imponibile: string;
  imposta: string;
  totale: string;
  netToPay: string;
  sourceDocumentId: number | null;
  registeredAt: string;
  chainSeq: number;
  xmlSha256: string;
  prevRecordHash: string;
  recordHash: string;
  fileName: string;
  progressivoInvio: string;
  totalsJson: string;
  draftJson: string;
  xml: Uint8Array;
}

export interface RawLedgerEntry {
  customerId: number;
  kind: 'invoice' | 'credit_note' | 'payment';
  date: string;
  dueDate: string | null;
  amount: string;
  installment: number | null;
  description: string;
}

export interface RawRegisteredRow {
  document: RawRegisteredDocument;
  ledger: RawLedgerEntry[];
}

const DOC_COLUMNS = `d.tipo_documento AS tipoDocumento, d.series, d.year, d.number, d.numero, d.date, d.customer_id AS customerId,
  d.customer_name AS customerName, d.causale, d.imponibile, d.imposta, d.totale, d.net_to_pay AS netToPay,
  d.source_document_id AS sourceDocumentId, d.registered_at AS registeredAt, d.chain_seq AS chainSeq,
  d.xml_sha256 AS xmlSha256, d.prev_record_hash AS prevRecordHash, d.record_hash AS recordHash, d.file_name AS fileName,
  d.progressivo_invio AS progressivoInvio, c.totals_json AS totalsJson, c.draft_json AS draftJson, c.xml`;

/** Reads a registered document and its ledger entries as a template for rawInsertRegisteredRows. */
export function readRegisteredRow(db: Database.Database, documentId: number): RawRegisteredRow {
  const document = db
    .prepare(`SELECT ${DOC_COLUMNS} FROM documents d JOIN document_content c ON c.document_id = d.id WHERE d.id = ? AND d.status <> 'draft'`)
    .get(documentId) as
    | RawRegisteredDocument
    | undefined;
  if (!document) throw new Error(`Documento registrato ${documentId} non trovato`);
  const ledger = db
    .prepare(
      `SELECT customer_id AS customerId, kind, date, due_date AS dueDate, amount, installment, description
       FROM ledger_entries WHERE document_id = ? ORDER BY id`,
    )
    .all(documentId) as RawLedgerEntry[];
  return { document, ledger };
}

/** Inserts the rows in one transaction; returns the new document ids. */
export function rawInsertRegisteredRows(db: Database.Database, rows: readonly RawRegisteredRow[]): number[] {
  // Same order as a registration: the document exists as a draft with its content, then becomes registered in place
  // (the immutability triggers only let content be written while the document is a draft).
  const insertDraft = db.prepare(`INSERT INTO documents (status, tipo_documento, series, date, customer_id, customer_name,
      causale, source_document_id, created_at, updated_at)
    VALUES ('draft', @tipoDocumento, @series, @date, @customerId, @customerName, @causale, @sourceDocumentId, @registeredAt,
      @registeredAt)`);
  const insertContent = db.prepare('INSERT INTO document_content (document_id, totals_json, draft_json, xml) VALUES (?, ?, ?, ?)');
  // Registration leaves the document queued for the SdI, with its outbox row.
  const register = db.prepare(`UPDATE documents SET status = 'queued', sdi_updated_at = @registeredAt, year = @year, number = @number, numero = @numero,
      imponibile = @imponibile, imposta = @imposta, totale = @totale, net_to_pay = @netToPay, registered_at = @registeredAt,
      chain_seq = @chainSeq, xml_sha256 = @xmlSha256, prev_record_hash = @prevRecordHash, record_hash = @recordHash,
      file_name = @fileName, progressivo_invio = @progressivoInvio
    WHERE id = @id AND status = 'draft'`);
  const insertEntry = db.prepare(`INSERT INTO ledger_entries (customer_id, document_id, kind, date, due_date, amount,
      installment, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const setNumbering = db.prepare(`INSERT INTO numbering (series, year, last_number, last_date) VALUES (?, ?, ?, ?)
    ON CONFLICT (series, year) DO UPDATE SET last_number = excluded.last_number, last_date = excluded.last_date`);
  const enqueue = db.prepare(`INSERT INTO outbox (document_id, file_name, state, attempts, queued_at, updated_at)
    VALUES (?, ?, 'queued', 0, ?, ?)`);
  const bumpCounter = db.prepare(`INSERT INTO counters (name, value) VALUES ('progressivo_invio', 1)
    ON CONFLICT (name) DO UPDATE SET value = value + 1`);

  const run = db.transaction((): number[] => {
    const ids: number[] = [];
    for (const { document: d, ledger } of rows) {
      const { xml, totalsJson, draftJson, ...header } = d;
      const id = Number(insertDraft.run(header).lastInsertRowid);
      insertContent.run(id, totalsJson, draftJson, Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength));
      register.run({ ...header, id });
      for (const e of ledger) {
        insertEntry.run(e.customerId, id, e.kind, e.date, e.dueDate, e.amount, e.installment, e.description, d.registeredAt);
      }
      setNumbering.run(d.series, d.year, d.number, d.date);
      enqueue.run(id, d.fileName, d.registeredAt, d.registeredAt);
      bumpCounter.run();
      ids.push(id);
    }
    return ids;
  });
  return run.immediate();
}
