/**
 * The vault's cryptography as core sees it: a port (VaultCrypto) that the host implements with node:crypto
 * (host/vault/node-crypto.ts), the KDF parameters, and the associated data that binds every ciphertext to its place.
 *
 * Scheme (format 1):
 * - password --scrypt(N, r, p, 16-byte salt)--> 256-bit key-encryption key (KEK);
 * - a random 256-bit vault key (VK), wrapped with AES-256-GCM under the KEK (own 96-bit nonce), stored in the company
 *   file with the KDF parameters: a password change re-wraps VK and touches nothing else;
 * - every document has its own random 256-bit content key (DEK), kept inside the document's metadata, which is sealed
 *   with VK. The file content is sealed with the DEK. Deleting the metadata row destroys the only copy of the DEK, so
 *   remnants of a deleted blob on disk stay unreadable even with the password (crypto-shredding);
 * - every seal uses a fresh random 96-bit nonce, and associated data naming the vault, the kind of record and the
 *   record id: a ciphertext moved to another row or another file (two blobs swapped) fails authentication.
 */

export const VAULT_FORMAT = 1;
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const SALT_BYTES = 16;

export interface KdfParams {
  algorithm: 'scrypt';
  /** CPU/memory cost, a power of two. Memory used is 128 * N * r bytes. */
  N: number;
  r: number;
  p: number;
  salt: Uint8Array;
}

/**
 * N = 2^16, r = 8, p = 1: 64 MiB of memory and ~200 ms per derivation on the reference machine (2-core EPYC VM under
 * load: median 203 ms, 181-239 ms; N = 2^15 was ~100 ms, N = 2^17 ~0.9 s). A user does not notice it once per unlock;
 * an offline guesser pays 64 MiB and ~0.2 s per try per core. The file records the parameters, so they can be raised
 * later: the next password change re-wraps with the new ones.
 */
export const DEFAULT_KDF: Omit<KdfParams, 'salt'> = { algorithm: 'scrypt', N: 2 ** 16, r: 8, p: 1 };

/** Bounds accepted when reading parameters back from a file: a tampered row must not make us allocate gigabytes. */
export function kdfParamsProblem(p: Omit<KdfParams, 'salt'> & { salt?: Uint8Array }): string | undefined {
  if (p.algorithm !== 'scrypt') return `algoritmo ${String(p.algorithm)} sconosciuto`;
  if (!Number.isInteger(p.N) || p.N < 2 ** 10 || p.N > 2 ** 20 || (p.N & (p.N - 1)) !== 0) return 'N fuori intervallo';
  if (!Number.isInteger(p.r) || p.r < 1 || p.r > 32) return 'r fuori intervallo';
  if (!Number.isInteger(p.p) || p.p < 1 || p.p > 16) return 'p fuori intervallo';
  if (128 * p.N * p.r * p.p > 1024 * 1024 * 1024) return 'memoria richiesta eccessiva';
  if (p.salt && p.salt.length < SALT_BYTES) return 'sale troppo corto';
  return undefined;
}

/** A sealed box in parts (so a 50 MB blob is written with writev, never concatenated). */
export interface Sealed {
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

/** Thrown by `open` when the tag does not verify: wrong key, or data changed. Nothing decrypted leaks out. */
export class VaultAuthError extends Error {
  constructor() {
    super('autenticazione non riuscita');
    this.name = 'VaultAuthError';
  }
}

export interface VaultCrypto {
  randomBytes(n: number): Uint8Array;
  /** 128 random bits as 32 lower-case hex characters (ids of documents, categories, reasons). */
  randomId(): string;
  /** The KEK from the password (NFC-normalised, UTF-8). Asynchronous: runs off the main thread. */
  deriveKey(password: string, params: KdfParams): Promise<Uint8Array>;
  /** AES-256-GCM with a fresh random nonce. */
  seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Sealed;
  /** Throws VaultAuthError when the tag does not verify (the partial plaintext is wiped first). */
  open(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Uint8Array;
}

export type RecordKind = 'vault-key' | 'document' | 'blob' | 'category' | 'reason' | 'share';

const utf8 = new TextEncoder();

/** Associated data: format, vault, kind of record, record id. Never secret, never stored (rebuilt at each open). */
export function associatedData(vaultId: string, kind: RecordKind, recordId: string): Uint8Array {
  return utf8.encode(`fatturadesk-vault/${VAULT_FORMAT}/${vaultId}/${kind}/${recordId}`);
}

/** Overwrites key material in place (as far as JS allows: copies made by the engine or OpenSSL are out of reach). */
export function wipe(...buffers: (Uint8Array | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}

/** ciphertext || tag, for small records stored in one SQLite BLOB. */
export function joinBox(s: Sealed): { nonce: Uint8Array; box: Uint8Array } {
  const box = new Uint8Array(s.ciphertext.length + s.tag.length);
  box.set(s.ciphertext, 0);
  box.set(s.tag, s.ciphertext.length);
  return { nonce: s.nonce, box };
}

export function splitBox(nonce: Uint8Array, box: Uint8Array): Sealed | undefined {
  if (nonce.length !== NONCE_BYTES || box.length < TAG_BYTES) return undefined;
  return { nonce, ciphertext: box.subarray(0, box.length - TAG_BYTES), tag: box.subarray(box.length - TAG_BYTES) };
}

/** Blob files: "FDV1" + nonce + ciphertext + tag. */
export const BLOB_MAGIC = new Uint8Array([0x46, 0x44, 0x56, 0x31]);

export function blobParts(s: Sealed): Uint8Array[] {
  return [BLOB_MAGIC, s.nonce, s.ciphertext, s.tag];
}

/** The parts of a blob file, or undefined when it is not one (truncated, another file put in its place). */
export function parseBlob(bytes: Uint8Array): Sealed | undefined {
  const min = BLOB_MAGIC.length + NONCE_BYTES + TAG_BYTES;
  if (bytes.length < min) return undefined;
  for (let i = 0; i < BLOB_MAGIC.length; i++) if (bytes[i] !== BLOB_MAGIC[i]) return undefined;
  const n0 = BLOB_MAGIC.length;
  return {
    nonce: bytes.subarray(n0, n0 + NONCE_BYTES),
    ciphertext: bytes.subarray(n0 + NONCE_BYTES, bytes.length - TAG_BYTES),
    tag: bytes.subarray(bytes.length - TAG_BYTES),
  };
}
