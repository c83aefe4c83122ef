import { describe, expect, it } from 'vitest';
import { ALL_DOCUMENT_TYPES, DOCUMENT_TYPES, counterpartyIsCedente, isSelfAddressed, validateDraftForType } from './document-types';
import { fatturaPASchema } from '../fatturapa/schema.generated';
import type { Company, Customer, DocumentDraft } from './types';

const company: Company = { denominazione: 'Alfa S.r.l.', idPaese: 'IT', partitaIva: '06363391001', regimeFiscale: 'RF01', sede: { indirizzo: 'Via Roma 1', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' } };
const it_: Customer = { id: 1, kind: 'B2B', isSupplier: true, denominazione: 'Fornitore S.r.l.', idPaese: 'IT', partitaIva: '01234567897', address: { indirizzo: 'Via 2', cap: '00184', comune: 'Roma', provincia: 'RM', nazione: 'IT' }, codiceDestinatario: 'M5UXCR1', splitPayment: false };
const foreign = (idPaese: string): Customer => ({ ...it_, kind: 'ESTERO', idPaese, partitaIva: '123456789', address: { indirizzo: 'Street 1', cap: '1', comune: 'X', nazione: idPaese } });

function draft(over: Partial<DocumentDraft> = {}): DocumentDraft {
  return { tipoDocumento: 'TD01', series: 'FT', date: '2025-05-10', customerId: 1, divisa: 'EUR', lines: [{ descrizione: 'x', prezzoUnitario: '10', aliquotaIva: '22' }], bollo: { mode: 'auto', chargedToCustomer: false }, esigibilita: 'I', ...over };
}
/** `null`: no counterparty chosen. */
const codes = (d: DocumentDraft, c: Customer | null = it_) => validateDraftForType(d, c ?? undefined, { company }).map((e) => e.code);

describe('DOCUMENT_TYPES', () => {
  it('covers exactly the TipoDocumento values of the XSD, with their Italian descriptions', () => {
    expect([...ALL_DOCUMENT_TYPES].sort()).toEqual([...fatturaPASchema.simpleTypes.TipoDocumentoType!.enumeration!].sort());
    expect(DOCUMENT_TYPES.TD04.description).toBe('Nota di credito');
    expect(DOCUMENT_TYPES.TD24.description).toMatch(/^Fattura differita/);
  });

  it('knows who is cedente and cessionario', () => {
    for (const t of ['TD01', 'TD02', 'TD03', 'TD04', 'TD05', 'TD06', 'TD24', 'TD25', 'TD26'] as const) {
      expect([DOCUMENT_TYPES[t].cedente, DOCUMENT_TYPES[t].cessionario]).toEqual(['company', 'counterparty']);
    }
    for (const t of ['TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD22', 'TD23', 'TD28', 'TD29'] as const) {
      expect(counterpartyIsCedente(t)).toBe(true);
      expect(DOCUMENT_TYPES[t].issuedByCessionario).toBe(true);
    }
    expect(isSelfAddressed('TD21')).toBe(true);
    expect(isSelfAddressed('TD27')).toBe(true);
    expect(isSelfAddressed('TD01')).toBe(false);
  });

  it('marks the SdI party rules: 00471 distinct parties, 00475 cessionario VAT id', () => {
    const distinct = ALL_DOCUMENT_TYPES.filter((t) => DOCUMENT_TYPES[t].distinctParties);
    expect(distinct).toEqual(['TD01', 'TD02', 'TD03', 'TD06', 'TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD24', 'TD25', 'TD28', 'TD29']);
    const idIva = ALL_DOCUMENT_TYPES.filter((t) => DOCUMENT_TYPES[t].requiresCessionarioIdIva);
    expect(idIva).toEqual(['TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD22', 'TD23', 'TD28', 'TD29']);
  });
});

describe('validateDraftForType', () => {
  it('accepts an ordinary invoice to another subject', () => {
    expect(codes(draft())).toEqual([]);
  });

  it('00471: an invoice to oneself is refused (use TD27)', () => {
    const errors = validateDraftForType(draft(), { ...it_, partitaIva: company.partitaIva }, { company });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: '00471', field: 'customerId' });
    expect(errors[0]!.fix).toMatch(/TD27/);
  });

  it('TD04/TD05 need the linked invoice, not later than the document (00418)', () => {
    expect(codes(draft({ tipoDocumento: 'TD04' }))).toEqual(['FATTURA_COLLEGATA_MANCANTE']);
    expect(codes(draft({ tipoDocumento: 'TD05', references: { fattureCollegate: [{ IdDocumento: '12', Data: '2025-04-01' }] } }))).toEqual([]);
    expect(codes(draft({ tipoDocumento: 'TD04', references: { fattureCollegate: [{ IdDocumento: '12', Data: '2025-06-01' }] } }))).toEqual(['00418']);
    expect(codes(draft({ tipoDocumento: 'TD04', references: { fattureCollegate: [{ IdDocumento: ' ' }] } }))).toEqual(['RIFERIMENTO_NUMERO']);
  });

  it('TD24/TD25 need DDT (TD24 also accepts the documents of a service)', () => {
    expect(codes(draft({ tipoDocumento: 'TD24' }))).toEqual(['DDT_MANCANTE']);
    expect(codes(draft({ tipoDocumento: 'TD24', references: { ddt: [{ NumeroDDT: '1', DataDDT: '2025-04-30' }] } }))).toEqual([]);
    expect(codes(draft({ tipoDocumento: 'TD24', references: { contratti: [{ IdDocumento: 'C1' }] } }))).toEqual([]);
    expect(codes(draft({ tipoDocumento: 'TD25', references: { contratti: [{ IdDocumento: 'C1' }] } }))).toEqual(['DDT_MANCANTE']);
  });

  it('00473: TD17/TD19 foreign cedente, TD18 from another EU country, TD28 from San Marino, TD16/TD29 Italian', () => {
    expect(codes(draft({ tipoDocumento: 'TD17' }))).toEqual(['00473']);
    expect(codes(draft({ tipoDocumento: 'TD17' }), foreign('US'))).toEqual([]);
    expect(codes(draft({ tipoDocumento: 'TD19' }), foreign('CH'))).toEqual([]);
    expect(codes(draft({ tipoDocumento: 'TD18' }), foreign('DE'))).toEqual([]);
    expect(codes(draft({ tipoDocumento: 'TD18' }), foreign('US'))).toEqual(['00473']);
    expect(codes(draft({ tipoDocumento: 'TD28' }), foreign('SM'))).toEqual([]);
    expect(codes(draft({ tipoDocumento: 'TD28' }), foreign('DE'))).toEqual(['00473']);
    expect(codes(draft({ tipoDocumento: 'TD16' }), foreign('DE'))).toEqual(['00473']);
    expect(codes(draft({ tipoDocumento: 'TD29' }))).toEqual([]);
  });

  it('a supplier-side type needs a supplier with a P.IVA, not a consumer or a PA', () => {
    expect(codes(draft({ tipoDocumento: 'TD16' }), { ...it_, partitaIva: undefined })).toContain('PARTITA_IVA_FORNITORE');
    expect(codes(draft({ tipoDocumento: 'TD20' }), { ...it_, kind: 'PRIVATO' })).toContain('CONTROPARTE_NON_FORNITORE');
    expect(codes(draft({ tipoDocumento: 'TD16' }), null)).toEqual(['CONTROPARTE_MANCANTE']);
    expect(codes(draft(), null)).toEqual(['CONTROPARTE_MANCANTE']);
    expect(codes(draft({ tipoDocumento: 'TD16', esigibilita: 'S' }))).toEqual(['SPLIT_PAYMENT_NON_AMMESSO']);
  });

  it('00474: every TD21 line must be taxable; TD21/TD27 need no counterparty', () => {
    const zero = draft({ tipoDocumento: 'TD21', lines: [{ descrizione: 'x', prezzoUnitario: '1', aliquotaIva: '22' }, { descrizione: 'y', prezzoUnitario: '1', aliquotaIva: '0.00', natura: 'N3.5' }] });
    const errors = validateDraftForType(zero, undefined, { company });
    expect(errors.map((e) => [e.code, e.field])).toEqual([['00474', 'lines[1].aliquotaIva']]);
    expect(codes(draft({ tipoDocumento: 'TD27' }), null)).toEqual([]);
  });
});
