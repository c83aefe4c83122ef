/**
 * The vault through the API (host/app.ts), as the Cassaforte screen and `fatturadesk call` use it: password rules,
 * lock/unlock/auto-lock, what a wrong password and a tampered file do (nothing, and VAULT_FILE_ALTERATO), password
 * change without touching files, "Ricorda su questo computer" with and without a keychain, categories, documents,
 * reasons, expiry, housekeeping, two processes on one file, and passwords never coming back in any answer.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { apiContract, apiMethods } from '../../core/api/contract';
import { dumpDatabase } from '../../db/testing';
import type { PasswordStrength, SharePreview, VaultCategory, VaultDocument, VaultFileContent, VaultReason, VaultStatus } from '../../core/vault/types';
import { createSecretStore } from '../secrets';
import { vaultFolderFor } from './blob-store';
import { b64, blobHashes, fakeKeytar, FakeClock, GOOD_PASSWORD, OTHER_PASSWORD, vaultTestApi, type VaultTestApi } from './testing/support';

const open: VaultTestApi[] = [];
afterEach(async () => {
  for (const t of open.splice(0).reverse()) await t.close();
});

async function api(o: Parameters<typeof vaultTestApi>[0] = {}): Promise<VaultTestApi> {
  const t = await vaultTestApi(o);
  open.push(t);
  return t;
}

async function unlockedApi(o: Parameters<typeof vaultTestApi>[0] = {}) {
  const t = await api(o);
  await t.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
  const cats = await t.ok<VaultCategory[]>('vault.categories.list');
  const cat = (name: string) => cats.find((c) => c.name === name)!;
  return { t, cats, cat };
}

/** A second, read-only connection: what is committed to the file. */
function sqliteOf(t: VaultTestApi) {
  return new Database(t.file, { readonly: true, fileMustExist: true });
}

