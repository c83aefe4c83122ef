/** The company's bank accounts. "Exactly one default" is kept by setDefault and backed by a partial unique index. */
import { asc, eq, ne, sql } from 'drizzle-orm';
import type { BankRepository } from '../../core/ports';
import type { BankAccount } from '../../core/invoicing/types';
import type { CompanyOrm } from '../open';
import { bankAccounts } from '../schema';
import { compact, nul, opt } from './common';

type Row = typeof bankAccounts.$inferSelect;

function fromRow(r: Row): BankAccount {
  return compact({ id: r.id, istituto: r.istituto, iban: r.iban, bic: opt(r.bic), abi: opt(r.abi), cab: opt(r.cab), isDefault: r.isDefault });
}

export function createBankRepository(orm: CompanyOrm): BankRepository {
  const all = orm.select().from(bankAccounts).orderBy(asc(bankAccounts.id)).prepare();
  const byId = orm.select().from(bankAccounts).where(eq(bankAccounts.id, sql.placeholder('id'))).prepare();
  const byDefault = orm.select().from(bankAccounts).where(eq(bankAccounts.isDefault, true)).prepare();
  return {
    list: () => all.all().map(fromRow),
    get(id) {
      const r = byId.get({ id });
      return r ? fromRow(r) : undefined;
    },
    getDefault() {
      const r = byDefault.get();
      return r ? fromRow(r) : undefined;
    },
    insert(b) {
      const r = orm
        .insert(bankAccounts)
        .values({ istituto: b.istituto, iban: b.iban, bic: nul(b.bic), abi: nul(b.abi), cab: nul(b.cab), isDefault: b.isDefault })
        .returning({ id: bankAccounts.id })
        .get();
      return r.id;
    },
    update(b) {
      orm
        .update(bankAccounts)
        .set({ istituto: b.istituto, iban: b.iban, bic: nul(b.bic), abi: nul(b.abi), cab: nul(b.cab) })
        .where(eq(bankAccounts.id, b.id))
        .run();
    },
    delete(id) {
      orm.delete(bankAccounts).where(eq(bankAccounts.id, id)).run();
    },
    setDefault(id) {
      // Clear the others first: the partial unique index allows one row with is_default = 1 at any moment.
      orm.update(bankAccounts).set({ isDefault: false }).where(ne(bankAccounts.id, id)).run();
      orm.update(bankAccounts).set({ isDefault: true }).where(eq(bankAccounts.id, id)).run();
    },
  };
}
