/**
 * Secrets (API keys of the channels) in the OS keychain through keytar, service "FatturaDesk". keytar is an optional
 * native dependency: it is imported dynamically, and a missing module or a missing keychain (Linux without a D-Bus
 * session, a locked keyring) makes the store "unavailable" instead of failing: the caller then says so in Italian and
 * the secret is given per call or through the environment variable FATTURADESK_SECRET_<ACCOUNT> (for scripts).
 * Secrets are never written to the company file or to a log.
 */
import type { SecretStore } from '../core/sdi/outbox/channel';
import { secretEnvVar } from '../core/sdi/outbox/channel';

export type { SecretStore } from '../core/sdi/outbox/channel';

export const KEYCHAIN_SERVICE = 'FatturaDesk';
/** Probing a keychain that hangs (no secret service answering) must not hang the app. */
const PROBE_TIMEOUT_MS = 3_000;

/** The part of keytar we use. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface SecretStoreOptions {
  service?: string;
  env?: Record<string, string | undefined>;
  /** null = behave as if keytar were not installed (tests); undefined = import it. */
  keytar?: KeytarLike | null;
}

/** Why the keychain is not usable, in Italian; undefined when it is. */
export interface SecretStoreStatus {
  available: boolean;
  reason?: string;
}

async function loadKeytar(): Promise<KeytarLike | undefined> {
  try {
    const mod = (await import('keytar')) as unknown as { default?: KeytarLike } & Partial<KeytarLike>;
    const k = mod.default ?? (mod as KeytarLike);
    return typeof k.getPassword === 'function' ? k : undefined;
  } catch {
    return undefined;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('il portachiavi non risponde')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** A store that is created once per process: it probes the keychain so `available()` can answer synchronously. */
export async function createSecretStore(opts: SecretStoreOptions = {}): Promise<SecretStore & { status: SecretStoreStatus }> {
  const service = opts.service ?? KEYCHAIN_SERVICE;
  const env = opts.env ?? process.env;
  const keytar = opts.keytar === null ? undefined : (opts.keytar ?? (await loadKeytar()));
  let status: SecretStoreStatus;
  if (!keytar) status = { available: false, reason: 'il modulo keytar non è installato' };
  else {
    try {
      await withTimeout(keytar.getPassword(service, '__fatturadesk_probe__'), PROBE_TIMEOUT_MS);
      status = { available: true };
    } catch (e) {
      // e.g. "Cannot autolaunch D-Bus without X11 $DISPLAY": no keychain in this session. The text stays out of logs
      // of secrets, it only names the cause.
      status = { available: false, reason: e instanceof Error ? e.message : String(e) };
    }
  }
  const fromEnv = (account: string) => {
    const v = env[secretEnvVar(account)];
    return v !== undefined && v !== '' ? v : undefined;
  };
  return {
    status,
    available: () => status.available,
    async get(account) {
      // The environment wins: a script that sets it means that key, whatever the keychain holds.
      const e = fromEnv(account);
      if (e !== undefined) return e;
      if (!status.available || !keytar) return undefined;
      try {
        return (await keytar.getPassword(service, account)) ?? undefined;
      } catch {
        return undefined;
      }
    },
    async set(account, secret) {
      if (!status.available || !keytar) throw new Error('Portachiavi di sistema non disponibile, la password o la chiave non viene ricordata');
      await keytar.setPassword(service, account, secret);
    },
    async delete(account) {
      if (!status.available || !keytar) return false;
      return keytar.deletePassword(service, account);
    },
  };
}
