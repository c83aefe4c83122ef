import { describe, expect, it } from 'vitest';
import { base64Length, formatSize, isInvoiceLike, planChunks } from './files';

describe('planChunks', () => {
  it('groups files in order so that each group stays within the limit once base64-encoded', () => {
    const MB = 1024 * 1024;
    const sizes = [6 * MB, 6 * MB, 6 * MB, 1 * MB, 9 * MB];
    const limit = 20 * MB;
    const groups = planChunks(sizes, limit);
    expect(groups.flat()).toEqual([0, 1, 2, 3, 4]);
    for (const g of groups) {
      const chars = g.reduce((n, i) => n + base64Length(sizes[i]!) + 256, 0);
      expect(chars).toBeLessThanOrEqual(limit);
    }
    // 6 MB is 8 MB of base64: two fit in 20 MB, a third does not.
    expect(groups[0]).toEqual([0, 1]);
  });

  it('gives a file larger than the limit a group of its own, and nothing for no files', () => {
    expect(planChunks([10, 50_000_000, 10], 1_000_000)).toEqual([[0], [1], [2]]);
    expect(planChunks([], 1000)).toEqual([]);
  });
});

describe('file helpers', () => {
  it('base64Length is 4 characters per 3 bytes, padded', () => {
    expect(base64Length(0)).toBe(0);
    expect(base64Length(1)).toBe(4);
    expect(base64Length(3)).toBe(4);
    expect(base64Length(4)).toBe(8);
    expect(btoa('x'.repeat(1000)).length).toBe(base64Length(1000));
  });

  it('formats sizes the Italian way', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1,5 kB');
    expect(formatSize(1024)).toBe('1 kB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatSize(150 * 1024)).toBe('150 kB');
  });

  it('takes .xml, .p7m and .zip files from a folder, whatever the case', () => {
    expect(isInvoiceLike('IT01234567897_00001.xml')).toBe(true);
    expect(isInvoiceLike('fattura.XML.P7M')).toBe(true);
    expect(isInvoiceLike('lotto.zip')).toBe(true);
    expect(isInvoiceLike('note.txt')).toBe(false);
    expect(isInvoiceLike('xml')).toBe(false);
  });
});
