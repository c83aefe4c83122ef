/**
 * The invoicing domain as the bookkeeper edits it: company, customers, drafts and their lines. The engine turns these into
 * a FatturaPA document (core/fatturapa model); the database stores them; the UI edits them. Amounts and quantities travel
 * as decimal text ("1234.50") and are computed with core/money's Decimal, never with floats. Dates are "YYYY-MM-DD".
 */
import type {
  AltriDatiGestionali,
  CausalePagamento,
  CodiceArticolo,
  CondizioniPagamento,
  DatiDDT,
  DatiDocumentiCorrelati,
  DatiSAL,
  DatiTrasporto,
  DatiVeicoli,
  EsigibilitaIVA,
  FatturaPrincipale,
  Allegati,
  ModalitaPagamento,
  Natura,
  RegimeFiscale,
  SocioUnico,
  StatoLiquidazione,
  TipoCassa,
  TipoCessionePrestazione,
  TipoDocumento,
  TipoRitenuta,
  TipoScontoMaggiorazione,
} from '../fatturapa/schema.generated';

/** Decimal number as text, e.g. "22.00" or "-3.5". */
export type Dec = string;
/** Calendar date "YYYY-MM-DD". */
export type IsoDate = string;

export interface Address {
  indirizzo: string;
  numeroCivico?: string;
  cap: string;
  comune: string;
  /** Sigla provincia (2 letters), Italian addresses only. */
  provincia?: string;
  /** ISO 3166-1 alpha-2, "IT" for Italy. */
  nazione: string;
}

/** A person or an organisation: exactly one of `denominazione` or `nome`+`cognome`. */
export interface Naming {
  denominazione?: string;
  nome?: string;
  cognome?: string;
  titolo?: string;
  codEori?: string;
}

export interface Rea {
  ufficio: string;
  numero: string;
  capitaleSociale?: Dec;
  socioUnico?: SocioUnico;
  statoLiquidazione: StatoLiquidazione;
}

/** The company that owns the file (CedentePrestatore on the invoices it issues). */
export interface Company extends Naming {
  idPaese: string;
  partitaIva: string;
  codiceFiscale?: string;
  regimeFiscale: RegimeFiscale;
  sede: Address;
  stabileOrganizzazione?: Address;
  rea?: Rea;
  albo?: { alboProfessionale: string; provinciaAlbo?: string; numeroIscrizioneAlbo?: string; dataIscrizioneAlbo?: IsoDate };
  contatti?: { telefono?: string; fax?: string; email?: string };
  riferimentoAmministrazione?: string;
  /** Who transmits the files (IdTrasmittente); defaults to the company itself. */
  trasmittente?: { idPaese: string; idCodice: string };
  /** Third party that issues on the company's behalf (SoggettoEmittente TZ), e.g. the studio. */
  terzoIntermediario?: Naming & { idPaese?: string; partitaIva?: string; codiceFiscale?: string };
}

export interface Series {
  /** Short code ("FT", "NC", "A"). */
  code: string;
  description: string;
  /** How the number is written into Numero: tokens {n}, {n:5} (zero-padded), {yyyy}, {yy}, {series}. */
  format: string;
}

export interface VatCode {
  /** "IVA22", "N2.2", ... */
  code: string;
  description: string;
  aliquota: Dec;
  natura?: Natura;
  riferimentoNormativo?: string;
  esigibilita?: EsigibilitaIVA;
}

export interface PaymentInstallmentRule {
  /** Days after the document date. */
  days: number;
  /** "fine mese": move the due date to the end of its month. */
  endOfMonth: boolean;
  /** Extra days after the end of month ("fine mese + 10"). */
  extraDays?: number;
  /** Share of the amount due, in percent; the shares of a term sum to 100. */
  percent: Dec;
}

export interface PaymentTerm {
  code: string;
  description: string;
  condizioni: CondizioniPagamento;
  installments: PaymentInstallmentRule[];
}

export interface PaymentMethod {
  code: string;
  description: string;
  modalita: ModalitaPagamento;
  /** Bank transfer and the like: the invoice shows the company's IBAN. */
  needsBank: boolean;
}

export interface AccountingSettings {
  series: Series[];
  vatCodes: VatCode[];
  paymentTerms: PaymentTerm[];
  paymentMethods: PaymentMethod[];
  defaults: {
    series: string;
    creditNoteSeries?: string;
    vatCode: string;
    paymentTerm?: string;
    paymentMethod?: string;
    /** The 2.00 euro of bollo virtuale is re-charged to the customer. */
    bolloChargedToCustomer: boolean;
    ritenuta?: RitenutaSettings;
    cassa?: CassaSettings;
  };
}

export interface EInvoicingSettings {
  /** "Spedisci XML caricati": imported outbound XML is queued for sending as it is. */
  sendImportedXml: boolean;
  /** "Pubblica XML caricati": imported outbound XML shows in the documents list. */
  publishImportedXml: boolean;
  /** Transmitter id ("sandbox", "manual", "intermediary", ...). */
  transmitter: string;
}

export interface BankAccount {
  id: number;
  istituto: string;
  iban: string;
  bic?: string;
  abi?: string;
  cab?: string;
  isDefault: boolean;
}

export type CustomerKind = 'B2B' | 'PA' | 'PRIVATO' | 'ESTERO';

