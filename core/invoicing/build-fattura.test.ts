import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildFattura, PartyValidationMemo, type BuildInput } from './build-fattura';
import { defaultAccountingSettings } from './defaults';
import type { Company, Customer, DocumentDraft, DraftLine } from './types';
import type { FieldError } from './customers';
import { AppError } from '../errors';
import { draftArb } from './testing/arbitraries';
import { partitaIvaCheckDigit } from './fiscal-ids';
import type { FatturaElettronica } from '../fatturapa/schema.generated';

const company: Company = {
  denominazione: 'Alfa Servizi S.r.l.',
  idPaese: 'IT',
  partitaIva: '06363391001',
  codiceFiscale: '06363391001',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Roma', numeroCivico: '10', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
  rea: { ufficio: 'MI', numero: '1234567', capitaleSociale: '10000', socioUnico: 'SM', statoLiquidazione: 'LN' },
  contatti: { telefono: '02 1234567', email: 'info@alfa.example.it' },
};

const b2b: Customer = {
  id: 7,
  kind: 'B2B',
  isSupplier: false,
  denominazione: 'Beta S.p.A.',
  idPaese: 'IT',
  partitaIva: '01234567897',
  address: { indirizzo: 'Corso Italia', numeroCivico: '2', cap: '00184', comune: 'Roma', provincia: 'RM', nazione: 'IT' },
  codiceDestinatario: 'M5UXCR1',
  splitPayment: false,
};

const bank = { id: 1, istituto: 'Banca di Prova', iban: 'IT60 X054 2811 1010 0000 0123 456', bic: 'BPMOIT22XXX', abi: '05428', cab: '11101', isDefault: true };

const line = (prezzoUnitario: string, aliquotaIva = '22.00', over: Partial<DraftLine> = {}): DraftLine => ({ descrizione: 'Consulenza', prezzoUnitario, aliquotaIva, ...over });

function input(draftOver: Partial<DocumentDraft> = {}, over: Partial<BuildInput> = {}): BuildInput {
  const draft: DocumentDraft = {
    tipoDocumento: 'TD01',
    series: 'FT',
    date: '2025-03-10',
    customerId: 7,
    divisa: 'EUR',
    lines: [line('100')],
    bollo: { mode: 'auto', chargedToCustomer: false },
    esigibilita: 'I',
    payment: { termCode: '30DFFM', methodCode: 'BON' },
    ...draftOver,
  };
  return { company, customer: b2b, draft, numero: 'FT/12', progressivoInvio: '0000A', settings: defaultAccountingSettings(), bank, ...over };
}

function buildErrors(i: BuildInput): FieldError[] {
  try {
    buildFattura(i);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('DOCUMENTO_NON_VALIDO');
    return (e as AppError).details as FieldError[];
  }
  throw new Error('buildFattura non ha rifiutato il documento');
}
const errorCodes = (i: BuildInput) => buildErrors(i).map((e) => e.code);
const body = (f: FatturaElettronica) => f.FatturaElettronicaBody[0]!;

