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
import type { DocumentDetail } from '../types';

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
