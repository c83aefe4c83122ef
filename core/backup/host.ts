/**
 * The host's part of backups, restore, the integrity check and the accountant's export (files, SQLite's backup API,
 * zip writing): host/backup implements it; the maintenance handlers (core/api/handlers/maintenance.ts) call it.
 */
import type { OpenCompany } from '../api/context';
import type { JobControl } from '../api/jobs';
import type { AccountantExportResult } from '../export/types';
import type { BackupInfo, BackupOverview, BackupSettings, IntegrityReport, RestoreResult } from './types';

export interface BackupHost {
  overview(company: OpenCompany): BackupOverview;
  /** "Backup ora": a backup set of the open company (database by the online backup API, vault files, manifest). */
  create(company: OpenCompany): Promise<BackupInfo>;
  /** The automatic backup, when one is due and automatic backups are on; then the retention policy. */
  runDue(company: OpenCompany): Promise<{ created: BackupInfo | null; pruned: string[] }>;
  configure(company: OpenCompany, settings: BackupSettings): BackupOverview;
  /** Checks a backup folder without touching any company file. */
  verify(path: string): Promise<IntegrityReport>;
  /** The integrity check of the open company. */
  check(company: OpenCompany): IntegrityReport;
  /**
   * Replaces a company file with a verified backup; the data replaced is kept aside (undoRestore puts it back).
   * `target` defaults to the open company, then to the file the backup was taken from. The open company is closed
   * first and reopened on the restored data.
   */
  restore(backup: string, target?: string): Promise<RestoreResult>;
  /** "Annulla ripristino": puts back the data the last restore of `target` (default: the open company) replaced. */
  undoRestore(target?: string): Promise<RestoreResult>;
  /** "Esporta per il commercialista": the zip for a period, as a job step (progress, cancel through `ctl`). */
  exportForAccountant(company: OpenCompany, args: { from: string; to: string; path?: string }, ctl: JobControl): Promise<AccountantExportResult>;
}
