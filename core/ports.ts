/**
 * The small interfaces core services use to reach storage. db/ implements them over SQLite (db/company-store.ts); core
 * never sees SQL. One `CompanyStore` per open company file. Every method is synchronous (better-sqlite3), so a service
 * can run a whole mutation inside `transaction(fn)` and get all-or-nothing for free.
 */
import type {
  AccountingSettings,
  BankAccount,
  Company,
  Customer,
  CustomerKind,
  Dec,
  DocumentDraft,
  DocumentStatus,
  DocumentTotals,
  EInvoicingSettings,
  IsoDate,
  Item,
} from './invoicing/types';
import type { TipoDocumento } from './fatturapa/schema.generated';

/** One page of a list plus the number of rows matching the filters (for the pager). */
export interface Page<T> {
  rows: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface Paging {
  /** Rows to skip (default 0). */
  offset?: number;
  /** Page size (default 50, at most 500). */
  limit?: number;
}

export interface CompanyRepository {
  get(): Company | undefined;
  save(company: Company): void;
}

export interface SettingsRepository {
  getAccounting(): AccountingSettings | undefined;
  saveAccounting(settings: AccountingSettings): void;
  getEInvoicing(): EInvoicingSettings | undefined;
  saveEInvoicing(settings: EInvoicingSettings): void;
}

export type BankAccountInput = Omit<BankAccount, 'id'>;

export interface BankRepository {
  list(): BankAccount[];
  get(id: number): BankAccount | undefined;
  getDefault(): BankAccount | undefined;
  /** Stores the account as given (isDefault included); returns its id. */
  insert(bank: BankAccountInput): number;
  /** Updates everything except isDefault (see setDefault). */
  update(bank: BankAccount): void;
  /** Makes `id` the only default account. */
  setDefault(id: number): void;
  delete(id: number): void;
}

export interface CustomerListQuery extends Paging {
  /** Matches the name (anywhere), or the start of the P.IVA or codice fiscale. */
  text?: string;
  kind?: CustomerKind;
  isSupplier?: boolean;
}

export interface CustomerRepository {
  get(id: number): Customer | undefined;
  insert(customer: Omit<Customer, 'id'>): number;
  update(customer: Customer): void;
  delete(id: number): void;
  /** Sorted by name. */
  list(query: CustomerListQuery): Page<Customer>;
  /** Customers with this P.IVA or codice fiscale (duplicate detection). */
  findByFiscalId(partitaIva: string | undefined, codiceFiscale: string | undefined): Customer[];
  /** How many documents and ledger entries point at the customer. */
  countReferences(id: number): { documents: number; ledgerEntries: number };
}

export interface ItemListQuery extends Paging {
  /** Matches the code (start) or the description (anywhere). */
  text?: string;
}

export type ItemInput = Omit<Item, 'id'> & { id?: number };

export interface ItemRepository {
  get(id: number): Item | undefined;
  getByCode(code: string): Item | undefined;
  insert(item: Omit<Item, 'id'>): number;
  update(item: Item): void;
  delete(id: number): void;
  /** Sorted by code. */
  list(query: ItemListQuery): Page<Item>;
}

/** Header amounts of a document (the full DocumentTotals live in StoredDocument.totals). */
export interface TotalsSummary {
  imponibile: Dec;
  imposta: Dec;
  totale: Dec;
  netToPay: Dec;
}

/** A document as stored: drafts and registered documents alike. The XML bytes are read separately (getXml). */
export interface StoredDocument {
  id: number;
  status: DocumentStatus;
  tipoDocumento: TipoDocumento;
  series: string;
  date: IsoDate;
  customerId: number;
  /** The customer's name when the document was last saved (registered: as invoiced). */
  customerName: string;
  causale?: string;
  draft: DocumentDraft;
  /** Drafts: a preview when the draft was complete enough to compute; registered: the frozen totals. */
  totals?: DocumentTotals;
  /** The document this one was derived from (a credit note's invoice). */
  sourceDocumentId?: number;
  createdAt: string;
  updatedAt: string;
  registration?: RegistrationData;
  sdiId?: string;
  sdiStatus?: string;
}

/** What registration freezes on a document. */
export interface RegistrationData {
  year: number;
  number: number;
  numero: string;
  registeredAt: string;
  chainSeq: number;
  xmlSha256: string;
  prevRecordHash: string;
  recordHash: string;
  fileName: string;
  progressivoInvio: string;
}

export interface DraftRecord {
  draft: DocumentDraft;
  customerName: string;
  totals?: DocumentTotals;
  sourceDocumentId?: number;
}

export interface RegistrationRecord extends RegistrationData {
  /** The draft as registered (final date). */
  draft: DocumentDraft;
  /**
   * True when `draft` is the stored draft exactly as `get` returned it (same date, nothing changed): the stored draft
   * JSON is then kept as it is, instead of being written again from `draft` (the same text).
   */
  draftUnchanged?: boolean;
  /** The customer's name as invoiced. */
  customerName: string;
  totals: DocumentTotals;
  xml: Uint8Array;
  /** When set, the document is registered straight into 'queued' (for the SdI), with this sdi_updated_at. */
  queuedAt?: string;
}

export type DocumentSortKey = 'date' | 'number' | 'customer' | 'totale' | 'status';

export interface DocumentListQuery extends Paging {
  /** Only these documents (a link that shows one or a few documents in the list, e.g. from a plan line). */
  ids?: number[];
  status?: DocumentStatus | DocumentStatus[];
  tipoDocumento?: TipoDocumento | TipoDocumento[];
  customerId?: number;
  dateFrom?: IsoDate;
  dateTo?: IsoDate;
  /** Words to find in numero, customer name or causale (all words must match, in any of them). */
  text?: string;
  /** Default: newest first. */
  sort?: { by: DocumentSortKey; dir?: 'asc' | 'desc' };
}

/** One row of the documents list: only the columns a list shows (no draft JSON, no XML). */
export interface DocumentListRow {
  id: number;
  status: DocumentStatus;
  tipoDocumento: TipoDocumento;
  series: string;
  year?: number;
  number?: number;
  numero?: string;
  date: IsoDate;
  customerId: number;
  customerName: string;
  causale?: string;
  totale?: Dec;
  netToPay?: Dec;
  fileName?: string;
  sdiStatus?: string;
}

/** The fields of a registered document the tamper-evident chain covers, in chain order. */
export interface ChainRecord {
  id: number;
  chainSeq: number;
  tipoDocumento: TipoDocumento;
  series: string;
  year: number;
  number: number;
  numero: string;
  date: IsoDate;
  customerId: number;
  totale: Dec;
  netToPay: Dec;
  fileName: string;
  xml: Uint8Array;
  xmlSha256: string;
  prevRecordHash: string;
  recordHash: string;
}

export interface DocumentRepository {
  insertDraft(record: DraftRecord): number;
  /** Drafts only; a registered document is refused (by the database too). */
  updateDraft(id: number, record: DraftRecord): void;
  get(id: number): StoredDocument | undefined;
  getXml(id: number): Uint8Array | undefined;
  /** Drafts only. */
  deleteDraft(id: number): void;
  list(query: DocumentListQuery): Page<DocumentListRow>;
  /** Turns draft `id` into a registered document with everything registration freezes. */
  register(id: number, record: RegistrationRecord): void;
  /** The last link of the chain, undefined before the first registration. */
  chainTail(): { chainSeq: number; recordHash: string } | undefined;
  /** Registered documents in chain order, read lazily (XML included): do not write while iterating. */
  iterateChain(): Iterable<ChainRecord>;
  /** Keeps the customer name of the customer's drafts in step after a rename; returns how many changed. */
  refreshDraftCustomerName(customerId: number, customerName: string): number;
}

export interface NumberingState {
  series: string;
  year: number;
  lastNumber: number;
  lastDate: IsoDate;
}

export interface NumberingRepository {
  get(series: string, year: number): NumberingState | undefined;
  set(state: NumberingState): void;
  /**
   * Increments a named counter by `count` (default 1) and returns the first of the values taken (1 the first time):
   * a batch reserves its values with one write.
   */
  nextCounter(name: string, count?: number): number;
}

export type LedgerEntryKind = 'invoice' | 'credit_note' | 'payment';

export interface LedgerEntryInput {
  customerId: number;
  documentId?: number;
  kind: LedgerEntryKind;
  date: IsoDate;
  dueDate?: IsoDate;
  /** Signed: positive = the customer owes us, negative = we owe / credit. */
  amount: Dec;
  /** 1-based installment number for document postings. */
  installment?: number;
  planId?: number;
  description: string;
}

export interface LedgerEntry extends LedgerEntryInput {
  id: number;
  createdAt: string;
}

export interface LedgerRepository {
  insert(entries: readonly LedgerEntryInput[]): number[];
  listByDocument(documentId: number): LedgerEntry[];
  /** Sorted by due date. */
  listByCustomer(customerId: number): LedgerEntry[];
}

// ---- Sending to the SdI (migration 2) ------------------------------------------------------------------------------

/**
 * Where an outbox item is. queued: waiting (maybe until nextAttemptAt); sending: an attempt started and its outcome is
 * not known yet (after a crash it is reconciled with the channel before anything else); transmitted: the channel took
 * it; failed: the channel refused it (retry by hand after fixing the cause).
 */
export type OutboxState = 'queued' | 'sending' | 'transmitted' | 'failed';

export interface OutboxItem {
  id: number;
  documentId: number;
  fileName: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: { code: string; message: string };
  transmitter?: string;
  sdiId?: string;
  transmissionId?: string;
  queuedAt: string;
  sendingAt?: string;
  transmittedAt?: string;
  /** When the file was last written out for the Agenzia's portal (manual channel). */
  exportedAt?: string;
  updatedAt: string;
}

/** An outbox item with the document columns a list shows. */
export interface OutboxRow extends OutboxItem {
  numero?: string;
  date: IsoDate;
  customerName: string;
  tipoDocumento: TipoDocumento;
  documentStatus: DocumentStatus;
  totale?: Dec;
}

export interface OutboxListQuery extends Paging {
  state?: OutboxState[];
}

export interface OutboxRepository {
  /** Queues a registered document's file; returns the item id. */
  enqueue(documentId: number, fileName: string, at: string): number;
  get(id: number): OutboxItem | undefined;
  getByDocument(documentId: number): OutboxItem | undefined;
  getByFileName(fileName: string): OutboxItem | undefined;
  /** Oldest first. */
  list(query: OutboxListQuery): Page<OutboxRow>;
  /** Items in one state, oldest first. */
  inState(state: OutboxState, limit?: number): OutboxItem[];
  /** Queued items whose next attempt is due at `now`, oldest first. */
  due(now: string, limit?: number): OutboxItem[];
  counts(): Record<OutboxState, number>;
  /** The earliest next attempt among queued items not yet due at `now`. */
  nextAttemptAfter(now: string): string | undefined;
  /** queued -> sending, only if the item is still queued (false otherwise: someone else took it). */
  markSending(id: number, transmitter: string, at: string): boolean;
  markTransmitted(id: number, r: { transmitter?: string; sdiId?: string; transmissionId?: string; at: string }): void;
  /** Back to queued after a temporary problem: attempts and the next attempt time are kept. */
  markRetry(id: number, r: { attempts: number; nextAttemptAt?: string; error?: { code: string; message: string }; at: string }): void;
  markFailed(id: number, r: { attempts: number; error: { code: string; message: string }; at: string }): void;
  markExported(id: number, at: string): void;
}

/** What a notification did to its document. */
export type SdiMessageEffect = 'applied' | 'duplicate' | 'ignored' | 'unmatched' | 'unparsed';

export interface SdiMessageInput {
  fileName: string;
  documentId?: number;
  kind?: string;
  sdiId?: string;
  invoiceFileName?: string;
  receivedAt: string;
  notifiedAt?: string;
  effect: SdiMessageEffect;
  statusBefore?: DocumentStatus;
  statusAfter?: DocumentStatus;
  /** The channel it came through ('sandbox', 'intermediary', 'import'...). */
  source: string;
  sha256: string;
  /** The parsed notification, as JSON. */
  parsed?: unknown;
  /** Why the status did not move, or why the file could not be read (Italian). */
  note?: string;
  bytes: Uint8Array;
}

/** A stored notification without its bytes (lists, history). */
export interface SdiMessage extends Omit<SdiMessageInput, 'bytes' | 'parsed'> {
  id: number;
  parsed?: unknown;
  size: number;
}

export interface SdiMessageRepository {
  insert(m: SdiMessageInput): number;
  get(id: number): SdiMessage | undefined;
  getByFileName(fileName: string): SdiMessage | undefined;
  bytes(id: number): Uint8Array | undefined;
  /** A document's notifications, oldest first. */
  listByDocument(documentId: number): SdiMessage[];
  /** Notifications that found no document yet (e.g. arrived before a restore). */
  listUnmatched(limit?: number): SdiMessage[];
  /** Links an unmatched notification once its document is known. */
  link(id: number, documentId: number): void;
}

export interface ReceivedFileInput {
  fileName: string;
  sdiId?: string;
  receivedAt: string;
  source: string;
  sha256: string;
  bytes: Uint8Array;
  metadata?: { fileName: string; bytes: Uint8Array };
}

export type ReceivedImportState = 'new' | 'imported' | 'duplicate' | 'error';

export interface ReceivedFile {
  id: number;
  fileName: string;
  sdiId?: string;
  receivedAt: string;
  source: string;
  sha256: string;
  size: number;
  metadataFileName?: string;
  importState: ReceivedImportState;
  importError?: string;
  importedDocumentId?: number;
}

export interface ReceivedFileRepository {
  /** Stores the file unless one with that name is already there; returns the id and whether it was new. */
  insert(f: ReceivedFileInput): { id: number; inserted: boolean };
  get(id: number): ReceivedFile | undefined;
  getByFileName(fileName: string): ReceivedFile | undefined;
  bytes(id: number): { bytes: Uint8Array; metadata?: { fileName: string; bytes: Uint8Array } } | undefined;
  /** Attaches a metadata file that arrived on its own to its invoice; false when the invoice is not there (yet). */
  attachMetadata(invoiceFileName: string, metadata: { fileName: string; bytes: Uint8Array }): boolean;
  /** Newest first. */
  list(query: Paging & { importState?: ReceivedImportState[] }): Page<ReceivedFile>;
  setImportState(id: number, state: ReceivedImportState, r?: { error?: string; documentId?: number }): void;
}

/** Registered documents as the Interscambio screen lists them. */
export interface SentDocumentRow {
  id: number;
  status: DocumentStatus;
  tipoDocumento: TipoDocumento;
  numero: string;
  date: IsoDate;
  customerName: string;
  totale?: Dec;
  fileName: string;
  sdiId?: string;
  registeredAt: string;
  sdiUpdatedAt?: string;
}

/** The few columns the SdI flow needs of a registered document. */
export interface SdiDocumentRef {
  id: number;
  status: DocumentStatus;
  sdiId?: string;
  fileName: string;
}

/** Who holds a lease, until when. */
export interface SdiLease {
  owner: string;
  pid?: number;
  host?: string;
  expiresAt: string;
}

export interface SdiStateRepository {
  /** The SdI status of a registered document (never back to draft: the database refuses it). */
  setDocumentStatus(documentId: number, status: DocumentStatus, r?: { sdiId?: string; at?: string }): void;
  findDocumentByFileName(fileName: string): SdiDocumentRef | undefined;
  findDocumentBySdiId(sdiId: string): SdiDocumentRef | undefined;
  getCursor(channel: string): string | undefined;
  setCursor(channel: string, cursor: string | undefined): void;
  /** A named lease (e.g. "who is sending the outbox"), as stored; undefined when free. */
  getLease(name: string): SdiLease | undefined;
  setLease(name: string, lease: SdiLease | undefined): void;
  /** Non-secret settings of a channel (URLs, user names); secrets live in the OS keychain only. */
  getChannelConfig(channel: string): Record<string, string> | undefined;
  saveChannelConfig(channel: string, config: Record<string, string>): void;
  /** "Correggi e reinvia": the link between a correction (draft or registered) and the rejected document. */
  linkCorrection(documentId: number, rejectedDocumentId: number, at: string): void;
  correctionOf(documentId: number): number | undefined;
  correctionFor(rejectedDocumentId: number): number | undefined;
  /** Registered documents, newest first (Interscambio screen). */
  listSent(query: Paging & { status?: DocumentStatus[]; sort?: 'date' | 'number' }): Page<SentDocumentRow>;
  /** Registered documents in number order, read lazily (the CLI status report). */
  iterateRegistered(): Iterable<{ id: number; numero: string; fileName: string; sdiId?: string; status: DocumentStatus; date: IsoDate }>;
  /** Registered documents in the given statuses (deadline warnings). */
  /** Documents in these statuses, oldest first; a rejected one comes with its correction and that one's status. */
  listByStatus(
    statuses: DocumentStatus[],
    limit?: number,
  ): { id: number; numero: string; date: IsoDate; status: DocumentStatus; fileName: string; customerName: string; sdiUpdatedAt?: string; correctionId?: number; correctionStatus?: DocumentStatus }[];
}

export interface CompanyStore {
  /** Runs `fn` in one transaction (nested calls join it as savepoints); a throw rolls everything back. */
  transaction<T>(fn: () => T): T;
  company: CompanyRepository;
  settings: SettingsRepository;
  banks: BankRepository;
  customers: CustomerRepository;
  items: ItemRepository;
  documents: DocumentRepository;
  numbering: NumberingRepository;
  ledger: LedgerRepository;
  outbox: OutboxRepository;
  sdiMessages: SdiMessageRepository;
  receivedFiles: ReceivedFileRepository;
  sdiState: SdiStateRepository;
  imports: ImportRepository;
}

// ---- Import of invoices made elsewhere and of received invoices (migration 3) -------------------------------------

/** outbound: issued by the company with another program; received: addressed to the company (passive cycle). */
export type ImportDirection = 'outbound' | 'received';

/** What happened about sending an imported outbound file ("Spedisci XML caricati"). */
export type ImportSendState = 'none' | 'queued' | 'not_queued';

export interface ImportedFileInput {
  /** The name as given (inside an archive: "archivio.zip/cartella/file.xml"). */
  name: string;
  /** 'upload', 'path' or 'received' (fetched by the transmitter). */
  source: string;
  direction: ImportDirection;
  /** Of `bytes`, the file exactly as it came. */
  sha256: string;
  container: 'xml' | 'p7m';
  signatureStatus?: 'valid' | 'invalid' | 'unverifiable' | 'unchecked';
  signatureNote?: string;
  bytes: Uint8Array;
  receivedFileId?: number;
  /** JSON of the reader's findings and, for outbound files, of the SdI checks. */
  findingsJson?: string;
  importedAt: string;
}

export interface ImportedDocumentInput {
  fileId: number;
  bodyIndex: number;
  direction: ImportDirection;
  /** IdPaese + IdCodice of the CedentePrestatore, upper case: with type, number and date the duplicate key. */
  senderKey: string;
  tipoDocumento: string;
  numero: string;
  date: IsoDate;
  divisa: string;
  imponibile: Dec;
  imposta: Dec;
  totale: Dec;
  counterpartyId?: number;
  counterpartyName: string;
  counterpartyVat?: string;
  counterpartyCf?: string;
  /** The registered document created for it (outbound, published or sent). */
  documentId?: number;
  sdiId?: string;
  sendState: ImportSendState;
  /** Italian note kept with the document (signature status, why it was not queued...). */
  note?: string;
  importedAt: string;
}

export interface ImportedAttachmentInput {
  importedDocumentId: number;
  fileName: string;
  originalName: string;
  formato?: string;
  descrizione?: string;
  algoritmoCompressione?: string;
  bytes: Uint8Array;
}

export interface ImportedDocumentRow extends Omit<ImportedDocumentInput, 'fileId'> {
  id: number;
  fileId: number;
  fileName: string;
  source: string;
  container: 'xml' | 'p7m';
  signatureStatus?: ImportedFileInput['signatureStatus'];
  attachments: number;
}

export interface ImportedListQuery extends Paging {
  direction?: ImportDirection;
  /** Words in the number or in the counterparty's name, or the start of its P.IVA. */
  text?: string;
  dateFrom?: IsoDate;
  dateTo?: IsoDate;
  counterpartyId?: number;
}

export interface ImportedAttachmentMeta extends Omit<ImportedAttachmentInput, 'bytes'> {
  id: number;
  size: number;
}

export interface ImportRepository {
  fileBySha256(sha256: string): { id: number; direction: ImportDirection } | undefined;
  insertFile(f: ImportedFileInput): number;
  findByKey(direction: ImportDirection, senderKey: string, tipoDocumento: string, numero: string, date: IsoDate): { id: number; documentId?: number } | undefined;
  insertDocument(d: ImportedDocumentInput): number;
  insertAttachment(a: ImportedAttachmentInput): number;
  /** A registered document made in FatturaDesk (not an imported one) with this type, number and date. */
  findOwnDocument(tipoDocumento: string, numero: string, date: IsoDate): { id: number; numero: string } | undefined;
  /** Customers and suppliers with this P.IVA or codice fiscale (a prepared lookup: the importer calls it per new party). */
  findCounterparties(partitaIva: string | undefined, codiceFiscale: string | undefined): { id: number; idPaese: string; partitaIva?: string; isSupplier: boolean; name: string }[];
  /** The next free number of a series in a year, for the register rows of imported documents. */
  nextNumber(series: string, year: number): number;
  get(id: number): ImportedDocumentRow | undefined;
  /** Newest first. */
  list(q: ImportedListQuery): Page<ImportedDocumentRow>;
  /** The file as it came (a .p7m with its envelope: core extracts the XML again). */
  fileContent(fileId: number): { name: string; container: 'xml' | 'p7m'; bytes: Uint8Array; findingsJson?: string } | undefined;
  listAttachments(importedDocumentId: number): ImportedAttachmentMeta[];
  attachment(id: number): { meta: ImportedAttachmentMeta; bytes: Uint8Array } | undefined;
  /**
   * A long import starts (true) or ends (false): the storage may flush its log to the main file less often meanwhile
   * (every file still commits on its own) and catches up at the end.
   */
  bulkMode(on: boolean): void;
}

// ---- Invoicing plans (IPL, migration 4): sales orders, shipments, plans, payments ----------------------------------
// (Appended: CompanyStore gains its four IPL repositories by declaration merging, so the interface above stays as is.)

import type {
  LedgerApplication,
  LedgerApplicationInput,
  OrderAmounts,
  OrderStatus,
  Payment,
  PaymentInput,
  Plan,
  PlanDocumentLink,
  PlanLine,
  PlanLineEdit,
  PlanLinePosting,
  PlanStatus,
  PlanSummary,
  PlanTemplate,
  PlanTemplateInput,
  SalesOrder,
  SalesOrderLineInput,
  Shipment,
} from './ipl/types';

/** What the order service stores (header, lines and the amounts computed from them). */
export interface SalesOrderRecord {
  date: IsoDate;
  customerId: number;
  customerName: string;
  divisa: string;
  exchangeRate: Dec;
  customerReference?: string;
  customerReferenceDate?: IsoDate;
  description?: string;
  amounts: OrderAmounts;
  lines: SalesOrderLineInput[];
}

export interface SalesOrderRow {
  id: number;
  numero: string;
  date: IsoDate;
  customerId: number;
  customerName: string;
  status: OrderStatus;
  divisa: string;
  taxable: Dec;
  total: Dec;
  /** The order's plan, when it has one. */
  planId?: number;
}

export interface SalesOrderListQuery extends Paging {
  customerId?: number;
  status?: OrderStatus;
  /** Start of the number, or words of the customer's name or the description. */
  text?: string;
}

export interface SalesOrderRepository {
  insert(r: SalesOrderRecord & { year: number; number: number; numero: string }, at: string): number;
  /** Header and lines: lines with an id are updated in place (shipments keep pointing at them), new ones inserted,
   *  the others deleted. */
  update(id: number, r: SalesOrderRecord, at: string): void;
  get(id: number): SalesOrder | undefined;
  /** Newest first. */
  list(q: SalesOrderListQuery): Page<SalesOrderRow>;
  setStatus(id: number, status: OrderStatus, at: string): void;
  /** Only an open order without shipments or plan (the database refuses otherwise). */
  delete(id: number): void;
}

export interface ShipmentRow {
  id: number;
  orderId: number;
  orderNumero: string;
  customerId: number;
  customerName: string;
  numero: string;
  date: IsoDate;
  /** Taxable of the shipment, in the order's currency (`divisa`). */
  amount: Dec;
  /** The order's currency (ISO 4217). */
  divisa: string;
  invoiceDocumentId?: number;
}

export interface ShipmentRepository {
  insert(s: Omit<Shipment, 'id' | 'createdAt' | 'invoiceDocumentId' | 'lines'> & { lines: { orderLineId: number; quantity: Dec; amount: Dec }[] }, at: string): number;
  get(id: number): Shipment | undefined;
  /** Every posted shipment of an order, in DDT order. */
  listByOrder(orderId: number): Shipment[];
  /** Newest first. */
  list(q: Paging & { orderId?: number; customerId?: number }): Page<ShipmentRow>;
  /** Records the registered invoice that billed the shipments (once: the database refuses a second time). */
  markInvoiced(ids: readonly number[], documentId: number): void;
}

export interface PlanListRow extends PlanSummary {
  id: number;
  orderId: number;
  orderNumero: string;
  orderDate: IsoDate;
  customerId: number;
  customerName: string;
  divisa: string;
  description?: string;
  updatedAt: string;
}

export interface PlanListQuery extends Paging {
  customerId?: number;
  orderId?: number;
  status?: PlanStatus[];
  /** Start of the order number or words of the customer's name. */
  text?: string;
}

/** A plan document with the columns of its document the plan shows and computes with. */
export interface PlanDocumentRow extends PlanDocumentLink {
  status: DocumentStatus;
  tipoDocumento: TipoDocumento;
  numero?: string;
  date: IsoDate;
  imponibile?: Dec;
  totale?: Dec;
}

export interface PlanRepository {
  listTemplates(): PlanTemplate[];
  getTemplate(id: number): PlanTemplate | undefined;
  insertTemplate(t: PlanTemplateInput, at: string): number;
  updateTemplate(t: PlanTemplateInput & { id: number }, at: string): void;
  deleteTemplate(id: number): void;

