/**
 * The TrasmissioneFatture endpoint (host/transmitters/sdicoop-endpoint.ts) called as the SdI calls it: by PHP's
 * SoapClient built from the official WSDL (../shared/peers/sdicoop-php/notify.php) with a client certificate made here,
 * for each of the six notification operations; then read back by the SDICoop transmitter from the endpoint's folder and
 * applied by the outbox. Also: an MTOM call, a repeated call, certificates that must be refused, and the CLI.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDocument } from '../../core/invoicing/services/drafts';
import { closeTestCompanies } from '../../core/invoicing/services/test-support';
import { fetchSdiUpdates } from '../../core/sdi/outbox/fetch';
import { sendOutbox } from '../../core/sdi/outbox/send';
import { notificationFile, queuedCompany } from '../../core/sdi/outbox/testing';
import { createSdicoopTransmitter, readSdicoopConfig } from '../../core/sdi/transmitters/sdicoop';
import { trasmissioneSoapAction } from '../../core/sdi/transmitters/soap';
import { sharedFile } from '../../core/testing/shared-files';
import { createNodeSdicoopDriver } from './sdicoop-driver';
import { runSdicoopEndpointCli, startSdicoopEndpoint, type SdicoopEndpoint } from './sdicoop-endpoint';
import { makeTestPki, type TestPki } from './testing/certs';
import { run } from './testing/processes';
import { PEERS_DIR, sdicoopPeerMissing, startPhpPeer, startStunnel, type PhpPeer, type TlsFront } from './testing/sdicoop-peer';

const missing = sdicoopPeerMissing();
const describePeer = missing ? describe.skip : describe;
const suffix = missing ? ` (saltato: ${missing})` : '';

let dir: string;
let pki: TestPki;
let endpoint: SdicoopEndpoint;
let folder: string;
let logs: string[] = [];

beforeAll(() => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-endpoint-'));
  pki = makeTestPki(dir);
});
afterAll(() => {
  if (missing) return;
  closeTestCompanies();
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;
beforeEach(async () => {
  if (missing) return;
  folder = join(dir, `notifiche-${++n}`);
  logs = [];
  endpoint = await startSdicoopEndpoint({ port: 0, host: '127.0.0.1', dir: folder, cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), ca: readFileSync(pki.caCert), log: (l) => logs.push(l) });
});
afterEach(async () => {
  if (missing) return;
  await endpoint.close();
});

/** notify.php ENDPOINT_URL OPERATION ID NOMEFILE FILE [CERT]: the SdI's call. */
const notify = (op: string, id: string, name: string, file: string, cert: string | null = pki.clientCombined) =>
  run('php', [join(PEERS_DIR!, 'notify.php'), endpoint.url, op, id, name, file, ...(cert ? [cert] : [])], { timeoutMs: 30_000 });

const EXAMPLES: [string, string][] = [
  ['RicevutaConsegna', 'RC'],
  ['NotificaMancataConsegna', 'MC'],
  ['NotificaScarto', 'NS'],
  ['NotificaEsito', 'NE'],
  ['NotificaDecorrenzaTermini', 'DT'],
  ['AttestazioneTrasmissioneFattura', 'AT'],
];

function transmitterFor(endpointDir: string) {
  const config = { ...readSdicoopConfig({ url: 'https://127.0.0.1:9/ricevi_file', certFile: pki.clientP12 }), endpointDir };
  return createSdicoopTransmitter({ config, driver: createNodeSdicoopDriver(config, pki.clientP12Password) });
}

