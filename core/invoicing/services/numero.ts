/**
 * The Numero written into the document, from the series format: {n} the number, {n:5} zero-padded to 5 digits, {yyyy}
 * and {yy} the year of the numbering, {series} the series code. FatturaPA's Numero is 1-20 characters with a digit.
 */
import { fail } from '../../errors';

const TOKEN_RE = /\{(n(?::(\d{1,2}))?|yyyy|yy|series)\}/g;
const NUMERO_MAX = 20;

/** A format split once into literal text and tokens (the same matches TOKEN_RE's replace would make). */
type Segment = string | { token: string; width?: number };
const compiled = new Map<string, Segment[]>();

function segmentsOf(format: string): Segment[] {
  let segments = compiled.get(format);
  if (segments !== undefined) return segments;
  segments = [];
  let from = 0;
  for (const m of format.matchAll(TOKEN_RE)) {
    if (m.index > from) segments.push(format.slice(from, m.index));
    segments.push(m[2] === undefined ? { token: m[1]! } : { token: 'n', width: Number(m[2]) });
    from = m.index + m[0].length;
  }
  if (from < format.length) segments.push(format.slice(from));
  // A company has a handful of series: the cache stays small, and is dropped if something feeds it many formats.
  if (compiled.size >= 64) compiled.clear();
  compiled.set(format, segments);
  return segments;
}

export function formatNumero(format: string, parts: { number: number; year: number; series: string }): string {
  const segments = segmentsOf(format);
  if (!segments.some((s) => typeof s !== 'string' && s.token === 'n')) {
    fail('FORMATO_NUMERO_NON_VALIDO', `Il formato di numerazione «${format}» non contiene il numero ({n} o {n:5}).`, {
      fix: 'Correggi il formato della serie nelle impostazioni, ad esempio «{n}/{yyyy}».',
      field: 'series.format',
    });
  }
  let numero = '';
  for (const s of segments) {
    if (typeof s === 'string') numero += s;
    else if (s.token === 'yyyy') numero += String(parts.year).padStart(4, '0');
    else if (s.token === 'yy') numero += String(parts.year % 100).padStart(2, '0');
    else if (s.token === 'series') numero += parts.series;
    else numero += s.width ? String(parts.number).padStart(s.width, '0') : String(parts.number);
  }
  if (numero.length > NUMERO_MAX) {
    fail('NUMERO_TROPPO_LUNGO', `Il numero «${numero}» supera i ${NUMERO_MAX} caratteri ammessi dal tracciato FatturaPA.`, {
      fix: 'Accorcia il formato della serie o il codice della serie.',
      field: 'series.format',
    });
  }
  if (!/\d/.test(numero)) {
    fail('NUMERO_SENZA_CIFRE', `Il numero «${numero}» non contiene cifre: lo SdI lo scarterebbe.`, { fix: 'Includi {n} nel formato della serie.' });
  }
  return numero;
}
