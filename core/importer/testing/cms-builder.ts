/**
 * Test helper: minimal CMS SignedData (CAdES-like) built by hand around any content, signed for real with node:crypto
 * (RSA or ECDSA P-256 and a self-signed certificate made here), in every encoding the importer accepts: DER, BER with
 * indefinite lengths and a segmented OCTET STRING, base64 with or without line breaks, PEM; and nested.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { bitString, concat, explicit, integer, name, nullValue, octets, oid, seq, set, tlv, tlvIndefinite, utcTime, type Bytes } from './der';

const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_SHA256_RSA = '1.2.840.113549.1.1.11';
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';

export interface TestSigner {
  key: KeyObject;
  certificate: Bytes;
  issuer: Bytes;
  serial: Bytes;
  kind: 'rsa' | 'ec';
  cn: string;
}

const signers = new Map<string, TestSigner>();

/** A key pair and a self-signed certificate (cached per kind: key generation is the slow part). */
export function testSigner(kind: 'rsa' | 'ec' = 'rsa', cn = 'Mario Rossi'): TestSigner {
  const cacheKey = `${kind}|${cn}`;
  const hit = signers.get(cacheKey);
  if (hit) return hit;
  const { privateKey, publicKey } = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const sigAlg = kind === 'rsa' ? seq(oid(OID_SHA256_RSA), nullValue()) : seq(oid(OID_ECDSA_SHA256));
  const issuer = name(cn);
  const serial = Uint8Array.of(0x01, 0x23, 0x45);
  const tbs = seq(explicit(0, integer(2)), integer(serial), sigAlg, issuer, seq(utcTime('250101000000Z'), utcTime('350101000000Z')), issuer, spki);
  const certificate = seq(tbs, sigAlg, bitString(new Uint8Array(sign('sha256', tbs, privateKey))));
  const s: TestSigner = { key: privateKey, certificate, issuer, serial, kind, cn };
  signers.set(cacheKey, s);
  return s;
}

export type P7mEncoding = 'der' | 'ber' | 'base64' | 'base64-lines' | 'pem';

export interface P7mOptions {
  encoding?: P7mEncoding;
  signer?: TestSigner;
  /** Leave the certificate out (the signature is then unverifiable). */
  withoutCertificate?: boolean;
  /** Change the content after signing (the signature is then invalid). */
  tamper?: boolean;
  /** No signer at all. */
  unsigned?: boolean;
}

function signerInfo(content: Bytes, s: TestSigner, tamper: boolean): Bytes {
  const digest = new Uint8Array(createHash('sha256').update(content).digest());
  const attrs = [
    seq(oid('1.2.840.113549.1.9.3'), set(oid('1.2.840.113549.1.7.1'))),
    seq(oid('1.2.840.113549.1.9.5'), set(utcTime('250301120000Z'))),
    seq(oid('1.2.840.113549.1.9.4'), set(octets(digest))),
  ];
  const signedSet = set(...attrs);
  const signature = new Uint8Array(sign('sha256', signedSet, s.key));
  if (tamper) signature[signature.length - 5]! ^= 0x01;
  const signedAttrs = concat(Uint8Array.of(0xa0), signedSet.subarray(1));
  const sigAlg = s.kind === 'rsa' ? seq(oid(OID_RSA), nullValue()) : seq(oid(OID_ECDSA_SHA256));
  return seq(integer(1), seq(s.issuer, integer(s.serial)), seq(oid(OID_SHA256), nullValue()), signedAttrs, sigAlg, octets(signature));
}

/** DER SignedData around `content`. */
function derEnvelope(content: Bytes, o: P7mOptions): Bytes {
  const s = o.signer ?? testSigner();
  const signed = o.tamper ? concat(content, new TextEncoder().encode(' ')) : content;
  const infos = o.unsigned ? set() : set(signerInfo(content, s, false));
  const certs = o.withoutCertificate ? new Uint8Array(0) : tlv(0xa0, s.certificate);
  const sd = seq(integer(1), set(seq(oid(OID_SHA256), nullValue())), seq(oid('1.2.840.113549.1.7.1'), explicit(0, octets(signed))), certs, infos);
  return seq(oid('1.2.840.113549.1.7.2'), explicit(0, sd));
}

/** BER: indefinite lengths everywhere on the path to the content, and the content split in 1000-byte segments. */
function berEnvelope(content: Bytes, o: P7mOptions): Bytes {
  const s = o.signer ?? testSigner();
  const segments: Bytes[] = [];
  for (let i = 0; i < content.length; i += 1000) segments.push(octets(content.subarray(i, i + 1000)));
  const eContent = tlvIndefinite(0x24, ...segments);
  const infos = o.unsigned ? set() : set(signerInfo(content, s, false));
  const certs = o.withoutCertificate ? new Uint8Array(0) : tlvIndefinite(0xa0, s.certificate);
  const sd = tlvIndefinite(0x30, integer(1), set(seq(oid(OID_SHA256), nullValue())), tlvIndefinite(0x30, oid('1.2.840.113549.1.7.1'), tlvIndefinite(0xa0, eContent)), certs, infos);
  return tlvIndefinite(0x30, oid('1.2.840.113549.1.7.2'), tlvIndefinite(0xa0, sd));
}

function base64Lines(b64: string, width: number, eol: string): string {
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  return lines.join(eol);
}

export function wrapP7m(content: Bytes, o: P7mOptions = {}): Bytes {
  const encoding = o.encoding ?? 'der';
  const der = encoding === 'ber' ? berEnvelope(content, o) : derEnvelope(content, o);
  const b64 = Buffer.from(der).toString('base64');
  switch (encoding) {
    case 'der':
    case 'ber':
      return der;
    case 'base64':
      return new TextEncoder().encode(b64);
    case 'base64-lines':
      return new TextEncoder().encode(`${base64Lines(b64, 76, '\r\n')}\r\n`);
    case 'pem':
      return new TextEncoder().encode(`-----BEGIN PKCS7-----\n${base64Lines(b64, 64, '\n')}\n-----END PKCS7-----\n`);
  }
}
