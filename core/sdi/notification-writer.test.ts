import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { loadMessaggiValidator, verifyEnvelopedSignature, type MessaggiValidator } from '../testing/messaggi-validator';
import { describeWithShared } from '../testing/shared-files';
import { MESSAGE_LAYOUTS, type MessageLayout, type SdiNotification } from './messages';
import { base64, writeNotification, type NotificationSigner } from './notification-writer';
import { parseNotification } from './notifications';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
// The schema only wants base64 in X509Certificate; the signature is checked with the public key directly here
// (host/sandbox-sdi tests check it with a real self-signed certificate).
const signer: NotificationSigner = {
  sha256: (d) => createHash('sha256').update(d).digest(),
  signRsaSha256: (d) => sign('sha256', d, privateKey),
  certificateDer: publicKey.export({ type: 'spki', format: 'der' }),
};

const TRICKY = 'Prezzo "errato" & <non> coerente\r\ncon il totale: città, perché';

/** A model with every element of the layout filled (`full`) or only the mandatory ones. */
function sample(layout: MessageLayout, full: boolean): SdiNotification {
  const pa = layout.family === 'pa-v1.1';
  const named = layout.parts.some((p) => 'field' in p && p.field === 'invoiceFileName');
  const n: SdiNotification = { kind: layout.kind, family: layout.family, sdiId: pa ? '123456789012' : 'b2b-0000-ABCD', invoiceFileName: named ? 'IT01234567890_00001.xml' : '' };
  const values: Record<string, string> = {
    receivedAt: '2026-05-04T10:00:00.000+02:00',
    deliveredAt: '2026-05-04T10:00:05Z',
    hash: 'ab'.repeat(32),
    esito: 'EC02',
    description: full ? TRICKY : 'x',
    messageId: pa ? '12345678901234' : 'M'.repeat(36),
    pecMessageId: '<opec.123@pec.fatturapa.it>',
    note: full ? TRICKY : 'nota',
    dataMessaADisposizione: '2026-05-05',
    codiceDestinatario: pa ? 'UFABCD' : 'ABC1234',
    formato: 'FPR12',
    tentativiInvio: '3',
    scarto: 'EN01',
    messageIdCommittente: 'C-1',
  };
  const out = n as unknown as Record<string, unknown>;
  for (const part of layout.parts) {
    if (!full && !part.required) continue;
    if ('field' in part) {
      if (part.field !== 'sdiId' && part.field !== 'invoiceFileName') out[part.field] = values[part.field];
      continue;
    }
    switch (part.complex) {
      case 'destinatario':
        n.codiceDestinatario = values.codiceDestinatario;
        if (full || pa) n.destinatarioDescrizione = full ? 'Comune di Àrco & Co.' : 'Comune';
        break;
      case 'riferimentoArchivio':
        n.riferimentoArchivio = { sdiId: pa ? '99' : 'lotto-99', fileName: 'IT01234567890_00009.zip' };
        break;
      case 'listaErrori':
        n.errors = full
          ? [
              { code: '00423', description: TRICKY, ...(pa ? {} : { suggestion: 'Ricalcola il prezzo totale' }) },
              { code: '00404', description: 'Fattura duplicata' },
            ]
          : [{ code: '00200', description: 'File non conforme al formato' }];
        break;
      case 'riferimentoFattura':
        n.riferimentoFattura = { numero: 'FT 2026/15', anno: '2026', posizione: '1' };
        break;
      case 'esitoCommittente':
        n.esito = full ? 'EC02' : 'EC01';
        if (full) {
          n.description = 'Manca il CIG';
          n.messageIdCommittente = 'PA-77';
          n.riferimentoFattura = { numero: '15', anno: '2026' };
        }
        break;
      case 'signature':
        break;
    }
  }
  if (full) for (const flag of layout.flags) n[flag] = true;
  return n;
}

const withoutSigned = (n: SdiNotification): SdiNotification => {
  const { signed: _signed, ...rest } = n;
  return rest;
};

const cases = MESSAGE_LAYOUTS.flatMap((l) => [
  [`${l.family} ${l.root} (completo)`, l, true] as const,
  [`${l.family} ${l.root} (minimo)`, l, false] as const,
]);

