/** Test helper: deterministic mutations of valid files for the fuzz tests. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['<!DOCTYPE x [<!ENTITY a "b">]>', '&a;', '&#0;', '&#x110000;', ']]>', '<![CDATA[', '<?xml ', '</', '"', '\u0000', 'xmlns:p="x"', '<p:FatturaElettronica>', '\u00ff\u00fe'].map((s) =>
  new TextEncoder().encode(s),
);
const BINARY_TOKENS = [Uint8Array.of(0x30, 0x80), Uint8Array.of(0x00, 0x00), Uint8Array.of(0x24, 0x80), Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff), Uint8Array.of(0x50, 0x4b, 0x03, 0x04), Uint8Array.of(0x50, 0x4b, 0x05, 0x06), Uint8Array.of(0xff, 0xff, 0xff, 0xff)];

/** `ascii`: inserted and flipped bytes stay printable ASCII, so mutations reach the XML parser instead of the decoder. */
export function mutate(seed: Uint8Array, r: () => number, ascii = false): Uint8Array {
  const out = Array.from(seed);
  const ops = 1 + Math.floor(r() * 4);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(r() * (out.length + 1));
    const op = Math.floor(r() * 6);
    if (op === 0 && out.length) for (let i = 0; i < 1 + r() * 8; i++) { const p = Math.floor(r() * out.length); out[p] = ascii ? 0x20 + Math.floor(r() * 95) : out[p]! ^ (1 << Math.floor(r() * 8)); }
    else if (op === 1) out.length = Math.floor(r() * out.length);
    else if (op === 2) out.splice(at, 0, ...Array.from({ length: 1 + Math.floor(r() * 16) }, () => (ascii ? 0x20 + Math.floor(r() * 95) : Math.floor(r() * 256))));
    else if (op === 3) out.splice(at, 0, ...TOKENS[Math.floor(r() * TOKENS.length)]!);
    else if (op === 4 && !ascii) out.splice(at, 0, ...BINARY_TOKENS[Math.floor(r() * BINARY_TOKENS.length)]!);
    else if (out.length) {
      const from = Math.floor(r() * out.length);
      out.splice(at, 0, ...out.slice(from, from + Math.floor(r() * 200)));
    }
  }
  return Uint8Array.from(out);
}