/** A counterparty: customer on issued invoices, supplier on received ones and on self-invoices (TD16-TD19, TD28...). */
export interface Customer extends Naming {
  id: number;
  kind: CustomerKind;
  isSupplier: boolean;
  idPaese: string;
  partitaIva?: string;
  codiceFiscale?: string;
  address: Address;
  stabileOrganizzazione?: Address;
  /** B2B: 7-character SdI code ("0000000" when the PEC is used or unknown). */
  codiceDestinatario?: string;
  pec?: string;
  /** PA: Codice Univoco Ufficio, 6 characters. */
  cuu?: string;
  /** PA under split payment (scissione dei pagamenti): invoices default to EsigibilitaIVA "S". */
  splitPayment: boolean;
  email?: string;
  telefono?: string;
  defaultPaymentTerm?: string;
  defaultPaymentMethod?: string;
  notes?: string;
}

export type CustomerInput = Omit<Customer, 'id'> & { id?: number };

export interface Item {
  id: number;
  code: string;
  description: string;
  unitaMisura?: string;
  prezzoUnitario: Dec;
  vatCode: string;
}

export interface Discount {
  tipo: TipoScontoMaggiorazione;
  percentuale?: Dec;
  importo?: Dec;
}

export interface RitenutaSettings {
  tipo: TipoRitenuta;
  aliquota: Dec;
  causalePagamento: CausalePagamento;
}

export interface CassaSettings {
  tipo: TipoCassa;
  /** AlCassa: contribution rate in percent. */
  aliquota: Dec;
  /** VAT rate applied to the contribution. */
  aliquotaIva: Dec;
  natura?: Natura;
  /** The contribution is subject to ritenuta. */
  ritenuta: boolean;
  riferimentoAmministrazione?: string;
}

export interface DraftLine {
  descrizione: string;
  codiceArticolo?: CodiceArticolo[];
  itemId?: number;
  quantita?: Dec;
  unitaMisura?: string;
  prezzoUnitario: Dec;
  sconti?: Discount[];
  /** Code from the company's VAT codes; when set, aliquota and natura come from it. */
  vatCode?: string;
  aliquotaIva: Dec;
  natura?: Natura;
  /** The line is subject to ritenuta d'acconto. */
  ritenuta?: boolean;
  tipoCessionePrestazione?: TipoCessionePrestazione;
  dataInizioPeriodo?: IsoDate;
  dataFinePeriodo?: IsoDate;
  riferimentoAmministrazione?: string;
  altriDatiGestionali?: AltriDatiGestionali[];
}

export type BolloMode = 'auto' | 'si' | 'no';

export interface DocumentReferences {
  ordini?: DatiDocumentiCorrelati[];
  contratti?: DatiDocumentiCorrelati[];
  convenzioni?: DatiDocumentiCorrelati[];
  ricezioni?: DatiDocumentiCorrelati[];
  fattureCollegate?: DatiDocumentiCorrelati[];
  ddt?: DatiDDT[];
}

export interface DocumentDraft {
  id?: number;
  tipoDocumento: TipoDocumento;
  series: string;
  date: IsoDate;
  customerId: number;
  divisa: string;
  /** Free text; the engine splits it into Causale blocks of 200 characters. */
  causale?: string;
  lines: DraftLine[];
  /** Document-level discount or surcharge, spread over the VAT rates in proportion. */
  discount?: Discount;
  ritenuta?: RitenutaSettings;
  cassa?: CassaSettings;
  bollo: { mode: BolloMode; chargedToCustomer: boolean };
  /** I immediata, D differita, S scissione dei pagamenti (split payment). */
  esigibilita: EsigibilitaIVA;
  payment?: { termCode?: string; methodCode?: string; bankId?: number };
  references?: DocumentReferences;
  arrotondamento?: Dec;
  art73?: boolean;
  /** Rarely used FatturaPA blocks, carried into the document as they are. */
  extra?: {
    DatiSAL?: DatiSAL[];
    DatiTrasporto?: DatiTrasporto;
    FatturaPrincipale?: FatturaPrincipale;
    DatiVeicoli?: DatiVeicoli;
    Allegati?: Allegati[];
  };
  /** Internal note, never sent. */
  note?: string;
}

/** Where a document is in its life. Labels for the UI live in the renderer's i18n. */
export type DocumentStatus =
  | 'draft'
  | 'registered'
  | 'queued'
  | 'sending'
  | 'transmitted'
  | 'delivered'
  | 'not_delivered'
  | 'rejected'
  | 'accepted'
  | 'refused'
  | 'expired';

export interface VatSummaryRow {
  aliquotaIva: Dec;
  natura?: Natura;
  esigibilita?: EsigibilitaIVA;
  imponibile: Dec;
  imposta: Dec;
  arrotondamento?: Dec;
  riferimentoNormativo?: string;
}

export interface DueDate {
  date: IsoDate;
  amount: Dec;
}

export interface DocumentTotals {
  /** Sum of ImponibileImporto. */
  imponibile: Dec;
  /** Sum of Imposta. */
  imposta: Dec;
  /** ImportoTotaleDocumento. */
  totale: Dec;
  ritenuta: Dec;
  cassa: Dec;
  bollo: Dec;
  /** What the customer actually pays: total − ritenuta − VAT under split payment. */
  netToPay: Dec;
  vatSummary: VatSummaryRow[];
}
