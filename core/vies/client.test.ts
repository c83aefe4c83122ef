import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { checkVat, interpretViesAnswer, normalizeViesInput } from './client';

interface Received {
  method?: string;
  url?: string;
  contentType?: string;
  body: unknown;
}

/** A local stand-in for VIES: answers by VAT number the way the real service does (valid, invalid, errors, slowness). */
function viesLikeServer(received: Received[]): Server {
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      let body: { countryCode?: string; vatNumber?: string } = {};
      try {
        body = JSON.parse(raw);
      } catch {
        /* recorded as is below */
      }
      received.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body: raw ? body : undefined });
      switch (body.vatNumber) {
        case '01234567890':
          return json(res, 200, {
            countryCode: 'IT',
            vatNumber: '01234567890',
            requestDate: '2026-11-23T10:15:00.000Z',
            valid: true,
            requestIdentifier: '',
            name: 'OFFICINE MECCANICHE FERRARESI S.R.L.',
            address: 'VIA DELL INDUSTRIA 12/B \n44121 FERRARA FE\n',
            traderName: '---',
          });
        case '09876543210': // member state that discloses nothing
          return json(res, 200, { countryCode: 'IT', vatNumber: '09876543210', valid: true, name: '---', address: '---' });
        case '11111111111':
          return json(res, 200, { countryCode: 'IT', vatNumber: '11111111111', valid: false, name: '---', address: '---' });
        case '22222222222':
          res.writeHead(500, { 'Content-Type': 'text/html' });
          return res.end('<html><body>Internal Server Error</body></html>');
        case '23232323232':
          return json(res, 503, { actionSucceed: false, errorWrappers: [{ error: 'SERVICE_UNAVAILABLE', message: 'try later' }] });
        case '33333333333': // never answers in time
          setTimeout(() => json(res, 200, { valid: true }), 5_000).unref();
          return;
        case '34343434343': // headers at once, then the body never completes
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write('{"valid": ');
          return;
        case '44444444444':
          res.writeHead(200, { 'Content-Type': 'application/json' });
          return res.end('{"valid": tru');
        case '55555555555':
          return json(res, 200, { actionSucceed: false, errorWrappers: [{ error: 'MS_UNAVAILABLE' }] });
        case '66666666666':
          return json(res, 200, { isValid: false, userError: 'MS_MAX_CONCURRENT_REQ', name: '---', address: '---' });
        case '77777777777':
          return json(res, 400, { actionSucceed: false, errorWrappers: [{ error: 'INVALID_INPUT' }] });
        default:
          return json(res, 404, { error: 'unexpected test number' });
      }
    });
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('checkVat against a local VIES-like server', () => {
  const received: Received[] = [];
  const server = viesLikeServer(received);
  let baseUrl = '';

  beforeAll(async () => {
    baseUrl = `${await listen(server)}/taxation_customs/vies/rest-api/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('valid: posts the number as JSON and returns name and parsed address', async () => {
    const r = await checkVat('it', 'IT 012.345.678-90', { baseUrl });
    expect(received.at(-1)).toEqual({
      method: 'POST',
      url: '/taxation_customs/vies/rest-api/check-vat-number',
      contentType: 'application/json',
      body: { countryCode: 'IT', vatNumber: '01234567890' },
    });
    expect(r).toEqual({
      status: 'valid',
      countryCode: 'IT',
      vatNumber: '01234567890',
      name: 'OFFICINE MECCANICHE FERRARESI S.R.L.',
      rawAddress: 'VIA DELL INDUSTRIA 12/B \n44121 FERRARA FE\n',
      address: {
        indirizzo: 'VIA DELL INDUSTRIA',
        numeroCivico: '12/B',
        cap: '44121',
        comune: 'FERRARA',
        provincia: 'FE',
        nazione: 'IT',
        raw: 'VIA DELL INDUSTRIA 12/B \n44121 FERRARA FE\n',
      },
      requestDate: '2026-11-23T10:15:00.000Z',
    });
  });

  it('valid without disclosed data: no name, no address', async () => {
    const r = await checkVat('IT', '09876543210', { baseUrl });
    expect(r).toEqual({ status: 'valid', countryCode: 'IT', vatNumber: '09876543210' });
  });

  it('invalid', async () => {
    expect(await checkVat('IT', '11111111111', { baseUrl })).toEqual({ status: 'invalid', countryCode: 'IT', vatNumber: '11111111111' });
  });

  it('INVALID_INPUT from VIES is an invalid number, not an outage', async () => {
    expect((await checkVat('IT', '77777777777', { baseUrl })).status).toBe('invalid');
  });

  it('HTTP 500 with an HTML page: service down', async () => {
    const r = await checkVat('IT', '22222222222', { baseUrl });
    expect(r).toMatchObject({ status: 'unavailable', reason: 'service_down', detail: 'HTTP 500, risposta non JSON' });
    if (r.status === 'unavailable') expect(r.message).toContain('Il servizio VIES della Commissione europea non è disponibile');
  });

  it('HTTP 503 with a VIES error body: service down with its code', async () => {
    expect(await checkVat('IT', '23232323232', { baseUrl })).toMatchObject({ status: 'unavailable', reason: 'service_down', detail: 'SERVICE_UNAVAILABLE' });
  });

  it('no answer within the timeout', async () => {
    const r = await checkVat('IT', '33333333333', { baseUrl, timeoutMs: 300 });
    expect(r).toMatchObject({ status: 'unavailable', reason: 'timeout' });
    if (r.status === 'unavailable') expect(r.message).toMatch(/^VIES non ha risposto entro/);
  });

  it('a body that never completes also times out', async () => {
    expect(await checkVat('IT', '34343434343', { baseUrl, timeoutMs: 300 })).toMatchObject({ status: 'unavailable', reason: 'timeout' });
  });

  it('malformed JSON: service down, never "invalid"', async () => {
    expect(await checkVat('IT', '44444444444', { baseUrl })).toMatchObject({ status: 'unavailable', reason: 'service_down' });
  });

  it('member state registry down (errorWrappers with HTTP 200, and the userError form)', async () => {
    const a = await checkVat('IT', '55555555555', { baseUrl });
    expect(a).toMatchObject({ status: 'unavailable', reason: 'member_state_unavailable', detail: 'MS_UNAVAILABLE' });
    if (a.status === 'unavailable') expect(a.message).toContain('(IT)');
    expect(await checkVat('IT', '66666666666', { baseUrl })).toMatchObject({ reason: 'member_state_unavailable', detail: 'MS_MAX_CONCURRENT_REQ' });
  });

  it('nothing listening: offline, with the message that invites to go on by hand', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((r) => closed.close(r));
    const r = await checkVat('IT', '01234567890', { baseUrl: url });
    expect(r).toEqual({
      status: 'unavailable',
      reason: 'offline',
      message: 'VIES non raggiungibile: sei offline? Puoi continuare e compilare i dati a mano.',
    });
  });
});

describe('checkVat with an injected fetch', () => {
  it('uses the fetch it is given and the official endpoint by default', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response(JSON.stringify({ valid: true, name: 'ACME SRL', address: 'VIA ROMA 1\n00100 ROMA RM' }), { status: 200 });
    }) as typeof fetch;
    const r = await checkVat('IT', '01234567890', { fetch: fakeFetch });
    expect(calls).toEqual(['https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number']);
    expect(r).toMatchObject({ status: 'valid', name: 'ACME SRL', address: { comune: 'ROMA', provincia: 'RM' } });
  });

  it('a fetch that rejects (no network) is "offline"', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await checkVat('DE', '811907980', { fetch: failing })).toMatchObject({ status: 'unavailable', reason: 'offline' });
  });
});

describe('input checks', () => {
  it('normalises what the user typed', () => {
    expect(normalizeViesInput(' it ', 'IT 01234 567 890')).toEqual({ countryCode: 'IT', vatNumber: '01234567890' });
    expect(normalizeViesInput('GR', 'EL-094259216')).toEqual({ countryCode: 'EL', vatNumber: '094259216' });
    expect(normalizeViesInput('NL', 'NL8192.49.424.B01')).toEqual({ countryCode: 'NL', vatNumber: '819249424B01' });
  });

  it('refuses a non-EU country and an empty or malformed number with clear errors', async () => {
    await expect(checkVat('US', '123456789')).rejects.toMatchObject({ code: 'VIES_PAESE_NON_UE', field: 'idPaese' });
    await expect(checkVat('IT', '')).rejects.toMatchObject({ code: 'VIES_PARTITA_IVA_NON_VALIDA', field: 'partitaIva' });
    await expect(checkVat('IT', '0123456789012345')).rejects.toBeInstanceOf(AppError);
    await expect(checkVat('IT', 'ABC€')).rejects.toMatchObject({ code: 'VIES_PARTITA_IVA_NON_VALIDA' });
  });
});

describe('interpretViesAnswer', () => {
  it('reads the GET form of the API too (isValid / userError)', () => {
    expect(interpretViesAnswer({ isValid: true, userError: 'VALID', name: 'X SRL', address: '---' }, 'IT', '1')).toEqual({
      status: 'valid', countryCode: 'IT', vatNumber: '1', name: 'X SRL',
    });
    expect(interpretViesAnswer({ isValid: false, userError: 'INVALID' }, 'IT', '1').status).toBe('invalid');
  });

  it('keeps the raw address when it cannot be read, and trims the name', () => {
    const r = interpretViesAnswer({ valid: true, name: '  ACME   SRL ', address: 'INDIRIZZO SCONOSCIUTO' }, 'IT', '1');
    expect(r).toEqual({ status: 'valid', countryCode: 'IT', vatNumber: '1', name: 'ACME SRL', rawAddress: 'INDIRIZZO SCONOSCIUTO' });
  });

  it('an answer without a verdict is never read as "invalid"', () => {
    for (const body of [{}, [], null, 'text', { actionSucceed: false }, { valid: 'yes' }]) {
      expect(interpretViesAnswer(body, 'IT', '1')).toMatchObject({ status: 'unavailable', reason: 'service_down' });
    }
  });

  it('VIES errors about the member state vs about VIES itself', () => {
    for (const code of ['MS_UNAVAILABLE', 'MS_MAX_CONCURRENT_REQ', 'MS_MAX_CONCURRENT_REQ_TIME', 'TIMEOUT']) {
      expect(interpretViesAnswer({ actionSucceed: false, errorWrappers: [{ error: code }] }, 'FR', '1')).toMatchObject({ reason: 'member_state_unavailable' });
    }
    for (const code of ['SERVICE_UNAVAILABLE', 'GLOBAL_MAX_CONCURRENT_REQ', 'IP_BLOCKED', 'VAT_BLOCKED', 'INVALID_REQUESTER_INFO']) {
      expect(interpretViesAnswer({ actionSucceed: false, errorWrappers: [{ error: code }] }, 'FR', '1')).toMatchObject({ reason: 'service_down', detail: code });
    }
  });
});
