/**
 * Text safety for FatturaPA fields. The XSD allows only Latin-1 (String60LatinType...) or only Basic Latin
 * (String20Type, NumeroCivicoType...) in most text fields, while what users paste comes from word processors and the
 * web: curly quotes, dashes, ellipses, non-breaking spaces, the euro sign. Those have an obvious plain equivalent and are
 * replaced everywhere; in Basic-Latin-only fields accented letters are also written the way Italian offices always did
 * on keyboards without accents: vowel + apostrophe ("citta'", "E'"). Anything still not allowed is left in place and
 * reported by `disallowedCharacters`, never dropped: the user decides.
 *
 * Pure functions, no schema import: forms can call `normalizeFieldText(value, rules)` as the user types, with the rules
 * of the field from `textRulesOf(simpleType)`.
 */
import type { SimpleTypeDescription } from './schema-types';

/** Characters a field accepts: Basic Latin (U+0000-U+007F), Latin-1 (U+0000-U+00FF), or anything. */
export type CharRepertoire = 'ascii' | 'latin1' | 'any';
/** XSD whiteSpace facet: string keeps all, normalizedString turns TAB/CR/LF into spaces, token also trims and collapses. */
export type WhiteSpaceRule = 'preserve' | 'replace' | 'collapse';

export interface TextRules {
  repertoire: CharRepertoire;
  whiteSpace: WhiteSpaceRule;
}

/**
 * Replacements applied to every text value. Each target is in Basic Latin, so the result fits any field.
 * Why these: they are what word processors and browsers substitute automatically (smart quotes, dashes, ellipsis,
 * non-breaking and thin spaces), plus the euro sign (not in Latin-1: written "EUR", the ISO code), ligatures produced by
 * PDF copy-paste, invisible format characters, and C1 controls that are really windows-1252 punctuation read as
 * ISO-8859-1 (U+0092 is the ’ of a file saved by Windows).
 */
const TYPOGRAPHIC: ReadonlyArray<[string, string]> = [
  // apostrophes and single quotes
  ...[...'\u2018\u2019\u201A\u201B\u2032\u2035\u02BC\u02B9\u2039\u203A\u0091\u0092\u0082\u008B\u009B'].map((c) => [c, "'"] as [string, string]),
  // double quotes
  ...[...'\u201C\u201D\u201E\u201F\u2033\u2036\u0093\u0094\u0084'].map((c) => [c, '"'] as [string, string]),
  // dashes and minus signs
  ...[...'\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\uFE58\uFE63\u0096\u0097'].map((c) => [c, '-'] as [string, string]),
  // bullets
  ...[...'\u2022\u2023\u25E6\u2219\u0095'].map((c) => [c, '-'] as [string, string]),
  // spaces: no-break, narrow no-break, en/em/thin/hair..., ideographic; line and paragraph separators, NEL
  ...[...'\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000\u1680\u2028\u2029'].map(
    (c) => [c, ' '] as [string, string],
  ),
  // invisible format characters: zero-width space/joiners, word joiner, BOM, soft hyphen
  ...[...'\u200B\u200C\u200D\u2060\uFEFF\u00AD'].map((c) => [c, ''] as [string, string]),
  ['\u2026', '...'],
  ['\u0085', '...'],
  ['\u20AC', 'EUR'],
  ['\u0080', 'EUR'],
  ['\u2122', 'TM'],
  ['\u0099', 'TM'],
  ['\u2044', '/'],
  ['\u2215', '/'],
  ['\u02C6', '^'],
  ['\u0088', '^'],
  ['\u02DC', '~'],
  ['\u0098', '~'],
  ['\uFB00', 'ff'],
  ['\uFB01', 'fi'],
  ['\uFB02', 'fl'],
  ['\uFB03', 'ffi'],
  ['\uFB04', 'ffl'],
  ['\uFB05', 'st'],
  ['\uFB06', 'st'],
  ['\u0152', 'OE'],
  ['\u008C', 'OE'],
  ['\u0153', 'oe'],
  ['\u009C', 'oe'],
  ['\u0132', 'IJ'],
  ['\u0133', 'ij'],
];

