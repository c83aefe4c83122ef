import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../invoicing/services/sha256';
import { nodeImportPlatform } from '../../host/import-platform';
import { processReceivedFiles } from './received';
import { sampleXml } from './testing/corpus';
import { wrapP7m } from './testing/cms-builder';
import { closeTestCompanies, importCompany, TODAY } from './testing/setup';

afterEach(closeTestCompanies);

describe('processReceivedFiles', () => {
  it('imports the files the channel fetched, marks echoes and duplicates, records errors, and never redoes a row', async () => {
    const t = importCompany();
    const add = (fileName: string, bytes: Uint8Array, sdiId?: string) =>
      t.store.receivedFiles.insert({ fileName, bytes, sdiId, receivedAt: '2026-01-10T10:00:00Z', source: 'sandbox', sha256: sha256Hex(bytes) }).id;
    const invoice = sampleXml('received', 50);
    const ids = {
      ok: add('IT01234567890_00001.xml', invoice, '111'),
      signed: add('IT01234567890_00002.xml.p7m', wrapP7m(sampleXml('received', 51)), '112'),
      again: add('IT01234567890_00003.xml', new TextEncoder().encode(new TextDecoder().decode(invoice).replace('<Divisa>', '<Divisa >')), '113'),
      echo: add('IT07654321090_00009.xml', sampleXml('outbound', 52), '114'),
      broken: add('IT01234567890_00004.xml', new TextEncoder().encode('<FatturaElettronica>'), '115'),
    };
    const s = await processReceivedFiles(t.store, { platform: nodeImportPlatform, today: TODAY });
    expect(s.files.map((f) => f.result)).toEqual(expect.arrayContaining(['imported', 'imported', 'duplicate', 'echo', 'rejected']));
    const state = (id: number) => t.store.receivedFiles.get(id)!;
    expect(state(ids.ok)).toMatchObject({ importState: 'imported' });
    expect(state(ids.signed)).toMatchObject({ importState: 'imported' });
    expect(state(ids.again)).toMatchObject({ importState: 'duplicate' });
    expect(state(ids.again).importError).toMatch(/Duplicato/);
    expect(state(ids.echo)).toMatchObject({ importState: 'duplicate' });
    expect(state(ids.echo).importError).toMatch(/^Eco: .*emessa dall’azienda stessa/);
    expect(state(ids.broken).importState).toBe('error');
    expect(state(ids.broken).importError).toMatch(/non è ben formato|non è una fattura/);

    const imported = t.store.imports.get(state(ids.ok).importedDocumentId!)!;
    expect(imported).toMatchObject({ direction: 'received', sdiId: '111', source: 'received', fileName: 'IT01234567890_00001.xml' });
    expect(t.store.imports.list({ direction: 'received' }).total).toBe(2);
    expect(t.store.imports.list({ direction: 'outbound' }).total).toBe(0);

    const again = await processReceivedFiles(t.store, { platform: nodeImportPlatform, today: TODAY });
    expect(again.files).toEqual([]);
  });
});
