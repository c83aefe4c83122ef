/**
 * Backup sets on disk (format in core/backup/README.md). A set is a folder `<YYYY-MM-DD_HHMMSS>_<kind>` inside
 * `<company file name>.backup/` (beside the company file, or in the folder chosen in the settings) holding
 *   azienda.fdesk     the database: SQLite's online backup API (or VACUUM INTO before a migration), one file
 *   vault/<id>.fdv    the vault's encrypted files named by the database copy (already encrypted: copied as they are)
 *   manifest.json     what the set is, and the size and SHA-256 of every file above
 * It is built in a hidden staging folder and renamed into place once the manifest is written, so a set that exists
 * is complete; a crash leaves only a staging folder, removed by a later backup.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { BACKUP_DB_FILE, BACKUP_FORMAT, BACKUP_VAULT_DIR, MANIFEST_FILE, parseManifest } from '../../core/backup/manifest';
import { selectRetained, type RetentionPolicy } from '../../core/backup/retention';
import type { BackupDbMethod, BackupInfo, BackupKind, BackupManifest, BackupManifestFile } from '../../core/backup/types';
import { describeCopy } from '../../db/maintenance';
import { vaultFolderFor } from '../vault/blob-store';
import { copyAndHash, hashFile, localStamp, syncFolder, writeNewFile } from './files';

export const BACKUP_FOLDER_SUFFIX = '.backup';
/** Pre-migration sets kept (the newest ones). */
export const PRE_MIGRATION_KEPT = 3;
const STAGING = /^\..+\.tmp-[0-9a-f]+$/;
const STAGING_STALE_MS = 60 * 60_000;

/** The folder holding a company's backup sets: `<dir or the company file's folder>/<file name>.backup`. */
export function backupRootFor(companyFile: string, dir?: string): string {
  return join(dir ? resolve(dir) : dirname(resolve(companyFile)), `${basename(companyFile)}${BACKUP_FOLDER_SUFFIX}`);
}

export interface BackupSetOptions {
  companyFile: string;
  root: string;
  kind: BackupKind;
  now: Date;
  appVersion: string;
  name?: string;
  partitaIva?: string;
}

interface Staged {
  dir: string;
  db: string;
  finalDir: string;
}

