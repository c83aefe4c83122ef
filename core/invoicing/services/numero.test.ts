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

  it('keeps the text around the tokens, and gives the same result when the format is used again', () => {
    for (let i = 0; i < 2; i++) {
      expect(formatNumero('FT {n:4} del {yyyy}{x}', { number: 42 + i, year: 2026, series: 'FT' })).toBe(`FT 00${42 + i} del 2026{x}`);
      expect(formatNumero('{{n}}', { number: 3, year: 2026, series: 'FT' })).toBe('{3}');
    }
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
