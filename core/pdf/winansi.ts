/**
 * Text for the PDF standard fonts (Helvetica with WinAnsiEncoding, i.e. Windows code page 1252).
 *
 * The courtesy copy is rendered from any FatturaPA file, including imported ones full of pasted text, so text drawing
 * must never fail: every character outside code page 1252 is mapped to a look-alike, stripped of its accent, or
 * replaced by "?". The result is a `PdfText`: a JS string whose char codes ARE the cp1252 bytes (0x20–0xFF, plus "\n"
 * as a hard line break), ready to be measured with a 256-entry width table and written into a content stream as is.
 */

/** A string already converted to code-page-1252 bytes (one char per byte). Build it with `pdfText`. */
export type PdfText = string & { readonly __pdfText: true };

/** Unicode characters of cp1252 that are not at their Latin-1 position, with their byte (public cp1252 table). */
const CP1252_EXTRAS: ReadonlyArray<readonly [string, number]> = [
  ['\u20AC', 0x80], ['\u201A', 0x82], ['\u0192', 0x83], ['\u201E', 0x84], ['\u2026', 0x85], ['\u2020', 0x86],
  ['\u2021', 0x87], ['\u02C6', 0x88], ['\u2030', 0x89], ['\u0160', 0x8a], ['\u2039', 0x8b], ['\u0152', 0x8c],
  ['\u017D', 0x8e], ['\u2018', 0x91], ['\u2019', 0x92], ['\u201C', 0x93], ['\u201D', 0x94], ['\u2022', 0x95],
  ['\u2013', 0x96], ['\u2014', 0x97], ['\u02DC', 0x98], ['\u2122', 0x99], ['\u0161', 0x9a], ['\u203A', 0x9b],
  ['\u0153', 0x9c], ['\u017E', 0x9e], ['\u0178', 0x9f],
];

const EXTRA_TO_BYTE = new Map<string, string>(CP1252_EXTRAS.map(([ch, byte]) => [ch, String.fromCharCode(byte)]));

/** Unicode character drawn by each cp1252 byte (undefined for the five unassigned bytes and for controls). */
export const CP1252_TO_UNICODE: ReadonlyArray<string | undefined> = (() => {
  const table: Array<string | undefined> = new Array(256).fill(undefined);
  for (let b = 0x20; b <= 0x7e; b++) table[b] = String.fromCharCode(b);
  for (let b = 0xa0; b <= 0xff; b++) table[b] = String.fromCharCode(b);
  for (const [ch, byte] of CP1252_EXTRAS) table[byte] = ch;
  return table;
})();

/** Look-alikes for characters people paste into invoices that cp1252 lacks. */
const LOOK_ALIKES: Record<string, string> = {
  '\t': ' ',
  '\u00A0': ' ',
  '\u2002': ' ', '\u2003': ' ', '\u2007': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u3000': ' ',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2015': '-', '\u2212': '-', '\u2043': '-',
  '\u201B': '\u2019', '\u201F': '\u201D', '\u2032': "'", '\u2033': '"',
  '\u2044': '/', '\u2215': '/', '\u2264': '<=', '\u2265': '>=', '\u2260': '!=', '\u2248': '~',
  '\u2190': '<-', '\u2192': '->', '\u2194': '<->', '\u21D2': '=>', '\u2191': '^', '\u2193': 'v',
  '\u2116': 'N.', '\u2103': '\u00B0C', '\u2219': '\u00B7', '\u25CF': '\u2022', '\u25AA': '\u2022', '\u2713': 'v',
  '\u0141': 'L', '\u0142': 'l', '\u0110': 'D', '\u0111': 'd', '\u0131': 'i', '\u0126': 'H', '\u0127': 'h',
  '\u0132': 'IJ', '\u0133': 'ij', '\u013F': 'L', '\u0140': 'l', '\u0149': "'n", '\u0166': 'T', '\u0167': 't',
  '\u1E9E': 'SS',
};

/** Characters that carry no visible meaning: dropped (zero-width spaces and joiners, BOM, soft hyphen, variation selectors). */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2028\u2029\u2060-\u2064\uFEFF\uFE00-\uFE0F]/;

const PLAIN_LATIN1 = /^[\x20-\x7E\xA0-\xFF]*$/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

function byteFor(ch: string): string | undefined {
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff))) return ch;
  return EXTRA_TO_BYTE.get(ch);
}

/**
 * Converts any text to `PdfText`. Line breaks (\r\n, \r, \n) become "\n" (a hard break for wrapping), tabs and odd
 * spaces a space, control characters disappear, and anything cp1252 cannot draw becomes a look-alike, its letter
 * without accents, or "?". Never throws.
 */
export function pdfText(input: string | undefined | null): PdfText {
  if (input === undefined || input === null) return '' as PdfText;
  const text = String(input);
  // The common case, Italian text: printable Latin-1 is already cp1252 (and already NFC), nothing to do.
  if (PLAIN_LATIN1.test(text)) return text as PdfText;
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n')) {
    if (ch === '\n') {
      out += '\n';
      continue;
    }
    if (INVISIBLE.test(ch)) continue;
    const direct = byteFor(ch);
    if (direct !== undefined) {
      out += direct;
      continue;
    }
    const alike = LOOK_ALIKES[ch];
    if (alike !== undefined) {
      for (const a of alike) out += byteFor(a) ?? '?';
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    // Compatibility decomposition without accents: "ő" → "o", "㎏" → "kg", "ﬁ" → "fi", full-width "Ａ" → "A".
    const base = ch.normalize('NFKD').replace(COMBINING_MARKS, '');
    let mapped = '';
    for (const b of base) {
      const byte = byteFor(b);
      if (byte === undefined) {
        mapped = '?';
        break;
      }
      mapped += byte;
    }
    out += mapped.length > 0 ? mapped : '?';
  }
  return out as PdfText;
}

/** Same text on one line: hard breaks become spaces and runs of spaces collapse (for labels and table cells). */
export function pdfLine(input: string | undefined | null): PdfText {
  return pdfText(input).replace(/\s*\n\s*/g, ' ').replace(/ {2,}/g, ' ').trim() as PdfText;
}

/** Escapes a PdfText for a PDF literal string "( ... )". */
export function pdfLiteral(text: PdfText): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
