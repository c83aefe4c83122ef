import { describe, expect, it } from 'vitest';
import * as S from '../../core/api/schemas';
import { errorText, normalizeField, toErrorMap, unplacedErrors, zodIssuesToMap } from './errors';

describe('field error maps', () => {
  it('normalizes bracket and dot paths to one form', () => {
    expect(normalizeField('lines[2].aliquotaIva')).toBe('lines.2.aliquotaIva');
    expect(normalizeField('lines.2.sconti[0].percentuale')).toBe('lines.2.sconti.0.percentuale');
  });

  it('joins message and fix and keeps the first error of a field', () => {
    const map = toErrorMap([
      { field: 'address.cap', code: 'CAP_NON_VALIDO', message: 'Il CAP italiano deve avere 5 cifre.', fix: 'Correggi il CAP (es. 20121).' },
      { field: 'address.cap', code: 'ALTRO', message: 'Secondo errore' },
      { field: 'draft.lines[0].natura', code: '00400', message: 'Con aliquota IVA 0 va indicata la natura dell’operazione' },
    ], 'draft.');
    expect(map['address.cap']).toBe('Il CAP italiano deve avere 5 cifre. Correggi il CAP (es. 20121).');
    expect(map['lines.0.natura']).toBe('Con aliquota IVA 0 va indicata la natura dell’operazione');
    expect(errorText({ message: 'Manca il comune', fix: 'Inserisci il comune.' })).toBe('Manca il comune. Inserisci il comune.');
  });

  it('turns zod issues of the shared schemas into plain Italian next to the field', () => {
    const r = S.bankAccountInput.safeParse({ istituto: '', iban: 'IT12' });
    expect(r.success).toBe(false);
    const map = zodIssuesToMap(r.error!.issues);
    expect(map.istituto).toBe('Indica la banca');
    expect(map.iban).toBe('Almeno 15 caratteri.');
    const c = S.customerInput.safeParse({ kind: 'B2B', isSupplier: false, idPaese: 'IT', splitPayment: false, address: { indirizzo: 'Via Roma 1', cap: '123456', comune: 'Milano', nazione: 'IT' } });
    expect(zodIssuesToMap(c.error!.issues)['address.cap']).toBe('Al massimo 5 caratteri');
  });

  it('lists errors of fields the form does not show', () => {
    expect(unplacedErrors({ partitaIva: 'x', 'stabileOrganizzazione.cap': 'y' }, (f) => f === 'partitaIva')).toEqual(['stabileOrganizzazione.cap: y']);
  });
});

describe('errors that follow the typing', () => {
  it('drops the error of a field as soon as its value changes, keeps the others', async () => {
    const { flatten, withoutChanged } = await import('./errors');
    const before = flatten({ denominazione: '', address: { cap: '123', comune: '' } });
    const after = flatten({ denominazione: 'Rossi', address: { cap: '123', comune: '' } });
    expect(before['address.cap']).toBe('123');
    const errors = { denominazione: 'Manca', 'address.cap': 'CAP', 'address.comune': 'Manca il comune' };
    expect(withoutChanged(errors, before, after)).toEqual({ 'address.cap': 'CAP', 'address.comune': 'Manca il comune' });
  });
});
