/**
 * The SdI methods of the API, through the composition root (host/app.ts) as the UI and the CLI use them: the demo
 * company sends through the in-process sandbox with nothing else started; jobs report progress and can be cancelled;
 * the manual channel exports and imports; secrets never reach the company file or the events.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress, JobStatus } from '../core/api/jobs';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { simpleDraft } from '../core/invoicing/services/test-support';
import { notificationFile } from '../core/sdi/outbox/testing';
import { createAppApi, type AppApi } from './app';
import { createSecretStore } from './secrets';
import { buildTestFattura } from '../core/fatturapa/checks/testing';
import { writeFattura } from '../core/fatturapa/writer';

let dir: string;
let api: AppApi;
let events: { event: string; data: unknown }[];

function newApi(sdi?: Parameters<typeof createAppApi>[0]['sdi']): AppApi {
  const a = createAppApi({ host: 'cli', dataDir: join(dir, 'data'), sdi });
  a.subscribe({ publish: (event, data) => events.push({ event, data }) });
  return a;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-sdi-api-'));
  events = [];
  api = newApi({ secrets: { keytar: null, env: {} } });
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

async function runJob(method: string, args: unknown = {}): Promise<JobStatus> {
  const { jobId } = await ok<{ jobId: string }>(method, args);
  return (await ok<JobStatus | null>('jobs.wait', { jobId }))!;
}

/** The demo company plus `extra` more registered invoices (dated today). */
async function demo(extra = 0): Promise<string> {
  const file = join(dir, 'demo.fdesk');
  await ok('companies.createDemo', { file });
  const store = api.context.session.current!.store;
  const customerId = store.customers.list({ kind: 'B2B' }).rows[0]!.id;
  const today = api.context.today();
  store.transaction(() => {
    for (let i = 0; i < extra; i++) registerDocument(store, createDraft(store, simpleDraft(customerId, { date: today })).id, { today });
  });
  return file;
}

