import { describe, expect, it } from 'vitest';
import { cleanFileName, daysBetween, normaliseMime, sniffViewAs } from './documents';
import { retryDelayMs } from './sharing';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('vault document helpers', () => {
  it('cleans file names: no folders, no control or bidi characters, never empty', () => {
    expect(cleanFileName('C:\\Users\\mario\\Visura.pdf')).toBe('Visura.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('fattura\u202Efdp.exe')).toBe('fatturafdp.exe');
    expect(cleanFileName('  Bilancio   2024\t.pdf ')).toBe('Bilancio 2024.pdf');
    expect([...cleanFileName('a'.repeat(500))]).toHaveLength(200);
    for (const bad of ['', '   ', '..', 'cartella/']) expect(() => cleanFileName(bad)).toThrow(/nome del file/);
  });

  it('decides inline viewing from the bytes, not from the name or the claimed type', () => {
    expect(sniffViewAs(new TextEncoder().encode('%PDF-1.7'), 'application/octet-stream')).toBe('pdf');
    expect(sniffViewAs(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), '')).toBe('image');
    expect(sniffViewAs(bytes(0xff, 0xd8, 0xff, 0xe0), '')).toBe('image');
    expect(sniffViewAs(new TextEncoder().encode('<html><script>'), 'application/pdf')).toBeUndefined();
    expect(sniffViewAs(new TextEncoder().encode('<svg onload="x()">'), 'image/svg+xml')).toBeUndefined();
    expect(sniffViewAs(new TextEncoder().encode('note semplici è'), 'text/plain')).toBe('text');
    expect(sniffViewAs(bytes(0x61, 0, 0x62), 'text/plain')).toBeUndefined();
  });

  it('normalises the type: well-formed given type, else sniffed, else by extension', () => {
    expect(normaliseMime('Application/PDF', 'x', bytes(1))).toBe('application/pdf');
    expect(normaliseMime('non un tipo', 'foto.JPG', bytes(1))).toBe('image/jpeg');
    expect(normaliseMime(undefined, 'senza', new TextEncoder().encode('%PDF-1.4'))).toBe('application/pdf');
    expect(normaliseMime(undefined, 'fattura.xml.p7m', bytes(1))).toBe('application/pkcs7-mime');
    expect(normaliseMime('application/octet-stream', 'a.bin', bytes(1))).toBe('application/octet-stream');
  });

  it('counts calendar days and backs off share retries up to 15 minutes', () => {
    expect(daysBetween('2025-06-10', '2025-06-25')).toBe(15);
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });
});
