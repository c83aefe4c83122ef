/**
 * One FatturaDesk process at a time on a company file, across processes and computers (a file on a shared folder).
 *
 * The lock lives beside the file, in the folder `<company file>.lock/`:
 *   app.json             the interactive owner (Electron app or web host): created with O_EXCL, so only one exists;
 *   cli-<pid>-<id>.json  a `fatturadesk` command using the file at the same time (shared: any number).
 * Each entry says which process holds it (pid, computer name, a random owner id, since, heartbeat) and is rewritten
 * every 30 seconds. An entry is stale, and is taken over, when its process is gone (same computer: the pid no longer
 * runs) or its heartbeat stopped (10 minutes on the same computer, 5 on another one). Entries are removed at close; a
 * crash leaves them behind, and the next open sees them stale.
 *
 * What may share the file (documented in core/backup/README.md): the CLI's commands run beside the app — SQLite
 * serialises their writes (every mutation is one IMMEDIATE transaction), sending is protected by the outbox lease and
 * numbering by the registration transaction — but three things need the file to themselves: a second interactive
 * owner (two windows editing the same drafts), a schema migration, and a restore (the file is replaced).
 *
 * Within one process, opening the same file twice shares the process's entry (it is a per-process lock).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { fail } from '../core/errors';
import { processIsAlive } from './sdi-host';

export type LockMode = 'exclusive' | 'shared';

export interface LockEntry {
  v: 1;
  owner: string;
  pid: number;
  host: string;
  mode: LockMode;
  /** Held for a restore: nobody else may even read the file meanwhile. */
  solo?: true;
  /** electron, web, cli: for the message. */
  app: string;
  since: string;
  heartbeat: string;
}

export interface CompanyLock {
  readonly file: string;
  readonly mode: LockMode;
  /** True once another process took the lock over (this one looked dead): stop writing. */
  readonly lost: boolean;
  release(): void;
}

export interface LockManagerOptions {
  mode: LockMode;
  app: string;
  /** Overrides for tests: another "process" in the same test. */
  pid?: number;
  hostName?: string;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
  heartbeatMs?: number;
  staleSameHostMs?: number;
  staleOtherHostMs?: number;
  /** Called when a heartbeat finds that another process took the exclusive lock over. */
  onLost?: (file: string) => void;
}

export interface LockManager {
  /** Takes the lock in this manager's mode; throws AZIENDA_GIA_APERTA when another process owns the file exclusively. */
  acquire(file: string): CompanyLock;
  /** Takes the file for this process alone (restore): throws AZIENDA_IN_USO while any other process uses it. */
  acquireSolo(file: string): CompanyLock;
  /** Live entries of OTHER processes on `file`. */
  othersUsing(file: string): LockEntry[];
  /** Stops heartbeats and releases every lock still held (process exit). */
  releaseAll(): void;
}

export const LOCK_DIR_SUFFIX = '.lock';
const EXCLUSIVE = 'app.json';
const TAKEOVER = 'takeover';
const HEARTBEAT_MS = 30_000;
const STALE_SAME_HOST_MS = 10 * 60_000;
const STALE_OTHER_HOST_MS = 5 * 60_000;
const TAKEOVER_STALE_MS = 10_000;

export function lockDirFor(file: string): string {
  return `${file}${LOCK_DIR_SUFFIX}`;
}


