/**
 * As-you-type feedback on fiscal identifiers, offline, with the same checks the API applies
 * (core/invoicing/fiscal-ids.ts): nothing while the code is still being typed, an error as soon as it cannot be right.
 */
import { isValidCodiceFiscale, isValidPartitaIva, isValidVatNumber, normalizeFiscalId } from '../../core/invoicing/fiscal-ids';

export type FiscalIdState =
  | { state: 'empty' }
  | { state: 'typing'; digits: number }
  | { state: 'valid'; normalized: string }
  | { state: 'invalid' };

export function partitaIvaState(value: string | undefined, idPaese = 'IT'): FiscalIdState {
  const v = normalizeFiscalId(value);
  if (v === '') return { state: 'empty' };
  // Foreign ids have many shapes: confirm when the shape matches, otherwise leave the verdict to the full validation.
  if (idPaese !== 'IT') return isValidVatNumber(idPaese, v) ? { state: 'valid', normalized: v } : { state: 'typing', digits: v.length };
  if (!/^\d+$/.test(v) || v.length > 11) return { state: 'invalid' };
  if (v.length < 11) return { state: 'typing', digits: v.length };
  return isValidPartitaIva(v) ? { state: 'valid', normalized: v } : { state: 'invalid' };
}

export function codiceFiscaleState(value: string | undefined): FiscalIdState {
  const v = (value ?? '').trim().toUpperCase().replace(/\s/g, '');
  if (v === '') return { state: 'empty' };
  const numeric = /^\d+$/.test(v);
  if (numeric ? v.length > 11 : v.length > 16 || !/^[A-Z0-9]+$/.test(v)) return { state: 'invalid' };
  if ((numeric && v.length < 11) || (!numeric && v.length < 16)) return { state: 'typing', digits: v.length };
  return isValidCodiceFiscale(v) ? { state: 'valid', normalized: v } : { state: 'invalid' };
}
