import { describe, expect, it } from 'vitest';
import type { PlanTemplate } from '../../../core/ipl/types';
import { errorText } from '../../forms/errors';
import { apiErrorMap, blankTemplate, blankTemplateLine, formFromTemplate, generalMessages, lineMessages, percentTotal, shapeErrors, templateInputOf, type TemplateForm } from './template-form';

const TEXTS = { required: 'Campo obbligatorio', daysInvalid: 'Giorni interi', percentInvalid: 'Percentuale non valida' };

const saved: PlanTemplate = {
  id: 4,
  name: 'Anticipo 30% e saldo',
  description: 'Macchine su commessa',
  lines: [
    { type: 'advance', percent: '30.00', daysOffset: 0, paymentTerm: 'RD', text: 'Anticipo alla firma' },
    { type: 'closing', percent: '70.00', daysOffset: 60, paymentMethod: 'RIBA' },
  ],
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

describe('plan template form', () => {
  it('round-trips a saved template into the API input', () => {
    const form = formFromTemplate(saved);
    expect(form.lines.map((l) => l.days)).toEqual(['0', '60']);
    expect(templateInputOf(form)).toEqual({
      id: 4,
      name: 'Anticipo 30% e saldo',
      description: 'Macchine su commessa',
      lines: [
        { type: 'advance', percent: '30', daysOffset: 0, paymentTerm: 'RD', text: 'Anticipo alla firma' },
        { type: 'closing', percent: '70', daysOffset: 60, paymentMethod: 'RIBA' },
      ],
    });
    expect(shapeErrors(form, TEXTS)).toEqual({});
  });

  it('proposes an advance first, then the closing, then advances again', () => {
    const form = blankTemplate();
    expect(form.lines.map((l) => [l.type, l.days])).toEqual([['advance', '0']]);
    form.lines.push(blankTemplateLine(form.lines));
    expect(form.lines[1]!.type).toBe('closing');
    expect(blankTemplateLine(form.lines).type).toBe('advance');
    expect(new Set(form.lines.map((l) => l.key)).size).toBe(2);
  });

  it('trims text and leaves out empty optional fields', () => {
    const form: TemplateForm = { name: '  Saldo  ', description: '   ', lines: [{ key: 1, type: 'closing', percent: '100', days: ' 30 ', text: '  ' }] };
    expect(templateInputOf(form)).toEqual({ name: 'Saldo', lines: [{ type: 'closing', percent: '100', daysOffset: 30 }] });
  });

  it('reports a missing name, percentage and days, and days or percentages that cannot be read, next to their field', () => {
    const form: TemplateForm = {
      lines: [
        { key: 1, type: 'advance', days: '' },
        { key: 2, type: 'advance', percent: '12.5', days: '1,5' },
        { key: 3, type: 'closing', percent: '1000', days: '30' },
        { key: 4, type: 'closing', percent: '10.12345', days: 'trenta' },
      ],
    };
    expect(shapeErrors(form, TEXTS)).toEqual({
      name: 'Campo obbligatorio',
      'lines.0.percent': 'Campo obbligatorio',
      'lines.0.daysOffset': 'Campo obbligatorio',
      'lines.1.daysOffset': 'Giorni interi',
      'lines.2.percent': 'Percentuale non valida',
      'lines.3.percent': 'Percentuale non valida',
      'lines.3.daysOffset': 'Giorni interi',
    });
  });

  it('sums the percentages that can be read', () => {
    const form: TemplateForm = { lines: [{ key: 1, type: 'advance', percent: '30' }, { key: 2, type: 'partial', percent: '12.5' }, { key: 3, type: 'closing' }] };
    expect(percentTotal(form).toString()).toBe('42.5');
  });

  it('places the API’s errors on the line and column, and the others above the lines', () => {
    const errors = apiErrorMap(
      [
        { field: 'lines[1].percent', message: 'Riga 2: la percentuale deve essere maggiore di 0 e al massimo 100, con al più 4 decimali.', fix: 'Correggi la percentuale.' },
        { field: 'lines[1].paymentTerm', message: 'Termine di pagamento «XX» non presente nelle impostazioni.' },
        { field: 'lines', message: 'La somma delle percentuali del modello è 120%: non può superare il 100%.', fix: 'Riduci le percentuali.' },
        { field: 'template.name', message: 'Esiste già un modello «Saldo».' },
        { field: 'lines[7].type', message: 'Riga 8: tipo non previsto.' },
      ],
      errorText,
    );
    expect(Object.keys(errors)).toEqual(['lines.1.percent', 'lines.1.paymentTerm', 'lines', 'name', 'lines.7.type']);
    expect(lineMessages(errors, 1)).toEqual([
      { column: 'percent', text: 'la percentuale deve essere maggiore di 0 e al massimo 100, con al più 4 decimali. Correggi la percentuale.' },
      { column: 'paymentTerm', text: 'Termine di pagamento «XX» non presente nelle impostazioni.' },
    ]);
    expect(lineMessages(errors, 0)).toEqual([]);
    expect(generalMessages(errors, 2)).toEqual(['La somma delle percentuali del modello è 120%: non può superare il 100%. Riduci le percentuali.', 'Riga 8: tipo non previsto.']);
  });
});
