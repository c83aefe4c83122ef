import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHA256_NATIVE, sha256Hex, sha256HexPure } from './sha256';

const nodeSha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('matches node:crypto on every padding boundary and on random data', () => {
    for (let n = 0; n < 200; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      expect(sha256Hex(b)).toBe(nodeSha(b));
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 5000 }), (b) => sha256Hex(b) === nodeSha(b)));
    fc.assert(fc.property(fc.string(), (s) => sha256Hex(s) === nodeSha(s)));
    // Text as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder writes it), the same as the bytes of the text.
    for (const s of ['Società è € 漢 😀', 'a\uD800b', '\uDC00']) {
      expect(sha256Hex(s)).toBe(nodeSha(s));
      expect(sha256Hex(s)).toBe(sha256Hex(new TextEncoder().encode(s)));
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => sha256Hex(s) === nodeSha(s)));
  });
});

describe('sha256HexPure (the fallback without node:crypto)', () => {
  it('matches node:crypto on every padding boundary and on random data', () => {
    expect(sha256HexPure('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 0; n < 200; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      expect(sha256HexPure(b)).toBe(nodeSha(b));
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 5000 }), (b) => sha256HexPure(b) === nodeSha(b)));
    fc.assert(fc.property(fc.string(), (s) => sha256HexPure(s) === nodeSha(s)));
  });

  it('is not the one used under Node: sha256Hex goes through node:crypto there', () => {
    expect(SHA256_NATIVE).toBe(true);
    expect(sha256Hex).not.toBe(sha256HexPure);
  });
});
