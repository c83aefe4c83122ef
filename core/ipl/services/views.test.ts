/** What the plan page and the shipments screen read: the template a plan came from, and the currency of a shipment. */
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestCompanies, setupCompany } from '../../invoicing/services/test-support';
import { releaseOrder, saveOrder } from './orders';
import { createPlanFromOrder } from './plans';
import { listShipments, postShipment } from './shipments';
import { deleteTemplate, saveTemplate } from './templates';
import { releasedOrder } from './test-support';
import { getPlanDetail } from './views';

afterEach(closeTestCompanies);

describe('plan detail: the template it was created from', () => {
  it('names the template, follows a rename, and drops the name once the template is deleted', () => {
    const f = setupCompany();
    const tpl = saveTemplate(f.store, { name: 'Anticipo 30% e saldo', lines: [{ type: 'advance', percent: '30', daysOffset: 0 }, { type: 'closing', percent: '70', daysOffset: 60 }] });
    const fromTemplate = createPlanFromOrder(f.store, { orderId: releasedOrder(f).id, templateId: tpl.id });
    expect([fromTemplate.plan.templateId, fromTemplate.templateName]).toEqual([tpl.id, 'Anticipo 30% e saldo']);
    expect(fromTemplate.lines.map((l) => [l.type, l.percent, l.amount, l.plannedDate])).toEqual([
      ['advance', '30.00', '600.00', '2025-01-10'],
      ['closing', '70.00', '1400.00', '2025-03-11'],
    ]);

    saveTemplate(f.store, { ...tpl, name: 'Anticipo 30%, saldo a 60 giorni' });
    expect(getPlanDetail(f.store, fromTemplate.plan.id).templateName).toBe('Anticipo 30%, saldo a 60 giorni');

    // An empty plan has no template; deleting the template leaves the plan and its lines, without the name.
    const empty = createPlanFromOrder(f.store, { orderId: releasedOrder(f).id });
    expect('templateName' in empty).toBe(false);
    deleteTemplate(f.store, tpl.id);
    const after = getPlanDetail(f.store, fromTemplate.plan.id);
    expect([after.plan.templateId, after.templateName, after.lines.length]).toEqual([undefined, undefined, 2]);
  });
});

describe('shipments list: the currency of the amounts', () => {
  it('carries the order currency with each shipment (EUR and USD)', () => {
    const f = setupCompany();
    const eur = releasedOrder(f);
    const usdDraft = saveOrder(f.store, { date: '2025-01-10', customerId: f.customer.id, divisa: 'USD', exchangeRate: '1.085', lines: [{ description: 'Macchina', quantity: '2', unitPrice: '500.00', vatCode: 'IVA22' }] });
    const usd = releaseOrder(f.store, usdDraft.id);
    postShipment(f.store, { orderId: eur.id, date: '2025-02-01', lines: [{ orderLineId: eur.lines[0]!.id, quantity: '1' }] });
    postShipment(f.store, { orderId: usd.id, date: '2025-02-02', lines: [{ orderLineId: usd.lines[0]!.id, quantity: '1' }] });
    const rows = listShipments(f.store, {}).rows;
    // Newest first.
    expect(rows.map((r) => [r.orderId, r.amount, r.divisa])).toEqual([
      [usd.id, '500.00', 'USD'],
      [eur.id, '100.00', 'EUR'],
    ]);
  });
});