describe('buildFattura: a plain B2B invoice', () => {
  const { fattura, totals } = buildFattura(input({ lines: [line('100', '22', { quantita: '2', unitaMisura: 'ore', codiceArticolo: [{ CodiceTipo: 'INT', CodiceValore: 'A1' }] }), line('50', '10')] }));
  const h = fattura.FatturaElettronicaHeader;

  it('transmission data: FPR12, the customer code, the company as transmitter', () => {
    expect(fattura.versione).toBe('FPR12');
    expect(h.DatiTrasmissione).toEqual({ IdTrasmittente: { IdPaese: 'IT', IdCodice: '06363391001' }, ProgressivoInvio: '0000A', FormatoTrasmissione: 'FPR12', CodiceDestinatario: 'M5UXCR1' });
  });

  it('parties: company with REA and contacts, customer with its P.IVA', () => {
    expect(h.CedentePrestatore.DatiAnagrafici).toEqual({
      IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '06363391001' },
      CodiceFiscale: '06363391001',
      Anagrafica: { Denominazione: 'Alfa Servizi S.r.l.' },
      RegimeFiscale: 'RF01',
    });
    expect(h.CedentePrestatore.IscrizioneREA).toEqual({ Ufficio: 'MI', NumeroREA: '1234567', CapitaleSociale: '10000.00', SocioUnico: 'SM', StatoLiquidazione: 'LN' });
    expect(h.CedentePrestatore.Contatti).toEqual({ Telefono: '021234567', Email: 'info@alfa.example.it' });
    expect(h.CessionarioCommittente.DatiAnagrafici).toEqual({ IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '01234567897' }, Anagrafica: { Denominazione: 'Beta S.p.A.' } });
    expect(h.CessionarioCommittente.Sede).toEqual({ Indirizzo: 'Corso Italia', NumeroCivico: '2', CAP: '00184', Comune: 'Roma', Provincia: 'RM', Nazione: 'IT' });
    expect(h.SoggettoEmittente).toBeUndefined();
  });

  it('lines numbered from 1 with every field, summary per rate, total', () => {
    const b = body(fattura);
    expect(b.DatiBeniServizi.DettaglioLinee[0]).toEqual({
      NumeroLinea: '1',
      CodiceArticolo: [{ CodiceTipo: 'INT', CodiceValore: 'A1' }],
      Descrizione: 'Consulenza',
      Quantita: '2.00',
      UnitaMisura: 'ore',
      PrezzoUnitario: '100.00',
      PrezzoTotale: '200.00',
      AliquotaIVA: '22.00',
    });
    expect(b.DatiBeniServizi.DettaglioLinee[1]!.NumeroLinea).toBe('2');
    // 200.00 × 22% = 44.00; 50.00 × 10% = 5.00; total 250.00 + 49.00 = 299.00
    expect(b.DatiBeniServizi.DatiRiepilogo).toEqual([
      { AliquotaIVA: '22.00', ImponibileImporto: '200.00', Imposta: '44.00', EsigibilitaIVA: 'I' },
      { AliquotaIVA: '10.00', ImponibileImporto: '50.00', Imposta: '5.00', EsigibilitaIVA: 'I' },
    ]);
    expect(b.DatiGenerali.DatiGeneraliDocumento).toEqual({ TipoDocumento: 'TD01', Divisa: 'EUR', Data: '2025-03-10', Numero: 'FT/12', ImportoTotaleDocumento: '299.00' });
    expect(totals.totale).toBe('299.00');
  });

  it('one installment by bank transfer with the IBAN: TP02', () => {
    expect(body(fattura).DatiPagamento).toEqual([
      {
        CondizioniPagamento: 'TP02',
        DettaglioPagamento: [
          { ModalitaPagamento: 'MP05', DataScadenzaPagamento: '2025-04-30', ImportoPagamento: '299.00', IstitutoFinanziario: 'Banca di Prova', IBAN: 'IT60X0542811101000000123456', ABI: '05428', CAB: '11101', BIC: 'BPMOIT22XXX' },
        ],
      },
    ]);
  });
});

describe('buildFattura: a batch with a PartyValidationMemo', () => {
  it('gives the same documents, the company blocks made once, frozen and shared', () => {
    const parties = new PartyValidationMemo();
    const inputs = [input(), input({ tipoDocumento: 'TD04', references: { fattureCollegate: [{ IdDocumento: 'FT/1', Data: '2025-03-01' }] } }), input({ tipoDocumento: 'TD21', bollo: { mode: 'si', chargedToCustomer: true } })];
    const batch = inputs.map((i) => buildFattura(i, { parties }).fattura);
    inputs.forEach((i, k) => expect(batch[k]).toEqual(buildFattura(i).fattura));
    const [a, b, c] = batch.map((f) => f.FatturaElettronicaHeader);
    expect(b!.CedentePrestatore).toBe(a!.CedentePrestatore);
    expect(Object.isFrozen(a!.CedentePrestatore.Sede)).toBe(true);
    expect(() => {
      a!.CedentePrestatore.Sede.Comune = 'Roma';
    }).toThrow(TypeError);
    // TD21: the company is also the cessionario, from its own block.
    expect(c!.CessionarioCommittente).toBe(buildFattura(inputs[2]!, { parties }).fattura.FatturaElettronicaHeader.CessionarioCommittente);
  });
});

