/**
 * EXPLAIN QUERY PLAN of every list query the screens run: the documents list (every filter and sort, text search,
 * both reading directions), customers, received invoices and the Interscambio lists (outbox, sent documents, received
 * files). The queries are recorded while the real repositories run them on a small company file, then explained
 * twice: as SQLite plans them on a new file (no statistics), and with the statistics of a 100,000-document office
 * file loaded into sqlite_stat1 (what `PRAGMA optimize` leaves in a real archive), so the plans are the ones of a big
 * file while the test stays small and fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentListQuery, DocumentSortKey } from '../core/ports';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { closeTestCompanies, setupCompany, simpleDraft, type Fixture } from '../core/invoicing/services/test-support';
import { createDocumentList } from './repositories/document-list';
import { queryPlan, recordStatements, type RecordedStatement } from './testing';

/** sqlite_stat1 of the bench's office company (100,500 documents, 2,300 customers, 10,000 received invoices), after ANALYZE. */
const OFFICE_STATS: [string, string | null, string][] = [
  ['customers', 'customers_codice_fiscale', '255 1'],
  ['customers', 'customers_display_name', '2300 2'],
  ['customers', 'customers_kind_name', '2300 575 2'],
  ['customers', 'customers_partita_iva', '2045 1'],
  ['document_content', null, '100500'],
  ['documents', 'documents_chain_seq', '100000 1'],
  ['documents', 'documents_customer_date', '100500 51 1'],
  ['documents', 'documents_customer_name', '100500 82 1'],
  ['documents', 'documents_date', '100500 56'],
  ['documents', 'documents_file_name', '100000 1'],
  ['documents', 'documents_number', '100500 50250 9137 1'],
  ['documents', 'documents_progressivo_invio', '100000 1'],
  ['documents', 'documents_sdi_id', '99963 1'],
  ['documents', 'documents_series_year_number', '99042 49521 9004 1'],
  ['documents', 'documents_source', '0 0'],
  ['documents', 'documents_status_date', '100500 11167 17'],
  ['documents', 'documents_tipo_date', '100500 33500 21'],
  ['documents', 'documents_totale', '100500 3'],
  ['imported_documents', 'imported_documents_counterparty', '10000 34 1 1'],
  ['imported_documents', 'imported_documents_key', '10000 10000 34 34 1 1'],
  ['imported_documents', 'imported_documents_list', '10000 10000 6 1'],
  ['imported_files', 'sqlite_autoindex_imported_files_1', '10000 1'],
  ['ledger_entries', 'ledger_entries_customer_due', '135688 68 2'],
  ['ledger_entries', 'ledger_entries_document', '135688 2'],
  ['outbox', 'outbox_state', '100000 50000 1'],
  ['outbox', 'sqlite_autoindex_outbox_1', '100000 1'],
  ['outbox', 'sqlite_autoindex_outbox_2', '100000 1'],
  ['received_files', 'received_files_received', '10000 1 1'],
  ['received_files', 'received_files_state', '10000 5000 1'],
];

const SORTS: DocumentSortKey[] = ['date', 'number', 'customer', 'totale', 'status'];

let f: Fixture;

beforeAll(() => {
  f = setupCompany();
  // A few drafts and registered documents, so that every query has rows to return.
  for (let i = 1; i <= 6; i++) {
    const d = createDraft(f.store, simpleDraft(f.customer.id, { date: `2025-03-${String(i).padStart(2, '0')}`, causale: `Lavori cantiere ${i}` }));
    if (i <= 4) registerDocument(f.store, d.id, { today: '2025-12-31' });
  }
});

afterAll(closeTestCompanies);

function useOfficeStatistics(): void {
  const db = f.handle.sqlite;
  db.exec('ANALYZE');
  db.exec('DELETE FROM sqlite_stat1');
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'`).get()) db.exec('DELETE FROM sqlite_stat4');
  const insert = db.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
  for (const [tbl, idx, stat] of OFFICE_STATS) insert.run(tbl, idx, stat);
  // Reloads the statistics into the planner.
  db.exec('ANALYZE sqlite_schema');
}

interface Explained {
  name: string;
  sql: string;
  plan: string[];
}

function explainCall(name: string, fn: () => unknown): Explained[] {
  const { statements } = recordStatements(f.handle.sqlite, fn);
  expect(statements.length, name).toBeGreaterThan(0);
  return statements.map((s: RecordedStatement) => ({ name, sql: s.sql.replace(/\s+/g, ' '), plan: queryPlan(f.handle.sqlite, s) }));
}

/** A table read row by row from start to end without any index: what must never happen on documents. */
const fullScan = (line: string, table: string) => new RegExp(`^SCAN ${table}(?: AS \\w+)?$`).test(line);

const describeQuery = (e: Explained) => `${e.name}\n${e.sql}\n${e.plan.join('\n')}`;

/** The documents list: every filter alone and combined, every sort in both directions, text search. */
function documentQueries(): { name: string; q: DocumentListQuery }[] {
  const out: { name: string; q: DocumentListQuery }[] = [];
  for (const by of SORTS) for (const dir of ['asc', 'desc'] as const) out.push({ name: `sort ${by} ${dir}`, q: { sort: { by, dir } } });
  const filters: [string, DocumentListQuery][] = [
    ['status', { status: 'queued' }],
    ['statuses', { status: ['delivered', 'not_delivered'] }],
    ['tipo', { tipoDocumento: 'TD04' }],
    ['customer', { customerId: f.customer.id }],
    ['period', { dateFrom: '2025-03-01', dateTo: '2025-03-31' }],
    ['status + period', { status: 'queued', dateFrom: '2025-03-01', dateTo: '2025-03-31' }],
    ['status + customer', { status: 'queued', customerId: f.customer.id }],
    ['text', { text: 'cantiere' }],
    ['text + status', { text: 'cantiere', status: 'queued' }],
    ['short text', { text: '3' }],
  ];
  for (const [name, q] of filters) for (const by of SORTS) out.push({ name: `${name}, sort ${by}`, q: { ...q, sort: { by } } });
  return out;
}

