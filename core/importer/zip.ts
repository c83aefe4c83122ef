/**
 * A small ZIP reader for batches of invoices: stored and deflated entries (inflated by the host's InflatePort), names
 * in UTF-8 or CP437. Built for hostile archives: entry count, per-entry size, total size and compression ratio are
 * bounded BEFORE anything is inflated, inflation itself stops at the declared size, every entry's CRC is checked, and
 * names that climb out of the archive (.., absolute paths, drive letters) or carry control characters are refused.
 * An entry's problem is reported for that entry; only a broken archive as a whole throws.
 */
import { AppError, fail } from '../errors';
import type { InflatePort } from './platform';

export interface ZipLimits {
  maxEntries: number;
  /** Uncompressed size of one entry. */
  maxEntrySize: number;
  /** Uncompressed size of all entries together. */
  maxTotalSize: number;
  /** Uncompressed / compressed, checked for entries larger than `ratioFloor`. */
  maxRatio: number;
  ratioFloor: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntrySize: 64 * 1024 * 1024,
  maxTotalSize: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloor: 1024 * 1024,
};

export type ZipItem =
  | { name: string; directory: true }
  | { name: string; directory: false; bytes: Uint8Array }
  | { name: string; directory: false; error: AppError };

/** An entry not yet extracted: `read()` inflates it (and checks it) only when its turn comes. */
export interface ZipEntryHandle {
  name: string;
  directory: boolean;
  /** Uncompressed size as the archive declares it (never exceeded by read()). */
  size: number;
  read(): ZipItem;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

function unreadable(archive: string, why: string): never {
  fail('ZIP_NON_VALIDO', `L’archivio «${archive}» non è leggibile: ${why}.`, {
    fix: 'Ricrea l’archivio .zip o importa i file uno per uno.',
    details: { sdiCode: '00106' },
  });
}

function entryError(code: string, message: string, fix: string): AppError {
  return new AppError({ code, message, fix });
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/** True when the bytes start like a ZIP archive (a local header, or the end record of an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

function findEndRecord(b: Uint8Array): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  const stop = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= stop; i--) if (u32(b, i) === SIG_EOCD) return i;
  return -1;
}

// CP437, bytes 0x80-0xFF: names written by old Windows zippers without the UTF-8 flag.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeName(b: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(b);
  let s = '';
  for (const c of b) s += c < 0x80 ? String.fromCharCode(c) : CP437_HIGH[c - 0x80]!;
  return s;
}

/** Why an entry name is unsafe, or undefined. Names are only ever shown and used as labels, never as paths to write. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.length === 0) return 'nome vuoto';
  if (name.length > 1024) return 'nome troppo lungo';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'il nome contiene caratteri di controllo';
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return 'percorso assoluto';
  if (n.split('/').some((seg) => seg === '..')) return 'il percorso risale fuori dall’archivio ("..")';
  return undefined;
}

let crcTable: Int32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  const t = crcTable;
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Reads every entry of an archive (directories included, flagged). */
export function readZip(bytes: Uint8Array, archiveName: string, inflate: InflatePort | undefined, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipItem[] {
  return openZip(bytes, archiveName, inflate, limits).map((e) => e.read());
}

/**
 * Checks the archive's index (entry count, declared total size) and returns its entries unextracted, so a batch is
 * processed one entry at a time instead of holding every extracted file in memory at once.
 */
export function openZip(bytes: Uint8Array, archiveName: string, inflate: InflatePort | undefined, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntryHandle[] {
  const eocd = findEndRecord(bytes);
  if (eocd < 0) unreadable(archiveName, 'manca la fine dell’archivio (file troncato o non ZIP)');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) unreadable(archiveName, 'formato ZIP64 non supportato');
  if (u16(bytes, eocd + 4) !== 0 || u16(bytes, eocd + 6) !== 0) unreadable(archiveName, 'archivio diviso in più parti');
  if (count === 0) unreadable(archiveName, 'l’archivio è vuoto');
  if (count > limits.maxEntries) unreadable(archiveName, `contiene ${count} file, più del massimo di ${limits.maxEntries}`);
  if (cdOffset + cdSize > eocd) unreadable(archiveName, 'indice dei file fuori dall’archivio');

  const entries: CentralEntry[] = [];
  let at = cdOffset;
  let declaredTotal = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(bytes, at) !== SIG_CENTRAL) unreadable(archiveName, 'indice dei file danneggiato');
    const nameLen = u16(bytes, at + 28);
    const extraLen = u16(bytes, at + 30);
    const commentLen = u16(bytes, at + 32);
    if (at + 46 + nameLen > eocd) unreadable(archiveName, 'indice dei file danneggiato');
    const flags = u16(bytes, at + 8);
    const e: CentralEntry = {
      flags,
      method: u16(bytes, at + 10),
      crc: u32(bytes, at + 16),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
      name: decodeName(bytes.subarray(at + 46, at + 46 + nameLen), (flags & 0x800) !== 0),
    };
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff || e.localOffset === 0xffffffff) unreadable(archiveName, 'formato ZIP64 non supportato');
    declaredTotal += e.size;
    entries.push(e);
    at += 46 + nameLen + extraLen + commentLen;
  }
  if (declaredTotal > limits.maxTotalSize) {
    unreadable(archiveName, `i file estratti occuperebbero ${Math.round(declaredTotal / 1048576)} MB, più del massimo di ${Math.round(limits.maxTotalSize / 1048576)} MB`);
  }
  return entries.map((e) => ({
    name: e.name,
    directory: e.name.endsWith('/') || e.name.endsWith('\\'),
    size: e.size,
    read: () => readEntry(bytes, e, inflate, limits),
  }));
}