describe('buildFattura: recipients', () => {
  it('PA: FPA12, the CUU as CodiceDestinatario, split payment, CIG in the order data', () => {
    const cf = `8001234567${partitaIvaCheckDigit('8001234567')}`;
    const pa: Customer = { ...b2b, kind: 'PA', partitaIva: undefined, codiceFiscale: cf, cuu: 'UFY9MH', codiceDestinatario: undefined, splitPayment: true };
    const { fattura, totals } = buildFattura(input({ esigibilita: 'S', lines: [line('1000')], references: { ordini: [{ IdDocumento: 'ORD 5', CodiceCIG: 'Z123456789' }] } }, { customer: pa }));
    expect(fattura.versione).toBe('FPA12');
    expect(fattura.FatturaElettronicaHeader.DatiTrasmissione).toMatchObject({ FormatoTrasmissione: 'FPA12', CodiceDestinatario: 'UFY9MH' });
    expect(fattura.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici).toEqual({ CodiceFiscale: pa.codiceFiscale, Anagrafica: { Denominazione: 'Beta S.p.A.' } });
    expect(body(fattura).DatiGenerali.DatiOrdineAcquisto).toEqual([{ IdDocumento: 'ORD 5', CodiceCIG: 'Z123456789' }]);
    expect(body(fattura).DatiBeniServizi.DatiRiepilogo[0]).toMatchObject({ EsigibilitaIVA: 'S', Imposta: '220.00', RiferimentoNormativo: 'Scissione dei pagamenti art. 17-ter DPR 633/72' });
    // ImportoTotaleDocumento includes VAT; the PA pays 1000.00.
    expect(body(fattura).DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento).toBe('1220.00');
    expect(body(fattura).DatiPagamento![0]!.DettaglioPagamento[0]!.ImportoPagamento).toBe('1000.00');
    expect(totals.netToPay).toBe('1000.00');
  });

  it('PEC only: 0000000 and PECDestinatario', () => {
    const { fattura } = buildFattura(input({}, { customer: { ...b2b, codiceDestinatario: undefined, pec: 'beta@pec.example.it' } }));
    expect(fattura.FatturaElettronicaHeader.DatiTrasmissione).toMatchObject({ CodiceDestinatario: '0000000', PECDestinatario: 'beta@pec.example.it' });
  });

  it('a code and a PEC: the code wins and no PEC is written (00426)', () => {
    const { fattura } = buildFattura(input({}, { customer: { ...b2b, pec: 'beta@pec.example.it' } }));
    expect(fattura.FatturaElettronicaHeader.DatiTrasmissione.PECDestinatario).toBeUndefined();
  });

  it('consumer: codice fiscale only, 0000000', () => {
    const p: Customer = { ...b2b, kind: 'PRIVATO', denominazione: undefined, nome: 'Mario', cognome: 'Rossi', partitaIva: undefined, codiceFiscale: 'rssmra80a01h501u', codiceDestinatario: undefined };
    const { fattura } = buildFattura(input({}, { customer: p }));
    expect(fattura.FatturaElettronicaHeader.DatiTrasmissione.CodiceDestinatario).toBe('0000000');
    expect(fattura.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici).toEqual({ CodiceFiscale: 'RSSMRA80A01H501U', Anagrafica: { Nome: 'Mario', Cognome: 'Rossi' } });
  });

  it('foreign customers: XXXXXXX, foreign IdFiscaleIVA, CAP 00000, no provincia; a consumer without id gets 99999999999', () => {
    const de: Customer = { ...b2b, kind: 'ESTERO', idPaese: 'DE', partitaIva: 'DE123456789', codiceDestinatario: undefined, address: { indirizzo: 'Hauptstraße 5', cap: '80331', comune: 'München', nazione: 'DE' } };
    const { fattura } = buildFattura(input({ lines: [line('500', '0', { natura: 'N3.2' })] }, { customer: de }));
    const h = fattura.FatturaElettronicaHeader;
    expect(h.DatiTrasmissione.CodiceDestinatario).toBe('XXXXXXX');
    expect(h.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA).toEqual({ IdPaese: 'DE', IdCodice: '123456789' });
    expect(h.CessionarioCommittente.Sede).toEqual({ Indirizzo: 'Hauptstraße 5', CAP: '00000', Comune: 'München', Nazione: 'DE' });
    const consumer = buildFattura(input({}, { customer: { ...de, partitaIva: undefined, denominazione: undefined, nome: 'Hans', cognome: 'Müller' } })).fattura;
    expect(consumer.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA).toEqual({ IdPaese: 'DE', IdCodice: '99999999999' });
  });
});

