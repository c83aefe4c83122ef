/**
 * The API keeps answering while long company work runs (the web host and the Electron main process answer the UI from
 * the thread that runs the API): a large selection registered by the worker thread (host/workers), and an import job
 * of a zip with hundreds of invoices that yields between files. Latencies are measured and printed, not asserted on a
 * timer: the assertion is that calls were answered while the long work was still running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../core/api/jobs';
import { OFFLOAD_MIN_DRAFTS } from '../core/api/offload';
import type { ImportSummary } from '../core/importer/service';
import { IMPORT_COMPANY, sampleXml } from '../core/importer/testing/corpus';
import { writeZip } from '../core/importer/testing/zip-writer';
import { createCustomer } from '../core/invoicing/services/customers';
import { insertBank } from '../core/invoicing/services/company';
import type { DocumentDraft } from '../core/invoicing/types';
import { createAppApi, type AppApi } from './app';

let dir: string;
let api: AppApi;
const TODAY = '2026-01-15';

async function ok<T>(method: string, args: unknown = {}): Promise<T> {
  const r = await api.call(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}

async function start(workers: boolean): Promise<void> {
  api = createAppApi({ host: 'web', dataDir: join(dir, `data-${workers}`), today: () => TODAY, workers });
  await ok('companies.create', { file: join(dir, `azienda-${workers}.fdesk`), company: IMPORT_COMPANY });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-main-thread-'));
});

afterEach(async () => {
  await api?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** `count` drafts of one customer, straight through the store in one transaction (setup, untimed). */
function seedDrafts(count: number): number[] {
  const store = api.context.session.current!.store;
  insertBank(store, { istituto: 'Banca Esempio', iban: 'IT60X0542811101000000123456', isDefault: true });
  const customer = createCustomer(store, {
    kind: 'B2B',
    isSupplier: false,
    denominazione: 'Cliente Grande S.p.A.',
    idPaese: 'IT',
    partitaIva: '12345678903',
    address: { indirizzo: 'Corso Italia', numeroCivico: '5', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
    codiceDestinatario: 'ABC1234',
    splitPayment: false,
  });
  const draft = (i: number): DocumentDraft => ({
    tipoDocumento: 'TD01',
    series: 'FT',
    date: '2026-01-10',
    customerId: customer.id,
    divisa: 'EUR',
    causale: `Fornitura ${i}`,
    lines: Array.from({ length: 12 }, (_, l) => ({ descrizione: `Articolo ${l + 1}`, quantita: String(1 + (l % 4)), prezzoUnitario: `${20 + l}.50`, aliquotaIva: '22.00', vatCode: 'IVA22' })),
    bollo: { mode: 'auto', chargedToCustomer: false },
    esigibilita: 'I',
    payment: { termCode: '30DF', methodCode: 'BON' },
  });
  return store.transaction(() => Array.from({ length: count }, (_, i) => store.documents.insertDraft({ draft: draft(i), customerName: 'Cliente Grande S.p.A.' })));
}

/**
 * Calls documents.list over and over until `work` settles; returns each call's latency and whether it came back while
 * the work was still running.
 */
async function probeWhile(work: Promise<unknown>): Promise<{ latencies: number[]; answeredDuring: number; workMs: number }> {
  let done = false;
  const t0 = performance.now();
  let workMs = 0;
  void work.finally(() => {
    done = true;
    workMs = performance.now() - t0;
  });
  const latencies: number[] = [];
  let answeredDuring = 0;
  while (!done) {
    const s = performance.now();
    await ok('documents.list', { offset: 0, limit: 50 });
    latencies.push(performance.now() - s);
    if (!done) answeredDuring++;
    await new Promise((r) => setTimeout(r, 5));
  }
  await work;
  return { latencies, answeredDuring, workMs };
}

const summary = (l: number[]) => {
  const s = [...l].sort((a, b) => a - b);
  return `${l.length} calls, median ${s[s.length >> 1]?.toFixed(1)} ms, max ${s[s.length - 1]?.toFixed(1)} ms`;
};

describe('the API answers while long work runs', () => {
  it('registers a large selection in the worker thread while documents.list keeps answering', async () => {
    await start(true);
    expect(api.context.offload).toBeDefined();
    const ids = seedDrafts(400);
    expect(ids.length).toBeGreaterThanOrEqual(OFFLOAD_MIN_DRAFTS);
    const registering = ok<{ registered: { numero: string }[] }>('documents.registerMany', { ids });
    const probe = await probeWhile(registering);
    const result = await registering;
    expect(result.registered.map((r) => r.numero)).toEqual(ids.map((_, i) => String(i + 1)));
    // The main connection sees the worker's commit: every draft is now queued for the SdI.
    const queued = await ok<{ total: number }>('documents.list', { status: ['queued'], offset: 0, limit: 1 });
    expect(queued.total).toBe(400);
    console.log(`[main-thread] registerMany of 400 drafts in the worker: ${probe.workMs.toFixed(0)} ms; documents.list meanwhile: ${summary(probe.latencies)}, ${probe.answeredDuring} answered before it finished`);
    expect(probe.answeredDuring).toBeGreaterThan(0);
  });

  it('keeps the all-or-nothing rule in the worker: a bad draft in the selection registers none', async () => {
    await start(true);
    const ids = seedDrafts(OFFLOAD_MIN_DRAFTS + 5);
    const r = await api.call('documents.registerMany', { ids: [...ids, 999_999] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('DOCUMENTO_NON_TROVATO');
    expect((await ok<{ total: number }>('documents.list', { status: ['draft'], offset: 0, limit: 1 })).total).toBe(ids.length);
  });

  it('for comparison, in-process (no worker): prints how long the API waited behind the same registration', async () => {
    await start(false);
    expect(api.context.offload).toBeUndefined();
    const ids = seedDrafts(400);
    const registering = ok<{ registered: unknown[] }>('documents.registerMany', { ids });
    const probe = await probeWhile(registering);
    expect((await registering).registered).toHaveLength(400);
    console.log(`[main-thread] registerMany of 400 drafts in-process: ${probe.workMs.toFixed(0)} ms; documents.list meanwhile: ${summary(probe.latencies)}, ${probe.answeredDuring} answered before it finished`);
  });

  it('imports a zip of 300 invoices as a job that yields between files: documents.list answers while it runs', async () => {
    await start(true);
    const zip = writeZip(Array.from({ length: 300 }, (_, i) => ({ name: `fattura-${i + 1}.xml`, bytes: sampleXml('received', 1000 + i), deflate: true })));
    const { jobId } = await ok<{ jobId: string }>('import.files', { files: [{ name: 'ricevute.zip', base64: Buffer.from(zip).toString('base64') }] });
    const finished = ok<JobStatus<ImportSummary>>('jobs.wait', { jobId });
    const probe = await probeWhile(finished);
    const status = await finished;
    expect(status.state).toBe('done');
    expect(status.result!.documents.imported).toBe(300);
    console.log(`[main-thread] import job of a zip with 300 invoices: ${probe.workMs.toFixed(0)} ms; documents.list meanwhile: ${summary(probe.latencies)}, ${probe.answeredDuring} answered before it finished`);
    expect(probe.answeredDuring).toBeGreaterThan(0);
  });
});
