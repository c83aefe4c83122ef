/**
 * The wizard store (renderer/stores/wizard.ts) against a fake API: the defaults a new invoice takes from the company's
 * settings, what choosing a customer brings, lines and their keys kept in step, the shape errors shown only when
 * asked, save (create, then update), register, and a slow preview answer never replacing a newer one.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../core/api/define';
import type { DraftPreview } from '../../core/api/types';
import { defaultAccountingSettings } from '../../core/invoicing/defaults';
import type { AccountingSettings, BankAccount, Customer, DocumentDraft } from '../../core/invoicing/types';
import { ApiError, setTransport } from '../api/client';
import type { Transport } from '../api/transport';
import { setHostToday } from '../format/today';
import { useWizardStore } from './wizard';

const BANKS: BankAccount[] = [
  { id: 1, istituto: 'Banca Uno', iban: 'IT60X0542811101000000123456', isDefault: false },
  { id: 2, istituto: 'Banca Due', iban: 'IT36A0301503200000003517230', isDefault: true },
];

const CUSTOMER: Customer = {
  id: 7,
  kind: 'B2B',
  isSupplier: false,
  denominazione: 'Rossi S.r.l.',
  idPaese: 'IT',
  partitaIva: '01234567897',
  address: { indirizzo: 'Via Roma', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
  codiceDestinatario: 'M5UXCR1',
  splitPayment: false,
};
const PA: Customer = { ...CUSTOMER, id: 8, kind: 'PA', denominazione: 'Comune di Bergamo', cuu: 'UFAB12', splitPayment: true, defaultPaymentTerm: '30DF' };

type Handler = (args: Record<string, unknown>) => unknown;

/** A fake API: each method answers from `handlers` (a thrown ApiError becomes a refusal); every call is recorded. */
function fakeApi(handlers: Record<string, Handler>) {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const transport: Transport = {
    kind: 'http',
    async invoke(method, rawArgs): Promise<ApiResponse<unknown>> {
      const args = structuredClone((rawArgs ?? {}) as Record<string, unknown>);
      calls.push({ method, args });
      const h = handlers[method];
      if (!h) return { ok: false, error: { code: 'METODO_SCONOSCIUTO', message: method } };
      try {
        return { ok: true, result: await h(args) };
      } catch (e) {
        if (e instanceof ApiError) return { ok: false, error: e.data };
        throw e;
      }
    },
    onEvent: () => () => undefined,
  };
  setTransport(transport);
  return calls;
}

function companyHandlers(accounting: AccountingSettings = defaultAccountingSettings()): Record<string, Handler> {
  return {
    'company.get': () => ({}),
    'settings.get': () => ({ accounting, einvoicing: { sendImportedXml: false, publishImportedXml: true, transmitter: 'sandbox' } }),
    'banks.list': () => BANKS,
  };
}

function preview(totale: string): DraftPreview {
  return {
    totals: { imponibile: totale, imposta: '0.00', totale, ritenuta: '0.00', cassa: '0.00', bollo: '0.00', netToPay: totale, vatSummary: [] },
    findings: [],
    fieldErrors: [],
  } as unknown as DraftPreview;
}

beforeEach(() => {
  setActivePinia(createPinia());
  setHostToday('2026-11-23');
});

