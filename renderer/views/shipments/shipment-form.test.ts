import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../core/ipl/api-types';
import { buildShipment, serverErrorsToRows, shipLineAmount, shipLinesOf } from './shipment-form';

const t = (key: string, named?: Record<string, unknown>) => (named ? `${key} ${JSON.stringify(named)}` : key);

const order = {
  id: 9,
  lines: [
    { id: 101, position: 1, description: 'Macchina', quantity: '2', unitPrice: '1000', discountPercent: '5', vatCode: 'IVA22', amount: '1900.00', shipped: '0', toShip: '2' },
    { id: 102, position: 2, description: 'Manuale', quantity: '10', unitPrice: '50', vatCode: 'IVA10', amount: '500.00', shipped: '10', toShip: '0' },
    { id: 103, position: 3, description: 'Ricambi', quantity: '5.5', unitPrice: '20', vatCode: 'IVA22', amount: '110.00', shipped: '2', toShip: '3.5' },
  ],
} as unknown as OrderDetail;

describe('shipment form', () => {
  it('proposes everything left to ship, nothing for a line already shipped', () => {
    expect(shipLinesOf(order).map((l) => [l.orderLineId, l.toShip, l.quantity])).toEqual([
      [101, '2', '2'],
      [102, '0', undefined],
      [103, '3.5', '3.5'],
    ]);
  });

  it('prices the quantity to ship like the order line (discount included)', () => {
    const [first] = shipLinesOf(order);
    expect(shipLineAmount({ ...first!, quantity: '1' })).toBe('950.00');
    expect(shipLineAmount({ ...first!, quantity: 'abc' })).toBeNull();
  });

  it('sends only the lines with a quantity and remembers their rows', () => {
    const lines = shipLinesOf(order);
    lines[0]!.quantity = '';
    lines[2]!.quantity = '1.5';
    const b = buildShipment(9, '2026-11-23', lines, t);
    expect(b.errors).toEqual({});
    expect(b.input).toEqual({ orderId: 9, date: '2026-11-23', lines: [{ orderLineId: 103, quantity: '1.5' }] });
    expect(b.indexMap).toEqual([2]);
  });

  it('refuses a quantity above what is left, next to that line, and a missing date', () => {
    const lines = shipLinesOf(order);
    lines[0]!.quantity = '3';
    lines[1]!.quantity = '1';
    lines[2]!.quantity = '-1';
    const b = buildShipment(9, undefined, lines, t);
    expect(b.input).toBeUndefined();
    expect(b.errors).toEqual({
      'lines.0.quantity': 'shipments.overLeft {"left":"2,00"}',
      'lines.1.quantity': 'shipments.lineDone',
      'lines.2.quantity': 'common.invalidPositiveNumber',
      date: 'common.required',
    });
  });

  it('says there is nothing to ship when every quantity is empty or zero', () => {
    const lines = shipLinesOf(order).map((l) => ({ ...l, quantity: l.orderLineId === 101 ? '0' : undefined }));
    expect(buildShipment(9, '2026-11-23', lines, t).errors).toEqual({ lines: 'shipments.nothingToShip' });
  });

  it('maps the API errors of input line k back to the row shown', () => {
    const errors = serverErrorsToRows(
      [
        { field: 'lines[0].quantity', code: 'SPEDIZIONE_OLTRE_RESIDUO', message: 'Supera il residuo.', fix: 'Spedisci al massimo 1.' },
        { field: 'date', code: 'DATA_ANTECEDENTE', message: 'Data antecedente.' },
      ],
      [2],
    );
    expect(errors).toEqual({ 'lines.2.quantity': 'Supera il residuo. Spedisci al massimo 1.', date: 'Data antecedente.' });
  });
});
