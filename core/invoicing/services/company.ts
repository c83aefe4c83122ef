/**
 * Company setup (journey 1): registry data, accounting settings, e-invoicing settings and bank accounts. Each mutation
 * validates first and writes in one transaction.
 */
import { fail } from '../../errors';
import type { BankAccountInput, CompanyStore } from '../../ports';
import { normalizeFiscalId } from '../fiscal-ids';
import type { AccountingSettings, BankAccount, Company, EInvoicingSettings } from '../types';
import { validateAccountingSettings, validateCompany, validateEInvoicingSettings } from './company-validation';
import { defaultAccountingSettings } from '../defaults';
import { defaultEInvoicingSettings } from './defaults';
import { checkIban } from './iban';
import { throwIfInvalid } from './invalid';

export function getCompany(store: CompanyStore): Company | undefined {
  return store.company.get();
}

/** The company, or a clear error when the registry data was never filled in. */
export function requireCompany(store: CompanyStore): Company {
  return (
    store.company.get() ??
    fail('AZIENDA_NON_CONFIGURATA', 'I dati dell’azienda non sono ancora stati inseriti.', { fix: 'Compila l’anagrafica dell’azienda nelle impostazioni.' })
  );
}

export function updateCompany(store: CompanyStore, input: Company): Company {
  const company: Company = {
    ...input,
    idPaese: input.idPaese.trim().toUpperCase(),
    partitaIva: normalizeFiscalId(input.partitaIva),
    codiceFiscale: input.codiceFiscale ? input.codiceFiscale.trim().toUpperCase() : undefined,
    rea: input.rea ? { ...input.rea, ufficio: input.rea.ufficio.trim().toUpperCase(), numero: input.rea.numero.trim() } : undefined,
  };
  if (company.codiceFiscale === undefined) delete company.codiceFiscale;
  if (company.rea === undefined) delete company.rea;
  throwIfInvalid('AZIENDA_NON_VALIDA', 'Dati dell’azienda non validi', validateCompany(company));
  store.transaction(() => store.company.save(company));
  return company;
}

/** The saved accounting settings, or the defaults a new company starts with. */
export function getAccountingSettings(store: CompanyStore): AccountingSettings {
  return store.settings.getAccounting() ?? defaultAccountingSettings();
}

export function updateAccountingSettings(store: CompanyStore, settings: AccountingSettings): AccountingSettings {
  throwIfInvalid('IMPOSTAZIONI_NON_VALIDE', 'Impostazioni contabili non valide', validateAccountingSettings(settings));
  store.transaction(() => store.settings.saveAccounting(settings));
  return settings;
}

export function getEInvoicingSettings(store: CompanyStore): EInvoicingSettings {
  return store.settings.getEInvoicing() ?? defaultEInvoicingSettings();
}

export function updateEInvoicingSettings(store: CompanyStore, settings: EInvoicingSettings): EInvoicingSettings {
  throwIfInvalid('IMPOSTAZIONI_NON_VALIDE', 'Impostazioni di fatturazione elettronica non valide', validateEInvoicingSettings(settings));
  store.transaction(() => store.settings.saveEInvoicing(settings));
  return settings;
}

export function listBanks(store: CompanyStore): BankAccount[] {
  return store.banks.list();
}

/** Checks the IBAN (mod 97; Italian: 27 characters) and fills ABI/CAB from an Italian IBAN when missing. */
function normalizeBank<T extends BankAccountInput>(bank: T): T {
  const check = checkIban(bank.iban ?? '');
  if (!check.ok) fail('IBAN_NON_VALIDO', check.message, { fix: check.fix, field: 'iban', details: { code: check.code } });
  const istituto = (bank.istituto ?? '').trim();
  if (istituto === '' || istituto.length > 80) {
    fail('BANCA_NON_VALIDA', 'Il nome dell’istituto deve avere da 1 a 80 caratteri.', { field: 'istituto', fix: 'Inserisci il nome della banca.' });
  }
  const bic = bank.bic?.replace(/\s+/g, '').toUpperCase();
  if (bic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    fail('BIC_NON_VALIDO', `Il BIC «${bic}» non è valido (8 o 11 caratteri).`, { field: 'bic', fix: 'Copia il BIC/SWIFT dall’estratto conto o lascialo vuoto.' });
  }
  const out: T = { ...bank, istituto, iban: check.iban, abi: bank.abi || check.abi, cab: bank.cab || check.cab, bic: bic || undefined };
  for (const k of ['abi', 'cab', 'bic'] as const) if (out[k] === undefined) delete out[k];
  return out;
}

function refuseDuplicateIban(store: CompanyStore, iban: string, selfId?: number): void {
  if (store.banks.list().some((b) => b.iban === iban && b.id !== selfId)) {
    fail('IBAN_DUPLICATO', `L’IBAN ${iban} è già presente tra i conti dell’azienda.`, { field: 'iban', fix: 'Modifica il conto esistente invece di aggiungerne uno nuovo.' });
  }
}

/** Adds an account; the first account (or one marked isDefault) becomes the default. */
export function insertBank(store: CompanyStore, input: BankAccountInput): BankAccount {
  const bank = normalizeBank(input);
  return store.transaction(() => {
    refuseDuplicateIban(store, bank.iban);
    const makeDefault = bank.isDefault || store.banks.getDefault() === undefined;
    const id = store.banks.insert({ ...bank, isDefault: false });
    if (makeDefault) store.banks.setDefault(id);
    return store.banks.get(id)!;
  });
}

/** Updates an account's data. The default flag changes only through setDefaultBank (there is always exactly one). */
export function updateBank(store: CompanyStore, input: BankAccount): BankAccount {
  const bank = normalizeBank(input);
  return store.transaction(() => {
    const current = store.banks.get(bank.id);
    if (!current) fail('BANCA_NON_TROVATA', `Conto bancario ${bank.id} non trovato.`, { fix: 'Ricarica l’elenco dei conti.' });
    refuseDuplicateIban(store, bank.iban, bank.id);
    store.banks.update(bank);
    if (bank.isDefault && !current.isDefault) store.banks.setDefault(bank.id);
    return store.banks.get(bank.id)!;
  });
}

export function setDefaultBank(store: CompanyStore, id: number): BankAccount {
  return store.transaction(() => {
    if (!store.banks.get(id)) fail('BANCA_NON_TROVATA', `Conto bancario ${id} non trovato.`, { fix: 'Ricarica l’elenco dei conti.' });
    store.banks.setDefault(id);
    return store.banks.get(id)!;
  });
}

/** Deletes an account; when it was the default, the oldest remaining account becomes the default. */
export function deleteBank(store: CompanyStore, id: number): void {
  store.transaction(() => {
    const bank = store.banks.get(id) ?? fail('BANCA_NON_TROVATA', `Conto bancario ${id} non trovato.`, { fix: 'Ricarica l’elenco dei conti.' });
    store.banks.delete(id);
    const next = store.banks.list()[0];
    if (bank.isDefault && next) store.banks.setDefault(next.id);
  });
}
