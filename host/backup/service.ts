/**
 * The host's BackupHost (core/backup/host.ts): backup sets, the automatic schedule's step, the integrity check,
 * restore and undo (closing and reopening the session's company around them, under the file's solo lock), the
 * pre-migration backup hook, and the accountant's export written as a zip.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import type { ApiContext, OpenCompany } from '../../core/api/context';
import type { BackupHost } from '../../core/backup/host';
import { automaticBackupDue, nextAutomaticAt } from '../../core/backup/retention';
import { DEFAULT_BACKUP_SETTINGS, type BackupInfo, type BackupOverview, type BackupSettings, type IntegrityReport, type RestoreResult } from '../../core/backup/types';
import { AppError, fail } from '../../core/errors';
import { runAccountantExport, validatePeriod } from '../../core/export/accountant';
import type { AccountantExportResult } from '../../core/export/types';
import { summaryOf } from '../../core/api/handlers/app';
import { customerName } from '../../core/invoicing/services/customers';
import { createCompanyStore } from '../../db/company-store';
import { openCompanyDb, type PreMigration } from '../../db/open';
import { buildIntegrityReport } from '../../core/backup/integrity';
import type { LockManager } from '../company-lock';
import { ZipFileWriter } from '../export/zip-writer';
import { backupRootFor, createBackupSet, createBackupSetSync, listBackupSets, pruneBackupSets } from './backup-set';
import { checkCompany, verifyBackupSet } from './integrity';
import { latestAside, restoreFromSet, undoLatestRestore } from './restore';

export interface BackupHostOptions {
  context(): ApiContext;
  locks: LockManager;
  appVersion: string;
  now?: () => Date;
}

function clampInt(v: unknown, min: number, max: number, dflt: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : dflt;
}

export function settingsOf(company: OpenCompany): BackupSettings {
  const s = company.store.maintenance.getBackupSettings() ?? {};
  const out: BackupSettings = {
    enabled: typeof s.enabled === 'boolean' ? s.enabled : DEFAULT_BACKUP_SETTINGS.enabled,
    intervalHours: clampInt(s.intervalHours, 1, 24 * 7, DEFAULT_BACKUP_SETTINGS.intervalHours),
    keepDaily: clampInt(s.keepDaily, 0, 365, DEFAULT_BACKUP_SETTINGS.keepDaily),
    keepWeekly: clampInt(s.keepWeekly, 0, 520, DEFAULT_BACKUP_SETTINGS.keepWeekly),
    keepMonthly: clampInt(s.keepMonthly, 0, 1200, DEFAULT_BACKUP_SETTINGS.keepMonthly),
  };
  if (typeof s.dir === 'string' && s.dir) out.dir = s.dir;
  return out;
}

/** The folders holding a company's sets: the configured one, and the default one (pre-migration sets always go there). */
function rootsOf(file: string, settings: BackupSettings): string[] {
  const roots = [backupRootFor(file, settings.dir)];
  if (settings.dir) roots.push(backupRootFor(file));
  return roots;
}

/** A file-system failure while writing a backup, as an Italian AppError (the cause's code kept for support). */
function inItalian<T>(fn: () => T, code: string, what: string): T {
  try {
    return fn();
  } catch (e) {
    throw italianError(e, code, what);
  }
}

function italianError(e: unknown, code: string, what: string): unknown {
  if (e instanceof AppError) return e;
  const cause = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
  const fix =
    cause === 'ENOSPC'
      ? 'Il disco è pieno: libera spazio o scegli un’altra cartella per le copie.'
      : cause === 'EACCES' || cause === 'EPERM' || cause === 'EROFS'
        ? 'Controlla i permessi della cartella (o scegline un’altra nelle impostazioni dei backup).'
        : 'Controlla che la cartella esista e sia raggiungibile, poi riprova.';
  return new AppError({ code, message: `${what} (${cause}).`, fix });
}

