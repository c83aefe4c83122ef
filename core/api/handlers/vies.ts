/** "Cerca su VIES": name and address of a VAT number, or a clear Italian reason why not (offline, service down). */
import { isValidVatNumber, normalizeFiscalId } from '../../invoicing/fiscal-ids';
import { checkVat } from '../../vies/index';
import type { ApiContext } from '../context';
import type { VatLookup } from '../types';

export async function lookupVat(ctx: ApiContext, idPaese: string, partitaIva: string): Promise<VatLookup> {
  const country = idPaese.trim().toUpperCase();
  const code = normalizeFiscalId(partitaIva);
  if (!isValidVatNumber(country, code)) {
    return { status: 'invalid', message: `La partita IVA ${country}${code} non è formalmente valida: controlla le cifre.` };
  }
  const r = await checkVat(country, code, { baseUrl: ctx.viesBaseUrl });
  if (r.status === 'valid') {
    const out: VatLookup = { status: 'valid' };
    if (r.name) out.name = r.name;
    if (r.address) out.address = { ...r.address, nazione: country };
    return out;
  }
  if (r.status === 'invalid') return { status: 'invalid', message: `Il VIES non riconosce la partita IVA ${country}${code} come attiva.` };
  return { status: 'unavailable', message: r.message };
}
