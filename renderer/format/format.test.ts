import { describe, expect, it } from 'vitest';
import { decimalToInput, formatCount, formatDate, formatMoney, formatNumber, formatPercent, formatQuantity, parseDateInput, parseDecimalInput } from './format';

describe('formatting for Italian users', () => {
  it('groups thousands with dots and uses the comma for decimals, also for 4-digit numbers', () => {
    expect(formatNumber('1234.56')).toBe('1.234,56');
    expect(formatNumber('1234.5')).toBe('1.234,50');
    expect(formatNumber('0')).toBe('0,00');
    expect(formatNumber('-1234567.89')).toBe('-1.234.567,89');
  });

  it('formats decimal text exactly, beyond float precision', () => {
    expect(formatNumber('12345678901234.56')).toBe('12.345.678.901.234,56');
  });

  it('groups counts', () => {
    expect(formatCount(100000)).toBe('100.000');
    expect(formatCount(7)).toBe('7');
  });

  it('writes money with the euro sign first', () => {
    expect(formatMoney('1234.56')).toBe('€ 1.234,56');
    expect(formatMoney('-10')).toBe('-€ 10,00');
    expect(formatMoney(undefined)).toBe('');
  });

  it('keeps the decimals of quantities and trims percentages', () => {
    expect(formatQuantity('2.12345678')).toBe('2,12345678');
    expect(formatQuantity('3')).toBe('3,00');
    expect(formatPercent('22.00')).toBe('22');
    expect(formatPercent('5.5')).toBe('5,5');
  });

  it('shows non-numbers unchanged instead of hiding them', () => {
    expect(formatNumber('abc')).toBe('abc');
  });

  it('writes dates as dd/mm/yyyy', () => {
    expect(formatDate('2026-11-23')).toBe('23/11/2026');
    expect(formatDate('')).toBe('');
  });
});

describe('parsing what the user types', () => {
  it('reads Italian and plain decimals', () => {
    expect(parseDecimalInput('1.234,56')).toBe('1234.56');
    expect(parseDecimalInput('1234,56')).toBe('1234.56');
    expect(parseDecimalInput('1234.56')).toBe('1234.56');
    expect(parseDecimalInput('€ 12,50')).toBe('12.50');
    expect(parseDecimalInput(' -3 ')).toBe('-3');
    expect(parseDecimalInput(',5')).toBe('0.5');
    expect(parseDecimalInput('0,12345678')).toBe('0.12345678');
  });

  it('reads a single dot before three digits as a thousands separator', () => {
    expect(parseDecimalInput('1.000')).toBe('1000');
    expect(parseDecimalInput('1.000.000')).toBe('1000000');
    expect(parseDecimalInput('1.5')).toBe('1.5');
    expect(parseDecimalInput('1234.567')).toBe('1234.567');
  });

  it('refuses text that is not a number', () => {
    expect(parseDecimalInput('')).toBeNull();
    expect(parseDecimalInput('abc')).toBeNull();
    expect(parseDecimalInput('1,2,3')).toBeNull();
    expect(parseDecimalInput('12.34.5')).toBeNull();
    expect(parseDecimalInput('1e5')).toBeNull();
    expect(parseDecimalInput('12,3a')).toBeNull();
  });

  it('turns API decimals into editable text', () => {
    expect(decimalToInput('1234.5')).toBe('1234,5');
    expect(decimalToInput(undefined)).toBe('');
  });

  it('reads the usual ways of typing a date', () => {
    const today = '2026-11-23';
    expect(parseDateInput('23/11/2026', today)).toBe('2026-11-23');
    expect(parseDateInput('1/2/2026', today)).toBe('2026-02-01');
    expect(parseDateInput('23.11.26', today)).toBe('2026-11-23');
    expect(parseDateInput('23112026', today)).toBe('2026-11-23');
    expect(parseDateInput('231126', today)).toBe('2026-11-23');
    expect(parseDateInput('5/1', today)).toBe('2026-01-05');
    expect(parseDateInput('2026-11-23', today)).toBe('2026-11-23');
  });

  it('refuses impossible dates', () => {
    const today = '2026-11-23';
    expect(parseDateInput('31/02/2026', today)).toBeNull();
    expect(parseDateInput('29/02/2025', today)).toBeNull();
    expect(parseDateInput('2026-13-01', today)).toBeNull();
    expect(parseDateInput('domani', today)).toBeNull();
    expect(parseDateInput('', today)).toBeNull();
  });
});
