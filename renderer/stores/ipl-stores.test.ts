import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setTransport } from '../api/client';
import type { Transport } from '../api/transport';
import { useLedgerStore } from './ledger';
import { usePlansStore } from './plans';

interface Call {
  method: string;
  args: unknown;
}

/** A transport answering from a table of handlers; `hold` keeps answers of a method until released (ordering tests). */
function fakeTransport(handlers: Record<string, (args: unknown) => unknown>) {
  const calls: Call[] = [];
  const held: (() => void)[] = [];
  let holding = new Set<string>();
  const transport: Transport = {
    kind: 'http',
    invoke(method, args) {
      calls.push({ method, args });
      const h = handlers[method];
      const answer = () => (h ? { ok: true as const, result: h(args) } : { ok: false as const, error: { code: 'METODO_SCONOSCIUTO', message: method } });
      if (!holding.has(method)) return Promise.resolve(answer());
      return new Promise((resolve) => held.push(() => resolve(answer())));
    },
    onEvent: () => () => undefined,
  };
  return {
    transport,
    calls,
    hold: (methods: string[]) => (holding = new Set(methods)),
    releaseInReverse: () => held.splice(0).reverse().forEach((r) => r()),
  };
}

const plan = (id: number, totalAdvance: string) => ({ plan: { id, totalAdvance }, order: {}, lines: [], outstandingAdvances: [], openShipments: [] });
const page = (rows: unknown[]) => ({ rows, total: rows.length });

beforeEach(() => setActivePinia(createPinia()));

describe('plans store', () => {
  it('shows the plan the API answers after a change, and forgets the list it had loaded', async () => {
    const fake = fakeTransport({
      'plans.list': () => page([{ id: 3 }]),
      'plans.get': () => plan(3, '750.00'),
      'plans.updateLine': () => plan(3, '625.00'),
    });
    setTransport(fake.transport);
    const store = usePlansStore();
    await store.refresh();
    expect(store.total).toBe(1);
    await store.load(3);
    expect(store.current?.plan.totalAdvance).toBe('750.00');

    await store.updateLine(10, { percent: '25' });
    expect(fake.calls.at(-1)).toEqual({ method: 'plans.updateLine', args: { lineId: 10, patch: { percent: '25' } } });
    expect(store.current?.plan.totalAdvance).toBe('625.00');
    expect(store.total).toBeNull();
  });

  it('keeps the plan shown when the API refuses a change', async () => {
    const fake = fakeTransport({ 'plans.get': () => plan(3, '750.00') });
    setTransport(fake.transport);
    const store = usePlansStore();
    await store.load(3);
    await expect(store.addLine(3, { type: 'closing', percent: '80' })).rejects.toThrow('plans.addLine');
    expect(store.current?.plan.totalAdvance).toBe('750.00');
  });

  it('keeps the templates it listed in step with a save and a delete, sorted by name', async () => {
    const tpl = (id: number, name: string) => ({ id, name, lines: [{ type: 'closing', percent: '100', daysOffset: 0 }] });
    const fake = fakeTransport({
      'planTemplates.list': () => [tpl(1, 'Anticipo 30%'), tpl(2, 'Saldo')],
      'planTemplates.save': (a) => {
        const t = (a as { template: { id?: number; name: string } }).template;
        return tpl(t.id ?? 3, t.name);
      },
      'planTemplates.delete': () => null,
    });
    setTransport(fake.transport);
    const store = usePlansStore();
    await store.loadTemplates();
    await store.saveTemplate({ name: 'Acconto e saldo', lines: [{ type: 'closing', percent: '100', daysOffset: 0 }] });
    expect(store.templates?.map((t) => [t.id, t.name])).toEqual([
      [3, 'Acconto e saldo'],
      [1, 'Anticipo 30%'],
      [2, 'Saldo'],
    ]);
    await store.saveTemplate({ id: 2, name: 'Anticipo 10% e saldo', lines: [{ type: 'closing', percent: '100', daysOffset: 0 }] });
    await store.deleteTemplate(1);
    expect(store.templates?.map((t) => [t.id, t.name])).toEqual([
      [3, 'Acconto e saldo'],
      [2, 'Anticipo 10% e saldo'],
    ]);
    expect(fake.calls.map((c) => c.method)).toEqual(['planTemplates.list', 'planTemplates.save', 'planTemplates.save', 'planTemplates.delete']);
    expect(fake.calls.at(-1)!.args).toEqual({ id: 1 });
  });

  it('applies a template in one call and shows the plan the API answers', async () => {
    const fake = fakeTransport({ 'plans.applyTemplate': () => plan(3, '600.00') });
    setTransport(fake.transport);
    const store = usePlansStore();
    await store.applyTemplate(3, 5);
    expect(fake.calls).toEqual([{ method: 'plans.applyTemplate', args: { planId: 3, templateId: 5 } }]);
    expect(store.current?.plan.totalAdvance).toBe('600.00');
  });
});

describe('ledger store', () => {
  it('loads the chosen customer’s entries and payments, and again after recording a payment', async () => {
    let open = '2990.00';
    const fake = fakeTransport({
      'ledger.openItems': (a) => ({ customerId: (a as { customerId: number }).customerId, items: [], balance: open }),
      'payments.list': () => page([]),
      'payments.record': () => {
        open = '0.00';
        return { payment: { id: 1 }, applications: [] };
      },
      'plans.list': () => page([{ id: 1 }]),
    });
    setTransport(fake.transport);
    const plans = usePlansStore();
    await plans.refresh();
    const store = useLedgerStore();
    store.choose({ id: 7, name: 'Rossi' });
    await store.reload();
    expect(store.items?.balance).toBe('2990.00');

    await store.record({ customerId: 7, date: '2026-11-23', amount: '2990.00', apply: true });
    expect(store.items?.balance).toBe('0.00');
    // A payment changes what plans collected: their list loads again when shown.
    expect(plans.total).toBeNull();
  });

  it('never shows the entries of a customer chosen before the current one', async () => {
    const fake = fakeTransport({
      'ledger.openItems': (a) => ({ customerId: (a as { customerId: number }).customerId, items: [], balance: '0.00' }),
      'payments.list': () => page([]),
    });
    setTransport(fake.transport);
    const store = useLedgerStore();
    fake.hold(['ledger.openItems', 'payments.list']);
    store.choose({ id: 1, name: 'Alfa' });
    store.choose({ id: 2, name: 'Beta' });
    // Beta's answers arrive first, Alfa's last: Alfa's must be dropped.
    fake.releaseInReverse();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.customer?.id).toBe(2);
    expect(store.items?.customerId).toBe(2);
  });
});
