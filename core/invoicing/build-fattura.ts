/**
 * Turns the domain (company, counterparty, draft, settings) into a FatturaPA 1.2.3 document model, with the totals it
 * was computed from. Everything the SdI recomputes (PrezzoTotale, ImponibileImporto, Imposta, Natura vs AliquotaIVA,
 * ritenuta and cassa consistency, the parties of each TipoDocumento) is validated first: the builder refuses, with
 * the list of problems, rather than produce a document the SdI would reject.
 *
 * Choices documented here:
 * - FPA12 with CodiceDestinatario = CUU for PA customers; FPR12 otherwise with the customer's 7-character code, or
 *   "0000000" plus PECDestinatario when only the PEC is known, "XXXXXXX" for foreign customers. Documents addressed to
 *   the company itself (self-invoices, integrations, TD21/TD27) use "0000000": the SdI makes them available in the
 *   company's cassetto fiscale (the company's own receiving code is not part of Company).
 * - Foreign parties: IdFiscaleIVA with their country and VAT number (or, for a foreign consumer without one, the
 *   conventional "99999999999"), CAP "00000" and no Provincia (Assosoftware, 7 May 2019).
 * - A supplier as CedentePrestatore (integrations/self-invoices) gets RegimeFiscale RF01 when Italian, RF18 ("Altro")
 *   when foreign: the field is mandatory and the company cannot know the supplier's regime otherwise.
 * - SoggettoEmittente "TZ" with the TerzoIntermediarioOSoggettoEmittente block when the company has a third-party issuer;
 *   otherwise "CC" on documents the company issues as cessionario on the cedente's behalf.
 * - DatiPagamento: one DettaglioPagamento per installment of the amount the customer pays (netToPay), TP03 for
 *   advances (TD02/TD03), TP01 for several installments, TP02 otherwise; omitted when there is nothing to collect
 *   (netToPay <= 0) and on documents addressed to the company itself. The IBAN/ABI/CAB/BIC of `bank` are written
 *   when the method needs a bank. A missing term/method falls back to the customer's, then the company's default.
 * - Document discount: lines per VAT group (see totals.ts) plus the informative ScontoMaggiorazione block.
 */
import type {
  Anagrafica,
  CedentePrestatore,
  CessionarioCommittente,
  CodiceArticolo,
  DatiDDT,
  DatiDocumentiCorrelati,
  DatiGenerali,
  DatiGeneraliDocumento,
  DatiPagamento,
  DatiRiepilogo,
  DettaglioLinee,
  DettaglioPagamento,
  FatturaElettronica,
  FatturaElettronicaBody,
  IdFiscale,
  Indirizzo,
  TerzoIntermediarioSoggettoEmittente,
} from '../fatturapa/schema.generated';
import { AppError } from '../errors';
import { Decimal } from '../money/decimal';
import type {
  AccountingSettings,
  Address,
  BankAccount,
  Company,
  Customer,
  DocumentDraft,
  DocumentTotals,
  Naming,
  PaymentMethod,
  PaymentTerm,
} from './types';
import { type FieldError, CODICE_DESTINATARIO_ESTERO, CODICE_DESTINATARIO_NESSUNO, isEmailShape, validateAddress, validateCustomer, validateNaming } from './customers';
import { isValidCodiceFiscale, isValidPartitaIva, normalizeFiscalId } from './fiscal-ids';
import { DOCUMENT_TYPES, type DocumentTypeInfo, validateDraftForType } from './document-types';
import { validateDraft } from './draft-validation';
import { type ComputedDocument, type ComputedLine, computeDocument } from './totals';
import { dueDates } from './payment-terms';
import { latinField, splitBlocks } from './text';

export interface BuildInput {
  company: Company;
  customer: Customer;
  draft: DocumentDraft;
  numero: string;
  progressivoInvio: string;
  settings: AccountingSettings;
  bank?: BankAccount;
}

/** IdCodice used for a foreign counterparty that has no tax identifier (consumers): eleven nines, by convention. */
export const FOREIGN_NO_ID = '99999999999';

// ---------------------------------------------------------------------------------------------------------------
// Parties

function anagrafica(n: Naming): Anagrafica {
  const a: Anagrafica = {};
  const den = latinField(n.denominazione, 80);
  if (den) a.Denominazione = den;
  else {
    a.Nome = latinField(n.nome, 60) ?? '';
    a.Cognome = latinField(n.cognome, 60) ?? '';
  }
  const titolo = latinField(n.titolo, 10, true);
  if (titolo && titolo.length >= 2) a.Titolo = titolo;
  const eori = n.codEori?.trim();
  if (eori && eori.length >= 13 && eori.length <= 17) a.CodEORI = eori;
  return a;
}

