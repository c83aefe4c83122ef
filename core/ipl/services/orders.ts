/**
 * Sales orders: created and edited while open, released ("Rilascia") to be shipped and planned, reopened only while
 * none of the plan's documents is registered. A line already shipped keeps its price, discount and VAT code and
 * cannot go below the quantity shipped (the DDT say what left the warehouse at which price).
 */
import { fail } from '../../errors';
import { getAccountingSettings } from '../../invoicing/services/company';
import { getCustomer, customerName } from '../../invoicing/services/customers';
import { italianDate } from '../../invoicing/services/dates';
import { throwIfInvalid } from '../../invoicing/services/invalid';
import type { FieldError } from '../../invoicing/customers';
import { Decimal } from '../../money/decimal';
import type { CompanyStore, Page, SalesOrderListQuery, SalesOrderRow } from '../../ports';
import { lineAmount, orderAmounts, validateOrderInput } from '../orders';
import type { SalesOrder, SalesOrderInput, SalesOrderLineInput, Shipment } from '../types';
import { getOrderOrFail, refreshPlanSummary } from './state';

/** An order with what each line has shipped and still has to ship. */
export interface OrderDetail extends Omit<SalesOrder, 'lines'> {
  lines: (SalesOrder['lines'][number] & { amount: string; shipped: string; toShip: string })[];
  shipments: { id: number; numero: string; date: string; amount: string; invoiceDocumentId?: number }[];
  planId?: number;
}

export function shippedByLine(shipments: readonly Shipment[]): Map<number, Decimal> {
  const out = new Map<number, Decimal>();
  for (const s of shipments) for (const l of s.lines) out.set(l.orderLineId, (out.get(l.orderLineId) ?? Decimal.ZERO).add(Decimal.parse(l.quantity)));
  return out;
}

export function orderDetail(store: CompanyStore, order: SalesOrder): OrderDetail {
  const shipments = store.shipments.listByOrder(order.id);
  const shipped = shippedByLine(shipments);
  const plan = store.plans.getByOrder(order.id);
  return {
    ...order,
    lines: order.lines.map((l) => {
      const s = shipped.get(l.id) ?? Decimal.ZERO;
      return { ...l, amount: lineAmount(l).toFixed(2), shipped: s.toString(), toShip: Decimal.parse(l.quantity).sub(s).toString() };
    }),
    shipments: shipments.map((s) => ({ id: s.id, numero: s.numero, date: s.date, amount: s.amount, ...(s.invoiceDocumentId !== undefined ? { invoiceDocumentId: s.invoiceDocumentId } : {}) })),
    ...(plan ? { planId: plan.id } : {}),
  };
}

export function getOrderDetail(store: CompanyStore, id: number): OrderDetail {
  return orderDetail(store, getOrderOrFail(store, id));
}

export function listOrders(store: CompanyStore, q: SalesOrderListQuery = {}): Page<SalesOrderRow> {
  return store.salesOrders.list(q);
}

function label(o: Pick<SalesOrder, 'numero' | 'date'>): string {
  return `n. ${o.numero} del ${italianDate(o.date)}`;
}

function refuseIfReleased(o: SalesOrder): void {
  if (o.status === 'released') {
    fail('ORDINE_RILASCIATO', `L’ordine ${label(o)} è rilasciato: non si può modificare.`, { fix: 'Riapri l’ordine (è possibile finché nessun documento del piano è registrato), modificalo e rilascialo di nuovo.' });
  }
}

/** Lines already shipped keep what the DDT recorded. */
function checkShippedLines(existing: SalesOrder, lines: readonly SalesOrderLineInput[], shipped: Map<number, Decimal>): FieldError[] {
  const errors: FieldError[] = [];
  const byId = new Map(lines.filter((l) => l.id !== undefined).map((l, i) => [l.id!, { l, i }]));
  for (const old of existing.lines) {
    const q = shipped.get(old.id);
    if (!q) continue;
    const found = byId.get(old.id);
    if (!found) {
      errors.push({ field: 'lines', code: 'RIGA_SPEDITA', message: `La riga «${old.description}» è già stata spedita (${q.toString()}): non si può eliminare.`, fix: 'Lascia la riga; puoi ridurne la quantità fino a quella spedita.' });
      continue;
    }
    const { l, i } = found;
    if (Decimal.parse(l.quantity).lt(q)) {
      errors.push({ field: `lines[${i}].quantity`, code: 'QUANTITA_SOTTO_SPEDITO', message: `Riga ${i + 1}: la quantità non può scendere sotto quella già spedita (${q.toString()}).`, fix: `Indica almeno ${q.toString()}.` });
    }
    const samePrice = Decimal.parse(l.unitPrice).eq(old.unitPrice);
    const sameDiscount = Decimal.parse(l.discountPercent ?? '0').eq(old.discountPercent ?? '0');
    if (!samePrice || !sameDiscount || l.vatCode !== old.vatCode) {
      errors.push({ field: `lines[${i}]`, code: 'RIGA_SPEDITA', message: `Riga ${i + 1}: prezzo, sconto e codice IVA di una riga già spedita non si possono cambiare.`, fix: 'Aggiungi una nuova riga per le quantità a condizioni diverse.' });
    }
  }
  return errors;
}