/** The open-time hook of db/open.ts: refuses a migration while another process uses the file, then takes a set. */
export function preMigrationBackup(o: { locks: LockManager; appVersion: string; now?: () => Date }): (m: PreMigration) => string {
  return (m) => {
    const others = o.locks.othersUsing(m.file);
    if (others.length > 0) {
      fail('AZIENDA_IN_USO_AGGIORNAMENTO', `«${basename(m.file)}» va aggiornata a questa versione di FatturaDesk, ma è aperta anche in un altro programma (su «${others[0]!.host}»).`, {
        fix: 'Chiudi l’azienda negli altri programmi, poi aprila di nuovo qui: l’aggiornamento si fa una volta sola, con una copia di sicurezza prima.',
      });
    }
    const root = backupRootFor(m.file);
    const info = inItalian(
      () => createBackupSetSync({ companyFile: m.file, root, kind: 'pre-migrazione', now: (o.now ?? (() => new Date()))(), appVersion: o.appVersion }, m.snapshot),
      'BACKUP_PRE_AGGIORNAMENTO_NON_RIUSCITO',
      `Prima di aggiornare «${basename(m.file)}» a questa versione serve una copia di sicurezza, ma non è stato possibile scriverla in ${root}`,
    );
    // Only pre-migration sets are passed: pruneBackupSets keeps the newest few of them.
    pruneBackupSets(listBackupSets([root]).filter((s) => s.kind === 'pre-migrazione'), DEFAULT_BACKUP_SETTINGS);
    return info.path;
  };
}

