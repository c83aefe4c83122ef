/**
 * VAT summary (DatiRiepilogo), notes (ritenuta, cassa previdenziale, bollo, split payment, reverse charge) and the
 * totals box. Totals are summed with Decimal from the summary blocks; ImportoTotaleDocumento, when the file has it,
 * is the document total as declared. Netto a pagare = totale − ritenute − IVA in scissione dei pagamenti.
 */
import { Decimal } from '../../money/decimal';
import type { RenderContext } from '../context';
import { capitalize, codeWithDescription, describe } from '../describe';
import { decimalOf, formatAmount, formatMoney, formatPercent, sumOf } from '../format';
import { ACCENT, BAND_FILL, INK, MUTED, RULE, baseline, blockHeight, drawBlock, drawTable, layoutBlock, type CellPart, type TextLine } from '../layout';
import { pdfLine } from '../winansi';
import { discountText, vatCell } from './lines';
import { buildTable, flowLines, sectionTitle, SECTION_GAP } from './common';
import type { DatiRiepilogo } from '../../fatturapa/schema.generated';

export function drawVatSummary(ctx: RenderContext): void {
  const { L, locale } = ctx;
  const rows = ctx.body.DatiBeniServizi?.DatiRiepilogo ?? [];
  if (rows.length === 0) return;
  const c = L.vatCols;
  const h = (s: string) => pdfLine(s);
  const { columns, cells } = buildTable<DatiRiepilogo>(rows, [
    { column: { header: h(c.rate), auto: { min: 36 } }, cell: (r) => pdfLine(vatCell(r.AliquotaIVA, r.Natura, locale)), required: true },
    {
      column: { header: h(c.description), flex: 1 },
      cell: (r) => {
        const main = r.Natura ? describe('NaturaType', r.Natura) || r.Natura : L.vatRateDescription(formatPercent(r.AliquotaIVA, locale));
        const parts: CellPart[] = [{ text: pdfLine(main) }];
        if (r.RiferimentoNormativo) parts.push({ text: pdfLine(r.RiferimentoNormativo), size: 7, color: MUTED });
        return parts;
      },
      required: true,
    },
    {
      column: { header: h(c.esigibilita), auto: { max: 120 } },
      cell: (r) => pdfLine(capitalize(describe('EsigibilitaIVAType', r.EsigibilitaIVA).replace(/^esigibilità\s+/i, '')) || (r.EsigibilitaIVA ?? '')),
    },
    { column: { header: h(c.spese), auto: { max: 80 }, align: 'right' }, cell: (r) => pdfLine(formatAmount(r.SpeseAccessorie, locale)) },
    { column: { header: h(c.arrotondamento), auto: { max: 60 }, align: 'right' }, cell: (r) => pdfLine(formatAmount(r.Arrotondamento, locale)) },
    { column: { header: h(c.imponibile), auto: { min: 64, max: 90 }, align: 'right' }, cell: (r) => pdfLine(formatAmount(r.ImponibileImporto, locale)), required: true },
    { column: { header: h(c.imposta), auto: { min: 56, max: 90 }, align: 'right' }, cell: (r) => pdfLine(formatAmount(r.Imposta, locale)), required: true },
  ]);
  sectionTitle(ctx, L.vatSummary, 28);
  drawTable(ctx.flow, columns, cells);
}

export interface DocumentTotals {
  imponibile: Decimal;
  imposta: Decimal;
  arrotondamento?: Decimal;
  totale: Decimal;
  /** True when the total is the file's ImportoTotaleDocumento rather than our sum. */
  declared: boolean;
  ritenute: Array<{ label: string; importo: Decimal }>;
  splitIva: Decimal;
  netto: Decimal;
}