  insert(p: { orderId: number; customerId: number; templateId?: number; description?: string; summary: PlanSummary }, at: string): number;
  get(id: number): Plan | undefined;
  getByOrder(orderId: number): Plan | undefined;
  /** Newest first. */
  list(q: PlanListQuery): Page<PlanListRow>;
  saveSummary(id: number, s: PlanSummary, at: string): void;

  lines(planId: number): PlanLine[];
  line(lineId: number): PlanLine | undefined;
  insertLine(planId: number, position: number, edit: PlanLineEdit): number;
  updateLine(lineId: number, position: number, edit: PlanLineEdit): void;
  /** Only a line without documents (the database refuses otherwise). */
  deleteLine(lineId: number): void;
  setLinePosting(lineId: number, p: PlanLinePosting): void;

  insertDocument(link: PlanDocumentLink): void;
  documentLink(documentId: number): PlanDocumentLink | undefined;
  /** Drafts and registered documents of the plan, oldest first. */
  documents(planId: number): PlanDocumentRow[];
}

export interface PaymentListQuery extends Paging {
  customerId?: number;
  /** Only payments with something left to apply. */
  unappliedOnly?: boolean;
}

export interface PaymentRepository {
  insert(p: PaymentInput & { ledgerEntryId: number }, at: string): number;
  get(id: number): Payment | undefined;
  /** Newest first. */
  list(q: PaymentListQuery): Page<Payment>;
  insertApplications(apps: readonly LedgerApplicationInput[], at: string): void;
  /** Every application touching the customer's entries (either side). */
  applicationsByCustomer(customerId: number): LedgerApplication[];
  /** Amounts of the payments applied to ledger entries of the plan (what the plan shows as collected). */
  collectedByPlan(planId: number): Dec[];
  /** Plan number on a payment's ledger entry (payments are not frozen; postings of documents never change here). */
  setEntryPlan(entryId: number, planId: number | undefined): void;
}

export interface CompanyStore {
  salesOrders: SalesOrderRepository;
  shipments: ShipmentRepository;
  plans: PlanRepository;
  payments: PaymentRepository;
}

// ---- Document vault (migration 5): only ciphertext and non-sensitive ids, positions, states, timestamps -------------
// (Appended: CompanyStore gains `vault` by declaration merging.)

import type { ShareState } from './vault/types';

/** The vault key wrapped under the password's KEK, with the KDF parameters that make the KEK. */
export interface VaultKeyRecord {
  /** 128 random bits in hex: names the vault in associated data and in the keychain. */
  vaultId: string;
  format: number;
  kdf: { algorithm: 'scrypt'; N: number; r: number; p: number; salt: Uint8Array };
  wrapNonce: Uint8Array;
  /** ciphertext || tag of the vault key. */
  wrappedKey: Uint8Array;
  /** +1 at each password change. */
  generation: number;
  createdAt: string;
  passwordChangedAt: string;
}

export type VaultRecordKind = 'category' | 'reason' | 'document';

/** A sealed record: a nonce and ciphertext||tag, with the few clear columns needed to keep it in order. */
export interface VaultSealedRecord {
  id: string;
  position: number;
  nonce: Uint8Array;
  box: Uint8Array;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface VaultShareRecord {
  id: number;
  state: ShareState;
  nonce: Uint8Array;
  box: Uint8Array;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: { code: string; message: string };
  messageId?: string;
  createdAt: string;
  sendingAt?: string;
  sentAt?: string;
  updatedAt: string;
}

export interface VaultRepository {
  getKey(): VaultKeyRecord | undefined;
  insertKey(k: VaultKeyRecord): void;
  /** Replaces the wrapping (password change) only if the stored generation is `expectedGeneration`; false otherwise. */
  rewrapKey(k: Pick<VaultKeyRecord, 'kdf' | 'wrapNonce' | 'wrappedKey' | 'generation' | 'passwordChangedAt'>, expectedGeneration: number): boolean;
  getSettings(): { autoLockMinutes: number; smtpJson?: string } | undefined;
  saveSettings(s: { autoLockMinutes: number; smtpJson?: string }, at: string): void;
  /** (id, revision) of every record of a kind: cheap, to see what another process changed. */
  versions(kind: VaultRecordKind): { id: string; revision: number }[];
  list(kind: VaultRecordKind): VaultSealedRecord[];
  get(kind: VaultRecordKind, id: string): VaultSealedRecord | undefined;
  insert(kind: VaultRecordKind, r: Omit<VaultSealedRecord, 'revision'>): void;
  /** New box (and position); revision + 1. False when the record is gone. */
  update(kind: VaultRecordKind, id: string, r: { nonce: Uint8Array; box: Uint8Array; position?: number }, at: string): boolean;
  /** Deletes with SQLite's secure_delete on, so the freed page is zeroed. False when the record was not there. */
  remove(kind: VaultRecordKind, id: string): boolean;
  /** Changes when another connection commits to the file (PRAGMA data_version). */
  dataVersion(): number;

