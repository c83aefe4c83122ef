/**
 * Opens CAdES signed files (.xml.p7m): CMS SignedData in DER, BER (indefinite lengths, segmented OCTET STRINGs),
 * base64 (with or without line breaks) or PEM, possibly signed again inside (a p7m in a p7m). The signed content is
 * always extracted; each signature is checked when the host gives a CryptoPort (the signer's certificate must be in
 * the file), and reported as valid / invalid / unverifiable, or 'unchecked' without one. The chain of trust up to an
 * accredited CA and revocation are NOT checked: a "valid" signature means the content is the one the certificate's
 * key signed.
 */
import { AppError, fail } from '../errors';
import {
  contentOf,
  encodingOf,
  isContext,
  isUniversal,
  octetStringValue,
  oidOf,
  parseAsn1,
  sameBytes,
  UNIVERSAL,
  type Asn1Node,
} from './asn1';
import { Base64Error, decodeBase64, looksLikeBase64 } from './base64';
import type { CryptoPort } from './platform';

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  commonName: '2.5.4.3',
} as const;

/** Signed envelopes inside signed envelopes: more than this is not a real invoice. */
export const MAX_SIGNATURE_LAYERS = 4;

export type SignatureStatus = 'valid' | 'invalid' | 'unverifiable' | 'unchecked';

export interface SignatureReport {
  status: SignatureStatus;
  /** Common name of the signer's certificate, when the file carries it. */
  signer?: string;
  /** signingTime attribute as written (UTCTime/GeneralizedTime text), when present. */
  signingTime?: string;
  /** Italian explanation of the status. */
  note: string;
}

export interface UnwrappedP7m {
  content: Uint8Array;
  /** One report per signature, outermost envelope first. */
  signatures: SignatureReport[];
  /** How the outermost envelope was encoded. */
  encoding: 'der' | 'base64' | 'pem';
}

const PEM_BEGIN = /^-----BEGIN ([A-Z0-9 #]+)-----/;
// Decoders hold no state between decode() calls: one of each for every signature (rather than one per signature).
const UTF8 = new TextDecoder('utf-8');
const LATIN1 = new TextDecoder('latin1');

function notSigned(why: string): never {
  fail('P7M_NON_VALIDO', `Il file non è un file firmato .p7m leggibile: ${why}.`, {
    fix: 'Chiedi al mittente di inviare di nuovo il file firmato, oppure il file XML originale.',
  });
}

/** True when the bytes look like a CMS envelope in any of the accepted encodings (cheap: looks at the start only). */
export function looksLikeP7m(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  if (bytes[0] === 0x30 && (bytes[1] === 0x80 || (bytes[1]! >= 0x81 && bytes[1]! <= 0x84))) return true;
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(64, bytes.length))).trimStart();
  if (head.startsWith('-----BEGIN')) return true;
  // base64 of a DER SEQUENCE with a long length starts with "MI" (0x30 0x8x) or "MIA" for indefinite lengths.
  return head.startsWith('MI') && looksLikeBase64(bytes, 0, Math.min(bytes.length, 4096));
}

/** DER bytes of an envelope written as DER, base64 or PEM. */
function toDer(bytes: Uint8Array): { der: Uint8Array; encoding: UnwrappedP7m['encoding'] } {
  if (bytes[0] === 0x30) return { der: bytes, encoding: 'der' };
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x0a || bytes[start] === 0x0d || bytes[start] === 0x09)) start++;
  const head = String.fromCharCode(...bytes.subarray(start, start + 80));
  const pem = PEM_BEGIN.exec(head);
  try {
    if (pem) {
      const bodyStart = bytes.indexOf(0x0a, start);
      if (bodyStart < 0) notSigned('intestazione PEM senza contenuto');
      const endMarker = new TextEncoder().encode('-----END');
      const bodyEnd = indexOfBytes(bytes, endMarker, bodyStart);
      if (bodyEnd < 0) notSigned('manca la riga finale -----END del formato PEM');
      return { der: decodeBase64(bytes.subarray(bodyStart + 1, bodyEnd)), encoding: 'pem' };
    }
    if (looksLikeBase64(bytes)) {
      const der = decodeBase64(bytes);
      if (der[0] !== 0x30) notSigned('il testo base64 non contiene una busta CMS');
      return { der, encoding: 'base64' };
    }
  } catch (e) {
    if (e instanceof Base64Error) notSigned(`il testo base64 non è valido (${e.message})`);
    throw e;
  }
  notSigned('il contenuto non è né binario DER né testo base64/PEM');
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = Math.max(0, from); i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

interface SignedDataParts {
  content: Uint8Array;
  certificates: Asn1Node[];
  signerInfos: Asn1Node[];
}

