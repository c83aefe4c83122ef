import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { crc32, zipStore } from './zip';

/** Reads a stored (method 0) zip back through its central directory, independently of the writer. */
function readZip(bytes: Uint8Array): { name: string; bytes: Uint8Array; crc: number }[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(v.getUint32(end, true)).toBe(0x06054b50);
  const count = v.getUint16(end + 10, true);
  let at = v.getUint32(end + 16, true);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50);
    expect(v.getUint16(at + 10, true)).toBe(0); // stored
    const crc = v.getUint32(at + 16, true);
    const size = v.getUint32(at + 20, true);
    const nameLen = v.getUint16(at + 28, true);
    const local = v.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen));
    expect(v.getUint32(local, true)).toBe(0x04034b50);
    const localNameLen = v.getUint16(local + 26, true);
    const data = bytes.subarray(local + 30 + localNameLen, local + 30 + localNameLen + size);
    out.push({ name, bytes: data, crc });
    at += 46 + nameLen;
  }
  return out;
}

describe('zipStore', () => {
  const files = [
    { name: 'IT01234567897_00001.xml', bytes: new TextEncoder().encode('<?xml version="1.0"?><a>uno</a>') },
    { name: 'IT01234567897_00002.xml', bytes: new Uint8Array([0, 1, 2, 250, 251, 252, 253, 254, 255]) },
    { name: 'vuoto.xml', bytes: new Uint8Array(0) },
  ];

  it('writes every file back byte for byte with the right CRC-32', () => {
    const entries = readZip(zipStore(files, new Date(2025, 2, 10, 12, 30, 0)));
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
    entries.forEach((e, i) => {
      expect(Buffer.from(e.bytes).equals(Buffer.from(files[i]!.bytes))).toBe(true);
      expect(e.crc).toBe(crc32(files[i]!.bytes));
    });
  });

  it('computes the same CRC-32 as zlib', () => {
    const zcrc = (zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32;
    const sample = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    expect(crc32(sample)).toBe(0x414fa339);
    if (zcrc) for (const f of files) expect(crc32(f.bytes)).toBe(zcrc(f.bytes));
  });

  it('is accepted by unzip -t when unzip is installed', (ctx) => {
    if (spawnSync('sh', ['-c', 'command -v unzip'], { stdio: 'ignore' }).status !== 0) ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'fatturadesk-zip-'));
    try {
      const file = join(dir, 'a.zip');
      writeFileSync(file, zipStore(files));
      const r = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('No errors detected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses folder names, odd characters and duplicates', () => {
    for (const name of ['../x.xml', 'a/b.xml', 'sp ace.xml', '']) {
      expect(() => zipStore([{ name, bytes: new Uint8Array(1) }])).toThrow(AppError);
    }
    expect(() => zipStore([files[0]!, files[0]!])).toThrow(/due volte/);
  });
});
