/**
 * Number, money, percentage and date formats of the courtesy copy. Values come straight from a FatturaPA model (decimal
 * text, ISO dates), possibly from an imported file: a value that does not parse is shown as written, never dropped and
 * never a reason to fail. Arithmetic uses Decimal; nothing goes through a float.
 */
import { Decimal } from '../money/decimal';

export type PdfLocale = 'it' | 'en';

interface Separators {
  group: string;
  decimal: string;
}

const SEPARATORS: Record<PdfLocale, Separators> = {
  it: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/** Currency symbols worth printing; any other ISO 4217 code is printed as the code ("CHF 10,00"). */
const CURRENCY_SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£', JPY: '¥' };

function group(int: string, sep: string): string {
  if (int.length <= 3) return int;
  let out = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) out += sep;
    out += int[i];
  }
  return out;
}

/** Plain decimal text ("-1234.5") in the locale's format with grouping ("-1.234,5"). */
function localize(plain: string, locale: PdfLocale): string {
  const { group: g, decimal } = SEPARATORS[locale];
  const neg = plain.startsWith('-');
  const [int, frac] = (neg ? plain.slice(1) : plain).split('.');
  return `${neg ? '-' : ''}${group(int!, g)}${frac !== undefined ? decimal + frac : ''}`;
}

function parse(value: string | undefined): Decimal | undefined {
  return value === undefined ? undefined : Decimal.tryParse(value);
}

/**
 * A decimal with at least `minDecimals` and at most `maxDecimals` decimals (trailing zeros beyond the minimum dropped,
 * half-up rounding beyond the maximum): formatNumber('1234.5', 2, 2) = "1.234,50". Undefined gives "".
 */
export function formatNumber(value: string | undefined, minDecimals = 2, maxDecimals = minDecimals, locale: PdfLocale = 'it'): string {
  const d = parse(value);
  if (d === undefined) return value?.trim() ?? '';
  return localize(d.normalize(minDecimals, maxDecimals).toString(), locale);
}

/** An amount with 2 decimals: "1.234,56". */
export function formatAmount(value: string | undefined, locale: PdfLocale = 'it'): string {
  return formatNumber(value, 2, 2, locale);
}

/** A quantity or unit price as entered, 2 to 8 decimals: "5,00", "1,125". */
export function formatQuantity(value: string | undefined, locale: PdfLocale = 'it'): string {
  return formatNumber(value, 2, 8, locale);
}

export function currencySymbol(divisa: string | undefined): string {
  const code = (divisa ?? 'EUR').trim().toUpperCase() || 'EUR';
  return CURRENCY_SYMBOLS[code] ?? code;
}

/** An amount with its currency: "€ 1.234,56", "€ -200,00", "CHF 10,00". */
export function formatMoney(value: string | undefined, divisa: string | undefined, locale: PdfLocale = 'it'): string {
  const amount = formatAmount(value, locale);
  return amount === '' ? '' : `${currencySymbol(divisa)} ${amount}`;
}

/** A rate: "22%", "5,5%", "0%". */
export function formatPercent(value: string | undefined, locale: PdfLocale = 'it'): string {
  const d = parse(value);
  if (d === undefined) return value?.trim() ?? '';
  return `${localize(d.normalize(0, 4).toString(), locale)}%`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const ISO_TIME = /T(\d{2}):(\d{2})/;

/** "2026-11-23" → "23/11/2026"; a dateTime also shows hours and minutes as written ("10/01/2017 16:46"). */
export function formatDate(value: string | undefined): string {
  if (value === undefined) return '';
  const v = value.trim();
  const m = ISO_DATE.exec(v);
  if (!m) return v;
  const date = `${m[3]}/${m[2]}/${m[1]}`;
  const t = v.length > 10 ? ISO_TIME.exec(v) : null;
  return t ? `${date} ${t[1]}:${t[2]}` : date;
}

/** Sum of decimal texts, skipping values that do not parse. */
export function sumOf(values: Array<string | undefined>): Decimal {
  let acc = Decimal.ZERO;
  for (const v of values) {
    const d = parse(v);
    if (d !== undefined) acc = acc.add(d);
  }
  return acc;
}

/** Decimal from text, or undefined when the text is missing or not a decimal. */
export function decimalOf(value: string | undefined): Decimal | undefined {
  return parse(value);
}

/** An IBAN in groups of four, the way it is printed on paper: "IT60 X054 2811 1010 0000 0123 456". */
export function formatIban(iban: string | undefined): string {
  if (iban === undefined) return '';
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  return compact.replace(/(.{4})(?=.)/g, '$1 ');
}
