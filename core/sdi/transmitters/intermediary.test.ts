/**
 * The intermediary channel against a local HTTP server that follows the documented Invoicetronic shapes (Basic auth
 * with the API key as user name; POST /send; GET /send?file_name=; GET /send/{id}; GET /update filtered by
 * last_update_from or send_id; GET /receive; GET /health; GET /status), and checks the Authorization header of every
 * call. Every SdI state the intermediary reports is taken round trip to the document's status.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { getDocument } from '../../invoicing/services/drafts';
import { closeTestCompanies } from '../../invoicing/services/test-support';
import { awaitedFiles, fetchSdiUpdates } from '../outbox/fetch';
import { documentHistory } from '../outbox/history';
import { sendOutbox } from '../outbox/send';
import { queuedCompany, type QueuedCompany } from '../outbox/testing';
import { createIntermediaryTransmitter, INTERMEDIARY_STATE_KIND, MAX_SEND_QUERIES, parseIntermediaryUpdate } from './intermediary';

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
  /** What each file's send is answered with after "Inviato" (several states in order; none: only "Inviato"). */
  outcome = new Map<string, UpdateRow['state'] | UpdateRow['state'][]>();
  /** GET /update and GET /send queries, as path?query. */
  queries: string[] = [];
  failNext: number[] = [];
  private clock = Date.UTC(2025, 2, 10, 9, 0, 0);

  tick(): string {
    this.clock += 1_000;
    return new Date(this.clock).toISOString();
  }

  /** A later update from the SdI about a file; `lastUpdate` is the SdI's time (it may be older than what was read). */
  addUpdate(fileName: string, state: string, lastUpdate = this.tick()): UpdateRow {
    const s = this.sends.find((x) => x.file_name === fileName)!;
    const row: UpdateRow = { id: this.updates.length + 1, send_id: s.id, last_update: lastUpdate, state, send: { id: s.id, identifier: s.identifier } };
    this.updates.push(row);
    return row;
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
      for (const state of Array.isArray(outcome) ? outcome : [outcome]) {
        const extra = state === 'Scartato' ? { description: 'File non conforme', errors: [{ code: '00423', description: 'PrezzoTotale errato', hint: 'Ricalcola il prezzo' }] } : {};
        // The update names its file only through the send (GET /send/{id}), as the API allows.
        this.updates.push({ id: this.updates.length + 1, send_id: row.id, last_update: this.tick(), state, ...extra, send: { id: row.id, identifier: row.identifier } });
      }
      const { payload: _p, ...answer } = row;
      return this.json(res, 201, answer);
    }
    if ((path === '/send' || path === '/update') && req.method === 'GET') this.queries.push(`${path}?${url.searchParams}`);
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
      const sendId = url.searchParams.get('send_id');
      const page = Number(url.searchParams.get('page') ?? '1');
      const size = Number(url.searchParams.get('page_size') ?? '100');
      if (size > 200) return this.json(res, 400, { title: 'page_size non può superare 200', status: 400 });
      let rows: { last_update: string; send_id?: number }[] = path === '/update' ? this.updates : this.received;
      rows = rows.filter((u) => (!from || u.last_update >= from) && (!sendId || u.send_id === Number(sendId)));
      // sort=last_update, as asked (ties by id, the order they were recorded).
      if (url.searchParams.get('sort') === 'last_update') rows = [...rows].sort((a, b) => (a.last_update < b.last_update ? -1 : a.last_update > b.last_update ? 1 : 0));
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

/** The notification kind (and esito) each stored update of a document was read as, in order. */
function kindsOf(store: QueuedCompany['store'], documentId: number): string[] {
  return store.sdiMessages
    .listByDocument(documentId)
    .map((m) => m.parsed as { kind?: string; esito?: string; state?: string } | undefined)
    .map((p) => (p?.kind ? `${p.kind}${p.esito ? ` ${p.esito}` : ''}` : `(${p?.state})`));
}

