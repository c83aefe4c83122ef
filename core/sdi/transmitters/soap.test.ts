import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { parseNotificationRequest, parseRiceviFileResponse, riceviFileRequest, soapFault, trasmissioneRequest, readSoapMessage, EMPTY_SOAP_RESPONSE } from './soap';

const enc = (s: string) => new TextEncoder().encode(s);

const ANSWER = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://www.fatturapa.gov.it/sdi/ws/trasmissione/v1.0/types"><SOAP-ENV:Body><ns1:rispostaSdIRiceviFile>${inner}</ns1:rispostaSdIRiceviFile></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

function mtom(xml: string, extra: { id: string; bytes: string }[] = []): { contentType: string; body: Uint8Array } {
  const b = 'uuid:0b2e9c8c-3b23';
  const parts = [
    `--${b}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n${xml}\r\n`,
    ...extra.map((e) => `--${b}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${e.id}>\r\n\r\n${e.bytes}\r\n`),
  ];
  return {
    contentType: `multipart/related; type="application/xop+xml"; boundary="${b}"; start="<root.message@cxf.apache.org>"; start-info="text/xml"`,
    body: enc(`${parts.join('')}--${b}--\r\n`),
  };
}

describe('SdIRiceviFile over SOAP', () => {
  it('builds the document/literal request with unqualified NomeFile and File (base64)', () => {
    const xml = riceviFileRequest('IT01234567897_00001.xml', enc('<a>è</a>'));
    expect(xml).toContain('<typ:fileSdIAccoglienza><NomeFile>IT01234567897_00001.xml</NomeFile><File>PGE+w6g8L2E+</File></typ:fileSdIAccoglienza>');
    expect(xml).toContain('xmlns:typ="http://www.fatturapa.gov.it/sdi/ws/trasmissione/v1.0/types"');
  });

  it('reads a plain answer and the same answer as MTOM', () => {
    const inner = '<IdentificativoSdI>100001</IdentificativoSdI><DataOraRicezione>2026-01-02T10:00:00.000+01:00</DataOraRicezione>';
    expect(parseRiceviFileResponse('text/xml; charset=utf-8', enc(ANSWER(inner)))).toEqual({ kind: 'accepted', sdiId: '100001', receivedAt: '2026-01-02T10:00:00.000+01:00' });
    const m = mtom(ANSWER(inner));
    expect(parseRiceviFileResponse(m.contentType, m.body)).toEqual({ kind: 'accepted', sdiId: '100001', receivedAt: '2026-01-02T10:00:00.000+01:00' });
  });

  it('reads EI01-EI03 and SOAP faults; refuses what is not an answer', () => {
    for (const code of ['EI01', 'EI02', 'EI03']) {
      expect(parseRiceviFileResponse('text/xml', enc(ANSWER(`<IdentificativoSdI>0</IdentificativoSdI><DataOraRicezione>x</DataOraRicezione><Errore>${code}</Errore>`)))).toMatchObject({ kind: 'error', code });
    }
    expect(parseRiceviFileResponse('text/xml', enc(soapFault('Server', 'Errore interno & grave')))).toEqual({ kind: 'fault', fault: { code: 'soapenv:Server', message: 'Errore interno & grave' } });
    expect(() => parseRiceviFileResponse('text/html', enc('<html><body>502 Bad Gateway</body></html>'))).toThrow(/manca Envelope/);
    expect(() => parseRiceviFileResponse('text/plain', enc('Service Unavailable'))).toThrow(/Risposta non SOAP/);
    expect(() => parseRiceviFileResponse('text/xml', enc(ANSWER('<IdentificativoSdI>abc</IdentificativoSdI>')))).toThrow(/IdentificativoSdI non valido/);
    expect(() => parseRiceviFileResponse('text/xml', enc(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${ANSWER('<IdentificativoSdI>&e;</IdentificativoSdI>')}`))).toThrow(AppError);
  });
});

describe('TrasmissioneFatture requests (the SdI calling the endpoint)', () => {
  it('reads each operation with inline base64', () => {
    const r = parseNotificationRequest('text/xml', enc(trasmissioneRequest('NotificaScarto', '123', 'IT01234567897_00001_NS_001.xml', enc('<NotificaScarto/>'))), '"http://www.fatturapa.it/TrasmissioneFatture/NotificaScarto"');
    expect(r).toMatchObject({ operation: 'NotificaScarto', sdiId: '123', fileName: 'IT01234567897_00001_NS_001.xml' });
    expect(new TextDecoder().decode(r.bytes)).toBe('<NotificaScarto/>');
  });

  it('resolves an xop:Include to its MIME part (MTOM)', () => {
    const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns2:ricevutaConsegna xmlns:ns2="http://www.fatturapa.gov.it/sdi/ws/trasmissione/v1.0/types"><IdentificativoSdI>42</IdentificativoSdI><NomeFile>IT01234567897_00001_RC_001.xml</NomeFile><File><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:a1%40cxf.apache.org"/></File></ns2:ricevutaConsegna></soap:Body></soap:Envelope>`;
    const m = mtom(xml, [{ id: 'a1@cxf.apache.org', bytes: '<RicevutaConsegna/>' }]);
    const r = parseNotificationRequest(m.contentType, m.body);
    expect(r.operation).toBe('RicevutaConsegna');
    expect(new TextDecoder().decode(r.bytes)).toBe('<RicevutaConsegna/>');
    expect(readSoapMessage(m.contentType, m.body).mtom).toBe(true);
  });

  it('refuses unknown operations, a mismatching SOAPAction, path-like file names, bad base64 and empty files', () => {
    const req = (name: string, file = 'PGEvPg==') =>
      enc(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:notificaEsito xmlns:t="x"><IdentificativoSdI>1</IdentificativoSdI><NomeFile>${name}</NomeFile><File>${file}</File></t:notificaEsito></s:Body></s:Envelope>`);
    expect(() => parseNotificationRequest('text/xml', enc(EMPTY_SOAP_RESPONSE))).toThrow(/Operazione non prevista/);
    expect(() => parseNotificationRequest('text/xml', req('IT01234567897_00001_NE_001.xml'), 'http://www.fatturapa.it/TrasmissioneFatture/RicevutaConsegna')).toThrow(/SOAPAction/);
    expect(() => parseNotificationRequest('text/xml', req('../../etc/passwd'))).toThrow(/NomeFile non valido/);
    expect(() => parseNotificationRequest('text/xml', req('IT01234567897_00001_NE_001.xml', '%%%'))).toThrow(/base64/);
    expect(() => parseNotificationRequest('text/xml', req('IT01234567897_00001_NE_001.xml', ''))).toThrow(/File vuoto|base64/);
    expect(parseNotificationRequest('text/xml', req('IT01234567897_00001_NE_001.xml'), 'NotificaEsito').operation).toBe('NotificaEsito');
  });
});
