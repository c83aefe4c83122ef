/**
 * The one place that turns a registered document into customer ledger entries (STYLE: one small posting module).
 * Invoices post what the customer owes, credit notes the opposite; the installments come from the payment term and
 * must sum exactly to the document's amount, or nothing is posted.
 */
import { AppError } from '../../errors';
import type { TipoDocumento } from '../../fatturapa/schema.generated';
import { Decimal } from '../../money/decimal';
import type { LedgerEntry, LedgerEntryInput, LedgerEntryKind } from '../../ports';
import { dueDates } from '../payment-terms';
import type { Dec, IsoDate, PaymentTerm } from '../types';
import { italianDate } from './dates';

/** Document types that create a receivable (or, for TD04, reduce it). Self-invoices and integrations do not. */
const POSTING: Partial<Record<TipoDocumento, { kind: LedgerEntryKind; sign: 1 | -1; label: string }>> = {
  TD01: { kind: 'invoice', sign: 1, label: 'Fattura' },
  TD02: { kind: 'invoice', sign: 1, label: 'Acconto su fattura' },
  TD03: { kind: 'invoice', sign: 1, label: 'Acconto su parcella' },
  TD04: { kind: 'credit_note', sign: -1, label: 'Nota di credito' },
  TD05: { kind: 'invoice', sign: 1, label: 'Nota di debito' },
  TD06: { kind: 'invoice', sign: 1, label: 'Parcella' },
  TD24: { kind: 'invoice', sign: 1, label: 'Fattura differita' },
  TD25: { kind: 'invoice', sign: 1, label: 'Fattura differita' },
  TD26: { kind: 'invoice', sign: 1, label: 'Fattura' },
};

export interface DocumentPostingInput {
  documentId: number;
  customerId: number;
  tipoDocumento: TipoDocumento;
  numero: string;
  date: IsoDate;
  /** What the customer pays (DocumentTotals.netToPay), as written on the document (positive for credit notes too). */
  netToPay: Dec;
  term?: PaymentTerm;
  planId?: number;
}

export function documentPostings(p: DocumentPostingInput): LedgerEntryInput[] {
  const rule = POSTING[p.tipoDocumento];
  const amount = Decimal.parse(p.netToPay).round(2);
  if (!rule || amount.isZero()) return [];
  const installments = dueDates(p.date, p.term, amount.toFixed(2));
  const many = installments.length > 1;
  const entries = installments.map(
    (due, i): LedgerEntryInput => ({
      customerId: p.customerId,
      documentId: p.documentId,
      kind: rule.kind,
      date: p.date,
      dueDate: due.date,
      amount: rule.sign === 1 ? due.amount : Decimal.parse(due.amount).neg().toFixed(2),
      installment: i + 1,
      ...(p.planId !== undefined ? { planId: p.planId } : {}),
      description: `${rule.label} ${p.numero} del ${italianDate(p.date)}${many ? ` - rata ${i + 1}/${installments.length}` : ''}`,
    }),
  );
  assertBalanced(entries, rule.sign === 1 ? amount : amount.neg());
  return entries;
}

/** Refuses postings whose amounts do not add up to the document's signed amount. */
export function assertBalanced(entries: readonly LedgerEntryInput[], expected: Decimal): void {
  const sum = Decimal.sum(entries.map((e) => Decimal.parse(e.amount)));
  if (!sum.eq(expected)) {
    throw new Error(`Scritture sbilanciate: le rate sommano a ${sum.toFixed(2)} invece di ${expected.toFixed(2)}`);
  }
}

// ---- Payments (incassi) and the matching of credits with open installments ---------------------------------------
// Still the one posting module: a payment is posted here (one entry, negative: the customer paid), and every
// application of a credit (payment or credit note) to an open invoice installment is planned here, refusing to
// apply more than the credit has left or more than the installment still owes.

export interface PaymentPostingInput {
  customerId: number;
  date: IsoDate;
  /** Positive, what the customer paid. */
  amount: Dec;
  reference?: string;
  planId?: number;
}

