import { describe, expect, it } from 'vitest';
import { checkIban } from './iban';

describe('checkIban', () => {
  it('accepts a valid Italian IBAN, with spaces and lower case, and reads ABI and CAB', () => {
    expect(checkIban('it60 x054 2811 1010 0000 0123 456')).toEqual({ ok: true, iban: 'IT60X0542811101000000123456', abi: '05428', cab: '11101' });
  });

  it('accepts a valid foreign IBAN', () => {
    expect(checkIban('DE89370400440532013000')).toEqual({ ok: true, iban: 'DE89370400440532013000' });
  });

  it('refuses a wrong check digit, a wrong Italian length and garbage', () => {
    expect(checkIban('IT61X0542811101000000123456')).toMatchObject({ ok: false, code: 'IBAN_CONTROLLO' });
    expect(checkIban('IT60X054281110100000012345')).toMatchObject({ ok: false, code: 'IBAN_LUNGHEZZA' });
    expect(checkIban('conto corrente')).toMatchObject({ ok: false, code: 'IBAN_FORMATO' });
  });
});
