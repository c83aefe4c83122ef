/** Result shapes of the API that are views, not domain entities (lists, summaries, previews). */
import type { Finding } from '../fatturapa/findings';
import type { Customer, DocumentDraft, DocumentStatus, DocumentTotals, IsoDate } from '../invoicing/types';

export type { Page } from '../ports';

export interface CompanySummary {
  file: string;
  name: string;
  partitaIva: string;
  lastOpenedAt?: string;
  /** The file is no longer where it was (moved or deleted). */
  missing?: boolean;
}

export interface AppInfo {
  version: string;
  fatturaPAVersion: string;
  host: 'electron' | 'web' | 'cli';
  platform: string;
  /** Today's date as the host sees it (tests pin it), so the UI and the checks agree on "today". */
  today: string;
}

export type { DocumentListRow } from '../ports';

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
  /** A correction draft of a rejected document: it will be registered with that document's number and date. */
  correctionOf?: { id: number; number: number; numero: string; date: IsoDate };
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

export type { NumberProposal } from '../invoicing/services/registration';

export type { LedgerEntry } from '../ports';

export type { ChainReport } from '../invoicing/services/chain';

export interface CheckReport {
  /** Findings from reading the file (order, unknown elements) and from the checks. */
  findings: Finding[];
  tipoDocumento?: string;
  numero?: string;
  bodies: number;
}

export type VatLookup =
  | { status: 'valid'; name?: string; address?: { indirizzo?: string; numeroCivico?: string; cap?: string; comune?: string; provincia?: string; nazione: string }; raw?: string }
  | { status: 'invalid'; message: string }
  | { status: 'unavailable'; message: string };
