/** The SQL triggers freeze registered documents and their postings even against hand-written SQL. */
import { afterEach, describe, expect, it } from 'vitest';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { closeTestCompanies, setupCompany, simpleDraft } from '../core/invoicing/services/test-support';

afterEach(closeTestCompanies);

function registered() {
  const f = setupCompany();
  const doc = createDraft(f.store, simpleDraft(f.customer.id));
  registerDocument(f.store, doc.id, { today: '2025-12-31' });
  return { ...f, id: doc.id, db: f.handle.sqlite };
}

describe('registered documents at the SQL level', () => {
  const frozen: [string, unknown][] = [
    ['number', 99],
    ['numero', '99'],
    ['date', '2025-01-01'],
    ['totale', '1.00'],
    ['imponibile', '1.00'],
    ['xml_sha256', 'f'.repeat(64)],
    ['record_hash', 'f'.repeat(64)],
    ['prev_record_hash', 'f'.repeat(64)],
    ['customer_name', 'Altro'],
    ['file_name', 'IT00000000000_ZZZZZ.xml'],
  ];
  for (const [column, value] of frozen) {
    it(`refuses UPDATE of ${column}`, () => {
      const { db, id } = registered();
      const before = db.prepare(`SELECT ${column} AS v FROM documents WHERE id = ?`).get(id);
      expect(() => db.prepare(`UPDATE documents SET ${column} = ? WHERE id = ?`).run(value, id)).toThrow(/documento registrato, dati immutabili/);
      expect(db.prepare(`SELECT ${column} AS v FROM documents WHERE id = ?`).get(id)).toEqual(before);
    });
  }

  for (const [column, value] of [
    ['xml', Buffer.from('<x/>')],
    ['draft_json', '{}'],
    ['totals_json', '{}'],
  ] as const) {
    it(`refuses UPDATE of the content's ${column}`, () => {
      const { db, id } = registered();
      const before = db.prepare(`SELECT ${column} AS v FROM document_content WHERE document_id = ?`).get(id);
      expect(() => db.prepare(`UPDATE document_content SET ${column} = ? WHERE document_id = ?`).run(value, id)).toThrow(/dati immutabili/);
      expect(db.prepare(`SELECT ${column} AS v FROM document_content WHERE document_id = ?`).get(id)).toEqual(before);
    });
  }

  it('refuses deleting or replacing the content', () => {
    const { db, id } = registered();
    expect(() => db.prepare('DELETE FROM document_content WHERE document_id = ?').run(id)).toThrow(/non si può eliminare/);
    expect(() => db.prepare("INSERT OR REPLACE INTO document_content (document_id, draft_json) VALUES (?, '{}')").run(id)).toThrow(/immutabil/);
    expect((db.prepare('SELECT length(xml) AS n FROM document_content WHERE document_id = ?').get(id) as { n: number }).n).toBeGreaterThan(500);
  });

  it('refuses DELETE', () => {
    const { db, id } = registered();
    expect(() => db.prepare('DELETE FROM documents WHERE id = ?').run(id)).toThrow(/non si può eliminare/);
    expect(db.prepare('SELECT count(*) AS n FROM documents WHERE id = ?').get(id)).toEqual({ n: 1 });
  });

  it('allows the SdI status to move on, but never back to draft', () => {
    const { db, id } = registered();
    db.prepare("UPDATE documents SET status = 'queued', sdi_status = 'in coda', sdi_id = '123' WHERE id = ?").run(id);
    expect(db.prepare('SELECT status, sdi_id AS sdiId FROM documents WHERE id = ?').get(id)).toEqual({ status: 'queued', sdiId: '123' });
    expect(() => db.prepare("UPDATE documents SET status = 'draft' WHERE id = ?").run(id)).toThrow(/non torna bozza/);
  });

  it('refuses editing or deleting the ledger entries of a registered document', () => {
    const { db, id } = registered();
    const entry = db.prepare('SELECT id FROM ledger_entries WHERE document_id = ?').get(id) as { id: number };
    expect(() => db.prepare("UPDATE ledger_entries SET amount = '0.00' WHERE id = ?").run(entry.id)).toThrow(/immutabile/);
    expect(() => db.prepare('DELETE FROM ledger_entries WHERE id = ?').run(entry.id)).toThrow(/non si può eliminare/);
    db.prepare('UPDATE ledger_entries SET plan_id = 7 WHERE id = ?').run(entry.id); // plan link stays editable
    expect(db.prepare('SELECT plan_id AS p FROM ledger_entries WHERE id = ?').get(entry.id)).toEqual({ p: 7 });
  });

  it('refuses a second document with the same series, year and number', () => {
    const { db, id } = registered();
    const row = db.prepare('SELECT series, year, number FROM documents WHERE id = ?').get(id) as { series: string; year: number; number: number };
    const draft = db.prepare("SELECT id FROM documents WHERE status = 'draft'").get();
    expect(draft).toBeUndefined();
    expect(() =>
      db
        .prepare(
          `INSERT INTO documents (status, tipo_documento, series, year, number, date, customer_id, customer_name, created_at, updated_at)
           SELECT 'draft', 'TD01', ?, ?, ?, '2025-03-10', customer_id, 'x', 'now', 'now' FROM documents WHERE id = ?`,
        )
        .run(row.series, row.year, row.number, id),
    ).toThrow(/UNIQUE/);
  });

  it('refuses a registered status without the frozen fields (CHECK)', () => {
    const { db, id } = registered();
    expect(() =>
      db
        .prepare(
          `INSERT INTO documents (status, tipo_documento, series, date, customer_id, customer_name, created_at, updated_at)
           SELECT 'registered', 'TD01', 'FT', '2025-03-10', customer_id, 'x', 'now', 'now' FROM documents WHERE id = ?`,
        )
        .run(id),
    ).toThrow(/CHECK/);
  });
});
