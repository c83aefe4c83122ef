/**
 * File names the SdI imposes. An invoice file is `<IdPaese><IdCodice>_<progressivo>.xml` (or `.xml.p7m` when signed
 * with CAdES): IdPaese is the transmitter's ISO 3166-1 country code, IdCodice its identifier (codice fiscale or partita
 * IVA for Italians, up to 28 characters abroad), progressivo 1-5 characters [A-Za-z0-9] unique for that transmitter.
 * A name breaking the rule is rejected with code 00001. (The SdI also takes `.zip` lots, which FatturaDesk never makes.)
 * A notification is named after the file it is about: `<name without extension>_<TIPO>_<NNN>.xml`.
 */
import { fail } from '../errors';

/** The kinds of SdI message, as they appear in notification file names. */
export const NOTIFICATION_KINDS = ['RC', 'NS', 'MC', 'NE', 'DT', 'AT', 'MT', 'EC', 'SE'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** NomeFile_Type in both message schemas: at most 50 characters. */
export const MAX_FILE_NAME_LENGTH = 50;

export interface InvoiceFileName {
  idPaese: string;
  idCodice: string;
  progressivo: string;
  /** Lower-cased extension: "xml" or "xml.p7m". */
  extension: 'xml' | 'xml.p7m';
  /** The name without its extension ("IT01234567890_00001"): notification names start with it. */
  baseName: string;
}

const INVOICE_NAME = /^([A-Z]{2})([A-Za-z0-9]{2,28})_([A-Za-z0-9]{1,5})\.(xml|xml\.p7m)$/i;

/** Splits a valid invoice file name; undefined when the SdI would reject it (00001). */
export function parseInvoiceFileName(name: string): InvoiceFileName | undefined {
  if (typeof name !== 'string' || name.length > MAX_FILE_NAME_LENGTH) return undefined;
  const m = INVOICE_NAME.exec(name);
  // The country code must be upper case: the regex is case-insensitive only for the extension's sake.
  if (!m || m[1] !== m[1]!.toUpperCase()) return undefined;
  const extension = m[4]!.toLowerCase() as InvoiceFileName['extension'];
  return { idPaese: m[1]!, idCodice: m[2]!, progressivo: m[3]!, extension, baseName: name.slice(0, name.length - extension.length - 1) };
}

export interface FileNameProblem {
  /** SdI control code. */
  code: '00001';
  message: string;
  fix: string;
}

/** Why the SdI would reject this invoice file name (00001), in Italian; undefined when the name is valid. */
export function invoiceFileNameProblem(name: string): FileNameProblem | undefined {
  if (parseInvoiceFileName(name)) return undefined;
  const fix = 'Usa un nome come IT01234567890_00001.xml: codice paese e identificativo del trasmittente, "_", un progressivo di 1-5 lettere o cifre, estensione .xml (o .xml.p7m se firmato).';
  let why: string;
  if (typeof name !== 'string' || name === '') why = 'il nome del file è vuoto';
  else if (name.length > MAX_FILE_NAME_LENGTH) why = `il nome del file supera i ${MAX_FILE_NAME_LENGTH} caratteri`;
  else if (!/\.(xml|xml\.p7m)$/i.test(name)) why = 'l’estensione deve essere .xml oppure .xml.p7m';
  else if (!/^[A-Z]{2}/.test(name)) why = 'il nome deve iniziare con il codice paese del trasmittente in maiuscolo (es. IT)';
  else if (!/_[A-Za-z0-9]{1,5}\.(xml|xml\.p7m)$/i.test(name)) why = 'il progressivo dopo "_" deve avere da 1 a 5 lettere o cifre';
  else why = 'l’identificativo del trasmittente deve avere da 2 a 28 lettere o cifre, seguito da un solo "_"';
  return { code: '00001', message: `Nome file non valido "${String(name)}": ${why}.`, fix };
}

/** Throws NOME_FILE_NON_VALIDO (details.sdiCode "00001") when the SdI would reject the name. */
export function assertInvoiceFileName(name: string): InvoiceFileName {
  const parsed = parseInvoiceFileName(name);
  if (parsed) return parsed;
  const p = invoiceFileNameProblem(name)!;
  fail('NOME_FILE_NON_VALIDO', p.message, { fix: p.fix, field: 'fileName', details: { sdiCode: '00001' } });
}

/**
 * Builds `IT01234567890_00001.xml`. The progressivo is padded to 5 characters with zeros (the SdI allows 1-5; five is
 * what FatturaDesk always writes, so names sort and never collide across lengths).
 */
export function invoiceFileName(idPaese: string, idCodice: string, progressivo: string, extension: 'xml' | 'xml.p7m' = 'xml'): string {
  const name = `${idPaese}${idCodice}_${progressivo.padStart(5, '0')}.${extension}`;
  assertInvoiceFileName(name);
  return name;
}

const PROGRESSIVO_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The n-th progressivo (n >= 1) in base 36, 5 characters: 00001 ... 0000Z, 00010 ... ZZZZZ (60,466,175 names per
 * transmitter before wrapping, which is an error).
 */
export function progressivoFromNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > 36 ** 5 - 1) {
    fail('PROGRESSIVO_NON_VALIDO', `Progressivo del nome file non valido: ${n}.`, { fix: 'Il progressivo deve essere un intero tra 1 e 60.466.175.' });
  }
  let s = '';
  for (let v = n; v > 0; v = Math.floor(v / 36)) s = PROGRESSIVO_ALPHABET[v % 36] + s;
  return s.padStart(5, '0');
}

export interface NotificationFileName {
  /** Invoice file name without extension, e.g. "IT01234567890_11111". */
  invoiceBaseName: string;
  kind: NotificationKind;
  /** The three-digit message number, e.g. "001". */
  sequence: string;
}

const NOTIFICATION_NAME = /^([A-Za-z]{2}[A-Za-z0-9]{2,28}_[A-Za-z0-9]{1,5})_(RC|NS|MC|NE|DT|AT|MT|EC|SE)_([0-9]{3})\.xml$/i;

/** Splits `IT01234567890_11111_RC_001.xml`; undefined for any other name. */
export function parseNotificationFileName(name: string): NotificationFileName | undefined {
  if (typeof name !== 'string') return undefined;
  const m = NOTIFICATION_NAME.exec(name);
  if (!m) return undefined;
  return { invoiceBaseName: m[1]!, kind: m[2]!.toUpperCase() as NotificationKind, sequence: m[3]! };
}

/**
 * What notification names of an invoice file start with: the name without `.xml` / `.xml.p7m`. For a name the SdI
 * rejected (00001) anything outside [A-Za-z0-9_-] becomes "_" (at most 36 characters), so a notification always has
 * a safe name.
 */
export function notificationBaseName(invoiceFile: string): string {
  const parsed = parseInvoiceFileName(invoiceFile);
  if (parsed) return parsed.baseName;
  return String(invoiceFile).replace(/\.xml(\.p7m)?$/i, '').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 36) || 'file';
}

/** `<invoice name without extension>_<kind>_<NNN>.xml`, e.g. IT01234567890_00001_RC_001.xml. */
export function notificationFileName(invoiceFile: string, kind: NotificationKind, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) {
    fail('PROGRESSIVO_NON_VALIDO', `Numero del messaggio SdI non valido: ${sequence}.`, { fix: 'Il numero del messaggio va da 1 a 999.' });
  }
  return `${notificationBaseName(invoiceFile)}_${kind}_${String(sequence).padStart(3, '0')}.xml`;
}