describe('buildFattura: special document types', () => {
  const supplierDE: Customer = { ...b2b, kind: 'ESTERO', isSupplier: true, idPaese: 'DE', partitaIva: '123456789', denominazione: 'Lieferant GmbH', codiceDestinatario: undefined, address: { indirizzo: 'Weg 1', cap: '10115', comune: 'Berlin', nazione: 'DE' } };

  it('TD17: the foreign supplier is the cedente (RF18), the company the cessionario, SoggettoEmittente CC', () => {
    // Payment data and bank are ignored: nothing is collected on an integration.
    const { fattura } = buildFattura(input({ tipoDocumento: 'TD17' }, { customer: supplierDE, bank: undefined }));
    expect(body(fattura).DatiPagamento).toBeUndefined();
    const h = fattura.FatturaElettronicaHeader;
    expect(h.CedentePrestatore.DatiAnagrafici).toEqual({ IdFiscaleIVA: { IdPaese: 'DE', IdCodice: '123456789' }, Anagrafica: { Denominazione: 'Lieferant GmbH' }, RegimeFiscale: 'RF18' });
    expect(h.CedentePrestatore.Sede.CAP).toBe('00000');
    expect(h.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA).toEqual({ IdPaese: 'IT', IdCodice: '06363391001' });
    expect(h.SoggettoEmittente).toBe('CC');
    expect(h.DatiTrasmissione.CodiceDestinatario).toBe('0000000');
    expect(fattura.versione).toBe('FPR12');
  });

  it('TD16 with an Italian supplier (RF01), TD28 with a San Marino one', () => {
    const itSupplier: Customer = { ...b2b, isSupplier: true, codiceDestinatario: undefined };
    expect(buildFattura(input({ tipoDocumento: 'TD16' }, { customer: itSupplier })).fattura.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.RegimeFiscale).toBe('RF01');
    const sm: Customer = { ...supplierDE, idPaese: 'SM', partitaIva: '12345', address: { indirizzo: 'Via 1', cap: '47899', comune: 'Serravalle', nazione: 'SM' } };
    expect(buildFattura(input({ tipoDocumento: 'TD28' }, { customer: sm })).fattura.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA.IdPaese).toBe('SM');
  });

  it('TD21 and TD27: the company is both parties, whatever customer is given', () => {
    for (const tipo of ['TD21', 'TD27'] as const) {
      const { fattura } = buildFattura(input({ tipoDocumento: tipo, bollo: { mode: 'si', chargedToCustomer: true } }));
      const h = fattura.FatturaElettronicaHeader;
      expect(h.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA).toEqual(h.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA);
      expect(h.SoggettoEmittente).toBeUndefined();
      // The forced bollo is declared but never re-charged as a N1 line (TD21 lines must all be taxable: 00474).
      expect(body(fattura).DatiGenerali.DatiGeneraliDocumento.DatiBollo).toEqual({ BolloVirtuale: 'SI', ImportoBollo: '2.00' });
      expect(body(fattura).DatiBeniServizi.DettaglioLinee.every((l) => l.AliquotaIVA !== '0.00')).toBe(true);
    }
  });

  it('TD04 links the invoice it corrects; TD02 is paid as an advance (TP03)', () => {
    const nc = buildFattura(input({ tipoDocumento: 'TD04', references: { fattureCollegate: [{ IdDocumento: 'FT/1', Data: '2025-02-01' }] } })).fattura;
    expect(body(nc).DatiGenerali.DatiFattureCollegate).toEqual([{ IdDocumento: 'FT/1', Data: '2025-02-01' }]);
    const adv = buildFattura(input({ tipoDocumento: 'TD02' })).fattura;
    expect(body(adv).DatiPagamento![0]!.CondizioniPagamento).toBe('TP03');
  });

  it('TD24 carries its DDT', () => {
    const f = buildFattura(input({ tipoDocumento: 'TD24', references: { ddt: [{ NumeroDDT: '15', DataDDT: '2025-02-20', RiferimentoNumeroLinea: ['1'] }] } })).fattura;
    expect(body(f).DatiGenerali.DatiDDT).toEqual([{ NumeroDDT: '15', DataDDT: '2025-02-20', RiferimentoNumeroLinea: ['1'] }]);
  });

  it('third-party issuer: TZ with its data, and the transmitter of the company settings', () => {
    const c: Company = { ...company, trasmittente: { idPaese: 'IT', idCodice: '01234567897' }, terzoIntermediario: { denominazione: 'Studio Associato', partitaIva: '01234567897' } };
    const h = buildFattura(input({}, { company: c })).fattura.FatturaElettronicaHeader;
    expect(h.SoggettoEmittente).toBe('TZ');
    expect(h.TerzoIntermediarioOSoggettoEmittente).toEqual({ DatiAnagrafici: { IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '01234567897' }, Anagrafica: { Denominazione: 'Studio Associato' } } });
    expect(h.DatiTrasmissione.IdTrasmittente).toEqual({ IdPaese: 'IT', IdCodice: '01234567897' });
  });
});

