import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { FATTURADESK_APPLICATION_ID, migrationChecksum } from './migrate';
import { MIGRATIONS } from './migrations/index';
import type { Migration } from './migrations/types';
import { openCompanyDb } from './open';
import { cleanupTempFiles, tempFile } from './testing';

afterEach(cleanupTempFiles);

function expectAppError(fn: () => unknown, code: string): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return e as AppError;
  }
  throw new Error(`atteso AppError ${code}, nessun errore`);
}

describe('openCompanyDb', () => {
  it('creates a new file, applies every migration and marks it as a FatturaDesk archive', () => {
    const file = tempFile();
    const h = openCompanyDb(file, { create: true });
    expect(h.migrated).toEqual(MIGRATIONS.map((m) => m.id));
    expect(h.sqlite.pragma('application_id', { simple: true })).toBe(FATTURADESK_APPLICATION_ID);
    expect(h.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(h.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(h.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(h.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(h.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    const recorded = h.sqlite.prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id').all();
    expect(recorded).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name, checksum: migrationChecksum(m) })));
    h.close();
  });

  it('reopens an existing file without applying anything again', () => {
    const file = tempFile();
    openCompanyDb(file, { create: true }).close();
    const h = openCompanyDb(file);
    expect(h.migrated).toEqual([]);
    expect(h.backupFile).toBeUndefined();
    expect((h.sqlite.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    h.close();
  });

  it('applies a new migration on reopen, after taking a copy of the file', () => {
    const file = tempFile();
    openCompanyDb(file, { create: true }).close();
    const next: Migration = { id: MIGRATIONS.length + 1, name: 'note_clienti', sql: 'CREATE TABLE extra_test (id INTEGER PRIMARY KEY);' };
    const h = openCompanyDb(file, { migrations: [...MIGRATIONS, next] });
    expect(h.migrated).toEqual([next.id]);
    expect(h.sqlite.pragma('user_version', { simple: true })).toBe(next.id);
    expect(h.backupFile).toBeDefined();
    expect(existsSync(h.backupFile!)).toBe(true);
    const copy = new Database(h.backupFile!, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    copy.close();
    h.close();
  });

  it('hands the pre-migration copy to the host (beforeMigrate), and a refusal there migrates nothing', () => {
    const file = tempFile();
    openCompanyDb(file, { create: true }).close();
    const next: Migration = { id: MIGRATIONS.length + 1, name: 'con_copia', sql: 'CREATE TABLE extra_hook (id INTEGER PRIMARY KEY);' };
    const seen: { from: number; to: number }[] = [];
    expect(() =>
      openCompanyDb(file, {
        migrations: [...MIGRATIONS, next],
        beforeMigrate: (m) => {
          seen.push({ from: m.fromSchema, to: m.toSchema });
          throw new Error('rifiutato dall’host');
        },
      }),
    ).toThrow(/rifiutato dall’host/);
    const untouched = openCompanyDb(file);
    expect(untouched.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    untouched.close();

    const copy = `${file}.copia-host`;
    const h = openCompanyDb(file, {
      migrations: [...MIGRATIONS, next],
      beforeMigrate: (m) => {
        seen.push({ from: m.fromSchema, to: m.toSchema });
        m.snapshot(copy);
        return copy;
      },
    });
    expect(seen).toEqual([{ from: MIGRATIONS.length, to: MIGRATIONS.length + 1 }, { from: MIGRATIONS.length, to: MIGRATIONS.length + 1 }]);
    expect(h.backupFile).toBe(copy);
    h.close();
    // VACUUM INTO's copy: the old schema, a standalone rollback-journal file.
    const c = new Database(copy, { readonly: true });
    expect([c.pragma('user_version', { simple: true }), c.pragma('journal_mode', { simple: true })]).toEqual([MIGRATIONS.length, 'delete']);
    c.close();
  });

  it('rolls back every pending migration when one of them fails', () => {
    const file = tempFile();
    openCompanyDb(file, { create: true }).close();
    const good: Migration = { id: MIGRATIONS.length + 1, name: 'buona', sql: 'CREATE TABLE extra_ok (id INTEGER PRIMARY KEY);' };
    const bad: Migration = { id: MIGRATIONS.length + 2, name: 'rotta', sql: 'CREATE TABLE extra_ko (id INTEGER PRIMARY KEY); SELECT * FROM tabella_che_non_esiste;' };
    expect(() => openCompanyDb(file, { migrations: [...MIGRATIONS, good, bad], backupBeforeMigrate: false })).toThrow(/tabella_che_non_esiste/);
    const h = openCompanyDb(file);
    expect(h.sqlite.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'extra_%'").all()).toEqual([]);
    expect(h.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    h.close();
  });

  it('refuses a file whose recorded migration differs from the code (changed checksum)', () => {
    const file = tempFile();
    openCompanyDb(file, { create: true }).close();
    const changed = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- modificata` } : m));
    const e = expectAppError(() => openCompanyDb(file, { migrations: changed }), 'DB_MIGRAZIONI_DIVERGENTI');
    expect(e.message).toMatch(/non corrisponde a questa versione/);
    expect(e.fix).toBeTruthy();
  });

  it('refuses a file with a recorded migration the code does not know under that name', () => {
    const file = tempFile();
    openCompanyDb(file, { create: true }).close();
    const raw = new Database(file);
    raw.prepare("UPDATE schema_migrations SET name = 'sconosciuta' WHERE id = 1").run();
    raw.close();
    expectAppError(() => openCompanyDb(file), 'DB_MIGRAZIONI_DIVERGENTI');
  });

  it('refuses a file created by a newer version (more migrations than the code knows)', () => {
    const file = tempFile();
    const newer: Migration = { id: MIGRATIONS.length + 1, name: 'futura', sql: 'CREATE TABLE futura (id INTEGER PRIMARY KEY);' };
    openCompanyDb(file, { create: true, migrations: [...MIGRATIONS, newer] }).close();
    const e = expectAppError(() => openCompanyDb(file), 'DB_VERSIONE_PIU_RECENTE');
    expect(e.message).toMatch(/versione più recente/);
  });

  it('refuses a text file, and does not modify it', () => {
    const file = tempFile('note.txt');
    const text = 'Questo non è un database, è una lista della spesa con abbastanza caratteri da sembrare un file vero. '.repeat(3);
    writeFileSync(file, text);
    const e = expectAppError(() => openCompanyDb(file, { create: true }), 'DB_NON_FATTURADESK');
    expect(e.message).toMatch(/^Il file non è un archivio FatturaDesk/);
    expect(readdirSync(dirname(file))).toEqual(['note.txt']);
  });

  it('refuses a SQLite database of another program', () => {
    const file = tempFile('altro.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE clienti (id INTEGER PRIMARY KEY, nome TEXT)');
    other.close();
    const e = expectAppError(() => openCompanyDb(file, { create: true }), 'DB_NON_FATTURADESK');
    expect(e.message).toMatch(/Il file non è un archivio FatturaDesk/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'documents'").get()).toBeUndefined();
    check.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    expectAppError(() => openCompanyDb(tempFile('manca.fatturadesk')), 'DB_NON_TROVATO');
  });

  it('opens read-only: reads work, writes are refused by SQLite', () => {
    const file = tempFile();
    openCompanyDb(file, { create: true }).close();
    const h = openCompanyDb(file, { readonly: true });
    expect((h.sqlite.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(0);
    expect(() => h.sqlite.prepare("INSERT INTO counters (name, value) VALUES ('x', 1)").run()).toThrow(/readonly/);
    h.close();
  });

  it('refuses to open read-only a file that still needs a migration', () => {
    const file = tempFile();
    openCompanyDb(file, { create: true }).close();
    const next: Migration = { id: MIGRATIONS.length + 1, name: 'nuova', sql: 'CREATE TABLE extra_ro (id INTEGER PRIMARY KEY);' };
    expectAppError(() => openCompanyDb(file, { readonly: true, migrations: [...MIGRATIONS, next] }), 'DB_DA_AGGIORNARE');
  });
});
