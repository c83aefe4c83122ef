/**
 * Argument schemas for the domain types, checked against the TypeScript types in core/invoicing/types.ts so the two can
 * never drift. They validate shape (types, formats, lengths); business rules (checksums, PA/B2B rules) stay in the
 * services, which return field errors in Italian.
 */
import { z } from 'zod';
import './define';
import { fatturaPASchema } from '../fatturapa/schema.generated';
import type * as T from '../invoicing/types';
import type * as F from '../fatturapa/schema.generated';

const enumOf = <const N extends string>(typeName: string) => {
  const values = fatturaPASchema.simpleTypes[typeName]?.enumeration;
  if (!values?.length) throw new Error(`Tipo enumerato sconosciuto: ${typeName}`);
  return z.enum(values as [N, ...N[]]);
};

export const decimalText = z
  .string()
  .trim()
  .regex(/^[+-]?\d{1,15}(\.\d{1,8})?$/, { message: 'Numero non valido: usa le cifre e il punto per i decimali (es. 1234.50)' });
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Data non valida: formato AAAA-MM-GG' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { message: 'Data inesistente' });
const text = (max: number) => z.string().max(max, { message: `Al massimo ${max} caratteri` });
const optText = (max: number) => text(max).optional();

export const tipoDocumento = enumOf<T.DocumentDraft['tipoDocumento']>('TipoDocumentoType');
export const natura = enumOf<NonNullable<T.DraftLine['natura']>>('NaturaType');
export const regimeFiscale = enumOf<T.Company['regimeFiscale']>('RegimeFiscaleType');
export const esigibilita = enumOf<T.DocumentDraft['esigibilita']>('EsigibilitaIVAType');
export const tipoRitenuta = enumOf<T.RitenutaSettings['tipo']>('TipoRitenutaType');
export const causalePagamento = enumOf<T.RitenutaSettings['causalePagamento']>('CausalePagamentoType');
export const tipoCassa = enumOf<T.CassaSettings['tipo']>('TipoCassaType');
export const tipoSconto = enumOf<T.Discount['tipo']>('TipoScontoMaggiorazioneType');
export const modalitaPagamento = enumOf<T.PaymentMethod['modalita']>('ModalitaPagamentoType');
export const condizioniPagamento = enumOf<T.PaymentTerm['condizioni']>('CondizioniPagamentoType');
export const socioUnico = enumOf<NonNullable<T.Rea['socioUnico']>>('SocioUnicoType');
export const statoLiquidazione = enumOf<T.Rea['statoLiquidazione']>('StatoLiquidazioneType');
export const tipoCessionePrestazione = enumOf<NonNullable<T.DraftLine['tipoCessionePrestazione']>>('TipoCessionePrestazioneType');

export const address = z.object({
  indirizzo: text(60),
  numeroCivico: optText(8),
  cap: text(5),
  comune: text(60),
  provincia: optText(2),
  nazione: z.string().length(2, { message: 'Codice nazione di 2 lettere (es. IT)' }),
}) satisfies z.ZodType<T.Address, unknown>;

const naming = {
  denominazione: optText(80),
  nome: optText(60),
  cognome: optText(60),
  titolo: optText(10),
  codEori: optText(17),
};

export const rea = z.object({
  ufficio: text(2),
  numero: text(20),
  capitaleSociale: decimalText.optional(),
  socioUnico: socioUnico.optional(),
  statoLiquidazione,
}) satisfies z.ZodType<T.Rea, unknown>;

export const company = z.object({
  ...naming,
  idPaese: z.string().length(2),
  partitaIva: text(28),
  codiceFiscale: optText(16),
  regimeFiscale,
  sede: address,
  stabileOrganizzazione: address.optional(),
  rea: rea.optional(),
  albo: z
    .object({ alboProfessionale: text(60), provinciaAlbo: optText(2), numeroIscrizioneAlbo: optText(60), dataIscrizioneAlbo: isoDate.optional() })
    .optional(),
  contatti: z.object({ telefono: optText(12), fax: optText(12), email: optText(256) }).optional(),
  riferimentoAmministrazione: optText(20),
  trasmittente: z.object({ idPaese: z.string().length(2), idCodice: text(28) }).optional(),
  terzoIntermediario: z
    .object({ ...naming, idPaese: z.string().length(2).optional(), partitaIva: optText(28), codiceFiscale: optText(16) })
    .optional(),
}) satisfies z.ZodType<T.Company, unknown>;

