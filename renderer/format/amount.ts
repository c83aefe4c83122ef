/**
 * Amounts in a document's or order's own currency: "€ 1.234,50" in euro (as formatMoney), "1.234,50 USD" otherwise,
 * so a foreign-currency amount is never shown with the euro sign.
 */
import { formatMoney, formatNumber } from './format';

export function formatAmount(value: string | undefined | null, divisa: string | undefined = 'EUR'): string {
  if (value === undefined || value === null || value === '') return '';
  if (!divisa || divisa === 'EUR') return formatMoney(value);
  return `${formatNumber(value, 2, 2)} ${divisa}`;
}
