import { describe, expect, it } from 'vitest';
import * as S from '../../../core/api/schemas';
import { blankCustomer, customerForApi } from './customer-input';

describe('customerForApi', () => {
  it('a foreign customer: no codice destinatario, PEC or provincia; an untyped CAP is sent empty, which the API accepts', () => {
    const c = { ...blankCustomer('ESTERO'), idPaese: 'GB', denominazione: ' Acme Trading Ltd ', partitaIva: 'GB 123 456 789', codiceDestinatario: 'abc1234', pec: 'x@pec.it' };
    c.address = { indirizzo: 'Baker Street', numeroCivico: ' 221B ', cap: undefined as unknown as string, comune: 'London', provincia: 'LO', nazione: 'GB' };
    const out = customerForApi(c);
    expect(out).toMatchObject({ kind: 'ESTERO', idPaese: 'GB', denominazione: 'Acme Trading Ltd' });
    expect(out.codiceDestinatario).toBeUndefined();
    expect(out.pec).toBeUndefined();
    expect(out.address).toEqual({ indirizzo: 'Baker Street', numeroCivico: '221B', cap: '', comune: 'London', nazione: 'GB' });
    expect(S.customerInput.safeParse(out).success).toBe(true);
  });

  it('a foreign CAP that was typed is kept, trimmed', () => {
    const c = { ...blankCustomer('ESTERO'), idPaese: 'DE', denominazione: 'Müller GmbH' };
    c.address = { indirizzo: 'Königstraße', cap: ' 70173 ', comune: 'Stuttgart', nazione: 'DE' };
    expect(customerForApi(c).address.cap).toBe('70173');
  });

  it('an Italian customer keeps its codes upper-cased and loses the PA-only fields', () => {
    const c = { ...blankCustomer('B2B'), denominazione: 'Rossi S.r.l.', partitaIva: '0123 4567 897', codiceDestinatario: 'm5uxcr1', cuu: 'ufab12', splitPayment: true };
    c.address = { indirizzo: 'Via Roma', cap: '20121', comune: 'Milano', provincia: 'mi', nazione: 'IT' };
    const out = customerForApi(c);
    expect(out).toMatchObject({ partitaIva: '01234567897', codiceDestinatario: 'M5UXCR1', splitPayment: false });
    expect(out.cuu).toBeUndefined();
    expect(out.address.provincia).toBe('MI');
  });
});
