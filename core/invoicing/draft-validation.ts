/**
 * Checks of a draft's own data (lines, VAT, discounts, ritenuta, cassa, bollo) before computing or building it. Each
 * rule prevents a document the SdI would refuse; the SdI control code is the error code when there is one
 * (00400/00401 Natura vs AliquotaIVA, 00411/00415 ritenuta, 00413/00414 cassa, 00424 rate as percentage,
 * 00437/00438 discounts without value, 00445 generic Natura).
 */
import { Decimal } from '../money/decimal';
import type { DocumentDraft, Discount, VatCode } from './types';
import type { FieldError } from './customers';
import { NATURA_INFO, isNatura } from './natura';
import { isValidIsoDate } from './payment-terms';

export interface DraftValidationContext {
  vatCodes?: readonly VatCode[];
}

const MAX_LINES = 9990; // NumeroLinea max 9999, leaving room for discount and bollo lines

/**
 * A field name or label: plain text, or made from the line (and discount) index only when a problem is reported, by a
 * function defined once here (most documents have no problem: no text and no closure per line).
 */
type Text = string | ((line: number, item: number) => string);
function text(t: Text, line: number, item: number): string {
  return typeof t === 'string' ? t : t(line, item);
}

interface NumberRule {
  required?: boolean;
  maxDecimals: number;
  maxIntDigits: number;
  /** Bounds as written in the messages, and parsed once. */
  min?: string;
  max?: string;
  minValue?: Decimal;
  maxValue?: Decimal;
}

function numberRule(r: Omit<NumberRule, 'minValue' | 'maxValue'>): NumberRule {
  return { ...r, minValue: r.min === undefined ? undefined : Decimal.parse(r.min), maxValue: r.max === undefined ? undefined : Decimal.parse(r.max) };
}

const RATE = numberRule({ required: true, maxDecimals: 2, maxIntDigits: 3, min: '0', max: '100' });
const PERCENT = numberRule({ maxDecimals: 2, maxIntDigits: 3, min: '0', max: '100' });
const UNIT_PRICE = numberRule({ required: true, maxDecimals: 8, maxIntDigits: 11 });
const QUANTITY = numberRule({ maxDecimals: 8, maxIntDigits: 12 });
const DISCOUNT_AMOUNT = numberRule({ maxDecimals: 8, maxIntDigits: 11, min: '0' });
const ROUNDING = numberRule({ maxDecimals: 2, maxIntDigits: 11 });

/**
 * Checks a number field: pushes its problems to `errors` and returns its value (undefined when it is absent or not a
 * number). Decimals and integer digits are counted on the digits of the value (trailing zeros of the decimals and
 * leading zeros of the integer part do not count).
 */
