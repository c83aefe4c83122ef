/** Sales orders and their lines (IPL). The amounts computed by the order service are stored with the header. */
import type Database from 'better-sqlite3';
import type { Page, SalesOrderListQuery, SalesOrderRecord, SalesOrderRepository, SalesOrderRow } from '../../core/ports';
import type { OrderAmounts, OrderStatus, SalesOrder, SalesOrderLine } from '../../core/ipl/types';
import { compact, escapeLike, nul, opt, page, pageBounds } from './common';

interface HeaderRow {
  id: number;
  year: number;
  number: number;
  numero: string;
  date: string;
  customerId: number;
  customerName: string;
  status: string;
  divisa: string;
  exchangeRate: string;
  customerReference: string | null;
  customerReferenceDate: string | null;
  description: string | null;
  amountsJson: string;
  createdAt: string;
  updatedAt: string;
  releasedAt: string | null;
}

interface LineRow {
  id: number;
  position: number;
  itemId: number | null;
  itemCode: string | null;
  description: string;
  quantity: string;
  unitOfMeasure: string | null;
  unitPrice: string;
  discountPercent: string | null;
  vatCode: string;
}

const HEADER = `id, year, number, numero, date, customer_id AS customerId, customer_name AS customerName, status, divisa,
  exchange_rate AS exchangeRate, customer_reference AS customerReference, customer_reference_date AS customerReferenceDate,
  description, amounts_json AS amountsJson, created_at AS createdAt, updated_at AS updatedAt, released_at AS releasedAt`;
const LINE = `id, position, item_id AS itemId, item_code AS itemCode, description, quantity, unit_of_measure AS unitOfMeasure,
  unit_price AS unitPrice, discount_percent AS discountPercent, vat_code AS vatCode`;

function lineFromRow(r: LineRow): SalesOrderLine {
  return compact({
    id: r.id,
    position: r.position,
    itemId: opt(r.itemId),
    itemCode: opt(r.itemCode),
    description: r.description,
    quantity: r.quantity,
    unitOfMeasure: opt(r.unitOfMeasure),
    unitPrice: r.unitPrice,
    discountPercent: opt(r.discountPercent),
    vatCode: r.vatCode,
  });
}

