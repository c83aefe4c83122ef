/**
 * Restore and its undo, as renames in the company file's folder driven by a journal (`<file>.ripristino.json`):
 * the replacement (a verified copy of the backup, already in the same folder) and the current data change places in
 * a fixed list of renames, the journal recording how many are done. A crash anywhere leaves either the old data, the
 * new data, or a journal that the next open completes (recoverInterruptedRestore). Nothing is deleted: the replaced
 * file and its vault folder stay beside it as `<file>.prima-del-ripristino-<time>` (+ `.vault`), which "Annulla
 * ripristino" puts back the same way (keeping the restored data as `<file>.ripristino-annullato-<time>`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BACKUP_DB_FILE, BACKUP_VAULT_DIR, manifestVaultIds } from '../../core/backup/manifest';
import type { BackupManifest, UndoInfo } from '../../core/backup/types';
import { fail } from '../../core/errors';
import { openCompanyDb } from '../../db/open';
import { vaultFolderFor } from '../vault/blob-store';
import { copyAndHash, localStamp, renameIfPresent, syncFolder, writeNewFile } from './files';

export const ASIDE_MARK = '.prima-del-ripristino-';
export const UNDONE_MARK = '.ripristino-annullato-';
const SIDE_FILES = ['-wal', '-shm'];

interface Journal {
  v: 1;
  target: string;
  startedAt: string;
  ops: { from: string; to: string }[];
  done: number;
}

export function journalFor(target: string): string {
  return `${target}.ripristino.json`;
}

function saveJournal(j: Journal): void {
  const path = journalFor(j.target);
  const tmp = `${path}.tmp`;
  rmSync(tmp, { force: true });
  writeNewFile(tmp, JSON.stringify(j), 0o644);
  renameIfPresent(tmp, path);
  syncFolder(dirname(path));
}

function runJournal(j: Journal): void {
  for (let i = j.done; i < j.ops.length; i++) {
    const op = j.ops[i]!;
    // After a crash the op in flight may be done already (source gone) or not (target not there yet).
    if (existsSync(op.from) && !existsSync(op.to)) renameIfPresent(op.from, op.to);
    j.done = i + 1;
    saveJournal(j);
  }
  syncFolder(dirname(j.target));
  rmSync(journalFor(j.target), { force: true });
}

/**
 * Puts `incoming` (a company file, its -wal/-shm if any, and its vault folder) in place of `target`, moving what is
 * there now to `aside` (+ `.vault`). Every rename stays in one folder, so each is atomic.
 */
function swap(target: string, incoming: { db: string; vault?: string }, aside: string): void {
  runJournal({ v: 1, target, startedAt: new Date().toISOString(), ops: planSwap(target, incoming, aside), done: 0 });
}

/** The renames of a swap, in order (only of files that exist now). Exported for the crash-recovery test. */
export function planSwap(target: string, incoming: { db: string; vault?: string }, aside: string): Journal['ops'] {
  const ops: Journal['ops'] = [];
  const push = (from: string, to: string) => {
    if (existsSync(from)) ops.push({ from, to });
  };
  push(target, aside);
  for (const s of SIDE_FILES) push(target + s, aside + s);
  push(vaultFolderFor(target), vaultFolderFor(aside));
  for (const s of SIDE_FILES) push(incoming.db + s, target + s);
  push(incoming.db, target);
  if (incoming.vault) push(incoming.vault, vaultFolderFor(target));
  return ops;
}

/** Completes a restore a crash interrupted (called before the file is opened); true when there was one. */
export function recoverInterruptedRestore(target: string): boolean {
  const path = journalFor(target);
  if (!existsSync(path)) return false;
  let j: Journal;
  try {
    j = JSON.parse(readFileSync(path, 'utf8')) as Journal;
  } catch {
    // The journal is written by rename: a damaged one was never the live journal.
    rmSync(path, { force: true });
    return false;
  }
  if (j.v !== 1 || j.target !== target || !Array.isArray(j.ops)) return false;
  runJournal(j);
  return true;
}

function stampOf(now: Date): string {
  return localStamp(now).stamp;
}

