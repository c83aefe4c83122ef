import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, dueDates, endOfMonth, installmentDate, isValidIsoDate } from './payment-terms';
import { defaultPaymentTerms } from './defaults';
import { Decimal } from '../money/decimal';
import { AppError } from '../errors';
import type { PaymentTerm } from './types';

const term = (code: string): PaymentTerm => defaultPaymentTerms().find((t) => t.code === code)!;

describe('date arithmetic on YYYY-MM-DD', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31'); // the night clocks change in Italy: no effect in UTC
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-01-01', '2025-12-31')).toBe(364);
  });

  it('finds the end of a month, months ahead', () => {
    expect(endOfMonth('2025-01-15')).toBe('2025-01-31');
    expect(endOfMonth('2025-01-31', 1)).toBe('2025-02-28');
    expect(endOfMonth('2024-01-31', 1)).toBe('2024-02-29');
    expect(endOfMonth('2025-11-10', 2)).toBe('2026-01-31');
  });

  it('refuses impossible dates with an AppError', () => {
    expect(isValidIsoDate('2025-02-29')).toBe(false);
    expect(isValidIsoDate('2025-13-01')).toBe(false);
    expect(isValidIsoDate('25-01-01')).toBe(false);
    expect(() => addDays('2025-02-30', 1)).toThrow(AppError);
  });
});

describe('dueDates', () => {
  it('without a term: one installment on the document date', () => {
    expect(dueDates('2025-03-10', undefined, '122.00')).toEqual([{ date: '2025-03-10', amount: '122.00' }]);
  });

  it('30 gg DF counts days literally', () => {
    expect(dueDates('2025-01-31', term('30DF'), '100')).toEqual([{ date: '2025-03-02', amount: '100.00' }]);
  });

  it('30 gg DFFM counts months: end of the following month', () => {
    expect(dueDates('2025-01-31', term('30DFFM'), '100')[0]!.date).toBe('2025-02-28');
    expect(dueDates('2025-01-15', term('30DFFM'), '100')[0]!.date).toBe('2025-02-28');
    expect(dueDates('2025-12-20', term('60DFFM'), '100')[0]!.date).toBe('2026-02-28');
  });

  it('60 gg fine mese + 10', () => {
    // 15 January + 2 months -> 31 March, + 10 days -> 10 April.
    expect(dueDates('2025-01-15', term('60FM+10'), '50')).toEqual([{ date: '2025-04-10', amount: '50.00' }]);
  });

  it('literal days then end of month when the days are not a multiple of 30', () => {
    expect(installmentDate('2025-01-20', { days: 45, endOfMonth: true, percent: '100' })).toBe('2025-03-31'); // 20/01 + 45 = 06/03
    expect(installmentDate('2025-01-20', { days: 10, endOfMonth: false, extraDays: 5, percent: '100' })).toBe('2025-02-04');
  });

  it('30/60/90 DFFM splits 100.00 into 33.33 + 33.33 + 33.34', () => {
    // 100 × 33.33% = 33.33, 100 × 33.33% = 33.33, 100 × 33.34% = 33.34: sum 100.00.
    expect(dueDates('2025-03-10', term('30-60-90DFFM'), '100.00')).toEqual([
      { date: '2025-04-30', amount: '33.33' },
      { date: '2025-05-31', amount: '33.33' },
      { date: '2025-06-30', amount: '33.34' },
    ]);
  });

  it('installments always sum exactly to the amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 11n }), fc.integer({ min: 0, max: 400 }), (cents, offset) => {
        const amount = Decimal.fromUnits(cents, 2).toString();
        const parts = dueDates(addDays('2024-01-01', offset), term('30-60-90DFFM'), amount);
        expect(Decimal.sum(parts.map((p) => Decimal.parse(p.amount))).toFixed(2)).toBe(Decimal.parse(amount).toFixed(2));
        expect(parts.map((p) => p.date)).toEqual([...parts.map((p) => p.date)].sort());
      }),
    );
  });

  it('refuses a term whose percentages do not sum to 100', () => {
    const bad: PaymentTerm = { code: 'X', description: 'x', condizioni: 'TP01', installments: [{ days: 30, endOfMonth: false, percent: '50' }, { days: 60, endOfMonth: false, percent: '40' }] };
    expect(() => dueDates('2025-01-01', bad, '10')).toThrow(/sommano a 90/);
  });
});
