/** Items (articoli): code, description, default price and VAT code for the lines of a draft. */
import { asc, count, eq, or, sql } from 'drizzle-orm';
import type { ItemRepository } from '../../core/ports';
import type { Item } from '../../core/invoicing/types';
import type { CompanyOrm } from '../open';
import { items } from '../schema';
import { compact, escapeLike, nowIso, nul, opt, page, pageBounds } from './common';

type Row = typeof items.$inferSelect;

function fromRow(r: Row): Item {
  return compact({
    id: r.id,
    code: r.code,
    description: r.description,
    unitaMisura: opt(r.unitaMisura),
    prezzoUnitario: r.prezzoUnitario,
    vatCode: r.vatCode,
  });
}

function toRow(i: Omit<Item, 'id'>) {
  return { code: i.code, description: i.description, unitaMisura: nul(i.unitaMisura), prezzoUnitario: i.prezzoUnitario, vatCode: i.vatCode };
}

export function createItemRepository(orm: CompanyOrm): ItemRepository {
  const byId = orm.select().from(items).where(eq(items.id, sql.placeholder('id'))).prepare();
  // The column is COLLATE NOCASE: "abc" finds "ABC", as the unique index does.
  const byCode = orm.select().from(items).where(eq(items.code, sql.placeholder('code'))).prepare();
  return {
    get(id) {
      const r = byId.get({ id });
      return r ? fromRow(r) : undefined;
    },
    getByCode(code) {
      const r = byCode.get({ code });
      return r ? fromRow(r) : undefined;
    },
    insert(i) {
      const now = nowIso();
      return orm.insert(items).values({ ...toRow(i), createdAt: now, updatedAt: now }).returning({ id: items.id }).get().id;
    },
    update(i) {
      orm.update(items).set({ ...toRow(i), updatedAt: nowIso() }).where(eq(items.id, i.id)).run();
    },
    delete(id) {
      orm.delete(items).where(eq(items.id, id)).run();
    },
    list(q) {
      const bounds = pageBounds(q);
      const text = q.text?.trim();
      const where = text
        ? or(sql`${items.code} LIKE ${`${escapeLike(text)}%`} ESCAPE '\\'`, sql`${items.description} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`)
        : undefined;
      const total = orm.select({ n: count() }).from(items).where(where).get()!.n;
      const rows = orm.select().from(items).where(where).orderBy(asc(items.code)).limit(bounds.limit).offset(bounds.offset).all();
      return page(rows.map(fromRow), total, bounds);
    },
  };
}
