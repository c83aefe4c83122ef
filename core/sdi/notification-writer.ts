/**
 * Writes SdI messages of both families that validate against their XSD (the sandbox SdI produces them; tests use
 * them). Messages the schema wants signed get an enveloped XML-DSig signature:
 *
 * - Reference URI="" with the transforms enveloped-signature + Exclusive XML Canonicalization 1.0 (no comments),
 *   digest SHA-256; SignedInfo canonicalized with Exclusive C14N too, signed with RSA-SHA256 (PKCS#1 v1.5);
 *   KeyInfo/X509Data carries the signer's certificate.
 * - The document is written directly in its canonical form (no self-closing tags, attributes in canonical order,
 *   C14N escaping, namespace declarations only where used, xmlns:ds only on ds:Signature), so the digest is computed
 *   over exactly the bytes of the file minus the XML declaration and the ds:Signature element, which is what a
 *   verifier's transforms produce. Tests check it independently with libxml2's canonicalizer.
 *
 * Hashing and signing come from the caller (NotificationSigner): core stays free of node:crypto.
 */
import { fail } from '../errors';
import { MAX_FILE_NAME_LENGTH } from './file-names';
import {
  FAMILY_LIMITS,
  layoutByKind,
  MAX_ERRORS,
  MAX_SUGGERIMENTO_LENGTH,
  MESSAGGI_NAMESPACES,
  type MessageLayout,
  type MessagePart,
  type SdiNotification,
} from './messages';

export interface NotificationSigner {
  /** SHA-256 digest of the bytes. */
  sha256(data: Uint8Array): Uint8Array;
  /** RSASSA-PKCS1-v1_5 signature with SHA-256 of the bytes. */
  signRsaSha256(data: Uint8Array): Uint8Array;
  /** DER encoding of the signer's X.509 certificate (goes in KeyInfo). */
  certificateDer: Uint8Array;
}

export interface WrittenNotification {
  xml: string;
  /** UTF-8 bytes of `xml`. */
  bytes: Uint8Array;
}

export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

const PREFIX = 'types';
const encoder = new TextEncoder();

function invalidInput(what: string, field?: string): never {
  fail('NOTIFICA_DATI_NON_VALIDI', `Impossibile scrivere la notifica: ${what}.`, {
    fix: 'Errore interno nella preparazione della notifica: segnala il caso all’assistenza.',
    field,
  });
}

// C14N escaping (XML-C14N §2.3): text escapes & < > and CR; attributes & < " TAB LF CR.
const TEXT_SPECIAL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<"\t\n\r]/g;
const C14N_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function text(value: string, field: string): string {
  if (ILLEGAL_XML.test(value)) invalidInput(`il campo ${field} contiene caratteri di controllo non ammessi in XML`, field);
  return value.replace(TEXT_SPECIAL, (c) => C14N_ESCAPES[c]!);
}

function attr(value: string): string {
  return value.replace(ATTR_SPECIAL, (c) => C14N_ESCAPES[c]!);
}

/** `<name>text</name>` (empty elements as start + end tag, as C14N writes them). */
const leaf = (name: string, value: string, field: string): string => `<${name}>${text(value, field)}</${name}>`;

function complex(name: string, children: string[], indent: string): string {
  const inner = indent + '  ';
  return `<${name}>${children.map((c) => `\n${inner}${c}`).join('')}\n${indent}</${name}>`;
}

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^[+-]?\d+$/;
const CODICE_DESTINATARIO = /^[A-Z0-9]{6,7}$/;
const NUMERO_FATTURA = /^[\u0020-\u007E]{1,20}$/;

