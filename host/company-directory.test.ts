/**
 * The companies on this computer (host/company-directory.ts): the recent list kept in aziende-recenti.json (most
 * recent first, no duplicates, capped; the first one is the company last used), a company file that disappeared, a
 * damaged recent list and a damaged company file, and creation that refuses to overwrite and leaves nothing behind
 * when it fails.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CompanySummary } from '../core/api/types';
import { AppError } from '../core/errors';
import { defaultAccountingSettings } from '../core/invoicing/defaults';
import type { Company } from '../core/invoicing/types';
import { COMPANY_FILE_EXTENSION, createCompanyDirectory } from './company-directory';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fd-directory-'));
  dirs.push(d);
  return d;
}

const COMPANY: Company = {
  denominazione: 'Studio Àlfa & Béta S.r.l.',
  idPaese: 'IT',
  partitaIva: '09876543217',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Garibaldi', numeroCivico: '10', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
};

const summary = (file: string, name = 'Azienda', lastOpenedAt = '2026-11-23T10:00:00.000Z'): CompanySummary => ({ file, name, partitaIva: '09876543217', lastOpenedAt });

/** The AppError a call throws (fails the test when it does not throw one). */
function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('createCompanyDirectory: recent companies', () => {
  it('starts empty when the data folder has no recent list yet', () => {
    const data = join(tempDir(), 'dati');
    expect(createCompanyDirectory(data).list()).toEqual([]);
    expect(existsSync(data)).toBe(false);
  });

  it('keeps the most recent first (the company last used), moves a reopened one to the top without duplicating it', () => {
    const root = tempDir();
    const data = join(root, 'dati');
    const [a, b, c] = ['a', 'b', 'c'].map((n) => join(root, `${n}${COMPANY_FILE_EXTENSION}`));
    for (const f of [a, b, c]) writeFileSync(f!, '');
    const dir = createCompanyDirectory(data);
    dir.remember(summary(a!, 'A'));
    dir.remember(summary(b!, 'B'));
    dir.remember(summary(c!, 'C'));
    expect(dir.list().map((r) => r.name)).toEqual(['C', 'B', 'A']);

    dir.remember(summary(a!, 'A rinominata', '2026-11-24T09:00:00.000Z'));
    const list = dir.list();
    expect(list.map((r) => r.name)).toEqual(['A rinominata', 'C', 'B']);
    // The last used is the first; what was remembered comes back as it was, plus "missing: false".
    expect(list[0]).toEqual({ ...summary(a!, 'A rinominata', '2026-11-24T09:00:00.000Z'), missing: false });
    // A second directory over the same folder (the next run of the app) reads the same list.
    expect(createCompanyDirectory(data).list().map((r) => r.file)).toEqual([a, c, b]);
    // Nothing but the list itself in the data folder (the temporary file of the atomic write is gone).
    expect(readdirSync(data)).toEqual(['aziende-recenti.json']);
  });

  it('remembers at most 20 companies, dropping the oldest', () => {
    const root = tempDir();
    const dir = createCompanyDirectory(join(root, 'dati'));
    for (let i = 1; i <= 25; i++) dir.remember(summary(join(root, `azienda-${i}.fdesk`), `Azienda ${i}`));
    const names = dir.list().map((r) => r.name);
    expect(names).toHaveLength(20);
    expect(names[0]).toBe('Azienda 25');
    expect(names.at(-1)).toBe('Azienda 6');
  });

  it('marks a company whose file was moved or deleted as missing, and forgets it on request (also by a relative path)', () => {
    const root = tempDir();
    const dir = createCompanyDirectory(join(root, 'dati'));
    const here = join(root, 'presente.fdesk');
    const gone = join(root, 'sparita.fdesk');
    writeFileSync(here, '');
    writeFileSync(gone, '');
    dir.remember(summary(here, 'Presente'));
    dir.remember(summary(gone, 'Sparita'));
    rmSync(gone);
    expect(dir.list().map((r) => [r.name, r.missing])).toEqual([
      ['Sparita', true],
      ['Presente', false],
    ]);
    dir.forget(relative(process.cwd(), gone));
    expect(dir.list().map((r) => r.name)).toEqual(['Presente']);
    dir.forget(here);
    expect(dir.list()).toEqual([]);
  });

  it('reads a damaged recent list as empty (never a crash) and writes a clean one at the next open', () => {
    const root = tempDir();
    const data = join(root, 'dati');
    mkdirSync(data);
    const listFile = join(data, 'aziende-recenti.json');
    const dir = createCompanyDirectory(data);
    for (const damaged of ['{"file": tronco', '', '\u0000\u0001binario', '{"file": "/un/oggetto.fdesk"}', '42', 'null']) {
      writeFileSync(listFile, damaged);
      expect(dir.list(), JSON.stringify(damaged)).toEqual([]);
    }
    // Entries that are not companies are dropped; the good ones are kept.
    const good = join(root, 'buona.fdesk');
    writeFileSync(good, '');
    writeFileSync(listFile, JSON.stringify([null, 7, 'testo', { name: 'senza file' }, { file: 12 }, summary(good, 'Buona')]));
    expect(dir.list().map((r) => r.name)).toEqual(['Buona']);

    writeFileSync(listFile, 'non è JSON');
    const other = join(root, 'altra.fdesk');
    dir.remember(summary(other, 'Altra'));
    expect(JSON.parse(readFileSync(listFile, 'utf8'))).toEqual([summary(other, 'Altra')]);
  });
});