export function saveOrder(store: CompanyStore, input: SalesOrderInput): OrderDetail {
  return store.transaction(() => {
    const settings = getAccountingSettings(store);
    throwIfInvalid('ORDINE_NON_VALIDO', 'Ordine non salvabile', validateOrderInput(input, settings.vatCodes));
    const customer = getCustomer(store, input.customerId);
    const lines: SalesOrderLineInput[] = input.lines.map((l) => {
      const out: SalesOrderLineInput = { ...l, description: l.description.trim() };
      if (l.itemId !== undefined) {
        const item = store.items.get(l.itemId) ?? fail('ARTICOLO_NON_TROVATO', `Articolo ${l.itemId} non trovato.`, { field: 'lines', fix: 'Scegli l’articolo dall’elenco.' });
        out.itemCode = l.itemCode ?? item.code;
      }
      if (out.discountPercent !== undefined && out.discountPercent.trim() === '') delete out.discountPercent;
      return out;
    });
    const divisa = input.divisa ?? 'EUR';
    const record = {
      date: input.date,
      customerId: customer.id,
      customerName: customerName(customer),
      divisa,
      exchangeRate: divisa === 'EUR' ? '1' : Decimal.parse(input.exchangeRate!).normalize(0, 6).toString(),
      ...(input.customerReference?.trim() ? { customerReference: input.customerReference.trim() } : {}),
      ...(input.customerReferenceDate ? { customerReferenceDate: input.customerReferenceDate } : {}),
      ...(input.description?.trim() ? { description: input.description.trim() } : {}),
      amounts: orderAmounts(lines, settings.vatCodes),
      lines,
    };
    const at = new Date().toISOString();
    if (input.id === undefined) {
      const year = Number(input.date.slice(0, 4));
      const number = store.numbering.nextCounter(`ordini_vendita_${year}`);
      const id = store.salesOrders.insert({ ...record, year, number, numero: `${number}/${year}` }, at);
      return getOrderDetail(store, id);
    }
    const existing = getOrderOrFail(store, input.id);
    refuseIfReleased(existing);
    const own = new Set(existing.lines.map((l) => l.id));
    const foreign = lines.find((l) => l.id !== undefined && !own.has(l.id));
    if (foreign) fail('RIGA_NON_DELL_ORDINE', `La riga ${foreign.id} non appartiene all’ordine ${label(existing)}.`, { field: 'lines', fix: 'Ricarica l’ordine.' });
    const plan = store.plans.getByOrder(existing.id);
    if (plan && existing.customerId !== customer.id) {
      fail('ORDINE_CON_PIANO', `L’ordine ${label(existing)} ha un piano di fatturazione: il cliente non si può cambiare.`, { field: 'customerId', fix: 'Crea un nuovo ordine per l’altro cliente.' });
    }
    throwIfInvalid('ORDINE_NON_VALIDO', 'Ordine non salvabile', checkShippedLines(existing, lines, shippedByLine(store.shipments.listByOrder(existing.id))));
    store.salesOrders.update(existing.id, record, at);
    if (plan) refreshPlanSummary(store, plan.id);
    return getOrderDetail(store, existing.id);
  });
}

export function releaseOrder(store: CompanyStore, id: number): OrderDetail {
  return store.transaction(() => {
    const o = getOrderOrFail(store, id);
    if (o.status === 'released') fail('ORDINE_GIA_RILASCIATO', `L’ordine ${label(o)} è già rilasciato.`, { fix: 'Ricarica l’ordine.' });
    if (o.lines.length === 0) fail('ORDINE_VUOTO', `L’ordine ${label(o)} non ha righe: non si può rilasciare.`, { fix: 'Aggiungi almeno una riga con quantità e prezzo.' });
    if (Decimal.parse(o.amounts.taxable).lte(Decimal.ZERO)) {
      fail('ORDINE_IMPORTO_ZERO', `L’ordine ${label(o)} ha importo zero: non si può rilasciare.`, { fix: 'Indica i prezzi delle righe.' });
    }
    store.salesOrders.setStatus(id, 'released', new Date().toISOString());
    return getOrderDetail(store, id);
  });
}

export function reopenOrder(store: CompanyStore, id: number): OrderDetail {
  return store.transaction(() => {
    const o = getOrderOrFail(store, id);
    if (o.status === 'open') fail('ORDINE_GIA_APERTO', `L’ordine ${label(o)} è già aperto.`, { fix: 'Ricarica l’ordine.' });
    const plan = store.plans.getByOrder(id);
    if (plan) {
      const docs = store.plans.documents(plan.id);
      const registered = docs.filter((d) => d.status !== 'draft');
      if (registered.length > 0) {
        fail('ORDINE_CON_DOCUMENTI_REGISTRATI', `L’ordine ${label(o)} non si può riaprire: il piano n. ${plan.id} ha ${registered.length} documenti registrati (il primo è il n. ${registered[0]!.numero}).`, {
          fix: 'Per cambiare l’ordine dopo la registrazione storna i documenti con una nota di credito o aggiungi righe al piano.',
        });
      }
      if (docs.length > 0) {
        fail('ORDINE_CON_BOZZE', `L’ordine ${label(o)} non si può riaprire: il piano n. ${plan.id} ha ${docs.length} bozze generate dall’ordine com’è ora.`, { fix: 'Elimina prima le bozze del piano, poi riapri l’ordine.' });
      }
    }
    store.salesOrders.setStatus(id, 'open', new Date().toISOString());
    return getOrderDetail(store, id);
  });
}

export function deleteOrder(store: CompanyStore, id: number): void {
  store.transaction(() => {
    const o = getOrderOrFail(store, id);
    refuseIfReleased(o);
    if (store.plans.getByOrder(id)) fail('ORDINE_CON_PIANO', `L’ordine ${label(o)} ha un piano di fatturazione: non si può eliminare.`, { fix: 'Lascia l’ordine aperto o riutilizzalo.' });
    if (store.shipments.listByOrder(id).length > 0) fail('ORDINE_CON_SPEDIZIONI', `L’ordine ${label(o)} ha spedizioni registrate: non si può eliminare.`, { fix: 'Le spedizioni registrate restano: l’ordine non si elimina.' });
    store.salesOrders.delete(id);
  });
}
