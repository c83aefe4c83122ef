/** Result shapes of the API that are views, not domain entities (lists, summaries, previews). */
import type { Finding } from '../fatturapa/findings';
import type { Customer, CustomerKind, DocumentDraft, DocumentStatus, DocumentTotals, IsoDate, Dec } from '../invoicing/types';
import type { TipoDocumento } from '../fatturapa/schema.generated';

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface CompanySummary {
  file: string;
  name: string;
  partitaIva: string;
  lastOpenedAt?: string;
}

export interface AppInfo {
  version: string;
  fatturaPAVersion: string;
  host: 'electron' | 'web' | 'cli';
  platform: string;
}

export interface CustomerListItem {
  id: number;
  kind: CustomerKind;
  name: string;
  partitaIva?: string;
  codiceFiscale?: string;
  comune?: string;
  isSupplier: boolean;
}

export interface DocumentListItem {
  id: number;
  status: DocumentStatus;
  tipoDocumento: TipoDocumento;
  series: string;
  numero?: string;
  date: IsoDate;
  customerId: number;
  customerName: string;
  totale: Dec;
  netToPay: Dec;
  fileName?: string;
}

export interface DocumentDetail {
  id: number;
  status: DocumentStatus;
  draft: DocumentDraft;
  customer: Customer;
  totals: DocumentTotals;
  number?: number;
  numero?: string;
  registeredAt?: string;
  fileName?: string;
  xmlSha256?: string;
  /** Documents linked to this one (credit notes of an invoice, the invoice of a credit note). */
  links: { id: number; relation: 'credit_note' | 'credited_invoice' | 'duplicate_of'; numero?: string; date: IsoDate }[];
}

export interface DraftPreview {
  totals: DocumentTotals;
  /** SdI checks on the document as it would be registered now (number and progressivo are placeholders). */
  findings: Finding[];
  /** Field errors of the draft itself (missing customer data, TipoDocumento requirements). */
  fieldErrors: { field: string; code: string; message: string; fix?: string }[];
}

export interface NumberProposal {
  series: string;
  year: number;
  number: number;
  numero: string;
  /** The earliest date the next document of the series may have. */
  minDate?: IsoDate;
}

export interface LedgerEntryView {
  id: number;
  customerId: number;
  documentId?: number;
  date: IsoDate;
  dueDate?: IsoDate;
  amount: Dec;
  kind: 'invoice' | 'credit_note' | 'payment';
  description: string;
  planId?: number;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first registered document whose record does not match the chain. */
  brokenAt?: { id: number; numero?: string; reason: string };
}

export interface CheckReport {
  /** Findings from reading the file (order, unknown elements) and from the checks. */
  findings: Finding[];
  tipoDocumento?: string;
  numero?: string;
  bodies: number;
}
