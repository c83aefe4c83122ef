/**
 * Shipments (DDT) of a released order: partial or full per line, never more than what is left to ship, posted in one
 * transaction and numbered per year, gapless, with dates that never go backwards (the numbering table, under the
 * reserved series "#DDT" that no document series can take since series codes are the user's letters).
 */
import { fail } from '../../errors';
import { italianDate } from '../../invoicing/services/dates';
import { isValidIsoDate } from '../../invoicing/payment-terms';
import { Decimal } from '../../money/decimal';
import type { CompanyStore, Page, ShipmentRow } from '../../ports';
import { lineAmount } from '../orders';
import type { Shipment, ShipmentInput } from '../types';
import { shippedByLine } from './orders';
import { getOrderOrFail } from './state';

export const DDT_SERIES = '#DDT';

export function listShipments(store: CompanyStore, q: { orderId?: number; customerId?: number; offset?: number; limit?: number }): Page<ShipmentRow> {
  return store.shipments.list(q);
}

export function getShipment(store: CompanyStore, id: number): Shipment {
  return store.shipments.get(id) ?? fail('SPEDIZIONE_NON_TROVATA', `Spedizione ${id} non trovata.`, { fix: 'Ricarica le spedizioni dell’ordine.' });
}

export function postShipment(store: CompanyStore, input: ShipmentInput): Shipment {
  return store.transaction(() => {
    const order = getOrderOrFail(store, input.orderId);
    const label = `n. ${order.numero} del ${italianDate(order.date)}`;
    if (order.status !== 'released') {
      fail('ORDINE_NON_RILASCIATO', `L’ordine ${label} non è rilasciato: non si può spedire.`, { fix: 'Rilascia l’ordine prima di registrare la spedizione.' });
    }
    if (!isValidIsoDate(input.date)) fail('DATA_NON_VALIDA', `Data della spedizione non valida: «${input.date}».`, { field: 'date', fix: 'Usa il formato AAAA-MM-GG.' });
    if (input.date < order.date) {
      fail('DATA_ANTECEDENTE', `La spedizione non può essere anteriore all’ordine (${italianDate(order.date)}).`, { field: 'date', fix: `Usa una data dal ${italianDate(order.date)} in poi.` });
    }
    if (input.lines.length === 0) fail('SPEDIZIONE_VUOTA', 'La spedizione non ha righe.', { field: 'lines', fix: 'Indica almeno una riga dell’ordine e la quantità spedita.' });
    const byId = new Map(order.lines.map((l) => [l.id, l]));
    const shipped = shippedByLine(store.shipments.listByOrder(order.id));
    const seen = new Set<number>();
    const lines = input.lines.map((l, i) => {
      const ol = byId.get(l.orderLineId) ?? fail('RIGA_NON_DELL_ORDINE', `Riga ${i + 1} della spedizione: la riga d’ordine ${l.orderLineId} non appartiene all’ordine ${label}.`, { field: `lines[${i}].orderLineId`, fix: 'Scegli le righe dall’ordine.' });
      if (seen.has(ol.id)) fail('RIGA_DUPLICATA', `La riga «${ol.description}» compare due volte nella spedizione.`, { field: `lines[${i}]`, fix: 'Indica la quantità totale su una sola riga.' });
      seen.add(ol.id);
      const q = Decimal.tryParse(l.quantity);
      if (!q || q.lte(Decimal.ZERO) || q.significantScale() > 8) {
        fail('QUANTITA_NON_VALIDA', `Riga «${ol.description}»: la quantità da spedire deve essere maggiore di zero (al più 8 decimali).`, { field: `lines[${i}].quantity`, fix: 'Correggi la quantità.' });
      }
      const left = Decimal.parse(ol.quantity).sub(shipped.get(ol.id) ?? Decimal.ZERO);
      if (q.gt(left)) {
        fail('SPEDIZIONE_OLTRE_RESIDUO', `Riga «${ol.description}»: la quantità da spedire (${q.toString()}) supera il residuo da spedire (${left.toString()} su ${ol.quantity} ordinati).`, {
          field: `lines[${i}].quantity`,
          fix: left.isZero() ? 'La riga è già stata spedita per intero.' : `Spedisci al massimo ${left.toString()}.`,
        });
      }
      const quantity = q.normalize(0, 8).toString();
      return { orderLineId: ol.id, quantity, amount: lineAmount(ol, quantity).toFixed(2) };
    });
    const year = Number(input.date.slice(0, 4));
    const state = store.numbering.get(DDT_SERIES, year);
    if (state && input.date < state.lastDate) {
      fail('DATA_ANTECEDENTE', `La data ${italianDate(input.date)} è precedente a quella dell’ultimo DDT del ${year} (n. ${state.lastNumber} del ${italianDate(state.lastDate)}).`, {
        field: 'date',
        fix: `Usa una data dal ${italianDate(state.lastDate)} in poi.`,
      });
    }
    const number = (state?.lastNumber ?? 0) + 1;
    const amount = Decimal.sum(lines.map((l) => Decimal.parse(l.amount))).toFixed(2);
    const id = store.shipments.insert({ orderId: order.id, year, number, numero: `${number}/${year}`, date: input.date, amount, lines }, new Date().toISOString());
    store.numbering.set({ series: DDT_SERIES, year, lastNumber: number, lastDate: input.date });
    return store.shipments.get(id)!;
  });
}