/** The figures of the totals box, computed exactly from the body. */
export function documentTotals(ctx: RenderContext): DocumentTotals {
  const { locale } = ctx;
  const riepilogo = ctx.body.DatiBeniServizi?.DatiRiepilogo ?? [];
  const dg = ctx.body.DatiGenerali?.DatiGeneraliDocumento;
  const imponibile = sumOf(riepilogo.map((r) => r.ImponibileImporto));
  const imposta = sumOf(riepilogo.map((r) => r.Imposta));
  const arrotondamento = decimalOf(dg?.Arrotondamento);
  const declaredTotal = decimalOf(dg?.ImportoTotaleDocumento);
  const totale = declaredTotal ?? imponibile.add(imposta).add(arrotondamento ?? Decimal.ZERO);
  const ritenute = (dg?.DatiRitenuta ?? []).map((r) => ({
    // RT01/RT02 are the ritenuta d'acconto proper; RT03–RT06 are social-security contributions named by their code list.
    label: `${r.TipoRitenuta === 'RT01' || r.TipoRitenuta === 'RT02' ? ctx.L.totals.ritenuta : describe('TipoRitenutaType', r.TipoRitenuta) || ctx.L.totals.ritenuta} ${formatPercent(r.AliquotaRitenuta, locale)}`.trim(),
    importo: decimalOf(r.ImportoRitenuta) ?? Decimal.ZERO,
  }));
  const splitIva = sumOf(riepilogo.filter((r) => r.EsigibilitaIVA === 'S').map((r) => r.Imposta));
  let netto = totale.sub(splitIva);
  for (const r of ritenute) netto = netto.sub(r.importo);
  return { imponibile, imposta, arrotondamento, totale, declared: declaredTotal !== undefined, ritenute, splitIva, netto };
}

function notes(ctx: RenderContext): string[] {
  const { L, locale, divisa } = ctx;
  const dg = ctx.body.DatiGenerali?.DatiGeneraliDocumento;
  const riepilogo = ctx.body.DatiBeniServizi?.DatiRiepilogo ?? [];
  const out: string[] = [];
  for (const r of dg?.DatiRitenuta ?? []) {
    out.push(L.ritenutaNote(codeWithDescription('TipoRitenutaType', r.TipoRitenuta), formatPercent(r.AliquotaRitenuta, locale), r.CausalePagamento ?? ''));
  }
  for (const c of dg?.DatiCassaPrevidenziale ?? []) {
    const iva = vatCell(c.AliquotaIVA, c.Natura, locale);
    out.push(
      L.cassaNote(
        codeWithDescription('TipoCassaType', c.TipoCassa),
        formatPercent(c.AlCassa, locale),
        c.ImponibileCassa ? formatMoney(c.ImponibileCassa, divisa, locale) : '',
        formatMoney(c.ImportoContributoCassa, divisa, locale),
      ) + (iva ? `, ${L.lineCols.vat} ${iva}` : '') + (c.Ritenuta === 'SI' ? `, ${L.subjectToRitenuta.toLowerCase()}` : ''),
    );
  }
  if (dg?.DatiBollo?.BolloVirtuale === 'SI' || dg?.DatiBollo?.ImportoBollo) {
    out.push(L.bolloNote(dg.DatiBollo.ImportoBollo ? formatMoney(dg.DatiBollo.ImportoBollo, 'EUR', locale) : '').replace(/\s{2,}/g, ' '));
  }
  const discount = discountText(dg?.ScontoMaggiorazione, locale);
  if (discount) out.push(L.documentDiscount(discount));
  if (riepilogo.some((r) => r.EsigibilitaIVA === 'S')) out.push(L.splitPaymentNote);
  if (riepilogo.some((r) => r.Natura?.startsWith('N6'))) out.push(L.reverseChargeNote);
  return out;
}

const TOTALS_WIDTH = 236;
const AMOUNT_WIDTH = 84;

interface TotalsRow {
  label: TextLine[];
  amount: TextLine[];
  strong: boolean;
  band: boolean;
  ruleAbove: boolean;
  height: number;
}

