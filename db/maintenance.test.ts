/**
 * The SQLite side of backups and the integrity check: the online backup is a consistent snapshot (an uncommitted
 * write of another connection is not in it) in one self-contained file; integrity_check, foreign_key_check and the
 * invariants each find what a damaged or hand-edited file has; the backup settings row round-trips.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { setupCompany, simpleDraft } from '../core/invoicing/services/test-support';
import { createCompanyStore } from './company-store';
import { openCompanyDb } from './open';
import { closeTestCompanies, dumpDatabase, tempFile } from './testing';

afterEach(closeTestCompanies);

function withRegistered(n = 3) {
  const f = setupCompany();
  const ids = Array.from({ length: n }, (_, i) => {
    const id = createDraft(f.store, simpleDraft(f.customer.id, { date: `2025-03-${String(1 + Math.floor(i / 2)).padStart(2, '0')}` })).id;
    registerDocument(f.store, id, { today: '2025-12-31' });
    return id;
  });
  return { ...f, ids };
}

describe('maintenance repository', () => {
  it('backupTo: a consistent snapshot in one file, without the uncommitted write of another connection', async () => {
    const f = withRegistered();
    const other = new Database(f.file);
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN IMMEDIATE');
    other.prepare("INSERT INTO counters (name, value) VALUES ('non-confermato', 1)").run();
    const dest = tempFile('copia.fdesk');
    await f.store.maintenance.backupTo(dest);
    other.exec('ROLLBACK');
    other.close();
    const copy = new Database(dest, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare("SELECT count(*) AS n FROM counters WHERE name = 'non-confermato'").get()).toEqual({ n: 0 });
      expect(dumpDatabase(copy)).toEqual(dumpDatabase(f.handle.sqlite));
    } finally {
      copy.close();
    }
  });

  it('finds nothing wrong in a sound file, and every broken invariant in a hand-edited one', () => {
    const f = withRegistered();
    const m = f.store.maintenance;
    expect([m.integrityCheck(), m.foreignKeyCheck(), m.consistency()]).toEqual([[], [], []]);
    expect(m.registeredCount()).toBe(3);

    const raw = new Database(f.file);
    raw.pragma('foreign_keys = OFF');
    raw.exec('DROP TRIGGER document_content_registered_no_delete');
    raw.prepare('DELETE FROM document_content WHERE document_id = ?').run(f.ids[0]);
    raw.prepare('DELETE FROM outbox WHERE document_id = ?').run(f.ids[1]);
    raw.prepare("INSERT INTO ledger_entries (customer_id, kind, date, amount, description, created_at) VALUES (999, 'payment', '2025-01-01', '-1.00', '', '2025-01-01')").run();
    raw.prepare("INSERT INTO imported_files (name, source, direction, sha256, container, bytes, imported_at) VALUES ('vuoto.xml', 'upload', 'received', 'ab', 'xml', X'00', '2025-01-01')").run();
    raw.close();

    expect(m.foreignKeyCheck()).toEqual([expect.objectContaining({ table: 'ledger_entries', parent: 'customers' })]);
    const kinds = m.consistency().map((c) => [c.kind, c.count, c.examples]);
    expect(kinds).toEqual([
      ['registrato-senza-xml', 1, ['1']],
      ['in-coda-senza-invio', 1, ['2']],
      ['file-importato-senza-documenti', 1, ['vuoto.xml']],
    ]);
  });

  it('integrity_check reports a page overwritten on disk', () => {
    const f = withRegistered(40);
    f.handle.close();
    const bytes = readFileSync(f.file);
    // Keep the header and the schema page; scribble over the middle of the file.
    bytes.fill(0x5a, 4096 * 3, 4096 * 3 + 2000);
    writeFileSync(f.file, bytes);
    const h = openCompanyDb(f.file, { readonly: true });
    try {
      const store = createCompanyStore(h);
      let messages: string[];
      try {
        messages = store.maintenance.integrityCheck();
      } catch (e) {
        messages = [(e as Error).message];
      }
      expect(messages.length).toBeGreaterThan(0);
    } finally {
      h.close();
    }
  });

  it('keeps the backup settings in the company file', () => {
    const f = setupCompany();
    expect(f.store.maintenance.getBackupSettings()).toBeUndefined();
    const s = { enabled: false, intervalHours: 12, keepDaily: 3, keepWeekly: 2, keepMonthly: 6, dir: '/copie' };
    f.store.maintenance.saveBackupSettings(s);
    expect(f.store.maintenance.getBackupSettings()).toEqual(s);
  });
});
