import { describe, expect, it } from 'vitest';
import { Base64Error, decodeBase64, encodeBase64, looksLikeBase64 } from './base64';

describe('base64', () => {
  it('decodes what Node encodes, with and without line breaks, for every padding length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const b64 = Buffer.from(bytes).toString('base64');
      expect(decodeBase64(b64)).toEqual(bytes);
      expect(decodeBase64(b64.replace(/(.{5})/g, '$1\r\n '))).toEqual(bytes);
      expect(encodeBase64(bytes)).toBe(b64);
    }
  });

  it('refuses characters outside the alphabet, data after padding and impossible lengths', () => {
    expect(() => decodeBase64('QUJD*')).toThrow(Base64Error);
    expect(() => decodeBase64('QQ==QQ==')).toThrow(Base64Error);
    expect(() => decodeBase64('QUJDR')).toThrow(Base64Error);
    expect(() => decodeBase64('Q===')).toThrow(Base64Error);
  });

  it('recognises base64 text', () => {
    expect(looksLikeBase64(new TextEncoder().encode('MIAGCSqG\r\nSIb3'))).toBe(true);
    expect(looksLikeBase64(new TextEncoder().encode('<?xml'))).toBe(false);
  });
});
