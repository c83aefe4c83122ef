import { afterEach, describe, expect, it } from 'vitest';
import { getDocument } from '../../invoicing/services/drafts';
import { closeTestCompanies, dumpDatabase } from '../../invoicing/services/test-support';
import { sha256Hex } from '../../invoicing/services/sha256';
import { fetchSdiUpdates, importNotificationFiles } from './fetch';
import { documentHistory, notificationFile as storedFile } from './history';
import { ingestFile } from './ingest';
import { sendOutbox } from './send';
import { FakeTransmitter, notificationFile, queuedCompany } from './testing';

afterEach(closeTestCompanies);

/** A company whose documents went out through the fake channel (sdi ids "1", "2", ...). */
async function transmittedCompany(n: number) {
  const f = queuedCompany(n);
  const t = new FakeTransmitter();
  await sendOutbox(f.store, { transmitter: t });
  return { ...f, t };
}

const asNotification = (file: { fileName: string; bytes: Uint8Array }) => ({ ...file, kind: 'notification' as const });

describe('ingestFile', () => {
  it('stores the file as it came, parsed, linked to its document, and applies the lifecycle (RC -> delivered)', async () => {
    const f = await transmittedCompany(1);
    const rc = notificationFile({ kind: 'RC', sdiId: '1', invoiceFileName: f.fileNames[0]! });
    const out = ingestFile(f.store, asNotification(rc), { source: 'fake' });
    expect(out).toMatchObject({ kind: 'notification', effect: 'applied', from: 'transmitted', to: 'delivered', documentId: f.documentIds[0] });
    expect(getDocument(f.store, f.documentIds[0]!).status).toBe('delivered');
    const h = documentHistory(f.store, f.documentIds[0]!);
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]).toMatchObject({ kind: 'RC', effect: 'applied', statusBefore: 'transmitted', statusAfter: 'delivered', source: 'fake' });
    expect(h.entries[0]!.explanation).toMatchObject({ title: 'Consegnata al cliente', severity: 'ok' });
    const raw = storedFile(f.store, h.entries[0]!.messageId);
    expect(raw.fileName).toBe(rc.fileName);
    expect(Buffer.from(raw.bytes).equals(Buffer.from(rc.bytes))).toBe(true);
    const row = f.store.sdiMessages.get(h.entries[0]!.messageId)!;
    expect(row).toMatchObject({ sha256: sha256Hex(rc.bytes), kind: 'RC', sdiId: '1', invoiceFileName: f.fileNames[0] });
    expect((row.parsed as { kind: string }).kind).toBe('RC');
  });

  it('is idempotent: the same file twice changes nothing the second time', async () => {
    const f = await transmittedCompany(1);
    const rc = asNotification(notificationFile({ kind: 'RC', sdiId: '1', invoiceFileName: f.fileNames[0]! }));
    ingestFile(f.store, rc, { source: 'fake' });
    const before = dumpDatabase(f.handle.sqlite);
    expect(ingestFile(f.store, rc, { source: 'fake' })).toEqual({ fileName: rc.fileName, kind: 'already-stored' });
    expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
  });

  it('an NS with only 00002/00404 about a document already transmitted is a duplicate notice, not a rejection', async () => {
    const f = await transmittedCompany(2);
    // Document 1 was delivered; a second upload of its file got NS 00002 (new SdI id 9).
    ingestFile(f.store, asNotification(notificationFile({ kind: 'RC', sdiId: '1', invoiceFileName: f.fileNames[0]! })), { source: 'fake' });
    const dup = notificationFile({ kind: 'NS', sdiId: '9', invoiceFileName: f.fileNames[0]!, errors: [{ code: '00002', description: 'Nome file duplicato' }] });
    expect(ingestFile(f.store, asNotification(dup), { source: 'fake' })).toMatchObject({ effect: 'duplicate', from: 'delivered', to: 'delivered' });
    expect(getDocument(f.store, f.documentIds[0]!)).toMatchObject({ status: 'delivered', sdiId: '1' });
    // Document 2 is only transmitted: 00404 (invoice already sent) keeps it transmitted too.
    const dup404 = notificationFile({ kind: 'NS', sdiId: '10', invoiceFileName: f.fileNames[1]!, errors: [{ code: '00404', description: 'Fattura duplicata' }] });
    expect(ingestFile(f.store, asNotification(dup404), { source: 'fake' })).toMatchObject({ effect: 'duplicate', to: 'transmitted' });
    const h = documentHistory(f.store, f.documentIds[0]!);
    expect(h.entries.map((e) => [e.kind, e.effect])).toEqual([
      ['RC', 'applied'],
      ['NS', 'duplicate'],
    ]);
    expect(h.entries[1]!.explanation.severity).not.toBe('error');
  });

  it('a duplicate NS for an item caught mid-send (crash) proves the file got there: transmitted, never sent again', async () => {
    const f = queuedCompany(1);
    const item = f.store.outbox.getByFileName(f.fileNames[0]!)!;
    f.store.transaction(() => {
      f.store.outbox.markSending(item.id, 'fake', new Date().toISOString());
      f.store.sdiState.setDocumentStatus(item.documentId, 'sending');
    });
    const dup = notificationFile({ kind: 'NS', sdiId: '5', invoiceFileName: f.fileNames[0]!, errors: [{ code: '00002', description: 'Nome file duplicato' }] });
    expect(ingestFile(f.store, asNotification(dup), { source: 'fake' })).toMatchObject({ effect: 'duplicate', from: 'sending', to: 'transmitted' });
    expect(f.store.outbox.get(item.id)!.state).toBe('transmitted');
    const t = new FakeTransmitter();
    await sendOutbox(f.store, { transmitter: t });
    expect(t.uploads).toEqual([]);
    expect(t.lookups).toEqual([]);
  });

  it('a "duplicate" NS about the very upload recorded as the transmission is a real rejection', async () => {
    const f = await transmittedCompany(1);
    const ns = notificationFile({ kind: 'NS', sdiId: '1', invoiceFileName: f.fileNames[0]!, errors: [{ code: '00002', description: 'Nome file duplicato' }] });
    expect(ingestFile(f.store, asNotification(ns), { source: 'fake' })).toMatchObject({ effect: 'applied', to: 'rejected' });
  });

  it('an NS with real errors rejects the document, with the errors explained', async () => {
    const f = await transmittedCompany(1);
    const ns = notificationFile({ kind: 'NS', sdiId: '1', invoiceFileName: f.fileNames[0]!, errors: [{ code: '00423', description: 'PrezzoTotale non calcolato correttamente' }] });
    ingestFile(f.store, asNotification(ns), { source: 'fake' });
    expect(getDocument(f.store, f.documentIds[0]!).status).toBe('rejected');
    const e = documentHistory(f.store, f.documentIds[0]!).entries[0]!;
    expect(e.explanation.severity).toBe('error');
    expect(e.explanation.errors?.[0]).toMatchObject({ code: '00423' });
  });

  it('keeps unmatched and unreadable files as they came', async () => {
    const f = await transmittedCompany(1);
    const other = notificationFile({ kind: 'RC', sdiId: '77', invoiceFileName: 'IT09999999999_00001.xml' });
    expect(ingestFile(f.store, asNotification(other), { source: 'fake' })).toMatchObject({ effect: 'unmatched' });
    const junkName = `${f.fileNames[0]!.replace('.xml', '')}_RC_002.xml`;
    const junk = { fileName: junkName, bytes: new TextEncoder().encode('<non-una-notifica/>'), kind: 'notification' as const };
    const out = ingestFile(f.store, junk, { source: 'fake' });
    expect(out).toMatchObject({ effect: 'unparsed', documentId: f.documentIds[0] });
    expect(getDocument(f.store, f.documentIds[0]!).status).toBe('transmitted');
    const stored = f.store.sdiMessages.getByFileName(junkName)!;
    expect(stored.note).toMatch(/non è una notifica/);
    expect(Buffer.from(f.store.sdiMessages.bytes(stored.id)!).toString()).toBe('<non-una-notifica/>');
    expect(f.store.sdiMessages.listUnmatched().map((m) => m.fileName)).toEqual([other.fileName]);
  });

  it('stores received invoices raw with their metadata, once per file name', async () => {
    const f = await transmittedCompany(1);
    const invoice = new TextEncoder().encode('<?xml version="1.0"?><p:FatturaElettronica versione="FPR12"/>');
    const mt = notificationFile({ kind: 'MT', sdiId: '555', invoiceFileName: 'IT09876543210_0A1B2.xml', codiceDestinatario: 'ABC1234', formato: 'FPR12', tentativiInvio: '1' });
    const file = { fileName: 'IT09876543210_0A1B2.xml', bytes: invoice, kind: 'invoice' as const, metadata: mt };
    expect(ingestFile(f.store, file, { source: 'fake' })).toEqual({ fileName: file.fileName, kind: 'invoice', stored: true });
    expect(ingestFile(f.store, file, { source: 'fake' })).toEqual({ fileName: file.fileName, kind: 'invoice', stored: false });
    const page = f.store.receivedFiles.list({});
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ fileName: file.fileName, sdiId: '555', importState: 'new', metadataFileName: mt.fileName, size: invoice.length });
    const raw = f.store.receivedFiles.bytes(page.rows[0]!.id)!;
    expect(Buffer.from(raw.bytes).equals(Buffer.from(invoice))).toBe(true);
    expect(Buffer.from(raw.metadata!.bytes).equals(Buffer.from(mt.bytes))).toBe(true);
  });
});

