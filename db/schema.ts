/**
 * Drizzle description of the company file, column for column the same as db/migrations (the SQL there is the source of
 * truth for the database; a test checks that every table and column here exists there). Amounts are TEXT decimals,
 * dates TEXT "YYYY-MM-DD", booleans INTEGER 0/1. JSON columns are plain text parsed by the repositories.
 */
import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const company = sqliteTable('company', {
  id: integer('id').primaryKey(),
  displayName: text('display_name').notNull(),
  idPaese: text('id_paese').notNull(),
  partitaIva: text('partita_iva').notNull(),
  codiceFiscale: text('codice_fiscale'),
  regimeFiscale: text('regime_fiscale').notNull(),
  reaUfficio: text('rea_ufficio'),
  reaNumero: text('rea_numero'),
  updatedAt: text('updated_at').notNull(),
  dataJson: text('data_json').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  updatedAt: text('updated_at').notNull(),
  valueJson: text('value_json').notNull(),
});

export const bankAccounts = sqliteTable('bank_accounts', {
  id: integer('id').primaryKey(),
  istituto: text('istituto').notNull(),
  iban: text('iban').notNull(),
  bic: text('bic'),
  abi: text('abi'),
  cab: text('cab'),
  isDefault: integer('is_default', { mode: 'boolean' }).notNull(),
});