describePeer(`SDICoop TrasmissioneFatture endpoint called by PHP's SoapClient${suffix}`, () => {
  it('takes each of the six operations with the official example files, byte for byte, and the transmitter reads them back', async () => {
    for (const [op, kind] of EXAMPLES) {
      const name = `IT01234567890_11111_${kind}_001.xml`;
      const r = await notify(op, '11111', name, sharedFile(`messaggi/examples/${name}`));
      expect(r.code, r.stderr).toBe(0);
    }
    expect(endpoint.received.map((x) => x.operation)).toEqual(EXAMPLES.map(([op]) => op));
    expect(endpoint.received.every((x) => x.written && x.sdiId === '11111')).toBe(true);
    const t = transmitterFor(folder);
    const u = await t.fetchUpdates(undefined);
    expect(u.files.map((f) => f.fileName)).toEqual(EXAMPLES.map(([, k]) => `IT01234567890_11111_${k}_001.xml`));
    for (const f of u.files) expect(Buffer.from(f.bytes).equals(readFileSync(sharedFile(`messaggi/examples/${f.fileName}`)))).toBe(true);
    expect(await t.fetchUpdates(u.cursor)).toEqual({ files: [] });
  });

  it('round trip: send through SdIRiceviFile, the SdI calls RicevutaConsegna, «Aggiorna stati» delivers the document', async () => {
    const peerDir = join(dir, 'peer-roundtrip');
    const peer: PhpPeer = await startPhpPeer(peerDir);
    const front: TlsFront = await startStunnel(peerDir, pki, [peer.port]);
    try {
      const f = queuedCompany(1);
      const config = { ...readSdicoopConfig({ url: `https://127.0.0.1:${front.ports[0]}/ricevi_file`, certFile: pki.clientP12, caFile: pki.caCert }), endpointDir: folder };
      const t = createSdicoopTransmitter({ config, driver: createNodeSdicoopDriver(config, pki.clientP12Password) });
      expect(await sendOutbox(f.store, { transmitter: t })).toMatchObject({ transmitted: 1 });
      const sdiId = getDocument(f.store, f.documentIds[0]!).sdiId!;
      const rc = notificationFile({ kind: 'RC', sdiId, invoiceFileName: f.fileNames[0]! });
      const rcPath = join(dir, rc.fileName);
      writeFileSync(rcPath, rc.bytes);
      expect((await notify('RicevutaConsegna', sdiId, rc.fileName, rcPath)).code).toBe(0);
      const r = await fetchSdiUpdates(f.store, t);
      expect(r).toMatchObject({ notifications: 1, statusChanges: 1 });
      expect(getDocument(f.store, f.documentIds[0]!).status).toBe('delivered');
      // A crash after the send: the notification in the folder proves the file arrived.
      expect(await t.lookup(f.fileNames[0]!)).toMatchObject({ status: 'accepted' });
    } finally {
      await front.child.stop();
      await peer.child.stop();
    }
  });

  it('refuses callers without a certificate or with one from another CA: nothing is written', async () => {
    const file = sharedFile('messaggi/examples/IT01234567890_11111_NS_001.xml');
    const none = await notify('NotificaScarto', '11111', 'IT01234567890_11111_NS_001.xml', file, null);
    expect(none.code).toBe(1);
    // (Here notify.php's exit code cannot tell: PHP's SoapClient does not read the answer of a one-way operation.)
    await notify('NotificaScarto', '11111', 'IT01234567890_11111_NS_001.xml', file, pki.intruderCombined);
    expect(endpoint.received, logs.join('\n')).toEqual([]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a call repeated by the SdI is answered but written once; an MTOM call with xop:Include is read; a bad one gets a SOAP fault', async () => {
    const file = sharedFile('messaggi/examples/IT01234567890_11111_RC_001.xml');
    await notify('RicevutaConsegna', '11111', 'IT01234567890_11111_RC_001.xml', file);
    await notify('RicevutaConsegna', '11111', 'IT01234567890_11111_RC_001.xml', file);
    expect(endpoint.received.map((r) => r.written)).toEqual([true, false]);
    const b = 'uuid:b1';
    const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns2:notificaEsito xmlns:ns2="http://www.fatturapa.gov.it/sdi/ws/trasmissione/v1.0/types"><IdentificativoSdI>11111</IdentificativoSdI><NomeFile>IT01234567890_11111_NE_001.xml</NomeFile><File><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:f1@cxf"/></File></ns2:notificaEsito></soap:Body></soap:Envelope>`;
    const ne = readFileSync(sharedFile('messaggi/examples/IT01234567890_11111_NE_001.xml'));
    const body = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-ID: <root@cxf>\r\n\r\n${xml}\r\n--${b}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <f1@cxf>\r\n\r\n`),
      ne,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    const mtomAnswer = await post(body, `multipart/related; type="application/xop+xml"; boundary="${b}"; start="<root@cxf>"; start-info="text/xml"`, trasmissioneSoapAction('NotificaEsito'));
    expect(mtomAnswer.status).toBe(200);
    const stored = readdirSync(folder).find((x) => x.endsWith('IT01234567890_11111_NE_001.xml'))!;
    expect(readFileSync(join(folder, stored)).equals(ne)).toBe(true);
    const bad = await post(Buffer.from('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x/></soap:Body></soap:Envelope>'), 'text/xml', '');
    expect(bad.status).toBe(500);
    expect(bad.body).toContain('<faultcode>soapenv:Client</faultcode>');
  });

  it('the CLI starts it, prints its address and stops cleanly; bad arguments exit with 2', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const ac = new AbortController();
    const running = runSdicoopEndpointCli(['--port', '0', '--host', '127.0.0.1', '--dir', join(dir, 'cli'), '--cert', pki.serverCert, '--key', pki.serverKey, '--ca', pki.caCert], {
      out: (l) => {
        out.push(l);
        ac.abort();
      },
      err: (l) => err.push(l),
      signal: ac.signal,
    });
    expect(await running).toBe(0);
    expect(out[0]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(err.at(-1)).toBe('Endpoint SDICoop fermato.');
    const e2: string[] = [];
    expect(await runSdicoopEndpointCli(['--port', '8443'], { out: () => undefined, err: (l) => e2.push(l) })).toBe(2);
    expect(e2[0]).toMatch(/Manca --dir/);
  });
});

function post(body: Buffer, contentType: string, soapAction: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      endpoint.url,
      { method: 'POST', headers: { 'content-type': contentType, soapaction: soapAction }, cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey), ca: readFileSync(pki.caCert) },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
