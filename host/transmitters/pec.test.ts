/**
 * The PEC channel against real local servers: dovecot (IMAP, started here in a temporary folder) holds the company's
 * PEC mailbox; the sandbox SdI's mail side (host/sandbox-sdi/pec-peer.ts) is the PEC provider's SMTP server and the
 * SdI, answering with PEC envelopes appended to the mailbox. The outbox sends with nodemailer and reads with imapflow.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDocument } from '../../core/invoicing/services/drafts';
import { closeTestCompanies } from '../../core/invoicing/services/test-support';
import { updateEInvoicingSettings, getEInvoicingSettings } from '../../core/invoicing/services/company';
import { openCompanyTransmitter, type SdiHost } from '../../core/sdi/outbox/channel';
import { fetchSdiUpdates } from '../../core/sdi/outbox/fetch';
import { documentHistory } from '../../core/sdi/outbox/history';
import { sendOutbox } from '../../core/sdi/outbox/send';
import { queuedCompany, type QueuedCompany } from '../../core/sdi/outbox/testing';
import { readPecConfig } from '../../core/sdi/transmitters/pec';
import { SandboxSdi } from '../sandbox-sdi/sandbox';
import { startSandboxPecPeer, type SandboxPecPeer } from '../sandbox-sdi/pec-peer';
import { pecEnvelope, sdiOriginalMessage } from '../sandbox-sdi/pec-mail';
import { createAppApi } from '../app';
import { nodeTransmitterDrivers } from './index';
import { createNodePecDriver } from './pec-driver';
import { dovecotMissing, startDovecot, type DovecotServer } from './testing/dovecot';

const missing = dovecotMissing();
const describeMail = missing ? describe.skip : describe;
const suffix = missing ? ` (saltato: ${missing})` : '';

const ALICE = 'alice@pec.test';
const PASSWORD = 'segreta';

let dir: string;
let dovecot: DovecotServer;
let sandbox: SandboxSdi;
let peer: SandboxPecPeer;

beforeEach(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-pec-'));
  dovecot = await startDovecot({ [ALICE]: PASSWORD });
  sandbox = new SandboxSdi({ dir: join(dir, 'sdi') });
  peer = await startSandboxPecPeer({ sandbox, imap: { host: '127.0.0.1', port: dovecot.port }, mailboxes: { [ALICE]: PASSWORD } });
});
afterEach(async () => {
  if (missing) return;
  await peer.close();
  await dovecot.stop();
  closeTestCompanies();
  rmSync(dir, { recursive: true, force: true });
});

function channelConfig(imapPort = dovecot.port): Record<string, string> {
  return { address: ALICE, smtpHost: '127.0.0.1', smtpPort: String(peer.smtpPort), smtpSecurity: 'none', imapHost: '127.0.0.1', imapPort: String(imapPort), imapSecurity: 'none' };
}

/** The company's channel set to PEC, as «Impostazioni › Canale di invio» would store it. */
function usePec(f: QueuedCompany, config = channelConfig()): void {
  f.store.transaction(() => {
    updateEInvoicingSettings(f.store, { ...getEInvoicingSettings(f.store), transmitter: 'pec' });
    f.store.sdiState.saveChannelConfig('pec', config);
  });
}

const host: SdiHost = {
  secrets: async () => ({ available: () => false, get: async () => undefined, set: async () => undefined, delete: async () => false }),
  drivers: nodeTransmitterDrivers,
};

async function open(f: QueuedCompany) {
  return openCompanyTransmitter(f.store, host, { secret: PASSWORD });
}

async function sendAll(f: QueuedCompany, itemIds?: number[]) {
  const t = await open(f);
  try {
    const r = await sendOutbox(f.store, { transmitter: t, ...(itemIds ? { itemIds } : {}) });
    await peer.idle();
    return r;
  } finally {
    await t.close?.();
  }
}

async function fetchAll(f: QueuedCompany) {
  const t = await open(f);
  try {
    return await fetchSdiUpdates(f.store, t);
  } finally {
    await t.close?.();
  }
}

const statuses = (f: QueuedCompany) => f.documentIds.map((id) => getDocument(f.store, id).status);

