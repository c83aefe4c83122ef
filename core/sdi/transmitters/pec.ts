/**
 * The PEC channel: each file goes as the attachment of one PEC message to the SdI (first to sdi01@pec.fatturapa.it;
 * the SdI's first answer comes from the sdiNN address assigned to this sender, which is remembered in the channel
 * settings and used from then on), and the SdI's messages are read from the company's PEC mailbox over IMAP.
 *
 * Reading is crash-safe and shares the mailbox with people: the cursor is (mailbox, UIDVALIDITY, last UID looked at),
 * kept per company by the outbox after the files are stored; a message is flagged \Seen only on the NEXT read, i.e.
 * after its files were ingested (never relied upon: a person may read or unread mail at any time). A UIDVALIDITY change
 * rescans the mailbox, which is harmless because ingestion is idempotent by file name.
 *
 * The network parts (SMTP, IMAP, TLS) are the host's: this module talks to them through `PecMailDriver`.
 */
import { fail } from '../../errors';
import { sha256Hex } from '../../invoicing/services/sha256';
import type { IncomingFile, OutgoingFile, SendOptions, SendOutcome, Transmitter, TransmitterHealth, TransmitterUpdates } from '../transmitter';
import { isSdiAddress, readPecMessage, sdiAttachments } from './pec-envelope';
import { pairMetadata } from './sandbox';

export const PEC_TRANSMITTER_ID = 'pec';
export const SDI_FIRST_PEC_ADDRESS = 'sdi01@pec.fatturapa.it';
const CHANNEL = 'PEC';

export type MailSecurity = 'tls' | 'starttls' | 'none';

export interface PecConfig {
  /** The company's PEC address (sender of the files, owner of the mailbox). */
  address: string;
  /** Login name for SMTP and IMAP (usually the address itself). */
  user: string;
  smtpHost: string;
  smtpPort: number;
  smtpSecurity: MailSecurity;
  imapHost: string;
  imapPort: number;
  imapSecurity: MailSecurity;
  /** The IMAP folder the SdI's messages arrive in. */
  mailbox: string;
  /** Where the first file goes (sdi01@pec.fatturapa.it). */
  sdiAddress: string;
  /** The sdiNN address the SdI assigned with its first answer, once known. */
  sdiAddressAssigned?: string;
}

/** The channel's settings as stored (strings), keys as in the settings screen. */
export const PEC_CONFIG_KEYS = ['address', 'user', 'smtpHost', 'smtpPort', 'smtpSecurity', 'imapHost', 'imapPort', 'imapSecurity', 'mailbox', 'sdiAddress', 'sdiAddressAssigned'] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$|^\[[0-9a-fA-F:.]+\]$/;

function badConfig(field: string, message: string, fix: string): never {
  fail('IMPOSTAZIONE_NON_VALIDA', message, { field: `config.${field}`, fix });
}

function port(v: string | undefined, def: number, field: string): number {
  if (v === undefined || v === '') return def;
  if (!/^\d{1,5}$/.test(v) || Number(v) < 1 || Number(v) > 65535) badConfig(field, `Porta non valida: «${v}».`, 'Indica un numero tra 1 e 65535 (di solito 465 per SMTP e 993 per IMAP).');
  return Number(v);
}

function security(v: string | undefined, field: string): MailSecurity {
  if (v === undefined || v === '') return 'tls';
  if (v === 'tls' || v === 'starttls' || v === 'none') return v;
  badConfig(field, `Sicurezza della connessione non valida: «${v}».`, 'Ammessi: tls (consigliato), starttls, none (solo per prove locali).');
}

function email(v: string | undefined, field: string, label: string): string {
  const s = (v ?? '').trim().toLowerCase();
  if (!EMAIL.test(s)) badConfig(field, `${label} non valido: «${v ?? ''}».`, 'Scrivi un indirizzo completo, ad esempio fatture@pec.esempio.it.');
  return s;
}