function readEntry(bytes: Uint8Array, e: CentralEntry, inflate: InflatePort | undefined, limits: ZipLimits): ZipItem {
  const name = e.name;
  const unsafe = unsafeEntryName(name);
  if (unsafe) {
    return { name, directory: false, error: entryError('ZIP_PERCORSO_NON_SICURO', `Il file «${name.slice(0, 200)}» nell’archivio ha un nome non sicuro (${unsafe}): non viene importato.`, 'Ricrea l’archivio con i soli file delle fatture, senza cartelle esterne.') };
  }
  if (name.endsWith('/') || name.endsWith('\\')) return { name, directory: true };
  if (e.flags & 1) {
    return { name, directory: false, error: entryError('ZIP_CIFRATO', `Il file «${name}» nell’archivio è protetto da password: non si può aprire.`, 'Estrai i file con la password e importali direttamente.') };
  }
  if (e.size > limits.maxEntrySize) {
    return { name, directory: false, error: entryError('ZIP_FILE_TROPPO_GRANDE', `Il file «${name}» nell’archivio è troppo grande (${Math.round(e.size / 1048576)} MB estratto).`, 'Le fatture elettroniche non superano i 5 MB: controlla il contenuto dell’archivio.') };
  }
  if (e.size > limits.ratioFloor && e.size > e.compressedSize * limits.maxRatio) {
    return { name, directory: false, error: entryError('ZIP_RAPPORTO_SOSPETTO', `Il file «${name}» nell’archivio si espanderebbe ${Math.round(e.size / Math.max(1, e.compressedSize))} volte: archivio sospetto (zip bomb), non viene estratto.`, 'Importa i file delle fatture direttamente o ricrea l’archivio.') };
  }
  const lo = e.localOffset;
  if (lo + 30 > bytes.length || u32(bytes, lo) !== SIG_LOCAL) return { name, directory: false, error: damaged(name) };
  const dataStart = lo + 30 + u16(bytes, lo + 26) + u16(bytes, lo + 28);
  const dataEnd = dataStart + e.compressedSize;
  if (dataEnd > bytes.length) return { name, directory: false, error: damaged(name) };
  const raw = bytes.subarray(dataStart, dataEnd);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.compressedSize !== e.size) return { name, directory: false, error: damaged(name) };
    out = raw;
  } else if (e.method === 8) {
    if (!inflate) {
      return { name, directory: false, error: entryError('ZIP_NON_SUPPORTATO', `Il file «${name}» nell’archivio è compresso e in questo ambiente non si può estrarre.`, 'Estrai l’archivio e importa i file direttamente.') };
    }
    try {
      // At most the declared size: a lying header cannot make us inflate more than that.
      out = inflate.inflateRaw(raw, e.size);
    } catch {
      return { name, directory: false, error: damaged(name) };
    }
    if (out.length !== e.size) return { name, directory: false, error: damaged(name) };
  } else {
    return { name, directory: false, error: entryError('ZIP_NON_SUPPORTATO', `Il file «${name}» nell’archivio usa un metodo di compressione non supportato (${e.method}).`, 'Ricrea l’archivio con la compressione standard (deflate).') };
  }
  if (crc32(out) !== e.crc) return { name, directory: false, error: damaged(name) };
  return { name, directory: false, bytes: out };
}

function damaged(name: string): AppError {
  return entryError('ZIP_FILE_DANNEGGIATO', `Il file «${name}» nell’archivio è danneggiato (dati compressi o controllo CRC non validi).`, 'Ricrea l’archivio o importa il file direttamente.');
}
