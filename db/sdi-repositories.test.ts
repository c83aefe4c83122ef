/** The SdI tables at the SQL level: stored notifications are frozen, numbers are unique among non-rejected documents. */
import { afterEach, describe, expect, it } from 'vitest';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { closeTestCompanies, setupCompany, simpleDraft } from '../core/invoicing/services/test-support';

afterEach(closeTestCompanies);

function registered() {
  const f = setupCompany();
  const r = registerDocument(f.store, createDraft(f.store, simpleDraft(f.customer.id)).id, { today: '2025-12-31' });
  return { ...f, id: r.document.id, fileName: r.fileName, db: f.handle.sqlite };
}

describe('SdI tables', () => {
  it('a stored notification cannot be changed or deleted; an unmatched one can be linked once', () => {
    const f = registered();
    const id = f.store.sdiMessages.insert({ fileName: 'X_RC_001.xml', receivedAt: '2025-03-10T10:00:00Z', effect: 'unmatched', source: 'test', sha256: 'a'.repeat(64), bytes: new Uint8Array([1, 2, 3]) });
    expect(() => f.db.prepare('UPDATE sdi_messages SET bytes = ? WHERE id = ?').run(Buffer.from([9]), id)).toThrow(/non modificabile/);
    expect(() => f.db.prepare('DELETE FROM sdi_messages WHERE id = ?').run(id)).toThrow(/non si può eliminare/);
    f.store.sdiMessages.link(id, f.id);
    expect(f.store.sdiMessages.get(id)).toMatchObject({ documentId: f.id, size: 3 });
    expect(() => f.store.sdiMessages.link(id, f.id)).toThrow(/già collegata/);
    expect(() => f.store.sdiMessages.insert({ fileName: 'X_RC_001.xml', receivedAt: 'x', effect: 'unmatched', source: 'test', sha256: 'b', bytes: new Uint8Array(1) })).toThrow(/UNIQUE/);
  });

  it('a number can be reused only while the document holding it is rejected', () => {
    const f = registered();
    const row = f.db.prepare('SELECT series, year, number FROM documents WHERE id = ?').get(f.id) as { series: string; year: number; number: number };
    const insertSame = () =>
      f.db
        .prepare(
          `INSERT INTO documents (status, tipo_documento, series, year, number, date, customer_id, customer_name, created_at, updated_at)
           VALUES ('draft', 'TD01', ?, ?, ?, '2025-03-10', ?, 'x', 'now', 'now')`,
        )
        .run(row.series, row.year, row.number, f.customer.id);
    expect(insertSame).toThrow(/UNIQUE/);
    f.store.sdiState.setDocumentStatus(f.id, 'rejected');
    const other = Number(insertSame().lastInsertRowid);
    // The rejected one cannot come back to life while its number is taken again.
    expect(() => f.store.sdiState.setDocumentStatus(f.id, 'delivered')).toThrow(/UNIQUE/);
    f.db.prepare('DELETE FROM documents WHERE id = ?').run(other);
  });

  it('an outbox item is taken for sending once (compare-and-set)', () => {
    const f = registered();
    const item = f.store.outbox.getByFileName(f.fileName)!;
    expect(f.store.outbox.markSending(item.id, 'a', 'now')).toBe(true);
    expect(f.store.outbox.markSending(item.id, 'b', 'now')).toBe(false);
    expect(f.store.outbox.get(item.id)).toMatchObject({ state: 'sending', transmitter: 'a' });
  });

  it('lists sent documents and received files with paging', () => {
    const f = registered();
    expect(f.store.sdiState.listSent({ limit: 10 })).toMatchObject({ total: 1, rows: [{ id: f.id, status: 'queued', fileName: f.fileName }] });
    expect(f.store.sdiState.listSent({ status: ['delivered'] }).total).toBe(0);
    for (let i = 1; i <= 3; i++) {
      f.store.receivedFiles.insert({ fileName: `IT0987654321${i}_00001.xml`, receivedAt: `2025-03-1${i}T10:00:00Z`, source: 'test', sha256: 'c', bytes: new Uint8Array([i]) });
    }
    const page = f.store.receivedFiles.list({ limit: 2, offset: 0 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.fileName)).toEqual(['IT09876543213_00001.xml', 'IT09876543212_00001.xml']);
    f.store.receivedFiles.setImportState(page.rows[0]!.id, 'imported', { documentId: f.id });
    expect(f.store.receivedFiles.list({ importState: ['new'] }).total).toBe(2);
  });
});
