import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal, dec } from '../money/decimal';
import { computeDocument, computeTotals, isBolloDue, linePrezzoTotale, percentOf, vatAmount } from './totals';
import type { DocumentDraft, DraftLine } from './types';
import { defaultVatCodes } from './defaults';
import { draftArb } from './testing/arbitraries';

function draft(lines: DraftLine[], over: Partial<DocumentDraft> = {}): DocumentDraft {
  return { tipoDocumento: 'TD01', series: 'FT', date: '2025-05-10', customerId: 1, divisa: 'EUR', lines, bollo: { mode: 'auto', chargedToCustomer: false }, esigibilita: 'I', ...over };
}
const line = (prezzoUnitario: string, aliquotaIva = '22.00', over: Partial<DraftLine> = {}): DraftLine => ({ descrizione: 'x', prezzoUnitario, aliquotaIva, ...over });

describe('linePrezzoTotale', () => {
  it('multiplies the discounted unit price by the quantity and rounds half-up once', () => {
    // 33.333 × (1 − 10%) = 29.9997; × 3 = 89.9991 → 90.00
    expect(linePrezzoTotale(dec('33.333'), dec('3'), [{ tipo: 'SC', percentuale: dec('10') }]).toString()).toBe('90.00');
    // No quantity counts as 1; 0.125 → 0.13 and −0.125 → −0.13 (ties away from zero)
    expect(linePrezzoTotale(dec('0.125'), undefined).toString()).toBe('0.13');
    expect(linePrezzoTotale(dec('-0.125'), undefined).toString()).toBe('-0.13');
    // 1.23456789 × 12.3456 = 15.241481342784 → 15.24
    expect(linePrezzoTotale(dec('12.3456'), dec('1.23456789')).toString()).toBe('15.24');
    // 0.00886292 × 22633 = 200.59446836 → 200.59
    expect(linePrezzoTotale(dec('0.00886292'), dec('22633')).toString()).toBe('200.59');
  });

  it('applies the discounts in order, percentages to the running price, amounts per unit', () => {
    // 100 → −10% = 90 → −5% = 85.5; × 2 = 171.00
    expect(linePrezzoTotale(dec('100'), dec('2'), [{ tipo: 'SC', percentuale: dec('10') }, { tipo: 'SC', percentuale: dec('5') }]).toString()).toBe('171.00');
    // 100 → +10% = 110 → −10% = 99.00 (not 100: order matters)
    expect(linePrezzoTotale(dec('100'), undefined, [{ tipo: 'MG', percentuale: dec('10') }, { tipo: 'SC', percentuale: dec('10') }]).toString()).toBe('99.00');
    // (10 − 1.5 per unit) × 4 = 34.00
    expect(linePrezzoTotale(dec('10'), dec('4'), [{ tipo: 'SC', importo: dec('1.5') }]).toString()).toBe('34.00');
    // The SdI example of FatturaElettronica.NET issue #17: 48.65 − 33.42% = 32.391170 → 32.39
    expect(linePrezzoTotale(dec('48.65'), dec('1'), [{ tipo: 'SC', percentuale: dec('33.42') }]).toString()).toBe('32.39');
  });
});

