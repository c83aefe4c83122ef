/**
 * Validation of a counterparty (customer, or supplier on self-invoices) before it reaches an invoice: what the SdI needs
 * to deliver the document and to identify the parties. Returns every problem at once, each tied to the field it belongs
 * to, with an Italian message and a hint, so the form can show them next to the inputs.
 */
import type { Address, CustomerInput, Naming } from './types';
import { isEuCountry, isValidCodiceFiscale, isValidPartitaIva, isValidVatNumber, normalizeFiscalId } from './fiscal-ids';

export interface FieldError {
  /** Property path of the input, e.g. "partitaIva", "address.cap", "lines[2].aliquotaIva". */
  field: string;
  /** Stable code (SdI control code when one matches). */
  code: string;
  message: string;
  fix?: string;
}

/** Codice destinatario for recipients without a channel of their own (consumers, PEC-only, unknown). */
export const CODICE_DESTINATARIO_NESSUNO = '0000000';
/** Codice destinatario for foreign recipients (the SdI does not deliver; the seller sends the invoice itself). */
export const CODICE_DESTINATARIO_ESTERO = 'XXXXXXX';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmailShape(s: string): boolean {
  return s.length >= 7 && s.length <= 256 && EMAIL_RE.test(s);
}

/** Denominazione, or Nome and Cognome (never both, never neither): the xs:choice of Anagrafica. */
export function validateNaming(n: Naming, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const den = n.denominazione?.trim();
  const nome = n.nome?.trim();
  const cognome = n.cognome?.trim();
  if (den && (nome || cognome)) {
    errors.push({
      field: `${prefix}denominazione`,
      code: 'ANAGRAFICA_DOPPIA',
      message: 'Indicare la denominazione oppure nome e cognome, non entrambi.',
      fix: 'Per una società usa solo la denominazione; per una persona fisica solo nome e cognome.',
    });
  } else if (!den && !(nome && cognome)) {
    errors.push({
      field: nome ? `${prefix}cognome` : cognome ? `${prefix}nome` : `${prefix}denominazione`,
      code: 'ANAGRAFICA_MANCANTE',
      message: 'Manca la denominazione (o nome e cognome).',
      fix: 'Inserisci la ragione sociale oppure nome e cognome della persona.',
    });
  }
  if (den && den.length > 80) {
    errors.push({ field: `${prefix}denominazione`, code: 'LUNGHEZZA', message: 'La denominazione supera 80 caratteri.', fix: 'Abbrevia la denominazione (max 80 caratteri).' });
  }
  if (nome && nome.length > 60) errors.push({ field: `${prefix}nome`, code: 'LUNGHEZZA', message: 'Il nome supera 60 caratteri.', fix: 'Abbrevia il nome (max 60 caratteri).' });
  if (cognome && cognome.length > 60) errors.push({ field: `${prefix}cognome`, code: 'LUNGHEZZA', message: 'Il cognome supera 60 caratteri.', fix: 'Abbrevia il cognome (max 60 caratteri).' });
  return errors;
}

