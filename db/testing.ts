/**
 * Test support: a fresh company file per test in the OS temp folder, a full dump of every table (to prove a failed
 * mutation changed nothing), and cleanup. Used by the tests of db/ and of core/invoicing/services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createCompanyStore } from './company-store';
import { openCompanyDb, type CompanyDb, type OpenOptions } from './open';
import type { CompanyStore } from '../core/ports';

const dirs: string[] = [];

/** A path inside a new temp folder (removed by cleanupTempFiles). */
export function tempFile(name = 'azienda.fatturadesk'): string {
  const dir = mkdtempSync(join(tmpdir(), 'fatturadesk-test-'));
  dirs.push(dir);
  return join(dir, name);
}

export function cleanupTempFiles(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface TestCompany {
  file: string;
  handle: CompanyDb;
  store: CompanyStore;
}

const open: CompanyDb[] = [];

/** Creates a new company file and its store. */
export function openTestCompany(opts: Omit<OpenOptions, 'create' | 'readonly'> = {}): TestCompany {
  const file = tempFile();
  const handle = openCompanyDb(file, { ...opts, create: true });
  open.push(handle);
  return { file, handle, store: createCompanyStore(handle) };
}

/** Closes the handles opened by openTestCompany and removes the temp folders. */
export function closeTestCompanies(): void {
  for (const h of open.splice(0)) h.close();
  cleanupTempFiles();
}

/** Every row of every table (FTS shadow tables included), for before/after comparisons. */
export function dumpDatabase(db: Database.Database): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
  return out;
}

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/**
 * Runs `fn` and returns every statement it executed on `db` with its parameters (for EXPLAIN QUERY PLAN checks).
 * Statements prepared long before (repositories prepare theirs once) are caught too: the recorder wraps the
 * execution methods shared by all statements for the duration of the call.
 */
export function recordStatements<T>(db: Database.Database, fn: () => T): { result: T; statements: RecordedStatement[] } {
  const probe = db.prepare('SELECT 1');
  const proto = Object.getPrototypeOf(probe) as Record<'all' | 'get' | 'iterate' | 'run', (...args: unknown[]) => unknown>;
  const statements: RecordedStatement[] = [];
  const originals = { all: proto.all, get: proto.get, iterate: proto.iterate, run: proto.run };
  for (const name of ['all', 'get', 'iterate', 'run'] as const) {
    const original = originals[name];
    proto[name] = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database === db) statements.push({ sql: this.source, params: args });
      return original.apply(this, args);
    };
  }
  try {
    return { result: fn(), statements };
  } finally {
    Object.assign(proto, originals);
  }
}

/** EXPLAIN QUERY PLAN of a recorded statement: one line per plan step ("SEARCH documents USING INDEX ..."). */
export function queryPlan(db: Database.Database, s: RecordedStatement): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.params) as { detail: string }[]).map((r) => r.detail);
}
