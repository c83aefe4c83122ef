/**
 * PEC-shaped messages as a PEC provider writes them (RFC 6109; see core/sdi/transmitters/pec-envelope.ts for the
 * reading side): the SdI's original message (From sdiNN@pec.fatturapa.it, its files attached), wrapped in a transport
 * envelope ("POSTA CERTIFICATA: ...", X-Trasporto: posta-certificata, multipart/signed > multipart/mixed > text,
 * daticert.xml, postacert.eml), and the provider's receipts (X-Ricevuta: accettazione / avvenuta-consegna). The
 * S/MIME signature part is a placeholder: the sandbox is not a PEC provider and the client does not verify it.
 */
import { randomBytes } from 'node:crypto';

export interface MailAttachment {
  fileName: string;
  bytes: Uint8Array;
  /** How the attachment travels (the SdI uses both). */
  encoding?: 'base64' | 'quoted-printable';
}

const CRLF = '\r\n';

function b64Lines(bytes: Uint8Array): string {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return s.replace(/.{1,76}/g, (l) => l + CRLF).trimEnd();
}

/** Quoted-printable (RFC 2045 §6.7): CRLF line breaks kept, lines of at most 76 characters with soft breaks. */
export function quotedPrintable(bytes: Uint8Array): string {
  const out: string[] = [];
  let line = '';
  const push = (tok: string) => {
    if (line.length + tok.length > 75) {
      out.push(line + '=');
      line = '';
    }
    line += tok;
  };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 13 && bytes[i + 1] === 10) {
      // A space or tab at the end of a line must be encoded.
      if (/[ \t]$/.test(line)) line = line.slice(0, -1) + `=${line.charCodeAt(line.length - 1).toString(16).toUpperCase().padStart(2, '0')}`;
      out.push(line);
      line = '';
      i++;
      continue;
    }
    if (c === 10) {
      push('=0A');
      continue;
    }
    if ((c >= 33 && c <= 126 && c !== 61) || c === 32 || c === 9) push(String.fromCharCode(c));
    else push(`=${c.toString(16).toUpperCase().padStart(2, '0')}`);
  }
  out.push(line);
  return out.join(CRLF);
}

const boundary = (tag: string) => `----=_${tag}_${randomBytes(8).toString('hex')}`;
const msgId = (domain: string) => `<opec.${Date.now()}.${randomBytes(6).toString('hex')}@${domain}>`;
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