describe('computeTotals: hand-checked documents', () => {
  it('VAT summary per rate, Imposta rounded per row', () => {
    // 22%: 100.00 + 0.05 = 100.05 → 22.011 → 22.01; 10%: 33.35 → 3.335 → 3.34
    const t = computeTotals(draft([line('100'), line('0.05'), line('33.35', '10')]));
    expect(t.vatSummary).toEqual([
      { aliquotaIva: '22.00', imponibile: '100.05', imposta: '22.01', esigibilita: 'I' },
      { aliquotaIva: '10.00', imponibile: '33.35', imposta: '3.34', esigibilita: 'I' },
    ]);
    // 133.40 + 25.35 = 158.75
    expect(t).toMatchObject({ imponibile: '133.40', imposta: '25.35', totale: '158.75', netToPay: '158.75', ritenuta: '0.00', bollo: '0.00', cassa: '0.00' });
  });

  it('takes aliquota, natura and riferimento from the VAT code', () => {
    const t = computeTotals(draft([line('100', '22', { vatCode: 'N3.5', aliquotaIva: '22' })]), { vatCodes: defaultVatCodes() });
    expect(t.vatSummary[0]).toMatchObject({ aliquotaIva: '0.00', natura: 'N3.5', imponibile: '100.00', imposta: '0.00' });
    expect(t.vatSummary[0]!.riferimentoNormativo).toMatch(/dichiarazione d'intento/);
  });

  it('spreads a percentage document discount over the rates as lines', () => {
    // Lines 90.00 (22%) + 100.00 (N4) = 190.00; 5% = 9.50 → 90/190 × 9.50 = 4.50 and 100/190 × 9.50 = 5.00
    const d = computeDocument(draft([line('33.333', '22', { quantita: '3', sconti: [{ tipo: 'SC', percentuale: '10' }] }), line('100', '0', { natura: 'N4' })], { discount: { tipo: 'SC', percentuale: '5' } }));
    const disc = d.lines.filter((l) => l.kind === 'discount');
    expect(disc.map((l) => [l.prezzoTotale.toString(), l.aliquota.toString(), l.natura, l.tipoCessionePrestazione])).toEqual([
      ['-4.50', '22.00', undefined, 'SC'],
      ['-5.00', '0.00', 'N4', 'SC'],
    ]);
    // 22%: 85.50 → 18.81; N4: 95.00 (> 77.47 → bollo 2.00, not charged)
    expect(d.totals).toMatchObject({ imponibile: '180.50', imposta: '18.81', totale: '199.31', bollo: '2.00' });
  });

  it('allocates an amount discount so that the cents sum exactly', () => {
    // 1.00 over three equal groups: 0.33 + 0.33 + 0.33 = 0.99, the remaining cent to the first: 0.34
    const d = computeDocument(draft([line('10'), line('10', '10'), line('10', '4')], { discount: { tipo: 'SC', importo: '1.00' } }));
    expect(d.lines.filter((l) => l.kind === 'discount').map((l) => l.prezzoTotale.toString())).toEqual(['-0.34', '-0.33', '-0.33']);
    // 22%: 9.66 → 2.1252 → 2.13; 10%: 9.67 → 0.967 → 0.97; 4%: 9.67 → 0.3868 → 0.39
    expect(d.totals).toMatchObject({ imponibile: '29.00', imposta: '3.49', totale: '32.49' });
  });

  it('a document surcharge adds lines without TipoCessionePrestazione', () => {
    const d = computeDocument(draft([line('200')], { discount: { tipo: 'MG', percentuale: '2.5' } }));
    const m = d.lines.find((l) => l.kind === 'discount')!;
    // 200 × 2.5% = 5.00
    expect([m.prezzoTotale.toString(), m.tipoCessionePrestazione, m.descrizione]).toEqual(['5.00', undefined, 'Maggiorazione 2.5% sul totale documento']);
  });

  it('cassa previdenziale with ritenuta: INPS 4% subject to ritenuta, N1 expenses excluded', () => {
    // Fees 1000.00 (22%, ritenuta) + anticipazioni 50.00 (N1). ImponibileCassa = 1000.00 (N1 excluded);
    // contributo 4% = 40.00 at 22%. Riepilogo 22%: 1040.00 → 228.80; N1: 50.00.
    // Totale = 1040.00 + 50.00 + 228.80 = 1318.80. Ritenuta 20% of (1000.00 + 40.00) = 208.00. Net 1110.80.
    const d = computeDocument(
      draft([line('1000', '22', { ritenuta: true }), line('50', '0', { natura: 'N1' })], {
        cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '22', ritenuta: true },
        ritenuta: { tipo: 'RT01', aliquota: '20', causalePagamento: 'A' },
      }),
    );
    expect(d.cassa).toMatchObject({ imponibileCassa: dec('1000.00'), importo: dec('40.00') });
    expect(d.totals).toMatchObject({ imponibile: '1090.00', imposta: '228.80', totale: '1318.80', cassa: '40.00', ritenuta: '208.00', netToPay: '1110.80', bollo: '0.00' });
  });

  it('cassa not subject to ritenuta stays out of its base', () => {
    // 500.00 × 4% = 20.00; ritenuta 20% of 500.00 only = 100.00; total 520 + 114.40 = 634.40; net 534.40
    const t = computeTotals(draft([line('500', '22', { ritenuta: true })], { cassa: { tipo: 'TC04', aliquota: '4', aliquotaIva: '22', ritenuta: false }, ritenuta: { tipo: 'RT01', aliquota: '20', causalePagamento: 'A' } }));
    expect(t).toMatchObject({ cassa: '20.00', ritenuta: '100.00', totale: '634.40', netToPay: '534.40' });
  });

  it('forfettario: INPS 4% with Natura N2.2 joins the N2.2 row and triggers the bollo', () => {
    // 1000.00 N2.2 + 40.00 contributo N2.2 = 1040.00 (> 77.47): bollo 2.00 charged → N1 row 2.00; total 1042.00
    const t = computeTotals(draft([line('1000', '0', { natura: 'N2.2' })], { cassa: { tipo: 'TC22', aliquota: '4', aliquotaIva: '0', natura: 'N2.2', ritenuta: false }, bollo: { mode: 'auto', chargedToCustomer: true } }));
    expect(t.vatSummary).toEqual([
      { aliquotaIva: '0.00', natura: 'N2.2', imponibile: '1040.00', imposta: '0.00', riferimentoNormativo: 'Non soggette - altri casi' },
      { aliquotaIva: '0.00', natura: 'N1', imponibile: '2.00', imposta: '0.00', riferimentoNormativo: 'Escluse ex art. 15 DPR 633/72 - imposta di bollo' },
    ]);
    expect(t).toMatchObject({ imponibile: '1042.00', totale: '1042.00', bollo: '2.00', netToPay: '1042.00' });
  });

  it('bollo: due only above 77.47 euro of the Naturas that require it', () => {
    expect(computeTotals(draft([line('77.47', '0', { natura: 'N4' })])).bollo).toBe('0.00');
    expect(computeTotals(draft([line('77.48', '0', { natura: 'N4' })])).bollo).toBe('2.00');
    // Exports (N3.1) and reverse charge (N6.x) never count.
    expect(computeTotals(draft([line('5000', '0', { natura: 'N3.1' }), line('5000', '0', { natura: 'N6.7' })])).bollo).toBe('0.00');
    // 40 (N2.1) + 40 (N3.5) = 80 > 77.47
    expect(computeTotals(draft([line('40', '0', { natura: 'N2.1' }), line('40', '0', { natura: 'N3.5' })])).bollo).toBe('2.00');
    // 'si' forces, 'no' disables
    expect(computeTotals(draft([line('10')], { bollo: { mode: 'si', chargedToCustomer: false } })).bollo).toBe('2.00');
    expect(computeTotals(draft([line('500', '0', { natura: 'N4' })], { bollo: { mode: 'no', chargedToCustomer: true } })).bollo).toBe('0.00');
    // Not on integrations (TD17): the company is the buyer.
    expect(computeTotals(draft([line('500', '0', { natura: 'N4' })], { tipoDocumento: 'TD17' })).bollo).toBe('0.00');
    expect(isBolloDue([{ natura: 'N4', imponibile: dec('-100') }])).toBe(true);
  });

  it('bollo charged to the customer is a N1 line and part of the total', () => {
    // 100.00 N4 + 2.00 N1 bollo = 102.00
    const d = computeDocument(draft([line('100', '0', { natura: 'N4' })], { bollo: { mode: 'auto', chargedToCustomer: true } }));
    const b = d.lines.at(-1)!;
    expect([b.kind, b.prezzoTotale.toString(), b.natura, b.aliquota.toString()]).toEqual(['bollo', '2.00', 'N1', '0.00']);
    expect(d.totals).toMatchObject({ imponibile: '102.00', totale: '102.00', bollo: '2.00', netToPay: '102.00' });
  });

  it('split payment: the PA pays the taxable amount only', () => {
    // 1000.00 at 22% = 220.00 of VAT paid by the PA to the State: total 1220.00, net to pay 1000.00
    const t = computeTotals(draft([line('1000')], { esigibilita: 'S' }));
    expect(t.vatSummary[0]).toMatchObject({ esigibilita: 'S', imposta: '220.00', riferimentoNormativo: 'Scissione dei pagamenti art. 17-ter DPR 633/72' });
    expect(t).toMatchObject({ totale: '1220.00', netToPay: '1000.00' });
  });

  it('split payment and ritenuta together', () => {
    // 1000 + 220 VAT (S); ritenuta 20% of 1000 = 200; net = 1220 − 200 − 220 = 800.00
    const t = computeTotals(draft([line('1000', '22', { ritenuta: true })], { esigibilita: 'S', ritenuta: { tipo: 'RT01', aliquota: '20', causalePagamento: 'A' } }));
    expect(t.netToPay).toBe('800.00');
  });

  it('reverse charge: Natura N6.x rows without esigibilità', () => {
    const t = computeTotals(draft([line('1000', '0', { natura: 'N6.7' })], { esigibilita: 'S' }));
    expect(t.vatSummary).toEqual([{ aliquotaIva: '0.00', natura: 'N6.7', imponibile: '1000.00', imposta: '0.00', riferimentoNormativo: expect.stringMatching(/edile/) }]);
    expect(t.netToPay).toBe('1000.00');
  });

  it('negative lines and negative quantities', () => {
    // 100.00 − 20.00 (negative price) − 2 × 5.005 = −10.01 (negative quantity moves to the price) = 69.99 → 15.3978 → 15.40
    const d = computeDocument(draft([line('100'), line('-20'), line('5.005', '22', { quantita: '-2' })]));
    expect(d.lines[2]!.quantita!.toString()).toBe('2.00');
    expect(d.lines[2]!.prezzoUnitario.toString()).toBe('-5.005');
    expect(d.totals).toMatchObject({ imponibile: '69.99', imposta: '15.40', totale: '85.39' });
  });

  it('arrotondamento is added to the document total only', () => {
    const t = computeTotals(draft([line('10.01')], { arrotondamento: '-0.01' }));
    // 10.01 + 2.20 (2.2022) − 0.01 = 12.20
    expect(t).toMatchObject({ imponibile: '10.01', imposta: '2.20', totale: '12.20' });
  });

  it('bad numbers are refused with the field that holds them', () => {
    expect(() => computeTotals(draft([line('12,50')]))).toThrow(expect.objectContaining({ code: 'NUMERO_NON_VALIDO', field: 'lines[0].prezzoUnitario' }));
  });
});

