import { describe, expect, it } from 'vitest';
import { defaultVatCodes } from '../../../core/invoicing/defaults';
import type { OrderDetail } from '../../../core/ipl/api-types';
import { blankLine, blankOrder, fillFromItem, formFromOrder, liveAmounts, orderInputOf } from './order-form';

const vat = defaultVatCodes();

describe('order form', () => {
  it('builds the API input without empty values, in EUR without exchange rate', () => {
    const f = blankOrder('2026-11-23', 'IVA22');
    f.customerId = 7;
    f.exchangeRate = '1.2';
    f.customerReference = '  ';
    f.lines[0] = { ...f.lines[0]!, description: 'Pompa', quantity: '2', unitPrice: '100', discountPercent: '0', unitOfMeasure: '' };
    expect(orderInputOf(f)).toEqual({ date: '2026-11-23', customerId: 7, divisa: 'EUR', lines: [{ description: 'Pompa', quantity: '2', unitPrice: '100', vatCode: 'IVA22' }] });
  });

  it('keeps the exchange rate of a foreign currency and the ids of existing lines', () => {
    const detail = {
      id: 3,
      date: '2026-01-10',
      customerId: 2,
      customerName: 'Alfa',
      divisa: 'USD',
      exchangeRate: '1.08',
      customerReference: 'PO-9',
      lines: [{ id: 11, position: 1, description: 'Valvola', quantity: '3', unitPrice: '12.5', discountPercent: '10', vatCode: 'IVA10', amount: '33.75', shipped: '0', toShip: '3' }],
    } as unknown as OrderDetail;
    const input = orderInputOf(formFromOrder(detail));
    expect(input).toEqual({
      id: 3,
      date: '2026-01-10',
      customerId: 2,
      divisa: 'USD',
      exchangeRate: '1.08',
      customerReference: 'PO-9',
      lines: [{ id: 11, description: 'Valvola', quantity: '3', unitPrice: '12.5', discountPercent: '10', vatCode: 'IVA10' }],
    });
  });

  it('fills a line from an item of the catalogue', () => {
    const l = blankLine('IVA22');
    fillFromItem(l, { id: 4, code: 'MAN-01', description: 'Manuale', unitaMisura: 'PZ', prezzoUnitario: '50.00', vatCode: 'IVA4' });
    expect(l).toMatchObject({ itemId: 4, itemCode: 'MAN-01', description: 'Manuale', unitOfMeasure: 'PZ', unitPrice: '50.00', vatCode: 'IVA4' });
  });

  it('computes line amounts and totals per VAT code, skipping incomplete lines', () => {
    const f = blankOrder('2026-11-23', 'IVA22');
    f.lines = [
      { ...blankLine('IVA22'), description: 'Macchina', quantity: '2', unitPrice: '1000', discountPercent: '5' },
      { ...blankLine('IVA10'), description: 'Manuale', quantity: '10', unitPrice: '50' },
      { ...blankLine('IVA22'), description: 'Da completare', quantity: '1', unitPrice: '12,5' },
    ];
    const live = liveAmounts(f, vat);
    // 2 x 1000 less 5% = 1900.00; 10 x 50 = 500.00; "12,5" is not decimal text yet.
    expect(live.lines).toEqual(['1900.00', '500.00', null]);
    expect(live.partial).toBe(true);
    expect(live.amounts.byVat.map((r) => [r.vatCode, r.taxable, r.vat])).toEqual([
      ['IVA22', '1900.00', '418.00'],
      ['IVA10', '500.00', '50.00'],
    ]);
    expect([live.amounts.taxable, live.amounts.vat, live.amounts.total]).toEqual(['2400.00', '468.00', '2868.00']);
  });

  it('gives no amount to a line with an unknown VAT code or a discount over 100%', () => {
    const f = blankOrder('2026-11-23', 'IVA22');
    f.lines = [
      { ...blankLine('NOPE'), description: 'x', quantity: '1', unitPrice: '10' },
      { ...blankLine('IVA22'), description: 'y', quantity: '1', unitPrice: '10', discountPercent: '150' },
    ];
    expect(liveAmounts(f, vat)).toMatchObject({ lines: [null, null], partial: true, amounts: { taxable: '0.00' } });
  });
});
