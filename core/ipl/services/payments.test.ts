/** Payments (incassi): application rules, refusals that write nothing, plan collected amounts in a foreign currency. */
import { afterEach, describe, expect, it } from 'vitest';
import { planApplications } from '../../invoicing/services/ledger-posting';
import { registerDocument } from '../../invoicing/services/registration';
import { closeTestCompanies, setupCompany } from '../../invoicing/services/test-support';
import { Decimal } from '../../money/decimal';
import { createAdvanceInvoices } from './actions';
import { releaseOrder, saveOrder } from './orders';
import { applyPayment, listPayments, openItems, recordPayment } from './payments';
import { addPlanLine, createPlanFromOrder } from './plans';
import { expectUnchanged, TODAY } from './test-support';
import { getPlanDetail } from './views';

afterEach(closeTestCompanies);

describe('planApplications (pure)', () => {
  const debits = [
    { entryId: 2, date: '2025-02-01', dueDate: '2025-03-31', open: Decimal.parse('100.00'), label: 'Fattura 2' },
    { entryId: 1, date: '2025-01-01', dueDate: '2025-01-31', open: Decimal.parse('50.00'), label: 'Fattura 1' },
  ];
  it('pays the oldest due date first, the last one partially', () => {
    expect(planApplications(Decimal.parse('120.00'), debits).map((a) => [a.entryId, a.amount.toFixed(2)])).toEqual([
      [1, '50.00'],
      [2, '70.00'],
    ]);
  });
  it('refuses to apply more than an installment owes or than the payment has left', () => {
    expect(() => planApplications(Decimal.parse('500.00'), debits, [{ entryId: 1, amount: '50.01' }])).toThrow(/supera il residuo aperto \(50,00\)/);
    expect(() => planApplications(Decimal.parse('60.00'), debits, [{ entryId: 1 }, { entryId: 2, amount: '10.01' }])).toThrow(/ancora 10,00 da abbinare/);
    expect(() => planApplications(Decimal.parse('60.00'), debits, [{ entryId: 9 }])).toThrow(/non è una rata aperta/);
  });
});

describe('payments on a plan in US dollars', () => {
  it('collects in the order currency and shows the euro value at the order’s exchange rate', () => {
    const f = setupCompany();
    const o = saveOrder(f.store, { date: '2025-01-10', customerId: f.customer.id, divisa: 'USD', exchangeRate: '1.085', lines: [{ description: 'Macchina', quantity: '1', unitPrice: '10000.00', vatCode: 'IVA22' }] });
    releaseOrder(f.store, o.id);
    const p = addPlanLine(f.store, createPlanFromOrder(f.store, { orderId: o.id }).plan.id, { type: 'advance', percent: '10', execute: true });
    const adv = createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId;
    const r = registerDocument(f.store, adv, { today: TODAY });
    expect([r.document.draft.divisa, r.totals.totale]).toEqual(['USD', '1220.00']); // 1000.00 + 22%

    // Over-applying is refused and writes nothing.
    const entry = f.store.ledger.listByDocument(adv)[0]!;
    expectUnchanged(f, 'ABBINAMENTO_ECCEDENTE', () => recordPayment(f.store, { customerId: f.customer.id, date: '2025-01-20', amount: '2000.00' }, { entries: [{ entryId: entry.id, amount: '1220.01' }] }));
    expectUnchanged(f, 'INCASSO_NON_VALIDO', () => recordPayment(f.store, { customerId: f.customer.id, date: '2025-01-20', amount: '-5.00' }));
    expectUnchanged(f, 'INCASSO_NON_VALIDO', () => recordPayment(f.store, { customerId: f.customer.id, date: '2025-01-20', amount: '5.001' }));

    // 1085.00 USD / 1.085 = 1000.00 EUR, all of it applied to the 1220.00 open.
    const pay = recordPayment(f.store, { customerId: f.customer.id, date: '2025-01-20', amount: '1085.00', reference: 'SWIFT 77' });
    expect(pay.applications.map((a) => a.amount)).toEqual(['1085.00']);
    let plan = getPlanDetail(f.store, p.plan.id).plan;
    expect([plan.collected, plan.collectedLocal]).toEqual(['1085.00', '1000.00']);
    const more = recordPayment(f.store, { customerId: f.customer.id, date: '2025-01-25', amount: '500.00' });
    // 1220.00 - 1085.00 = 135.00 open: the remaining 365.00 of the payment stays to apply.
    expect([more.applications.map((a) => a.amount), more.payment.unapplied]).toEqual([['135.00'], '365.00']);
    expect(listPayments(f.store, { customerId: f.customer.id, unappliedOnly: true }).rows.map((x) => x.id)).toEqual([more.payment.id]);
    expectUnchanged(f, 'NESSUNA_PARTITA_APERTA', () => applyPayment(f.store, more.payment.id));
    plan = getPlanDetail(f.store, p.plan.id).plan;
    expect([plan.collected, plan.collectedLocal]).toEqual(['1220.00', '1124.42']); // 1220.00 / 1.085 = 1124.4239... -> 1124.42
    // The ledger: invoice fully paid, the first payment used, 365.00 of credit left to the customer.
    const items = openItems(f.store, f.customer.id);
    expect(items.items.map((i) => [i.kind, i.amount, i.open, i.planId])).toEqual([
      ['invoice', '1220.00', '0.00', p.plan.id],
      ['payment', '-1085.00', '0.00', p.plan.id],
      ['payment', '-500.00', '-365.00', p.plan.id],
    ]);
    expect(items.balance).toBe('-365.00');
  });
});
