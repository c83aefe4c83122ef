import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  codiceFiscaleCheckChar,
  isEuCountry,
  isValidCodiceFiscale,
  isValidPartitaIva,
  isValidVatNumber,
  normalizeFiscalId,
  partitaIvaCheckDigit,
} from './fiscal-ids';

describe('isValidPartitaIva', () => {
  it('accepts a real P.IVA and checks the digit by hand', () => {
    // Agenzia delle Entrate 06363391001: odd positions 0+3+3+9+0 = 15; even positions doubled 6→12→3, 6→3, 3→6, 1→2,
    // 0→0 = 14; total 29; check = (10 - 9) % 10 = 1 = last digit.
    expect(isValidPartitaIva('06363391001')).toBe(true);
    expect(partitaIvaCheckDigit('0636339100')).toBe(1);
  });

  it('refuses a wrong check digit, wrong length, letters and all zeros', () => {
    // The official FatturaPA samples use 01234567890, whose check digit would be 7.
    expect(isValidPartitaIva('01234567890')).toBe(false);
    expect(partitaIvaCheckDigit('0123456789')).toBe(7);
    expect(isValidPartitaIva('01234567897')).toBe(true);
    expect(isValidPartitaIva('0636339100')).toBe(false);
    expect(isValidPartitaIva('063633910011')).toBe(false);
    expect(isValidPartitaIva('0636339100A')).toBe(false);
    expect(isValidPartitaIva('00000000000')).toBe(false);
    expect(isValidPartitaIva('')).toBe(false);
  });

  it('accepts the IT prefix and spaces', () => {
    expect(isValidPartitaIva('IT06363391001')).toBe(true);
    expect(isValidPartitaIva(' it 0636 3391 001 ')).toBe(true);
  });

  it('detects every single-digit change of a valid number', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (ds, pos, delta) => {
        const first10 = ds.join('');
        const valid = first10 + String(partitaIvaCheckDigit(first10));
        fc.pre(valid !== '00000000000');
        expect(isValidPartitaIva(valid)).toBe(true);
        const chars = valid.split('');
        chars[pos] = String((Number(chars[pos]) + delta) % 10);
        expect(isValidPartitaIva(chars.join(''))).toBe(false);
      }),
    );
  });
});

describe('isValidCodiceFiscale', () => {
  it('accepts well-known personal codes', () => {
    expect(isValidCodiceFiscale('RSSMRA80A01H501U')).toBe(true);
    expect(isValidCodiceFiscale('MRTMTT25D09F205Z')).toBe(true);
    expect(isValidCodiceFiscale('rssmra85t10a562s')).toBe(true);
  });

  it('refuses a wrong check character, a bad month, a bad day', () => {
    expect(isValidCodiceFiscale('RSSMRA80A01H501V')).toBe(false);
    // 'F' is not a month letter (A B C D E H L M P R S T).
    const badMonth = 'RSSMRA80F01H501';
    expect(isValidCodiceFiscale(badMonth + codiceFiscaleCheckChar(badMonth))).toBe(false);
    const badDay = 'RSSMRA80A35H501';
    expect(isValidCodiceFiscale(badDay + codiceFiscaleCheckChar(badDay))).toBe(false);
    expect(isValidCodiceFiscale('RSSMRA80A01H501')).toBe(false);
  });

  it('accepts omocodia (digits replaced by L M N P Q R S T U V) with the recomputed check character', () => {
    // Position 15 '1' -> 'M', position 14 '0' -> 'L'.
    const omo = 'RSSMRA80A01H5LM';
    expect(isValidCodiceFiscale(omo + codiceFiscaleCheckChar(omo))).toBe(true);
    // Women: day + 40.
    const woman = 'RSSMRA80A41H501';
    expect(isValidCodiceFiscale(woman + codiceFiscaleCheckChar(woman))).toBe(true);
  });

  it('accepts the 11-digit codice fiscale of organisations with the P.IVA check', () => {
    expect(isValidCodiceFiscale('06363391001')).toBe(true);
    expect(isValidCodiceFiscale('06363391002')).toBe(false);
  });
});

describe('normalizeFiscalId', () => {
  it('trims, uppercases, strips separators and the IT prefix of a P.IVA', () => {
    expect(normalizeFiscalId(' it-063.633.910 01 ')).toBe('06363391001');
    expect(normalizeFiscalId('de123456789')).toBe('DE123456789');
    expect(normalizeFiscalId('rssmra80a01h501u')).toBe('RSSMRA80A01H501U');
    expect(normalizeFiscalId(undefined)).toBe('');
  });
});

describe('isValidVatNumber', () => {
  it('checks EU shapes, with or without the country prefix', () => {
    expect(isValidVatNumber('DE', '123456789')).toBe(true);
    expect(isValidVatNumber('DE', 'DE123456789')).toBe(true);
    expect(isValidVatNumber('DE', '12345678')).toBe(false);
    expect(isValidVatNumber('FR', 'XX123456789')).toBe(true);
    expect(isValidVatNumber('AT', 'U12345678')).toBe(true);
    expect(isValidVatNumber('AT', '12345678')).toBe(false);
    expect(isValidVatNumber('NL', '123456789B01')).toBe(true);
    expect(isValidVatNumber('GR', 'EL123456789')).toBe(true);
    expect(isValidVatNumber('IT', '06363391001')).toBe(true);
    expect(isValidVatNumber('IT', '06363391002')).toBe(false);
  });

  it('accepts any 1-28 alphanumeric identifier outside the EU, nothing empty or longer', () => {
    expect(isValidVatNumber('US', 'EIN123456789')).toBe(true);
    expect(isValidVatNumber('CH', 'CHE123456789')).toBe(true);
    expect(isValidVatNumber('US', '')).toBe(false);
    expect(isValidVatNumber('US', 'A'.repeat(29))).toBe(false);
    expect(isValidVatNumber('US', 'abc#1')).toBe(false);
  });

  it('knows the EU member states', () => {
    expect(isEuCountry('de')).toBe(true);
    expect(isEuCountry('CH')).toBe(false);
    expect(isEuCountry('GB')).toBe(false);
    expect(isEuCountry('SM')).toBe(false);
  });
});
