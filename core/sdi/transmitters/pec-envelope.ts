/**
 * Reading PEC messages (posta elettronica certificata, RFC 6109 and DPR 68/2005 technical rules) as they sit in a PEC
 * mailbox: a transport envelope ("busta di trasporto", header X-Trasporto: posta-certificata) is an S/MIME signed
 * multipart/mixed holding a human-readable text, daticert.xml (sender, recipients, subject, msgid, date) and
 * postacert.eml (the original message, with its attachments); a receipt (header X-Ricevuta: accettazione,
 * avvenuta-consegna, non-accettazione, errore-consegna, ...) has the same shape, its postacert.eml present only in a
 * complete delivery receipt. The signature is not verified here: the mailbox belongs to the company and the provider
 * already checked it. From the SdI's messages we take the files it attached: notifications (RC, NS, MC, NE, DT, AT),
 * received invoices and their metadata files (MT).
 */
import { decodeEntities } from '../../fatturapa/xml';
import { parseInvoiceFileName, parseNotificationFileName } from '../file-names';
import type { IncomingFile } from '../transmitter';
import { addressesIn, decodeEncodedWords, headerValue, parseMime, partBody, walkParts, type MimePart } from './mime';

export const PEC_RECEIPT_KINDS = ['accettazione', 'non-accettazione', 'presa-in-carico', 'avvenuta-consegna', 'errore-consegna', 'preavviso-errore-consegna', 'rilevazione-virus'] as const;
export type PecReceiptKind = (typeof PEC_RECEIPT_KINDS)[number];

/** What a message in the mailbox is: a certified message, a provider's receipt, a transport error, or plain mail. */
export type PecMessageKind = 'posta-certificata' | 'errore-trasporto' | PecReceiptKind | 'plain';

export interface DatiCert {
  tipo?: string;
  errore?: string;
  mittente?: string;
  destinatari: string[];
  risposte?: string;
  oggetto?: string;
  gestoreEmittente?: string;
  /** "dd/mm/yyyy", "hh:mm:ss", "+0100" as written. */
  giorno?: string;
  ora?: string;
  zona?: string;
  identificativo?: string;
  /** Message-ID of the original message, with its angle brackets. */
  msgid?: string;
  consegna?: string;
  erroreEsteso?: string;
}

export interface PecMessage {
  kind: PecMessageKind;
  /** Who the message is from: daticert's mittente, else the "Per conto di" address, else the From address. */
  sender?: string;
  subject?: string;
  messageId?: string;
  /** X-Riferimento-Message-ID: the original message a receipt (or an envelope) is about. */
  riferimentoMessageId?: string;
  daticert?: DatiCert;
  /** The original message: postacert.eml of an envelope, the message itself when it is plain mail. */
  original?: MimePart;
  root: MimePart;
  problems: string[];
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  if (!m) return undefined;
  try {
    return decodeEntities(m[1]!).trim();
  } catch {
    return m[1]!.trim();
  }
}

function attr(xml: string, element: string, name: string): string | undefined {
  const m = new RegExp(`<${element}\\s[^>]*\\b${name}\\s*=\\s*"([^"]*)"`).exec(xml);
  return m ? m[1] : undefined;
}

/** daticert.xml: a handful of fields, read without an XML parser (no DTD, no entities beyond the predefined ones). */
export function parseDatiCert(bytes: Uint8Array): DatiCert {
  const xml = new TextDecoder('utf-8').decode(bytes).replace(/<!--[\s\S]*?-->/g, '');
  const destinatari: string[] = [];
  for (const m of xml.matchAll(/<destinatari(?:\s[^>]*)?>([\s\S]*?)<\/destinatari>/g)) {
    try {
      destinatari.push(decodeEntities(m[1]!).trim().toLowerCase());
    } catch {
      destinatari.push(m[1]!.trim().toLowerCase());
    }
  }
  const d: DatiCert = { destinatari };
  const set = <K extends keyof DatiCert>(k: K, v: DatiCert[K] | undefined) => {
    if (v !== undefined && v !== '') d[k] = v;
  };
  set('tipo', attr(xml, 'postacert', 'tipo'));
  set('errore', attr(xml, 'postacert', 'errore'));
  set('mittente', tag(xml, 'mittente')?.toLowerCase());
  set('risposte', tag(xml, 'risposte')?.toLowerCase());
  set('oggetto', tag(xml, 'oggetto'));
  set('gestoreEmittente', tag(xml, 'gestore-emittente'));
  set('giorno', tag(xml, 'giorno'));
  set('ora', tag(xml, 'ora'));
  set('zona', attr(xml, 'data', 'zona'));
  set('identificativo', tag(xml, 'identificativo'));
  set('msgid', tag(xml, 'msgid'));
  set('consegna', tag(xml, 'consegna')?.toLowerCase());
  set('erroreEsteso', tag(xml, 'errore-esteso'));
  return d;
}

function isReceiptKind(v: string): v is PecReceiptKind {
  return (PEC_RECEIPT_KINDS as readonly string[]).includes(v);
}

