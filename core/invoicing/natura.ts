/**
 * What the engine needs to know about each Natura (nature of a non-taxed operation): the default RiferimentoNormativo
 * written in DatiRiepilogo when the VAT code has none, whether the amount counts towards the 77.47 euro threshold of the
 * bollo virtuale, and which codes are the generic ones the SdI refuses since 2021 (control 00445).
 */
import type { Natura } from '../fatturapa/schema.generated';

export interface NaturaInfo {
  /** Default text for DatiRiepilogo/RiferimentoNormativo (max 100 Latin-1 characters). */
  riferimentoNormativo: string;
  /**
   * The amount is out of VAT, exempt or non-taxable under rules that do not exempt the invoice from stamp duty
   * (DPR 642/1972, tariffa art. 13 and tabella art. 6): invoices above 77.47 euro of such amounts carry 2.00 euro of
   * bollo. Exports (art. 8 c.1 a/b), intra-EU supplies (art. 41 DL 331/93) and San Marino supplies are exempt from bollo;
   * margin scheme, reverse charge and VAT paid in another EU state are VAT operations, so no bollo either.
   */
  bollo: boolean;
  /** Generic code no longer accepted by the SdI (N2, N3, N6): use a sub-code. */
  generic: boolean;
}

export const NATURA_INFO: Record<Natura, NaturaInfo> = {
  N1: { riferimentoNormativo: 'Escluse ex art. 15 DPR 633/72', bollo: true, generic: false },
  N2: { riferimentoNormativo: 'Non soggette', bollo: true, generic: true },
  'N2.1': { riferimentoNormativo: 'Non soggette ad IVA ai sensi degli artt. da 7 a 7-septies DPR 633/72', bollo: true, generic: false },
  'N2.2': { riferimentoNormativo: 'Non soggette - altri casi', bollo: true, generic: false },
  N3: { riferimentoNormativo: 'Non imponibili', bollo: false, generic: true },
  'N3.1': { riferimentoNormativo: 'Non imponibile art. 8 c.1 DPR 633/72 - esportazioni', bollo: false, generic: false },
  'N3.2': { riferimentoNormativo: 'Non imponibile art. 41 DL 331/93 - cessioni intracomunitarie', bollo: false, generic: false },
  'N3.3': { riferimentoNormativo: 'Non imponibile art. 71 DPR 633/72 - cessioni verso San Marino', bollo: false, generic: false },
  'N3.4': { riferimentoNormativo: 'Non imponibile artt. 8-bis e 9 DPR 633/72 - operazioni assimilate', bollo: true, generic: false },
  'N3.5': { riferimentoNormativo: "Non imponibile art. 8 c.1 lett. c) DPR 633/72 - dichiarazione d'intento", bollo: true, generic: false },
  'N3.6': { riferimentoNormativo: 'Non imponibile - altre operazioni che non concorrono al plafond', bollo: true, generic: false },
  N4: { riferimentoNormativo: 'Esente art. 10 DPR 633/72', bollo: true, generic: false },
  N5: { riferimentoNormativo: 'Regime del margine - art. 36 DL 41/95', bollo: false, generic: false },
  N6: { riferimentoNormativo: 'Inversione contabile', bollo: false, generic: true },
  'N6.1': { riferimentoNormativo: 'Inversione contabile art. 74 c.7 e 8 DPR 633/72 - rottami', bollo: false, generic: false },
  'N6.2': { riferimentoNormativo: 'Inversione contabile art. 17 c.5 DPR 633/72 - oro e argento', bollo: false, generic: false },
  'N6.3': { riferimentoNormativo: 'Inversione contabile art. 17 c.6 lett. a) DPR 633/72 - subappalto edile', bollo: false, generic: false },
  'N6.4': { riferimentoNormativo: 'Inversione contabile art. 17 c.6 lett. a-bis) DPR 633/72 - fabbricati', bollo: false, generic: false },
  'N6.5': { riferimentoNormativo: 'Inversione contabile art. 17 c.6 lett. b) DPR 633/72 - telefoni cellulari', bollo: false, generic: false },
  'N6.6': { riferimentoNormativo: 'Inversione contabile art. 17 c.6 lett. c) DPR 633/72 - prodotti elettronici', bollo: false, generic: false },
  'N6.7': { riferimentoNormativo: 'Inversione contabile art. 17 c.6 lett. a-ter) DPR 633/72 - settore edile', bollo: false, generic: false },
  'N6.8': { riferimentoNormativo: 'Inversione contabile art. 17 c.6 lett. d-bis, d-ter, d-quater) DPR 633/72 - energia', bollo: false, generic: false },
  'N6.9': { riferimentoNormativo: 'Inversione contabile - altri casi', bollo: false, generic: false },
  N7: { riferimentoNormativo: 'IVA assolta in altro stato UE - art. 7-octies e 74-sexies DPR 633/72', bollo: false, generic: false },
};

export const ALL_NATURE = Object.keys(NATURA_INFO) as Natura[];
/** The Natura codes the SdI accepts today (no generic N2, N3, N6). */
export const SPECIFIC_NATURE: Natura[] = ALL_NATURE.filter((n) => !NATURA_INFO[n].generic);

export function isNatura(code: string | undefined): code is Natura {
  return code !== undefined && Object.prototype.hasOwnProperty.call(NATURA_INFO, code);
}

export function isReverseCharge(natura: Natura | undefined): boolean {
  return natura !== undefined && natura.startsWith('N6');
}