export function createSalesOrderRepository(db: Database.Database): SalesOrderRepository {
  const insertHeader = db.prepare(`INSERT INTO sales_orders (year, number, numero, date, customer_id, customer_name, status, divisa,
    exchange_rate, customer_reference, customer_reference_date, description, taxable, vat, total, amounts_json, created_at, updated_at)
    VALUES (@year, @number, @numero, @date, @customerId, @customerName, 'open', @divisa, @exchangeRate, @customerReference,
    @customerReferenceDate, @description, @taxable, @vat, @total, @amountsJson, @at, @at)`);
  const updateHeader = db.prepare(`UPDATE sales_orders SET date = @date, customer_id = @customerId, customer_name = @customerName,
    divisa = @divisa, exchange_rate = @exchangeRate, customer_reference = @customerReference,
    customer_reference_date = @customerReferenceDate, description = @description, taxable = @taxable, vat = @vat, total = @total,
    amounts_json = @amountsJson, updated_at = @at WHERE id = @id`);
  const insertLine = db.prepare(`INSERT INTO sales_order_lines (order_id, position, item_id, item_code, description, quantity,
    unit_of_measure, unit_price, discount_percent, vat_code) VALUES (@orderId, @position, @itemId, @itemCode, @description,
    @quantity, @unitOfMeasure, @unitPrice, @discountPercent, @vatCode)`);
  const updateLine = db.prepare(`UPDATE sales_order_lines SET position = @position, item_id = @itemId, item_code = @itemCode,
    description = @description, quantity = @quantity, unit_of_measure = @unitOfMeasure, unit_price = @unitPrice,
    discount_percent = @discountPercent, vat_code = @vatCode WHERE id = @id AND order_id = @orderId`);
  const lineIds = db.prepare('SELECT id FROM sales_order_lines WHERE order_id = ?').pluck();
  const deleteLine = db.prepare('DELETE FROM sales_order_lines WHERE id = ?');
  const byId = db.prepare(`SELECT ${HEADER} FROM sales_orders WHERE id = ?`);
  const linesOf = db.prepare(`SELECT ${LINE} FROM sales_order_lines WHERE order_id = ? ORDER BY position, id`);
  const setStatus = db.prepare(`UPDATE sales_orders SET status = ?, updated_at = ?,
    released_at = CASE WHEN ? = 'released' THEN ? ELSE released_at END WHERE id = ?`);
  const deleteOrder = db.prepare('DELETE FROM sales_orders WHERE id = ?');

  const headerParams = (r: SalesOrderRecord, at: string) => ({
    date: r.date,
    customerId: r.customerId,
    customerName: r.customerName,
    divisa: r.divisa,
    exchangeRate: r.exchangeRate,
    customerReference: nul(r.customerReference),
    customerReferenceDate: nul(r.customerReferenceDate),
    description: nul(r.description),
    taxable: r.amounts.taxable,
    vat: r.amounts.vat,
    total: r.amounts.total,
    amountsJson: JSON.stringify(r.amounts),
    at,
  });
  const writeLines = (orderId: number, r: SalesOrderRecord) => {
    const keep = new Set(r.lines.filter((l) => l.id !== undefined).map((l) => l.id!));
    for (const id of lineIds.all(orderId) as number[]) if (!keep.has(id)) deleteLine.run(id);
    r.lines.forEach((l, i) => {
      const params = {
        orderId,
        position: i + 1,
        itemId: l.itemId ?? null,
        itemCode: nul(l.itemCode),
        description: l.description,
        quantity: l.quantity,
        unitOfMeasure: nul(l.unitOfMeasure),
        unitPrice: l.unitPrice,
        discountPercent: nul(l.discountPercent),
        vatCode: l.vatCode,
      };
      if (l.id !== undefined && updateLine.run({ ...params, id: l.id }).changes === 1) return;
      insertLine.run(params);
    });
  };

  return {
    insert(r, at) {
      const id = Number(insertHeader.run({ ...headerParams(r, at), year: r.year, number: r.number, numero: r.numero }).lastInsertRowid);
      writeLines(id, r);
      return id;
    },
    update(id, r, at) {
      updateHeader.run({ ...headerParams(r, at), id });
      writeLines(id, r);
    },
    get(id) {
      const h = byId.get(id) as HeaderRow | undefined;
      if (!h) return undefined;
      const order: SalesOrder = compact({
        id: h.id,
        year: h.year,
        number: h.number,
        numero: h.numero,
        date: h.date,
        customerId: h.customerId,
        customerName: h.customerName,
        status: h.status as OrderStatus,
        divisa: h.divisa,
        exchangeRate: h.exchangeRate,
        customerReference: opt(h.customerReference),
        customerReferenceDate: opt(h.customerReferenceDate),
        description: opt(h.description),
        lines: (linesOf.all(id) as LineRow[]).map(lineFromRow),
        amounts: JSON.parse(h.amountsJson) as OrderAmounts,
        createdAt: h.createdAt,
        updatedAt: h.updatedAt,
        releasedAt: opt(h.releasedAt),
      });
      return order;
    },
    list(q: SalesOrderListQuery): Page<SalesOrderRow> {
      const bounds = pageBounds(q);
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.customerId !== undefined) {
        where.push('o.customer_id = ?');
        params.push(q.customerId);
      }
      if (q.status !== undefined) {
        where.push('o.status = ?');
        params.push(q.status);
      }
      for (const word of (q.text ?? '').trim().split(/\s+/).filter(Boolean)) {
        where.push(`(o.numero LIKE ? ESCAPE '\\' OR o.customer_name LIKE ? ESCAPE '\\' OR o.description LIKE ? ESCAPE '\\')`);
        const w = escapeLike(word);
        params.push(`${w}%`, `%${w}%`, `%${w}%`);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT count(*) FROM sales_orders o ${clause}`).pluck().get(...params) as number) ?? 0;
      const rows = db
        .prepare(
          `SELECT o.id, o.numero, o.date, o.customer_id AS customerId, o.customer_name AS customerName, o.status, o.divisa,
            o.taxable, o.total, p.id AS planId
           FROM sales_orders o LEFT JOIN ipl_plans p ON p.order_id = o.id ${clause}
           ORDER BY o.date DESC, o.id DESC LIMIT ? OFFSET ?`,
        )
        .all(...params, bounds.limit, bounds.offset) as (SalesOrderRow & { planId: number | null })[];
      return page(
        rows.map((r) => compact({ ...r, status: r.status as OrderStatus, planId: opt(r.planId) })),
        total,
        bounds,
      );
    },
    setStatus(id, status, at) {
      setStatus.run(status, at, status, at, id);
    },
    delete(id) {
      deleteOrder.run(id);
    },
  };
}
