/**
 * The vault's encrypted files, one per document, in `<company file>.vault/` (folder 0700, files 0600), each named
 * `<random id>.fdv`: the name says nothing about the document. A write goes to a temp file in the same folder, is
 * fsync'ed, renamed over the final name and the folder fsync'ed, so a crash leaves the old file, the new file or a
 * stray temp file, never half a blob. Removal overwrites the bytes with zeros before unlinking (best effort on SSDs
 * and copy-on-write file systems; the real guarantee is that the content key died with the metadata row).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { VaultBlobStore } from '../../core/vault/ports';

const ID = /^[0-9a-f]{32}$/;
const BLOB = /^([0-9a-f]{32})\.fdv$/;
const TEMP = /^[0-9a-f]{32}\.fdv\.tmp-[0-9a-f]+$/;
const ZEROS = Buffer.alloc(1024 * 1024);

/** The vault folder beside a company file. */
export function vaultFolderFor(companyFile: string): string {
  return `${companyFile}.vault`;
}

function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/** fsync of the folder makes the rename durable; some platforms (Windows) cannot open a folder: skipped there. */
function syncFolder(dir: string): void {
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

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

export function createFileBlobStore(dir: string): VaultBlobStore {
  const path = (id: string) => {
    if (!ID.test(id)) throw new Error(`identificativo di documento non valido: ${id.slice(0, 40)}`);
    return join(dir, `${id}.fdv`);
  };
  return {
    location: dir,
    write(id, parts) {
      const target = path(id);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        try {
          for (const p of parts) writeAll(fd, p);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, target);
      } catch (e) {
        try {
          unlinkSync(tmp);
        } catch {
          // already gone
        }
        throw e;
      }
      syncFolder(dir);
    },
    read(id) {
      try {
        return readFileSync(path(id));
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw e;
      }
    },
    remove(id) {
      const file = path(id);
      let fd: number;
      try {
        fd = openSync(file, 'r+');
      } catch (e) {
        if (isMissing(e)) return false;
        throw e;
      }
      try {
        const size = statSync(file).size;
        for (let off = 0; off < size; off += ZEROS.length) writeSync(fd, ZEROS, 0, Math.min(ZEROS.length, size - off), off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      unlinkSync(file);
      syncFolder(dir);
      return true;
    },
    list() {
      if (!existsSync(dir)) return [];
      const out: { id: string; modifiedMs: number }[] = [];
      for (const name of readdirSync(dir)) {
        const m = BLOB.exec(name);
        if (!m) continue;
        try {
          out.push({ id: m[1]!, modifiedMs: statSync(join(dir, name)).mtimeMs });
        } catch {
          // removed meanwhile
        }
      }
      return out;
    },
    removeStaleTemp(olderThanMs) {
      if (!existsSync(dir)) return 0;
      const cutoff = Date.now() - olderThanMs;
      let n = 0;
      for (const name of readdirSync(dir)) {
        if (!TEMP.test(name)) continue;
        const f = join(dir, name);
        try {
          if (statSync(f).mtimeMs < cutoff) {
            unlinkSync(f);
            n++;
          }
        } catch {
          // removed meanwhile
        }
      }
      return n;
    },
  };
}
