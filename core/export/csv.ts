/**
 * CSV the way Excel opens it in Italy: UTF-8 with a byte-order mark (so accented letters survive), semicolon between
 * fields (the comma is the decimal separator), CRLF line ends, decimal comma and no thousands separator (so the
 * cells are numbers, not text). A field is quoted when it holds a separator, a quote, a line break or leading or
 * trailing blanks; a field starting with = + - @ that is not a number gets a leading apostrophe, so a spreadsheet never
 * runs it as a formula (names and descriptions come from invoices made by others).
 */
import { Decimal } from '../money/decimal';

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[;"\r\n]|^\s|\s$/;
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(,\d+)?$/;

export function csvField(value: string | undefined | null): string {
  let v = value ?? '';
  if (FORMULA.test(v) && !NUMBER.test(v)) v = `'${v}`;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** "1234.5" → "1234,50" (2 decimals, half-up); undefined or empty → "". */
export function italianAmount(value: string | undefined, negate = false): string {
  if (value === undefined || value.trim() === '') return '';
  let d = Decimal.parse(value.trim()).round(2);
  if (negate) d = d.neg();
  return d.toFixed(2).replace('.', ',');
}

/** "22.00" → "22,00"; keeps up to 2 decimals as the rate is written. */
export function italianRate(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return '';
  return Decimal.parse(value.trim()).round(2).toFixed(2).replace('.', ',');
}

/** YYYY-MM-DD → DD/MM/YYYY (what Excel in Italian reads as a date). */
export function italianDate(iso: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? '');
}

export function csvDocument(header: readonly string[], rows: readonly (readonly (string | undefined)[])[]): Uint8Array {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(';'));
  return new TextEncoder().encode(BOM + lines.join('\r\n') + '\r\n');
}
