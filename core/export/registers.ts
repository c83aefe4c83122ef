/**
 * The VAT registers of the accountant's export: registro IVA vendite (documents issued) and registro IVA acquisti
 * (invoices received), one row per document body and VAT summary line (DatiRiepilogo: rate or Natura), read from the
 * XML exactly as it was sent or received. Credit notes (TD04, TD08) reduce the register: their amounts are written
 * with a minus sign, as a "variazione in diminuzione".
 */
import type { FatturaElettronica } from '../fatturapa/schema.generated';
import { partyName } from '../pdf/describe';
import { csvDocument, italianAmount, italianDate, italianRate } from './csv';

export type RegisterSide = 'vendite' | 'acquisti';

export interface RegisterRow {
  date: string;
  numero: string;
  tipoDocumento: string;
  counterparty: string;
  partitaIva: string;
  codiceFiscale: string;
  aliquota: string;
  natura: string;
  imponibile: string;
  imposta: string;
  esigibilita: string;
  fileName: string;
  /** SdI status (sales only). */
  stato?: string;
}

const CREDIT_NOTES = new Set(['TD04', 'TD08']);

/** Rows of one FatturaPA file (all its bodies, or only `bodyIndex`). */
export function registerRows(f: FatturaElettronica, side: RegisterSide, fileName: string, opts: { bodyIndex?: number; stato?: string } = {}): RegisterRow[] {
  const header = f.FatturaElettronicaHeader;
  const party = side === 'vendite' ? header.CessionarioCommittente.DatiAnagrafici : header.CedentePrestatore.DatiAnagrafici;
  const vat = party.IdFiscaleIVA ? `${party.IdFiscaleIVA.IdPaese}${party.IdFiscaleIVA.IdCodice}` : '';
  const rows: RegisterRow[] = [];
  (f.FatturaElettronicaBody ?? []).forEach((body, i) => {
    if (opts.bodyIndex !== undefined && opts.bodyIndex !== i) return;
    const g = body.DatiGenerali.DatiGeneraliDocumento;
    const negate = CREDIT_NOTES.has(g.TipoDocumento);
    for (const r of body.DatiBeniServizi?.DatiRiepilogo ?? []) {
      rows.push({
        date: g.Data,
        numero: g.Numero,
        tipoDocumento: g.TipoDocumento,
        counterparty: partyName(party.Anagrafica),
        partitaIva: vat,
        codiceFiscale: party.CodiceFiscale ?? '',
        aliquota: r.AliquotaIVA,
        natura: r.Natura ?? '',
        imponibile: italianAmount(r.ImponibileImporto, negate),
        imposta: italianAmount(r.Imposta, negate),
        esigibilita: r.EsigibilitaIVA ?? '',
        fileName,
        ...(opts.stato !== undefined ? { stato: opts.stato } : {}),
      });
    }
  });
  return rows;
}

/** Oldest first, then by number: the order of a register. */
export function sortRegister(rows: RegisterRow[]): RegisterRow[] {
  return rows.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.numero.localeCompare(b.numero, 'it', { numeric: true })));
}

export function registerCsv(side: RegisterSide, rows: readonly RegisterRow[]): Uint8Array {
  const who = side === 'vendite' ? 'Cliente' : 'Fornitore';
  const header = ['Data', 'Numero', 'Tipo documento', who, 'Partita IVA', 'Codice fiscale', 'Aliquota IVA', 'Natura', 'Imponibile', 'Imposta', 'Esigibilità IVA', 'File'];
  if (side === 'vendite') header.push('Stato SdI');
  return csvDocument(
    header,
    rows.map((r) => {
      const cells = [italianDate(r.date), r.numero, r.tipoDocumento, r.counterparty, r.partitaIva, r.codiceFiscale, italianRate(r.aliquota), r.natura, r.imponibile, r.imposta, r.esigibilita, r.fileName];
      if (side === 'vendite') cells.push(r.stato ?? '');
      return cells;
    }),
  );
}
