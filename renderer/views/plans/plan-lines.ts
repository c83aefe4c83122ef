/**
 * The plan page's own logic, pure: the percentage <-> amount pair of a line (typing one shows the other at once,
 * computed with the core's plan arithmetic; the API then stores both), which lines can still change, applying a
 * template to an existing plan, the links to the drafts an action created, and the API's errors placed on the line
 * they concern ("lines[2].percent" is the line in position 3).
 */
import type { FieldError } from '../../../core/invoicing/customers';
import { addDays } from '../../../core/invoicing/payment-terms';
import type { PlanActionResult, PlanDetail, PlanLineView, PlanTemplate } from '../../../core/ipl/api-types';
import { amountFromPercent, isReversed, percentFromAmount } from '../../../core/ipl/plan-math';
import { Decimal } from '../../../core/money/decimal';
import { errorText, normalizeField } from '../../forms/errors';
import type { ToastLink } from '../../stores/ui';
import type { NewPlanLine, PlanLinePatch } from '../../stores/plans';

export type PctOrAmount = 'percent' | 'amount';

/** The other value of the pair while `field` is being typed; null when `value` is not a usable number. */
export function deriveOther(orderAmount: string, field: PctOrAmount, value: string | undefined | null): string | null {
  const O = Decimal.parse(orderAmount);
  const v = Decimal.tryParse(value);
  if (!v || v.lte(Decimal.ZERO) || O.isZero()) return null;
  if (field === 'percent') return v.gt(Decimal.HUNDRED) ? null : amountFromPercent(O, v).toFixed(2);
  return percentFromAmount(O, v).toString();
}

/** The patch that sets one of the pair (the API derives the other); null when nothing changed. */
export function pairPatch(line: Pick<PlanLineView, 'percent' | 'amount'>, field: PctOrAmount, value: string | undefined | null): PlanLinePatch | null {
  const v = Decimal.tryParse(value);
  if (!v) return null;
  if (v.eq(line[field])) return null;
  return field === 'percent' ? { percent: v.normalize(0, 4).toString() } : { amount: v.toFixed(2) };
}

/** A line is frozen once it has a document, draft or registered (the API refuses changes to it). */
export function isEditable(line: Pick<PlanLineView, 'posted' | 'documents'>): boolean {
  return !line.posted && line.documents.length === 0;
}

export type TemplateProblem = { kind: 'over100'; total: string } | { kind: 'twoClosings' } | null;

/** Whether the template's lines fit in the plan as it is (the API would refuse them halfway otherwise). */
export function templateProblem(detail: Pick<PlanDetail, 'lines'>, template: Pick<PlanTemplate, 'lines'>): TemplateProblem {
  const active = detail.lines.filter((l) => !isReversed(l));
  const total = Decimal.sum([...active.map((l) => Decimal.parse(l.percent)), ...template.lines.map((l) => Decimal.parse(l.percent))]);
  if (total.gt(Decimal.HUNDRED)) return { kind: 'over100', total: total.normalize(0, 4).toString() };
  const closings = detail.lines.filter((l) => l.type === 'closing').length + template.lines.filter((l) => l.type === 'closing').length;
  if (closings > 1) return { kind: 'twoClosings' };
  return null;
}

/** The template's lines as new plan lines: planned date = order date + the line's days. */
export function templateLines(template: Pick<PlanTemplate, 'lines'>, orderDate: string): NewPlanLine[] {
  return template.lines.map((l) => ({
    type: l.type,
    percent: l.percent,
    plannedDate: addDays(orderDate, l.daysOffset),
    ...(l.paymentTerm ? { paymentTerm: l.paymentTerm } : {}),
    ...(l.paymentMethod ? { paymentMethod: l.paymentMethod } : {}),
    ...(l.text ? { text: l.text } : {}),
  }));
}

/** The lines selected with "Esegui azione". */
export function selectedLines(detail: Pick<PlanDetail, 'lines'>): PlanLineView[] {
  return detail.lines.filter((l) => l.execute);
}

/** Route of a plan draft in the wizard; registering or leaving it comes back to the plan. */
export function draftRoute(documentId: number, planId: number): string {
  return `/fatture/${documentId}/modifica?ritorno=${encodeURIComponent(`/piani/${planId}`)}`;
}

/** Links of the toast after an action: one per created draft, labelled by the caller ("Apri bozza TD02"). */
export function createdLinks(res: Pick<PlanActionResult, 'created'>, planId: number, label: (c: PlanActionResult['created'][number]) => string): ToastLink[] {
  return res.created.map((c) => ({ label: label(c), to: draftRoute(c.documentId, planId) }));
}

export interface PlacedErrors {
  /** Messages per plan line id. */
  byLine: Map<number, string[]>;
  /** Field errors per line id and field ("percent", "amount", "plannedDate"...), for the red border. */
  fields: Map<number, Set<string>>;
  /** Errors of the plan as a whole (or of no line shown). */
  general: string[];
}

export function placeErrors(list: readonly FieldError[], lines: readonly Pick<PlanLineView, 'id' | 'position'>[]): PlacedErrors {
  const out: PlacedErrors = { byLine: new Map(), fields: new Map(), general: [] };
  const byPosition = new Map(lines.map((l) => [l.position, l.id]));
  for (const e of list) {
    const m = /^lines\.(\d+)(?:\.(\w+))?/.exec(normalizeField(e.field));
    const id = m ? byPosition.get(Number(m[1]) + 1) : undefined;
    if (id === undefined) {
      out.general.push(errorText(e));
      continue;
    }
    out.byLine.set(id, [...(out.byLine.get(id) ?? []), errorText(e)]);
    if (m?.[2]) out.fields.set(id, new Set([...(out.fields.get(id) ?? []), m[2]]));
  }
  return out;
}
