import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { readFattura } from '../../fatturapa/reader';
import { createCreditNote } from './credit-notes';
import { createDraft, getDocument, getDocumentXml } from './drafts';
import { registerDocument } from './registration';
import { closeTestCompanies, dumpDatabase, setupCompany, simpleDraft } from './test-support';

afterEach(closeTestCompanies);

const TODAY = '2025-12-31';

describe('createCreditNote', () => {
  it('creates a TD04 draft in the credit-note series, same lines, linked to the invoice', () => {
    const f = setupCompany();
    const inv = createDraft(f.store, simpleDraft(f.customer.id, { date: '2025-03-10' }));
    registerDocument(f.store, inv.id, { today: TODAY, numero: 15 });
    const nc = createCreditNote(f.store, inv.id, { today: '2025-03-20' });
    expect(nc).toMatchObject({ status: 'draft', tipoDocumento: 'TD04', series: 'NC', date: '2025-03-20', customerId: f.customer.id, sourceDocumentId: inv.id });
    expect(nc.draft.lines).toEqual(getDocument(f.store, inv.id).draft.lines);
    expect(nc.draft.references?.fattureCollegate).toEqual([{ IdDocumento: '15', Data: '2025-03-10' }]);
    expect(nc.causale).toBe('Storno totale della fattura n. 15 del 10/03/2025');
    expect(nc.totals?.totale).toBe('305.00');
  });

  it('registers into a negative ledger posting and an XML with DatiFattureCollegate', () => {
    const f = setupCompany();
    const inv = createDraft(f.store, simpleDraft(f.customer.id, { date: '2025-03-10' }));
    registerDocument(f.store, inv.id, { today: TODAY });
    const nc = createCreditNote(f.store, inv.id, { today: '2025-03-20' });
    const r = registerDocument(f.store, nc.id, { today: TODAY });
    expect(r.numero).toBe('1'); // first of the NC series
    expect(f.store.ledger.listByDocument(nc.id)).toMatchObject([{ kind: 'credit_note', amount: '-305.00', date: '2025-03-20' }]);
    const balance = f.store.ledger.listByCustomer(f.customer.id).map((e) => e.amount);
    expect(balance.sort()).toEqual(['-305.00', '305.00']);
    const body = readFattura(getDocumentXml(f.store, nc.id)).fattura.FatturaElettronicaBody[0]!;
    expect(body.DatiGenerali.DatiGeneraliDocumento.TipoDocumento).toBe('TD04');
    expect(body.DatiGenerali.DatiFattureCollegate).toEqual([{ IdDocumento: '1', Data: '2025-03-10' }]);
  });

  it('refuses drafts, credit notes and rejected invoices, changing nothing', () => {
    const f = setupCompany();
    const draft = createDraft(f.store, simpleDraft(f.customer.id));
    const code = (id: number) => {
      const before = dumpDatabase(f.handle.sqlite);
      try {
        createCreditNote(f.store, id, { today: '2025-03-20' });
      } catch (e) {
        expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
        return (e as AppError).code;
      }
      return undefined;
    };
    expect(code(draft.id)).toBe('DOCUMENTO_NON_REGISTRATO');
    registerDocument(f.store, draft.id, { today: TODAY });
    const nc = createCreditNote(f.store, draft.id, { today: '2025-03-20' });
    registerDocument(f.store, nc.id, { today: TODAY });
    expect(code(nc.id)).toBe('STORNO_NON_AMMESSO');
    f.handle.sqlite.prepare("UPDATE documents SET status = 'rejected' WHERE id = ?").run(draft.id);
    expect(code(draft.id)).toBe('STORNO_NON_AMMESSO');
    expect(code(424242)).toBe('DOCUMENTO_NON_TROVATO');
  });
});