/** An address as FatturaPA wants it: for Italy a 5-digit CAP and the 2-letter provincia. */
export function validateAddress(a: Address | undefined, prefix: string): FieldError[] {
  if (!a) return [{ field: prefix.replace(/\.$/, ''), code: 'INDIRIZZO_MANCANTE', message: "Manca l'indirizzo.", fix: "Inserisci indirizzo, CAP, comune e nazione." }];
  const errors: FieldError[] = [];
  const nazione = (a.nazione ?? '').trim().toUpperCase();
  if (!a.indirizzo?.trim()) errors.push({ field: `${prefix}indirizzo`, code: 'INDIRIZZO_MANCANTE', message: "Manca l'indirizzo (via e numero).", fix: 'Inserisci la via.' });
  else if (a.indirizzo.trim().length > 60) errors.push({ field: `${prefix}indirizzo`, code: 'LUNGHEZZA', message: "L'indirizzo supera 60 caratteri.", fix: 'Abbrevia l’indirizzo o sposta il numero civico nel suo campo.' });
  if (a.numeroCivico !== undefined && a.numeroCivico.trim() !== '' && a.numeroCivico.trim().length > 8) {
    errors.push({ field: `${prefix}numeroCivico`, code: 'LUNGHEZZA', message: 'Il numero civico supera 8 caratteri.', fix: 'Abbrevia il numero civico (max 8 caratteri).' });
  }
  if (!a.comune?.trim()) errors.push({ field: `${prefix}comune`, code: 'COMUNE_MANCANTE', message: 'Manca il comune.', fix: 'Inserisci il comune (o la città estera).' });
  else if (a.comune.trim().length > 60) errors.push({ field: `${prefix}comune`, code: 'LUNGHEZZA', message: 'Il comune supera 60 caratteri.', fix: 'Abbrevia il nome del comune.' });
  if (!/^[A-Z]{2}$/.test(nazione)) {
    errors.push({ field: `${prefix}nazione`, code: 'NAZIONE_NON_VALIDA', message: 'La nazione deve essere un codice di 2 lettere (ISO 3166, es. IT, DE, FR).', fix: 'Scegli la nazione dall’elenco.' });
  }
  if (nazione === 'IT') {
    if (!/^\d{5}$/.test((a.cap ?? '').trim())) errors.push({ field: `${prefix}cap`, code: 'CAP_NON_VALIDO', message: 'Il CAP italiano deve avere 5 cifre.', fix: 'Correggi il CAP (es. 20121).' });
    if (a.provincia !== undefined && a.provincia.trim() !== '' && !/^[A-Z]{2}$/.test(a.provincia.trim().toUpperCase())) {
      errors.push({ field: `${prefix}provincia`, code: 'PROVINCIA_NON_VALIDA', message: 'La provincia deve essere la sigla di 2 lettere.', fix: 'Usa la sigla (es. MI, RM, NA).' });
    } else if (!a.provincia?.trim()) {
      errors.push({ field: `${prefix}provincia`, code: 'PROVINCIA_MANCANTE', message: 'Manca la sigla della provincia.', fix: 'Inserisci la sigla della provincia (es. MI).' });
    }
  }
  return errors;
}

function checkEmail(value: string | undefined, field: string, label: string): FieldError[] {
  if (value === undefined || value.trim() === '') return [];
  if (isEmailShape(value.trim())) return [];
  return [{ field, code: 'EMAIL_NON_VALIDA', message: `${label} non ha un formato valido.`, fix: 'Controlla l’indirizzo (es. nome@dominio.it).' }];
}

