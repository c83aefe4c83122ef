/**
 * What a drop on Archiviazione gives: the dropped files, and for a dropped folder the invoice-like files inside it, at
 * any depth (DataTransfer.files holds a dropped folder as an unreadable File). Read through the File and Directory
 * Entries API (webkitGetAsEntry), which every engine the app runs on has; where an item has no entry (a DataTransfer
 * built by a script, an old engine) its plain File is taken.
 *
 * The entries must be taken while the drop event is being dispatched (the DataTransfer is emptied afterwards), so
 * `takeDrop` is synchronous and returns the work of reading the folders as a promise.
 */
import { isInvoiceLike } from '../../util/files';

/** The part of FileSystemEntry used here (the DOM types, narrowed so tests can fake them). */
export interface DropEntry {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  file?(ok: (file: File) => void, fail?: (err: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: DropEntry[]) => void, fail?: (err: unknown) => void): void };
}

export interface DropItemLike {
  readonly kind: string;
  getAsFile(): File | null;
  webkitGetAsEntry?(): DropEntry | null;
}

export interface DropResult {
  files: File[];
  /** Files inside dropped folders that could not be read, by name (the summary reports them). */
  unreadable: string[];
  /** Files inside dropped folders left out because they are not .xml, .p7m or .zip. */
  skipped: number;
}

/** A folder holding more than this many entries, all levels together, stops being read: nobody drops that by choice. */
export const MAX_DROPPED_ENTRIES = 200_000;

function fileOf(entry: DropEntry): Promise<File> {
  return new Promise((resolve, reject) => {
    if (!entry.file) reject(new Error('non è un file'));
    else entry.file(resolve, reject);
  });
}

/** Every entry of a folder: readEntries answers in batches (100 in Chromium) until it answers none. */
async function childrenOf(dir: DropEntry): Promise<DropEntry[]> {
  const reader = dir.createReader?.();
  if (!reader) return [];
  const all: DropEntry[] = [];
  for (;;) {
    const batch = await new Promise<DropEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * Takes what was dropped, synchronously (call it inside the drop handler). Dropped files are all kept (each will be
 * tried and explained); inside dropped folders only invoice-like files are kept, in name order per folder.
 */
export function takeDrop(dt: { items?: ArrayLike<DropItemLike> | null; files?: ArrayLike<File> | null }): Promise<DropResult> {
  const items = dt.items ? Array.from(dt.items).filter((i) => i.kind === 'file') : [];
  const entries = items.map((i) => i.webkitGetAsEntry?.() ?? null);
  if (!entries.some((e) => e?.isDirectory)) {
    // No folder: DataTransfer.files as it is (also when the engine gives no entries).
    return Promise.resolve({ files: Array.from(dt.files ?? []), unreadable: [], skipped: 0 });
  }
  const plain = items.map((i) => i.getAsFile());
  return (async () => {
    const out: DropResult = { files: [], unreadable: [], skipped: 0 };
    let seen = 0;
    const walk = async (dir: DropEntry): Promise<void> => {
      const children = (await childrenOf(dir)).sort((a, b) => a.name.localeCompare(b.name));
      for (const child of children) {
        if (++seen > MAX_DROPPED_ENTRIES) return;
        if (child.isDirectory) await walk(child);
        else if (child.isFile && !isInvoiceLike(child.name)) out.skipped++;
        else if (child.isFile) {
          try {
            out.files.push(await fileOf(child));
          } catch {
            out.unreadable.push(child.name);
          }
        }
      }
    };
    for (const [i, entry] of entries.entries()) {
      if (entry?.isDirectory) {
        try {
          await walk(entry);
        } catch {
          out.unreadable.push(entry.name);
        }
      } else {
        const f = plain[i] ?? null;
        if (f) out.files.push(f);
      }
    }
    return out;
  })();
}
