/**
 * The order page's form: what the user edits (an order with keyed lines, amounts as decimal text or empty while
 * typing), to and from the API's shapes, and the live amounts per line and per VAT code computed with the core's own
 * arithmetic (core/ipl/orders.ts), so the figures shown are those the order will store. A line that is not complete
 * yet gets no amount instead of breaking the totals.
 */
import type { Item, VatCode } from '../../../core/invoicing/types';
import type { OrderDetail } from '../../../core/ipl/api-types';
import { findVatCode, lineAmount, orderAmounts } from '../../../core/ipl/orders';
import type { OrderAmounts, SalesOrderInput, SalesOrderLineInput } from '../../../core/ipl/types';
import { Decimal } from '../../../core/money/decimal';

export interface OrderLineForm {
  /** Stable key for the DOM while lines are added and removed. */
  key: number;
  id?: number;
  itemId?: number;
  itemCode?: string;
  description: string;
  quantity?: string;
  unitOfMeasure?: string;
  unitPrice?: string;
  discountPercent?: string;
  vatCode: string;
}

export interface OrderForm {
  id?: number;
  date?: string;
  customerId: number;
  customerName: string;
  divisa: string;
  exchangeRate?: string;
  customerReference?: string;
  customerReferenceDate?: string;
  description?: string;
  lines: OrderLineForm[];
}

let nextKey = 1;

export function blankLine(vatCode: string): OrderLineForm {
  return { key: nextKey++, description: '', quantity: '1', vatCode };
}

export function blankOrder(today: string, vatCode: string): OrderForm {
  return { date: today, customerId: 0, customerName: '', divisa: 'EUR', lines: [blankLine(vatCode)] };
}

/** A line filled from the catalogue: the item's code, description, U.M., price and VAT code. */
export function fillFromItem(line: OrderLineForm, item: Item): void {
  line.itemId = item.id;
  line.itemCode = item.code;
  line.description = item.description;
  line.unitOfMeasure = item.unitaMisura;
  line.unitPrice = item.prezzoUnitario;
  line.vatCode = item.vatCode;
}

export function formFromOrder(o: OrderDetail): OrderForm {
  return {
    id: o.id,
    date: o.date,
    customerId: o.customerId,
    customerName: o.customerName,
    divisa: o.divisa,
    exchangeRate: o.divisa === 'EUR' ? undefined : o.exchangeRate,
    customerReference: o.customerReference,
    customerReferenceDate: o.customerReferenceDate,
    description: o.description,
    lines: o.lines.map((l) => ({
      key: nextKey++,
      id: l.id,
      itemId: l.itemId,
      itemCode: l.itemCode,
      description: l.description,
      quantity: l.quantity,
      unitOfMeasure: l.unitOfMeasure,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      vatCode: l.vatCode,
    })),
  };
}

const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** The API's input: empty optional values left out, the exchange rate only for a foreign currency. */
export function orderInputOf(f: OrderForm): SalesOrderInput {
  const divisa = (text(f.divisa) ?? 'EUR').toUpperCase();
  const out: SalesOrderInput = {
    date: f.date ?? '',
    customerId: f.customerId,
    divisa,
    lines: f.lines.map((l) => {
      const line: SalesOrderLineInput = { description: l.description, quantity: l.quantity ?? '', unitPrice: l.unitPrice ?? '', vatCode: l.vatCode };
      if (l.id !== undefined) line.id = l.id;
      if (l.itemId !== undefined) line.itemId = l.itemId;
      if (text(l.itemCode)) line.itemCode = text(l.itemCode);
      if (text(l.unitOfMeasure)) line.unitOfMeasure = text(l.unitOfMeasure);
      const discount = text(l.discountPercent);
      if (discount !== undefined && !Decimal.tryParse(discount)?.isZero()) line.discountPercent = discount;
      return line;
    }),
  };
  if (f.id !== undefined) out.id = f.id;
  if (divisa !== 'EUR' && text(f.exchangeRate)) out.exchangeRate = text(f.exchangeRate);
  if (text(f.customerReference)) out.customerReference = text(f.customerReference);
  if (f.customerReferenceDate) out.customerReferenceDate = f.customerReferenceDate;
  if (text(f.description)) out.description = text(f.description);
  return out;
}

function complete(l: OrderLineForm, vatCodes: readonly VatCode[]): SalesOrderLineInput | null {
  const q = Decimal.tryParse(l.quantity);
  const p = Decimal.tryParse(l.unitPrice);
  const d = l.discountPercent?.trim() ? Decimal.tryParse(l.discountPercent) : Decimal.ZERO;
  if (!q || !p || !d || d.gt(Decimal.HUNDRED) || !findVatCode(vatCodes, l.vatCode)) return null;
  return { description: l.description, quantity: q.toString(), unitPrice: p.toString(), discountPercent: d.toString(), vatCode: l.vatCode };
}

export interface LiveAmounts {
  /** Taxable of each line ("1234.50"), null while the line is incomplete. */
  lines: (string | null)[];
  /** Totals over the complete lines. */
  amounts: OrderAmounts;
  /** Some line has no amount yet: the totals do not include it. */
  partial: boolean;
}

export function liveAmounts(f: OrderForm, vatCodes: readonly VatCode[]): LiveAmounts {
  const valid = f.lines.map((l) => complete(l, vatCodes));
  const ok = valid.filter((l): l is SalesOrderLineInput => l !== null);
  return {
    lines: valid.map((l) => (l ? lineAmount(l).toFixed(2) : null)),
    amounts: orderAmounts(ok, vatCodes),
    partial: ok.length < f.lines.length,
  };
}
