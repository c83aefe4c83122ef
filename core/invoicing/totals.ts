/**
 * The arithmetic of an invoice, exactly as FatturaPA and the SdI controls read it (DESIGN.md "Money and rounding").
 * Everything is exact decimal arithmetic; each amount is rounded once, half-up, where the format requires 2 decimals.
 *
 * Rules and choices (the builder writes exactly what is computed here, so the XML is consistent with itself):
 * - Line (00423): the unit price is adjusted by each ScontoMaggiorazione in order (SC subtracts, MG adds; a percentage
 *   applies to the running unit price, an Importo is per unit, as the SdI checks "(PrezzoUnitario ± sconti) ×
 *   Quantita"), then multiplied by Quantita (1 when absent) and rounded to 2 decimals. Unit prices and quantities are
 *   first brought to the 2-8 decimals the schema allows, and a negative quantity moves its sign to the price (Quantita
 *   cannot be negative in the XSD), so the computation uses exactly the values written.
 * - Document discount/surcharge: the SdI compares DatiRiepilogo with the sum of the lines (00422), and the
 *   ScontoMaggiorazione of DatiGeneraliDocumento is not part of that sum. So the discount becomes lines: its amount
 *   (percentage of the sum of the lines, rounded, or the given Importo) is spread with `allocate` over the groups
 *   (AliquotaIVA, Natura, EsigibilitaIVA, Ritenuta) in proportion to their amounts, one line per group with
 *   TipoCessionePrestazione "SC" for a discount. The DatiGeneraliDocumento block is also written, for information only.
 * - Cassa previdenziale: ImponibileCassa = sum of the lines (discount lines included) except those with Natura N1
 *   (anticipazioni in nome e per conto and the bollo are not fees); ImportoContributoCassa = round2(ImponibileCassa ×
 *   AlCassa / 100), added to the summary group of the cassa's own AliquotaIVA/Natura and, when flagged, to the base
 *   of the ritenuta.
 * - Bollo: 2.00 euro when the amounts with a Natura that requires it (see natura.ts) exceed 77.47 euro in absolute value
 *   (mode 'auto', only on types issued to a customer), always with 'si', never with 'no'. When re-charged to the
 *   customer it is a line "Imposta di bollo" at AliquotaIVA 0.00 with Natura N1 (art. 15: the common practice, and the
 *   only way the charged amount reaches ImportoTotaleDocumento without breaking 00422). It therefore appears in the
 *   N1 summary row and in `imponibile`; `totale` = imponibile + imposta + arrotondamento in all cases. Documents
 *   addressed to the company itself (integrations, self-invoices) and TD21 never get the re-charge line.
 * - Summary (00421/00422): one row per (AliquotaIVA, Natura, EsigibilitaIVA); ImponibileImporto = sum of PrezzoTotale
 *   (+ cassa); Imposta = round2(ImponibileImporto × AliquotaIVA / 100). EsigibilitaIVA is written only on taxable rows
 *   (it has no meaning with a Natura, and N6 with "S" is refused: 00420).
 * - Ritenuta: ImportoRitenuta = round2(base × AliquotaRitenuta / 100), base = lines with Ritenuta + cassa when flagged.
 * - netToPay = totale − ritenuta − imposta of the split-payment rows.
 */
import { Decimal } from '../money/decimal';
import { allocate } from '../money/allocate';
import { AppError } from '../errors';
import type { EsigibilitaIVA, Natura, TipoCessionePrestazione, TipoScontoMaggiorazione } from '../fatturapa/schema.generated';
import type { CassaSettings, Discount, DocumentDraft, DocumentTotals, DraftLine, VatCode, VatSummaryRow } from './types';
import { NATURA_INFO, isNatura } from './natura';
import { DOCUMENT_TYPES } from './document-types';

