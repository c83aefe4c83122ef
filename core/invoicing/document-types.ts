/**
 * The FatturaPA document types (TipoDocumento TD01-TD29) and what each one means for the engine: who is the
 * CedentePrestatore and who the CessionarioCommittente, which data must be there, and the SdI controls tied to the type.
 *
 * Facts (FatturaPA specifiche tecniche v1.9, controls as implemented by FatturaElettronica.NET "supporto per specifiche
 * tecniche v1.9", Validators/FatturaOrdinariaValidator.cs):
 * - 00471: TD01, TD02, TD03, TD06, TD16, TD17, TD18, TD19, TD20, TD24, TD25, TD28 do not allow the same subject as
 *   cedente and cessionario.
 * - 00472: TD21 and TD27 require cedente = cessionario (the company invoices itself).
 * - 00473: TD17, TD18, TD19 do not allow an Italian cedente (IdPaese "OO" is allowed for TD17/TD19: Livigno, Campione
 *   d'Italia); TD28 requires cedente IdPaese "SM".
 * - 00474: TD21 (splafonamento) requires every line to have a non-zero AliquotaIVA.
 * - 00475: TD16, TD17, TD18, TD19, TD20, TD22, TD23, TD28 require the cessionario's IdFiscaleIVA (spec 1.9 updated
 *   the descriptions of 00471, 00473 and 00475 for the new TD29, treated here like the other integrations).
 * In the integration/self-invoice types the counterparty (a supplier) is the cedente and the company the cessionario;
 * the company issues the document on the cedente's behalf (SoggettoEmittente "CC").
 */
import type { TipoDocumento } from '../fatturapa/schema.generated';
import { enumDescriptions } from '../fatturapa/schema.generated';
import type { Company, Customer, DocumentDraft, VatCode } from './types';
import type { FieldError } from './customers';
import { isEuCountry, normalizeFiscalId } from './fiscal-ids';
import { isValidIsoDate } from './payment-terms';
import { Decimal } from '../money/decimal';

export type PartyRole = 'company' | 'counterparty';

/** Where the cedente of the document must be established (control 00473 and the meaning of the type). */
export type CedenteCountryRule = 'any' | 'IT' | 'foreign' | 'foreign-or-OO' | 'EU-foreign' | 'SM';

export interface DocumentTypeInfo {
  code: TipoDocumento;
  /** Italian description from the XSD. */
  description: string;
  cedente: PartyRole;
  cessionario: PartyRole;
  /** Issued by the company (as cessionario) for the cedente: SoggettoEmittente "CC". */
  issuedByCessionario: boolean;
  /** Advance payment documents: CondizioniPagamento TP03. */
  advance: boolean;
  /** Credit/debit notes must reference the invoice they correct (DatiFattureCollegate). */
  requiresFattureCollegate: boolean;
  /** Deferred invoices list the DDT (or, for services, the documents proving the service). */
  requiresDdt: boolean;
  /** 00471: cedente and cessionario must be different subjects. */
  distinctParties: boolean;
  /** 00475: the cessionario must have IdFiscaleIVA. */
  requiresCessionarioIdIva: boolean;
  /** 00474: every line taxable (AliquotaIVA > 0). */
  taxableLinesOnly: boolean;
  cedenteCountry: CedenteCountryRule;
  /** The 2.00 euro bollo can be due on this type (documents issued to a customer; not on self-invoices/integrations). */
  bolloApplicable: boolean;
}

function info(code: TipoDocumento, rest: Omit<DocumentTypeInfo, 'code' | 'description'>): DocumentTypeInfo {
  return { code, description: enumDescriptions.TipoDocumentoType?.[code] ?? code, ...rest };
}

const SALE = {
  cedente: 'company',
  cessionario: 'counterparty',
  issuedByCessionario: false,
  advance: false,
  requiresFattureCollegate: false,
  requiresDdt: false,
  distinctParties: true,
  requiresCessionarioIdIva: false,
  taxableLinesOnly: false,
  cedenteCountry: 'any',
  bolloApplicable: true,
} as const satisfies Omit<DocumentTypeInfo, 'code' | 'description'>;

const PURCHASE_INTEGRATION = {
  ...SALE,
  cedente: 'counterparty',
  cessionario: 'company',
  issuedByCessionario: true,
  requiresCessionarioIdIva: true,
  bolloApplicable: false,
} as const satisfies Omit<DocumentTypeInfo, 'code' | 'description'>;

const SELF = {
  ...SALE,
  cedente: 'company',
  cessionario: 'company',
  distinctParties: false,
  bolloApplicable: false,
} as const satisfies Omit<DocumentTypeInfo, 'code' | 'description'>;

