/**
 * The lines table (DettaglioLinee). Codice, quantità, U.M. and sconti columns appear only when some line uses them,
 * leaving the room to the description. Period, kind of line (sconto, premio, abbuono, spesa accessoria), references
 * and AltriDatiGestionali are printed under the description in a smaller muted type.
 */
import type { DettaglioLinee, ScontoMaggiorazione } from '../../fatturapa/schema.generated';
import type { RenderContext } from '../context';
import { describe } from '../describe';
import { decimalOf, formatAmount, formatDate, formatPercent, formatQuantity, type PdfLocale } from '../format';
import { MUTED, drawTable, type CellPart } from '../layout';
import { pdfLine, pdfText } from '../winansi';
import { buildTable, joinNonEmpty, sectionTitle } from './common';

/** "-10%", "+5%", "-2,00": one entry per ScontoMaggiorazione, in order. */
export function discountText(list: ScontoMaggiorazione[] | undefined, locale: PdfLocale): string {
  return (list ?? [])
    .map((s) => {
      const sign = s.Tipo === 'MG' ? '+' : '-';
      if (s.Percentuale !== undefined) return `${sign}${formatPercent(s.Percentuale, locale)}`;
      if (s.Importo !== undefined) return `${sign}${formatAmount(s.Importo, locale)}`;
      return s.Tipo ?? '';
    })
    .filter(Boolean)
    .join(' ');
}

/** IVA column: the rate, or the Natura code when the rate is zero. */
export function vatCell(aliquota: string | undefined, natura: string | undefined, locale: PdfLocale): string {
  const rate = decimalOf(aliquota);
  if (natura && (rate === undefined || rate.isZero())) return natura;
  return formatPercent(aliquota, locale);
}

function descriptionCell(ctx: RenderContext, l: DettaglioLinee): CellPart[] {
  const { L } = ctx;
  const parts: CellPart[] = [{ text: pdfText(l.Descrizione) }];
  const note = (text: string | undefined): void => {
    if (text && text.trim()) parts.push({ text: pdfLine(text), size: 7, color: MUTED });
  };
  if (l.TipoCessionePrestazione) note(describe('TipoCessionePrestazioneType', l.TipoCessionePrestazione) || l.TipoCessionePrestazione);
  if (l.DataInizioPeriodo || l.DataFinePeriodo) note(L.period(formatDate(l.DataInizioPeriodo), formatDate(l.DataFinePeriodo)));
  if (l.RiferimentoAmministrazione) note(`${L.riferimentoAmministrazione}: ${l.RiferimentoAmministrazione}`);
  for (const a of l.AltriDatiGestionali ?? []) {
    note(
      `${a.TipoDato ?? ''}: ${joinNonEmpty([
        a.RiferimentoTesto,
        a.RiferimentoNumero && formatQuantity(a.RiferimentoNumero, ctx.locale),
        a.RiferimentoData && formatDate(a.RiferimentoData),
      ])}`,
    );
  }
  if (l.Ritenuta === 'SI') note(L.subjectToRitenuta);
  return parts;
}

function codeCell(l: DettaglioLinee): string {
  const codes = l.CodiceArticolo ?? [];
  if (codes.length === 1) return codes[0]!.CodiceValore ?? '';
  return codes.map((c) => `${c.CodiceTipo ?? ''} ${c.CodiceValore ?? ''}`.trim()).join('\n');
}

export function drawLinesTable(ctx: RenderContext): void {
  const { L, locale } = ctx;
  const lines = ctx.body.DatiBeniServizi?.DettaglioLinee ?? [];
  const c = L.lineCols;
  const h = (s: string) => pdfLine(s);
  const { columns, cells } = buildTable<DettaglioLinee>(lines, [
    { column: { header: h(c.n), auto: { min: 10 }, align: 'right' }, cell: (l) => pdfLine(l.NumeroLinea), required: true },
    { column: { header: h(c.code), auto: { max: 80 } }, cell: (l) => pdfText(codeCell(l)) },
    { column: { header: h(c.description), flex: 1 }, cell: (l) => descriptionCell(ctx, l), required: true },
    { column: { header: h(c.qty), auto: { max: 70 }, align: 'right' }, cell: (l) => pdfLine(formatQuantity(l.Quantita, locale)) },
    { column: { header: h(c.um), auto: { max: 40 } }, cell: (l) => pdfLine(l.UnitaMisura) },
    { column: { header: h(c.price), auto: { min: 40, max: 80 }, align: 'right' }, cell: (l) => pdfLine(formatQuantity(l.PrezzoUnitario, locale)), required: true },
    { column: { header: h(c.discounts), auto: { max: 70 }, align: 'right' }, cell: (l) => pdfLine(discountText(l.ScontoMaggiorazione, locale)) },
    { column: { header: h(c.amount), auto: { min: 46, max: 80 }, align: 'right' }, cell: (l) => pdfLine(formatAmount(l.PrezzoTotale, locale)), required: true },
    { column: { header: h(c.vat), auto: { min: 18, max: 40 }, align: 'right' }, cell: (l) => pdfLine(vatCell(l.AliquotaIVA, l.Natura, locale)), required: true },
  ]);
  sectionTitle(ctx, L.lines, 36);
  drawTable(ctx.flow, columns, cells);
}
