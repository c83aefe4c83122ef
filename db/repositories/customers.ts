/**
 * Customers (and suppliers). Columns mirror the Customer type; display_name (denominazione, or "cognome nome") is what
 * lists sort and search on. Name search is a substring match (a scan of this narrow table is cheap at tens of thousands
 * of rows); P.IVA and codice fiscale searches are prefix matches on their indexes.
 */
import { and, asc, count, eq, or, sql, type SQL } from 'drizzle-orm';
import type { CustomerRepository } from '../../core/ports';
import type { Address, Customer, CustomerKind } from '../../core/invoicing/types';
import { customerName } from '../../core/invoicing/services/customers';
import type { CompanyOrm } from '../open';
import { customers, documents, ledgerEntries } from '../schema';
import { compact, escapeLike, nowIso, nul, opt, page, pageBounds, parseJson } from './common';

type Row = typeof customers.$inferSelect;


function toRow(c: Omit<Customer, 'id'>) {
  return {
    kind: c.kind,
    isSupplier: c.isSupplier,
    displayName: customerName(c),
    denominazione: nul(c.denominazione),
    nome: nul(c.nome),
    cognome: nul(c.cognome),
    titolo: nul(c.titolo),
    codEori: nul(c.codEori),
    idPaese: c.idPaese,
    partitaIva: nul(c.partitaIva),
    codiceFiscale: nul(c.codiceFiscale),
    indirizzo: c.address.indirizzo,
    numeroCivico: nul(c.address.numeroCivico),
    cap: c.address.cap,
    comune: c.address.comune,
    provincia: nul(c.address.provincia),
    nazione: c.address.nazione,
    isForeign: c.kind === 'ESTERO' || c.idPaese !== 'IT',
    codiceDestinatario: nul(c.codiceDestinatario),
    pec: nul(c.pec),
    cuu: nul(c.cuu),
    splitPayment: c.splitPayment,
    email: nul(c.email),
    telefono: nul(c.telefono),
    defaultPaymentTerm: nul(c.defaultPaymentTerm),
    defaultPaymentMethod: nul(c.defaultPaymentMethod),
    stabileOrganizzazioneJson: c.stabileOrganizzazione ? JSON.stringify(c.stabileOrganizzazione) : null,
    notes: nul(c.notes),
  };
}

function fromRow(r: Row): Customer {
  const address: Address = compact({
    indirizzo: r.indirizzo,
    numeroCivico: opt(r.numeroCivico),
    cap: r.cap,
    comune: r.comune,
    provincia: opt(r.provincia),
    nazione: r.nazione,
  });
  return compact({
    id: r.id,
    kind: r.kind as CustomerKind,
    isSupplier: r.isSupplier,
    denominazione: opt(r.denominazione),
    nome: opt(r.nome),
    cognome: opt(r.cognome),
    titolo: opt(r.titolo),
    codEori: opt(r.codEori),
    idPaese: r.idPaese,
    partitaIva: opt(r.partitaIva),
    codiceFiscale: opt(r.codiceFiscale),
    address,
    stabileOrganizzazione: parseJson<Address>(r.stabileOrganizzazioneJson),
    codiceDestinatario: opt(r.codiceDestinatario),
    pec: opt(r.pec),
    cuu: opt(r.cuu),
    splitPayment: r.splitPayment,
    email: opt(r.email),
    telefono: opt(r.telefono),
    defaultPaymentTerm: opt(r.defaultPaymentTerm),
    defaultPaymentMethod: opt(r.defaultPaymentMethod),
    notes: opt(r.notes),
  });
}

type InsertRow = ReturnType<typeof toRow> & { createdAt: string; updatedAt: string };

/**
 * The INSERT with one placeholder per column of `row` (toRow always gives the same columns), prepared once: the
 * importer creates suppliers by the hundred in one run, and building and preparing the statement each time cost more
 * than the insert itself. Placeholders go through each column's driver mapping (booleans as 0/1), like plain values.
 */
function prepareInsert(orm: CompanyOrm, row: InsertRow) {
  const placeholders = Object.fromEntries(Object.keys(row).map((k) => [k, sql.placeholder(k)])) as unknown as InsertRow;
  return orm.insert(customers).values(placeholders).returning({ id: customers.id }).prepare();
}

export function createCustomerRepository(orm: CompanyOrm): CustomerRepository {
  const byId = orm.select().from(customers).where(eq(customers.id, sql.placeholder('id'))).prepare();
  let insertOne: ReturnType<typeof prepareInsert> | undefined;
  return {
    get(id) {
      const r = byId.get({ id });
      return r ? fromRow(r) : undefined;
    },
    insert(c) {
      const now = nowIso();
      const row = { ...toRow(c), createdAt: now, updatedAt: now };
      return (insertOne ??= prepareInsert(orm, row)).get(row)!.id;
    },
    update(c) {
      orm.update(customers).set({ ...toRow(c), updatedAt: nowIso() }).where(eq(customers.id, c.id)).run();
    },
    delete(id) {
      orm.delete(customers).where(eq(customers.id, id)).run();
    },
    list(q) {
      const bounds = pageBounds(q);
      const conds: SQL[] = [];
      if (q.kind) conds.push(eq(customers.kind, q.kind));
      if (q.isSupplier !== undefined) conds.push(eq(customers.isSupplier, q.isSupplier));
      const text = q.text?.trim();
      if (text) {
        const contains = `%${escapeLike(text)}%`;
        const prefix = `${escapeLike(text.toUpperCase().replace(/\s/g, ''))}%`;
        conds.push(
          or(
            sql`${customers.displayName} LIKE ${contains} ESCAPE '\\'`,
            sql`${customers.partitaIva} LIKE ${prefix} ESCAPE '\\'`,
            sql`${customers.codiceFiscale} LIKE ${prefix} ESCAPE '\\'`,
          )!,
        );
      }
      const where = conds.length ? and(...conds) : undefined;
      const total = orm.select({ n: count() }).from(customers).where(where).get()!.n;
      const rows = orm
        .select()
        .from(customers)
        .where(where)
        .orderBy(sql`${customers.displayName} COLLATE NOCASE`, asc(customers.id))
        .limit(bounds.limit)
        .offset(bounds.offset)
        .all();
      return page(rows.map(fromRow), total, bounds);
    },
    findByFiscalId(partitaIva, codiceFiscale) {
      const conds: SQL[] = [];
      if (partitaIva) conds.push(eq(customers.partitaIva, partitaIva));
      if (codiceFiscale) conds.push(eq(customers.codiceFiscale, codiceFiscale));
      if (!conds.length) return [];
      return orm.select().from(customers).where(or(...conds)).orderBy(asc(customers.id)).all().map(fromRow);
    },
    countReferences(id) {
      const docs = orm.select({ n: count() }).from(documents).where(eq(documents.customerId, id)).get()!.n;
      const entries = orm.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.customerId, id)).get()!.n;
      return { documents: docs, ledgerEntries: entries };
    },
  };
}
