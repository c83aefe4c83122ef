/**
 * The PEC channel's network part (core/sdi/transmitters/pec.ts `PecMailDriver`): SMTP with nodemailer, IMAP with
 * imapflow, TLS as configured (implicit TLS, STARTTLS, or none towards this computer only). Every failure becomes a
 * MailChannelError with an Italian message and whether it is worth retrying. Nothing of the conversation is logged
 * (it would carry the password).
 */
import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer';
import { ImapFlow } from 'imapflow';
import { MailChannelError, type FetchedMail, type PecConfig, type PecMailbox, type PecMailDriver, type PecOutgoingMail } from '../../core/sdi/transmitters/pec';

export interface PecDriverOptions {
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** Extra TLS options (tests trust their own CA). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connessione rifiutata',
  ENOTFOUND: 'server non trovato (nome errato o rete assente?)',
  EAI_AGAIN: 'server non trovato (rete assente?)',
  ECONNRESET: 'connessione interrotta dal server',
  EPIPE: 'connessione interrotta',
  EHOSTUNREACH: 'server non raggiungibile',
  ENETUNREACH: 'rete non raggiungibile',
  EConnectionClosed: 'connessione chiusa dal server',
  NoConnection: 'connessione chiusa',
  ClosedAfterConnectText: 'connessione chiusa dal server subito dopo l’apertura',
  ClosedAfterConnectTLS: 'connessione chiusa dal server durante la negoziazione TLS',
};

function tlsProblem(code: string | undefined, message: string): boolean {
  return !!code && (/^ERR_SSL|^ERR_TLS|CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /certificate|ssl|tls/i.test(message));
}

/** imapflow / socket errors -> MailChannelError. */
export function classifyImapError(e: unknown): MailChannelError {
  if (e instanceof MailChannelError) return e;
  const err = (e ?? {}) as { code?: string; message?: string; authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string };
  const message = (err.responseText ?? err.message ?? String(e)).replace(/\s+/g, ' ').slice(0, 200);
  if (err.authenticationFailed || err.serverResponseCode === 'AUTHENTICATIONFAILED') return new MailChannelError('AUTH', 'utente o password della casella PEC non accettati dal server IMAP', false);
  const code = err.code;
  if (code && /TIMEOUT/i.test(code)) return new MailChannelError('TIMEOUT', 'il server IMAP non risponde (tempo scaduto)', true);
  if (code === 'ETIMEDOUT') return new MailChannelError('TIMEOUT', 'il server IMAP non risponde (tempo scaduto)', true);
  if (code && NETWORK_CODES[code]) return new MailChannelError('NETWORK', `IMAP: ${NETWORK_CODES[code]}`, true);
  if (tlsProblem(code, message)) return new MailChannelError('TLS', `IMAP: connessione sicura non riuscita (${message})`, false);
  if (code === 'NotFound' || /NONEXISTENT|doesn.t exist|not found/i.test(message)) return new MailChannelError('REFUSED', `cartella non trovata sul server IMAP (${message})`, false);
  return new MailChannelError('PROTOCOL', `IMAP: ${message}`, true);
}

/** nodemailer errors -> MailChannelError (4xx and network: retry; 5xx and auth: refused). */
export function classifySmtpError(e: unknown): MailChannelError {
  if (e instanceof MailChannelError) return e;
  const err = (e ?? {}) as NodemailerError & { permanent?: boolean };
  const code = err.code;
  const rc = err.responseCode;
  const text = (err.response ?? err.message ?? String(e)).replace(/\s+/g, ' ').slice(0, 200);
  if (code === 'EAUTH' || code === 'ENOAUTH') return new MailChannelError('AUTH', 'utente o password della casella PEC non accettati dal server SMTP', false);
  if (typeof rc === 'number') {
    const permanent = err.permanent ?? rc >= 500;
    return new MailChannelError('REFUSED', `il server SMTP ha risposto ${rc}: ${text}`, !permanent);
  }
  if (code === 'ETLS' || code === 'EREQUIRETLS' || tlsProblem(code, text)) return new MailChannelError('TLS', `SMTP: connessione sicura non riuscita (${text})`, false);
  if (code === 'ETIMEDOUT') return new MailChannelError('TIMEOUT', 'il server SMTP non risponde (tempo scaduto)', true);
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return new MailChannelError('REFUSED', `messaggio non accettato: ${text}`, false);
  const net = code ? NETWORK_CODES[code] : undefined;
  const orig = (err as { originalCode?: string }).originalCode;
  const why = net ?? (orig && NETWORK_CODES[orig]) ?? text;
  return new MailChannelError('NETWORK', `SMTP: ${why}`, true);
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    onAbort();
    return Promise.reject(new MailChannelError('NETWORK', 'operazione annullata', true));
  }
  return new Promise<T>((resolve, reject) => {
    const stop = () => {
      onAbort();
      reject(new MailChannelError('NETWORK', 'operazione annullata', true));
    };
    signal.addEventListener('abort', stop, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', stop);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(e);
      },
    );
  });
}

