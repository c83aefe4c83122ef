/**
 * The parse stage of the importer, with no database: one input (a file as uploaded or read from disk) becomes a list
 * of leaf results, each a parsed invoice file or an AppError with an Italian reason. ZIP archives are opened (nested
 * ones one level deep), CAdES envelopes unwrapped, the XML read by the FatturaPA reader (which refuses any DTD), and
 * the facts the importer needs extracted. Everything is bounded by size limits, so no input can make it hang.
 */
import { AppError, fail } from '../errors';
import { readFattura, type ReadResult } from '../fatturapa/reader';
import type { FatturaElettronica } from '../fatturapa/schema.generated';
import { sha256Hex } from '../invoicing/services/sha256';
import { looksLikeP7m, unwrapP7m, type SignatureReport } from './cms';
import { invoiceFacts, type InvoiceFacts } from './facts';
import { scanFattura } from './scan';
import type { ImportPlatform } from './platform';
import { DEFAULT_ZIP_LIMITS, looksLikeZip, openZip, type ZipLimits } from './zip';

/** The SdI refuses invoice files larger than 5 MB (code 00003): so does the importer. */
export const SDI_MAX_FILE_SIZE = 5 * 1024 * 1024;
/** A ZIP batch may be larger than one invoice, within reason. */
export const MAX_ARCHIVE_SIZE = 512 * 1024 * 1024;
/** An archive inside an archive is opened; one more level is refused. */
export const MAX_ZIP_DEPTH = 2;

export interface ImportInput {
  name: string;
  bytes: Uint8Array;
}

export interface ParsedFile {
  name: string;
  /** The file exactly as it came (the .p7m envelope included). */
  bytes: Uint8Array;
  sha256: string;
  container: 'xml' | 'p7m';
  /** The FatturaPA XML bytes: `bytes` itself for plain XML, the signed content for a .p7m. */
  xml: Uint8Array;
  signatures: SignatureReport[];
  /**
   * The model as far as the importer needs it: parties, key fields of each body, VAT summary amounts, attachments
   * (the fast reader, scan.ts); the whole model when `fullModel` was asked.
   */
  fattura: FatturaElettronica;
  /** The whole model and the reader's findings, read from `xml` on first use. */
  full(): ReadResult;
  facts: InvoiceFacts;
}

export type LeafResult = { name: string; parsed: ParsedFile; error?: undefined } | { name: string; error: AppError; parsed?: undefined };

export interface ParseOptions {
  platform: ImportPlatform;
  zipLimits?: ZipLimits;
  /** Decode attachments (default true). */
  attachments?: boolean;
  /** Read the whole model with the full FatturaPA reader instead of the fast one (tests compare the two). */
  fullModel?: boolean;
  /** An archive was opened: `entries` files (folders and system clutter left out) are about to be extracted from it. */
  onArchive?(archiveName: string, entries: number): void;
}

function tooLarge(name: string, size: number): never {
  fail('FILE_TROPPO_GRANDE', `Il file «${name}» è di ${(size / 1048576).toFixed(1)} MB: il Sistema di Interscambio non accetta file oltre 5 MB (codice 00003).`, {
    fix: 'Una fattura elettronica non supera i 5 MB: controlla di aver scelto il file giusto (eventuali allegati pesanti vanno ridotti dal mittente).',
    details: { sdiCode: '00003', size },
  });
}

function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length && i < 4096; i++) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return bytes.length <= 4096;
}

/** First meaningful byte is '<' (after a UTF-8 BOM and whitespace), or a UTF-16 BOM. */
function looksLikeXml(b: Uint8Array): boolean {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return true;
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && i < 1024 && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  return b[i] === 0x3c;
}

const JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i;

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** SHA-256 hex of the file: the host's native digest when there is one (ten times faster), else core's own. */
function fileSha256(bytes: Uint8Array, opts: ParseOptions): string {
  const d = opts.platform.crypto?.digest(SHA256_OID, bytes);
  if (!d) return sha256Hex(bytes);
  let hex = '';
  for (const b of d) hex += HEX[b];
  return hex;
}

/** Parses one invoice file (.xml or .xml.p7m). Throws AppError with an Italian reason on anything wrong. */
export function parseInvoiceFile(name: string, bytes: Uint8Array, opts: ParseOptions): ParsedFile {
  if (bytes.length === 0 || isBlank(bytes)) fail('FILE_VUOTO', `Il file «${name}» è vuoto.`, { fix: 'Seleziona il file della fattura.' });
  if (bytes.length > SDI_MAX_FILE_SIZE) tooLarge(name, bytes.length);
  let container: ParsedFile['container'] = 'xml';
  let xml = bytes;
  let signatures: SignatureReport[] = [];
  if (!looksLikeXml(bytes)) {
    if (looksLikeP7m(bytes) || /\.p7m$/i.test(name)) {
      const unwrapped = unwrapP7m(bytes, { crypto: opts.platform.crypto, maxContent: SDI_MAX_FILE_SIZE });
      container = 'p7m';
      xml = unwrapped.content;
      signatures = unwrapped.signatures;
      if (xml.length === 0 || isBlank(xml)) fail('FILE_VUOTO', `Il file firmato «${name}» non contiene nessuna fattura.`, { fix: 'Chiedi al mittente il file corretto.' });
    } else if (!/\.xml$/i.test(name)) {
      fail('IMPORT_TIPO_NON_SUPPORTATO', `Il file «${name}» non è una fattura elettronica (sono accettati .xml, .xml.p7m e .zip).`, {
        fix: 'Seleziona i file XML delle fatture, i file firmati .p7m o un archivio .zip che li contiene.',
      });
    }
  }
  let read: ReadResult | undefined = opts.fullModel ? readFattura(xml) : undefined;
  const fattura = read ? read.fattura : scanFattura(xml);
  const facts = invoiceFacts(fattura, { attachments: opts.attachments ?? true });
  const full = () => (read ??= readFattura(xml));
  return { name, bytes, sha256: fileSha256(bytes, opts), container, xml, signatures, fattura, full, facts };
}

