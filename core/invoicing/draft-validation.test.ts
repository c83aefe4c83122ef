import { describe, expect, it } from 'vitest';
import { validateDraft } from './draft-validation';
import { defaultVatCodes } from './defaults';
import type { DocumentDraft, DraftLine } from './types';

function draft(lines: DraftLine[], over: Partial<DocumentDraft> = {}): DocumentDraft {
  return { tipoDocumento: 'TD01', series: 'FT', date: '2025-05-10', customerId: 1, divisa: 'EUR', lines, bollo: { mode: 'auto', chargedToCustomer: false }, esigibilita: 'I', ...over };
}
const line = (over: Partial<DraftLine> = {}): DraftLine => ({ descrizione: 'Servizio', prezzoUnitario: '10.00', aliquotaIva: '22.00', ...over });
const errs = (d: DocumentDraft) => validateDraft(d, { vatCodes: defaultVatCodes() }).map((e) => `${e.field}:${e.code}`);

describe('validateDraft', () => {
  it('accepts a simple draft', () => {
    expect(errs(draft([line()]))).toEqual([]);
  });

  it('document data: date, currency, at least one line', () => {
    expect(errs(draft([line()], { date: '2025-02-30' }))).toEqual(['date:DATA_NON_VALIDA']);
    expect(errs(draft([line()], { divisa: 'euro' }))).toEqual(['divisa:DIVISA_NON_VALIDA']);
    expect(errs(draft([]))).toEqual(['lines:RIGHE_MANCANTI']);
  });

  it('line numbers: valid decimals, at most 8 decimals, no more than the schema digits', () => {
    expect(errs(draft([line({ prezzoUnitario: '12,50' })]))).toEqual(['lines[0].prezzoUnitario:NUMERO_NON_VALIDO']);
    expect(errs(draft([line({ prezzoUnitario: '1.123456789' })]))).toEqual(['lines[0].prezzoUnitario:TROPPI_DECIMALI']);
    expect(errs(draft([line({ quantita: '1.123456789' })]))).toEqual(['lines[0].quantita:TROPPI_DECIMALI']);
    expect(errs(draft([line({ prezzoUnitario: '123456789012' })]))).toEqual(['lines[0].prezzoUnitario:NUMERO_TROPPO_GRANDE']);
    expect(errs(draft([line({ descrizione: ' ' })]))).toEqual(['lines[0].descrizione:DESCRIZIONE_MANCANTE']);
    // Trailing zeros do not count as decimals.
    expect(errs(draft([line({ prezzoUnitario: '1.1234567800' })]))).toEqual([]);
  });

  it('VAT: rate as percentage (00424), Natura with zero rate only (00400/00401), no generic Natura (00445)', () => {
    expect(errs(draft([line({ aliquotaIva: '0.22' })]))).toEqual(['lines[0].aliquotaIva:00424']);
    expect(errs(draft([line({ aliquotaIva: '101' })]))).toEqual(['lines[0].aliquotaIva:FUORI_INTERVALLO']);
    expect(errs(draft([line({ aliquotaIva: '0' })]))).toEqual(['lines[0].natura:00400']);
    expect(errs(draft([line({ natura: 'N4' })]))).toEqual(['lines[0].natura:00401']);
    expect(errs(draft([line({ aliquotaIva: '0', natura: 'N6' })]))).toEqual(['lines[0].natura:00445']);
    expect(errs(draft([line({ vatCode: 'NOPE' })]))).toEqual(['lines[0].vatCode:CODICE_IVA_SCONOSCIUTO']);
    // The VAT code wins over the line's own fields.
    expect(errs(draft([line({ vatCode: 'N4', aliquotaIva: '22' })]))).toEqual([]);
  });

  it('discounts need a value (00437 document, 00438 line) and a percentage of at most 2 decimals', () => {
    expect(errs(draft([line({ sconti: [{ tipo: 'SC' }] })]))).toEqual(['lines[0].sconti[0]:00438']);
    expect(errs(draft([line()], { discount: { tipo: 'MG' } }))).toEqual(['discount:00437']);
    expect(errs(draft([line({ sconti: [{ tipo: 'SC', percentuale: '14.286' }] })]))).toEqual(['lines[0].sconti[0].percentuale:TROPPI_DECIMALI']);
  });

  it('ritenuta: lines marked need DatiRitenuta (00411), a cassa with Ritenuta too (00415), and the data needs a base', () => {
    expect(errs(draft([line({ ritenuta: true })]))).toEqual(['lines[0].ritenuta:00411']);
    expect(errs(draft([line()], { cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '22', ritenuta: true } }))).toEqual(['cassa.ritenuta:00415']);
    expect(errs(draft([line()], { ritenuta: { tipo: 'RT01', aliquota: '20', causalePagamento: 'A' } }))).toEqual(['lines:RITENUTA_SENZA_BASE']);
    expect(errs(draft([line({ ritenuta: true })], { ritenuta: { tipo: 'RT01', aliquota: '20', causalePagamento: 'Z' } }))).toEqual(['ritenuta.causalePagamento:CAUSALE_RITENUTA']);
    expect(errs(draft([line({ ritenuta: true })], { ritenuta: { tipo: 'RT01', aliquota: '0', causalePagamento: 'A' } }))).toEqual(['ritenuta.aliquota:ALIQUOTA_RITENUTA']);
  });

  it('cassa: Natura with zero VAT rate only (00413/00414)', () => {
    expect(errs(draft([line()], { cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '0', ritenuta: false } }))).toEqual(['cassa.natura:00413']);
    expect(errs(draft([line()], { cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '22', natura: 'N4', ritenuta: false } }))).toEqual(['cassa.natura:00414']);
    expect(errs(draft([line()], { cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '0', natura: 'N2.2', ritenuta: false } }))).toEqual([]);
  });

  it('messages are Italian and carry a fix', () => {
    const [e] = validateDraft(draft([line({ aliquotaIva: '0' })]));
    expect(e!.message).toBe('Con aliquota IVA 0 va indicata la natura dell’operazione.');
    expect(e!.fix).toMatch(/N4/);
  });
});
