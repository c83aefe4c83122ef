import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { hasErrors } from '../../fatturapa/findings';
import { checkFattura } from '../../fatturapa/checks/index';
import { readFattura } from '../../fatturapa/reader';
import { describeWithShared } from '../../testing/shared-files';
import { loadFatturaPAValidator } from '../../testing/xsd-validator';
import { createCreditNote } from './credit-notes';
import type { CompanyStore } from '../../ports';
import { verifyChain, CHAIN_GENESIS, computeRecordHash } from './chain';
import { createDraft, getDocument, getDocumentXml, updateDraft, deleteDraft } from './drafts';
import { formatProgressivo, proposeNumber, registerDocument, registerDocuments } from './registration';
import { sha256Hex } from './sha256';
import { closeTestCompanies, dumpDatabase, setupCompany, simpleDraft, type Fixture } from './test-support';
import { updateAccountingSettings, getAccountingSettings } from './company';

afterEach(closeTestCompanies);

const TODAY = '2025-12-31';

function expectAppError(fn: () => unknown, code: string): AppError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe(code);
    return e;
  }
  throw new Error(`atteso AppError ${code}, nessun errore`);
}

function draftOn(f: Fixture, date: string) {
  return createDraft(f.store, simpleDraft(f.customer.id, { date }));
}

/** Runs `fn`, expects it to fail with `code`, and proves the file is byte-for-byte the same table by table. */
function expectUnchanged(f: Fixture, code: string, fn: () => unknown): AppError {
  const before = dumpDatabase(f.handle.sqlite);
  const e = expectAppError(fn, code);
  expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
  return e;
}

