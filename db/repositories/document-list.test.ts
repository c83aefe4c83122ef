/**
 * The documents list's shortcuts must give exactly the rows of the plain query: pages read from the end of the order,
 * counts kept between pages, text hits kept in a TEMP table, the index walk for searches with many hits.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentListQuery, DocumentListRow } from '../../core/ports';
import { createCustomer } from '../../core/invoicing/services/customers';
import { createDraft } from '../../core/invoicing/services/drafts';
import { registerDocument } from '../../core/invoicing/services/registration';
import { closeTestCompanies, CUSTOMER, line, setupCompany, simpleDraft, type Fixture } from '../../core/invoicing/services/test-support';
import { createDocumentList } from './document-list';
import { recordStatements } from '../testing';

afterEach(closeTestCompanies);

const PRICES = ['9.50', '100.00', '99.99', '1000.00', '12.00', '250.00', '75.25'];

/** 35 drafts over two customers with different totals and dates; 3 registered. */
function populate(): Fixture & { gamma: number } {
  const f = setupCompany();
  const gamma = createCustomer(f.store, { ...CUSTOMER, denominazione: 'Gamma Cantieri S.r.l.', partitaIva: '09876543217' }).id;
  for (let i = 0; i < 35; i++) {
    const d = createDraft(
      f.store,
      simpleDraft(i % 3 === 0 ? gamma : f.customer.id, {
        date: `2025-0${1 + (i % 4)}-${String(1 + (i % 27)).padStart(2, '0')}`,
        causale: i % 5 === 0 ? `Lavori cantiere ${i}` : `Servizio ${i}`,
        lines: [line('Voce', PRICES[i % PRICES.length]!)],
      }),
    );
    if (i < 3) registerDocument(f.store, d.id, { today: '2025-12-31' });
  }
  return { ...f, gamma };
}

const ids = (rows: DocumentListRow[]) => rows.map((r) => r.id);

