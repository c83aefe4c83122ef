/**
 * Fuzzing EVERY method of the API contract through the real app, over both transports: the local web host (HTTP,
 * token, origin) and the Electron IPC bridge (electron/ipc.ts with a fake ipcMain). Each method gets hostile
 * arguments: random JSON values (fast-check, fixed seed), wrong types, huge strings, prototype-pollution keys
 * (__proto__, constructor, prototype), deep nesting, and the right keys with garbage values. Values that happen to be
 * valid for the method's own schema are left out (those are real calls). Every answer must be a clean Italian
 * validation error (HTTP 200, ApiResponse ok:false, ARGOMENTI_NON_VALIDI), never a crash or a 500, and nothing may be
 * written: the company file's full dump and the files beside it are the same before and after, and Object.prototype
 * is untouched. Then: every method refused without the token or from a foreign origin.
 */
import { readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiContract, apiMethods, type ApiMethod } from '../core/api/contract';
import type { ApiResponse } from '../core/api/define';
import { createCompanyStore } from '../db/company-store';
import { dumpDatabase } from '../db/testing';
import { openCompanyDb } from '../db/open';
import { registerApiIpc, type IpcMainLike } from '../electron/ipc';
import { createAppApi, type AppApi } from './app';
import { startWebHost, TOKEN_HEADER, type WebHost } from './web-host';

const TEST_KDF = { algorithm: 'scrypt' as const, N: 1024, r: 8, p: 1 };
const PASSWORD = 'Trapano-Viola!Nuvola-83';

let dir: string;
let file: string;
let api: AppApi;
let host: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fd-fuzz-'));
  file = join(dir, 'azienda.fdesk');
  api = createAppApi({ host: 'web', dataDir: join(dir, 'data'), today: () => '2026-11-23', vault: { kdf: TEST_KDF }, sdi: { secrets: { keytar: null, env: {} } } });
  const ok = async (m: string, a: unknown = {}) => {
    const r = await api.call(m, a);
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.result;
  };
  await ok('companies.createDemo', { file });
  // The vault set up and unlocked: its methods would reach real work if validation let anything through.
  await ok('vault.setup', { password: PASSWORD, confirm: PASSWORD });
  host = await startWebHost({ api, staticDir: join(dir, 'renderer') });
});

afterAll(async () => {
  await host?.close();
  await api?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** Everything that could show a write: every row of every table (read through a second connection) and the files. */
function snapshot(): { db: Record<string, unknown[]>; files: string[] } {
  const h = openCompanyDb(file, { readonly: true });
  try {
    createCompanyStore(h);
    const files = readdirSync(dir)
      .filter((n) => n !== 'data')
      .flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? readdirSync(p).map((x) => `${n}/${x}`) : [`${n}:${statSync(p).size}`];
      })
      // The company file's size may change by checkpointing alone; its content is compared row by row.
      .filter((n) => !n.startsWith('azienda.fdesk:') && !n.startsWith('azienda.fdesk-'))
      .sort();
    return { db: dumpDatabase(h.sqlite), files };
  } finally {
    h.close();
  }
}

function deep(levels: number): unknown {
  let v: unknown = 'fondo';
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

const HUGE = 'A'.repeat(1_000_000);

/** Hostile values for one method: generic ones, then its own keys with garbage, then random JSON. */
function hostileArgs(method: ApiMethod, seed: number): unknown[] {
  const schema = apiContract[method].args as z.ZodType;
  const shape = schema instanceof z.ZodObject ? Object.keys((schema as z.ZodObject).shape) : [];
  const garbage: unknown[] = [
    HUGE, -1, 1e308, 3.5, true, [], {}, [HUGE], { $gt: '' }, deep(60), '1; DROP TABLE documents; --', '../../../etc/passwd', '\u0000', NaN,
    // Made zod itself throw ("Cannot convert object to primitive value"): must still be a validation error.
    { length: { valueOf: 1, toString: 2 } },
  ];
  const values: unknown[] = [
    42,
    'testo',
    true,
    [],
    [1, 2, 3],
    HUGE,
    deep(2_000),
    JSON.parse('{"__proto__": {"polluted": "sì"}, "constructor": {"prototype": {"polluted": "sì"}}}'),
    { prototype: { polluted: 'sì' } },
    { chiaveSconosciuta: 1 },
  ];
  for (const key of shape) {
    for (const g of garbage) values.push({ [key]: g });
    values.push(JSON.parse(`{${JSON.stringify(key)}: 1, "__proto__": {"polluted": "sì"}}`));
  }
  values.push(...fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 25, seed }));
  values.push(...fc.sample(fc.dictionary(fc.constantFrom(...(shape.length ? shape : ['x']), 'constructor', '__proto__'), fc.jsonValue({ maxDepth: 3 })), { numRuns: 25, seed: seed + 1 }));
  // Keep only what the method's own schema refuses (a valid value is a real call, not fuzz). JSON round trip: that is
  // what crosses both transports.
  return values
    .map((v) => (v === undefined ? v : JSON.parse(JSON.stringify(v) ?? 'null')))
    .filter((v) => {
      try {
        return !schema.safeParse(v ?? {}).success;
      } catch {
        return true; // zod could not even look at it: certainly not valid
      }
    });
}

