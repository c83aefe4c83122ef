/** Local files for the vault (desktop and CLI): upload from paths, "Scarica" to a path the user picked. */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fail } from '../../core/errors';
import { MAX_DOCUMENT_BYTES } from '../../core/vault/documents';
import type { VaultFilePort } from '../../core/vault/ports';

export const nodeVaultFiles: VaultFilePort = {
  baseName: (p) => basename(p),
  readFile(path) {
    const target = resolve(path);
    let size: number;
    try {
      const st = statSync(target);
      if (!st.isFile()) fail('VAULT_FILE_ILLEGGIBILE', `«${basename(target)}» non è un file.`, { fix: 'Scegli un file, non una cartella.', field: 'paths' });
      size = st.size;
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') fail('VAULT_FILE_ILLEGGIBILE', `Il file «${basename(target)}» non esiste.`, { fix: 'Controlla il percorso.', field: 'paths' });
      throw e;
    }
    if (size > MAX_DOCUMENT_BYTES) {
      fail('VAULT_FILE_TROPPO_GRANDE', `«${basename(target)}» supera ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB.`, { fix: 'Riduci il file.', field: 'paths' });
    }
    try {
      return readFileSync(target);
    } catch (e) {
      fail('VAULT_FILE_ILLEGGIBILE', `Impossibile leggere «${basename(target)}» (${(e as { code?: string }).code ?? 'errore'}).`, { fix: 'Controlla i permessi del file.', field: 'paths' });
    }
  },
  writeFile(path, data, overwrite) {
    const target = resolve(path);
    if (!overwrite && existsSync(target)) {
      fail('VAULT_FILE_ESISTENTE', `Esiste già un file «${basename(target)}» in quella cartella.`, { fix: 'Scegli un altro nome, oppure conferma la sostituzione.', field: 'path' });
    }
    const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // never created
      }
      const code = (e as { code?: string }).code;
      fail('VAULT_SCRITTURA_NON_RIUSCITA', `Impossibile scrivere «${basename(target)}» (${code ?? 'errore'}).`, {
        fix: code === 'ENOENT' ? 'La cartella non esiste: scegline un’altra.' : 'Controlla i permessi della cartella e lo spazio libero.',
        field: 'path',
      });
    }
  },
};
