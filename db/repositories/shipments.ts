/** Shipments (DDT) of sales orders: written once when posted, then only the invoice that billed them is recorded. */
import type Database from 'better-sqlite3';
import type { ShipmentRepository, ShipmentRow } from '../../core/ports';
import type { Shipment, ShipmentLine } from '../../core/ipl/types';
import { compact, opt, page, pageBounds } from './common';

interface HeaderRow {
  id: number;
  orderId: number;
  year: number;
  number: number;
  numero: string;
  date: string;
  amount: string;
  invoiceDocumentId: number | null;
  createdAt: string;
}

const HEADER = `s.id, s.order_id AS orderId, s.year, s.number, s.numero, s.date, s.amount, s.invoice_document_id AS invoiceDocumentId,
  s.created_at AS createdAt`;

export function createShipmentRepository(db: Database.Database): ShipmentRepository {
  const insertHeader = db.prepare(`INSERT INTO shipments (order_id, year, number, numero, date, amount, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertLine = db.prepare('INSERT INTO shipment_lines (shipment_id, order_line_id, quantity, amount) VALUES (?, ?, ?, ?)');
  const byId = db.prepare(`SELECT ${HEADER} FROM shipments s WHERE s.id = ?`);
  const byOrder = db.prepare(`SELECT ${HEADER} FROM shipments s WHERE s.order_id = ? ORDER BY s.year, s.number`);
  const linesOfOrder = db.prepare(`SELECT l.id, l.shipment_id AS shipmentId, l.order_line_id AS orderLineId, l.quantity, l.amount
    FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id WHERE s.order_id = ? ORDER BY l.id`);
  const linesOf = db.prepare(`SELECT id, shipment_id AS shipmentId, order_line_id AS orderLineId, quantity, amount
    FROM shipment_lines WHERE shipment_id = ? ORDER BY id`);
  const invoiced = db.prepare('UPDATE shipments SET invoice_document_id = ? WHERE id = ? AND invoice_document_id IS NULL');

  const toShipment = (h: HeaderRow, lines: ShipmentLine[]): Shipment =>
    compact({
      id: h.id,
      orderId: h.orderId,
      year: h.year,
      number: h.number,
      numero: h.numero,
      date: h.date,
      amount: h.amount,
      invoiceDocumentId: opt(h.invoiceDocumentId),
      lines,
      createdAt: h.createdAt,
    });
  const line = (r: ShipmentLine & { shipmentId: number }): ShipmentLine => ({ id: r.id, orderLineId: r.orderLineId, quantity: r.quantity, amount: r.amount });

  return {
    insert(s, at) {
      const id = Number(insertHeader.run(s.orderId, s.year, s.number, s.numero, s.date, s.amount, at).lastInsertRowid);
      for (const l of s.lines) insertLine.run(id, l.orderLineId, l.quantity, l.amount);
      return id;
    },
    get(id) {
      const h = byId.get(id) as HeaderRow | undefined;
      return h ? toShipment(h, (linesOf.all(id) as (ShipmentLine & { shipmentId: number })[]).map(line)) : undefined;
    },
    listByOrder(orderId) {
      const lines = new Map<number, ShipmentLine[]>();
      for (const r of linesOfOrder.all(orderId) as (ShipmentLine & { shipmentId: number })[]) {
        const list = lines.get(r.shipmentId) ?? [];
        list.push(line(r));
        lines.set(r.shipmentId, list);
      }
      return (byOrder.all(orderId) as HeaderRow[]).map((h) => toShipment(h, lines.get(h.id) ?? []));
    },
    list(q) {
      const bounds = pageBounds(q);
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.orderId !== undefined) {
        where.push('s.order_id = ?');
        params.push(q.orderId);
      }
      if (q.customerId !== undefined) {
        where.push('o.customer_id = ?');
        params.push(q.customerId);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const from = 'FROM shipments s JOIN sales_orders o ON o.id = s.order_id';
      const total = db.prepare(`SELECT count(*) ${from} ${clause}`).pluck().get(...params) as number;
      const rows = db
        .prepare(
          `SELECT ${HEADER}, o.numero AS orderNumero, o.customer_id AS customerId, o.customer_name AS customerName, o.divisa ${from} ${clause}
           ORDER BY s.date DESC, s.id DESC LIMIT ? OFFSET ?`,
        )
        .all(...params, bounds.limit, bounds.offset) as (HeaderRow & { orderNumero: string; customerId: number; customerName: string; divisa: string })[];
      const out: ShipmentRow[] = rows.map((r) =>
        compact({
          id: r.id,
          orderId: r.orderId,
          orderNumero: r.orderNumero,
          customerId: r.customerId,
          customerName: r.customerName,
          numero: r.numero,
          date: r.date,
          amount: r.amount,
          divisa: r.divisa,
          invoiceDocumentId: opt(r.invoiceDocumentId),
        }),
      );
      return page(out, total, bounds);
    },
    markInvoiced(ids, documentId) {
      for (const id of ids) {
        if (invoiced.run(documentId, id).changes !== 1) throw new Error(`Spedizione ${id} già fatturata o inesistente`);
      }
    },
  };
}