describe('registerDocument: happy path', () => {
  it('numbers, freezes the XML, chains three documents and posts the ledger with due dates', () => {
    const f = setupCompany();
    const results = ['2025-03-10', '2025-03-12', '2025-04-01'].map((date) => registerDocument(f.store, draftOn(f, date).id, { today: TODAY }));

    expect(results.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(results.map((r) => r.numero)).toEqual(['1', '2', '3']); // default FT format "{n}"
    expect(results.map((r) => r.progressivoInvio)).toEqual(['00001', '00002', '00003']);
    expect(results[0]!.fileName).toBe('IT01234567897_00001.xml');

    // XML stored as bytes with its SHA-256, parseable, carrying the number and date.
    const xml = getDocumentXml(f.store, results[1]!.document.id);
    expect(sha256Hex(xml)).toBe(results[1]!.xmlSha256);
    const text = new TextDecoder().decode(xml);
    expect(text).toContain('<Numero>2</Numero>');
    expect(text).toContain('<Data>2025-03-12</Data>');
    expect(text).toContain('<ProgressivoInvio>00002</ProgressivoInvio>');

    // Chain: genesis -> r1 -> r2 -> r3.
    const regs = results.map((r) => getDocument(f.store, r.document.id).registration!);
    expect(regs[0]!.prevRecordHash).toBe(CHAIN_GENESIS);
    expect(regs[1]!.prevRecordHash).toBe(regs[0]!.recordHash);
    expect(regs[2]!.prevRecordHash).toBe(regs[1]!.recordHash);
    expect(regs.map((r) => r.chainSeq)).toEqual([1, 2, 3]);
    expect(verifyChain(f.store)).toEqual({ ok: true, verified: 3, lastRecordHash: regs[2]!.recordHash });

    // Totals: 2 x 100 + 50 = 250 imponibile, 55 IVA, 305 totale.
    expect(results[0]!.totals).toMatchObject({ imponibile: '250.00', imposta: '55.00', totale: '305.00', netToPay: '305.00' });
    const doc = getDocument(f.store, results[0]!.document.id);
    expect(doc.status).toBe('queued'); // registered and queued for the SdI in the same transaction
    expect(doc.registration).toMatchObject({ year: 2025, number: 1, numero: '1', fileName: 'IT01234567897_00001.xml' });

    // Ledger: one installment at 30 days from the date ("30DF"), amount = net to pay.
    const entries = f.store.ledger.listByDocument(results[0]!.document.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'invoice', date: '2025-03-10', dueDate: '2025-04-09', amount: '305.00', installment: 1, customerId: f.customer.id });
    expect(results[0]!.ledgerEntryIds).toEqual([entries[0]!.id]);

    // Numbering state.
    expect(f.store.numbering.get('FT', 2025)).toEqual({ series: 'FT', year: 2025, lastNumber: 3, lastDate: '2025-04-01' });
    expect(proposeNumber(f.store, 'FT', 2025)).toEqual({ series: 'FT', year: 2025, number: 4, numero: '4', last: { number: 3, date: '2025-04-01' } });
  });

  it('the stored XML passes the SdI checks and matches the stored record hash', () => {
    const f = setupCompany();
    const r = registerDocument(f.store, draftOn(f, '2025-05-05').id, { today: TODAY });
    const reg = getDocument(f.store, r.document.id).registration!;
    const rec = [...f.store.documents.iterateChain()][0]!;
    expect(computeRecordHash(rec)).toBe(reg.recordHash);
    expect(rec.totale).toBe('305.00');
    // Rebuilding is not needed to trust the file: the bytes are what was hashed and will be sent.
    expect(sha256Hex(rec.xml)).toBe(reg.xmlSha256);
  });

  it('writes the numero with the series format and splits installments by the payment term', () => {
    const f = setupCompany();
    const s = getAccountingSettings(f.store);
    updateAccountingSettings(f.store, { ...s, series: s.series.map((x) => (x.code === 'FT' ? { ...x, format: '{series}-{n:5}/{yy}' } : x)) });
    const d = createDraft(f.store, simpleDraft(f.customer.id, { date: '2025-01-15', payment: { termCode: '30-60-90DFFM', methodCode: 'BON' } }));
    const r = registerDocument(f.store, d.id, { today: TODAY, numero: 41 });
    expect(r.numero).toBe('FT-00041/25');
    const entries = f.store.ledger.listByDocument(d.id);
    // 33.33% / 33.33% / 33.34% of 305.00, split by allocate (largest remainder): the parts sum exactly to 305.00.
    expect(entries.map((e) => [e.dueDate, e.amount])).toEqual([
      ['2025-02-28', '101.66'],
      ['2025-03-31', '101.65'],
      ['2025-04-30', '101.69'],
    ]);
    expect(entries.every((e) => e.description.startsWith('Fattura FT-00041/25 del 15/01/2025 - rata'))).toBe(true);
  });

  it('accepts a later date and an explicit date override', () => {
    const f = setupCompany();
    registerDocument(f.store, draftOn(f, '2025-03-10').id, { today: TODAY });
    const d = draftOn(f, '2025-01-01');
    const r = registerDocument(f.store, d.id, { today: TODAY, date: '2025-03-10' }); // same day as the previous: allowed
    expect(r.number).toBe(2);
    expect(getDocument(f.store, d.id).date).toBe('2025-03-10');
    expect(getDocument(f.store, d.id).draft.date).toBe('2025-03-10');
  });

  it('stores the draft JSON as saved when the date stays, and with the new date when it changes', () => {
    const f = setupCompany();
    const draftJson = (id: number) => (f.handle.sqlite.prepare('SELECT draft_json FROM document_content WHERE document_id = ?').pluck().get(id) as string);
    const kept = draftOn(f, '2025-03-10').id;
    const saved = draftJson(kept);
    registerDocument(f.store, kept, { today: TODAY });
    expect(draftJson(kept)).toBe(saved);
    const moved = draftOn(f, '2025-03-01').id;
    const before = JSON.parse(draftJson(moved));
    registerDocument(f.store, moved, { today: TODAY, date: '2025-03-12' });
    expect(draftJson(moved)).toBe(JSON.stringify({ ...before, date: '2025-03-12' }));
  });
});