describe('password and setup', () => {
  it('scores passwords 0-4 with Italian hints (API, no company needed)', async () => {
    const t = await api();
    const weak = await t.ok<PasswordStrength>('vault.passwordStrength', { password: 'Password1!' });
    expect(weak).toMatchObject({ score: 0, acceptable: false });
    expect(weak.hints.join(' ')).toMatch(/parole comuni/);
    const demoName = await t.ok<PasswordStrength>('vault.passwordStrength', { password: 'StudioDemoFatture2024' });
    expect(demoName.hints.join(' ')).toMatch(/dati dell’azienda/);
    expect((await t.ok<PasswordStrength>('vault.passwordStrength', { password: GOOD_PASSWORD })).acceptable).toBe(true);
  });

  it('setup needs matching, strong passwords, happens once, and leaves the vault open with the default categories and reasons', async () => {
    const t = await api();
    expect(await t.ok<VaultStatus>('vault.status')).toMatchObject({ configured: false, unlocked: false, autoLockMinutes: 10 });
    expect(await t.err('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD + 'x' })).toMatchObject({ code: 'VAULT_PASSWORD_NON_COINCIDONO', field: 'confirm' });
    const weak = await t.err('vault.setup', { password: 'cassaforte2025', confirm: 'cassaforte2025' });
    expect(weak).toMatchObject({ code: 'VAULT_PASSWORD_DEBOLE', field: 'password' });
    expect(JSON.stringify(weak)).not.toContain('cassaforte2025');
    expect((weak.details as { hints: string[] }).hints.length).toBeGreaterThan(0);
    const st = await t.ok<VaultStatus>('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
    expect(st).toMatchObject({ configured: true, unlocked: true, documents: 0, kdf: { algorithm: 'scrypt', N: 1024, r: 8, p: 1 } });
    expect((await t.ok<VaultCategory[]>('vault.categories.list')).map((c) => c.name)).toEqual([
      'Documenti societari',
      'Bilanci e dichiarazioni',
      'Documenti d’identità dei soci/amministratori',
      'Contratti',
      'Banca e finanziamenti',
      'DURC e certificazioni',
      'Fatture e contabilità',
      'Altro',
    ]);
    expect((await t.ok<VaultReason[]>('vault.reasons.list')).map((r) => r.name)).toEqual([
      'Richiesta di finanziamento bancario',
      'Partecipazione a gara d’appalto',
      'Apertura conto corrente',
      'Pratica per il commercialista',
    ]);
    expect((await t.err('vault.setup', { password: OTHER_PASSWORD, confirm: OTHER_PASSWORD })).code).toBe('VAULT_GIA_CONFIGURATA');
  });

  it('stores the default scrypt parameters (N=2^16, r=8, p=1) when none are overridden', async () => {
    const t = await api({ vault: { kdf: undefined } });
    const st = await t.ok<VaultStatus>('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
    expect(st.kdf).toEqual({ algorithm: 'scrypt', N: 65536, r: 8, p: 1 });
    await t.ok('vault.lock');
    expect((await t.ok<VaultStatus>('vault.unlock', { password: GOOD_PASSWORD })).unlocked).toBe(true);
  });
});

/** Sample arguments for every vault method, valid in shape, so the lock check (not validation) answers. */
const FAKE_ID = 'a'.repeat(32);
const SAMPLE_ARGS: Record<string, unknown> = {
  'vault.passwordStrength': { password: 'x' },
  'vault.status': {},
  'vault.setup': { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD },
  'vault.unlock': { password: 'sbagliata' },
  'vault.lock': {},
  'vault.changePassword': { current: GOOD_PASSWORD, password: OTHER_PASSWORD, confirm: OTHER_PASSWORD },
  'vault.setAutoLock': { minutes: 5 },
  'vault.forgetThisComputer': {},
  'vault.categories.list': {},
  'vault.categories.create': { name: 'Nuova' },
  'vault.categories.rename': { id: FAKE_ID, name: 'Nuova' },
  'vault.categories.delete': { id: FAKE_ID },
  'vault.upload': { categoryId: FAKE_ID, files: [{ name: 'a.txt', base64: b64('a') }] },
  'vault.uploadFiles': { categoryId: FAKE_ID, paths: ['/tmp/a.txt'] },
  'vault.list': {},
  'vault.get': { id: FAKE_ID },
  'vault.view': { id: FAKE_ID },
  'vault.exportFile': { id: FAKE_ID, path: '/tmp/x' },
  'vault.update': { id: FAKE_ID, notes: 'x' },
  'vault.delete': { id: FAKE_ID },
  'vault.expiring': {},
  'vault.reasons.list': {},
  'vault.reasons.save': { reason: { name: 'x', requirements: [] } },
  'vault.reasons.delete': { id: FAKE_ID },
  'vault.sharePreview': { reasonId: FAKE_ID },
  'vault.share': { reasonId: FAKE_ID, documentIds: [FAKE_ID], recipient: { name: 'A', email: 'a@esempio.it' } },
  'vault.shareLog': {},
  'vault.shareRetry': { id: 1 },
  'vault.shareCancel': { id: 1 },
  'vault.smtp.get': {},
  'vault.smtp.configure': { host: 'smtp.esempio.it', port: 587, secure: false, fromEmail: 'a@esempio.it' },
  'vault.smtp.test': {},
};
const OPEN_WHILE_LOCKED = new Set(['vault.passwordStrength', 'vault.status', 'vault.setup', 'vault.unlock', 'vault.lock']);

describe('lock', () => {
  it('a locked vault refuses every call but status, setup and unlock with VAULT_BLOCCATA', async () => {
    const vaultMethods = apiMethods.filter((m) => m.startsWith('vault.'));
    expect(Object.keys(SAMPLE_ARGS).sort()).toEqual([...vaultMethods].sort());
    for (const m of vaultMethods) expect(apiContract[m].scope, m).toBe(m === 'vault.passwordStrength' ? 'app' : 'company');
    const { t } = await unlockedApi();
    await t.ok('vault.lock');
    for (const m of vaultMethods) {
      if (OPEN_WHILE_LOCKED.has(m)) continue;
      const e = await t.err(m, SAMPLE_ARGS[m]);
      expect(e, m).toMatchObject({ code: 'VAULT_BLOCCATA', message: 'La cassaforte è chiusa: sbloccala con la password' });
    }
  });

  it('a wrong password reveals nothing and changes nothing', async () => {
    const { t, cat } = await unlockedApi();
    await t.ok('vault.upload', { categoryId: cat('Contratti').id, files: [{ name: 'Locazione.pdf', base64: b64('%PDF-1.4 contratto') }] });
    await t.ok('vault.lock');
    const folder = vaultFolderFor(t.file);
    const db = sqliteOf(t);
    const before = { db: dumpDatabase(db), blobs: blobHashes(folder) };
    for (const pw of ['sbagliata', GOOD_PASSWORD.toLowerCase(), GOOD_PASSWORD + ' ']) {
      const e = await t.err('vault.unlock', { password: pw });
      expect(e).toEqual({ code: 'VAULT_PASSWORD_ERRATA', message: 'Password errata: la cassaforte resta chiusa.', fix: expect.any(String), field: 'password' });
      expect(JSON.stringify(e)).not.toContain(pw);
    }
    expect((await t.ok<VaultStatus>('vault.status')).unlocked).toBe(false);
    expect((await t.err('vault.list')).code).toBe('VAULT_BLOCCATA');
    expect({ db: dumpDatabase(db), blobs: blobHashes(folder) }).toEqual(before);
    db.close();
    expect((await t.ok<VaultStatus>('vault.unlock', { password: GOOD_PASSWORD })).documents).toBe(1);
  });

  it('locks after the idle time; every vault call (not status) resets the timer; the setting is kept in the file', async () => {
    const { t } = await unlockedApi();
    t.clock.advance(9 * 60_000);
    await t.ok('vault.list');
    t.clock.advance(9 * 60_000);
    await t.ok('vault.status');
    expect((await t.ok<VaultStatus>('vault.status')).unlocked).toBe(true);
    t.clock.advance(61_000);
    const st = await t.ok<VaultStatus>('vault.status');
    expect(st).toMatchObject({ unlocked: false, lockedBecause: 'idle' });
    expect(t.events.some((e) => e.event === 'vault:locked' && (e.data as { reason: string }).reason === 'idle')).toBe(true);
    expect((await t.err('vault.list')).code).toBe('VAULT_BLOCCATA');

    await t.ok('vault.unlock', { password: GOOD_PASSWORD });
    expect((await t.ok<VaultStatus>('vault.setAutoLock', { minutes: 1 })).locksAt).toBe(new Date(t.clock.now().getTime() + 60_000).toISOString());
    t.clock.advance(59_000);
    expect((await t.ok<VaultStatus>('vault.status')).unlocked).toBe(true);
    t.clock.advance(2_000);
    expect((await t.ok<VaultStatus>('vault.status')).unlocked).toBe(false);
    await t.ok('companies.close');
    await t.ok('companies.open', { file: t.file });
    expect((await t.ok<VaultStatus>('vault.status')).autoLockMinutes).toBe(1);
  });

  it('lock overwrites the key material in memory, and closing the company locks its vault', async () => {
    const { t, cat } = await unlockedApi();
    const [doc] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: cat('Altro').id, files: [{ name: 'a.txt', base64: b64('segreto') }] });
    const session = t.api.vault.session(t.api.context.session.current!);
    const v = await session.use();
    const vaultKey = (v.sealer as unknown as { key: Uint8Array }).key;
    const entry = v.index.docs.get(doc!.id)!;
    const dek = entry.damaged ? undefined : entry.dek;
    expect(vaultKey.some((b) => b !== 0)).toBe(true);
    expect(dek!.some((b) => b !== 0)).toBe(true);
    await t.ok('vault.lock');
    expect(vaultKey.every((b) => b === 0)).toBe(true);
    expect(dek!.every((b) => b === 0)).toBe(true);
    expect(v.index.docs.size).toBe(0);

    await t.ok('vault.unlock', { password: GOOD_PASSWORD });
    const v2 = await t.api.vault.session(t.api.context.session.current!).use();
    const key2 = (v2.sealer as unknown as { key: Uint8Array }).key;
    await t.ok('companies.close');
    expect(key2.every((b) => b === 0)).toBe(true);
    await t.ok('companies.open', { file: t.file });
    expect(await t.ok<VaultStatus>('vault.status')).toMatchObject({ configured: true, unlocked: false });
  });
});

describe('remember on this computer', () => {
  it('keeps the KEK (not the password, not the vault key) in the keychain; unlock without password; forget', async () => {
    const t = await api();
    await t.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, remember: true });
    const entries = [...t.keytar!.data.entries()].filter(([k]) => k.startsWith('FatturaDesk/vault-'));
    expect(entries).toHaveLength(1);
    expect(entries[0]![1]).toMatch(/^v1:1:[0-9a-f]{64}$/);
    expect(entries[0]![1]).not.toContain(GOOD_PASSWORD);
    await t.ok('vault.lock');
    expect(await t.ok<VaultStatus>('vault.status')).toMatchObject({ remembered: true, unlocked: false });
    expect((await t.ok<VaultStatus>('vault.unlock', {})).unlocked).toBe(true);
    await t.ok('vault.forgetThisComputer');
    await t.ok('vault.lock');
    expect((await t.ok<VaultStatus>('vault.status')).remembered).toBe(false);
    expect((await t.err('vault.unlock', {})).code).toBe('VAULT_PASSWORD_RICHIESTA');
  });

  it('a password changed elsewhere makes the remembered secret stale: asked for the password, entry removed', async () => {
    const keytar = fakeKeytar();
    const clock = new FakeClock();
    const a = await api({ keytar, clock });
    await a.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, remember: true });
    // Another computer (its own keychain) opens the same file and changes the password.
    const b = await api({ dir: a.dir, keychain: false, clock });
    await b.ok('vault.unlock', { password: GOOD_PASSWORD });
    await b.ok('vault.changePassword', { current: GOOD_PASSWORD, password: OTHER_PASSWORD, confirm: OTHER_PASSWORD });
    await a.ok('vault.lock');
    const e = await a.err('vault.unlock', {});
    expect(e.code).toBe('VAULT_PASSWORD_RICHIESTA');
    expect(e.message).toMatch(/non è più valida/);
    expect([...keytar.data.keys()].some((k) => k.startsWith('FatturaDesk/vault-'))).toBe(false);
    // The new password, remembered again, works on this computer.
    await a.ok('vault.unlock', { password: OTHER_PASSWORD, remember: true });
    await a.ok('vault.lock');
    expect((await a.ok<VaultStatus>('vault.unlock', {})).unlocked).toBe(true);
  });

  it('without a keychain it says so in Italian and goes on without remembering', async () => {
    const t = await api({ keychain: false });
    const st = await t.ok<VaultStatus>('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, remember: true });
    expect(st.unlocked).toBe(true);
    expect(st.keychain.available).toBe(false);
    expect(st.notices.join(' ')).toMatch(/Portachiavi di sistema non disponibile.*non viene ricordata/);
    await t.ok('vault.lock');
    expect((await t.ok<VaultStatus>('vault.status')).remembered).toBe(false);
    expect((await t.err('vault.unlock', {})).code).toBe('VAULT_PASSWORD_RICHIESTA');
  });

  it('remembers in the real OS keychain when there is one (npm test runs inside a D-Bus session with a keyring)', async (ctx) => {
    const service = `FatturaDeskTest-${process.pid}-${Date.now()}`;
    const probe = await createSecretStore({ service, env: {} });
    if (!probe.available()) ctx.skip(`nessun portachiavi di sistema qui: ${probe.status.reason ?? ''}`);
    const t = await api({ realKeychainService: service });
    await t.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, remember: true });
    await t.ok('vault.lock');
    expect(await t.ok<VaultStatus>('vault.status')).toMatchObject({ remembered: true, keychain: { available: true } });
    expect((await t.ok<VaultStatus>('vault.unlock', {})).unlocked).toBe(true);
    await t.ok('vault.forgetThisComputer');
    expect((await t.ok<VaultStatus>('vault.status')).remembered).toBe(false);
  });

  it('the CLI opens a remembered vault by itself (each command is a new process)', async () => {
    const keytar = fakeKeytar();
    const a = await api({ keytar });
    await a.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, remember: true });
    await a.ok('companies.close');
    const cli = await api({ dir: a.dir, keytar, host: 'cli' });
    expect((await cli.ok<VaultCategory[]>('vault.categories.list')).length).toBe(8);
    const web = await api({ dir: a.dir, keytar, host: 'web' });
    expect((await web.err('vault.categories.list')).code).toBe('VAULT_BLOCCATA');
  });
});