for (const mode of ['new file, no statistics', 'statistics of a 100,000-document office'] as const) {
  describe(`list query plans (${mode})`, () => {
    beforeAll(() => {
      if (mode !== 'new file, no statistics') useOfficeStatistics();
    });

    it('documents list: never a full scan of documents, the sort index gives the order', () => {
      const list = createDocumentList(f.handle.sqlite);
      const all: Explained[] = [];
      for (const { name, q } of documentQueries()) {
        for (const s of list.explain(q)) {
          all.push({ name, sql: s.sql.replace(/\s+/g, ' '), plan: queryPlan(f.handle.sqlite, s) });
        }
      }
      // And the repository through the store, as the API calls it (count, page, deep page read from the end).
      all.push(...explainCall('store list', () => f.store.documents.list({ status: 'queued', offset: 0, limit: 50 })));
      all.push(...explainCall('store list deep', () => f.store.documents.list({ offset: 5, limit: 2 })));

      for (const e of all) {
        expect(e.plan.some((l) => fullScan(l, 'documents')), describeQuery(e)).toBe(false);
        // A plain scan of the full-text rows only serves words of 1-2 characters (the trigram index needs 3).
        if (e.plan.some((l) => /^SCAN documents_fts VIRTUAL TABLE INDEX 0:$/.test(l))) expect(e.name, describeQuery(e)).toMatch(/short text/);
      }
      // Without text, a sort alone and each filter with its sort walk an index in order: no sorting of the rows.
      const ordered = all.filter((e) => /^sort |^(status|tipo|customer|period|status \+ period|status \+ customer), sort date$/.test(e.name) && /ORDER BY/.test(e.sql));
      expect(ordered.length).toBeGreaterThan(20);
      for (const e of ordered) expect(e.plan.some((l) => /TEMP B-TREE/.test(l)), describeQuery(e)).toBe(false);
      // With many text hits the page walks the sort index and keeps the hits (+id), with few it looks them up by id.
      const walks = all.filter((e) => e.name === 'text, sort date' && e.sql.includes('+id IN'));
      expect(walks.length).toBeGreaterThan(0);
      for (const e of walks) expect(e.plan.join('\n'), describeQuery(e)).toMatch(/SCAN documents USING INDEX documents_date/);
    });

    it('customers, received invoices and Interscambio lists use an index', () => {
      const s = f.store;
      const calls: Explained[] = [
        ...explainCall('customers', () => s.customers.list({ limit: 50 })),
        ...explainCall('customers by kind', () => s.customers.list({ kind: 'PA', limit: 50 })),
        ...explainCall('customers text', () => s.customers.list({ text: 'beta', limit: 50 })),
        ...explainCall('received', () => s.imports.list({ direction: 'received', limit: 50 })),
        ...explainCall('received of a supplier', () => s.imports.list({ direction: 'received', counterpartyId: f.customer.id, limit: 50 })),
        ...explainCall('received in a period', () => s.imports.list({ direction: 'received', dateFrom: '2025-01-01', dateTo: '2025-02-01', limit: 50 })),
        ...explainCall('received text', () => s.imports.list({ direction: 'received', text: 'rossi', limit: 50 })),
        ...explainCall('outbox', () => s.outbox.list({ limit: 50 })),
        ...explainCall('outbox queued', () => s.outbox.list({ state: ['queued'], limit: 50 })),
        ...explainCall('outbox counts', () => s.outbox.counts()),
        ...explainCall('sent', () => s.sdiState.listSent({ limit: 50 })),
        ...explainCall('sent rejected', () => s.sdiState.listSent({ status: ['rejected'], limit: 50 })),
        ...explainCall('sent by number', () => s.sdiState.listSent({ sort: 'number', limit: 50 })),
        ...explainCall('received files', () => s.receivedFiles.list({ limit: 50 })),
        ...explainCall('received files to import', () => s.receivedFiles.list({ importState: ['new'], limit: 50 })),
      ];
      // Plain table scans allowed, each for a reason: the outbox in id order is its rowid b-tree read in order (the
      // page stops after `limit` rows); a substring search (LIKE '%x%') must look at every row it filters anyway, so
      // counting the customers (a few thousand narrow rows) or the received invoices (where nearly every row has the
      // same direction) that contain a text reads the table once, which costs no more than walking an index and
      // reading each row from it.
      const allowed: Record<string, RegExp> = { outbox: /^SCAN o$/, 'customers text': /^SCAN customers$/, 'received text': /^SCAN d$/ };
      for (const e of calls) {
        for (const line of e.plan) {
          const scan = /^SCAN (\w+)(?: AS \w+)?$/.exec(line);
          if (!scan) continue;
          expect(allowed[e.name]?.test(line), `plain scan of ${scan[1]} in ${describeQuery(e)}`).toBe(true);
        }
        const documentsAlias = /\bdocuments d\b/.test(e.sql) ? 'd' : 'documents';
        expect(e.plan.some((l) => fullScan(l, 'documents') || fullScan(l, documentsAlias)), describeQuery(e)).toBe(false);
      }
    });
  });
}
