/** Invoicing plans (IPL): templates, plans with their header amounts, plan lines and the documents they generated. */
import type Database from 'better-sqlite3';
import type { DocumentStatus } from '../../core/invoicing/types';
import type { TipoDocumento } from '../../core/fatturapa/schema.generated';
import type { PlanDocumentRow, PlanListRow, PlanRepository } from '../../core/ports';
import type { Plan, PlanDocumentData, PlanDocumentRole, PlanLine, PlanLineEdit, PlanLineType, PlanStatus, PlanSummary, PlanTemplate, PlanTemplateLine } from '../../core/ipl/types';
import { compact, escapeLike, nul, opt, page, pageBounds } from './common';

const SUMMARY = `p.status, p.order_amount AS orderAmount, p.total_advance AS totalAdvance, p.closing_amount AS closingAmount,
  p.advance_invoiced AS advanceInvoiced, p.total_invoiced AS totalInvoiced, p.collected, p.collected_local AS collectedLocal,
  p.remaining`;
const PLAN = `p.id, p.order_id AS orderId, p.customer_id AS customerId, p.template_id AS templateId, p.description,
  ${SUMMARY}, p.created_at AS createdAt, p.updated_at AS updatedAt`;
const LINE = `id, plan_id AS planId, position, type, percent, amount, planned_date AS plannedDate, payment_term AS paymentTerm,
  payment_method AS paymentMethod, text, execute, shipment_ids_json AS shipmentIdsJson, invoice_document_id AS invoiceDocumentId,
  invoiced_amount AS invoicedAmount, invoice_numero AS invoiceNumero, posting_date AS postingDate,
  credit_note_document_id AS creditNoteDocumentId, credit_note_numero AS creditNoteNumero, credit_note_amount AS creditNoteAmount,
  credit_note_date AS creditNoteDate`;

interface PlanRow {
  id: number;
  templateId: number | null;
  description: string | null;
  orderId: number;
  customerId: number;
  status: string;
  orderAmount: string;
  totalAdvance: string;
  closingAmount: string;
  advanceInvoiced: string;
  totalInvoiced: string;
  collected: string;
  collectedLocal: string;
  remaining: string;
  createdAt: string;
  updatedAt: string;
}

interface LineRow {
  id: number;
  planId: number;
  position: number;
  type: string;
  percent: string;
  amount: string;
  plannedDate: string | null;
  paymentTerm: string | null;
  paymentMethod: string | null;
  text: string | null;
  execute: number;
  shipmentIdsJson: string;
  invoiceDocumentId: number | null;
  invoicedAmount: string | null;
  invoiceNumero: string | null;
  postingDate: string | null;
  creditNoteDocumentId: number | null;
  creditNoteNumero: string | null;
  creditNoteAmount: string | null;
  creditNoteDate: string | null;
}

function summaryOf(r: PlanRow): PlanSummary {
  return {
    orderAmount: r.orderAmount,
    totalAdvance: r.totalAdvance,
    closingAmount: r.closingAmount,
    advanceInvoiced: r.advanceInvoiced,
    totalInvoiced: r.totalInvoiced,
    collected: r.collected,
    collectedLocal: r.collectedLocal,
    remaining: r.remaining,
    status: r.status as PlanStatus,
  };
}

function planFromRow(r: PlanRow): Plan {
  return compact({
    id: r.id,
    orderId: r.orderId,
    customerId: r.customerId,
    templateId: opt(r.templateId),
    description: opt(r.description),
    ...summaryOf(r),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });
}

function lineFromRow(r: LineRow): PlanLine {
  return compact({
    id: r.id,
    planId: r.planId,
    position: r.position,
    type: r.type as PlanLineType,
    percent: r.percent,
    amount: r.amount,
    plannedDate: opt(r.plannedDate),
    paymentTerm: opt(r.paymentTerm),
    paymentMethod: opt(r.paymentMethod),
    text: opt(r.text),
    execute: r.execute === 1,
    shipmentIds: JSON.parse(r.shipmentIdsJson) as number[],
    invoiceDocumentId: opt(r.invoiceDocumentId),
    invoicedAmount: opt(r.invoicedAmount),
    invoiceNumero: opt(r.invoiceNumero),
    postingDate: opt(r.postingDate),
    creditNoteDocumentId: opt(r.creditNoteDocumentId),
    creditNoteNumero: opt(r.creditNoteNumero),
    creditNoteAmount: opt(r.creditNoteAmount),
    creditNoteDate: opt(r.creditNoteDate),
  });
}

interface TemplateRow {
  id: number;
  name: string;
  description: string | null;
  linesJson: string;
  createdAt: string;
  updatedAt: string;
}

function templateFromRow(r: TemplateRow): PlanTemplate {
  return compact({ id: r.id, name: r.name, description: opt(r.description), lines: JSON.parse(r.linesJson) as PlanTemplateLine[], createdAt: r.createdAt, updatedAt: r.updatedAt });
}

