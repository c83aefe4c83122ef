import { describe, expect, it } from 'vitest';
import { defaultAccountingSettings } from './defaults';
import { Decimal } from '../money/decimal';
import { fatturaPASchema } from '../fatturapa/schema.generated';
import { NATURA_INFO, SPECIFIC_NATURE, isNatura } from './natura';
import { latinField, splitBlocks, toLatin1 } from './text';

describe('defaultAccountingSettings', () => {
  const s = defaultAccountingSettings();

  it('has the FT and NC series and points the defaults at existing codes', () => {
    expect(s.series.map((x) => [x.code, x.format])).toEqual([
      ['FT', '{n}'],
      ['NC', '{n}'],
    ]);
    expect(s.defaults).toMatchObject({ series: 'FT', creditNoteSeries: 'NC', vatCode: 'IVA22', bolloChargedToCustomer: false });
    expect(s.vatCodes.some((v) => v.code === s.defaults.vatCode)).toBe(true);
    expect(s.paymentTerms.some((t) => t.code === s.defaults.paymentTerm)).toBe(true);
    expect(s.paymentMethods.some((m) => m.code === s.defaults.paymentMethod)).toBe(true);
  });

  it('has the Italian VAT rates and one code per specific Natura, each with its legal reference', () => {
    const rates = s.vatCodes.filter((v) => !v.natura).map((v) => v.code);
    for (const c of ['IVA22', 'IVA10', 'IVA5', 'IVA4']) expect(rates).toContain(c);
    const nature = new Set(s.vatCodes.map((v) => v.natura).filter(Boolean));
    for (const n of SPECIFIC_NATURE) expect(nature.has(n)).toBe(true);
    for (const v of s.vatCodes) {
      if (v.natura) {
        expect(Decimal.parse(v.aliquota).isZero()).toBe(true);
        expect(v.riferimentoNormativo!.length).toBeGreaterThan(5);
        expect(v.riferimentoNormativo!.length).toBeLessThanOrEqual(100);
      } else expect(Decimal.parse(v.aliquota).isZero()).toBe(false);
    }
    expect(s.vatCodes.find((v) => v.code === 'N6.7')!.description).toMatch(/edilizia/);
    expect(new Set(s.vatCodes.map((v) => v.code)).size).toBe(s.vatCodes.length);
  });

  it('payment terms sum to 100% and methods use valid ModalitaPagamento codes', () => {
    for (const t of s.paymentTerms) expect(Decimal.sum(t.installments.map((i) => Decimal.parse(i.percent))).eq('100')).toBe(true);
    expect(s.paymentTerms.map((t) => t.code)).toEqual(['RD', '30DF', '30DFFM', '60DFFM', '30-60-90DFFM', '60FM+10']);
    const mp = fatturaPASchema.simpleTypes.ModalitaPagamentoType!.enumeration!;
    for (const m of s.paymentMethods) expect(mp).toContain(m.modalita);
    expect(s.paymentMethods.find((m) => m.modalita === 'MP05')!.needsBank).toBe(true);
    expect(s.paymentMethods.find((m) => m.modalita === 'MP01')!.needsBank).toBe(false);
  });

  it('returns a fresh object each time (callers edit it)', () => {
    const a = defaultAccountingSettings();
    a.vatCodes.pop();
    expect(defaultAccountingSettings().vatCodes.length).toBe(s.vatCodes.length);
  });
});

describe('natura table', () => {
  it('covers every Natura of the XSD, generic ones flagged', () => {
    expect(Object.keys(NATURA_INFO).sort()).toEqual([...fatturaPASchema.simpleTypes.NaturaType!.enumeration!].sort());
    expect(SPECIFIC_NATURE).not.toContain('N2');
    expect(SPECIFIC_NATURE).not.toContain('N3');
    expect(SPECIFIC_NATURE).not.toContain('N6');
    expect(SPECIFIC_NATURE).toHaveLength(21);
    expect(isNatura('N6.7')).toBe(true);
    expect(isNatura('N8')).toBe(false);
  });

  it('bollo applies to out-of-scope, exempt and plafond operations, not to exports, intra-EU, margin or reverse charge', () => {
    const due = SPECIFIC_NATURE.filter((n) => NATURA_INFO[n].bollo);
    expect(due).toEqual(['N1', 'N2.1', 'N2.2', 'N3.4', 'N3.5', 'N3.6', 'N4']);
  });

  it('default references fit RiferimentoNormativo (Latin-1, max 100)', () => {
    for (const info of Object.values(NATURA_INFO)) {
      expect(info.riferimentoNormativo.length).toBeLessThanOrEqual(100);
      expect(toLatin1(info.riferimentoNormativo)).toBe(info.riferimentoNormativo);
    }
  });
});

describe('text for Latin-1 fields', () => {
  it('maps typographic characters and removes line breaks', () => {
    expect(toLatin1('L’“offerta” – 10 €…\nriga\t2')).toBe('L\'"offerta" - 10 EUR... riga 2');
    expect(toLatin1('Città à è ü ß')).toBe('Città à è ü ß');
    expect(toLatin1('Città', true)).toBe('Citta');
    expect(toLatin1('日本')).toBe('??');
  });

  it('cuts to the maximum length and drops empty values', () => {
    expect(latinField('  ', 10)).toBeUndefined();
    expect(latinField('abcdefghijkl', 5)).toBe('abcde');
    expect(latinField('a    b', 10)).toBe('a b');
  });

  it('gives clean text back as it is and cleans the rest (spaces at the ends, NBSP, accents in ASCII fields)', () => {
    expect(latinField('Consulenza tecnica è', 100)).toBe('Consulenza tecnica è');
    expect(latinField(' Consulenza', 100)).toBe('Consulenza');
    expect(latinField('Consulenza ', 100)).toBe('Consulenza');
    expect(latinField('a\u00a0b', 100)).toBe('a\u00a0b');
    expect(latinField('\u00a0', 100)).toBeUndefined();
    expect(latinField('è', 10, true)).toBe('e');
    expect(latinField('Società', 10)).toBe('Società');
    expect(latinField('', 10)).toBeUndefined();
  });

  it('splits into blocks that join back exactly', () => {
    const text = 'parola '.repeat(100).trim();
    const blocks = splitBlocks(text, 200);
    expect(blocks.every((b) => b.length <= 200)).toBe(true);
    expect(blocks.join('')).toBe(text);
    expect(splitBlocks('x'.repeat(450), 200).map((b) => b.length)).toEqual([200, 200, 50]);
    expect(splitBlocks(undefined, 200)).toEqual([]);
  });
});