describe('registerDocument: number and date rules (each failure leaves the file unchanged)', () => {
  it('the first number of a series/year is free (continuing another program), then only last+1', () => {
    const f = setupCompany();
    const r = registerDocument(f.store, draftOn(f, '2025-02-01').id, { today: TODAY, numero: 120 });
    expect(r.number).toBe(120);
    expect(proposeNumber(f.store, 'FT', 2025).number).toBe(121);
    // Another year starts again from 1 (or any number).
    expect(proposeNumber(f.store, 'FT', 2026).number).toBe(1);
  });

  it('refuses a gap with the expected number', () => {
    const f = setupCompany();
    registerDocument(f.store, draftOn(f, '2025-02-01').id, { today: TODAY });
    const d = draftOn(f, '2025-02-02');
    const e = expectUnchanged(f, 'NUMERO_NON_VALIDO', () => registerDocument(f.store, d.id, { today: TODAY, numero: 3 }));
    expect(e.message).toMatch(/atteso è 2/);
    expect(e.details).toEqual({ expected: 2 });
    expect(getDocument(f.store, d.id).status).toBe('draft');
  });

  it('refuses a number already used', () => {
    const f = setupCompany();
    registerDocument(f.store, draftOn(f, '2025-02-01').id, { today: TODAY });
    registerDocument(f.store, draftOn(f, '2025-02-01').id, { today: TODAY });
    const d = draftOn(f, '2025-02-02');
    const e = expectUnchanged(f, 'NUMERO_GIA_USATO', () => registerDocument(f.store, d.id, { today: TODAY, numero: 1 }));
    expect(e.message).toMatch(/già stato usato/);
    expect(e.fix).toMatch(/3/);
  });

  it('refuses a date before the previous number of the series, saying which date is required', () => {
    const f = setupCompany();
    registerDocument(f.store, draftOn(f, '2025-03-10').id, { today: TODAY });
    const d = draftOn(f, '2025-03-09');
    const e = expectUnchanged(f, 'DATA_ANTECEDENTE', () => registerDocument(f.store, d.id, { today: TODAY }));
    expect(e.message).toMatch(/10\/03\/2025/);
    expect(e.details).toEqual({ minDate: '2025-03-10' });
  });

  it('refuses a date after today', () => {
    const f = setupCompany();
    const d = draftOn(f, '2025-03-10');
    expectUnchanged(f, 'DATA_FUTURA', () => registerDocument(f.store, d.id, { today: '2025-03-09' }));
  });

  it('refuses a document the checks reject, writing nothing (not even the progressivo)', () => {
    const f = setupCompany();
    // A zero VAT rate without Natura: the builder or the SdI checks refuse it.
    const d = createDraft(f.store, simpleDraft(f.customer.id, { lines: [{ descrizione: 'Riga senza natura', prezzoUnitario: '10.00', aliquotaIva: '0.00' }] }));
    const e = expectUnchanged(f, 'DOCUMENTO_NON_VALIDO', () => registerDocument(f.store, d.id, { today: TODAY }));
    expect(Array.isArray(e.details)).toBe(true);
    expect(f.store.numbering.nextCounter('progressivo_invio')).toBe(1); // never consumed
  });

  it('refuses text the FatturaPA schema cannot carry (an emoji in a pass-through field), writing nothing', () => {
    const f = setupCompany();
    const d = createDraft(
      f.store,
      simpleDraft(f.customer.id, { lines: [{ ...simpleDraft(0).lines[0]!, altriDatiGestionali: [{ TipoDato: 'NOTA', RiferimentoTesto: 'Grazie \u{1F600}' }] }] }),
    );
    const e = expectUnchanged(f, 'DOCUMENTO_NON_VALIDO', () => registerDocument(f.store, d.id, { today: TODAY }));
    expect(JSON.stringify(e.details)).toMatch(/RiferimentoTesto/);
  });

  it('refuses a document already registered', () => {
    const f = setupCompany();
    const d = draftOn(f, '2025-03-10');
    registerDocument(f.store, d.id, { today: TODAY });
    expectUnchanged(f, 'DOCUMENTO_GIA_REGISTRATO', () => registerDocument(f.store, d.id, { today: TODAY }));
  });

  it('rolls back everything when the last write (ledger) throws', () => {
    const f = setupCompany();
    registerDocument(f.store, draftOn(f, '2025-03-10').id, { today: TODAY });
    const d = draftOn(f, '2025-03-11');
    const failing: CompanyStore = {
      ...f.store,
      ledger: {
        ...f.store.ledger,
        insert(entries) {
          f.store.ledger.insert(entries); // the rows are written...
          throw new AppError({ code: 'GUASTO_SIMULATO', message: 'Disco pieno (simulato)' }); // ...then the step fails
        },
      },
    };
    expectUnchanged(f, 'GUASTO_SIMULATO', () => registerDocument(failing, d.id, { today: TODAY }));
    expect(getDocument(f.store, d.id).status).toBe('draft');
    // And the same draft registers fine afterwards with the number that was free.
    expect(registerDocument(f.store, d.id, { today: TODAY }).number).toBe(2);
    expect(verifyChain(f.store).ok).toBe(true);
  });

  it('a registered document cannot be edited or deleted through the services', () => {
    const f = setupCompany();
    const d = draftOn(f, '2025-03-10');
    registerDocument(f.store, d.id, { today: TODAY });
    expectUnchanged(f, 'DOCUMENTO_REGISTRATO_NON_MODIFICABILE', () => updateDraft(f.store, d.id, simpleDraft(f.customer.id)));
    expectUnchanged(f, 'DOCUMENTO_REGISTRATO_NON_MODIFICABILE', () => deleteDraft(f.store, d.id));
  });
});

