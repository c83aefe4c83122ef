/**
 * Checks of the company registry and of the accounting settings, returning every problem at once (FieldError list), as
 * the customer validation does. The services refuse to save when the list is not empty.
 */
import type { RegimeFiscale } from '../../fatturapa/schema.generated';
import { Decimal } from '../../money/decimal';
import { validateAddress, validateNaming, type FieldError } from '../customers';
import { isValidCodiceFiscale, isValidPartitaIva, normalizeFiscalId } from '../fiscal-ids';
import { isNatura } from '../natura';
import type { AccountingSettings, Company, EInvoicingSettings } from '../types';
import { formatNumero } from './numero';
import { AppError } from '../../errors';

/** RF01-RF20 as in the FatturaPA 1.2.3 code list (RF03 was withdrawn). */
export const REGIMI_FISCALI: readonly RegimeFiscale[] = [
  'RF01', 'RF02', 'RF04', 'RF05', 'RF06', 'RF07', 'RF08', 'RF09', 'RF10', 'RF11',
  'RF12', 'RF13', 'RF14', 'RF15', 'RF16', 'RF17', 'RF18', 'RF19', 'RF20',
];

const err = (field: string, code: string, message: string, fix?: string): FieldError => (fix ? { field, code, message, fix } : { field, code, message });

export function validateCompany(c: Company): FieldError[] {
  const errors: FieldError[] = [...validateNaming(c)];
  const idPaese = (c.idPaese ?? '').trim().toUpperCase();
  const piva = normalizeFiscalId(c.partitaIva);
  if (!/^[A-Z]{2}$/.test(idPaese)) errors.push(err('idPaese', 'PAESE_NON_VALIDO', 'Il paese deve essere un codice di 2 lettere (IT per l’Italia).', 'Scegli il paese dall’elenco.'));
  if (piva === '') {
    errors.push(err('partitaIva', 'PARTITA_IVA_MANCANTE', 'Manca la partita IVA dell’azienda.', 'Inserisci la partita IVA (11 cifre).'));
  } else if (idPaese === 'IT' ? !isValidPartitaIva(piva) : !/^[A-Z0-9]{1,28}$/.test(piva)) {
    errors.push(err('partitaIva', 'PARTITA_IVA_NON_VALIDA', 'La partita IVA non è valida (11 cifre con cifra di controllo).', 'Ricontrolla le cifre: una cifra sbagliata invalida il codice di controllo.'));
  }
  const cf = (c.codiceFiscale ?? '').trim().toUpperCase();
  if (cf !== '' && idPaese === 'IT' && !isValidCodiceFiscale(cf)) {
    errors.push(err('codiceFiscale', 'CODICE_FISCALE_NON_VALIDO', 'Il codice fiscale non è valido.', 'Controlla i 16 caratteri (persone) o le 11 cifre (società).'));
  }
  if (!REGIMI_FISCALI.includes(c.regimeFiscale)) {
    errors.push(err('regimeFiscale', 'REGIME_FISCALE_NON_VALIDO', `Regime fiscale «${c.regimeFiscale ?? ''}» non previsto (RF01-RF20).`, 'Scegli il regime fiscale dall’elenco (RF01 ordinario, RF19 forfettario...).'));
  }
  errors.push(...validateAddress(c.sede, 'sede.'));
  if (c.stabileOrganizzazione) errors.push(...validateAddress(c.stabileOrganizzazione, 'stabileOrganizzazione.'));
  if (c.rea) {
    const rea = c.rea;
    if (!/^[A-Z]{2}$/.test((rea.ufficio ?? '').trim().toUpperCase())) {
      errors.push(err('rea.ufficio', 'REA_UFFICIO_NON_VALIDO', 'L’ufficio REA è la sigla di 2 lettere della provincia della Camera di Commercio.', 'Usa la sigla (es. MI).'));
    }
    const numero = (rea.numero ?? '').trim();
    if (numero === '' || numero.length > 20) {
      errors.push(err('rea.numero', 'REA_NUMERO_NON_VALIDO', 'Il numero REA deve avere da 1 a 20 caratteri.', 'Copia il numero REA dalla visura camerale.'));
    }
    if (rea.capitaleSociale !== undefined && rea.capitaleSociale !== '') {
      const cap = Decimal.tryParse(rea.capitaleSociale);
      if (!cap || cap.isNegative() || cap.significantScale() > 2) {
        errors.push(err('rea.capitaleSociale', 'CAPITALE_SOCIALE_NON_VALIDO', 'Il capitale sociale deve essere un importo positivo con al massimo 2 decimali.', 'Scrivi l’importo senza punti delle migliaia (es. 10000.00).'));
      }
    }
    if (rea.socioUnico !== undefined && rea.socioUnico !== 'SU' && rea.socioUnico !== 'SM') {
      errors.push(err('rea.socioUnico', 'SOCIO_UNICO_NON_VALIDO', 'Socio unico: SU (socio unico) o SM (più soci).', 'Scegli dall’elenco.'));
    }
    if (rea.statoLiquidazione !== 'LS' && rea.statoLiquidazione !== 'LN') {
      errors.push(err('rea.statoLiquidazione', 'STATO_LIQUIDAZIONE_NON_VALIDO', 'Stato di liquidazione: LS (in liquidazione) o LN (non in liquidazione).', 'Scegli dall’elenco.'));
    }
  }
  if (c.trasmittente) {
    if (!/^[A-Z]{2}$/.test(c.trasmittente.idPaese)) errors.push(err('trasmittente.idPaese', 'PAESE_NON_VALIDO', 'Il paese del trasmittente deve essere un codice di 2 lettere.'));
    if (!/^[A-Za-z0-9]{1,28}$/.test(c.trasmittente.idCodice)) errors.push(err('trasmittente.idCodice', 'ID_CODICE_NON_VALIDO', 'Il codice del trasmittente deve avere da 1 a 28 lettere o cifre.', 'Usa la partita IVA o il codice fiscale di chi trasmette.'));
  }
  return errors;
}

