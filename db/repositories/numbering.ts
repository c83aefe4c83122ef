/**
 * Last number and date per series x year, and named counters (the progressivo invio). Plain prepared statements: they
 * run once or more per registration, where drizzle's placeholder mapping cost more than the statements.
 */
import type Database from 'better-sqlite3';
import type { NumberingRepository, NumberingState } from '../../core/ports';
import type { CompanyOrm } from '../open';

/** The connection under the ORM (drizzle's `$client`, which `drizzle(sqlite)` in db/open.ts sets). */
const clientOf = (orm: CompanyOrm): Database.Database => (orm as CompanyOrm & { $client: Database.Database }).$client;

export function createNumberingRepository(orm: CompanyOrm): NumberingRepository {
  const db = clientOf(orm);
  const get = db.prepare(`SELECT series, year, last_number AS lastNumber, last_date AS lastDate FROM numbering WHERE series = ? AND year = ?`);
  const set = db.prepare(`INSERT INTO numbering (series, year, last_number, last_date) VALUES (?, ?, ?, ?)
    ON CONFLICT (series, year) DO UPDATE SET last_number = excluded.last_number, last_date = excluded.last_date`);
  const next = db.prepare(`INSERT INTO counters (name, value) VALUES (?, ?)
    ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING value`).pluck();
  return {
    get: (series, year) => get.get(series, year) as NumberingState | undefined,
    set: (s) => void set.run(s.series, s.year, s.lastNumber, s.lastDate),
    nextCounter(name, count = 1) {
      if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`nextCounter: count must be a positive integer, not ${count}`);
      return (next.get(name, count) as number) - count + 1;
    },
  };
}