describe('formatProgressivo', () => {
  it('is 5 base-36 characters and refuses to overflow', () => {
    expect(formatProgressivo(1)).toBe('00001');
    expect(formatProgressivo(36)).toBe('00010');
    expect(formatProgressivo(36 ** 5 - 1)).toBe('ZZZZZ');
    expect(() => formatProgressivo(36 ** 5)).toThrow(AppError);
  });
});

describe('stored XML', () => {
  it('reads back into a document that passes the same checks as at registration', () => {
    const f = setupCompany();
    const r = registerDocument(f.store, draftOn(f, '2025-03-10').id, { today: TODAY });
    expect(hasErrors(r.warnings)).toBe(false);
    const back = readFattura(getDocumentXml(f.store, r.document.id));
    expect(back.findings).toEqual([]);
    expect(checkFattura(back.fattura, { today: TODAY }).filter((x) => x.severity === 'error')).toEqual([]);
    expect(back.fattura.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero).toBe('1');
  });
});

describeWithShared('stored XML against the official XSD', () => {
  it('is schema-valid for an invoice and for its credit note', async () => {
    const validator = await loadFatturaPAValidator();
    try {
      const f = setupCompany();
      const inv = registerDocument(f.store, draftOn(f, '2025-03-10').id, { today: TODAY });
      const nc = registerDocument(f.store, createCreditNote(f.store, inv.document.id, { today: '2025-03-20' }).id, { today: TODAY });
      for (const id of [inv.document.id, nc.document.id]) {
        expect(validator.validate(getDocumentXml(f.store, id))).toEqual({ valid: true, errors: [] });
      }
    } finally {
      validator.dispose();
    }
  });
});

describe('registerDocuments: a selection in one transaction', () => {
  it('registers the drafts in the order given with consecutive numbers, chained', () => {
    const f = setupCompany();
    const ids = ['2025-03-10', '2025-03-11', '2025-03-12'].map((date) => draftOn(f, date).id);
    const { registered } = registerDocuments(f.store, ids, { today: TODAY });
    expect(registered.map((r) => r.documentId)).toEqual(ids);
    expect(registered.map((r) => r.numero)).toEqual(['1', '2', '3']);
    expect(new Set(registered.map((r) => r.fileName)).size).toBe(3);
    expect(ids.map((id) => getDocument(f.store, id).status)).toEqual(['queued', 'queued', 'queued']);
    expect(verifyChain(f.store)).toMatchObject({ ok: true, verified: 3 });
  });

  it('leaves each series and year numbered at its last document, as one registration at a time does', () => {
    const f = setupCompany();
    const dates = ['2024-12-30', '2025-01-02', '2025-01-03', '2025-02-01'];
    const { registered } = registerDocuments(f.store, dates.map((date) => draftOn(f, date).id), { today: TODAY });
    expect(registered.map((r) => r.numero)).toEqual(['1', '1', '2', '3']);
    expect(f.store.numbering.get('FT', 2024)).toEqual({ series: 'FT', year: 2024, lastNumber: 1, lastDate: '2024-12-30' });
    expect(f.store.numbering.get('FT', 2025)).toEqual({ series: 'FT', year: 2025, lastNumber: 3, lastDate: '2025-02-01' });
    expect(proposeNumber(f.store, 'FT', 2025)).toMatchObject({ number: 4, last: { number: 3, date: '2025-02-01' } });
    // The next selection continues from there.
    const next = registerDocuments(f.store, [draftOn(f, '2025-02-02').id], { today: TODAY });
    expect(next.registered[0]!.numero).toBe('4');
  });

  it('registers none when one of them fails, naming it', () => {
    const f = setupCompany();
    const good = draftOn(f, '2025-03-10').id;
    // Dates must not go backwards in the series: the second draft is older than the first.
    const bad = draftOn(f, '2025-03-01').id;
    const e = expectUnchanged(f, 'DATA_ANTECEDENTE', () => registerDocuments(f.store, [good, bad], { today: TODAY }));
    expect(e.message).toContain(`Bozza ${bad}`);
    expect(e.message).toContain('Nessun documento della selezione è stato registrato');
    expect(getDocument(f.store, good).status).toBe('draft');
  });
});
