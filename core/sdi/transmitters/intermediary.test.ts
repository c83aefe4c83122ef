/**
 * The intermediary channel against a local HTTP server that follows the documented Invoicetronic shapes (Basic auth
 * with the API key as user name; POST /send; GET /send?file_name=; GET /send/{id}; GET /update; GET /receive;
 * GET /health; GET /status), and checks the Authorization header of every call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { getDocument } from '../../invoicing/services/drafts';
import { closeTestCompanies } from '../../invoicing/services/test-support';
import { fetchSdiUpdates } from '../outbox/fetch';
import { documentHistory } from '../outbox/history';
import { sendOutbox } from '../outbox/send';
import { queuedCompany } from '../outbox/testing';
import { createIntermediaryTransmitter, parseIntermediaryUpdate } from './intermediary';

const API_KEY = 'ik_test_0123456789abcdef';

interface SendRow {
  id: number;
  file_name: string;
  identifier: string;
  payload: string;
  encoding: string;
  date_sent: string;
}

interface UpdateRow {
  id: number;
  send_id: number;
  last_update: string;
  state: string;
  description?: string;
  errors?: { code: string; description: string; hint?: string }[];
  send?: { id: number; file_name?: string; identifier?: string };
}

class FakeIntermediary {
  server!: Server;
  url = '';
  sends: SendRow[] = [];
  updates: UpdateRow[] = [];
  received: { id: number; file_name: string; payload: string; encoding: string; last_update: string }[] = [];
  authHeaders: (string | undefined)[] = [];
  /** What each file's send is answered with after "Inviato". */
  outcome = new Map<string, UpdateRow['state']>();
  failNext: number[] = [];
  private clock = Date.UTC(2025, 2, 10, 9, 0, 0);

  private tick(): string {
    this.clock += 1_000;
    return new Date(this.clock).toISOString();
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/v1/, '');
    if (path === '/health') return this.json(res, 200, {});
    this.authHeaders.push(req.headers.authorization);
    if (req.headers.authorization !== `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`) {
      return this.json(res, 401, { title: 'Unauthorized', status: 401 });
    }
    if (path === '/status') return this.json(res, 200, { operation_left: 100, signature_left: 10 });
    if (path === '/send' && req.method === 'POST') {
      const status = this.failNext.shift();
      if (status) return this.json(res, status, { title: 'Errore', status, detail: status === 422 ? 'Documento non valido: 00423' : 'riprova' });
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { file_name: string; payload: string; encoding: string };
      const row: SendRow = { id: this.sends.length + 1, file_name: body.file_name, identifier: String(1000 + this.sends.length + 1), payload: body.payload, encoding: body.encoding, date_sent: this.tick() };
      this.sends.push(row);
      this.updates.push({ id: this.updates.length + 1, send_id: row.id, last_update: this.tick(), state: 'Inviato', send: { id: row.id, identifier: row.identifier } });
      const outcome = this.outcome.get(row.file_name) ?? 'Consegnato';
      const extra = outcome === 'Scartato' ? { description: 'File non conforme', errors: [{ code: '00423', description: 'PrezzoTotale errato', hint: 'Ricalcola il prezzo' }] } : {};
      // The update names its file only through the send (GET /send/{id}), as the API allows.
      this.updates.push({ id: this.updates.length + 1, send_id: row.id, last_update: this.tick(), state: outcome, ...extra, send: { id: row.id, identifier: row.identifier } });
      const { payload: _p, ...answer } = row;
      return this.json(res, 201, answer);
    }
    if (path === '/send' && req.method === 'GET') {
      const name = url.searchParams.get('file_name');
      return this.json(res, 200, this.sends.filter((s) => s.file_name === name).map(({ payload: _p, ...s }) => s));
    }
    const byId = /^\/send\/(\d+)$/.exec(path);
    if (byId) {
      const s = this.sends.find((x) => x.id === Number(byId[1]));
      return s ? this.json(res, 200, { ...s, payload: undefined }) : this.json(res, 404, { title: 'Not found' });
    }
    if (path === '/update' || path === '/receive') {
      const from = url.searchParams.get('last_update_from');
      const page = Number(url.searchParams.get('page') ?? '1');
      const size = Number(url.searchParams.get('page_size') ?? '100');
      const rows = (path === '/update' ? this.updates : this.received).filter((u) => !from || u.last_update >= from);
      return this.json(res, 200, rows.slice((page - 1) * size, page * size));
    }
    return this.json(res, 404, { title: 'Not found' });
  }
}

let api: FakeIntermediary;
beforeEach(async () => {
  api = new FakeIntermediary();
  await api.start();
});
afterEach(async () => {
  await api.close();
  closeTestCompanies();
});

const transmitter = (apiKey = API_KEY) => createIntermediaryTransmitter({ baseUrl: api.url, apiKey });

