/**
 * The sandbox SdI's signing identity: an RSA-2048 key pair and a self-signed X.509 v3 certificate, generated once per
 * sandbox folder and kept there (key.pem mode 0600, certificate.pem). Node has no API to issue certificates, so the
 * certificate's DER is assembled here (RFC 5280: TBSCertificate, sha256WithRSAEncryption) and checked by
 * node:crypto's X509Certificate before use.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotificationSigner } from '../../core/sdi/notification-writer';
import { writeFileAtomic } from './atomic';

export const KEY_FILE = 'key.pem';
export const CERTIFICATE_FILE = 'certificate.pem';

// --- DER encoding (only what a certificate needs) ---

function tlv(tag: number, content: Uint8Array): Buffer {
  const len = content.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else {
    const bytes: number[] = [];
    for (let v = len; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

const seq = (...items: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Uint8Array[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Uint8Array): Buffer => tlv(0xa0 + n, content);
const NULL = Buffer.from([0x05, 0x00]);

function integer(bytes: Uint8Array): Buffer {
  // DER integers are two's complement: a leading 1 bit needs a 0x00 in front to stay positive.
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const utf8String = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const printableString = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'ascii'));

function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), NULL);

function name(): Buffer {
  return seq(
    set(seq(oid('2.5.4.6'), printableString('IT'))),
    set(seq(oid('2.5.4.10'), utf8String('FatturaDesk'))),
    set(seq(oid('2.5.4.3'), utf8String('Sandbox Sistema di Interscambio (solo prova)'))),
  );
}

/** A self-signed certificate for `privateKey`'s public key, valid from yesterday for ten years. */
export function createSelfSignedCertificate(privateKey: KeyObject, now = new Date()): Buffer {
  const spki = createPublicKeyDer(privateKey);
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const notBefore = new Date(now.getTime() - 86_400_000);
  const notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);
  const keyUsage = seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x06, 0xc0])))); // digitalSignature, nonRepudiation
  const basicConstraints = seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq()));
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    SHA256_WITH_RSA,
    name(),
    seq(time(notBefore), time(notAfter)),
    name(),
    spki,
    explicit(3, seq(basicConstraints, keyUsage)),
  );
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

function createPublicKeyDer(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
}

export interface SandboxIdentity {
  privateKey: KeyObject;
  certificate: X509Certificate;
  signer: NotificationSigner;
}

function signerFor(privateKey: KeyObject, certificate: X509Certificate): NotificationSigner {
  return {
    sha256: (data) => createHash('sha256').update(data).digest(),
    signRsaSha256: (data) => sign('sha256', data, privateKey),
    certificateDer: certificate.raw,
  };
}

/** Loads the key pair and certificate kept in `dir`, creating them the first time. */
export function loadOrCreateIdentity(dir: string): SandboxIdentity {
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERTIFICATE_FILE);
  if (existsSync(keyPath) && existsSync(certPath)) {
    const privateKey = createPrivateKey(readFileSync(keyPath));
    const certificate = new X509Certificate(readFileSync(certPath));
    if (certificate.checkPrivateKey(privateKey)) return { privateKey, certificate, signer: signerFor(privateKey, certificate) };
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = createSelfSignedCertificate(privateKey);
  const certificate = new X509Certificate(der);
  if (!certificate.verify(certificate.publicKey)) throw new Error('certificato della sandbox non valido');
  // Both files are needed (and must match) on the next start; otherwise a new pair is made.
  writeFileAtomic(certPath, certificate.toString());
  writeFileAtomic(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 0o600);
  return { privateKey, certificate, signer: signerFor(privateKey, certificate) };
}
