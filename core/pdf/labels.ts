/**
 * Fixed wording of the courtesy copy in Italian (default) and English. The descriptions of FatturaPA codes
 * (TipoDocumento, Natura, ModalitaPagamento, ...) stay the official Italian ones from the XSD in both languages:
 * they are legal wording, not interface text.
 */
import type { PdfLocale } from './format';

export interface PdfLabels {
  supplier: string;
  customer: string;
  documentData: string;
  documentType: string;
  number: string;
  date: string;
  numberAndDate: (numero: string, data: string) => string;
  currency: string;
  format: string;
  codiceDestinatario: string;
  pecDestinatario: string;
  partitaIva: string;
  idFiscaleIva: string;
  codiceFiscale: string;
  rea: string;
  capitaleSociale: string;
  socioUnico: string;
  piuSoci: string;
  inLiquidazione: string;
  regimeFiscale: string;
  albo: string;
  phone: string;
  fax: string;
  email: string;
  eori: string;
  stabileOrganizzazione: string;
  rappresentanteFiscale: string;
  riferimentoAmministrazione: string;
  issuedBy: (who: string) => string;
  art73: string;
  fatturaPrincipale: string;
  sal: string;
  veicoli: (data: string, km: string) => string;
  causale: string;
  linkedDocuments: string;
  linkedKinds: { ordine: string; contratto: string; convenzione: string; ricezione: string; fatturaCollegata: string; ddt: string };
  linkedCols: { kind: string; id: string; date: string; lines: string; item: string; commessa: string; cup: string; cig: string };
  transport: string;
  transportFields: {
    vettore: string; mezzo: string; causale: string; colli: string; descrizione: string; pesoLordo: string;
    pesoNetto: string; ritiro: string; inizio: string; resa: string; indirizzoResa: string; consegna: string; licenza: string;
  };
  lines: string;
  lineCols: { n: string; code: string; description: string; qty: string; um: string; price: string; discounts: string; amount: string; vat: string };
  period: (from: string, to: string) => string;
  subjectToRitenuta: string;
  vatSummary: string;
  vatCols: { rate: string; description: string; esigibilita: string; spese: string; arrotondamento: string; imponibile: string; imposta: string };
  vatRateDescription: (rate: string) => string;
  totals: { imponibile: string; iva: string; arrotondamento: string; totale: string; ritenuta: string; splitIva: string; netto: string };
  notes: string;
  ritenutaNote: (tipo: string, aliquota: string, causale: string) => string;
  cassaNote: (tipo: string, aliquota: string, imponibile: string, importo: string) => string;
  bolloNote: (importo: string) => string;
  splitPaymentNote: string;
  reverseChargeNote: string;
  documentDiscount: (what: string) => string;
  payment: string;
  paymentCols: { method: string; due: string; amount: string; details: string };
  paymentDetails: {
    iban: string; istituto: string; abiCab: string; bic: string; beneficiario: string; codicePagamento: string;
    scontoAnticipato: (importo: string, entro: string) => string; penale: (importo: string, dal: string) => string;
    quietanzante: string; ufficioPostale: string; days: (n: string, from: string) => string;
  };
  attachments: string;
  footer: string;
  /** Footer of a draft's preview: not a document yet, nothing was sent. */
  draftFooter: string;
  page: (n: number, of: number) => string;
  yes: string;
}

