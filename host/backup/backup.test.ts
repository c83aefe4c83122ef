/**
 * Backups through the API, on a demo company with an unlocked vault: "Backup ora" (database by SQLite's online backup
 * API + the vault's encrypted files + manifest), the check of a set (and what it says about damaged ones), restore of
 * the open company (closed, replaced, reopened; the replaced data kept aside) and "Annulla ripristino", refusals that
 * change nothing, the pre-migration set, the automatic schedule's step with retention, and the settings.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupInfo, BackupManifest, BackupOverview, IntegrityReport, RestoreResult } from '../../core/backup/types';
import type { Item } from '../../core/invoicing/types';
import type { VaultCategory, VaultDocument } from '../../core/vault/types';
import { createCompanyStore } from '../../db/company-store';
import { MIGRATIONS } from '../../db/migrations/index';
import { openCompanyDb } from '../../db/open';
import { createCompanyDirectory } from '../company-directory';
import { createLockManager } from '../company-lock';
import { vaultFolderFor } from '../vault/blob-store';
import { GOOD_PASSWORD, vaultTestApi, type VaultTestApi } from '../vault/testing/support';
import { backupRootFor, listBackupSets } from './backup-set';
import { createBackupHost, preMigrationBackup } from './service';
import { journalFor, recoverInterruptedRestore, planSwap } from './restore';

const open: VaultTestApi[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const fileHash = (p: string) => sha(readFileSync(p));

/** Demo company, vault set up and unlocked, three documents in it. */
async function companyWithVault(): Promise<{ t: VaultTestApi; docs: VaultDocument[] }> {
  const t = await vaultTestApi();
  open.push(t);
  await t.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
  const altro = (await t.ok<VaultCategory[]>('vault.categories.list')).find((c) => c.name === 'Altro')!;
  const docs = await t.ok<VaultDocument[]>('vault.upload', {
    categoryId: altro.id,
    files: [1, 2, 3].map((i) => ({ name: `contratto-${i}.txt`, base64: b64(`contratto numero ${i} `.repeat(200)) })),
  });
  return { t, docs };
}

function blobs(companyFile: string): Record<string, string> {
  const dir = vaultFolderFor(companyFile);
  return Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.fdv')).map((n) => [n, fileHash(join(dir, n))]));
}