describe('password change', () => {
  it('re-wraps the vault key without touching a file; the old password stops working; the current one is checked', async () => {
    const { t, cat } = await unlockedApi();
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `doc-${i}.bin`, base64: b64(`contenuto ${i} `.repeat(1000)) }));
    const docs = await t.ok<VaultDocument[]>('vault.upload', { categoryId: cat('Contratti').id, files });
    const folder = vaultFolderFor(t.file);
    const before = blobHashes(folder);
    expect((await t.err('vault.changePassword', { current: 'sbagliata', password: OTHER_PASSWORD, confirm: OTHER_PASSWORD })).code).toBe('VAULT_PASSWORD_ERRATA');
    expect((await t.err('vault.changePassword', { current: GOOD_PASSWORD, password: GOOD_PASSWORD, confirm: GOOD_PASSWORD })).code).toBe('VAULT_PASSWORD_UGUALE');
    expect((await t.err('vault.changePassword', { current: GOOD_PASSWORD, password: 'debole', confirm: 'debole' })).code).toBe('VAULT_PASSWORD_DEBOLE');
    const st = await t.ok<VaultStatus>('vault.changePassword', { current: GOOD_PASSWORD, password: OTHER_PASSWORD, confirm: OTHER_PASSWORD });
    expect(st.unlocked).toBe(true);
    expect(blobHashes(folder)).toEqual(before);
    await t.ok('vault.lock');
    expect((await t.err('vault.unlock', { password: GOOD_PASSWORD })).code).toBe('VAULT_PASSWORD_ERRATA');
    await t.ok('vault.unlock', { password: OTHER_PASSWORD });
    for (const [i, d] of docs.entries()) {
      const v = await t.ok<VaultFileContent>('vault.view', { id: d.id });
      expect(Buffer.from(v.base64, 'base64').toString()).toBe(`contenuto ${i} `.repeat(1000));
    }
  });
});

