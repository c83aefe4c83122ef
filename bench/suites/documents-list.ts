/**
 * The documents list on the office-scale company (100,000 registered documents, 2,000 customers, 10,000 received
 * invoices; bench/office-company.ts), through the real API as the screen calls it (`documents.list`, pages of 200):
 *   - open to first page: `companies.open` (file checks, pragmas, migrations check, repositories) then the first page
 *     with its count, on a connection opened for the round; reference: raw better-sqlite3 opening the file and reading
 *     the same 50 first rows;
 *   - query time per kind of query, p95 over every call of the kind (p50 in the notes): the first page of many different
 *     filters (status, customer, type, period, text, sorts), the pages that follow it, and jumps deep into the list.
 *     Reference: the raw prepared SELECT of the first page of the unfiltered list (no count), the floor of any page.
 * Between rounds another connection commits a no-op write, so counts and text hits are recomputed as after a change.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createAppApi } from '../../host/app';
import { below, formatNumber, makeFigure, median, type Figure, type Suite } from '../harness';
import { OFFICE_TODAY } from '../office-company';
import type { BenchContext } from './context';

type ListArgs = Record<string, unknown>;

interface Query {
  group: string;
  args: ListArgs;
}

/** p-th percentile (nearest rank) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const PAGE = 200;
const STATUSES = ['delivered', 'not_delivered', 'accepted', 'rejected', 'queued', 'transmitted', 'draft', 'refused', 'expired'];
const TEXTS = ['Ferrari', 'Rossi', 'Colombo', 'Esposito', 'Impianti', 'cantiere', 'commessa', 'Canone di marzo', 'magazzino', 'Ordine', '1234', '5678', '250', 'Rossi Costruzioni', 'Storno'];
const SORTS = ['numero', 'customer', 'totale', 'status', 'date'];

/** Deterministic pseudo-random offsets into the list (the same every run). */
function offsets(n: number, total: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return Math.floor(((x >>> 8) / 0x1000000) * total / PAGE) * PAGE;
  });
}

