/**
 * Backups, restore and the integrity check: the shapes the API returns and the host produces. The format of a backup
 * set on disk is described in core/backup/README.md (folder + manifest.json with the SHA-256 of every part).
 */

/**
 * Why a backup was taken. automatico: the daily schedule (pruned by the retention policy); manuale: "Backup ora"
 * (never pruned automatically); pre-migrazione: taken before the schema of the file was updated (the last few kept).
 */
export type BackupKind = 'automatico' | 'manuale' | 'pre-migrazione';

/** How the database part was copied: SQLite's online backup API, or VACUUM INTO (the synchronous pre-migration copy). */
export type BackupDbMethod = 'online-backup' | 'vacuum-into';

export interface BackupManifestFile {
  /** Path inside the backup folder, '/' separated: `azienda.fdesk` or `vault/<id>.fdv`. */
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: 'fatturadesk-backup';
  version: 1;
  kind: BackupKind;
  /** ISO timestamp (UTC) of the snapshot. */
  createdAt: string;
  /** The local calendar day of the snapshot (YYYY-MM-DD): the retention policy counts days, weeks, months on it. */
  day: string;
  appVersion: string;
  source: { file: string; name?: string; partitaIva?: string };
  database: { path: string; method: BackupDbMethod; schemaVersion: number };
  counts: { registeredDocuments: number; vaultDocuments: number };
  /** record_hash of the last registered document at the time of the backup (none before the first registration). */
  chainTail?: { chainSeq: number; recordHash: string };
  files: BackupManifestFile[];
}

/** One backup set as the list shows it. */
export interface BackupInfo {
  /** Folder name (unique within the company's backup folder). */
  id: string;
  /** Absolute path of the backup folder: what `fatturadesk restore` takes. */
  path: string;
  kind: BackupKind;
  createdAt: string;
  day: string;
  sizeBytes: number;
  schemaVersion: number;
  registeredDocuments: number;
  vaultDocuments: number;
  sourceFile: string;
}

export interface BackupSettings {
  /** Automatic backups while the app runs (checked at open and every hour). */
  enabled: boolean;
  /** Hours between automatic backups (24 = daily). */
  intervalHours: number;
  /** Folder that holds `<company file name>.backup/`; absent: the company file's own folder. */
  dir?: string;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
}

export const DEFAULT_BACKUP_SETTINGS: Readonly<BackupSettings> = Object.freeze({
  enabled: true,
  intervalHours: 24,
  keepDaily: 7,
  keepWeekly: 4,
  keepMonthly: 12,
});

export type IntegrityArea = 'copia' | 'database' | 'collegamenti' | 'catena' | 'coerenza' | 'cassaforte';

export interface IntegrityProblem {
  area: IntegrityArea;
  code: string;
  /** Italian, one sentence: what is wrong. */
  message: string;
  fix?: string;
  details?: unknown;
}

export interface IntegrityCheckLine {
  area: IntegrityArea;
  ok: boolean;
  /** Italian: what was checked and the outcome. */
  message: string;
}

export interface IntegrityReport {
  ok: boolean;
  /** What was checked: a company file or a backup folder. */
  target: string;
  checkedAt: string;
  /** One Italian sentence for the top of the screen. */
  summary: string;
  checks: IntegrityCheckLine[];
  problems: IntegrityProblem[];
}

export interface RestoreResult {
  /** The company file that now holds the restored data. */
  file: string;
  /** The backup folder restored (or, for an undo, the file put back). */
  restoredFrom: string;
  /** Where the data that was replaced went (a company file and its vault folder), for "Annulla ripristino"; absent
   *  when there was no file to replace. */
  aside?: { file: string; vault?: string };
  /** The company was open in this session: it was closed and reopened on the restored data. */
  reopened: boolean;
  report: IntegrityReport;
}

/** What "Annulla ripristino" would put back, when there is something to put back. */
export interface UndoInfo {
  file: string;
  aside: string;
  at: string;
}

export interface BackupOverview {
  file: string;
  /** The folder holding this company's backups. */
  folder: string;
  settings: BackupSettings;
  backups: BackupInfo[];
  /** The most recent backup of any kind. */
  last?: BackupInfo;
  /** When the next automatic backup is due (absent when automatic backups are off). */
  nextAutomaticAt?: string;
  undo?: UndoInfo;
}
