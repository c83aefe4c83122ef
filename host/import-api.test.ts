/**
 * The import.* and received.* methods through the composition root, as the UI and the CLI call them: uploads and local
 * paths as jobs with progress, the Ricevute list, XML / PDF / attachment downloads, and the register row of a published
 * outbound import.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../core/api/jobs';
import type { ImportSummary } from '../core/importer/service';
import { IMPORT_COMPANY, sampleFattura, sampleXml } from '../core/importer/testing/corpus';
import { wrapP7m } from '../core/importer/testing/cms-builder';
import { writeZip } from '../core/importer/testing/zip-writer';
import { writeFattura } from '../core/fatturapa/writer';
import { createAppApi, type AppApi } from './app';

let dir: string;
let api: AppApi;
let events: { event: string; data: unknown }[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-import-api-'));
  events = [];
  api = createAppApi({ host: 'cli', dataDir: join(dir, 'data'), today: () => '2026-01-15' });
  api.subscribe({ publish: (event, data) => events.push({ event, data }) });
  await ok('companies.create', { file: join(dir, 'gamma.fdesk'), company: IMPORT_COMPANY });
});
afterEach(async () => {
  await api.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function ok<T>(method: string, args: unknown = {}): Promise<T> {
  const r = await api.call(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}

async function job(method: string, args: unknown): Promise<ImportSummary> {
  const { jobId } = await ok<{ jobId: string }>(method, args);
  const status = (await ok<JobStatus<ImportSummary>>('jobs.wait', { jobId }))!;
  expect(status.state).toBe('done');
  return status.result!;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('import.files and received.*', () => {
  it('imports uploads as a job with progress, then lists, details and downloads the received invoices', async () => {
    const received = sampleFattura('received', 60);
    received.FatturaElettronicaBody[0]!.Allegati = [{ NomeAttachment: '..\\..\\contratto.pdf', FormatoAttachment: 'PDF', Attachment: b64(new TextEncoder().encode('%PDF-1.4 contratto')) }];
    const receivedBytes = writeFattura(received).bytes;
    const signed = wrapP7m(sampleXml('received', 61), { encoding: 'base64-lines' });
    const summary = await job('import.files', {
      files: [
        { name: 'ricevuta.xml', base64: b64(receivedBytes) },
        { name: 'firmata.xml.p7m', base64: b64(signed) },
        { name: 'emessa.xml', base64: b64(sampleXml('outbound', 62)) },
        { name: 'vuoto.xml', base64: '' },
      ],
    });
    expect(summary.files.map((f) => f.result)).toEqual(['imported', 'imported', 'imported', 'rejected']);
    expect(summary.files[3]).toMatchObject({ code: 'FILE_VUOTO' });
    const progress = events.filter((e) => e.event === 'job:progress').map((e) => e.data as { kind: string; done: number; total: number });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(progress.every((p) => p.kind === 'import' && p.total === 4)).toBe(true);

    const list = await ok<{ rows: { id: number; numero: string; counterpartyName: string; attachments: number; container: string }[]; total: number }>('received.list', {});
    expect(list.total).toBe(2);
    const row = list.rows.find((r) => r.numero === 'R-61')!;
    expect(row.attachments).toBe(1);
    const searched = await ok<{ total: number }>('received.list', { search: 'R-61' });
    expect(searched.total).toBe(1);

    const detail = await ok<{ attachmentList: { id: number; fileName: string }[]; direction: string; bodies: number }>('received.get', { id: row.id });
    expect(detail).toMatchObject({ direction: 'received', bodies: 1 });
    expect(detail.attachmentList.map((a) => a.fileName)).toEqual(['contratto.pdf']);
    const xml = await ok<{ fileName: string; base64: string; xml: string; signed: boolean }>('received.xml', { id: row.id });
    expect(Buffer.from(xml.base64, 'base64')).toEqual(Buffer.from(receivedBytes));
    expect(xml).toMatchObject({ fileName: 'ricevuta.xml', signed: false });
    const pdf = await ok<{ fileName: string; base64: string }>('received.pdf', { id: row.id });
    expect(pdf.fileName).toBe('ricevuta.pdf');
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const att = await ok<{ fileName: string; base64: string }>('received.attachment', { id: row.id, attachmentId: detail.attachmentList[0]!.id });
    expect(att.fileName).toBe('contratto.pdf');
    expect(Buffer.from(att.base64, 'base64').toString()).toBe('%PDF-1.4 contratto');

    const signedRow = list.rows.find((r) => r.container === 'p7m')!;
    const signedXml = await ok<{ base64: string; signed: boolean }>('received.xml', { id: signedRow.id });
    expect(Buffer.from(signedXml.base64, 'base64')).toEqual(Buffer.from(signed));
    expect(signedXml.signed).toBe(true);

    const outbound = summary.files[2]!.documentIds[0]!;
    const notReceived = await api.call('received.get', { id: outbound });
    expect(notReceived).toMatchObject({ ok: false, error: { code: 'DOCUMENTO_IMPORTATO_NON_TROVATO' } });
    expect(await ok<{ direction: string }>('import.get', { id: outbound })).toMatchObject({ direction: 'outbound' });
    expect((await ok<{ total: number }>('import.list', { direction: 'outbound' })).total).toBe(1);
  });

  it('publishes outbound imports in the documents list, with PDF and the original XML', async () => {
    const settings = await ok<{ einvoicing: object }>('settings.get');
    await ok('settings.updateEInvoicing', { einvoicing: { ...settings.einvoicing, publishImportedXml: true } });
    const bytes = sampleXml('outbound', 63);
    const summary = await job('import.files', { files: [{ name: 'altro-programma.xml', base64: b64(bytes) }] });
    const id = summary.files[0]!.documents[0]!.registeredId!;
    const docs = await ok<{ rows: { id: number; status: string }[] }>('documents.list', {});
    expect(docs.rows).toEqual([expect.objectContaining({ id, status: 'registered' })]);
    const xml = await ok<{ xml: string }>('documents.xml', { id });
    expect(xml.xml).toBe(new TextDecoder().decode(bytes));
    const pdf = await ok<{ base64: string }>('documents.pdf', { id });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await ok<{ ok: boolean }>('integrity.verifyChain')).toMatchObject({ ok: true });
  });

  it('refuses bad arguments before starting anything', async () => {
    expect(await api.call('import.files', { files: [] })).toMatchObject({ ok: false, error: { code: 'ARGOMENTI_NON_VALIDI' } });
    expect(await api.call('received.list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'ARGOMENTI_NON_VALIDI' } });
  });
});

describe('import.paths', () => {
  it('walks folders recursively (invoice files only, no symlinks), opens zips, refuses missing paths and oversized files unread', async () => {
    const root = join(dir, 'fatture');
    mkdirSync(join(root, 'gennaio', 'fornitori'), { recursive: true });
    writeFileSync(join(root, 'gennaio', 'a.xml'), sampleXml('received', 64));
    writeFileSync(join(root, 'gennaio', 'fornitori', 'b.XML.p7m'), wrapP7m(sampleXml('received', 65)));
    writeFileSync(join(root, 'gennaio', 'note.txt'), 'non una fattura');
    writeFileSync(join(root, 'lotto.zip'), writeZip([{ name: 'c.xml', bytes: sampleXml('received', 66), deflate: true }]));
    writeFileSync(join(root, 'enorme.xml'), Buffer.alloc(6 * 1024 * 1024, 0x20));
    symlinkSync(join(root, 'gennaio'), join(root, 'giro'));
    const explicitTxt = join(dir, 'leggimi.txt');
    writeFileSync(explicitTxt, 'testo');
    const summary = await job('import.paths', { paths: [root, join(dir, 'non-esiste'), explicitTxt] });
    const byName = Object.fromEntries(summary.files.map((f) => [f.name.replace(dir, ''), [f.result, f.code]]));
    expect(byName).toEqual({
      '/non-esiste': ['rejected', 'IMPORT_PERCORSO_NON_TROVATO'],
      '/fatture/enorme.xml': ['rejected', 'FILE_TROPPO_GRANDE'],
      '/fatture/gennaio/a.xml': ['imported', undefined],
      '/fatture/gennaio/fornitori/b.XML.p7m': ['imported', undefined],
      '/fatture/lotto.zip/c.xml': ['imported', undefined],
      '/leggimi.txt': ['rejected', 'IMPORT_TIPO_NON_SUPPORTATO'],
    });
    expect(summary.counts).toMatchObject({ imported: 3, rejected: 3 });
  });

  it('received.process imports what the channel stored', async () => {
    const store = api.context.session.current!.store;
    const bytes = sampleXml('received', 67);
    store.receivedFiles.insert({ fileName: 'IT01234567890_0000A.xml', bytes, receivedAt: '2026-01-14T09:00:00Z', source: 'sandbox', sha256: 'x', sdiId: '999' });
    const summary = await job('received.process', {});
    expect(summary.files.map((f) => f.result)).toEqual(['imported']);
    const list = await ok<{ rows: { sdiId?: string }[] }>('received.list', {});
    expect(list.rows[0]!.sdiId).toBe('999');
  });
});