function rfc2822Date(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

/** The SdI's own message: a short text and its files. */
export function sdiOriginalMessage(opts: { from: string; to: string; subject: string; text: string; attachments: MailAttachment[]; date?: Date; messageId?: string }): { raw: string; messageId: string } {
  const b = boundary('Part');
  const messageId = opts.messageId ?? msgId(domainOf(opts.from));
  const parts = opts.attachments.map((a) => {
    const enc = a.encoding ?? 'base64';
    return [
      `--${b}`,
      `Content-Type: application/octet-stream; name=${a.fileName}`,
      `Content-Transfer-Encoding: ${enc}`,
      `Content-Disposition: attachment; filename=${a.fileName}`,
      '',
      enc === 'base64' ? b64Lines(a.bytes) : quotedPrintable(a.bytes),
    ].join(CRLF);
  });
  const raw = [
    `From: ${opts.from}`,
    `To: ${opts.to}`,
    `Subject: ${opts.subject}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    `Date: ${rfc2822Date(opts.date ?? new Date())}`,
    `Message-ID: ${messageId}`,
    '',
    ...parts,
    `--${b}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    opts.text,
    '',
    `--${b}--`,
    '',
  ].join(CRLF);
  return { raw, messageId };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function daticert(opts: { tipo: string; mittente: string; destinatari: string[]; oggetto: string; msgid: string; identificativo: string; gestore: string; date: Date; consegna?: string }): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const d = opts.date;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<postacert tipo="${opts.tipo}" errore="nessuno">`,
    '  <intestazione>',
    `    <mittente>${escapeXml(opts.mittente)}</mittente>`,
    ...opts.destinatari.map((x) => `    <destinatari tipo="certificato">${escapeXml(x)}</destinatari>`),
    `    <risposte>${escapeXml(opts.mittente)}</risposte>`,
    `    <oggetto>${escapeXml(opts.oggetto)}</oggetto>`,
    '  </intestazione>',
    '  <dati>',
    `    <gestore-emittente>${escapeXml(opts.gestore)}</gestore-emittente>`,
    '    <data zona="+0000">',
    `      <giorno>${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}</giorno>`,
    `      <ora>${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}</ora>`,
    '    </data>',
    `    <identificativo>${escapeXml(opts.identificativo)}</identificativo>`,
    `    <msgid>${escapeXml(opts.msgid)}</msgid>`,
    ...(opts.consegna ? [`    <consegna>${escapeXml(opts.consegna)}</consegna>`] : []),
    '  </dati>',
    '</postacert>',
    '',
  ].join('\n');
}

export interface EnvelopeOptions {
  /** 'posta-certificata' wraps `original`; the receipts describe a message the mailbox owner sent. */
  kind: 'posta-certificata' | 'accettazione' | 'avvenuta-consegna';
  /** Who sent the original (for receipts: the mailbox owner). */
  sender: string;
  recipient: string;
  /** Subject of the original. */
  subject: string;
  /** Message-ID of the original. */
  originalMessageId: string;
  /** The original message (posta-certificata and complete delivery receipts). */
  original?: string;
  provider: string;
  date?: Date;
}

/** A whole message as it lands in a PEC mailbox. */
export function pecEnvelope(o: EnvelopeOptions): string {
  const date = o.date ?? new Date();
  const outer = boundary('Signed');
  const mixed = boundary('Mixed');
  const alt = boundary('Alt');
  const id = msgId(o.provider);
  const prefix = o.kind === 'posta-certificata' ? 'POSTA CERTIFICATA' : o.kind === 'accettazione' ? 'ACCETTAZIONE' : 'CONSEGNA';
  const what =
    o.kind === 'posta-certificata'
      ? `il messaggio "${o.subject}" è stato inviato da "${o.sender}" indirizzato a: ${o.recipient}. Il messaggio originale è incluso in allegato.`
      : o.kind === 'accettazione'
        ? `il messaggio "${o.subject}" proveniente da "${o.sender}" ed indirizzato a: ${o.recipient} è stato accettato dal sistema ed inoltrato.`
        : `il messaggio "${o.subject}" proveniente da "${o.sender}" ed indirizzato a "${o.recipient}" è stato consegnato nella casella di destinazione.`;
  const text = `Messaggio di posta certificata${CRLF}${CRLF}Il giorno ${date.toISOString()} ${what}${CRLF}Identificativo messaggio: ${id.slice(1, -1)}${CRLF}`;
  const dc = daticert({
    tipo: o.kind,
    mittente: o.sender,
    destinatari: [o.recipient],
    oggetto: o.subject,
    msgid: o.originalMessageId,
    identificativo: id.slice(1, -1),
    gestore: `Gestore PEC di prova ${o.provider}`,
    date,
    ...(o.kind === 'avvenuta-consegna' ? { consegna: o.recipient } : {}),
  });
  const headers = [
    `Return-Path: <posta-certificata@${o.provider}>`,
    `Date: ${rfc2822Date(date)}`,
    `Subject: ${prefix}: ${o.subject}`,
    o.kind === 'posta-certificata' ? `From: "Per conto di: ${o.sender}" <posta-certificata@${o.provider}>` : `From: posta-certificata@${o.provider}`,
    `To: ${o.kind === 'posta-certificata' ? o.recipient : o.sender}`,
    ...(o.kind === 'posta-certificata' ? [`Reply-To: ${o.sender}`, 'X-Trasporto: posta-certificata'] : [`X-Ricevuta: ${o.kind}`]),
    `X-Riferimento-Message-ID: ${o.originalMessageId}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg="sha-256"; boundary="${outer}"`,
    `Message-ID: ${id}`,
  ];
  const inner = [
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alt}"`,
    '',
    `--${alt}`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(new TextEncoder().encode(text)),
    `--${alt}--`,
    '',
    `--${mixed}`,
    'Content-Type: application/xml; name="daticert.xml"',
    'Content-Disposition: inline; filename="daticert.xml"',
    'Content-Transfer-Encoding: base64',
    '',
    b64Lines(new TextEncoder().encode(dc)),
    ...(o.original
      ? ['', `--${mixed}`, 'Content-Type: message/rfc822; name="postacert.eml"', 'Content-Disposition: inline; filename="postacert.eml"', 'Content-Transfer-Encoding: 7bit', '', o.original]
      : []),
    `--${mixed}--`,
  ];
  const placeholder = new TextEncoder().encode('firma S/MIME non prodotta dalla sandbox SdI');
  return [
    ...headers,
    '',
    'This is an S/MIME signed message',
    '',
    `--${outer}`,
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
    '',
    ...inner,
    '',
    `--${outer}`,
    'Content-Type: application/x-pkcs7-signature; name="smime.p7s"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="smime.p7s"',
    '',
    b64Lines(placeholder),
    '',
    `--${outer}--`,
    '',
  ].join(CRLF);
}