function indirizzo(a: Address): Indirizzo {
  const nazione = a.nazione.trim().toUpperCase();
  const out: Indirizzo = {
    Indirizzo: latinField(a.indirizzo, 60) ?? '-',
    CAP: nazione === 'IT' ? a.cap.trim() : '00000',
    Comune: latinField(a.comune, 60) ?? '-',
    Nazione: nazione,
  };
  const civico = latinField(a.numeroCivico, 8, true);
  if (civico) out.NumeroCivico = civico;
  const prov = a.provincia?.trim().toUpperCase();
  if (nazione === 'IT' && prov && /^[A-Z]{2}$/.test(prov)) out.Provincia = prov;
  // Schema order: Indirizzo, NumeroCivico, CAP, Comune, Provincia, Nazione.
  return {
    Indirizzo: out.Indirizzo,
    ...(out.NumeroCivico ? { NumeroCivico: out.NumeroCivico } : {}),
    CAP: out.CAP,
    Comune: out.Comune,
    ...(out.Provincia ? { Provincia: out.Provincia } : {}),
    Nazione: out.Nazione,
  };
}

function upperCf(cf: string | undefined): string | undefined {
  const c = cf?.trim().toUpperCase().replace(/\s/g, '');
  return c ? c : undefined;
}

function telefono(t: string | undefined): string | undefined {
  const v = t?.replace(/[\s./-]/g, '');
  return v && /^[\x20-\x7e]{5,12}$/.test(v) ? v : undefined;
}

function companyIdFiscale(c: Company): IdFiscale {
  return { IdPaese: c.idPaese.trim().toUpperCase(), IdCodice: normalizeFiscalId(c.partitaIva) };
}

function counterpartyIdFiscale(c: Customer): IdFiscale {
  const country = c.idPaese.trim().toUpperCase();
  let code = normalizeFiscalId(c.partitaIva);
  if (code.startsWith(country) && country !== 'IT' && code.length > 2) code = code.slice(2);
  return { IdPaese: country, IdCodice: code || upperCf(c.codiceFiscale) || FOREIGN_NO_ID };
}

function cedenteFromCompany(c: Company): CedentePrestatore {
  const out: CedentePrestatore = {
    DatiAnagrafici: {
      IdFiscaleIVA: companyIdFiscale(c),
      ...(upperCf(c.codiceFiscale) ? { CodiceFiscale: upperCf(c.codiceFiscale) } : {}),
      Anagrafica: anagrafica(c),
      ...(c.albo?.alboProfessionale ? { AlboProfessionale: latinField(c.albo.alboProfessionale, 100) } : {}),
      ...(c.albo?.provinciaAlbo && /^[A-Z]{2}$/.test(c.albo.provinciaAlbo.toUpperCase()) ? { ProvinciaAlbo: c.albo.provinciaAlbo.toUpperCase() } : {}),
      ...(c.albo?.numeroIscrizioneAlbo ? { NumeroIscrizioneAlbo: latinField(c.albo.numeroIscrizioneAlbo, 60, true) } : {}),
      ...(c.albo?.dataIscrizioneAlbo ? { DataIscrizioneAlbo: c.albo.dataIscrizioneAlbo } : {}),
      RegimeFiscale: c.regimeFiscale,
    },
    Sede: indirizzo(c.sede),
  };
  if (c.stabileOrganizzazione) out.StabileOrganizzazione = indirizzo(c.stabileOrganizzazione);
  if (c.rea) {
    out.IscrizioneREA = {
      Ufficio: c.rea.ufficio.trim().toUpperCase(),
      NumeroREA: latinField(c.rea.numero, 20, true) ?? '',
      ...(c.rea.capitaleSociale ? { CapitaleSociale: Decimal.parse(c.rea.capitaleSociale).toFixed(2) } : {}),
      ...(c.rea.socioUnico ? { SocioUnico: c.rea.socioUnico } : {}),
      StatoLiquidazione: c.rea.statoLiquidazione,
    };
  }
  const tel = telefono(c.contatti?.telefono);
  const fax = telefono(c.contatti?.fax);
  const email = c.contatti?.email?.trim();
  if (tel || fax || (email && isEmailShape(email))) {
    out.Contatti = {
      ...(tel ? { Telefono: tel } : {}),
      ...(fax ? { Fax: fax } : {}),
      ...(email && isEmailShape(email) ? { Email: email } : {}),
    };
  }
  const rif = latinField(c.riferimentoAmministrazione, 20, true);
  if (rif) out.RiferimentoAmministrazione = rif;
  return out;
}

