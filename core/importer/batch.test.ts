/**
 * runImport writes the files of a batch in one transaction, each file in its own savepoint. These tests break the
 * writes in every way the batch can meet (a file failing with an AppError, a file failing with any other error, a
 * COMMIT that fails, a BEGIN that fails) and check that every result tells what is in the file, that nothing is
 * half-written and that the cache of suppliers never points at a row that was rolled back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { FatturaElettronica } from '../fatturapa/schema.generated';
import { writeFattura } from '../fatturapa/writer';
import type { CompanyStore } from '../ports';
import { sampleFattura } from './testing/corpus';
import { closeTestCompanies, dumpDatabase, importBytes, importCompany } from './testing/setup';
import type { TestCompany } from '../../db/testing';

afterEach(closeTestCompanies);

/** Invoices of ONE new supplier (numbers n1, n2...), the second one with an attachment that the tests can break. */
function supplierFiles(seed: number, count: number, breakAt?: number): { name: string; bytes: Uint8Array }[] {
  return Array.from({ length: count }, (_, i) => {
    const f = structuredClone(sampleFattura('received', seed)) as FatturaElettronica;
    f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero = `LOT-${i + 1}`;
    if (i === breakAt) f.FatturaElettronicaBody[0]!.Allegati = [{ NomeAttachment: 'boom.pdf', Attachment: 'AAAA' }];
    return { name: `f${i + 1}.xml`, bytes: writeFattura(f).bytes };
  });
}

/** The store with its transaction counted by depth, and a hook that can break the attachment write. */
function instrumented(t: TestCompany, opts: { onAttachment?: (depth: number) => void; outer?: (call: number, run: () => unknown) => unknown } = {}) {
  let depth = 0;
  let outerCalls = 0;
  const depthsAtAttachment: number[] = [];
  const store: CompanyStore = {
    ...t.store,
    transaction<T>(fn: () => T): T {
      const counted = () => {
        depth++;
        try {
          return fn();
        } finally {
          depth--;
        }
      };
      if (depth > 0 || !opts.outer) return t.store.transaction(counted);
      const call = ++outerCalls;
      return opts.outer(call, () => t.store.transaction(counted)) as T;
    },
    imports: {
      ...t.store.imports,
      insertAttachment(a) {
        depthsAtAttachment.push(depth);
        if (a.fileName === 'boom.pdf') opts.onAttachment?.(depth);
        return t.store.imports.insertAttachment(a);
      },
    },
  };
  return { store, depthsAtAttachment };
}

/** Every imported document points at an existing supplier, and each supplier was created once. */
function expectConsistentSuppliers(t: TestCompany) {
  const rows = t.handle.sqlite.prepare('SELECT d.counterparty_id AS id, c.id AS found FROM imported_documents d LEFT JOIN customers c ON c.id = d.counterparty_id').all() as { id: number; found: number | null }[];
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.found, `fornitore ${r.id}`).toBe(r.id);
  const suppliers = t.handle.sqlite.prepare('SELECT count(*) AS n FROM customers WHERE is_supplier = 1').get() as { n: number };
  expect(suppliers.n).toBe(1);
}

describe('files written in batches (one transaction, one savepoint per file)', () => {
  it('a file failing with an AppError in its savepoint leaves nothing of itself; the files around it in the batch are imported', async () => {
    const t = importCompany();
    const files = supplierFiles(30, 3, 1);
    const { store, depthsAtAttachment } = instrumented(t, {
      onAttachment: () => {
        throw new AppError({ code: 'PROVA_ERRORE', message: 'Scrittura dell’allegato non riuscita.', fix: 'Riprova.' });
      },
    });
    const s = await importBytes({ ...t, store }, files);
    expect(s.files.map((f) => f.result)).toEqual(['imported', 'rejected', 'imported']);
    expect(s.files[1]).toMatchObject({ code: 'PROVA_ERRORE' });
    // The attachment was written inside the file's own savepoint, itself inside the batch's transaction.
    expect(depthsAtAttachment).toEqual([2]);
    const numeri = (t.handle.sqlite.prepare('SELECT numero FROM imported_documents ORDER BY numero').all() as { numero: string }[]).map((r) => r.numero);
    expect(numeri).toEqual(['LOT-1', 'LOT-3']);
    expect(t.handle.sqlite.prepare('SELECT count(*) AS n FROM imported_files').get()).toEqual({ n: 2 });
    expect(t.handle.sqlite.prepare('SELECT count(*) AS n FROM imported_attachments').get()).toEqual({ n: 0 });
    expectConsistentSuppliers(t);
  });

  it('any other error undoes the batch and its files are imported again one transaction each: same results, no dangling supplier', async () => {
    const t = importCompany();
    const files = supplierFiles(31, 3, 1);
    const { store } = instrumented(t, {
      onAttachment: () => {
        throw new Error('disco pieno');
      },
    });
    const s = await importBytes({ ...t, store }, files);
    expect(s.files.map((f) => f.result)).toEqual(['imported', 'rejected', 'imported']);
    expect(s.files[1]).toMatchObject({ code: 'ERRORE_INTERNO' });
    expect(s.files[0]!.reason).toMatch(/nuovo fornitore creato/);
    const numeri = (t.handle.sqlite.prepare('SELECT numero FROM imported_documents ORDER BY numero').all() as { numero: string }[]).map((r) => r.numero);
    expect(numeri).toEqual(['LOT-1', 'LOT-3']);
    expectConsistentSuppliers(t);
  });

  it('a COMMIT that fails leaves nothing of the batch, and its files are imported again: every result is what is on disk', async () => {
    const t = importCompany();
    const files = supplierFiles(32, 4);
    const { store } = instrumented(t, {
      outer: (call, run) =>
        call === 1
          ? t.store.transaction(() => {
              run();
              throw new Error('I/O error durante il COMMIT');
            })
          : run(),
    });
    const s = await importBytes({ ...t, store }, files);
    expect(s.files.map((f) => f.result)).toEqual(['imported', 'imported', 'imported', 'imported']);
    const ids = s.files.flatMap((f) => f.documentIds);
    for (const id of ids) expect(t.store.imports.get(id), `documento ${id}`).toBeDefined();
    expect(t.handle.sqlite.prepare('SELECT count(*) AS n FROM imported_documents').get()).toEqual({ n: 4 });
    expectConsistentSuppliers(t);
  });

  it('when the batch cannot even begin, the import goes on one file at a time', async () => {
    const t = importCompany();
    const files = supplierFiles(33, 3);
    const { store } = instrumented(t, {
      outer: (call, run) => {
        if (call === 1) throw new Error('database bloccato');
        return run();
      },
    });
    const s = await importBytes({ ...t, store }, files);
    expect(s.files.map((f) => f.result)).toEqual(['imported', 'imported', 'imported']);
    expect(t.handle.sqlite.prepare('SELECT count(*) AS n FROM imported_documents').get()).toEqual({ n: 3 });
    expectConsistentSuppliers(t);
  });

  it('a duplicate of a file imported earlier in the same batch is found (the batch reads its own writes)', async () => {
    const t = importCompany();
    const [one] = supplierFiles(34, 1);
    const before = dumpDatabase(t.handle.sqlite).imported_files!.length;
    const s = await importBytes(t, [one!, { name: 'copia.xml', bytes: one!.bytes }]);
    expect(s.files.map((f) => f.result)).toEqual(['imported', 'duplicate']);
    expect(s.files[1]!.documentIds).toEqual(s.files[0]!.documentIds);
    expect(dumpDatabase(t.handle.sqlite).imported_files!.length).toBe(before + 1);
  });
});