export const DOCUMENT_TYPES: Record<TipoDocumento, DocumentTypeInfo> = {
  TD01: info('TD01', SALE),
  TD02: info('TD02', { ...SALE, advance: true }),
  TD03: info('TD03', { ...SALE, advance: true }),
  TD04: info('TD04', { ...SALE, requiresFattureCollegate: true, distinctParties: false }),
  TD05: info('TD05', { ...SALE, requiresFattureCollegate: true, distinctParties: false }),
  TD06: info('TD06', SALE),
  TD16: info('TD16', { ...PURCHASE_INTEGRATION, cedenteCountry: 'IT' }),
  TD17: info('TD17', { ...PURCHASE_INTEGRATION, cedenteCountry: 'foreign-or-OO' }),
  TD18: info('TD18', { ...PURCHASE_INTEGRATION, cedenteCountry: 'EU-foreign' }),
  TD19: info('TD19', { ...PURCHASE_INTEGRATION, cedenteCountry: 'foreign-or-OO' }),
  TD20: info('TD20', PURCHASE_INTEGRATION),
  TD21: info('TD21', { ...SELF, taxableLinesOnly: true }),
  TD22: info('TD22', { ...PURCHASE_INTEGRATION, distinctParties: false }),
  TD23: info('TD23', { ...PURCHASE_INTEGRATION, distinctParties: false }),
  TD24: info('TD24', { ...SALE, requiresDdt: true }),
  TD25: info('TD25', { ...SALE, requiresDdt: true }),
  TD26: info('TD26', { ...SALE, distinctParties: false }),
  TD27: info('TD27', SELF),
  TD28: info('TD28', { ...PURCHASE_INTEGRATION, cedenteCountry: 'SM' }),
  // TD29 (spec 1.9): the buyer reports that its Italian supplier did not invoice or invoiced wrongly.
  TD29: info('TD29', { ...PURCHASE_INTEGRATION, cedenteCountry: 'IT' }),
};

export const ALL_DOCUMENT_TYPES = Object.keys(DOCUMENT_TYPES) as TipoDocumento[];

export function documentTypeInfo(tipo: TipoDocumento): DocumentTypeInfo {
  const t = DOCUMENT_TYPES[tipo];
  if (!t) throw new Error(`TipoDocumento sconosciuto: ${tipo}`);
  return t;
}

/** The counterparty of the draft plays the cedente role (self-invoices, integrations). */
export function counterpartyIsCedente(tipo: TipoDocumento): boolean {
  return DOCUMENT_TYPES[tipo]?.cedente === 'counterparty';
}

/** The company is both cedente and cessionario: the counterparty is not used (TD21, TD27). */
export function isSelfAddressed(tipo: TipoDocumento): boolean {
  const t = DOCUMENT_TYPES[tipo];
  return t?.cedente === 'company' && t.cessionario === 'company';
}

function countryError(message: string, fix: string): FieldError {
  return { field: 'customerId', code: '00473', message, fix };
}

function counterpartyCountryError(rule: CedenteCountryRule, tipo: TipoDocumento, idPaese: string): FieldError | undefined {
  const desc = DOCUMENT_TYPES[tipo].description;
  switch (rule) {
    case 'any':
      return undefined;
    case 'IT':
      return idPaese === 'IT' ? undefined : countryError(`${tipo} (${desc}) richiede un fornitore italiano.`, 'Scegli un fornitore con paese IT o un altro tipo documento.');
    case 'foreign':
      return idPaese !== 'IT' ? undefined : countryError(`${tipo} (${desc}) non ammette un cedente italiano.`, 'Per acquisti da fornitori italiani in reverse charge usa TD16.');
    case 'foreign-or-OO':
      return idPaese !== 'IT' ? undefined : countryError(`${tipo} (${desc}) non ammette un cedente italiano (ammesso "OO" per Livigno e Campione d'Italia).`, 'Per acquisti da fornitori italiani in reverse charge usa TD16.');
    case 'EU-foreign':
      return idPaese !== 'IT' && (isEuCountry(idPaese) || idPaese === 'XI')
        ? undefined
        : countryError(`${tipo} (${desc}) richiede un fornitore di un altro paese UE.`, 'Per beni da paesi extra UE usa TD19 o la bolletta doganale; per servizi esteri TD17.');
    case 'SM':
      return idPaese === 'SM' ? undefined : countryError(`${tipo} richiede un cedente di San Marino (paese SM).`, 'Scegli il fornitore sammarinese o un altro tipo documento.');
  }
}

function lineAliquota(line: DocumentDraft['lines'][number], vatCodes: readonly VatCode[] | undefined): Decimal | undefined {
  const vc = line.vatCode ? vatCodes?.find((v) => v.code === line.vatCode) : undefined;
  return Decimal.tryParse(vc ? vc.aliquota : line.aliquotaIva);
}

/**
 * Checks that the draft fits its TipoDocumento: the counterparty's role and country, the references the type needs and
 * the SdI controls tied to the type (00471-00475, 00418). `company` enables the "same subject" checks.
 */