export const discount = z.object({
  tipo: tipoSconto,
  percentuale: decimalText.optional(),
  importo: decimalText.optional(),
}) satisfies z.ZodType<T.Discount, unknown>;

export const ritenutaSettings = z.object({
  tipo: tipoRitenuta,
  aliquota: decimalText,
  causalePagamento,
}) satisfies z.ZodType<T.RitenutaSettings, unknown>;

export const cassaSettings = z.object({
  tipo: tipoCassa,
  aliquota: decimalText,
  aliquotaIva: decimalText,
  natura: natura.optional(),
  ritenuta: z.boolean(),
  riferimentoAmministrazione: optText(20),
}) satisfies z.ZodType<T.CassaSettings, unknown>;

export const series = z.object({
  code: z.string().min(1).max(10),
  description: text(100),
  format: z.string().min(1).max(40),
}) satisfies z.ZodType<T.Series, unknown>;

export const vatCode = z.object({
  code: z.string().min(1).max(20),
  description: text(100),
  aliquota: decimalText,
  natura: natura.optional(),
  riferimentoNormativo: optText(100),
  esigibilita: esigibilita.optional(),
}) satisfies z.ZodType<T.VatCode, unknown>;

export const paymentTerm = z.object({
  code: z.string().min(1).max(20),
  description: text(100),
  condizioni: condizioniPagamento,
  installments: z
    .array(
      z.object({
        days: z.number().int().min(0).max(3650),
        endOfMonth: z.boolean(),
        extraDays: z.number().int().min(0).max(31).optional(),
        percent: decimalText,
      }),
    )
    .max(60),
}) satisfies z.ZodType<T.PaymentTerm, unknown>;

export const paymentMethod = z.object({
  code: z.string().min(1).max(20),
  description: text(100),
  modalita: modalitaPagamento,
  needsBank: z.boolean(),
}) satisfies z.ZodType<T.PaymentMethod, unknown>;

export const accountingSettings = z.object({
  series: z.array(series).min(1),
  vatCodes: z.array(vatCode).min(1),
  paymentTerms: z.array(paymentTerm),
  paymentMethods: z.array(paymentMethod),
  defaults: z.object({
    series: z.string().min(1),
    creditNoteSeries: z.string().optional(),
    vatCode: z.string().min(1),
    paymentTerm: z.string().optional(),
    paymentMethod: z.string().optional(),
    bolloChargedToCustomer: z.boolean(),
    ritenuta: ritenutaSettings.optional(),
    cassa: cassaSettings.optional(),
  }),
}) satisfies z.ZodType<T.AccountingSettings, unknown>;

export const eInvoicingSettings = z.object({
  sendImportedXml: z.boolean(),
  publishImportedXml: z.boolean(),
  transmitter: z.string().min(1).max(40),
}) satisfies z.ZodType<T.EInvoicingSettings, unknown>;

export const bankAccountInput = z.object({
  id: z.number().int().positive().optional(),
  istituto: text(80).min(1, { message: 'Indica la banca' }),
  iban: z.string().trim().min(15).max(34),
  bic: optText(11),
  abi: optText(5),
  cab: optText(5),
  isDefault: z.boolean().default(false),
});

export const customerInput = z.object({
  id: z.number().int().positive().optional(),
  ...naming,
  kind: z.enum(['B2B', 'PA', 'PRIVATO', 'ESTERO']),
  isSupplier: z.boolean(),
  idPaese: z.string().length(2),
  partitaIva: optText(28),
  codiceFiscale: optText(16),
  address,
  stabileOrganizzazione: address.optional(),
  codiceDestinatario: optText(7),
  pec: optText(256),
  cuu: optText(6),
  splitPayment: z.boolean(),
  email: optText(256),
  telefono: optText(20),
  defaultPaymentTerm: optText(20),
  defaultPaymentMethod: optText(20),
  notes: optText(2000),
}) satisfies z.ZodType<T.CustomerInput, unknown>;