export function validateCustomer(c: CustomerInput): FieldError[] {
  const errors: FieldError[] = [...validateNaming(c)];
  const idPaese = (c.idPaese ?? '').trim().toUpperCase();
  const piva = normalizeFiscalId(c.partitaIva);
  const cf = (c.codiceFiscale ?? '').trim().toUpperCase().replace(/\s/g, '');
  const codDest = (c.codiceDestinatario ?? '').trim().toUpperCase();
  const pec = c.pec?.trim();

  if (!/^[A-Z]{2}$/.test(idPaese)) {
    errors.push({ field: 'idPaese', code: 'PAESE_NON_VALIDO', message: 'Il paese deve essere un codice di 2 lettere (ISO 3166).', fix: 'Scegli il paese dall’elenco (IT per l’Italia).' });
  }
  errors.push(...validateAddress(c.address, 'address.'));
  if (c.stabileOrganizzazione) errors.push(...validateAddress(c.stabileOrganizzazione, 'stabileOrganizzazione.'));
  errors.push(...checkEmail(c.email, 'email', 'L’email'));
  errors.push(...checkEmail(pec, 'pec', 'La PEC'));

  if (c.kind === 'ESTERO') {
    if (idPaese === 'IT') {
      errors.push({ field: 'idPaese', code: 'ESTERO_CON_IT', message: 'Un cliente estero non può avere paese IT.', fix: 'Indica il paese del cliente oppure scegli il tipo "azienda" o "privato".' });
    }
    if (codDest !== '' && codDest !== CODICE_DESTINATARIO_ESTERO) {
      errors.push({ field: 'codiceDestinatario', code: 'CODICE_DESTINATARIO_ESTERO', message: 'Per i clienti esteri il codice destinatario è XXXXXXX.', fix: 'Lascia vuoto il codice destinatario: verrà usato XXXXXXX.' });
    }
    if (c.address && (c.address.nazione ?? '').trim().toUpperCase() === 'IT' && !c.stabileOrganizzazione) {
      errors.push({ field: 'address.nazione', code: 'ESTERO_INDIRIZZO_IT', message: 'Un cliente estero deve avere la sede all’estero.', fix: 'Indica la nazione della sede; una sede italiana va nella stabile organizzazione.' });
    }
    if (piva !== '') {
      if (isEuCountry(idPaese) && !isValidVatNumber(idPaese, piva)) {
        errors.push({ field: 'partitaIva', code: 'PARTITA_IVA_ESTERA_NON_VALIDA', message: `La partita IVA non ha la forma prevista per ${idPaese}.`, fix: 'Controlla il numero (senza il prefisso del paese) o verificalo su VIES.' });
      } else if (!/^[A-Z0-9]{1,28}$/.test(piva)) {
        errors.push({ field: 'partitaIva', code: 'PARTITA_IVA_ESTERA_NON_VALIDA', message: 'L’identificativo fiscale estero deve avere da 1 a 28 lettere o cifre.', fix: 'Togli spazi e simboli dal numero.' });
      }
    }
    return errors;
  }

  // Italian customers (B2B, PA, consumers).
  if (idPaese !== '' && idPaese !== 'IT') {
    errors.push({ field: 'idPaese', code: 'PAESE_NON_IT', message: 'Un cliente italiano deve avere paese IT.', fix: 'Se il cliente non è italiano scegli il tipo "estero".' });
  }
  if (piva !== '' && !isValidPartitaIva(piva)) {
    errors.push({ field: 'partitaIva', code: 'PARTITA_IVA_NON_VALIDA', message: 'La partita IVA non è valida (11 cifre con cifra di controllo).', fix: 'Ricontrolla le cifre: una cifra sbagliata invalida il codice di controllo.' });
  }
  if (cf !== '' && !isValidCodiceFiscale(cf)) {
    errors.push({ field: 'codiceFiscale', code: 'CODICE_FISCALE_NON_VALIDO', message: 'Il codice fiscale non è valido.', fix: 'Controlla i 16 caratteri (persone) o le 11 cifre (enti e società).' });
  }
  if (c.splitPayment && c.kind === 'PRIVATO') {
    errors.push({ field: 'splitPayment', code: 'SPLIT_PAYMENT_PRIVATO', message: 'La scissione dei pagamenti non si applica ai consumatori.', fix: 'Disattiva la scissione dei pagamenti.' });
  }

  switch (c.kind) {
    case 'B2B': {
      if (piva === '' && cf === '') {
        errors.push({ field: 'partitaIva', code: '00417', message: 'Indicare la partita IVA o il codice fiscale del cliente.', fix: 'Inserisci la partita IVA dell’azienda.' });
      }
      if (codDest === '' && !pec) {
        errors.push({
          field: 'codiceDestinatario',
          code: 'RECAPITO_MANCANTE',
          message: 'Manca il recapito SdI: codice destinatario o PEC.',
          fix: 'Inserisci il codice destinatario di 7 caratteri o la PEC; se il cliente non li ha comunicati usa 0000000.',
        });
      } else if (codDest !== '' && !/^[A-Z0-9]{7}$/.test(codDest)) {
        errors.push({ field: 'codiceDestinatario', code: 'CODICE_DESTINATARIO_NON_VALIDO', message: 'Il codice destinatario deve avere 7 caratteri (lettere maiuscole e cifre).', fix: 'Ricontrolla il codice comunicato dal cliente.' });
      }
      break;
    }
    case 'PA': {
      const cuu = (c.cuu ?? '').trim().toUpperCase();
      if (!/^[A-Z0-9]{6}$/.test(cuu)) {
        errors.push({ field: 'cuu', code: 'CUU_NON_VALIDO', message: 'Il codice univoco ufficio della PA deve avere 6 caratteri.', fix: 'Cerca il codice dell’ufficio su indicepa.gov.it.' });
      }
      if (cf === '') {
        errors.push({ field: 'codiceFiscale', code: 'CODICE_FISCALE_MANCANTE', message: 'Per la PA il codice fiscale è obbligatorio.', fix: 'Inserisci il codice fiscale dell’ente (di solito 11 cifre).' });
      }
      break;
    }
    case 'PRIVATO': {
      if (cf === '') {
        errors.push({ field: 'codiceFiscale', code: 'CODICE_FISCALE_MANCANTE', message: 'Per un consumatore il codice fiscale è obbligatorio.', fix: 'Inserisci il codice fiscale di 16 caratteri.' });
      }
      if (codDest !== '' && !/^[A-Z0-9]{7}$/.test(codDest)) {
        errors.push({ field: 'codiceDestinatario', code: 'CODICE_DESTINATARIO_NON_VALIDO', message: 'Il codice destinatario deve avere 7 caratteri.', fix: 'Lascia vuoto per usare 0000000.' });
      }
      break;
    }
  }
  return errors;
}
