import { describe, expect, it } from 'vitest';
import { discountsText, editableAsText, parseDiscounts } from './discounts';

describe('cascading discounts as text', () => {
  it('reads "10+5" as two discounts in order, with Italian decimals', () => {
    expect(parseDiscounts('10+5')).toEqual([
      { tipo: 'SC', percentuale: '10' },
      { tipo: 'SC', percentuale: '5' },
    ]);
    expect(parseDiscounts('2,5%')).toEqual([{ tipo: 'SC', percentuale: '2.5' }]);
    expect(parseDiscounts('  ')).toEqual([]);
  });

  it('refuses text that is not a list of percentages', () => {
    expect(parseDiscounts('10+')).toBeNull();
    expect(parseDiscounts('dieci')).toBeNull();
    expect(parseDiscounts('-5')).toBeNull();
  });

  it('writes discounts back as text and tells which ones it cannot edit', () => {
    expect(discountsText([{ tipo: 'SC', percentuale: '10.00' }, { tipo: 'SC', percentuale: '2.5' }])).toBe('10+2,5');
    expect(editableAsText([{ tipo: 'MG', importo: '3' }])).toBe(false);
    expect(editableAsText(undefined)).toBe(true);
  });
});
