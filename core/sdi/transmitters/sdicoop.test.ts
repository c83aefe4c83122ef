import { describe, expect, it } from 'vitest';
import { createSdicoopTransmitter, readSdicoopConfig, SdicoopChannelError, type SdicoopDriver, type SdicoopHttpAnswer } from './sdicoop';
import { soapFault } from './soap';
import { createTransmitter, validateChannelConfig } from './index';

const enc = (s: string) => new TextEncoder().encode(s);
const answer = (inner: string) =>
  enc(`<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><t:rispostaSdIRiceviFile xmlns:t="x">${inner}</t:rispostaSdIRiceviFile></S:Body></S:Envelope>`);

function driver(reply: (body: string) => SdicoopHttpAnswer | Error): SdicoopDriver & { requests: { method: string; url: string; headers?: Record<string, string>; body?: string }[] } {
  const requests: { method: string; url: string; headers?: Record<string, string>; body?: string }[] = [];
  return {
    requests,
    async request(r) {
      const body = r.body ? new TextDecoder().decode(r.body) : undefined;
      requests.push({ method: r.method, url: r.url, ...(r.headers ? { headers: r.headers } : {}), ...(body !== undefined ? { body } : {}) });
      const out = reply(body ?? '');
      if (out instanceof Error) throw out;
      return out;
    },
  };
}

const CONFIG = readSdicoopConfig({ url: 'https://servizi.fatturapa.it/ricevi_file', certFile: '/certificati/sdicoop.p12' });
const FILE = { fileName: 'IT01234567897_00001.xml', bytes: enc('<a/>'), itemId: 1 };

describe('SDICoop settings', () => {
  it('requires https (http only towards this computer) and a certificate; checks the timeout', () => {
    expect(() => readSdicoopConfig({ url: 'http://servizi.fatturapa.it/ricevi_file', certFile: 'a.p12' })).toThrow(/richiede https/);
    expect(readSdicoopConfig({ url: 'http://127.0.0.1:8731/', certFile: 'a.p12' }).url).toBe('http://127.0.0.1:8731/');
    expect(() => readSdicoopConfig({ url: 'https://x.it/', certFile: '' })).toThrow(/certificato client/);
    expect(() => readSdicoopConfig({ url: 'https://x.it/', certFile: 'a.p12', timeoutSeconds: '0' })).toThrow(/Tempo massimo/);
    // privateKeyFile is a declared setting (a path), not a secret; a password-looking key still is refused.
    expect(validateChannelConfig('sdicoop', { url: 'https://x.it/', certFile: 'c.pem', privateKeyFile: 'k.pem' })).toMatchObject({ privateKeyFile: 'k.pem' });
    expect(() => validateChannelConfig('sdicoop', { url: 'https://x.it/', certFile: 'c.pem', password: 'x' })).toThrow(/sembra un segreto/);
    expect(() => createTransmitter('sdicoop', { config: { url: 'https://x.it/', certFile: 'c.p12' }, sender: 'IT1' })).toThrow(/non è disponibile in questo ambiente/);
  });
});

