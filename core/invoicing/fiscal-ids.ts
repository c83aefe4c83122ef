/**
 * Offline checks of Italian and EU fiscal identifiers: Partita IVA (11 digits with the Luhn-style check digit of
 * DM 23/12/1976), Codice Fiscale (16 characters with check character and omocodia letters, or 11 digits for
 * organisations) and the shape of EU VAT numbers as VIES publishes them. No network: VIES lookups live elsewhere.
 */

/** Trims, uppercases and removes spaces, dots and dashes; drops a leading "IT" from an 11-digit Italian P.IVA. */
export function normalizeFiscalId(s: string | undefined | null): string {
  if (s === undefined || s === null) return '';
  const compact = s.trim().toUpperCase().replace(/[\s.\-/]/g, '');
  if (/^IT\d{11}$/.test(compact)) return compact.slice(2);
  return compact;
}

/** Check digit of the first ten digits of a Partita IVA (also used by numeric codici fiscali of organisations). */
export function partitaIvaCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = first10.charCodeAt(i) - 48;
    // Positions 2, 4, 6, 8, 10 (1-based) are doubled, subtracting 9 when the result has two digits.
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidPartitaIva(code: string): boolean {
  const c = normalizeFiscalId(code);
  if (!/^\d{11}$/.test(c)) return false;
  // 00000000000 passes the checksum but is never assigned.
  if (c === '00000000000') return false;
  return partitaIvaCheckDigit(c.slice(0, 10)) === c.charCodeAt(10) - 48;
}

// Values of characters in odd positions (1st, 3rd, ... 15th) for the check character; digits share the letters' values.
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const MONTH_LETTERS = 'ABCDEHLMPRST';
/** Omocodia: a digit in positions 7, 8, 10, 11, 13, 14, 15 may be replaced by the letter at its index here. */
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14]; // 0-based

function charIndex(ch: string): number {
  const code = ch.charCodeAt(0);
  return code >= 48 && code <= 57 ? code - 48 : code - 65;
}

/** The 16th character of a personal codice fiscale, from its first 15 characters. */
export function codiceFiscaleCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const idx = charIndex(first15[i]!);
    sum += i % 2 === 0 ? ODD_VALUES[idx]! : idx;
  }
  return String.fromCharCode(65 + (sum % 26));
}

function isValidPersonalCf(cf: string): boolean {
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(cf)) return false;
  if (!MONTH_LETTERS.includes(cf[8]!)) return false;
  // Undo omocodia to check the day of birth (01-31 for men, 41-71 for women).
  const plain = cf.split('');
  for (const p of DIGIT_POSITIONS) {
    const k = OMOCODIA_LETTERS.indexOf(plain[p]!);
    if (k >= 0) plain[p] = String(k);
  }
  const day = Number(plain[9]! + plain[10]!);
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
  return codiceFiscaleCheckChar(cf.slice(0, 15)) === cf[15];
}

/** A personal codice fiscale (16 characters) or the numeric one of an organisation (11 digits, P.IVA rules). */
export function isValidCodiceFiscale(cf: string): boolean {
  const c = (cf ?? '').trim().toUpperCase().replace(/\s/g, '');
  if (c.length === 16) return isValidPersonalCf(c);
  if (c.length === 11) return isValidPartitaIva(c);
  return false;
}

/**
 * Shape of the VAT number (without the country prefix) for each EU member state, as published by VIES. Greece is "GR"
 * in FatturaPA (ISO 3166) while VIES calls it "EL": both are accepted. "XI" is Northern Ireland.
 */
const EU_VAT_SHAPES: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  GR: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

export const EU_COUNTRIES: ReadonlySet<string> = new Set(
  ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'GR', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
);

export function isEuCountry(idPaese: string): boolean {
  return EU_COUNTRIES.has(idPaese.toUpperCase());
}

/**
 * Checks a VAT number of the given country: Italian ones with the check digit, EU ones by their VIES shape, any other
 * country only by the FatturaPA IdCodice shape (1-28 letters or digits). `code` may carry the country prefix.
 */
export function isValidVatNumber(idPaese: string, code: string): boolean {
  const country = idPaese.trim().toUpperCase();
  let c = (code ?? '').trim().toUpperCase().replace(/[\s.\-]/g, '');
  if (c.startsWith(country) && c.length > country.length + 1) c = c.slice(country.length);
  if (country === 'GR' && c.startsWith('EL')) c = c.slice(2);
  if (country === 'IT') return isValidPartitaIva(c);
  if (c.length === 0 || c.length > 28 || !/^[A-Z0-9+*]+$/.test(c)) return false;
  const shape = EU_VAT_SHAPES[country];
  return shape ? shape.test(c) : /^[A-Z0-9]{1,28}$/.test(c);
}
