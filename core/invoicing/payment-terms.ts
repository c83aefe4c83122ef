/**
 * Due dates of a payment term. Dates are calendar dates ("YYYY-MM-DD") computed in UTC so that no local time zone or
 * daylight-saving change can move a day. Amounts are split by the installments' percentages with `allocate`, so the
 * installments always sum exactly to the amount.
 *
 * Convention for "fine mese" (DFFM): when the days are a multiple of 30 they count as months, as Italian commercial
 * practice reads "30/60/90 gg d.f.f.m.": an invoice of 31 January at "30 gg DFFM" is due 28/29 February (not 31 March).
 * Other day counts are added literally, then the date moves to the end of its month; `extraDays` come after that
 * ("60 gg fine mese + 10" from 15 January -> 31 March + 10 = 10 April). Without "fine mese" days are always literal.
 */
import { Decimal } from '../money/decimal';
import { allocate } from '../money/allocate';
import { AppError } from '../errors';
import type { Dec, DueDate, IsoDate, PaymentInstallmentRule, PaymentTerm } from './types';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date; throws on an impossible date ("2025-02-30"). */
export function isoToDays(date: IsoDate): number {
  const m = ISO_RE.exec(date);
  if (!m) throw new AppError({ code: 'DATA_NON_VALIDA', message: `Data non valida: "${date}".`, fix: 'Usa il formato AAAA-MM-GG.' });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new AppError({ code: 'DATA_NON_VALIDA', message: `Data inesistente: "${date}".`, fix: 'Controlla giorno e mese.' });
  }
  return Math.round(ms / 86_400_000);
}

export function daysToIso(days: number): IsoDate {
  const dt = new Date(days * 86_400_000);
  const y = dt.getUTCFullYear();
  const m = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isValidIsoDate(date: string): boolean {
  try {
    isoToDays(date);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return daysToIso(isoToDays(date) + days);
}

/** Last day of the month `monthsAhead` months after the month of `date`. */
export function endOfMonth(date: IsoDate, monthsAhead = 0): IsoDate {
  const m = ISO_RE.exec(date)!;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1 + monthsAhead;
  // Day 0 of the following month is the last day of this one.
  const ms = Date.UTC(y, mo + 1, 0);
  return daysToIso(Math.round(ms / 86_400_000));
}

/** Number of days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return isoToDays(to) - isoToDays(from);
}

export function installmentDate(docDate: IsoDate, rule: PaymentInstallmentRule): IsoDate {
  isoToDays(docDate); // validates
  if (!Number.isInteger(rule.days) || rule.days < 0) {
    throw new AppError({ code: 'TERMINE_NON_VALIDO', message: `Giorni di scadenza non validi: ${rule.days}.`, fix: 'Indica un numero intero di giorni (0 o più).' });
  }
  let due: IsoDate;
  if (rule.endOfMonth) {
    due = rule.days % 30 === 0 ? endOfMonth(docDate, rule.days / 30) : endOfMonth(addDays(docDate, rule.days));
    if (rule.extraDays) due = addDays(due, rule.extraDays);
  } else {
    due = addDays(docDate, rule.days + (rule.extraDays ?? 0));
  }
  return due;
}

/**
 * Installments of `amount` under `term`, in the term's order. No term (or a term without installments) means one
 * installment due on the document date.
 */
export function dueDates(docDate: IsoDate, term: PaymentTerm | undefined, amount: Dec): DueDate[] {
  const total = Decimal.parse(amount).round(2);
  if (!term || term.installments.length === 0) {
    isoToDays(docDate);
    return [{ date: docDate, amount: total.toFixed(2) }];
  }
  const weights = term.installments.map((r) => Decimal.parse(r.percent));
  if (weights.some((w) => w.isNegative())) {
    throw new AppError({ code: 'TERMINE_NON_VALIDO', message: `Il termine "${term.code}" ha una percentuale negativa.`, fix: 'Correggi le percentuali delle rate.' });
  }
  if (!Decimal.sum(weights).eq('100')) {
    throw new AppError({
      code: 'TERMINE_NON_VALIDO',
      message: `Le percentuali delle rate del termine "${term.code}" sommano a ${Decimal.sum(weights).toString()} invece di 100.`,
      fix: 'Correggi le percentuali in modo che sommino a 100.',
    });
  }
  const parts = allocate(total, weights, 2);
  return term.installments.map((rule, i) => ({ date: installmentDate(docDate, rule), amount: parts[i]!.toFixed(2) }));
}