describe('createCompanyDirectory: company files', () => {
  it('creates the file under Aziende/ named after the company, with its data, and refuses to overwrite it', () => {
    const data = join(tempDir(), 'dati');
    const dir = createCompanyDirectory(data);
    const open = dir.create(undefined, COMPANY, defaultAccountingSettings());
    try {
      expect(open.file).toBe(join(data, 'Aziende', `Studio-Alfa-Beta-S-r-l${COMPANY_FILE_EXTENSION}`));
      expect(open.store.company.get()).toMatchObject({ denominazione: COMPANY.denominazione, partitaIva: '09876543217' });
    } finally {
      open.close();
    }
    const again = appErrorOf(() => dir.create(undefined, COMPANY, defaultAccountingSettings()));
    expect(again.code).toBe('AZIENDA_ESISTENTE');
    expect(again.message).toContain('Esiste già un file');
    // Creating does not add to the recent list: that is the API's "activate" (remember) step.
    expect(dir.list()).toEqual([]);
  });

  it('opens an existing company file; a missing one is a clear Italian error', () => {
    const root = tempDir();
    const dir = createCompanyDirectory(join(root, 'dati'));
    const file = join(root, 'azienda.fdesk');
    dir.create(file, COMPANY, defaultAccountingSettings()).close();
    const open = dir.open(file);
    try {
      expect(open.store.company.get()?.denominazione).toBe(COMPANY.denominazione);
    } finally {
      open.close();
    }
    const missing = appErrorOf(() => dir.open(join(root, 'non-esiste.fdesk')));
    expect(missing.code).toBe('AZIENDA_NON_TROVATA');
    expect(missing.message).toMatch(/^Il file .*non-esiste\.fdesk non esiste\.$/);
    expect(missing.fix).toBe('Controlla il percorso o crea una nuova azienda.');
  });

  it('refuses a damaged company file with a clear error and leaves its bytes alone', () => {
    const root = tempDir();
    const dir = createCompanyDirectory(join(root, 'dati'));
    const file = join(root, 'rovinata.fdesk');
    const garbage = Buffer.from('questo non è un archivio SQLite '.repeat(200));
    writeFileSync(file, garbage);
    const e = appErrorOf(() => dir.open(file));
    expect(e.code).toBe('DB_NON_FATTURADESK');
    expect(e.message).toContain('rovinata.fdesk');
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['rovinata.fdesk']);
  });

  it('leaves no file behind when creating fails half-way', () => {
    const root = tempDir();
    const dir = createCompanyDirectory(join(root, 'dati'));
    const file = join(root, 'nuova.fdesk');
    // The company data are checked inside the creation transaction, after the file was made: a refusal there must
    // take the new file (and its -wal/-shm) away again.
    const noProvince = { ...COMPANY, sede: { ...COMPANY.sede, provincia: undefined } };
    const e = appErrorOf(() => dir.create(file, noProvince, defaultAccountingSettings()));
    expect(e.message).toContain('Manca la sigla della provincia');
    expect(readdirSync(root)).toEqual([]);
  });

  it('discard closes a company created in this session and deletes its files', () => {
    const root = tempDir();
    const dir = createCompanyDirectory(join(root, 'dati'));
    const file = join(root, 'da-buttare.fdesk');
    const open = dir.create(file, COMPANY, defaultAccountingSettings());
    expect(existsSync(file)).toBe(true);
    dir.discard(open);
    expect(readdirSync(root)).toEqual([]);
  });
});