describe('wizard store: a new invoice', () => {
  it('takes its defaults from the settings: type, series, today, payment term and method, the default bank, ritenuta', async () => {
    const accounting = defaultAccountingSettings();
    accounting.defaults.paymentTerm = '30DF';
    accounting.defaults.ritenuta = { tipo: 'RT01', aliquota: '20.00', causalePagamento: 'A' };
    accounting.defaults.bolloChargedToCustomer = true;
    fakeApi(companyHandlers(accounting));
    const w = useWizardStore();
    await w.startNew();
    const d = w.draft!;
    expect(d).toMatchObject({
      tipoDocumento: 'TD01',
      series: 'FT',
      date: '2026-11-23',
      customerId: 0,
      divisa: 'EUR',
      esigibilita: 'I',
      bollo: { mode: 'auto', chargedToCustomer: true },
      payment: { termCode: '30DF', methodCode: 'BON', bankId: 2 },
      ritenuta: { tipo: 'RT01', aliquota: '20.00', causalePagamento: 'A' },
    });
    expect(d.cassa).toBeUndefined();
    // One empty line at the default VAT code.
    expect(d.lines).toEqual([{ descrizione: '', quantita: '1', prezzoUnitario: '', vatCode: 'IVA22', aliquotaIva: '22.00', natura: undefined }]);
    expect(w.lineKeys).toHaveLength(1);
    expect([w.active, w.step, w.editingId, w.dirty]).toEqual([true, 1, null, false]);
    // The ritenuta is the draft's own copy: changing it leaves the settings alone.
    d.ritenuta!.aliquota = '23.00';
    expect(accounting.defaults.ritenuta.aliquota).toBe('20.00');
  });

  it('choosing a customer brings its payment habits and split payment; another customer takes split payment away', async () => {
    fakeApi(companyHandlers());
    const w = useWizardStore();
    await w.startNew();
    expect(w.canPreview).toBe(false);
    w.setCustomer(PA);
    expect(w.draft).toMatchObject({ customerId: 8, esigibilita: 'S', payment: { termCode: '30DF', methodCode: 'BON' } });
    expect(w.canPreview).toBe(true);
    w.setCustomer(CUSTOMER);
    expect(w.draft).toMatchObject({ customerId: 7, esigibilita: 'I', payment: { termCode: '30DF' } });
    // A deferred VAT choice is the user's: a customer without split payment leaves it.
    w.draft!.esigibilita = 'D';
    w.setCustomer(CUSTOMER);
    expect(w.draft!.esigibilita).toBe('D');
  });
});

describe('wizard store: lines', () => {
  it('adds, moves and removes lines with their keys in step (keys unique, following their line)', async () => {
    fakeApi(companyHandlers());
    const w = useWizardStore();
    await w.startNew();
    const d = w.draft!;
    d.lines[0]!.descrizione = 'A';
    expect(w.addLine()).toBe(1);
    d.lines[1]!.descrizione = 'B';
    expect(w.addLine(1)).toBe(1); // inserted between A and B
    d.lines[1]!.descrizione = 'A2';
    expect(d.lines.map((l) => l.descrizione)).toEqual(['A', 'A2', 'B']);
    const keyOf = (desc: string) => w.lineKeys[d.lines.findIndex((l) => l.descrizione === desc)];
    const keys = { A: keyOf('A'), A2: keyOf('A2'), B: keyOf('B') };
    expect(new Set(w.lineKeys).size).toBe(3);

    expect(w.moveLine(2, -1)).toBe(1);
    expect(d.lines.map((l) => l.descrizione)).toEqual(['A', 'B', 'A2']);
    expect([keyOf('A'), keyOf('A2'), keyOf('B')]).toEqual([keys.A, keys.A2, keys.B]);
    // Past either end nothing moves.
    expect(w.moveLine(0, -1)).toBe(0);
    expect(w.moveLine(2, 1)).toBe(2);
    expect(d.lines.map((l) => l.descrizione)).toEqual(['A', 'B', 'A2']);

    w.removeLine(1);
    expect(d.lines.map((l) => l.descrizione)).toEqual(['A', 'A2']);
    expect(w.lineKeys).toEqual([keys.A, keys.A2]);
  });

  it('an incomplete line is a shape error (counted at once), shown next to the field only once asked', async () => {
    fakeApi(companyHandlers());
    const w = useWizardStore();
    await w.startNew();
    // No customer yet: nothing to check.
    expect(w.shapeErrors).toEqual({});
    w.setCustomer(CUSTOMER);
    expect(w.shapeErrors['lines.0.prezzoUnitario']).toBe('Campo obbligatorio.');
    expect(w.errorCount).toBeGreaterThan(0);
    expect(w.fieldErrors['lines.0.prezzoUnitario']).toBeUndefined();
    w.revealShapeErrors = true;
    expect(w.fieldErrors['lines.0.prezzoUnitario']).toBe('Campo obbligatorio.');
    // A new line hides them again until the next summary or save.
    w.addLine();
    expect(w.revealShapeErrors).toBe(false);
    w.draft!.lines = w.draft!.lines.map((l) => ({ ...l, descrizione: 'Consulenza', prezzoUnitario: '100.00' }));
    expect(w.shapeErrors).toEqual({});
  });
});