describe('backup.create ("Backup ora")', () => {
  it('writes the database (online backup API), every encrypted vault file and a manifest with their SHA-256', async () => {
    const { t, docs } = await companyWithVault();
    const b = await t.ok<BackupInfo>('backup.create');
    expect(b.path).toBe(join(backupRootFor(t.file), b.id));
    expect(b.id).toMatch(/^\d{4}-\d{2}-\d{2}_\d{6}_manuale$/);
    expect([b.kind, b.vaultDocuments, b.registeredDocuments]).toEqual(['manuale', 3, 6]);

    const manifest = JSON.parse(readFileSync(join(b.path, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.database).toMatchObject({ path: 'azienda.fdesk', method: 'online-backup', schemaVersion: MIGRATIONS.length });
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['azienda.fdesk', ...docs.map((d) => `vault/${d.id}.fdv`)].sort());
    for (const f of manifest.files) {
      const bytes = readFileSync(join(b.path, f.path));
      expect([bytes.length, sha(bytes)], f.path).toEqual([f.size, f.sha256]);
    }
    // The vault files are the encrypted ones, byte for byte.
    for (const d of docs) expect(fileHash(join(b.path, 'vault', `${d.id}.fdv`))).toBe(fileHash(join(vaultFolderFor(t.file), `${d.id}.fdv`)));

    // The database copy is a standalone file (no -wal needed) that opens read-only with the same data.
    expect(existsSync(join(b.path, 'azienda.fdesk-wal'))).toBe(false);
    const copy = openCompanyDb(join(b.path, 'azienda.fdesk'), { readonly: true });
    try {
      const store = createCompanyStore(copy);
      expect(store.maintenance.registeredCount()).toBe(6);
      expect(store.maintenance.vaultDocumentIds().sort()).toEqual(docs.map((d) => d.id).sort());
      expect(copy.sqlite.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      copy.close();
    }
    expect(readdirSync(backupRootFor(t.file)).filter((n) => n.startsWith('.'))).toEqual([]);

    const overview = await t.ok<BackupOverview>('backup.list');
    expect(overview.backups.map((x) => x.id)).toEqual([b.id]);
    expect(overview.last?.id).toBe(b.id);
    expect(overview.settings).toEqual({ enabled: true, intervalHours: 24, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 });
  });
});

describe('backup.create when the folder cannot be written', () => {
  it('says so in Italian, with the folder and the cause, and leaves nothing half-made', async () => {
    const { t } = await companyWithVault();
    // A file where the backup folder should be: nothing can be created under it.
    writeFileSync(backupRootFor(t.file), 'non una cartella');
    const e = await t.err('backup.create');
    expect(e.code).toBe('BACKUP_NON_RIUSCITO');
    expect(e.message).toMatch(new RegExp(`^Copia di sicurezza non riuscita in .*azienda\\.fdesk\\.backup \\((EEXIST|ENOTDIR)\\)\\.$`));
    expect(e.fix).toBe('Controlla che la cartella esista e sia raggiungibile, poi riprova.');
    expect(readFileSync(backupRootFor(t.file), 'utf8')).toBe('non una cartella');
  });
});

describe('backup.verify', () => {
  it('passes a sound set and says in Italian what is wrong with a damaged one', async () => {
    const { t, docs } = await companyWithVault();
    const b = await t.ok<BackupInfo>('backup.create');
    const good = await t.ok<IntegrityReport>('backup.verify', { path: b.path });
    expect(good.ok).toBe(true);
    expect(good.checks.map((c) => c.area)).toEqual(['copia', 'database', 'collegamenti', 'catena', 'coerenza', 'cassaforte']);
    expect(good.summary).toBe('Nessun problema: tutti i 6 controlli sono stati superati.');

    // A vault file changed and another missing.
    const bad = join(t.dir, 'copia-rovinata');
    mkdirSync(bad);
    for (const f of ['manifest.json', 'azienda.fdesk']) writeFileSync(join(bad, f), readFileSync(join(b.path, f)));
    mkdirSync(join(bad, 'vault'));
    writeFileSync(join(bad, 'vault', `${docs[0]!.id}.fdv`), Buffer.from('non è il file cifrato'));
    writeFileSync(join(bad, 'vault', `${docs[1]!.id}.fdv`), readFileSync(join(b.path, 'vault', `${docs[1]!.id}.fdv`)));
    const r = await t.ok<IntegrityReport>('backup.verify', { path: bad });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['BACKUP_DANNEGGIATO', 'VAULT_FILE_MANCANTI']);
    expect(r.problems[0]!.message).toBe(`La copia di sicurezza è danneggiata: 1 file manca (vault/${docs[2]!.id}.fdv); 1 file è stato modificato (vault/${docs[0]!.id}.fdv).`);
    expect(r.problems[1]!.message).toBe('2 documenti della cassaforte non hanno il loro file cifrato.');

    // A registered XML altered inside the copy (manifest rewritten to match): the chain says which document.
    const forged = join(t.dir, 'copia-alterata');
    mkdirSync(forged);
    writeFileSync(join(forged, 'azienda.fdesk'), readFileSync(join(b.path, 'azienda.fdesk')));
    const db = new Database(join(forged, 'azienda.fdesk'));
    db.exec('DROP TRIGGER document_content_registered_frozen');
    db.prepare("UPDATE document_content SET xml = xml || X'20' WHERE document_id = (SELECT id FROM documents WHERE chain_seq = 2)").run();
    db.close();
    const m = JSON.parse(readFileSync(join(b.path, 'manifest.json'), 'utf8')) as BackupManifest;
    m.files = [{ path: 'azienda.fdesk', size: readFileSync(join(forged, 'azienda.fdesk')).length, sha256: fileHash(join(forged, 'azienda.fdesk')) }];
    writeFileSync(join(forged, 'manifest.json'), JSON.stringify(m));
    const chain = await t.ok<IntegrityReport>('backup.verify', { path: forged });
    expect(chain.ok).toBe(false);
    expect(chain.problems.map((p) => p.code)).toContain('CATENA_INTERROTTA');
    expect(chain.problems.find((p) => p.code === 'CATENA_INTERROTTA')!.message).toMatch(/^Il file XML del documento .+ non è più quello registrato\.$/);

    // Not a backup at all.
    const none = await t.ok<IntegrityReport>('backup.verify', { path: t.dir });
    expect(none.ok).toBe(false);
    expect(none.summary).toMatch(/manca il file manifest\.json/);
  });
});

describe('backup.restore and backup.undoRestore', () => {
  it('restores the open company (closed and reopened), keeps the replaced data aside, and the undo puts it back', async () => {
    const { t, docs } = await companyWithVault();
    const b = await t.ok<BackupInfo>('backup.create');
    // Changes after the backup: an item and a fourth vault document.
    await t.ok<Item>('items.save', { code: 'DOPO-BACKUP', description: 'Articolo creato dopo la copia', prezzoUnitario: '10.00', vatCode: 'IVA22' });
    const altro = (await t.ok<VaultCategory[]>('vault.categories.list')).find((c) => c.name === 'Altro')!;
    const [later] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: altro.id, files: [{ name: 'dopo.txt', base64: b64('caricato dopo la copia') }] });
    const itemsAfter = (await t.ok<Item[]>('items.list', {})).map((i) => i.code);
    const blobsAfter = blobs(t.file);

    const r = await t.ok<RestoreResult>('backup.restore', { path: b.path });
    expect(r).toMatchObject({ file: t.file, restoredFrom: b.path, reopened: true, report: { ok: true } });
    expect(r.aside!.file).toMatch(/azienda\.fdesk\.prima-del-ripristino-\d{4}-\d{2}-\d{2}_\d{6}$/);
    expect(r.aside!.vault).toBe(`${r.aside!.file}.vault`);
    // The company is open again, on the backup's data: the item is gone, the vault has the three documents (locked:
    // the keys were wiped when the company closed).
    expect((await t.ok<{ file: string }>('companies.current')).file).toBe(t.file);
    expect((await t.ok<Item[]>('items.list', {})).map((i) => i.code)).not.toContain('DOPO-BACKUP');
    expect((await t.err('vault.list', {})).code).toBe('VAULT_BLOCCATA');
    await t.ok('vault.unlock', { password: GOOD_PASSWORD });
    expect((await t.ok<{ rows: VaultDocument[] }>('vault.list', {})).rows.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
    expect(Object.keys(blobs(t.file)).sort()).toEqual(docs.map((d) => `${d.id}.fdv`).sort());
    // The replaced data is intact beside the file.
    expect(blobs(r.aside!.file)).toEqual(blobsAfter);
    expect((await t.ok<BackupOverview>('backup.list')).undo?.aside).toBe(r.aside!.file);

    const u = await t.ok<RestoreResult>('backup.undoRestore', {});
    expect(u).toMatchObject({ file: t.file, restoredFrom: r.aside!.file, reopened: true, report: { ok: true } });
    expect((await t.ok<Item[]>('items.list', {})).map((i) => i.code)).toEqual(itemsAfter);
    expect(blobs(t.file)).toEqual(blobsAfter);
    await t.ok('vault.unlock', { password: GOOD_PASSWORD });
    expect((await t.ok<VaultDocument>('vault.get', { id: later!.id })).name).toBe('dopo.txt');
    expect(existsSync(r.aside!.file)).toBe(false);
    expect(existsSync(u.aside!.file)).toBe(true);
    expect(u.aside!.file).toMatch(/\.ripristino-annullato-/);
  });

  it('refuses a damaged backup with a clear message and touches nothing', async () => {
    const { t, docs } = await companyWithVault();
    const b = await t.ok<BackupInfo>('backup.create');
    writeFileSync(join(b.path, 'vault', `${docs[0]!.id}.fdv`), Buffer.from('rovinato'));
    await t.ok('companies.close');
    const before = { db: fileHash(t.file), vault: blobs(t.file), dir: readdirSync(t.dir).sort() };
    const e = await t.err('backup.restore', { path: b.path, file: t.file });
    expect(e.code).toBe('BACKUP_DANNEGGIATO');
    expect(e.message).toBe(
      `Ripristino rifiutato: 2 problemi trovati: la copia di sicurezza è danneggiata: 1 file è stato modificato (vault/${docs[0]!.id}.fdv); 1 documento della cassaforte non ha il suo file cifrato.`,
    );
    expect(e.fix).toMatch(/Non è stato toccato nulla/);
    expect({ db: fileHash(t.file), vault: blobs(t.file), dir: readdirSync(t.dir).sort() }).toEqual(before);
  });

  it('refuses while another process uses the file, and changes nothing', async () => {
    const { t } = await companyWithVault();
    const b = await t.ok<BackupInfo>('backup.create');
    // A `fatturadesk` command of another live process (this test's parent process stands in for it) holds the file.
    const other = createLockManager({ mode: 'shared', app: 'cli', pid: process.ppid, heartbeatMs: 0 });
    const held = other.acquire(t.file);
    try {
      const e = await t.err('backup.restore', { path: b.path });
      expect(e.code).toBe('AZIENDA_IN_USO');
      expect(e.message).toMatch(/è in uso da un comando fatturadesk in corso/);
      // Still open here, untouched.
      expect((await t.ok<{ file: string }>('companies.current')).file).toBe(t.file);
      expect(readdirSync(t.dir).filter((n) => n.includes('prima-del-ripristino'))).toEqual([]);
    } finally {
      held.release();
    }
  });

  it('completes a restore that a crash interrupted, wherever it stopped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-journal-'));
    dirs.push(dir);
    const target = join(dir, 'a.fdesk');
    for (let crashAfter = 0; crashAfter <= 4; crashAfter++) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(join(vaultFolderFor(target)), { recursive: true });
      writeFileSync(target, 'vecchio');
      writeFileSync(join(vaultFolderFor(target), 'v.fdv'), 'vecchio blob');
      const incoming = { db: join(dir, '.a.fdesk.ripristino.tmp'), vault: join(dir, '.a.fdesk.vault.ripristino.tmp') };
      writeFileSync(incoming.db, 'nuovo');
      mkdirSync(incoming.vault);
      writeFileSync(join(incoming.vault, 'n.fdv'), 'nuovo blob');
      const aside = `${target}.prima-del-ripristino-2026-01-01_000000`;
      const ops = planSwap(target, incoming, aside);
      expect(ops).toHaveLength(4);
      // The first `crashAfter` renames happened; the journal recorded one fewer (the crash hit before it was saved).
      for (const op of ops.slice(0, crashAfter)) renameSync(op.from, op.to);
      writeFileSync(journalFor(target), JSON.stringify({ v: 1, target, startedAt: '2026-01-01T00:00:00Z', ops, done: Math.max(0, crashAfter - 1) }));
      expect(recoverInterruptedRestore(target)).toBe(true);
      expect(readFileSync(target, 'utf8')).toBe('nuovo');
      expect(readFileSync(join(vaultFolderFor(target), 'n.fdv'), 'utf8')).toBe('nuovo blob');
      expect(readFileSync(aside, 'utf8')).toBe('vecchio');
      expect(readFileSync(join(vaultFolderFor(aside), 'v.fdv'), 'utf8')).toBe('vecchio blob');
      expect(existsSync(journalFor(target))).toBe(false);
      expect(recoverInterruptedRestore(target)).toBe(false);
    }
  });
});