const it: PdfLabels = {
  supplier: 'Cedente / prestatore',
  customer: 'Cessionario / committente',
  documentData: 'Dati del documento',
  documentType: 'Tipo documento',
  number: 'Numero',
  date: 'Data',
  numberAndDate: (n, d) => `N. ${n} del ${d}`,
  currency: 'Divisa',
  format: 'Formato',
  codiceDestinatario: 'Codice destinatario',
  pecDestinatario: 'PEC destinatario',
  partitaIva: 'P.IVA',
  idFiscaleIva: 'Id. fiscale IVA',
  codiceFiscale: 'C.F.',
  rea: 'REA',
  capitaleSociale: 'Cap. soc.',
  socioUnico: 'socio unico',
  piuSoci: 'più soci',
  inLiquidazione: 'in liquidazione',
  regimeFiscale: 'Regime fiscale',
  albo: 'Albo',
  phone: 'Tel.',
  fax: 'Fax',
  email: 'Email',
  eori: 'EORI',
  stabileOrganizzazione: 'Stabile organizzazione',
  rappresentanteFiscale: 'Rappresentante fiscale',
  riferimentoAmministrazione: 'Rif. amministrazione',
  issuedBy: (who) => `Emesso da ${who}`,
  art73: 'Art. 73 DPR 633/72',
  fatturaPrincipale: 'Fattura principale',
  sal: 'Stato avanzamento lavori',
  veicoli: (data, km) => `Mezzo di trasporto nuovo: immatricolazione ${data}, ${km} km percorsi`,
  causale: 'Causale',
  linkedDocuments: 'Documenti collegati',
  linkedKinds: {
    ordine: 'Ordine di acquisto',
    contratto: 'Contratto',
    convenzione: 'Convenzione',
    ricezione: 'Ricezione',
    fatturaCollegata: 'Fattura collegata',
    ddt: 'DDT',
  },
  linkedCols: { kind: 'Tipo', id: 'Numero', date: 'Data', lines: 'Righe', item: 'Item', commessa: 'Commessa/conv.', cup: 'CUP', cig: 'CIG' },
  transport: 'Trasporto',
  transportFields: {
    vettore: 'Vettore',
    mezzo: 'Mezzo',
    causale: 'Causale',
    colli: 'Colli',
    descrizione: 'Aspetto dei beni',
    pesoLordo: 'Peso lordo',
    pesoNetto: 'Peso netto',
    ritiro: 'Ritiro',
    inizio: 'Inizio trasporto',
    resa: 'Resa',
    indirizzoResa: 'Luogo di resa',
    consegna: 'Consegna',
    licenza: 'Licenza di guida',
  },
  lines: 'Dettaglio',
  lineCols: { n: 'N.', code: 'Codice', description: 'Descrizione', qty: 'Quantità', um: 'U.M.', price: 'Prezzo unitario', discounts: 'Sconti', amount: 'Importo', vat: 'IVA' },
  period: (from, to) => `Periodo dal ${from} al ${to}`,
  subjectToRitenuta: 'Soggetta a ritenuta',
  vatSummary: 'Riepilogo IVA',
  vatCols: { rate: 'Aliquota', description: 'Descrizione', esigibilita: 'Esigibilità', spese: 'Spese acc.', arrotondamento: 'Arrot.', imponibile: 'Imponibile', imposta: 'Imposta' },
  vatRateDescription: (rate) => `IVA ${rate}`,
  totals: {
    imponibile: 'Totale imponibile',
    iva: 'Totale IVA',
    arrotondamento: 'Arrotondamento',
    totale: 'Totale documento',
    ritenuta: 'Ritenuta d’acconto',
    splitIva: 'IVA in scissione dei pagamenti',
    netto: 'Netto a pagare',
  },
  notes: 'Note',
  ritenutaNote: (tipo, aliquota, causale) => `${tipo}, aliquota ${aliquota}${causale ? `, causale pagamento ${causale}` : ''}`,
  cassaNote: (tipo, aliquota, imponibile, importo) =>
    `Contributo ${tipo} ${aliquota}${imponibile ? ` su ${imponibile}` : ''}: ${importo} (compreso nell’imponibile)`,
  bolloNote: (importo) => `Imposta di bollo ${importo} assolta in modo virtuale ai sensi dell’art. 6 D.M. 17/06/2014`,
  splitPaymentNote: 'Scissione dei pagamenti art. 17-ter DPR 633/72: l’IVA è versata dal cliente all’Erario',
  reverseChargeNote: 'Inversione contabile: l’IVA è dovuta dal cessionario/committente',
  documentDiscount: (what) => `Sconto/maggiorazione sul documento: ${what}`,
  payment: 'Pagamento',
  paymentCols: { method: 'Modalità', due: 'Scadenza', amount: 'Importo', details: 'Coordinate' },
  paymentDetails: {
    iban: 'IBAN',
    istituto: 'Istituto',
    abiCab: 'ABI/CAB',
    bic: 'BIC',
    beneficiario: 'Beneficiario',
    codicePagamento: 'Codice pagamento',
    scontoAnticipato: (importo, entro) => `Sconto per pagamento anticipato ${importo}${entro ? ` entro il ${entro}` : ''}`,
    penale: (importo, dal) => `Penale per ritardo ${importo}${dal ? ` dal ${dal}` : ''}`,
    quietanzante: 'Quietanzante',
    ufficioPostale: 'Ufficio postale',
    days: (n, from) => `${n} gg${from ? ` dal ${from}` : ''}`,
  },
  attachments: 'Allegati nel file XML',
  footer: 'Copia di cortesia: l’originale è il file XML trasmesso al Sistema di Interscambio',
  draftFooter: 'Anteprima di una bozza: non è una fattura e non è stata trasmessa al Sistema di Interscambio',
  page: (n, of) => `Pagina ${n} di ${of}`,
  yes: 'sì',
};