describe('SDICoop transmitter (fake driver)', () => {
  it('posts the SOAP request with its SOAPAction and takes the IdentificativoSdI', async () => {
    const d = driver(() => ({ status: 200, contentType: 'text/xml', body: answer('<IdentificativoSdI>777</IdentificativoSdI><DataOraRicezione>2026-01-01T10:00:00+01:00</DataOraRicezione>') }));
    const t = createSdicoopTransmitter({ config: CONFIG, driver: d });
    expect(await t.send([FILE])).toEqual([{ fileName: FILE.fileName, status: 'accepted', sdiId: '777', receivedAt: '2026-01-01T10:00:00+01:00' }]);
    expect(d.requests[0]).toMatchObject({ method: 'POST', url: CONFIG.url, headers: { soapaction: '"http://www.fatturapa.it/SdIRiceviFile/RiceviFile"' } });
    expect(d.requests[0]!.body).toContain('<NomeFile>IT01234567897_00001.xml</NomeFile><File>PGEvPg==</File>');
  });

  it('maps EI01/EI03 to refusals and EI02 to a retry, in Italian', async () => {
    for (const [code, status, text] of [['EI01', 'refused', 'file vuoto'], ['EI02', 'retry', 'servizio non disponibile'], ['EI03', 'refused', 'utente non abilitato']] as const) {
      const t = createSdicoopTransmitter({ config: CONFIG, driver: driver(() => ({ status: 200, contentType: 'text/xml', body: answer(`<IdentificativoSdI>0</IdentificativoSdI><DataOraRicezione>x</DataOraRicezione><Errore>${code}</Errore>`) })) });
      expect((await t.send([FILE]))[0]).toMatchObject({ status, error: { code, message: expect.stringContaining(text) } });
    }
  });

  it('SOAP faults: Server -> retry, Client -> refused; HTTP 5xx without SOAP -> retry; 404 -> refused; channel errors as classified', async () => {
    const once = (a: SdicoopHttpAnswer | Error) => createSdicoopTransmitter({ config: CONFIG, driver: driver(() => a) });
    expect((await once({ status: 500, contentType: 'text/xml', body: enc(soapFault('Server', 'guasto')) }).send([FILE]))[0]).toMatchObject({ status: 'retry', error: { code: 'SOAP_FAULT', message: expect.stringContaining('guasto') } });
    expect((await once({ status: 500, contentType: 'text/xml', body: enc(soapFault('Client', 'richiesta errata')) }).send([FILE]))[0]).toMatchObject({ status: 'refused' });
    expect((await once({ status: 503, contentType: 'text/html', body: enc('<html>down</html>') }).send([FILE]))[0]).toMatchObject({ status: 'retry', error: { code: 'HTTP_503' } });
    expect((await once({ status: 404, contentType: 'text/html', body: enc('not found') }).send([FILE]))[0]).toMatchObject({ status: 'refused', error: { code: 'HTTP_404' } });
    expect((await once(new SdicoopChannelError('TIMEOUT', 'il servizio non ha risposto entro 60 secondi', true)).send([FILE]))[0]).toMatchObject({ status: 'retry', error: { code: 'SDICOOP_TIMEOUT' } });
    expect((await once(new SdicoopChannelError('CLIENT_CERT', 'il servizio ha rifiutato il certificato client', false)).send([FILE]))[0]).toMatchObject({ status: 'refused', error: { code: 'SDICOOP_CLIENT_CERT', fix: expect.stringContaining('certificato client') } });
  });

  it('health asks for the WSDL; updates come from the endpoint folder when one is set', async () => {
    const d = driver(() => ({ status: 200, contentType: 'text/xml', body: enc('<wsdl:definitions/>') }));
    const t = createSdicoopTransmitter({ config: CONFIG, driver: d });
    expect(await t.health()).toMatchObject({ ok: true, message: expect.stringContaining('certificato client riuscita') });
    expect(d.requests[0]).toMatchObject({ method: 'GET', url: `${CONFIG.url}?wsdl` });
    expect(t.capabilities().fetchesUpdates).toBe(false);
    expect(await t.fetchUpdates(undefined)).toEqual({ files: [] });
    const withFolder = createSdicoopTransmitter({
      config: { ...CONFIG, endpointDir: '/srv/notifiche' },
      driver: { ...d, readNotifications: async () => ({ files: [{ fileName: 'IT01234567897_00001_RC_001.xml', bytes: enc('<x/>'), kind: 'notification' }], cursor: '1' }), hasNotificationFor: async (b) => b === 'IT01234567897_00001' },
    });
    expect(withFolder.capabilities().fetchesUpdates).toBe(true);
    expect(await withFolder.fetchUpdates(undefined)).toMatchObject({ cursor: '1', files: [{ fileName: 'IT01234567897_00001_RC_001.xml' }] });
    expect(await withFolder.lookup('IT01234567897_00001.xml')).toEqual({ fileName: 'IT01234567897_00001.xml', status: 'accepted' });
    expect(await withFolder.lookup('IT01234567897_00002.xml')).toBeUndefined();
  });
});
