/**
 * Best-effort parsing of the address text VIES returns into the fields of a FatturaPA Indirizzo.
 *
 * VIES gives the address as the member state's registry prints it, one string with line breaks. For Italy it is
 * usually "VIA ROMA 1 \n00100 ROMA RM\n": street and number, then CAP, comune and provincia. Other states use their
 * own layouts ("Teststraat 1\n1000 AA Amsterdam"); for those only a "postcode city" last line is recognised. When the
 * text cannot be read with confidence the result is undefined and the caller keeps the raw text for the user.
 */
import type { Address } from '../invoicing/types';

/** An address read from VIES, with the text it came from. */
export interface ParsedAddress extends Address {
  raw: string;
}

const CAP_LINE = /^(\d{5})\s+(.+?)(?:\s+\(?([A-Z]{2})\)?)?$/;
const ONE_LINE_IT = /^(.+?)[\s,]+(\d{5})\s+(.+?)(?:\s+\(?([A-Z]{2})\)?)?$/;
/** A house number at the end of the street: "12", "12/B", "12 B", "12-14", "N. 5", "SNC" (senza numero civico). */
const CIVICO = /^(.*?)[\s,]+(?:N\.?\s*|N°\s*)?(\d+(?:\s?[A-Z](?![A-Z]))?(?:\s?[\/-]\s?[A-Z0-9]+)?|SNC|S\.N\.C\.?|S\.N\.)$/i;
/** Generic "postcode city" line of other member states: the postcode has a digit, the city does not start with one. */
const POSTCODE_LINE = /^((?:[A-Z]{1,3}-)?\d[\dA-Z]*(?:\s[A-Z]{2}(?=\s))?)\s+(\D.*)$/;

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "S.S. 16 KM 12,500": a kilometre marker is part of the street, not a house number. */
const KM_MARKER = /\bKM\.?\s*[\d.,]+$/i;

function splitStreet(street: string): { indirizzo: string; numeroCivico?: string } {
  if (KM_MARKER.test(street)) return { indirizzo: street };
  const m = CIVICO.exec(street);
  if (m && m[1]!.trim().length > 0) return { indirizzo: m[1]!.replace(/[\s,]+$/, ''), numeroCivico: m[2]!.replace(/\s+/g, '') };
  return { indirizzo: street };
}

/**
 * Reads an address returned by VIES for `countryCode` (as sent to VIES: "IT", "DE", "EL", ...). Returns undefined
 * when the text is empty, is VIES's "---" (not disclosed) or has no recognisable CAP/postcode line.
 */
export function parseViesAddress(raw: string | undefined | null, countryCode: string): ParsedAddress | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw);
  const lines = text
    .split(/\r?\n/)
    .map(clean)
    .filter((l) => l.length > 0 && l !== '---');
  if (lines.length === 0) return undefined;
  // VIES says EL for Greece; FatturaPA's Nazione is ISO 3166 (GR).
  const nazione = countryCode.toUpperCase() === 'EL' ? 'GR' : countryCode.toUpperCase();

  if (nazione === 'IT') {
    for (let i = lines.length - 1; i >= 1; i--) {
      const m = CAP_LINE.exec(lines[i]!);
      if (!m) continue;
      const street = clean(lines.slice(0, i).join(' '));
      return { ...splitStreet(street), cap: m[1]!, comune: m[2]!, provincia: m[3], nazione, raw: text };
    }
    const one = ONE_LINE_IT.exec(clean(lines.join(' ')));
    if (one) return { ...splitStreet(one[1]!), cap: one[2]!, comune: one[3]!, provincia: one[4], nazione, raw: text };
    return undefined;
  }

  if (lines.length < 2) return undefined;
  const last = POSTCODE_LINE.exec(lines[lines.length - 1]!);
  if (!last) return undefined;
  const street = clean(lines.slice(0, -1).join(' '));
  return { ...splitStreet(street), cap: last[1]!.replace(/\s+/g, ' '), comune: last[2]!, nazione, raw: text };
}
