import { describe, expect, it } from 'vitest';
import type { OpenItem } from '../../../core/ipl/api-types';
import { checkAllocation, openDebitsOf, proposeAmount } from './ledger-form';

const t = (key: string, named?: Record<string, unknown>) => (named ? `${key} ${JSON.stringify(named)}` : key);

function item(p: Partial<OpenItem>): OpenItem {
  return { id: 1, kind: 'invoice', date: '2026-11-23', description: 'Fattura', amount: '100.00', applied: '0.00', open: '100.00', ...p };
}

describe('payment application form', () => {
  it('lists the open invoice installments, oldest due date first', () => {
    const items = [
      item({ id: 1, dueDate: '2026-12-31', open: '50.00' }),
      item({ id: 2, dueDate: '2026-11-30' }),
      item({ id: 3, open: '0.00' }),
      item({ id: 4, kind: 'payment', amount: '-80.00', open: '-80.00' }),
      item({ id: 5, kind: 'credit_note', amount: '-10.00', open: '-10.00' }),
      item({ id: 6, date: '2026-11-01' }),
    ];
    expect(openDebitsOf(items).map((i) => i.id)).toEqual([6, 2, 1]);
  });

  it('proposes what an installment owes, up to what the payment has left', () => {
    expect(proposeAmount('1000', { open: '897.00' }, [])).toBe('897.00');
    expect(proposeAmount('1000', { open: '897.00' }, ['500.00'])).toBe('500.00');
    expect(proposeAmount('1000', { open: '897.00' }, ['1000.00'])).toBe('0.00');
    expect(proposeAmount(undefined, { open: '897.00' }, ['10'])).toBe('897.00');
  });

  it('accepts amounts within each installment and within the payment', () => {
    const debits = [item({ id: 1, open: '897.00' }), item({ id: 2, open: '2093.00' })];
    expect(checkAllocation('1000', debits, [{ entryId: 1, amount: '897' }, { entryId: 2, amount: '103' }], t)).toEqual({
      entries: [
        { entryId: 1, amount: '897.00' },
        { entryId: 2, amount: '103.00' },
      ],
      errors: {},
    });
  });

  it('refuses more than an installment owes or than the payment has, and an empty choice', () => {
    const debits = [item({ id: 1, open: '897.00' }), item({ id: 2, open: '2093.00' })];
    expect(checkAllocation('1000', debits, [{ entryId: 1, amount: '900' }, { entryId: 2, amount: 'x' }], t).errors).toEqual({
      'entry.1': 'ledger.entryOverOpen {"open":"€ 897,00"}',
      'entry.2': 'ledger.entryAmountInvalid',
    });
    expect(checkAllocation('1000', debits, [{ entryId: 1, amount: '897' }, { entryId: 2, amount: '200' }], t).errors).toEqual({
      entries: 'ledger.overPayment {"sum":"€ 1.097,00","total":"€ 1.000,00"}',
    });
    expect(checkAllocation('1000', debits, [], t)).toEqual({ errors: { entries: 'ledger.chooseEntries' } });
  });
});
