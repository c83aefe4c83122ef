/**
 * The outbox: one row per registered document to transmit. Every state change is one small UPDATE on a primary key,
 * so the sending service can commit "sending" before a transmission and "transmitted" right after it, at the cost of
 * two tiny transactions per file.
 */
import type Database from 'better-sqlite3';
import type { OutboxItem, OutboxRepository, OutboxRow, OutboxState } from '../../core/ports';
import type { DocumentStatus } from '../../core/invoicing/types';
import type { TipoDocumento } from '../../core/fatturapa/schema.generated';
import { compact, opt, page, pageBounds } from './common';

interface ItemRow {
  id: number;
  documentId: number;
  fileName: string;
  state: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  transmitter: string | null;
  sdiId: string | null;
  transmissionId: string | null;
  queuedAt: string;
  sendingAt: string | null;
  transmittedAt: string | null;
  exportedAt: string | null;
  updatedAt: string;
}

const ITEM_COLUMNS = `o.id, o.document_id AS documentId, o.file_name AS fileName, o.state, o.attempts,
  o.next_attempt_at AS nextAttemptAt, o.last_error_code AS lastErrorCode, o.last_error_message AS lastErrorMessage,
  o.transmitter, o.sdi_id AS sdiId, o.transmission_id AS transmissionId, o.queued_at AS queuedAt, o.sending_at AS sendingAt,
  o.transmitted_at AS transmittedAt, o.exported_at AS exportedAt, o.updated_at AS updatedAt`;

function fromRow(r: ItemRow): OutboxItem {
  return compact({
    id: r.id,
    documentId: r.documentId,
    fileName: r.fileName,
    state: r.state as OutboxState,
    attempts: r.attempts,
    nextAttemptAt: opt(r.nextAttemptAt),
    lastError: r.lastErrorCode ? { code: r.lastErrorCode, message: r.lastErrorMessage ?? '' } : undefined,
    transmitter: opt(r.transmitter),
    sdiId: opt(r.sdiId),
    transmissionId: opt(r.transmissionId),
    queuedAt: r.queuedAt,
    sendingAt: opt(r.sendingAt),
    transmittedAt: opt(r.transmittedAt),
    exportedAt: opt(r.exportedAt),
    updatedAt: r.updatedAt,
  });
}

const STATES: readonly OutboxState[] = ['queued', 'sending', 'transmitted', 'failed'];

