/** Items (articoli): code, description, price and VAT code used to fill draft lines. */
import { fail } from '../../errors';
import { Decimal } from '../../money/decimal';
import type { CompanyStore, ItemInput, ItemListQuery, Page } from '../../ports';
import type { FieldError } from '../customers';
import type { Item } from '../types';
import { getAccountingSettings } from './company';
import { throwIfInvalid } from './invalid';

function validateItem(store: CompanyStore, i: ItemInput): FieldError[] {
  const errors: FieldError[] = [];
  const code = (i.code ?? '').trim();
  if (code === '' || code.length > 35) errors.push({ field: 'code', code: 'CODICE_NON_VALIDO', message: 'Il codice articolo deve avere da 1 a 35 caratteri.', fix: 'Inserisci un codice breve.' });
  const description = (i.description ?? '').trim();
  if (description === '' || description.length > 1000) errors.push({ field: 'description', code: 'DESCRIZIONE_NON_VALIDA', message: 'La descrizione deve avere da 1 a 1000 caratteri.' });
  if (i.unitaMisura !== undefined && i.unitaMisura.length > 10) errors.push({ field: 'unitaMisura', code: 'LUNGHEZZA', message: 'L’unità di misura supera 10 caratteri.' });
  const price = Decimal.tryParse(i.prezzoUnitario);
  if (!price || price.significantScale() > 8) {
    errors.push({ field: 'prezzoUnitario', code: 'PREZZO_NON_VALIDO', message: 'Il prezzo deve essere un numero con al massimo 8 decimali.', fix: 'Usa il punto come separatore decimale (es. 12.50).' });
  }
  if (!getAccountingSettings(store).vatCodes.some((v) => v.code === i.vatCode)) {
    errors.push({ field: 'vatCode', code: 'CODICE_IVA_SCONOSCIUTO', message: `Il codice IVA «${i.vatCode ?? ''}» non è tra quelli definiti.`, fix: 'Scegli il codice IVA dall’elenco.' });
  }
  return errors;
}

function normalize(i: ItemInput): ItemInput {
  const out: ItemInput = { ...i, code: (i.code ?? '').trim(), description: (i.description ?? '').trim(), unitaMisura: i.unitaMisura?.trim() || undefined };
  if (out.unitaMisura === undefined) delete out.unitaMisura;
  return out;
}

function refuseDuplicateCode(store: CompanyStore, code: string, selfId?: number): void {
  const other = store.items.getByCode(code);
  if (other && other.id !== selfId) {
    fail('ARTICOLO_DUPLICATO', `Esiste già un articolo con codice «${other.code}».`, { field: 'code', fix: 'Scegli un altro codice o modifica l’articolo esistente.' });
  }
}

export function getItem(store: CompanyStore, id: number): Item {
  return store.items.get(id) ?? fail('ARTICOLO_NON_TROVATO', `Articolo ${id} non trovato.`, { fix: 'Ricarica l’elenco degli articoli.' });
}

export function createItem(store: CompanyStore, input: ItemInput): Item {
  const { id: _ignored, ...item } = normalize(input);
  return store.transaction(() => {
    throwIfInvalid('ARTICOLO_NON_VALIDO', 'Dati dell’articolo non validi', validateItem(store, item));
    refuseDuplicateCode(store, item.code);
    return store.items.get(store.items.insert(item))!;
  });
}

export function updateItem(store: CompanyStore, input: Item): Item {
  const item = normalize(input) as Item;
  return store.transaction(() => {
    getItem(store, item.id);
    throwIfInvalid('ARTICOLO_NON_VALIDO', 'Dati dell’articolo non validi', validateItem(store, item));
    refuseDuplicateCode(store, item.code, item.id);
    store.items.update(item);
    return store.items.get(item.id)!;
  });
}

export function listItems(store: CompanyStore, query: ItemListQuery = {}): Page<Item> {
  return store.items.list(query);
}

/** Drafts keep their own copy of each line, so deleting an item never changes a document. */
export function deleteItem(store: CompanyStore, id: number): void {
  store.transaction(() => {
    getItem(store, id);
    store.items.delete(id);
  });
}
