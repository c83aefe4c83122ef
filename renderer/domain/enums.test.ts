import { describe, expect, it } from 'vitest';
import { describeCode, enumOptions } from './enums';

describe('FatturaPA code lists for selects', () => {
  it('uses the official XSD descriptions', () => {
    const tipi = enumOptions('TipoDocumentoType');
    expect(tipi[0]).toEqual({ value: 'TD01', label: 'TD01 – Fattura' });
    expect(tipi.find((o) => o.value === 'TD04')?.label).toBe('TD04 – Nota di credito');
    expect(enumOptions('RegimeFiscaleType').find((o) => o.value === 'RF19')?.label).toBe('RF19 – Regime forfettario');
    expect(describeCode('NaturaType', 'N4')).toBe('Esenti');
  });

  it('describes the CU causali the XSD leaves bare, and leaves out Z', () => {
    const causali = enumOptions('CausalePagamentoType');
    expect(causali.find((o) => o.value === 'A')?.label).toContain('lavoro autonomo');
    expect(causali.some((o) => o.value === 'Z')).toBe(false);
    expect(causali.every((o) => o.label.length > o.value.length + 3)).toBe(true);
  });
});
