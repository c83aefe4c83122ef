/**
 * The Numero written into the document, from the series format: {n} the number, {n:5} zero-padded to 5 digits, {yyyy}
 * and {yy} the year of the numbering, {series} the series code. FatturaPA's Numero is 1-20 characters with a digit.
 */
import { fail } from '../../errors';

const TOKEN_RE = /\{(n(?::(\d{1,2}))?|yyyy|yy|series)\}/g;
const NUMERO_MAX = 20;

export function formatNumero(format: string, parts: { number: number; year: number; series: string }): string {
  if (!/\{n(?::\d{1,2})?\}/.test(format)) {
    fail('FORMATO_NUMERO_NON_VALIDO', `Il formato di numerazione «${format}» non contiene il numero ({n} o {n:5}).`, {
      fix: 'Correggi il formato della serie nelle impostazioni, ad esempio «{n}/{yyyy}».',
      field: 'series.format',
    });
  }
  const numero = format.replace(TOKEN_RE, (_m, token: string, width?: string) => {
    if (token === 'yyyy') return String(parts.year).padStart(4, '0');
    if (token === 'yy') return String(parts.year % 100).padStart(2, '0');
    if (token === 'series') return parts.series;
    return width ? String(parts.number).padStart(Number(width), '0') : String(parts.number);
  });
  if (numero.length > NUMERO_MAX) {
    fail('NUMERO_TROPPO_LUNGO', `Il numero «${numero}» supera i ${NUMERO_MAX} caratteri ammessi dal tracciato FatturaPA.`, {
      fix: 'Accorcia il formato della serie o il codice della serie.',
      field: 'series.format',
    });
  }
  if (!/\d/.test(numero)) {
    fail('NUMERO_SENZA_CIFRE', `Il numero «${numero}» non contiene cifre: lo SdI lo scarterebbe.`, { fix: 'Includi {n} nel formato della serie.' });
  }
  return numero;
}
