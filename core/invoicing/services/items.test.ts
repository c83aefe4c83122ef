import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { openTestCompany } from '../../../db/testing';
import { createItem, deleteItem, getItem, listItems, updateItem } from './items';
import { closeTestCompanies } from './test-support';

afterEach(closeTestCompanies);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return undefined;
}

describe('items', () => {
  it('creates, updates, lists, searches and deletes', () => {
    const { store } = openTestCompany();
    const a = createItem(store, { code: 'CONS', description: 'Consulenza oraria', unitaMisura: 'ore', prezzoUnitario: '80.00', vatCode: 'IVA22' });
    createItem(store, { code: 'PAGHE', description: 'Elaborazione cedolino', prezzoUnitario: '12.5', vatCode: 'IVA22' });
    createItem(store, { code: 'BOLLO', description: 'Rimborso bollo', prezzoUnitario: '2.00', vatCode: 'N1' });
    expect(getItem(store, a.id)).toEqual({ id: a.id, code: 'CONS', description: 'Consulenza oraria', unitaMisura: 'ore', prezzoUnitario: '80.00', vatCode: 'IVA22' });
    expect(listItems(store).rows.map((i) => i.code)).toEqual(['BOLLO', 'CONS', 'PAGHE']);
    expect(listItems(store, { text: 'cedolino' }).rows.map((i) => i.code)).toEqual(['PAGHE']);
    expect(listItems(store, { text: 'co' }).rows.map((i) => i.code)).toEqual(['CONS']);
    updateItem(store, { ...a, prezzoUnitario: '90.00' });
    expect(getItem(store, a.id).prezzoUnitario).toBe('90.00');
    deleteItem(store, a.id);
    expect(code(() => getItem(store, a.id))).toBe('ARTICOLO_NON_TROVATO');
  });

  it('refuses a duplicate code (case-insensitive), an unknown VAT code and a bad price', () => {
    const { store } = openTestCompany();
    createItem(store, { code: 'CONS', description: 'Consulenza', prezzoUnitario: '80.00', vatCode: 'IVA22' });
    expect(code(() => createItem(store, { code: 'cons', description: 'Doppio', prezzoUnitario: '1.00', vatCode: 'IVA22' }))).toBe('ARTICOLO_DUPLICATO');
    expect(code(() => createItem(store, { code: 'X', description: 'X', prezzoUnitario: '1.00', vatCode: 'IVA99' }))).toBe('ARTICOLO_NON_VALIDO');
    expect(code(() => createItem(store, { code: 'Y', description: 'Y', prezzoUnitario: '1,50', vatCode: 'IVA22' }))).toBe('ARTICOLO_NON_VALIDO');
    expect(listItems(store).total).toBe(1);
  });
});
