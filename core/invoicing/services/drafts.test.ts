import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { createCustomer } from './customers';
import { createDraft, deleteDraft, duplicateDocument, getDocument, getDocumentXml, listDocuments, updateDraft } from './drafts';
import { registerDocument } from './registration';
import { closeTestCompanies, CUSTOMER, dumpDatabase, line, setupCompany, simpleDraft } from './test-support';

afterEach(closeTestCompanies);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return undefined;
}

describe('drafts', () => {
  it('creates, reads and updates a draft, with a totals preview and the customer name', () => {
    const f = setupCompany();
    const d = createDraft(f.store, simpleDraft(f.customer.id));
    expect(d).toMatchObject({ status: 'draft', tipoDocumento: 'TD01', series: 'FT', date: '2025-03-10', customerName: 'Beta S.p.A.', causale: 'Consulenza marzo' });
    expect(d.totals).toMatchObject({ imponibile: '250.00', imposta: '55.00', totale: '305.00' });
    expect(d.registration).toBeUndefined();
    expect(d.draft.lines).toHaveLength(2);
    expect(d.draft.id).toBe(d.id);

    const u = updateDraft(f.store, d.id, { ...d.draft, lines: [line('Solo una riga', '10.00')], causale: undefined });
    expect(u.totals).toMatchObject({ imponibile: '10.00', imposta: '2.20', totale: '12.20' });
    expect(u.causale).toBeUndefined();
    expect(getDocument(f.store, d.id).draft.lines.map((l) => l.descrizione)).toEqual(['Solo una riga']);
  });

  it('keeps an incomplete draft without totals', () => {
    const f = setupCompany();
    const d = createDraft(f.store, simpleDraft(f.customer.id, { lines: [{ descrizione: 'Prezzo da decidere', prezzoUnitario: 'da definire', aliquotaIva: '22.00' }] }));
    expect(d.totals).toBeUndefined();
  });

  it('refuses a draft that cannot be stored, listing every problem', () => {
    const f = setupCompany();
    const before = dumpDatabase(f.handle.sqlite);
    try {
      createDraft(f.store, simpleDraft(9999, { series: 'ZZ', date: '2025-02-30' }));
      throw new Error('atteso errore');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.code).toBe('BOZZA_NON_VALIDA');
      expect((err.details as { field: string }[]).map((x) => x.field)).toEqual(['series', 'date', 'customerId']);
      expect(err.field).toBe('series');
    }
    expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
  });

  it('duplicates a draft and a registered document into a new draft dated today', () => {
    const f = setupCompany();
    const d = createDraft(f.store, simpleDraft(f.customer.id));
    const copy = duplicateDocument(f.store, d.id, { today: '2025-06-01' });
    expect(copy.id).not.toBe(d.id);
    expect(copy).toMatchObject({ status: 'draft', date: '2025-06-01', customerId: f.customer.id });
    expect(copy.draft.lines).toEqual(d.draft.lines);

    registerDocument(f.store, d.id, { today: '2025-12-31' });
    const fromRegistered = duplicateDocument(f.store, d.id, { today: '2025-07-01' });
    expect(fromRegistered).toMatchObject({ status: 'draft', date: '2025-07-01', series: 'FT' });
    expect(fromRegistered.registration).toBeUndefined();
    expect(fromRegistered.draft.lines).toEqual(d.draft.lines);
    expect(codeOf(() => getDocumentXml(f.store, fromRegistered.id))).toBe('XML_NON_DISPONIBILE');
  });

  it('deletes a draft, and refuses registered documents and unknown ids', () => {
    const f = setupCompany();
    const d = createDraft(f.store, simpleDraft(f.customer.id));
    deleteDraft(f.store, d.id);
    expect(codeOf(() => getDocument(f.store, d.id))).toBe('DOCUMENTO_NON_TROVATO');
    expect(codeOf(() => deleteDraft(f.store, d.id))).toBe('DOCUMENTO_NON_TROVATO');
    const r = createDraft(f.store, simpleDraft(f.customer.id));
    registerDocument(f.store, r.id, { today: '2025-12-31' });
    expect(codeOf(() => deleteDraft(f.store, r.id))).toBe('DOCUMENTO_REGISTRATO_NON_MODIFICABILE');
    expect(getDocument(f.store, r.id).status).toBe('queued'); // registered and queued for the SdI
  });

  it('follows a customer rename on drafts only', async () => {
    const f = setupCompany();
    const draft = createDraft(f.store, simpleDraft(f.customer.id));
    const reg = createDraft(f.store, simpleDraft(f.customer.id));
    registerDocument(f.store, reg.id, { today: '2025-12-31' });
    const { updateCustomer } = await import('./customers');
    updateCustomer(f.store, { ...f.customer, denominazione: 'Beta Nuova S.p.A.' });
    expect(getDocument(f.store, draft.id).customerName).toBe('Beta Nuova S.p.A.');
    expect(getDocument(f.store, reg.id).customerName).toBe('Beta S.p.A.');
  });
});