function cedenteFromCounterparty(c: Customer): CedentePrestatore {
  const country = c.idPaese.trim().toUpperCase();
  const cf = upperCf(c.codiceFiscale);
  const out: CedentePrestatore = {
    DatiAnagrafici: {
      IdFiscaleIVA: counterpartyIdFiscale(c),
      ...(country === 'IT' && cf ? { CodiceFiscale: cf } : {}),
      Anagrafica: anagrafica(c),
      RegimeFiscale: country === 'IT' ? 'RF01' : 'RF18',
    },
    Sede: indirizzo(c.address),
  };
  if (c.stabileOrganizzazione) out.StabileOrganizzazione = indirizzo(c.stabileOrganizzazione);
  return out;
}

function cessionarioFromCustomer(c: Customer): CessionarioCommittente {
  const country = c.idPaese.trim().toUpperCase();
  const piva = normalizeFiscalId(c.partitaIva);
  const cf = upperCf(c.codiceFiscale);
  const dati: CessionarioCommittente['DatiAnagrafici'] = { Anagrafica: anagrafica(c) };
  if (c.kind === 'ESTERO' || country !== 'IT') {
    dati.IdFiscaleIVA = counterpartyIdFiscale(c);
  } else {
    if (piva && c.kind !== 'PRIVATO') dati.IdFiscaleIVA = { IdPaese: 'IT', IdCodice: piva };
    if (cf) dati.CodiceFiscale = cf;
  }
  const out: CessionarioCommittente = {
    DatiAnagrafici: {
      ...(dati.IdFiscaleIVA ? { IdFiscaleIVA: dati.IdFiscaleIVA } : {}),
      ...(dati.CodiceFiscale ? { CodiceFiscale: dati.CodiceFiscale } : {}),
      Anagrafica: dati.Anagrafica,
    },
    Sede: indirizzo(c.address),
  };
  if (c.stabileOrganizzazione) out.StabileOrganizzazione = indirizzo(c.stabileOrganizzazione);
  return out;
}

function cessionarioFromCompany(c: Company): CessionarioCommittente {
  const cf = upperCf(c.codiceFiscale);
  return {
    DatiAnagrafici: { IdFiscaleIVA: companyIdFiscale(c), ...(cf ? { CodiceFiscale: cf } : {}), Anagrafica: anagrafica(c) },
    Sede: indirizzo(c.sede),
  };
}

