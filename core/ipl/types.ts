/**
 * The invoicing-plan domain (IPL, DESIGN.md "Invoicing plan"): sales orders, their shipments (DDT), plan templates,
 * plans and the links between a plan and the FatturaPA documents it generates. Amounts are decimal text, dates
 * "YYYY-MM-DD", as everywhere else; every amount here is a taxable amount (IVA esclusa) unless its name says otherwise.
 */
import type { Dec, IsoDate } from '../invoicing/types';
import type { Natura } from '../fatturapa/schema.generated';

// ---- Sales orders -------------------------------------------------------------------------------------------------

/** open: editable; released ("Rilasciato"): frozen, can be shipped and get a plan. */
export type OrderStatus = 'open' | 'released';

export interface SalesOrderLineInput {
  /** Present when the line already exists (keeps its shipments); absent for a new line. */
  id?: number;
  itemId?: number;
  /** Item code, written as CodiceArticolo on the invoices. */
  itemCode?: string;
  description: string;
  quantity: Dec;
  unitOfMeasure?: string;
  unitPrice: Dec;
  /** Line discount in percent (0-100, 2 decimals), written as ScontoMaggiorazione SC. */
  discountPercent?: Dec;
  /** Code from the company's VAT codes ("IVA22", "N3.1", ...). */
  vatCode: string;
}

export interface SalesOrderLine extends SalesOrderLineInput {
  id: number;
  /** 1-based order of the line in the order. */
  position: number;
}

export interface SalesOrderInput {
  id?: number;
  date: IsoDate;
  customerId: number;
  /** ISO 4217, default EUR. */
  divisa?: string;
  /** Units of `divisa` per 1 euro (as the ECB publishes it); 1 for EUR. */
  exchangeRate?: Dec;
  /** The customer's own order reference, written as DatiOrdineAcquisto on the invoices. */
  customerReference?: string;
  customerReferenceDate?: IsoDate;
  description?: string;
  lines: SalesOrderLineInput[];
}

/** What the order is worth: taxable per VAT code and in total (computed from the lines, stored on save). */
export interface OrderAmounts {
  taxable: Dec;
  vat: Dec;
  total: Dec;
  byVat: OrderVatAmount[];
}

export interface OrderVatAmount {
  vatCode: string;
  aliquota: Dec;
  natura?: Natura;
  taxable: Dec;
  vat: Dec;
}

export interface SalesOrder {
  id: number;
  year: number;
  number: number;
  /** "12/2025". */
  numero: string;
  date: IsoDate;
  customerId: number;
  customerName: string;
  status: OrderStatus;
  divisa: string;
  exchangeRate: Dec;
  customerReference?: string;
  customerReferenceDate?: IsoDate;
  description?: string;
  lines: SalesOrderLine[];
  amounts: OrderAmounts;
  createdAt: string;
  updatedAt: string;
  releasedAt?: string;
}

// ---- Shipments (DDT) ----------------------------------------------------------------------------------------------

export interface ShipmentLine {
  id: number;
  orderLineId: number;
  quantity: Dec;
  /** Taxable of the shipped quantity at the order line's price and discount, frozen at posting. */
  amount: Dec;
}

export interface Shipment {
  id: number;
  orderId: number;
  year: number;
  number: number;
  /** NumeroDDT, e.g. "3/2025". */
  numero: string;
  date: IsoDate;
  amount: Dec;
  /** The registered invoice that billed this shipment. */
  invoiceDocumentId?: number;
  lines: ShipmentLine[];
  createdAt: string;
}

export interface ShipmentInput {
  orderId: number;
  date: IsoDate;
  lines: { orderLineId: number; quantity: Dec }[];
}

// ---- Templates and plans ------------------------------------------------------------------------------------------

/**
 * advance: "Fattura di anticipo" (TD02); partial: "Fattura di chiusura parziale" (goods of posted shipments, no
 * deduction); partial_deductions: the same, deducting a share of the advances; closing: "Fattura di chiusura" (all that
 * is left, deducting every advance not yet deducted). The last three are TD01.
 */
export type PlanLineType = 'advance' | 'partial' | 'partial_deductions' | 'closing';

export const PLAN_LINE_TYPES: readonly PlanLineType[] = ['advance', 'partial', 'partial_deductions', 'closing'];

export interface PlanTemplateLine {
  type: PlanLineType;
  /** Percent of the order amount, 2 to 4 decimals. */
  percent: Dec;
  /** Planned invoicing date = order date + this many days. */
  daysOffset: number;
  paymentTerm?: string;
  paymentMethod?: string;
  /** Extended text written into the document's Causale. */
  text?: string;
}

export interface PlanTemplateInput {
  id?: number;
  name: string;
  description?: string;
  lines: PlanTemplateLine[];
}

export interface PlanTemplate extends PlanTemplateInput {
  id: number;
  createdAt: string;
  updatedAt: string;
}

/** open: nothing registered yet; in_progress: some documents registered; invoiced: closing registered, nothing left. */
export type PlanStatus = 'open' | 'in_progress' | 'invoiced';