export const BOLLO_AMOUNT = Decimal.parse('2.00');
export const BOLLO_THRESHOLD = Decimal.parse('77.47');
export const BOLLO_LINE_DESCRIPTION = 'Imposta di bollo assolta in modo virtuale (DM 17/06/2014)';
export const BOLLO_RIFERIMENTO = 'Escluse ex art. 15 DPR 633/72 - imposta di bollo';
export const SPLIT_PAYMENT_RIFERIMENTO = 'Scissione dei pagamenti art. 17-ter DPR 633/72';

export interface TotalsContext {
  vatCodes?: readonly VatCode[];
}

/** A discount as written on a line: exactly one of percentuale (2 decimals) and importo (2-8 decimals, positive). */
export interface AppliedDiscount {
  tipo: TipoScontoMaggiorazione;
  percentuale?: Decimal;
  importo?: Decimal;
}

/** A line as it will be written in DettaglioLinee, with the values normalised to what the schema allows. */
export interface ComputedLine {
  kind: 'line' | 'discount' | 'bollo';
  /** Index in draft.lines (kind 'line'). */
  draftIndex?: number;
  descrizione: string;
  quantita?: Decimal;
  prezzoUnitario: Decimal;
  sconti: AppliedDiscount[];
  prezzoTotale: Decimal;
  aliquota: Decimal;
  natura?: Natura;
  /** Esigibilità of the summary group (taxable lines only). */
  esigibilita?: EsigibilitaIVA;
  ritenuta: boolean;
  tipoCessionePrestazione?: TipoCessionePrestazione;
  riferimentoNormativo?: string;
}

export interface ComputedCassa {
  settings: CassaSettings;
  alCassa: Decimal;
  imponibileCassa: Decimal;
  importo: Decimal;
  aliquota: Decimal;
  natura?: Natura;
  esigibilita?: EsigibilitaIVA;
}

export interface ComputedSummaryRow {
  aliquota: Decimal;
  natura?: Natura;
  esigibilita?: EsigibilitaIVA;
  imponibile: Decimal;
  imposta: Decimal;
  riferimentoNormativo?: string;
}

export interface ComputedDocument {
  lines: ComputedLine[];
  /** The document discount as entered (for the informative DatiGeneraliDocumento block) and its rounded amount. */
  discount?: { tipo: TipoScontoMaggiorazione; percentuale?: Decimal; importo?: Decimal; amount: Decimal };
  cassa?: ComputedCassa;
  summary: ComputedSummaryRow[];
  bollo: Decimal;
  bolloCharged: boolean;
  ritenutaBase: Decimal;
  ritenuta: Decimal;
  arrotondamento: Decimal;
  totals: DocumentTotals;
}

const ZERO2 = Decimal.parse('0.00');

/**
 * Parses a decimal from the draft, turning bad text into an AppError that names the field. The field may be given as
 * a function: the name of a line's field is then only made when there is an error to report.
 */
export function parseAmount(value: string | undefined, field: string | ((line: number, item: number) => string), line = 0, item = 0): Decimal {
  const d = Decimal.tryParse(value);
  if (d === undefined) {
    throw new AppError({
      code: 'NUMERO_NON_VALIDO',
      message: `Valore numerico non valido: "${value ?? ''}".`,
      fix: 'Usa cifre e il punto come separatore decimale (es. 12.50).',
      field: typeof field === 'string' ? field : field(line, item),
    });
  }
  return d;
}

// The names of a line's fields, made only for an error (functions defined once: no text and no closure per line).
const LINE_PREZZO = (i: number): string => `lines[${i}].prezzoUnitario`;
const LINE_QUANTITA = (i: number): string => `lines[${i}].quantita`;
const LINE_ALIQUOTA = (i: number): string => `lines[${i}].aliquotaIva`;
const LINE_SCONTO_IMPORTO = (i: number, k: number): string => `lines[${i}].sconti[${k}].importo`;
const LINE_SCONTO_PERCENTUALE = (i: number, k: number): string => `lines[${i}].sconti[${k}].percentuale`;

