/** Test helper: a tiny DER/BER writer, to build CMS envelopes, certificates and broken variants by hand. */
export type Bytes = Uint8Array;

export function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function lengthBytes(n: number): Bytes {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.of(0x80 | out.length, ...out);
}

/** Definite-length TLV. */
export function tlv(tag: number, content: Bytes): Bytes {
  return concat(Uint8Array.of(tag), lengthBytes(content.length), content);
}

/** Indefinite-length TLV (BER), constructed tags only. */
export function tlvIndefinite(tag: number, ...children: Bytes[]): Bytes {
  return concat(Uint8Array.of(tag, 0x80), ...children, Uint8Array.of(0, 0));
}

export const seq = (...c: Bytes[]) => tlv(0x30, concat(...c));
export const set = (...c: Bytes[]) => tlv(0x31, concat(...c));
export const octets = (b: Bytes) => tlv(0x04, b);
export const nullValue = () => Uint8Array.of(0x05, 0x00);
/** [n] EXPLICIT (constructed context tag). */
export const explicit = (n: number, ...c: Bytes[]) => tlv(0xa0 | n, concat(...c));
export const utf8 = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
export const utcTime = (s: string) => tlv(0x17, new TextEncoder().encode(s));

export function integer(n: number | Bytes): Bytes {
  if (n instanceof Uint8Array) return tlv(0x02, n[0]! & 0x80 ? concat(Uint8Array.of(0), n) : n);
  const out: number[] = [];
  let v = n;
  do {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (out[0]! & 0x80) out.unshift(0);
  return tlv(0x02, Uint8Array.from(out));
}

export function oid(dotted: string): Bytes {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    let v = p;
    do {
      chunk.unshift((v & 0x7f) | (chunk.length ? 0x80 : 0));
      v = Math.floor(v / 128);
    } while (v > 0);
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export const bitString = (b: Bytes) => tlv(0x03, concat(Uint8Array.of(0), b));

/** A Name with one CN. */
export const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
