/**
 * The documents list at office scale (100,000 documents). Plain SQL over the narrow header table, shaped so that each
 * common filter and each sort walks an index (db/document-list-plans.test.ts checks the plans):
 *   - every ORDER BY ends with the rowid in the same direction, so the index of the sort key gives the whole order;
 *   - a page deep in the list is read from the other end when that is shorter (the order is total, so reading the last
 *     rows backwards and reversing them gives exactly the same page);
 *   - the total of a filter is counted once and reused by the following pages while the file does not change (PRAGMA
 *     data_version for other connections, total_changes() for this one), so scrolling pays for the page only;
 *   - a text search runs the trigram index once per text and keeps the matching ids in a TEMP table for the pages
 *     and the count that follow.
 */
import type Database from 'better-sqlite3';
import type { DocumentListQuery, DocumentListRow, DocumentSortKey, Page } from '../../core/ports';
import type { DocumentStatus } from '../../core/invoicing/types';
import type { TipoDocumento } from '../../core/fatturapa/schema.generated';
import { compact, escapeLike, opt, page, pageBounds } from './common';

const LIST_COLUMNS = `id, status, tipo_documento AS tipoDocumento, series, year, number, numero, date, customer_id AS customerId,
  customer_name AS customerName, causale, totale, net_to_pay AS netToPay, file_name AS fileName, sdi_status AS sdiStatus`;

type Dir = 'ASC' | 'DESC';

/** ORDER BY of each sort; the expressions match the indexes (documents_date, documents_number, ...) exactly. */
const ORDER: Record<DocumentSortKey, (d: Dir) => string> = {
  date: (d) => `date ${d}, id ${d}`,
  number: (d) => `series ${d}, year ${d}, number ${d}, id ${d}`,
  customer: (d) => `customer_name COLLATE NOCASE ${d}, date ${d}, id ${d}`,
  totale: (d) => `CAST(totale AS REAL) ${d}, id ${d}`,
  status: (d) => `status ${d}, date ${d}, id ${d}`,
};

/** Default direction: newest (largest) first, except the customer name, which reads A to Z. */
export function sortDirection(q: DocumentListQuery): Dir {
  const by = q.sort?.by ?? 'date';
  const dir = q.sort?.dir ?? (by === 'customer' || by === 'status' ? 'asc' : 'desc');
  return dir === 'asc' ? 'ASC' : 'DESC';
}

interface Row {
  id: number;
  status: string;
  tipoDocumento: string;
  series: string;
  year: number | null;
  number: number | null;
  numero: string | null;
  date: string;
  customerId: number;
  customerName: string;
  causale: string | null;
  totale: string | null;
  netToPay: string | null;
  fileName: string | null;
  sdiStatus: string | null;
}

function toListRow(r: Row): DocumentListRow {
  return compact({
    id: r.id,
    status: r.status as DocumentStatus,
    tipoDocumento: r.tipoDocumento as TipoDocumento,
    series: r.series,
    year: opt(r.year),
    number: opt(r.number),
    numero: opt(r.numero),
    date: r.date,
    customerId: r.customerId,
    customerName: r.customerName,
    causale: opt(r.causale),
    totale: opt(r.totale),
    netToPay: opt(r.netToPay),
    fileName: opt(r.fileName),
    sdiStatus: opt(r.sdiStatus),
  });
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The text search as a query over the trigram table: every word must appear in numero, customer name or causale.
 * Words of 3+ characters go through the index (MATCH, quoted so that they are plain text); shorter ones, which a
 * trigram index cannot serve, are a LIKE over the narrow full-text rows (wildcards escaped).
 */
function textQuery(text: string): { sql: string; params: unknown[] } | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return undefined;
  const conds: string[] = [];
  const params: unknown[] = [];
  const long = words.filter((w) => [...w].length >= 3);
  if (long.length) {
    conds.push('documents_fts MATCH ?');
    params.push(long.map((w) => `"${w.replace(/"/g, '""')}"`).join(' '));
  }
  for (const w of words.filter((x) => [...x].length < 3)) {
    const p = `%${escapeLike(w)}%`;
    conds.push(`(numero LIKE ? ESCAPE '\\' OR customer_name LIKE ? ESCAPE '\\' OR causale LIKE ? ESCAPE '\\')`);
    params.push(p, p, p);
  }
  return { sql: `SELECT rowid FROM documents_fts WHERE ${conds.join(' AND ')}`, params };
}

const HITS = 'temp.document_text_hits';

export interface DocumentListQueries {
  list(q: DocumentListQuery): Page<DocumentListRow>;
  /** The SQL statements a list query runs (for the query-plan tests), with their parameters. */
  explain(q: DocumentListQuery): { sql: string; params: unknown[] }[];
}

