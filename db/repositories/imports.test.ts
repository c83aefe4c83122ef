import { afterEach, describe, expect, it } from 'vitest';
import { closeTestCompanies, openTestCompany } from '../testing';
import type { ImportedDocumentInput } from '../../core/ports';

afterEach(closeTestCompanies);

function setup() {
  const t = openTestCompany();
  const fileId = t.store.imports.insertFile({ name: 'a.xml', source: 'upload', direction: 'received', sha256: 'aa', container: 'xml', bytes: Uint8Array.of(60, 97, 47, 62), importedAt: '2026-01-15T10:00:00Z' });
  const doc: ImportedDocumentInput = {
    fileId,
    bodyIndex: 0,
    direction: 'received',
    senderKey: 'IT01234567890',
    tipoDocumento: 'TD01',
    numero: '12/A',
    date: '2025-12-01',
    divisa: 'EUR',
    imponibile: '100.00',
    imposta: '22.00',
    totale: '122.00',
    counterpartyName: 'Fornitore S.p.A.',
    counterpartyVat: 'IT01234567890',
    sendState: 'none',
    importedAt: '2026-01-15T10:00:00Z',
  };
  const id = t.store.imports.insertDocument(doc);
  return { t, fileId, doc, id };
}

describe('import repository (migration 3)', () => {
  it('stores and reads back files, documents and attachments', () => {
    const { t, fileId, id } = setup();
    expect(t.store.imports.fileBySha256('aa')).toEqual({ id: fileId, direction: 'received' });
    expect(t.store.imports.findByKey('received', 'IT01234567890', 'TD01', '12/A', '2025-12-01')).toEqual({ id });
    expect(t.store.imports.findByKey('outbound', 'IT01234567890', 'TD01', '12/A', '2025-12-01')).toBeUndefined();
    t.store.imports.insertAttachment({ importedDocumentId: id, fileName: 'a.pdf', originalName: '../a.pdf', bytes: Uint8Array.of(1, 2, 3) });
    expect(t.store.imports.get(id)).toMatchObject({ numero: '12/A', fileName: 'a.xml', attachments: 1, container: 'xml' });
    expect(t.store.imports.listAttachments(id)).toEqual([expect.objectContaining({ fileName: 'a.pdf', size: 3 })]);
    expect(t.store.imports.fileContent(fileId)).toEqual({ name: 'a.xml', container: 'xml', bytes: Uint8Array.of(60, 97, 47, 62) });
    expect(t.store.imports.list({ text: 'fornitore 12' }).total).toBe(1);
    expect(t.store.imports.list({ text: 'altro' }).total).toBe(0);
    expect(t.store.imports.list({ direction: 'outbound' }).total).toBe(0);
  });

  it('refuses at the database level a duplicate key, a duplicate file and a duplicate attachment name (any case)', () => {
    const { t, doc, id } = setup();
    const fileId2 = t.store.imports.insertFile({ name: 'b.xml', source: 'upload', direction: 'received', sha256: 'bb', container: 'xml', bytes: Uint8Array.of(1), importedAt: 'x' });
    expect(() => t.store.imports.insertDocument({ ...doc, fileId: fileId2 })).toThrow(/UNIQUE/);
    expect(() => t.store.imports.insertFile({ name: 'c.xml', source: 'upload', direction: 'received', sha256: 'aa', container: 'xml', bytes: Uint8Array.of(1), importedAt: 'x' })).toThrow(/UNIQUE/);
    t.store.imports.insertAttachment({ importedDocumentId: id, fileName: 'Doc.pdf', originalName: 'Doc.pdf', bytes: Uint8Array.of(1) });
    expect(() => t.store.imports.insertAttachment({ importedDocumentId: id, fileName: 'doc.PDF', originalName: 'doc.PDF', bytes: Uint8Array.of(1) })).toThrow(/UNIQUE/);
  });

  it('freezes what was imported', () => {
    const { t, id } = setup();
    const db = t.handle.sqlite;
    expect(() => db.prepare(`UPDATE imported_files SET bytes = x'00'`).run()).toThrow(/file importato, non modificabile/);
    expect(() => db.prepare(`DELETE FROM imported_files`).run()).toThrow(/non si può eliminare/);
    expect(() => db.prepare(`UPDATE imported_documents SET totale = '1.00' WHERE id = ?`).run(id)).toThrow(/dati immutabili/);
    expect(() => db.prepare(`DELETE FROM imported_documents`).run()).toThrow(/non si può eliminare/);
  });
});
