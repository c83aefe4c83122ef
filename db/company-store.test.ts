import { afterEach, describe, expect, it } from 'vitest';
import { createCustomer, listCustomers } from '../core/invoicing/services/customers';
import { CUSTOMER } from '../core/invoicing/services/test-support';
import { createCompanyStore } from './company-store';
import { openCompanyDb } from './open';
import { closeTestCompanies, openTestCompany } from './testing';

afterEach(closeTestCompanies);

describe('createCompanyStore', () => {
  it('rolls back a transaction that throws, and nests inner transactions as savepoints', () => {
    const { store } = openTestCompany();
    expect(() =>
      store.transaction(() => {
        store.numbering.nextCounter('prova');
        throw new Error('annulla');
      }),
    ).toThrow('annulla');
    expect(store.numbering.nextCounter('prova')).toBe(1);

    store.transaction(() => {
      store.numbering.nextCounter('prova'); // 2
      expect(() =>
        store.transaction(() => {
          store.numbering.nextCounter('prova'); // 3, rolled back with the savepoint
          throw new Error('solo l’interna');
        }),
      ).toThrow('solo l’interna');
    });
    expect(store.numbering.nextCounter('prova')).toBe(3);
  });

  it('works read-only: reads succeed, a write is refused by SQLite', () => {
    const { file, store } = openTestCompany();
    createCustomer(store, CUSTOMER);
    const ro = openCompanyDb(file, { readonly: true });
    try {
      const roStore = createCompanyStore(ro);
      expect(listCustomers(roStore).rows.map((c) => c.denominazione)).toEqual(['Beta S.p.A.']);
      expect(() => createCustomer(roStore, { ...CUSTOMER, denominazione: 'Altra S.r.l.' })).toThrow(/readonly/);
    } finally {
      ro.close();
    }
  });
});