describe('pre-migration backup', () => {
  function oldSchemaFile(dir: string): string {
    const file = join(dir, 'vecchia.fdesk');
    const h = openCompanyDb(file, { create: true, migrations: MIGRATIONS.slice(0, -1) });
    h.close();
    return file;
  }

  it('takes a full set (VACUUM INTO) before migrating, listed and restorable like any other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-premig-'));
    dirs.push(dir);
    const file = oldSchemaFile(dir);
    const locks = createLockManager({ mode: 'exclusive', app: 'test', heartbeatMs: 0 });
    const directory = createCompanyDirectory(join(dir, 'data'), { beforeMigrate: preMigrationBackup({ locks, appVersion: 'test' }) });
    const opened = directory.open(file);
    try {
      const sets = listBackupSets([backupRootFor(file)]);
      expect(sets.map((s) => [s.kind, s.schemaVersion])).toEqual([['pre-migrazione', MIGRATIONS.length - 1]]);
      const m = JSON.parse(readFileSync(join(sets[0]!.path, 'manifest.json'), 'utf8')) as BackupManifest;
      expect(m.database.method).toBe('vacuum-into');
      expect(opened.store.maintenance.schemaVersion()).toBe(MIGRATIONS.length);
      const host = createBackupHost({ context: () => ({ session: {} }) as never, locks, appVersion: 'test' });
      // Checked on a migrated temporary copy: the set itself is not written.
      const before = fileHash(join(sets[0]!.path, 'azienda.fdesk'));
      expect((await host.verify(sets[0]!.path)).ok).toBe(true);
      expect(fileHash(join(sets[0]!.path, 'azienda.fdesk'))).toBe(before);
      // Restored elsewhere, the old-schema copy arrives brought up to date.
      const elsewhere = join(dir, 'ripristinata.fdesk');
      const r = await host.restore(sets[0]!.path, elsewhere);
      expect([r.file, r.aside, r.reopened]).toEqual([elsewhere, undefined, false]);
      const h = openCompanyDb(elsewhere, { readonly: true });
      expect(h.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      h.close();
    } finally {
      opened.close();
    }
  });

  it('refuses to migrate while another process uses the file: nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-premig-'));
    dirs.push(dir);
    const file = oldSchemaFile(dir);
    const before = fileHash(file);
    const other = createLockManager({ mode: 'shared', app: 'cli', pid: process.ppid, heartbeatMs: 0 }).acquire(file);
    try {
      const locks = createLockManager({ mode: 'exclusive', app: 'test', heartbeatMs: 0 });
      const directory = createCompanyDirectory(join(dir, 'data'), { beforeMigrate: preMigrationBackup({ locks, appVersion: 'test' }) });
      expect(() => directory.open(file)).toThrow(/va aggiornata a questa versione di FatturaDesk, ma è aperta anche in un altro programma/);
      expect(fileHash(file)).toBe(before);
      expect(existsSync(backupRootFor(file))).toBe(false);
    } finally {
      other.release();
    }
  });
});

