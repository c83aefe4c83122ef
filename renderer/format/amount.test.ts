import { describe, expect, it } from 'vitest';
import { formatAmount } from './amount';

describe('formatAmount', () => {
  it('writes euro with the sign first and other currencies with their code after', () => {
    expect(formatAmount('1234.5')).toBe('€ 1.234,50');
    expect(formatAmount('1234.5', 'EUR')).toBe('€ 1.234,50');
    expect(formatAmount('-20', 'USD')).toBe('-20,00 USD');
    expect(formatAmount('1234.5', 'CHF')).toBe('1.234,50 CHF');
    expect(formatAmount(undefined, 'USD')).toBe('');
  });
});
