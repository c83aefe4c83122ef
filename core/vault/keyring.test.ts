import { describe, expect, it } from 'vitest';
import { nodeVaultCrypto } from '../../host/vault/node-crypto';
import { VaultAuthError } from './crypto';
import { createKeyRecord, decodeRemembered, deriveKek, encodeRemembered, KdfParamsError, rewrapVaultKey, unwrapVaultKey } from './keyring';

const KDF = { algorithm: 'scrypt' as const, N: 1024, r: 8, p: 1 };
const AT = '2025-06-10T09:00:00.000Z';

describe('keyring', () => {
  it('wraps a random vault key under the password; only the right password unwraps it', async () => {
    const { record, vaultKey, kek } = await createKeyRecord(nodeVaultCrypto, 'Trapano-Viola!Nuvola-83', KDF, AT);
    expect(record).toMatchObject({ format: 1, generation: 1, kdf: { algorithm: 'scrypt', N: 1024, r: 8, p: 1 } });
    expect(record.kdf.salt).toHaveLength(16);
    expect(record.wrappedKey).toHaveLength(48);
    expect(Buffer.from(record.wrappedKey).includes(Buffer.from(vaultKey))).toBe(false);
    expect(Buffer.from(unwrapVaultKey(nodeVaultCrypto, record, kek)).equals(Buffer.from(vaultKey))).toBe(true);
    const wrong = await deriveKek(nodeVaultCrypto, record, 'trapano-viola!nuvola-83');
    expect(() => unwrapVaultKey(nodeVaultCrypto, record, wrong)).toThrow(VaultAuthError);
    // The wrapping is bound to the vault id: the same row under another vault id does not open.
    expect(() => unwrapVaultKey(nodeVaultCrypto, { ...record, vaultId: '0'.repeat(32) }, kek)).toThrow(VaultAuthError);
  });

  it('re-wrapping keeps the vault key, changes salt and nonce, and bumps the generation', async () => {
    const { record, vaultKey } = await createKeyRecord(nodeVaultCrypto, 'Trapano-Viola!Nuvola-83', KDF, AT);
    const { update, kek } = await rewrapVaultKey(nodeVaultCrypto, record, vaultKey, 'Sedano_Grigio?Lanterna-19', { ...KDF, N: 2048 }, '2025-06-11T00:00:00.000Z');
    const next = { ...record, ...update };
    expect(next.generation).toBe(2);
    expect(next.kdf.N).toBe(2048);
    expect(Buffer.from(next.kdf.salt).equals(Buffer.from(record.kdf.salt))).toBe(false);
    expect(Buffer.from(unwrapVaultKey(nodeVaultCrypto, next, kek)).equals(Buffer.from(vaultKey))).toBe(true);
    const old = await deriveKek(nodeVaultCrypto, next, 'Trapano-Viola!Nuvola-83');
    expect(() => unwrapVaultKey(nodeVaultCrypto, next, old)).toThrow(VaultAuthError);
  });

  it('refuses KDF parameters out of bounds read from a file (no gigabyte allocations)', async () => {
    const { record } = await createKeyRecord(nodeVaultCrypto, 'x', KDF, AT);
    for (const kdf of [{ ...record.kdf, N: 2 ** 30 }, { ...record.kdf, N: 1000 }, { ...record.kdf, r: 0 }, { ...record.kdf, p: 99 }, { ...record.kdf, salt: new Uint8Array(4) }]) {
      await expect(deriveKek(nodeVaultCrypto, { ...record, kdf }, 'x')).rejects.toBeInstanceOf(KdfParamsError);
    }
  });

  it('encodes the remembered KEK with its generation and refuses anything else', () => {
    const kek = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const s = encodeRemembered(4, kek);
    expect(s).toMatch(/^v1:4:[0-9a-f]{64}$/);
    const d = decodeRemembered(s)!;
    expect(d.generation).toBe(4);
    expect(Buffer.from(d.kek).equals(Buffer.from(kek))).toBe(true);
    for (const bad of ['', 'v1:4:abc', 'v2:4:' + '0'.repeat(64), 'Trapano-Viola!Nuvola-83']) expect(decodeRemembered(bad)).toBeUndefined();
  });
});