function terzoIntermediario(t: NonNullable<Company['terzoIntermediario']>): TerzoIntermediarioSoggettoEmittente {
  const piva = normalizeFiscalId(t.partitaIva);
  const cf = upperCf(t.codiceFiscale);
  return {
    DatiAnagrafici: {
      ...(piva ? { IdFiscaleIVA: { IdPaese: (t.idPaese ?? 'IT').toUpperCase(), IdCodice: piva } } : {}),
      ...(cf ? { CodiceFiscale: cf } : {}),
      Anagrafica: anagrafica(t),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of everything the builder needs

function prefixed(errors: FieldError[], prefix: string): FieldError[] {
  return errors.map((e) => ({ ...e, field: `${prefix}${e.field}` }));
}

function validateCompany(c: Company): FieldError[] {
  const errors: FieldError[] = [...validateNaming(c)];
  const country = (c.idPaese ?? '').trim().toUpperCase();
  if (country === 'IT' && !isValidPartitaIva(c.partitaIva ?? '')) {
    errors.push({ field: 'partitaIva', code: 'PARTITA_IVA_NON_VALIDA', message: 'La partita IVA dell’azienda non è valida.', fix: 'Correggi la partita IVA nei dati dell’azienda.' });
  } else if (!normalizeFiscalId(c.partitaIva)) {
    errors.push({ field: 'partitaIva', code: 'PARTITA_IVA_MANCANTE', message: 'Manca la partita IVA dell’azienda.', fix: 'Completa i dati dell’azienda.' });
  }
  if (c.codiceFiscale && !isValidCodiceFiscale(c.codiceFiscale)) {
    errors.push({ field: 'codiceFiscale', code: 'CODICE_FISCALE_NON_VALIDO', message: 'Il codice fiscale dell’azienda non è valido.', fix: 'Correggi il codice fiscale nei dati dell’azienda.' });
  }
  if (!c.regimeFiscale) errors.push({ field: 'regimeFiscale', code: 'REGIME_FISCALE_MANCANTE', message: 'Manca il regime fiscale dell’azienda.', fix: 'Scegli il regime fiscale (RF01 ordinario, RF19 forfettario, ...).' });
  errors.push(...validateAddress(c.sede, 'sede.'));
  if (c.stabileOrganizzazione) errors.push(...validateAddress(c.stabileOrganizzazione, 'stabileOrganizzazione.'));
  if (c.rea) {
    if (!/^[A-Z]{2}$/.test(c.rea.ufficio.trim().toUpperCase())) errors.push({ field: 'rea.ufficio', code: 'REA_UFFICIO', message: 'L’ufficio REA deve essere la sigla della provincia.', fix: 'Usa la sigla (es. MI).' });
    if (!c.rea.numero?.trim()) errors.push({ field: 'rea.numero', code: 'REA_NUMERO', message: 'Manca il numero REA.', fix: 'Inserisci il numero di iscrizione al REA.' });
    if (c.rea.capitaleSociale !== undefined && !/^\d+(\.\d{1,2})?$/.test(c.rea.capitaleSociale.trim())) {
      errors.push({ field: 'rea.capitaleSociale', code: 'NUMERO_NON_VALIDO', message: 'Il capitale sociale non è un importo valido.', fix: 'Inserisci l’importo (es. 10000.00).' });
    }
  }
  if (c.trasmittente && (!/^[A-Z]{2}$/.test(c.trasmittente.idPaese) || !/^[A-Za-z0-9]{1,28}$/.test(c.trasmittente.idCodice))) {
    errors.push({ field: 'trasmittente', code: 'TRASMITTENTE_NON_VALIDO', message: 'I dati del soggetto trasmittente non sono validi.', fix: 'Indica paese (IT) e codice fiscale del trasmittente.' });
  }
  if (c.terzoIntermediario) {
    errors.push(...prefixed(validateNaming(c.terzoIntermediario), 'terzoIntermediario.'));
    if (!c.terzoIntermediario.partitaIva && !c.terzoIntermediario.codiceFiscale) {
      errors.push({ field: 'terzoIntermediario.partitaIva', code: 'TERZO_SENZA_ID', message: 'Il terzo intermediario deve avere partita IVA o codice fiscale.', fix: 'Completa i dati del terzo intermediario.' });
    }
  }
  return errors;
}

/** Errors of a counterparty that do not matter when it is the cedente (a supplier is not the recipient). */
const RECIPIENT_ONLY_CODES = new Set(['RECAPITO_MANCANTE', 'CODICE_DESTINATARIO_NON_VALIDO', 'CODICE_DESTINATARIO_ESTERO', 'CUU_NON_VALIDO']);

interface PaymentResolution {
  term?: PaymentTerm;
  method?: PaymentMethod;
}

/**
 * Payment term and method of the draft; a missing code falls back to the customer's default, then the company's.
 * Documents addressed to the company itself (integrations, self-invoices) carry no payment data: nothing is collected.
 */
function resolvePayment(input: BuildInput, errors: FieldError[]): PaymentResolution {
  const p = input.draft.payment;
  if (!p || DOCUMENT_TYPES[input.draft.tipoDocumento]?.cessionario === 'company') return {};
  const s = input.settings;
  let term: PaymentTerm | undefined;
  const termCode = p.termCode ?? input.customer?.defaultPaymentTerm ?? s.defaults.paymentTerm;
  if (termCode) {
    term = s.paymentTerms.find((t) => t.code === termCode);
    if (!term) errors.push({ field: 'payment.termCode', code: 'TERMINE_SCONOSCIUTO', message: `Termine di pagamento "${termCode}" non presente nelle impostazioni.`, fix: 'Scegli un termine esistente.' });
  }
  const methodCode = p.methodCode ?? input.customer?.defaultPaymentMethod ?? s.defaults.paymentMethod;
  const method = methodCode ? s.paymentMethods.find((m) => m.code === methodCode) : undefined;
  if (!methodCode) {
    errors.push({ field: 'payment.methodCode', code: 'MODALITA_PAGAMENTO_MANCANTE', message: 'Manca la modalità di pagamento.', fix: 'Scegli la modalità (bonifico, contanti, ...).' });
  } else if (!method) {
    errors.push({ field: 'payment.methodCode', code: 'MODALITA_SCONOSCIUTA', message: `Modalità di pagamento "${methodCode}" non presente nelle impostazioni.`, fix: 'Scegli una modalità esistente.' });
  } else if (method.needsBank && !input.bank) {
    errors.push({ field: 'payment.bankId', code: 'BANCA_MANCANTE', message: `La modalità "${method.description}" richiede il conto bancario dell’azienda.`, fix: 'Aggiungi un conto (IBAN) nei dati dell’azienda o scegli il conto nel documento.' });
  } else if (method.needsBank && input.bank && !/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(input.bank.iban.replace(/\s/g, '').toUpperCase())) {
    errors.push({ field: 'payment.bankId', code: 'IBAN_NON_VALIDO', message: 'L’IBAN del conto scelto non è valido.', fix: 'Correggi l’IBAN nei dati dell’azienda.' });
  }
  return { term, method };
}

/**
 * The checks of the company and of the customers, kept for the documents of one batch (a selection registered in one
 * transaction: same company object, customers read once). Keyed by the objects themselves, so a caller only gets a
 * saved result back for the very object it validated; the objects must not be changed while the memo is in use.
 */
export class PartyValidationMemo {
  private readonly results = new WeakMap<object, FieldError[]>();
  private readonly blocks = new WeakMap<object, Map<(p: never) => object, object>>();

  of<T extends object>(party: T, validate: (p: T) => FieldError[]): FieldError[] {
    let r = this.results.get(party);
    if (r === undefined) {
      r = validate(party);
      this.results.set(party, r);
    }
    return r;
  }

  /**
   * A block of the document made from the party alone (the company as CedentePrestatore...), made once for the batch
   * and shared by its documents. Frozen, so that a caller changing one document cannot change the others: it fails.
   */
  block<T extends object, B extends object>(party: T, make: (p: T) => B): B {
    let byMaker = this.blocks.get(party);
    if (byMaker === undefined) {
      byMaker = new Map();
      this.blocks.set(party, byMaker);
    }
    let b = byMaker.get(make as (p: never) => object) as B | undefined;
    if (b === undefined) {
      b = deepFreeze(make(party));
      byMaker.set(make as (p: never) => object, b);
    }
    return b;
  }
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v !== null && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}

export interface BuildOptions {
  /** Reuse the company and customer checks across the documents of a batch (see PartyValidationMemo). */
  parties?: PartyValidationMemo;
}

/** Every problem that would stop the builder, as field errors (fields of the company and customer are prefixed). */
export function validateBuildInput(input: BuildInput, opts: BuildOptions = {}): FieldError[] {
  const { company, customer, draft, settings } = input;
  const errors: FieldError[] = [];
  const t = DOCUMENT_TYPES[draft.tipoDocumento];
  const memo = opts.parties;
  errors.push(...prefixed(memo ? memo.of(company, validateCompany) : validateCompany(company), 'company.'));
  const usesCounterparty = t ? t.cedente === 'counterparty' || t.cessionario === 'counterparty' : true;
  if (usesCounterparty && customer) {
    let cErrors = memo ? memo.of(customer, validateCustomer) : validateCustomer(customer);
    if (t?.cedente === 'counterparty') cErrors = cErrors.filter((e) => !RECIPIENT_ONLY_CODES.has(e.code));
    errors.push(...prefixed(cErrors, 'customer.'));
    if (company.idPaese?.toUpperCase() !== 'IT' && customer.idPaese?.toUpperCase() !== 'IT') {
      errors.push({ field: 'customerId', code: '00476', message: 'Cedente e cessionario non possono essere entrambi esteri.', fix: 'Controlla il paese dell’azienda e della controparte.' });
    }
  }
  errors.push(...validateDraft(draft, { vatCodes: settings.vatCodes }));
  errors.push(...validateDraftForType(draft, customer, { company, vatCodes: settings.vatCodes }));
  if (!/\d/.test(input.numero) || !/^[\x20-\x7e]{1,20}$/.test(input.numero)) {
    errors.push({ field: 'numero', code: '00425', message: 'Il numero del documento deve avere da 1 a 20 caratteri e contenere almeno una cifra.', fix: 'Controlla il formato del sezionale.' });
  }
  if (!/^[A-Za-z0-9]{1,10}$/.test(input.progressivoInvio)) {
    errors.push({ field: 'progressivoInvio', code: 'PROGRESSIVO_NON_VALIDO', message: 'Il progressivo di invio deve avere da 1 a 10 lettere o cifre.', fix: 'Rigenera il progressivo di invio.' });
  }
  resolvePayment(input, errors);
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Body

function correlato(d: DatiDocumentiCorrelati): DatiDocumentiCorrelati {
  const out: DatiDocumentiCorrelati = {
    ...(d.RiferimentoNumeroLinea?.length ? { RiferimentoNumeroLinea: d.RiferimentoNumeroLinea } : {}),
    IdDocumento: latinField(d.IdDocumento, 20, true) ?? '-',
  };
  if (d.Data) out.Data = d.Data;
  const numItem = latinField(d.NumItem, 20, true);
  if (numItem) out.NumItem = numItem;
  const commessa = latinField(d.CodiceCommessaConvenzione, 100);
  if (commessa) out.CodiceCommessaConvenzione = commessa;
  const cup = latinField(d.CodiceCUP, 15, true);
  if (cup) out.CodiceCUP = cup;
  const cig = latinField(d.CodiceCIG, 15, true);
  if (cig) out.CodiceCIG = cig;
  return out;
}

function ddt(d: DatiDDT): DatiDDT {
  return {
    NumeroDDT: latinField(d.NumeroDDT, 20, true) ?? '-',
    DataDDT: d.DataDDT,
    ...(d.RiferimentoNumeroLinea?.length ? { RiferimentoNumeroLinea: d.RiferimentoNumeroLinea } : {}),
  };
}

function nonEmpty<T>(list: T[] | undefined, map: (x: T) => T): T[] | undefined {
  return list && list.length > 0 ? list.map(map) : undefined;
}

function datiGeneraliDocumento(input: BuildInput, c: ComputedDocument): DatiGeneraliDocumento {
  const { draft } = input;
  const out: DatiGeneraliDocumento = {
    TipoDocumento: draft.tipoDocumento,
    Divisa: draft.divisa,
    Data: draft.date,
    Numero: input.numero,
  };
  const hasRitenutaLines = c.lines.some((l) => l.ritenuta) || (c.cassa?.settings.ritenuta ?? false);
  if (draft.ritenuta && hasRitenutaLines) {
    out.DatiRitenuta = [
      {
        TipoRitenuta: draft.ritenuta.tipo,
        ImportoRitenuta: c.ritenuta.toFixed(2),
        AliquotaRitenuta: Decimal.parse(draft.ritenuta.aliquota).round(2).toFixed(2),
        CausalePagamento: draft.ritenuta.causalePagamento,
      },
    ];
  }
  if (!c.bollo.isZero()) out.DatiBollo = { BolloVirtuale: 'SI', ImportoBollo: c.bollo.toFixed(2) };
  if (c.cassa) {
    const k = c.cassa;
    const cassaRif = latinField(k.settings.riferimentoAmministrazione, 20, true);
    out.DatiCassaPrevidenziale = [
      {
        TipoCassa: k.settings.tipo,
        AlCassa: k.alCassa.toFixed(2),
        ImportoContributoCassa: k.importo.toFixed(2),
        ImponibileCassa: k.imponibileCassa.toFixed(2),
        AliquotaIVA: k.aliquota.toFixed(2),
        ...(k.settings.ritenuta ? { Ritenuta: 'SI' as const } : {}),
        ...(k.natura ? { Natura: k.natura } : {}),
        ...(cassaRif ? { RiferimentoAmministrazione: cassaRif } : {}),
      },
    ];
  }
  if (c.discount) {
    out.ScontoMaggiorazione = [
      c.discount.percentuale !== undefined
        ? { Tipo: c.discount.tipo, Percentuale: c.discount.percentuale.toFixed(2) }
        : { Tipo: c.discount.tipo, Importo: (c.discount.importo ?? c.discount.amount).toFixed(2) },
    ];
  }
  out.ImportoTotaleDocumento = c.totals.totale;
  if (!c.arrotondamento.isZero()) out.Arrotondamento = c.arrotondamento.toFixed(2);
  const causale = splitBlocks(draft.causale, 200);
  if (causale.length > 0) out.Causale = causale;
  if (draft.art73) out.Art73 = 'SI';
  return out;
}

function datiGenerali(input: BuildInput, c: ComputedDocument): DatiGenerali {
  const r = input.draft.references ?? {};
  const x = input.draft.extra ?? {};
  const out: DatiGenerali = { DatiGeneraliDocumento: datiGeneraliDocumento(input, c) };
  const ordini = nonEmpty(r.ordini, correlato);
  if (ordini) out.DatiOrdineAcquisto = ordini;
  const contratti = nonEmpty(r.contratti, correlato);
  if (contratti) out.DatiContratto = contratti;
  const convenzioni = nonEmpty(r.convenzioni, correlato);
  if (convenzioni) out.DatiConvenzione = convenzioni;
  const ricezioni = nonEmpty(r.ricezioni, correlato);
  if (ricezioni) out.DatiRicezione = ricezioni;
  const collegate = nonEmpty(r.fattureCollegate, correlato);
  if (collegate) out.DatiFattureCollegate = collegate;
  if (x.DatiSAL?.length) out.DatiSAL = x.DatiSAL;
  const ddts = nonEmpty(r.ddt, ddt);
  if (ddts) out.DatiDDT = ddts;
  if (x.DatiTrasporto) out.DatiTrasporto = x.DatiTrasporto;
  if (x.FatturaPrincipale) out.FatturaPrincipale = x.FatturaPrincipale;
  return out;
}

function codiceArticolo(list: CodiceArticolo[] | undefined): CodiceArticolo[] | undefined {
  if (!list?.length) return undefined;
  const out = list
    .map((c) => ({ CodiceTipo: latinField(c.CodiceTipo, 35, true) ?? '', CodiceValore: latinField(c.CodiceValore, 35) ?? '' }))
    .filter((c) => c.CodiceTipo !== '' && c.CodiceValore !== '');
  return out.length ? out : undefined;
}

function dettaglioLinea(l: ComputedLine, n: number, input: BuildInput): DettaglioLinee {
  const src = l.draftIndex !== undefined ? input.draft.lines[l.draftIndex] : undefined;
  const unita = latinField(src?.unitaMisura, 10, true);
  const rifAmm = latinField(src?.riferimentoAmministrazione, 20, true);
  const codici = codiceArticolo(src?.codiceArticolo);
  // Built property by property in schema order (the hot loop of a registration: no object spreads).
  const out = { NumeroLinea: String(n) } as DettaglioLinee;
  if (l.tipoCessionePrestazione) out.TipoCessionePrestazione = l.tipoCessionePrestazione;
  if (codici) out.CodiceArticolo = codici;
  out.Descrizione = latinField(l.descrizione, 1000) ?? '-';
  if (l.quantita !== undefined) out.Quantita = l.quantita.toString();
  if (unita) out.UnitaMisura = unita;
  if (src?.dataInizioPeriodo) out.DataInizioPeriodo = src.dataInizioPeriodo;
  if (src?.dataFinePeriodo) out.DataFinePeriodo = src.dataFinePeriodo;
  out.PrezzoUnitario = l.prezzoUnitario.toString();
  if (l.sconti.length) {
    out.ScontoMaggiorazione = l.sconti.map((s) =>
      s.importo !== undefined ? { Tipo: s.tipo, Importo: s.importo.toString() } : { Tipo: s.tipo, Percentuale: s.percentuale!.toFixed(2) },
    );
  }
  out.PrezzoTotale = l.prezzoTotale.toFixed(2);
  out.AliquotaIVA = l.aliquota.toFixed(2);
  if (l.ritenuta) out.Ritenuta = 'SI';
  if (l.natura) out.Natura = l.natura;
  if (rifAmm) out.RiferimentoAmministrazione = rifAmm;
  if (src?.altriDatiGestionali?.length) out.AltriDatiGestionali = src.altriDatiGestionali;
  return out;
}

function datiRiepilogo(c: ComputedDocument): DatiRiepilogo[] {
  return c.summary.map((r) => ({
    AliquotaIVA: r.aliquota.toFixed(2),
    ...(r.natura ? { Natura: r.natura } : {}),
    ImponibileImporto: r.imponibile.toFixed(2),
    Imposta: r.imposta.toFixed(2),
    ...(r.esigibilita ? { EsigibilitaIVA: r.esigibilita } : {}),
    ...(latinField(r.riferimentoNormativo, 100) ? { RiferimentoNormativo: latinField(r.riferimentoNormativo, 100) } : {}),
  }));
}

function datiPagamento(input: BuildInput, c: ComputedDocument, t: DocumentTypeInfo, pay: PaymentResolution): DatiPagamento[] | undefined {
  if (!input.draft.payment || !pay.method) return undefined;
  const net = c.totals.netToPay;
  if (Decimal.parse(net).sign() <= 0) return undefined; // nothing to collect (credit notes, fully withheld amounts)
  const installments = dueDates(input.draft.date, pay.term, net);
  const bank = pay.method.needsBank ? input.bank : undefined;
  const dettaglio: DettaglioPagamento[] = installments.map((due) => {
    const d: DettaglioPagamento = {
      ModalitaPagamento: pay.method!.modalita,
      DataScadenzaPagamento: due.date,
      ImportoPagamento: due.amount,
    };
    if (bank) {
      const ist = latinField(bank.istituto, 80);
      if (ist) d.IstitutoFinanziario = ist;
      d.IBAN = bank.iban.replace(/\s/g, '').toUpperCase();
      if (bank.abi && /^\d{5}$/.test(bank.abi)) d.ABI = bank.abi;
      if (bank.cab && /^\d{5}$/.test(bank.cab)) d.CAB = bank.cab;
      const bic = bank.bic?.trim().toUpperCase();
      if (bic && /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(bic)) d.BIC = bic;
    }
    return d;
  });
  const condizioni = t.advance ? 'TP03' : dettaglio.length > 1 ? 'TP01' : 'TP02';
  return [{ CondizioniPagamento: condizioni, DettaglioPagamento: dettaglio }];
}

// ---------------------------------------------------------------------------------------------------------------

export function buildFattura(input: BuildInput, opts: BuildOptions = {}): { fattura: FatturaElettronica; totals: DocumentTotals } {
  const errors = validateBuildInput(input, opts);
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new AppError({
      code: 'DOCUMENTO_NON_VALIDO',
      message: `Il documento non può essere generato: ${first.message}${errors.length > 1 ? ` (e altri ${errors.length - 1} problemi)` : ''}`,
      fix: first.fix,
      field: first.field,
      details: errors,
    });
  }
  const { company, customer, draft, settings } = input;
  const t = DOCUMENT_TYPES[draft.tipoDocumento];
  const computed = computeDocument(draft, { vatCodes: settings.vatCodes });
  const pay = resolvePayment(input, []);

  // Within a batch the company's own blocks are the same for every document: made once (see PartyValidationMemo).
  const memo = opts.parties;
  const cedente = t.cedente === 'company' ? (memo ? memo.block(company, cedenteFromCompany) : cedenteFromCompany(company)) : cedenteFromCounterparty(customer);
  const cessionario =
    t.cessionario === 'company' ? (memo ? memo.block(company, cessionarioFromCompany) : cessionarioFromCompany(company)) : cessionarioFromCustomer(customer);

  const toPA = t.cessionario === 'counterparty' && customer.kind === 'PA';
  let codiceDestinatario: string;
  let pec: string | undefined;
  if (toPA) codiceDestinatario = customer.cuu!.trim().toUpperCase();
  else if (t.cessionario === 'company') codiceDestinatario = CODICE_DESTINATARIO_NESSUNO;
  else if (customer.kind === 'ESTERO' || customer.idPaese.toUpperCase() !== 'IT') codiceDestinatario = CODICE_DESTINATARIO_ESTERO;
  else {
    codiceDestinatario = customer.codiceDestinatario?.trim().toUpperCase() || CODICE_DESTINATARIO_NESSUNO;
    if (codiceDestinatario === CODICE_DESTINATARIO_NESSUNO && customer.pec && isEmailShape(customer.pec.trim())) pec = customer.pec.trim();
  }

  const trasmittente = company.trasmittente
    ? { IdPaese: company.trasmittente.idPaese, IdCodice: company.trasmittente.idCodice }
    : { IdPaese: company.idPaese.toUpperCase(), IdCodice: upperCf(company.codiceFiscale) ?? normalizeFiscalId(company.partitaIva) };

  const lines = computed.lines.map((l, i) => dettaglioLinea(l, i + 1, input));
  const body: FatturaElettronicaBody = {
    DatiGenerali: datiGenerali(input, computed),
    DatiBeniServizi: { DettaglioLinee: lines, DatiRiepilogo: datiRiepilogo(computed) },
  };
  if (draft.extra?.DatiVeicoli) body.DatiVeicoli = draft.extra.DatiVeicoli;
  const pagamento = datiPagamento(input, computed, t, pay);
  if (pagamento) body.DatiPagamento = pagamento;
  if (draft.extra?.Allegati?.length) body.Allegati = draft.extra.Allegati;

  const fattura: FatturaElettronica = {
    versione: toPA ? 'FPA12' : 'FPR12',
    FatturaElettronicaHeader: {
      DatiTrasmissione: {
        IdTrasmittente: trasmittente,
        ProgressivoInvio: input.progressivoInvio,
        FormatoTrasmissione: toPA ? 'FPA12' : 'FPR12',
        CodiceDestinatario: codiceDestinatario,
        ...(pec ? { PECDestinatario: pec } : {}),
      },
      CedentePrestatore: cedente,
      CessionarioCommittente: cessionario,
    },
    FatturaElettronicaBody: [body],
  };
  if (company.terzoIntermediario) {
    fattura.FatturaElettronicaHeader.TerzoIntermediarioOSoggettoEmittente = terzoIntermediario(company.terzoIntermediario);
    fattura.FatturaElettronicaHeader.SoggettoEmittente = 'TZ';
  } else if (t.issuedByCessionario) {
    fattura.FatturaElettronicaHeader.SoggettoEmittente = 'CC';
  }
  return { fattura, totals: computed.totals };
}
