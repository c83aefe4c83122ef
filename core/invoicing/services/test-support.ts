/**
 * Test support for the services: a fresh company file with a configured company, a B2B customer and a bank account,
 * and a simple valid draft. Only tests import this module.
 */
import { closeTestCompanies, dumpDatabase, openTestCompany, type TestCompany } from '../../../db/testing';
import type { BankAccount, Company, Customer, CustomerInput, DocumentDraft, DraftLine } from '../types';
import { insertBank, updateCompany } from './company';
import { createCustomer } from './customers';

export { closeTestCompanies, dumpDatabase };

export const COMPANY: Company = {
  denominazione: 'Studio Alfa S.r.l.',
  idPaese: 'IT',
  partitaIva: '01234567897',
  codiceFiscale: '01234567897',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Roma', numeroCivico: '10', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
  rea: { ufficio: 'MI', numero: '1234567', capitaleSociale: '10000.00', socioUnico: 'SM', statoLiquidazione: 'LN' },
};

export const CUSTOMER: CustomerInput = {
  kind: 'B2B',
  isSupplier: false,
  denominazione: 'Beta S.p.A.',
  idPaese: 'IT',
  partitaIva: '12345678903',
  address: { indirizzo: 'Corso Italia', numeroCivico: '5', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
  codiceDestinatario: 'ABC1234',
  splitPayment: false,
};

export const ITALIAN_IBAN = 'IT60X0542811101000000123456';

export interface Fixture extends TestCompany {
  customer: Customer;
  bank: BankAccount;
}

export function setupCompany(): Fixture {
  const t = openTestCompany();
  updateCompany(t.store, COMPANY);
  const customer = createCustomer(t.store, CUSTOMER);
  const bank = insertBank(t.store, { istituto: 'Banca Esempio', iban: ITALIAN_IBAN, isDefault: true });
  return { ...t, customer, bank };
}

export function line(descrizione: string, prezzoUnitario: string, quantita = '1.00', aliquotaIva = '22.00'): DraftLine {
  return { descrizione, prezzoUnitario, quantita, aliquotaIva, vatCode: 'IVA22' };
}

export function simpleDraft(customerId: number, overrides: Partial<DocumentDraft> = {}): DocumentDraft {
  return {
    tipoDocumento: 'TD01',
    series: 'FT',
    date: '2025-03-10',
    customerId,
    divisa: 'EUR',
    causale: 'Consulenza marzo',
    lines: [line('Consulenza fiscale', '100.00', '2.00'), line('Elaborazione paghe', '50.00')],
    bollo: { mode: 'auto', chargedToCustomer: false },
    esigibilita: 'I',
    payment: { termCode: '30DF', methodCode: 'BON' },
    ...overrides,
  };
}