describe('tampering', () => {
  async function withDocs() {
    const { t, cat } = await unlockedApi();
    const docs = await t.ok<VaultDocument[]>('vault.upload', {
      categoryId: cat('Contratti').id,
      files: [
        { name: 'uno.pdf', base64: b64('%PDF-1.4 primo documento '.repeat(50)) },
        { name: 'due.pdf', base64: b64('%PDF-1.4 secondo documento '.repeat(50)) },
      ],
    });
    return { t, docs, folder: vaultFolderFor(t.file) };
  }

  it('a modified or truncated blob is detected (VAULT_FILE_ALTERATO with the id), never shown or exported', async () => {
    const { t, docs, folder } = await withDocs();
    const file = join(folder, `${docs[0]!.id}.fdv`);
    const original = readFileSync(file);
    for (const damage of [
      (b: Buffer) => Buffer.concat([b.subarray(0, 40), Buffer.from([b[40]! ^ 0x80]), b.subarray(41)]),
      (b: Buffer) => b.subarray(0, b.length - 1),
      (b: Buffer) => b.subarray(0, 20),
      (b: Buffer) => Buffer.concat([b, Buffer.from([0])]),
      () => Buffer.from('%PDF-1.4 un altro file messo al suo posto'),
    ]) {
      writeFileSync(file, damage(original));
      const e = await t.err('vault.view', { id: docs[0]!.id });
      expect(e).toMatchObject({ code: 'VAULT_FILE_ALTERATO', details: { id: docs[0]!.id } });
      const out = join(t.dir, 'esportato.pdf');
      expect((await t.err('vault.exportFile', { id: docs[0]!.id, path: out })).code).toBe('VAULT_FILE_ALTERATO');
      expect(existsSync(out)).toBe(false);
    }
    writeFileSync(file, original);
    expect((await t.ok<VaultFileContent>('vault.view', { id: docs[0]!.id })).viewAs).toBe('pdf');
    renameSync(file, `${file}.spostato`);
    expect((await t.err('vault.view', { id: docs[0]!.id })).code).toBe('VAULT_FILE_MANCANTE');
  });

  it('swapping two files (or two metadata rows) is detected: the associated data binds each to its record id', async () => {
    const { t, docs, folder } = await withDocs();
    const [a, b] = docs.map((d) => join(folder, `${d.id}.fdv`));
    const ba = readFileSync(a!);
    writeFileSync(a!, readFileSync(b!));
    writeFileSync(b!, ba);
    for (const d of docs) expect((await t.err('vault.view', { id: d.id })).code).toBe('VAULT_FILE_ALTERATO');
    writeFileSync(b!, readFileSync(a!));
    writeFileSync(a!, ba);

    await t.ok('companies.close');
    const db = new Database(t.file);
    const rows = db.prepare('SELECT id, nonce, box FROM vault_documents ORDER BY id').all() as { id: string; nonce: Buffer; box: Buffer }[];
    const upd = db.prepare('UPDATE vault_documents SET nonce = ?, box = ? WHERE id = ?');
    upd.run(rows[1]!.nonce, rows[1]!.box, rows[0]!.id);
    upd.run(rows[0]!.nonce, rows[0]!.box, rows[1]!.id);
    db.close();
    await t.ok('companies.open', { file: t.file });
    await t.ok('vault.unlock', { password: GOOD_PASSWORD });
    const list = await t.ok<{ rows: VaultDocument[] }>('vault.list', {});
    expect(list.rows.map((d) => [d.damaged, d.name])).toEqual([
      [true, 'Documento illeggibile'],
      [true, 'Documento illeggibile'],
    ]);
    expect((await t.err('vault.view', { id: rows[0]!.id })).code).toBe('VAULT_FILE_ALTERATO');
    // A damaged document can still be deleted.
    await t.ok('vault.delete', { id: rows[0]!.id });
    expect((await t.ok<{ total: number }>('vault.list', {})).total).toBe(1);
  });
});