describe('intermediary REST channel (Invoicetronic shapes)', () => {
  it('round trip: sends base64 payloads with Basic auth, fetches updates, applies delivered and rejected', async () => {
    const f = queuedCompany(2);
    api.outcome.set(f.fileNames[1]!, 'Scartato');
    const t = transmitter();
    expect(await t.health()).toMatchObject({ ok: true, message: 'Intermediario raggiungibile, chiave API valida.' });
    const sent = await sendOutbox(f.store, { transmitter: t });
    expect(sent).toMatchObject({ transmitted: 2, failed: 0 });
    // The exact registered bytes travelled, base64-encoded.
    expect(api.sends.map((s) => [s.file_name, s.encoding])).toEqual(f.fileNames.map((n) => [n, 'Base64']));
    expect(Buffer.from(api.sends[0]!.payload, 'base64').equals(Buffer.from(f.store.documents.getXml(f.documentIds[0]!)!))).toBe(true);
    expect(f.store.outbox.getByFileName(f.fileNames[0]!)).toMatchObject({ transmissionId: '1', sdiId: '1001' });
    // Every authenticated call carried "Basic base64(key:)".
    expect(new Set(api.authHeaders)).toEqual(new Set([`Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`]));

    const fetched = await fetchSdiUpdates(f.store, t);
    expect(fetched).toMatchObject({ notifications: 4, statusChanges: 2 });
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['delivered', 'rejected']);
    const h = documentHistory(f.store, f.documentIds[1]!);
    expect(h.entries.map((e) => [e.fileName, e.effect, e.statusAfter])).toEqual([
      ['intermediario-update-3.json', 'applied', 'transmitted'],
      ['intermediario-update-4.json', 'applied', 'rejected'],
    ]);
    expect(h.entries[1]!.explanation.errors?.[0]).toMatchObject({ code: '00423' });
    // The update is kept as the JSON it came as.
    const raw = f.store.sdiMessages.bytes(h.entries[1]!.messageId)!;
    expect(parseIntermediaryUpdate(raw)).toMatchObject({ kind: 'NS', state: 'Scartato', invoiceFileName: f.fileNames[1] });
    // The cursor moved: fetching again brings only the boundary update back, stored once.
    const again = await fetchSdiUpdates(f.store, t);
    expect(again.statusChanges).toBe(0);
    expect(again.notifications).toBe(0);
  });

  it('looks a file up by name (for items caught mid-send) and never sends it twice', async () => {
    const f = queuedCompany(1);
    const t = transmitter();
    expect(await t.lookup(f.fileNames[0]!)).toBeUndefined();
    await sendOutbox(f.store, { transmitter: t });
    expect(await t.lookup(f.fileNames[0]!)).toMatchObject({ status: 'accepted', transmissionId: '1', sdiId: '1001' });
  });

  it('a wrong API key: health says so in Italian, sends are refused (not retried), the key never shows in messages', async () => {
    const f = queuedCompany(1);
    const t = transmitter('ik_test_sbagliata');
    const h = await t.health();
    expect(h).toMatchObject({ ok: false, message: 'Intermediario raggiungibile, ma la chiave API non è valida.' });
    const [o] = await t.send([{ fileName: f.fileNames[0]!, bytes: f.store.documents.getXml(f.documentIds[0]!)!, itemId: 1 }]);
    expect(o).toMatchObject({ status: 'refused', error: { code: 'CHIAVE_API_NON_VALIDA' } });
    expect(JSON.stringify(o)).not.toContain('ik_test_sbagliata');
    await expect(t.lookup(f.fileNames[0]!)).rejects.toMatchObject({ code: 'CHIAVE_API_NON_VALIDA' });
  });

  it('5xx is retried later, 422 is a refusal with the server’s reason', async () => {
    const f = queuedCompany(2);
    api.failNext = [503, 422];
    const r = await sendOutbox(f.store, { transmitter: transmitter(), random: () => 0 });
    expect(r).toMatchObject({ retrying: 1, failed: 1 });
    expect(f.store.outbox.getByFileName(f.fileNames[0]!)).toMatchObject({ state: 'queued', attempts: 1, lastError: { code: 'SERVIZIO_NON_DISPONIBILE' } });
    const failed = f.store.outbox.getByFileName(f.fileNames[1]!)!;
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'HTTP_422' } });
    expect(failed.lastError!.message).toContain('Documento non valido: 00423');
  });

  it('fetches received invoices (base64 or plain XML payloads)', async () => {
    const f = queuedCompany(0);
    const xml = '<?xml version="1.0" encoding="UTF-8"?><p:FatturaElettronica versione="FPR12"/>';
    api.received.push({ id: 1, file_name: 'IT09876543210_00001.xml', payload: Buffer.from(xml).toString('base64'), encoding: 'Base64', last_update: '2025-03-10T10:00:00Z' });
    api.received.push({ id: 2, file_name: 'IT09876543210_00002.xml', payload: xml, encoding: 'Xml', last_update: '2025-03-10T10:01:00Z' });
    const r = await fetchSdiUpdates(f.store, transmitter());
    expect(r.receivedInvoices).toBe(2);
    const rows = f.store.receivedFiles.list({}).rows;
    for (const row of rows) expect(Buffer.from(f.store.receivedFiles.bytes(row.id)!.bytes).toString()).toBe(xml);
  });

  it('refuses to start without a key, and an unreachable server is a temporary problem', async () => {
    expect(() => createIntermediaryTransmitter({ baseUrl: api.url, apiKey: '' })).toThrow(AppError);
    const f = queuedCompany(1);
    await api.close();
    const t = transmitter();
    expect((await t.health()).ok).toBe(false);
    const [o] = await t.send([{ fileName: f.fileNames[0]!, bytes: new Uint8Array([60]), itemId: 1 }]);
    expect(o).toMatchObject({ status: 'retry', error: { code: 'RETE_NON_DISPONIBILE' } });
    await api.start(); // afterEach closes it again
  });
});
