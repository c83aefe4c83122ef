/**
 * Payments (incassi) and the applications that match credits with open invoice installments. Payment and application
 * amounts always have exactly 2 decimals, so the sums in SQL are exact integer sums of cents
 * (`CAST(replace(amount, '.', '') AS INTEGER)`), never floats.
 */
import type Database from 'better-sqlite3';
import type { PaymentRepository } from '../../core/ports';
import type { LedgerApplication, Payment } from '../../core/ipl/types';
import { compact, nul, opt, page, pageBounds } from './common';

const CENTS = (col: string) => `CAST(replace(${col}, '.', '') AS INTEGER)`;

function centsToText(cents: number | bigint): string {
  const n = BigInt(cents);
  const neg = n < 0n;
  const abs = (neg ? -n : n).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

interface PaymentRow {
  id: number;
  customerId: number;
  customerName: string;
  date: string;
  amount: string;
  method: string | null;
  reference: string | null;
  notes: string | null;
  ledgerEntryId: number;
  createdAt: string;
  appliedCents: number | bigint;
}

const APPLIED = `coalesce((SELECT sum(${CENTS('a.amount')}) FROM ledger_applications a WHERE a.credit_entry_id = p.ledger_entry_id), 0)`;
const SELECT = `SELECT p.id, p.customer_id AS customerId, c.display_name AS customerName, p.date, p.amount, p.method, p.reference, p.notes,
  p.ledger_entry_id AS ledgerEntryId, p.created_at AS createdAt, ${APPLIED} AS appliedCents
  FROM payments p JOIN customers c ON c.id = p.customer_id`;

function fromRow(r: PaymentRow): Payment {
  const applied = BigInt(r.appliedCents);
  const amount = BigInt(r.amount.replace('.', ''));
  return compact({
    id: r.id,
    customerId: r.customerId,
    customerName: r.customerName,
    date: r.date,
    amount: r.amount,
    method: opt(r.method),
    reference: opt(r.reference),
    notes: opt(r.notes),
    ledgerEntryId: r.ledgerEntryId,
    applied: centsToText(applied),
    unapplied: centsToText(amount - applied),
    createdAt: r.createdAt,
  });
}

export function createPaymentRepository(db: Database.Database): PaymentRepository {
  const insert = db.prepare(`INSERT INTO payments (customer_id, date, amount, method, reference, notes, ledger_entry_id, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const byId = db.prepare(`${SELECT} WHERE p.id = ?`);
  const insertApp = db.prepare('INSERT INTO ledger_applications (credit_entry_id, debit_entry_id, amount, date, created_at) VALUES (?, ?, ?, ?, ?)');
  const byCustomer = db.prepare(`SELECT a.id, a.credit_entry_id AS creditEntryId, a.debit_entry_id AS debitEntryId, a.amount, a.date,
    a.created_at AS createdAt FROM ledger_applications a JOIN ledger_entries e ON e.id = a.debit_entry_id
    WHERE e.customer_id = ? ORDER BY a.id`);
  const collected = db.prepare(`SELECT a.amount FROM ledger_applications a
    JOIN ledger_entries d ON d.id = a.debit_entry_id JOIN ledger_entries c ON c.id = a.credit_entry_id
    WHERE d.plan_id = ? AND c.kind = 'payment' ORDER BY a.id`).pluck();
  const setPlan = db.prepare("UPDATE ledger_entries SET plan_id = ? WHERE id = ? AND kind = 'payment'");

  return {
    insert(p, at) {
      return Number(insert.run(p.customerId, p.date, p.amount, nul(p.method), nul(p.reference), nul(p.notes), p.ledgerEntryId, at).lastInsertRowid);
    },
    get(id) {
      const r = byId.get(id) as PaymentRow | undefined;
      return r ? fromRow(r) : undefined;
    },
    list(q) {
      const bounds = pageBounds(q);
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.customerId !== undefined) {
        where.push('p.customer_id = ?');
        params.push(q.customerId);
      }
      if (q.unappliedOnly) where.push(`${APPLIED} < ${CENTS('p.amount')}`);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = db.prepare(`SELECT count(*) FROM payments p ${clause}`).pluck().get(...params) as number;
      const rows = db.prepare(`${SELECT} ${clause} ORDER BY p.date DESC, p.id DESC LIMIT ? OFFSET ?`).all(...params, bounds.limit, bounds.offset) as PaymentRow[];
      return page(rows.map(fromRow), total, bounds);
    },
    insertApplications(apps, at) {
      for (const a of apps) insertApp.run(a.creditEntryId, a.debitEntryId, a.amount, a.date, at);
    },
    applicationsByCustomer(customerId) {
      return byCustomer.all(customerId) as LedgerApplication[];
    },
    collectedByPlan(planId) {
      return collected.all(planId) as string[];
    },
    setEntryPlan(entryId, planId) {
      setPlan.run(planId ?? null, entryId);
    },
  };
}
