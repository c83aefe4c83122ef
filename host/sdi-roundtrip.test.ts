/**
 * Full round trips over real HTTP: the outbox sends through the sandbox SdI client to the sandbox SdI peer started here
 * on 127.0.0.1, then fetches its notifications and applies them (B2B delivered, MC, NS with reasons, PA accepted /
 * refused / expired, duplicates reconciled, correct and resend, received invoices, offline).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { getDocument } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { closeTestCompanies } from '../core/invoicing/services/test-support';
import { correctRejected } from '../core/sdi/outbox/correction';
import { fetchSdiUpdates } from '../core/sdi/outbox/fetch';
import { documentHistory, notificationFile } from '../core/sdi/outbox/history';
import { sendOutbox } from '../core/sdi/outbox/send';
import { queuedCompany, TEST_TODAY } from '../core/sdi/outbox/testing';
import { parseNotification } from '../core/sdi/notifications';
import { createSandboxTransmitter } from '../core/sdi/transmitters/sandbox';
import { startSandboxSdi, type SandboxSdiServer } from './sandbox-sdi/index';

let dir: string;
let sandbox: SandboxSdiServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-roundtrip-'));
  sandbox = await startSandboxSdi({ port: 0, dir: join(dir, 'sandbox-sdi') });
});
afterEach(async () => {
  await sandbox.close();
  closeTestCompanies();
  rmSync(dir, { recursive: true, force: true });
});

const transmitterFor = (sender = 'IT01234567897') => createSandboxTransmitter({ baseUrl: sandbox.url, sender });

async function sendAndFetch(f: ReturnType<typeof queuedCompany>) {
  const t = transmitterFor();
  const sent = await sendOutbox(f.store, { transmitter: t });
  const fetched = await fetchSdiUpdates(f.store, t);
  return { sent, fetched };
}

const statuses = (f: ReturnType<typeof queuedCompany>) => f.documentIds.map((id) => getDocument(f.store, id).status);

describe('round trip through the sandbox SdI over HTTP', () => {
  it('B2B: delivered (RC), with the notification stored byte for byte and explained', async () => {
    const f = queuedCompany(3);
    const { sent, fetched } = await sendAndFetch(f);
    expect(sent).toMatchObject({ transmitted: 3, failed: 0, remaining: 0 });
    expect(fetched).toMatchObject({ notifications: 3, statusChanges: 3 });
    expect(statuses(f)).toEqual(['delivered', 'delivered', 'delivered']);
    const h = documentHistory(f.store, f.documentIds[0]!);
    expect(h.sdiId).toBe(sandbox.log().uploads[0]!.identificativoSdI);
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]).toMatchObject({ kind: 'RC', fileName: `${f.fileNames[0]!.replace('.xml', '')}_RC_001.xml`, statusAfter: 'delivered', source: 'sandbox' });
    const raw = notificationFile(f.store, h.entries[0]!.messageId);
    expect(parseNotification(raw.bytes)).toMatchObject({ kind: 'RC', family: 'b2b-v1.0', invoiceFileName: f.fileNames[0] });
    // Each file reached the SdI exactly once.
    expect(sandbox.log().uploads.map((u) => u.fileName)).toEqual(f.fileNames);
  });

  it('MC: not delivered, the invoice is in the cassetto fiscale', async () => {
    const f = queuedCompany(2);
    sandbox.setRules({ byFileName: { [f.fileNames[1]!]: 'mc' } });
    await sendAndFetch(f);
    expect(statuses(f)).toEqual(['delivered', 'not_delivered']);
    const e = documentHistory(f.store, f.documentIds[1]!).entries[0]!;
    expect(e.kind).toBe('MC');
    expect(e.explanation.severity).toBe('warning');
  });

  it('NS with reasons: rejected, the reasons explained, then corrected and re-sent with the same number and date', async () => {
    const f = queuedCompany(2);
    sandbox.setRules({ byFileName: { [f.fileNames[0]!]: 'reject' } });
    await sendAndFetch(f);
    expect(statuses(f)).toEqual(['rejected', 'delivered']);
    const ns = documentHistory(f.store, f.documentIds[0]!).entries[0]!;
    expect(ns.kind).toBe('NS');
    expect(ns.explanation.severity).toBe('error');
    expect(ns.explanation.errors!.length).toBeGreaterThan(0);
    expect(ns.explanation.errors![0]!.code).toBe('00200');

    const rejected = getDocument(f.store, f.documentIds[0]!);
    const c = correctRejected(f.store, rejected.id, { today: TEST_TODAY });
    const reg = registerDocument(f.store, c.document.id, { today: TEST_TODAY });
    expect(reg.numero).toBe(rejected.registration!.numero);
    expect(reg.document.date).toBe(rejected.date);
    expect(reg.fileName).not.toBe(rejected.registration!.fileName);
    sandbox.setRules({});
    await sendAndFetch(f);
    // The SdI takes the corrected file (no 00002: new name; no 00404: the rejected invoice was never issued).
    expect(getDocument(f.store, reg.document.id).status).toBe('delivered');
    expect(getDocument(f.store, rejected.id).status).toBe('rejected');
    expect(sandbox.log().uploads.map((u) => [u.fileName, u.outcome])).toEqual([
      [f.fileNames[0], 'reject'],
      [f.fileNames[1], 'deliver'],
      [reg.fileName, 'deliver'],
    ]);
  });

  it('PA: accepted (NE EC01), refused (NE EC02), deadline passed (DT)', async () => {
    const f = queuedCompany(3, { pa: true });
    sandbox.setRules({ byFileName: { [f.fileNames[0]!]: 'pa-accept', [f.fileNames[1]!]: 'pa-refuse', [f.fileNames[2]!]: 'pa-expire' } });
    const { fetched } = await sendAndFetch(f);
    expect(fetched.notifications).toBe(6); // RC + outcome for each
    expect(statuses(f)).toEqual(['accepted', 'refused', 'expired']);
    const kinds = f.documentIds.map((id) => documentHistory(f.store, id).entries.map((e) => `${e.kind}:${e.statusAfter}`));
    expect(kinds).toEqual([
      ['RC:delivered', 'NE:accepted'],
      ['RC:delivered', 'NE:refused'],
      ['RC:delivered', 'DT:expired'],
    ]);
    const raw = notificationFile(f.store, documentHistory(f.store, f.documentIds[1]!).entries[1]!.messageId);
    expect(parseNotification(raw.bytes)).toMatchObject({ kind: 'NE', family: 'pa-v1.1', esito: 'EC02' });
  });

  it('a second upload of a file the SdI already has (00002) is reconciled as a duplicate, not a rejection', async () => {
    const f = queuedCompany(1);
    await sendAndFetch(f);
    // Someone (another program, an old backup) uploads the same file again.
    const bytes = f.store.documents.getXml(f.documentIds[0]!)!;
    const again = await createSandboxTransmitter({ baseUrl: sandbox.url, sender: 'IT01234567897' }).send([{ fileName: f.fileNames[0]!, bytes, itemId: 0 }]);
    expect(again[0]!.status).toBe('accepted');
    const r = await fetchSdiUpdates(f.store, transmitterFor());
    expect(r).toMatchObject({ notifications: 1, duplicates: 1, statusChanges: 0 });
    expect(getDocument(f.store, f.documentIds[0]!).status).toBe('delivered');
    const entries = documentHistory(f.store, f.documentIds[0]!).entries;
    expect(entries.map((e) => [e.kind, e.effect])).toEqual([
      ['RC', 'applied'],
      ['NS', 'duplicate'],
    ]);
  });

  it('lookup tells what the SdI already has (used to reconcile items caught mid-send)', async () => {
    const f = queuedCompany(1);
    const t = transmitterFor();
    expect(await t.lookup(f.fileNames[0]!)).toBeUndefined();
    await sendOutbox(f.store, { transmitter: t });
    expect(await t.lookup(f.fileNames[0]!)).toMatchObject({ status: 'accepted', sdiId: sandbox.log().uploads[0]!.identificativoSdI });
  });

  it('received invoices: stored raw with their metadata, once', async () => {
    const supplier = queuedCompany(1); // issues an invoice to Beta S.p.A. (IT12345678903)
    const xml = supplier.store.documents.getXml(supplier.documentIds[0]!)!;
    sandbox.inject('IT01234567897_0ZZZ1.xml', xml);
    const receiver = queuedCompany(0);
    const t = transmitterFor('IT12345678903');
    const r = await fetchSdiUpdates(receiver.store, t);
    expect(r.receivedInvoices).toBe(1);
    const page = receiver.store.receivedFiles.list({});
    expect(page.rows).toEqual([expect.objectContaining({ fileName: 'IT01234567897_0ZZZ1.xml', importState: 'new', source: 'sandbox' })]);
    expect(page.rows[0]!.metadataFileName).toMatch(/_MT_001\.xml$/);
    expect(Buffer.from(receiver.store.receivedFiles.bytes(page.rows[0]!.id)!.bytes).equals(Buffer.from(xml))).toBe(true);
    expect((await fetchSdiUpdates(receiver.store, t)).receivedInvoices).toBe(0);
  });

  it('offline (sandbox down): everything stays queued with a clear Italian message', async () => {
    const f = queuedCompany(3);
    const t = transmitterFor();
    await sandbox.close();
    let error: AppError | undefined;
    try {
      await sendOutbox(f.store, { transmitter: t });
    } catch (e) {
      error = e as AppError;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error!.code).toBe('CANALE_NON_RAGGIUNGIBILE');
    expect(error!.message).toMatch(/^Sandbox SdI non raggiungibile: connessione rifiutata\. I 3 documenti in coda restano in coda/);
    expect(f.store.outbox.counts()).toEqual({ queued: 3, sending: 0, transmitted: 0, failed: 0 });
    expect(statuses(f)).toEqual(['queued', 'queued', 'queued']);
  });
});
