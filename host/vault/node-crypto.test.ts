import { describe, expect, it } from 'vitest';
import { associatedData, blobParts, parseBlob, VaultAuthError, type Sealed } from '../../core/vault/crypto';
import { nodeVaultCrypto, scryptKey } from './node-crypto';

const hex = (h: string) => Buffer.from(h, 'hex');
const key = (fill: number) => new Uint8Array(32).fill(fill);
const aad = (id: string) => associatedData('v'.repeat(32), 'blob', id);

describe('node crypto port', () => {
  it('scrypt matches the RFC 7914 test vector (first 32 bytes) and normalises the password to NFC', async () => {
    const k = await scryptKey('password', { algorithm: 'scrypt', N: 1024, r: 8, p: 16, salt: Buffer.from('NaCl') });
    expect(Buffer.from(k).toString('hex')).toBe('fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162');
    const salt = Buffer.alloc(16, 7);
    const params = { algorithm: 'scrypt' as const, N: 1024, r: 8, p: 1, salt };
    // "è" typed as one code point or as e + combining grave: the same key.
    expect(Buffer.from(await scryptKey('perch\u00e8', params)).equals(Buffer.from(await scryptKey('perche\u0300', params)))).toBe(true);
  });

  it('opens the AES-256-GCM test vector (zero key, zero nonce, one zero block)', () => {
    const sealed: Sealed = { nonce: new Uint8Array(12), ciphertext: hex('cea7403d4d606b6e074ec5d3baf39d18'), tag: hex('d0d1c8a799996bf0265b98b5d48ab919') };
    expect(Buffer.from(nodeVaultCrypto.open(new Uint8Array(32), sealed, new Uint8Array(0))).equals(Buffer.alloc(16))).toBe(true);
  });

  it('seals with a fresh 96-bit nonce each time and opens only with the same key and associated data', () => {
    const plain = Buffer.from('contenuto riservato');
    const a = nodeVaultCrypto.seal(key(1), plain, aad('doc1'));
    const b = nodeVaultCrypto.seal(key(1), plain, aad('doc1'));
    expect(a.nonce).toHaveLength(12);
    expect(a.tag).toHaveLength(16);
    expect(Buffer.from(a.nonce).equals(Buffer.from(b.nonce))).toBe(false);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
    expect(Buffer.from(nodeVaultCrypto.open(key(1), a, aad('doc1'))).toString()).toBe('contenuto riservato');
    expect(() => nodeVaultCrypto.open(key(2), a, aad('doc1'))).toThrow(VaultAuthError);
    expect(() => nodeVaultCrypto.open(key(1), a, aad('doc2'))).toThrow(VaultAuthError);
    const flipped = Buffer.from(a.ciphertext);
    flipped[0] ^= 1;
    expect(() => nodeVaultCrypto.open(key(1), { ...a, ciphertext: flipped }, aad('doc1'))).toThrow(VaultAuthError);
    expect(() => nodeVaultCrypto.open(key(1), { ...a, tag: a.tag.subarray(0, 12) }, aad('doc1'))).toThrow(VaultAuthError);
  });

  it('blob framing: magic, nonce, ciphertext, tag; anything shorter or foreign is not a blob', () => {
    const s = nodeVaultCrypto.seal(key(3), Buffer.from('x'.repeat(100)), aad('d'));
    const file = Buffer.concat(blobParts(s));
    expect(file.subarray(0, 4).toString()).toBe('FDV1');
    const parsed = parseBlob(file)!;
    expect(Buffer.from(nodeVaultCrypto.open(key(3), parsed, aad('d'))).toString()).toBe('x'.repeat(100));
    expect(parseBlob(file.subarray(0, 31))).toBeUndefined();
    expect(parseBlob(Buffer.concat([Buffer.from('FDV2'), file.subarray(4)]))).toBeUndefined();
    expect(() => nodeVaultCrypto.open(key(3), parseBlob(file.subarray(0, file.length - 1))!, aad('d'))).toThrow(VaultAuthError);
  });

  it('ids are 128 random bits in hex', () => {
    const ids = new Set(Array.from({ length: 100 }, () => nodeVaultCrypto.randomId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