/** Everything extracted from one input, nested archives included, may not exceed this. */
export const MAX_EXPANDED_TOTAL = 1024 * 1024 * 1024;

type Leaf = { name: string; bytes?: Uint8Array; error?: AppError };

function leafError(name: string, code: string, message: string, fix: string, details?: unknown): Leaf {
  return { name, error: new AppError({ code, message, fix, ...(details ? { details } : {}) }) };
}

/**
 * The leaf files of one input, one at a time: the input itself, or the entries of a ZIP (and of a ZIP inside it),
 * each with the bytes or with the reason it cannot be read. Entries are extracted only when their turn comes, within a
 * budget for the whole input. Directories and system clutter (__MACOSX, .DS_Store) are skipped.
 */
export function* expandInput(input: ImportInput, opts: ParseOptions, depth = 0, budget = { left: MAX_EXPANDED_TOTAL }): Generator<Leaf> {
  const { name, bytes } = input;
  if (!looksLikeZip(bytes)) {
    if (bytes.length > SDI_MAX_FILE_SIZE && !/\.zip$/i.test(name)) {
      try {
        tooLarge(name, bytes.length);
      } catch (e) {
        yield { name, error: e as AppError };
        return;
      }
    }
    if (/\.zip$/i.test(name) && bytes.length > 0) {
      yield leafError(name, 'ZIP_NON_VALIDO', `L’archivio «${name}» non è un file ZIP valido.`, 'Ricrea l’archivio o importa i file direttamente.', { sdiCode: '00106' });
      return;
    }
    yield { name, bytes };
    return;
  }
  if (depth >= MAX_ZIP_DEPTH) {
    yield leafError(name, 'ZIP_ANNIDATO', `L’archivio «${name}» è dentro un altro archivio a sua volta contenuto in un archivio: oltre un livello non viene aperto.`, 'Estrai gli archivi e importa i file o un solo archivio.');
    return;
  }
  if (bytes.length > MAX_ARCHIVE_SIZE) {
    yield leafError(name, 'ZIP_TROPPO_GRANDE', `L’archivio «${name}» supera ${MAX_ARCHIVE_SIZE / 1048576} MB.`, 'Dividi le fatture in più archivi.');
    return;
  }
  let entries;
  try {
    entries = openZip(bytes, name, opts.platform.inflate, opts.zipLimits ?? DEFAULT_ZIP_LIMITS);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    yield { name, error: e };
    return;
  }
  opts.onArchive?.(name, entries.filter((e) => !e.directory && !JUNK.test(e.name)).length);
  let yielded = 0;
  for (const entry of entries) {
    if (entry.directory || JUNK.test(entry.name)) continue;
    const full = `${name}/${entry.name}`;
    yielded++;
    if (entry.size > budget.left) {
      yield leafError(full, 'ZIP_TROPPO_GRANDE', `Estraendo «${full}» i file estratti da «${name}» supererebbero ${MAX_EXPANDED_TOTAL / 1048576} MB in tutto: non viene estratto.`, 'Dividi le fatture in più archivi.');
      continue;
    }
    budget.left -= entry.size;
    const item = entry.read();
    if ('error' in item) yield { name: full, error: item.error };
    else if ('bytes' in item) yield* expandInput({ name: full, bytes: item.bytes }, opts, depth + 1, budget);
  }
  if (yielded === 0) {
    yield leafError(name, 'ZIP_VUOTO', `L’archivio «${name}» non contiene file.`, 'Controlla di aver scelto l’archivio giusto.', { sdiCode: '00106' });
  }
}

function parseLeaf(leaf: Leaf, opts: ParseOptions): LeafResult {
  if (leaf.error) return { name: leaf.name, error: leaf.error };
  try {
    return { name: leaf.name, parsed: parseInvoiceFile(leaf.name, leaf.bytes!, opts) };
  } catch (e) {
    if (e instanceof AppError) return { name: leaf.name, error: e };
    throw e;
  }
}

/** The parse stage for one input, leaf by leaf (an archive is never extracted all at once). */
export function* parseInputLazily(input: ImportInput, opts: ParseOptions): Generator<LeafResult> {
  for (const leaf of expandInput(input, opts)) yield parseLeaf(leaf, opts);
}

/** The whole parse stage for one input, as a list. */
export function parseInput(input: ImportInput, opts: ParseOptions): LeafResult[] {
  return [...parseInputLazily(input, opts)];
}