function readSignedData(der: Uint8Array, maxContent: number): SignedDataParts {
  const root = parseAsn1(der);
  if (!isUniversal(root, UNIVERSAL.sequence) || !root.constructed) notSigned('la struttura principale non è una SEQUENCE CMS');
  const [type, wrapped] = root.children;
  if (!type || oidOf(der, type) !== OID.signedData) notSigned('la busta non è di tipo SignedData (firma CAdES)');
  if (!isContext(wrapped, 0) || !wrapped.constructed) notSigned('manca il contenuto della busta SignedData');
  const sd = wrapped.children[0];
  if (!isUniversal(sd, UNIVERSAL.sequence) || sd.children.length < 4) notSigned('struttura SignedData incompleta');
  const encap = sd.children[2]!;
  if (!isUniversal(encap, UNIVERSAL.sequence) || encap.children.length < 1) notSigned('manca il contenuto firmato (encapContentInfo)');
  const eContent = encap.children[1];
  if (eContent === undefined) {
    fail('P7M_FIRMA_SEPARATA', 'Il file .p7m contiene solo la firma, non la fattura (firma "detached").', {
      fix: 'Chiedi al mittente il file .xml.p7m con la fattura all’interno, oppure il file XML.',
    });
  }
  if (!isContext(eContent, 0) || !eContent.constructed || !isUniversal(eContent.children[0], UNIVERSAL.octetString)) {
    notSigned('il contenuto firmato non è una stringa di byte');
  }
  const content = octetStringValue(der, eContent.children[0]!, maxContent);
  let certificates: Asn1Node[] = [];
  let signerInfos: Asn1Node[] = [];
  for (let i = 3; i < sd.children.length; i++) {
    const c = sd.children[i]!;
    if (isContext(c, 0)) certificates = c.children;
    else if (isUniversal(c, UNIVERSAL.set)) signerInfos = c.children;
  }
  return { content, certificates, signerInfos };
}

function commonName(der: Uint8Array, name: Asn1Node | undefined): string | undefined {
  if (!name) return undefined;
  for (const rdn of name.children) {
    for (const atv of rdn.children) {
      const [type, value] = atv.children;
      if (type && value && isUniversal(type, UNIVERSAL.oid) && oidOf(der, type) === OID.commonName && !value.constructed) {
        return UTF8.decode(contentOf(der, value));
      }
    }
  }
  return undefined;
}

interface CertificateParts {
  der: Uint8Array;
  serial: Uint8Array;
  issuer: Uint8Array;
  subject?: Asn1Node;
}

function certificateParts(der: Uint8Array, cert: Asn1Node): CertificateParts | undefined {
  const tbs = cert.children[0];
  if (!isUniversal(tbs, UNIVERSAL.sequence)) return undefined;
  const off = isContext(tbs.children[0], 0) ? 1 : 0;
  const serial = tbs.children[off];
  const issuer = tbs.children[off + 2];
  if (!serial || !issuer) return undefined;
  return { der: encodingOf(der, cert), serial: contentOf(der, serial), issuer: encodingOf(der, issuer), subject: tbs.children[off + 4] };
}

const UNCHECKED_NOTE = 'Firma non verificata: contenuto estratto.';

