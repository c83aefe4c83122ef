/** The office company generator at a tiny scale: real registrations, a valid chain, SdI outcomes, the cache. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/invoicing/services/chain';
import { validateCustomer } from '../core/invoicing/customers';
import { createCompanyStore } from '../db/company-store';
import { openCompanyDb } from '../db/open';
import { officeCompany, officeCustomer, officeVersion, type OfficeSpec } from './office-company';

const SPEC: OfficeSpec = { documents: 60, customers: 12, received: 6, drafts: 4, seed: 99 };
let cache: string;
const before = process.env.FATTURADESK_BENCH_CACHE;

beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'fatturadesk-office-test-'));
  process.env.FATTURADESK_BENCH_CACHE = cache;
});

afterAll(() => {
  if (before === undefined) delete process.env.FATTURADESK_BENCH_CACHE;
  else process.env.FATTURADESK_BENCH_CACHE = before;
  rmSync(cache, { recursive: true, force: true });
});

describe('office company', () => {
  it('makes valid customers of every kind', () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = officeCustomer(i, SPEC.seed);
      kinds.add(c.kind);
      expect(validateCustomer(c), `${i} ${c.kind}`).toEqual([]);
    }
    expect([...kinds].sort()).toEqual(['B2B', 'ESTERO', 'PA', 'PRIVATO']);
  });

  it('registers the documents through the services, with a valid chain, SdI outcomes and received invoices; then reuses the file', async () => {
    const first = await officeCompany(SPEC);
    expect(first.generated).toBe(true);
    expect(first.file.startsWith(cache)).toBe(true);
    const handle = openCompanyDb(first.file, { readonly: true });
    try {
      const store = createCompanyStore(handle);
      const db = handle.sqlite;
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      // Every generated document registered (plus the corrections of the rejected ones), the drafts left as drafts.
      const corrections = count('SELECT count(*) AS n FROM document_corrections');
      expect(count("SELECT count(*) AS n FROM documents WHERE status <> 'draft'")).toBe(SPEC.documents + corrections);
      expect(count("SELECT count(*) AS n FROM documents WHERE status = 'draft'")).toBe(SPEC.drafts);
      expect(count('SELECT count(*) AS n FROM customers')).toBe(SPEC.customers + count('SELECT count(*) AS n FROM customers WHERE is_supplier = 1'));
      expect(count("SELECT count(*) AS n FROM imported_documents WHERE direction = 'received'")).toBe(SPEC.received);
      expect(verifyChain(store)).toMatchObject({ ok: true, verified: SPEC.documents + corrections });
      // Old documents reached an outcome at the SdI; the outbox agrees.
      expect(count("SELECT count(*) AS n FROM documents WHERE status IN ('delivered', 'accepted', 'not_delivered', 'rejected', 'refused', 'expired')")).toBeGreaterThan(SPEC.documents / 2);
      expect(count("SELECT count(*) AS n FROM outbox WHERE state = 'transmitted'")).toBe(count("SELECT count(*) AS n FROM documents WHERE status NOT IN ('draft', 'queued')"));
    } finally {
      handle.close();
    }
    const again = await officeCompany(SPEC);
    expect(again).toMatchObject({ generated: false, file: first.file, generationMs: first.generationMs });
    // Another size or seed is another file.
    expect(officeVersion({ ...SPEC, seed: 100 })).not.toBe(officeVersion(SPEC));
  });
});
