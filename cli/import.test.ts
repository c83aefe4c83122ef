import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COMPANY, sampleXml } from '../core/importer/testing/corpus';
import { wrapP7m } from '../core/importer/testing/cms-builder';
import { writeZip } from '../core/importer/testing/zip-writer';
import { main, type CliIO } from './main';

const dir = mkdtempSync(join(tmpdir(), 'fd-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), dataDir: join(dir, 'data'), today: () => '2026-01-15' };
  const code = await main(argv, cli);
  return { code, out, err: err.join('\n') };
}

describe('fatturadesk import DB PATH...', () => {
  const db = join(dir, 'gamma.fdesk');
  const folder = join(dir, 'fatture');
  beforeAll(async () => {
    const r = await run('call', db, 'companies.create', JSON.stringify({ company: IMPORT_COMPANY }));
    expect(r.code, r.err).toBe(0);
    mkdirSync(join(folder, 'sotto'), { recursive: true });
    writeFileSync(join(folder, 'a.xml'), sampleXml('received', 70));
    writeFileSync(join(folder, 'sotto', 'b.xml.p7m'), wrapP7m(sampleXml('received', 71)));
    writeFileSync(join(folder, 'lotto.zip'), writeZip([{ name: 'c.xml', bytes: sampleXml('outbound', 72), deflate: true }]));
  });

  it('prints one TSV line per document (name, result, reason) and exits 0 when everything was imported', async () => {
    const r = await run('import', db, folder);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toHaveLength(3);
    const rows = r.out.map((l) => l.split('\t'));
    expect(rows.every((c) => c.length === 3)).toBe(true);
    expect(rows.map((c) => c[1])).toEqual(['imported', 'imported', 'imported']);
    expect(rows.map((c) => c[0]!.replace(folder, ''))).toEqual([
      expect.stringMatching(/^\/a\.xml – TD\d\d n\. R-71 del \d\d\/\d\d\/\d{4}$/),
      expect.stringMatching(/^\/lotto\.zip\/c\.xml – TD\d\d n\. E-73 del /),
      expect.stringMatching(/^\/sotto\/b\.xml\.p7m – /),
    ]);
    expect(r.err).toMatch(/3 fatture importate/);
  });

  it('exits 0 when everything is a duplicate, 1 as soon as something is rejected', async () => {
    const again = await run('import', db, folder);
    expect(again.code).toBe(0);
    expect(again.out.map((l) => l.split('\t')[1])).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const bad = join(dir, 'rotta.xml');
    writeFileSync(bad, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    const r = await run('import', db, bad, join(folder, 'a.xml'));
    expect(r.code).toBe(1);
    expect(r.out.map((l) => l.split('\t').slice(0, 2))).toEqual([
      [bad, 'rejected'],
      [expect.stringMatching(/a\.xml – /), 'duplicate'],
    ]);
    expect(r.out[0]!.split('\t')[2]).toMatch(/DOCTYPE/);
  });

  it('explains its usage', async () => {
    const r = await run('import', db);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Uso: fatturadesk import DB PATH/);
  });
});
