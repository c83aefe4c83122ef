import { describe, expect, it } from 'vitest';
import type { PlanDetail, PlanLineView } from '../../../core/ipl/api-types';
import { createdLinks, deriveOther, draftRoute, isEditable, pairPatch, placeErrors, templateLines, templateProblem } from './plan-lines';

function line(p: Partial<PlanLineView>): PlanLineView {
  return { id: 1, planId: 1, position: 1, type: 'advance', percent: '30.00', amount: '750.00', execute: false, shipmentIds: [], posted: false, reversed: false, documents: [], ...p };
}

describe('plan lines', () => {
  it('derives the amount from a percentage of the order and the percentage from an amount', () => {
    expect(deriveOther('2500.00', 'percent', '30')).toBe('750.00');
    // 1000 of 2500 = 40%; 333.33 of 2500 = 13.3332%.
    expect(deriveOther('2500.00', 'amount', '1000')).toBe('40.00');
    expect(deriveOther('2500.00', 'amount', '333.33')).toBe('13.3332');
    // 12.345% of 1234.56 = 152.406432 -> 152.41 (half-up to the cent).
    expect(deriveOther('1234.56', 'percent', '12.345')).toBe('152.41');
  });

  it('derives nothing from what is not a usable value', () => {
    expect(deriveOther('2500.00', 'percent', 'abc')).toBeNull();
    expect(deriveOther('2500.00', 'percent', '0')).toBeNull();
    expect(deriveOther('2500.00', 'percent', '120')).toBeNull();
    expect(deriveOther('0.00', 'amount', '10')).toBeNull();
    expect(deriveOther('2500.00', 'amount', undefined)).toBeNull();
  });

  it('patches only the value typed, and nothing when it did not change', () => {
    const l = line({});
    expect(pairPatch(l, 'percent', '30')).toBeNull();
    expect(pairPatch(l, 'percent', '25.5')).toEqual({ percent: '25.5' });
    expect(pairPatch(l, 'amount', '800')).toEqual({ amount: '800.00' });
    expect(pairPatch(l, 'amount', '750.00')).toBeNull();
    expect(pairPatch(l, 'amount', 'x')).toBeNull();
  });

  it('freezes a line with a document, draft or registered', () => {
    expect(isEditable(line({}))).toBe(true);
    expect(isEditable(line({ documents: [{ documentId: 5, role: 'advance', status: 'draft', tipoDocumento: 'TD02', date: '2026-11-23' }] }))).toBe(false);
    expect(isEditable(line({ posted: true }))).toBe(false);
  });

  it('applies a template with planned dates from the order date', () => {
    const tpl = {
      lines: [
        { type: 'advance' as const, percent: '30', daysOffset: 0, paymentTerm: 'RD', text: 'Anticipo alla firma' },
        { type: 'closing' as const, percent: '70', daysOffset: 45 },
      ],
    };
    expect(templateLines(tpl, '2026-11-23')).toEqual([
      { type: 'advance', percent: '30', plannedDate: '2026-11-23', paymentTerm: 'RD', text: 'Anticipo alla firma' },
      { type: 'closing', percent: '70', plannedDate: '2027-01-07' },
    ]);
  });

  it('tells when a template does not fit the plan: over 100% (reversed advances aside) or a second closing', () => {
    const detail = { lines: [line({ percent: '30.00' }), line({ id: 2, position: 2, percent: '20.00', creditNoteDocumentId: 9 })] } as Pick<PlanDetail, 'lines'>;
    expect(templateProblem(detail, { lines: [{ type: 'closing', percent: '70', daysOffset: 0 }] })).toBeNull();
    expect(templateProblem(detail, { lines: [{ type: 'closing', percent: '75', daysOffset: 0 }] })).toEqual({ kind: 'over100', total: '105' });
    const withClosing = { lines: [line({ type: 'closing', percent: '10.00' })] } as Pick<PlanDetail, 'lines'>;
    expect(templateProblem(withClosing, { lines: [{ type: 'closing', percent: '20', daysOffset: 0 }] })).toEqual({ kind: 'twoClosings' });
  });

  it('links every created draft to the wizard, coming back to the plan', () => {
    expect(draftRoute(12, 3)).toBe('/fatture/12/modifica?ritorno=%2Fpiani%2F3');
    const links = createdLinks({ created: [{ documentId: 12, lineId: 1, role: 'advance', tipoDocumento: 'TD02' }] }, 3, (c) => `Apri ${c.tipoDocumento}`);
    expect(links).toEqual([{ label: 'Apri TD02', to: '/fatture/12/modifica?ritorno=%2Fpiani%2F3' }]);
  });

  it('places the API errors on the line of their position, the rest on the plan', () => {
    const lines = [line({ id: 10, position: 1 }), line({ id: 11, position: 2 })];
    const placed = placeErrors(
      [
        { field: 'lines[1].percent', code: 'PERCENTUALE_NON_VALIDA', message: 'Riga 2: percentuale non valida.', fix: 'Correggi la percentuale.' },
        { field: 'lines', code: 'PIANO_OLTRE_100', message: 'La somma è 110%.' },
      ],
      lines,
    );
    expect([...placed.byLine]).toEqual([[11, ['Riga 2: percentuale non valida. Correggi la percentuale.']]]);
    expect([...placed.fields.get(11)!]).toEqual(['percent']);
    expect(placed.general).toEqual(['La somma è 110%.']);
  });
});
