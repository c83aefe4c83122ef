import { describe, expect, test } from 'vitest';
import { fatturaPASchema } from '../schema.generated';
import { base64Problem, charLength, collapseWhitespace, isIsoDate, isRealDate, SIMPLE_TYPES } from './simple-types';

describe('simple type helpers', () => {
  test('every simple type of the schema is compiled, patterns included', () => {
    expect([...SIMPLE_TYPES.keys()].sort()).toEqual(Object.keys(fatturaPASchema.simpleTypes).sort());
  });

  test('charLength counts characters, not UTF-16 units', () => {
    expect(charLength('abc')).toBe(3);
    expect(charLength('😀a')).toBe(2);
    expect('😀a'.length).toBe(3);
  });

  test('collapseWhitespace follows xs:token', () => {
    expect(collapseWhitespace('  Dott.\t Ing. \n')).toBe('Dott. Ing.');
    const same = 'Dott.';
    expect(collapseWhitespace(same)).toBe(same);
  });

  test('real dates, leap years included', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2026, 4, 31)).toBe(false);
    expect(isRealDate(0, 1, 1)).toBe(false);
    expect(isIsoDate('2026-11-23')).toBe(true);
    expect(isIsoDate('2026-11-23Z')).toBe(false);
    expect(isIsoDate('2026-11-31')).toBe(false);
  });

  test('base64: canonical padding and alphabet, whitespace between characters allowed', () => {
    expect(base64Problem('')).toBeUndefined();
    expect(base64Problem('SGVsbG8gbW9uZG8h')).toBeUndefined();
    expect(base64Problem('SGVs\r\nbG8=')).toBeUndefined();
    expect(base64Problem('QQ==')).toBeUndefined();
    expect(base64Problem('QR==')).toContain('carattere finale');
    expect(base64Problem('QUI=')).toBeUndefined();
    expect(base64Problem('QUJ=')).toContain('carattere finale');
    expect(base64Problem('Q===')).toContain('più di due');
    expect(base64Problem('SGVsbG8')).toContain('multipla di 4');
    expect(base64Problem('SGV-bG8=')).toContain('"-"');
  });

  test('checks return undefined for valid values', () => {
    const rate = SIMPLE_TYPES.get('RateType')!;
    expect(rate.check('22.00')).toBeUndefined();
    expect(rate.check('0.00')).toBeUndefined();
    expect(rate.check('22')?.problem).toBe('deve avere esattamente 2 decimali (trovato "22")');
    const peso = SIMPLE_TYPES.get('PesoType')!;
    expect(peso.check('12.5')).toBeUndefined();
    expect(peso.check('12.500')?.problem).toContain('da 1 a 2 decimali');
  });
});
