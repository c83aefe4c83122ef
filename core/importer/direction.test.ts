import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { classify, companyIdentity } from './direction';
import type { BodyFacts, InvoiceFacts, PartyFacts } from './facts';

const company = companyIdentity({ idPaese: 'IT', partitaIva: '07654321090', codiceFiscale: 'RSSMRA80A01H501U', denominazione: 'Gamma S.r.l.' });
const us: PartyFacts = { idPaese: 'IT', idCodice: '07654321090', name: 'Gamma S.r.l.' };
const supplier: PartyFacts = { idPaese: 'IT', idCodice: '01234567890', name: 'Fornitore S.p.A.' };
const foreign: PartyFacts = { idPaese: 'DE', idCodice: '123456789', name: 'Lieferant GmbH' };
const body = (tipo: string): BodyFacts => ({ index: 0, tipoDocumento: tipo, numero: '1', date: '2025-01-10', divisa: 'EUR', imponibile: '0.00', imposta: '0.00', totale: '0.00', attachments: [], warnings: [] });
const facts = (cedente: PartyFacts, cessionario: PartyFacts, tipi: string[], soggettoEmittente?: string): InvoiceFacts => ({
  cedente,
  cessionario,
  bodies: tipi.map(body),
  ...(soggettoEmittente ? { soggettoEmittente } : {}),
});

describe('classify', () => {
  it('company as cedente: outbound, counterparty the customer (TD27 and TD21 with the company on both sides too)', () => {
    expect(classify(facts(us, supplier, ['TD01']), company)).toMatchObject({ direction: 'outbound', issuedByCompany: true, counterparty: supplier, counterpartyIsSupplier: false });
    expect(classify(facts(us, us, ['TD27']), company).direction).toBe('outbound');
    expect(classify(facts(us, us, ['TD21']), company).direction).toBe('outbound');
  });

  it('company as cessionario of an ordinary invoice: received, counterparty the supplier', () => {
    expect(classify(facts(supplier, us, ['TD01', 'TD04']), company)).toMatchObject({ direction: 'received', issuedByCompany: false, counterparty: supplier, counterpartyIsSupplier: true });
  });

  it('self-invoices and integrations (TD16-TD20, TD22, TD23, TD28, TD29) with the company as cessionario: outbound, issued by the company', () => {
    for (const tipo of ['TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD22', 'TD23', 'TD28', 'TD29']) {
      expect(classify(facts(foreign, us, [tipo]), company), tipo).toMatchObject({ direction: 'outbound', issuedByCompany: true, counterparty: foreign, counterpartyIsSupplier: true });
    }
    expect(classify(facts(supplier, us, ['TD01'], 'CC'), company).direction).toBe('outbound');
  });

  it('refuses a lotto mixing self-invoices and received invoices', () => {
    expect(() => classify(facts(supplier, us, ['TD01', 'TD17']), company)).toThrow(expect.objectContaining({ code: 'IMPORT_LOTTO_MISTO' }));
  });

  it('recognises the company by codice fiscale too', () => {
    expect(classify(facts(supplier, { codiceFiscale: 'RSSMRA80A01H501U', name: 'Gamma' }, ['TD01']), company).direction).toBe('received');
    expect(classify(facts(supplier, { codiceFiscale: '07654321090', name: 'Gamma' }, ['TD01']), company).direction).toBe('received');
  });

  it('refuses a file that is neither from nor to the company, naming both parties in Italian', () => {
    try {
      classify(facts(supplier, foreign, ['TD01']), company);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('IMPORT_NON_AZIENDA');
      expect((e as AppError).message).toContain('Fornitore S.p.A. (IT01234567890)');
      expect((e as AppError).message).toContain('Lieferant GmbH (DE123456789)');
      expect((e as AppError).message).toContain('Gamma S.r.l., IT07654321090');
    }
  });
});