function checkNumber(errors: FieldError[], value: string | undefined, field: Text, label: Text, rule: NumberRule, line = 0, item = 0): Decimal | undefined {
  if (value === undefined || value.trim() === '') {
    if (rule.required) errors.push({ field: text(field, line, item), code: 'VALORE_MANCANTE', message: `Manca ${text(label, line, item)}.`, fix: `Inserisci ${text(label, line, item)}.` });
    return undefined;
  }
  const d = Decimal.tryParse(value);
  if (d === undefined) {
    errors.push({ field: text(field, line, item), code: 'NUMERO_NON_VALIDO', message: `${capitalize(text(label, line, item))} non è un numero valido: "${value}".`, fix: 'Usa cifre e il punto come separatore decimale (es. 12.50).' });
    return undefined;
  }
  const digits = (d.units < 0n ? -d.units : d.units).toString();
  let decimals = d.scale;
  while (decimals > 0 && digits.charCodeAt(digits.length - 1 - (d.scale - decimals)) === 48 /* 0 */) decimals--;
  const integerDigits = Math.max(1, digits.length - d.scale);
  if (decimals > rule.maxDecimals) {
    errors.push({ field: text(field, line, item), code: 'TROPPI_DECIMALI', message: `${capitalize(text(label, line, item))} ha più di ${rule.maxDecimals} decimali.`, fix: `Arrotonda a ${rule.maxDecimals} decimali.` });
  }
  if (integerDigits > rule.maxIntDigits) {
    errors.push({ field: text(field, line, item), code: 'NUMERO_TROPPO_GRANDE', message: `${capitalize(text(label, line, item))} è troppo grande.`, fix: 'Controlla l’importo inserito.' });
  }
  if (rule.minValue !== undefined && d.lt(rule.minValue)) {
    errors.push({ field: text(field, line, item), code: 'FUORI_INTERVALLO', message: `${capitalize(text(label, line, item))} non può essere minore di ${rule.min}.`, fix: `Inserisci un valore tra ${rule.min} e ${rule.max ?? '...'}.` });
  }
  if (rule.maxValue !== undefined && d.gt(rule.maxValue)) {
    errors.push({ field: text(field, line, item), code: 'FUORI_INTERVALLO', message: `${capitalize(text(label, line, item))} non può superare ${rule.max}.`, fix: `Inserisci un valore tra ${rule.min ?? '0'} e ${rule.max}.` });
  }
  return d;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** 00424: a VAT rate written as a fraction (0.22) instead of a percentage (22.00). */
function checkRate(errors: FieldError[], value: string | undefined, field: Text, label: Text, code = '00424', line = 0): Decimal | undefined {
  const d = checkNumber(errors, value, field, label, RATE, line);
  if (d && d.sign() > 0 && d.lt(Decimal.ONE)) {
    errors.push({ field: text(field, line, 0), code, message: `${capitalize(text(label, line, 0))} va indicata in percentuale (es. 22.00, non 0.22).`, fix: 'Moltiplica per 100.' });
  }
  return d;
}

function checkNatura(natura: string | undefined, aliquota: Decimal | undefined, field: Text, codes: { missing: string; present: string }, line = 0): readonly FieldError[] {
  if (aliquota === undefined) return NO_ERRORS;
  if (aliquota.isZero()) {
    if (natura === undefined || natura === '') {
      return [{ field: text(field, line, 0), code: codes.missing, message: 'Con aliquota IVA 0 va indicata la natura dell’operazione.', fix: 'Scegli la natura (es. N4 esente, N2.2 non soggetta, N6.x reverse charge).' }];
    }
    if (!isNatura(natura)) return [{ field: text(field, line, 0), code: 'NATURA_NON_VALIDA', message: `Natura "${natura}" non prevista.`, fix: 'Scegli una natura dall’elenco.' }];
    if (NATURA_INFO[natura].generic) {
      return [{ field: text(field, line, 0), code: '00445', message: `La natura generica ${natura} non è più ammessa.`, fix: `Usa una sottocategoria (${natura}.1, ${natura}.2, ...).` }];
    }
    return NO_ERRORS;
  }
  if (natura !== undefined && natura !== '') {
    return [{ field: text(field, line, 0), code: codes.present, message: 'La natura non va indicata con un’aliquota IVA diversa da zero.', fix: 'Togli la natura oppure imposta aliquota 0.' }];
  }
  return NO_ERRORS;
}

const NO_ERRORS: readonly FieldError[] = Object.freeze([]) as readonly FieldError[];
const LINE_NATURA_CODES = { missing: '00400', present: '00401' };

/** The names of a discount's fields, for the document's discount and for the discounts of a line. */
interface DiscountFields {
  base: Text;
  tipo: Text;
  percentuale: Text;
  importo: Text;
}
const DOCUMENT_DISCOUNT: DiscountFields = { base: 'discount', tipo: 'discount.tipo', percentuale: 'discount.percentuale', importo: 'discount.importo' };
const LINE_DISCOUNT: DiscountFields = {
  base: (i, k) => `lines[${i}].sconti[${k}]`,
  tipo: (i, k) => `lines[${i}].sconti[${k}].tipo`,
  percentuale: (i, k) => `lines[${i}].sconti[${k}].percentuale`,
  importo: (i, k) => `lines[${i}].sconti[${k}].importo`,
};

function checkDiscount(errors: FieldError[], d: Discount, fields: DiscountFields, code: string, line = 0, item = 0): void {
  if (d.tipo !== 'SC' && d.tipo !== 'MG') errors.push({ field: text(fields.tipo, line, item), code: 'TIPO_SCONTO_NON_VALIDO', message: 'Il tipo deve essere SC (sconto) o MG (maggiorazione).', fix: 'Scegli sconto o maggiorazione.' });
  const hasPct = d.percentuale !== undefined && d.percentuale.trim() !== '';
  const hasAmt = d.importo !== undefined && d.importo.trim() !== '';
  if (!hasPct && !hasAmt) {
    errors.push({ field: text(fields.base, line, item), code, message: 'Sconto/maggiorazione senza percentuale né importo.', fix: 'Indica la percentuale o l’importo, oppure elimina lo sconto.' });
  }
  if (hasPct) checkNumber(errors, d.percentuale, fields.percentuale, 'la percentuale di sconto', PERCENT, line, item);
  else if (hasAmt) checkNumber(errors, d.importo, fields.importo, 'l’importo dello sconto', DISCOUNT_AMOUNT, line, item);
}

// The names and labels of a line's fields.
const PREZZO_FIELD: Text = (i) => `lines[${i}].prezzoUnitario`;
const PREZZO_LABEL: Text = (i) => `il prezzo unitario della riga ${i + 1}`;
const QUANTITA_FIELD: Text = (i) => `lines[${i}].quantita`;
const QUANTITA_LABEL: Text = (i) => `la quantità della riga ${i + 1}`;
const ALIQUOTA_FIELD: Text = (i) => `lines[${i}].aliquotaIva`;
const ALIQUOTA_LABEL: Text = (i) => `l’aliquota IVA della riga ${i + 1}`;
const NATURA_FIELD: Text = (i) => `lines[${i}].natura`;

export function validateDraft(draft: DocumentDraft, ctx: DraftValidationContext = {}): FieldError[] {
  const errors: FieldError[] = [];
  if (!isValidIsoDate(draft.date) || draft.date < '1970-01-01') {
    errors.push({ field: 'date', code: 'DATA_NON_VALIDA', message: 'La data del documento non è valida.', fix: 'Inserisci una data nel formato AAAA-MM-GG.' });
  }
  if (!/^[A-Z]{3}$/.test(draft.divisa ?? '')) {
    errors.push({ field: 'divisa', code: 'DIVISA_NON_VALIDA', message: 'La divisa deve essere un codice ISO 4217 di 3 lettere (es. EUR).', fix: 'Usa EUR.' });
  }
  if (draft.lines.length === 0) {
    errors.push({ field: 'lines', code: 'RIGHE_MANCANTI', message: 'Il documento non ha righe.', fix: 'Aggiungi almeno una riga.' });
  } else if (draft.lines.length > MAX_LINES) {
    errors.push({ field: 'lines', code: 'TROPPE_RIGHE', message: `Il documento ha più di ${MAX_LINES} righe.`, fix: 'Dividi il documento in più fatture.' });
  }

  const ritenutaLines: number[] = [];
  const lines = draft.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.descrizione || line.descrizione.trim() === '') {
      errors.push({ field: `lines[${i}].descrizione`, code: 'DESCRIZIONE_MANCANTE', message: `Riga ${i + 1}: manca la descrizione.`, fix: 'Descrivi il bene o il servizio.' });
    }
    checkNumber(errors, line.prezzoUnitario, PREZZO_FIELD, PREZZO_LABEL, UNIT_PRICE, i);
    checkNumber(errors, line.quantita, QUANTITA_FIELD, QUANTITA_LABEL, QUANTITY, i);
    const vc = line.vatCode ? ctx.vatCodes?.find((v) => v.code === line.vatCode) : undefined;
    if (line.vatCode && ctx.vatCodes && !vc) {
      errors.push({ field: `lines[${i}].vatCode`, code: 'CODICE_IVA_SCONOSCIUTO', message: `Riga ${i + 1}: codice IVA "${line.vatCode}" non presente nelle impostazioni.`, fix: 'Scegli un codice IVA esistente.' });
    }
    const rate = checkRate(errors, vc ? vc.aliquota : line.aliquotaIva, ALIQUOTA_FIELD, ALIQUOTA_LABEL, '00424', i);
    const natura = checkNatura(vc ? vc.natura : line.natura, rate, NATURA_FIELD, LINE_NATURA_CODES, i);
    if (natura.length > 0) errors.push(...natura);
    const sconti = line.sconti;
    if (sconti) for (let k = 0; k < sconti.length; k++) checkDiscount(errors, sconti[k]!, LINE_DISCOUNT, '00438', i, k);
    if (line.ritenuta) ritenutaLines.push(i);
    if (line.dataInizioPeriodo !== undefined && !isValidIsoDate(line.dataInizioPeriodo)) {
      errors.push({ field: `lines[${i}].dataInizioPeriodo`, code: 'DATA_NON_VALIDA', message: `Riga ${i + 1}: data di inizio periodo non valida.`, fix: 'Usa il formato AAAA-MM-GG.' });
    }
    if (line.dataFinePeriodo !== undefined && !isValidIsoDate(line.dataFinePeriodo)) {
      errors.push({ field: `lines[${i}].dataFinePeriodo`, code: 'DATA_NON_VALIDA', message: `Riga ${i + 1}: data di fine periodo non valida.`, fix: 'Usa il formato AAAA-MM-GG.' });
    }
  }

  if (draft.discount) checkDiscount(errors, draft.discount, DOCUMENT_DISCOUNT, '00437');

  if (draft.ritenuta) {
    const aliquota = checkRate(errors, draft.ritenuta.aliquota, 'ritenuta.aliquota', 'l’aliquota della ritenuta', 'ALIQUOTA_RITENUTA');
    if (aliquota?.isZero()) errors.push({ field: 'ritenuta.aliquota', code: 'ALIQUOTA_RITENUTA', message: 'L’aliquota della ritenuta è zero.', fix: 'Indica l’aliquota (es. 20%) o togli la ritenuta.' });
    if (!draft.ritenuta.causalePagamento) errors.push({ field: 'ritenuta.causalePagamento', code: 'CAUSALE_RITENUTA', message: 'Manca la causale di pagamento della ritenuta.', fix: 'Scegli la causale (es. A per prestazioni di lavoro autonomo).' });
    if (draft.ritenuta.causalePagamento === 'Z') errors.push({ field: 'ritenuta.causalePagamento', code: 'CAUSALE_RITENUTA', message: 'La causale di pagamento Z non è più ammessa dal 2021.', fix: 'Scegli la causale prevista dal modello CU.' });
    if (ritenutaLines.length === 0 && !draft.cassa?.ritenuta) {
      errors.push({ field: 'lines', code: 'RITENUTA_SENZA_BASE', message: 'È indicata la ritenuta ma nessuna riga (né il contributo cassa) è soggetta a ritenuta.', fix: 'Segna le righe soggette a ritenuta o togli la ritenuta.' });
    }
  } else {
    for (const i of ritenutaLines) {
      errors.push({ field: `lines[${i}].ritenuta`, code: '00411', message: `Riga ${i + 1}: soggetta a ritenuta ma il documento non ha i dati della ritenuta.`, fix: 'Imposta tipo, aliquota e causale della ritenuta o togli il segno dalla riga.' });
    }
    if (draft.cassa?.ritenuta) {
      errors.push({ field: 'cassa.ritenuta', code: '00415', message: 'Il contributo cassa è soggetto a ritenuta ma il documento non ha i dati della ritenuta.', fix: 'Imposta la ritenuta o togli il segno dal contributo cassa.' });
    }
  }

  if (draft.cassa) {
    checkNumber(errors, draft.cassa.aliquota, 'cassa.aliquota', 'l’aliquota del contributo cassa', RATE);
    const rate = checkRate(errors, draft.cassa.aliquotaIva, 'cassa.aliquotaIva', 'l’aliquota IVA del contributo cassa');
    errors.push(...checkNatura(draft.cassa.natura, rate, 'cassa.natura', { missing: '00413', present: '00414' }));
  }

  if (draft.arrotondamento !== undefined) {
    checkNumber(errors, draft.arrotondamento, 'arrotondamento', 'l’arrotondamento', ROUNDING);
  }
  if (draft.bollo && !['auto', 'si', 'no'].includes(draft.bollo.mode)) {
    errors.push({ field: 'bollo.mode', code: 'BOLLO_NON_VALIDO', message: 'Modalità del bollo non valida.', fix: 'Scegli automatico, sì o no.' });
  }
  if (!['I', 'D', 'S'].includes(draft.esigibilita)) {
    errors.push({ field: 'esigibilita', code: 'ESIGIBILITA_NON_VALIDA', message: 'Esigibilità IVA non valida.', fix: 'Scegli immediata (I), differita (D) o scissione dei pagamenti (S).' });
  }
  return errors;
}
