/**
 * Italian formats for what the user reads and types: numbers "1.234,56", money "€ 1.234,56", dates "23/11/2026".
 * Amounts arrive from the API as decimal text and are formatted from the text itself (Intl accepts decimal strings
 * exactly), never through a float. Parsing turns what a bookkeeper types back into the API's decimal text.
 */

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(minFrac: number, maxFrac: number): Intl.NumberFormat {
  const key = `${minFrac}:${maxFrac}`;
  let f = numberFormats.get(key);
  if (!f) {
    // useGrouping 'always': Italian CLDR data would leave 4-digit numbers ungrouped ("1234,56"); accountants group them.
    f = new Intl.NumberFormat('it-IT', { minimumFractionDigits: minFrac, maximumFractionDigits: maxFrac, useGrouping: 'always' });
    numberFormats.set(key, f);
  }
  return f;
}

const DECIMAL_TEXT = /^[+-]?\d+(\.\d+)?$/;

/** "1234.5" -> "1.234,50". Text that is not a decimal is returned as it is (never hides a value). */
export function formatNumber(value: string | undefined | null, minFrac = 2, maxFrac = minFrac): string {
  if (value === undefined || value === null || value === '') return '';
  const v = value.trim();
  if (!DECIMAL_TEXT.test(v)) return value;
  // Intl.NumberFormat.format takes a string as an exact decimal; the cast is for older lib typings.
  return numberFormat(minFrac, Math.max(minFrac, maxFrac)).format(v as unknown as number);
}

/** "1234.5" -> "€ 1.234,50" (the symbol first, as on Italian invoices). */
export function formatMoney(value: string | undefined | null): string {
  if (value === undefined || value === null || value === '') return '';
  const n = formatNumber(value, 2, 2);
  if (n.startsWith('-')) return `-€ ${n.slice(1)}`;
  return `€ ${n}`;
}

/** Counts: 100000 -> "100.000". */
export function formatCount(n: number): string {
  return formatNumber(String(Math.trunc(n)), 0, 0);
}

/** Quantities and unit prices keep the decimals entered (2 to 8). */
export function formatQuantity(value: string | undefined | null): string {
  return formatNumber(value, 2, 8);
}

/** Percentages: "22.00" -> "22", "5.5" -> "5,5". */
export function formatPercent(value: string | undefined | null): string {
  return formatNumber(value, 0, 2);
}

/** "2026-11-23" -> "23/11/2026". */
export function formatDate(iso: string | undefined | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** "2026-11-23T10:20:00Z" -> "23/11/2026 11:20" in the user's time zone. */
export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/**
 * What a bookkeeper types -> API decimal text, or null when it is not a number.
 * "1.234,56" / "1234,56" / "1234.56" / "-3" / "1.000" (a single dot before exactly three digits is a thousands
 * separator, as in Italian) / "€ 12,50". Empty text -> null.
 */
export function parseDecimalInput(text: string | undefined | null): string | null {
  if (text === undefined || text === null) return null;
  let s = text.trim().replace(/[€\s\u00a0]/g, '');
  if (s === '') return null;
  let sign = '';
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  if (s.includes(',')) {
    // Comma = decimal separator; dots are thousands separators and must be in the right places.
    const [int, frac, ...rest] = s.split(',');
    if (rest.length) return null;
    if (!/^\d{1,3}(\.\d{3})*$|^\d*$/.test(int!)) return null;
    if (!/^\d*$/.test(frac!)) return null;
    s = (int!.replace(/\./g, '') || '0') + (frac ? `.${frac}` : '');
  } else {
    const dots = s.split('.').length - 1;
    if (dots > 1) {
      if (!/^\d{1,3}(\.\d{3})+$/.test(s)) return null;
      s = s.replace(/\./g, '');
    } else if (dots === 1 && /^\d{1,3}\.\d{3}$/.test(s)) {
      s = s.replace('.', '');
    } else if (!/^\d+(\.\d*)?$|^\.\d+$/.test(s)) {
      return null;
    }
    if (s.endsWith('.')) s = s.slice(0, -1);
    if (s.startsWith('.')) s = `0${s}`;
  }
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  // Drop leading zeros ("007" -> "7") but keep "0.5".
  s = s.replace(/^0+(?=\d)/, '');
  return sign === '-' && !/^0(\.0+)?$/.test(s) ? `-${s}` : s;
}

/** API decimal text -> what the input shows while editing ("1234.5" -> "1234,5"; no grouping, keeps digits). */
export function decimalToInput(value: string | undefined | null): string {
  if (value === undefined || value === null) return '';
  return value.replace('.', ',');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * What a bookkeeper types as a date -> "YYYY-MM-DD", or null. Accepts "23/11/2026", "23-11-2026", "23.11.26",
 * "23112026", "231126", "23/11" (year of `today`), and ISO "2026-11-23".
 */
export function parseDateInput(text: string | undefined | null, today: string): string | null {
  if (!text) return null;
  const s = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (iso) return isRealDate(+iso[1]!, +iso[2]!, +iso[3]!) ? s : null;
  const currentYear = Number(today.slice(0, 4));
  let d: number, m: number, y: number;
  const parts = /^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$/.exec(s);
  const compact = /^(\d{2})(\d{2})(\d{2}|\d{4})$/.exec(s);
  if (parts) {
    d = +parts[1]!;
    m = +parts[2]!;
    y = parts[3] === undefined ? currentYear : +parts[3];
    if (parts[3]?.length === 2) y += 2000;
  } else if (compact) {
    d = +compact[1]!;
    m = +compact[2]!;
    y = +compact[3]!;
    if (compact[3]!.length === 2) y += 2000;
  } else {
    return null;
  }
  if (!isRealDate(y, m, d)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}
