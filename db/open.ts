/**
 * Opens one company file. Refuses anything that is not a FatturaDesk archive (a text file, a random SQLite database)
 * before writing a single byte to it, then sets the pragmas every connection needs and brings the schema up to date
 * (with a copy of the file taken first when an existing archive is migrated).
 *
 * The pre-migration copy is taken with VACUUM INTO, not with the online backup API that scheduled backups use: opening
 * is synchronous and must not hand out a connection before the schema is current, while better-sqlite3's backup() is
 * asynchronous. VACUUM INTO reads inside one read transaction, so it is as consistent as the backup API on a file in
 * use, and it writes a compact copy. The app's host (host/backup) passes `beforeMigrate` to package that copy as a
 * full backup set (database + vault + manifest, restorable like any other backup); without a hook the copy lands
 * beside the file as `<file>.prima-dello-schema-N-<time>.bak`.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { fail } from '../core/errors';
import { applyMigrations, FATTURADESK_APPLICATION_ID, planMigrations } from './migrate';
import { MIGRATIONS, type Migration } from './migrations/index';
import { vacuumInto } from './maintenance';
import { schema } from './schema';

export type CompanyOrm = BetterSQLite3Database<typeof schema>;

export interface CompanyDb {
  file: string;
  readonly: boolean;
  /** The raw better-sqlite3 connection (synchronous). */
  sqlite: Database.Database;
  /** Drizzle over the same connection: the two share transactions. */
  orm: CompanyOrm;
  /** Migrations applied by this open (empty when the file was already current). */
  migrated: number[];
  /** Path of the copy taken before migrating, when one was taken. */
  backupFile?: string;
  close(): void;
}

export interface OpenOptions {
  /** Create the file when missing (otherwise a missing file is an error). */
  create?: boolean;
  readonly?: boolean;
  /** Copy an existing archive before migrating it (default true). */
  backupBeforeMigrate?: boolean;
  /**
   * Takes the pre-migration copy: `snapshot(dest)` writes a consistent copy of the file as it is now (VACUUM INTO) to
   * a path that does not exist yet. Returns where the copy is (CompanyDb.backupFile). Throwing stops the open: nothing
   * is migrated (the host refuses a migration while another process uses the file).
   */
  beforeMigrate?: (m: PreMigration) => string | undefined;
  /** Only for tests: the migration list to use instead of the app's. */
  migrations?: readonly Migration[];
}

export interface PreMigration {
  file: string;
  /** Schema version of the file now, and after the migration. */
  fromSchema: number;
  toSchema: number;
  snapshot(dest: string): void;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
const BUSY_TIMEOUT_MS = 5000;

function notOurs(file: string, detail: string): never {
  fail('DB_NON_FATTURADESK', `Il file non è un archivio FatturaDesk: «${basename(file)}» ${detail}.`, {
    fix: 'Scegli il file .fatturadesk dell’azienda (o creane uno nuovo).',
  });
}

/** Reads the first 16 bytes: a non-SQLite file is refused without ever handing it to SQLite. */
function assertSqliteHeader(file: string): void {
  const size = statSync(file).size;
  if (size === 0) return; // an empty file is an empty database: the application_id check decides
  if (size < 100) notOurs(file, 'è troppo piccolo per essere un database');
  const buf = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.toString('latin1') !== SQLITE_HEADER) notOurs(file, 'non è un database SQLite');
}

function hasAnySchema(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get() !== undefined;
}

export function openCompanyDb(file: string, opts: OpenOptions = {}): CompanyDb {
  const create = opts.create ?? false;
  const readonly = opts.readonly ?? false;
  const migrations = opts.migrations ?? MIGRATIONS;
  const label = basename(file);
  if (create && readonly) throw new Error('openCompanyDb: create e readonly insieme non hanno senso');

  const exists = existsSync(file);
  if (!exists && !create) {
    fail('DB_NON_TROVATO', `Archivio non trovato: «${file}».`, { fix: 'Controlla il percorso o crea una nuova azienda.' });
  }
  if (exists) assertSqliteHeader(file);

  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly, fileMustExist: !create });
  } catch (e) {
    fail('DB_NON_APRIBILE', `Impossibile aprire l’archivio «${label}»: ${(e as Error).message}.`, {
      fix: 'Controlla che il file esista e che tu abbia i permessi per leggerlo e scriverlo.',
    });
  }

  try {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    let appId: number;
    try {
      appId = sqlite.pragma('application_id', { simple: true }) as number;
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') notOurs(file, 'non è un database leggibile');
      throw e;
    }
    const fresh = appId === 0 && !hasAnySchema(sqlite);
    if (appId !== FATTURADESK_APPLICATION_ID) {
      if (!fresh) notOurs(file, 'è un database di un altro programma');
      if (!create) notOurs(file, 'è vuoto');
    }

    if (!readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');

    const plan = planMigrations(sqlite, migrations, label);
    let migrated: number[] = [];
    let backupFile: string | undefined;
    if (plan.pending.length > 0) {
      if (readonly) {
        fail('DB_DA_AGGIORNARE', `L’archivio «${label}» va aggiornato a questa versione di FatturaDesk prima di poterlo consultare.`, {
          fix: 'Aprilo una volta senza la modalità di sola lettura.',
        });
      }
      if (plan.applied.length > 0 && (opts.backupBeforeMigrate ?? true)) {
        const pre: PreMigration = {
          file,
          fromSchema: plan.applied.length,
          toSchema: migrations.length,
          snapshot: (dest) => vacuumInto(sqlite, dest),
        };
        backupFile = opts.beforeMigrate
          ? opts.beforeMigrate(pre)
          : (() => {
              const dest = `${file}.prima-dello-schema-${plan.applied.length + 1}-${Date.now()}.bak`;
              pre.snapshot(dest);
              return dest;
            })();
      }
      migrated = applyMigrations(sqlite, migrations, label);
    }

    const orm = drizzle(sqlite, { schema });
    let closed = false;
    return {
      file,
      readonly,
      sqlite,
      orm,
      migrated,
      backupFile,
      close() {
        if (closed) return;
        closed = true;
        if (!readonly) {
          try {
            sqlite.pragma('optimize');
          } catch {
            // optimize is advisory: never block closing on it
          }
        }
        sqlite.close();
      },
    };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}