function expectCleanRefusal(method: string, r: ApiResponse<unknown>): void {
  expect(r.ok, method).toBe(false);
  if (r.ok) return;
  expect(r.error.code, `${method}: ${r.error.message}`).toBe('ARGOMENTI_NON_VALIDI');
  expect(r.error.message.startsWith(`Dati non validi per ${method}`), r.error.message).toBe(true);
  expect(r.error.fix).toBe('Correggi i campi indicati e riprova.');
}

/**
 * One POST on its own TCP connection (no agent, "Connection: close"). The fetch pool would hand out a keep-alive socket
 * left idle by an earlier test: the host closes idle sockets after its keep-alive timeout, and a request written on such
 * a socket while the close is on its way fails with ECONNRESET. That is the ordinary HTTP keep-alive race, not a fault
 * of the host, so a refusal test must not depend on it.
 */
function postOnFreshConnection(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: ApiResponse<unknown> & { ok: false } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ApiResponse<unknown> & { ok: false } });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    // The 413 is answered before the whole body is read and the host closes the connection: once the answer is in,
    // an EPIPE on the rest of our upload is expected and does not matter.
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.end(body);
  });
}

describe('API fuzz: every method of the contract, hostile arguments', () => {
  it('over the web host: always a clean validation error (200), never a 500, never a write', async () => {
    const before = snapshot();
    let sent = 0;
    for (const [i, method] of apiMethods.entries()) {
      for (const args of hostileArgs(method, 1000 + i)) {
        const res = await fetch(`http://127.0.0.1:${host.port}/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { [TOKEN_HEADER]: host.token, 'content-type': 'application/json' },
          body: JSON.stringify(args),
        });
        const text = await res.text();
        expect(res.status, `${method} ${text.slice(0, 200)}`).toBe(200);
        expectCleanRefusal(method, JSON.parse(text) as ApiResponse<unknown>);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(apiMethods.length * 20);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    // Still the same company, still usable, and not one byte of data changed.
    expect((await api.call('companies.current', {})).ok).toBe(true);
    expect(snapshot()).toEqual(before);
  }, 300_000);

  it('over Electron IPC (trusted frame): the same clean refusals, and a foreign frame never reaches the API', async () => {
    const handlers = new Map<string, (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown>();
    const ipcMain: IpcMainLike = { handle: (ch, fn) => void handlers.set(ch, fn as never), removeHandler: (ch) => void handlers.delete(ch) };
    let reached = 0;
    registerApiIpc({ ipcMain, api: { call: (m, a) => (reached++, api.call(m, a)) } });
    expect(handlers.size).toBe(apiMethods.length);
    const before = snapshot();
    const trusted = { senderFrame: { url: 'fatturadesk://app/index.html' } };
    for (const [i, method] of apiMethods.entries()) {
      for (const args of hostileArgs(method, 5000 + i).slice(0, 15)) {
        // Structured clone is what crosses IPC: the same values, deep-copied.
        expectCleanRefusal(method, (await handlers.get(`api:${method}`)!(trusted, structuredClone(args))) as ApiResponse<unknown>);
      }
      const before = reached;
      const foreign = (await handlers.get(`api:${method}`)!({ senderFrame: { url: 'https://esempio.invalid/' } }, {})) as ApiResponse<unknown>;
      expect(foreign).toMatchObject({ ok: false, error: { code: 'MITTENTE_NON_AUTORIZZATO' } });
      expect(reached).toBe(before);
    }
    expect(snapshot()).toEqual(before);
  }, 300_000);

  it('the web host refuses every method without the token, with the token in the URL, or from another origin', async () => {
    const before = snapshot();
    const path = (m: string) => `/api/${encodeURIComponent(m)}`;
    for (const method of apiMethods) {
      const noToken = await postOnFreshConnection(path(method), {}, '{}');
      expect([noToken.status, noToken.json.error.code], method).toEqual([401, 'TOKEN_NON_VALIDO']);
      const inQuery = await postOnFreshConnection(`${path(method)}?token=${host.token}`, {}, '{}');
      expect(inQuery.status, method).toBe(401);
      for (const origin of [`http://127.0.0.1:${host.port + 1}`, 'http://localhost', 'https://esempio.invalid', 'null']) {
        const foreign = await postOnFreshConnection(path(method), { [TOKEN_HEADER]: host.token, origin }, '{}');
        expect([foreign.status, foreign.json.error.code], `${method} ${origin}`).toEqual([403, 'ORIGINE_NON_CONSENTITA']);
      }
    }
    // A body over 25 MB: 413 with a clean Italian body.
    const big = await postOnFreshConnection(path('companies.open'), { [TOKEN_HEADER]: host.token }, 'x'.repeat(26 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(big.json.error.message).toMatch(/Richiesta troppo grande/);
    expect(snapshot()).toEqual(before);
  }, 300_000);
});
