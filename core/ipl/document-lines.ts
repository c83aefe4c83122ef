/**
 * The lines of the documents a plan generates, pure (the services wrap them into drafts):
 * - advance (TD02): the advance amount split by VAT code in proportion to the order's taxable per code, cents placed
 *   with allocate() so the parts sum exactly to the advance; or one line at the predominant (or a chosen) code;
 * - goods of a closing-type invoice: one line per shipped order line per DDT (DatiDDT points at its line numbers), the
 *   part never shipped, and on the closing a "conguaglio" line when the rounding of partial quantities left a cent,
 *   so every order line ends up invoiced for exactly its amount;
 * - advance reversals (storno anticipo): one line per advance invoice and VAT code, negative inside an invoice,
 *   positive in a separate credit note (TD04 amounts are written positive).
 */
import type { DatiDDT } from '../fatturapa/schema.generated';
import { AppError } from '../errors';
import { allocate } from '../money/allocate';
import { Decimal } from '../money/decimal';
import { italianDate } from '../invoicing/services/dates';
import type { DraftLine, VatCode } from '../invoicing/types';
import { findVatCode, lineAmount } from './orders';
import type { AdvancePart, Deduction, GoodsPiece, OrderAmounts, SalesOrder, SalesOrderLine, Shipment } from './types';

/** "IVA 22%" or the Natura, for descriptions. */
export function vatLabel(vc: Pick<VatCode, 'aliquota' | 'natura'>): string {
  return vc.natura && Decimal.parse(vc.aliquota).isZero() ? vc.natura : `IVA ${Decimal.parse(vc.aliquota).normalize(0, 2).toString().replace('.', ',')}%`;
}

function requireVat(vatCodes: readonly VatCode[], code: string): VatCode {
  return (
    findVatCode(vatCodes, code) ??
    (() => {
      throw new AppError({ code: 'CODICE_IVA_SCONOSCIUTO', message: `Il codice IVA «${code}» non è più nelle impostazioni.`, fix: 'Ripristina il codice IVA nelle impostazioni di contabilità.' });
    })()
  );
}

/** A line without quantity worth `amount` at `vatCode`. */
export function amountLine(vatCodes: readonly VatCode[], vatCode: string, descrizione: string, amount: Decimal): DraftLine {
  const vc = requireVat(vatCodes, vatCode);
  const zero = Decimal.parse(vc.aliquota).isZero();
  return { descrizione, prezzoUnitario: amount.toFixed(2), vatCode: vc.code, aliquotaIva: Decimal.parse(vc.aliquota).toFixed(2), ...(zero && vc.natura ? { natura: vc.natura } : {}) };
}

/** The VAT code with the largest taxable in the order (the first one on ties). */
export function predominantVatCode(amounts: OrderAmounts): string {
  let best = amounts.byVat[0]!;
  for (const v of amounts.byVat) if (Decimal.parse(v.taxable).gt(best.taxable)) best = v;
  return best.vatCode;
}

/** How an advance of `amount` splits over VAT codes (parts never zero, summing exactly to `amount`). */
export function advanceSplit(amounts: OrderAmounts, amount: Decimal, opts: { splitByVat: boolean; vatCode?: string }): { vatCode: string; amount: Decimal }[] {
  if (!opts.splitByVat || amounts.byVat.length === 1) {
    return [{ vatCode: opts.vatCode ?? predominantVatCode(amounts), amount: amount.round(2) }];
  }
  const parts = allocate(amount, amounts.byVat.map((v) => Decimal.parse(v.taxable)), 2);
  return amounts.byVat.map((v, i) => ({ vatCode: v.vatCode, amount: parts[i]! })).filter((p) => !p.amount.isZero());
}

/** The TD02 lines of an advance. */
export function advanceLines(vatCodes: readonly VatCode[], split: readonly { vatCode: string; amount: Decimal }[], description: string): DraftLine[] {
  return split.map((p) => {
    const vc = requireVat(vatCodes, p.vatCode);
    return amountLine(vatCodes, p.vatCode, split.length > 1 ? `${description} (${vatLabel(vc)})` : description, p.amount);
  });
}

function goodsLine(vatCodes: readonly VatCode[], l: SalesOrderLine, quantity: Decimal, suffix = ''): DraftLine {
  const vc = requireVat(vatCodes, l.vatCode);
  const zero = Decimal.parse(vc.aliquota).isZero();
  const discount = Decimal.tryParse(l.discountPercent);
  return {
    descrizione: `${l.description}${suffix}`,
    ...(l.itemCode ? { codiceArticolo: [{ CodiceTipo: 'INTERNO', CodiceValore: l.itemCode }] } : {}),
    ...(l.itemId !== undefined ? { itemId: l.itemId } : {}),
    quantita: quantity.normalize(2, 8).toString(),
    ...(l.unitOfMeasure ? { unitaMisura: l.unitOfMeasure } : {}),
    prezzoUnitario: Decimal.parse(l.unitPrice).normalize(2, 8).toString(),
    ...(discount && !discount.isZero() ? { sconti: [{ tipo: 'SC' as const, percentuale: discount.toFixed(2) }] } : {}),
    vatCode: vc.code,
    aliquotaIva: Decimal.parse(vc.aliquota).toFixed(2),
    ...(zero && vc.natura ? { natura: vc.natura } : {}),
  };
}

export interface GoodsSelection {
  order: SalesOrder;
  vatCodes: readonly VatCode[];
  /** Shipments this invoice bills, in DDT order. */
  shipments: readonly Shipment[];
  /** Closing: also the quantities never shipped, and the cents that make each order line exact. */
  closing: boolean;
  /** Every posted shipment of the order (for what was shipped in total). */
  allShipments: readonly Shipment[];
  /** What registered invoices already billed, per order line. */
  invoiced: ReadonlyMap<number, { quantity: Decimal; amount: Decimal }>;
}