describeWithShared('writeNotification: XSD-valid, signed, and read back the same', () => {
  let xsd: MessaggiValidator;
  beforeAll(async () => {
    xsd = await loadMessaggiValidator();
  });
  afterAll(() => xsd?.dispose());

  it('covers the 13 messages of both families', () => {
    expect(MESSAGE_LAYOUTS.map((l) => `${l.family}:${l.kind}`)).toHaveLength(13);
  });

  it.each(cases)('%s', async (_name, layout, full) => {
    const n = sample(layout, full);
    const { xml, bytes } = writeNotification(n, { signer });
    expect(new TextDecoder().decode(bytes)).toBe(xml);
    expect(xsd.validate(bytes, layout.family)).toEqual({ valid: true, errors: [] });
    const back = parseNotification(bytes);
    expect(withoutSigned(back)).toEqual(n);
    const mustSign = layout.parts.some((p) => 'complex' in p && p.complex === 'signature' && p.required);
    expect(back.signed).toBe(mustSign ? true : undefined);
    if (mustSign) {
      const check = await verifyEnvelopedSignature(xml, publicKey);
      expect(check).toMatchObject({ digestMatches: true, signatureValid: true });
    }
  });

  it('a tampered signed message no longer verifies', async () => {
    const layout = MESSAGE_LAYOUTS.find((l) => l.family === 'b2b-v1.0' && l.kind === 'NS')!;
    const { xml } = writeNotification(sample(layout, true), { signer });
    const tampered = xml.replace('<Codice>00423</Codice>', '<Codice>00424</Codice>');
    expect(tampered).not.toBe(xml);
    expect((await verifyEnvelopedSignature(tampered, publicKey)).digestMatches).toBe(false);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(await verifyEnvelopedSignature(xml, other)).toMatchObject({ digestMatches: true, signatureValid: false });
  });
});

describe('writeNotification: refusals', () => {
  const rc: SdiNotification = {
    kind: 'RC', family: 'b2b-v1.0', sdiId: '1', invoiceFileName: 'IT01234567890_00001.xml', hash: 'h',
    receivedAt: '2026-05-04T10:00:00Z', deliveredAt: '2026-05-04T10:00:01Z', codiceDestinatario: 'ABC1234', messageId: '1',
  };
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      if (e instanceof AppError) return `${e.code}: ${e.message}`;
      throw e;
    }
    return 'nessun errore';
  };

  it('needs a signer for messages the schema wants signed', () => {
    expect(code(() => writeNotification(rc))).toMatch(/^NOTIFICA_DATI_NON_VALIDI: .*firmato/);
  });

  it('refuses a kind the family does not have', () => {
    expect(code(() => writeNotification({ ...rc, kind: 'NE', esito: 'EC01' }, { signer }))).toMatch(/NE non esiste nella famiglia b2b-v1.0/);
  });

  it.each([
    ['a missing mandatory element', { hash: undefined }, /manca Hash/],
    ['a bad date-time', { receivedAt: '04/05/2026' }, /DataOraRicezione/],
    ['a long file name', { invoiceFileName: `IT${'1'.repeat(60)}_00001.xml` }, /più di 50/],
    ['a bad codice destinatario', { codiceDestinatario: 'abc' }, /6 o 7 caratteri/],
    ['a control character', { note: 'a\u0001b' }, /caratteri di controllo/],
  ])('refuses %s', (_name, change, message) => {
    expect(code(() => writeNotification({ ...rc, ...change } as SdiNotification, { signer }))).toMatch(message);
  });

  it('enforces the PA limits: numeric IdentificativoSdI, 255-character descriptions, 5-character codes, at most 200 errors', () => {
    const ns: SdiNotification = {
      kind: 'NS', family: 'pa-v1.1', sdiId: '12', invoiceFileName: 'IT01234567890_00001.xml', receivedAt: '2026-05-04T10:00:00Z',
      errors: [{ code: '00200', description: 'x' }], messageId: '1',
    };
    expect(code(() => writeNotification({ ...ns, sdiId: 'abc' }, { signer }))).toMatch(/12 cifre/);
    expect(code(() => writeNotification({ ...ns, errors: [{ code: '00200', description: 'x'.repeat(256) }] }, { signer }))).toMatch(/255/);
    expect(code(() => writeNotification({ ...ns, errors: [{ code: '404', description: 'x' }] }, { signer }))).toMatch(/codice errore/);
    expect(code(() => writeNotification({ ...ns, errors: Array.from({ length: 201 }, () => ({ code: '00200', description: 'x' })) }, { signer }))).toMatch(/200/);
    expect(code(() => writeNotification({ ...ns, errors: [] }, { signer }))).toMatch(/da 1 a 200/);
  });
});

describe('base64', () => {
  it.each([0, 1, 2, 3, 4, 5, 255, 1000])('matches Buffer for %i bytes', (n) => {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
    expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
