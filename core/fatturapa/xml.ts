/**
 * XML plumbing shared by the FatturaPA reader and writer: namespaces, byte decoding with the declared encoding, the
 * DTD guard, entity decoding and escaping. fast-xml-parser runs with entity processing off, so this module is the one
 * place where `&amp;`, `&#224;` and friends are turned into text (and where an undeclared entity is refused).
 */
import { fail } from '../errors';

export const FATTURAPA_NAMESPACE = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2';
/** FatturaElettronicaSemplificata (FSM10) lives in this namespace: recognised only to refuse it clearly. */
export const FATTURAPA_SEMPLIFICATA_NAMESPACE = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.0';
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** 1-based line and column of `index` in `text` (columns count UTF-16 units, as editors do). */
export function lineColumnAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

function malformed(text: string, index: number, what: string): never {
  const { line, column } = lineColumnAt(text, index);
  fail('XML_MALFORMATO', `Il file XML non è ben formato alla riga ${line}, colonna ${column}: ${what}.`, {
    fix: 'Il file è danneggiato o non è XML valido: chiedi al mittente di generarlo di nuovo dal suo gestionale.',
    details: { line, column },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes -> text

const LATIN1_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'iso-ir-100', 'cp819', 'ibm819']);
const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'x-cp1252']);
/** windows-1252 bytes 0x80-0x9F (the rest is Latin-1); undefined bytes map to the C1 control, as WHATWG does. */
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/**
 * Decodes the bytes of an XML file: BOM first (UTF-8, UTF-16), then the encoding declared in `<?xml ... ?>`, UTF-8 when
 * none is declared (the XML default). ISO-8859-1 is decoded byte for byte: WHATWG's TextDecoder would silently read it
 * as windows-1252, which is a different character set for bytes 0x80-0x9F.
 */
export function decodeXmlBytes(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeStrict('utf-8', bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeStrict('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeStrict('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  // "<?" in UTF-16 without BOM.
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return { text: decodeStrict('utf-16le', bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return { text: decodeStrict('utf-16be', bytes), encoding: 'utf-16be' };

  const declared = declaredEncoding(bytes);
  if (declared === undefined || UTF8_LABELS.has(declared)) return { text: decodeStrict('utf-8', bytes), encoding: 'utf-8' };
  if (LATIN1_LABELS.has(declared)) return { text: decodeSingleByte(bytes, false), encoding: 'iso-8859-1' };
  // Decoded here too: Node 20's TextDecoder('windows-1252') loses the bytes 0x80-0x9F (€, ’, “...).
  if (WINDOWS_1252_LABELS.has(declared)) return { text: decodeSingleByte(bytes, true), encoding: 'windows-1252' };
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared, { fatal: true, ignoreBOM: true });
  } catch {
    fail('XML_CODIFICA_NON_SUPPORTATA', `Il file XML dichiara la codifica "${declared}", che non è supportata.`, {
      fix: 'Salva il file in UTF-8 (la codifica standard delle fatture elettroniche) e riprova.',
      details: { encoding: declared },
    });
  }
  return { text: decodeWith(decoder, declared, bytes), encoding: decoder.encoding };
}

/** Reads `encoding="..."` from an XML declaration at the very start of an ASCII-compatible byte stream. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] !== 0x3c || bytes[1] !== 0x3f) return undefined;
  let head = '';
  for (let i = 0; i < bytes.length && i < 256; i++) {
    const b = bytes[i]!;
    head += String.fromCharCode(b);
    if (b === 0x3e) break;
  }
  const m = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._:-]*)\1/.exec(head);
  return m ? m[2]!.toLowerCase() : undefined;
}

function decodeStrict(label: string, bytes: Uint8Array): string {
  return decodeWith(new TextDecoder(label, { fatal: true, ignoreBOM: true }), label, bytes);
}

function decodeWith(decoder: TextDecoder, label: string, bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const at = label === 'utf-8' ? firstInvalidUtf8(bytes) : -1;
    const where = at >= 0 ? ` (primo byte non valido in posizione ${at}, valore 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')})` : '';
    fail('XML_CODIFICA_NON_VALIDA', `Il file XML non è codificato correttamente in ${label.toUpperCase()}${where}.`, {
      fix:
        label === 'utf-8'
          ? 'Il file contiene caratteri salvati con un’altra codifica (spesso windows-1252): salvalo in UTF-8, oppure dichiara encoding="windows-1252" nella prima riga.'
          : `Salva il file in UTF-8 oppure correggi la codifica dichiarata (${label}).`,
      details: { encoding: label, byteOffset: at >= 0 ? at : undefined },
    });
  }
}

function decodeSingleByte(bytes: Uint8Array, windows1252: boolean): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const codes = Array.from(bytes.subarray(i, i + 8192));
    if (windows1252) for (let k = 0; k < codes.length; k++) if (codes[k]! >= 0x80 && codes[k]! <= 0x9f) codes[k] = CP1252_HIGH.charCodeAt(codes[k]! - 0x80);
    out += String.fromCharCode.apply(null, codes);
  }
  return out;
}

/** Offset of the first byte that breaks UTF-8, or -1 (only used to explain an error). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------------
// Guards run on the text before any parsing

const DTD_KEYWORDS = /^<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/**
 * Refuses any DTD markup (DOCTYPE, ENTITY...): FatturaPA never needs it, and it is the door to XXE and entity bombs.
 * Comments and CDATA sections are skipped, so the words inside them do not count.
 */
export function assertNoDtd(text: string): void {
  let i = text.indexOf('<!');
  while (i !== -1) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return; // unterminated comment: the well-formedness check reports it
      i = text.indexOf('<!', end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end === -1) return;
      i = text.indexOf('<!', end + 3);
      continue;
    }
    const m = DTD_KEYWORDS.exec(text.slice(i, i + 10));
    if (m) {
      const { line, column } = lineColumnAt(text, i);
      fail('XML_DOCTYPE_VIETATO', `Il file XML contiene una dichiarazione <!${m[1]!.toUpperCase()}> (riga ${line}): per sicurezza non viene letto.`, {
        fix: 'Le fatture elettroniche non usano DTD né entità: chiedi al mittente il file originale prodotto dal suo gestionale, senza DOCTYPE.',
        details: { line, column },
      });
    }
    i = text.indexOf('<!', i + 2);
  }
}

