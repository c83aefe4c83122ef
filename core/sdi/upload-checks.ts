/**
 * The checks the SdI runs on a file it receives, in its order: file name (00001), duplicate file name (00002), size
 * (00003), readable FatturaPA (00200, with the reader's explanation), our structure and content controls (the codes
 * of checkFattura), duplicate invoice inside the lot (00409) and invoice already accepted (00404). The first three are
 * file-level and stop the checks, as they do at the SdI. Pure: what the SdI "remembers" comes in as callbacks.
 * Used by the sandbox SdI peer; usable as a pre-flight check.
 */
import { AppError } from '../errors';
import { checkFattura } from '../fatturapa/checks';
import { readFattura } from '../fatturapa/reader';
import type { FatturaElettronica } from '../fatturapa/schema.generated';
import { invoiceFileNameProblem, parseInvoiceFileName } from './file-names';
import { MAX_ERRORS, type SdiNotificationError } from './messages';

/** The SdI refuses files over 5 MB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export interface UploadCheckContext {
  /** A file with this exact name was already received. */
  isFileNameTaken(fileName: string): boolean;
  /** An invoice with this key (see invoiceKey) was already accepted by the SdI (delivered or made available). */
  isInvoiceAccepted(key: string): boolean;
  /** Day of receipt "YYYY-MM-DD" (00403: no invoice dated after it). */
  today?: string;
  /** Opens a CAdES envelope (.xml.p7m) and returns the signed XML; undefined when it cannot. */
  unwrapSigned?(bytes: Uint8Array): Uint8Array | undefined;
}

export interface UploadedInvoice {
  /** Identity the SdI uses for 00404: cedente IdPaese+IdCodice, TipoDocumento, Numero, Data. */
  key: string;
  tipoDocumento: string;
  numero: string;
  data: string;
  /** 1-based position in the lot (PosizioneFattura). */
  position: number;
}

export interface UploadFacts {
  /** FormatoTrasmissione / versione of the file, when it could be read. */
  formato?: 'FPA12' | 'FPR12';
  /** IdPaese+IdCodice of IdTrasmittente, upper case. */
  trasmittente?: string;
  codiceDestinatario?: string;
  /** Name of the cessionario/committente (Denominazione, or Nome Cognome). */
  destinatario?: string;
  invoices: UploadedInvoice[];
}

export interface UploadCheckResult {
  /** Empty when the SdI would take the file; at most 200 (the NS limit). */
  errors: SdiNotificationError[];
  facts: UploadFacts;
}

const up = (s: string | undefined): string => (s ?? '').trim().toUpperCase();

/** The 00404 identity of one invoice (one FatturaElettronicaBody) of a file. */
export function invoiceKey(f: FatturaElettronica, bodyIndex: number): string | undefined {
  const id = f.FatturaElettronicaHeader?.CedentePrestatore?.DatiAnagrafici?.IdFiscaleIVA;
  const doc = f.FatturaElettronicaBody?.[bodyIndex]?.DatiGenerali?.DatiGeneraliDocumento;
  if (!id || !doc?.Numero || !doc.Data || !doc.TipoDocumento) return undefined;
  return [up(id.IdPaese), up(id.IdCodice), up(doc.TipoDocumento), doc.Numero.trim(), doc.Data.trim()].join('|');
}

function sdiError(code: string, description: string, suggestion?: string): SdiNotificationError {
  return suggestion ? { code, description, suggestion } : { code, description };
}

/** Runs the SdI's checks on one received file. */
export function checkUpload(fileName: string, bytes: Uint8Array, ctx: UploadCheckContext): UploadCheckResult {
  const facts: UploadFacts = { invoices: [] };
  const nameProblem = invoiceFileNameProblem(fileName);
  if (nameProblem) return { errors: [sdiError('00001', nameProblem.message, nameProblem.fix)], facts };
  if (ctx.isFileNameTaken(fileName)) {
    return { errors: [sdiError('00002', `Nome file duplicato: il file ${fileName} è già stato ricevuto.`, 'Se il file era già stato inviato verificane l’esito; per un nuovo invio usa un nuovo progressivo nel nome del file.')], facts };
  }
  if (bytes.length > MAX_UPLOAD_BYTES) {
    return { errors: [sdiError('00003', `Le dimensioni del file (${bytes.length} byte) superano quelle ammesse (${MAX_UPLOAD_BYTES} byte).`, 'Riduci gli allegati o dividi il lotto in più file.')], facts };
  }

  let xml = bytes;
  if (parseInvoiceFileName(fileName)!.extension === 'xml.p7m') {
    const inner = ctx.unwrapSigned?.(bytes);
    if (!inner) return { errors: [sdiError('00102', 'Il file .p7m non contiene una busta di firma CAdES leggibile con il documento firmato.', 'Firma di nuovo il file in formato CAdES (.p7m) oppure invialo come .xml.')], facts };
    xml = inner;
  }

  let fattura: FatturaElettronica;
  const errors: SdiNotificationError[] = [];
  try {
    const read = readFattura(xml);
    fattura = read.fattura;
    for (const f of read.findings) if (f.severity === 'error') errors.push(sdiError(f.code, describeFinding(f.path, f.message), f.fix));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { errors: [sdiError('00200', `File non conforme al formato: ${e.message}`, e.fix)], facts };
  }

  const dt = fattura.FatturaElettronicaHeader?.DatiTrasmissione;
  const versione = fattura.versione ?? dt?.FormatoTrasmissione;
  if (versione === 'FPA12' || versione === 'FPR12') facts.formato = versione;
  if (dt?.IdTrasmittente?.IdCodice) facts.trasmittente = up(dt.IdTrasmittente.IdPaese) + up(dt.IdTrasmittente.IdCodice);
  if (dt?.CodiceDestinatario) facts.codiceDestinatario = dt.CodiceDestinatario.trim();
  const anagrafica = fattura.FatturaElettronicaHeader?.CessionarioCommittente?.DatiAnagrafici?.Anagrafica;
  const nome = anagrafica?.Denominazione ?? [anagrafica?.Nome, anagrafica?.Cognome].filter(Boolean).join(' ');
  if (nome) facts.destinatario = nome.trim();

  for (const f of checkFattura(fattura, ctx.today ? { today: ctx.today } : {})) {
    if (f.severity === 'error') errors.push(sdiError(f.code, describeFinding(f.path, f.message), f.fix));
  }

  const seen = new Set<string>();
  const bodies = fattura.FatturaElettronicaBody ?? [];
  for (let b = 0; b < bodies.length; b++) {
    const key = invoiceKey(fattura, b);
    if (key === undefined) continue;
    const doc = bodies[b]!.DatiGenerali.DatiGeneraliDocumento;
    facts.invoices.push({ key, tipoDocumento: doc.TipoDocumento, numero: doc.Numero, data: doc.Data, position: b + 1 });
    if (seen.has(key)) {
      errors.push(sdiError('00409', `Fattura duplicata nel lotto: il documento n. ${doc.Numero} del ${doc.Data} compare più volte nel file.`, 'Togli dal lotto le fatture ripetute.'));
    } else if (ctx.isInvoiceAccepted(key)) {
      errors.push(sdiError('00404', `Fattura duplicata: il documento ${doc.TipoDocumento} n. ${doc.Numero} del ${doc.Data} dello stesso cedente è già stato trasmesso e accettato.`, 'La fattura risulta già inviata: verificane l’esito invece di reinviarla.'));
    }
    seen.add(key);
  }
  return { errors: errors.slice(0, MAX_ERRORS), facts };
}

function describeFinding(path: string, message: string): string {
  return path ? `${message} (${path})` : message;
}