/** Unit prices and amounts of up to 8 decimals are written with 2 to 8 decimals. */
export function toAmount8(d: Decimal): Decimal {
  return d.normalize(2, 8);
}

/** The unit price after the line's discounts, exact (no rounding). */
export function discountedUnitPrice(prezzoUnitario: Decimal, sconti: readonly AppliedDiscount[]): Decimal {
  let unit = prezzoUnitario;
  for (const s of sconti) {
    let delta: Decimal;
    if (s.importo !== undefined) delta = s.importo;
    else if (s.percentuale !== undefined) delta = unit.mul(s.percentuale).div(Decimal.HUNDRED, unit.scale + s.percentuale.scale + 2);
    else continue;
    unit = s.tipo === 'SC' ? unit.sub(delta) : unit.add(delta);
  }
  return unit;
}

/** PrezzoTotale = (PrezzoUnitario adjusted by sconti) × Quantita (1 when absent), rounded half-up to 2 decimals. */
export function linePrezzoTotale(prezzoUnitario: Decimal, quantita: Decimal | undefined, sconti: readonly AppliedDiscount[] = []): Decimal {
  const unit = discountedUnitPrice(prezzoUnitario, sconti);
  return (quantita === undefined ? unit : unit.mul(quantita)).round(2);
}

/** Imposta = round2(ImponibileImporto × AliquotaIVA / 100). */
export function vatAmount(imponibile: Decimal, aliquota: Decimal): Decimal {
  return imponibile.mul(aliquota).div(Decimal.HUNDRED, 2);
}

/** round2(base × rate / 100): contributo cassa, ritenuta, percentage discounts. */
export function percentOf(base: Decimal, rate: Decimal): Decimal {
  return base.mul(rate).div(Decimal.HUNDRED, 2);
}

const NO_DISCOUNTS: readonly Discount[] = [];

function normalizeDiscounts(sconti: readonly Discount[] | undefined, line: number): AppliedDiscount[] {
  const out: AppliedDiscount[] = [];
  const list = sconti ?? NO_DISCOUNTS;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (s.importo !== undefined && s.importo.trim() !== '') {
      out.push({ tipo: s.tipo, importo: toAmount8(parseAmount(s.importo, LINE_SCONTO_IMPORTO, line, i).abs()) });
    } else if (s.percentuale !== undefined && s.percentuale.trim() !== '') {
      out.push({ tipo: s.tipo, percentuale: parseAmount(s.percentuale, LINE_SCONTO_PERCENTUALE, line, i).abs().round(2) });
    }
    // A discount with neither value has no effect and is reported by validateDraft (00438).
  }
  return out;
}

/** AliquotaIVA, Natura, riferimento and esigibilità of a draft line, from its VAT code when it has one. */
export function resolveLineVat(
  line: Pick<DraftLine, 'vatCode' | 'aliquotaIva' | 'natura'>,
  vatCodes: readonly VatCode[] | undefined,
  field: string | ((line: number, item: number) => string) = 'aliquotaIva',
  index = 0,
): { aliquota: Decimal; natura?: Natura; riferimentoNormativo?: string; esigibilita?: EsigibilitaIVA } {
  const vc = line.vatCode ? vatCodes?.find((v) => v.code === line.vatCode) : undefined;
  const aliquota = parseAmount(vc ? vc.aliquota : line.aliquotaIva, field, index).round(2);
  const natura = vc ? vc.natura : line.natura;
  return {
    aliquota,
    // A Natura on a taxable line is refused by the SdI (00401): the rate decides.
    natura: aliquota.isZero() && isNatura(natura) ? natura : undefined,
    riferimentoNormativo: vc?.riferimentoNormativo,
    esigibilita: vc?.esigibilita,
  };
}

function groupKey(aliquota: Decimal, natura: Natura | undefined, esig: EsigibilitaIVA | undefined): string {
  return `${aliquota.toFixed(2)}|${natura ?? ''}|${esig ?? ''}`;
}

