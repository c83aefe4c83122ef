import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, italianAmount, italianDate, italianRate } from './csv';

describe('Italian CSV', () => {
  it('quotes only what needs it and neutralises spreadsheet formulas', () => {
    expect(csvField('Rossi S.p.A.')).toBe('Rossi S.p.A.');
    expect(csvField('Via Roma; 5')).toBe('"Via Roma; 5"');
    expect(csvField('Il "Ristorante"')).toBe('"Il ""Ristorante"""');
    expect(csvField('riga\nnuova')).toBe('"riga\nnuova"');
    expect(csvField(' spazio')).toBe('" spazio"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+39 02 1234')).toBe("'+39 02 1234");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    // A negative amount is a number, not a formula.
    expect(csvField('-812,50')).toBe('-812,50');
    expect(csvField(undefined)).toBe('');
  });

  it('writes amounts with the decimal comma and no thousands separator, dates as DD/MM/YYYY', () => {
    expect(italianAmount('1234.5')).toBe('1234,50');
    expect(italianAmount('0.005')).toBe('0,01');
    expect(italianAmount('812.50', true)).toBe('-812,50');
    expect(italianAmount('-3.10', true)).toBe('3,10');
    expect(italianAmount(undefined)).toBe('');
    expect(italianRate('22.00')).toBe('22,00');
    expect(italianRate('4')).toBe('4,00');
    expect(italianDate('2026-03-09')).toBe('09/03/2026');
  });

  it('is UTF-8 with a byte-order mark, semicolons and CRLF', () => {
    const bytes = csvDocument(['Città', 'Importo'], [['Forlì', '1,00'], ['Cantù; Como', '2,50']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.subarray(3))).toBe('Città;Importo\r\nForlì;1,00\r\n"Cantù; Como";2,50\r\n');
  });
});
