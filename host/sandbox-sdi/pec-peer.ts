/**
 * The sandbox SdI on the mail side (PEC channel): an SMTP server on 127.0.0.1 that plays the company's PEC provider
 * (AUTH required) and, behind it, the SdI's PEC mailboxes. What a company sends to the SdI's address is checked by the
 * sandbox SdI (sandbox.ts: the same checks and notifications as over HTTP); the provider's receipts (accettazione,
 * avvenuta consegna) and the SdI's answers — each notification in a PEC envelope from the sdiNN address the SdI assigns
 * to that sender with its first answer — are appended to the sender's mailbox over IMAP (a real IMAP server, e.g.
 * dovecot in the tests). Invoices addressed to a company go to its mailbox with their metadata file ("Invio File").
 *
 * Test and demo use only: it imports smtp-server (a development dependency) and is not exported by index.ts.
 */
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';
import { parseNotification } from '../../core/sdi/notifications';
import { parseMime, partBody, walkParts, headerValue, addressesIn } from '../../core/sdi/transmitters/mime';
import type { SandboxSdi } from './sandbox';
import { pecEnvelope, sdiOriginalMessage, type MailAttachment } from './pec-mail';

export interface SandboxPecPeerOptions {
  sandbox: SandboxSdi;
  /** Where the mailboxes are (IMAP, no TLS: 127.0.0.1 only). */
  imap: { host: string; port: number };
  /** Mailbox owners: address -> password (SMTP AUTH and IMAP APPEND). */
  mailboxes: Record<string, string>;
  /** The SdI's first address (default sdi01@pec.fatturapa.it). */
  sdiAddress?: string;
  /** The address the SdI assigns to each new sender (default sdi07@<domain of sdiAddress>). */
  assignedAddress?: string;
  /** Domain of the PEC provider (From: posta-certificata@...). */
  provider?: string;
  /** Send provider receipts (accettazione, avvenuta consegna); default true. */
  receipts?: boolean;
}

export interface ReceivedPecMail {
  from: string;
  to: string[];
  subject: string;
  messageId?: string;
  fileNames: string[];
}

