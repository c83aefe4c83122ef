/**
 * Live line totals in the Righe step, computed offline with the engine's own arithmetic (core/invoicing/totals.ts),
 * so the figure under the cursor is exactly what the invoice will carry. A line with a value that is not a number yet
 * gets no total instead of breaking the others.
 */
import type { DocumentDraft, VatCode } from '../../../core/invoicing/types';
import { computeDocument } from '../../../core/invoicing/totals';

export function lineTotals(draft: DocumentDraft, vatCodes: readonly VatCode[]): (string | null)[] {
  const totalsOf = (d: DocumentDraft) => {
    const out: (string | null)[] = d.lines.map(() => null);
    for (const l of computeDocument(d, { vatCodes }).lines) {
      if (l.kind === 'line' && l.draftIndex !== undefined) out[l.draftIndex] = l.prezzoTotale.toFixed(2);
    }
    return out;
  };
  const base: DocumentDraft = { ...draft, discount: undefined, cassa: undefined, ritenuta: undefined, arrotondamento: undefined, bollo: { mode: 'no', chargedToCustomer: false } };
  try {
    return totalsOf(base);
  } catch {
    return draft.lines.map((line) => {
      try {
        return totalsOf({ ...base, lines: [line] })[0] ?? null;
      } catch {
        return null;
      }
    });
  }
}