function duplicates(codes: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const c of codes) (seen.has(c) ? dup : seen).add(c);
  return [...dup];
}

export function validateAccountingSettings(s: AccountingSettings): FieldError[] {
  const errors: FieldError[] = [];
  if (!s.series?.length) errors.push(err('series', 'SERIE_MANCANTI', 'Serve almeno una serie di numerazione.', 'Aggiungi la serie delle fatture (es. FT).'));
  (s.series ?? []).forEach((series, i) => {
    if (!/^[A-Za-z0-9/_-]{1,10}$/.test(series.code ?? '')) {
      errors.push(err(`series[${i}].code`, 'SERIE_CODICE_NON_VALIDO', `Il codice della serie «${series.code ?? ''}» deve avere da 1 a 10 lettere, cifre o - _ /.`));
    }
    try {
      formatNumero(series.format ?? '', { number: 99999, year: 2099, series: series.code ?? '' });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push(err(`series[${i}].format`, e.code, e.message, e.fix));
    }
  });
  for (const d of duplicates((s.series ?? []).map((x) => x.code))) errors.push(err('series', 'SERIE_DUPLICATA', `La serie «${d}» è definita più volte.`));

  (s.vatCodes ?? []).forEach((v, i) => {
    const rate = Decimal.tryParse(v.aliquota);
    if (!rate || rate.isNegative() || rate.gt('100') || rate.significantScale() > 2) {
      errors.push(err(`vatCodes[${i}].aliquota`, 'ALIQUOTA_NON_VALIDA', `Aliquota «${v.aliquota}» non valida (da 0 a 100, al massimo 2 decimali).`));
    } else if (rate.isZero() && !isNatura(v.natura)) {
      errors.push(err(`vatCodes[${i}].natura`, 'NATURA_MANCANTE', `Il codice IVA «${v.code}» ha aliquota 0: serve la Natura (N1-N7).`, 'Scegli la natura dell’operazione non imponibile, esente o fuori campo.'));
    } else if (!rate.isZero() && v.natura !== undefined) {
      errors.push(err(`vatCodes[${i}].natura`, 'NATURA_NON_AMMESSA', `Il codice IVA «${v.code}» ha un’aliquota diversa da 0: la Natura non va indicata.`));
    }
  });
  for (const d of duplicates((s.vatCodes ?? []).map((x) => x.code))) errors.push(err('vatCodes', 'CODICE_IVA_DUPLICATO', `Il codice IVA «${d}» è definito più volte.`));

  (s.paymentTerms ?? []).forEach((t, i) => {
    const percents = t.installments.map((r) => Decimal.tryParse(r.percent));
    if (t.installments.some((r) => !Number.isInteger(r.days) || r.days < 0 || (r.extraDays !== undefined && (!Number.isInteger(r.extraDays) || r.extraDays < 0)))) {
      errors.push(err(`paymentTerms[${i}].installments`, 'TERMINE_NON_VALIDO', `Il termine «${t.code}» ha giorni di scadenza non validi.`, 'Indica giorni interi, 0 o più.'));
    }
    if (t.installments.length > 0 && (percents.some((p) => !p || p.isNegative()) || !Decimal.sum(percents.map((p) => p ?? Decimal.ZERO)).eq('100'))) {
      errors.push(err(`paymentTerms[${i}].installments`, 'TERMINE_NON_VALIDO', `Le percentuali delle rate del termine «${t.code}» devono sommare a 100.`));
    }
  });
  for (const d of duplicates((s.paymentTerms ?? []).map((x) => x.code))) errors.push(err('paymentTerms', 'TERMINE_DUPLICATO', `Il termine di pagamento «${d}» è definito più volte.`));
  (s.paymentMethods ?? []).forEach((m, i) => {
    if (!/^MP(0[1-9]|1\d|2[0-3])$/.test(m.modalita ?? '')) errors.push(err(`paymentMethods[${i}].modalita`, 'MODALITA_NON_VALIDA', `Modalità di pagamento «${m.modalita}» non prevista (MP01-MP23).`));
  });
  for (const d of duplicates((s.paymentMethods ?? []).map((x) => x.code))) errors.push(err('paymentMethods', 'METODO_DUPLICATO', `Il metodo di pagamento «${d}» è definito più volte.`));

  const d = s.defaults;
  const has = <T extends { code: string }>(list: T[] | undefined, code: string | undefined) => code === undefined || (list ?? []).some((x) => x.code === code);
  if (!d || !d.series || !has(s.series, d.series)) errors.push(err('defaults.series', 'SERIE_PREDEFINITA', 'La serie predefinita non è tra le serie definite.'));
  if (d && !has(s.series, d.creditNoteSeries)) errors.push(err('defaults.creditNoteSeries', 'SERIE_PREDEFINITA', 'La serie delle note di credito non è tra le serie definite.'));
  if (d && (!d.vatCode || !has(s.vatCodes, d.vatCode))) errors.push(err('defaults.vatCode', 'CODICE_IVA_PREDEFINITO', 'Il codice IVA predefinito non è tra i codici definiti.'));
  if (d && !has(s.paymentTerms, d.paymentTerm)) errors.push(err('defaults.paymentTerm', 'TERMINE_PREDEFINITO', 'Il termine di pagamento predefinito non è tra quelli definiti.'));
  if (d && !has(s.paymentMethods, d.paymentMethod)) errors.push(err('defaults.paymentMethod', 'METODO_PREDEFINITO', 'Il metodo di pagamento predefinito non è tra quelli definiti.'));
  return errors;
}

export function validateEInvoicingSettings(s: EInvoicingSettings): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof s.sendImportedXml !== 'boolean') errors.push(err('sendImportedXml', 'VALORE_NON_VALIDO', 'Indicare sì o no.'));
  if (typeof s.publishImportedXml !== 'boolean') errors.push(err('publishImportedXml', 'VALORE_NON_VALIDO', 'Indicare sì o no.'));
  if (typeof s.transmitter !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(s.transmitter)) {
    errors.push(err('transmitter', 'TRASMETTITORE_NON_VALIDO', 'Canale di trasmissione non valido.', 'Scegli il canale dall’elenco.'));
  }
  return errors;
}
