/**
 * Select options for the FatturaPA code lists with their official Italian descriptions (from the XSD, via
 * core/fatturapa/schema.generated.ts): "TD01 – Fattura", "RF19 – Regime forfettario", "N4 – Esenti"...
 */
import { enumDescriptions } from '../../core/fatturapa/schema.generated';
import type { SelectOption } from '../components/select-option';
import { CAUSALI_CU } from './causali-cu';

/** Descriptions the XSD does not give (CausalePagamento has codes only). */
const EXTRA: Partial<Record<EnumType, Readonly<Record<string, string>>>> = { CausalePagamentoType: CAUSALI_CU };

export type EnumType =
  | 'TipoDocumentoType'
  | 'RegimeFiscaleType'
  | 'NaturaType'
  | 'EsigibilitaIVAType'
  | 'TipoRitenutaType'
  | 'CausalePagamentoType'
  | 'TipoCassaType'
  | 'ModalitaPagamentoType'
  | 'CondizioniPagamentoType'
  | 'SocioUnicoType'
  | 'StatoLiquidazioneType'
  | 'TipoScontoMaggiorazioneType';

function descriptions(type: EnumType): Record<string, string> {
  const official = enumDescriptions[type] ?? {};
  const extra = EXTRA[type];
  if (!extra) return official;
  // Codes with an empty official description take ours; codes we leave out (Z) stay out of the options.
  return Object.fromEntries(Object.keys(extra).map((code) => [code, official[code] || extra[code]!]));
}

export function describeCode(type: EnumType, code: string | undefined): string {
  if (!code) return '';
  return descriptions(type)[code] || code;
}

/** "CODE – description" (capitalised), for every value or only those listed in `only`. */
export function enumOptions<V extends string>(type: EnumType, only?: readonly V[]): SelectOption<V>[] {
  const all = descriptions(type);
  const codes = (only ?? (Object.keys(all) as V[])).filter((c) => c in all);
  return codes.map((code) => {
    const d = all[code]!;
    return { value: code, label: d ? `${code} – ${d.charAt(0).toUpperCase()}${d.slice(1)}` : code };
  });
}
