/**
 * Payments (incassi) and the customer's open items. A payment is posted to the ledger (ledger-posting.ts, the one
 * posting module) and applied to open invoice installments, oldest due date first or as the user chooses, partially
 * when it does not cover them; it never applies more than it has left or more than an installment owes (Italian error,
 * nothing written). A plan's credit notes are matched automatically with the invoice they reverse (see
 * registration-hook.ts), so "oldest first" never pays an advance that was reversed. The plans whose entries a payment
 * touches get their "collected" amounts recomputed in the same transaction.
 */
import { fail } from '../../errors';
import { getAccountingSettings } from '../../invoicing/services/company';
import { getCustomer } from '../../invoicing/services/customers';
import { italianDate } from '../../invoicing/services/dates';
import { openAmounts, paymentPosting, planApplications, type OpenDebit } from '../../invoicing/services/ledger-posting';
import { isValidIsoDate } from '../../invoicing/payment-terms';
import type { Dec, IsoDate } from '../../invoicing/types';
import { Decimal } from '../../money/decimal';
import type { CompanyStore, LedgerEntry, LedgerEntryKind, Page, PaymentListQuery } from '../../ports';
import type { Payment, PaymentInput } from '../types';
import { refreshPlanSummary } from './state';

export interface ApplyRequest {
  /** The installments to pay and how much of each (default: what it still owes); absent = oldest due first. */
  entries?: { entryId: number; amount?: Dec }[];
}

export interface PaymentResult {
  payment: Payment;
  applications: { entryId: number; amount: Dec; description: string; planId?: number }[];
}

/** One row of the ledger screen: an entry with what is still open on it. */
export interface OpenItem {
  id: number;
  kind: LedgerEntryKind;
  date: IsoDate;
  dueDate?: IsoDate;
  description: string;
  documentId?: number;
  planId?: number;
  installment?: number;
  amount: Dec;
  /** Applied so far (positive). */
  applied: Dec;
  /** Signed like amount: > 0 the customer still owes it, < 0 a credit still to use. */
  open: Dec;
}

export interface OpenItemsResult {
  customerId: number;
  items: OpenItem[];
  /** Sum of the open amounts: what the customer owes (negative: what we owe). */
  balance: Dec;
}

function customerLedger(store: CompanyStore, customerId: number): { entries: LedgerEntry[]; open: Map<number, Decimal> } {
  const entries = store.ledger.listByCustomer(customerId);
  return { entries, open: openAmounts(entries, store.payments.applicationsByCustomer(customerId)) };
}

export function openItems(store: CompanyStore, customerId: number, opts: { onlyOpen?: boolean } = {}): OpenItemsResult {
  getCustomer(store, customerId);
  const { entries, open } = customerLedger(store, customerId);
  const items: OpenItem[] = [];
  let balance = Decimal.ZERO;
  for (const e of entries) {
    const o = open.get(e.id)!;
    balance = balance.add(o);
    if (opts.onlyOpen && o.isZero()) continue;
    items.push({
      id: e.id,
      kind: e.kind,
      date: e.date,
      ...(e.dueDate ? { dueDate: e.dueDate } : {}),
      description: e.description,
      ...(e.documentId !== undefined ? { documentId: e.documentId } : {}),
      ...(e.planId !== undefined ? { planId: e.planId } : {}),
      ...(e.installment !== undefined ? { installment: e.installment } : {}),
      amount: e.amount,
      applied: Decimal.parse(e.amount).sub(o).abs().toFixed(2),
      open: o.toFixed(2),
    });
  }
  return { customerId, items, balance: balance.toFixed(2) };
}

function openDebits(entries: readonly LedgerEntry[], open: Map<number, Decimal>, only?: ReadonlySet<number>): OpenDebit[] {
  return entries
    .filter((e) => e.kind === 'invoice' && (only === undefined || only.has(e.id)) && open.get(e.id)!.gt(Decimal.ZERO))
    .map((e) => ({ entryId: e.id, date: e.date, ...(e.dueDate ? { dueDate: e.dueDate } : {}), open: open.get(e.id)!, label: e.description }));
}

/** Applies what is left of the credit entry `creditEntryId` and refreshes the plans touched; returns the applications. */
function applyCredit(store: CompanyStore, customerId: number, creditEntryId: number, date: IsoDate, request: ApplyRequest, onlyDebits?: ReadonlySet<number>): PaymentResult['applications'] {
  const { entries, open } = customerLedger(store, customerId);
  const available = open.get(creditEntryId)!.neg();
  if (available.lte(Decimal.ZERO)) return [];
  const plan = planApplications(available, openDebits(entries, open, onlyDebits), request.entries);
  store.payments.insertApplications(plan.map((a) => ({ creditEntryId, debitEntryId: a.entryId, amount: a.amount.toFixed(2), date })), new Date().toISOString());
  const byId = new Map(entries.map((e) => [e.id, e]));
  return plan.map((a) => {
    const e = byId.get(a.entryId)!;
    return { entryId: a.entryId, amount: a.amount.toFixed(2), description: e.description, ...(e.planId !== undefined ? { planId: e.planId } : {}) };
  });
}

