/** Customer ledger entries (scadenzario). Amounts are signed TEXT decimals; sums are done in core with Decimal. */
import { asc, eq, sql } from 'drizzle-orm';
import type { LedgerEntry, LedgerEntryKind, LedgerRepository } from '../../core/ports';
import type { CompanyOrm } from '../open';
import { ledgerEntries } from '../schema';
import { compact, nowIso, opt, placeholders } from './common';

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

export function createLedgerRepository(orm: CompanyOrm): LedgerRepository {
  const insertOne = orm
    .insert(ledgerEntries)
    .values(placeholders('customerId', 'documentId', 'kind', 'date', 'dueDate', 'amount', 'installment', 'planId', 'description', 'createdAt'))
    .returning({ id: ledgerEntries.id })
    .prepare();
  const byDocument = orm
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.documentId, sql.placeholder('documentId')))
    .orderBy(asc(ledgerEntries.id))
    .prepare();
  return {
    insert(entries) {
      const createdAt = nowIso();
      return entries.map(
        (e) =>
          insertOne.get({
            customerId: e.customerId,
            documentId: e.documentId ?? null,
            kind: e.kind,
            date: e.date,
            dueDate: e.dueDate ?? null,
            amount: e.amount,
            installment: e.installment ?? null,
            planId: e.planId ?? null,
            description: e.description,
            createdAt,
          })!.id,
      );
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