function readEntry(path: string): LockEntry | undefined {
  try {
    const e = JSON.parse(readFileSync(path, 'utf8')) as LockEntry;
    return e && typeof e.owner === 'string' && typeof e.pid === 'number' && typeof e.host === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the entry under a temp name and renames it in place: a reader sees the old or the new one, never half. */
function rewrite(path: string, entry: LockEntry): void {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, JSON.stringify(entry));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function createExclusive(path: string, entry: LockEntry): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(entry));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function formatSince(iso: string): string {
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return ` dal ${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} alle ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Shared by every manager of this process: one entry per (identity, file), counted. */
const held = new Map<string, { entry: LockEntry; path: string; count: number; timer?: NodeJS.Timeout; lost: boolean }>();

/** A short synchronous pause between attempts (the lock is taken inside synchronous open paths). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** An entry file still being written by its creator (created empty, then written) is not yet a broken one. */
function youngerThan(path: string, ms: number, nowMs: number): boolean {
  try {
    return nowMs - statSync(path).mtimeMs < ms;
  } catch {
    return false;
  }
}

export function createLockManager(o: LockManagerOptions): LockManager {
  const pid = o.pid ?? process.pid;
  const host = o.hostName ?? hostname();
  const isAlive = o.isAlive ?? processIsAlive;
  const now = o.now ?? Date.now;
  const heartbeatMs = o.heartbeatMs ?? HEARTBEAT_MS;
  const staleSame = o.staleSameHostMs ?? STALE_SAME_HOST_MS;
  const staleOther = o.staleOtherHostMs ?? STALE_OTHER_HOST_MS;
  /** Handles given out by this manager and not yet released (releaseAll releases exactly these). */
  const outstanding = new Set<CompanyLock>();

  const isSelf = (e: LockEntry) => e.pid === pid && e.host === host;
  const keyOf = (file: string, mode: LockMode | 'solo') => `${host}:${pid}:${mode}:${file}`;

  function isStale(e: LockEntry): boolean {
    const beat = Date.parse(e.heartbeat);
    const age = Number.isFinite(beat) ? now() - beat : Infinity;
    if (e.host === host) {
      // Our own pid in an entry this process does not hold: a previous process that had the same pid.
      if (e.pid === pid) return ![...held.values()].some((h) => h.entry.owner === e.owner);
      return !isAlive(e.pid) || age > staleSame;
    }
    return age > staleOther;
  }

  function liveEntries(file: string): LockEntry[] {
    const dir = lockDirFor(file);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const out: LockEntry[] = [];
    for (const n of names) {
      if (!n.endsWith('.json')) continue;
      const e = readEntry(join(dir, n));
      if (e && !isStale(e)) out.push(e);
    }
    return out;
  }

  function newEntry(mode: LockMode): LockEntry {
    const at = new Date(now()).toISOString();
    return { v: 1, owner: randomBytes(12).toString('hex'), pid, host, mode, app: o.app, since: at, heartbeat: at };
  }

  /** A short critical section (atomic mkdir) around replacing a stale exclusive entry, so two takers cannot both win. */
  function withTakeover<T>(dir: string, fn: () => T): T | undefined {
    const t = join(dir, TAKEOVER);
    try {
      mkdirSync(t);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (now() - statSync(t).mtimeMs > TAKEOVER_STALE_MS) rmdirSync(t);
      } catch {
        // gone meanwhile
      }
      return undefined;
    }
    try {
      return fn();
    } finally {
      try {
        rmdirSync(t);
      } catch {
        // already removed
      }
    }
  }

  function refuseExclusive(file: string, e: LockEntry): never {
    const where = e.host === host ? 'in un’altra finestra di FatturaDesk su questo computer' : `sul computer «${e.host}»`;
    fail('AZIENDA_GIA_APERTA', 'L’azienda è già aperta in un’altra finestra o su un altro computer.', {
      fix: `«${basename(file)}» è aperta ${where}${formatSince(e.since)}: chiudila lì e riprova. Se quel programma si è chiuso in modo anomalo, il blocco si libera da solo entro ${Math.round((e.host === host ? staleSame : staleOther) / 60_000)} minuti.`,
      details: { host: e.host, pid: e.pid, app: e.app, since: e.since },
    });
  }

  function startHeartbeat(key: string, file: string): void {
    const h = held.get(key);
    if (!h || heartbeatMs <= 0) return;
    h.timer = setInterval(() => {
      const cur = held.get(key);
      if (!cur) return;
      try {
        if (cur.entry.mode === 'exclusive') {
          const onDisk = readEntry(cur.path);
          if (onDisk && onDisk.owner !== cur.entry.owner) {
            cur.lost = true;
            clearInterval(cur.timer);
            o.onLost?.(file);
            return;
          }
        }
        cur.entry = { ...cur.entry, heartbeat: new Date(now()).toISOString() };
        rewrite(cur.path, cur.entry);
      } catch {
        // A folder that went away (network share offline): try again at the next beat.
      }
    }, heartbeatMs);
    h.timer.unref();
  }

  function handle(key: string, file: string, mode: LockMode): CompanyLock {
    let released = false;
    const lock: CompanyLock = {
      file,
      mode,
      get lost() {
        return held.get(key)?.lost ?? false;
      },
      release() {
        if (released) return;
        released = true;
        outstanding.delete(lock);
        const h = held.get(key);
        if (!h) return;
        if (--h.count > 0) return;
        held.delete(key);
        if (h.timer) clearInterval(h.timer);
        // Only our own entry is removed: never one another process wrote after taking over.
        if (!h.lost && readEntry(h.path)?.owner === h.entry.owner) rmSync(h.path, { force: true });
        try {
          rmdirSync(lockDirFor(file)); // only when empty
        } catch {
          // other entries remain
        }
      },
    };
    outstanding.add(lock);
    return lock;
  }

  function acquireExclusive(file: string, solo: boolean): CompanyLock {
    const key = keyOf(file, solo ? 'solo' : 'exclusive');
    const existing = held.get(key);
    if (existing && !existing.lost) {
      existing.count++;
      return handle(key, file, 'exclusive');
    }
    const dir = lockDirFor(file);
    const path = join(dir, EXCLUSIVE);
    for (let attempt = 0; attempt < 50; attempt++) {
      mkdirSync(dir, { recursive: true });
      const entry: LockEntry = solo ? { ...newEntry('exclusive'), solo: true } : newEntry('exclusive');
      let created: boolean;
      try {
        created = createExclusive(path, entry);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // the folder was removed by a releasing process
        throw e;
      }
      if (created) {
        if (solo) {
          // Announce, then look: a command registering at the same moment sees this entry, or is seen here.
          const others = liveEntries(file).filter((e) => !isSelf(e));
          if (others.length > 0) {
            rmSync(path, { force: true });
            refuseSolo(file, others);
          }
        }
        held.set(key, { entry, path, count: 1, lost: false });
        startHeartbeat(key, file);
        return handle(key, file, 'exclusive');
      }
      // (Another API instance of this process holding it was found above through `held`: same key.)
      const cur = readEntry(path);
      if (cur && !isStale(cur)) {
        if (solo) refuseSolo(file, [cur]);
        refuseExclusive(file, cur);
      }
      if (!cur && youngerThan(path, 5_000, Date.now())) {
        pause(50);
        continue;
      }
      // Stale, or unreadable for a while (a crash while writing it): replace it, one taker at a time.
      const replaced = withTakeover(dir, () => {
        const again = readEntry(path);
        if (again === undefined || (cur !== undefined && again.owner === cur.owner)) rmSync(path, { force: true });
        return true;
      });
      if (!replaced) pause(20);
    }
    fail('AZIENDA_BLOCCO_NON_RIUSCITO', `Non è stato possibile riservare «${basename(file)}» per questo programma.`, {
      fix: `Riprova tra qualche secondo; se si ripete, controlla i permessi della cartella ${basename(dir)}.`,
    });
  }

  function refuseSolo(file: string, others: LockEntry[]): never {
    const e = others[0]!;
    const who = e.mode === 'exclusive' ? (e.host === host ? 'in un’altra finestra di FatturaDesk' : `su «${e.host}»`) : e.host === host ? 'da un comando fatturadesk in corso' : `da un comando fatturadesk su «${e.host}»`;
    fail('AZIENDA_IN_USO', `L’azienda «${basename(file)}» è in uso ${who}: per questa operazione nessun altro programma deve usarla.`, {
      fix: 'Chiudi l’azienda negli altri programmi (o attendi che il comando finisca) e riprova.',
      details: others.map(({ host: h, pid: p, app, mode, since }) => ({ host: h, pid: p, app, mode, since })),
    });
  }

  function acquireShared(file: string): CompanyLock {
    const key = keyOf(file, 'shared');
    const existing = held.get(key);
    if (existing) {
      existing.count++;
      return handle(key, file, 'shared');
    }
    const dir = lockDirFor(file);
    const entry = newEntry('shared');
    const path = join(dir, `cli-${pid}-${entry.owner.slice(0, 8)}.json`);
    for (let attempt = 0; ; attempt++) {
      mkdirSync(dir, { recursive: true });
      try {
        if (!createExclusive(path, entry)) throw new Error('voce di blocco già presente');
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 50) continue;
        throw e;
      }
    }
    const owner = readEntry(join(dir, EXCLUSIVE));
    if (owner?.solo && !isStale(owner)) {
      rmSync(path, { force: true });
      fail('AZIENDA_IN_RIPRISTINO', `«${basename(file)}» è in corso di ripristino da una copia di sicurezza.`, { fix: 'Attendi che il ripristino finisca e riprova.' });
    }
    // Leftovers of crashed commands are cleaned here, so the folder does not grow forever.
    for (const n of readdirSync(dir)) {
      if (!n.startsWith('cli-') || !n.endsWith('.json')) continue;
      const e = readEntry(join(dir, n));
      if (e && e.owner !== entry.owner && isStale(e)) rmSync(join(dir, n), { force: true });
    }
    held.set(key, { entry, path, count: 1, lost: false });
    startHeartbeat(key, file);
    return handle(key, file, 'shared');
  }

  return {
    acquire: (file) => (o.mode === 'exclusive' ? acquireExclusive(file, false) : acquireShared(file)),
    acquireSolo: (file) => acquireExclusive(file, true),
    othersUsing: (file) => liveEntries(file).filter((e) => !isSelf(e)),
    releaseAll() {
      for (const lock of [...outstanding]) lock.release();
    },
  };
}