export function createPlanRepository(db: Database.Database): PlanRepository {
  const tplAll = db.prepare('SELECT id, name, description, lines_json AS linesJson, created_at AS createdAt, updated_at AS updatedAt FROM ipl_templates ORDER BY name');
  const tplOne = db.prepare('SELECT id, name, description, lines_json AS linesJson, created_at AS createdAt, updated_at AS updatedAt FROM ipl_templates WHERE id = ?');
  const tplInsert = db.prepare('INSERT INTO ipl_templates (name, description, lines_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const tplUpdate = db.prepare('UPDATE ipl_templates SET name = ?, description = ?, lines_json = ?, updated_at = ? WHERE id = ?');
  const tplDelete = db.prepare('DELETE FROM ipl_templates WHERE id = ?');

  const planInsert = db.prepare(`INSERT INTO ipl_plans (order_id, customer_id, template_id, description, status, order_amount,
    total_advance, closing_amount, advance_invoiced, total_invoiced, collected, collected_local, remaining, created_at, updated_at)
    VALUES (@orderId, @customerId, @templateId, @description, @status, @orderAmount, @totalAdvance, @closingAmount,
    @advanceInvoiced, @totalInvoiced, @collected, @collectedLocal, @remaining, @at, @at)`);
  const planById = db.prepare(`SELECT ${PLAN} FROM ipl_plans p WHERE p.id = ?`);
  const planByOrder = db.prepare(`SELECT ${PLAN} FROM ipl_plans p WHERE p.order_id = ?`);
  const planSummary = db.prepare(`UPDATE ipl_plans SET status = @status, order_amount = @orderAmount, total_advance = @totalAdvance,
    closing_amount = @closingAmount, advance_invoiced = @advanceInvoiced, total_invoiced = @totalInvoiced, collected = @collected,
    collected_local = @collectedLocal, remaining = @remaining, updated_at = @at WHERE id = @id`);

  const linesOf = db.prepare(`SELECT ${LINE} FROM ipl_plan_lines WHERE plan_id = ? ORDER BY position, id`);
  const lineById = db.prepare(`SELECT ${LINE} FROM ipl_plan_lines WHERE id = ?`);
  const lineInsert = db.prepare(`INSERT INTO ipl_plan_lines (plan_id, position, type, percent, amount, planned_date, payment_term,
    payment_method, text, execute, shipment_ids_json) VALUES (@planId, @position, @type, @percent, @amount, @plannedDate,
    @paymentTerm, @paymentMethod, @text, @execute, @shipmentIdsJson)`);
  const lineUpdate = db.prepare(`UPDATE ipl_plan_lines SET position = @position, type = @type, percent = @percent, amount = @amount,
    planned_date = @plannedDate, payment_term = @paymentTerm, payment_method = @paymentMethod, text = @text, execute = @execute,
    shipment_ids_json = @shipmentIdsJson WHERE id = @id`);
  const lineDelete = db.prepare('DELETE FROM ipl_plan_lines WHERE id = ?');
  const linePosting = db.prepare(`UPDATE ipl_plan_lines SET invoice_document_id = @invoiceDocumentId, invoiced_amount = @invoicedAmount,
    invoice_numero = @invoiceNumero, posting_date = @postingDate, credit_note_document_id = @creditNoteDocumentId,
    credit_note_numero = @creditNoteNumero, credit_note_amount = @creditNoteAmount, credit_note_date = @creditNoteDate WHERE id = @id`);

  const docInsert = db.prepare('INSERT INTO ipl_documents (document_id, plan_id, line_id, role, data_json, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const docLink = db.prepare('SELECT document_id AS documentId, plan_id AS planId, line_id AS lineId, role, data_json AS dataJson, created_at AS createdAt FROM ipl_documents WHERE document_id = ?');
  const docsOf = db.prepare(`SELECT i.document_id AS documentId, i.plan_id AS planId, i.line_id AS lineId, i.role, i.data_json AS dataJson,
    i.created_at AS createdAt, d.status, d.tipo_documento AS tipoDocumento, d.numero, d.date, d.imponibile, d.totale
    FROM ipl_documents i JOIN documents d ON d.id = i.document_id WHERE i.plan_id = ? ORDER BY i.document_id`);

  const editParams = (e: PlanLineEdit) => ({
    type: e.type,
    percent: e.percent,
    amount: e.amount,
    plannedDate: nul(e.plannedDate),
    paymentTerm: nul(e.paymentTerm),
    paymentMethod: nul(e.paymentMethod),
    text: nul(e.text),
    execute: e.execute ? 1 : 0,
    shipmentIdsJson: JSON.stringify(e.shipmentIds),
  });
  type LinkRow = { documentId: number; planId: number; lineId: number; role: string; dataJson: string; createdAt: string };
  const link = (r: LinkRow) => ({ documentId: r.documentId, planId: r.planId, lineId: r.lineId, role: r.role as PlanDocumentRole, data: JSON.parse(r.dataJson) as PlanDocumentData, createdAt: r.createdAt });

  return {
    listTemplates: () => (tplAll.all() as TemplateRow[]).map(templateFromRow),
    getTemplate(id) {
      const r = tplOne.get(id) as TemplateRow | undefined;
      return r ? templateFromRow(r) : undefined;
    },
    insertTemplate(t, at) {
      return Number(tplInsert.run(t.name, nul(t.description), JSON.stringify(t.lines), at, at).lastInsertRowid);
    },
    updateTemplate(t, at) {
      tplUpdate.run(t.name, nul(t.description), JSON.stringify(t.lines), at, t.id);
    },
    deleteTemplate(id) {
      tplDelete.run(id);
    },

    insert(p, at) {
      return Number(planInsert.run({ orderId: p.orderId, customerId: p.customerId, templateId: p.templateId ?? null, description: nul(p.description), ...p.summary, at }).lastInsertRowid);
    },
    get(id) {
      const r = planById.get(id) as PlanRow | undefined;
      return r ? planFromRow(r) : undefined;
    },
    getByOrder(orderId) {
      const r = planByOrder.get(orderId) as PlanRow | undefined;
      return r ? planFromRow(r) : undefined;
    },
    list(q) {
      const bounds = pageBounds(q);
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.customerId !== undefined) {
        where.push('p.customer_id = ?');
        params.push(q.customerId);
      }
      if (q.orderId !== undefined) {
        where.push('p.order_id = ?');
        params.push(q.orderId);
      }
      if (q.status?.length) {
        where.push(`p.status IN (${q.status.map(() => '?').join(', ')})`);
        params.push(...q.status);
      }
      for (const word of (q.text ?? '').trim().split(/\s+/).filter(Boolean)) {
        const w = escapeLike(word);
        where.push(`(o.numero LIKE ? ESCAPE '\\' OR o.customer_name LIKE ? ESCAPE '\\' OR p.description LIKE ? ESCAPE '\\')`);
        params.push(`${w}%`, `%${w}%`, `%${w}%`);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const from = 'FROM ipl_plans p JOIN sales_orders o ON o.id = p.order_id';
      const total = db.prepare(`SELECT count(*) ${from} ${clause}`).pluck().get(...params) as number;
      const rows = db
        .prepare(
          `SELECT p.id, p.order_id AS orderId, o.numero AS orderNumero, o.date AS orderDate, p.customer_id AS customerId,
             o.customer_name AS customerName, o.divisa, p.description, ${SUMMARY}, p.updated_at AS updatedAt
           ${from} ${clause} ORDER BY p.id DESC LIMIT ? OFFSET ?`,
        )
        .all(...params, bounds.limit, bounds.offset) as (PlanRow & { orderNumero: string; orderDate: string; customerName: string; divisa: string })[];
      const out: PlanListRow[] = rows.map((r) =>
        compact({
          id: r.id,
          orderId: r.orderId,
          orderNumero: r.orderNumero,
          orderDate: r.orderDate,
          customerId: r.customerId,
          customerName: r.customerName,
          divisa: r.divisa,
          description: opt(r.description),
          ...summaryOf(r),
          updatedAt: r.updatedAt,
        }),
      );
      return page(out, total, bounds);
    },
    saveSummary(id, s, at) {
      planSummary.run({ id, ...s, at });
    },

    lines: (planId) => (linesOf.all(planId) as LineRow[]).map(lineFromRow),
    line(lineId) {
      const r = lineById.get(lineId) as LineRow | undefined;
      return r ? lineFromRow(r) : undefined;
    },
    insertLine(planId, position, edit) {
      return Number(lineInsert.run({ planId, position, ...editParams(edit) }).lastInsertRowid);
    },
    updateLine(lineId, position, edit) {
      lineUpdate.run({ id: lineId, position, ...editParams(edit) });
    },
    deleteLine(lineId) {
      lineDelete.run(lineId);
    },
    setLinePosting(lineId, p) {
      linePosting.run({
        id: lineId,
        invoiceDocumentId: p.invoiceDocumentId ?? null,
        invoicedAmount: nul(p.invoicedAmount),
        invoiceNumero: nul(p.invoiceNumero),
        postingDate: nul(p.postingDate),
        creditNoteDocumentId: p.creditNoteDocumentId ?? null,
        creditNoteNumero: nul(p.creditNoteNumero),
        creditNoteAmount: nul(p.creditNoteAmount),
        creditNoteDate: nul(p.creditNoteDate),
      });
    },

    insertDocument(l) {
      docInsert.run(l.documentId, l.planId, l.lineId, l.role, JSON.stringify(l.data), l.createdAt);
    },
    documentLink(documentId) {
      const r = docLink.get(documentId) as LinkRow | undefined;
      return r ? link(r) : undefined;
    },
    documents(planId) {
      const rows = docsOf.all(planId) as (LinkRow & { status: string; tipoDocumento: string; numero: string | null; date: string; imponibile: string | null; totale: string | null })[];
      return rows.map(
        (r): PlanDocumentRow =>
          compact({
            ...link(r),
            status: r.status as DocumentStatus,
            tipoDocumento: r.tipoDocumento as TipoDocumento,
            numero: opt(r.numero),
            date: r.date,
            imponibile: opt(r.imponibile),
            totale: opt(r.totale),
          }),
      );
    },
  };
}