/** Reads a message as it came from the mailbox. Never throws: problems are listed. */
export function readPecMessage(bytes: Uint8Array): PecMessage {
  const root = parseMime(bytes);
  const problems = [...root.problems];
  const trasporto = headerValue(root, 'x-trasporto')?.trim().toLowerCase();
  const ricevuta = headerValue(root, 'x-ricevuta')?.trim().toLowerCase();
  let kind: PecMessageKind = 'plain';
  if (trasporto === 'posta-certificata') kind = 'posta-certificata';
  else if (trasporto === 'errore') kind = 'errore-trasporto';
  else if (ricevuta && isReceiptKind(ricevuta)) kind = ricevuta;

  const msg: PecMessage = { kind, root, problems };
  const subject = headerValue(root, 'subject');
  if (subject !== undefined) msg.subject = decodeEncodedWords(subject);
  const mid = headerValue(root, 'message-id');
  if (mid) msg.messageId = mid.trim();
  const rif = headerValue(root, 'x-riferimento-message-id');
  if (rif) msg.riferimentoMessageId = rif.trim();

  if (kind === 'plain') {
    msg.original = root;
    msg.sender = addressesIn(headerValue(root, 'from'))[0];
    return msg;
  }
  // The envelope's own parts only: a postacert.eml may itself carry a daticert.xml (a receipt forwarded by mail).
  const own = walkParts(root);
  const dati = own.find((p) => p.fileName?.toLowerCase() === 'daticert.xml');
  if (dati) {
    const b = partBody(dati);
    if (b) msg.daticert = parseDatiCert(b);
    else problems.push('daticert.xml non leggibile');
  } else problems.push('daticert.xml mancante');
  const eml = own.find((p) => p.contentType === 'message/rfc822' && (p.fileName?.toLowerCase() === 'postacert.eml' || p.fileName === undefined)) ?? own.find((p) => p.contentType === 'message/rfc822');
  if (eml?.message) msg.original = eml.message;
  else if (kind === 'posta-certificata') problems.push('postacert.eml mancante');
  for (const p of own) problems.push(...p.problems.filter((x) => !problems.includes(x)));

  // "Per conto di: sdi01@pec.fatturapa.it" <posta-certificata@provider.it>
  const from = headerValue(root, 'from');
  const onBehalf = from && /per conto di\s*:?\s*([^\s"<>]+@[^\s"<>]+)/i.exec(decodeEncodedWords(from));
  msg.sender = msg.daticert?.mittente ?? onBehalf?.[1]?.toLowerCase() ?? (msg.original ? addressesIn(headerValue(msg.original, 'from'))[0] : undefined) ?? addressesIn(from)[0];
  return msg;
}

/** A file name safe to keep as a key: the SdI's names are short and plain. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export type SdiAttachmentKind = IncomingFile['kind'];

/** notification / metadata / invoice, from the SdI's file naming; undefined for anything else. */
export function sdiFileKind(fileName: string): SdiAttachmentKind | undefined {
  const n = parseNotificationFileName(fileName);
  if (n) return n.kind === 'MT' ? 'metadata' : 'notification';
  if (parseInvoiceFileName(fileName)) return 'invoice';
  return undefined;
}

export interface SdiAttachments {
  files: IncomingFile[];
  /** Italian, one line per attachment that could not be read (it is still passed on, as it came, when it has a name). */
  problems: string[];
}

/**
 * The SdI's files attached to a message (the original message of an envelope). An attachment whose transfer encoding
 * is broken is passed on with its bytes as they came, so ingestion keeps it and reports it as unreadable; parts that
 * are not SdI files (the explanatory text) are ignored.
 */
export function sdiAttachments(original: MimePart): SdiAttachments {
  const files: IncomingFile[] = [];
  const problems: string[] = [];
  for (const p of walkParts(original)) {
    if (p.parts.length > 0 || p.contentType === 'message/rfc822' || p.contentType.startsWith('multipart/')) continue;
    const name = p.fileName;
    if (!name) continue;
    if (!SAFE_NAME.test(name)) {
      problems.push(`Allegato con nome non valido ignorato: «${name.slice(0, 80)}».`);
      continue;
    }
    const kind = sdiFileKind(name);
    if (!kind) continue;
    const body = partBody(p);
    if (!body) {
      problems.push(`Allegato ${name} non leggibile (${p.problems.join(', ') || 'codifica non valida'}): conservato così com’è.`);
      files.push({ fileName: name, bytes: p.raw.slice(), kind });
      continue;
    }
    files.push({ fileName: name, bytes: body.slice(), kind });
  }
  return { files, problems };
}

/** sdi01@pec.fatturapa.it -> "pec.fatturapa.it"; the SdI answers from sdiNN@ the same domain. */
export function isSdiAddress(address: string | undefined, sdiDomain: string): boolean {
  if (!address) return false;
  const at = address.lastIndexOf('@');
  return at > 0 && /^sdi\d{1,3}$/i.test(address.slice(0, at)) && address.slice(at + 1).toLowerCase() === sdiDomain.toLowerCase();
}

/** First line of text, for messages shown to the user (subjects may carry anything). */
export function shortText(s: string | undefined, max = 120): string {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