export interface SandboxPecPeer {
  smtpPort: number;
  /** What the SdI received by mail, in order. */
  received: ReceivedPecMail[];
  /** Sender -> the sdiNN address it was assigned. */
  assigned: Map<string, string>;
  /** A supplier's invoice for the company whose mailbox is `to`: delivered with its metadata file. */
  deliverInvoice(fileName: string, bytes: Uint8Array, to: string): Promise<{ identificativoSdI: string; metadataFileName: string }>;
  /** Appends any message to a mailbox (tests: broken messages, mail from people). */
  append(to: string, raw: string | Uint8Array): Promise<void>;
  /** Resolves when everything received so far has been answered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const SUBJECTS: Record<string, string> = {
  RC: 'Ricevuta di consegna',
  NS: 'Notifica di scarto',
  MC: 'Notifica di mancata consegna',
  NE: 'Notifica di esito',
  DT: 'Notifica di decorrenza termini',
  AT: 'Attestazione di avvenuta trasmissione della fattura con impossibilità di recapito',
};

export async function startSandboxPecPeer(opts: SandboxPecPeerOptions): Promise<SandboxPecPeer> {
  const sdiAddress = (opts.sdiAddress ?? 'sdi01@pec.fatturapa.it').toLowerCase();
  const sdiDomain = sdiAddress.slice(sdiAddress.indexOf('@') + 1);
  const assignedAddress = (opts.assignedAddress ?? `sdi07@${sdiDomain}`).toLowerCase();
  const provider = opts.provider ?? 'pec.sandbox.test';
  const receipts = opts.receipts ?? true;
  const received: ReceivedPecMail[] = [];
  const assigned = new Map<string, string>();
  let feedCursor: string | undefined = opts.sandbox.updates(undefined, undefined).cursor;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>) => {
    queue = queue.then(job, job);
    return queue;
  };

  async function append(to: string, raw: string | Uint8Array): Promise<void> {
    const password = opts.mailboxes[to.toLowerCase()];
    if (password === undefined) throw new Error(`casella sconosciuta alla sandbox: ${to}`);
    const client = new ImapFlow({ host: opts.imap.host, port: opts.imap.port, secure: false, doSTARTTLS: false, auth: { user: to.toLowerCase(), pass: password }, logger: false });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.append('INBOX', typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw));
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /** Everything the sandbox produced since last time, as (fileName, bytes, kind). */
  function newFeed() {
    const out = opts.sandbox.updates(undefined, feedCursor);
    if (out.cursor !== undefined) feedCursor = out.cursor;
    return out.files.map((f) => ({ fileName: f.fileName, kind: f.kind, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) }));
  }

  async function sendFromSdi(from: string, to: string, subject: string, text: string, attachments: MailAttachment[]): Promise<void> {
    const original = sdiOriginalMessage({ from, to, subject, text, attachments });
    await append(to, pecEnvelope({ kind: 'posta-certificata', sender: from, recipient: to, subject, originalMessageId: original.messageId, original: original.raw, provider: sdiDomain }));
  }

  async function processMail(raw: Buffer, envelopeFrom: string, rcpt: string[]): Promise<void> {
    const msg = parseMime(new Uint8Array(raw));
    const subject = headerValue(msg, 'subject') ?? '';
    const messageId = headerValue(msg, 'message-id');
    const from = addressesIn(headerValue(msg, 'from'))[0] ?? envelopeFrom.toLowerCase();
    const files: { fileName: string; bytes: Uint8Array }[] = [];
    for (const p of walkParts(msg)) {
      if (!p.fileName || p.parts.length) continue;
      const body = partBody(p);
      if (body) files.push({ fileName: p.fileName, bytes: body });
    }
    received.push({ from, to: rcpt, subject, ...(messageId ? { messageId } : {}), fileNames: files.map((f) => f.fileName) });
    if (receipts && messageId) {
      await append(from, pecEnvelope({ kind: 'accettazione', sender: from, recipient: rcpt.join(', '), subject, originalMessageId: messageId, provider }));
      await append(from, pecEnvelope({ kind: 'avvenuta-consegna', sender: from, recipient: rcpt[0] ?? sdiAddress, subject, originalMessageId: messageId, original: raw.toString('latin1'), provider }));
    }
    if (!rcpt.some((r) => r === sdiAddress || r === assignedAddress || r.endsWith(`@${sdiDomain}`))) return;
    for (const f of files) if (/\.(xml|xml\.p7m)$/i.test(f.fileName)) opts.sandbox.receive(f.fileName, f.bytes);
    // The SdI answers from the address it assigns to this sender (the first answer tells the sender which one).
    if (!assigned.has(from)) assigned.set(from, assignedAddress);
    const sdiFrom = assigned.get(from)!;
    for (const n of newFeed()) {
      if (n.kind !== 'notification') continue;
      let sdiId = '';
      let kind = 'RC';
      try {
        const parsed = parseNotification(n.bytes);
        sdiId = parsed.sdiId;
        kind = parsed.kind;
      } catch {
        // A message the sandbox made is always readable; keep going with the defaults if not.
      }
      await sendFromSdi(sdiFrom, from, `${SUBJECTS[kind] ?? 'Notifica'} ${sdiId}`, `Notifica del Sistema di Interscambio (sandbox) relativa al file con identificativo ${sdiId}.`, [{ fileName: n.fileName, bytes: n.bytes, encoding: 'base64' }]);
    }
  }

  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 40 * 1024 * 1024,
    onAuth(auth, _session, cb) {
      const user = (auth.username ?? '').toLowerCase();
      if (opts.mailboxes[user] !== undefined && opts.mailboxes[user] === auth.password) cb(null, { user });
      else cb(new Error('Credenziali non valide'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const rcpt = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        void enqueue(() => processMail(raw, envelopeFrom, rcpt));
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const smtpPort = (server as unknown as { server: { address(): { port: number } } }).server.address().port;

  return {
    smtpPort,
    received,
    assigned,
    append: (to, raw) => enqueue(() => append(to, raw)),
    async deliverInvoice(fileName, bytes, to) {
      let result: { identificativoSdI: string; metadataFileName: string } | undefined;
      let failure: unknown;
      await enqueue(async () => {
        let r;
        try {
          // Inside the queue: the feed it adds to is read by this job, not by a mail being answered.
          r = opts.sandbox.inject(fileName, bytes);
        } catch (e) {
          failure = e;
          return;
        }
        const files = newFeed().filter((f) => f.fileName === fileName || f.fileName === r.metadataFileName);
        const sdiFrom = assigned.get(to.toLowerCase()) ?? assignedAddress;
        // As the SdI does: metadata first, the invoice quoted-printable.
        const attachments: MailAttachment[] = files
          .sort((a, b) => (a.kind === 'metadata' ? -1 : 1) - (b.kind === 'metadata' ? -1 : 1))
          .map((f) => ({ fileName: f.fileName, bytes: f.bytes, encoding: f.kind === 'invoice' ? 'quoted-printable' : 'base64' }));
        await sendFromSdi(sdiFrom, to.toLowerCase(), `Invio File ${r.identificativoSdI}`, `Il file ${fileName} è stato trasmesso dal Sistema di Interscambio (sandbox).`, attachments);
        result = { identificativoSdI: r.identificativoSdI, metadataFileName: r.metadataFileName };
      });
      if (failure) throw failure;
      return result!;
    },
    idle: () => queue,
    close: async () => {
      await queue.catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