export function createNodePecDriver(config: PecConfig, password: string, opts: PecDriverOptions = {}): PecMailDriver {
  const connectionTimeout = opts.connectionTimeoutMs ?? 20_000;
  const socketTimeout = opts.socketTimeoutMs ?? 120_000;

  const transport = () =>
    nodemailer.createTransport({
      host: config.smtpHost,
      port: config.smtpPort,
      secure: config.smtpSecurity === 'tls',
      requireTLS: config.smtpSecurity === 'starttls',
      ignoreTLS: config.smtpSecurity === 'none',
      auth: { user: config.user, pass: password },
      connectionTimeout,
      greetingTimeout: connectionTimeout,
      socketTimeout,
      ...(opts.tls ? { tls: opts.tls } : {}),
      logger: false,
      debug: false,
    });

  async function openMailbox(signal?: AbortSignal): Promise<PecMailbox> {
    const client = new ImapFlow({
      host: config.imapHost,
      port: config.imapPort,
      secure: config.imapSecurity === 'tls',
      ...(config.imapSecurity === 'starttls' ? { doSTARTTLS: true } : config.imapSecurity === 'none' ? { doSTARTTLS: false } : {}),
      auth: { user: config.user, pass: password },
      logger: false,
      connectionTimeout,
      greetingTimeout: connectionTimeout,
      socketTimeout,
      disableAutoIdle: true,
      ...(opts.tls ? { tls: opts.tls } : {}),
    });
    // A dropped connection is reported through the pending command; the event must not crash the process.
    client.on('error', () => undefined);
    const guard = <T>(p: Promise<T>): Promise<T> => abortable(p, signal, () => client.close()).catch((e: unknown) => Promise.reject(classifyImapError(e)));
    await guard(client.connect());
    return {
      async open(mailbox) {
        const m = await guard(client.mailboxOpen(mailbox));
        return { uidValidity: String(m.uidValidity) };
      },
      async uidsAfter(afterUid) {
        const r = await guard(client.search({ uid: `${afterUid + 1}:*` }, { uid: true }));
        return Array.isArray(r) ? r : [];
      },
      async fetch(uids: readonly number[], onMessage: (m: FetchedMail) => void) {
        if (!uids.length) return;
        const run = async () => {
          for await (const msg of client.fetch([...uids].join(','), { uid: true, source: true }, { uid: true })) {
            if (msg.source) onMessage({ uid: msg.uid, source: new Uint8Array(msg.source.buffer, msg.source.byteOffset, msg.source.byteLength) });
          }
        };
        await guard(run());
      },
      async markSeen(uids) {
        if (uids.length) await guard(client.messageFlagsAdd([...uids].join(','), ['\\Seen'], { uid: true }));
      },
      async searchHeader(name, value) {
        const r = await guard(client.search({ header: { [name]: value } }, { uid: true }));
        return Array.isArray(r) ? r : [];
      },
      async close() {
        try {
          await client.logout();
        } catch {
          client.close();
        }
      },
    };
  }

  return {
    async send(mail: PecOutgoingMail, signal?: AbortSignal) {
      const t = transport();
      try {
        await abortable(
          t.sendMail({
            from: mail.from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            messageId: mail.messageId,
            attachments: mail.attachments.map((a) => ({ filename: a.fileName, content: Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength), contentType: a.contentType })),
          }),
          signal,
          () => t.close(),
        );
      } catch (e) {
        throw classifySmtpError(e);
      } finally {
        t.close();
      }
    },
    async checkSmtp(signal) {
      const t = transport();
      try {
        await abortable(t.verify(), signal, () => t.close());
      } catch (e) {
        throw classifySmtpError(e);
      } finally {
        t.close();
      }
    },
    openMailbox,
  };
}