function host(v: string | undefined, field: string, label: string): string {
  const s = (v ?? '').trim();
  if (!HOST.test(s)) badConfig(field, `${label} non valido: «${v ?? ''}».`, 'Scrivi il nome del server del gestore PEC, ad esempio smtps.pec.aruba.it.');
  return s;
}

/** Checks the stored settings and fills the defaults (ports 465/993, TLS, INBOX, sdi01@pec.fatturapa.it). */
export function readPecConfig(config: Record<string, string>): PecConfig {
  const address = email(config.address, 'address', 'Indirizzo PEC');
  const out: PecConfig = {
    address,
    user: (config.user ?? '').trim() || address,
    smtpHost: host(config.smtpHost, 'smtpHost', 'Server SMTP'),
    smtpPort: port(config.smtpPort, 465, 'smtpPort'),
    smtpSecurity: security(config.smtpSecurity, 'smtpSecurity'),
    imapHost: host(config.imapHost, 'imapHost', 'Server IMAP'),
    imapPort: port(config.imapPort, 993, 'imapPort'),
    imapSecurity: security(config.imapSecurity, 'imapSecurity'),
    mailbox: (config.mailbox ?? '').trim() || 'INBOX',
    sdiAddress: config.sdiAddress ? email(config.sdiAddress, 'sdiAddress', 'Indirizzo PEC dello SdI') : SDI_FIRST_PEC_ADDRESS,
  };
  // A password never crosses the network unencrypted, except to this computer (local relays, tests).
  for (const [h, sec, field] of [[out.smtpHost, out.smtpSecurity, 'smtpSecurity'], [out.imapHost, out.imapSecurity, 'imapSecurity']] as const) {
    if (sec === 'none' && !LOOPBACK.has(h.toLowerCase())) badConfig(field, `Connessione senza cifratura verso ${h}: la password viaggerebbe in chiaro.`, 'Scegli tls (o starttls): «none» è ammesso solo verso questo computer (127.0.0.1).');
  }
  if (config.sdiAddressAssigned) out.sdiAddressAssigned = email(config.sdiAddressAssigned, 'sdiAddressAssigned', 'Indirizzo PEC assegnato dallo SdI');
  if (out.mailbox.length > 200 || /[\r\n]/.test(out.mailbox)) badConfig('mailbox', 'Nome della cartella non valido.', 'Di solito è INBOX.');
  return out;
}

// ----- the host's part ----------------------------------------------------------------------------------------------

export interface PecOutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** With angle brackets. Deterministic per file, so receipts can be found again after a crash. */
  messageId: string;
  attachments: { fileName: string; bytes: Uint8Array; contentType: string }[];
}

/** A failure of the mail servers, already classified by the host. */
export class MailChannelError extends Error {
  constructor(
    /** AUTH: wrong user or password; NETWORK/TIMEOUT: no answer; TLS: certificate or handshake; REFUSED: the server said no. */
    readonly kind: 'AUTH' | 'NETWORK' | 'TIMEOUT' | 'TLS' | 'REFUSED' | 'PROTOCOL',
    /** Italian. */
    message: string,
    readonly temporary: boolean,
  ) {
    super(message);
    this.name = 'MailChannelError';
  }
}

export interface FetchedMail {
  uid: number;
  source: Uint8Array;
}

export interface PecMailbox {
  /** Selects the folder; UIDVALIDITY as a decimal string. */
  open(mailbox: string): Promise<{ uidValidity: string }>;
  /** UIDs greater than `afterUid`, ascending. */
  uidsAfter(afterUid: number): Promise<number[]>;
  /** Calls `onMessage` for each message as it arrives; may throw part way (connection lost). */
  fetch(uids: readonly number[], onMessage: (m: FetchedMail) => void): Promise<void>;
  markSeen(uids: readonly number[]): Promise<void>;
  /** UIDs of messages whose header `name` contains `value`. */
  searchHeader(name: string, value: string): Promise<number[]>;
  close(): Promise<void>;
}