/** The header amounts (seed: "importi di testata"). */
export interface PlanSummary {
  /** Importo ordine: taxable total of the order. */
  orderAmount: Dec;
  /** Importo totale anticipo: taxable of the advance lines (a line reversed by a credit note no longer counts). */
  totalAdvance: Dec;
  /** Importo a chiusura da fatturare: taxable the closing-type invoices still have to bill (net of advances). */
  closingAmount: Dec;
  /** Importo anticipo fatturato: taxable of the registered advances, net of their credit notes. */
  advanceInvoiced: Dec;
  /** Importo totale fatturato: registered invoices minus registered credit notes, VAT included. */
  totalInvoiced: Dec;
  /** Importo incassato: payments applied to the plan's ledger entries (order currency). */
  collected: Dec;
  /** Importo incassato (VL): the same in euro (collected / exchange rate). */
  collectedLocal: Dec;
  /** Taxable still to invoice: order amount minus everything registered (credit notes subtract). */
  remaining: Dec;
  status: PlanStatus;
}

export interface Plan extends PlanSummary {
  id: number;
  orderId: number;
  customerId: number;
  templateId?: number;
  description?: string;
  createdAt: string;
  updatedAt: string;
}

/** What the user edits on a plan line. */
export interface PlanLineEdit {
  type: PlanLineType;
  percent: Dec;
  amount: Dec;
  plannedDate?: IsoDate;
  paymentTerm?: string;
  paymentMethod?: string;
  text?: string;
  execute: boolean;
  /** Shipment filter of a partial closing: the posted shipments it bills. */
  shipmentIds: number[];
}

/** What registration writes on a plan line ("dopo la registrazione"). */
export interface PlanLinePosting {
  invoiceDocumentId?: number;
  /** Importo fatturato: taxable of the registered invoice. */
  invoicedAmount?: Dec;
  invoiceNumero?: string;
  postingDate?: IsoDate;
  creditNoteDocumentId?: number;
  creditNoteNumero?: string;
  /** Importo nota credito: taxable of the registered credit note. */
  creditNoteAmount?: Dec;
  creditNoteDate?: IsoDate;
}

export interface PlanLine extends PlanLineEdit, PlanLinePosting {
  id: number;
  planId: number;
  position: number;
}

// ---- Documents generated by a plan -------------------------------------------------------------------------------

/**
 * advance: the TD02 of an advance line; advance_credit_note: the TD04 that reverses it in full ("Crea nota di
 * credito"); invoice: the TD01 of a closing-type line; reversal_credit_note: the TD04 with only the advance reversals
 * of a closing-type line (option "storno in nota di credito separata").
 */
export type PlanDocumentRole = 'advance' | 'advance_credit_note' | 'invoice' | 'reversal_credit_note';

/** A share of an advance invoice at one VAT code: what a closing deducts from. */
export interface AdvancePart {
  advanceDocumentId: number;
  vatCode: string;
  amount: Dec;
}

/** A deduction (storno anticipo) of a closing document: a positive amount reversed from one advance part. */
export type Deduction = AdvancePart;

export interface GoodsPiece {
  orderLineId: number;
  quantity: Dec;
  amount: Dec;
}

/** What the plan planned for a document when it generated the draft; it takes effect when the document registers. */
export interface PlanDocumentData {
  /** Summary rows as generated: registration refuses a plan document whose rows were changed since. */
  vatSummary: { aliquotaIva: Dec; natura?: Natura; esigibilita?: string; imponibile: Dec }[];
  /** advance: its parts per VAT code. */
  parts?: AdvancePart[];
  /** invoice: the order quantities and taxable it bills. */
  goods?: GoodsPiece[];
  /** invoice: the shipments it bills (DatiDDT). */
  shipmentIds?: number[];
  /** invoice (inline) or reversal_credit_note: the advance reversals. */
  deductions?: Deduction[];
}

export interface PlanDocumentLink {
  documentId: number;
  planId: number;
  lineId: number;
  role: PlanDocumentRole;
  data: PlanDocumentData;
  createdAt: string;
}

// ---- Payments (incassi) and open items --------------------------------------------------------------------------

export interface PaymentInput {
  customerId: number;
  date: IsoDate;
  /** Positive: what the customer paid. */
  amount: Dec;
  /** Payment method code (settings), e.g. "BON". */
  method?: string;
  /** Bank reference, CRO, cheque number... */
  reference?: string;
  notes?: string;
}

export interface Payment extends PaymentInput {
  id: number;
  customerName: string;
  /** The ledger entry of the payment (kind 'payment', negative amount). */
  ledgerEntryId: number;
  /** Applied to invoices so far / still to apply. */
  applied: Dec;
  unapplied: Dec;
  createdAt: string;
}

/**
 * A match between a credit entry (a payment, or a credit note) and a debit entry (an invoice installment): the debit's
 * open amount goes down by `amount`, and so does the credit's.
 */
export interface LedgerApplication {
  id: number;
  creditEntryId: number;
  debitEntryId: number;
  amount: Dec;
  date: IsoDate;
  createdAt: string;
}

export type LedgerApplicationInput = Omit<LedgerApplication, 'id' | 'createdAt'>;