  insertShare(r: { nonce: Uint8Array; box: Uint8Array; createdAt: string }): number;
  /** The box of a share just inserted (it is sealed to its row id, known only after the insert). */
  setShareBox(id: number, nonce: Uint8Array, box: Uint8Array): void;
  getShare(id: number): VaultShareRecord | undefined;
  /** Newest first. */
  listShares(q: Paging & { state?: ShareState[] }): Page<VaultShareRecord>;
  /** Queued shares whose next attempt is due at `now`, oldest first. */
  dueShares(now: string, limit?: number): VaultShareRecord[];
  /** The earliest next attempt among queued shares (undefined: none waiting). */
  nextShareAttempt(): string | undefined;
  /** Shares in these states (to check what a document is still needed for). */
  sharesInState(states: ShareState[]): VaultShareRecord[];
  /** queued -> sending, only if still queued (false: someone else took it). */
  markShareSending(id: number, at: string): boolean;
  markShareSent(id: number, r: { attempts: number; messageId?: string; at: string }): void;
  markShareRetry(id: number, r: { attempts: number; nextAttemptAt: string; error: { code: string; message: string }; at: string }): void;
  markShareFailed(id: number, r: { attempts: number; error: { code: string; message: string }; at: string }): void;
  /** failed -> queued (due now). */
  requeueShare(id: number, at: string): boolean;
  /** queued or failed -> cancelled. */
  cancelShare(id: number, at: string): boolean;
  /** 'sending' rows whose attempt started before `before` (a process died mid-send) -> failed with `error`. */
  failStaleSending(before: string, error: { code: string; message: string }, at: string): number;
}

export interface CompanyStore {
  vault: VaultRepository;
}
