import { describe, expect, it } from 'vitest';
import { validateCustomer } from './customers';
import type { CustomerInput } from './types';

const itAddress = { indirizzo: 'Via Roma 1', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' };

function b2b(over: Partial<CustomerInput> = {}): CustomerInput {
  return { kind: 'B2B', isSupplier: false, denominazione: 'Alfa S.r.l.', idPaese: 'IT', partitaIva: '06363391001', address: itAddress, codiceDestinatario: 'M5UXCR1', splitPayment: false, ...over };
}

const codes = (c: CustomerInput) => validateCustomer(c).map((e) => `${e.field}:${e.code}`);

describe('validateCustomer', () => {
  it('accepts a complete Italian business customer', () => {
    expect(validateCustomer(b2b())).toEqual([]);
  });

  it('needs Denominazione or Nome+Cognome, not both', () => {
    expect(codes(b2b({ denominazione: undefined }))).toContain('denominazione:ANAGRAFICA_MANCANTE');
    expect(codes(b2b({ denominazione: undefined, nome: 'Mario' }))).toContain('cognome:ANAGRAFICA_MANCANTE');
    expect(codes(b2b({ nome: 'Mario', cognome: 'Rossi' }))).toContain('denominazione:ANAGRAFICA_DOPPIA');
    expect(validateCustomer(b2b({ denominazione: undefined, nome: 'Mario', cognome: 'Rossi' }))).toEqual([]);
    expect(codes(b2b({ denominazione: 'x'.repeat(81) }))).toContain('denominazione:LUNGHEZZA');
  });

  it('checks the P.IVA checksum and the codice fiscale, with an Italian message and a fix', () => {
    const errors = validateCustomer(b2b({ partitaIva: '06363391002' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'partitaIva', code: 'PARTITA_IVA_NON_VALIDA' });
    expect(errors[0]!.message).toMatch(/partita IVA non è valida/);
    expect(errors[0]!.fix).toBeTruthy();
    expect(codes(b2b({ codiceFiscale: 'RSSMRA80A01H501X' }))).toContain('codiceFiscale:CODICE_FISCALE_NON_VALIDO');
    expect(codes(b2b({ partitaIva: undefined }))).toContain('partitaIva:00417');
  });

  it('B2B: 7-character codice destinatario or a PEC (0000000 is accepted)', () => {
    expect(codes(b2b({ codiceDestinatario: 'ABC12' }))).toContain('codiceDestinatario:CODICE_DESTINATARIO_NON_VALIDO');
    expect(codes(b2b({ codiceDestinatario: undefined }))).toContain('codiceDestinatario:RECAPITO_MANCANTE');
    expect(validateCustomer(b2b({ codiceDestinatario: undefined, pec: 'alfa@pec.it' }))).toEqual([]);
    expect(validateCustomer(b2b({ codiceDestinatario: '0000000' }))).toEqual([]);
    expect(codes(b2b({ codiceDestinatario: undefined, pec: 'non-una-pec' }))).toContain('pec:EMAIL_NON_VALIDA');
  });

  it('PA: CUU of exactly 6 characters and codice fiscale', () => {
    const pa = b2b({ kind: 'PA', partitaIva: undefined, codiceFiscale: '06363391001', cuu: 'UFY9MH', codiceDestinatario: undefined, splitPayment: true });
    expect(validateCustomer(pa)).toEqual([]);
    expect(codes({ ...pa, cuu: 'UFY9MH1' })).toContain('cuu:CUU_NON_VALIDO');
    expect(codes({ ...pa, cuu: undefined })).toContain('cuu:CUU_NON_VALIDO');
    expect(codes({ ...pa, codiceFiscale: undefined })).toContain('codiceFiscale:CODICE_FISCALE_MANCANTE');
  });

  it('consumer: codice fiscale required, no split payment', () => {
    const p: CustomerInput = { kind: 'PRIVATO', isSupplier: false, nome: 'Mario', cognome: 'Rossi', idPaese: 'IT', codiceFiscale: 'RSSMRA80A01H501U', address: itAddress, splitPayment: false };
    expect(validateCustomer(p)).toEqual([]);
    expect(codes({ ...p, codiceFiscale: undefined })).toContain('codiceFiscale:CODICE_FISCALE_MANCANTE');
    expect(codes({ ...p, splitPayment: true })).toContain('splitPayment:SPLIT_PAYMENT_PRIVATO');
  });

  it('Italian addresses: 5-digit CAP and 2-letter provincia', () => {
    expect(codes(b2b({ address: { ...itAddress, cap: '2012' } }))).toContain('address.cap:CAP_NON_VALIDO');
    expect(codes(b2b({ address: { ...itAddress, provincia: 'Milano' } }))).toContain('address.provincia:PROVINCIA_NON_VALIDA');
    expect(codes(b2b({ address: { ...itAddress, provincia: undefined } }))).toContain('address.provincia:PROVINCIA_MANCANTE');
    expect(codes(b2b({ address: { ...itAddress, comune: ' ' } }))).toContain('address.comune:COMUNE_MANCANTE');
  });

  it('foreign customers: not IT, XXXXXXX, foreign address, VAT shape for EU countries', () => {
    const de: CustomerInput = {
      kind: 'ESTERO',
      isSupplier: false,
      denominazione: 'Muster GmbH',
      idPaese: 'DE',
      partitaIva: '123456789',
      address: { indirizzo: 'Hauptstraße 1', cap: '80331', comune: 'München', nazione: 'DE' },
      splitPayment: false,
    };
    expect(validateCustomer(de)).toEqual([]);
    // Foreign CAP is not checked; no provincia needed.
    expect(validateCustomer({ ...de, address: { ...de.address, cap: 'W1A 1AA' } })).toEqual([]);
    expect(codes({ ...de, partitaIva: '1234' })).toContain('partitaIva:PARTITA_IVA_ESTERA_NON_VALIDA');
    expect(codes({ ...de, idPaese: 'IT' })).toContain('idPaese:ESTERO_CON_IT');
    expect(codes({ ...de, codiceDestinatario: '0000000' })).toContain('codiceDestinatario:CODICE_DESTINATARIO_ESTERO');
    expect(codes({ ...de, address: { ...itAddress } })).toContain('address.nazione:ESTERO_INDIRIZZO_IT');
    // Extra-EU: any 1-28 alphanumeric identifier; a consumer may have none.
    expect(validateCustomer({ ...de, idPaese: 'US', partitaIva: 'EIN123456789', address: { ...de.address, nazione: 'US' } })).toEqual([]);
    expect(validateCustomer({ ...de, idPaese: 'US', partitaIva: undefined, address: { ...de.address, nazione: 'US' } })).toEqual([]);
  });

  it('an Italian kind with a foreign country is pointed to ESTERO', () => {
    expect(codes(b2b({ idPaese: 'FR' }))).toContain('idPaese:PAESE_NON_IT');
  });
});