describe('documents list', () => {
  it('shows only the documents asked for by id, with the other filters still applied', () => {
    const f = populate();
    const all = f.store.documents.list({ limit: 500 }).rows;
    const wanted = [all[2]!.id, all[7]!.id, all[11]!.id];
    const page = f.store.documents.list({ ids: wanted, limit: 500 });
    expect(ids(page.rows).sort((a, b) => a - b)).toEqual([...wanted].sort((a, b) => a - b));
    expect(page.total).toBe(3);
    const gammaOnly = f.store.documents.list({ ids: wanted, customerId: f.gamma, limit: 500 }).rows;
    expect(gammaOnly.every((r) => wanted.includes(r.id) && r.customerId === f.gamma)).toBe(true);
    expect(f.store.documents.list({ ids: [999_999], limit: 10 }).total).toBe(0);
  });

  it('sorts by total as numbers (99.99 before 100.00) and by status, both ways', () => {
    const f = populate();
    const byTotal = f.store.documents.list({ sort: { by: 'totale', dir: 'asc' }, limit: 500 }).rows;
    const values = byTotal.map((r) => r.totale!);
    const cents = (v: string) => BigInt(v.replace('.', ''));
    for (let i = 1; i < values.length; i++) expect(cents(values[i - 1]!) <= cents(values[i]!), `${values[i - 1]} <= ${values[i]}`).toBe(true);
    expect(values[0]).toBe('11.59'); // 9.50 + 22% VAT
    expect(ids(f.store.documents.list({ sort: { by: 'totale', dir: 'desc' }, limit: 500 }).rows)).toEqual(ids(byTotal).reverse());
    const byStatus = f.store.documents.list({ sort: { by: 'status' }, limit: 500 }).rows;
    expect(byStatus.slice(0, 32).every((r) => r.status === 'draft')).toBe(true);
    expect(byStatus.slice(32).every((r) => r.status === 'queued')).toBe(true);
  });

  it('gives every page, near or far from the start, exactly as the whole list cut at that offset', () => {
    const f = populate();
    const queries: DocumentListQuery[] = [{}, { sort: { by: 'customer' } }, { sort: { by: 'number', dir: 'asc' } }, { sort: { by: 'totale' } }, { customerId: f.gamma }, { text: 'servizio' }];
    for (const q of queries) {
      const all = f.store.documents.list({ ...q, limit: 500 }).rows;
      for (let offset = 0; offset <= all.length + 1; offset += 3) {
        for (const limit of [1, 4, 10]) {
          const p = f.store.documents.list({ ...q, offset, limit });
          expect(ids(p.rows), `${JSON.stringify(q)} offset ${offset} limit ${limit}`).toEqual(ids(all.slice(offset, offset + limit)));
          expect(p.total).toBe(all.length);
        }
      }
    }
  });

  it('reads a page in the second half of the list from its end (fewer index steps), in the right order', () => {
    const f = populate();
    const { statements } = recordStatements(f.handle.sqlite, () => f.store.documents.list({ offset: 30, limit: 4 }));
    const page = statements.find((s) => /ORDER BY date/.test(s.sql))!;
    expect(page.sql).toMatch(/ORDER BY date ASC, id ASC LIMIT \? OFFSET \?/);
    expect(page.params.slice(-2)).toEqual([4, 1]); // rows 31..34 of 35 are rows 1..4 counted from the end
  });

  it('counts once per filter while nothing changes, and counts again after a write here or elsewhere', () => {
    const f = populate();
    const count = () => recordStatements(f.handle.sqlite, () => f.store.documents.list({ customerId: f.gamma, offset: 0, limit: 2 }));
    const first = count();
    expect(first.result.total).toBe(12);
    expect(first.statements.filter((s) => /count\(\*\)/.test(s.sql))).toHaveLength(1);
    const again = count();
    expect(again.statements.filter((s) => /count\(\*\)/.test(s.sql))).toHaveLength(0);
    expect(again.result.total).toBe(12);

    createDraft(f.store, simpleDraft(f.gamma, { date: '2025-05-01' }));
    expect(count().result.total).toBe(13);

    // Another connection to the same file (another window, a worker) commits a draft: PRAGMA data_version moves.
    const other = new Database(f.file);
    other
      .prepare(`INSERT INTO documents (status, tipo_documento, series, date, customer_id, customer_name, created_at, updated_at)
        VALUES ('draft', 'TD01', 'FT', '2025-05-02', ?, 'Gamma Cantieri S.r.l.', '2025-05-02T00:00:00Z', '2025-05-02T00:00:00Z')`)
      .run(f.gamma);
    other.close();
    expect(count().result.total).toBe(14);
  });

  it('keeps the text hits between pages and finds new matches after a write', () => {
    const f = populate();
    const search = () => f.store.documents.list({ text: 'cantiere', limit: 100 });
    const before = search();
    // "cantiere" is in 7 causali (i % 5 === 0); "Gamma Cantieri" does not contain it.
    expect(before.total).toBe(7);
    const { statements } = recordStatements(f.handle.sqlite, search);
    expect(statements.some((s) => /MATCH/.test(s.sql))).toBe(false);
    createDraft(f.store, simpleDraft(f.customer.id, { date: '2025-06-01', causale: 'Sopralluogo in cantiere' }));
    expect(search().total).toBe(8);
  });

  it('walks the sort index for a search with many hits and looks the hits up for a rare one: same rows either way', () => {
    const f = populate();
    const list = createDocumentList(f.handle.sqlite);
    for (const text of ['servizio', 'cantiere 10', 'gamma']) {
      // Every word in numero, customer name or causale (none of them has accents here).
      const all = f.store.documents.list({ limit: 500 }).rows.filter((r) => text.split(' ').every((w) => [r.numero, r.customerName, r.causale].some((v) => (v ?? '').toLowerCase().includes(w))));
      expect(all.length, text).toBeGreaterThan(0);
      const got = list.list({ text, limit: 500 });
      expect(ids(got.rows), text).toEqual(ids(all));
      const first = list.list({ text, limit: 3 });
      expect(ids(first.rows)).toEqual(ids(got.rows.slice(0, 3)));
    }
    const walk = recordStatements(f.handle.sqlite, () => list.list({ text: 'servizio', limit: 3 })).statements;
    expect(walk.some((s) => /\+id IN/.test(s.sql))).toBe(true);
    const lookUp = recordStatements(f.handle.sqlite, () => list.list({ text: 'cantiere 10', limit: 3 })).statements;
    expect(lookUp.some((s) => /WHERE id IN/.test(s.sql))).toBe(true);
  });
});

describe('documents list inside a transaction', () => {
  it('keeps no count and no text hits across a rollback', () => {
    const f = populate();
    const search = () => f.store.documents.list({ text: 'cantiere', limit: 100 }).total;
    expect(search()).toBe(7);
    expect(() =>
      f.store.transaction(() => {
        createDraft(f.store, simpleDraft(f.customer.id, { date: '2025-06-01', causale: 'Altro cantiere' }));
        expect(search()).toBe(8);
        expect(f.store.documents.list({ limit: 1 }).total).toBe(36);
        throw new Error('annullato');
      }),
    ).toThrow('annullato');
    expect(search()).toBe(7);
    expect(f.store.documents.list({ limit: 1 }).total).toBe(35);
  });
});
