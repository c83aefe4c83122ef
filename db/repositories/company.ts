/** The company's registry (single row) and the settings documents (accounting, e-invoicing) as JSON. */
import { eq, sql } from 'drizzle-orm';
import type { CompanyRepository, SettingsRepository } from '../../core/ports';
import type { AccountingSettings, Company, EInvoicingSettings } from '../../core/invoicing/types';
import type { CompanyOrm } from '../open';
import { company, settings } from '../schema';
import { nowIso, nul } from './common';

function companyDisplayName(c: Company): string {
  return c.denominazione?.trim() || [c.cognome, c.nome].filter(Boolean).join(' ').trim();
}

export function createCompanyRepository(orm: CompanyOrm): CompanyRepository {
  const read = orm.select({ dataJson: company.dataJson }).from(company).where(eq(company.id, 1)).prepare();
  return {
    get() {
      const row = read.get();
      return row ? (JSON.parse(row.dataJson) as Company) : undefined;
    },
    save(c) {
      const values = {
        displayName: companyDisplayName(c),
        idPaese: c.idPaese,
        partitaIva: c.partitaIva,
        codiceFiscale: nul(c.codiceFiscale),
        regimeFiscale: c.regimeFiscale,
        reaUfficio: nul(c.rea?.ufficio),
        reaNumero: nul(c.rea?.numero),
        updatedAt: nowIso(),
        dataJson: JSON.stringify(c),
      };
      orm.insert(company).values({ id: 1, ...values }).onConflictDoUpdate({ target: company.id, set: values }).run();
    },
  };
}

const ACCOUNTING = 'accounting';
const EINVOICING = 'einvoicing';

export function createSettingsRepository(orm: CompanyOrm): SettingsRepository {
  const byKey = orm.select({ v: settings.valueJson }).from(settings).where(eq(settings.key, sql.placeholder('key'))).prepare();
  const read = <T>(key: string): T | undefined => {
    const row = byKey.get({ key });
    return row ? (JSON.parse(row.v) as T) : undefined;
  };
  const write = (key: string, value: unknown): void => {
    const set = { valueJson: JSON.stringify(value), updatedAt: nowIso() };
    orm.insert(settings).values({ key, ...set }).onConflictDoUpdate({ target: settings.key, set }).run();
  };
  return {
    getAccounting: () => read<AccountingSettings>(ACCOUNTING),
    saveAccounting: (s) => write(ACCOUNTING, s),
    getEInvoicing: () => read<EInvoicingSettings>(EINVOICING),
    saveEInvoicing: (s) => write(EINVOICING, s),
  };
}
