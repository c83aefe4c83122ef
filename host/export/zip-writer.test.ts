import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipFileWriter } from './zip-writer';

const dir = mkdtempSync(join(tmpdir(), 'fd-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ZipFileWriter', () => {
  it('deflates what shrinks, stores what does not, and refuses unsafe or repeated names', () => {
    const path = join(dir, 'a.zip');
    const w = new ZipFileWriter(path);
    w.add('cartella/testo.txt', Buffer.from('ripetuto '.repeat(1000)));
    w.add('casuale.bin', Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 251)));
    for (const bad of ['../fuori.txt', '/assoluto', 'a\\b', 'a//b', '']) expect(() => w.add(bad, Buffer.from('x')), bad).toThrow(/Nome non ammesso/);
    expect(() => w.add('casuale.bin', Buffer.from('x'))).toThrow(/ripetuto/);
    expect(existsSync(path)).toBe(false); // only the temporary file exists until close()
    w.close();
    const zip = readFileSync(path);
    // First local header: deflate (8), UTF-8 names flag.
    expect([zip.readUInt32LE(0), zip.readUInt16LE(6), zip.readUInt16LE(8)]).toEqual([0x04034b50, 0x0800, 8]);
    expect(zip.length).toBeLessThan(9000);
    expect(readdirSync(dir)).toEqual(['a.zip']);
  });

  it('switches to ZIP64 records past 65,535 entries', () => {
    const path = join(dir, 'molti.zip');
    const w = new ZipFileWriter(path);
    const n = 65_600;
    for (let i = 0; i < n; i++) w.add(`f/${i}.txt`, Buffer.from(String(i)));
    w.close();
    const zip = readFileSync(path);
    const eocd = zip.length - 22;
    expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
    expect(zip.readUInt16LE(eocd + 10)).toBe(0xffff);
    const locator = eocd - 20;
    expect(zip.readUInt32LE(locator)).toBe(0x07064b50);
    const eocd64 = Number(zip.readBigUInt64LE(locator + 8));
    expect(zip.readUInt32LE(eocd64)).toBe(0x06064b50);
    expect(Number(zip.readBigUInt64LE(eocd64 + 32))).toBe(n);
    const cdStart = Number(zip.readBigUInt64LE(eocd64 + 48));
    expect(zip.readUInt32LE(cdStart)).toBe(0x02014b50);
  });

  it('abort() leaves nothing behind', () => {
    const path = join(dir, 'annullato.zip');
    const w = new ZipFileWriter(path);
    w.add('x.txt', Buffer.from('x'));
    w.abort();
    expect(readdirSync(dir).filter((f) => f.startsWith('annullato'))).toEqual([]);
  });
});