function computeDraftLine(line: DraftLine, index: number, draft: DocumentDraft, ctx: TotalsContext): ComputedLine {
  let price = parseAmount(line.prezzoUnitario, LINE_PREZZO, index);
  let qty = line.quantita !== undefined && line.quantita.trim() !== '' ? parseAmount(line.quantita, LINE_QUANTITA, index) : undefined;
  if (qty !== undefined && qty.isNegative()) {
    // Quantita has no sign in the XSD: a negative quantity becomes a negative price.
    qty = qty.neg();
    price = price.neg();
  }
  const quantita = qty === undefined ? undefined : qty.normalize(2, 8);
  const prezzoUnitario = toAmount8(price);
  const sconti = normalizeDiscounts(line.sconti, index);
  const vat = resolveLineVat(line, ctx.vatCodes, LINE_ALIQUOTA, index);
  const esigibilita = vat.aliquota.isZero() ? undefined : (vat.esigibilita ?? draft.esigibilita);
  return {
    kind: 'line',
    draftIndex: index,
    descrizione: line.descrizione,
    quantita,
    prezzoUnitario,
    sconti,
    prezzoTotale: linePrezzoTotale(prezzoUnitario, quantita, sconti),
    aliquota: vat.aliquota,
    natura: vat.natura,
    esigibilita,
    ritenuta: line.ritenuta === true,
    tipoCessionePrestazione: line.tipoCessionePrestazione,
    riferimentoNormativo: vat.riferimentoNormativo,
  };
}

function describeGroup(l: Pick<ComputedLine, 'aliquota' | 'natura'>): string {
  return l.natura ? l.natura : `IVA ${l.aliquota.normalize(0, 2).toString()}%`;
}

/** Spreads the document discount over the groups of the lines, one line per group with a non-zero share. */
function documentDiscountLines(discount: Discount, lines: readonly ComputedLine[]): { lines: ComputedLine[]; info: ComputedDocument['discount'] } {
  const base = Decimal.sum(lines.map((l) => l.prezzoTotale));
  let amount: Decimal;
  let percentuale: Decimal | undefined;
  let importo: Decimal | undefined;
  if (discount.importo !== undefined && discount.importo.trim() !== '') {
    importo = parseAmount(discount.importo, 'discount.importo').abs().round(2);
    amount = importo;
  } else if (discount.percentuale !== undefined && discount.percentuale.trim() !== '') {
    percentuale = parseAmount(discount.percentuale, 'discount.percentuale').abs().round(2);
    amount = percentOf(base, percentuale);
  } else {
    return { lines: [], info: undefined };
  }
  const info = { tipo: discount.tipo, percentuale, importo, amount };
  if (amount.isZero() || lines.length === 0) return { lines: [], info };

  // Groups in order of first appearance, keyed also by the ritenuta flag so the ritenuta base follows the discount.
  const groups = new Map<string, { sample: ComputedLine; weight: Decimal }>();
  for (const l of lines) {
    const key = `${groupKey(l.aliquota, l.natura, l.esigibilita)}|${l.ritenuta ? 'R' : ''}`;
    const g = groups.get(key);
    if (g) g.weight = g.weight.add(l.prezzoTotale);
    else groups.set(key, { sample: l, weight: l.prezzoTotale });
  }
  const entries = [...groups.values()];
  const shares = allocate(amount, entries.map((e) => e.weight), 2);
  const sign = discount.tipo === 'SC' ? -1 : 1;
  const label = discount.tipo === 'SC' ? 'Sconto' : 'Maggiorazione';
  const what = percentuale !== undefined ? `${label} ${percentuale.normalize(0, 2).toString()}% sul totale documento` : `${label} sul totale documento`;
  const out: ComputedLine[] = [];
  entries.forEach((e, i) => {
    const share = shares[i]!;
    if (share.isZero()) return;
    const value = sign < 0 ? share.neg() : share;
    out.push({
      kind: 'discount',
      descrizione: entries.length > 1 ? `${what} (${describeGroup(e.sample)})` : what,
      prezzoUnitario: value.round(2),
      sconti: [],
      prezzoTotale: value.round(2),
      aliquota: e.sample.aliquota,
      natura: e.sample.natura,
      esigibilita: e.sample.esigibilita,
      ritenuta: e.sample.ritenuta,
      tipoCessionePrestazione: discount.tipo === 'SC' ? 'SC' : undefined,
      riferimentoNormativo: e.sample.riferimentoNormativo,
    });
  });
  return { lines: out, info };
}

