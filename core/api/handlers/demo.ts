/**
 * The demo company: realistic registry data, customers of every kind, items, a bank, and registered documents of the
 * main kinds (B2B invoice, PA invoice under split payment, professional invoice with cassa and ritenuta, exempt invoice
 * with bollo, intra-EU supply, deferred invoice with DDT, credit note), all through the same services as the UI.
 */
import { defaultAccountingSettings } from '../../invoicing/defaults';
import { addDays } from '../../invoicing/payment-terms';
import { insertBank } from '../../invoicing/services/company';
import { createCreditNote } from '../../invoicing/services/credit-notes';
import { createCustomer } from '../../invoicing/services/customers';
import { createDraft, updateDraft } from '../../invoicing/services/drafts';
import { createItem } from '../../invoicing/services/items';
import { registerDocument } from '../../invoicing/services/registration';
import type { Company, CustomerInput, DocumentDraft, DraftLine } from '../../invoicing/types';
import type { ApiContext, OpenCompany } from '../context';

export const DEMO_COMPANY: Company = {
  denominazione: 'Studio Demo Fatture S.r.l.',
  idPaese: 'IT',
  partitaIva: '01234567897',
  codiceFiscale: '01234567897',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Giuseppe Verdi', numeroCivico: '12', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
  rea: { ufficio: 'MI', numero: '1234567', capitaleSociale: '10000.00', socioUnico: 'SM', statoLiquidazione: 'LN' },
  contatti: { telefono: '0212345678', email: 'amministrazione@demo-fatture.it' },
};

const DEMO_CUSTOMERS: CustomerInput[] = [
  {
    kind: 'B2B',
    isSupplier: false,
    denominazione: 'Rossi Costruzioni S.p.A.',
    idPaese: 'IT',
    partitaIva: '12345678903',
    address: { indirizzo: 'Corso Vittorio Emanuele II', numeroCivico: '45', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
    codiceDestinatario: 'M5UXCR1',
    splitPayment: false,
    defaultPaymentTerm: '30DFFM',
    defaultPaymentMethod: 'MP05',
  },
  {
    kind: 'PA',
    isSupplier: false,
    denominazione: 'Comune di Bergamo',
    idPaese: 'IT',
    codiceFiscale: '80034840167',
    address: { indirizzo: 'Piazza Matteotti', numeroCivico: '27', cap: '24122', comune: 'Bergamo', provincia: 'BG', nazione: 'IT' },
    cuu: 'UF9ZPT',
    splitPayment: true,
  },
  {
    kind: 'PRIVATO',
    isSupplier: false,
    nome: 'Maria',
    cognome: 'Bianchi',
    idPaese: 'IT',
    codiceFiscale: 'BNCMRA80A41F205H',
    address: { indirizzo: 'Via Roma', numeroCivico: '3', cap: '20900', comune: 'Monza', provincia: 'MB', nazione: 'IT' },
    codiceDestinatario: '0000000',
    splitPayment: false,
  },
  {
    kind: 'ESTERO',
    isSupplier: false,
    denominazione: 'Müller Handels GmbH',
    idPaese: 'DE',
    partitaIva: '123456789',
    address: { indirizzo: 'Hauptstraße', numeroCivico: '5', cap: '80331', comune: 'München', nazione: 'DE' },
    codiceDestinatario: 'XXXXXXX',
    splitPayment: false,
  },
];

const line = (descrizione: string, quantita: string, prezzoUnitario: string, vatCode: string, aliquotaIva: string, extra: Partial<DraftLine> = {}): DraftLine => ({
  descrizione,
  quantita,
  unitaMisura: 'pz',
  prezzoUnitario,
  vatCode,
  aliquotaIva,
  ...extra,
});

export function createDemoCompany(ctx: ApiContext, file: string | undefined): OpenCompany {
  const accounting = defaultAccountingSettings();
  const open = ctx.directory.create(file, DEMO_COMPANY, accounting);
  const store = open.store;
  try {
    const today = ctx.today();
    const day = (n: number) => addDays(today, -n);
    insertBank(store, { istituto: 'Banca Demo S.p.A.', iban: 'IT60X0542811101000000123456', bic: 'BPMOIT22XXX', isDefault: true });
    const [b2b, pa, privato, estero] = DEMO_CUSTOMERS.map((c) => createCustomer(store, c));
    createItem(store, { code: 'CONS-H', description: 'Consulenza amministrativa (ora)', unitaMisura: 'h', prezzoUnitario: '65.00', vatCode: 'IVA22' });
    createItem(store, { code: 'MAN-01', description: 'Manuale operativo stampato', unitaMisura: 'pz', prezzoUnitario: '18.50', vatCode: 'IVA4' });

    const base = (customerId: number, date: string, lines: DraftLine[], more: Partial<DocumentDraft> = {}): DocumentDraft => ({
      tipoDocumento: 'TD01',
      series: accounting.defaults.series,
      date,
      customerId,
      divisa: 'EUR',
      lines,
      bollo: { mode: 'auto', chargedToCustomer: accounting.defaults.bolloChargedToCustomer },
      esigibilita: 'I',
      payment: { termCode: '30DFFM', methodCode: 'BON' },
      ...more,
    });
    const register = (draft: DocumentDraft) => registerDocument(store, createDraft(store, draft).id, { today });

    const first = register(
      base(b2b!.id, day(20), [
        line('Consulenza amministrativa ottobre', '12.5', '65.00', 'IVA22', '22.00', { unitaMisura: 'h' }),
        line('Manuale operativo stampato', '10', '18.50', 'IVA4', '4.00', { sconti: [{ tipo: 'SC', percentuale: '10.00' }] }),
      ], { causale: 'Servizi di consulenza e materiali del mese di ottobre' }),
    );
    register(
      base(pa!.id, day(18), [line('Servizio di tenuta registri IVA 2026', '1', '1200.00', 'IVA22', '22.00', { unitaMisura: 'servizio' })], {
        esigibilita: 'S',
        references: { ordini: [{ IdDocumento: 'ORD-2026-118', Data: day(40), CodiceCIG: 'Z1A2B3C4D5' }] },
      }),
    );
    register(
      base(privato!.id, day(15), [line('Assistenza dichiarazione redditi (esente art. 10)', '1', '150.00', 'N4', '0.00', { natura: 'N4', unitaMisura: 'servizio' })], {
        payment: { termCode: 'RD', methodCode: 'CARTA' },
      }),
    );
    register(
      base(estero!.id, day(12), [line('Manuali tecnici (cessione intracomunitaria)', '40', '18.50', 'N3.2', '0.00', { natura: 'N3.2' })], {
        payment: { termCode: '60DFFM', methodCode: 'BON' },
      }),
    );
    const deferred = createDraft(
      store,
      base(b2b!.id, day(10), [line('Materiale di consumo consegnato con DDT', '100', '3.20', 'IVA22', '22.00')], {
        tipoDocumento: 'TD24',
        references: { ddt: [{ NumeroDDT: 'DDT-2026-311', DataDDT: day(25) }] },
      }),
    );
    registerDocument(store, deferred.id, { today });
    const creditNote = createCreditNote(store, first.document.id, { today: day(5) });
    updateDraft(store, creditNote.id, { ...creditNote.draft, date: day(5) });
    registerDocument(store, creditNote.id, { today });
    createDraft(store, base(b2b!.id, today, [line('Consulenza novembre (bozza)', '8', '65.00', 'IVA22', '22.00', { unitaMisura: 'h' })]));
    return open;
  } catch (e) {
    // Nothing half-made: a demo that fails part-way leaves no file behind.
    ctx.directory.discard(open);
    throw e;
  }
}
