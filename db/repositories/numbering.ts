/** Last number and date per series x year, and named counters (the progressivo invio). */
import { and, eq, sql } from 'drizzle-orm';
import type { NumberingRepository } from '../../core/ports';
import type { CompanyOrm } from '../open';
import { placeholders } from './common';
import { counters, numbering } from '../schema';

export function createNumberingRepository(orm: CompanyOrm): NumberingRepository {
  const get = orm
    .select()
    .from(numbering)
    .where(and(eq(numbering.series, sql.placeholder('series')), eq(numbering.year, sql.placeholder('year'))))
    .prepare();
  const set = orm
    .insert(numbering)
    .values(placeholders('series', 'year', 'lastNumber', 'lastDate'))
    .onConflictDoUpdate({ target: [numbering.series, numbering.year], set: { lastNumber: sql`excluded.last_number`, lastDate: sql`excluded.last_date` } })
    .prepare();
  const next = orm
    .insert(counters)
    .values({ name: sql.placeholder('name'), value: sql.placeholder('count') })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + excluded.value` } })
    .returning({ value: counters.value })
    .prepare();
  return {
    get: (series, year) => get.get({ series, year }),
    set: (s) => void set.run({ ...s }),
    nextCounter(name, count = 1) {
      if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`nextCounter: count must be a positive integer, not ${count}`);
      return next.get({ name, count })!.value - count + 1;
    },
  };
}