export const itemInput = z.object({
  id: z.number().int().positive().optional(),
  code: z.string().min(1).max(35),
  description: z.string().min(1).max(1000),
  unitaMisura: optText(10),
  prezzoUnitario: decimalText,
  vatCode: z.string().min(1).max(20),
});

/** FatturaPA blocks carried as they are: their structure is checked by the FatturaPA structural checks. */
const fatturaPABlock = <B>() => z.custom<B>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'Blocco FatturaPA non valido' });

const lineRefs = z.array(z.string().regex(/^\d{1,4}$/)).optional();
export const datiDocumentiCorrelati = z.object({
  RiferimentoNumeroLinea: lineRefs,
  IdDocumento: z.string().min(1).max(20),
  Data: isoDate.optional(),
  NumItem: optText(20),
  CodiceCommessaConvenzione: optText(100),
  CodiceCUP: optText(15),
  CodiceCIG: optText(15),
}) satisfies z.ZodType<F.DatiDocumentiCorrelati, unknown>;

export const datiDDT = z.object({
  NumeroDDT: z.string().min(1).max(20),
  DataDDT: isoDate,
  RiferimentoNumeroLinea: lineRefs,
}) satisfies z.ZodType<F.DatiDDT, unknown>;

export const draftLine = z.object({
  descrizione: z.string().min(1, { message: 'Descrizione obbligatoria' }).max(1000),
  codiceArticolo: z.array(z.object({ CodiceTipo: text(35), CodiceValore: text(35) })).optional(),
  itemId: z.number().int().positive().optional(),
  quantita: decimalText.optional(),
  unitaMisura: optText(10),
  prezzoUnitario: decimalText,
  sconti: z.array(discount).optional(),
  vatCode: optText(20),
  aliquotaIva: decimalText,
  natura: natura.optional(),
  ritenuta: z.boolean().optional(),
  tipoCessionePrestazione: tipoCessionePrestazione.optional(),
  dataInizioPeriodo: isoDate.optional(),
  dataFinePeriodo: isoDate.optional(),
  riferimentoAmministrazione: optText(20),
  altriDatiGestionali: z
    .array(
      z.object({
        TipoDato: text(10),
        RiferimentoTesto: optText(60),
        RiferimentoNumero: decimalText.optional(),
        RiferimentoData: isoDate.optional(),
      }),
    )
    .optional(),
}) satisfies z.ZodType<T.DraftLine, unknown>;

export const documentDraft = z.object({
  id: z.number().int().positive().optional(),
  tipoDocumento,
  series: z.string().min(1).max(10),
  date: isoDate,
  customerId: z.number().int().positive({ message: 'Scegli il cliente' }),
  divisa: z.string().length(3).default('EUR'),
  causale: z.string().max(10_000).optional(),
  lines: z.array(draftLine).max(9999),
  discount: discount.optional(),
  ritenuta: ritenutaSettings.optional(),
  cassa: cassaSettings.optional(),
  bollo: z.object({ mode: z.enum(['auto', 'si', 'no']), chargedToCustomer: z.boolean() }),
  esigibilita,
  payment: z
    .object({ termCode: optText(20), methodCode: optText(20), bankId: z.number().int().positive().optional() })
    .optional(),
  references: z
    .object({
      ordini: z.array(datiDocumentiCorrelati).optional(),
      contratti: z.array(datiDocumentiCorrelati).optional(),
      convenzioni: z.array(datiDocumentiCorrelati).optional(),
      ricezioni: z.array(datiDocumentiCorrelati).optional(),
      fattureCollegate: z.array(datiDocumentiCorrelati).optional(),
      ddt: z.array(datiDDT).optional(),
    })
    .optional(),
  arrotondamento: decimalText.optional(),
  art73: z.boolean().optional(),
  extra: z
    .object({
      DatiSAL: z.array(fatturaPABlock<F.DatiSAL>()).optional(),
      DatiTrasporto: fatturaPABlock<F.DatiTrasporto>().optional(),
      FatturaPrincipale: fatturaPABlock<F.FatturaPrincipale>().optional(),
      DatiVeicoli: fatturaPABlock<F.DatiVeicoli>().optional(),
      Allegati: z.array(fatturaPABlock<F.Allegati>()).optional(),
    })
    .optional(),
  note: z.string().max(10_000).optional(),
}) satisfies z.ZodType<T.DocumentDraft, unknown>;
