/** Cascading line discounts typed as "10+5" (10% then 5%) <-> the draft's ScontoMaggiorazione list. */
import type { Discount } from '../../../core/invoicing/types';
import { formatPercent, parseDecimalInput } from '../../format/format';

/** null when the text is not a list of percentages. */
export function parseDiscounts(text: string): Discount[] | null {
  const s = text.trim().replace(/%/g, '');
  if (s === '') return [];
  const out: Discount[] = [];
  for (const part of s.split('+')) {
    const v = parseDecimalInput(part);
    if (v === null || v.startsWith('-')) return null;
    out.push({ tipo: 'SC', percentuale: v });
  }
  return out;
}

export function discountsText(sconti: readonly Discount[] | undefined): string {
  return (sconti ?? [])
    .filter((s) => s.tipo === 'SC' && s.percentuale !== undefined)
    .map((s) => formatPercent(s.percentuale))
    .join('+');
}

/** Only plain percentage discounts can be edited as text; others (importi, maggiorazioni) are shown read-only. */
export function editableAsText(sconti: readonly Discount[] | undefined): boolean {
  return (sconti ?? []).every((s) => s.tipo === 'SC' && s.percentuale !== undefined && s.importo === undefined);
}
