import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultVatCodes } from '../invoicing/defaults';
import { Decimal } from '../money/decimal';
import { advanceSplit, deductionsFor, goodsLines, predominantVatCode, reversalLines } from './document-lines';
import { orderAmounts } from './orders';
import type { SalesOrder, Shipment } from './types';

const vatCodes = defaultVatCodes();

function order(lines: { q: string; p: string; vat: string; d?: string }[]): SalesOrder {
  const ls = lines.map((l, i) => ({ id: i + 1, position: i + 1, description: `Riga ${i + 1}`, quantity: l.q, unitPrice: l.p, vatCode: l.vat, ...(l.d ? { discountPercent: l.d } : {}) }));
  return { id: 1, year: 2025, number: 1, numero: '1/2025', date: '2025-01-01', customerId: 1, customerName: 'X', status: 'released', divisa: 'EUR', exchangeRate: '1', lines: ls, amounts: orderAmounts(ls, vatCodes), createdAt: '', updatedAt: '' };
}

describe('advanceSplit', () => {
  it('splits by VAT code in proportion with allocate, or puts everything on the predominant/chosen code', () => {
    const o = order([{ q: '1', p: '700.00', vat: 'IVA22' }, { q: '1', p: '300.00', vat: 'IVA10' }, { q: '1', p: '0.00', vat: 'IVA4' }]);
    // 333.33 x 700/1000 = 233.331 and x 300/1000 = 99.999: floors 233.33 + 99.99 = 333.32, the cent to IVA10 (0.009).
    expect(advanceSplit(o.amounts, Decimal.parse('333.33'), { splitByVat: true }).map((p) => [p.vatCode, p.amount.toFixed(2)])).toEqual([
      ['IVA22', '233.33'],
      ['IVA10', '100.00'],
    ]);
    expect(predominantVatCode(o.amounts)).toBe('IVA22');
    expect(advanceSplit(o.amounts, Decimal.parse('333.33'), { splitByVat: false }).map((p) => [p.vatCode, p.amount.toFixed(2)])).toEqual([['IVA22', '333.33']]);
    expect(advanceSplit(o.amounts, Decimal.parse('333.33'), { splitByVat: false, vatCode: 'IVA10' }).map((p) => p.vatCode)).toEqual(['IVA10']);
  });

  it('always sums exactly to the advance, never negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cents: fc.integer({ min: 0, max: 10_000_000 }), vat: fc.constantFrom('IVA4', 'IVA5', 'IVA10', 'IVA22', 'N4') }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 100_000_000 }),
        (ls, adv) => {
          const o = order(ls.map((l) => ({ q: '1', p: Decimal.fromUnits(BigInt(l.cents), 2).toString(), vat: l.vat })));
          const amount = Decimal.fromUnits(BigInt(adv), 2);
          const parts = advanceSplit(o.amounts, amount, { splitByVat: true });
          expect(Decimal.sum(parts.map((p) => p.amount)).eq(amount)).toBe(true);
          for (const p of parts) expect(p.amount.isNegative()).toBe(false);
        },
      ),
    );
  });
});

describe('goodsLines', () => {
  it('bills the shipments with DatiDDT line numbers and, on the closing, the unshipped rest and the rounding cents', () => {
    // 3 x 0.335 = 1.005 -> 1.01 ordered; shipped 1 and 1 (0.335 -> 0.34 each), already invoiced 0.34 for the first.
    const o = order([{ q: '3', p: '0.335', vat: 'IVA22' }, { q: '2', p: '10.00', vat: 'IVA10', d: '50' }]);
    const s = (id: number, n: number, q: string): Shipment => ({ id, orderId: 1, year: 2025, number: n, numero: `${n}/2025`, date: `2025-02-0${n}`, amount: '0', lines: [{ id, orderLineId: 1, quantity: q, amount: '0' }], createdAt: '' });
    const s1 = s(1, 1, '1');
    const s2 = s(2, 2, '1');
    const partial = goodsLines({ order: o, vatCodes, shipments: [s2], closing: false, allShipments: [s1, s2], invoiced: new Map() });
    expect(partial.lines.map((l) => [l.quantita, l.prezzoUnitario])).toEqual([['1.00', '0.335']]);
    expect(partial.ddt).toEqual([{ NumeroDDT: '2/2025', DataDDT: '2025-02-02', RiferimentoNumeroLinea: ['1'] }]);
    const closing = goodsLines({ order: o, vatCodes, shipments: [s2], closing: true, allShipments: [s1, s2], invoiced: new Map([[1, { quantity: Decimal.parse('1'), amount: Decimal.parse('0.34') }]]) });
    // Line 1: 0.34 (DDT 2) + 0.34 (never shipped: 1 x 0.335) = 0.68; ordered 1.01 - 0.34 invoiced = 0.67 -> conguaglio -0.01.
    // Line 2: never shipped, 2 x 10.00 -50% = 10.00.
    expect(closing.lines.map((l) => [l.descrizione, l.quantita, l.prezzoUnitario, l.sconti?.[0]?.percentuale])).toEqual([
      ['Riga 1', '1.00', '0.335', undefined],
      ['Riga 1 (quantità non spedita)', '1.00', '0.335', undefined],
      ['Riga 2', '2.00', '10.00', '50.00'],
      ['Conguaglio arrotondamenti: Riga 1', undefined, '-0.01', undefined],
    ]);
    expect(closing.goods).toEqual([
      { orderLineId: 1, quantity: '2', amount: '0.67' },
      { orderLineId: 2, quantity: '2', amount: '10.00' },
    ]);
    expect(closing.total.toFixed(2)).toBe('10.67');
  });
});

describe('deductionsFor and reversalLines', () => {
  const parts = [
    { advanceDocumentId: 7, vatCode: 'IVA22', amount: '233.33' },
    { advanceDocumentId: 7, vatCode: 'IVA10', amount: '100.00' },
  ];
  it('deducts everything on the closing, the advances’ share of the goods on a partial with deductions', () => {
    expect(deductionsFor('closing', parts, Decimal.parse('333.33'), Decimal.parse('10'), Decimal.parse('1000'))).toEqual(parts);
    // 333.33 x 400 / 1000 = 133.332 -> 133.33, spread 233.33 : 100.00 -> 93.331 / 39.999 -> 93.33 + 40.00.
    expect(deductionsFor('partial_deductions', parts, Decimal.parse('333.33'), Decimal.parse('400'), Decimal.parse('1000')).map((d) => d.amount)).toEqual(['93.33', '40.00']);
    expect(deductionsFor('partial_deductions', [], Decimal.parse('333.33'), Decimal.parse('400'), Decimal.parse('1000'))).toEqual([]);
  });
  it('writes reversals negative inside an invoice and positive in a credit note', () => {
    const info = new Map([[7, { numero: '12', date: '2025-01-20' }]]);
    expect(reversalLines(vatCodes, parts, info, -1).map((l) => [l.descrizione, l.prezzoUnitario, l.vatCode])).toEqual([
      ['Storno anticipo fattura n. 12 del 20/01/2025 (IVA 22%)', '-233.33', 'IVA22'],
      ['Storno anticipo fattura n. 12 del 20/01/2025 (IVA 10%)', '-100.00', 'IVA10'],
    ]);
    expect(reversalLines(vatCodes, parts, info, 1).map((l) => l.prezzoUnitario)).toEqual(['233.33', '100.00']);
  });
});
