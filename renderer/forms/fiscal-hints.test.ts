import { describe, expect, it } from 'vitest';
import { codiceFiscaleState, partitaIvaState } from './fiscal-hints';

describe('as-you-type fiscal id feedback', () => {
  it('waits while an Italian P.IVA is being typed, then checks its check digit', () => {
    expect(partitaIvaState('')).toEqual({ state: 'empty' });
    expect(partitaIvaState('0123')).toEqual({ state: 'typing', digits: 4 });
    expect(partitaIvaState('01234567897')).toEqual({ state: 'valid', normalized: '01234567897' });
    expect(partitaIvaState('01234567890')).toEqual({ state: 'invalid' });
    expect(partitaIvaState('IT 01234567897')).toEqual({ state: 'valid', normalized: '01234567897' });
  });

  it('flags letters or too many digits at once', () => {
    expect(partitaIvaState('0123A')).toEqual({ state: 'invalid' });
    expect(partitaIvaState('012345678977')).toEqual({ state: 'invalid' });
  });

  it('accepts foreign VAT ids of the right shape', () => {
    expect(partitaIvaState('DE123456789', 'DE')).toEqual({ state: 'valid', normalized: 'DE123456789' });
    expect(partitaIvaState('12', 'DE')).toEqual({ state: 'typing', digits: 2 });
  });

  it('checks personal and numeric codici fiscali', () => {
    expect(codiceFiscaleState('RSSMRA85T10A562S')).toEqual({ state: 'valid', normalized: 'RSSMRA85T10A562S' });
    expect(codiceFiscaleState('RSSMRA85T10A562X')).toEqual({ state: 'invalid' });
    expect(codiceFiscaleState('RSSMRA85')).toEqual({ state: 'typing', digits: 8 });
    expect(codiceFiscaleState('01234567897')).toEqual({ state: 'valid', normalized: '01234567897' });
    expect(codiceFiscaleState('RSSMRA85T10A562SX')).toEqual({ state: 'invalid' });
  });
});
