/**
 * Applies the versioned migrations to a company file, all pending ones in ONE transaction, and refuses to touch a file
 * whose recorded history differs from the code's (Actual Budget's rule: stop with a clear message instead of guessing).
 * Each applied migration is recorded with the SHA-256 of its SQL; `user_version` mirrors the last applied id.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { fail } from '../core/errors';
import type { Migration } from './migrations/types';

/** "FDS1": marks a SQLite file as a FatturaDesk company file (PRAGMA application_id). */
export const FATTURADESK_APPLICATION_ID = 0x46445331;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export interface AppliedMigration {
  id: number;
  name: string;
  checksum: string;
  appliedAt: string;
}

export interface MigrationPlan {
  applied: AppliedMigration[];
  pending: Migration[];
}

export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(m.sql, 'utf8').digest('hex');
}

function readApplied(db: Database.Database): AppliedMigration[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return [];
  return db
    .prepare('SELECT id, name, checksum, applied_at AS appliedAt FROM schema_migrations ORDER BY id')
    .all() as AppliedMigration[];
}

function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`Elenco delle migrazioni non valido: atteso id ${i + 1}, trovato ${m.id}`);
  });
}

/**
 * Compares the file's recorded migrations with the code's list. The recorded ones must be exactly the first N of the
 * code's list (same id, name and checksum); anything else throws DB_MIGRAZIONI_DIVERGENTI, and a file that has
 * migrations this version does not know throws DB_VERSIONE_PIU_RECENTE.
 */
export function planMigrations(db: Database.Database, migrations: readonly Migration[], fileLabel = 'archivio'): MigrationPlan {
  assertWellFormed(migrations);
  const applied = readApplied(db);
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const known = migrations.length;
  const newest = Math.max(userVersion, applied.length > 0 ? applied[applied.length - 1]!.id : 0);
  if (newest > known) {
    fail(
      'DB_VERSIONE_PIU_RECENTE',
      `Il file «${fileLabel}» è stato aggiornato da una versione più recente di FatturaDesk (schema ${newest}; questa versione arriva allo schema ${known}).`,
      { fix: 'Aggiorna FatturaDesk all’ultima versione prima di aprire questo file.' },
    );
  }
  applied.forEach((rec, i) => {
    const expected = migrations[i];
    const reason =
      rec.id !== i + 1 || !expected
        ? `la migrazione ${rec.id} registrata nel file non è nella sequenza attesa`
        : rec.name !== expected.name
          ? `la migrazione ${rec.id} nel file si chiama «${rec.name}», in questa versione «${expected.name}»`
          : rec.checksum !== migrationChecksum(expected)
            ? `la migrazione ${rec.id} «${rec.name}» applicata al file è diversa da quella di questa versione`
            : undefined;
    if (reason) {
      fail('DB_MIGRAZIONI_DIVERGENTI', `Il file «${fileLabel}» non corrisponde a questa versione di FatturaDesk: ${reason}.`, {
        fix: 'Non modificare il file: aprilo con la versione di FatturaDesk che lo ha creato, oppure ripristina una copia di sicurezza e contatta l’assistenza.',
        details: { recorded: applied.map(({ id, name, checksum }) => ({ id, name, checksum })) },
      });
    }
  });
  if (applied.length === 0 && userVersion !== 0) {
    fail('DB_MIGRAZIONI_DIVERGENTI', `Il file «${fileLabel}» dichiara lo schema ${userVersion} ma non ne registra la storia.`, {
      fix: 'Ripristina una copia di sicurezza e contatta l’assistenza.',
    });
  }
  return { applied, pending: migrations.slice(applied.length) };
}

/**
 * Applies the pending migrations in one IMMEDIATE transaction (the plan is re-read inside it, so two processes opening
 * the same file cannot both apply). Marks a new file with FatturaDesk's application_id. Returns the ids applied.
 */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[], fileLabel = 'archivio'): number[] {
  const run = db.transaction((): number[] => {
    const { pending } = planMigrations(db, migrations, fileLabel);
    if (pending.length === 0) return [];
    db.exec(CREATE_MIGRATIONS_TABLE);
    const record = db.prepare('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
    const now = new Date().toISOString();
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.id, m.name, migrationChecksum(m), now);
    }
    db.pragma(`user_version = ${migrations.length}`);
    if ((db.pragma('application_id', { simple: true }) as number) === 0) {
      db.pragma(`application_id = ${FATTURADESK_APPLICATION_ID}`);
    }
    return pending.map((m) => m.id);
  });
  return run.immediate();
}
