import { describe, expect, it } from 'vitest';
import { takeDrop, type DropEntry, type DropItemLike } from './dropped-files';

const file = (name: string, text = `<${name}/>`) => new File([text], name, { type: 'application/xml' });

function fileEntry(name: string, opts: { unreadable?: boolean } = {}): DropEntry {
  return {
    isFile: true,
    isDirectory: false,
    name,
    file(ok, fail) {
      if (opts.unreadable) fail?.(new DOMException('gone', 'NotFoundError'));
      else ok(file(name));
    },
  };
}

/** A folder whose reader answers in batches of `batch`, then an empty batch, as Chromium's does. */
function dirEntry(name: string, children: DropEntry[], batch = 2): DropEntry {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let at = 0;
      return {
        readEntries(ok) {
          const next = children.slice(at, at + batch);
          at += next.length;
          queueMicrotask(() => ok(next));
        },
      };
    },
  };
}

const item = (entry: DropEntry | null, plain: File | null): DropItemLike => ({ kind: 'file', getAsFile: () => plain, webkitGetAsEntry: () => entry });

describe('takeDrop', () => {
  it('without folders gives DataTransfer.files as they are, all of them (each will be tried and explained)', async () => {
    const a = file('a.xml');
    const note = file('note.txt');
    const r = await takeDrop({ items: [item(fileEntry('a.xml'), a), item(fileEntry('note.txt'), note)], files: [a, note] });
    expect(r.files).toEqual([a, note]);
    expect(r).toMatchObject({ unreadable: [], skipped: 0 });
  });

  it('a DataTransfer with no entries (made by a script, an older engine) still gives its files', async () => {
    const a = file('a.xml');
    expect((await takeDrop({ items: [{ kind: 'file', getAsFile: () => a }], files: [a] })).files).toEqual([a]);
    expect((await takeDrop({ items: null, files: [a] })).files).toEqual([a]);
    expect((await takeDrop({})).files).toEqual([]);
  });

  it('reads a dropped folder at every depth, through every batch, keeping only invoice-like files', async () => {
    const year = dirEntry('2025', [
      fileEntry('fattura-2.xml'),
      fileEntry('Thumbs.db'),
      dirEntry('marzo', [fileEntry('firmata.xml.p7m'), fileEntry('leggimi.txt'), fileEntry('lotto.zip')]),
      fileEntry('fattura-1.xml'),
      fileEntry('scansione.pdf'),
    ]);
    const loose = file('sciolta.xml');
    const r = await takeDrop({ items: [item(year, null), item(fileEntry('sciolta.xml'), loose)], files: [] });
    expect(r.files.map((f) => f.name)).toEqual(['fattura-1.xml', 'fattura-2.xml', 'firmata.xml.p7m', 'lotto.zip', 'sciolta.xml']);
    expect(r.files.at(-1)).toBe(loose);
    expect(r.skipped).toBe(3);
    expect(r.unreadable).toEqual([]);
  });

  it('names the files of a folder that cannot be read, and goes on with the others', async () => {
    const r = await takeDrop({ items: [item(dirEntry('archivio', [fileEntry('sparita.xml', { unreadable: true }), fileEntry('buona.xml')]), null)], files: [] });
    expect(r.files.map((f) => f.name)).toEqual(['buona.xml']);
    expect(r.unreadable).toEqual(['sparita.xml']);
  });

  it('takes the entries at once: the DataTransfer may be emptied right after the drop event', async () => {
    let alive = true;
    const folder = dirEntry('f', [fileEntry('x.xml')]);
    const dt = {
      get items() {
        if (!alive) throw new Error('DataTransfer no longer readable');
        return [item(folder, null)];
      },
      get files() {
        if (!alive) throw new Error('DataTransfer no longer readable');
        return [] as File[];
      },
    };
    const pending = takeDrop(dt);
    alive = false;
    expect((await pending).files.map((f) => f.name)).toEqual(['x.xml']);
  });
});