describe('SdI API', () => {
  it('the demo company sends through the in-process sandbox with nothing else started, then gets its notifications', async () => {
    await demo();
    const channel = await ok<{ id: string; notes: string[] }>('transmitter.get');
    expect(channel.id).toBe('sandbox');
    expect(channel.notes.join(' ')).toContain('Sandbox integrata');
    expect(await ok('transmitter.test')).toMatchObject({ ok: true, message: expect.stringContaining('Sandbox SdI raggiungibile') });

    const before = await ok<{ total: number; counts: Record<string, number> }>('outbox.list');
    expect(before.counts).toEqual({ queued: 6, sending: 0, transmitted: 0, failed: 0 });
    const sent = await runJob('outbox.send');
    expect(sent).toMatchObject({ state: 'done', kind: 'outbox.send', result: { transmitted: 6, remaining: 0 } });
    const progress = events.filter((e) => e.event === 'job:progress').map((e) => (e.data as JobProgress).message);
    expect(progress).toHaveLength(6);
    expect(progress[5]).toMatch(/^Invio 6\/6 IT01234567897_[0-9A-Z]{5}\.xml$/);
    expect(existsSync(join(dir, 'data', 'sandbox-sdi'))).toBe(true);

    const fetched = await runJob('sdi.fetchUpdates');
    expect(fetched.result).toMatchObject({ notifications: 6, statusChanges: 6 });
    const sentPage = await ok<{ total: number; rows: { id: number; status: string; sdiId?: string }[] }>('interscambio.sent', { limit: 50 });
    expect(sentPage.total).toBe(6);
    expect(sentPage.rows.every((r) => r.status === 'delivered' && r.sdiId)).toBe(true);

    const history = await ok<{ entries: { messageId: number; kind: string; explanation: { title: string } }[] }>('documents.history', { id: sentPage.rows[0]!.id });
    expect(history.entries.map((e) => e.kind)).toEqual(['RC']);
    const file = await ok<{ fileName: string; base64: string }>('documents.notificationFile', { id: history.entries[0]!.messageId });
    expect(file.fileName).toMatch(/_RC_001\.xml$/);
    expect(Buffer.from(file.base64, 'base64').toString('utf8')).toContain('RicevutaConsegna');
    expect(await ok('documents.deadlines')).toEqual([]);
    expect(await ok('interscambio.received')).toMatchObject({ total: 0, rows: [] });
  });

  it('sends only the chosen outbox items when asked (row menu "Invia")', async () => {
    await demo();
    const page = await ok<{ rows: { id: number; state: string }[] }>('outbox.list', { limit: 50 });
    const chosen = page.rows[0]!.id;
    const sent = await runJob('outbox.send', { itemIds: [chosen] });
    expect(sent).toMatchObject({ state: 'done', result: { transmitted: 1 } });
    const after = await ok<{ counts: Record<string, number>; rows: { id: number; state: string }[] }>('outbox.list', { limit: 50 });
    expect(after.counts).toMatchObject({ queued: 5, transmitted: 1 });
    expect(after.rows.find((r) => r.id === chosen)?.state).toBe('transmitted');
  });

  it('"Correggi e reinvia" through the API: the correction draft carries the rejected number and date', async () => {
    await demo();
    expect(await ok('transmitter.test')).toMatchObject({ ok: true });
    api.sdi.localSandbox!.setRules({ default: 'reject' });
    await runJob('outbox.send');
    await runJob('sdi.fetchUpdates');
    const rejected = (await ok<{ rows: { id: number; status: string; numero?: string; date: string }[] }>('interscambio.sent', { limit: 50 })).rows.find(
      (r) => r.status === 'rejected',
    )!;
    const r = await ok<{ document: { id: number; status: string; correctionOf?: { id: number; numero: string; date: string } } }>('documents.correctRejected', { id: rejected.id });
    expect(r.document.status).toBe('draft');
    expect(r.document.correctionOf).toMatchObject({ id: rejected.id, numero: rejected.numero, date: rejected.date });
    const again = await ok<{ correctionOf?: { id: number } }>('documents.get', { id: r.document.id });
    expect(again.correctionOf?.id).toBe(rejected.id);
  });

  it('a supplier invoice fetched from the channel lands in Interscambio -> Ricevute', async () => {
    await demo();
    expect(await ok('transmitter.test')).toMatchObject({ ok: true });
    const f = buildTestFattura();
    // Issued by a supplier (P.IVA 12345678903) to the demo company (01234567897).
    f.FatturaElettronicaHeader.DatiTrasmissione.IdTrasmittente = { IdPaese: 'IT', IdCodice: '12345678903' };
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'IT', IdCodice: '12345678903' };
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'IT', IdCodice: '01234567897' };
    api.sdi.localSandbox!.inject('IT12345678903_00A01.xml', writeFattura(f).bytes);
    const fetched = await runJob('sdi.fetchUpdates');
    expect(fetched.state).toBe('done');
    expect(fetched.result).toMatchObject({ receivedInvoices: 1 });
    const received = await ok<{ total: number; rows: { numero?: string; supplierName?: string }[] }>('received.list', {});
    expect(received.total).toBe(1);
    // Fetching again brings nothing new and imports nothing twice.
    await runJob('sdi.fetchUpdates');
    expect((await ok<{ total: number }>('received.list', {})).total).toBe(1);
  });

  it('cancel mid-batch through the API: stops between files, the rest stays queued, a new send completes it', async () => {
    await demo(24);
    let cancelled = false;
    api.subscribe({
      publish: (event, data) => {
        const p = data as JobProgress;
        if (event === 'job:progress' && p.done === 5 && !cancelled) {
          cancelled = true;
          void api.call('jobs.cancel', { jobId: p.jobId });
        }
      },
    });
    const first = await runJob('outbox.send');
    expect(first.state).toBe('cancelled');
    const counts = (await ok<{ counts: Record<string, number> }>('outbox.list')).counts;
    expect(counts.sending).toBe(0);
    expect(counts.transmitted).toBeGreaterThanOrEqual(5);
    expect(counts.transmitted).toBeLessThan(30);
    expect(counts.queued).toBe(30 - counts.transmitted!);
    const second = await runJob('outbox.send');
    expect(second).toMatchObject({ state: 'done', result: { transmitted: counts.queued } });
    const log = (api.sdi.localSandbox!.log().uploads ?? []).map((u) => u.fileName);
    expect(log).toHaveLength(30);
    expect(new Set(log).size).toBe(30);
  });

  it('refuses a second send while one runs', async () => {
    await demo(10);
    const a = await api.call('outbox.send', {});
    const b = await api.call('outbox.send', {});
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, error: { code: 'LAVORO_GIA_IN_CORSO' } });
    await ok('jobs.wait', { jobId: (a as { result: { jobId: string } }).result.jobId });
  });

  it('manual channel: export (files or zip), confirm the upload, import the notifications back', async () => {
    await demo();
    expect(await ok('transmitter.configure', { id: 'manual' })).toMatchObject({ secretStorage: 'none', info: { id: 'manual', capabilities: { manualUpload: true } } });
    const refused = await runJob('outbox.send');
    expect(refused).toMatchObject({ state: 'failed', error: { code: 'CANALE_MANUALE' } });

    const out = join(dir, 'portale');
    const exp = await ok<{ files: string[]; count: number }>('outbox.exportManual', { dir: out, zip: true });
    expect(exp.count).toBe(6);
    expect(exp.files).toHaveLength(1);
    expect(readdirSync(out)).toEqual(exp.files);
    // Without a folder: the one saved in the channel settings, or a clear error naming the field.
    expect(await api.call('outbox.exportManual', {})).toMatchObject({ ok: false, error: { code: 'CARTELLA_NON_INDICATA', field: 'dir' } });
    await ok('transmitter.configure', { id: 'manual', config: { exportDir: join(dir, 'singoli') } });
    const files = await ok<{ files: string[] }>('outbox.exportManual', {});
    expect(readdirSync(join(dir, 'singoli')).sort()).toEqual([...files.files].sort());
    // Exported is not transmitted: still queued until the user confirms.
    const list = await ok<{ rows: { id: number; fileName: string; state: string; exportedAt?: string }[] }>('outbox.list');
    expect(list.rows.every((r) => r.state === 'queued' && r.exportedAt)).toBe(true);

    const confirmed = await ok<{ state: string }[]>('outbox.confirmUploaded', { itemIds: list.rows.map((r) => r.id) });
    expect(confirmed.every((i) => i.state === 'transmitted')).toBe(true);
    const rc = notificationFile({ kind: 'RC', sdiId: '4242', invoiceFileName: list.rows[0]!.fileName });
    const imported = await ok('sdi.importNotifications', { files: [{ fileName: rc.fileName, base64: Buffer.from(rc.bytes).toString('base64') }] });
    expect(imported).toMatchObject({ notifications: 1, statusChanges: 1 });
    const docs = await ok<{ rows: { fileName: string; status: string; sdiId?: string }[] }>('interscambio.sent', { limit: 50 });
    expect(docs.rows.find((d) => d.fileName === list.rows[0]!.fileName)).toMatchObject({ status: 'delivered', sdiId: '4242' });
  });

  it('without a keychain: says so in Italian, keeps the key for this session only, never in the company file or the events', async () => {
    const file = await demo();
    const secret = 'ik_test_SEGRETISSIMA_1234567890';
    const r = await ok<{ secretStorage: string; message: string; info: { hasSecret: boolean; keychainAvailable: boolean; secretEnvVar: string } }>('transmitter.configure', {
      id: 'intermediary',
      config: { url: 'http://127.0.0.1:9/v1' },
      secret,
    });
    expect(r.secretStorage).toBe('session');
    expect(r.message).toContain('Portachiavi di sistema non disponibile, la password o la chiave non viene ricordata');
    expect(r.info).toMatchObject({ hasSecret: true, keychainAvailable: false, secretEnvVar: 'FATTURADESK_SECRET_INTERMEDIARY_IT01234567897' });
    const health = await ok<{ ok: boolean; message: string }>('transmitter.test');
    expect(health.ok).toBe(false); // nothing listens on port 9
    await runJob('outbox.send');
    await api.shutdown();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(secret)), f).toBe(false);
    }
    expect(JSON.stringify(events)).not.toContain(secret);
    // A secret-looking setting is refused outright.
    api = newApi({ secrets: { keytar: null, env: {} } });
    await ok('companies.open', { file });
    const bad = await api.call('transmitter.configure', { id: 'intermediary', config: { apiKey: secret } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'SEGRETO_NELLE_IMPOSTAZIONI' } });
  });

  it('the key can come from the environment variable (scripts)', async () => {
    await api.shutdown();
    api = newApi({ secrets: { keytar: null, env: { FATTURADESK_SECRET_INTERMEDIARY_IT01234567897: 'ik_dall_ambiente' } } });
    await demo();
    await ok('transmitter.configure', { id: 'intermediary' });
    expect(await ok('transmitter.get')).toMatchObject({ hasSecret: true, keychainAvailable: false });
  });

  it('with the OS keychain: the key goes there and nowhere else', async (ctx) => {
    const probe = await createSecretStore();
    // No keychain in this session (no D-Bus, no unlocked keyring): the test above covers that case.
    if (!probe.available()) return ctx.skip(`portachiavi di sistema non disponibile (${probe.status.reason ?? 'motivo ignoto'})`);
    await api.shutdown();
    api = newApi({ secrets: { env: {} } });
    const file = await demo();
    const secret = `ik_test_keychain_${Date.now()}`;
    const account = 'intermediary-IT01234567897';
    try {
      const r = await ok<{ secretStorage: string; info: { hasSecret: boolean; keychainAvailable: boolean } }>('transmitter.configure', { id: 'intermediary', secret });
      expect(r).toMatchObject({ secretStorage: 'keychain', info: { hasSecret: true, keychainAvailable: true } });
      expect(await probe.get(account)).toBe(secret);
      await api.shutdown();
      for (const f of [file, `${file}-wal`]) if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(secret))).toBe(false);
      expect(JSON.stringify(events)).not.toContain(secret);
    } finally {
      await probe.delete(account);
    }
  });
});