function queries(total: number, customerIds: number[]): Query[] {
  const q: Query[] = [];
  const page = (group: string, args: ListArgs, pages = 1) => {
    for (let p = 0; p < pages; p++) q.push({ group, args: { ...args, offset: p * PAGE, limit: PAGE } });
  };
  page('first pages, no filter, newest first', {}, 1);
  page('scrolling: next pages and deep jumps', {}, 10);
  for (const offset of offsets(20, total, 7)) q.push({ group: 'scrolling: next pages and deep jumps', args: { offset, limit: PAGE } });
  for (const s of STATUSES) page('filter: status', { status: [s] }, 2);
  for (const c of customerIds) page('filter: customer', { customerId: c }, 2);
  for (const t of ['TD01', 'TD04', 'TD24']) page('filter: tipo documento', { tipoDocumento: [t] }, 2);
  for (let m = 1; m <= 12; m++) page('filter: period', { from: `2024-${String(m).padStart(2, '0')}-01`, to: `2024-${String(m).padStart(2, '0')}-28` }, 2);
  for (let y = 2021; y <= 2025; y++) page('filter: period', { from: `${y}-01-01`, to: `${y}-12-31` }, 1);
  page('filters combined', { status: ['delivered'], from: '2024-01-01', to: '2024-06-30' }, 2);
  page('filters combined', { status: ['delivered'], customerId: customerIds[0] }, 2);
  page('filters combined', { tipoDocumento: ['TD04'], from: '2023-01-01', to: '2023-12-31' }, 1);
  for (const t of TEXTS) page('text search (FTS5 trigram)', { search: t }, 2);
  page('filters combined', { search: 'cantiere', status: ['delivered'] }, 1);
  for (const t of ['12', '7']) page('text search, 1-2 characters (no trigram)', { search: t }, 1);
  for (const s of SORTS) {
    for (const dir of ['asc', 'desc']) {
      page('sorts (number, customer, total, status)', { sort: s, dir }, 1);
      q.push({ group: 'sorts (number, customer, total, status)', args: { sort: s, dir, offset: Math.floor(total / 2 / PAGE) * PAGE, limit: PAGE } });
    }
  }
  return q;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export const documentsListSuite: Suite<BenchContext> = {
  name: 'list',
  description: 'documents list on the office-scale company: open to first page, query p50/p95 per kind of query',
  async run(ctx) {
    const office = await ctx.office();
    const dir = mkdtempSync(join(tmpdir(), 'fatturadesk-bench-list-'));
    try {
      const file = join(dir, 'ufficio.fdesk');
      copyFileSync(office.file, file);
      const api = createAppApi({ host: 'web', dataDir: join(dir, 'dati'), today: () => OFFICE_TODAY });
      const call = async (method: string, args: unknown) => {
        const r = await api.call(method, args);
        if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
        return r.result as { total: number; rows: unknown[] };
      };
      const columns = `id, status, tipo_documento, series, year, number, numero, date, customer_id, customer_name, causale, totale, net_to_pay, file_name, sdi_status`;

      // ---- open to first page -----------------------------------------------------------------------------------
      const openRounds = ctx.quick ? 5 : 11;
      const openMs: number[] = [];
      const openOnlyMs: number[] = [];
      const rawOpenMs: number[] = [];
      let total = 0;
      for (let i = 0; i < openRounds + 1; i++) {
        const t = await timed(async () => {
          const t0 = performance.now();
          await call('companies.open', { file });
          openOnlyMs.push(performance.now() - t0);
          return call('documents.list', { offset: 0, limit: PAGE });
        });
        total = t.value.total;
        await call('companies.close', {});
        const raw = await timed(async () => {
          const db = new Database(file);
          const rows = db.prepare(`SELECT ${columns} FROM documents ORDER BY date DESC, id DESC LIMIT 50`).all();
          db.close();
          return rows.length;
        });
        if (i === 0) {
          openOnlyMs.pop();
          continue; // warm-up: the copy's pages come into the OS cache
        }
        openMs.push(t.ms);
        rawOpenMs.push(raw.ms);
      }

      // ---- queries ------------------------------------------------------------------------------------------------
      await call('companies.open', { file });
      const customers = (await call('customers.list', { offset: 0, limit: 500 })).rows as { id: number }[];
      const customerIds = [office.samples.busyCustomerId, office.samples.quietCustomerId, ...customers.filter((_, i) => i % 25 === 0).map((c) => c.id)].slice(0, 20);
      const list = queries(total, customerIds);
      const other = new Database(file);
      const touch = other.prepare(`UPDATE counters SET value = value WHERE name = 'progressivo_invio'`);
      const rawPage = other.prepare(`SELECT ${columns} FROM documents ORDER BY date DESC, id DESC LIMIT ${PAGE}`);
      const rounds = ctx.quick ? 2 : 3;
      const times = new Map<string, number[]>();
      const rawMs: number[] = [];
      for (let round = 0; round <= rounds; round++) {
        ctx.log(`  list round ${round}/${rounds}${round === 0 ? ' (warm-up)' : ''}: ${list.length} queries`);
        touch.run(); // as if something changed: counts and text hits are computed again
        for (const q of list) {
          const { ms } = await timed(() => call('documents.list', q.args));
          const r = await timed(async () => rawPage.all().length);
          if (round === 0) continue;
          (times.get(q.group) ?? times.set(q.group, []).get(q.group)!).push(ms);
          rawMs.push(r.ms);
        }
      }
      other.close();
      await api.shutdown();

      const reference = { name: `raw prepared SELECT, first ${PAGE} rows, no count`, value: median(rawMs), unit: 'ms' };
      const figures: Figure[] = [
        makeFigure({
          name: 'open company + first page (companies.open + documents.list)',
          value: median(openMs),
          unit: 'ms',
          reference: { name: 'raw better-sqlite3: open file + first 50 rows', value: median(rawOpenMs), unit: 'ms' },
          target: below(300, 'ms'),
        }),
      ];
      const notes: string[] = [
        `list: ${total} documents in the list; open to first page, ${openRounds} rounds: median ${formatNumber(median(openMs))} ms, max ${formatNumber(Math.max(...openMs))} ms, of which companies.open ${formatNumber(median(openOnlyMs))} ms (median).`,
      ];
      const all: number[] = [];
      for (const [group, ms] of times) {
        all.push(...ms);
        figures.push(makeFigure({ name: `documents list p95: ${group}`, value: percentile(ms, 95), unit: 'ms', reference, target: below(20, 'ms') }));
        notes.push(`list: ${group}: ${ms.length} calls, p50 ${formatNumber(percentile(ms, 50))} ms, p95 ${formatNumber(percentile(ms, 95))} ms, max ${formatNumber(Math.max(...ms))} ms.`);
      }
      figures.push(makeFigure({ name: 'documents list p50: every query above', value: percentile(all, 50), unit: 'ms', reference, target: below(20, 'ms') }));
      notes.push(
        `list: ${all.length} timed calls through the API (argument validation, handler, repository, row mapping; no HTTP), ${rounds} rounds after a warm-up; p95 of every call ${formatNumber(percentile(all, 95))} ms. Office file: ${(office.sizeBytes / 2 ** 20).toFixed(0)} MB. Load average at the end: ${loadavg()[0]!.toFixed(2)}.`,
      );
      return { figures, notes };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