function removeStaleStaging(root: string): void {
  for (const n of readdirSync(root)) {
    if (!STAGING.test(n)) continue;
    const p = join(root, n);
    try {
      if (Date.now() - statSync(p).mtimeMs > STAGING_STALE_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // removed meanwhile
    }
  }
}

function stage(o: BackupSetOptions): Staged {
  mkdirSync(o.root, { recursive: true, mode: 0o700 });
  removeStaleStaging(o.root);
  const { stamp } = localStamp(o.now);
  let name = `${stamp}_${o.kind}`;
  for (let n = 2; existsSync(join(o.root, name)); n++) name = `${stamp}_${o.kind}_${n}`;
  const dir = join(o.root, `.${name}.tmp-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { mode: 0o700 });
  return { dir, db: join(dir, BACKUP_DB_FILE), finalDir: join(o.root, name) };
}

/** After the database copy: the vault files it names, the manifest, the rename into place. */
function complete(o: BackupSetOptions, s: Staged, method: BackupDbMethod): BackupInfo {
  const facts = describeCopy(s.db);
  const files: BackupManifestFile[] = [{ path: BACKUP_DB_FILE, ...hashFile(s.db) }];
  const vaultFrom = vaultFolderFor(resolve(o.companyFile));
  if (facts.vaultDocumentIds.length > 0) {
    const vaultTo = join(s.dir, BACKUP_VAULT_DIR);
    mkdirSync(vaultTo, { mode: 0o700 });
    for (const id of facts.vaultDocumentIds) {
      const from = join(vaultFrom, `${id}.fdv`);
      // A document whose file is missing is backed up as it is: the check of the set reports it.
      try {
        files.push({ path: `${BACKUP_VAULT_DIR}/${id}.fdv`, ...copyAndHash(from, join(vaultTo, `${id}.fdv`)) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    syncFolder(vaultTo);
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: 1,
    kind: o.kind,
    createdAt: o.now.toISOString(),
    day: localStamp(o.now).day,
    appVersion: o.appVersion,
    source: { file: resolve(o.companyFile), ...(o.name ? { name: o.name } : {}), ...(o.partitaIva ? { partitaIva: o.partitaIva } : {}) },
    database: { path: BACKUP_DB_FILE, method, schemaVersion: facts.schemaVersion },
    counts: { registeredDocuments: facts.registeredDocuments, vaultDocuments: facts.vaultDocumentIds.length },
    ...(facts.chainTail ? { chainTail: facts.chainTail } : {}),
    files,
  };
  writeNewFile(join(s.dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  syncFolder(s.dir);
  renameSync(s.dir, s.finalDir);
  syncFolder(o.root);
  return infoOf(s.finalDir, manifest);
}

function discard(s: Staged): void {
  rmSync(s.dir, { recursive: true, force: true });
}

/** A set whose database part comes from SQLite's online backup API (the file stays open and in use meanwhile). */
export async function createBackupSet(o: BackupSetOptions, backupTo: (dest: string) => Promise<void>): Promise<BackupInfo> {
  const s = stage(o);
  try {
    await backupTo(s.db);
    return complete(o, s, 'online-backup');
  } catch (e) {
    discard(s);
    throw e;
  }
}

/** The same, synchronously, with the database part written by `snapshot` (VACUUM INTO: the pre-migration copy). */
export function createBackupSetSync(o: BackupSetOptions, snapshot: (dest: string) => void): BackupInfo {
  const s = stage(o);
  try {
    snapshot(s.db);
    return complete(o, s, 'vacuum-into');
  } catch (e) {
    discard(s);
    throw e;
  }
}

export function infoOf(path: string, m: BackupManifest): BackupInfo {
  return {
    id: basename(path),
    path,
    kind: m.kind,
    createdAt: m.createdAt,
    day: m.day,
    sizeBytes: m.files.reduce((n, f) => n + f.size, 0),
    schemaVersion: m.database.schemaVersion,
    registeredDocuments: m.counts.registeredDocuments,
    vaultDocuments: m.counts.vaultDocuments,
    sourceFile: m.source.file,
  };
}

/** The manifest of a set folder (validated: see core/backup/manifest.ts). */
export function readManifest(path: string): BackupManifest {
  const file = join(path, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    const isDir = existsSync(path) && statSync(path).isDirectory();
    throw Object.assign(new Error(isDir ? 'manifesto mancante' : 'cartella inesistente'), { code: isDir ? 'NO_MANIFEST' : 'NO_FOLDER' });
  }
  return parseManifest(text, basename(path));
}

/** The sets in these folders, newest first; folders that are not sets (or whose manifest is damaged) are left out. */
export function listBackupSets(roots: readonly string[]): BackupInfo[] {
  const out: BackupInfo[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    if (seen.has(root) || !existsSync(root)) continue;
    seen.add(root);
    for (const n of readdirSync(root)) {
      if (n.startsWith('.')) continue;
      const p = join(root, n);
      try {
        if (!statSync(p).isDirectory()) continue;
        out.push(infoOf(p, readManifest(p)));
      } catch {
        // not a backup set
      }
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}

/**
 * Applies the retention policy to automatic sets and keeps the newest PRE_MIGRATION_KEPT pre-migration sets; manual
 * sets are never removed automatically. Returns the folders removed.
 */
export function pruneBackupSets(sets: readonly BackupInfo[], policy: RetentionPolicy): string[] {
  const automatic = sets.filter((s) => s.kind === 'automatico');
  const decision = selectRetained(automatic.map((s) => ({ id: s.path, day: s.day, createdAt: s.createdAt })), policy);
  const preMigration = sets.filter((s) => s.kind === 'pre-migrazione').slice(PRE_MIGRATION_KEPT).map((s) => s.path);
  const removed: string[] = [];
  for (const path of [...decision.prune, ...preMigration]) {
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}
