/**
 * What the importer writes besides the file: the counterparty (a customer for an outbound invoice, a supplier for a
 * received one or for a self-invoice), and for outbound documents that are published or sent the register row that
 * makes them look like the company's own: a draft-shaped summary of the body (what lists and detail screens read),
 * the totals as the file states them, and the file's XML bytes unchanged, chained like every registered document.
 */
import { Decimal } from '../money/decimal';
import type { DatiRiepilogo, FatturaElettronica, FatturaElettronicaBody, Natura, TipoDocumento } from '../fatturapa/schema.generated';
import type { Customer, CustomerKind, DocumentDraft, DocumentTotals, DraftLine, VatSummaryRow } from '../invoicing/types';
import type { PartyFacts } from './facts';

/** Series of the register rows of imported documents. User series cannot start with '#', so they never collide. */
export const IMPORT_SERIES = '#IMP';

const dec = (v: unknown): Decimal => (typeof v === 'string' ? Decimal.tryParse(v.trim()) : undefined) ?? Decimal.ZERO;
const two = (d: Decimal) => d.toFixed(2);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The counterparty as a customer record (for a new customer or supplier). */
export function customerFromParty(p: PartyFacts, opts: { supplier: boolean; fattura: FatturaElettronica }): Omit<Customer, 'id'> {
  const sede = p.sede;
  const idPaese = p.idPaese ?? str(sede?.Nazione)?.toUpperCase() ?? 'IT';
  const dt = opts.fattura.FatturaElettronicaHeader?.DatiTrasmissione;
  let kind: CustomerKind;
  if (idPaese !== 'IT') kind = 'ESTERO';
  else if (!opts.supplier && opts.fattura.versione === 'FPA12') kind = 'PA';
  else if (!p.idCodice && !opts.supplier) kind = 'PRIVATO';
  else kind = 'B2B';
  const a = p.anagrafica;
  const c: Omit<Customer, 'id'> = {
    kind,
    isSupplier: opts.supplier,
    idPaese,
    address: {
      indirizzo: str(sede?.Indirizzo) ?? '',
      cap: str(sede?.CAP) ?? '',
      comune: str(sede?.Comune) ?? '',
      nazione: str(sede?.Nazione)?.toUpperCase() ?? idPaese,
    },
    splitPayment: false,
  };
  if (str(a?.Denominazione)) c.denominazione = str(a?.Denominazione);
  else {
    if (str(a?.Nome)) c.nome = str(a?.Nome);
    if (str(a?.Cognome)) c.cognome = str(a?.Cognome);
    if (!c.nome && !c.cognome) c.denominazione = p.name || 'Senza nome';
  }
  if (str(a?.Titolo)) c.titolo = str(a?.Titolo);
  if (str(a?.CodEORI)) c.codEori = str(a?.CodEORI);
  if (p.idCodice) c.partitaIva = p.idCodice;
  if (p.codiceFiscale) c.codiceFiscale = p.codiceFiscale;
  if (str(sede?.NumeroCivico)) c.address.numeroCivico = str(sede?.NumeroCivico);
  if (str(sede?.Provincia)) c.address.provincia = str(sede?.Provincia);
  if (!opts.supplier && dt) {
    const code = str(dt.CodiceDestinatario);
    if (kind === 'PA' && code) c.cuu = code;
    else if (code) c.codiceDestinatario = code;
    if (str(dt.PECDestinatario)) c.pec = str(dt.PECDestinatario);
  }
  c.notes = 'Creato dall’importazione di una fattura elettronica.';
  return c;
}

function vatRow(r: DatiRiepilogo): VatSummaryRow {
  const row: VatSummaryRow = { aliquotaIva: dec(r.AliquotaIVA).toFixed(2), imponibile: two(dec(r.ImponibileImporto)), imposta: two(dec(r.Imposta)) };
  if (r.Natura) row.natura = r.Natura;
  if (r.EsigibilitaIVA) row.esigibilita = r.EsigibilitaIVA;
  if (str(r.Arrotondamento)) row.arrotondamento = r.Arrotondamento;
  if (str(r.RiferimentoNormativo)) row.riferimentoNormativo = r.RiferimentoNormativo;
  return row;
}