export const customers = sqliteTable('customers', {
  id: integer('id').primaryKey(),
  kind: text('kind').notNull(),
  isSupplier: integer('is_supplier', { mode: 'boolean' }).notNull(),
  displayName: text('display_name').notNull(),
  denominazione: text('denominazione'),
  nome: text('nome'),
  cognome: text('cognome'),
  titolo: text('titolo'),
  codEori: text('cod_eori'),
  idPaese: text('id_paese').notNull(),
  partitaIva: text('partita_iva'),
  codiceFiscale: text('codice_fiscale'),
  indirizzo: text('indirizzo').notNull(),
  numeroCivico: text('numero_civico'),
  cap: text('cap').notNull(),
  comune: text('comune').notNull(),
  provincia: text('provincia'),
  nazione: text('nazione').notNull(),
  isForeign: integer('is_foreign', { mode: 'boolean' }).notNull(),
  codiceDestinatario: text('codice_destinatario'),
  pec: text('pec'),
  cuu: text('cuu'),
  splitPayment: integer('split_payment', { mode: 'boolean' }).notNull(),
  email: text('email'),
  telefono: text('telefono'),
  defaultPaymentTerm: text('default_payment_term'),
  defaultPaymentMethod: text('default_payment_method'),
  stabileOrganizzazioneJson: text('stabile_organizzazione_json'),
  notes: text('notes'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const items = sqliteTable('items', {
  id: integer('id').primaryKey(),
  code: text('code').notNull(),
  description: text('description').notNull(),
  unitaMisura: text('unita_misura'),
  prezzoUnitario: text('prezzo_unitario').notNull(),
  vatCode: text('vat_code').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const documents = sqliteTable('documents', {
  id: integer('id').primaryKey(),
  status: text('status').notNull(),
  tipoDocumento: text('tipo_documento').notNull(),
  series: text('series').notNull(),
  year: integer('year'),
  number: integer('number'),
  numero: text('numero'),
  date: text('date').notNull(),
  customerId: integer('customer_id').notNull(),
  customerName: text('customer_name').notNull(),
  causale: text('causale'),
  imponibile: text('imponibile'),
  imposta: text('imposta'),
  totale: text('totale'),
  netToPay: text('net_to_pay'),
  sourceDocumentId: integer('source_document_id'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  registeredAt: text('registered_at'),
  chainSeq: integer('chain_seq'),
  xmlSha256: text('xml_sha256'),
  prevRecordHash: text('prev_record_hash'),
  recordHash: text('record_hash'),
  fileName: text('file_name'),
  progressivoInvio: text('progressivo_invio'),
  sdiId: text('sdi_id'),
  sdiStatus: text('sdi_status'),
  sdiUpdatedAt: text('sdi_updated_at'),
});

export const documentContent = sqliteTable('document_content', {
  documentId: integer('document_id').primaryKey(),
  totalsJson: text('totals_json'),
  draftJson: text('draft_json').notNull(),
  xml: blob('xml', { mode: 'buffer' }),
});

export const ledgerEntries = sqliteTable('ledger_entries', {
  id: integer('id').primaryKey(),
  customerId: integer('customer_id').notNull(),
  documentId: integer('document_id'),
  kind: text('kind').notNull(),
  date: text('date').notNull(),
  dueDate: text('due_date'),
  amount: text('amount').notNull(),
  installment: integer('installment'),
  planId: integer('plan_id'),
  description: text('description').notNull(),
  createdAt: text('created_at').notNull(),
});

export const numbering = sqliteTable(
  'numbering',
  {
    series: text('series').notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
    lastDate: text('last_date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/** Migration 2: the outbox of documents to transmit (db/repositories/outbox.ts). */
export const outbox = sqliteTable('outbox', {
  id: integer('id').primaryKey(),
  documentId: integer('document_id').notNull(),
  fileName: text('file_name').notNull(),
  state: text('state').notNull(),
  attempts: integer('attempts').notNull(),
  nextAttemptAt: text('next_attempt_at'),
  lastErrorCode: text('last_error_code'),
  lastErrorMessage: text('last_error_message'),
  transmitter: text('transmitter'),
  sdiId: text('sdi_id'),
  transmissionId: text('transmission_id'),
  queuedAt: text('queued_at').notNull(),
  sendingAt: text('sending_at'),
  transmittedAt: text('transmitted_at'),
  exportedAt: text('exported_at'),
  updatedAt: text('updated_at').notNull(),
});

/** Migration 2: every SdI notification file as it came (db/repositories/sdi.ts). */
export const sdiMessages = sqliteTable('sdi_messages', {
  id: integer('id').primaryKey(),
  fileName: text('file_name').notNull(),
  documentId: integer('document_id'),
  kind: text('kind'),
  sdiId: text('sdi_id'),
  invoiceFileName: text('invoice_file_name'),
  receivedAt: text('received_at').notNull(),
  notifiedAt: text('notified_at'),
  effect: text('effect').notNull(),
  statusBefore: text('status_before'),
  statusAfter: text('status_after'),
  source: text('source').notNull(),
  sha256: text('sha256').notNull(),
  parsedJson: text('parsed_json'),
  note: text('note'),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
});

/** Migration 2: invoices received by the company, raw, for the importer (db/repositories/sdi.ts). */
export const receivedFiles = sqliteTable('received_files', {
  id: integer('id').primaryKey(),
  fileName: text('file_name').notNull(),
  sdiId: text('sdi_id'),
  receivedAt: text('received_at').notNull(),
  source: text('source').notNull(),
  sha256: text('sha256').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  metadataFileName: text('metadata_file_name'),
  metadataBytes: blob('metadata_bytes', { mode: 'buffer' }),
  importState: text('import_state').notNull(),
  importError: text('import_error'),
  importedDocumentId: integer('imported_document_id'),
});

export const sdiCursors = sqliteTable('sdi_cursors', {
  channel: text('channel').primaryKey(),
  cursor: text('cursor'),
  updatedAt: text('updated_at').notNull(),
});

export const documentCorrections = sqliteTable('document_corrections', {
  documentId: integer('document_id').primaryKey(),
  rejectedDocumentId: integer('rejected_document_id').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Written by db/migrate.ts only. */
export const schemaMigrations = sqliteTable('schema_migrations', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  checksum: text('checksum').notNull(),
  appliedAt: text('applied_at').notNull(),
});

export const schema = {
  company,
  settings,
  bankAccounts,
  customers,
  items,
  documents,
  documentContent,
  ledgerEntries,
  numbering,
  counters,
  outbox,
  sdiMessages,
  receivedFiles,
  sdiCursors,
  documentCorrections,
  schemaMigrations,
};
