/**
 * Test support for the vault: a cheap KDF (the cost is a parameter stored per vault; tests need hundreds of
 * derivations), a fake keychain, a fake clock whose timers fire when the test advances it, and an API over a demo
 * company in a temp folder.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KdfParams } from '../../../core/vault/crypto';
import type { Scheduler } from '../../../core/vault/ports';
import { createAppApi, type AppApi, type AppApiOptions } from '../../app';
import type { KeytarLike } from '../../secrets';

/** 1 MiB, ~1 ms: only for tests (the file records the parameters, so nothing depends on this choice). */
export const TEST_KDF: Omit<KdfParams, 'salt'> = { algorithm: 'scrypt', N: 1024, r: 8, p: 1 };

export const GOOD_PASSWORD = 'Trapano-Viola!Nuvola-83';
export const OTHER_PASSWORD = 'Sedano_Grigio?Lanterna-19';

export function fakeKeytar(): KeytarLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getPassword: async (service, account) => data.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void data.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => data.delete(`${service}/${account}`),
  };
}

/** A clock that only moves when told, with timers that fire as it passes them. */
export class FakeClock implements Scheduler {
  private t: number;
  private seq = 0;
  readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.parse('2025-06-10T09:00:00Z')) {
    this.t = start;
  }

  now = (): Date => new Date(this.t);

  set(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }

  clear(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves the clock and fires, in order, every timer that falls due. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }
}

export interface VaultTestApi {
  api: AppApi;
  dir: string;
  file: string;
  clock: FakeClock;
  keytar: ReturnType<typeof fakeKeytar> | null;
  events: { event: string; data: unknown }[];
  ok<T>(method: string, args?: unknown): Promise<T>;
  err(method: string, args?: unknown): Promise<{ code: string; message: string; fix?: string; field?: string; details?: unknown }>;
  close(): Promise<void>;
}

export interface VaultTestOptions {
  keychain?: boolean;
  host?: AppApiOptions['host'];
  vault?: AppApiOptions['vault'];
  /** Reuse a folder (a second "process" on the same company file). */
  dir?: string;
  keytar?: ReturnType<typeof fakeKeytar>;
  clock?: FakeClock;
  /** The real OS keychain under this service name (instead of the fake one). */
  realKeychainService?: string;
}

/** An API (host 'web' unless told) with the demo company open. */
export async function vaultTestApi(o: VaultTestOptions = {}): Promise<VaultTestApi> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'fatturadesk-vault-'));
  const clock = o.clock ?? new FakeClock();
  const keytar = o.keytar ?? (o.keychain === false ? null : fakeKeytar());
  const api = createAppApi({
    host: o.host ?? 'web',
    dataDir: join(dir, 'data'),
    today: () => clock.now().toISOString().slice(0, 10),
    sdi: { secrets: o.realKeychainService ? { service: o.realKeychainService, env: {} } : { keytar, env: {} } },
    vault: { kdf: TEST_KDF, scheduler: clock, now: clock.now, ...o.vault },
  });
  const events: { event: string; data: unknown }[] = [];
  api.subscribe({ publish: (event, data) => events.push({ event, data }) });
  const file = join(dir, 'azienda.fdesk');
  const ok = async <T>(method: string, args: unknown = {}): Promise<T> => {
    const r = await api.call(method, args);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.result as T;
  };
  const err = async (method: string, args: unknown = {}) => {
    const r = await api.call(method, args);
    if (r.ok) throw new Error(`${method} doveva fallire`);
    return r.error;
  };
  if (o.dir) await ok('companies.open', { file });
  else await ok('companies.createDemo', { file });
  return {
    api,
    dir,
    file,
    clock,
    keytar,
    events,
    ok,
    err,
    async close() {
      await api.shutdown();
      if (!o.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

/** Every file of the vault folder with its SHA-256 (to prove an operation touched none). */
export function blobHashes(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    return out;
  }
  for (const n of names.sort()) out[n] = createHash('sha256').update(readFileSync(join(folder, n))).digest('hex');
  return out;
}
