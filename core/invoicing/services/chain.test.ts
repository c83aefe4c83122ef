import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from './chain';
import { sha256Hex } from './sha256';
import { createDraft } from './drafts';
import { registerDocument } from './registration';
import { closeTestCompanies, setupCompany, simpleDraft, type Fixture } from './test-support';

afterEach(closeTestCompanies);

function threeRegistered(): Fixture & { ids: number[] } {
  const f = setupCompany();
  const ids = ['2025-03-01', '2025-03-02', '2025-03-03'].map((date) => {
    const d = createDraft(f.store, simpleDraft(f.customer.id, { date }));
    registerDocument(f.store, d.id, { today: '2025-12-31' });
    return d.id;
  });
  return { ...f, ids };
}

/** Tampering needs the immutability triggers out of the way: exactly what someone editing the file would do. */
function tamper(f: Fixture, sqlText: string, ...params: unknown[]): void {
  const db = f.handle.sqlite;
  const names = ['documents_registered_frozen', 'document_content_registered_frozen'];
  const triggers = names.map((n) => (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(n) as { sql: string }).sql);
  for (const n of names) db.exec(`DROP TRIGGER ${n}`);
  db.prepare(sqlText).run(...params);
  for (const t of triggers) db.exec(t);
}

describe('verifyChain', () => {
  it('is ok on an empty file', () => {
    const f = setupCompany();
    expect(verifyChain(f.store)).toEqual({ ok: true, verified: 0 });
  });

  it('detects a changed XML and names the first broken document', () => {
    const f = threeRegistered();
    expect(verifyChain(f.store).ok).toBe(true);
    tamper(f, "UPDATE document_content SET xml = CAST(replace(CAST(xml AS TEXT), '<Numero>2</Numero>', '<Numero>9</Numero>') AS BLOB) WHERE document_id = ?", f.ids[1]);
    const report = verifyChain(f.store);
    expect(report.ok).toBe(false);
    expect(report.verified).toBe(1);
    expect(report.broken).toMatchObject({ documentId: f.ids[1], chainSeq: 2, reason: 'xml', numero: '2' });
    expect(report.broken!.message).toMatch(/file XML del documento 2/);
  });

  it('detects a changed key field even when the XML hash is left alone', () => {
    const f = threeRegistered();
    tamper(f, "UPDATE documents SET totale = '1.00' WHERE id = ?", f.ids[2]);
    expect(verifyChain(f.store).broken).toMatchObject({ documentId: f.ids[2], reason: 'record' });
  });

  it('detects a rewritten XML whose new SHA-256 was stored too (the record hash covers it)', () => {
    const f = threeRegistered();
    tamper(f, "UPDATE document_content SET xml = CAST('<falso/>' AS BLOB) WHERE document_id = ?", f.ids[0]);
    tamper(f, 'UPDATE documents SET xml_sha256 = ? WHERE id = ?', sha256Hex('<falso/>'), f.ids[0]);
    expect(verifyChain(f.store).broken).toMatchObject({ documentId: f.ids[0], chainSeq: 1, reason: 'record' });
  });

  it('detects a replaced record hash', () => {
    const f = threeRegistered();
    tamper(f, 'UPDATE documents SET record_hash = ? WHERE id = ?', 'ab'.repeat(32), f.ids[0]);
    expect(verifyChain(f.store).broken).toMatchObject({ documentId: f.ids[0], reason: 'record' });
  });

  it('detects a removed document', () => {
    const f = threeRegistered();
    const db = f.handle.sqlite;
    db.exec('DROP TRIGGER documents_registered_no_delete; DROP TRIGGER ledger_entries_posted_no_delete; DROP TRIGGER document_content_registered_no_delete');
    db.prepare('DELETE FROM ledger_entries WHERE document_id = ?').run(f.ids[1]);
    db.prepare('DELETE FROM documents WHERE id = ?').run(f.ids[1]);
    expect(verifyChain(f.store).broken).toMatchObject({ documentId: f.ids[2], chainSeq: 3, reason: 'sequenza' });
  });
});
