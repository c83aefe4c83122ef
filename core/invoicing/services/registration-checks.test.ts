/**
 * The path "the builder accepts the document but the SdI checks find an error": the checks are replaced by a stub that
 * reports one error finding, to prove registration stops with DOCUMENTO_NON_VALIDO and writes nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../fatturapa/findings';

const stub = vi.hoisted(() => ({ findings: [] as Finding[], textIssues: [] as Finding[] }));
vi.mock('../../fatturapa/checks/index', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../fatturapa/checks/index')>();
  return { ...original, checkFattura: (...args: Parameters<typeof original.checkFattura>) => [...original.checkFattura(...args), ...stub.findings] };
});

vi.mock('../../fatturapa/writer', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../fatturapa/writer')>();
  return {
    ...original,
    writeFattura: (...args: Parameters<typeof original.writeFattura>) => {
      const r = original.writeFattura(...args);
      return { ...r, textIssues: [...r.textIssues, ...stub.textIssues] };
    },
  };
});

import { AppError } from '../../errors';
import { createDraft, getDocument } from './drafts';
import { registerDocument } from './registration';
import { closeTestCompanies, dumpDatabase, setupCompany, simpleDraft } from './test-support';

afterEach(() => {
  stub.findings = [];
  stub.textIssues = [];
  closeTestCompanies();
});

describe('registerDocument with a check error', () => {
  it('throws DOCUMENTO_NON_VALIDO with the findings and leaves the file unchanged', () => {
    const f = setupCompany();
    const d = createDraft(f.store, simpleDraft(f.customer.id));
    const finding: Finding = { code: '00471', severity: 'error', path: 'FatturaElettronicaHeader/CessionarioCommittente', message: 'Cedente e cessionario coincidono.', fix: 'Controlla il cliente.' };
    stub.findings = [{ code: '00000', severity: 'warning', path: 'x', message: 'solo un avviso' }, finding];
    const before = dumpDatabase(f.handle.sqlite);
    let error: AppError | undefined;
    try {
      registerDocument(f.store, d.id, { today: '2025-12-31' });
    } catch (e) {
      error = e as AppError;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error!.code).toBe('DOCUMENTO_NON_VALIDO');
    expect(error!.message).toMatch(/Cedente e cessionario coincidono/);
    expect(error!.fix).toBe('Controlla il cliente.');
    expect(error!.details).toEqual(stub.findings);
    expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
    expect(getDocument(f.store, d.id).status).toBe('draft');
  });

  it('refuses text the writer could not make schema-valid, leaving the file unchanged', () => {
    const f = setupCompany();
    const d = createDraft(f.store, simpleDraft(f.customer.id));
    stub.textIssues = [{ code: '00200', severity: 'error', path: 'FatturaElettronicaBody[0]/DatiGenerali/DatiGeneraliDocumento/Causale[0]', message: 'Carattere non ammesso.' }];
    const before = dumpDatabase(f.handle.sqlite);
    expect(() => registerDocument(f.store, d.id, { today: '2025-12-31' })).toThrow(/Carattere non ammesso/);
    expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
  });

  it('registers when the checks report only warnings, and returns them', () => {
    const f = setupCompany();
    const d = createDraft(f.store, simpleDraft(f.customer.id));
    stub.findings = [{ code: '00000', severity: 'warning', path: 'x', message: 'solo un avviso' }];
    const r = registerDocument(f.store, d.id, { today: '2025-12-31' });
    expect(r.warnings).toContainEqual(stub.findings[0]);
    expect(getDocument(f.store, d.id).status).toBe('queued');
  });
});
