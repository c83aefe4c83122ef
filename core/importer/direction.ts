/**
 * Which way an imported file goes, for the open company.
 *
 *  - OUTBOUND (issued by the company, made by another program): the company is the CedentePrestatore. This includes
 *    TD21 (plafond exceeded) and TD27 (self-consumption), where the company is on both sides, and TD26.
 *  - OUTBOUND as well, the company's self-invoices and integrations where the law puts the company in
 *    CessionarioCommittente and the real supplier in CedentePrestatore: TD16-TD19 (reverse charge integrations and
 *    self-invoices for purchases from abroad), TD20 (self-invoice to regularise), TD22-TD23
 *    (goods taken out of a VAT warehouse), TD28 (purchases from San Marino), TD29 (report of missing invoicing). The
 *    company issues these (SoggettoEmittente is usually CC); a file with SoggettoEmittente CC and the company as
 *    cessionario is treated the same way whatever its type. In a lotto every body must agree: a file mixing
 *    self-invoices and ordinary invoices addressed to the company is refused.
 *  - RECEIVED (passive cycle): the company is the CessionarioCommittente of an ordinary invoice issued by someone else.
 *  - anything else does not concern the company: refused with the parties named.
 *
 * A party is the company when its IdFiscaleIVA is the company's (country + P.IVA), or its CodiceFiscale is the
 * company's codice fiscale or P.IVA (companies often write the P.IVA number as codice fiscale).
 */
import { fail } from '../errors';
import type { Company } from '../invoicing/types';
import { vatKey, type InvoiceFacts, type PartyFacts } from './facts';

export type Direction = 'outbound' | 'received';

/** TipoDocumento values the company issues as cessionario/committente (self-invoices and integrations). */
export const SELF_INVOICE_TYPES: ReadonlySet<string> = new Set(['TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD22', 'TD23', 'TD28', 'TD29']);

export interface CompanyIdentity {
  vat: string;
  fiscalCodes: Set<string>;
  name: string;
}

export function companyIdentity(c: Pick<Company, 'idPaese' | 'partitaIva' | 'codiceFiscale' | 'denominazione' | 'nome' | 'cognome'>): CompanyIdentity {
  const piva = c.partitaIva.replace(/\s/g, '').toUpperCase();
  const codes = new Set([piva]);
  if (c.codiceFiscale) codes.add(c.codiceFiscale.replace(/\s/g, '').toUpperCase());
  return { vat: `${c.idPaese.toUpperCase()}${piva}`, fiscalCodes: codes, name: c.denominazione ?? [c.nome, c.cognome].filter(Boolean).join(' ') };
}

export function isCompany(p: PartyFacts, id: CompanyIdentity): boolean {
  const key = vatKey(p);
  if (key !== undefined && key === id.vat) return true;
  return p.codiceFiscale !== undefined && id.fiscalCodes.has(p.codiceFiscale);
}

function describeParty(p: PartyFacts): string {
  const ids = [vatKey(p), p.codiceFiscale && `CF ${p.codiceFiscale}`].filter(Boolean).join(', ');
  return `${p.name || 'senza nome'}${ids ? ` (${ids})` : ''}`;
}

export interface Classification {
  direction: Direction;
  /** The company issued the file (outbound): as cedente, or as cessionario of a self-invoice. */
  issuedByCompany: boolean;
  /** The other party: the customer of an outbound invoice, the supplier of a received one or of a self-invoice. */
  counterparty: PartyFacts;
  counterpartyIsSupplier: boolean;
}

export function classify(facts: InvoiceFacts, id: CompanyIdentity): Classification {
  const cedente = isCompany(facts.cedente, id);
  const cessionario = isCompany(facts.cessionario, id);
  if (cedente) {
    return { direction: 'outbound', issuedByCompany: true, counterparty: facts.cessionario, counterpartyIsSupplier: false };
  }
  if (cessionario) {
    const self = facts.bodies.filter((b) => SELF_INVOICE_TYPES.has(b.tipoDocumento)).length;
    if (facts.soggettoEmittente === 'CC' || self === facts.bodies.length) {
      return { direction: 'outbound', issuedByCompany: true, counterparty: facts.cedente, counterpartyIsSupplier: true };
    }
    if (self > 0) {
      fail('IMPORT_LOTTO_MISTO', 'Il file contiene sia autofatture (TD16-TD29) emesse dall’azienda sia fatture ricevute: non si può stabilire se è in entrata o in uscita.', {
        fix: 'Chiedi al mittente file separati per le autofatture e per le fatture ricevute.',
      });
    }
    return { direction: 'received', issuedByCompany: false, counterparty: facts.cedente, counterpartyIsSupplier: true };
  }
  fail('IMPORT_NON_AZIENDA', `La fattura non riguarda l’azienda aperta (${id.name}, ${id.vat}): il cedente/prestatore è ${describeParty(facts.cedente)} e il cessionario/committente è ${describeParty(facts.cessionario)}.`, {
    fix: 'Apri l’azienda a cui è intestata la fattura e importala lì.',
  });
}
