/**
 * Files in and out of the browser: reading what the user picked or dropped as base64 (FileReader), grouping files so
 * that no API request grows past the web host's body limit, and saving what the API returned (PDF, XML, notification
 * files, vault documents) under its own file name.
 */
import { base64ToBytes } from './pdf';

/** Bytes a file takes once base64-encoded (4 characters per 3 bytes, padded). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * Splits files (by size, in order) into groups whose base64 stays within `limit` characters; a file that alone is
 * over the limit gets a group of its own (the caller decides what to say about it). Order is kept.
 */
export function planChunks(sizes: readonly number[], limit: number, perFileOverhead = 256): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let used = 0;
  sizes.forEach((size, i) => {
    const cost = base64Length(size) + perFileOverhead;
    if (current.length > 0 && used + cost > limit) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(i);
    used += cost;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The content of a picked file as base64 (without the data: prefix). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('lettura non riuscita'));
    reader.onload = () => {
      const url = String(reader.result ?? '');
      const comma = url.indexOf(',');
      resolve(comma >= 0 ? url.slice(comma + 1) : '');
    };
    reader.readAsDataURL(file);
  });
}

function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves base64 content as a download named `fileName`. */
export function downloadBase64(fileName: string, base64: string, mime = 'application/octet-stream'): void {
  saveBlob(fileName, new Blob([base64ToBytes(base64)], { type: mime }));
}

/** Saves text (an XML file) as a download. */
export function downloadText(fileName: string, text: string, mime = 'application/xml'): void {
  saveBlob(fileName, new Blob([text], { type: `${mime};charset=utf-8` }));
}

/** "1536" -> "1,5 kB" (Italian decimals). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = v >= 100 ? String(Math.round(v)) : v.toFixed(1).replace('.', ',').replace(/,0$/, '');
  return `${text} ${units[u]}`;
}

/** Files that look like invoices to import (.xml, .p7m, .zip), e.g. from a picked folder. */
export function isInvoiceLike(name: string): boolean {
  return /\.(xml|p7m|zip)$/i.test(name);
}