describe('buildFattura: ritenuta, cassa, bollo, causale, installments', () => {
  it('professional invoice with INPS 4% subject to ritenuta', () => {
    const pro: Company = { ...company, denominazione: undefined, nome: 'Anna', cognome: 'Verdi', titolo: 'Ing.', codiceFiscale: 'RSSMRA80A01H501U', rea: undefined, albo: { alboProfessionale: 'Ordine Ingegneri', provinciaAlbo: 'MI', numeroIscrizioneAlbo: 'A123', dataIscrizioneAlbo: '2010-01-01' } };
    const { fattura, totals } = buildFattura(
      input(
        {
          lines: [line('1000', '22', { ritenuta: true }), line('30', '0', { natura: 'N1', descrizione: 'Marche da bollo anticipate' })],
          cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '22', ritenuta: true },
          ritenuta: { tipo: 'RT01', aliquota: '20', causalePagamento: 'A' },
        },
        { company: pro },
      ),
    );
    const g = body(fattura).DatiGenerali.DatiGeneraliDocumento;
    // Contributo 1000 × 4% = 40.00; ritenuta 20% × (1000 + 40) = 208.00
    expect(g.DatiRitenuta).toEqual([{ TipoRitenuta: 'RT01', ImportoRitenuta: '208.00', AliquotaRitenuta: '20.00', CausalePagamento: 'A' }]);
    expect(g.DatiCassaPrevidenziale).toEqual([{ TipoCassa: 'TC22', AlCassa: '4.00', ImportoContributoCassa: '40.00', ImponibileCassa: '1000.00', AliquotaIVA: '22.00', Ritenuta: 'SI' }]);
    expect(body(fattura).DatiBeniServizi.DettaglioLinee[0]!.Ritenuta).toBe('SI');
    expect(body(fattura).DatiBeniServizi.DettaglioLinee[1]!.Ritenuta).toBeUndefined();
    // 22%: 1040.00 → 228.80; N1 30.00; total 1298.80; to pay 1298.80 − 208.00 = 1090.80
    expect(g.ImportoTotaleDocumento).toBe('1298.80');
    expect(body(fattura).DatiPagamento![0]!.DettaglioPagamento[0]!.ImportoPagamento).toBe('1090.80');
    expect(totals.netToPay).toBe('1090.80');
    expect(fattura.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici).toMatchObject({ Anagrafica: { Nome: 'Anna', Cognome: 'Verdi', Titolo: 'Ing.' }, AlboProfessionale: 'Ordine Ingegneri', ProvinciaAlbo: 'MI' });
  });

  it('bollo charged to the customer: DatiBollo and an N1 line', () => {
    const f = buildFattura(input({ lines: [line('300', '0', { natura: 'N4' })], bollo: { mode: 'auto', chargedToCustomer: true } })).fattura;
    const b = body(f);
    expect(b.DatiGenerali.DatiGeneraliDocumento.DatiBollo).toEqual({ BolloVirtuale: 'SI', ImportoBollo: '2.00' });
    expect(b.DatiBeniServizi.DettaglioLinee[1]).toMatchObject({ NumeroLinea: '2', PrezzoUnitario: '2.00', PrezzoTotale: '2.00', AliquotaIVA: '0.00', Natura: 'N1' });
    expect(b.DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento).toBe('302.00');
  });

  it('document discount: informative block plus lines', () => {
    const b = body(buildFattura(input({ lines: [line('100')], discount: { tipo: 'SC', percentuale: '10' } })).fattura);
    expect(b.DatiGenerali.DatiGeneraliDocumento.ScontoMaggiorazione).toEqual([{ Tipo: 'SC', Percentuale: '10.00' }]);
    expect(b.DatiBeniServizi.DettaglioLinee[1]).toMatchObject({ TipoCessionePrestazione: 'SC', PrezzoUnitario: '-10.00', PrezzoTotale: '-10.00' });
    // 90.00 + 19.80
    expect(b.DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento).toBe('109.80');
  });

  it('Causale in blocks of at most 200 Latin-1 characters that join back to the text', () => {
    const text = `Servizi “di consulenza” – ${'periodo gennaio-marzo, come da contratto; '.repeat(12)}fine`;
    const blocks = body(buildFattura(input({ causale: text })).fattura).DatiGenerali.DatiGeneraliDocumento.Causale!;
    expect(blocks.length).toBeGreaterThan(2);
    for (const b of blocks) expect(b.length).toBeLessThanOrEqual(200);
    expect(blocks.join('')).toBe(text.replace(/[“”]/g, '"').replace('–', '-').trim());
  });

  it('30/60/90 DFFM: three installments summing to the amount to pay, TP01', () => {
    const p = body(buildFattura(input({ lines: [line('1000')], payment: { termCode: '30-60-90DFFM', methodCode: 'RIBA' } })).fattura).DatiPagamento![0]!;
    expect(p.CondizioniPagamento).toBe('TP01');
    // 1220.00 × 33.33% = 406.626 (twice), × 33.34% = 406.748. Floors 406.62 + 406.62 + 406.74 = 1219.98; the two
    // missing cents go to the largest remainders: .748 (third) then .626 (first, earlier on ties) → sum 1220.00.
    expect(p.DettaglioPagamento.map((d) => [d.ModalitaPagamento, d.DataScadenzaPagamento, d.ImportoPagamento, d.IBAN])).toEqual([
      ['MP12', '2025-04-30', '406.63', undefined],
      ['MP12', '2025-05-31', '406.62', undefined],
      ['MP12', '2025-06-30', '406.75', undefined],
    ]);
  });

  it('a missing term falls back to the customer default, then to the company default', () => {
    const due = (c: Customer) => body(buildFattura(input({ payment: { methodCode: 'CONT' } }, { customer: c })).fattura).DatiPagamento![0]!.DettaglioPagamento[0]!.DataScadenzaPagamento;
    expect(due({ ...b2b, defaultPaymentTerm: '60DFFM' })).toBe('2025-05-31');
    // Company default: RD (rimessa diretta) → the document date.
    expect(due(b2b)).toBe('2025-03-10');
  });

  it('a credit note with nothing to collect has no DatiPagamento', () => {
    const f = buildFattura(input({ tipoDocumento: 'TD04', lines: [line('-100')], references: { fattureCollegate: [{ IdDocumento: '1' }] } })).fattura;
    expect(body(f).DatiPagamento).toBeUndefined();
  });
});