const en: PdfLabels = {
  ...it,
  supplier: 'Supplier',
  customer: 'Customer',
  documentData: 'Document',
  documentType: 'Document type',
  number: 'Number',
  date: 'Date',
  numberAndDate: (n, d) => `No. ${n} of ${d}`,
  currency: 'Currency',
  format: 'Format',
  codiceDestinatario: 'Recipient code',
  pecDestinatario: 'Recipient PEC',
  partitaIva: 'VAT no.',
  idFiscaleIva: 'VAT id',
  codiceFiscale: 'Tax code',
  capitaleSociale: 'Share capital',
  socioUnico: 'sole shareholder',
  piuSoci: 'several shareholders',
  inLiquidazione: 'in liquidation',
  regimeFiscale: 'Tax regime',
  albo: 'Register',
  phone: 'Phone',
  stabileOrganizzazione: 'Permanent establishment',
  rappresentanteFiscale: 'Tax representative',
  riferimentoAmministrazione: 'Admin. reference',
  issuedBy: (who) => `Issued by ${who}`,
  fatturaPrincipale: 'Main invoice',
  sal: 'Work progress stage',
  veicoli: (data, km) => `New means of transport: registered ${data}, ${km} km travelled`,
  causale: 'Description',
  linkedDocuments: 'Related documents',
  linkedKinds: {
    ordine: 'Purchase order',
    contratto: 'Contract',
    convenzione: 'Agreement',
    ricezione: 'Receipt',
    fatturaCollegata: 'Related invoice',
    ddt: 'Delivery note',
  },
  linkedCols: { kind: 'Type', id: 'Number', date: 'Date', lines: 'Lines', item: 'Item', commessa: 'Job/agreement', cup: 'CUP', cig: 'CIG' },
  transport: 'Transport',
  transportFields: {
    vettore: 'Carrier',
    mezzo: 'Means',
    causale: 'Reason',
    colli: 'Packages',
    descrizione: 'Goods',
    pesoLordo: 'Gross weight',
    pesoNetto: 'Net weight',
    ritiro: 'Pick-up',
    inizio: 'Transport start',
    resa: 'Incoterm',
    indirizzoResa: 'Delivery place',
    consegna: 'Delivery',
    licenza: 'Driving licence',
  },
  lines: 'Lines',
  lineCols: { n: 'No.', code: 'Code', description: 'Description', qty: 'Quantity', um: 'Unit', price: 'Unit price', discounts: 'Discounts', amount: 'Amount', vat: 'VAT' },
  period: (from, to) => `Period ${from} to ${to}`,
  subjectToRitenuta: 'Subject to withholding',
  vatSummary: 'VAT summary',
  vatCols: { rate: 'Rate', description: 'Description', esigibilita: 'VAT due', spese: 'Extra costs', arrotondamento: 'Rounding', imponibile: 'Taxable', imposta: 'VAT' },
  vatRateDescription: (rate) => `VAT ${rate}`,
  totals: {
    imponibile: 'Taxable amount',
    iva: 'VAT',
    arrotondamento: 'Rounding',
    totale: 'Document total',
    ritenuta: 'Withholding',
    splitIva: 'VAT paid by the customer',
    netto: 'Amount due',
  },
  notes: 'Notes',
  ritenutaNote: (tipo, aliquota, causale) => `${tipo}, rate ${aliquota}${causale ? `, payment reason ${causale}` : ''}`,
  cassaNote: (tipo, aliquota, imponibile, importo) =>
    `Contribution ${tipo} ${aliquota}${imponibile ? ` on ${imponibile}` : ''}: ${importo} (included in the taxable amount)`,
  bolloNote: (importo) => `Stamp duty ${importo} paid virtually (art. 6 D.M. 17/06/2014)`,
  splitPaymentNote: 'Split payment (art. 17-ter DPR 633/72): the VAT is paid by the customer to the Treasury',
  reverseChargeNote: 'Reverse charge: the VAT is due by the customer',
  documentDiscount: (what) => `Document discount/surcharge: ${what}`,
  payment: 'Payment',
  paymentCols: { method: 'Method', due: 'Due date', amount: 'Amount', details: 'Bank details' },
  paymentDetails: {
    ...it.paymentDetails,
    istituto: 'Bank',
    beneficiario: 'Beneficiary',
    codicePagamento: 'Payment code',
    scontoAnticipato: (importo, entro) => `Early payment discount ${importo}${entro ? ` by ${entro}` : ''}`,
    penale: (importo, dal) => `Late payment penalty ${importo}${dal ? ` from ${dal}` : ''}`,
    quietanzante: 'Receipt by',
    ufficioPostale: 'Post office',
    days: (n, from) => `${n} days${from ? ` from ${from}` : ''}`,
  },
  attachments: 'Attachments in the XML file',
  footer: 'Courtesy copy: the original is the XML file sent through the Italian SdI (Sistema di Interscambio)',
  draftFooter: 'Preview of a draft: not an invoice, and not sent to the Italian SdI (Sistema di Interscambio)',
  page: (n, of) => `Page ${n} of ${of}`,
  yes: 'yes',
};

export function labelsFor(locale: PdfLocale): PdfLabels {
  return locale === 'en' ? en : it;
}