describe('fetchSdiUpdates', () => {
  it('ingests what the channel has after the cursor and moves the cursor; a second fetch adds nothing', async () => {
    const f = await transmittedCompany(2);
    f.t.updates.push(asNotification(notificationFile({ kind: 'RC', sdiId: '1', invoiceFileName: f.fileNames[0]! })));
    f.t.updates.push(asNotification(notificationFile({ kind: 'MC', sdiId: '2', invoiceFileName: f.fileNames[1]! })));
    const progress: string[] = [];
    const r = await fetchSdiUpdates(f.store, f.t, { onProgress: (_d, _t, m) => progress.push(m) });
    expect(r).toMatchObject({ fetched: true, notifications: 2, statusChanges: 2 });
    expect(r.message).toBe('2 notifiche ricevute (2 cambi di stato).');
    expect(progress).toHaveLength(2);
    expect(f.store.sdiState.getCursor('fake')).toBe('2');
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['delivered', 'not_delivered']);
    const again = await fetchSdiUpdates(f.store, f.t);
    expect(again).toMatchObject({ notifications: 0, message: 'Nessuna novità dal Sistema di Interscambio.' });
  });

  it('a fetch repeated from an old cursor (crash before the cursor moved) stores nothing twice', async () => {
    const f = await transmittedCompany(1);
    f.t.updates.push(asNotification(notificationFile({ kind: 'RC', sdiId: '1', invoiceFileName: f.fileNames[0]! })));
    await fetchSdiUpdates(f.store, f.t);
    f.store.sdiState.setCursor('fake', undefined);
    const r = await fetchSdiUpdates(f.store, f.t);
    expect(r).toMatchObject({ alreadyStored: 1, notifications: 0 });
    expect(documentHistory(f.store, f.documentIds[0]!).entries).toHaveLength(1);
  });

  it('import by hand goes through the same ingestion', async () => {
    const f = await transmittedCompany(1);
    const rc = notificationFile({ kind: 'RC', sdiId: '1', invoiceFileName: f.fileNames[0]! });
    const r = importNotificationFiles(f.store, [rc]);
    expect(r).toMatchObject({ notifications: 1, statusChanges: 1 });
    expect(f.store.sdiMessages.getByFileName(rc.fileName)!.source).toBe('import');
  });
});
