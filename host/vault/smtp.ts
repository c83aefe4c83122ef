/**
 * E-mail for vault shares over SMTP with nodemailer. One transport per flush (connection reused for the messages of
 * that flush, then closed). Errors become MailError with a kind the share queue acts on: temporary (server not
 * reachable, 4xx: stay queued and retry), auth, rejected (5xx), config (TLS mismatch). A password never travels over
 * an unencrypted connection, except to this computer (127.0.0.1 / localhost, e.g. a local relay or the tests).
 */
import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer';
import { MailError, type MailFailureKind, type MailTransport, type MailTransportFactory } from '../../core/vault/ports';
import type { SmtpSettings } from '../../core/vault/types';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface SmtpTimeouts {
  connectionMs?: number;
  greetingMs?: number;
  socketMs?: number;
}

export function classifyMailError(e: unknown): MailError {
  if (e instanceof MailError) return e;
  const err = (e ?? {}) as NodemailerError;
  const code = err.code;
  const rc = err.responseCode;
  const original = err.originalCode ? ` ${err.originalCode}` : '';
  const text = `${(err.message ?? String(e)).replace(/\s+/g, ' ').slice(0, 200)}${code ? ` [${code}${original}]` : ''}`;
  let kind: MailFailureKind;
  if (code === 'EAUTH' || code === 'ENOAUTH') kind = 'auth';
  else if (typeof rc === 'number') kind = (err.permanent ?? (rc >= 500 && rc !== 503)) ? 'rejected' : 'temporary';
  else if (code === 'EENVELOPE' || code === 'EMESSAGE' || code === 'EMAXRECIPIENTS') kind = 'rejected';
  else if (code === 'ETLS' || code === 'EREQUIRETLS' || code === 'ECONFIG') kind = 'config';
  else kind = 'temporary';
  return new MailError(kind, text, code ?? (rc !== undefined ? String(rc) : undefined));
}

export function createSmtpTransportFactory(timeouts: SmtpTimeouts = {}): MailTransportFactory {
  return (settings: SmtpSettings, password: string | undefined): MailTransport => {
    const local = LOOPBACK.has(settings.host.toLowerCase());
    const transporter = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: !settings.secure && !local && settings.user !== undefined,
      auth: settings.user ? { user: settings.user, pass: password ?? '' } : undefined,
      connectionTimeout: timeouts.connectionMs ?? 15_000,
      greetingTimeout: timeouts.greetingMs ?? 15_000,
      socketTimeout: timeouts.socketMs ?? 60_000,
      // Never write the conversation (it would carry the AUTH exchange) to any log.
      logger: false,
      debug: false,
    });
    return {
      async send(m) {
        try {
          const info = await transporter.sendMail({
            from: m.from.name ? { name: m.from.name, address: m.from.email } : m.from.email,
            to: m.to.name ? { name: m.to.name, address: m.to.email } : m.to.email,
            subject: m.subject,
            text: m.text,
            attachments: m.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
            })),
          });
          const addr = (x: unknown) => (typeof x === 'string' ? x : ((x as { address?: string })?.address ?? String(x)));
          return { messageId: info.messageId, accepted: (info.accepted ?? []).map(addr), rejected: (info.rejected ?? []).map(addr) };
        } catch (e) {
          throw classifyMailError(e);
        }
      },
      async verify() {
        try {
          await transporter.verify();
        } catch (e) {
          throw classifyMailError(e);
        }
      },
      close() {
        transporter.close();
      },
    };
  };
}
