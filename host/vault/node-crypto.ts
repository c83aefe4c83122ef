/**
 * The vault's crypto port (core/vault/crypto.ts) over node:crypto: scrypt (asynchronous, on libuv's thread pool, so
 * unlocking does not freeze the window) and AES-256-GCM with 96-bit random nonces and 128-bit tags. The tag check on
 * decryption is OpenSSL's, in constant time; a failed check wipes what was decrypted before it is returned.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES, VaultAuthError, type KdfParams, type Sealed, type VaultCrypto } from '../../core/vault/crypto';

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

export function scryptKey(password: string, params: KdfParams): Promise<Uint8Array> {
  const pw = Buffer.from(password.normalize('NFC'), 'utf8');
  // scrypt needs 128 * N * r bytes (plus a little); Node's default cap is 32 MiB, below our default: give headroom.
  const maxmem = 256 * params.N * params.r + 1024 * 1024;
  return new Promise<Uint8Array>((resolve, reject) => {
    scrypt(pw, asBuffer(params.salt), KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) => {
      pw.fill(0);
      if (err) reject(err);
      else resolve(key);
    });
  });
}

export const nodeVaultCrypto: VaultCrypto = {
  randomBytes: (n) => randomBytes(n),
  randomId: () => randomBytes(16).toString('hex'),
  deriveKey: scryptKey,
  seal(key, plaintext, aad): Sealed {
    if (key.length !== KEY_BYTES) throw new Error('chiave di lunghezza errata');
    const nonce = randomBytes(NONCE_BYTES);
    const c = createCipheriv('aes-256-gcm', asBuffer(key), nonce, { authTagLength: TAG_BYTES });
    c.setAAD(asBuffer(aad));
    const ciphertext = c.update(asBuffer(plaintext));
    const rest = c.final();
    return { nonce, ciphertext: rest.length ? Buffer.concat([ciphertext, rest]) : ciphertext, tag: c.getAuthTag() };
  },
  open(key, sealed, aad) {
    if (key.length !== KEY_BYTES || sealed.nonce.length !== NONCE_BYTES || sealed.tag.length !== TAG_BYTES) throw new VaultAuthError();
    const d = createDecipheriv('aes-256-gcm', asBuffer(key), asBuffer(sealed.nonce), { authTagLength: TAG_BYTES });
    d.setAAD(asBuffer(aad));
    d.setAuthTag(asBuffer(sealed.tag));
    const plain = d.update(asBuffer(sealed.ciphertext));
    try {
      const rest = d.final();
      return rest.length ? Buffer.concat([plain, rest]) : plain;
    } catch {
      plain.fill(0);
      throw new VaultAuthError();
    }
  },
};
