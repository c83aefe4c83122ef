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
  /** The customer's name as invoiced. */
  customerName: string;
  totals: DocumentTotals;
  xml: Uint8Array;
}

export type DocumentSortKey = 'date' | 'number' | 'customer';

export interface DocumentListQuery extends Paging {
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
  /** Increments a named counter and returns the new value (1 the first time). */
  nextCounter(name: string): number;
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
}