const updateQueries = () => api.queries.filter((q) => q.startsWith('/update?'));
const bySendId = () => updateQueries().filter((q) => q.includes('send_id=')).map((q) => Number(new URLSearchParams(q.slice(q.indexOf('?') + 1)).get('send_id')));

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

  it('every SdI state round trip (B2B): NonConsegnato and ImpossibilitàDiRecapito are an MC, the document is not delivered', async () => {
    const f = queuedCompany(3);
    api.outcome.set(f.fileNames[0]!, 'NonConsegnato');
    api.outcome.set(f.fileNames[1]!, 'ImpossibilitaDiRecapito');
    api.outcome.set(f.fileNames[2]!, 'ImpossibilitàDiRecapito');
    const t = transmitter();
    expect(await sendOutbox(f.store, { transmitter: t })).toMatchObject({ transmitted: 3, failed: 0 });
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['transmitted', 'transmitted', 'transmitted']);
    const r = await fetchSdiUpdates(f.store, t);
    expect(r).toMatchObject({ notifications: 6, statusChanges: 3, unmatched: 0, unparsed: 0 });
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['not_delivered', 'not_delivered', 'not_delivered']);
    for (const id of f.documentIds) expect(kindsOf(f.store, id)).toEqual(['(Inviato)', 'MC']);
    // Every state the mapping knows, with the spelling the API documents.
    for (const [state, kind] of [['NonConsegnato', 'MC'], ['ImpossibilitàDiRecapito', 'MC'], ['Consegnato', 'RC'], ['Scartato', 'NS'], ['DecorrenzaTermini', 'DT'], ['AttestazioneTrasmissioneFattura', 'AT']] as const) {
      expect(INTERMEDIARY_STATE_KIND[state]?.kind).toBe(kind);
    }
  });

  it('every SdI state round trip (PA): Consegnato, then AccettatoDalDestinatario (NE EC01), RifiutatoDalDestinatario (NE EC02), DecorrenzaTermini (DT)', async () => {
    const f = queuedCompany(3, { pa: true });
    for (const name of f.fileNames) api.outcome.set(name, 'Consegnato');
    const t = transmitter();
    expect(await sendOutbox(f.store, { transmitter: t })).toMatchObject({ transmitted: 3, failed: 0 });
    expect(await fetchSdiUpdates(f.store, t)).toMatchObject({ notifications: 6, statusChanges: 3 });
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['delivered', 'delivered', 'delivered']);

    // The PA answers later (and the term runs out for the third): the stream brings each.
    api.addUpdate(f.fileNames[0]!, 'AccettatoDalDestinatario');
    api.addUpdate(f.fileNames[1]!, 'RifiutatoDalDestinatario');
    expect(await fetchSdiUpdates(f.store, t)).toMatchObject({ notifications: 2, statusChanges: 2 });
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['accepted', 'refused', 'delivered']);
    api.addUpdate(f.fileNames[2]!, 'DecorrenzaTermini');
    expect(await fetchSdiUpdates(f.store, t)).toMatchObject({ notifications: 1, statusChanges: 1 });
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['accepted', 'refused', 'expired']);

    expect(f.documentIds.map((id) => kindsOf(f.store, id))).toEqual([
      ['(Inviato)', 'RC', 'NE EC01'],
      ['(Inviato)', 'RC', 'NE EC02'],
      ['(Inviato)', 'RC', 'DT'],
    ]);
    // Read in the PA family, and explained as such in the history.
    const refused = documentHistory(f.store, f.documentIds[1]!);
    expect(refused.entries.at(-1)).toMatchObject({ kind: 'NE', statusBefore: 'delivered', statusAfter: 'refused' });
    expect((f.store.sdiMessages.listByDocument(f.documentIds[1]!).at(-1)!.parsed as { family: string }).family).toBe('pa-v1.1');
    // Nothing was waiting for a first answer after the first fetch: no query by send id at all.
    expect(bySendId()).toEqual([]);
  });

  it('an item caught mid-send is reconciled by name, then its answer is read by send id although it fell behind the cursor', async () => {
    const f = queuedCompany(2);
    for (const name of f.fileNames) api.outcome.set(name, []);
    const t = transmitter();
    const [a, b] = f.fileNames as [string, string];
    // The first run died right after the intermediary took A: the item is still 'sending'.
    const itemA = f.store.outbox.getByFileName(a)!;
    const at = new Date().toISOString();
    f.store.transaction(() => {
      f.store.outbox.markSending(itemA.id, 'intermediary', at);
      f.store.sdiState.setDocumentStatus(itemA.documentId, 'sending', { at });
    });
    expect((await t.send([{ fileName: a, bytes: f.store.documents.getXml(itemA.documentId)!, itemId: itemA.id }]))[0]).toMatchObject({ status: 'accepted' });
    const sdiTimeOfA = api.tick(); // the SdI delivers A now; the intermediary will record it late

    // Restart: A is found by name (never sent twice) with its send id; B goes.
    const r = await sendOutbox(f.store, { transmitter: t });
    expect(r).toMatchObject({ reconciled: { found: 1, requeued: 0 }, transmitted: 1 });
    expect(api.sends.map((x) => x.file_name)).toEqual([a, b]);
    expect(f.store.outbox.getByFileName(a)).toMatchObject({ state: 'transmitted', transmissionId: '1' });

    // The stream shows both "Inviato": the cursor moves past the SdI time of A's delivery.
    await fetchSdiUpdates(f.store, t);
    const cursor = JSON.parse(f.store.sdiState.getCursor('intermediary')!) as { updates: string };
    expect(cursor.updates > sdiTimeOfA).toBe(true);

    // Now the intermediary records both deliveries; A's carries the SdI's (older) time, behind the cursor.
    api.addUpdate(a, 'Consegnato', sdiTimeOfA);
    api.addUpdate(b, 'Consegnato');
    // The stream alone never shows A's delivery...
    const streamOnly = await t.fetchUpdates(f.store.sdiState.getCursor('intermediary'));
    expect(streamOnly.files.map((x) => parseIntermediaryUpdate(x.bytes)).filter((u) => u?.state === 'Consegnato').map((u) => u!.invoiceFileName)).toEqual([b]);
    // ...the run asks for A by its send id (B was in the stream: not asked), and both are delivered.
    api.queries = [];
    const fetched = await fetchSdiUpdates(f.store, t);
    expect(fetched.statusChanges).toBe(2);
    expect(bySendId()).toEqual([1]);
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['delivered', 'delivered']);
    expect(kindsOf(f.store, f.documentIds[0]!)).toEqual(['(Inviato)', 'RC']);

    // Nothing waits any more: the next run asks nothing by send id.
    api.queries = [];
    expect(awaitedFiles(f.store, 'intermediary')).toEqual([]);
    expect((await fetchSdiUpdates(f.store, t)).statusChanges).toBe(0);
    expect(bySendId()).toEqual([]);
  });

  it('a file recorded without a send id is looked up by name before asking for its updates; other channels’ files are not asked about', async () => {
    const f = queuedCompany(2);
    api.outcome.set(f.fileNames[0]!, []);
    const t = transmitter();
    await sendOutbox(f.store, { transmitter: t });
    api.updates = []; // the stream lost everything: only the per-send reads can tell
    api.addUpdate(f.fileNames[0]!, 'Scartato', '2025-01-01T00:00:00.000Z');
    api.queries = [];
    const u = await t.fetchUpdates(JSON.stringify({ updates: '2025-06-01T00:00:00.000Z' }), undefined, { awaiting: [{ fileName: f.fileNames[0]! }, { fileName: 'IT99999999999_00001.xml' }] });
    expect(api.queries).toEqual([
      '/update?sort=last_update&last_update_from=2025-06-01T00%3A00%3A00.000Z&page=1&page_size=200',
      `/send?file_name=${f.fileNames[0]}`,
      '/update?send_id=1&sort=last_update&page=1&page_size=200',
      '/send?file_name=IT99999999999_00001.xml',
    ]);
    expect(u.files.map((x) => parseIntermediaryUpdate(x.bytes))).toMatchObject([{ kind: 'NS', state: 'Scartato', invoiceFileName: f.fileNames[0] }]);
    // The per-send answers never move the stream's cursor.
    expect(u.cursor).toBeUndefined();

    // The outbox hands over only its own channel's files still waiting for a first answer.
    f.store.outbox.markTransmitted(f.store.outbox.getByFileName(f.fileNames[1]!)!.id, { transmitter: 'sandbox', at: new Date().toISOString() });
    expect(awaitedFiles(f.store, 'intermediary').map((x) => x.fileName)).toEqual([f.fileNames[0]]);
  });

  it('asks at most MAX_SEND_QUERIES sends by id in one run', async () => {
    const t = transmitter();
    const awaiting = Array.from({ length: MAX_SEND_QUERIES + 20 }, (_, i) => ({ fileName: `IT01234567897_${String(i).padStart(5, '0')}.xml`, transmissionId: String(i + 1) }));
    await t.fetchUpdates(undefined, undefined, { awaiting });
    expect(bySendId()).toEqual(awaiting.slice(0, MAX_SEND_QUERIES).map((a) => Number(a.transmissionId)));
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
