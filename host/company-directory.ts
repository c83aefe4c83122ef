/**
 * The companies on this computer: each company is one SQLite file; a small JSON file in the data folder remembers the
 * recent ones. Creating a company writes its registry data and settings in the same transaction that follows the
 * migrations, and a failed creation leaves no file behind.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CompanyDirectory, OpenCompany } from '../core/api/context';
import type { CompanySummary } from '../core/api/types';
import { fail } from '../core/errors';
import { updateAccountingSettings, updateCompany, updateEInvoicingSettings } from '../core/invoicing/services/company';
import { defaultEInvoicingSettings } from '../core/invoicing/services/defaults';
import { customerName } from '../core/invoicing/services/customers';
import type { AccountingSettings, Company } from '../core/invoicing/types';
import { createCompanyStore } from '../db/company-store';
import { openCompanyDb, type PreMigration } from '../db/open';

export const COMPANY_FILE_EXTENSION = '.fdesk';
const RECENT_LIMIT = 20;

function slug(name: string): string {
  const s = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'azienda';
}

export interface CompanyDirectoryOptions {
  /** Takes the copy before a migration (host/backup: a full backup set); see db/open.ts. */
  beforeMigrate?: (m: PreMigration) => string | undefined;
}

function openFile(file: string, create: boolean, o: CompanyDirectoryOptions = {}): OpenCompany {
  const handle = openCompanyDb(file, { create, ...(o.beforeMigrate ? { beforeMigrate: o.beforeMigrate } : {}) });
  return { file, store: createCompanyStore(handle), close: () => handle.close() };
}

function removeCompanyFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

function discard(open: OpenCompany): void {
  open.close();
  removeCompanyFiles(open.file);
}

export function createCompanyDirectory(dataDir: string, o: CompanyDirectoryOptions = {}): CompanyDirectory {
  const recentFile = join(dataDir, 'aziende-recenti.json');
  const companiesDir = join(dataDir, 'Aziende');

  const readRecent = (): CompanySummary[] => {
    try {
      const parsed = JSON.parse(readFileSync(recentFile, 'utf8')) as unknown;
      return Array.isArray(parsed) ? (parsed as CompanySummary[]).filter((r) => r && typeof r.file === 'string') : [];
    } catch {
      return [];
    }
  };
  const writeRecent = (list: CompanySummary[]) => {
    mkdirSync(dataDir, { recursive: true });
    // Write then rename: a crash never leaves a half-written list.
    const tmp = `${recentFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(list.slice(0, RECENT_LIMIT), null, 2));
    renameSync(tmp, recentFile);
  };

  return {
    list: () => readRecent().map((r): CompanySummary => ({ ...r, missing: !existsSync(r.file) })),
    create(file, company: Company, accounting: AccountingSettings) {
      const target = resolve(file ?? join(companiesDir, `${slug(customerName(company))}${COMPANY_FILE_EXTENSION}`));
      if (existsSync(target)) {
        fail('AZIENDA_ESISTENTE', `Esiste già un file in ${target}.`, { fix: 'Apri quel file, oppure scegli un altro nome per la nuova azienda.', field: 'file' });
      }
      mkdirSync(dirname(target), { recursive: true });
      let open: OpenCompany | undefined;
      try {
        open = openFile(target, true, o);
        const store = open.store;
        store.transaction(() => {
          updateCompany(store, company);
          updateAccountingSettings(store, accounting);
          updateEInvoicingSettings(store, defaultEInvoicingSettings());
        });
        return open;
      } catch (e) {
        if (open) discard(open);
        else removeCompanyFiles(target);
        throw e;
      }
    },
    open(file) {
      const target = resolve(file);
      if (!existsSync(target)) {
        fail('AZIENDA_NON_TROVATA', `Il file ${target} non esiste.`, { fix: 'Controlla il percorso o crea una nuova azienda.', field: 'file' });
      }
      return openFile(target, false, o);
    },
    remember(summary) {
      writeRecent([summary, ...readRecent().filter((r) => r.file !== summary.file)]);
    },
    discard,
    forget(file) {
      writeRecent(readRecent().filter((r) => r.file !== resolve(file) && r.file !== file));
    },
  };
}
