/**
 * The vault key and its wrapping under the password. A wrong password fails GCM authentication of the wrapped key
 * (the tag comparison inside OpenSSL is constant-time) and nothing else is read or written. A password change derives
 * a new KEK with a new salt (and today's parameters) and re-wraps the same vault key: no file is touched.
 *
 * "Ricorda su questo computer" keeps the KEK in the OS keychain, not the vault key:
 * - the KEK opens nothing by itself: it needs the wrapped key stored in the company file (keychain + file, not either);
 * - a password change makes every remembered KEK useless (on this computer and on any other that opened a copy of the
 *   file), while a remembered vault key would stay valid forever because the vault key never changes;
 * - unlike the password, the KEK is useless on other sites where the user might have reused the password.
 * The entry is tagged with the key generation so a stale one is recognised (and removed) without a failed decrypt.
 */
import type { VaultKeyRecord } from '../ports';
import { associatedData, joinBox, kdfParamsProblem, KEY_BYTES, SALT_BYTES, splitBox, VAULT_FORMAT, VaultAuthError, wipe, type KdfParams, type VaultCrypto } from './crypto';

export function keyAad(vaultId: string): Uint8Array {
  return associatedData(vaultId, 'vault-key', 'vk');
}

export class KdfParamsError extends Error {}

function kdfOf(record: VaultKeyRecord): KdfParams {
  const problem = kdfParamsProblem(record.kdf);
  if (problem) throw new KdfParamsError(problem);
  return record.kdf;
}

/** A new vault: random id and vault key, the key wrapped under the password. The caller owns (and wipes) `vaultKey`. */
export async function createKeyRecord(
  crypto: VaultCrypto,
  password: string,
  params: Omit<KdfParams, 'salt'>,
  at: string,
): Promise<{ record: VaultKeyRecord; vaultKey: Uint8Array; kek: Uint8Array }> {
  const vaultId = crypto.randomId();
  const vaultKey = crypto.randomBytes(KEY_BYTES);
  const kdf: KdfParams = { ...params, salt: crypto.randomBytes(SALT_BYTES) };
  const kek = await crypto.deriveKey(password, kdf);
  const { nonce, box } = joinBox(crypto.seal(kek, vaultKey, keyAad(vaultId)));
  return {
    record: { vaultId, format: VAULT_FORMAT, kdf, wrapNonce: nonce, wrappedKey: box, generation: 1, createdAt: at, passwordChangedAt: at },
    vaultKey,
    kek,
  };
}

export async function deriveKek(crypto: VaultCrypto, record: VaultKeyRecord, password: string): Promise<Uint8Array> {
  return crypto.deriveKey(password, kdfOf(record));
}

/** The vault key, or VaultAuthError when `kek` is not the right one. */
export function unwrapVaultKey(crypto: VaultCrypto, record: VaultKeyRecord, kek: Uint8Array): Uint8Array {
  const sealed = splitBox(record.wrapNonce, record.wrappedKey);
  if (!sealed) throw new VaultAuthError();
  const vk = crypto.open(kek, sealed, keyAad(record.vaultId));
  if (vk.length !== KEY_BYTES) {
    wipe(vk);
    throw new VaultAuthError();
  }
  return vk;
}

/** The new wrapping of `vaultKey` under `password` (new salt, given parameters), generation + 1. */
export async function rewrapVaultKey(
  crypto: VaultCrypto,
  record: VaultKeyRecord,
  vaultKey: Uint8Array,
  password: string,
  params: Omit<KdfParams, 'salt'>,
  at: string,
): Promise<{ update: Pick<VaultKeyRecord, 'kdf' | 'wrapNonce' | 'wrappedKey' | 'generation' | 'passwordChangedAt'>; kek: Uint8Array }> {
  const kdf: KdfParams = { ...params, salt: crypto.randomBytes(SALT_BYTES) };
  const kek = await crypto.deriveKey(password, kdf);
  const { nonce, box } = joinBox(crypto.seal(kek, vaultKey, keyAad(record.vaultId)));
  return { update: { kdf, wrapNonce: nonce, wrappedKey: box, generation: record.generation + 1, passwordChangedAt: at }, kek };
}

/** Keychain account of a vault's remembered KEK. */
export function rememberAccount(vaultId: string): string {
  return `vault-${vaultId}`;
}

/** "v1:<generation>:<hex KEK>": hex, not base64, because the keychain stores text and hex has no ambiguity. */
export function encodeRemembered(generation: number, kek: Uint8Array): string {
  let hex = '';
  for (const b of kek) hex += b.toString(16).padStart(2, '0');
  return `v1:${generation}:${hex}`;
}

export function decodeRemembered(secret: string): { generation: number; kek: Uint8Array } | undefined {
  const m = /^v1:(\d{1,9}):([0-9a-f]{64})$/.exec(secret);
  if (!m) return undefined;
  const kek = new Uint8Array(KEY_BYTES);
  for (let i = 0; i < KEY_BYTES; i++) kek[i] = parseInt(m[2]!.slice(i * 2, i * 2 + 2), 16);
  return { generation: Number(m[1]), kek };
}
