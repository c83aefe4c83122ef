/** Customers (and suppliers): validated with validateCustomer, stored through the CustomerRepository. */
import { fail } from '../../errors';
import type { CompanyStore, CustomerListQuery, Page } from '../../ports';
import { validateCustomer } from '../customers';
import { normalizeFiscalId } from '../fiscal-ids';
import type { Customer, CustomerInput } from '../types';
import { throwIfInvalid } from './invalid';

/** Trims and upper-cases the codes, so the same customer typed twice is stored the same way. */
function normalize(input: CustomerInput): CustomerInput {
  const up = (s: string | undefined) => (s === undefined ? undefined : s.trim().toUpperCase() || undefined);
  const trim = (s: string | undefined) => (s === undefined ? undefined : s.trim() || undefined);
  const out: CustomerInput = {
    ...input,
    denominazione: trim(input.denominazione),
    nome: trim(input.nome),
    cognome: trim(input.cognome),
    idPaese: input.idPaese.trim().toUpperCase(),
    partitaIva: normalizeFiscalId(input.partitaIva) || undefined,
    codiceFiscale: up(input.codiceFiscale)?.replace(/\s/g, ''),
    codiceDestinatario: up(input.codiceDestinatario),
    cuu: up(input.cuu),
    pec: trim(input.pec),
    email: trim(input.email),
    address: { ...input.address, nazione: input.address.nazione.trim().toUpperCase(), provincia: up(input.address.provincia) },
  };
  for (const k of Object.keys(out) as (keyof CustomerInput)[]) if (out[k] === undefined) delete out[k];
  if (out.address.provincia === undefined) delete out.address.provincia;
  return out;
}

function validated(input: CustomerInput): CustomerInput {
  const c = normalize(input);
  throwIfInvalid('CLIENTE_NON_VALIDO', 'Dati del cliente non validi', validateCustomer(c));
  return c;
}

export function getCustomer(store: CompanyStore, id: number): Customer {
  return store.customers.get(id) ?? fail('CLIENTE_NON_TROVATO', `Cliente ${id} non trovato.`, { fix: 'Ricarica l’elenco dei clienti.' });
}

export function createCustomer(store: CompanyStore, input: CustomerInput): Customer {
  const { id: _ignored, ...c } = validated(input);
  return store.transaction(() => store.customers.get(store.customers.insert(c))!);
}

/** Updates a customer; its drafts follow a change of name (registered documents keep the name they were issued with). */
export function updateCustomer(store: CompanyStore, input: CustomerInput & { id: number }): Customer {
  const c = validated(input) as Customer;
  return store.transaction(() => {
    getCustomer(store, c.id);
    store.customers.update(c);
    const saved = store.customers.get(c.id)!;
    store.documents.refreshDraftCustomerName(saved.id, customerName(saved));
    return saved;
  });
}

export function listCustomers(store: CompanyStore, query: CustomerListQuery = {}): Page<Customer> {
  return store.customers.list(query);
}

/** Deletes a customer nobody refers to; with documents or ledger entries the customer must stay. */
export function deleteCustomer(store: CompanyStore, id: number): void {
  store.transaction(() => {
    const c = getCustomer(store, id);
    const refs = store.customers.countReferences(id);
    if (refs.documents > 0 || refs.ledgerEntries > 0) {
      fail(
        'CLIENTE_CON_DOCUMENTI',
        `Il cliente «${customerName(c)}» non può essere eliminato: compare in ${refs.documents} document${refs.documents === 1 ? 'o' : 'i'}${refs.ledgerEntries > 0 ? ` e in ${refs.ledgerEntries} scadenze` : ''}.`,
        { fix: 'Elimina prima le bozze del cliente; i documenti registrati vanno conservati, quindi il cliente resta in anagrafica.', details: refs },
      );
    }
    store.customers.delete(id);
  });
}

/** The name a list shows: denominazione, or "Cognome Nome". */
export function customerName(c: { denominazione?: string; nome?: string; cognome?: string }): string {
  const den = c.denominazione?.trim();
  if (den) return den;
  return [c.cognome?.trim(), c.nome?.trim()].filter(Boolean).join(' ');
}
