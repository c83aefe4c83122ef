/**
 * Real XSD validation of SdI messages for tests: the two official message schemas in ../shared/fatturapa/messaggi
 * (MessaggiTypes_v1.1.xsd for the PA family, MessaggiFatturaTypes_v1.0.xsd for the B2B family), each importing the
 * xmldsig schema beside it, loaded with libxml2-wasm through loadFatturaPAValidator.
 */
import { createHash, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { NotificationFamily } from '../sdi/messages';
import { FATTURAPA_DIR } from './shared-files';
import { loadFatturaPAValidator, type FatturaPAValidator, type XsdValidationResult } from './xsd-validator';

export const MESSAGGI_XSD: Readonly<Record<NotificationFamily, string>> = {
  'pa-v1.1': 'messaggi/MessaggiTypes_v1.1.xsd',
  'b2b-v1.0': 'messaggi/MessaggiFatturaTypes_v1.0.xsd',
};

export interface MessaggiValidator {
  validate(xml: string | Uint8Array, family: NotificationFamily): XsdValidationResult;
  dispose(): void;
}

export async function loadMessaggiValidator(): Promise<MessaggiValidator> {
  if (!FATTURAPA_DIR) throw new Error('schemi dei messaggi SdI non disponibili (../shared/fatturapa assente)');
  const pa: FatturaPAValidator = await loadFatturaPAValidator(join(FATTURAPA_DIR, MESSAGGI_XSD['pa-v1.1']));
  const b2b: FatturaPAValidator = await loadFatturaPAValidator(join(FATTURAPA_DIR, MESSAGGI_XSD['b2b-v1.0']));
  return {
    validate: (xml, family) => (family === 'pa-v1.1' ? pa : b2b).validate(xml),
    dispose() {
      pa.dispose();
      b2b.dispose();
    },
  };
}

export interface SignatureCheck {
  /** SHA-256 of the document without ds:Signature, canonicalized by libxml2 (Exclusive C14N), equals DigestValue. */
  digestMatches: boolean;
  /** SignatureValue verifies (RSA-SHA256) over libxml2's Exclusive C14N of SignedInfo. */
  signatureValid: boolean;
  /** The X509Certificate carried in KeyInfo, as DER. */
  certificateDer: Buffer;
}

/**
 * Verifies an enveloped XML-DSig signature (one Reference URI="", enveloped-signature + exc-c14n, RSA-SHA256) with an
 * independent canonicalizer: libxml2's. The public key defaults to the certificate in KeyInfo.
 */
export async function verifyEnvelopedSignature(xml: string | Uint8Array, publicKey?: KeyObject): Promise<SignatureCheck> {
  const lib = await import('libxml2-wasm');
  const doc = typeof xml === 'string' ? lib.XmlDocument.fromString(xml) : lib.XmlDocument.fromBuffer(xml);
  try {
    const ns = { ds: 'http://www.w3.org/2000/09/xmldsig#' };
    const text = (path: string): string => {
      const node = doc.get(path, ns);
      if (!node) throw new Error(`${path} assente`);
      return node.content.replace(/\s+/g, '');
    };
    const signedInfo = doc.get('//ds:Signature/ds:SignedInfo', ns);
    const signatureNode = doc.get('//ds:Signature', ns);
    if (!signedInfo || !signatureNode) throw new Error('ds:Signature assente');
    const exclusive = { mode: lib.XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 };
    const canonicalSignedInfo = signedInfo.canonicalizeToString(exclusive);
    const digestValue = text('//ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestValue');
    const signatureValue = Buffer.from(text('//ds:Signature/ds:SignatureValue'), 'base64');
    const certificateDer = Buffer.from(text('//ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate'), 'base64');
    signatureNode.remove();
    const canonicalDocument = doc.canonicalizeToString(exclusive);
    const key = publicKey ?? new X509Certificate(certificateDer).publicKey;
    return {
      digestMatches: createHash('sha256').update(canonicalDocument, 'utf8').digest('base64') === digestValue,
      signatureValid: cryptoVerify('sha256', Buffer.from(canonicalSignedInfo, 'utf8'), key, signatureValue),
      certificateDer,
    };
  } finally {
    doc.dispose();
  }
}