describe('documents, categories, reasons', () => {
  it('upload, list, search, view (content-sniffed), update, export, delete (row and blob together)', async () => {
    const { t, cat } = await unlockedApi();
    const docs = await t.ok<VaultDocument[]>('vault.upload', {
      categoryId: cat('Documenti societari').id,
      files: [
        { name: 'C:\\Users\\mario\\Desktop\\Visura.pdf', base64: b64('%PDF-1.7 visura'), notes: 'Aggiornata a maggio' },
        { name: '../../etc/statuto.pdf', mime: 'application/pdf', base64: b64('<html><script>alert(1)</script></html>') },
        { name: 'Logo.png', base64: b64(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])) },
      ],
    });
    expect(docs.map((d) => [d.name, d.mime, d.size])).toEqual([
      ['Visura.pdf', 'application/pdf', 15],
      ['statuto.pdf', 'application/pdf', 38],
      ['Logo.png', 'image/png', 11],
    ]);
    // A file that says it is a PDF but holds HTML is not offered for inline viewing.
    expect((await t.ok<VaultFileContent>('vault.view', { id: docs[1]!.id })).viewAs).toBeUndefined();
    expect((await t.ok<VaultFileContent>('vault.view', { id: docs[2]!.id })).viewAs).toBe('image');
    expect((await t.ok<{ rows: VaultDocument[] }>('vault.list', { search: 'MAGGIO' })).rows.map((d) => d.name)).toEqual(['Visura.pdf']);
    expect((await t.ok<{ rows: VaultDocument[] }>('vault.list', { categoryId: cat('Contratti').id })).rows).toEqual([]);
    expect((await t.ok<VaultCategory[]>('vault.categories.list')).find((c) => c.name === 'Documenti societari')!.documents).toBe(3);

    const moved = await t.ok<VaultDocument>('vault.update', { id: docs[2]!.id, name: 'Logo aziendale.png', categoryId: cat('Altro').id, notes: 'x' });
    expect(moved).toMatchObject({ name: 'Logo aziendale.png', categoryId: cat('Altro').id, notes: 'x' });
    expect(await t.ok<VaultDocument>('vault.update', { id: docs[2]!.id, notes: null })).not.toHaveProperty('notes');

    const out = join(t.dir, 'scaricati', 'visura.pdf');
    mkdirSync(join(t.dir, 'scaricati'));
    expect(await t.ok('vault.exportFile', { id: docs[0]!.id, path: out })).toEqual({ path: out, size: 15 });
    expect(readFileSync(out, 'utf8')).toBe('%PDF-1.7 visura');
    expect((await t.err('vault.exportFile', { id: docs[0]!.id, path: out })).code).toBe('VAULT_FILE_ESISTENTE');
    await t.ok('vault.exportFile', { id: docs[1]!.id, path: out, overwrite: true });
    expect(readFileSync(out, 'utf8')).toContain('<html>');

    const blob = join(vaultFolderFor(t.file), `${docs[0]!.id}.fdv`);
    const link = join(t.dir, 'collegamento.fdv');
    linkSync(blob, link);
    await t.ok('vault.delete', { id: docs[0]!.id });
    expect(existsSync(blob)).toBe(false);
    // The bytes were overwritten before the unlink (seen through a hard link to the same inode).
    expect(readFileSync(link).every((b) => b === 0)).toBe(true);
    expect((await t.err('vault.get', { id: docs[0]!.id })).code).toBe('VAULT_DOCUMENTO_NON_TROVATO');
    const db = sqliteOf(t);
    expect(db.prepare('SELECT count(*) AS n FROM vault_documents WHERE id = ?').get(docs[0]!.id)).toEqual({ n: 0 });
    db.close();
  });

  it('refuses bad uploads with clear errors', async () => {
    const { t, cat } = await unlockedApi();
    const id = cat('Altro').id;
    expect(await t.err('vault.upload', { categoryId: id, files: [{ name: 'a.pdf', base64: 'non è base64!' }] })).toMatchObject({ code: 'VAULT_BASE64_NON_VALIDO', field: 'files.0.base64' });
    expect(await t.err('vault.upload', { categoryId: id, files: [{ name: '   ', base64: b64('x') }] })).toMatchObject({ code: 'VAULT_NOME_NON_VALIDO' });
    expect(await t.err('vault.upload', { categoryId: FAKE_ID, files: [{ name: 'a', base64: b64('x') }] })).toMatchObject({ code: 'VAULT_CATEGORIA_NON_TROVATA' });
    expect(await t.err('vault.upload', { categoryId: id, files: [{ name: 'a', base64: b64('x'), expiry: '2025-02-30' }] })).toMatchObject({ code: 'ARGOMENTI_NON_VALIDI' });
    expect(await t.err('vault.uploadFiles', { categoryId: id, paths: [join(t.dir, 'non-esiste.pdf')] })).toMatchObject({ code: 'VAULT_FILE_ILLEGGIBILE' });
    expect((await t.ok<{ total: number }>('vault.list', {})).total).toBe(0);
    writeFileSync(join(t.dir, 'Bilancio 2024.pdf'), '%PDF-1.4 bilancio');
    const [d] = await t.ok<VaultDocument[]>('vault.uploadFiles', { categoryId: id, paths: [join(t.dir, 'Bilancio 2024.pdf')], notes: 'Depositato' });
    expect(d).toMatchObject({ name: 'Bilancio 2024.pdf', mime: 'application/pdf', notes: 'Depositato' });
  });

  it('categories: add, rename, refuse duplicates and deleting a non-empty one; deleting one removes it from the reasons', async () => {
    const { t, cat } = await unlockedApi();
    const polizze = await t.ok<VaultCategory>('vault.categories.create', { name: 'Polizze assicurative', description: 'RC, incendio' });
    expect((await t.err('vault.categories.create', { name: '  polizze  ASSICURATIVE ' })).code).toBe('VAULT_CATEGORIA_ESISTENTE');
    expect((await t.err('vault.categories.rename', { id: polizze.id, name: 'Contratti' })).code).toBe('VAULT_CATEGORIA_ESISTENTE');
    expect(await t.ok('vault.categories.rename', { id: polizze.id, name: 'Polizze' })).toMatchObject({ name: 'Polizze', description: 'RC, incendio' });
    const [d] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: polizze.id, files: [{ name: 'rc.pdf', base64: b64('x') }] });
    expect((await t.err('vault.categories.delete', { id: polizze.id })).code).toBe('VAULT_CATEGORIA_NON_VUOTA');
    const reason = await t.ok<VaultReason>('vault.reasons.save', {
      reason: { name: 'Rinnovo leasing', requirements: [{ categoryId: polizze.id, min: 1 }, { categoryId: cat('Bilanci e dichiarazioni').id, min: 2, note: 'Ultimi due bilanci' }] },
    });
    expect((await t.err('vault.reasons.save', { reason: { name: 'rinnovo LEASING', requirements: [] } })).code).toBe('VAULT_CAUSALE_ESISTENTE');
    await t.ok('vault.delete', { id: d!.id });
    await t.ok('vault.categories.delete', { id: polizze.id });
    const after = (await t.ok<VaultReason[]>('vault.reasons.list')).find((r) => r.id === reason.id)!;
    expect(after.requirements).toEqual([{ categoryId: cat('Bilanci e dichiarazioni').id, min: 2, note: 'Ultimi due bilanci' }]);
    await t.ok('vault.reasons.delete', { id: reason.id });
    expect((await t.ok<VaultReason[]>('vault.reasons.list')).map((r) => r.id)).not.toContain(reason.id);
  });

  it('«in scadenza» lists documents expiring soon and expired ones; expired documents do not satisfy a reason', async () => {
    const { t, cat } = await unlockedApi();
    const durc = cat('DURC e certificazioni').id;
    await t.ok('vault.upload', {
      categoryId: durc,
      files: [
        { name: 'DURC vecchio.pdf', base64: b64('a'), expiry: '2025-05-31' },
        { name: 'ISO 9001.pdf', base64: b64('b'), expiry: '2025-06-25' },
        { name: 'SOA.pdf', base64: b64('c'), expiry: '2026-12-31' },
      ],
    });
    const exp = await t.ok<VaultDocument[]>('vault.expiring', { withinDays: 30 });
    expect(exp.map((d) => [d.name, d.daysToExpiry, d.expired])).toEqual([
      ['DURC vecchio.pdf', -10, true],
      ['ISO 9001.pdf', 15, false],
    ]);
    const gara = (await t.ok<VaultReason[]>('vault.reasons.list')).find((r) => r.name === 'Partecipazione a gara d’appalto')!;
    const preview = await t.ok<SharePreview>('vault.sharePreview', { reasonId: gara.id });
    const item = preview.items.find((i) => i.category.id === durc)!;
    expect(item).toMatchObject({ present: 2, missing: 0, satisfied: true });
    expect(item.documents.map((d) => d.name)).toEqual(['ISO 9001.pdf', 'SOA.pdf', 'DURC vecchio.pdf']);
    expect(preview.suggestedDocumentIds).toHaveLength(2);
  });
});

