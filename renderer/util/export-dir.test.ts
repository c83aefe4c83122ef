import { describe, expect, it } from 'vitest';
import { takeLegacyExportDir } from './export-dir';

const KEY = 'fatturadesk.exportDir';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('legacy export folder (migration only)', () => {
  it('returns the folder of this company once and removes it, keeping the other companies’ folders', () => {
    const s = memoryStorage({ [KEY]: JSON.stringify({ '/dati/alfa.fdesk': ' /srv/portale/alfa ', '/dati/beta.fdesk': '/srv/portale/beta' }) });
    expect(takeLegacyExportDir('/dati/alfa.fdesk', s)).toBe('/srv/portale/alfa');
    expect(JSON.parse(s.data.get(KEY)!)).toEqual({ '/dati/beta.fdesk': '/srv/portale/beta' });
    expect(takeLegacyExportDir('/dati/alfa.fdesk', s)).toBeUndefined();
    expect(takeLegacyExportDir('/dati/beta.fdesk', s)).toBe('/srv/portale/beta');
    // The last company taken: the key is gone.
    expect(s.data.has(KEY)).toBe(false);
  });

  it('nothing stored, no company, no storage, or a broken value: undefined (a broken value is dropped)', () => {
    expect(takeLegacyExportDir('/dati/alfa.fdesk', memoryStorage())).toBeUndefined();
    expect(takeLegacyExportDir(undefined, memoryStorage({ [KEY]: '{"x":"/y"}' }))).toBeUndefined();
    expect(takeLegacyExportDir('/dati/alfa.fdesk', undefined)).toBeUndefined();
    const broken = memoryStorage({ [KEY]: '{non json' });
    expect(takeLegacyExportDir('/dati/alfa.fdesk', broken)).toBeUndefined();
    expect(broken.data.has(KEY)).toBe(false);
    const blank = memoryStorage({ [KEY]: JSON.stringify({ '/dati/alfa.fdesk': '   ', '/dati/beta.fdesk': 7 }) });
    expect(takeLegacyExportDir('/dati/alfa.fdesk', blank)).toBeUndefined();
    expect(takeLegacyExportDir('/dati/beta.fdesk', blank)).toBeUndefined();
    expect(blank.data.has(KEY)).toBe(false);
  });
});