describe('automatic backups (backup.runDue) and settings', () => {
  it('backs up when due, not again within the interval, and prunes by the retention policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fd-auto-'));
    dirs.push(dir);
    const file = join(dir, 'auto.fdesk');
    openCompanyDb(file, { create: true }).close();
    const locks = createLockManager({ mode: 'exclusive', app: 'test', heartbeatMs: 0 });
    const directory = createCompanyDirectory(join(dir, 'data'));
    const company = directory.open(file);
    let now = new Date(2026, 0, 1, 10, 0, 0);
    const host = createBackupHost({ context: () => ({ session: { current: company } }) as never, locks, appVersion: 'test', now: () => now });
    try {
      const first = await host.runDue(company);
      expect(first.created?.kind).toBe('automatico');
      now = new Date(2026, 0, 1, 20, 0, 0);
      expect((await host.runDue(company)).created).toBeNull();
      // 45 more days, one check a day at 10:00.
      const pruned: string[] = [];
      for (let d = 1; d <= 45; d++) {
        now = new Date(2026, 0, 1 + d, 10, 0, 0);
        const r = await host.runDue(company);
        expect(r.created, `giorno ${d}`).not.toBeNull();
        pruned.push(...r.pruned);
      }
      const left = host.overview(company).backups.map((b) => b.day);
      // 2026-02-15 is the newest; 7 daily, the newest of 4 ISO weeks, of 12 months (only Jan and Feb exist).
      // (Sunday 2026-02-15: weeks end on 02-15, 02-08, 02-01, 01-25; months on 02-15 and 01-31.)
      expect(left).toEqual(['2026-02-15', '2026-02-14', '2026-02-13', '2026-02-12', '2026-02-11', '2026-02-10', '2026-02-09', '2026-02-08', '2026-02-01', '2026-01-31', '2026-01-25']);
      expect(pruned).toHaveLength(46 - left.length);

      host.configure(company, { ...host.overview(company).settings, enabled: false });
      now = new Date(2026, 2, 1, 10, 0, 0);
      expect(await host.runDue(company)).toEqual({ created: null, pruned: [] });
    } finally {
      company.close();
    }
  });

  it('backup.configure keeps the settings in the company file and puts sets in the chosen folder', async () => {
    const { t } = await companyWithVault();
    const e = await t.err('backup.configure', { dir: join(t.dir, 'non-esiste') });
    expect([e.code, e.field]).toEqual(['BACKUP_CARTELLA_NON_VALIDA', 'dir']);
    const chosen = join(t.dir, 'disco-esterno');
    mkdirSync(chosen);
    const o = await t.ok<BackupOverview>('backup.configure', { dir: chosen, keepDaily: 3, intervalHours: 12 });
    expect(o.settings).toEqual({ enabled: true, intervalHours: 12, dir: chosen, keepDaily: 3, keepWeekly: 4, keepMonthly: 12 });
    expect(o.folder).toBe(join(chosen, 'azienda.fdesk.backup'));
    const b = await t.ok<BackupInfo>('backup.create');
    expect(b.path.startsWith(join(chosen, 'azienda.fdesk.backup'))).toBe(true);
    const back = await t.ok<BackupOverview>('backup.configure', { dir: null });
    expect(back.settings.dir).toBeUndefined();
    expect(back.folder).toBe(backupRootFor(t.file));
  });
});

describe('integrity.check', () => {
  it('reports a vault document whose encrypted file went missing, in Italian', async () => {
    const { t, docs } = await companyWithVault();
    expect((await t.ok<IntegrityReport>('integrity.check')).ok).toBe(true);
    rmSync(join(vaultFolderFor(t.file), `${docs[1]!.id}.fdv`));
    const r = await t.ok<IntegrityReport>('integrity.check');
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ area: 'cassaforte', code: 'VAULT_FILE_MANCANTI', message: '1 documento della cassaforte non ha il suo file cifrato.' })]);
    expect(r.summary).toBe('1 problema trovato: 1 documento della cassaforte non ha il suo file cifrato.');
  });
});