describe('housekeeping and two processes', () => {
  it('removes orphan blobs and stale temp files on open (after a grace period), keeps young ones', async () => {
    const { t, cat } = await unlockedApi();
    await t.ok('vault.upload', { categoryId: cat('Altro').id, files: [{ name: 'tenuto.txt', base64: b64('resta') }] });
    const folder = vaultFolderFor(t.file);
    const oldOrphan = join(folder, `${'b'.repeat(32)}.fdv`);
    const youngOrphan = join(folder, `${'c'.repeat(32)}.fdv`);
    const oldTemp = join(folder, `${'d'.repeat(32)}.fdv.tmp-0a1b2c`);
    for (const f of [oldOrphan, youngOrphan, oldTemp]) writeFileSync(f, 'x');
    const past = new Date(Date.now() - 60 * 60_000);
    utimesSync(oldOrphan, past, past);
    utimesSync(oldTemp, past, past);
    await t.ok('companies.close');
    await t.ok('companies.open', { file: t.file });
    await t.ok('vault.status');
    expect(existsSync(oldOrphan)).toBe(false);
    expect(existsSync(oldTemp)).toBe(false);
    expect(existsSync(youngOrphan)).toBe(true);
    await t.ok('vault.unlock', { password: GOOD_PASSWORD });
    expect((await t.ok<{ total: number }>('vault.list', {})).total).toBe(1);
  });

  it('a failed upload leaves no blob behind', async () => {
    const { t, cat } = await unlockedApi();
    const store = t.api.context.session.current!.store;
    const insert = store.vault.insert;
    store.vault.insert = () => {
      throw new Error('disco pieno (simulato)');
    };
    expect((await t.err('vault.upload', { categoryId: cat('Altro').id, files: [{ name: 'a', base64: b64('1') }, { name: 'b', base64: b64('2') }] })).code).toBe('ERRORE_INTERNO');
    store.vault.insert = insert;
    expect(Object.keys(blobHashes(vaultFolderFor(t.file)))).toEqual([]);
    expect((await t.ok<{ total: number }>('vault.list', {})).total).toBe(0);
  });

  it('two processes on one file see each other’s changes (data_version, revisions)', async () => {
    const clock = new FakeClock();
    const a = await api({ clock });
    await a.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
    const b = await api({ dir: a.dir, clock });
    await b.ok('vault.unlock', { password: GOOD_PASSWORD });
    const altro = (await a.ok<VaultCategory[]>('vault.categories.list')).find((c) => c.name === 'Altro')!;
    const [d] = await a.ok<VaultDocument[]>('vault.upload', { categoryId: altro.id, files: [{ name: 'da A.txt', base64: b64('ciao') }] });
    expect((await b.ok<{ rows: VaultDocument[] }>('vault.list', {})).rows.map((x) => x.name)).toEqual(['da A.txt']);
    await b.ok('vault.update', { id: d!.id, notes: 'scritto da B' });
    expect((await a.ok<VaultDocument>('vault.get', { id: d!.id })).notes).toBe('scritto da B');
    await b.ok('vault.categories.create', { name: 'Creata da B' });
    expect((await a.ok<VaultCategory[]>('vault.categories.list')).map((c) => c.name)).toContain('Creata da B');
    await a.ok('vault.delete', { id: d!.id });
    expect((await b.ok<{ total: number }>('vault.list', {})).total).toBe(0);
  });
});

