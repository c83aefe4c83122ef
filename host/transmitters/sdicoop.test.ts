/**
 * The SDICoop client against a peer that is not ours: ../shared/peers/sdicoop-php (PHP's SoapServer built from the
 * official SdIRiceviFile WSDL), behind stunnel4 requiring a client certificate made here with openssl. Three peers:
 * plain SOAP answers, MTOM answers (as the real SdI), and slow answers (for the timeout).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from '../../core/invoicing/services/drafts';
import { closeTestCompanies } from '../../core/invoicing/services/test-support';
import { sendOutbox } from '../../core/sdi/outbox/send';
import { queuedCompany } from '../../core/sdi/outbox/testing';
import { createSdicoopTransmitter, readSdicoopConfig, type SdicoopConfig } from '../../core/sdi/transmitters/sdicoop';
import { createNodeSdicoopDriver } from './sdicoop-driver';
import { makeTestPki, type TestPki } from './testing/certs';
import { sdicoopPeerMissing, startPhpPeer, startStunnel, type PhpPeer, type TlsFront } from './testing/sdicoop-peer';

const missing = sdicoopPeerMissing();
const describePeer = missing ? describe.skip : describe;
const suffix = missing ? ` (saltato: ${missing})` : '';

let dir: string;
let pki: TestPki;
let plain: PhpPeer;
let mtom: PhpPeer;
let slow: PhpPeer;
let tls: TlsFront;

beforeAll(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-sdicoop-'));
  pki = makeTestPki(dir);
  plain = await startPhpPeer(join(dir, 'plain'));
  mtom = await startPhpPeer(join(dir, 'mtom'), { PEER_MTOM: '1' });
  slow = await startPhpPeer(join(dir, 'slow'), { PEER_DELAY_MS: '4000' });
  tls = await startStunnel(dir, pki, [plain.port, mtom.port, slow.port]);
});
afterAll(async () => {
  if (missing) return;
  await tls.child.stop();
  await Promise.all([plain.child.stop(), mtom.child.stop(), slow.child.stop()]);
  closeTestCompanies();
  rmSync(dir, { recursive: true, force: true });
});

const enc = (s: string) => new TextEncoder().encode(s);
const url = (i: number) => `https://127.0.0.1:${tls.ports[i]}/ricevi_file`;

function transmitter(i: number, over: Partial<SdicoopConfig> = {}, password: string | undefined = pki.clientP12Password, timeoutMs?: number) {
  const config = readSdicoopConfig({ url: url(i), certFile: pki.clientP12, caFile: pki.caCert });
  const c = { ...config, ...over };
  return createSdicoopTransmitter({ config: c, driver: createNodeSdicoopDriver(c, password), ...(timeoutMs ? { timeoutMs } : {}) });
}

describePeer(`SDICoop client against the PHP SoapServer peer, over mutual TLS${suffix}`, () => {
  it('sends the outbox: each file once, its IdentificativoSdI recorded, the bytes intact', async () => {
    const f = queuedCompany(3);
    const t = transmitter(0);
    const r = await sendOutbox(f.store, { transmitter: t });
    expect(r).toMatchObject({ transmitted: 3, failed: 0, retrying: 0 });
    const received = plain.received();
    expect(received.map((x) => x.fileName)).toEqual(f.fileNames);
    for (const [i, id] of f.documentIds.entries()) {
      const doc = getDocument(f.store, id);
      expect(doc.status).toBe('transmitted');
      expect(doc.sdiId).toBe(received[i]!.id);
      expect(createHash('sha256').update(f.store.documents.getXml(id)!).digest('hex')).toBe(received[i]!.sha256);
    }
    // The same file again: the peer answers with the same id (duplicate), which is not a failure.
    expect((await t.send([{ fileName: f.fileNames[0]!, bytes: f.store.documents.getXml(f.documentIds[0]!)!, itemId: 1 }]))[0]).toMatchObject({ status: 'accepted', sdiId: received[0]!.id });
    expect(plain.received()).toHaveLength(3);
  });

  it('a PEM certificate with its key in a separate file works as well as PKCS#12', async () => {
    const t = transmitter(0, { certFile: pki.clientCert, privateKeyFile: pki.clientKey }, undefined);
    expect((await t.send([{ fileName: 'IT01234567897_PEM01.xml', bytes: enc('<a/>'), itemId: 1 }]))[0]).toMatchObject({ status: 'accepted', sdiId: expect.stringMatching(/^\d+$/) });
  });

  it('EI01 (empty file), EI02 (service unavailable: retry) and EI03 (user not enabled) in Italian', async () => {
    const t = transmitter(0);
    const [ei01] = await t.send([{ fileName: 'IT01234567897_VUOTO.xml', bytes: new Uint8Array(0), itemId: 1 }]);
    expect(ei01).toMatchObject({ status: 'refused', error: { code: 'EI01', message: expect.stringContaining('file vuoto') } });
    const [ei02] = await t.send([{ fileName: 'IT01234567897_EI02.xml', bytes: enc('<a/>'), itemId: 1 }]);
    expect(ei02).toMatchObject({ status: 'retry', error: { code: 'EI02', message: expect.stringContaining('servizio non disponibile') } });
    const [ei03] = await t.send([{ fileName: 'IT01234567897_EI03.xml', bytes: enc('<a/>'), itemId: 1 }]);
    expect(ei03).toMatchObject({ status: 'refused', error: { code: 'EI03', message: expect.stringContaining('utente non abilitato'), fix: expect.stringContaining('accreditamento') } });
  });

  it('reads the MTOM (multipart/related, XOP) answer as the real SdI sends it', async () => {
    const t = transmitter(1);
    const [r] = await t.send([{ fileName: 'IT01234567897_MTOM1.xml', bytes: enc('<a/>'), itemId: 1 }]);
    expect(r).toMatchObject({ status: 'accepted', sdiId: mtom.received()[0]!.id, receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const [e] = await t.send([{ fileName: 'IT01234567897_EI03.xml', bytes: enc('<a/>'), itemId: 1 }]);
    expect(e).toMatchObject({ status: 'refused', error: { code: 'EI03' } });
  });

  it('a client certificate from another CA: «Prova connessione» and the send say so in Italian, and nothing arrives', async () => {
    const before = plain.received().length;
    const t = transmitter(0, { certFile: pki.intruderCombined }, undefined);
    const h = await t.health();
    expect(h.ok).toBe(false);
    expect(h.message).toMatch(/^SDICoop: il servizio ha rifiutato il certificato client/);
    const [r] = await t.send([{ fileName: 'IT01234567897_INTRU.xml', bytes: enc('<a/>'), itemId: 1 }]);
    expect(r).toMatchObject({ status: 'refused', error: { code: 'SDICOOP_CLIENT_CERT', fix: expect.stringContaining('certificato client') } });
    expect(plain.received()).toHaveLength(before);
  });

  it('a wrong certificate password and a missing file are named as such', async () => {
    expect((await transmitter(0, {}, 'sbagliata').health()).message).toMatch(/password del certificato errata/);
    expect((await transmitter(0, { certFile: join(dir, 'manca.p12') }).health()).message).toMatch(/File del certificato client non trovato/);
  });

  it('a server certificate not signed by the configured CA is refused before anything is sent', async () => {
    const h = await transmitter(0, { caFile: pki.otherCaCert }).health();
    expect(h).toMatchObject({ ok: false, message: expect.stringContaining('certificato del servizio non attendibile') });
  });

  it('«Prova connessione» succeeds with the right certificate (TLS handshake and the WSDL)', async () => {
    expect(await transmitter(0).health()).toMatchObject({ ok: true, message: expect.stringContaining('connessione TLS con certificato client riuscita') });
  });

  it('a service that does not answer in time: retry later, with an Italian reason', async () => {
    const t = transmitter(2, {}, pki.clientP12Password, 500);
    const [r] = await t.send([{ fileName: 'IT01234567897_LENTO.xml', bytes: enc('<a/>'), itemId: 1 }]);
    expect(r).toMatchObject({ status: 'retry', error: { code: 'SDICOOP_TIMEOUT', message: expect.stringContaining('non ha risposto entro') } });
  });
});
