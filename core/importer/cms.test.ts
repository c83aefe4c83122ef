import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { nodeCrypto } from '../../host/import-platform';
import { describeSignatures, looksLikeP7m, unwrapP7m } from './cms';
import { explicit, integer, octets, oid, seq, set } from './testing/der';
import { testSigner, wrapP7m, type P7mEncoding } from './testing/cms-builder';

const XML = new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?><p:FatturaElettronica>${'x'.repeat(3000)}</p:FatturaElettronica>`);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `non-AppError: ${String(e)}`;
  }
  return 'no error';
}

describe('unwrapP7m', () => {
  const encodings: P7mEncoding[] = ['der', 'ber', 'base64', 'base64-lines', 'pem'];
  for (const encoding of encodings) {
    it(`extracts the content of a ${encoding} envelope and verifies an RSA signature`, () => {
      const p7m = wrapP7m(XML, { encoding });
      expect(looksLikeP7m(p7m)).toBe(true);
      const r = unwrapP7m(p7m, { crypto: nodeCrypto });
      expect(r.content).toEqual(XML);
      expect(r.signatures).toHaveLength(1);
      expect(r.signatures[0]!.status).toBe('valid');
      expect(r.signatures[0]!.signer).toBe('Mario Rossi');
      expect(r.signatures[0]!.signingTime).toBe('250301120000Z');
    });
  }

  it('verifies an ECDSA P-256 signature', () => {
    const r = unwrapP7m(wrapP7m(XML, { signer: testSigner('ec', 'Anna Bianchi') }), { crypto: nodeCrypto });
    expect(r.signatures[0]).toMatchObject({ status: 'valid', signer: 'Anna Bianchi' });
  });

  it('unwraps a p7m inside a p7m (one report per signature) and refuses too many layers', () => {
    const nested = wrapP7m(wrapP7m(XML, { encoding: 'der' }), { encoding: 'pem' });
    const r = unwrapP7m(nested, { crypto: nodeCrypto });
    expect(r.content).toEqual(XML);
    expect(r.signatures.map((s) => s.status)).toEqual(['valid', 'valid']);
    let deep: Uint8Array = XML;
    for (let i = 0; i < 5; i++) deep = wrapP7m(deep);
    expect(codeOf(() => unwrapP7m(deep))).toBe('P7M_TROPPI_LIVELLI');
  });

  it('extracts the content of a tampered file and says the signature is invalid', () => {
    const r = unwrapP7m(wrapP7m(XML, { tamper: true }), { crypto: nodeCrypto });
    expect(new TextDecoder().decode(r.content)).toContain('<p:FatturaElettronica>');
    expect(r.signatures[0]!.status).toBe('invalid');
    expect(describeSignatures(r.signatures)).toMatch(/NON valida/);
  });

  it('reports unverifiable without the certificate, and "non verificata" without a crypto port', () => {
    expect(unwrapP7m(wrapP7m(XML, { withoutCertificate: true }), { crypto: nodeCrypto }).signatures[0]!.status).toBe('unverifiable');
    const unchecked = unwrapP7m(wrapP7m(XML), {});
    expect(unchecked.content).toEqual(XML);
    expect(unchecked.signatures[0]!.status).toBe('unchecked');
    expect(describeSignatures(unchecked.signatures)).toMatch(/^Firma non verificata: contenuto estratto\./);
  });

  it('reports a signature whose value was changed as invalid', () => {
    const p7m = wrapP7m(XML).slice();
    // The RSA signature is the last OCTET STRING: flip its last byte.
    p7m[p7m.length - 1]! ^= 0xff;
    expect(unwrapP7m(p7m, { crypto: nodeCrypto }).signatures[0]!.status).toBe('invalid');
  });

  it('refuses detached signatures, other content types, garbage and truncated files with Italian errors', () => {
    const detached = seq(oid('1.2.840.113549.1.7.2'), explicit(0, seq(integer(1), set(), seq(oid('1.2.840.113549.1.7.1')), set())));
    expect(codeOf(() => unwrapP7m(detached))).toBe('P7M_FIRMA_SEPARATA');
    const envelopedData = seq(oid('1.2.840.113549.1.7.3'), explicit(0, octets(XML)));
    expect(codeOf(() => unwrapP7m(envelopedData))).toBe('P7M_NON_VALIDO');
    expect(codeOf(() => unwrapP7m(new TextEncoder().encode('questo non è un file firmato')))).toBe('P7M_NON_VALIDO');
    expect(codeOf(() => unwrapP7m(new TextEncoder().encode('-----BEGIN PKCS7-----\nQUJD')))).toBe('P7M_NON_VALIDO');
    const full = wrapP7m(XML);
    for (const cut of [1, 10, 100, 1000, full.length - 1]) expect(codeOf(() => unwrapP7m(full.subarray(0, cut)))).toBe('P7M_NON_VALIDO');
    try {
      unwrapP7m(full.subarray(0, 500));
    } catch (e) {
      expect((e as AppError).message).toMatch(/danneggiato o troncato/);
      expect((e as AppError).fix).toBeTruthy();
    }
  });
});
