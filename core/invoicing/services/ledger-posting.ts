/**
 * The one place that turns a registered document into customer ledger entries (STYLE: one small posting module).
 * Invoices post what the customer owes, credit notes the opposite; the installments come from the payment term and
 * must sum exactly to the document's amount, or nothing is posted.
 */
import type { TipoDocumento } from '../../fatturapa/schema.generated';
import { Decimal } from '../../money/decimal';
import type { LedgerEntryInput, LedgerEntryKind } from '../../ports';
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