/**
 * Extra folding for Basic-Latin-only fields. Italian vowels with an accent become vowel + apostrophe, the convention of
 * typewriters, codice fiscale registries and the SdI's own samples ("SOCIETA' ALPHA SRL"). Other diacritics (foreign
 * names: ü, ñ, ç) lose the accent, which is what an Italian office writes when accents are not available. Latin-1 symbols
 * get their usual ASCII spelling.
 */
const ASCII_FOLD: ReadonlyArray<[string, string]> = [
  ...[...'àáÀÁ'].map((c) => [c, (c.toLowerCase() === c ? 'a' : 'A') + "'"] as [string, string]),
  ...[...'èéÈÉ'].map((c) => [c, (c.toLowerCase() === c ? 'e' : 'E') + "'"] as [string, string]),
  ...[...'ìíÌÍ'].map((c) => [c, (c.toLowerCase() === c ? 'i' : 'I') + "'"] as [string, string]),
  ...[...'òóÒÓ'].map((c) => [c, (c.toLowerCase() === c ? 'o' : 'O') + "'"] as [string, string]),
  ...[...'ùúÙÚ'].map((c) => [c, (c.toLowerCase() === c ? 'u' : 'U') + "'"] as [string, string]),
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['Æ', 'AE'],
  ['ø', 'o'],
  ['Ø', 'O'],
  ['đ', 'd'],
  ['Đ', 'D'],
  ['ł', 'l'],
  ['Ł', 'L'],
  ['þ', 'th'],
  ['Þ', 'TH'],
  ['ð', 'd'],
  ['Ð', 'D'],
  ['ı', 'i'],
  ['ª', 'a'],
  ['º', 'o'],
  ['«', '"'],
  ['»', '"'],
  ['´', "'"],
  ['¹', '1'],
  ['²', '2'],
  ['³', '3'],
  ['¼', '1/4'],
  ['½', '1/2'],
  ['¾', '3/4'],
  ['×', 'x'],
  ['©', '(C)'],
  ['®', '(R)'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
];

const TYPOGRAPHIC_MAP = new Map(TYPOGRAPHIC);
const ASCII_FOLD_MAP = new Map(ASCII_FOLD);
const classOf = (chars: Iterable<string>) => [...chars].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
// Fullwidth ASCII (U+FF01-U+FF5E, from Asian input methods) maps to ASCII by a fixed offset.
const TYPOGRAPHIC_RE = new RegExp(`[${classOf(TYPOGRAPHIC_MAP.keys())}\\uFF01-\\uFF5E]`, 'g');
const COMBINING_MARKS = /[\u0300-\u036F]/g;

/** True when the text needs the slow path: anything outside printable ASCII. */
const NEEDS_WORK = /[^\x20-\x7E]/;
const NON_ASCII = /[^\x00-\x7F]/;
const NON_ASCII_G = /[^\x00-\x7F]/g;
const LINE_CONTROLS = /[\t\n\r]/;
// CR LF is one line break (as XML end-of-line handling reads it), so it becomes one space, not two.
const LINE_CONTROLS_G = /\r\n|[\t\n\r]/g;
/** Characters XML 1.0 cannot carry at all: they are turned into spaces (and the writer warns). */
export const XML_FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const XML_FORBIDDEN_CHARS_G = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function typographicReplacement(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  return TYPOGRAPHIC_MAP.get(c)!;
}

function asciiFold(c: string): string {
  const mapped = ASCII_FOLD_MAP.get(c);
  if (mapped !== undefined) return mapped;
  const base = c.normalize('NFD').replace(COMBINING_MARKS, '');
  return base !== c && !NON_ASCII.test(base) ? base : c;
}

/** Replaces typographic characters with their plain equivalents (every text field). */
export function normalizeTypography(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  // NFC first: a macOS paste brings "e" + combining accent, which is one Latin-1 letter once composed.
  const composed = NON_ASCII.test(value) ? value.normalize('NFC') : value;
  return composed.replace(TYPOGRAPHIC_RE, typographicReplacement);
}

/** Applies the XSD whiteSpace rule: 'replace' turns TAB/CR/LF into spaces, 'collapse' also trims and squeezes. */
export function applyWhiteSpace(value: string, rule: WhiteSpaceRule): string {
  if (rule === 'preserve') return value;
  let v = LINE_CONTROLS.test(value) ? value.replace(LINE_CONTROLS_G, ' ') : value;
  // Only the four XML whitespace characters count (String.prototype.trim would also eat a no-break space).
  if (rule === 'collapse' && (v.startsWith(' ') || v.endsWith(' ') || v.includes('  '))) v = v.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
  return v;
}

/**
 * The full normalisation of one field value: composition, typographic replacements, accent folding in Basic-Latin-only
 * fields, characters XML cannot carry turned into spaces, then the field's whitespace rule. Idempotent.
 */
export function normalizeFieldText(value: string, rules: TextRules): string {
  // Fast path (almost every value): printable ASCII only, so only 'collapse' can still change something.
  if (!NEEDS_WORK.test(value)) return rules.whiteSpace === 'collapse' ? applyWhiteSpace(value, 'collapse') : value;
  let v = normalizeTypography(value);
  if (rules.repertoire === 'ascii' && NON_ASCII.test(v)) v = v.replace(NON_ASCII_G, asciiFold);
  if (XML_FORBIDDEN_CHARS.test(v)) v = v.replace(XML_FORBIDDEN_CHARS_G, ' ');
  return applyWhiteSpace(v, rules.whiteSpace);
}

/** True when `normalizeFieldText` may change the value or `disallowedCharacters` may find something (cheap test). */
export function needsTextWork(value: string): boolean {
  return NEEDS_WORK.test(value);
}

export interface DisallowedChar {
  char: string;
  /** Unicode code point, e.g. "U+6F22". */
  codePoint: string;
  /** 1-based position in the value, counted in characters (code points). */
  position: number;
  /** What it could be replaced with, when there is an obvious plain spelling. */
  suggestion?: string;
}

const OUTSIDE: Record<Exclude<CharRepertoire, 'any'>, RegExp> = { ascii: /[^\x00-\x7F]/, latin1: /[^\x00-\xFF]/ };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Characters of `value` the field does not accept (after normalisation), in order. Empty when all is fine. */
export function disallowedCharacters(value: string, repertoire: CharRepertoire): DisallowedChar[] {
  const limit = repertoire === 'ascii' ? 0x7f : repertoire === 'latin1' ? 0xff : -1;
  if (limit < 0 ? !LONE_SURROGATE.test(value) : !OUTSIDE[repertoire as 'ascii'].test(value)) return [];
  const out: DisallowedChar[] = [];
  let position = 0;
  for (const char of value) {
    position++;
    const cp = char.codePointAt(0)!;
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    if (lone || (limit >= 0 && cp > limit)) {
      const folded = asciiFold(char);
      const item: DisallowedChar = { char, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, position };
      if (folded !== char) item.suggestion = folded;
      out.push(item);
    }
  }
  return out;
}

/**
 * Character repertoire and whitespace rule of a simple type, read from its facets. Patterns built on
 * \p{IsBasicLatin} become ASCII, those with \p{IsLatin-1Supplement} Latin-1; the other FatturaPA patterns (codes, CAP,
 * IBAN...) list ASCII ranges, except those with '.' or a negated class, which accept anything.
 */
export function textRulesOf(st: SimpleTypeDescription): TextRules {
  const whiteSpace: WhiteSpaceRule = st.kind !== 'string' && st.kind !== 'base64' ? 'collapse' : st.collapse ? 'collapse' : st.normalized ? 'replace' : 'preserve';
  return { repertoire: repertoireOfPattern(st.pattern), whiteSpace };
}

function repertoireOfPattern(pattern: string | undefined): CharRepertoire {
  if (pattern === undefined) return 'any';
  if (/\\u00FF/i.test(pattern)) return 'latin1';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') return 'any';
    } else if (c === '.') {
      return 'any';
    }
  }
  return 'ascii';
}
