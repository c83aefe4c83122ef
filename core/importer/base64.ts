/**
 * Strict base64 for signed files sent as text and for invoice attachments (xs:base64Binary). Whitespace is skipped
 * (line-wrapped base64 is common); any other character outside the alphabet, or misplaced padding, is refused, so
 * garbage is never silently turned into bytes. Plain TypeScript: core runs without Node's Buffer.
 */
const DECODE = new Int16Array(256).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < 64; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const WHITESPACE = -2;
for (const c of [9, 10, 13, 32]) DECODE[c] = WHITESPACE;
const PAD = 61; // '='

export class Base64Error extends Error {}

function codeAt(input: string | Uint8Array, i: number): number {
  return typeof input === 'string' ? input.charCodeAt(i) : input[i]!;
}

/** Decodes base64 text (string or ASCII bytes); throws Base64Error on anything that is not base64. */
export function decodeBase64(input: string | Uint8Array): Uint8Array {
  const n = input.length;
  const out = new Uint8Array(Math.floor((n * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let bits = 0;
  let pads = 0;
  let sextets = 0;
  for (let i = 0; i < n; i++) {
    const c = codeAt(input, i);
    const v = c < 256 ? DECODE[c]! : -1;
    if (v === WHITESPACE) continue;
    if (c === PAD) {
      pads++;
      continue;
    }
    if (v < 0) throw new Base64Error(`carattere non base64 in posizione ${i}`);
    if (pads > 0) throw new Base64Error('dati dopo il riempimento "="');
    acc = (acc << 6) | v;
    bits += 6;
    sextets++;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  const rest = sextets % 4;
  if (rest === 1) throw new Base64Error('lunghezza non valida');
  if (pads > 0 && (pads > 2 || (rest + pads) % 4 !== 0)) throw new Base64Error('riempimento "=" non valido');
  return out.subarray(0, o);
}

/** True when every byte is a base64 character or whitespace (and there is at least some base64). */
export function looksLikeBase64(bytes: Uint8Array, from = 0, to = bytes.length): boolean {
  let seen = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    const v = DECODE[c]!;
    if (v === -1 && c !== PAD) return false;
    if (v >= 0) seen++;
  }
  return seen >= 4;
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (i < bytes.length) {
    const v = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + (i + 1 < bytes.length ? ALPHABET[(v >> 6) & 63]! : '=') + '=';
  }
  return out;
}
