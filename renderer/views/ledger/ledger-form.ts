/**
 * Applying a payment (abbinamento) by hand: the open invoice installments, oldest due first; ticking one proposes what
 * it still owes, up to what is left of the payment; the checks the API makes (never more than an installment owes,
 * never more than the payment has) are made here first, next to each installment, in Italian.
 */
import type { OpenItem } from '../../../core/ipl/api-types';
import { Decimal } from '../../../core/money/decimal';
import type { ErrorMap } from '../../forms/errors';
import { formatMoney } from '../../format/format';

type T = (key: string, named?: Record<string, unknown>) => string;

/** Invoice installments with something still open, oldest due date first. */
export function openDebitsOf(items: readonly OpenItem[]): OpenItem[] {
  return items
    .filter((i) => i.kind === 'invoice' && Decimal.parse(i.open).gt(Decimal.ZERO))
    .sort((a, b) => (a.dueDate ?? a.date).localeCompare(b.dueDate ?? b.date) || a.id - b.id);
}

/**
 * The amount proposed for an installment just ticked: what it owes, up to what the payment has left after the
 * installments already chosen (never below zero).
 */
export function proposeAmount(available: string | undefined, debit: Pick<OpenItem, 'open'>, alreadyChosen: readonly (string | undefined)[]): string {
  const open = Decimal.parse(debit.open);
  const total = Decimal.tryParse(available);
  if (!total) return open.toFixed(2);
  const used = Decimal.sum(alreadyChosen.map((a) => Decimal.tryParse(a) ?? Decimal.ZERO));
  const left = Decimal.max(Decimal.ZERO, total.sub(used));
  return Decimal.min(open, left).toFixed(2);
}

export interface Allocation {
  entryId: number;
  amount?: string;
}

export interface AllocationCheck {
  entries?: { entryId: number; amount: string }[];
  errors: ErrorMap;
}

/** Errors keyed "entry.<id>" (next to the installment) and "entries" (the whole choice). */
export function checkAllocation(available: string | undefined, debits: readonly OpenItem[], chosen: readonly Allocation[], t: T): AllocationCheck {
  const errors: ErrorMap = {};
  if (chosen.length === 0) return { errors: { entries: t('ledger.chooseEntries') } };
  const byId = new Map(debits.map((d) => [d.id, d]));
  const out: { entryId: number; amount: string }[] = [];
  for (const c of chosen) {
    const d = byId.get(c.entryId);
    const a = Decimal.tryParse(c.amount);
    if (!d) continue;
    if (!a || a.lte(Decimal.ZERO) || a.significantScale() > 2) errors[`entry.${c.entryId}`] = t('ledger.entryAmountInvalid');
    else if (a.gt(d.open)) errors[`entry.${c.entryId}`] = t('ledger.entryOverOpen', { open: formatMoney(d.open) });
    else out.push({ entryId: c.entryId, amount: a.toFixed(2) });
  }
  const total = Decimal.tryParse(available);
  const sum = Decimal.sum(out.map((e) => Decimal.parse(e.amount)));
  if (total && sum.gt(total)) errors.entries = t('ledger.overPayment', { sum: formatMoney(sum.toFixed(2)), total: formatMoney(total.toFixed(2)) });
  return Object.keys(errors).length ? { errors } : { entries: out, errors };
}