describe('wizard store: preview, save and register', () => {
  function complete(w: ReturnType<typeof useWizardStore>) {
    w.setCustomer(CUSTOMER);
    w.draft!.lines[0] = { ...w.draft!.lines[0]!, descrizione: 'Consulenza', prezzoUnitario: '100.00' };
  }

  it('a slow preview answer never replaces a newer one', async () => {
    const pending: { draft: DocumentDraft; resolve: (p: DraftPreview) => void }[] = [];
    fakeApi({
      ...companyHandlers(),
      'drafts.preview': (args) => new Promise<DraftPreview>((resolve) => pending.push({ draft: args.draft as DocumentDraft, resolve })),
    });
    const w = useWizardStore();
    await w.startNew();
    complete(w);
    const first = w.runPreview();
    w.draft!.lines[0]!.prezzoUnitario = '200.00';
    const second = w.runPreview();
    await expect.poll(() => pending.length).toBe(2);
    expect(pending.map((p) => p.draft.lines[0]!.prezzoUnitario)).toEqual(['100.00', '200.00']);
    pending[1]!.resolve(preview('244.00'));
    await second;
    pending[0]!.resolve(preview('122.00'));
    await first;
    expect(w.preview?.totals.totale).toBe('244.00');
    expect(w.previewing).toBe(false);
  });

  it('saves as a new draft, then updates the same one; the payload carries no id', async () => {
    const calls = fakeApi({
      ...companyHandlers(),
      'drafts.create': () => ({ id: 41 }),
      'drafts.update': (args) => ({ id: args.id }),
    });
    const w = useWizardStore();
    await w.startNew();
    complete(w);
    w.draft!.id = 999; // a stale id in the draft never travels
    expect(await w.save()).toBe(41);
    expect([w.editingId, w.dirty]).toEqual([41, false]);
    w.draft!.causale = 'Seconda versione';
    expect(await w.save()).toBe(41);
    const saves = calls.filter((c) => c.method.startsWith('drafts.') && c.method !== 'drafts.preview');
    expect(saves.map((c) => c.method)).toEqual(['drafts.create', 'drafts.update']);
    expect((saves[0]!.args.draft as DocumentDraft).id).toBeUndefined();
    expect(saves[1]!.args).toMatchObject({ id: 41, draft: { causale: 'Seconda versione' } });
  });

  it('a refused save keeps the draft and shows the errors next to the fields (without the "draft." prefix)', async () => {
    fakeApi({
      ...companyHandlers(),
      'drafts.create': () => {
        throw new ApiError({
          code: 'BOZZA_NON_VALIDA',
          message: 'Bozza non valida',
          details: [{ field: 'draft.lines[0].descrizione', code: 'DESCRIZIONE_MANCANTE', message: 'Manca la descrizione.' }],
        });
      },
    });
    const w = useWizardStore();
    await w.startNew();
    complete(w);
    await expect(w.save()).rejects.toMatchObject({ code: 'BOZZA_NON_VALIDA' });
    expect(w.saveErrors).toEqual({ 'lines.0.descrizione': 'Manca la descrizione.' });
    expect(w.fieldErrors['lines.0.descrizione']).toBe('Manca la descrizione.');
    expect([w.active, w.editingId]).toEqual([true, null]);
  });

  it('registers with the confirmed number and date after saving, then lets the draft go', async () => {
    const calls = fakeApi({
      ...companyHandlers(),
      'drafts.create': () => ({ id: 41 }),
      'documents.register': (args) => ({ id: args.id, numero: String(args.number) }),
      'documents.proposeNumber': () => ({ number: 6, numero: '6' }),
    });
    const w = useWizardStore();
    await w.startNew();
    complete(w);
    expect(await w.proposeNumber()).toMatchObject({ number: 6 });
    expect(calls.at(-1)).toEqual({ method: 'documents.proposeNumber', args: { series: 'FT', year: 2026 } });
    const doc = await w.register(5, '2026-11-23');
    expect(doc).toMatchObject({ id: 41, numero: '5' });
    expect(calls.at(-1)).toEqual({ method: 'documents.register', args: { id: 41, number: 5, date: '2026-11-23' } });
    expect([w.active, w.draft, w.editingId]).toEqual([false, null, null]);
  });
});
