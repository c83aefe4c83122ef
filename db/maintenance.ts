/**
 * The SQLite side of backups, restore and the integrity check: the online backup API (a consistent copy of a file in
 * use), VACUUM INTO (the synchronous copy taken before a migration), PRAGMA integrity_check and foreign_key_check, the
 * invariants every transaction keeps, and the backup settings row. Nothing here deletes or rewrites company data.
 */
import type Database from 'better-sqlite3';
import BetterSqlite3 from 'better-sqlite3';
import type { ConsistencyIssue, ConsistencyKind, ForeignKeyViolation, MaintenanceRepository } from '../core/backup/ports';
import type { BackupSettings } from '../core/backup/types';
import type { CompanyDb } from './open';

const BACKUP_SETTINGS_KEY = 'backup';
const EXAMPLES = 5;

/**
 * Turns a fresh copy (from the backup API or VACUUM INTO, which keep the source's WAL flag in the header) into a
 * self-contained rollback-journal file: it then opens read-only anywhere without -wal/-shm companions, and its bytes
 * (hashed into the manifest) do not change when it is opened.
 */
export function settleCopy(file: string): void {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** VACUUM INTO `dest`: a consistent, compact copy written synchronously (used before a migration, see db/open.ts). */
export function vacuumInto(sqlite: Database.Database, dest: string): void {
  sqlite.prepare('VACUUM INTO ?').run(dest);
  settleCopy(dest);
}

/** Facts about a closed copy, read-only (for the manifest of a backup). */
export function describeCopy(file: string): { schemaVersion: number; registeredDocuments: number; vaultDocumentIds: string[]; chainTail?: { chainSeq: number; recordHash: string } } {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const registeredDocuments = hasTable('documents') ? (db.prepare("SELECT count(*) AS n FROM documents WHERE status <> 'draft'").get() as { n: number }).n : 0;
    const vaultDocumentIds = hasTable('vault_documents') ? (db.prepare('SELECT id FROM vault_documents ORDER BY id').all() as { id: string }[]).map((r) => r.id) : [];
    const tail = hasTable('documents')
      ? (db.prepare('SELECT chain_seq AS chainSeq, record_hash AS recordHash FROM documents WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1').get() as
          | { chainSeq: number; recordHash: string }
          | undefined)
      : undefined;
    return { schemaVersion, registeredDocuments, vaultDocumentIds, ...(tail ? { chainTail: tail } : {}) };
  } finally {
    db.close();
  }
}

function consistencyChecks(sqlite: Database.Database): ConsistencyIssue[] {
  const checks: { kind: ConsistencyKind; sql: string }[] = [
    {
      kind: 'registrato-senza-xml',
      sql: `SELECT coalesce(d.numero, '#' || d.id) AS example FROM documents d LEFT JOIN document_content c ON c.document_id = d.id
            WHERE d.status <> 'draft' AND (c.xml IS NULL OR length(c.xml) = 0)`,
    },
    {
      kind: 'in-coda-senza-invio',
      sql: `SELECT coalesce(d.numero, '#' || d.id) AS example FROM documents d LEFT JOIN outbox o ON o.document_id = d.id
            WHERE d.status IN ('queued', 'sending') AND o.id IS NULL`,
    },
    {
      // EXCEPT works through a temporary b-tree: no per-file scan of imported_documents (which has no file_id index).
      kind: 'file-importato-senza-documenti',
      sql: `SELECT f.name AS example FROM imported_files f
            WHERE f.id IN (SELECT id FROM imported_files EXCEPT SELECT file_id FROM imported_documents)`,
    },
    {
      kind: 'riga-piano-senza-documento',
      sql: `SELECT 'piano ' || l.plan_id || ' riga ' || l.position AS example FROM ipl_plan_lines l
            LEFT JOIN documents i ON i.id = l.invoice_document_id
            LEFT JOIN documents c ON c.id = l.credit_note_document_id
            WHERE (l.invoice_document_id IS NOT NULL AND (i.id IS NULL OR i.status = 'draft'))
               OR (l.credit_note_document_id IS NOT NULL AND (c.id IS NULL OR c.status = 'draft'))`,
    },
  ];
  const out: ConsistencyIssue[] = [];
  for (const c of checks) {
    const rows = sqlite.prepare(c.sql).all() as { example: string }[];
    if (rows.length > 0) out.push({ kind: c.kind, count: rows.length, examples: rows.slice(0, EXAMPLES).map((r) => String(r.example)) });
  }
  return out;
}

export function createMaintenanceRepository(handle: CompanyDb): MaintenanceRepository {
  const { sqlite } = handle;
  return {
    integrityCheck(maxMessages = 20) {
      const rows = sqlite.pragma(`integrity_check(${Math.max(1, Math.floor(maxMessages))})`) as { integrity_check: string }[];
      const messages = rows.map((r) => r.integrity_check);
      return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
    },
    foreignKeyCheck(limit = 1000) {
      const out: ForeignKeyViolation[] = [];
      for (const r of sqlite.prepare('PRAGMA foreign_key_check').iterate() as Iterable<{ table: string; rowid: number | null; parent: string }>) {
        out.push({ table: r.table, rowid: r.rowid, parent: r.parent });
        if (out.length >= limit) break;
      }
      return out;
    },
    consistency: () => consistencyChecks(sqlite),
    async backupTo(dest) {
      await sqlite.backup(dest);
      settleCopy(dest);
    },
    schemaVersion: () => sqlite.pragma('user_version', { simple: true }) as number,
    registeredCount: () => (sqlite.prepare("SELECT count(*) AS n FROM documents WHERE status <> 'draft'").get() as { n: number }).n,
    vaultDocumentIds: () => (sqlite.prepare('SELECT id FROM vault_documents ORDER BY id').all() as { id: string }[]).map((r) => r.id),
    getBackupSettings() {
      const row = sqlite.prepare('SELECT value_json AS v FROM settings WHERE key = ?').get(BACKUP_SETTINGS_KEY) as { v: string } | undefined;
      if (!row) return undefined;
      try {
        const parsed = JSON.parse(row.v) as unknown;
        return parsed && typeof parsed === 'object' ? (parsed as Partial<BackupSettings>) : undefined;
      } catch {
        return undefined;
      }
    },
    saveBackupSettings(s) {
      sqlite
        .prepare('INSERT INTO settings (key, updated_at, value_json) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at, value_json = excluded.value_json')
        .run(BACKUP_SETTINGS_KEY, new Date().toISOString(), JSON.stringify(s));
    },
  };
}