describe('buildFattura: refuses documents the SdI would reject', () => {
  it('numero without digits (00425)', () => {
    expect(errorCodes(input({}, { numero: 'FT/A' }))).toContain('00425');
  });
  it('lines subject to ritenuta without DatiRitenuta (00411), cassa with Ritenuta without it (00415)', () => {
    expect(errorCodes(input({ lines: [line('100', '22', { ritenuta: true })] }))).toContain('00411');
    expect(errorCodes(input({ cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '22', ritenuta: true } }))).toContain('00415');
  });
  it('Natura vs AliquotaIVA on lines (00400/00401) and cassa (00413/00414), generic Natura (00445), fractional rate (00424)', () => {
    expect(errorCodes(input({ lines: [line('100', '0')] }))).toContain('00400');
    expect(errorCodes(input({ lines: [line('100', '22', { natura: 'N4' })] }))).toContain('00401');
    expect(errorCodes(input({ cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '0', ritenuta: false } }))).toContain('00413');
    expect(errorCodes(input({ cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '22', natura: 'N4', ritenuta: false } }))).toContain('00414');
    expect(errorCodes(input({ lines: [line('100', '0', { natura: 'N3' })] }))).toContain('00445');
    expect(errorCodes(input({ lines: [line('100', '0.22')] }))).toContain('00424');
  });
  it('discounts without value (00437/00438)', () => {
    expect(errorCodes(input({ discount: { tipo: 'SC' } }))).toContain('00437');
    expect(errorCodes(input({ lines: [line('100', '22', { sconti: [{ tipo: 'SC' }] })] }))).toContain('00438');
  });
  it('parties of the document type (00471, 00473, 00474) and linked invoices', () => {
    expect(errorCodes(input({}, { customer: { ...b2b, partitaIva: company.partitaIva } }))).toContain('00471');
    expect(errorCodes(input({ tipoDocumento: 'TD17' }, { customer: { ...b2b, isSupplier: true } }))).toContain('00473');
    expect(errorCodes(input({ tipoDocumento: 'TD21', lines: [line('100', '0', { natura: 'N3.5' })] }))).toContain('00474');
    expect(errorCodes(input({ tipoDocumento: 'TD04' }))).toContain('FATTURA_COLLEGATA_MANCANTE');
    expect(errorCodes(input({ tipoDocumento: 'TD04', references: { fattureCollegate: [{ IdDocumento: '1', Data: '2025-04-01' }] } }))).toContain('00418');
  });
  it('bank transfer without a bank account, unknown codes, invalid company P.IVA', () => {
    expect(errorCodes(input({}, { bank: undefined }))).toContain('BANCA_MANCANTE');
    expect(errorCodes(input({ payment: { termCode: 'XX', methodCode: 'BON' } }))).toContain('TERMINE_SCONOSCIUTO');
    expect(errorCodes(input({ lines: [line('100', '22', { vatCode: 'IVA99' })] }))).toContain('CODICE_IVA_SCONOSCIUTO');
    const errors = buildErrors(input({}, { company: { ...company, partitaIva: '06363391002' } }));
    expect(errors.find((e) => e.code === 'PARTITA_IVA_NON_VALIDA')).toMatchObject({ field: 'company.partitaIva' });
  });
  it('the thrown error names the first problem in Italian and lists them all', () => {
    try {
      buildFattura(input({ lines: [line('100', '0')] }, { numero: 'X' }));
      throw new Error('atteso un errore');
    } catch (e) {
      const err = e as AppError;
      expect(err.message).toMatch(/^Il documento non può essere generato: .*\(e altri 1 problemi\)$/);
      expect(err.field).toBe('lines[0].natura');
      expect((err.details as FieldError[]).map((x) => x.code)).toEqual(['00400', '00425']);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Independent oracle: exact decimals as (bigint, scale) read from the model's strings, not through the engine.

type Q = { n: bigint; s: number };
const q = (text: string): Q => {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`non è un decimale: ${text}`);
  const f = m[3] ?? '';
  const n = BigInt(m[2]! + f);
  return { n: m[1] ? -n : n, s: f.length };
};
const p10 = (k: number) => 10n ** BigInt(k);
const align = (a: Q, b: Q): [bigint, bigint, number] => (a.s >= b.s ? [a.n, b.n * p10(a.s - b.s), a.s] : [a.n * p10(b.s - a.s), b.n, b.s]);
const add = (a: Q, b: Q): Q => {
  const [x, y, s] = align(a, b);
  return { n: x + y, s };
};
const sub = (a: Q, b: Q): Q => add(a, { n: -b.n, s: b.s });
const mul = (a: Q, b: Q): Q => ({ n: a.n * b.n, s: a.s + b.s });
const eq = (a: Q, b: Q) => {
  const [x, y] = align(a, b);
  return x === y;
};
/** Half-up (away from zero) to 2 decimals. */
const round2 = (a: Q): Q => {
  if (a.s <= 2) return { n: a.n * p10(2 - a.s), s: 2 };
  const d = p10(a.s - 2);
  const abs = a.n < 0n ? -a.n : a.n;
  let r = abs / d;
  if ((abs % d) * 2n >= d) r += 1n;
  return { n: a.n < 0n ? -r : r, s: 2 };
};
const ZERO: Q = { n: 0n, s: 0 };
const ONE_PERCENT: Q = { n: 1n, s: 2 };

describe('buildFattura: property, never 00421, 00422, 00423 (independent recomputation)', () => {
  it('holds for random drafts', () => {
    fc.assert(
      fc.property(draftArb, (draft) => {
        const { fattura } = buildFattura({ company, customer: b2b, draft, numero: '1', progressivoInvio: '00001', settings: defaultAccountingSettings(), bank });
        const b = body(fattura);
        const perRate = new Map<string, { lines: Q; summary: Q }>();
        const slot = (rate: string) => {
          const k = `${q(rate).n * p10(4 - q(rate).s)}`;
          let v = perRate.get(k);
          if (!v) perRate.set(k, (v = { lines: ZERO, summary: ZERO }));
          return v;
        };
        // 00423: PrezzoTotale = (PrezzoUnitario ± sconti per unit, percentages on the running price) × Quantita.
        for (const l of b.DatiBeniServizi.DettaglioLinee) {
          let unit = q(l.PrezzoUnitario);
          for (const s of l.ScontoMaggiorazione ?? []) {
            const delta = s.Importo !== undefined ? q(s.Importo) : mul(mul(unit, q(s.Percentuale!)), ONE_PERCENT);
            unit = s.Tipo === 'SC' ? sub(unit, delta) : add(unit, delta);
          }
          const exact = l.Quantita !== undefined ? mul(unit, q(l.Quantita)) : unit;
          expect(eq(round2(exact), q(l.PrezzoTotale)), `linea ${l.NumeroLinea}`).toBe(true);
          slot(l.AliquotaIVA).lines = add(slot(l.AliquotaIVA).lines, q(l.PrezzoTotale));
          // 00400/00401
          expect(l.Natura !== undefined).toBe(q(l.AliquotaIVA).n === 0n);
        }
        for (const c of b.DatiGenerali.DatiGeneraliDocumento.DatiCassaPrevidenziale ?? []) {
          slot(c.AliquotaIVA).lines = add(slot(c.AliquotaIVA).lines, q(c.ImportoContributoCassa));
          // ImportoContributoCassa = round2(ImponibileCassa × AlCassa / 100)
          expect(eq(round2(mul(mul(q(c.ImponibileCassa!), q(c.AlCassa)), ONE_PERCENT)), q(c.ImportoContributoCassa))).toBe(true);
        }
        let totale = ZERO;
        for (const r of b.DatiBeniServizi.DatiRiepilogo) {
          // 00421: Imposta = round2(ImponibileImporto × AliquotaIVA / 100), exactly (no tolerance used).
          expect(eq(round2(mul(mul(q(r.ImponibileImporto), q(r.AliquotaIVA)), ONE_PERCENT)), q(r.Imposta))).toBe(true);
          expect(r.Natura !== undefined).toBe(q(r.AliquotaIVA).n === 0n);
          slot(r.AliquotaIVA).summary = add(slot(r.AliquotaIVA).summary, q(r.ImponibileImporto));
          totale = add(add(totale, q(r.ImponibileImporto)), q(r.Imposta));
        }
        // 00422 and 00419/00443: per rate, the summary equals the lines + cassa exactly, and every rate has both.
        for (const [rate, v] of perRate) expect(eq(v.lines, v.summary), `aliquota ${rate}`).toBe(true);
        const g = b.DatiGenerali.DatiGeneraliDocumento;
        if (g.Arrotondamento) totale = add(totale, q(g.Arrotondamento));
        expect(eq(totale, q(g.ImportoTotaleDocumento!))).toBe(true);
        // 00411: Ritenuta SI on a line requires DatiRitenuta.
        if (b.DatiBeniServizi.DettaglioLinee.some((l) => l.Ritenuta === 'SI')) expect(g.DatiRitenuta).toBeDefined();
        // 00444: same Naturas in lines/cassa and in the summary.
        const used = new Set([...b.DatiBeniServizi.DettaglioLinee.map((l) => l.Natura), ...(g.DatiCassaPrevidenziale ?? []).map((c) => c.Natura)].filter(Boolean));
        expect(new Set(b.DatiBeniServizi.DatiRiepilogo.map((r) => r.Natura).filter(Boolean))).toEqual(used);
      }),
      { numRuns: 300 },
    );
  });
});
