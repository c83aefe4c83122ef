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

function decimalsOf(d: Decimal): number {
  return d.significantScale();
}

function integerDigits(d: Decimal): number {
  return d.abs().round(0, 'DOWN').toString().length;
}

function checkNumber(
  value: string | undefined,
  field: string,
  label: string,
  opts: { required?: boolean; maxDecimals: number; maxIntDigits: number; min?: string; max?: string; noNegative?: boolean },
): { errors: FieldError[]; value?: Decimal } {
  if (value === undefined || value.trim() === '') {
    return opts.required ? { errors: [{ field, code: 'VALORE_MANCANTE', message: `Manca ${label}.`, fix: `Inserisci ${label}.` }] } : { errors: [] };
  }
  const d = Decimal.tryParse(value);
  if (d === undefined) {
    return { errors: [{ field, code: 'NUMERO_NON_VALIDO', message: `${capitalize(label)} non è un numero valido: "${value}".`, fix: 'Usa cifre e il punto come separatore decimale (es. 12.50).' }] };
  }
  const errors: FieldError[] = [];
  if (decimalsOf(d) > opts.maxDecimals) {
    errors.push({ field, code: 'TROPPI_DECIMALI', message: `${capitalize(label)} ha più di ${opts.maxDecimals} decimali.`, fix: `Arrotonda a ${opts.maxDecimals} decimali.` });
  }
  if (integerDigits(d) > opts.maxIntDigits) {
    errors.push({ field, code: 'NUMERO_TROPPO_GRANDE', message: `${capitalize(label)} è troppo grande.`, fix: 'Controlla l’importo inserito.' });
  }
  if (opts.min !== undefined && d.lt(opts.min)) errors.push({ field, code: 'FUORI_INTERVALLO', message: `${capitalize(label)} non può essere minore di ${opts.min}.`, fix: `Inserisci un valore tra ${opts.min} e ${opts.max ?? '...'}.` });
  if (opts.max !== undefined && d.gt(opts.max)) errors.push({ field, code: 'FUORI_INTERVALLO', message: `${capitalize(label)} non può superare ${opts.max}.`, fix: `Inserisci un valore tra ${opts.min ?? '0'} e ${opts.max}.` });
  return { errors, value: d };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** 00424: a VAT rate written as a fraction (0.22) instead of a percentage (22.00). */
function checkRate(value: string | undefined, field: string, label: string, code = '00424'): { errors: FieldError[]; value?: Decimal } {
  const r = checkNumber(value, field, label, { required: true, maxDecimals: 2, maxIntDigits: 3, min: '0', max: '100' });
  if (r.value && r.value.gt('0') && r.value.lt('1')) {
    r.errors.push({ field, code, message: `${capitalize(label)} va indicata in percentuale (es. 22.00, non 0.22).`, fix: 'Moltiplica per 100.' });
  }
  return r;
}

function checkNatura(natura: string | undefined, aliquota: Decimal | undefined, field: string, codes: { missing: string; present: string }): FieldError[] {
  if (aliquota === undefined) return [];
  if (aliquota.isZero()) {
    if (natura === undefined || natura === '') {
      return [{ field, code: codes.missing, message: 'Con aliquota IVA 0 va indicata la natura dell’operazione.', fix: 'Scegli la natura (es. N4 esente, N2.2 non soggetta, N6.x reverse charge).' }];
    }
    if (!isNatura(natura)) return [{ field, code: 'NATURA_NON_VALIDA', message: `Natura "${natura}" non prevista.`, fix: 'Scegli una natura dall’elenco.' }];
    if (NATURA_INFO[natura].generic) {
      return [{ field, code: '00445', message: `La natura generica ${natura} non è più ammessa.`, fix: `Usa una sottocategoria (${natura}.1, ${natura}.2, ...).` }];
    }
    return [];
  }
  if (natura !== undefined && natura !== '') {
    return [{ field, code: codes.present, message: 'La natura non va indicata con un’aliquota IVA diversa da zero.', fix: 'Togli la natura oppure imposta aliquota 0.' }];
  }
  return [];
}

function checkDiscount(d: Discount, field: string, code: string): FieldError[] {
  const errors: FieldError[] = [];
  if (d.tipo !== 'SC' && d.tipo !== 'MG') errors.push({ field: `${field}.tipo`, code: 'TIPO_SCONTO_NON_VALIDO', message: 'Il tipo deve essere SC (sconto) o MG (maggiorazione).', fix: 'Scegli sconto o maggiorazione.' });
  const hasPct = d.percentuale !== undefined && d.percentuale.trim() !== '';
  const hasAmt = d.importo !== undefined && d.importo.trim() !== '';
  if (!hasPct && !hasAmt) {
    errors.push({ field, code, message: 'Sconto/maggiorazione senza percentuale né importo.', fix: 'Indica la percentuale o l’importo, oppure elimina lo sconto.' });
  }
  if (hasPct) errors.push(...checkNumber(d.percentuale, `${field}.percentuale`, 'la percentuale di sconto', { maxDecimals: 2, maxIntDigits: 3, min: '0', max: '100' }).errors);
  else if (hasAmt) errors.push(...checkNumber(d.importo, `${field}.importo`, 'l’importo dello sconto', { maxDecimals: 8, maxIntDigits: 11, min: '0' }).errors);
  return errors;
}

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
  draft.lines.forEach((line, i) => {
    const f = `lines[${i}]`;
    if (!line.descrizione || line.descrizione.trim() === '') {
      errors.push({ field: `${f}.descrizione`, code: 'DESCRIZIONE_MANCANTE', message: `Riga ${i + 1}: manca la descrizione.`, fix: 'Descrivi il bene o il servizio.' });
    }
    errors.push(...checkNumber(line.prezzoUnitario, `${f}.prezzoUnitario`, `il prezzo unitario della riga ${i + 1}`, { required: true, maxDecimals: 8, maxIntDigits: 11 }).errors);
    errors.push(...checkNumber(line.quantita, `${f}.quantita`, `la quantità della riga ${i + 1}`, { maxDecimals: 8, maxIntDigits: 12 }).errors);
    const vc = line.vatCode ? ctx.vatCodes?.find((v) => v.code === line.vatCode) : undefined;
    if (line.vatCode && ctx.vatCodes && !vc) {
      errors.push({ field: `${f}.vatCode`, code: 'CODICE_IVA_SCONOSCIUTO', message: `Riga ${i + 1}: codice IVA "${line.vatCode}" non presente nelle impostazioni.`, fix: 'Scegli un codice IVA esistente.' });
    }
    const rate = checkRate(vc ? vc.aliquota : line.aliquotaIva, `${f}.aliquotaIva`, `l’aliquota IVA della riga ${i + 1}`);
    errors.push(...rate.errors);
    errors.push(...checkNatura(vc ? vc.natura : line.natura, rate.value, `${f}.natura`, { missing: '00400', present: '00401' }));
    (line.sconti ?? []).forEach((s, k) => errors.push(...checkDiscount(s, `${f}.sconti[${k}]`, '00438')));
    if (line.ritenuta) ritenutaLines.push(i);
    for (const [key, label] of [['dataInizioPeriodo', 'inizio periodo'], ['dataFinePeriodo', 'fine periodo']] as const) {
      const v = line[key];
      if (v !== undefined && !isValidIsoDate(v)) errors.push({ field: `${f}.${key}`, code: 'DATA_NON_VALIDA', message: `Riga ${i + 1}: data di ${label} non valida.`, fix: 'Usa il formato AAAA-MM-GG.' });
    }
  });

  if (draft.discount) errors.push(...checkDiscount(draft.discount, 'discount', '00437'));

  if (draft.ritenuta) {
    const r = checkRate(draft.ritenuta.aliquota, 'ritenuta.aliquota', 'l’aliquota della ritenuta', 'ALIQUOTA_RITENUTA');
    errors.push(...r.errors);
    if (r.value?.isZero()) errors.push({ field: 'ritenuta.aliquota', code: 'ALIQUOTA_RITENUTA', message: 'L’aliquota della ritenuta è zero.', fix: 'Indica l’aliquota (es. 20%) o togli la ritenuta.' });
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
    errors.push(...checkNumber(draft.cassa.aliquota, 'cassa.aliquota', 'l’aliquota del contributo cassa', { required: true, maxDecimals: 2, maxIntDigits: 3, min: '0', max: '100' }).errors);
    const rate = checkRate(draft.cassa.aliquotaIva, 'cassa.aliquotaIva', 'l’aliquota IVA del contributo cassa');
    errors.push(...rate.errors);
    errors.push(...checkNatura(draft.cassa.natura, rate.value, 'cassa.natura', { missing: '00413', present: '00414' }));
  }

  if (draft.arrotondamento !== undefined) {
    errors.push(...checkNumber(draft.arrotondamento, 'arrotondamento', 'l’arrotondamento', { maxDecimals: 2, maxIntDigits: 11 }).errors);
  }
  if (draft.bollo && !['auto', 'si', 'no'].includes(draft.bollo.mode)) {
    errors.push({ field: 'bollo.mode', code: 'BOLLO_NON_VALIDO', message: 'Modalità del bollo non valida.', fix: 'Scegli automatico, sì o no.' });
  }
  if (!['I', 'D', 'S'].includes(draft.esigibilita)) {
    errors.push({ field: 'esigibilita', code: 'ESIGIBILITA_NON_VALIDA', message: 'Esigibilità IVA non valida.', fix: 'Scegli immediata (I), differita (D) o scissione dei pagamenti (S).' });
  }
  return errors;
}
