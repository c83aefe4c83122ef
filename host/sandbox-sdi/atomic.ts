/**
 * Crash-safe file writes for the sandbox's state: write a temporary file beside the target, flush it to disk, rename
 * it over the target (atomic on the same file system), then flush the folder entry where the platform allows it.
 * A crash leaves either the old file or the new one, never a torn one; leftovers are `*.tmp` files, removed on start.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export const TEMP_SUFFIX = '.tmp';

export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const fd = openSync(temp, 'w', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  closeSync(fd);
  renameSync(temp, path);
  syncDirectory(dirname(path));
}

/** fsync of a folder makes a rename durable on Linux/macOS; Windows cannot open folders this way (ignored). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* not supported on this platform */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Removes temporary files a crash left in `dir`. */
export function removeTempFiles(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX)) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        /* another process may have just renamed it */
      }
    }
  }
}