async function mailbox<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: ALICE, pass: PASSWORD }, logger: false });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.mailboxOpen('INBOX');
    return await fn(c);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

describeMail(`PEC channel against dovecot and the sandbox SdI's mail side${suffix}`, () => {
  it('first file to sdi01; the SdI answers from the sdiNN address it assigns, remembered in the channel settings and used from then on', async () => {
    const f = queuedCompany(3);
    usePec(f);
    const items = f.store.outbox.list({}).rows.map((r) => r.id).sort((a, b) => a - b);
    const sent = await sendAll(f, items.slice(0, 2));
    expect(sent).toMatchObject({ transmitted: 2, failed: 0 });
    expect(peer.received.map((m) => [m.to, m.fileNames])).toEqual([
      [['sdi01@pec.fatturapa.it'], [f.fileNames[0]]],
      [['sdi01@pec.fatturapa.it'], [f.fileNames[1]]],
    ]);
    const fetched = await fetchAll(f);
    expect(fetched).toMatchObject({ notifications: 2, statusChanges: 2, unparsed: 0 });
    expect(statuses(f)).toEqual(['delivered', 'delivered', 'queued']);
    expect(f.store.sdiState.getChannelConfig('pec')).toMatchObject({ ...channelConfig(), sdiAddressAssigned: 'sdi07@pec.fatturapa.it' });
    // The SdI id arrives with the first notification (PEC gives none at send time).
    expect(getDocument(f.store, f.documentIds[0]!).sdiId).toBe(sandbox.lookup(f.fileNames[0]!)!.identificativoSdI);
    await sendAll(f);
    expect(peer.received[2]).toMatchObject({ to: ['sdi07@pec.fatturapa.it'], fileNames: [f.fileNames[2]] });
    await fetchAll(f);
    expect(statuses(f)).toEqual(['delivered', 'delivered', 'delivered']);
  });

  it('RC, NS with its reasons and MC, each read from its PEC envelope and applied to its document', async () => {
    const f = queuedCompany(3);
    usePec(f);
    sandbox.setRules({ byFileName: { [f.fileNames[1]!]: 'reject', [f.fileNames[2]!]: 'mc' } });
    await sendAll(f);
    const r = await fetchAll(f);
    expect(r).toMatchObject({ notifications: 3, statusChanges: 3, unmatched: 0, unparsed: 0 });
    expect(statuses(f)).toEqual(['delivered', 'rejected', 'not_delivered']);
    const ns = documentHistory(f.store, f.documentIds[1]!).entries[0]!;
    expect(ns).toMatchObject({ kind: 'NS', source: 'pec', fileName: `${f.fileNames[1]!.replace('.xml', '')}_NS_001.xml` });
    expect(ns.explanation.errors?.[0]?.code).toBe('00200');
    expect(documentHistory(f.store, f.documentIds[2]!).entries[0]!.kind).toBe('MC');
    // A second read finds nothing new.
    expect(await fetchAll(f)).toMatchObject({ notifications: 0, receivedInvoices: 0 });
  });

  it('a received invoice arrives with its metadata file (Invio File)', async () => {
    const supplier = queuedCompany(1);
    const invoiceXml = supplier.store.documents.getXml(supplier.documentIds[0]!)!;
    const f = queuedCompany(0);
    usePec(f);
    const d = await peer.deliverInvoice('IT09876543210_00001.xml', invoiceXml, ALICE);
    const r = await fetchAll(f);
    expect(r.receivedInvoices).toBe(1);
    const stored = f.store.receivedFiles.getByFileName('IT09876543210_00001.xml')!;
    expect(stored).toMatchObject({ source: 'pec', sdiId: d.identificativoSdI, metadataFileName: d.metadataFileName });
    expect(Buffer.from(f.store.receivedFiles.bytes(stored.id)!.bytes).equals(Buffer.from(invoiceXml))).toBe(true);
  });

  it('a message with a broken attachment is reported (kept as unreadable) and the other messages go on', async () => {
    const f = queuedCompany(2);
    usePec(f);
    await sendAll(f);
    const base = f.fileNames[0]!.replace('.xml', '');
    const original = sdiOriginalMessage({ from: 'sdi07@pec.fatturapa.it', to: ALICE, subject: 'Notifica di scarto 99', text: 'Notifica', attachments: [{ fileName: `${base}_NS_009.xml`, bytes: new TextEncoder().encode('<NotificaScarto/>') }] });
    const broken = original.raw.replace(/PE5vdGlmaWNhU2NhcnRvLz4=/, '%%%% non è base64 %%%%');
    expect(broken).not.toBe(original.raw);
    await peer.append(ALICE, pecEnvelope({ kind: 'posta-certificata', sender: 'sdi07@pec.fatturapa.it', recipient: ALICE, subject: 'Notifica di scarto 99', originalMessageId: original.messageId, original: broken, provider: 'pec.fatturapa.it' }));
    const r = await fetchAll(f);
    expect(r).toMatchObject({ notifications: 3, unparsed: 1, statusChanges: 2 });
    expect(r.message).toMatch(/1 file non leggibili \(conservati\)/);
    expect(statuses(f)).toEqual(['delivered', 'delivered']);
    const kept = f.store.sdiMessages.getByFileName(`${base}_NS_009.xml`)!;
    expect(kept).toMatchObject({ effect: 'unparsed', documentId: f.documentIds[0] });
  });

  it('a server that drops the connection mid-fetch: the next reads resume, nothing lost, nothing twice', async () => {
    const f = queuedCompany(6);
    usePec(f);
    await sendAll(f);
    const proxy = await dropOnceProxy(dovecot.port, 9_000);
    try {
      usePec(f, channelConfig(proxy.port));
      let fetched = 0;
      for (let attempt = 0; attempt < 5 && statuses(f).some((s) => s !== 'delivered'); attempt++) {
        try {
          fetched += (await fetchAll(f)).notifications;
        } catch (e) {
          // Only the dropped connection may fail a run; nothing it read was stored twice.
          expect((e as Error).message).toMatch(/PEC: lettura della casella/);
        }
      }
      expect(proxy.dropped()).toBe(true);
      expect(statuses(f)).toEqual(Array(6).fill('delivered'));
      expect(fetched).toBe(6);
      for (const [i, id] of f.documentIds.entries()) {
        expect(f.store.sdiMessages.listByDocument(id).map((m) => m.fileName)).toEqual([`${f.fileNames[i]!.replace('.xml', '')}_RC_001.xml`]);
      }
      expect(await fetchAll(f)).toMatchObject({ notifications: 0, alreadyStored: 0 });
    } finally {
      await proxy.close();
    }
  });

  it('does not rely on \\Seen: mail a person read or unread is processed all the same, and only the SdI’s stored messages get \\Seen', async () => {
    const f = queuedCompany(2);
    usePec(f);
    await sendAll(f);
    await peer.append(ALICE, 'From: collega@esempio.it\r\nTo: alice@pec.test\r\nSubject: pranzo?\r\n\r\nalle 13\r\n');
    // The person reads everything, then marks it all unread again: FatturaDesk must not care either way.
    await mailbox((c) => c.messageFlagsAdd('1:*', ['\\Seen']));
    await mailbox((c) => c.messageFlagsRemove('1:*', ['\\Seen']));
    await fetchAll(f);
    expect(statuses(f)).toEqual(['delivered', 'delivered']);
    const flags = await mailbox(async (c) => {
      const out: { subject: string; seen: boolean }[] = [];
      for await (const m of c.fetch('1:*', { envelope: true, flags: true })) out.push({ subject: m.envelope?.subject ?? '', seen: m.flags?.has('\\Seen') ?? false });
      return out;
    });
    // The SdI's messages, once stored, are flagged read; the provider's receipts and the person's mail are left alone.
    const sdi = flags.filter((m) => m.subject.startsWith('POSTA CERTIFICATA'));
    expect(sdi).toHaveLength(2);
    expect(sdi.every((m) => m.seen)).toBe(true);
    expect(flags.filter((m) => m.subject.startsWith('ACCETTAZIONE') || m.subject.startsWith('CONSEGNA')).every((m) => !m.seen)).toBe(true);
    expect(flags.find((m) => m.subject === 'pranzo?')?.seen).toBe(false);
  });

  it('after a crash between the SMTP send and its record, the acceptance receipt proves the send: no second message', async () => {
    const f = queuedCompany(1);
    usePec(f);
    const item = f.store.outbox.list({}).rows[0]!;
    const at = new Date().toISOString();
    f.store.transaction(() => {
      f.store.outbox.markSending(item.id, 'pec', at);
      f.store.sdiState.setDocumentStatus(f.documentIds[0]!, 'sending', { at });
    });
    const t = await open(f);
    expect((await t.send([{ fileName: item.fileName, bytes: f.store.documents.getXml(item.documentId)!, itemId: item.id }]))[0]!.status).toBe('accepted');
    await t.close?.();
    await peer.idle();
    // The process "died" here. The next run asks the mailbox before sending anything.
    const r = await sendAll(f);
    expect(r.reconciled).toEqual({ found: 1, requeued: 0 });
    expect(peer.received).toHaveLength(1);
    expect(f.store.outbox.get(item.id)!.state).toBe('transmitted');
  });

  it('«Prova connessione» and the settings through the API (as `fatturadesk call` uses them), with the password kept out of the company file', async () => {
    const api = createAppApi({ host: 'cli', dataDir: join(dir, 'data'), sdi: { secrets: { keytar: null, env: {} } } });
    try {
      const call = async (method: string, args: unknown = {}) => {
        const r = await api.call(method, args);
        if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
        return r.result as Record<string, unknown>;
      };
      await call('companies.createDemo', { file: join(dir, 'demo.fdesk') });
      // Tried before saving, then saved.
      expect(await call('transmitter.test', { id: 'pec', config: channelConfig(), secret: PASSWORD })).toMatchObject({ ok: true, message: expect.stringContaining('accesso riuscito alla casella alice@pec.test') });
      const conf = await call('transmitter.configure', { id: 'pec', config: channelConfig(), secret: PASSWORD });
      expect(conf).toMatchObject({ secretStorage: 'session', info: { id: 'pec', needsSecret: true, hasSecret: true, capabilities: { fetchesUpdates: true } } });
      expect(await call('transmitter.test')).toMatchObject({ ok: true });
      const wrong = await call('transmitter.test', { secret: 'sbagliata' });
      expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/password della casella PEC non accettati/) });
      const stored = api.context.session.current!.store.sdiState.getChannelConfig('pec')!;
      expect(JSON.stringify(stored)).not.toContain(PASSWORD);
      const bad = await api.call('transmitter.configure', { id: 'pec', config: { ...channelConfig(), smtpHost: 'smtp.gestore.it' } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'IMPOSTAZIONE_NON_VALIDA', message: expect.stringContaining('in chiaro') } });
    } finally {
      await api.shutdown();
    }
  });

  it('a wrong password is an Italian error for both SMTP and IMAP', async () => {
    const config = readPecConfig(channelConfig());
    const driver = createNodePecDriver(config, 'sbagliata');
    await expect(driver.checkSmtp()).rejects.toMatchObject({ kind: 'AUTH', message: expect.stringContaining('SMTP') });
    await expect(driver.openMailbox()).rejects.toMatchObject({ kind: 'AUTH', message: expect.stringContaining('IMAP') });
  });
});

/**
 * A TCP proxy in front of the IMAP server that, on the first connection where the client fetches messages, cuts both
 * sides after `bytes` bytes of the server's answer to that fetch.
 */
async function dropOnceProxy(targetPort: number, bytes: number): Promise<{ port: number; dropped(): boolean; close(): Promise<void> }> {
  let dropped = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let fetching = false;
    let after = 0;
    client.on('data', (d: Buffer) => {
      if (!dropped && /UID FETCH [^\r\n]*BODY/i.test(d.toString('latin1'))) fetching = true;
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      if (fetching && !dropped) {
        after += d.length;
        if (after > bytes) {
          dropped = true;
          client.write(d.subarray(0, d.length - (after - bytes)));
          client.destroy();
          upstream.destroy();
          return;
        }
      }
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
