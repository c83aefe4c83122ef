/**
 * The per-file process lock: unit rules with injected identities (another live process is this test's parent, a dead
 * one a pid that does not run, another computer a host name and a clock), then the real thing: a child process holds
 * the company as the web host does, and a second app instance is refused with the Italian message while `fatturadesk`
 * commands still work beside it; after the child is killed with SIGKILL the file opens again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../cli/main';
import { AppError } from '../core/errors';
import { openCompanyDb } from '../db/open';
import { createAppApi, type AppApi } from './app';
import { createLockManager, lockDirFor, type LockEntry } from './company-lock';

const ROOT = resolve(__dirname, '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
const apis: AppApi[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const a of apis.splice(0)) await a.shutdown();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function companyFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fd-lock-'));
  dirs.push(dir);
  const file = join(dir, 'azienda.fdesk');
  openCompanyDb(file, { create: true }).close();
  return file;
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('atteso un errore');
}

const entries = (file: string) => (existsSync(lockDirFor(file)) ? readdirSync(lockDirFor(file)).sort() : []);

describe('lock rules', () => {
  it('refuses a second exclusive owner in another live process, with the Italian message', () => {
    const file = companyFile();
    const mine = createLockManager({ mode: 'exclusive', app: 'electron', heartbeatMs: 0 }).acquire(file);
    const other = createLockManager({ mode: 'exclusive', app: 'web', pid: process.ppid, heartbeatMs: 0 });
    const e = errorOf(() => other.acquire(file));
    expect(e.code).toBe('AZIENDA_GIA_APERTA');
    expect(e.message).toBe('L’azienda è già aperta in un’altra finestra o su un altro computer.');
    expect(e.fix).toMatch(/aperta in un’altra finestra di FatturaDesk su questo computer dal \d\d\/\d\d\/\d{4} alle \d\d:\d\d: chiudila lì e riprova/);
    mine.release();
    expect(entries(file)).toEqual([]);
    const now = other.acquire(file);
    expect(entries(file)).toEqual(['app.json']);
    now.release();
  });

  it('takes over the entry of a process that is gone (same computer) at once', () => {
    const file = companyFile();
    // A process that died holding the lock (its pid no longer runs).
    createLockManager({ mode: 'exclusive', app: 'electron', pid: 2_147_000_001, heartbeatMs: 0 }).acquire(file);
    const lock = createLockManager({ mode: 'exclusive', app: 'electron', heartbeatMs: 0 }).acquire(file);
    const entry = JSON.parse(readFileSync(join(lockDirFor(file), 'app.json'), 'utf8')) as LockEntry;
    expect(entry.pid).toBe(process.pid);
    lock.release();
  });

  it('on another computer, waits for the heartbeat to stop for 5 minutes', () => {
    const file = companyFile();
    const t0 = Date.now();
    createLockManager({ mode: 'exclusive', app: 'electron', hostName: 'ufficio-2', now: () => t0, heartbeatMs: 0 }).acquire(file);
    const at = (minutes: number) => createLockManager({ mode: 'exclusive', app: 'electron', now: () => t0 + minutes * 60_000, heartbeatMs: 0 });
    const e = errorOf(() => at(4).acquire(file));
    expect(e.code).toBe('AZIENDA_GIA_APERTA');
    expect(e.fix).toMatch(/sul computer «ufficio-2»/);
    expect(e.fix).toMatch(/si libera da solo entro 5 minuti/);
    at(6).acquire(file).release();
  });

  it('lets `fatturadesk` commands share the file with its owner, but not a restore', () => {
    const file = companyFile();
    const owner = createLockManager({ mode: 'exclusive', app: 'web', pid: process.ppid, heartbeatMs: 0 }).acquire(file);
    const cli = createLockManager({ mode: 'shared', app: 'cli', heartbeatMs: 0 });
    const a = cli.acquire(file);
    expect(entries(file)).toEqual(['app.json', `cli-${process.pid}-${entries(file)[1]!.slice(`cli-${process.pid}-`.length)}`]);
    const solo = errorOf(() => createLockManager({ mode: 'shared', app: 'cli', heartbeatMs: 0 }).acquireSolo(file));
    expect(solo.code).toBe('AZIENDA_IN_USO');
    expect(solo.message).toMatch(/è in uso in un’altra finestra di FatturaDesk: per questa operazione nessun altro programma deve usarla\.$/);
    owner.release();
    a.release();
    expect(entries(file)).toEqual([]);
  });

  it('a restore in progress keeps every command out', () => {
    const file = companyFile();
    const restoring = createLockManager({ mode: 'exclusive', app: 'cli', pid: process.ppid, heartbeatMs: 0 }).acquireSolo(file);
    const e = errorOf(() => createLockManager({ mode: 'shared', app: 'cli', heartbeatMs: 0 }).acquire(file));
    expect(e.code).toBe('AZIENDA_IN_RIPRISTINO');
    expect(entries(file)).toEqual(['app.json']);
    restoring.release();
  });

  it('is per process: two API instances of one process share it', () => {
    const file = companyFile();
    const a = createLockManager({ mode: 'exclusive', app: 'web', heartbeatMs: 0 }).acquire(file);
    const b = createLockManager({ mode: 'exclusive', app: 'web', heartbeatMs: 0 }).acquire(file);
    a.release();
    expect(entries(file)).toEqual(['app.json']);
    b.release();
    expect(entries(file)).toEqual([]);
  });

  it('notices when another computer took the file over (this one looked dead) and never removes its entry', async () => {
    const file = companyFile();
    let lost = '';
    const mine = createLockManager({ mode: 'exclusive', app: 'electron', heartbeatMs: 10, onLost: (f) => (lost = f) }).acquire(file);
    // Seen from another computer whose clock is 10 minutes ahead, this heartbeat is stale.
    const theirs = createLockManager({ mode: 'exclusive', app: 'electron', hostName: 'portatile', now: () => Date.now() + 10 * 60_000, heartbeatMs: 0 }).acquire(file);
    await expect.poll(() => lost, { timeout: 5_000 }).toBe(file);
    expect(mine.lost).toBe(true);
    mine.release();
    expect((JSON.parse(readFileSync(join(lockDirFor(file), 'app.json'), 'utf8')) as LockEntry).host).toBe('portatile');
    theirs.release();
  });
});

describe('two real processes on one company file', () => {
  function hold(file: string, dataDir: string, host: 'web' | 'cli'): Promise<ChildProcess> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'host', 'testing', 'hold-company.ts'), file, dataDir, host], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      let err = '';
      child.stdout!.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        if (out.includes('aperta\n')) done(child);
        if (out.includes('errore')) fail(new Error(out));
      });
      child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
      child.on('exit', (code) => fail(new Error(`uscito con ${code}: ${out} ${err}`)));
    });
  }

  async function cli(args: string[], dataDir: string): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), dataDir };
    const code = await main(args, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('refuses a second app instance; commands share the file; a restore waits; SIGKILL frees it', async () => {
    const file = companyFile();
    const dataDir = join(file, '..', 'data');
    const backup = await cli(['backup', file], dataDir);
    expect(backup.code, backup.err).toBe(0);
    const child = await hold(file, dataDir, 'web');

    const second = createAppApi({ host: 'web', dataDir });
    apis.push(second);
    const refused = await second.call('companies.open', { file });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('AZIENDA_GIA_APERTA');
      expect(refused.error.message).toBe('L’azienda è già aperta in un’altra finestra o su un altro computer.');
    }

    // A script's commands work beside the open app: reading, and a backup.
    expect((await cli(['status', file], dataDir)).code).toBe(0);
    expect((await cli(['verify', file], dataDir)).code).toBe(0);
    // A restore needs the file to itself.
    const restore = await cli(['restore', file, backup.out.trim()], dataDir);
    expect(restore.code).toBe(1);
    expect(restore.err).toMatch(/AZIENDA_IN_USO: L’azienda «azienda\.fdesk» è in uso in un’altra finestra di FatturaDesk/);

    // The owner dies without releasing anything: its pid no longer runs, so the next open takes the file over.
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(entries(file)).toEqual(['app.json']);
    const reopened = await second.call('companies.open', { file });
    expect(reopened.ok).toBe(true);
    expect((JSON.parse(readFileSync(join(lockDirFor(file), 'app.json'), 'utf8')) as LockEntry).pid).toBe(process.pid);
  }, 60_000);
});
