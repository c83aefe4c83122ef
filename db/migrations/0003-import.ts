/**
 * Migration 3: the importer. Every imported file is kept exactly as it came (imported_files.bytes, the .p7m envelope
 * included, plus the signed XML for a .p7m), once per content (sha256 UNIQUE: the same file imported twice changes
 * nothing). Indexes are few on purpose: the importer writes one transaction per file, thousands per second. Each body of a file is one imported_documents row, in one of two directions: 'outbound' (issued by the
 * company with another program) or 'received' (passive cycle, the "Ricevute" list). The duplicate key (direction,
 * sender id, type, number, date) is UNIQUE, so a duplicate can never be stored, whatever the code does. Attachments are
 * kept as blobs with safe file names, unique per document. What was imported is frozen like a registered document.
 */
import type { Migration } from './types';

const sql = /* sql */ `
CREATE TABLE imported_files (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('outbound', 'received')),
  sha256 TEXT NOT NULL UNIQUE,
  container TEXT NOT NULL CHECK (container IN ('xml', 'p7m')),
  signature_status TEXT CHECK (signature_status IS NULL OR signature_status IN ('valid', 'invalid', 'unverifiable', 'unchecked')),
  signature_note TEXT,
  -- The file as it came. For a .p7m the XML is extracted again from the envelope when needed (a few microseconds),
  -- rather than stored twice.
  bytes BLOB NOT NULL,
  received_file_id INTEGER REFERENCES received_files (id),
  findings_json TEXT,
  imported_at TEXT NOT NULL
);
CREATE INDEX imported_files_received ON imported_files (received_file_id) WHERE received_file_id IS NOT NULL;

CREATE TABLE imported_documents (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES imported_files (id),
  body_index INTEGER NOT NULL CHECK (body_index >= 0),
  direction TEXT NOT NULL CHECK (direction IN ('outbound', 'received')),
  sender_key TEXT NOT NULL,
  tipo_documento TEXT NOT NULL,
  numero TEXT NOT NULL,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  divisa TEXT NOT NULL,
  imponibile TEXT NOT NULL,
  imposta TEXT NOT NULL,
  totale TEXT NOT NULL,
  counterparty_id INTEGER REFERENCES customers (id),
  counterparty_name TEXT NOT NULL,
  counterparty_vat TEXT,
  counterparty_cf TEXT,
  -- The register row created for an outbound document that is published or sent.
  document_id INTEGER UNIQUE REFERENCES documents (id),
  sdi_id TEXT,
  send_state TEXT NOT NULL DEFAULT 'none' CHECK (send_state IN ('none', 'queued', 'not_queued')),
  note TEXT,
  imported_at TEXT NOT NULL
);
-- The duplicate key: sender id + TipoDocumento + Numero + Data, per direction.
CREATE UNIQUE INDEX imported_documents_key ON imported_documents (direction, sender_key, tipo_documento, numero, date);
CREATE INDEX imported_documents_list ON imported_documents (direction, date, id);

CREATE TABLE imported_attachments (
  id INTEGER PRIMARY KEY,
  imported_document_id INTEGER NOT NULL REFERENCES imported_documents (id),
  file_name TEXT NOT NULL,
  original_name TEXT NOT NULL,
  formato TEXT,
  descrizione TEXT,
  algoritmo_compressione TEXT,
  bytes BLOB NOT NULL,
  UNIQUE (imported_document_id, file_name COLLATE NOCASE)
);

CREATE TRIGGER imported_files_frozen BEFORE UPDATE ON imported_files
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: file importato, non modificabile');
END;
CREATE TRIGGER imported_files_no_delete BEFORE DELETE ON imported_files
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: file importato, non si può eliminare');
END;
CREATE TRIGGER imported_documents_frozen BEFORE UPDATE OF file_id, body_index, direction, sender_key, tipo_documento,
  numero, date, divisa, imponibile, imposta, totale ON imported_documents
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: documento importato, dati immutabili');
END;
CREATE TRIGGER imported_documents_no_delete BEFORE DELETE ON imported_documents
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: documento importato, non si può eliminare');
END;
CREATE TRIGGER imported_attachments_frozen BEFORE UPDATE ON imported_attachments
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: allegato importato, non modificabile');
END;
CREATE TRIGGER imported_attachments_no_delete BEFORE DELETE ON imported_attachments
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: allegato importato, non si può eliminare');
END;
`;

export const migration0003: Migration = { id: 3, name: 'import', sql };
