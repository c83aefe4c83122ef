/** The drizzle description and the SQL migrations must describe the same tables and columns. */
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from './schema';
import { closeTestCompanies, openTestCompany } from './testing';

afterEach(closeTestCompanies);

describe('db/schema.ts', () => {
  it('matches the migrated database table by table, column by column (name, NOT NULL, primary key)', () => {
    const { handle } = openTestCompany();
    for (const table of Object.values(schema)) {
      const cfg = getTableConfig(table);
      const actual = handle.sqlite.prepare(`PRAGMA table_info("${cfg.name}")`).all() as { name: string; notnull: number; pk: number }[];
      expect(actual.length, `tabella ${cfg.name}`).toBeGreaterThan(0);
      const declared = cfg.columns.map((c) => ({ name: c.name, notNull: c.notNull }));
      expect(declared.map((c) => c.name).sort(), `colonne di ${cfg.name}`).toEqual(actual.map((c) => c.name).sort());
      for (const col of actual) {
        const d = declared.find((c) => c.name === col.name)!;
        // SQLite reports INTEGER PRIMARY KEY as nullable; drizzle marks primary keys NOT NULL.
        if (col.pk === 0) expect(d.notNull, `${cfg.name}.${col.name} NOT NULL`).toBe(col.notnull === 1);
      }
    }
  });

  it('stores amounts as TEXT and never as REAL', () => {
    const { handle } = openTestCompany();
    const tables = handle.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%'").all() as { name: string }[];
    for (const { name } of tables) {
      const cols = handle.sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string }[];
      expect(cols.filter((c) => /REAL|FLOAT|DOUBLE|NUMERIC/i.test(c.type)), name).toEqual([]);
      for (const c of cols.filter((x) => ['imponibile', 'imposta', 'totale', 'net_to_pay', 'amount', 'prezzo_unitario'].includes(x.name))) {
        expect(c.type, `${name}.${c.name}`).toBe('TEXT');
      }
    }
  });
});