// XML 1.0 Char production: no C0 controls other than TAB, LF, CR; no U+FFFE/U+FFFF.
const XML_ILLEGAL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Refuses characters XML 1.0 cannot carry at all (a NUL, a form feed...), with their position. */
export function assertXmlChars(text: string): void {
  const m = XML_ILLEGAL_CHAR.exec(text);
  if (m) malformed(text, m.index, `il carattere di controllo U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} non è ammesso in XML`);
}

// ---------------------------------------------------------------------------------------------------------------
// Entities

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Thrown by decodeEntities; the reader turns it into XML_MALFORMATO with the position in the whole file. */
export class EntityError extends Error {
  constructor(readonly reference: string) {
    super(`riferimento non valido "${reference}"`);
  }
}

/**
 * Replaces the five predefined entities and numeric character references. Anything else after '&' is an entity that
 * would need a DTD, which is refused: EntityError.
 */
export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp === -1) return s;
  let out = '';
  let from = 0;
  while (amp !== -1) {
    const semi = s.indexOf(';', amp + 1);
    const ref = semi === -1 || semi - amp > 12 ? s.slice(amp, amp + 12) : s.slice(amp, semi + 1);
    if (semi === -1 || semi - amp > 12) throw new EntityError(ref);
    const name = s.slice(amp + 1, semi);
    let rep: string | undefined;
    if (name.charCodeAt(0) === 35 /* # */) {
      const hex = name[1] === 'x';
      const digits = name.slice(hex ? 2 : 1);
      if (digits.length > 0 && (hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) {
        const cp = parseInt(digits, hex ? 16 : 10);
        if (isXmlChar(cp)) rep = String.fromCodePoint(cp);
      }
    } else {
      rep = NAMED_ENTITIES[name];
    }
    if (rep === undefined) throw new EntityError(ref);
    out += s.slice(from, amp) + rep;
    from = semi + 1;
    amp = s.indexOf('&', from);
  }
  return out + s.slice(from);
}

/** Attribute values: references decoded, and literal TAB/LF/CR become spaces (XML attribute-value normalisation). */
export function decodeAttributeValue(raw: string): string {
  const v = /[\t\n\r]/.test(raw) ? raw.replace(/[\t\n\r]/g, ' ') : raw;
  return decodeEntities(v);
}

/** Reports an EntityError (or a '<' in an attribute) at its first occurrence in the whole text. */
export function failEntity(text: string, e: EntityError): never {
  const at = text.indexOf(e.reference);
  malformed(text, at < 0 ? 0 : at, `${e.message} (sono ammessi solo &amp; &lt; &gt; &apos; &quot; e i riferimenti numerici &#...;)`);
}

// ---------------------------------------------------------------------------------------------------------------
// Escaping for the writer

const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_SPECIAL_G = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;
const ATTR_SPECIAL_G = /[&<>"\t\n\r]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\t': '&#9;', '\n': '&#10;' };
const escapeOne = (c: string) => ESCAPES[c]!;

/** Escapes element text. '>' is escaped too (so "]]>" can never appear) and CR as &#13; (a raw CR would be lost). */
export function escapeXmlText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_SPECIAL_G, escapeOne) : s;
}

/** Escapes an attribute value for double quotes; whitespace controls as references so they survive normalisation. */
export function escapeXmlAttribute(s: string): string {
  return ATTR_SPECIAL.test(s) ? s.replace(ATTR_SPECIAL_G, escapeOne) : s;
}

/** Splits "p:Name" into prefix ('' when none) and local name. */
export function splitQName(qname: string): [prefix: string, local: string] {
  const c = qname.indexOf(':');
  return c === -1 ? ['', qname] : [qname.slice(0, c), qname.slice(c + 1)];
}