export interface PecMailDriver {
  send(mail: PecOutgoingMail, signal?: AbortSignal): Promise<void>;
  /** Connects and authenticates to the SMTP server without sending anything. */
  checkSmtp(signal?: AbortSignal): Promise<void>;
  /** Connects and logs in to the IMAP server. */
  openMailbox(signal?: AbortSignal): Promise<PecMailbox>;
  close?(): Promise<void>;
}

// ----- the transmitter ----------------------------------------------------------------------------------------------

export interface PecTransmitterOptions {
  config: PecConfig;
  driver: PecMailDriver;
  /** Stores changed settings (the assigned SdI address). */
  onConfigChange?(config: PecConfig): void;
  /** Messages per fetchUpdates call. */
  pageSize?: number;
}

interface PecCursor {
  v: 1;
  mailbox: string;
  uidValidity: string;
  /** Every message up to this UID was looked at and its files returned. */
  uid: number;
  /** UIDs of the SdI's messages returned last time: flagged \Seen once their files are stored. */
  pending: number[];
}

function readCursor(text: string | undefined): PecCursor | undefined {
  if (!text) return undefined;
  try {
    const c = JSON.parse(text) as Partial<PecCursor>;
    if (c.v === 1 && typeof c.mailbox === 'string' && typeof c.uidValidity === 'string' && Number.isSafeInteger(c.uid) && Array.isArray(c.pending)) {
      return { v: 1, mailbox: c.mailbox, uidValidity: c.uidValidity, uid: c.uid!, pending: c.pending.filter((u) => Number.isSafeInteger(u)) };
    }
  } catch {
    // An unreadable cursor means: read the mailbox again from the start (ingestion skips what it has).
  }
  return undefined;
}

const MESSAGE_ID_PREFIX = 'fatturadesk.';

/** <fatturadesk.IT01234567897_00001.xml.1a2b3c4d5e6f7a8b@pec.esempio.it>: same file, same id. */
export function pecMessageId(fileName: string, bytes: Uint8Array, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'fatturadesk.invalid';
  return `<${MESSAGE_ID_PREFIX}${fileName}.${sha256Hex(bytes).slice(0, 16)}@${domain}>`;
}

function contentTypeOf(fileName: string): string {
  if (/\.p7m$/i.test(fileName)) return 'application/pkcs7-mime';
  if (/\.zip$/i.test(fileName)) return 'application/zip';
  return 'application/xml';
}

function channelError(e: unknown): { message: string; temporary: boolean; code: string } {
  if (e instanceof MailChannelError) return { message: e.message, temporary: e.temporary, code: `PEC_${e.kind}` };
  return { message: `errore imprevisto (${e instanceof Error ? e.message : String(e)})`, temporary: true, code: 'PEC_ERRORE' };
}

function unreachable(what: string, e: unknown): never {
  const c = channelError(e);
  const fix =
    e instanceof MailChannelError && e.kind === 'AUTH'
      ? 'Controlla utente e password della casella PEC in Impostazioni › Fatturazione elettronica › Canale di invio.'
      : 'Controlla la connessione e i server indicati, poi riprova: nulla è andato perso.';
  fail(c.code === 'PEC_AUTH' ? 'PEC_ACCESSO_NEGATO' : 'CANALE_NON_RAGGIUNGIBILE', `${CHANNEL}: ${what} non riuscita: ${c.message}.`, { fix });
}

