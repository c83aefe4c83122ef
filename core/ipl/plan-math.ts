/**
 * The arithmetic of a plan, pure: a line's percentage and amount (one derived from the other and the order amount,
 * half-up: amounts to 2 decimals, percentages to 4), the checks on the whole plan, "Ricalcola piano", the advance
 * parts still to deduct and the header amounts. Everything works on what the plan's documents recorded, so the
 * numbers shown are the numbers registered.
 */
import { AppError } from '../errors';
import type { FieldError } from '../invoicing/customers';
import type { TipoDocumento } from '../fatturapa/schema.generated';
import type { DocumentStatus } from '../invoicing/types';
import { Decimal } from '../money/decimal';
import type { AdvancePart, PlanDocumentLink, PlanLine, PlanStatus, PlanSummary } from './types';

const PERCENT_MAX_DECIMALS = 4;

/** Amount of `percent` % of the order, half-up to the cent. */
export function amountFromPercent(orderAmount: Decimal, percent: Decimal): Decimal {
  return orderAmount.mul(percent).div(Decimal.HUNDRED, 2);
}

/** Percent that `amount` is of the order, half-up to 4 decimals, written with 2 to 4. */
export function percentFromAmount(orderAmount: Decimal, amount: Decimal): Decimal {
  if (orderAmount.isZero()) {
    throw new AppError({ code: 'ORDINE_IMPORTO_ZERO', message: 'L’ordine ha importo zero: non si possono calcolare le percentuali del piano.', fix: 'Completa le righe dell’ordine con prezzi e quantità.' });
  }
  return amount.mul(Decimal.HUNDRED).div(orderAmount, PERCENT_MAX_DECIMALS).normalize(2, PERCENT_MAX_DECIMALS);
}

/** An advance reversed in full by its credit note: it no longer counts in the plan. */
export function isReversed(line: Pick<PlanLine, 'type' | 'creditNoteDocumentId'>): boolean {
  return line.type === 'advance' && line.creditNoteDocumentId !== undefined;
}

/** The line's document(s) are registered: the line can no longer change. */
export function isPosted(line: Pick<PlanLine, 'type' | 'invoiceDocumentId' | 'creditNoteDocumentId'>): boolean {
  return line.invoiceDocumentId !== undefined || (line.type !== 'advance' && line.creditNoteDocumentId !== undefined);
}

function pct(d: Decimal): string {
  return d.normalize(2, 4).toString().replace('.', ',');
}

/** Checks on the plan as a whole; every problem, in Italian. */
export function validatePlanLines(lines: readonly PlanLine[], orderAmount: Decimal): FieldError[] {
  const errors: FieldError[] = [];
  lines.forEach((l) => {
    const f = `lines[${l.position - 1}]`;
    const p = Decimal.tryParse(l.percent);
    const a = Decimal.tryParse(l.amount);
    if (p === undefined || p.significantScale() > PERCENT_MAX_DECIMALS || p.lte(Decimal.ZERO) || p.gt(Decimal.HUNDRED)) {
      errors.push({ field: `${f}.percent`, code: 'PERCENTUALE_NON_VALIDA', message: `Riga ${l.position} del piano: la percentuale deve essere maggiore di 0 e al massimo 100, con al più 4 decimali.`, fix: 'Correggi la percentuale.' });
    }
    if (a === undefined || a.significantScale() > 2 || a.lte(Decimal.ZERO)) {
      errors.push({ field: `${f}.amount`, code: 'IMPORTO_NON_VALIDO', message: `Riga ${l.position} del piano: l’importo deve essere positivo, con al più 2 decimali.`, fix: 'Correggi l’importo.' });
    }
  });
  const closings = lines.filter((l) => l.type === 'closing');
  if (closings.length > 1) {
    errors.push({ field: 'lines', code: 'CHIUSURA_DUPLICATA', message: `Il piano ha ${closings.length} righe di fattura di chiusura: ne è ammessa una sola (è l’ultimo documento del piano).`, fix: 'Usa «Fattura di chiusura parziale» per le fatture intermedie.' });
  }
  if (errors.length > 0) return errors;
  const active = lines.filter((l) => !isReversed(l));
  const totalPercent = Decimal.sum(active.map((l) => Decimal.parse(l.percent)));
  if (totalPercent.gt(Decimal.HUNDRED)) {
    errors.push({ field: 'lines', code: 'PIANO_OLTRE_100', message: `La somma delle percentuali delle righe del piano è ${pct(totalPercent)}%: non può superare il 100% dell’ordine.`, fix: 'Riduci le percentuali (le righe di anticipo stornate non contano).' });
  }
  // Amounts derived from percentages summing to 100% may exceed the order by rounding cents: only the advances, which
  // are invoiced for exactly their amount, must stay within it (closing-type invoices bill what is actually left).
  const advances = Decimal.sum(active.filter((l) => l.type === 'advance').map((l) => Decimal.parse(l.amount)));
  if (advances.gt(orderAmount)) {
    errors.push({ field: 'lines', code: 'PIANO_OLTRE_ORDINE', message: `Gli anticipi del piano (${advances.toFixed(2)}) superano l’importo dell’ordine (${orderAmount.toFixed(2)}).`, fix: 'Riduci gli importi degli anticipi o usa «Ricalcola importi».' });
  }
  return errors;
}

