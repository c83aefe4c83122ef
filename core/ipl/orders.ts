/**
 * Sales-order arithmetic and checks, pure. A line is worth exactly what the same line on an invoice would be worth
 * (totals.ts linePrezzoTotale: unit price less the discount, times the quantity, rounded half-up to 2 decimals), so
 * the order amount and the invoices generated from it always agree. VAT per code is round2(taxable x rate / 100), as
 * on a document's summary row.
 */
import { Decimal } from '../money/decimal';
import type { FieldError } from '../invoicing/customers';
import { linePrezzoTotale, type AppliedDiscount } from '../invoicing/totals';
import { isValidIsoDate } from '../invoicing/payment-terms';
import type { Dec, VatCode } from '../invoicing/types';
import type { OrderAmounts, OrderVatAmount, SalesOrderInput, SalesOrderLineInput } from './types';

export function lineDiscounts(line: Pick<SalesOrderLineInput, 'discountPercent'>): AppliedDiscount[] {
  const p = Decimal.tryParse(line.discountPercent);
  return p && !p.isZero() ? [{ tipo: 'SC', percentuale: p.round(2) }] : [];
}

/** Taxable of `quantity` units of the line (default: the ordered quantity). */
export function lineAmount(line: Pick<SalesOrderLineInput, 'unitPrice' | 'quantity' | 'discountPercent'>, quantity: Dec = line.quantity): Decimal {
  return linePrezzoTotale(Decimal.parse(line.unitPrice), Decimal.parse(quantity), lineDiscounts(line));
}

export function findVatCode(vatCodes: readonly VatCode[], code: string): VatCode | undefined {
  return vatCodes.find((v) => v.code === code);
}

/** Order amounts; VAT codes in order of first appearance among the lines. */
export function orderAmounts(lines: readonly SalesOrderLineInput[], vatCodes: readonly VatCode[]): OrderAmounts {
  const groups = new Map<string, Decimal>();
  for (const l of lines) groups.set(l.vatCode, (groups.get(l.vatCode) ?? Decimal.ZERO).add(lineAmount(l)));
  const byVat: OrderVatAmount[] = [];
  let taxable = Decimal.ZERO;
  let vat = Decimal.ZERO;
  for (const [code, amount] of groups) {
    const vc = findVatCode(vatCodes, code);
    const aliquota = Decimal.parse(vc?.aliquota ?? '0').round(2);
    const t = amount.round(2);
    const v = t.mul(aliquota).div(Decimal.HUNDRED, 2);
    taxable = taxable.add(t);
    vat = vat.add(v);
    byVat.push({ vatCode: code, aliquota: aliquota.toFixed(2), ...(vc?.natura ? { natura: vc.natura } : {}), taxable: t.toFixed(2), vat: v.toFixed(2) });
  }
  return { taxable: taxable.toFixed(2), vat: vat.toFixed(2), total: taxable.add(vat).toFixed(2), byVat };
}

function decimalError(value: string | undefined, field: string, label: string, opts: { maxDecimals: number; min?: Decimal; minExclusive?: boolean; max?: Decimal }): FieldError | undefined {
  const d = Decimal.tryParse(value);
  if (d === undefined) return { field, code: 'NUMERO_NON_VALIDO', message: `${label}: «${value ?? ''}» non è un numero valido.`, fix: 'Usa cifre e il punto come separatore decimale (es. 12.50).' };
  if (d.significantScale() > opts.maxDecimals) return { field, code: 'TROPPI_DECIMALI', message: `${label} ha più di ${opts.maxDecimals} decimali.`, fix: `Arrotonda a ${opts.maxDecimals} decimali.` };
  if (d.abs().round(0, 'DOWN').toString().length > 11) return { field, code: 'NUMERO_TROPPO_GRANDE', message: `${label} è troppo grande.`, fix: 'Controlla il valore inserito.' };
  if (opts.min && (opts.minExclusive ? d.lte(opts.min) : d.lt(opts.min))) {
    return { field, code: 'FUORI_INTERVALLO', message: `${label} deve essere ${opts.minExclusive ? 'maggiore di' : 'almeno'} ${opts.min.toString()}.`, fix: 'Correggi il valore.' };
  }
  if (opts.max && d.gt(opts.max)) return { field, code: 'FUORI_INTERVALLO', message: `${label} non può superare ${opts.max.toString()}.`, fix: 'Correggi il valore.' };
  return undefined;
}

