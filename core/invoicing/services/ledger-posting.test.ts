import { describe, expect, it } from 'vitest';
import { Decimal } from '../../money/decimal';
import { assertBalanced, documentPostings } from './ledger-posting';

const base = { documentId: 1, customerId: 2, numero: '7/2025', date: '2025-01-31', netToPay: '1000.00' };

describe('documentPostings', () => {
  it('posts an invoice as one entry per installment, summing to the amount', () => {
    const entries = documentPostings({
      ...base,
      tipoDocumento: 'TD01',
      term: { code: 'X', description: '', condizioni: 'TP01', installments: [{ days: 30, endOfMonth: true, percent: '50' }, { days: 60, endOfMonth: true, percent: '50' }] },
    });
    expect(entries.map((e) => [e.kind, e.dueDate, e.amount, e.installment])).toEqual([
      ['invoice', '2025-02-28', '500.00', 1],
      ['invoice', '2025-03-31', '500.00', 2],
    ]);
    expect(entries[1]!.description).toBe('Fattura 7/2025 del 31/01/2025 - rata 2/2');
  });

  it('posts a credit note as a negative entry, and nothing for self-invoices or zero amounts', () => {
    expect(documentPostings({ ...base, tipoDocumento: 'TD04' })).toMatchObject([{ kind: 'credit_note', amount: '-1000.00', dueDate: '2025-01-31' }]);
    expect(documentPostings({ ...base, tipoDocumento: 'TD17' })).toEqual([]);
    expect(documentPostings({ ...base, tipoDocumento: 'TD01', netToPay: '0.00' })).toEqual([]);
  });

  it('refuses unbalanced postings', () => {
    const entries = documentPostings({ ...base, tipoDocumento: 'TD01' });
    expect(() => assertBalanced(entries, Decimal.parse('999.99'))).toThrow(/sbilanciate/);
  });
});
