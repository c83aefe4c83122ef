/**
 * FatturaPA text fields are xs:normalizedString restricted to Basic Latin or Latin-1 (String60LatinType and friends):
 * no CR/LF/TAB, nothing above U+00FF. Bookkeepers paste text from word processors (curly quotes, euro sign, dashes),
 * so the engine maps the usual suspects to Latin-1 look-alikes instead of letting the SdI reject the file (00200).
 */

const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u20AC': 'EUR',
  '\u00A0': ' ',
  '\u2022': '-',
};

// Text that is already all printable ASCII (or Latin-1) comes out unchanged: NFC leaves those characters as they are.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const PRINTABLE_LATIN1 = /^[\x20-\x7e\xa0-\xff]*$/;

/** Maps text to Latin-1 (or to ASCII when `ascii`), turning line breaks and tabs into spaces. */
export function toLatin1(text: string, ascii = false): string {
  if ((ascii ? PRINTABLE_ASCII : PRINTABLE_LATIN1).test(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\r' || ch === '\n' || ch === '\t') {
      out += ' ';
    } else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      continue; // control characters are not allowed in XML 1.0 or carry no meaning here
    } else if (code <= (ascii ? 0x7e : 0xff)) {
      out += ch;
    } else if (REPLACEMENTS[ch] !== undefined) {
      out += REPLACEMENTS[ch];
    } else {
      // Strip accents when only ASCII is allowed ("è" -> "e"); anything else becomes "?".
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length === 1 && base.codePointAt(0)! <= (ascii ? 0x7e : 0xff) ? base : '?';
    }
  }
  return out;
}

/**
 * Words of printable characters (no NBSP) separated by single spaces, no space at either end: text that toLatin1, the
 * collapsing of spaces and trim() all leave as it is (most fields), recognised in one pass over the characters.
 */
function isCleanText(text: string, ascii: boolean): boolean {
  const max = ascii ? 0x7e : 0xff;
  let afterSpace = true; // no space at the start
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (afterSpace) return false;
      afterSpace = true;
    } else if (c < 0x21 || c > max || (c > 0x7e && c < 0xa1)) {
      return false;
    } else {
      afterSpace = false;
    }
  }
  return !afterSpace; // not empty, no space at the end
}

/** Latin-1 text trimmed and cut to `max` characters (undefined when empty). */
export function latinField(text: string | undefined, max: number, ascii = false): string | undefined {
  if (text === undefined) return undefined;
  const t = isCleanText(text, ascii) ? text : toLatin1(text, ascii).replace(/ {2,}/g, ' ').trim();
  if (t.length === 0) return undefined;
  return t.length > max ? t.slice(0, max).trimEnd() : t;
}

/**
 * Splits text into consecutive blocks of at most `size` characters (Causale: 200), breaking after a space when possible
 * so that joining the blocks gives back the text exactly.
 */
export function splitBlocks(text: string | undefined, size: number): string[] {
  if (text === undefined) return [];
  let rest = toLatin1(text).replace(/ {2,}/g, ' ').trim();
  const blocks: string[] = [];
  while (rest.length > 0) {
    if (rest.length <= size) {
      blocks.push(rest);
      break;
    }
    const space = rest.lastIndexOf(' ', size - 1);
    const cut = space >= size / 2 ? space + 1 : size; // no convenient space: cut hard
    blocks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return blocks;
}
