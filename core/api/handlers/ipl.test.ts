/**
 * The IPL methods of the contract, scripted with `fatturadesk call` on a real company file: order, release, template,
 * plan, advance, registration through documents.register, shipment, closing, payment, ledger; and bad input refused
 * with the service's Italian error (exit code 1, error JSON on stderr).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../../cli/main';
import type { OpenItemsResult, OrderDetail, PaymentResult, PlanActionResult, PlanDetail, PlanTemplate, Shipment } from '../../ipl/api-types';
import type { DocumentDetail, LedgerEntry } from '../types';

const dir = mkdtempSync(join(tmpdir(), 'fd-ipl-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TODAY = '2026-11-23';
const db = join(dir, 'ipl.fdesk');

async function call<T>(method: string, args: unknown = {}): Promise<T> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), dataDir: join(dir, 'data'), today: () => TODAY };
  const code = await main(['call', db, method, JSON.stringify(args)], io);
  if (code !== 0) throw Object.assign(new Error(err.join('\n')), { code, error: JSON.parse(err.join('\n')) as { code: string; message: string } });
  return JSON.parse(out.join('\n')) as T;
}

async function callError(method: string, args: unknown): Promise<{ code: string; message: string }> {
  try {
    await call(method, args);
  } catch (e) {
    return (e as { error: { code: string; message: string } }).error;
  }
  throw new Error(`${method}: atteso un errore`);
}

describe('fatturadesk call: invoicing plans', () => {
  let customerId = 0;
  beforeAll(async () => {
    const io: CliIO = { out: () => undefined, err: () => undefined, dataDir: join(dir, 'data'), today: () => TODAY };
    expect(await main(['demo', db], io)).toBe(0);
    const customers = await call<{ rows: { id: number; kind: string }[] }>('customers.list', {});
    customerId = customers.rows.find((c) => c.kind === 'B2B')!.id;
  });

  it('runs a plan from the order to the payment', async () => {
    const order = await call<OrderDetail>('orders.save', {
      order: {
        date: TODAY,
        customerId,
        customerReference: 'PO-4471',
        lines: [
          { description: 'Scaffalature', quantity: '4', unitPrice: '250.00', vatCode: 'IVA22' },
          { description: 'Manuali', quantity: '2', unitPrice: '50.00', discountPercent: '10', vatCode: 'IVA4' },
        ],
      },
    });
    // 4 x 250 = 1000.00 at 22%; 2 x 45.00 = 90.00 at 4%.
    expect([order.status, order.amounts.taxable, order.amounts.vat, order.amounts.total]).toEqual(['open', '1090.00', '223.60', '1313.60']);
    expect((await call<OrderDetail>('orders.release', { id: order.id })).status).toBe('released');
    const listed = await call<{ rows: { id: number; status: string }[] }>('orders.list', { search: order.numero });
    expect(listed.rows.map((r) => [r.id, r.status])).toEqual([[order.id, 'released']]);

    const template = await call<PlanTemplate>('planTemplates.save', { template: { name: 'Anticipo e saldo', lines: [{ type: 'advance', percent: '20', daysOffset: 0 }, { type: 'closing', percent: '80', daysOffset: 0 }] } });
    expect((await call<PlanTemplate[]>('planTemplates.list')).map((t) => t.name)).toContain('Anticipo e saldo');
    let plan = await call<PlanDetail>('plans.createFromOrder', { orderId: order.id, templateId: template.id });
    expect(plan.lines.map((l) => [l.type, l.percent, l.amount])).toEqual([
      ['advance', '20.00', '218.00'],
      ['closing', '80.00', '872.00'],
    ]);
    await call('plans.setExecute', { lineIds: [plan.lines[0]!.id], execute: true });
    const adv = await call<PlanActionResult>('plans.createAdvanceInvoice', { planId: plan.plan.id, postingDate: TODAY });
    const advDoc = await call<DocumentDetail>('documents.get', { id: adv.created[0]!.documentId });
    // 218.00 split 1000 : 90 -> 200.00 + 18.00; the customer's order reference travels as DatiOrdineAcquisto.
    expect(advDoc.draft.lines.map((l) => [l.vatCode, l.prezzoUnitario])).toEqual([
      ['IVA22', '200.00'],
      ['IVA4', '18.00'],
    ]);
    expect(advDoc.draft.references?.ordini).toEqual([{ IdDocumento: 'PO-4471' }]);
    const registered = await call<DocumentDetail>('documents.register', { id: advDoc.id });
    plan = await call<PlanDetail>('plans.get', { id: plan.plan.id });
    expect([plan.lines[0]!.invoicedAmount, plan.lines[0]!.invoiceNumero, plan.plan.advanceInvoiced]).toEqual(['218.00', registered.numero, '218.00']);
    expect(plan.lines[0]!.documents.map((d) => [d.documentId, d.status])).toEqual([[advDoc.id, 'queued']]);

    const shipment = await call<Shipment>('shipments.post', { orderId: order.id, date: TODAY, lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) });
    expect(shipment.amount).toBe('1090.00');
    expect((await call<{ rows: unknown[] }>('shipments.list', { orderId: order.id })).rows).toHaveLength(1);
    await call('plans.updateLine', { lineId: plan.lines[1]!.id, patch: { plannedDate: TODAY, execute: true } });
    const closing = await call<PlanActionResult>('plans.createInvoice', { planId: plan.plan.id });
    expect(closing.created.map((c) => c.tipoDocumento)).toEqual(['TD01']);
    const closingDoc = await call<DocumentDetail>('documents.register', { id: closing.created[0]!.documentId });
    // 1000 - 200 = 800.00 x 22% = 176.00; 90 - 18 = 72.00 x 4% = 2.88: 800 + 72 + 176 + 2.88 = 1050.88.
    expect(closingDoc.totals.totale).toBe('1050.88');
    plan = await call<PlanDetail>('plans.get', { id: plan.plan.id });
    expect([plan.plan.status, plan.plan.remaining, plan.plan.totalInvoiced]).toEqual(['invoiced', '0.00', '1313.60']); // 262.72 + 1050.88
    const plans = await call<{ rows: { id: number; status: string; orderNumero: string }[] }>('plans.list', { status: ['invoiced'] });
    expect(plans.rows.map((r) => [r.id, r.orderNumero])).toEqual([[plan.plan.id, order.numero]]);

    const paid = await call<PaymentResult>('payments.record', { customerId, date: TODAY, amount: '262.72', method: 'BON', reference: 'CRO 12' });
    // The demo has older open invoices for this customer: oldest due first pays those before the plan's.
    expect(paid.payment.applied).toBe('262.72');
    const ledger = await call<OpenItemsResult>('ledger.openItems', { customerId, onlyOpen: true });
    expect(ledger.items.every((i) => i.open !== '0.00')).toBe(true);
    const planEntry = ledger.items.find((i) => i.planId === plan.plan.id && i.kind === 'invoice')!;
    const rest = await call<PaymentResult>('payments.record', { customerId, date: TODAY, amount: planEntry.open, apply: true, entries: [{ entryId: planEntry.id }] });
    expect(rest.applications.map((a) => [a.entryId, a.amount, a.planId])).toEqual([[planEntry.id, planEntry.open, plan.plan.id]]);
    expect((await call<{ rows: { id: number }[] }>('payments.list', { customerId })).rows.map((p) => p.id)).toContain(rest.payment.id);
    expect(Number((await call<PlanDetail>('plans.get', { id: plan.plan.id })).plan.collected)).toBeGreaterThan(0);
  });

  it('edits a plan, reverses an advance, bills and collects through the remaining methods, each checked by its state after', async () => {
    // ---- planTemplates.save: create, then edit in place (same id, new name and lines) ----------------------------
    const created = await call<PlanTemplate>('planTemplates.save', { template: { name: 'Bozza modello', lines: [{ type: 'closing', percent: '100', daysOffset: 10 }] } });
    expect(created).toMatchObject({ name: 'Bozza modello', lines: [{ type: 'closing', percent: '100.00', daysOffset: 10 }] });
    const template = await call<PlanTemplate>('planTemplates.save', {
      template: {
        id: created.id,
        name: 'Acconto 30% e saldo 50%',
        lines: [
          { type: 'advance', percent: '30', daysOffset: 0, paymentTerm: '30DF', paymentMethod: 'BON', text: 'Acconto alla firma' },
          { type: 'closing', percent: '50', daysOffset: 0, paymentTerm: 'RD', paymentMethod: 'BON' },
        ],
      },
    });
    expect(template.id).toBe(created.id);
    const templates = await call<PlanTemplate[]>('planTemplates.list');
    expect(templates.filter((t) => t.id === created.id).map((t) => [t.name, t.lines.map((l) => [l.type, l.percent, l.paymentTerm ?? null, l.text ?? null])])).toEqual([
      ['Acconto 30% e saldo 50%', [['advance', '30.00', '30DF', 'Acconto alla firma'], ['closing', '50.00', 'RD', null]]],
    ]);
    expect(templates.some((t) => t.name === 'Bozza modello')).toBe(false);

    // ---- an order of 10 x 100.00 (IVA22) + 4 x 50.00 (IVA10) = 1200.00, released; a plan without lines -------------
    const order = await call<OrderDetail>('orders.save', {
      order: {
        date: TODAY,
        customerId,
        lines: [
          { description: 'Banchi da lavoro', quantity: '10', unitPrice: '100.00', vatCode: 'IVA22' },
          { description: 'Guide tecniche', quantity: '4', unitPrice: '50.00', vatCode: 'IVA10' },
        ],
      },
    });
    await call('orders.release', { id: order.id });
    let plan = await call<PlanDetail>('plans.createFromOrder', { orderId: order.id });
    const planId = plan.plan.id;
    expect([plan.plan.orderAmount, plan.lines]).toEqual(['1200.00', []]);

    // ---- plans.addLine: an advance of 20% = 240.00 ----------------------------------------------------------------
    plan = await call<PlanDetail>('plans.addLine', { planId, line: { type: 'advance', percent: '20' } });
    expect(plan.lines.map((l) => [l.position, l.type, l.percent, l.amount, l.execute])).toEqual([[1, 'advance', '20.00', '240.00', false]]);
    expect([plan.plan.totalAdvance, plan.plan.closingAmount]).toEqual(['240.00', '960.00']);

    // ---- plans.applyTemplate: its two lines after the plan's own, dated order date + 0, with payment and text -------
    plan = await call<PlanDetail>('plans.applyTemplate', { planId, templateId: template.id });
    expect(plan.lines.map((l) => [l.position, l.type, l.percent, l.amount, l.plannedDate ?? null, l.paymentTerm ?? null, l.text ?? null])).toEqual([
      [1, 'advance', '20.00', '240.00', null, null, null],
      [2, 'advance', '30.00', '360.00', TODAY, '30DF', 'Acconto alla firma'],
      [3, 'closing', '50.00', '600.00', TODAY, 'RD', null],
    ]);
    expect([plan.plan.totalAdvance, plan.plan.closingAmount]).toEqual(['600.00', '600.00']);
    expect((await call<PlanDetail>('plans.get', { id: planId })).lines).toHaveLength(3);

    // ---- plans.deleteLine: the template's advance goes, the closing becomes line 2 ---------------------------------
    plan = await call<PlanDetail>('plans.deleteLine', { lineId: plan.lines[1]!.id });
    expect(plan.lines.map((l) => [l.position, l.type, l.percent])).toEqual([
      [1, 'advance', '20.00'],
      [2, 'closing', '50.00'],
    ]);
    expect([plan.plan.totalAdvance, plan.plan.closingAmount]).toEqual(['240.00', '960.00']);
    const [advLine, closingLine] = plan.lines.map((l) => l.id) as [number, number];

    // ---- planTemplates.delete: gone from the list; the plan keeps the lines it took from it -----------------------
    expect(await call('planTemplates.delete', { id: template.id })).toBeNull();
    expect((await call<PlanTemplate[]>('planTemplates.list')).some((t) => t.id === template.id)).toBe(false);
    expect((await call<PlanDetail>('plans.get', { id: planId })).lines.map((l) => [l.type, l.paymentTerm ?? null])).toEqual([
      ['advance', null],
      ['closing', 'RD'],
    ]);

    // ---- orders.reopen, 15 pieces instead of 10 (1700.00), release; the plan follows the order ---------------------
    const reopened = await call<OrderDetail>('orders.reopen', { id: order.id });
    expect(reopened.status).toBe('open');
    expect((await call<PlanDetail>('plans.get', { id: planId })).order.status).toBe('open');
    await call('orders.save', { order: { id: order.id, date: order.date, customerId, lines: [{ ...order.lines[0]!, quantity: '15' }, order.lines[1]!].map(({ amount: _a, shipped: _s, toShip: _t, position: _p, ...l }) => l) } });
    expect((await call<OrderDetail>('orders.release', { id: order.id })).amounts.taxable).toBe('1700.00');
    plan = await call<PlanDetail>('plans.get', { id: planId });
    expect([plan.plan.orderAmount, plan.lines[0]!.percent, plan.lines[0]!.amount]).toEqual(['1700.00', '20.00', '240.00']); // until "Ricalcola piano"

    // ---- plans.recalculate: percent keeps 240.00 (240 / 1700 = 14.1176%), amount keeps the % (1700 x 14.1176% = 240.00)
    plan = await call<PlanDetail>('plans.recalculate', { planId, mode: 'percent' });
    expect(plan.lines.map((l) => [l.percent, l.amount])).toEqual([
      ['14.1176', '240.00'],
      ['50.00', '600.00'], // not an advance: untouched
    ]);
    plan = await call<PlanDetail>('plans.recalculate', { planId, mode: 'amount' });
    expect(plan.lines.map((l) => [l.percent, l.amount])).toEqual([
      ['14.1176', '240.00'], // 1700 x 14.1176% = 239.9992 -> 240.00
      ['50.00', '600.00'],
    ]);
    expect((await call<PlanDetail>('plans.get', { id: planId })).plan.totalAdvance).toBe('240.00');

    // ---- the advance (240.00 split 1500 : 200 -> 211.76 + 28.24), registered -------------------------------------
    await call('plans.setExecute', { lineIds: [advLine], execute: true });
    const adv = (await call<PlanActionResult>('plans.createAdvanceInvoice', { planId, postingDate: TODAY })).created[0]!.documentId;
    const advReg = await call<DocumentDetail>('documents.register', { id: adv });
    // 211.76 x 22% = 46.5872 -> 46.59; 28.24 x 10% = 2.824 -> 2.82: 240.00 + 49.41 = 289.41.
    expect(advReg.totals.totale).toBe('289.41');

    // ---- plans.createCreditNote: a TD04 reversing it in full, linked to it; registered, the line shows it ----------
    await call('plans.setExecute', { lineIds: [advLine], execute: true });
    const nc = await call<PlanActionResult>('plans.createCreditNote', { planId, postingDate: TODAY });
    expect(nc.created.map((c) => [c.lineId, c.role, c.tipoDocumento])).toEqual([[advLine, 'advance_credit_note', 'TD04']]);
    expect(nc.plan.lines[0]!.execute).toBe(false);
    expect(nc.plan.lines[0]!.documents.map((d) => [d.tipoDocumento, d.status])).toEqual([
      ['TD02', 'queued'],
      ['TD04', 'draft'],
    ]);
    const ncDraft = await call<DocumentDetail>('documents.get', { id: nc.created[0]!.documentId });
    expect(ncDraft.draft.lines.map((l) => [l.prezzoUnitario, l.aliquotaIva])).toEqual(advReg.draft.lines.map((l) => [l.prezzoUnitario, l.aliquotaIva]));
    expect(ncDraft.draft.references?.fattureCollegate).toEqual([{ IdDocumento: advReg.numero, Data: TODAY }]);
    const ncReg = await call<DocumentDetail>('documents.register', { id: ncDraft.id });
    expect(ncReg.totals.totale).toBe('289.41');
    plan = await call<PlanDetail>('plans.get', { id: planId });
    expect([plan.lines[0]!.reversed, plan.lines[0]!.creditNoteNumero, plan.lines[0]!.creditNoteAmount, plan.lines[0]!.creditNoteDate]).toEqual([true, ncReg.numero, '240.00', TODAY]);
    expect([plan.plan.advanceInvoiced, plan.plan.totalInvoiced, plan.plan.totalAdvance, plan.plan.remaining]).toEqual(['0.00', '0.00', '0.00', '1700.00']);

    // ---- ledger.list: both documents posted with the plan number, opposite amounts -------------------------------
    const ledger = await call<LedgerEntry[]>('ledger.list', { customerId });
    const ofPlan = ledger.filter((e) => e.planId === planId);
    expect(ofPlan.map((e) => [e.kind, e.documentId, e.amount, e.date])).toEqual([
      ['invoice', adv, '289.41', TODAY],
      ['credit_note', ncDraft.id, '-289.41', TODAY],
    ]);
    expect(ledger.every((e) => e.customerId === customerId)).toBe(true);
    // Without a customer: every customer's entries, this customer's among them.
    const all = await call<LedgerEntry[]>('ledger.list', {});
    expect(all.length).toBeGreaterThan(ledger.length);
    expect(all.filter((e) => e.planId === planId).map((e) => e.id)).toEqual(ofPlan.map((e) => e.id));

    // ---- shipments.get: the DDT with its lines, then billed by the closing ---------------------------------------
    const posted = await call<Shipment>('shipments.post', { orderId: order.id, date: TODAY, lines: [{ orderLineId: order.lines[0]!.id, quantity: '15' }, { orderLineId: order.lines[1]!.id, quantity: '4' }] });
    let ddt = await call<Shipment>('shipments.get', { id: posted.id });
    expect([ddt.numero, ddt.date, ddt.amount, ddt.orderId, ddt.invoiceDocumentId]).toEqual([posted.numero, TODAY, '1700.00', order.id, undefined]);
    expect(ddt.lines.map((l) => [l.orderLineId, l.quantity, l.amount])).toEqual([
      [order.lines[0]!.id, '15', '1500.00'],
      [order.lines[1]!.id, '4', '200.00'],
    ]);
    await call('plans.setExecute', { lineIds: [closingLine], execute: true });
    const closing = (await call<PlanActionResult>('plans.createInvoice', { planId })).created[0]!.documentId;
    const closingReg = await call<DocumentDetail>('documents.register', { id: closing });
    // Nothing to deduct (the advance was reversed): 1500 x 1.22 + 200 x 1.10 = 1830.00 + 220.00.
    expect(closingReg.totals.totale).toBe('2050.00');
    ddt = await call<Shipment>('shipments.get', { id: posted.id });
    expect(ddt.invoiceDocumentId).toBe(closing);
    plan = await call<PlanDetail>('plans.get', { id: planId });
    expect([plan.plan.status, plan.plan.totalInvoiced, plan.plan.remaining, plan.plan.collected]).toEqual(['invoiced', '2050.00', '0.00', '0.00']);

    // ---- payments.apply: an incasso recorded without applying it, then applied in two steps to the closing --------
    const closingEntry = (await call<OpenItemsResult>('ledger.openItems', { customerId, onlyOpen: true })).items.find((i) => i.documentId === closing)!;
    expect([closingEntry.open, closingEntry.planId]).toEqual(['2050.00', planId]);
    const recorded = await call<PaymentResult>('payments.record', { customerId, date: TODAY, amount: '2050.00', method: 'BON', reference: 'CRO 77', apply: false });
    expect([recorded.payment.applied, recorded.payment.unapplied, recorded.applications]).toEqual(['0.00', '2050.00', []]);
    const first = await call<PaymentResult>('payments.apply', { paymentId: recorded.payment.id, entries: [{ entryId: closingEntry.id, amount: '1000.00' }] });
    expect(first.applications.map((a) => [a.entryId, a.amount, a.planId])).toEqual([[closingEntry.id, '1000.00', planId]]);
    expect([first.payment.applied, first.payment.unapplied]).toEqual(['1000.00', '1050.00']);
    expect((await call<PlanDetail>('plans.get', { id: planId })).plan.collected).toBe('1000.00');
    const rest = await call<PaymentResult>('payments.apply', { paymentId: recorded.payment.id, entries: [{ entryId: closingEntry.id }] });
    expect(rest.applications.map((a) => [a.entryId, a.amount])).toEqual([[closingEntry.id, '1050.00']]);
    expect([rest.payment.applied, rest.payment.unapplied]).toEqual(['2050.00', '0.00']);
    const after = await call<OpenItemsResult>('ledger.openItems', { customerId });
    expect(after.items.find((i) => i.id === closingEntry.id)).toMatchObject({ applied: '2050.00', open: '0.00' });
    plan = await call<PlanDetail>('plans.get', { id: planId });
    expect([plan.plan.collected, plan.plan.collectedLocal]).toEqual(['2050.00', '2050.00']);
    const listed = await call<{ rows: { id: number; applied: string; unapplied: string }[] }>('payments.list', { customerId });
    expect(listed.rows.find((p) => p.id === recorded.payment.id)).toMatchObject({ applied: '2050.00', unapplied: '0.00' });
    // Nothing left of it to apply: refused in Italian, nothing changed.
    const again = await callError('payments.apply', { paymentId: recorded.payment.id, entries: [{ entryId: closingEntry.id }] });
    expect(again.code).toBe('INCASSO_GIA_ABBINATO');
    expect(again.message).toBe('L’incasso del 23/11/2026 di 2050,00 è già abbinato per intero.');
    expect((await call<PlanDetail>('plans.get', { id: planId })).plan.collected).toBe('2050.00');
  });

  it('refuses bad input with the service’s Italian error', async () => {
    const empty = await call<OrderDetail>('orders.save', { order: { date: TODAY, customerId, lines: [] } });
    const e1 = await callError('orders.release', { id: empty.id });
    expect(e1.code).toBe('ORDINE_VUOTO');
    expect(e1.message).toContain('non ha righe');
    const o = await call<OrderDetail>('orders.save', { order: { date: TODAY, customerId, lines: [{ description: 'Viti', quantity: '10', unitPrice: '1.00', vatCode: 'IVA22' }] } });
    await call('orders.release', { id: o.id });
    const e2 = await callError('shipments.post', { orderId: o.id, date: TODAY, lines: [{ orderLineId: o.lines[0]!.id, quantity: '11' }] });
    expect(e2.code).toBe('SPEDIZIONE_OLTRE_RESIDUO');
    const e3 = await callError('plans.recalculate', { planId: 1, mode: 'sideways' });
    expect(e3.code).toBe('ARGOMENTI_NON_VALIDI');
    await call('orders.delete', { id: empty.id });
    expect((await callError('orders.get', { id: empty.id })).code).toBe('ORDINE_NON_TROVATO');
  });
});
