import { describe, expect, it } from 'vitest';
import type { DocumentDraft } from '../../../core/invoicing/types';
import { defaultVatCodes } from '../../../core/invoicing/defaults';
import { lineTotals } from './line-totals';

const draft = (lines: DocumentDraft['lines']): DocumentDraft => ({
  tipoDocumento: 'TD01',
  series: 'FT',
  date: '2026-11-23',
  customerId: 1,
  divisa: 'EUR',
  lines,
  bollo: { mode: 'auto', chargedToCustomer: false },
  esigibilita: 'I',
});

describe('live line totals', () => {
  it('multiplies price by quantity and applies cascading discounts, rounded half-up', () => {
    const totals = lineTotals(
      draft([
        { descrizione: 'Consulenza', quantita: '3', prezzoUnitario: '33.335', vatCode: 'IVA22', aliquotaIva: '22.00' },
        { descrizione: 'Licenza', quantita: '2', prezzoUnitario: '100', sconti: [{ tipo: 'SC', percentuale: '10' }, { tipo: 'SC', percentuale: '5' }], aliquotaIva: '22.00' },
      ]),
      defaultVatCodes(),
    );
    expect(totals).toEqual(['100.01', '171.00']);
  });

  it('leaves only the line with a bad number without a total', () => {
    const totals = lineTotals(
      draft([
        { descrizione: 'A', quantita: '1', prezzoUnitario: '', aliquotaIva: '22.00' },
        { descrizione: 'B', quantita: '2', prezzoUnitario: '10.50', aliquotaIva: '22.00' },
      ]),
      defaultVatCodes(),
    );
    expect(totals).toEqual([null, '21.00']);
  });
});