function checkSigner(der: Uint8Array, parts: SignedDataParts, si: Asn1Node, crypto: CryptoPort | undefined): SignatureReport {
  const kids = si.children;
  const sid = kids[1];
  const digestAlg = kids[2]?.children[0];
  let i = 3;
  const signedAttrs = isContext(kids[i], 0) ? kids[i++] : undefined;
  const sigAlg = kids[i]?.children[0];
  const signature = kids[i + 1];
  const certs = parts.certificates.map((c) => certificateParts(der, c)).filter((c): c is CertificateParts => c !== undefined);
  let cert: CertificateParts | undefined;
  if (sid && isUniversal(sid, UNIVERSAL.sequence) && sid.children.length >= 2) {
    const issuer = encodingOf(der, sid.children[0]!);
    const serial = contentOf(der, sid.children[1]!);
    cert = certs.find((c) => sameBytes(c.issuer, issuer) && sameBytes(c.serial, serial));
  } else if (certs.length === 1) {
    cert = certs[0];
  }
  let signingTime: string | undefined;
  let messageDigest: Uint8Array | undefined;
  for (const attr of signedAttrs?.children ?? []) {
    const [type, values] = attr.children;
    if (!type || !isUniversal(type, UNIVERSAL.oid)) continue;
    const oid = oidOf(der, type);
    const value = values?.children[0];
    if (!value || value.constructed) continue;
    if (oid === OID.messageDigest) messageDigest = contentOf(der, value);
    else if (oid === OID.signingTime) signingTime = LATIN1.decode(contentOf(der, value));
  }
  const signer = cert ? commonName(der, cert.subject) : undefined;
  const report = (status: SignatureStatus, note: string): SignatureReport => {
    const r: SignatureReport = { status, note };
    if (signer) r.signer = signer;
    if (signingTime) r.signingTime = signingTime;
    return r;
  };
  if (!crypto) return report('unchecked', UNCHECKED_NOTE);
  if (!cert) return report('unverifiable', 'Firma non verificabile: il certificato del firmatario non è nel file. Contenuto estratto.');
  if (!digestAlg || !sigAlg || !signature || !isUniversal(signature, UNIVERSAL.octetString)) {
    return report('unverifiable', 'Firma non verificabile: dati della firma incompleti. Contenuto estratto.');
  }
  const digestOid = oidOf(der, digestAlg);
  let data: Uint8Array;
  if (signedAttrs) {
    if (signedAttrs.indefinite) return report('unverifiable', 'Firma non verificabile: attributi firmati non in DER. Contenuto estratto.');
    const digest = crypto.digest(digestOid, parts.content);
    if (!digest) return report('unverifiable', `Firma non verificabile: algoritmo di impronta ${digestOid} non supportato. Contenuto estratto.`);
    if (!messageDigest || !sameBytes(digest, messageDigest)) {
      return report('invalid', 'Firma NON valida: il contenuto non corrisponde a quello firmato (file alterato dopo la firma). Contenuto estratto comunque.');
    }
    // The signature covers the DER of the attributes as a SET OF: the [0] IMPLICIT tag becomes the SET tag 0x31.
    data = encodingOf(der, signedAttrs).slice();
    data[0] = 0x31;
  } else {
    data = parts.content;
  }
  const ok = crypto.verify({
    digestAlgorithm: digestOid,
    signatureAlgorithm: oidOf(der, sigAlg),
    data,
    signature: octetStringValue(der, signature),
    certificate: cert.der,
  });
  if (ok === undefined) return report('unverifiable', 'Firma non verificabile: algoritmo o certificato non supportato. Contenuto estratto.');
  return ok
    ? report('valid', 'Firma valida (integrità verificata; la catena dei certificati non è stata controllata).')
    : report('invalid', 'Firma NON valida: la firma non corrisponde al certificato. Contenuto estratto comunque.');
}

function unwrapOne(bytes: Uint8Array, crypto: CryptoPort | undefined, maxContent: number): UnwrappedP7m {
  const { der, encoding } = toDer(bytes);
  const parts = readSignedData(der, maxContent);
  if (parts.signerInfos.length === 0) {
    return { content: parts.content, encoding, signatures: [{ status: 'unverifiable', note: 'Il file .p7m non contiene firme: contenuto estratto.' }] };
  }
  const signatures = parts.signerInfos.map((si) => {
    try {
      return checkSigner(der, parts, si, crypto);
    } catch (e) {
      // A damaged SignerInfo does not hide the content: the signature is just not verifiable.
      if (!(e instanceof AppError)) throw e;
      return { status: 'unverifiable' as const, note: 'Firma non verificabile: dati della firma danneggiati. Contenuto estratto.' };
    }
  });
  return { content: parts.content, encoding, signatures };
}

/**
 * Extracts the signed content, unwrapping nested envelopes (at most MAX_SIGNATURE_LAYERS). Throws P7M_NON_VALIDO,
 * P7M_FIRMA_SEPARATA or P7M_TROPPI_LIVELLI; never anything but an AppError on bad input.
 */
export function unwrapP7m(bytes: Uint8Array, opts: { crypto?: CryptoPort; maxContent?: number } = {}): UnwrappedP7m {
  const maxContent = opts.maxContent ?? Number.MAX_SAFE_INTEGER;
  const outer = unwrapOne(bytes, opts.crypto, maxContent);
  let content = outer.content;
  const signatures = [...outer.signatures];
  for (let layer = 1; looksLikeP7m(content); layer++) {
    if (layer >= MAX_SIGNATURE_LAYERS) {
      fail('P7M_TROPPI_LIVELLI', `Il file contiene più di ${MAX_SIGNATURE_LAYERS} firme una dentro l’altra: non viene aperto.`, {
        fix: 'Chiedi al mittente il file XML originale o un file firmato una sola volta.',
      });
    }
    const inner = unwrapOne(content, opts.crypto, maxContent);
    content = inner.content;
    signatures.push(...inner.signatures);
  }
  return { content, signatures, encoding: outer.encoding };
}

/** One Italian sentence for the result of an import, from the reports of every signature. */
export function describeSignatures(reports: readonly SignatureReport[]): string {
  if (reports.length === 0) return '';
  const worst = reports.find((r) => r.status === 'invalid') ?? reports.find((r) => r.status === 'unverifiable') ?? reports.find((r) => r.status === 'unchecked') ?? reports[0]!;
  const who = reports.map((r) => r.signer).filter(Boolean);
  return `${worst.note}${who.length ? ` Firmatario: ${who.join(', ')}.` : ''}${reports.length > 1 ? ` (${reports.length} firme)` : ''}`;
}