export function paymentPosting(p: PaymentPostingInput): LedgerEntryInput {
  const amount = Decimal.parse(p.amount).round(2);
  if (amount.lte(Decimal.ZERO)) {
    throw new AppError({ code: 'INCASSO_NON_VALIDO', message: 'L’importo dell’incasso deve essere maggiore di zero.', field: 'amount', fix: 'Inserisci l’importo incassato.' });
  }
  const entry: LedgerEntryInput = {
    customerId: p.customerId,
    kind: 'payment',
    date: p.date,
    dueDate: p.date,
    amount: amount.neg().toFixed(2),
    ...(p.planId !== undefined ? { planId: p.planId } : {}),
    description: `Incasso del ${italianDate(p.date)}${p.reference ? ` - ${p.reference}` : ''}`,
  };
  assertBalanced([entry], amount.neg());
  return entry;
}

/** Open amount of each entry: its signed amount, moved toward zero by the applications on either side. */
export function openAmounts(
  entries: readonly Pick<LedgerEntry, 'id' | 'amount'>[],
  applications: readonly { creditEntryId: number; debitEntryId: number; amount: Dec }[],
): Map<number, Decimal> {
  const open = new Map(entries.map((e) => [e.id, Decimal.parse(e.amount)]));
  for (const a of applications) {
    const amt = Decimal.parse(a.amount);
    const d = open.get(a.debitEntryId);
    if (d) open.set(a.debitEntryId, d.sub(amt));
    const c = open.get(a.creditEntryId);
    if (c) open.set(a.creditEntryId, c.add(amt));
  }
  return open;
}

/** An installment that still owes something (open > 0). */
export interface OpenDebit {
  entryId: number;
  dueDate?: IsoDate;
  date: IsoDate;
  open: Decimal;
  label: string;
}

const money = (d: Decimal) => d.toFixed(2).replace('.', ',');

/**
 * How a credit of `available` is applied: to the `requested` installments (each for the amount given, or for what it
 * still owes), or else oldest due date first, the last one partially. Never more than the credit has left, never more
 * than an installment owes: asking for it is an error in Italian and nothing is applied.
 */
export function planApplications(
  available: Decimal,
  debits: readonly OpenDebit[],
  requested?: readonly { entryId: number; amount?: Dec }[],
): { entryId: number; amount: Decimal }[] {
  const out: { entryId: number; amount: Decimal }[] = [];
  let left = available.round(2);
  if (requested) {
    const byId = new Map(debits.map((d) => [d.entryId, d]));
    const seen = new Set<number>();
    for (const r of requested) {
      const d = byId.get(r.entryId);
      if (!d) {
        throw new AppError({ code: 'PARTITA_NON_APERTA', message: `Il movimento ${r.entryId} non è una rata aperta di questo cliente.`, field: 'entries', fix: 'Scegli tra le partite aperte del cliente.' });
      }
      if (seen.has(r.entryId)) throw new AppError({ code: 'PARTITA_DUPLICATA', message: `${d.label}: indicata due volte.`, field: 'entries', fix: 'Indica ogni partita una sola volta.' });
      seen.add(r.entryId);
      const amount = r.amount !== undefined ? Decimal.parse(r.amount).round(2) : Decimal.min(d.open, left);
      if (amount.lte(Decimal.ZERO)) throw new AppError({ code: 'IMPORTO_NON_VALIDO', message: `${d.label}: l’importo da abbinare deve essere maggiore di zero.`, field: 'entries', fix: 'Correggi l’importo.' });
      if (amount.gt(d.open)) {
        throw new AppError({ code: 'ABBINAMENTO_ECCEDENTE', message: `${d.label}: l’importo da abbinare (${money(amount)}) supera il residuo aperto (${money(d.open)}).`, field: 'entries', fix: `Abbina al massimo ${money(d.open)}.` });
      }
      if (amount.gt(left)) {
        throw new AppError({ code: 'INCASSO_INSUFFICIENTE', message: `L’incasso ha ancora ${money(left)} da abbinare: non basta per ${money(amount)} su ${d.label}.`, field: 'entries', fix: 'Riduci gli importi da abbinare.' });
      }
      out.push({ entryId: d.entryId, amount });
      left = left.sub(amount);
    }
    return out;
  }
  const sorted = [...debits].sort((a, b) => (a.dueDate ?? a.date).localeCompare(b.dueDate ?? b.date) || a.entryId - b.entryId);
  for (const d of sorted) {
    if (left.lte(Decimal.ZERO)) break;
    if (d.open.lte(Decimal.ZERO)) continue;
    const amount = Decimal.min(d.open, left);
    out.push({ entryId: d.entryId, amount });
    left = left.sub(amount);
  }
  return out;
}