export function drawTotalsAndNotes(ctx: RenderContext): void {
  const { canvas, flow, L, locale, divisa } = ctx;
  const t = documentTotals(ctx);
  const money = (d: Decimal) => formatMoney(d.toFixed(2), divisa, locale);
  const labelWidth = TOTALS_WIDTH - AMOUNT_WIDTH - 12;

  const spec: Array<{ label: string; amount: string; strong?: boolean; band?: boolean; ruleAbove?: boolean }> = [
    { label: L.totals.imponibile, amount: money(t.imponibile) },
    { label: L.totals.iva, amount: money(t.imposta) },
  ];
  if (t.arrotondamento && !t.arrotondamento.isZero()) spec.push({ label: L.totals.arrotondamento, amount: money(t.arrotondamento) });
  spec.push({ label: L.totals.totale, amount: money(t.totale), strong: true, ruleAbove: true });
  for (const r of t.ritenute) spec.push({ label: r.label, amount: money(r.importo.neg()) });
  if (!t.splitIva.isZero()) spec.push({ label: L.totals.splitIva, amount: money(t.splitIva.neg()) });
  spec.push({ label: L.totals.netto, amount: money(t.netto), strong: true, band: true });

  const rows: TotalsRow[] = spec.map((s) => {
    const size = s.strong ? 9.5 : 8.5;
    const style = s.strong ? ('bold' as const) : ('regular' as const);
    const label = layoutBlock(canvas, [{ text: pdfLine(s.label), size, style, color: s.strong ? INK : MUTED }], labelWidth);
    const amount = layoutBlock(canvas, [{ text: pdfLine(s.amount), size, style, color: s.band ? ACCENT : INK }], AMOUNT_WIDTH);
    const height = Math.max(blockHeight(label), blockHeight(amount)) + (s.band ? 9 : 5);
    return { label, amount, strong: !!s.strong, band: !!s.band, ruleAbove: !!s.ruleAbove, height };
  });
  const totalsHeight = rows.reduce((a, r) => a + r.height, 0) + 6;

  const noteTexts = notes(ctx);
  const notesWidth = flow.width - TOTALS_WIDTH - 18;
  const noteLines = noteTexts.flatMap((n) => {
    const lines = layoutBlock(canvas, [{ text: pdfLine(n), size: 7.5, color: INK }], notesWidth);
    lines[lines.length - 1]!.height += 3; // a little air between notes
    return lines;
  });
  const notesHeight = noteLines.length > 0 ? 13 + blockHeight(noteLines) : 0;

  flow.y += SECTION_GAP;
  flow.ensure(Math.min(Math.max(totalsHeight, notesHeight), flow.pageCapacity));
  const top = flow.y;

  // Totals box on the right.
  const x = flow.right - TOTALS_WIDTH;
  canvas.rect(x, top, TOTALS_WIDTH, totalsHeight, { stroke: RULE, lineWidth: 0.7 });
  let y = top + 3;
  for (const r of rows) {
    if (r.ruleAbove) canvas.line(x + 6, y, flow.right - 6, y, 0.6, RULE);
    if (r.band) canvas.rect(x + 3, y + 1, TOTALS_WIDTH - 6, r.height - 2, { fill: BAND_FILL });
    const pad = r.band ? 4.5 : 2.5;
    drawBlock(canvas, r.label, x + 8, y + pad, labelWidth);
    drawBlock(canvas, r.amount, flow.right - 8 - AMOUNT_WIDTH, y + pad, AMOUNT_WIDTH, 'right');
    y += r.height;
  }

  // Notes on the left (ritenuta, cassa, bollo, split payment, ...), beside the totals when they fit there.
  if (noteLines.length > 0 && top + notesHeight <= flow.bottom) {
    canvas.text(pdfLine(L.notes.toUpperCase()), flow.left, baseline(top, 7.5), { size: 7.5, style: 'bold', color: ACCENT });
    drawBlock(canvas, noteLines, flow.left, top + 13, notesWidth);
    flow.y = top + Math.max(totalsHeight, notesHeight);
    return;
  }
  flow.y = top + totalsHeight;
  if (noteLines.length > 0) {
    sectionTitle(ctx, L.notes, 12);
    flowLines(ctx, noteLines);
  }
}
