/**
 * Accounting defaults for a new company: the settings an Italian bookkeeper expects to find already there (series,
 * VAT codes with their legal references, common payment terms and methods). Everything stays editable per company.
 */
import type { AccountingSettings, PaymentMethod, PaymentTerm, VatCode } from './types';
import type { Natura } from '../fatturapa/schema.generated';
import { NATURA_INFO } from './natura';

function taxable(aliquota: string, description: string): VatCode {
  return { code: `IVA${aliquota.replace(/\.00$/, '')}`, description, aliquota };
}

function nonTaxable(code: string, natura: Natura, description: string, riferimentoNormativo?: string): VatCode {
  return { code, description, aliquota: '0.00', natura, riferimentoNormativo: riferimentoNormativo ?? NATURA_INFO[natura].riferimentoNormativo };
}

export function defaultVatCodes(): VatCode[] {
  return [
    taxable('22.00', 'IVA 22% (aliquota ordinaria)'),
    taxable('10.00', 'IVA 10% (aliquota ridotta)'),
    taxable('5.00', 'IVA 5% (aliquota ridotta)'),
    taxable('4.00', 'IVA 4% (aliquota minima)'),
    { code: 'IVA22SP', description: 'IVA 22% con scissione dei pagamenti (art. 17-ter)', aliquota: '22.00', esigibilita: 'S', riferimentoNormativo: 'Scissione dei pagamenti art. 17-ter DPR 633/72' },
    { code: 'IVA22D', description: 'IVA 22% ad esigibilità differita (art. 6 c.5)', aliquota: '22.00', esigibilita: 'D' },
    nonTaxable('N1', 'N1', 'Escluso art. 15 (anticipazioni in nome e per conto, bollo)'),
    nonTaxable('N2.1', 'N2.1', 'Non soggetto artt. 7-7 septies (servizi a soggetti esteri)'),
    nonTaxable('N2.2', 'N2.2', 'Non soggetto - altri casi (regime forfettario, minimi)', 'Operazione non soggetta art. 1 c.54-89 L. 190/2014 - regime forfettario'),
    nonTaxable('N3.1', 'N3.1', 'Non imponibile - esportazioni (art. 8)'),
    nonTaxable('N3.2', 'N3.2', 'Non imponibile - cessioni intracomunitarie (art. 41 DL 331/93)'),
    nonTaxable('N3.3', 'N3.3', 'Non imponibile - cessioni verso San Marino (art. 71)'),
    nonTaxable('N3.4', 'N3.4', 'Non imponibile - operazioni assimilate alle esportazioni (artt. 8-bis, 9)'),
    nonTaxable('N3.5', 'N3.5', "Non imponibile - dichiarazione d'intento (art. 8 c.1 lett. c)"),
    nonTaxable('N3.6', 'N3.6', 'Non imponibile - altre operazioni fuori plafond'),
    nonTaxable('N4', 'N4', 'Esente art. 10'),
    nonTaxable('N5', 'N5', 'Regime del margine (art. 36 DL 41/95)'),
    nonTaxable('N6.1', 'N6.1', 'Reverse charge - rottami (art. 74 c.7-8)'),
    nonTaxable('N6.2', 'N6.2', 'Reverse charge - oro e argento (art. 17 c.5)'),
    nonTaxable('N6.3', 'N6.3', 'Reverse charge - subappalto edile (art. 17 c.6 a)'),
    nonTaxable('N6.4', 'N6.4', 'Reverse charge - cessione di fabbricati (art. 17 c.6 a-bis)'),
    nonTaxable('N6.5', 'N6.5', 'Reverse charge - telefoni cellulari (art. 17 c.6 b)'),
    nonTaxable('N6.6', 'N6.6', 'Reverse charge - prodotti elettronici (art. 17 c.6 c)'),
    nonTaxable('N6.7', 'N6.7', 'Reverse charge - edilizia e settori connessi (art. 17 c.6 a-ter)'),
    nonTaxable('N6.8', 'N6.8', 'Reverse charge - settore energetico (art. 17 c.6 d-bis/ter/quater)'),
    nonTaxable('N6.9', 'N6.9', 'Reverse charge - altri casi'),
    nonTaxable('N7', 'N7', 'IVA assolta in altro stato UE (art. 7-octies, 74-sexies)'),
  ];
}

export function defaultPaymentTerms(): PaymentTerm[] {
  return [
    { code: 'RD', description: 'Rimessa diretta', condizioni: 'TP02', installments: [{ days: 0, endOfMonth: false, percent: '100' }] },
    { code: '30DF', description: '30 gg data fattura', condizioni: 'TP02', installments: [{ days: 30, endOfMonth: false, percent: '100' }] },
    { code: '30DFFM', description: '30 gg data fattura fine mese', condizioni: 'TP02', installments: [{ days: 30, endOfMonth: true, percent: '100' }] },
    { code: '60DFFM', description: '60 gg data fattura fine mese', condizioni: 'TP02', installments: [{ days: 60, endOfMonth: true, percent: '100' }] },
    {
      code: '30-60-90DFFM',
      description: '30/60/90 gg data fattura fine mese',
      condizioni: 'TP01',
      installments: [
        { days: 30, endOfMonth: true, percent: '33.33' },
        { days: 60, endOfMonth: true, percent: '33.33' },
        { days: 90, endOfMonth: true, percent: '33.34' },
      ],
    },
    { code: '60FM+10', description: '60 gg fine mese + 10', condizioni: 'TP02', installments: [{ days: 60, endOfMonth: true, extraDays: 10, percent: '100' }] },
  ];
}

export function defaultPaymentMethods(): PaymentMethod[] {
  return [
    { code: 'CONT', description: 'Contanti', modalita: 'MP01', needsBank: false },
    { code: 'ASS', description: 'Assegno', modalita: 'MP02', needsBank: false },
    { code: 'BON', description: 'Bonifico bancario', modalita: 'MP05', needsBank: true },
    { code: 'CARTA', description: 'Carta di pagamento', modalita: 'MP08', needsBank: false },
    // RIBA and SEPA direct debit collect from the customer's account: the company's IBAN is not what the invoice needs.
    { code: 'RIBA', description: 'Ricevuta bancaria (RIBA)', modalita: 'MP12', needsBank: false },
    { code: 'SDD', description: 'Addebito diretto SEPA (SDD)', modalita: 'MP19', needsBank: false },
    { code: 'PAGOPA', description: 'PagoPA', modalita: 'MP23', needsBank: false },
  ];
}

export function defaultAccountingSettings(): AccountingSettings {
  return {
    series: [
      { code: 'FT', description: 'Fatture', format: '{n}' },
      { code: 'NC', description: 'Note di credito', format: '{n}' },
    ],
    vatCodes: defaultVatCodes(),
    paymentTerms: defaultPaymentTerms(),
    paymentMethods: defaultPaymentMethods(),
    defaults: {
      series: 'FT',
      creditNoteSeries: 'NC',
      vatCode: 'IVA22',
      paymentTerm: 'RD',
      paymentMethod: 'BON',
      bolloChargedToCustomer: false,
    },
  };
}