export function createOutboxRepository(db: Database.Database): OutboxRepository {
  const insert = db.prepare(`INSERT INTO outbox (document_id, file_name, state, attempts, queued_at, updated_at)
    VALUES (?, ?, 'queued', 0, ?, ?)`);
  const byId = db.prepare(`SELECT ${ITEM_COLUMNS} FROM outbox o WHERE o.id = ?`);
  const byDocument = db.prepare(`SELECT ${ITEM_COLUMNS} FROM outbox o WHERE o.document_id = ?`);
  const byFileName = db.prepare(`SELECT ${ITEM_COLUMNS} FROM outbox o WHERE o.file_name = ?`);
  const inState = db.prepare(`SELECT ${ITEM_COLUMNS} FROM outbox o WHERE o.state = ? ORDER BY o.id LIMIT ?`);
  const due = db.prepare(`SELECT ${ITEM_COLUMNS} FROM outbox o
    WHERE o.state = 'queued' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?) ORDER BY o.id LIMIT ?`);
  const nextAfter = db.prepare(`SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'queued' AND next_attempt_at > ?`);
  // Transmitted items pile up (every document ever sent): count the other states through the index and take the
  // transmitted ones as the rest of the table (a b-tree count), instead of walking 100,000 index entries.
  const openCounts = db.prepare(`SELECT state, count(*) AS n FROM outbox WHERE state IN ('queued', 'sending', 'failed') GROUP BY state`);
  const allCount = db.prepare(`SELECT count(*) FROM outbox`).pluck();
  const sending = db.prepare(`UPDATE outbox SET state = 'sending', transmitter = ?, sending_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'`);
  const transmitted = db.prepare(`UPDATE outbox SET state = 'transmitted', transmitter = coalesce(?, transmitter),
    sdi_id = coalesce(?, sdi_id), transmission_id = coalesce(?, transmission_id), transmitted_at = ?, next_attempt_at = NULL,
    last_error_code = NULL, last_error_message = NULL, updated_at = ? WHERE id = ?`);
  const retry = db.prepare(`UPDATE outbox SET state = 'queued', attempts = ?, next_attempt_at = ?, last_error_code = ?,
    last_error_message = ?, updated_at = ? WHERE id = ?`);
  const failed = db.prepare(`UPDATE outbox SET state = 'failed', attempts = ?, next_attempt_at = NULL, last_error_code = ?,
    last_error_message = ?, updated_at = ? WHERE id = ?`);
  const exported = db.prepare(`UPDATE outbox SET exported_at = ?, updated_at = ? WHERE id = ?`);

  const listColumns = `${ITEM_COLUMNS}, d.numero, d.date, d.customer_name AS customerName, d.tipo_documento AS tipoDocumento,
    d.status AS documentStatus, d.totale`;

  const one = (stmt: Database.Statement, ...args: unknown[]) => {
    const r = stmt.get(...args) as ItemRow | undefined;
    return r ? fromRow(r) : undefined;
  };
  const changedOne = (res: Database.RunResult, id: number) => {
    if (res.changes !== 1) throw new Error(`Elemento ${id} della coda di invio non trovato`);
  };

  return {
    enqueue: (documentId, fileName, at) => Number(insert.run(documentId, fileName, at, at).lastInsertRowid),
    get: (id) => one(byId, id),
    getByDocument: (documentId) => one(byDocument, documentId),
    getByFileName: (fileName) => one(byFileName, fileName),
    list(q) {
      const bounds = pageBounds(q);
      const states = q.state?.filter((s) => STATES.includes(s)) ?? [];
      const where = states.length ? `WHERE o.state IN (${states.map(() => '?').join(', ')})` : '';
      const total = (db.prepare(`SELECT count(*) AS n FROM outbox o ${where}`).get(...states) as { n: number }).n;
      const rows = db
        .prepare(`SELECT ${listColumns} FROM outbox o JOIN documents d ON d.id = o.document_id ${where} ORDER BY o.id LIMIT ? OFFSET ?`)
        .all(...states, bounds.limit, bounds.offset) as (ItemRow & { numero: string | null; date: string; customerName: string; tipoDocumento: string; documentStatus: string; totale: string | null })[];
      return page(
        rows.map(
          (r): OutboxRow =>
            compact({
              ...fromRow(r),
              numero: opt(r.numero),
              date: r.date,
              customerName: r.customerName,
              tipoDocumento: r.tipoDocumento as TipoDocumento,
              documentStatus: r.documentStatus as DocumentStatus,
              totale: opt(r.totale),
            }),
        ),
        total,
        bounds,
      );
    },
    inState: (state, limit = 1_000_000) => (inState.all(state, limit) as ItemRow[]).map(fromRow),
    due: (now, limit = 1_000_000) => (due.all(now, limit) as ItemRow[]).map(fromRow),
    counts() {
      const out: Record<OutboxState, number> = { queued: 0, sending: 0, transmitted: 0, failed: 0 };
      let open = 0;
      for (const r of openCounts.all() as { state: OutboxState; n: number }[]) {
        out[r.state] = r.n;
        open += r.n;
      }
      out.transmitted = (allCount.get() as number) - open;
      return out;
    },
    nextAttemptAfter: (now) => opt((nextAfter.get(now) as { t: string | null }).t),
    markSending: (id, transmitter, at) => sending.run(transmitter, at, at, id).changes === 1,
    markTransmitted: (id, r) => changedOne(transmitted.run(r.transmitter ?? null, r.sdiId ?? null, r.transmissionId ?? null, r.at, r.at, id), id),
    markRetry: (id, r) => changedOne(retry.run(r.attempts, r.nextAttemptAt ?? null, r.error?.code ?? null, r.error?.message ?? null, r.at, id), id),
    markFailed: (id, r) => changedOne(failed.run(r.attempts, r.error.code, r.error.message, r.at, id), id),
    markExported: (id, at) => changedOne(exported.run(at, at, id), id),
  };
}
