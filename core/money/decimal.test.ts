import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, dec } from './decimal';
import { allocate } from './allocate';

const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 8 }))
  .map(([neg, units, scale]) => Decimal.fromUnits(neg ? -units : units, scale).toString());

describe('Decimal', () => {
  it('parses and prints without floats', () => {
    expect(dec('0.1').add('0.2').toString()).toBe('0.3');
    expect(dec('-0.05').toString()).toBe('-0.05');
    expect(dec('12').toFixed(2)).toBe('12.00');
    expect(dec('123456789012.12345678').mul('3').toString()).toBe('370370367036.37037034');
  });

  it('refuses anything that is not a plain decimal', () => {
    for (const bad of ['', '1e5', '1,5', 'abc', '1.', '.5', 'NaN', '--1', '+', '-', '1.2.3', '0x10', '1 000', '\u0663']) expect(() => dec(bad)).toThrow(RangeError);
    expect(() => Decimal.fromInt(0.1)).toThrow(RangeError);
    expect(Decimal.tryParse(' 12.50 ')?.toString()).toBe('12.50');
    expect(Decimal.tryParse('1.5x')).toBeUndefined();
    expect(Decimal.tryParse(undefined)).toBeUndefined();
  });

  it('parses long numbers exactly, on both sides of 15 digits', () => {
    expect(dec('999999999999999').units).toBe(999999999999999n);
    expect(dec('9999999999999999').units).toBe(9999999999999999n);
    expect(dec('-1234567.123456789').units).toBe(-1234567123456789n);
    expect(dec('12345678901234567890.123456789').toString()).toBe('12345678901234567890.123456789');
    expect(dec('+007.50')).toEqual(Decimal.fromUnits(750n, 2));
    expect(dec('-0').isZero()).toBe(true);
  });

  it('parses what it prints (property)', () => {
    fc.assert(fc.property(decimalText, (t) => dec(t).toString() === t));
  });

  it('rounds half-up, ties away from zero', () => {
    expect(dec('2.345').round(2).toString()).toBe('2.35');
    expect(dec('2.344').round(2).toString()).toBe('2.34');
    expect(dec('-2.345').round(2).toString()).toBe('-2.35');
    expect(dec('0.005').round(2).toString()).toBe('0.01');
    expect(dec('1.999').round(2, 'DOWN').toString()).toBe('1.99');
    expect(dec('1.001').round(2, 'UP').toString()).toBe('1.01');
  });

  it('divides with explicit scale', () => {
    expect(dec('10').div('3', 2).toString()).toBe('3.33');
    expect(dec('20').div('3', 2).toString()).toBe('6.67');
    expect(dec('-20').div('3', 2).toString()).toBe('-6.67');
    expect(() => dec('1').div('0', 2)).toThrow(RangeError);
  });

  it('normalizes within a decimals range', () => {
    expect(dec('1.50000').normalize(2, 8).toString()).toBe('1.50');
    expect(dec('1.123456789').normalize(2, 8).toString()).toBe('1.12345679');
    expect(dec('3').normalize(2, 8).toString()).toBe('3.00');
  });

  it('add and sub are inverse, mul by one is identity (property)', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const x = dec(a);
        const y = dec(b);
        expect(x.add(y).sub(y).eq(x)).toBe(true);
        expect(x.mul('1').eq(x)).toBe(true);
        expect(x.add(y).eq(y.add(x))).toBe(true);
      }),
    );
  });

  it('rounding moves the value by at most half a unit (property)', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 6 }), (a, s) => {
        const x = dec(a);
        const diff = x.round(s).sub(x).abs();
        expect(diff.lte(Decimal.fromUnits(5n, s + 1))).toBe(true);
      }),
    );
  });
});

describe('allocate', () => {
  it('splits 100.00 in three equal parts summing exactly', () => {
    const parts = allocate(dec('100.00'), [dec('1'), dec('1'), dec('1')]);
    expect(parts.map(String)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('follows proportions of VAT bases', () => {
    const parts = allocate(dec('300.00'), [dec('700.00'), dec('300.00')]);
    expect(parts.map(String)).toEqual(['210.00', '90.00']);
  });

  it('parts always sum to the total (property)', () => {
    fc.assert(
      fc.property(
        decimalText,
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 12 }),
        (t, ws) => {
          const total = dec(t);
          const parts = allocate(total, ws.map((w) => Decimal.fromUnits(w, 2)));
          expect(Decimal.sum(parts).eq(total.round(2))).toBe(true);
          expect(parts).toHaveLength(ws.length);
        },
      ),
    );
  });
});
