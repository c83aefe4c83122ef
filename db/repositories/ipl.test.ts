/** Migration 4 (IPL): what the database itself refuses, whatever a repository or a hand-made UPDATE tries. */
import { afterEach, describe, expect, it } from 'vitest';
import { registerDocument } from '../../core/invoicing/services/registration';
import { closeTestCompanies, setupCompany } from '../../core/invoicing/services/test-support';
import { createAdvanceInvoices } from '../../core/ipl/services/actions';
import { recordPayment } from '../../core/ipl/services/payments';
import { postShipment } from '../../core/ipl/services/shipments';
import { planWith, releasedOrder, TODAY } from '../../core/ipl/services/test-support';

afterEach(closeTestCompanies);

describe('IPL tables (migration 4)', () => {
  it('freezes posted shipments, registered plan lines and ledger applications', () => {
    const f = setupCompany();
    const db = f.handle.sqlite;
    const o = releasedOrder(f);
    const s = postShipment(f.store, { orderId: o.id, date: '2025-02-01', lines: [{ orderLineId: o.lines[0]!.id, quantity: '1' }] });
    expect(() => db.prepare('UPDATE shipments SET amount = ? WHERE id = ?').run('1.00', s.id)).toThrow(/spedizione registrata/);
    expect(() => db.prepare('UPDATE shipment_lines SET quantity = ? WHERE shipment_id = ?').run('2', s.id)).toThrow(/spedizione registrata/);
    expect(() => db.prepare('DELETE FROM shipments WHERE id = ?').run(s.id)).toThrow(/non si può eliminare/);
    // A shipped order line cannot disappear under its DDT.
    expect(() => db.prepare('DELETE FROM sales_order_lines WHERE id = ?').run(o.lines[0]!.id)).toThrow(/FOREIGN KEY/);

    const p = planWith(f, o.id, [{ type: 'advance', percent: '10', execute: true }]);
    const adv = createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId;
    registerDocument(f.store, adv, { today: TODAY });
    expect(() => db.prepare('DELETE FROM ipl_plan_lines WHERE id = ?').run(p.lines[0]!.id)).toThrow(/documenti registrati/);
    const pay = recordPayment(f.store, { customerId: f.customer.id, date: '2025-01-20', amount: '10.00' });
    expect(pay.applications).toHaveLength(1);
    expect(() => db.prepare("UPDATE ledger_applications SET amount = '1.00'").run()).toThrow(/abbinamento registrato/);
    expect(() => db.prepare('DELETE FROM ledger_applications').run()).toThrow(/non si può eliminare/);
    // Amounts summed in SQL are always 2-decimal text: the database refuses anything else.
    expect(() => db.prepare("INSERT INTO ledger_applications (credit_entry_id, debit_entry_id, amount, date, created_at) VALUES (1, 2, '1.5', '2025-01-01', 'x')").run()).toThrow(/CHECK/);
  });
});
