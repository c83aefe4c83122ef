/**
 * A small BER/DER reader for the CMS envelopes of signed invoices (.p7m). It reads definite and indefinite lengths,
 * constructed strings and multi-byte tags; it never trusts a length beyond the bytes it has, and it stops at a fixed
 * depth and node count, so a hostile or truncated file ends in an AppError after bounded work, never in a hang.
 */
import { fail } from '../errors';

export const TAG_CLASS = { universal: 0, application: 1, context: 2, private: 3 } as const;

export const UNIVERSAL = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  utf8String: 12,
  sequence: 16,
  set: 17,
  printableString: 19,
  utcTime: 23,
  generalizedTime: 24,
} as const;

export interface Asn1Node {
  tagClass: number;
  constructed: boolean;
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just after the last content octet (before the end-of-contents octets of an indefinite length). */
  contentEnd: number;
  /** Offset just after the whole element (end-of-contents included). */
  end: number;
  indefinite: boolean;
  /** Constructed elements only. */
  children: Asn1Node[];
}

export interface Asn1Limits {
  /** Deepest nesting accepted (CMS with certificates needs about 12). */
  maxDepth: number;
  /** Elements accepted in one parse (a certificate has a few hundred). */
  maxNodes: number;
}

export const DEFAULT_ASN1_LIMITS: Asn1Limits = { maxDepth: 48, maxNodes: 200_000 };

function broken(what: string, offset: number): never {
  fail('P7M_NON_VALIDO', `Il file firmato (.p7m) è danneggiato o troncato: ${what} (posizione ${offset}).`, {
    fix: 'Chiedi al mittente di inviare di nuovo il file firmato, oppure il file XML originale.',
    details: { offset },
  });
}

class Reader {
  nodes = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly limits: Asn1Limits,
  ) {}

  /** Reads one element at `offset`, not going past `limit`. */
  element(offset: number, limit: number, depth: number): Asn1Node {
    const b = this.bytes;
    if (depth > this.limits.maxDepth) broken('annidamento eccessivo della struttura ASN.1', offset);
    if (++this.nodes > this.limits.maxNodes) broken('troppi elementi nella struttura ASN.1', offset);
    if (offset >= limit) broken('struttura interrotta', offset);
    const start = offset;
    const id = b[offset++]!;
    const tagClass = id >> 6;
    const constructed = (id & 0x20) !== 0;
    let tag = id & 0x1f;
    if (tag === 0x1f) {
      tag = 0;
      for (let n = 0; ; n++) {
        if (offset >= limit || n >= 4) broken('etichetta non valida', offset);
        const c = b[offset++]!;
        tag = tag * 128 + (c & 0x7f);
        if ((c & 0x80) === 0) break;
      }
    }
    if (offset >= limit) broken('lunghezza mancante', offset);
    const first = b[offset++]!;
    let length = -1;
    if (first < 0x80) {
      length = first;
    } else if (first === 0x80) {
      if (!constructed) broken('lunghezza indefinita su un elemento semplice', offset - 1);
    } else {
      const count = first & 0x7f;
      if (count > 4 || first === 0xff) broken('lunghezza non valida', offset - 1);
      length = 0;
      for (let i = 0; i < count; i++) {
        if (offset >= limit) broken('lunghezza interrotta', offset);
        length = length * 256 + b[offset++]!;
      }
    }
    const contentStart = offset;
    if (length >= 0) {
      const contentEnd = contentStart + length;
      if (contentEnd > limit) broken(`l’elemento dichiara ${length} byte ma il file ne contiene meno`, start);
      const node: Asn1Node = { tagClass, constructed, tag, start, contentStart, contentEnd, end: contentEnd, indefinite: false, children: [] };
      if (constructed) {
        let at = contentStart;
        while (at < contentEnd) {
          const child = this.element(at, contentEnd, depth + 1);
          node.children.push(child);
          at = child.end;
        }
      }
      return node;
    }
    // Indefinite length: children until the end-of-contents octets 00 00.
    const node: Asn1Node = { tagClass, constructed, tag, start, contentStart, contentEnd: contentStart, end: contentStart, indefinite: true, children: [] };
    let at = contentStart;
    for (;;) {
      if (at + 2 > limit) broken('manca la fine di un elemento a lunghezza indefinita', at);
      if (b[at] === 0 && b[at + 1] === 0) {
        node.contentEnd = at;
        node.end = at + 2;
        return node;
      }
      const child = this.element(at, limit, depth + 1);
      node.children.push(child);
      at = child.end;
    }
  }
}

/** Parses the element at the start of `bytes` (trailing bytes are allowed and ignored; see `end`). */
export function parseAsn1(bytes: Uint8Array, limits: Asn1Limits = DEFAULT_ASN1_LIMITS): Asn1Node {
  return new Reader(bytes, limits).element(0, bytes.length, 0);
}

export function isUniversal(n: Asn1Node | undefined, tag: number): boolean {
  return n !== undefined && n.tagClass === TAG_CLASS.universal && n.tag === tag;
}

export function isContext(n: Asn1Node | undefined, tag: number): boolean {
  return n !== undefined && n.tagClass === TAG_CLASS.context && n.tag === tag;
}

/** The content octets of a primitive element. */
export function contentOf(bytes: Uint8Array, n: Asn1Node): Uint8Array {
  return bytes.subarray(n.contentStart, n.contentEnd);
}

/** The whole encoding of an element (identifier, length, content). */
export function encodingOf(bytes: Uint8Array, n: Asn1Node): Uint8Array {
  return bytes.subarray(n.start, n.end);
}

/**
 * The value of an OCTET STRING, primitive or constructed (BER splits long strings into segments, possibly nested):
 * the segments are concatenated. `maxBytes` bounds the result.
 */
export function octetStringValue(bytes: Uint8Array, n: Asn1Node, maxBytes = Number.MAX_SAFE_INTEGER): Uint8Array {
  if (!n.constructed) return contentOf(bytes, n);
  const parts: Uint8Array[] = [];
  let total = 0;
  const collect = (node: Asn1Node): void => {
    for (const c of node.children) {
      if (!isUniversal(c, UNIVERSAL.octetString)) broken('segmento di una stringa di byte non valido', c.start);
      if (c.constructed) collect(c);
      else {
        total += c.contentEnd - c.contentStart;
        if (total > maxBytes) broken('contenuto più grande del massimo ammesso', c.start);
        parts.push(contentOf(bytes, c));
      }
    }
  };
  collect(n);
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Dotted text of an OBJECT IDENTIFIER ("1.2.840.113549.1.7.2"). */
export function oidOf(bytes: Uint8Array, n: Asn1Node): string {
  if (!isUniversal(n, UNIVERSAL.oid) || n.constructed) broken('identificatore di oggetto atteso', n.start);
  const parts: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = n.contentStart; i < n.contentEnd; i++) {
    const c = bytes[i]!;
    value = value * 128 + (c & 0x7f);
    if (++digits > 8) broken('identificatore di oggetto troppo lungo', n.start);
    if ((c & 0x80) === 0) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
      digits = 0;
    }
  }
  if (digits !== 0 || parts.length === 0) broken('identificatore di oggetto interrotto', n.start);
  return parts.join('.');
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
