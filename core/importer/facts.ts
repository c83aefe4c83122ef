/**
 * The facts the importer needs from a FatturaPA model: who issued it, to whom, and per body the duplicate key
 * (TipoDocumento, Numero, Data), the header amounts and the attachments. Read defensively: the reader keeps whatever
 * the file had, so a required element may be missing, and that must end in a clear reason, not a crash.
 */
import { fail } from '../errors';
import { Decimal } from '../money/decimal';
import type { Anagrafica, FatturaElettronica, FatturaElettronicaBody, Indirizzo } from '../fatturapa/schema.generated';
import { extractAttachments, type ExtractedAttachment } from './attachments';

export interface PartyFacts {
  idPaese?: string;
  idCodice?: string;
  codiceFiscale?: string;
  name: string;
  anagrafica?: Anagrafica;
  sede?: Indirizzo;
}

export interface BodyFacts {
  index: number;
  tipoDocumento: string;
  numero: string;
  date: string;
  divisa: string;
  imponibile: string;
  imposta: string;
  totale: string;
  attachments: ExtractedAttachment[];
  /** Italian warnings (an attachment that could not be decoded...). */
  warnings: string[];
}

export interface InvoiceFacts {
  formato?: string;
  cedente: PartyFacts;
  cessionario: PartyFacts;
  soggettoEmittente?: string;
  bodies: BodyFacts[];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function partyName(a: Anagrafica | undefined): string {
  if (!a) return '';
  return text(a.Denominazione) ?? [text(a.Nome), text(a.Cognome)].filter(Boolean).join(' ');
}

/** "IT01234567890": the key of a party's VAT id (upper case, no spaces); undefined without one. */
export function vatKey(p: Pick<PartyFacts, 'idPaese' | 'idCodice'>): string | undefined {
  return p.idPaese && p.idCodice ? `${p.idPaese}${p.idCodice}`.replace(/\s/g, '').toUpperCase() : undefined;
}

function party(raw: unknown): PartyFacts {
  const p = (raw ?? {}) as { DatiAnagrafici?: { IdFiscaleIVA?: { IdPaese?: unknown; IdCodice?: unknown }; CodiceFiscale?: unknown; Anagrafica?: Anagrafica }; Sede?: Indirizzo };
  const da = p.DatiAnagrafici;
  const out: PartyFacts = { name: partyName(da?.Anagrafica) };
  const idPaese = text(da?.IdFiscaleIVA?.IdPaese);
  const idCodice = text(da?.IdFiscaleIVA?.IdCodice);
  if (idPaese) out.idPaese = idPaese.toUpperCase();
  if (idCodice) out.idCodice = idCodice.toUpperCase();
  const cf = text(da?.CodiceFiscale);
  if (cf) out.codiceFiscale = cf.toUpperCase();
  if (da?.Anagrafica) out.anagrafica = da.Anagrafica;
  if (p.Sede && typeof p.Sede === 'object') out.sede = p.Sede;
  return out;
}

function missing(what: string, where: string): never {
  fail('IMPORT_DATI_MANCANTI', `Nel file manca ${what}${where}: la fattura non può essere archiviata.`, {
    fix: 'Il file non è una fattura elettronica completa: chiedi al mittente di generarlo di nuovo.',
  });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Sum of decimal texts; values that are not decimals are left out (the checks report them). */
function sum(values: Iterable<unknown>): Decimal {
  let total = Decimal.ZERO;
  for (const v of values) {
    const d = typeof v === 'string' ? Decimal.tryParse(v.trim()) : undefined;
    if (d) total = total.add(d);
  }
  return total;
}

function bodyFacts(b: FatturaElettronicaBody, index: number, withAttachments: boolean): BodyFacts {
  const where = ` (fattura n. ${index + 1} del file)`;
  const dg = b?.DatiGenerali?.DatiGeneraliDocumento;
  const tipo = text(dg?.TipoDocumento);
  if (!tipo) missing('il tipo di documento (TipoDocumento)', where);
  if (!/^TD\d{2}$/.test(tipo)) fail('IMPORT_DATI_NON_VALIDI', `Tipo di documento «${tipo.slice(0, 20)}» non valido${where}.`, { fix: 'Il file non è una fattura elettronica valida: chiedi al mittente di correggerlo.' });
  const numero = text(dg?.Numero);
  if (!numero) missing('il numero del documento (Numero)', where);
  if (numero.length > 100) fail('IMPORT_DATI_NON_VALIDI', `Il numero del documento è troppo lungo${where}.`, { fix: 'Chiedi al mittente di correggere il file.' });
  const date = text(dg?.Data);
  if (!date) missing('la data del documento (Data)', where);
  if (!validDate(date)) fail('IMPORT_DATI_NON_VALIDI', `La data del documento «${date.slice(0, 20)}» non è una data valida${where}.`, { fix: 'Chiedi al mittente di correggere il file.' });
  const riepilogo = Array.isArray(b.DatiBeniServizi?.DatiRiepilogo) ? b.DatiBeniServizi.DatiRiepilogo : [];
  const imponibile = sum(riepilogo.map((r) => r?.ImponibileImporto));
  const imposta = sum(riepilogo.map((r) => r?.Imposta));
  const written = typeof dg.ImportoTotaleDocumento === 'string' ? Decimal.tryParse(dg.ImportoTotaleDocumento.trim()) : undefined;
  const totale = written ?? imponibile.add(imposta);
  const facts: BodyFacts = {
    index,
    tipoDocumento: tipo,
    numero,
    date,
    divisa: text(dg.Divisa) ?? 'EUR',
    imponibile: imponibile.toFixed(2),
    imposta: imposta.toFixed(2),
    totale: totale.toFixed(2),
    attachments: [],
    warnings: [],
  };
  if (withAttachments && Array.isArray(b.Allegati) && b.Allegati.length > 0) {
    const { attachments, problems } = extractAttachments(b.Allegati);
    facts.attachments = attachments;
    facts.warnings.push(...problems.map((p) => p.message));
  }
  return facts;
}

export function invoiceFacts(f: FatturaElettronica, opts: { attachments?: boolean } = {}): InvoiceFacts {
  const header = f?.FatturaElettronicaHeader;
  if (!header) missing('l’intestazione (FatturaElettronicaHeader)', '');
  const cedente = party(header.CedentePrestatore);
  if (!vatKey(cedente)) missing('la partita IVA del cedente/prestatore (IdFiscaleIVA)', '');
  const cessionario = party(header.CessionarioCommittente);
  if (!vatKey(cessionario) && !cessionario.codiceFiscale) missing('l’identificativo del cessionario/committente (IdFiscaleIVA o CodiceFiscale)', '');
  const bodies = Array.isArray(f.FatturaElettronicaBody) ? f.FatturaElettronicaBody : [];
  if (bodies.length === 0) missing('il corpo della fattura (FatturaElettronicaBody)', '');
  const out: InvoiceFacts = { cedente, cessionario, bodies: bodies.map((b, i) => bodyFacts(b, i, opts.attachments ?? true)) };
  const formato = text(f.versione) ?? text(header.DatiTrasmissione?.FormatoTrasmissione);
  if (formato) out.formato = formato;
  const se = text(header.SoggettoEmittente);
  if (se) out.soggettoEmittente = se;
  return out;
}
