import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/invoicing/services/chain';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { closeTestCompanies, setupCompany, simpleDraft } from '../core/invoicing/services/test-support';
import { rawInsertRegisteredRows, readRegisteredRow } from './bench-support';
import { dumpDatabase } from './testing';

afterEach(closeTestCompanies);

describe('bench-support', () => {
  it('raw-inserts exactly the rows a registration writes', () => {
    // Two identical companies: one registers through the service, the other gets the same rows raw.
    const a = setupCompany();
    const b = setupCompany();
    const r = registerDocument(a.store, createDraft(a.store, simpleDraft(a.customer.id)).id, { today: '2025-12-31' });
    const row = readRegisteredRow(a.handle.sqlite, r.document.id);
    expect(row.ledger).toHaveLength(1);
    expect(Buffer.from(row.document.xml).length).toBeGreaterThan(500);

    // b has no draft row yet: the raw insert creates the registered row directly (same id 1 in a fresh file).
    const ids = rawInsertRegisteredRows(b.handle.sqlite, [row]);
    expect(ids).toEqual([r.document.id]);
    const strip = (dump: Record<string, unknown[]>) => {
      const out: Record<string, unknown[]> = {};
      for (const [t, rows] of Object.entries(dump)) {
        out[t] = rows.map((x) => {
          const o = { ...(x as Record<string, unknown>) };
          for (const k of ['created_at', 'updated_at', 'applied_at']) delete o[k]; // timestamps differ by construction
          return o;
        });
      }
      return out;
    };
    const da = strip(dumpDatabase(a.handle.sqlite));
    const db = strip(dumpDatabase(b.handle.sqlite));
    for (const t of ['documents', 'ledger_entries', 'numbering', 'counters', 'outbox']) expect(db[t], t).toEqual(da[t]);
    expect(verifyChain(b.store)).toEqual(verifyChain(a.store));
  });
});
