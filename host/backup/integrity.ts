/**
 * The integrity check, of the open company and of a backup set: SQLite's integrity_check and foreign_key_check, the
 * hash chain of registered documents, the invariants each transaction keeps, and the vault's encrypted files; for a
 * set, first the manifest's sizes and SHA-256. A backup is checked without writing to it: read-only when its schema is
 * current, on a temporary copy (brought up to date there) when it was taken by an older version.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildIntegrityReport, type IntegrityInputs, type ManifestCheck, type VaultCheck } from '../../core/backup/integrity';
import { BACKUP_DB_FILE, manifestVaultIds } from '../../core/backup/manifest';
import type { BackupManifest, IntegrityReport } from '../../core/backup/types';
import { AppError } from '../../core/errors';
import { verifyChain } from '../../core/invoicing/services/chain';
import type { CompanyStore } from '../../core/ports';
import { createCompanyStore } from '../../db/company-store';
import { openCompanyDb, type CompanyDb } from '../../db/open';
import { vaultFolderFor } from '../vault/blob-store';
import { readManifest } from './backup-set';
import { copyAndHash, hashFile } from './files';

type DbChecks = Pick<IntegrityInputs, 'sqlite' | 'foreignKeys' | 'chain' | 'consistency' | 'unreadable'>;

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** SQLite's checks first; the chain and the invariants only on a database SQLite calls sound (they would throw). */
export function databaseChecks(store: CompanyStore): DbChecks {
  let sqlite: string[];
  try {
    sqlite = store.maintenance.integrityCheck();
  } catch (e) {
    // SQLITE_CORRUPT before integrity_check can even list what is wrong.
    return { sqlite: [describeError(e)] };
  }
  const out: DbChecks = { sqlite };
  try {
    out.foreignKeys = store.maintenance.foreignKeyCheck();
    out.chain = verifyChain(store);
    out.consistency = store.maintenance.consistency();
  } catch (e) {
    if (sqlite.length === 0) out.sqlite = [describeError(e)];
  }
  return out;
}

function vaultCheck(ids: readonly string[], hasFile: (id: string) => 'ok' | 'missing' | 'empty'): VaultCheck {
  const v: VaultCheck = { expected: ids.length, missing: [], empty: [] };
  for (const id of ids) {
    const state = hasFile(id);
    if (state === 'missing') v.missing.push(id);
    else if (state === 'empty') v.empty.push(id);
  }
  return v;
}

/** The check of an open company file. */
export function checkCompany(store: CompanyStore, file: string, now: Date): IntegrityReport {
  const folder = vaultFolderFor(resolve(file));
  const vault = vaultCheck(store.maintenance.vaultDocumentIds(), (id) => {
    try {
      return statSync(join(folder, `${id}.fdv`)).size > 0 ? 'ok' : 'empty';
    } catch {
      return 'missing';
    }
  });
  return buildIntegrityReport({ target: file, checkedAt: now.toISOString(), ...databaseChecks(store), vault });
}

function checkManifestFiles(dir: string, m: BackupManifest): ManifestCheck {
  const check: ManifestCheck = { files: m.files.length, missing: [], altered: [] };
  for (const f of m.files) {
    const p = join(dir, ...f.path.split('/'));
    if (!existsSync(p)) {
      check.missing.push(f.path);
      continue;
    }
    const h = hashFile(p);
    if (h.size !== f.size || h.sha256 !== f.sha256) check.altered.push(f.path);
  }
  return check;
}

/** Opens a backup's database for checking: read-only, or a migrated temporary copy; `done` cleans up. */
function openForCheck(db: string): { handle: CompanyDb; done(): void } {
  try {
    const handle = openCompanyDb(db, { readonly: true });
    return { handle, done: () => handle.close() };
  } catch (e) {
    if (!AppError.is(e, 'DB_DA_AGGIORNARE')) throw e;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'fatturadesk-verifica-'));
  try {
    const copy = join(tmp, BACKUP_DB_FILE);
    copyAndHash(db, copy);
    const handle = openCompanyDb(copy, { backupBeforeMigrate: false });
    return {
      handle,
      done: () => {
        handle.close();
        rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

export interface SetVerification {
  report: IntegrityReport;
  manifest?: BackupManifest;
}

/** Checks a backup folder (nothing in it is written). */
export function verifyBackupSet(path: string, now: Date): SetVerification {
  const dir = resolve(path);
  const checkedAt = now.toISOString();
  let manifest: BackupManifest;
  try {
    manifest = readManifest(dir);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'NO_FOLDER'
        ? 'la cartella non esiste'
        : code === 'NO_MANIFEST'
          ? 'manca il file manifest.json: non è una copia di sicurezza di FatturaDesk o è incompleta'
          : describeError(e);
    return {
      report: {
        ok: false,
        target: dir,
        checkedAt,
        summary: `La copia non è utilizzabile: ${why}.`,
        checks: [{ area: 'copia', ok: false, message: `Copia non leggibile: ${why}.` }],
        problems: [{ area: 'copia', code: 'BACKUP_NON_VALIDO', message: `La copia «${dir}» non è utilizzabile: ${why}.`, fix: 'Scegli la cartella di una copia di sicurezza fatta da FatturaDesk.' }],
      },
    };
  }
  const files = checkManifestFiles(dir, manifest);
  const dbPath = join(dir, BACKUP_DB_FILE);
  const inputs: IntegrityInputs = { target: dir, checkedAt, manifest: files };
  if (files.missing.includes(BACKUP_DB_FILE)) return { report: buildIntegrityReport(inputs), manifest };
  let opened: ReturnType<typeof openForCheck> | undefined;
  try {
    opened = openForCheck(dbPath);
  } catch (e) {
    inputs.unreadable = e instanceof AppError ? e.message : describeError(e);
  }
  if (opened) {
    try {
      const store = createCompanyStore(opened.handle);
      Object.assign(inputs, databaseChecks(store));
      const intact = new Set(manifestVaultIds(manifest).filter((id) => !files.altered.includes(`vault/${id}.fdv`) && !files.missing.includes(`vault/${id}.fdv`)));
      const sizes = new Map(manifest.files.map((f) => [f.path, f.size]));
      inputs.vault = vaultCheck(store.maintenance.vaultDocumentIds(), (id) => (!intact.has(id) ? 'missing' : (sizes.get(`vault/${id}.fdv`) ?? 0) > 0 ? 'ok' : 'empty'));
    } finally {
      opened.done();
    }
  }
  return { report: buildIntegrityReport(inputs), manifest };
}
