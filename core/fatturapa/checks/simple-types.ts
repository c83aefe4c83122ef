/**
 * The XSD simple types of FatturaPA compiled once at module load into checkers that tell, in Italian, what is wrong
 * with a value. Driven by `fatturaPASchema.simpleTypes`: patterns are compiled once as ^(?:...)$ with the 'u' flag,
 * enumerations become Sets, numeric bounds become Decimals. A check returns undefined for a valid value (no allocation)
 * or a `SimpleProblem` describing the first problem found.
 */
import { Decimal } from '../../money/decimal';
import type { SimpleKind, SimpleTypeDescription } from '../schema-types';
import { fatturaPASchema } from '../schema.generated';

export interface SimpleProblem {
  /** What is wrong, without the field name: "deve avere esattamente 2 decimali (trovato "12.5")". */
  problem: string;
  fix: string;
}

export interface CompiledSimpleType {
  name: string;
  kind: SimpleKind;
  check(value: string): SimpleProblem | undefined;
}

/** Human description of the format of some types whose pattern says little to a bookkeeper. */
const FORMAT_HINTS: Record<string, string> = {
  CodiceDestinatarioType: '6 caratteri (PA) o 7 caratteri (privati) maiuscoli o cifre, es. "ABC1234" o "0000000"',
  CodiceFiscaleType: 'da 11 a 16 caratteri maiuscoli o cifre, senza spazi',
  CodiceFiscalePFType: '16 caratteri maiuscoli o cifre (codice fiscale di persona fisica)',
  IBANType: 'IBAN senza spazi, es. "IT60X0542811101000000123456"',
  BICType: 'codice BIC/SWIFT di 8 o 11 caratteri maiuscoli',
  ProvinciaType: 'sigla di 2 lettere maiuscole, es. "RM"',
  NazioneType: 'codice paese ISO di 2 lettere maiuscole, es. "IT"',
  DivisaType: 'codice valuta ISO di 3 lettere maiuscole, es. "EUR"',
  TipoResaType: 'codice Incoterms di 3 lettere maiuscole, es. "EXW"',
  CAPType: '5 cifre, es. "00100" (per l\'estero "00000")',
  ABIType: '5 cifre',
  CABType: '5 cifre',
  EmailType: 'indirizzo di posta elettronica valido, es. "nome@dominio.it"',
  EmailContattiType: 'indirizzo di posta elettronica valido, es. "nome@dominio.it"',
  TelFaxType: 'da 5 a 12 caratteri, solo caratteri ASCII',
};

/** Patterns of the form [\u0000-\u007F]{m,n} / [\u0000-\u00FF]{m,n}: explained as charset + length. */
const CHARSET_PATTERN = /^\(?\[\\u0000-\\u00(7F|FF)\]\{(\d+),(\d+)\}\)?$/;
/** Decimal patterns: optional minus, {a,b} integer digits, point, {c,d} decimals. */
const DECIMAL_PATTERN = /^(\[\\-\]\?)?\[0-9\]\{(\d+),(\d+)\}\\\.\[0-9\]\{(\d+)(?:,(\d+))?\}$/;
/** Any plain decimal number, used to explain why a value fails its (stricter) type pattern. */
const LOOSE_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const INTEGER = /^[+-]?\d+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;
const LINE_BREAKS = /[\r\n\t]/;
const NEEDS_COLLAPSE = /^[ \t\r\n]|[ \t\r\n]$|[\t\r\n]| {2}/;
const WHITESPACE_RUN = /[\t\r\n ]+/g;
const ZERO_FRACTION = /^\.0+$/;

const FIX_DECIMAL = 'Scrivere il numero con il punto come separatore decimale, senza separatore delle migliaia.';

function quote(value: string): string {
  return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
}

/** Number of Unicode characters (XSD lengths count characters, JS counts UTF-16 units). */
export function charLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // low surrogates belong to the previous character
  }
  return n;
}

/** xs:token / whiteSpace="collapse": tabs and line breaks become spaces, runs of spaces become one, ends trimmed. */
export function collapseWhitespace(value: string): string {
  if (!NEEDS_COLLAPSE.test(value)) return value;
  return value.replace(WHITESPACE_RUN, ' ').trim();
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when year-month-day is a real calendar date (year 0000 does not exist in XSD 1.0). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= max;
}

/** "YYYY-MM-DD" that is a real date. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && m[4] === undefined && isRealDate(+m[1]!, +m[2]!, +m[3]!);
}

/**
 * xs:base64Binary: groups of 4 characters of the base64 alphabet, '=' padding only at the end, whitespace allowed
 * between characters (attachments are usually wrapped at 76 columns). Scans without copying: attachments can be large.
 */
