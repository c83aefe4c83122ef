/** A new customer as the form starts it, and the clean-up before validation and saving. */
import type { Customer, CustomerInput, CustomerKind } from '../../../core/invoicing/types';
import { normalizeFiscalId } from '../../../core/invoicing/fiscal-ids';

export function blankCustomer(kind: CustomerKind = 'B2B'): CustomerInput {
  return {
    kind,
    isSupplier: false,
    idPaese: 'IT',
    denominazione: kind === 'PRIVATO' ? undefined : '',
    nome: kind === 'PRIVATO' ? '' : undefined,
    cognome: kind === 'PRIVATO' ? '' : undefined,
    address: { indirizzo: '', cap: '', comune: '', nazione: 'IT' },
    splitPayment: false,
  };
}

export function editableCustomer(c: Customer): CustomerInput {
  return JSON.parse(JSON.stringify(c)) as CustomerInput;
}

const trimOrUndef = (s: string | undefined) => {
  const v = s?.trim();
  return v ? v : undefined;
};

/** What is sent to customers.validate/save: trimmed, codes upper-cased, fields of other kinds dropped. */
export function customerForApi(c: CustomerInput): CustomerInput {
  const out = JSON.parse(JSON.stringify(c)) as CustomerInput;
  const person = out.denominazione === undefined;
  out.denominazione = person ? undefined : (out.denominazione ?? '').trim();
  out.nome = person ? trimOrUndef(out.nome) : undefined;
  out.cognome = person ? trimOrUndef(out.cognome) : undefined;
  const piva = normalizeFiscalId(out.partitaIva);
  out.partitaIva = piva ? piva : undefined;
  out.codiceFiscale = trimOrUndef(out.codiceFiscale)?.toUpperCase();
  out.codiceDestinatario = trimOrUndef(out.codiceDestinatario)?.toUpperCase();
  out.pec = trimOrUndef(out.pec);
  out.cuu = trimOrUndef(out.cuu)?.toUpperCase();
  out.email = trimOrUndef(out.email);
  out.telefono = trimOrUndef(out.telefono);
  out.notes = trimOrUndef(out.notes);
  out.address.provincia = trimOrUndef(out.address.provincia)?.toUpperCase();
  out.address.numeroCivico = trimOrUndef(out.address.numeroCivico);
  if (out.kind !== 'PA') {
    out.cuu = undefined;
    out.splitPayment = false;
  }
  if (out.kind === 'PA') out.codiceDestinatario = undefined;
  if (out.kind === 'ESTERO') {
    out.codiceDestinatario = undefined;
    out.pec = undefined;
    out.address.provincia = undefined;
    // Optional abroad (the XML carries 00000), but the address schema wants the key: empty when not typed.
    out.address.cap = trimOrUndef(out.address.cap) ?? '';
  }
  // JSON drops the undefined keys, so the API sees only what is set.
  return JSON.parse(JSON.stringify(out)) as CustomerInput;
}