/**
 * Copies the backup's database and vault files into hidden staging names beside the target, then opens the staged
 * database once (bringing an older backup's schema up to date) and closes it, so what is swapped in is ready to use.
 */
function stageBackup(setDir: string, manifest: BackupManifest, target: string, now: Date): { db: string; vault?: string } {
  const dir = dirname(target);
  const stamp = stampOf(now);
  const db = join(dir, `.${basename(target)}.ripristino-${stamp}.tmp`);
  const vault = join(dir, `.${basename(target)}.vault.ripristino-${stamp}.tmp`);
  rmSync(db, { force: true });
  for (const s of SIDE_FILES) rmSync(db + s, { force: true });
  rmSync(vault, { recursive: true, force: true });
  try {
    copyAndHash(join(setDir, BACKUP_DB_FILE), db, 0o644);
    openCompanyDb(db, { backupBeforeMigrate: false }).close();
    const ids = manifestVaultIds(manifest);
    if (ids.length === 0) return { db };
    mkdirSync(vault, { mode: 0o700 });
    for (const id of ids) copyAndHash(join(setDir, BACKUP_VAULT_DIR, `${id}.fdv`), join(vault, `${id}.fdv`));
    syncFolder(vault);
    return { db, vault };
  } catch (e) {
    rmSync(db, { force: true });
    for (const s of SIDE_FILES) rmSync(db + s, { force: true });
    rmSync(vault, { recursive: true, force: true });
    throw e;
  }
}

/** Replaces `target` with the backup in `setDir` (already verified, file closed, lock held by the caller). */
export function restoreFromSet(setDir: string, manifest: BackupManifest, target: string, now: Date): { aside?: { file: string; vault?: string } } {
  mkdirSync(dirname(target), { recursive: true });
  const staged = stageBackup(setDir, manifest, target, now);
  const aside = `${target}${ASIDE_MARK}${stampOf(now)}`;
  const hadFile = existsSync(target);
  const hadVault = existsSync(vaultFolderFor(target));
  swap(target, staged, aside);
  return hadFile || hadVault ? { aside: { file: aside, ...(hadVault ? { vault: vaultFolderFor(aside) } : {}) } } : {};
}

/** The data the newest restore of `target` replaced, if it is still there. */
export function latestAside(target: string): UndoInfo | undefined {
  const dir = dirname(target);
  const prefix = `${basename(target)}${ASIDE_MARK}`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const candidates = names
    .filter((n) => n.startsWith(prefix) && /^\d{4}-\d{2}-\d{2}_\d{6}$/.test(n.slice(prefix.length)))
    .sort()
    .reverse();
  const newest = candidates[0];
  if (!newest) return undefined;
  const s = newest.slice(prefix.length);
  const at = new Date(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)), Number(s.slice(11, 13)), Number(s.slice(13, 15)), Number(s.slice(15, 17)));
  return { file: target, aside: join(dir, newest), at: at.toISOString() };
}

/** "Annulla ripristino": the newest aside goes back in place; the restored data goes aside as ripristino-annullato. */
export function undoLatestRestore(target: string, now: Date): { restoredFrom: string; aside: { file: string; vault?: string } } {
  const undo = latestAside(target);
  if (!undo) {
    fail('NESSUN_RIPRISTINO_DA_ANNULLARE', `Non c’è un ripristino da annullare per «${basename(target)}».`, {
      fix: 'I dati sostituiti da un ripristino restano accanto al file come «…prima-del-ripristino-…»: se li hai spostati, riportali lì.',
    });
  }
  if (!statSync(undo.aside).isFile()) fail('NESSUN_RIPRISTINO_DA_ANNULLARE', `«${basename(undo.aside)}» non è un file.`);
  const vault = vaultFolderFor(undo.aside);
  const aside = `${target}${UNDONE_MARK}${stampOf(now)}`;
  const hadVault = existsSync(vaultFolderFor(target));
  swap(target, { db: undo.aside, ...(existsSync(vault) ? { vault } : {}) }, aside);
  return { restoredFrom: undo.aside, aside: { file: aside, ...(hadVault ? { vault: vaultFolderFor(aside) } : {}) } };
}
