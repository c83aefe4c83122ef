/**
 * `import.paths`: local files, folders (walked recursively) and archives, as lazy import items. Inside folders only
 * invoice-like files are taken (.xml, .p7m, .zip); a path named explicitly is taken whatever its extension. Symbolic
 * links are never followed and the walk is bounded in depth and count. Sizes are checked before reading, so a 4 GB
 * file is refused without being loaded.
 */
import { AppError, fail } from '../errors';
import { MAX_ARCHIVE_SIZE, SDI_MAX_FILE_SIZE } from './parse';
import type { ImportFileSystem } from './platform';
import type { FileImportResult, ImportItem } from './service';

export const MAX_WALK_FILES = 200_000;
export const MAX_WALK_DEPTH = 32;
const INVOICE_LIKE = /\.(xml|p7m|zip)$/i;

function refused(name: string, code: string, message: string, fix: string): FileImportResult {
  return { name, result: 'rejected', reason: message, code, fix, documentIds: [], documents: [] };
}

function item(fs: ImportFileSystem, path: string, size: number): ImportItem {
  return {
    name: path,
    load() {
      const zip = /\.zip$/i.test(path);
      if (!zip && size > SDI_MAX_FILE_SIZE) {
        fail('FILE_TROPPO_GRANDE', `Il file «${path}» è di ${(size / 1048576).toFixed(1)} MB: il Sistema di Interscambio non accetta file oltre 5 MB (codice 00003).`, {
          fix: 'Una fattura elettronica non supera i 5 MB: controlla di aver scelto il file giusto.',
          details: { sdiCode: '00003', size },
        });
      }
      if (zip && size > MAX_ARCHIVE_SIZE) fail('ZIP_TROPPO_GRANDE', `L’archivio «${path}» supera ${MAX_ARCHIVE_SIZE / 1048576} MB.`, { fix: 'Dividi le fatture in più archivi.' });
      try {
        return fs.read(path);
      } catch (e) {
        throw new AppError({ code: 'IMPORT_FILE_ILLEGGIBILE', message: `Impossibile leggere il file «${path}» (${(e as { code?: string }).code ?? String(e)}).`, fix: 'Controlla che il file esista e che tu abbia i permessi per leggerlo.' });
      }
    },
  };
}

export function collectPaths(fs: ImportFileSystem, paths: readonly string[]): { items: ImportItem[]; problems: FileImportResult[] } {
  const items: ImportItem[] = [];
  const problems: FileImportResult[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_WALK_DEPTH) {
      problems.push(refused(dir, 'IMPORT_CARTELLA_TROPPO_PROFONDA', `La cartella «${dir}» è annidata oltre ${MAX_WALK_DEPTH} livelli: non viene letta.`, 'Importa una cartella più vicina ai file.'));
      return;
    }
    let names: string[];
    try {
      names = fs.list(dir);
    } catch (e) {
      problems.push(refused(dir, 'IMPORT_FILE_ILLEGGIBILE', `Impossibile leggere la cartella «${dir}» (${(e as { code?: string }).code ?? String(e)}).`, 'Controlla i permessi della cartella.'));
      return;
    }
    for (const name of names) {
      if (items.length >= MAX_WALK_FILES) return;
      const full = fs.join(dir, name);
      const s = fs.stat(full);
      if (!s || s.kind === 'other') continue;
      if (s.kind === 'dir') walk(full, depth + 1);
      else if (INVOICE_LIKE.test(name)) items.push(item(fs, full, s.size));
    }
  };
  for (const path of paths) {
    const s = fs.stat(path);
    if (!s) problems.push(refused(path, 'IMPORT_PERCORSO_NON_TROVATO', `File o cartella non trovato: «${path}».`, 'Controlla il percorso.'));
    else if (s.kind === 'other') problems.push(refused(path, 'IMPORT_PERCORSO_NON_SUPPORTATO', `«${path}» non è un file né una cartella (per esempio un collegamento simbolico): non viene seguito.`, 'Indica il file o la cartella di destinazione.'));
    else if (s.kind === 'dir') walk(path, 0);
    else items.push(item(fs, path, s.size));
    if (items.length >= MAX_WALK_FILES) {
      problems.push(refused(path, 'IMPORT_TROPPI_FILE', `Trovati più di ${MAX_WALK_FILES} file: importa le cartelle un po’ alla volta.`, 'Dividi l’importazione in più parti.'));
      break;
    }
  }
  return { items, problems };
}