export function createPecTransmitter(opts: PecTransmitterOptions): Transmitter {
  const config: PecConfig = { ...opts.config };
  const driver = opts.driver;
  const pageSize = Math.max(1, opts.pageSize ?? 25);
  const sdiDomain = config.sdiAddress.slice(config.sdiAddress.lastIndexOf('@') + 1);

  const target = () => config.sdiAddressAssigned ?? config.sdiAddress;

  function noteSdiAddress(address: string): void {
    if (address === config.sdiAddressAssigned || address === config.sdiAddress) return;
    config.sdiAddressAssigned = address;
    opts.onConfigChange?.({ ...config });
  }

  async function sendOne(file: OutgoingFile, signal?: AbortSignal): Promise<SendOutcome> {
    const messageId = pecMessageId(file.fileName, file.bytes, config.address);
    const mail: PecOutgoingMail = {
      from: config.address,
      to: target(),
      subject: `Invio file ${file.fileName}`,
      text: `File FatturaPA ${file.fileName} trasmesso al Sistema di Interscambio con FatturaDesk.`,
      messageId,
      attachments: [{ fileName: file.fileName, bytes: file.bytes, contentType: contentTypeOf(file.fileName) }],
    };
    try {
      await driver.send(mail, signal);
    } catch (e) {
      const c = channelError(e);
      const error = { code: c.code, message: `${CHANNEL}: invio di ${file.fileName} non riuscito: ${c.message}.` };
      if (c.temporary) return { fileName: file.fileName, status: 'retry', error: { ...error, fix: 'Nessuna azione richiesta: l’invio verrà ritentato automaticamente.' } };
      const fix =
        c.code === 'PEC_AUTH'
          ? 'Controlla utente e password della casella PEC in Impostazioni › Canale di invio, poi «Riprova».'
          : 'Controlla il messaggio del gestore PEC; poi «Riprova».';
      return { fileName: file.fileName, status: 'refused', error: { ...error, fix } };
    }
    // The provider took the message: the SdI's answers (and its IdentificativoSdI) arrive later in the mailbox.
    return { fileName: file.fileName, status: 'accepted', transmissionId: messageId };
  }

  /** Turns one fetched message into files; notes the sdiNN address the SdI writes from. */
  function filesOf(m: FetchedMail): { files: IncomingFile[]; fromSdi: boolean } {
    const pec = readPecMessage(m.source);
    if (pec.kind !== 'posta-certificata' && pec.kind !== 'plain') return { files: [], fromSdi: false };
    const original = pec.original;
    const sender = pec.sender;
    if (!isSdiAddress(sender, sdiDomain)) return { files: [], fromSdi: false };
    const found = original ? sdiAttachments(original) : { files: [], problems: [pec.problems.join(', ') || 'messaggio senza contenuto'] };
    const files = found.files;
    if (files.length === 0) {
      // A message from the SdI with nothing readable in it: kept as it came, so it is reported and never lost.
      files.push({ fileName: `PEC_SdI_${m.uid}_${sha256Hex(m.source).slice(0, 12)}.eml`, bytes: m.source, kind: 'notification' });
    }
    if (files.some((f) => f.kind === 'notification' && /_(RC|NS|MC|NE|DT|AT)_\d{3}\.xml$/i.test(f.fileName))) noteSdiAddress(sender!);
    return { files, fromSdi: true };
  }

  return {
    id: PEC_TRANSMITTER_ID,
    label: 'PEC (posta elettronica certificata)',
    capabilities: () => ({ batch: false, fetchesUpdates: true, receivesInvoices: true, manualUpload: false }),

    async health(signal): Promise<TransmitterHealth> {
      const checkedAt = new Date().toISOString();
      try {
        await driver.checkSmtp(signal);
      } catch (e) {
        return { ok: false, message: `${CHANNEL}: server di invio ${config.smtpHost}:${config.smtpPort} non utilizzabile: ${channelError(e).message}.`, checkedAt };
      }
      let mb: PecMailbox | undefined;
      try {
        mb = await driver.openMailbox(signal);
        await mb.open(config.mailbox);
      } catch (e) {
        return { ok: false, message: `${CHANNEL}: casella ${config.address} (IMAP ${config.imapHost}:${config.imapPort}, cartella ${config.mailbox}) non accessibile: ${channelError(e).message}.`, checkedAt };
      } finally {
        await mb?.close().catch(() => undefined);
      }
      return {
        ok: true,
        message: `${CHANNEL}: accesso riuscito alla casella ${config.address} (invio SMTP ${config.smtpHost}:${config.smtpPort}, lettura IMAP ${config.imapHost}:${config.imapPort}). I file vanno a ${target()}.`,
        checkedAt,
      };
    },

    async send(files: readonly OutgoingFile[], sendOpts: SendOptions = {}): Promise<SendOutcome[]> {
      const outcomes: SendOutcome[] = [];
      for (const file of files) {
        if (sendOpts.signal?.aborted) {
          outcomes.push({ fileName: file.fileName, status: 'retry', error: { code: 'ANNULLATO', message: 'Invio annullato prima di questo file.' } });
          continue;
        }
        outcomes.push(await sendOne(file));
        sendOpts.onProgress?.(outcomes.length, files.length, file.fileName);
      }
      return outcomes;
    },

    /** After a crash mid-send: the provider's acceptance receipt (X-Riferimento-Message-ID = our id) proves the send. */
    async lookup(fileName, signal) {
      let mb: PecMailbox | undefined;
      try {
        mb = await driver.openMailbox(signal);
        await mb.open(config.mailbox);
        const uids = await mb.searchHeader('X-Riferimento-Message-ID', `${MESSAGE_ID_PREFIX}${fileName}.`);
        const mails: FetchedMail[] = [];
        if (uids.length) await mb.fetch(uids.slice(-20), (m) => mails.push(m));
        for (const m of mails) {
          const pec = readPecMessage(m.source);
          const rif = pec.riferimentoMessageId ?? pec.daticert?.msgid;
          if (!rif?.includes(`${MESSAGE_ID_PREFIX}${fileName}.`)) continue;
          if (pec.kind === 'accettazione' || pec.kind === 'avvenuta-consegna') {
            return { fileName, status: 'accepted' as const, transmissionId: rif };
          }
        }
        return undefined;
      } catch (e) {
        // Never guess "not sent": an unknown answer must not lead to a second send.
        unreachable(`verifica dell’invio di ${fileName}`, e);
      } finally {
        await mb?.close().catch(() => undefined);
      }
    },

    async fetchUpdates(cursorText, signal): Promise<TransmitterUpdates> {
      const previous = readCursor(cursorText);
      let mb: PecMailbox | undefined;
      try {
        mb = await driver.openMailbox(signal);
        const { uidValidity } = await mb.open(config.mailbox);
        const same = previous && previous.mailbox === config.mailbox && previous.uidValidity === uidValidity;
        // What was returned last time is stored now (the outbox moves the cursor only after ingesting): flag it read.
        if (same && previous.pending.length) await mb.markSeen(previous.pending).catch(() => undefined);
        const after = same ? previous.uid : 0;
        const uids = (await mb.uidsAfter(after)).filter((u) => u > after).sort((a, b) => a - b).slice(0, pageSize);
        const fetched = new Map<number, FetchedMail>();
        try {
          if (uids.length) await mb.fetch(uids, (m) => fetched.set(m.uid, m));
        } catch (e) {
          // Connection lost part way: keep the messages that arrived whole, in UID order up to the first gap.
          if (!uids.length || !fetched.has(uids[0]!)) throw e;
        }
        const files: IncomingFile[] = [];
        const pending: number[] = [];
        let last = after;
        for (const uid of uids) {
          const m = fetched.get(uid);
          if (!m) break;
          const r = filesOf(m);
          files.push(...r.files);
          if (r.fromSdi) pending.push(uid);
          last = uid;
        }
        const next: PecCursor = { v: 1, mailbox: config.mailbox, uidValidity, uid: last, pending };
        const nextText = JSON.stringify(next);
        return nextText !== cursorText ? { files: pairMetadata(files), cursor: nextText } : { files: pairMetadata(files) };
      } catch (e) {
        unreachable(`lettura della casella ${config.address}`, e);
      } finally {
        await mb?.close().catch(() => undefined);
      }
    },

    async close() {
      await driver.close?.();
    },
  };
}

/** Where the next file goes, for the settings screen. */
export function describePecTarget(config: PecConfig): string {
  return config.sdiAddressAssigned ? `${config.sdiAddressAssigned} (assegnato dallo SdI)` : `${config.sdiAddress} (primo invio)`;
}
