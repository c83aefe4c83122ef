/** Customer ledger entries (scadenzario). Amounts are signed TEXT decimals; sums are done in core with Decimal. */
import type Database from 'better-sqlite3';
import { asc, eq, sql } from 'drizzle-orm';
import type { LedgerEntry, LedgerEntryKind, LedgerRepository } from '../../core/ports';
import type { CompanyOrm } from '../open';
import { ledgerEntries } from '../schema';
import { compact, nowIso, opt } from './common';

type Row = typeof ledgerEntries.$inferSelect;

function fromRow(r: Row): LedgerEntry {
  return compact({
    id: r.id,
    customerId: r.customerId,
    documentId: opt(r.documentId),
    kind: r.kind as LedgerEntryKind,
    date: r.date,
    dueDate: opt(r.dueDate),
    amount: r.amount,
    installment: opt(r.installment),
    planId: opt(r.planId),
    description: r.description,
    createdAt: r.createdAt,
  });
}

/** The connection under the ORM (drizzle's `$client`, which `drizzle(sqlite)` in db/open.ts sets). */
const clientOf = (orm: CompanyOrm): Database.Database => (orm as CompanyOrm & { $client: Database.Database }).$client;

export function createLedgerRepository(orm: CompanyOrm): LedgerRepository {
  // A plain statement with positional parameters: every registration inserts its postings here, and drizzle's
  // placeholder mapping and RETURNING row cost more than the insert. The id is the rowid (INTEGER PRIMARY KEY).
  const insertOne = clientOf(orm).prepare(`INSERT INTO ledger_entries (customer_id, document_id, kind, date, due_date, amount, installment,
      plan_id, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const byDocument = orm
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.documentId, sql.placeholder('documentId')))
    .orderBy(asc(ledgerEntries.id))
    .prepare();
  return {
    insert(entries) {
      const createdAt = nowIso();
      const ids: number[] = new Array(entries.length);
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        const res = insertOne.run(e.customerId, e.documentId ?? null, e.kind, e.date, e.dueDate ?? null, e.amount, e.installment ?? null, e.planId ?? null, e.description, createdAt);
        ids[i] = Number(res.lastInsertRowid);
      }
      return ids;
    },
    listByDocument(documentId) {
      return byDocument.all({ documentId }).map(fromRow);
    },
    listByCustomer(customerId) {
      return orm
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.customerId, customerId))
        .orderBy(asc(ledgerEntries.dueDate), asc(ledgerEntries.id))
        .all()
        .map(fromRow);
    },
  };
}
