/**
 * "Nuova spedizione": each order line with what is left to ship and the quantity to ship now (by default all that is
 * left). The checks the API makes are made here first, next to each quantity (never above what is left), and the
 * shipment sent to the API carries only the lines with a quantity, so the API's errors ("lines[k]") are mapped back to
 * the rows shown.
 */
import type { OrderDetail } from '../../../core/ipl/api-types';
import { lineAmount } from '../../../core/ipl/orders';
import type { ShipmentInput } from '../../../core/ipl/types';
import { Decimal } from '../../../core/money/decimal';
import type { FieldError } from '../../../core/invoicing/customers';
import { normalizeField, errorText, type ErrorMap } from '../../forms/errors';
import { formatQuantity } from '../../format/format';

type T = (key: string, named?: Record<string, unknown>) => string;

export interface ShipLine {
  orderLineId: number;
  position: number;
  description: string;
  unitOfMeasure?: string;
  ordered: string;
  shipped: string;
  toShip: string;
  unitPrice: string;
  discountPercent?: string;
  /** Quantity to ship now; empty = this line is not shipped. */
  quantity?: string;
}

export function shipLinesOf(o: OrderDetail): ShipLine[] {
  return o.lines.map((l) => ({
    orderLineId: l.id,
    position: l.position,
    description: l.description,
    unitOfMeasure: l.unitOfMeasure,
    ordered: l.quantity,
    shipped: l.shipped,
    toShip: l.toShip,
    unitPrice: l.unitPrice,
    discountPercent: l.discountPercent,
    quantity: Decimal.parse(l.toShip).gt(Decimal.ZERO) ? l.toShip : undefined,
  }));
}

/** Taxable of the quantity to ship (null while it is not a number). */
export function shipLineAmount(l: ShipLine): string | null {
  const q = Decimal.tryParse(l.quantity);
  if (!q) return null;
  return lineAmount({ unitPrice: l.unitPrice, discountPercent: l.discountPercent, quantity: l.ordered }, q.toString()).toFixed(2);
}

export interface ShipmentBuild {
  input?: ShipmentInput;
  errors: ErrorMap;
  /** Row shown for each line of the input (input line k is row indexMap[k]). */
  indexMap: number[];
}

export function buildShipment(orderId: number, date: string | undefined, lines: readonly ShipLine[], t: T): ShipmentBuild {
  const errors: ErrorMap = {};
  const out: ShipmentInput['lines'] = [];
  const indexMap: number[] = [];
  lines.forEach((l, i) => {
    const raw = l.quantity?.trim();
    if (!raw) return;
    const q = Decimal.tryParse(raw);
    if (!q || q.isNegative()) {
      errors[`lines.${i}.quantity`] = t('common.invalidPositiveNumber');
      return;
    }
    if (q.isZero()) return;
    const left = Decimal.parse(l.toShip);
    if (q.gt(left)) {
      errors[`lines.${i}.quantity`] = left.lte(Decimal.ZERO) ? t('shipments.lineDone') : t('shipments.overLeft', { left: formatQuantity(left.toString()) });
      return;
    }
    out.push({ orderLineId: l.orderLineId, quantity: q.toString() });
    indexMap.push(i);
  });
  if (!date) errors.date = t('common.required');
  if (out.length === 0 && Object.keys(errors).every((k) => k === 'date')) errors.lines = t('shipments.nothingToShip');
  if (Object.keys(errors).length) return { errors, indexMap };
  return { input: { orderId, date: date!, lines: out }, errors, indexMap };
}

/** The API's errors on the shipment, keyed by the rows shown ("lines[1].quantity" of the input -> row indexMap[1]). */
export function serverErrorsToRows(list: readonly FieldError[], indexMap: readonly number[]): ErrorMap {
  const out: ErrorMap = {};
  for (const e of list) {
    let f = normalizeField(e.field);
    const m = /^lines\.(\d+)(\..*)?$/.exec(f);
    if (m) {
      const row = indexMap[Number(m[1])];
      f = row === undefined ? 'lines' : `lines.${row}${m[2] ?? ''}`;
    }
    if (!(f in out)) out[f] = errorText(e);
  }
  return out;
}
