import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { createCustomer, deleteCustomer, getCustomer, listCustomers, updateCustomer } from './customers';
import { createDraft, deleteDraft } from './drafts';
import { registerDocument } from './registration';
import { closeTestCompanies, CUSTOMER, dumpDatabase, setupCompany, simpleDraft } from './test-support';
import type { CustomerInput } from '../types';

afterEach(closeTestCompanies);

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('atteso AppError');
}

const privato: CustomerInput = {
  kind: 'PRIVATO',
  isSupplier: false,
  nome: 'Mario',
  cognome: 'Rossi',
  idPaese: 'IT',
  codiceFiscale: 'RSSMRA80A01H501U',
  address: { indirizzo: 'Via Verdi', cap: '00100', comune: 'Roma', provincia: 'RM', nazione: 'IT' },
  splitPayment: false,
};

describe('customers', () => {
  it('creates (normalizing codes) and reads back the same customer', () => {
    const f = setupCompany();
    const c = createCustomer(f.store, { ...CUSTOMER, partitaIva: 'IT 123 456 789 03', codiceDestinatario: 'abc1234', address: { ...CUSTOMER.address, provincia: 'to' } });
    expect(c.partitaIva).toBe('12345678903');
    expect(c.codiceDestinatario).toBe('ABC1234');
    expect(c.address.provincia).toBe('TO');
    expect(getCustomer(f.store, c.id)).toEqual(c);
    const p = createCustomer(f.store, privato);
    expect(getCustomer(f.store, p.id)).toMatchObject({ nome: 'Mario', cognome: 'Rossi', codiceFiscale: 'RSSMRA80A01H501U', kind: 'PRIVATO' });
  });

  it('refuses an invalid customer with CLIENTE_NON_VALIDO, every error in details and the first field', () => {
    const f = setupCompany();
    const before = dumpDatabase(f.handle.sqlite);
    const e = appError(() => createCustomer(f.store, { ...CUSTOMER, partitaIva: '12345678901', codiceDestinatario: 'X' }));
    expect(e.code).toBe('CLIENTE_NON_VALIDO');
    const fields = (e.details as { field: string }[]).map((d) => d.field);
    expect(fields).toContain('partitaIva');
    expect(fields).toContain('codiceDestinatario');
    expect(e.field).toBe(fields[0]);
    expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
  });

  it('updates, and refuses unknown ids', () => {
    const f = setupCompany();
    const u = updateCustomer(f.store, { ...f.customer, email: 'amministrazione@beta.it' });
    expect(u.email).toBe('amministrazione@beta.it');
    expect(appError(() => updateCustomer(f.store, { ...f.customer, id: 999 })).code).toBe('CLIENTE_NON_TROVATO');
  });

  it('lists by name with search on name, P.IVA and codice fiscale, kind filter and paging', () => {
    const f = setupCompany(); // Beta S.p.A.
    createCustomer(f.store, privato);
    createCustomer(f.store, { ...CUSTOMER, denominazione: 'Alfa Impianti S.r.l.', partitaIva: '09876543217' });
    expect(listCustomers(f.store).rows.map((c) => c.denominazione ?? `${c.cognome} ${c.nome}`)).toEqual(['Alfa Impianti S.r.l.', 'Beta S.p.A.', 'Rossi Mario']);
    expect(listCustomers(f.store, { text: 'impianti' }).rows.map((c) => c.partitaIva)).toEqual(['09876543217']);
    expect(listCustomers(f.store, { text: '0987' }).total).toBe(1);
    expect(listCustomers(f.store, { text: 'rssmra' }).rows.map((c) => c.cognome)).toEqual(['Rossi']);
    expect(listCustomers(f.store, { kind: 'PRIVATO' }).total).toBe(1);
    const page2 = listCustomers(f.store, { limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 3, offset: 2, limit: 2 });
    expect(page2.rows).toHaveLength(1);
  });

  it('deletes a customer without documents; refuses one with documents, clearly', () => {
    const f = setupCompany();
    const free = createCustomer(f.store, privato);
    deleteCustomer(f.store, free.id);
    expect(appError(() => getCustomer(f.store, free.id)).code).toBe('CLIENTE_NON_TROVATO');

    const d = createDraft(f.store, simpleDraft(f.customer.id));
    const e = appError(() => deleteCustomer(f.store, f.customer.id));
    expect(e.code).toBe('CLIENTE_CON_DOCUMENTI');
    expect(e.message).toMatch(/Beta S\.p\.A\..*1 documento/);
    expect(e.details).toEqual({ documents: 1, ledgerEntries: 0 });
    deleteDraft(f.store, d.id);
    const r = createDraft(f.store, simpleDraft(f.customer.id));
    registerDocument(f.store, r.id, { today: '2025-12-31' });
    expect(appError(() => deleteCustomer(f.store, f.customer.id)).details).toEqual({ documents: 1, ledgerEntries: 1 });
    expect(getCustomer(f.store, f.customer.id).id).toBe(f.customer.id);
  });
});
