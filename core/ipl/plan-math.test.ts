import { describe, expect, it } from 'vitest';
import { Decimal } from '../money/decimal';
import { amountFromPercent, percentFromAmount, planSummary, validatePlanLines } from './plan-math';
import type { PlanLine } from './types';

const line = (position: number, type: PlanLine['type'], percent: string, amount: string, more: Partial<PlanLine> = {}): PlanLine => ({
  id: position,
  planId: 1,
  position,
  type,
  percent,
  amount,
  execute: false,
  shipmentIds: [],
  ...more,
});

describe('percent and amount', () => {
  it('rounds half-up: amounts to the cent, percentages to 4 decimals', () => {
    expect(amountFromPercent(Decimal.parse('42870.06'), Decimal.parse('30')).toFixed(2)).toBe('12861.02'); // 12861.018
    expect(amountFromPercent(Decimal.parse('0.05'), Decimal.parse('50')).toFixed(2)).toBe('0.03'); // 0.025
    expect(percentFromAmount(Decimal.parse('3'), Decimal.parse('1')).toString()).toBe('33.3333');
    expect(percentFromAmount(Decimal.parse('3'), Decimal.parse('2')).toString()).toBe('66.6667');
    expect(percentFromAmount(Decimal.parse('200'), Decimal.parse('50')).toString()).toBe('25.00');
    expect(() => percentFromAmount(Decimal.ZERO, Decimal.parse('1'))).toThrow(/importo zero/);
  });
});

describe('validatePlanLines', () => {
  it('refuses more than 100% and advances above the order; a reversed advance does not count', () => {
    const O = Decimal.parse('1000');
    expect(validatePlanLines([line(1, 'advance', '60', '600'), line(2, 'closing', '40', '400')], O)).toEqual([]);
    expect(validatePlanLines([line(1, 'advance', '60', '600'), line(2, 'closing', '40.01', '400.10')], O).map((e) => e.code)).toEqual(['PIANO_OLTRE_100']);
    expect(validatePlanLines([line(1, 'advance', '60', '600', { invoiceDocumentId: 1, creditNoteDocumentId: 2 }), line(2, 'advance', '60', '600'), line(3, 'closing', '40', '400')], O)).toEqual([]);
    expect(validatePlanLines([line(1, 'closing', '50', '500'), line(2, 'closing', '50', '500')], O).map((e) => e.code)).toEqual(['CHIUSURA_DUPLICATA']);
    expect(validatePlanLines([line(1, 'advance', '0', '0')], O).map((e) => e.code)).toEqual(['PERCENTUALE_NON_VALIDA', 'IMPORTO_NON_VALIDO']);
  });
});

describe('planSummary', () => {
  it('computes the header from what the lines recorded', () => {
    const s = planSummary({
      orderAmount: Decimal.parse('1000.00'),
      exchangeRate: Decimal.parse('1.1'),
      lines: [
        line(1, 'advance', '30', '300.00', { invoiceDocumentId: 1, invoicedAmount: '300.00', creditNoteDocumentId: 2, creditNoteAmount: '300.00' }),
        line(2, 'advance', '20', '200.00', { invoiceDocumentId: 3, invoicedAmount: '200.00' }),
        line(3, 'partial_deductions', '40', '400.00', { invoiceDocumentId: 4, invoicedAmount: '320.00' }),
        line(4, 'closing', '40', '400.00'),
      ],
      docs: [],
      collected: Decimal.parse('110.00'),
    });
    expect(s).toEqual({
      orderAmount: '1000.00',
      totalAdvance: '200.00', // the reversed 300.00 no longer counts
      closingAmount: '480.00', // 1000 - 200 - 320
      advanceInvoiced: '200.00', // 300 - 300 + 200
      totalInvoiced: '0.00', // no registered documents given
      collected: '110.00',
      collectedLocal: '100.00', // 110 / 1.1
      remaining: '480.00', // 1000 - 200 - 320
      status: 'open',
    });
  });
});
