import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, formatIban, formatMoney, formatNumber, formatPercent, formatQuantity, sumOf } from './format';

describe('Italian formats', () => {
  it('amounts: thousands with dots, two decimals with a comma, half-up', () => {
    expect(formatAmount('1234.56')).toBe('1.234,56');
    expect(formatAmount('1234567.5')).toBe('1.234.567,50');
    expect(formatAmount('0')).toBe('0,00');
    expect(formatAmount('-1961.26')).toBe('-1.961,26');
    expect(formatAmount('2.345')).toBe('2,35');
    expect(formatAmount('999.995')).toBe('1.000,00');
  });

  it('money: currency symbol first', () => {
    expect(formatMoney('1234.56', 'EUR')).toBe('€ 1.234,56');
    expect(formatMoney('-832.00', 'EUR')).toBe('€ -832,00');
    expect(formatMoney('10', 'CHF')).toBe('CHF 10,00');
    expect(formatMoney('10', 'usd')).toBe('$ 10,00');
    expect(formatMoney(undefined, 'EUR')).toBe('');
  });

  it('quantities and unit prices keep up to 8 decimals as entered', () => {
    expect(formatQuantity('5.00')).toBe('5,00');
    expect(formatQuantity('1.12500000')).toBe('1,125');
    expect(formatQuantity('1500')).toBe('1.500,00');
    expect(formatQuantity('0.123456789')).toBe('0,12345679');
  });

  it('percentages without useless decimals', () => {
    expect(formatPercent('22.00')).toBe('22%');
    expect(formatPercent('5.50')).toBe('5,5%');
    expect(formatPercent('0.00')).toBe('0%');
  });

  it('dates as dd/mm/yyyy, date-times with hours and minutes', () => {
    expect(formatDate('2026-11-23')).toBe('23/11/2026');
    expect(formatDate('2017-01-10T16:46:12.000+02:00')).toBe('10/01/2017 16:46');
    expect(formatDate(undefined)).toBe('');
  });

  it('shows text that is not a number or a date as written instead of failing', () => {
    expect(formatAmount('due')).toBe('due');
    expect(formatMoney('1,5', 'EUR')).toBe('€ 1,5');
    expect(formatPercent('abc')).toBe('abc');
    expect(formatDate('23 novembre')).toBe('23 novembre');
  });

  it('English separators on request', () => {
    expect(formatNumber('1234.5', 2, 2, 'en')).toBe('1,234.50');
    expect(formatMoney('1234.5', 'EUR', 'en')).toBe('€ 1,234.50');
  });

  it('IBAN in groups of four', () => {
    expect(formatIban('it60x0542811101000000123456')).toBe('IT60 X054 2811 1010 0000 0123 456');
  });

  it('sums exactly and skips what does not parse', () => {
    expect(sumOf(['0.10', '0.20', 'x', undefined]).toString()).toBe('0.30');
  });
});
