import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { nodeInflate } from '../../host/import-platform';
import { readZip, unsafeEntryName, type ZipItem } from './zip';
import { expandInput, MAX_EXPANDED_TOTAL } from './parse';
import { nodeImportPlatform } from '../../host/import-platform';
import { writeZip } from './testing/zip-writer';

const enc = (s: string) => new TextEncoder().encode(s);
const errorCode = (item: ZipItem) => ('error' in item ? item.error.code : undefined);
const bytesOf = (item: ZipItem) => ('bytes' in item ? new TextDecoder().decode(item.bytes) : undefined);

function archiveError(fn: () => unknown): AppError | string {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e : `non-AppError: ${String(e)}`;
  }
  return 'no error';
}

describe('readZip', () => {
  it('reads stored and deflated entries, folders flagged, UTF-8 and CP437 names', () => {
    const zip = writeZip([
      { name: 'a.xml', bytes: enc('<a/>') },
      { name: 'cartella/', bytes: new Uint8Array(0) },
      { name: 'cartella/città.xml', bytes: enc('<b>'.repeat(1000)), deflate: true },
      { name: Uint8Array.of(0x66, 0x85, 0x2e, 0x78, 0x6d, 0x6c), bytes: enc('<c/>'), utf8: false },
    ]);
    const items = readZip(zip, 'lotto.zip', nodeInflate);
    expect(items.map((i) => i.name)).toEqual(['a.xml', 'cartella/', 'cartella/città.xml', 'fà.xml']);
    expect(items[1]).toMatchObject({ directory: true });
    expect(bytesOf(items[0]!)).toBe('<a/>');
    expect(bytesOf(items[2]!)).toBe('<b>'.repeat(1000));
  });

  it('refuses path traversal, absolute paths and control characters in names, and goes on with the other entries', () => {
    const zip = writeZip([
      { name: '../../etc/passwd', bytes: enc('x') },
      { name: '/root/x.xml', bytes: enc('x') },
      { name: 'C:\\Windows\\x.xml', bytes: enc('x') },
      { name: 'a\u0001b.xml', bytes: enc('x') },
      { name: 'buono.xml', bytes: enc('ok') },
    ]);
    const items = readZip(zip, 'z.zip', nodeInflate);
    expect(items.slice(0, 4).map(errorCode)).toEqual(['ZIP_PERCORSO_NON_SICURO', 'ZIP_PERCORSO_NON_SICURO', 'ZIP_PERCORSO_NON_SICURO', 'ZIP_PERCORSO_NON_SICURO']);
    expect(bytesOf(items[4]!)).toBe('ok');
    expect(unsafeEntryName('dir/../x')).toMatch(/\.\./);
    expect(unsafeEntryName('dir/file..xml')).toBeUndefined();
  });

  it('stops zip bombs: a lying size never inflates past it, huge entries and suspicious ratios are refused unopened', () => {
    const bomb = new Uint8Array(20 * 1024 * 1024);
    const liar = writeZip([{ name: 'piccolo.xml', bytes: bomb, deflate: true, declaredSize: 1000 }]);
    expect(errorCode(readZip(liar, 'z.zip', nodeInflate)[0]!)).toBe('ZIP_FILE_DANNEGGIATO');
    const ratio = writeZip([{ name: 'zeri.xml', bytes: bomb, deflate: true }]);
    expect(errorCode(readZip(ratio, 'z.zip', nodeInflate)[0]!)).toBe('ZIP_RAPPORTO_SOSPETTO');
    const limits = { maxEntries: 10, maxEntrySize: 1024 * 1024, maxTotalSize: 3 * 1024 * 1024, maxRatio: 200, ratioFloor: 1024 * 1024 };
    const big = writeZip([{ name: 'grande.xml', bytes: new Uint8Array(2 * 1024 * 1024), deflate: true }]);
    expect(errorCode(readZip(big, 'z.zip', nodeInflate, limits)[0]!)).toBe('ZIP_FILE_TROPPO_GRANDE');
    const total = writeZip(Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.xml`, bytes: new Uint8Array(1024 * 1024), deflate: true })));
    expect((archiveError(() => readZip(total, 'z.zip', nodeInflate, limits)) as AppError).code).toBe('ZIP_NON_VALIDO');
    const many = writeZip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.xml`, bytes: enc('x') })));
    expect((archiveError(() => readZip(many, 'z.zip', nodeInflate, limits)) as AppError).message).toMatch(/11 file/);
  });

  it('reports damaged data, bad CRC, encryption and unknown methods per entry', () => {
    const good = writeZip([{ name: 'a.xml', bytes: enc('<a>contenuto</a>'), deflate: true }]);
    const flipped = good.slice();
    flipped[36]! ^= 0xff; // inside the deflated data (30-byte header + 5-byte name)
    expect(errorCode(readZip(flipped, 'z.zip', nodeInflate)[0]!)).toBe('ZIP_FILE_DANNEGGIATO');
    const stored = writeZip([{ name: 'a.xml', bytes: enc('<a>contenuto</a>') }]);
    const badCrc = stored.slice();
    badCrc[36]! ^= 0x01; // first content byte
    expect(errorCode(readZip(badCrc, 'z.zip', nodeInflate)[0]!)).toBe('ZIP_FILE_DANNEGGIATO');
    expect(errorCode(readZip(writeZip([{ name: 'a.xml', bytes: enc('x'), encrypted: true }]), 'z.zip', nodeInflate)[0]!)).toBe('ZIP_CIFRATO');
    expect(errorCode(readZip(writeZip([{ name: 'a.xml', bytes: enc('x'), deflate: true }]), 'z.zip', undefined)[0]!)).toBe('ZIP_NON_SUPPORTATO');
  });

  it('refuses truncated archives, empty archives and garbage as a whole, with SdI code 00106', () => {
    const zip = writeZip([{ name: 'a.xml', bytes: enc('<a/>') }]);
    for (const cut of [4, 20, zip.length - 10]) {
      const e = archiveError(() => readZip(zip.subarray(0, cut), 'z.zip', nodeInflate)) as AppError;
      expect(e.code).toBe('ZIP_NON_VALIDO');
      expect(e.details).toEqual({ sdiCode: '00106' });
    }
    expect((archiveError(() => readZip(writeZip([]), 'z.zip', nodeInflate)) as AppError).message).toMatch(/vuoto/);
    expect((archiveError(() => readZip(new Uint8Array(deflateRawSync(enc('abc'))), 'z.zip', nodeInflate)) as AppError).code).toBe('ZIP_NON_VALIDO');
  });

  it('extracts an archive entry by entry within one budget for everything extracted from an input, nested archives included', () => {
    const lying = (tag: string) =>
      writeZip(Array.from({ length: 10 }, (_, i) => ({ name: `${tag}-${i}.xml`, bytes: enc('<x/>'), deflate: true, declaredSize: 60 * 1024 * 1024 })));
    const outer = writeZip([{ name: 'a.zip', bytes: lying('a') }, { name: 'b.zip', bytes: lying('b') }]);
    const leaves = [...expandInput({ name: 'lotto.zip', bytes: outer }, { platform: nodeImportPlatform })];
    expect(leaves).toHaveLength(20);
    expect(leaves.every((l) => l.error !== undefined)).toBe(true);
    const codes = leaves.map((l) => l.error!.code);
    // Within the budget each entry is opened and found lying; past 1 GB declared in total nothing more is extracted.
    const allowed = Math.floor(MAX_EXPANDED_TOTAL / (60 * 1024 * 1024));
    expect(codes.slice(0, allowed).every((c) => c === 'ZIP_RAPPORTO_SOSPETTO')).toBe(true);
    expect(codes.slice(allowed).every((c) => c === 'ZIP_TROPPO_GRANDE')).toBe(true);
    expect(leaves[19]!.name).toBe('lotto.zip/b.zip/b-9.xml');
  });
});