/** The totals as the file states them (never recomputed: the file is what was issued). */
export function totalsFromBody(b: FatturaElettronicaBody): DocumentTotals {
  const dg = b.DatiGenerali.DatiGeneraliDocumento;
  const riepilogo = Array.isArray(b.DatiBeniServizi?.DatiRiepilogo) ? b.DatiBeniServizi.DatiRiepilogo : [];
  let imponibile = Decimal.ZERO;
  let imposta = Decimal.ZERO;
  let split = Decimal.ZERO;
  for (const r of riepilogo) {
    imponibile = imponibile.add(dec(r.ImponibileImporto));
    imposta = imposta.add(dec(r.Imposta));
    if (r.EsigibilitaIVA === 'S') split = split.add(dec(r.Imposta));
  }
  const written = typeof dg.ImportoTotaleDocumento === 'string' ? Decimal.tryParse(dg.ImportoTotaleDocumento.trim()) : undefined;
  const totale = written ?? imponibile.add(imposta);
  const ritenuta = Decimal.sum((dg.DatiRitenuta ?? []).map((r) => dec(r.ImportoRitenuta)));
  const cassa = Decimal.sum((dg.DatiCassaPrevidenziale ?? []).map((c) => dec(c.ImportoContributoCassa)));
  return {
    imponibile: two(imponibile),
    imposta: two(imposta),
    totale: two(totale),
    ritenuta: two(ritenuta),
    cassa: two(cassa),
    bollo: two(dec(dg.DatiBollo?.ImportoBollo)),
    netToPay: two(totale.sub(ritenuta).sub(split)),
    vatSummary: riepilogo.map(vatRow),
  };
}

/**
 * A draft-shaped summary of an imported body, for the screens that read documents as drafts. It is never turned back
 * into XML: the register row keeps the file's own bytes.
 */
export function draftFromBody(b: FatturaElettronicaBody, customerId: number, sourceName: string): DocumentDraft {
  const dg = b.DatiGenerali.DatiGeneraliDocumento;
  const lines: DraftLine[] = (b.DatiBeniServizi?.DettaglioLinee ?? []).map((l) => {
    const line: DraftLine = {
      descrizione: str(l.Descrizione) ?? '',
      prezzoUnitario: str(l.PrezzoUnitario) ?? '0',
      aliquotaIva: str(l.AliquotaIVA) ?? '0',
    };
    if (str(l.Quantita)) line.quantita = l.Quantita;
    if (str(l.UnitaMisura)) line.unitaMisura = l.UnitaMisura;
    if (l.Natura) line.natura = l.Natura as Natura;
    if (l.CodiceArticolo) line.codiceArticolo = l.CodiceArticolo;
    if (l.TipoCessionePrestazione) line.tipoCessionePrestazione = l.TipoCessionePrestazione;
    if (l.Ritenuta === 'SI') line.ritenuta = true;
    return line;
  });
  const draft: DocumentDraft = {
    tipoDocumento: dg.TipoDocumento as TipoDocumento,
    series: IMPORT_SERIES,
    date: dg.Data,
    customerId,
    divisa: str(dg.Divisa) ?? 'EUR',
    lines,
    bollo: { mode: dg.DatiBollo ? 'si' : 'no', chargedToCustomer: false },
    esigibilita: b.DatiBeniServizi?.DatiRiepilogo?.find((r) => r.EsigibilitaIVA)?.EsigibilitaIVA ?? 'I',
    note: `Fattura importata dal file «${sourceName}»: l’XML conservato è quello originale.`,
  };
  const causale = (dg.Causale ?? []).join('');
  if (causale) draft.causale = causale;
  return draft;
}
