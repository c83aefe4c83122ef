/**
 * Plain-text pieces of a FatturaPA model for the courtesy copy: names, addresses, fiscal identifiers and the official
 * descriptions of codes. Every accessor tolerates a partial model (an imported file may lack what the XSD requires).
 */
import { enumDescriptions, type Anagrafica, type IdFiscale, type Indirizzo } from '../fatturapa/schema.generated';
import type { PdfLabels } from './labels';

/** Official Italian description of an enumerated code (e.g. describe('NaturaType', 'N3.2')), or "". */
export function describe(type: string, code: string | undefined): string {
  if (code === undefined) return '';
  return enumDescriptions[type]?.[code]?.trim() ?? '';
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** "code – description" or just the code when the code list has no description. */
export function codeWithDescription(type: string, code: string | undefined): string {
  if (code === undefined || code === '') return '';
  const d = describe(type, code);
  return d ? `${code} – ${d}` : code;
}

export function partyName(a: Anagrafica | undefined): string {
  if (a === undefined) return '';
  if (a.Denominazione?.trim()) return a.Denominazione.trim();
  return [a.Titolo, a.Nome, a.Cognome].filter((p) => p && p.trim()).join(' ');
}

/** Italian names of the countries an Italian business meets most; other codes are printed as they are. */
const COUNTRY_NAMES: Record<string, string> = {
  AT: 'Austria', BE: 'Belgio', BG: 'Bulgaria', CY: 'Cipro', CZ: 'Repubblica Ceca', DE: 'Germania', DK: 'Danimarca',
  EE: 'Estonia', GR: 'Grecia', EL: 'Grecia', ES: 'Spagna', FI: 'Finlandia', FR: 'Francia', HR: 'Croazia',
  HU: 'Ungheria', IE: 'Irlanda', LT: 'Lituania', LU: 'Lussemburgo', LV: 'Lettonia', MT: 'Malta', NL: 'Paesi Bassi',
  PL: 'Polonia', PT: 'Portogallo', RO: 'Romania', SE: 'Svezia', SI: 'Slovenia', SK: 'Slovacchia', SM: 'San Marino',
  VA: 'Città del Vaticano', CH: 'Svizzera', GB: 'Regno Unito', XI: 'Irlanda del Nord', US: 'Stati Uniti',
  CN: 'Cina', NO: 'Norvegia', AL: 'Albania', RS: 'Serbia', TR: 'Turchia', MC: 'Monaco', LI: 'Liechtenstein',
};

export function countryName(code: string | undefined): string {
  if (code === undefined) return '';
  const c = code.trim().toUpperCase();
  return COUNTRY_NAMES[c] ?? c;
}

/** Address on two or three lines: street and number; CAP, comune and provincia; country when not Italy. */
export function addressLines(i: Indirizzo | undefined): string[] {
  if (i === undefined) return [];
  const street = [i.Indirizzo, i.NumeroCivico].filter((p) => p && p.trim()).join(', ');
  const city = [i.CAP, i.Comune].filter((p) => p && p.trim()).join(' ') + (i.Provincia?.trim() ? ` (${i.Provincia.trim()})` : '');
  const lines = [street, city.trim()];
  if (i.Nazione && i.Nazione.trim().toUpperCase() !== 'IT') lines.push(countryName(i.Nazione));
  return lines.filter((l) => l.length > 0);
}

/** Address on one line (for stabile organizzazione, luogo di resa). */
export function addressInline(i: Indirizzo | undefined): string {
  return addressLines(i).join(', ');
}

/** "P.IVA IT01234567890 · C.F. RSSMRA80A01H501U" (foreign VAT ids get the generic label). */
export function fiscalIds(L: PdfLabels, id: IdFiscale | undefined, codiceFiscale: string | undefined): string {
  const parts: string[] = [];
  if (id && (id.IdPaese || id.IdCodice)) {
    const label = (id.IdPaese ?? '').toUpperCase() === 'IT' ? L.partitaIva : L.idFiscaleIva;
    parts.push(`${label} ${id.IdPaese ?? ''}${id.IdCodice ?? ''}`);
  }
  if (codiceFiscale?.trim()) parts.push(`${L.codiceFiscale} ${codiceFiscale.trim()}`);
  return parts.join(' · ');
}

/**
 * The Causale blocks (up to 200 characters each) joined back into one text. A writer that splits at a space keeps the
 * space at the end of a block (or the start of the next): those join as they are. Otherwise a space is added: files
 * fill blocks up to 200 characters with separate sentences (the official samples do) more often than they cut words.
 */
export function joinCausale(blocks: string[] | undefined): string {
  if (!blocks || blocks.length === 0) return '';
  let out = '';
  for (const b of blocks) {
    if (out.length === 0 || /\s$/.test(out) || /^\s/.test(b)) out += b;
    else out += ' ' + b;
  }
  return out.trim();
}