describe('listDocuments', () => {
  function populate() {
    const f = setupCompany();
    const gamma = createCustomer(f.store, { ...CUSTOMER, denominazione: 'Gamma Costruzioni S.r.l.', partitaIva: '09876543217' });
    const ids: Record<string, number> = {};
    // 12 documents: alternate customers, dates through March 2025, 5 registered.
    for (let i = 1; i <= 12; i++) {
      const customerId = i % 2 === 0 ? gamma.id : f.customer.id;
      const date = `2025-03-${String(i).padStart(2, '0')}`;
      const d = createDraft(f.store, simpleDraft(customerId, { date, causale: i === 7 ? 'Ristrutturazione uffici' : `Servizio ${i}` }));
      ids[`d${i}`] = d.id;
      if (i <= 5) registerDocument(f.store, d.id, { today: '2025-12-31' });
    }
    const nc = createDraft(f.store, simpleDraft(f.customer.id, { tipoDocumento: 'TD04', series: 'NC', date: '2025-04-01', references: { fattureCollegate: [{ IdDocumento: '1', Data: '2025-03-01' }] } }));
    return { ...f, gamma, ids, nc };
  }

  it('lists newest first with the total count and pages', () => {
    const f = populate();
    const p1 = listDocuments(f.store, { limit: 5 });
    expect(p1.total).toBe(13);
    expect(p1.rows.map((r) => r.date)).toEqual(['2025-04-01', '2025-03-12', '2025-03-11', '2025-03-10', '2025-03-09']);
    const p3 = listDocuments(f.store, { limit: 5, offset: 10 });
    expect(p3.rows.map((r) => r.date)).toEqual(['2025-03-03', '2025-03-02', '2025-03-01']);
    expect(p3).toMatchObject({ total: 13, offset: 10, limit: 5 });
    const row = p3.rows[2]!;
    expect(row).toMatchObject({ status: 'queued', numero: '1', number: 1, year: 2025, totale: '305.00', customerName: 'Beta S.p.A.' });
    expect(row).not.toHaveProperty('draft');
  });

  it('filters by status, type, customer and date range', () => {
    const f = populate();
    expect(listDocuments(f.store, { status: 'queued' }).total).toBe(5);
    expect(listDocuments(f.store, { status: ['draft', 'transmitted'] }).total).toBe(8);
    expect(listDocuments(f.store, { tipoDocumento: 'TD04' }).rows.map((r) => r.id)).toEqual([f.nc.id]);
    const byGamma = listDocuments(f.store, { customerId: f.gamma.id });
    expect(byGamma.total).toBe(6);
    expect(byGamma.rows.every((r) => r.customerName === 'Gamma Costruzioni S.r.l.')).toBe(true);
    const range = listDocuments(f.store, { dateFrom: '2025-03-03', dateTo: '2025-03-05', sort: { by: 'date', dir: 'asc' } });
    expect(range.rows.map((r) => r.date)).toEqual(['2025-03-03', '2025-03-04', '2025-03-05']);
    expect(listDocuments(f.store, { status: 'queued', customerId: f.gamma.id, dateFrom: '2025-03-03' }).total).toBe(1);
  });

  it('searches numero, customer name and causale, ignoring case and accents', () => {
    const f = populate();
    expect(listDocuments(f.store, { text: 'gamma' }).total).toBe(6);
    expect(listDocuments(f.store, { text: 'RISTRUTTURAZ' }).rows.map((r) => r.id)).toEqual([f.ids.d7]);
    expect(listDocuments(f.store, { text: 'ristrutturazióne' }).rows.map((r) => r.id)).toEqual([f.ids.d7]);
    // Every word must match: Beta's documents with "Servizio" in the causale are d1, d3, d5, d9, d11 (d7 is "Ristrutturazione").
    expect(listDocuments(f.store, { text: 'beta servizio' }).total).toBe(5);
    expect(listDocuments(f.store, { text: 'beta ristrutturazione' }).total).toBe(1);
    expect(listDocuments(f.store, { text: 'gamma ristrutturazione' }).total).toBe(0);
  });

  it('finds short texts (numero "3") through the narrow search table', () => {
    const f = populate();
    const rows = listDocuments(f.store, { text: '3', status: 'queued' }).rows;
    expect(rows.map((r) => r.numero)).toEqual(['3']);
    expect(listDocuments(f.store, { text: '%' }).total).toBe(0); // LIKE wildcards are literal
  });

  it('sorts by number and by customer', () => {
    const f = populate();
    const byNumber = listDocuments(f.store, { status: 'queued', sort: { by: 'number', dir: 'asc' } });
    expect(byNumber.rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5]);
    const byCustomer = listDocuments(f.store, { sort: { by: 'customer' }, limit: 100 });
    const names = byCustomer.rows.map((r) => r.customerName);
    expect(names.indexOf('Gamma Costruzioni S.r.l.')).toBeGreaterThan(names.lastIndexOf('Beta S.p.A.'));
  });

  it('uses an index (no full scan of documents) for the common filters', () => {
    const f = populate();
    const db = f.handle.sqlite;
    const plan = (where: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN SELECT id, numero FROM documents WHERE ${where} ORDER BY date DESC, id DESC LIMIT 50`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    expect(plan("status = 'registered'")).toMatch(/USING INDEX documents_status_date/);
    expect(plan('customer_id = 1')).toMatch(/USING INDEX documents_customer_date/);
    expect(plan("tipo_documento = 'TD04'")).toMatch(/USING INDEX documents_tipo_date/);
    expect(plan("date BETWEEN '2025-01-01' AND '2025-03-31'")).toMatch(/USING INDEX documents_date/);
    expect(plan("id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH '\"gamma\"')")).toMatch(/VIRTUAL TABLE INDEX/);
    for (const w of ["status = 'registered'", 'customer_id = 1', "date >= '2025-01-01'"]) expect(plan(w)).not.toMatch(/SCAN documents(?! USING)/);
  });
});
