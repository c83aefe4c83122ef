/**
 * Field errors as forms show them: a map from the field path ("address.cap", "lines.2.aliquotaIva") to the Italian
 * text shown under the input. Business errors come from the API (FieldError, paths like "lines[2].x"); shape errors
 * from the same zod schemas the API uses (core/api/schemas.ts), so the rules live in one place.
 */
import type { FieldError } from '../../core/invoicing/customers';

export type ErrorMap = Record<string, string>;

/** "lines[2].aliquotaIva" and "lines.2.aliquotaIva" are the same field. */
export function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** Message and fix in one sentence pair: "Il CAP italiano deve avere 5 cifre. Correggi il CAP (es. 20121)." */
export function errorText(e: { message: string; fix?: string }): string {
  const msg = e.message.trim();
  if (!e.fix) return msg;
  const sep = /[.!?]$/.test(msg) ? ' ' : '. ';
  return `${msg}${sep}${e.fix.trim()}`;
}

/** The first error of each field wins (the most basic one: validators report in order). */
export function toErrorMap(list: readonly FieldError[], prefix = ''): ErrorMap {
  const out: ErrorMap = {};
  for (const e of list) {
    let f = normalizeField(e.field);
    if (prefix && f.startsWith(prefix)) f = f.slice(prefix.length);
    if (!(f in out)) out[f] = errorText(e);
  }
  return out;
}

interface ZodIssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  input?: unknown;
}

/** Zod's generic Italian texts ("Troppo piccolo: …") replaced by what a bookkeeper understands; custom ones kept. */
export function zodIssueText(issue: ZodIssueLike): string {
  const generic = /^(Troppo piccolo|Troppo grande|Input non valido|Opzione non valida|Stringa non valida|Invalid|Too)/i.test(issue.message);
  if (!generic) return issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Campo obbligatorio.';
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return Number(issue.minimum) <= 1 ? 'Campo obbligatorio.' : `Almeno ${issue.minimum} caratteri.`;
  }
  if (issue.code === 'too_big' && issue.origin === 'string') return `Al massimo ${issue.maximum} caratteri.`;
  if (issue.code === 'too_small' && issue.origin === 'array') return 'Aggiungine almeno uno.';
  if (issue.code === 'invalid_value') return 'Scegli un valore dall’elenco.';
  if (issue.code === 'invalid_format') return 'Formato non valido.';
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * Zod issues as field errors. With `root` (the validated value), an empty required value reads "Campo obbligatorio"
 * whatever the rule that caught it (a regex on an empty amount is not a "wrong format" to the user).
 */
export function zodIssuesToMap(issues: readonly ZodIssueLike[], prefix = '', root?: unknown): ErrorMap {
  const out: ErrorMap = {};
  for (const issue of issues) {
    let f = issue.path.map(String).join('.');
    if (prefix && f.startsWith(prefix)) f = f.slice(prefix.length);
    if (f in out) continue;
    const empty = root !== undefined && ['', undefined].includes(valueAt(root, issue.path) as string | undefined) && issue.code !== 'custom';
    out[f] = empty ? 'Campo obbligatorio.' : zodIssueText(issue);
  }
  return out;
}

/** Errors whose field is not among those the form shows (so they are listed at the top instead of being lost). */
export function unplacedErrors(errors: ErrorMap, shown: (field: string) => boolean): string[] {
  return Object.entries(errors)
    .filter(([f]) => !shown(f))
    .map(([f, text]) => (f ? `${f}: ${text}` : text));
}

/** Leaf values of a form object by dot path ("address.cap" -> "20121"). */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

/** The errors minus those of fields whose value changed: a field being corrected loses its message at once. */
export function withoutChanged(errors: ErrorMap, before: Record<string, unknown>, after: Record<string, unknown>): ErrorMap {
  const out: ErrorMap = {};
  for (const [f, text] of Object.entries(errors)) {
    if (before[f] === after[f]) out[f] = text;
  }
  return out;
}