describe('computeTotals: properties', () => {
  it('totals equal the sums of their parts', () => {
    fc.assert(
      fc.property(draftArb, (d) => {
        const t = computeTotals(d);
        const sum = (xs: string[]) => Decimal.sum(xs.map((x) => Decimal.parse(x)));
        expect(sum(t.vatSummary.map((r) => r.imponibile)).toFixed(2)).toBe(t.imponibile);
        expect(sum(t.vatSummary.map((r) => r.imposta)).toFixed(2)).toBe(t.imposta);
        const arr = Decimal.parse(d.arrotondamento ?? '0');
        expect(Decimal.parse(t.imponibile).add(t.imposta).add(arr).toFixed(2)).toBe(t.totale);
        const split = sum(t.vatSummary.filter((r) => r.esigibilita === 'S').map((r) => r.imposta));
        expect(Decimal.parse(t.totale).sub(t.ritenuta).sub(split).toFixed(2)).toBe(t.netToPay);
        for (const r of t.vatSummary) {
          expect(vatAmount(Decimal.parse(r.imponibile), Decimal.parse(r.aliquotaIva)).toFixed(2)).toBe(r.imposta);
          // Natura exactly when the rate is zero; esigibilità only on taxable rows.
          expect(r.natura !== undefined).toBe(Decimal.parse(r.aliquotaIva).isZero());
          if (r.natura) expect(r.esigibilita).toBeUndefined();
        }
        // The bollo line, when present, is exactly the 2.00 of `bollo`.
        expect(['0.00', '2.00']).toContain(t.bollo);
      }),
      { numRuns: 300 },
    );
  });

  it('the ritenuta is the rounded percentage of its base', () => {
    fc.assert(
      fc.property(draftArb, (d) => {
        const c = computeDocument(d);
        if (!d.ritenuta) {
          expect(c.totals.ritenuta).toBe('0.00');
          return;
        }
        const base = Decimal.sum(c.lines.filter((l) => l.ritenuta).map((l) => l.prezzoTotale)).add(c.cassa?.settings.ritenuta ? c.cassa.importo : Decimal.ZERO);
        expect(percentOf(base, Decimal.parse(d.ritenuta.aliquota)).toFixed(2)).toBe(c.totals.ritenuta);
      }),
      { numRuns: 200 },
    );
  });
});