describe('passwords never come back', () => {
  it('no answer or event carries a password or the SMTP password, not even validation errors', async () => {
    const t = await api();
    const seen: string[] = [];
    const call = async (m: string, a: unknown) => seen.push(JSON.stringify(await t.api.call(m, a)));
    await call('vault.setup', { password: 'x'.repeat(2000), confirm: 'x'.repeat(2000) });
    await call('vault.setup', { password: GOOD_PASSWORD, confirm: 'Diversa-Password!42x' });
    await call('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, remember: true });
    await call('vault.unlock', { password: 'Tentativo-Sbagliato-99' });
    await call('vault.changePassword', { current: 'Tentativo-Sbagliato-99', password: OTHER_PASSWORD, confirm: OTHER_PASSWORD });
    await call('vault.changePassword', { current: GOOD_PASSWORD, password: OTHER_PASSWORD, confirm: OTHER_PASSWORD });
    await call('vault.smtp.configure', { host: '127.0.0.1', port: 2525, secure: false, user: 'u', password: 'Smtp-Segreta-Mela-77', fromEmail: 'a@esempio.it' });
    await call('vault.smtp.get', {});
    await call('vault.smtp.test', { password: 'Smtp-Segreta-Mela-77' });
    await call('vault.passwordStrength', { password: 'Riservata-Pesca-31' });
    const everything = seen.join('\n') + JSON.stringify(t.events);
    for (const pw of [GOOD_PASSWORD, OTHER_PASSWORD, 'Diversa-Password!42x', 'Tentativo-Sbagliato-99', 'Smtp-Segreta-Mela-77', 'x'.repeat(2000)]) {
      expect(everything.includes(pw), pw).toBe(false);
    }
    expect(seen[0]).toContain('ARGOMENTI_NON_VALIDI');
  });
});
