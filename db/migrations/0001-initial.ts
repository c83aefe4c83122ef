/**
 * Migration 1: the company file's first schema. Amounts are TEXT decimals (never REAL), dates TEXT "YYYY-MM-DD".
 * Documents are split in a narrow header row (documents: what lists filter, sort, count and show) and a 1:1 content row
 * (document_content: draft JSON, totals JSON, XML bytes), so list queries at 100,000 documents read megabytes, not the
 * half gigabyte of XML. Registered documents are frozen by triggers at the SQL level, so not even a bug in a repository
 * (or a hand-made UPDATE) can change what was registered; only the SdI status columns stay writable.
 */
import type { Migration } from './types';

const sql = /* sql */ `
CREATE TABLE company (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  display_name TEXT NOT NULL,
  id_paese TEXT NOT NULL,
  partita_iva TEXT NOT NULL,
  codice_fiscale TEXT,
  regime_fiscale TEXT NOT NULL,
  rea_ufficio TEXT,
  rea_numero TEXT,
  updated_at TEXT NOT NULL,
  data_json TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  updated_at TEXT NOT NULL,
  value_json TEXT NOT NULL
);

CREATE TABLE bank_accounts (
  id INTEGER PRIMARY KEY,
  istituto TEXT NOT NULL,
  iban TEXT NOT NULL UNIQUE,
  bic TEXT,
  abi TEXT,
  cab TEXT,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
);
-- At most one default account, enforced by the database itself.
CREATE UNIQUE INDEX bank_accounts_one_default ON bank_accounts (is_default) WHERE is_default = 1;

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('B2B', 'PA', 'PRIVATO', 'ESTERO')),
  is_supplier INTEGER NOT NULL DEFAULT 0 CHECK (is_supplier IN (0, 1)),
  display_name TEXT NOT NULL COLLATE NOCASE,
  denominazione TEXT,
  nome TEXT,
  cognome TEXT,
  titolo TEXT,
  cod_eori TEXT,
  id_paese TEXT NOT NULL,
  partita_iva TEXT,
  codice_fiscale TEXT,
  indirizzo TEXT NOT NULL,
  numero_civico TEXT,
  cap TEXT NOT NULL,
  comune TEXT NOT NULL,
  provincia TEXT,
  nazione TEXT NOT NULL,
  is_foreign INTEGER NOT NULL DEFAULT 0 CHECK (is_foreign IN (0, 1)),
  codice_destinatario TEXT,
  pec TEXT,
  cuu TEXT,
  split_payment INTEGER NOT NULL DEFAULT 0 CHECK (split_payment IN (0, 1)),
  email TEXT,
  telefono TEXT,
  default_payment_term TEXT,
  default_payment_method TEXT,
  stabile_organizzazione_json TEXT,
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX customers_display_name ON customers (display_name COLLATE NOCASE);
CREATE INDEX customers_partita_iva ON customers (partita_iva) WHERE partita_iva IS NOT NULL;
CREATE INDEX customers_codice_fiscale ON customers (codice_fiscale) WHERE codice_fiscale IS NOT NULL;
CREATE INDEX customers_kind_name ON customers (kind, display_name COLLATE NOCASE);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL COLLATE NOCASE UNIQUE,
  description TEXT NOT NULL,
  unita_misura TEXT,
  prezzo_unitario TEXT NOT NULL,
  vat_code TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX items_description ON items (description COLLATE NOCASE);

-- Drafts and registered documents in one table of narrow rows (a few hundred bytes), so that lists, counts and text
-- search touch few pages even at 100,000 documents; the large payloads live 1:1 in document_content.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'registered', 'queued', 'sending', 'transmitted',
    'delivered', 'not_delivered', 'rejected', 'accepted', 'refused', 'expired')),
  tipo_documento TEXT NOT NULL,
  series TEXT NOT NULL,
  year INTEGER,
  number INTEGER CHECK (number IS NULL OR number > 0),
  numero TEXT,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  customer_name TEXT NOT NULL,
  causale TEXT,
  imponibile TEXT,
  imposta TEXT,
  totale TEXT,
  net_to_pay TEXT,
  source_document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  registered_at TEXT,
  chain_seq INTEGER,
  xml_sha256 TEXT,
  prev_record_hash TEXT,
  record_hash TEXT,
  file_name TEXT,
  progressivo_invio TEXT,
  sdi_id TEXT,
  sdi_status TEXT,
  sdi_updated_at TEXT,
  CHECK (status = 'draft' OR (year IS NOT NULL AND number IS NOT NULL AND numero IS NOT NULL
    AND registered_at IS NOT NULL AND chain_seq IS NOT NULL AND xml_sha256 IS NOT NULL
    AND prev_record_hash IS NOT NULL AND record_hash IS NOT NULL AND file_name IS NOT NULL
    AND progressivo_invio IS NOT NULL AND totale IS NOT NULL))
);
-- NULLs are distinct in a UNIQUE index, so drafts (number NULL) never collide; registered numbers are gapless per series/year.
CREATE UNIQUE INDEX documents_series_year_number ON documents (series, year, number);
CREATE UNIQUE INDEX documents_chain_seq ON documents (chain_seq) WHERE chain_seq IS NOT NULL;
CREATE UNIQUE INDEX documents_file_name ON documents (file_name) WHERE file_name IS NOT NULL;
CREATE UNIQUE INDEX documents_progressivo_invio ON documents (progressivo_invio) WHERE progressivo_invio IS NOT NULL;
-- One index per common filter, each ending with date so "filter + newest first + page" is an index walk.
CREATE INDEX documents_date ON documents (date);
CREATE INDEX documents_status_date ON documents (status, date);
CREATE INDEX documents_customer_date ON documents (customer_id, date);
CREATE INDEX documents_tipo_date ON documents (tipo_documento, date);
CREATE INDEX documents_customer_name ON documents (customer_name COLLATE NOCASE, date);
CREATE INDEX documents_source ON documents (source_document_id) WHERE source_document_id IS NOT NULL;

-- The draft as edited (JSON; lines stay inside it: they are only ever read and written with their document and no
-- query filters by line), the computed totals (JSON) and, once registered, the exact XML bytes.
CREATE TABLE document_content (
  document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  totals_json TEXT,
  draft_json TEXT NOT NULL,
  xml BLOB
);

-- Substring search on numero / customer name / causale without scanning the (wide) documents table.
CREATE VIRTUAL TABLE documents_fts USING fts5 (numero, customer_name, causale, tokenize = 'trigram remove_diacritics 1');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, numero, customer_name, causale) VALUES (new.id, new.numero, new.customer_name, new.causale);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF numero, customer_name, causale ON documents BEGIN
  DELETE FROM documents_fts WHERE rowid = old.id;
  INSERT INTO documents_fts (rowid, numero, customer_name, causale) VALUES (new.id, new.numero, new.customer_name, new.causale);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  DELETE FROM documents_fts WHERE rowid = old.id;
END;

-- Registered documents are immutable. "UPDATE OF" fires when a column is named in SET, changed or not.
CREATE TRIGGER documents_registered_frozen BEFORE UPDATE OF id, tipo_documento, series, year, number, numero, date,
  customer_id, customer_name, causale, imponibile, imposta, totale, net_to_pay, source_document_id, created_at,
  registered_at, chain_seq, xml_sha256, prev_record_hash, record_hash, file_name, progressivo_invio ON documents
WHEN old.status <> 'draft'
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: documento registrato, dati immutabili');
END;
CREATE TRIGGER documents_registered_stay_registered BEFORE UPDATE OF status ON documents
WHEN old.status <> 'draft' AND new.status = 'draft'
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: un documento registrato non torna bozza');
END;
CREATE TRIGGER documents_registered_no_delete BEFORE DELETE ON documents
WHEN old.status <> 'draft'
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: documento registrato, non si può eliminare');
END;
-- The content of a registered document (draft, totals, XML) is as frozen as its header. Registration writes the
-- content while the document is still a draft, then flips the status.
CREATE TRIGGER document_content_registered_frozen BEFORE UPDATE ON document_content
WHEN EXISTS (SELECT 1 FROM documents WHERE id = old.document_id AND status <> 'draft')
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: documento registrato, dati immutabili');
END;
CREATE TRIGGER document_content_registered_no_insert BEFORE INSERT ON document_content
WHEN EXISTS (SELECT 1 FROM documents WHERE id = new.document_id AND status <> 'draft')
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: documento registrato, dati immutabili');
END;
CREATE TRIGGER document_content_registered_no_delete BEFORE DELETE ON document_content
WHEN EXISTS (SELECT 1 FROM documents WHERE id = old.document_id AND status <> 'draft')
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: documento registrato, non si può eliminare');
END;

CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  document_id INTEGER REFERENCES documents (id),
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'payment')),
  date TEXT NOT NULL,
  due_date TEXT,
  amount TEXT NOT NULL,
  installment INTEGER,
  plan_id INTEGER,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX ledger_entries_customer_due ON ledger_entries (customer_id, due_date);
CREATE INDEX ledger_entries_document ON ledger_entries (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX ledger_entries_plan ON ledger_entries (plan_id) WHERE plan_id IS NOT NULL;
-- Postings of registered documents are as frozen as the documents (plan_id and description stay editable).
CREATE TRIGGER ledger_entries_posted_frozen BEFORE UPDATE OF customer_id, document_id, kind, date, due_date, amount,
  installment ON ledger_entries
WHEN old.kind IN ('invoice', 'credit_note')
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: scrittura di un documento registrato, immutabile');
END;
CREATE TRIGGER ledger_entries_posted_no_delete BEFORE DELETE ON ledger_entries
WHEN old.kind IN ('invoice', 'credit_note')
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: scrittura di un documento registrato, non si può eliminare');
END;

CREATE TABLE numbering (
  series TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_number INTEGER NOT NULL CHECK (last_number > 0),
  last_date TEXT NOT NULL,
  PRIMARY KEY (series, year)
) WITHOUT ROWID;

-- Named counters; 'progressivo_invio' gives every transmitted file its unique 5-character progressivo.
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;

export const migration0001: Migration = { id: 1, name: 'initial', sql };
