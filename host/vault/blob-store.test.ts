import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileBlobStore, vaultFolderFor } from './blob-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-blobs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ID = '0123456789abcdef0123456789abcdef';

describe('file blob store', () => {
  it('lives beside the company file and writes parts as one file, private to the user, with no temp left', () => {
    const folder = vaultFolderFor(join(dir, 'azienda.fdesk'));
    expect(folder).toBe(join(dir, 'azienda.fdesk.vault'));
    const store = createFileBlobStore(folder);
    expect(store.list()).toEqual([]);
    store.write(ID, [Buffer.from('FDV1'), Buffer.from('abc'), Buffer.from('def')]);
    expect(readdirSync(folder)).toEqual([`${ID}.fdv`]);
    expect(Buffer.from(store.read(ID)!).toString()).toBe('FDV1abcdef');
    if (process.platform !== 'win32') {
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(join(folder, `${ID}.fdv`)).mode & 0o777).toBe(0o600);
    }
    store.write(ID, [Buffer.from('nuovo')]);
    expect(Buffer.from(store.read(ID)!).toString()).toBe('nuovo');
    expect(store.list().map((b) => b.id)).toEqual([ID]);
  });

  it('refuses ids that are not 32 hex characters (no path can be built from a name)', () => {
    const store = createFileBlobStore(dir);
    for (const bad of ['../../etc/passwd', 'ABCDEF0123456789abcdef0123456789', `${ID}x`, 'visura.pdf']) {
      expect(() => store.write(bad, [Buffer.from('x')])).toThrow(/identificativo/);
      expect(() => store.read(bad)).toThrow(/identificativo/);
    }
  });

  it('overwrites the bytes with zeros before removing the file', () => {
    const store = createFileBlobStore(dir);
    store.write(ID, [Buffer.alloc(3 * 1024 * 1024 + 17, 0xab)]);
    const link = join(dir, 'link');
    linkSync(join(dir, `${ID}.fdv`), link);
    expect(store.remove(ID)).toBe(true);
    expect(existsSync(join(dir, `${ID}.fdv`))).toBe(false);
    const left = readFileSync(link);
    expect(left.length).toBe(3 * 1024 * 1024 + 17);
    expect(left.every((b) => b === 0)).toBe(true);
    expect(store.remove(ID)).toBe(false);
    expect(store.read(ID)).toBeUndefined();
  });

  it('removes only stale temp files', () => {
    const store = createFileBlobStore(dir);
    const old = join(dir, `${ID}.fdv.tmp-aa11`);
    const young = join(dir, `${ID}.fdv.tmp-bb22`);
    const other = join(dir, 'note.txt');
    for (const f of [old, young, other]) writeFileSync(f, 'x');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(old, past, past);
    utimesSync(other, past, past);
    expect(store.removeStaleTemp(600_000)).toBe(1);
    expect([existsSync(old), existsSync(young), existsSync(other)]).toEqual([false, true, true]);
  });
});
