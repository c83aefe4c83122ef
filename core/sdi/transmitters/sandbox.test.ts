/** The sandbox client's handling of each kind of answer, against a scripted local HTTP server (the full round trips
 * against the real sandbox SdI are in host/sdi-roundtrip.test.ts). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { createSandboxTransmitter, pairMetadata } from './sandbox';
import { createTransmitter, secretAccount, validateChannelConfig } from './index';

let server: Server;
let url: string;
let answer: (path: string, body: string) => { status: number; body: unknown };
const seen: { method: string; path: string; body: string }[] = [];

beforeEach(async () => {
  seen.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, path: req.url!, body });
      const a = answer(req.url!, body);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((r) => server.close(() => r())));

const file = { fileName: 'IT01234567897_00001.xml', bytes: new TextEncoder().encode('<x/>'), itemId: 1 };

describe('sandbox client', () => {
  it('posts { fileName, base64 } and reads the SdI id; 400 EI01 is a refusal, EI02 and 5xx are retried', async () => {
    const t = createSandboxTransmitter({ baseUrl: `${url}/`, sender: 'IT01234567897' });
    answer = () => ({ status: 200, body: { identificativoSdI: '12', dataOraRicezione: '2025-03-10T10:00:00.000+01:00' } });
    const progress: string[] = [];
    expect(await t.send([file], { onProgress: (d, n, f) => progress.push(`${d}/${n} ${f}`) })).toEqual([
      { fileName: file.fileName, status: 'accepted', sdiId: '12', receivedAt: '2025-03-10T10:00:00.000+01:00' },
    ]);
    expect(progress).toEqual(['1/1 IT01234567897_00001.xml']);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/sdi/v1/files' });
    expect(JSON.parse(seen[0]!.body)).toEqual({ fileName: file.fileName, base64: Buffer.from('<x/>').toString('base64') });

    answer = () => ({ status: 400, body: { error: { code: 'EI01', descrizione: 'File vuoto.' } } });
    expect((await t.send([file]))[0]).toMatchObject({ status: 'refused', error: { code: 'EI01', message: expect.stringContaining('File vuoto') } });
    answer = () => ({ status: 500, body: { error: { code: 'EI02', descrizione: 'Servizio non disponibile' } } });
    expect((await t.send([file]))[0]).toMatchObject({ status: 'retry', error: { code: 'EI02' } });
    answer = () => ({ status: 503, body: {} });
    expect((await t.send([file]))[0]).toMatchObject({ status: 'retry', error: { code: 'SERVIZIO_NON_DISPONIBILE' } });
  });

  it('lookup: 200 found, 404 unknown, anything else is an error (never a guess)', async () => {
    const t = createSandboxTransmitter({ baseUrl: url, sender: 'IT01234567897' });
    answer = (path) => (path.endsWith('_00001.xml') ? { status: 200, body: { identificativoSdI: '7' } } : { status: 404, body: {} });
    expect(await t.lookup('IT01234567897_00001.xml')).toEqual({ fileName: 'IT01234567897_00001.xml', status: 'accepted', sdiId: '7' });
    expect(await t.lookup('IT01234567897_00002.xml')).toBeUndefined();
    answer = () => ({ status: 500, body: {} });
    await expect(t.lookup('IT01234567897_00001.xml')).rejects.toBeInstanceOf(AppError);
  });

  it('fetches updates by sender and cursor, pairing metadata files with their invoices', async () => {
    const t = createSandboxTransmitter({ baseUrl: url, sender: 'IT01234567897' });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    answer = () => ({
      status: 200,
      body: {
        files: [
          { fileName: 'IT01234567897_00001_RC_001.xml', base64: b64('<rc/>'), kind: 'notification' },
          { fileName: 'IT09876543210_0000A.xml', base64: b64('<fattura/>'), kind: 'invoice' },
          { fileName: 'IT09876543210_0000A_MT_001.xml', base64: b64('<mt/>'), kind: 'metadata' },
        ],
        cursor: '3',
      },
    });
    const u = await t.fetchUpdates('1');
    expect(seen[0]!.path).toBe('/sdi/v1/updates?sender=IT01234567897&after=1');
    expect(u.cursor).toBe('3');
    expect(u.files.map((f) => [f.fileName, f.kind, f.metadata?.fileName])).toEqual([
      ['IT01234567897_00001_RC_001.xml', 'notification', undefined],
      ['IT09876543210_0000A.xml', 'invoice', 'IT09876543210_0000A_MT_001.xml'],
    ]);
  });

  it('an unreachable sandbox: health says so in Italian, sends are retried later', async () => {
    const t = createSandboxTransmitter({ baseUrl: url, sender: 'IT01234567897' });
    await new Promise<void>((r) => server.close(() => r()));
    expect(await t.health()).toMatchObject({ ok: false, message: 'Sandbox SdI non raggiungibile: connessione rifiutata.' });
    expect((await t.send([file]))[0]).toMatchObject({ status: 'retry', error: { code: 'RETE_NON_DISPONIBILE' } });
    server.listen(0, '127.0.0.1'); // afterEach closes it
  });

  it('unpaired metadata stays a file of its own', () => {
    const only = pairMetadata([{ fileName: 'IT1_00001_MT_001.xml', bytes: new Uint8Array(1), kind: 'metadata' }]);
    expect(only.map((f) => f.kind)).toEqual(['metadata']);
  });
});

describe('channel settings', () => {
  it('normalizes URLs, refuses secret-looking settings and unknown keys', () => {
    expect(validateChannelConfig('sandbox', { url: ' http://127.0.0.1:8765/ ' })).toEqual({ url: 'http://127.0.0.1:8765' });
    expect(validateChannelConfig('sandbox', { url: '' })).toEqual({});
    expect(() => validateChannelConfig('intermediary', { apiKey: 'x' })).toThrow(/segreto/);
    expect(() => validateChannelConfig('intermediary', { token: 'x' })).toThrow(/segreto/);
    expect(() => validateChannelConfig('manual', { url: 'http://x' })).toThrow(/non ha l’impostazione/);
    expect(() => validateChannelConfig('sandbox', { url: 'ftp://x' })).toThrow(/http o https/);
    expect(() => validateChannelConfig('boh', {})).toThrow(/sconosciuto/);
  });

  it('builds each channel, asking for what is missing in Italian', () => {
    expect(secretAccount('intermediary', 'IT01234567897')).toBe('intermediary-IT01234567897');
    expect(createTransmitter('manual', { config: {}, sender: 'IT1' }).capabilities().manualUpload).toBe(true);
    expect(createTransmitter('sandbox', { config: {}, sender: 'IT1', localSandboxUrl: url }).id).toBe('sandbox');
    expect(() => createTransmitter('intermediary', { config: {}, sender: 'IT1' })).toThrow(/Manca la chiave API/);
    expect(() => createTransmitter('pec', { config: {}, sender: 'IT1' })).toThrow(/Indirizzo PEC non valido/);
    expect(() => createTransmitter('sandbox', { config: {}, sender: 'IT1' })).toThrow(/sandbox SdI integrata non è disponibile/);
  });
});