function afterApplications(store: CompanyStore, payment: { ledgerEntryId: number; customerId: number }): void {
  const { entries } = customerLedger(store, payment.customerId);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const plans = new Set<number | undefined>();
  for (const a of store.payments.applicationsByCustomer(payment.customerId)) {
    if (a.creditEntryId === payment.ledgerEntryId) plans.add(byId.get(a.debitEntryId)?.planId);
  }
  // The payment's entry carries the plan number when everything it paid belongs to one plan.
  const only = plans.size === 1 ? [...plans][0] : undefined;
  store.payments.setEntryPlan(payment.ledgerEntryId, only);
  for (const p of plans) if (p !== undefined) refreshPlanSummary(store, p);
}

function validatePayment(store: CompanyStore, input: PaymentInput): PaymentInput {
  getCustomer(store, input.customerId);
  if (!isValidIsoDate(input.date)) fail('DATA_NON_VALIDA', `Data dell’incasso non valida: «${input.date}».`, { field: 'date', fix: 'Usa il formato AAAA-MM-GG.' });
  const amount = Decimal.tryParse(input.amount);
  if (!amount || amount.lte(Decimal.ZERO) || amount.significantScale() > 2) {
    fail('INCASSO_NON_VALIDO', 'L’importo dell’incasso deve essere maggiore di zero, con al più 2 decimali.', { field: 'amount', fix: 'Inserisci l’importo incassato (es. 1220.00).' });
  }
  if (input.method !== undefined && !getAccountingSettings(store).paymentMethods.some((m) => m.code === input.method)) {
    fail('MODALITA_SCONOSCIUTA', `Modalità di pagamento «${input.method}» non presente nelle impostazioni.`, { field: 'method', fix: 'Scegli una modalità esistente.' });
  }
  return { ...input, amount: amount.toFixed(2) };
}

/** Records a payment and, unless `apply` is false, applies it (oldest due first, or to the entries given). */
export function recordPayment(store: CompanyStore, input: PaymentInput, opts: ApplyRequest & { apply?: boolean } = {}): PaymentResult {
  return store.transaction(() => {
    const p = validatePayment(store, input);
    const [ledgerEntryId] = store.ledger.insert([paymentPosting({ customerId: p.customerId, date: p.date, amount: p.amount, ...(p.reference ? { reference: p.reference } : {}) })]);
    const id = store.payments.insert({ ...p, ledgerEntryId: ledgerEntryId! }, new Date().toISOString());
    const applications = opts.apply === false ? [] : applyCredit(store, p.customerId, ledgerEntryId!, p.date, opts);
    afterApplications(store, { ledgerEntryId: ledgerEntryId!, customerId: p.customerId });
    return { payment: store.payments.get(id)!, applications };
  });
}

/** Applies what is left of a recorded payment. */
export function applyPayment(store: CompanyStore, paymentId: number, request: ApplyRequest = {}, opts: { date?: IsoDate } = {}): PaymentResult {
  return store.transaction(() => {
    const payment = store.payments.get(paymentId) ?? fail('INCASSO_NON_TROVATO', `Incasso ${paymentId} non trovato.`, { fix: 'Ricarica l’elenco degli incassi.' });
    if (Decimal.parse(payment.unapplied).lte(Decimal.ZERO)) {
      fail('INCASSO_GIA_ABBINATO', `L’incasso del ${italianDate(payment.date)} di ${payment.amount.replace('.', ',')} è già abbinato per intero.`, { fix: 'Registra un nuovo incasso.' });
    }
    const applications = applyCredit(store, payment.customerId, payment.ledgerEntryId, opts.date ?? payment.date, request);
    if (applications.length === 0) fail('NESSUNA_PARTITA_APERTA', 'Il cliente non ha rate aperte a cui abbinare l’incasso.', { fix: 'L’incasso resta da abbinare: abbinalo quando registri la fattura.' });
    afterApplications(store, payment);
    return { payment: store.payments.get(paymentId)!, applications };
  });
}

export function listPayments(store: CompanyStore, q: PaymentListQuery = {}): Page<Payment> {
  return store.payments.list(q);
}

/**
 * Matches the open credit of `creditDocumentId` (a credit note) with the open installments of `debitDocumentId` (the
 * invoice it reverses), in the caller's transaction. Used when plan documents register.
 */
export function compensateDocuments(store: CompanyStore, customerId: number, creditDocumentId: number, debitDocumentId: number, date: IsoDate): void {
  const debits = new Set(store.ledger.listByDocument(debitDocumentId).map((e) => e.id));
  if (debits.size === 0) return;
  for (const credit of store.ledger.listByDocument(creditDocumentId)) {
    if (credit.kind !== 'credit_note') continue;
    applyCredit(store, customerId, credit.id, date, {}, debits);
  }
}