export interface GoodsResult {
  lines: DraftLine[];
  ddt: DatiDDT[];
  goods: GoodsPiece[];
  total: Decimal;
}

/** The goods lines of a closing-type invoice, DatiDDT with their line numbers (lines are numbered from 1). */
export function goodsLines(sel: GoodsSelection): GoodsResult {
  const lines: DraftLine[] = [];
  const ddt: DatiDDT[] = [];
  const perLine = new Map<number, { quantity: Decimal; amount: Decimal }>();
  const byId = new Map(sel.order.lines.map((l) => [l.id, l]));
  const add = (orderLineId: number, q: Decimal, a: Decimal) => {
    const cur = perLine.get(orderLineId) ?? { quantity: Decimal.ZERO, amount: Decimal.ZERO };
    perLine.set(orderLineId, { quantity: cur.quantity.add(q), amount: cur.amount.add(a) });
  };
  for (const s of sel.shipments) {
    const refs: string[] = [];
    const sorted = [...s.lines].sort((a, b) => (byId.get(a.orderLineId)?.position ?? 0) - (byId.get(b.orderLineId)?.position ?? 0));
    for (const sl of sorted) {
      const ol = byId.get(sl.orderLineId)!;
      const q = Decimal.parse(sl.quantity);
      lines.push(goodsLine(sel.vatCodes, ol, q));
      refs.push(String(lines.length));
      add(ol.id, q, lineAmount(ol, sl.quantity));
    }
    ddt.push({ NumeroDDT: s.numero, DataDDT: s.date, RiferimentoNumeroLinea: refs });
  }
  if (sel.closing) {
    const shipped = new Map<number, Decimal>();
    for (const s of sel.allShipments) for (const sl of s.lines) shipped.set(sl.orderLineId, (shipped.get(sl.orderLineId) ?? Decimal.ZERO).add(Decimal.parse(sl.quantity)));
    for (const ol of sel.order.lines) {
      const left = Decimal.parse(ol.quantity).sub(shipped.get(ol.id) ?? Decimal.ZERO);
      if (left.gt(Decimal.ZERO)) {
        lines.push(goodsLine(sel.vatCodes, ol, left, shipped.has(ol.id) ? ' (quantità non spedita)' : ''));
        add(ol.id, left, lineAmount(ol, left.toString()));
      }
    }
    // Cents: what each order line still has to bill, less what the pieces of this invoice bill.
    for (const ol of sel.order.lines) {
      const before = sel.invoiced.get(ol.id)?.amount ?? Decimal.ZERO;
      const now = perLine.get(ol.id)?.amount ?? Decimal.ZERO;
      const diff = lineAmount(ol).sub(before).sub(now);
      if (!diff.isZero()) {
        lines.push(amountLine(sel.vatCodes, ol.vatCode, `Conguaglio arrotondamenti: ${ol.description}`, diff));
        add(ol.id, Decimal.ZERO, diff);
      }
    }
  }
  const goods: GoodsPiece[] = sel.order.lines
    .filter((ol) => perLine.has(ol.id))
    .map((ol) => ({ orderLineId: ol.id, quantity: perLine.get(ol.id)!.quantity.toString(), amount: perLine.get(ol.id)!.amount.toFixed(2) }));
  const total = Decimal.sum(goods.map((g) => Decimal.parse(g.amount)));
  return { lines, ddt, goods, total };
}

/**
 * What a closing-type invoice deducts from the advances: a closing everything still outstanding; a partial closing
 * with deductions the advances' share of the goods it bills (advances x goods / order, half-up), never more than what
 * is outstanding. The amount is spread over the outstanding parts in proportion (allocate), so no part is ever
 * deducted beyond what it invoiced.
 */
export function deductionsFor(kind: 'closing' | 'partial_deductions', outstanding: readonly AdvancePart[], advancesInvoiced: Decimal, goodsTotal: Decimal, orderAmount: Decimal): Deduction[] {
  const weights = outstanding.map((p) => Decimal.parse(p.amount));
  const left = Decimal.sum(weights);
  if (left.lte(Decimal.ZERO)) return [];
  let target = left;
  if (kind === 'partial_deductions') {
    target = orderAmount.isZero() ? Decimal.ZERO : Decimal.min(left, advancesInvoiced.mul(goodsTotal).div(orderAmount, 2));
  }
  if (target.lte(Decimal.ZERO)) return [];
  const shares = target.eq(left) ? weights : allocate(target, weights, 2);
  return outstanding.map((p, i) => ({ ...p, amount: shares[i]!.toFixed(2) })).filter((d) => !Decimal.parse(d.amount).isZero());
}

/** Reversal lines of `deductions`: negative inside an invoice, positive in a credit note. */
export function reversalLines(vatCodes: readonly VatCode[], deductions: readonly Deduction[], advances: ReadonlyMap<number, { numero: string; date: string }>, sign: 1 | -1): DraftLine[] {
  return deductions.map((d) => {
    const adv = advances.get(d.advanceDocumentId);
    const vc = requireVat(vatCodes, d.vatCode);
    const what = adv ? `Storno anticipo fattura n. ${adv.numero} del ${italianDate(adv.date)}` : 'Storno anticipo';
    const amount = Decimal.parse(d.amount);
    return amountLine(vatCodes, d.vatCode, `${what} (${vatLabel(vc)})`, sign < 0 ? amount.neg() : amount);
  });
}