function computeCassa(settings: CassaSettings, lines: readonly ComputedLine[], draft: DocumentDraft): ComputedCassa {
  const imponibileCassa = Decimal.sum(lines.filter((l) => l.natura !== 'N1').map((l) => l.prezzoTotale)).round(2);
  const alCassa = parseAmount(settings.aliquota, 'cassa.aliquota').round(2);
  const aliquota = parseAmount(settings.aliquotaIva, 'cassa.aliquotaIva').round(2);
  const natura = aliquota.isZero() && isNatura(settings.natura) ? settings.natura : undefined;
  return {
    settings,
    alCassa,
    imponibileCassa,
    importo: percentOf(imponibileCassa, alCassa),
    aliquota,
    natura,
    esigibilita: aliquota.isZero() ? undefined : draft.esigibilita,
  };
}

function addToSummary(
  rows: Map<string, ComputedSummaryRow>,
  aliquota: Decimal,
  natura: Natura | undefined,
  esig: EsigibilitaIVA | undefined,
  amount: Decimal,
  rif: string | undefined,
): void {
  const key = groupKey(aliquota, natura, esig);
  const row = rows.get(key);
  if (row) {
    row.imponibile = row.imponibile.add(amount);
    if (!row.riferimentoNormativo && rif) row.riferimentoNormativo = rif;
  } else {
    rows.set(key, { aliquota, natura, esigibilita: esig, imponibile: amount, imposta: ZERO2, riferimentoNormativo: rif });
  }
}

function summarize(lines: readonly ComputedLine[], cassa: ComputedCassa | undefined): ComputedSummaryRow[] {
  const rows = new Map<string, ComputedSummaryRow>();
  for (const l of lines) addToSummary(rows, l.aliquota, l.natura, l.esigibilita, l.prezzoTotale, l.kind === 'bollo' ? BOLLO_RIFERIMENTO : l.riferimentoNormativo);
  if (cassa) addToSummary(rows, cassa.aliquota, cassa.natura, cassa.esigibilita, cassa.importo, undefined);
  const out = [...rows.values()];
  for (const r of out) {
    r.imponibile = r.imponibile.round(2);
    r.imposta = vatAmount(r.imponibile, r.aliquota);
    if (!r.riferimentoNormativo) {
      if (r.natura) r.riferimentoNormativo = NATURA_INFO[r.natura].riferimentoNormativo;
      else if (r.esigibilita === 'S') r.riferimentoNormativo = SPLIT_PAYMENT_RIFERIMENTO;
    }
  }
  return out;
}

/** Whether the 2.00 euro bollo is due on these summary rows (mode 'auto'). */
export function isBolloDue(rows: readonly Pick<ComputedSummaryRow, 'natura' | 'imponibile'>[]): boolean {
  const base = Decimal.sum(rows.filter((r) => r.natura !== undefined && NATURA_INFO[r.natura].bollo).map((r) => r.imponibile));
  return base.abs().gt(BOLLO_THRESHOLD);
}