export function createBackupHost(o: BackupHostOptions): BackupHost {
  const now = o.now ?? (() => new Date());

  const setOptions = (company: OpenCompany, kind: 'manuale' | 'automatico', settings: BackupSettings) => {
    const c = company.store.company.get();
    return {
      companyFile: company.file,
      root: backupRootFor(company.file, settings.dir),
      kind,
      now: now(),
      appVersion: o.appVersion,
      ...(c ? { name: customerName(c), partitaIva: `${c.idPaese}${c.partitaIva}` } : {}),
    };
  };

  function overview(company: OpenCompany): BackupOverview {
    const settings = settingsOf(company);
    const backups = listBackupSets(rootsOf(company.file, settings));
    const lastAuto = backups.find((b) => b.kind === 'automatico');
    const undo = latestAside(resolve(company.file));
    return {
      file: company.file,
      folder: backupRootFor(company.file, settings.dir),
      settings,
      backups,
      ...(backups[0] ? { last: backups[0] } : {}),
      ...(settings.enabled ? { nextAutomaticAt: nextAutomaticAt(lastAuto?.createdAt, now(), settings.intervalHours) } : {}),
      ...(undo ? { undo } : {}),
    };
  }

  /** Closes the session's company when it is `target` (after its jobs stop); returns whether it was open. */
  async function closeIfOpen(target: string): Promise<boolean> {
    const ctx = o.context();
    const cur = ctx.session.current;
    if (!cur || resolve(cur.file) !== target) return false;
    await ctx.jobs.stopAll();
    ctx.session.current = undefined;
    cur.close();
    return true;
  }

  function reopen(target: string): void {
    const ctx = o.context();
    const opened = ctx.directory.open(target);
    ctx.session.current = opened;
    ctx.directory.remember(summaryOf(opened, opened.store.company.get()));
  }

  /** Runs `fn` with the file to ourselves: the session's copy closed, the solo lock held; then reopens it. */
  async function alone<T>(target: string, fn: () => T): Promise<{ value: T; reopened: boolean }> {
    const wasOpen = await closeIfOpen(target);
    let value: T;
    try {
      const lock = o.locks.acquireSolo(target);
      try {
        value = fn();
      } finally {
        lock.release();
      }
    } catch (e) {
      if (wasOpen) reopen(target);
      throw e;
    }
    if (wasOpen) reopen(target);
    return { value, reopened: wasOpen };
  }

  return {
    overview,
    async create(company) {
      const settings = settingsOf(company);
      const opts = setOptions(company, 'manuale', settings);
      return createBackupSet(opts, (dest) => company.store.maintenance.backupTo(dest)).catch((e: unknown) => {
        throw italianError(e, 'BACKUP_NON_RIUSCITO', `Copia di sicurezza non riuscita in ${opts.root}`);
      });
    },
    async runDue(company) {
      const settings = settingsOf(company);
      if (!settings.enabled) return { created: null, pruned: [] };
      const roots = rootsOf(company.file, settings);
      const lastAuto = listBackupSets(roots).find((b) => b.kind === 'automatico');
      if (!automaticBackupDue(lastAuto?.createdAt, now(), settings.intervalHours)) return { created: null, pruned: [] };
      const opts = setOptions(company, 'automatico', settings);
      const created: BackupInfo = await createBackupSet(opts, (dest) => company.store.maintenance.backupTo(dest)).catch((e: unknown) => {
        throw italianError(e, 'BACKUP_NON_RIUSCITO', `Copia di sicurezza automatica non riuscita in ${opts.root}`);
      });
      const pruned = pruneBackupSets(listBackupSets(roots), settings);
      return { created, pruned };
    },
    configure(company, settings) {
      if (settings.dir !== undefined) {
        if (!isAbsolute(settings.dir)) fail('BACKUP_CARTELLA_NON_VALIDA', 'La cartella delle copie di sicurezza va indicata con il percorso completo.', { field: 'dir', fix: 'Scegli la cartella con «Sfoglia…».' });
        if (!existsSync(settings.dir) || !statSync(settings.dir).isDirectory()) {
          fail('BACKUP_CARTELLA_NON_VALIDA', `La cartella «${settings.dir}» non esiste.`, { field: 'dir', fix: 'Scegli una cartella esistente (per esempio su un disco esterno o una cartella sincronizzata).' });
        }
      }
      company.store.transaction(() => company.store.maintenance.saveBackupSettings(settings));
      return overview(company);
    },
    async verify(path) {
      return verifyBackupSet(resolve(path), now()).report;
    },
    check(company) {
      return checkCompany(company.store, company.file, now());
    },
    async restore(backup, targetArg) {
      const setDir = resolve(backup);
      const checked = verifyBackupSet(setDir, now());
      if (!checked.report.ok || !checked.manifest) {
        fail('BACKUP_DANNEGGIATO', `Ripristino rifiutato: ${checked.report.summary}`, {
          fix: 'Non è stato toccato nulla. Scegli un’altra copia di sicurezza (la più recente integra).',
          details: checked.report,
        });
      }
      const manifest = checked.manifest;
      const ctx = o.context();
      const target = resolve(targetArg ?? ctx.session.current?.file ?? manifest.source.file);
      if (resolve(dirname(setDir)) === resolve(dirname(target)) && basename(setDir) === basename(target)) {
        fail('RIPRISTINO_NON_VALIDO', 'La copia e l’azienda da ripristinare sono lo stesso percorso.');
      }
      const { value, reopened } = await alone(target, () => restoreFromSet(setDir, manifest, target, now()));
      const result: RestoreResult = { file: target, restoredFrom: setDir, reopened, report: checked.report, ...value };
      return result;
    },
    async undoRestore(targetArg) {
      const ctx = o.context();
      const target = resolve(targetArg ?? ctx.session.current?.file ?? '');
      if (!targetArg && !ctx.session.current) fail('NESSUNA_AZIENDA_APERTA', 'Nessuna azienda aperta.', { fix: 'Apri l’azienda di cui annullare il ripristino, o indica il file.' });
      const { value, reopened } = await alone(target, () => undoLatestRestore(target, now()));
      const report = checkAfterUndo(target, reopened);
      return { file: target, restoredFrom: value.restoredFrom, aside: value.aside, reopened, report };
    },
    async exportForAccountant(company, args, ctl) {
      validatePeriod(args.from, args.to);
      const path = args.path ? resolve(args.path) : defaultExportPath(company.file, args.from, args.to);
      if (args.path && existsSync(path)) {
        fail('ESPORTAZIONE_FILE_ESISTENTE', `Esiste già un file «${basename(path)}».`, { field: 'path', fix: 'Scegli un altro nome o un’altra cartella.' });
      }
      if (!existsSync(dirname(path))) fail('ESPORTAZIONE_CARTELLA_NON_VALIDA', `La cartella «${dirname(path)}» non esiste.`, { field: 'path', fix: 'Scegli una cartella esistente.' });
      const writer = new ZipFileWriter(path, now());
      try {
        const r = await runAccountantExport(
          company.store,
          { from: args.from, to: args.to, company: company.store.company.get(), generatedAt: now().toISOString() },
          { add: (name, bytes) => writer.add(name, bytes) },
          ctl,
        );
        writer.close();
        const result: AccountantExportResult = { ...r, path, bytes: writer.bytesWritten };
        return result;
      } catch (e) {
        writer.abort();
        throw e;
      }
    },
  };

  function checkAfterUndo(target: string, reopened: boolean): IntegrityReport {
    const ctx = o.context();
    if (reopened && ctx.session.current) return checkCompany(ctx.session.current.store, target, now());
    try {
      const handle = openCompanyDb(target, { readonly: true });
      try {
        return checkCompany(createCompanyStore(handle), target, now());
      } finally {
        handle.close();
      }
    } catch (e) {
      return buildIntegrityReport({ target, checkedAt: now().toISOString(), unreadable: e instanceof Error ? e.message : String(e) });
    }
  }
}

function defaultExportPath(companyFile: string, from: string, to: string): string {
  const dir = dirname(resolve(companyFile));
  const stem = basename(companyFile, extname(companyFile));
  let path = join(dir, `${stem} commercialista ${from} ${to}.zip`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${stem} commercialista ${from} ${to} (${n}).zip`);
  return path;
}