export type RecalcMode = 'percent' | 'amount';

/**
 * "Ricalcola piano": `percent` keeps each amount and adapts the percentage to the new order amount, `amount` keeps
 * each percentage and adapts the amount. Only advance lines with no document at all (neither draft nor registered)
 * change; the others are returned as they are.
 */
export function recalculateLines(lines: readonly PlanLine[], orderAmount: Decimal, mode: RecalcMode, hasDocument: (lineId: number) => boolean): PlanLine[] {
  return lines.map((l) => {
    if (l.type !== 'advance' || isPosted(l) || hasDocument(l.id)) return l;
    if (mode === 'percent') return { ...l, percent: percentFromAmount(orderAmount, Decimal.parse(l.amount)).toString() };
    return { ...l, amount: amountFromPercent(orderAmount, Decimal.parse(l.percent)).toFixed(2) };
  });
}

// ---- What the plan's documents did -------------------------------------------------------------------------------

/** A plan document with the columns of its stored document the plan needs. */
export interface PlanDocumentState {
  link: PlanDocumentLink;
  status: DocumentStatus;
  tipoDocumento: TipoDocumento;
  numero?: string;
  date: string;
  imponibile: Decimal;
  totale: Decimal;
}

export function isRegistered(d: Pick<PlanDocumentState, 'status'>): boolean {
  return d.status !== 'draft';
}

function partKey(p: { advanceDocumentId: number; vatCode: string }): string {
  return `${p.advanceDocumentId}|${p.vatCode}`;
}

/**
 * The advance parts still to deduct: registered advances whose line was not reversed by a credit note, less what the
 * registered closing documents already deducted (drafts do not count until they are registered).
 */
export function outstandingAdvanceParts(lines: readonly PlanLine[], docs: readonly PlanDocumentState[]): AdvancePart[] {
  const reversedLines = new Set(lines.filter(isReversed).map((l) => l.id));
  const parts = new Map<string, AdvancePart & { left: Decimal }>();
  for (const d of docs) {
    if (d.link.role !== 'advance' || !isRegistered(d) || reversedLines.has(d.link.lineId)) continue;
    for (const p of d.link.data.parts ?? []) parts.set(partKey(p), { ...p, left: Decimal.parse(p.amount) });
  }
  for (const d of docs) {
    if (!isRegistered(d)) continue;
    for (const x of d.link.data.deductions ?? []) {
      const p = parts.get(partKey(x));
      if (p) p.left = p.left.sub(Decimal.parse(x.amount));
    }
  }
  return [...parts.values()].filter((p) => !p.left.isZero()).map((p) => ({ advanceDocumentId: p.advanceDocumentId, vatCode: p.vatCode, amount: p.left.toFixed(2) }));
}

export interface SummaryInput {
  orderAmount: Decimal;
  exchangeRate: Decimal;
  lines: readonly PlanLine[];
  docs: readonly PlanDocumentState[];
  collected: Decimal;
}

/** The header amounts, from the lines and what their registered documents recorded. */
export function planSummary(s: SummaryInput): PlanSummary {
  const O = s.orderAmount;
  const num = (v: string | undefined) => (v === undefined ? Decimal.ZERO : Decimal.parse(v));
  const advances = s.lines.filter((l) => l.type === 'advance');
  const closings = s.lines.filter((l) => l.type !== 'advance');
  const totalAdvance = Decimal.sum(advances.filter((l) => !isReversed(l)).map((l) => Decimal.parse(l.amount)));
  const advanceInvoiced = Decimal.sum(advances.map((l) => num(l.invoicedAmount).sub(num(l.creditNoteAmount))));
  const closingNet = Decimal.sum(closings.map((l) => num(l.invoicedAmount).sub(num(l.creditNoteAmount))));
  const netInvoiced = advanceInvoiced.add(closingNet);
  let totalInvoiced = Decimal.ZERO;
  for (const d of s.docs) {
    if (!isRegistered(d)) continue;
    totalInvoiced = d.tipoDocumento === 'TD04' ? totalInvoiced.sub(d.totale) : totalInvoiced.add(d.totale);
  }
  const anyRegistered = s.docs.some(isRegistered);
  const closing = s.lines.find((l) => l.type === 'closing');
  const remaining = O.sub(netInvoiced);
  const status: PlanStatus = closing && isPosted(closing) && remaining.isZero() ? 'invoiced' : anyRegistered ? 'in_progress' : 'open';
  const closingAmount = status === 'invoiced' ? Decimal.ZERO : O.sub(totalAdvance).sub(closingNet);
  return {
    orderAmount: O.toFixed(2),
    totalAdvance: totalAdvance.toFixed(2),
    closingAmount: closingAmount.toFixed(2),
    advanceInvoiced: advanceInvoiced.toFixed(2),
    totalInvoiced: totalInvoiced.toFixed(2),
    collected: s.collected.toFixed(2),
    collectedLocal: s.exchangeRate.eq('1') ? s.collected.toFixed(2) : s.collected.div(s.exchangeRate, 2).toFixed(2),
    remaining: remaining.toFixed(2),
    status,
  };
}