/** Full computation of a draft: the lines to write (draft lines, discount lines, bollo line), cassa, summary and totals. */
export function computeDocument(draft: DocumentDraft, ctx: TotalsContext = {}): ComputedDocument {
  const draftLines = draft.lines.map((l, i) => computeDraftLine(l, i, draft, ctx));
  const disc = draft.discount ? documentDiscountLines(draft.discount, draftLines) : { lines: [], info: undefined };
  const lines: ComputedLine[] = [...draftLines, ...disc.lines];
  const cassa = draft.cassa ? computeCassa(draft.cassa, lines, draft) : undefined;

  // Bollo: decided on the amounts before the bollo line itself is added.
  const mode = draft.bollo?.mode ?? 'auto';
  const typeInfo = DOCUMENT_TYPES[draft.tipoDocumento];
  let bollo = ZERO2;
  if (mode === 'si') bollo = BOLLO_AMOUNT;
  else if (mode === 'auto' && (typeInfo?.bolloApplicable ?? true) && isBolloDue(summarize(lines, cassa))) bollo = BOLLO_AMOUNT;
  // Only a customer can be re-charged, and never on a type whose lines must all be taxable (TD21: 00474).
  const chargeable = (typeInfo?.cessionario ?? 'counterparty') === 'counterparty' && !typeInfo?.taxableLinesOnly;
  const bolloCharged = !bollo.isZero() && draft.bollo?.chargedToCustomer === true && chargeable;
  if (bolloCharged) {
    lines.push({
      kind: 'bollo',
      descrizione: BOLLO_LINE_DESCRIPTION,
      prezzoUnitario: BOLLO_AMOUNT,
      sconti: [],
      prezzoTotale: BOLLO_AMOUNT,
      aliquota: ZERO2,
      natura: 'N1',
      ritenuta: false,
      riferimentoNormativo: BOLLO_RIFERIMENTO,
    });
  }

  const summary = summarize(lines, cassa);
  const imponibile = Decimal.sum(summary.map((r) => r.imponibile)).round(2);
  const imposta = Decimal.sum(summary.map((r) => r.imposta)).round(2);
  const arrotondamento = draft.arrotondamento !== undefined && draft.arrotondamento.trim() !== '' ? parseAmount(draft.arrotondamento, 'arrotondamento').round(2) : ZERO2;
  const totale = imponibile.add(imposta).add(arrotondamento).round(2);

  let ritenutaBase = ZERO2;
  let ritenuta = ZERO2;
  if (draft.ritenuta) {
    ritenutaBase = Decimal.sum(lines.filter((l) => l.ritenuta).map((l) => l.prezzoTotale)).round(2);
    if (cassa && cassa.settings.ritenuta) ritenutaBase = ritenutaBase.add(cassa.importo);
    ritenuta = percentOf(ritenutaBase, parseAmount(draft.ritenuta.aliquota, 'ritenuta.aliquota').round(2));
  }
  const splitVat = Decimal.sum(summary.filter((r) => r.esigibilita === 'S').map((r) => r.imposta));
  const netToPay = totale.sub(ritenuta).sub(splitVat).round(2);

  const vatSummary: VatSummaryRow[] = summary.map((r) => {
    const row: VatSummaryRow = { aliquotaIva: r.aliquota.toFixed(2), imponibile: r.imponibile.toFixed(2), imposta: r.imposta.toFixed(2) };
    if (r.natura) row.natura = r.natura;
    if (r.esigibilita) row.esigibilita = r.esigibilita;
    if (r.riferimentoNormativo) row.riferimentoNormativo = r.riferimentoNormativo;
    return row;
  });

  return {
    lines,
    discount: disc.info,
    cassa,
    summary,
    bollo,
    bolloCharged,
    ritenutaBase,
    ritenuta,
    arrotondamento,
    totals: {
      imponibile: imponibile.toFixed(2),
      imposta: imposta.toFixed(2),
      totale: totale.toFixed(2),
      ritenuta: ritenuta.toFixed(2),
      cassa: (cassa?.importo ?? ZERO2).toFixed(2),
      bollo: bollo.toFixed(2),
      netToPay: netToPay.toFixed(2),
      vatSummary,
    },
  };
}

/** Totals of a draft (used live by the wizard and by the builder). */
export function computeTotals(draft: DocumentDraft, ctx: TotalsContext = {}): DocumentTotals {
  return computeDocument(draft, ctx).totals;
}