/** Field errors of an order as typed (the service adds what needs storage: customer, item, shipped quantities). */
export function validateOrderInput(input: SalesOrderInput, vatCodes: readonly VatCode[]): FieldError[] {
  const errors: FieldError[] = [];
  const push = (e: FieldError | undefined) => e && errors.push(e);
  if (!isValidIsoDate(input.date ?? '')) errors.push({ field: 'date', code: 'DATA_NON_VALIDA', message: 'La data dell’ordine non è valida.', fix: 'Usa il formato AAAA-MM-GG.' });
  const divisa = input.divisa ?? 'EUR';
  if (!/^[A-Z]{3}$/.test(divisa)) errors.push({ field: 'divisa', code: 'DIVISA_NON_VALIDA', message: 'La divisa deve essere un codice ISO 4217 di 3 lettere (EUR).', fix: 'Usa EUR.' });
  if (divisa === 'EUR' && input.exchangeRate !== undefined && !Decimal.tryParse(input.exchangeRate)?.eq('1')) {
    errors.push({ field: 'exchangeRate', code: 'CAMBIO_NON_VALIDO', message: 'Per un ordine in euro il cambio è 1.', fix: 'Togli il cambio o indica 1.' });
  }
  if (divisa !== 'EUR') {
    if (input.exchangeRate === undefined) errors.push({ field: 'exchangeRate', code: 'CAMBIO_MANCANTE', message: `Per un ordine in ${divisa} indica il cambio (unità di ${divisa} per 1 euro).`, fix: 'Inserisci il cambio del giorno dell’ordine.' });
    else push(decimalError(input.exchangeRate, 'exchangeRate', 'Il cambio', { maxDecimals: 6, min: Decimal.ZERO, minExclusive: true }));
  }
  if (input.customerReferenceDate !== undefined && !isValidIsoDate(input.customerReferenceDate)) {
    errors.push({ field: 'customerReferenceDate', code: 'DATA_NON_VALIDA', message: 'La data del riferimento ordine cliente non è valida.', fix: 'Usa il formato AAAA-MM-GG.' });
  }
  const seen = new Set<number>();
  input.lines.forEach((l, i) => {
    const f = `lines[${i}]`;
    const n = i + 1;
    if (!l.description?.trim()) errors.push({ field: `${f}.description`, code: 'DESCRIZIONE_MANCANTE', message: `Riga ${n}: manca la descrizione.`, fix: 'Descrivi il bene o il servizio.' });
    push(decimalError(l.quantity, `${f}.quantity`, `Riga ${n}: la quantità`, { maxDecimals: 8, min: Decimal.ZERO, minExclusive: true }));
    push(decimalError(l.unitPrice, `${f}.unitPrice`, `Riga ${n}: il prezzo unitario`, { maxDecimals: 8, min: Decimal.ZERO }));
    if (l.discountPercent !== undefined && l.discountPercent.trim() !== '') {
      push(decimalError(l.discountPercent, `${f}.discountPercent`, `Riga ${n}: lo sconto`, { maxDecimals: 2, min: Decimal.ZERO, max: Decimal.HUNDRED }));
    }
    if (!findVatCode(vatCodes, l.vatCode)) {
      errors.push({ field: `${f}.vatCode`, code: 'CODICE_IVA_SCONOSCIUTO', message: `Riga ${n}: codice IVA «${l.vatCode ?? ''}» non presente nelle impostazioni.`, fix: 'Scegli un codice IVA esistente.' });
    }
    if (l.id !== undefined) {
      if (seen.has(l.id)) errors.push({ field: `${f}.id`, code: 'RIGA_DUPLICATA', message: `Riga ${n}: la stessa riga d’ordine compare due volte.`, fix: 'Ricarica l’ordine.' });
      seen.add(l.id);
    }
  });
  return errors;
}

/** Quantity still to ship of each order line, given the quantities already shipped. */
export function remainingToShip(ordered: Dec, shipped: readonly Dec[]): Decimal {
  return Decimal.parse(ordered).sub(Decimal.sum(shipped.map((q) => Decimal.parse(q))));
}
