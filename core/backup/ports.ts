/**
 * What the backup, restore and integrity features need from the company file besides the domain repositories:
 * SQLite's own checks, the online backup API, the invariants that every transaction keeps, and the backup settings.
 * db/maintenance.ts implements it; CompanyStore gains `maintenance` by declaration merging (as the IPL and vault
 * repositories do), so core/ports.ts stays as it is.
 */
import type { BackupSettings } from './types';

export interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
}

/**
 * A broken invariant that one transaction always keeps (so it can only come from a damaged or hand-edited file):
 * registrato-senza-xml: a registered document without its XML; in-coda-senza-invio: a document queued for the SdI
 * without its outbox row; file-importato-senza-documenti: an imported file none of whose invoices was stored;
 * riga-piano-senza-documento: a plan line marked invoiced whose document is not registered.
 */
export type ConsistencyKind = 'registrato-senza-xml' | 'in-coda-senza-invio' | 'file-importato-senza-documenti' | 'riga-piano-senza-documento';

export interface ConsistencyIssue {
  kind: ConsistencyKind;
  count: number;
  /** A few ids (document numbers, file names) for the report. */
  examples: string[];
}

export interface MaintenanceRepository {
  /** PRAGMA integrity_check: the messages SQLite returns, [] when it answers "ok". */
  integrityCheck(maxMessages?: number): string[];
  /** PRAGMA foreign_key_check: every dangling reference (at most `limit`). */
  foreignKeyCheck(limit?: number): ForeignKeyViolation[];
  consistency(): ConsistencyIssue[];
  /**
   * Copies the whole database into `dest` (a path that does not exist yet) with SQLite's online backup API: a
   * consistent snapshot while the file stays open and in use. The copy is left in rollback-journal mode, one file.
   */
  backupTo(dest: string): Promise<void>;
  /** PRAGMA user_version (the number of applied migrations). */
  schemaVersion(): number;
  registeredCount(): number;
  /** The ids of the vault's documents (each has `<id>.fdv` in the vault folder). */
  vaultDocumentIds(): string[];
  getBackupSettings(): Partial<BackupSettings> | undefined;
  saveBackupSettings(settings: BackupSettings): void;
}

declare module '../ports' {
  interface CompanyStore {
    maintenance: MaintenanceRepository;
  }
}
