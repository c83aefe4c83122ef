import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { formatNumero } from './numero';

describe('formatNumero', () => {
  it('replaces every token', () => {
    expect(formatNumero('{n}', { number: 7, year: 2025, series: 'FT' })).toBe('7');
    expect(formatNumero('{n:5}', { number: 7, year: 2025, series: 'FT' })).toBe('00007');
    expect(formatNumero('{series}/{n}/{yyyy}', { number: 12, year: 2025, series: 'A' })).toBe('A/12/2025');
    expect(formatNumero('{yy}-{n:3}', { number: 1234, year: 2009, series: 'X' })).toBe('09-1234');
  });

  it('refuses a format without the number, a text over 20 characters, a numero without digits', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as AppError).code;
      }
      return undefined;
    };
    expect(code(() => formatNumero('{yyyy}', { number: 1, year: 2025, series: 'FT' }))).toBe('FORMATO_NUMERO_NON_VALIDO');
    expect(code(() => formatNumero('FATTURA-{series}-{n:8}', { number: 1, year: 2025, series: 'ABCDEFG' }))).toBe('NUMERO_TROPPO_LUNGO');
    expect(code(() => formatNumero('{series}{n:0}', { number: 1, year: 2025, series: 'A' }))).toBeUndefined();
  });
});