/** Writes `n` as the message of its family and kind. Signed messages need `opts.signer`. */
export function writeNotification(n: SdiNotification, opts: { signer?: NotificationSigner } = {}): WrittenNotification {
  const layout = layoutByKind(n.family, n.kind);
  if (!layout) invalidInput(`il messaggio ${n.kind} non esiste nella famiglia ${n.family}`, 'kind');
  const limits = FAMILY_LIMITS[n.family];
  const children: string[] = [];
  let signed = false;
  for (const part of layout.parts) {
    const el = writePart(n, part, layout, limits);
    if (el === 'signature') signed = true;
    else if (el !== undefined) children.push(el);
  }

  const attrs: [string, string][] = [['versione', '1.0']];
  if (layout.flags.includes('intermediarioConDupliceRuolo') && n.intermediarioConDupliceRuolo) attrs.push(['IntermediarioConDupliceRuolo', 'Si']);
  if (layout.flags.includes('flussoSemplificato') && n.flussoSemplificato) attrs.push(['FlussoSemplificato', 'Si']);
  // Canonical order: namespace declarations first, then attributes (all unqualified here) by name.
  attrs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const tag = `${PREFIX}:${layout.root}`;
  const head = `<${tag} xmlns:${PREFIX}="${MESSAGGI_NAMESPACES[n.family]}"${attrs.map(([k, v]) => ` ${k}="${attr(v)}"`).join('')}>` +
    children.map((c) => `\n  ${c}`).join('') + (signed ? '\n  ' : '');
  const tail = `\n</${tag}>`;
  let body = head + tail;
  if (signed) {
    if (!opts.signer) invalidInput(`il messaggio ${layout.root} va firmato ma non è stato indicato come firmarlo`, 'signer');
    body = head + signature(head + tail, opts.signer) + tail;
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
  return { xml, bytes: encoder.encode(xml) };
}

type Limits = (typeof FAMILY_LIMITS)[keyof typeof FAMILY_LIMITS];

function writePart(n: SdiNotification, part: MessagePart, layout: MessageLayout, limits: Limits): string | 'signature' | undefined {
  if ('field' in part) {
    const value = n[part.field];
    if (value === undefined || value === '') {
      if (part.required) invalidInput(`manca ${part.el} (campo ${part.field}), obbligatorio in ${layout.root}`, part.field);
      return undefined;
    }
    checkField(part.el, part.field, value, part.type, layout, limits);
    return leaf(part.el, value, part.field);
  }
  switch (part.complex) {
    case 'signature':
      return part.required ? 'signature' : undefined;
    case 'destinatario': {
      if (!n.codiceDestinatario) invalidInput(`manca il codice destinatario, obbligatorio in ${layout.root}`, 'codiceDestinatario');
      checkField('Codice', 'codiceDestinatario', n.codiceDestinatario, undefined, layout, limits);
      const kids = [leaf('Codice', n.codiceDestinatario, 'codiceDestinatario')];
      if (n.destinatarioDescrizione) kids.push(leaf('Descrizione', n.destinatarioDescrizione, 'destinatarioDescrizione'));
      else if (n.family === 'pa-v1.1') invalidInput(`manca la descrizione del destinatario, obbligatoria in ${layout.root}`, 'destinatarioDescrizione');
      return complex('Destinatario', kids, '  ');
    }
    case 'riferimentoArchivio': {
      const r = n.riferimentoArchivio;
      if (!r) return undefined;
      checkField('IdentificativoSdI', 'riferimentoArchivio', r.sdiId, undefined, layout, limits);
      checkField('NomeFile', 'riferimentoArchivio', r.fileName, undefined, layout, limits);
      return complex('RiferimentoArchivio', [leaf('IdentificativoSdI', r.sdiId, 'riferimentoArchivio'), leaf('NomeFile', r.fileName, 'riferimentoArchivio')], '  ');
    }
    case 'listaErrori': {
      const errors = n.errors ?? [];
      if (errors.length === 0 || errors.length > MAX_ERRORS) invalidInput(`la lista errori deve avere da 1 a ${MAX_ERRORS} errori, ne ha ${errors.length}`, 'errors');
      const items = errors.map((e) => {
        if (!limits.errorCode.test(e.code)) invalidInput(`codice errore "${e.code}" non valido per ${layout.root}`, 'errors');
        if (e.description.length > limits.descrizione) invalidInput(`descrizione dell’errore ${e.code} oltre ${limits.descrizione} caratteri`, 'errors');
        const kids = [leaf('Codice', e.code, 'errors'), leaf('Descrizione', e.description, 'errors')];
        if (n.family === 'b2b-v1.0') {
          // Suggerimento is mandatory in the B2B schema (it may be empty).
          const s = e.suggestion ?? '';
          if (s.length > MAX_SUGGERIMENTO_LENGTH) invalidInput(`suggerimento dell’errore ${e.code} oltre ${MAX_SUGGERIMENTO_LENGTH} caratteri`, 'errors');
          kids.push(leaf('Suggerimento', s, 'errors'));
        }
        return complex('Errore', kids, '    ');
      });
      return complex('ListaErrori', items, '  ');
    }
    case 'riferimentoFattura':
      return n.riferimentoFattura ? riferimentoFattura(n.riferimentoFattura, '  ') : undefined;
    case 'esitoCommittente': {
      if (n.esito !== 'EC01' && n.esito !== 'EC02') invalidInput('esito del committente mancante o diverso da EC01/EC02', 'esito');
      const kids = [leaf('IdentificativoSdI', n.sdiId, 'sdiId')];
      if (n.riferimentoFattura) kids.push(riferimentoFattura(n.riferimentoFattura, '    '));
      kids.push(leaf('Esito', n.esito, 'esito'));
      if (n.description) {
        checkField('Descrizione', 'description', n.description, undefined, layout, limits);
        kids.push(leaf('Descrizione', n.description, 'description'));
      }
      if (n.messageIdCommittente) {
        checkField('MessageIdCommittente', 'messageIdCommittente', n.messageIdCommittente, undefined, layout, limits);
        kids.push(leaf('MessageIdCommittente', n.messageIdCommittente, 'messageIdCommittente'));
      }
      // EsitoCommittente is a NotificaEsitoCommittente_Type: it has its own (required) versione attribute.
      const inner = '    ';
      return `<EsitoCommittente versione="1.0">${kids.map((c) => `\n${inner}${c}`).join('')}\n  </EsitoCommittente>`;
    }
  }
}

function riferimentoFattura(r: NonNullable<SdiNotification['riferimentoFattura']>, indent: string): string {
  if (!NUMERO_FATTURA.test(r.numero)) invalidInput(`numero fattura "${r.numero}" non ammesso (1-20 caratteri ASCII)`, 'riferimentoFattura');
  if (!/^\d+$/.test(r.anno)) invalidInput(`anno fattura "${r.anno}" non valido`, 'riferimentoFattura');
  if (r.posizione !== undefined && !/^0*[1-9]\d*$/.test(r.posizione)) invalidInput(`posizione fattura "${r.posizione}" non valida`, 'riferimentoFattura');
  const kids = [leaf('NumeroFattura', r.numero, 'riferimentoFattura'), leaf('AnnoFattura', r.anno, 'riferimentoFattura')];
  if (r.posizione !== undefined) kids.push(leaf('PosizioneFattura', r.posizione, 'riferimentoFattura'));
  return complex('RiferimentoFattura', kids, indent);
}

function checkField(el: string, field: string, value: string, type: 'dateTime' | 'date' | 'integer' | undefined, layout: MessageLayout, limits: Limits): void {
  const bad = (why: string): never => invalidInput(`${el} "${value}" non valido in ${layout.root}: ${why}`, field);
  if (type === 'dateTime' && !DATE_TIME.test(value)) bad('attesa data e ora ISO (AAAA-MM-GGThh:mm:ss)');
  if (type === 'date' && !DATE.test(value)) bad('attesa una data AAAA-MM-GG');
  if (type === 'integer' && !INTEGER.test(value)) bad('atteso un numero intero');
  switch (el) {
    case 'IdentificativoSdI':
      if (!limits.sdiId.test(value)) bad(sdiIdRule(layout));
      break;
    case 'NomeFile':
      if (value.length > MAX_FILE_NAME_LENGTH) bad(`più di ${MAX_FILE_NAME_LENGTH} caratteri`);
      break;
    case 'MessageId':
    case 'MessageIdCommittente':
      if (value.length > limits.messageId) bad(`più di ${limits.messageId} caratteri`);
      break;
    case 'Descrizione':
      if (value.length > limits.descrizione) bad(`più di ${limits.descrizione} caratteri`);
      break;
    case 'Codice':
    case 'CodiceDestinatario':
      if (!CODICE_DESTINATARIO.test(value)) bad('attesi 6 o 7 caratteri tra A-Z e 0-9');
      break;
    case 'Formato':
      if (value.length > 5) bad('più di 5 caratteri');
      break;
    case 'Esito':
      if (value !== 'EC01' && value !== 'EC02') bad('atteso EC01 o EC02');
      break;
    case 'Scarto':
      if (value !== 'EN00' && value !== 'EN01') bad('atteso EN00 o EN01');
      break;
  }
}

const sdiIdRule = (layout: MessageLayout): string => (layout.family === 'pa-v1.1' ? 'atteso un numero di al massimo 12 cifre' : 'attesi da 1 a 36 caratteri');

/**
 * The ds:Signature element for a document whose canonical form without the signature is `canonicalDocument`.
 * SignedInfo is written without xmlns:ds (inherited from ds:Signature); its canonical form, which is what gets signed,
 * carries the declaration, as Exclusive C14N renders it on the apex of the signed subtree.
 */
function signature(canonicalDocument: string, signer: NotificationSigner): string {
  const digest = base64(signer.sha256(encoder.encode(canonicalDocument)));
  const signedInfoBody =
    `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${RSA_SHA256}"></ds:SignatureMethod>` +
    `<ds:Reference URI=""><ds:Transforms>` +
    `<ds:Transform Algorithm="${ENVELOPED_SIGNATURE}"></ds:Transform>` +
    `<ds:Transform Algorithm="${EXC_C14N}"></ds:Transform>` +
    `</ds:Transforms><ds:DigestMethod Algorithm="${SHA256}"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`;
  const canonicalSignedInfo = `<ds:SignedInfo xmlns:ds="${XMLDSIG_NS}">${signedInfoBody}</ds:SignedInfo>`;
  const value = base64(signer.signRsaSha256(encoder.encode(canonicalSignedInfo)));
  return `<ds:Signature xmlns:ds="${XMLDSIG_NS}"><ds:SignedInfo>${signedInfoBody}</ds:SignedInfo>` +
    `<ds:SignatureValue>${value}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${base64(signer.certificateDer)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `</ds:Signature>`;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (no Buffer / btoa: core runs in the renderer too). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + B64[v & 63]!;
  }
  if (i < bytes.length) {
    const v = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + (i + 1 < bytes.length ? B64[(v >> 6) & 63]! : '=') + '=';
  }
  return out;
}
