import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { createPecTransmitter, MailChannelError, pecMessageId, readPecConfig, type FetchedMail, type PecConfig, type PecMailbox, type PecMailDriver, type PecOutgoingMail } from './pec';

const enc = (s: string) => new TextEncoder().encode(s);

/** A certified message from `from` whose original carries the given files (base64). */
function sdiMail(from: string, files: Record<string, string>, kind = 'posta-certificata'): Uint8Array {
  const atts = Object.entries(files).map(([name, body]) =>
    ['--in', `Content-Type: application/octet-stream; name=${name}`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename=${name}`, '', btoa(body)].join('\r\n'),
  );
  const original = [`From: ${from}`, 'Content-Type: multipart/mixed; boundary="in"', '', ...atts, '--in--', ''].join('\r\n');
  const dati = `<postacert tipo="${kind}" errore="nessuno"><intestazione><mittente>${from}</mittente></intestazione></postacert>`;
  return enc(
    [
      kind === 'posta-certificata' ? 'X-Trasporto: posta-certificata' : `X-Ricevuta: ${kind}`,
      `From: "Per conto di: ${from}" <posta-certificata@gestore.it>`,
      'Content-Type: multipart/mixed; boundary="out"',
      '',
      '--out',
      'Content-Type: application/xml; name="daticert.xml"',
      'Content-Disposition: inline; filename="daticert.xml"',
      '',
      dati,
      '--out',
      'Content-Type: message/rfc822; name="postacert.eml"',
      '',
      original,
      '--out--',
      '',
    ].join('\r\n'),
  );
}

function receipt(kind: 'accettazione' | 'avvenuta-consegna', ref: string): Uint8Array {
  return enc([`X-Ricevuta: ${kind}`, `X-Riferimento-Message-ID: ${ref}`, 'From: posta-certificata@gestore.it', 'Content-Type: text/plain', '', 'ricevuta'].join('\r\n'));
}

class FakeMailbox implements PecMailbox {
  constructor(private readonly server: FakeServer) {}
  async open(mailbox: string) {
    if (mailbox !== 'INBOX') throw new MailChannelError('REFUSED', 'cartella non trovata', false);
    return { uidValidity: this.server.uidValidity };
  }
  async uidsAfter(after: number) {
    return [...this.server.messages.keys()].filter((u) => u > after).sort((a, b) => a - b);
  }
  async fetch(uids: readonly number[], onMessage: (m: FetchedMail) => void) {
    let n = 0;
    for (const uid of uids) {
      if (this.server.dropAfter !== undefined && n >= this.server.dropAfter) {
        this.server.dropAfter = undefined;
        throw new MailChannelError('NETWORK', 'connessione chiusa dal server', true);
      }
      const source = this.server.messages.get(uid);
      if (source) onMessage({ uid, source });
      n++;
    }
  }
  async markSeen(uids: readonly number[]) {
    for (const u of uids) this.server.seen.add(u);
  }
  async searchHeader(_name: string, value: string) {
    return [...this.server.messages.entries()].filter(([, b]) => new TextDecoder().decode(b).includes(value)).map(([u]) => u);
  }
  async close() {}
}

class FakeServer implements PecMailDriver {
  uidValidity = '1000';
  messages = new Map<number, Uint8Array>();
  seen = new Set<number>();
  sent: PecOutgoingMail[] = [];
  nextUid = 1;
  dropAfter?: number;
  sendError?: MailChannelError;
  deliver(bytes: Uint8Array): number {
    const uid = this.nextUid++;
    this.messages.set(uid, bytes);
    return uid;
  }
  async send(mail: PecOutgoingMail) {
    if (this.sendError) throw this.sendError;
    this.sent.push(mail);
  }
  async checkSmtp() {}
  async openMailbox() {
    return new FakeMailbox(this);
  }
}

const CONFIG: PecConfig = readPecConfig({ address: 'fatture@pec.esempio.it', smtpHost: 'smtps.pec.gestore.it', imapHost: 'imaps.pec.gestore.it' });
const RC = (base: string) => ({ [`${base}_RC_001.xml`]: '<RicevutaConsegna/>' });

async function drain(t: ReturnType<typeof createPecTransmitter>, cursor?: string) {
  const files: string[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await t.fetchUpdates(cursor);
    files.push(...r.files.map((f) => f.fileName));
    if (r.cursor === undefined || r.cursor === cursor) break;
    cursor = r.cursor;
    if (!r.files.length) break;
  }
  return { files, cursor };
}

describe('PEC settings', () => {
  it('fills the defaults and checks addresses, ports and security', () => {
    expect(CONFIG).toMatchObject({ user: 'fatture@pec.esempio.it', smtpPort: 465, imapPort: 993, smtpSecurity: 'tls', mailbox: 'INBOX', sdiAddress: 'sdi01@pec.fatturapa.it' });
    expect(() => readPecConfig({ address: 'non-un-indirizzo', smtpHost: 'a.it', imapHost: 'b.it' })).toThrow(/Indirizzo PEC non valido/);
    expect(() => readPecConfig({ address: 'a@b.it', smtpHost: 'a.it', imapHost: 'b.it', smtpPort: '99999' })).toThrow(/Porta non valida/);
    expect(() => readPecConfig({ address: 'a@b.it', smtpHost: 'a.it', imapHost: 'b.it', imapSecurity: 'boh' })).toThrow(/Sicurezza/);
    // No password in clear over the network: "none" only towards this computer.
    expect(() => readPecConfig({ address: 'a@b.it', smtpHost: 'smtp.gestore.it', imapHost: 'b.it', smtpSecurity: 'none' })).toThrow(/in chiaro/);
    expect(readPecConfig({ address: 'a@b.it', smtpHost: '127.0.0.1', imapHost: '127.0.0.1', smtpSecurity: 'none', imapSecurity: 'none' }).imapSecurity).toBe('none');
  });
});

describe('PEC transmitter (fake mail servers)', () => {
  it('sends one message per file with a deterministic Message-ID, first to sdi01, then to the address the SdI assigned', async () => {
    const server = new FakeServer();
    const changes: PecConfig[] = [];
    const t = createPecTransmitter({ config: CONFIG, driver: server, onConfigChange: (c) => changes.push(c) });
    const file = { fileName: 'IT01234567897_00001.xml', bytes: enc('<a/>'), itemId: 1 };
    expect(await t.send([file])).toEqual([{ fileName: file.fileName, status: 'accepted', transmissionId: pecMessageId(file.fileName, file.bytes, CONFIG.address) }]);
    expect(server.sent[0]).toMatchObject({ from: 'fatture@pec.esempio.it', to: 'sdi01@pec.fatturapa.it', attachments: [{ fileName: file.fileName, contentType: 'application/xml' }] });
    server.deliver(sdiMail('sdi07@pec.fatturapa.it', RC('IT01234567897_00001')));
    await drain(t);
    expect(changes.map((c) => c.sdiAddressAssigned)).toEqual(['sdi07@pec.fatturapa.it']);
    await t.send([{ ...file, fileName: 'IT01234567897_00002.xml' }]);
    expect(server.sent[1]!.to).toBe('sdi07@pec.fatturapa.it');
    expect(pecMessageId('X.xml', enc('a'), 'x@y.it')).toBe(pecMessageId('X.xml', enc('a'), 'x@y.it'));
  });

  it('classifies send failures: temporary -> retry, authentication -> refused', async () => {
    const server = new FakeServer();
    const t = createPecTransmitter({ config: CONFIG, driver: server });
    const file = { fileName: 'IT01234567897_00001.xml', bytes: enc('<a/>'), itemId: 1 };
    server.sendError = new MailChannelError('NETWORK', 'SMTP: connessione rifiutata', true);
    expect((await t.send([file]))[0]).toMatchObject({ status: 'retry', error: { code: 'PEC_NETWORK', message: expect.stringContaining('connessione rifiutata') } });
    server.sendError = new MailChannelError('AUTH', 'utente o password della casella PEC non accettati dal server SMTP', false);
    expect((await t.send([file]))[0]).toMatchObject({ status: 'refused', error: { code: 'PEC_AUTH', fix: expect.stringContaining('password') } });
  });

  it('reads only the SdI’s messages, pages by UID, flags them \\Seen only on the next read, and never re-reads', async () => {
    const server = new FakeServer();
    const t = createPecTransmitter({ config: CONFIG, driver: server, pageSize: 2 });
    const a = server.deliver(sdiMail('sdi07@pec.fatturapa.it', RC('IT01234567897_00001')));
    server.deliver(enc('From: collega@esempio.it\r\nSubject: pranzo?\r\n\r\nalle 13')); // a person's mail
    server.deliver(sdiMail('mario@pec.altro.it', RC('IT01234567897_00009'))); // not from the SdI
    const d = server.deliver(sdiMail('sdi07@pec.fatturapa.it', { 'IT09876543210_00001.xml': '<Fattura/>', 'IT09876543210_00001_MT_001.xml': '<FileMetadati/>' }));
    const first = await t.fetchUpdates(undefined);
    expect(first.files.map((f) => f.fileName)).toEqual(['IT01234567897_00001_RC_001.xml']);
    expect(server.seen.size).toBe(0); // not yet: the outbox has not stored them
    const second = await t.fetchUpdates(first.cursor);
    expect(server.seen).toEqual(new Set([a]));
    expect(second.files).toHaveLength(1);
    expect(second.files[0]).toMatchObject({ fileName: 'IT09876543210_00001.xml', kind: 'invoice', metadata: { fileName: 'IT09876543210_00001_MT_001.xml' } });
    const third = await t.fetchUpdates(second.cursor);
    expect(third.files).toEqual([]);
    expect(server.seen).toEqual(new Set([a, d]));
    // Nothing new and nothing pending: the cursor stays.
    expect((await t.fetchUpdates(third.cursor)).cursor).toBeUndefined();
  });

  it('resumes after a connection lost mid-fetch: the whole messages count, the rest comes next time, nothing twice', async () => {
    const server = new FakeServer();
    const t = createPecTransmitter({ config: CONFIG, driver: server, pageSize: 10 });
    for (let i = 1; i <= 5; i++) server.deliver(sdiMail('sdi07@pec.fatturapa.it', RC(`IT01234567897_0000${i}`)));
    server.dropAfter = 2;
    const r1 = await t.fetchUpdates(undefined);
    expect(r1.files.map((f) => f.fileName)).toEqual(['IT01234567897_00001_RC_001.xml', 'IT01234567897_00002_RC_001.xml']);
    const rest = await drain(t, r1.cursor);
    expect(rest.files).toEqual(['IT01234567897_00003_RC_001.xml', 'IT01234567897_00004_RC_001.xml', 'IT01234567897_00005_RC_001.xml']);
    // Dropped before the first message: an error, and the cursor is not moved.
    server.deliver(sdiMail('sdi07@pec.fatturapa.it', RC('IT01234567897_00006')));
    server.dropAfter = 0;
    await expect(t.fetchUpdates(rest.cursor)).rejects.toMatchObject({ code: 'CANALE_NON_RAGGIUNGIBILE' });
    expect((await t.fetchUpdates(rest.cursor)).files.map((f) => f.fileName)).toEqual(['IT01234567897_00006_RC_001.xml']);
  });

  it('reads the mailbox again from the start when UIDVALIDITY changes', async () => {
    const server = new FakeServer();
    const t = createPecTransmitter({ config: CONFIG, driver: server });
    server.deliver(sdiMail('sdi07@pec.fatturapa.it', RC('IT01234567897_00001')));
    const { cursor } = await drain(t);
    server.uidValidity = '2000';
    const again = await t.fetchUpdates(cursor);
    expect(again.files.map((f) => f.fileName)).toEqual(['IT01234567897_00001_RC_001.xml']);
    expect(JSON.parse(again.cursor!)).toMatchObject({ uidValidity: '2000', uid: 1 });
    // An unreadable cursor also means "from the start", never an error.
    expect((await t.fetchUpdates('{rotto')).files).toHaveLength(1);
  });

  it('keeps a message from the SdI with nothing readable in it, so it is reported instead of lost', async () => {
    const server = new FakeServer();
    const t = createPecTransmitter({ config: CONFIG, driver: server });
    server.deliver(sdiMail('sdi07@pec.fatturapa.it', {}));
    const r = await t.fetchUpdates(undefined);
    expect(r.files).toHaveLength(1);
    expect(r.files[0]!.fileName).toMatch(/^PEC_SdI_1_[0-9a-f]{12}\.eml$/);
    expect(r.files[0]!.kind).toBe('notification');
  });

  it('lookup: the provider’s acceptance receipt proves a send; none means unknown; an unreachable mailbox is an error', async () => {
    const server = new FakeServer();
    const t = createPecTransmitter({ config: CONFIG, driver: server });
    const id = pecMessageId('IT01234567897_00001.xml', enc('<a/>'), CONFIG.address);
    expect(await t.lookup('IT01234567897_00001.xml')).toBeUndefined();
    server.deliver(receipt('accettazione', id));
    expect(await t.lookup('IT01234567897_00001.xml')).toMatchObject({ status: 'accepted', transmissionId: id });
    expect(await t.lookup('IT01234567897_00002.xml')).toBeUndefined();
    const broken = createPecTransmitter({
      config: CONFIG,
      driver: { ...server, openMailbox: async () => Promise.reject(new MailChannelError('NETWORK', 'IMAP: connessione rifiutata', true)), send: server.send, checkSmtp: server.checkSmtp },
    });
    await expect(broken.lookup('IT01234567897_00001.xml')).rejects.toBeInstanceOf(AppError);
  });

  it('health: SMTP and IMAP login, with an Italian reason when either fails', async () => {
    const server = new FakeServer();
    const ok = await createPecTransmitter({ config: CONFIG, driver: server }).health();
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining('accesso riuscito alla casella fatture@pec.esempio.it') });
    const badImap = await createPecTransmitter({ config: { ...CONFIG, mailbox: 'Archivio' }, driver: server }).health();
    expect(badImap).toMatchObject({ ok: false, message: expect.stringContaining('cartella Archivio') });
    const badSmtp = await createPecTransmitter({
      config: CONFIG,
      driver: { ...server, send: server.send, openMailbox: server.openMailbox, checkSmtp: async () => Promise.reject(new MailChannelError('AUTH', 'utente o password della casella PEC non accettati dal server SMTP', false)) },
    }).health();
    expect(badSmtp).toMatchObject({ ok: false, message: expect.stringContaining('password') });
  });
});