export function base64Problem(value: string): string | undefined {
  let count = 0;
  let padding = 0;
  let lastData = -1; // char code of the last non-padding character
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (c === 61 /* = */) {
      padding++;
      count++;
      continue;
    }
    const isAlphabet =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 /* + */ || c === 47; /* / */
    if (!isAlphabet) return `contiene il carattere non ammesso ${quote(value[i]!)} alla posizione ${i + 1}`;
    if (padding > 0) return 'ha caratteri dopo il riempimento "="';
    lastData = c;
    count++;
  }
  if (count % 4 !== 0) return `ha una lunghezza non multipla di 4 (${count} caratteri significativi)`;
  if (padding > 2) return 'ha più di due caratteri di riempimento "="';
  // The bits dropped by the padding must be zero (canonical base64, as XSD requires).
  if (padding === 2 && lastData >= 0 && !'AQgw'.includes(String.fromCharCode(lastData))) {
    return 'ha un carattere finale non valido prima di "=="';
  }
  if (padding === 1 && lastData >= 0 && !'AEIMQUYcgkosw048'.includes(String.fromCharCode(lastData))) {
    return 'ha un carattere finale non valido prima di "="';
  }
  return undefined;
}

function compile(name: string, d: SimpleTypeDescription): CompiledSimpleType {
  const pattern = d.pattern !== undefined ? new RegExp(`^(?:${d.pattern})$`, 'u') : undefined;
  const enumeration = d.enumeration ? new Set(d.enumeration) : undefined;
  const charset = d.pattern ? CHARSET_PATTERN.exec(d.pattern) : null;
  const decimalShape = d.pattern ? DECIMAL_PATTERN.exec(d.pattern) : null;
  const hint = FORMAT_HINTS[name];
  const minDec = d.minInclusive !== undefined && (d.kind === 'decimal' || d.kind === 'integer') ? Decimal.parse(d.minInclusive) : undefined;
  const maxDec = d.maxInclusive !== undefined && (d.kind === 'decimal' || d.kind === 'integer') ? Decimal.parse(d.maxInclusive) : undefined;
  const minDate = d.kind === 'date' ? d.minInclusive : undefined;
  const maxDate = d.kind === 'date' ? d.maxInclusive : undefined;

  function lengthProblem(value: string): SimpleProblem | undefined {
    if (d.length === undefined && d.minLength === undefined && d.maxLength === undefined) return undefined;
    const n = charLength(value);
    if (d.length !== undefined && n !== d.length) {
      return {
        problem: `deve essere lungo esattamente ${d.length} caratteri (trovato ${quote(value)}, ${n} caratteri)`,
        fix: `Indicare un valore di ${d.length} caratteri.`,
      };
    }
    if (d.minLength !== undefined && n < d.minLength) {
      return n === 0
        ? { problem: 'è vuoto', fix: 'Compilare il campo oppure ometterlo se facoltativo.' }
        : { problem: `deve avere almeno ${d.minLength} caratteri (trovato ${quote(value)})`, fix: `Indicare almeno ${d.minLength} caratteri.` };
    }
    if (d.maxLength !== undefined && n > d.maxLength) {
      return {
        problem: `supera i ${d.maxLength} caratteri ammessi (${n} caratteri)`,
        fix: `Accorciare il testo a ${d.maxLength} caratteri al massimo.`,
      };
    }
    return undefined;
  }

  function explainCharset(value: string): SimpleProblem {
    const max = charset![1] === '7F' ? 0x7f : 0xff;
    const minLen = +charset![2]!;
    const maxLen = +charset![3]!;
    const n = charLength(value);
    if (n === 0) return { problem: 'è vuoto', fix: 'Compilare il campo oppure ometterlo se facoltativo.' };
    if (n < minLen) return { problem: `deve avere almeno ${minLen} caratteri (trovato ${quote(value)})`, fix: `Indicare almeno ${minLen} caratteri.` };
    if (n > maxLen) return { problem: `supera i ${maxLen} caratteri ammessi (${n} caratteri)`, fix: `Accorciare il testo a ${maxLen} caratteri al massimo.` };
    for (const ch of value) {
      if (ch.codePointAt(0)! > max) {
        return max === 0x7f
          ? {
              problem: `contiene il carattere non ammesso "${ch}" (sono ammessi solo caratteri ASCII, senza lettere accentate)`,
              fix: 'Sostituire le lettere accentate con la lettera seguita da apostrofo (es. "perche\'") e togliere i simboli speciali.',
            }
          : {
              problem: `contiene il carattere non ammesso "${ch}" (sono ammessi solo i caratteri dell'alfabeto latino esteso, Latin-1)`,
              fix: 'Togliere simboli come €, virgolette tipografiche, emoji o caratteri di altri alfabeti.',
            };
      }
    }
    return { problem: `non rispetta il formato richiesto (trovato ${quote(value)})`, fix: 'Correggere il valore.' };
  }

  function explainDecimal(value: string): SimpleProblem {
    const m = LOOSE_DECIMAL.exec(value);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
      return { problem: `deve essere un numero con il punto come separatore decimale (trovato ${quote(value)})`, fix: FIX_DECIMAL };
    }
    if (decimalShape) {
      const allowsMinus = decimalShape[1] !== undefined;
      const maxInt = +decimalShape[3]!;
      const [minDec2, maxDec2] = d.decimals ?? [+decimalShape[4]!, +(decimalShape[5] ?? decimalShape[4]!)];
      const decimals = (m[3] ?? '').length;
      if (m[1] === '+') return { problem: `non deve avere il segno "+" (trovato ${quote(value)})`, fix: 'Togliere il segno "+".' };
      if (m[1] === '-' && !allowsMinus) return { problem: `non può essere negativo (trovato ${quote(value)})`, fix: 'Indicare un valore positivo o zero.' };
      if (decimals < minDec2 || decimals > maxDec2) {
        const wanted = minDec2 === maxDec2 ? `esattamente ${minDec2} decimali` : `da ${minDec2} a ${maxDec2} decimali`;
        const howMany = minDec2 === maxDec2 ? `${minDec2} decimali` : `almeno ${minDec2} e al massimo ${maxDec2} decimali`;
        return { problem: `deve avere ${wanted} (trovato ${quote(value)})`, fix: `Scrivere il valore con ${howMany}, es. "${minDec2 === 1 ? '12.5' : '12.50'}".` };
      }
      if (m[2]!.length === 0) return { problem: `deve avere almeno una cifra prima del punto (trovato ${quote(value)})`, fix: 'Scrivere ad esempio "0.50" invece di ".50".' };
      if (m[2]!.length > maxInt) return { problem: `ha troppe cifre intere (al massimo ${maxInt}, trovato ${quote(value)})`, fix: 'Controllare l\'importo: è troppo grande per il tracciato.' };
    }
    return { problem: `non rispetta il formato numerico richiesto (trovato ${quote(value)})`, fix: FIX_DECIMAL };
  }

  function boundsProblem(value: string, kind: 'decimal' | 'integer'): SimpleProblem | undefined {
    if (minDec === undefined && maxDec === undefined) return undefined;
    const v = Decimal.tryParse(value);
    if (v === undefined) return undefined;
    if (minDec && v.lt(minDec)) {
      return maxDec
        ? { problem: `deve essere compreso tra ${minDec} e ${maxDec} (trovato ${quote(value)})`, fix: `Indicare un valore da ${minDec} a ${maxDec}.` }
        : { problem: `deve essere almeno ${minDec} (trovato ${quote(value)})`, fix: `Indicare un valore non inferiore a ${minDec}.` };
    }
    if (maxDec && v.gt(maxDec)) {
      const percent = name === 'RateType' ? ' (è una percentuale: 22% si scrive "22.00")' : '';
      return minDec && kind === 'integer'
        ? { problem: `deve essere compreso tra ${minDec} e ${maxDec} (trovato ${quote(value)})`, fix: `Indicare un valore da ${minDec} a ${maxDec}.` }
        : { problem: `deve essere al massimo ${maxDec}${percent} (trovato ${quote(value)})`, fix: `Indicare un valore non superiore a ${maxDec}.` };
    }
    return undefined;
  }

  function checkString(raw: string): SimpleProblem | undefined {
    if (d.normalized && LINE_BREAKS.test(raw)) {
      return { problem: 'contiene a capo o tabulazioni, non ammessi in questo campo', fix: 'Scrivere il testo su una sola riga, sostituendo a capo e tabulazioni con spazi.' };
    }
    const value = d.collapse ? collapseWhitespace(raw) : raw;
    if (enumeration) {
      if (!enumeration.has(value)) {
        const list = d.enumeration!;
        const allowed = list.length <= 30 ? `valori ammessi: ${list.join(', ')}` : 'vedere la tabella dei valori ammessi';
        return { problem: `ha un valore non ammesso ${quote(value)} (${allowed})`, fix: 'Scegliere uno dei codici previsti dalle specifiche tecniche.' };
      }
      return undefined;
    }
    const lp = lengthProblem(value);
    if (lp) return lp;
    if (pattern && !pattern.test(value)) {
      if (charset) return explainCharset(value);
      if (value === '') return { problem: 'è vuoto', fix: 'Compilare il campo oppure ometterlo se facoltativo.' };
      return hint
        ? { problem: `non rispetta il formato richiesto: ${hint} (trovato ${quote(value)})`, fix: `Correggere il valore: ${hint}.` }
        : { problem: `non rispetta il formato richiesto (trovato ${quote(value)})`, fix: 'Correggere il valore secondo le specifiche tecniche.' };
    }
    return undefined;
  }

  function checkDecimal(raw: string): SimpleProblem | undefined {
    const value = raw.trim(); // xs:decimal collapses whitespace
    if (pattern && !pattern.test(value)) return explainDecimal(value);
    if (!pattern && !LOOSE_DECIMAL.test(value)) return explainDecimal(value);
    return boundsProblem(value, 'decimal');
  }

  function checkInteger(raw: string): SimpleProblem | undefined {
    const value = raw.trim();
    if (!INTEGER.test(value)) {
      return { problem: `deve essere un numero intero (trovato ${quote(value)})`, fix: 'Indicare un numero intero senza decimali, es. "1".' };
    }
    return boundsProblem(value, 'integer');
  }

  function checkDate(raw: string): SimpleProblem | undefined {
    const value = raw.trim();
    const m = DATE.exec(value);
    if (!m) return { problem: `deve essere una data nel formato AAAA-MM-GG (trovato ${quote(value)})`, fix: 'Scrivere la data come anno-mese-giorno, es. "2026-03-31".' };
    if (!isRealDate(+m[1]!, +m[2]!, +m[3]!)) {
      return { problem: `non è una data esistente (trovato ${quote(value)})`, fix: 'Controllare giorno e mese: la data non esiste nel calendario.' };
    }
    const day = value.slice(0, 10);
    if (minDate !== undefined && day < minDate) return { problem: `non può essere anteriore al ${minDate} (trovato ${quote(value)})`, fix: 'Controllare l\'anno della data.' };
    if (maxDate !== undefined && day > maxDate) return { problem: `non può essere successiva al ${maxDate} (trovato ${quote(value)})`, fix: 'Controllare l\'anno della data.' };
    return undefined;
  }

  function checkDateTime(raw: string): SimpleProblem | undefined {
    const value = raw.trim();
    const m = DATE_TIME.exec(value);
    const bad = { problem: `deve essere data e ora nel formato AAAA-MM-GGThh:mm:ss (trovato ${quote(value)})`, fix: 'Scrivere ad esempio "2026-03-31T14:30:00".' };
    if (!m) return bad;
    if (!isRealDate(+m[1]!, +m[2]!, +m[3]!)) return { problem: `non è una data esistente (trovato ${quote(value)})`, fix: 'Controllare giorno e mese.' };
    const h = +m[4]!;
    const min = +m[5]!;
    const s = +m[6]!;
    const endOfDay = h === 24 && min === 0 && s === 0 && (m[7] === undefined || ZERO_FRACTION.test(m[7]));
    if ((h > 23 && !endOfDay) || min > 59 || s > 59) return { problem: `ha un orario non valido (trovato ${quote(value)})`, fix: 'Controllare ore, minuti e secondi.' };
    if (m[9] !== undefined && (+m[9] > 14 || +m[10]! > 59 || (+m[9] === 14 && +m[10]! > 0))) {
      return { problem: `ha un fuso orario non valido (trovato ${quote(value)})`, fix: 'Il fuso orario va da -14:00 a +14:00.' };
    }
    return undefined;
  }

  function checkBase64(raw: string): SimpleProblem | undefined {
    const problem = base64Problem(raw);
    return problem === undefined ? undefined : { problem: `non è un contenuto base64 valido: ${problem}`, fix: 'Allegare di nuovo il file: il contenuto codificato è danneggiato.' };
  }

  const check =
    d.kind === 'decimal' ? checkDecimal
    : d.kind === 'integer' ? checkInteger
    : d.kind === 'date' ? checkDate
    : d.kind === 'dateTime' ? checkDateTime
    : d.kind === 'base64' ? checkBase64
    : checkString;
  return { name, kind: d.kind, check };
}

/** Every simple type of the schema, compiled once. */
export const SIMPLE_TYPES: ReadonlyMap<string, CompiledSimpleType> = new Map(
  Object.entries(fatturaPASchema.simpleTypes).map(([name, d]) => [name, compile(name, d)]),
);
