/** Small synchronous file helpers for backup sets: hashing in chunks, durable writes and copies, folder sync. */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, writeSync, type PathLike } from 'node:fs';

const CHUNK = 1024 * 1024;

/** SHA-256 and size of a file, read in 1 MB chunks (a company file can be gigabytes). */
export function hashFile(path: string): { sha256: string; size: number } {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(path, 'r');
  let size = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      size += n;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: h.digest('hex'), size };
}

/** fsync of a folder makes renames in it durable; some platforms (Windows) cannot open a folder: skipped there. */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `data` to a new file (refuses to overwrite) and syncs it. */
export function writeNewFile(path: string, data: Uint8Array | string, mode = 0o600): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(path, 'wx', mode);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copies `from` to a new file `to` in chunks, hashing what it writes, and syncs it. */
export function copyAndHash(from: string, to: string, mode = 0o600): { sha256: string; size: number } {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  const src = openSync(from, 'r');
  let size = 0;
  try {
    const dst = openSync(to, 'wx', mode);
    try {
      for (;;) {
        const n = readSync(src, buf, 0, CHUNK, null);
        if (n === 0) break;
        h.update(buf.subarray(0, n));
        let off = 0;
        while (off < n) off += writeSync(dst, buf, off, n - off);
        size += n;
      }
      fsyncSync(dst);
    } finally {
      closeSync(dst);
    }
  } finally {
    closeSync(src);
  }
  return { sha256: h.digest('hex'), size };
}

/** rename, ignoring a source that is not there (a step of a restore already done). Returns whether it moved. */
export function renameIfPresent(from: PathLike, to: PathLike): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Local date and time as used in folder names: 2026-03-10_142501. */
export function localStamp(d: Date): { day: string; stamp: string } {
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return { day, stamp: `${day}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}` };
}
