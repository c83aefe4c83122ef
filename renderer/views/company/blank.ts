/** A new company as the Benvenuto form starts it, and the clean-up before sending it to the API. */
import type { Company } from '../../../core/invoicing/types';

export function blankCompany(): Company {
  return {
    denominazione: '',
    idPaese: 'IT',
    partitaIva: '',
    regimeFiscale: 'RF01',
    sede: { indirizzo: '', cap: '', comune: '', nazione: 'IT' },
    contatti: {},
  };
}

/** Ensures the nested objects the form binds to exist (a company read from the API may lack them). */
export function editableCompany(c: Company): Company {
  const copy = JSON.parse(JSON.stringify(c)) as Company;
  copy.contatti ??= {};
  return copy;
}

/** Empty contacts are left out rather than sent as an empty block. */
export function companyForApi(c: Company): Company {
  const out = JSON.parse(JSON.stringify(c)) as Company;
  if (out.contatti && Object.values(out.contatti).every((v) => v === undefined || v === '')) delete out.contatti;
  out.partitaIva = (out.partitaIva ?? '').replace(/\s/g, '');
  return out;
}
