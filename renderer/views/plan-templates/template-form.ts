/**
 * The plan-template editor's own logic, pure: the form (days kept as typed text, so "abc" is an error next to the field
 * instead of a silent 0), the API input it sends, the shape checks run before sending (the API's own zod schema, plus
 * the days as a whole number), the running total of the percentages, and the API's errors placed on the line and
 * column they concern ("lines[1].percent" is the percentage of line 2). The business rules (percentages within 100%,
 * one closing line, known payment codes, a unique name) stay the API's: the editor shows its answer.
 */
import { templateInput } from '../../../core/api/ipl-schemas';
import type { PlanLineType, PlanTemplate, PlanTemplateInput, PlanTemplateLine } from '../../../core/ipl/types';
import { Decimal } from '../../../core/money/decimal';
import { normalizeField, zodIssuesToMap, type ErrorMap } from '../../forms/errors';

export interface TemplateLineForm {
  /** Stable key for the list while lines are added and removed. */
  key: number;
  type: PlanLineType;
  percent?: string;
  /** As typed: a whole number of days from the order date. */
  days?: string;
  paymentTerm?: string;
  paymentMethod?: string;
  text?: string;
}

export interface TemplateForm {
  id?: number;
  name?: string;
  description?: string;
  lines: TemplateLineForm[];
}

let nextKey = 1;

/** A new line: the closing when the template already has an advance and no closing, else an advance on the order date. */
export function blankTemplateLine(existing: readonly Pick<TemplateLineForm, 'type'>[] = []): TemplateLineForm {
  const hasClosing = existing.some((l) => l.type === 'closing');
  const type: PlanLineType = existing.length > 0 && !hasClosing ? 'closing' : 'advance';
  return { key: nextKey++, type, days: '0' };
}

export function blankTemplate(): TemplateForm {
  return { lines: [blankTemplateLine()] };
}

export function formFromTemplate(t: PlanTemplate): TemplateForm {
  return {
    id: t.id,
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    lines: t.lines.map((l) => ({
      key: nextKey++,
      type: l.type,
      percent: l.percent,
      days: String(l.daysOffset),
      ...(l.paymentTerm ? { paymentTerm: l.paymentTerm } : {}),
      ...(l.paymentMethod ? { paymentMethod: l.paymentMethod } : {}),
      ...(l.text ? { text: l.text } : {}),
    })),
  };
}

const DAYS_RE = /^\d{1,4}$/;

/** Days as the API wants them; NaN when the text is not a whole number (the shape check reports it). */
function daysOf(text: string | undefined): number {
  const v = text?.trim() ?? '';
  return DAYS_RE.test(v) ? Number(v) : Number.NaN;
}

/**
 * The percentage as plain decimal text ("30", "12.5"), trailing zeros dropped but never rounded: more than 4 decimals
 * must reach the check, not become a different percentage. What cannot be read is passed on for the check to report.
 */
function percentOf(text: string | undefined): string {
  const d = Decimal.tryParse(text?.trim());
  return d ? d.normalize(0, d.significantScale()).toString() : (text?.trim() ?? '');
}

export function templateInputOf(form: TemplateForm): PlanTemplateInput {
  return {
    ...(form.id !== undefined ? { id: form.id } : {}),
    name: form.name?.trim() ?? '',
    ...(form.description?.trim() ? { description: form.description.trim() } : {}),
    lines: form.lines.map(
      (l): PlanTemplateLine => ({
        type: l.type,
        percent: percentOf(l.percent),
        daysOffset: daysOf(l.days),
        ...(l.paymentTerm ? { paymentTerm: l.paymentTerm } : {}),
        ...(l.paymentMethod ? { paymentMethod: l.paymentMethod } : {}),
        ...(l.text?.trim() ? { text: l.text.trim() } : {}),
      }),
    ),
  };
}

/** The editor's own texts for what the shape check finds in a line. */
export interface ShapeTexts {
  required: string;
  /** Days that are not a whole number. */
  daysInvalid: string;
  /** A percentage above 999 or with more than 4 decimals. */
  percentInvalid: string;
}

/**
 * What can be said before asking the API: missing name, percentage or days, a percentage or a number of days that
 * cannot be read.
 */
export function shapeErrors(form: TemplateForm, texts: ShapeTexts): ErrorMap {
  const input = templateInputOf(form);
  const parsed = templateInput.safeParse(input);
  const out: ErrorMap = parsed.success ? {} : zodIssuesToMap(parsed.error.issues, '', input);
  form.lines.forEach((l, i) => {
    const days = `lines.${i}.daysOffset`;
    if (!l.days?.trim()) out[days] = texts.required;
    else if (!DAYS_RE.test(l.days.trim())) out[days] = texts.daysInvalid;
    const pct = `lines.${i}.percent`;
    if (!l.percent?.trim()) out[pct] = texts.required;
    else if (out[pct]) out[pct] = texts.percentInvalid;
  });
  if (out.name && !form.name?.trim()) out.name = texts.required;
  return out;
}

/** Sum of the percentages that can be read (for the running total under the lines). */
export function percentTotal(form: Pick<TemplateForm, 'lines'>): Decimal {
  return Decimal.sum(form.lines.map((l) => Decimal.tryParse(l.percent?.trim()) ?? Decimal.ZERO));
}

/** The API's field errors as the editor's error map ("template.lines[0].percent" -> "lines.0.percent"). */
export function apiErrorMap(list: readonly { field: string; message: string; fix?: string }[], text: (e: { message: string; fix?: string }) => string): ErrorMap {
  const out: ErrorMap = {};
  for (const e of list) {
    let f = normalizeField(e.field);
    if (f.startsWith('template.')) f = f.slice('template.'.length);
    if (!(f in out)) out[f] = text(e);
  }
  return out;
}

export type LineColumn = 'type' | 'percent' | 'daysOffset' | 'paymentTerm' | 'paymentMethod' | 'text';
export const LINE_COLUMNS: readonly LineColumn[] = ['type', 'percent', 'daysOffset', 'paymentTerm', 'paymentMethod', 'text'];

/** The messages of line `i` (any column), each with its column; "Riga 2: " of the core's text is dropped (the row says it). */
export function lineMessages(errors: ErrorMap, i: number): { column: LineColumn | null; text: string }[] {
  const prefix = `lines.${i}`;
  const out: { column: LineColumn | null; text: string }[] = [];
  for (const [field, text] of Object.entries(errors)) {
    if (field !== prefix && !field.startsWith(`${prefix}.`)) continue;
    const col = field.slice(prefix.length + 1).split('.')[0] ?? '';
    out.push({ column: (LINE_COLUMNS as readonly string[]).includes(col) ? (col as LineColumn) : null, text: text.replace(/^Riga \d+: /, '') });
  }
  return out;
}

/** Errors not tied to a field the editor shows (e.g. "lines" as a whole, or an unknown path): listed above the lines. */
export function generalMessages(errors: ErrorMap, lineCount: number): string[] {
  const shown = (f: string): boolean => {
    if (f === 'name' || f === 'description') return true;
    const m = /^lines\.(\d+)(\.|$)/.exec(f);
    return m !== null && Number(m[1]) < lineCount;
  };
  return Object.entries(errors)
    .filter(([f]) => !shown(f))
    .map(([, text]) => text);
}
