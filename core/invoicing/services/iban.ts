/**
 * IBAN check (ISO 13616): the mod-97 check digits, and for Italian IBANs the length (27) and the layout
 * IT kk CIN ABI(5) CAB(5) conto(12), from which ABI and CAB are read.
 */
export type IbanCheck =
  | { ok: true; iban: string; abi?: string; cab?: string }
  | { ok: false; code: string; message: string; fix: string };

/** Spaces removed, upper case. */
export function normalizeIban(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

function mod97(s: string): number {
  // Letters become 10..35; the number is reduced a chunk at a time so it never leaves safe integers.
  let rem = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem;
}

export function checkIban(input: string): IbanCheck {
  const iban = normalizeIban(input);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) {
    return { ok: false, code: 'IBAN_FORMATO', message: 'L’IBAN deve iniziare con il codice paese e due cifre di controllo, seguiti da lettere e cifre.', fix: 'Copia l’IBAN dall’estratto conto (es. IT60X0542811101000000123456).' };
  }
  if (iban.startsWith('IT')) {
    if (iban.length !== 27) {
      return { ok: false, code: 'IBAN_LUNGHEZZA', message: `Un IBAN italiano ha 27 caratteri, questo ne ha ${iban.length}.`, fix: 'Controlla di non aver perso o aggiunto caratteri.' };
    }
    if (!/^IT\d{2}[A-Z]\d{10}[A-Z0-9]{12}$/.test(iban)) {
      return { ok: false, code: 'IBAN_FORMATO', message: 'L’IBAN italiano non ha la forma prevista (CIN, ABI, CAB, conto).', fix: 'Controlla l’IBAN sull’estratto conto.' };
    }
  }
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) {
    return { ok: false, code: 'IBAN_CONTROLLO', message: 'Le cifre di controllo dell’IBAN non tornano: probabilmente c’è un carattere sbagliato.', fix: 'Ricontrolla l’IBAN carattere per carattere.' };
  }
  return iban.startsWith('IT') ? { ok: true, iban, abi: iban.slice(5, 10), cab: iban.slice(10, 15) } : { ok: true, iban };
}