export function validateDraftForType(
  draft: DocumentDraft,
  customer: Customer | undefined,
  opts: { company?: Company; vatCodes?: readonly VatCode[] } = {},
): FieldError[] {
  const errors: FieldError[] = [];
  const t = DOCUMENT_TYPES[draft.tipoDocumento];
  if (!t) {
    return [{ field: 'tipoDocumento', code: 'TIPO_DOCUMENTO_NON_VALIDO', message: `Tipo documento "${draft.tipoDocumento}" non previsto.`, fix: 'Scegli un tipo da TD01 a TD29.' }];
  }
  const usesCounterparty = t.cedente === 'counterparty' || t.cessionario === 'counterparty';
  if (usesCounterparty && !customer) {
    errors.push({
      field: 'customerId',
      code: 'CONTROPARTE_MANCANTE',
      message: t.cedente === 'counterparty' ? `Per ${t.code} indica il fornitore (cedente/prestatore).` : 'Scegli il cliente.',
      fix: t.cedente === 'counterparty' ? 'Seleziona il fornitore dall’anagrafica.' : 'Seleziona il cliente dall’anagrafica.',
    });
  }

  if (customer && t.cedente === 'counterparty') {
    const country = customer.idPaese.trim().toUpperCase();
    const e = counterpartyCountryError(t.cedenteCountry, t.code, country);
    if (e) errors.push(e);
    const piva = normalizeFiscalId(customer.partitaIva);
    if (country === 'IT' && piva === '') {
      errors.push({ field: 'customerId', code: 'PARTITA_IVA_FORNITORE', message: `Per ${t.code} il fornitore italiano deve avere la partita IVA (è il cedente/prestatore).`, fix: 'Completa l’anagrafica del fornitore con la partita IVA.' });
    }
    if (customer.kind === 'PA' || customer.kind === 'PRIVATO') {
      errors.push({ field: 'customerId', code: 'CONTROPARTE_NON_FORNITORE', message: `Per ${t.code} la controparte deve essere un fornitore (impresa o professionista).`, fix: 'Scegli il fornitore che ha effettuato la cessione o la prestazione.' });
    }
  }

  if (customer && opts.company && t.distinctParties && usesCounterparty) {
    const a = normalizeFiscalId(opts.company.partitaIva);
    const b = normalizeFiscalId(customer.partitaIva);
    const sameVat = a !== '' && a === b && opts.company.idPaese.toUpperCase() === customer.idPaese.toUpperCase();
    if (sameVat) {
      errors.push({ field: 'customerId', code: '00471', message: `Per ${t.code} cedente e cessionario non possono essere lo stesso soggetto.`, fix: 'Scegli un’altra controparte; per autoconsumo usa TD27, per splafonamento TD21.' });
    }
  }

  if (t.requiresFattureCollegate) {
    const linked = draft.references?.fattureCollegate ?? [];
    if (linked.length === 0) {
      errors.push({
        field: 'references.fattureCollegate',
        code: 'FATTURA_COLLEGATA_MANCANTE',
        message: `${t.code === 'TD04' ? 'La nota di credito' : 'La nota di debito'} deve indicare la fattura a cui si riferisce.`,
        fix: 'Aggiungi numero e data della fattura originaria nei documenti collegati.',
      });
    }
  }
  (draft.references?.fattureCollegate ?? []).forEach((f, i) => {
    if (!f.IdDocumento?.trim()) {
      errors.push({ field: `references.fattureCollegate[${i}].IdDocumento`, code: 'RIFERIMENTO_NUMERO', message: 'Manca il numero della fattura collegata.', fix: 'Inserisci il numero della fattura.' });
    }
    if (f.Data !== undefined && isValidIsoDate(f.Data) && isValidIsoDate(draft.date) && f.Data > draft.date) {
      errors.push({ field: `references.fattureCollegate[${i}].Data`, code: '00418', message: 'La data del documento è antecedente a quella della fattura collegata.', fix: 'Controlla la data del documento o della fattura collegata.' });
    }
  });

  if (t.requiresDdt) {
    const r = draft.references;
    const hasDdt = (r?.ddt?.length ?? 0) > 0;
    const hasOtherProof = (r?.ordini?.length ?? 0) + (r?.contratti?.length ?? 0) + (r?.ricezioni?.length ?? 0) > 0;
    if (!hasDdt && !(t.code === 'TD24' && hasOtherProof)) {
      errors.push({
        field: 'references.ddt',
        code: 'DDT_MANCANTE',
        message:
          t.code === 'TD24'
            ? 'La fattura differita deve indicare i DDT delle consegne (o, per i servizi, i documenti che provano la prestazione).'
            : 'La fattura differita per triangolazione interna deve indicare i DDT.',
        fix: 'Aggiungi numero e data dei documenti di trasporto.',
      });
    }
  }

  if (t.taxableLinesOnly) {
    draft.lines.forEach((line, i) => {
      const a = lineAliquota(line, opts.vatCodes);
      if (a !== undefined && a.isZero()) {
        errors.push({ field: `lines[${i}].aliquotaIva`, code: '00474', message: 'Nell’autofattura per splafonamento tutte le righe devono avere un’aliquota IVA diversa da zero.', fix: 'Indica l’aliquota IVA applicabile (es. 22%).' });
      }
    });
  }

  if (t.cedente === 'counterparty' && draft.esigibilita === 'S') {
    errors.push({ field: 'esigibilita', code: 'SPLIT_PAYMENT_NON_AMMESSO', message: `La scissione dei pagamenti non si applica a ${t.code}.`, fix: 'Imposta esigibilità immediata o differita.' });
  }
  return errors;
}