export function createDocumentList(sqlite: Database.Database): DocumentListQueries {
  const statements = new Map<string, Database.Statement>();
  const prepared = (text: string): Database.Statement => {
    let s = statements.get(text);
    if (!s) {
      s = sqlite.prepare(text);
      // The combinations of filters and sorts are bounded (a few hundred): keep them all.
      statements.set(text, s);
    }
    return s;
  };
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();
  /** Changes whenever this connection writes or another one commits: what a cached count or hit list depends on. */
  const stamp = () => `${dataVersion.get() as number}:${totalChanges.get() as number}`;

  let hitsReady = false;
  let hitsKey: string | undefined;
  let hitsCount = 0;
  let counted: { key: string; total: number } | undefined;

  function ensureHitsTable(): void {
    if (hitsReady) return;
    sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS document_text_hits (id INTEGER PRIMARY KEY)`);
    hitsReady = true;
  }

  /**
   * Fills the TEMP table with the ids matching `text`, again only when the text or the file changed. Inside a
   * transaction nothing is kept: a rollback would take the rows back without changing the stamp.
   */
  function prepareHits(text: { sql: string; params: unknown[] }): void {
    const key = `${text.sql}\u0000${JSON.stringify(text.params)}`;
    if (hitsKey !== undefined && hitsKey === `${key}\u0000${stamp()}`) return;
    ensureHitsTable();
    prepared(`DELETE FROM ${HITS}`).run();
    hitsCount = prepared(`INSERT INTO ${HITS} (id) ${text.sql}`).run(...text.params).changes;
    // The stamp after the fill (these writes count in total_changes): unchanged until somebody else writes.
    hitsKey = sqlite.inTransaction ? undefined : `${key}\u0000${stamp()}`;
  }

  /**
   * How the page meets the text hits. Few hits: look each one up by id and sort them (a few hundred random reads).
   * Many hits: walk the index of the sort and keep the rows whose id is a hit (`+id` stops SQLite from driving the
   * loop by the id list); the walk ends after one page, having read about (offset + limit) x total / hits entries.
   * Walking wins when that is below what the look-ups cost (~20 index steps per random read).
   */
  function walkHits(offset: number, limit: number): boolean {
    const documents = (prepared('SELECT count(*) FROM documents').pluck().get() as number) || 1;
    return hitsCount * hitsCount * 20 > (offset + limit) * documents;
  }

  function build(q: DocumentListQuery, walk = false) {
    const conds: string[] = [];
    const params: unknown[] = [];
    if (q.ids?.length) {
      conds.push(`id IN (${q.ids.map(() => '?').join(', ')})`);
      params.push(...q.ids);
    }
    const statuses = asList(q.status);
    if (statuses.length) {
      conds.push(statuses.length === 1 ? 'status = ?' : `status IN (${statuses.map(() => '?').join(', ')})`);
      params.push(...statuses);
    }
    const tipi = asList(q.tipoDocumento);
    if (tipi.length) {
      conds.push(tipi.length === 1 ? 'tipo_documento = ?' : `tipo_documento IN (${tipi.map(() => '?').join(', ')})`);
      params.push(...tipi);
    }
    if (q.customerId !== undefined) {
      conds.push('customer_id = ?');
      params.push(q.customerId);
    }
    if (q.dateFrom) {
      conds.push('date >= ?');
      params.push(q.dateFrom);
    }
    if (q.dateTo) {
      conds.push('date <= ?');
      params.push(q.dateTo);
    }
    const text = q.text ? textQuery(q.text) : undefined;
    if (text) conds.push(`${walk ? '+id' : 'id'} IN (SELECT id FROM ${HITS})`);
    return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params, text, onlyText: text !== undefined && conds.length === 1 };
  }

  function countSql(b: ReturnType<typeof build>): string {
    // Only a text filter: the hits are the answer (every id in the full-text table is a document).
    return b.onlyText ? `SELECT count(*) FROM ${HITS}` : `SELECT count(*) FROM documents ${b.where}`;
  }

  function pageSql(b: ReturnType<typeof build>, by: DocumentSortKey, dir: Dir): string {
    return `SELECT ${LIST_COLUMNS} FROM documents ${b.where} ORDER BY ${ORDER[by](dir)} LIMIT ? OFFSET ?`;
  }

  return {
    list(q) {
      const bounds = pageBounds(q);
      const b = build(q);
      if (b.text) prepareHits(b.text);
      const cSql = countSql(b);
      const key = `${cSql}\u0000${JSON.stringify(b.params)}\u0000${stamp()}`;
      let total: number;
      if (counted?.key === key) total = counted.total;
      else {
        total = prepared(cSql).pluck().get(...(b.onlyText ? [] : b.params)) as number;
        // Not kept inside a transaction: a rollback would take rows back without changing the stamp.
        counted = sqlite.inTransaction ? undefined : { key, total };
      }
      const by = q.sort?.by ?? 'date';
      const dir = sortDirection(q);
      // Closer to the end: the same rows read from the other end of the order, then put back in order.
      const fromEnd = bounds.offset > total / 2;
      const limit = fromEnd ? Math.min(bounds.limit, total - bounds.offset) : bounds.limit;
      const offset = fromEnd ? total - bounds.offset - limit : bounds.offset;
      const pb = b.text && walkHits(offset, limit) ? build(q, true) : b;
      let rows: Row[];
      if (bounds.offset >= total) rows = [];
      else if (fromEnd) rows = (prepared(pageSql(pb, by, dir === 'ASC' ? 'DESC' : 'ASC')).all(...pb.params, limit, offset) as Row[]).reverse();
      else rows = prepared(pageSql(pb, by, dir)).all(...pb.params, limit, offset) as Row[];
      return page(rows.map(toListRow), total, bounds);
    },
    explain(q) {
      ensureHitsTable();
      const b = build(q);
      const out: { sql: string; params: unknown[] }[] = [];
      if (b.text) out.push({ sql: `INSERT INTO ${HITS} (id) ${b.text.sql}`, params: b.text.params });
      out.push({ sql: countSql(b), params: b.onlyText ? [] : b.params });
      const by = q.sort?.by ?? 'date';
      const dir = sortDirection(q);
      const variants = b.text ? [b, build(q, true)] : [b];
      for (const v of variants) {
        out.push({ sql: pageSql(v, by, dir), params: [...v.params, 50, 0] });
        out.push({ sql: pageSql(v, by, dir === 'ASC' ? 'DESC' : 'ASC'), params: [...v.params, 50, 0] });
      }
      return out;
    },
  };
}
