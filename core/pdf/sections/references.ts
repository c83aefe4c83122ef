/** Causale, related documents (orders, contracts, agreements, receipts, invoices, DDT) and transport data. */
import type { DatiDocumentiCorrelati } from '../../fatturapa/schema.generated';
import type { RenderContext } from '../context';
import { addressInline, fiscalIds, joinCausale, partyName } from '../describe';
import { formatDate, formatNumber } from '../format';
import { drawTable } from '../layout';
import { pdfLine, pdfText } from '../winansi';
import { buildTable, flowParagraph, joinNonEmpty, sectionTitle } from './common';

export function drawCausale(ctx: RenderContext): void {
  const text = joinCausale(ctx.body.DatiGenerali?.DatiGeneraliDocumento?.Causale);
  if (!text) return;
  sectionTitle(ctx, ctx.L.causale, 12);
  flowParagraph(ctx, [{ text: pdfText(text) }]);
}

interface LinkedRow {
  kind: string;
  id: string;
  date?: string;
  lines?: string[];
  item?: string;
  commessa?: string;
  cup?: string;
  cig?: string;
}

function linkedRows(ctx: RenderContext): LinkedRow[] {
  const dg = ctx.body.DatiGenerali;
  const k = ctx.L.linkedKinds;
  const rows: LinkedRow[] = [];
  const add = (kind: string, list: DatiDocumentiCorrelati[] | undefined): void => {
    for (const d of list ?? []) {
      rows.push({
        kind,
        id: d.IdDocumento ?? '',
        date: d.Data,
        lines: d.RiferimentoNumeroLinea,
        item: d.NumItem,
        commessa: d.CodiceCommessaConvenzione,
        cup: d.CodiceCUP,
        cig: d.CodiceCIG,
      });
    }
  };
  add(k.ordine, dg?.DatiOrdineAcquisto);
  add(k.contratto, dg?.DatiContratto);
  add(k.convenzione, dg?.DatiConvenzione);
  add(k.ricezione, dg?.DatiRicezione);
  add(k.fatturaCollegata, dg?.DatiFattureCollegate);
  for (const d of dg?.DatiDDT ?? []) rows.push({ kind: k.ddt, id: d.NumeroDDT ?? '', date: d.DataDDT, lines: d.RiferimentoNumeroLinea });
  return rows;
}

export function drawLinkedDocuments(ctx: RenderContext): void {
  const rows = linkedRows(ctx);
  if (rows.length === 0) return;
  const c = ctx.L.linkedCols;
  const t = (s: string | undefined) => pdfLine(s ?? '');
  const { columns, cells } = buildTable<LinkedRow>(rows, [
    { column: { header: t(c.kind), auto: { max: 110 } }, cell: (r) => t(r.kind), required: true },
    { column: { header: t(c.id), auto: { max: 140 } }, cell: (r) => t(r.id), required: true },
    { column: { header: t(c.date), auto: {} }, cell: (r) => t(formatDate(r.date)) },
    { column: { header: t(c.lines), auto: { max: 70 } }, cell: (r) => t((r.lines ?? []).join(', ')) },
    { column: { header: t(c.item), auto: { max: 60 } }, cell: (r) => t(r.item) },
    { column: { header: t(c.commessa), auto: { max: 120 } }, cell: (r) => t(r.commessa) },
    { column: { header: t(c.cup), auto: { max: 110 } }, cell: (r) => t(r.cup) },
    { column: { header: t(c.cig), auto: { max: 90 } }, cell: (r) => t(r.cig) },
  ]);
  sectionTitle(ctx, ctx.L.linkedDocuments, 28);
  drawTable(ctx.flow, columns, cells);
}

export function drawTransport(ctx: RenderContext): void {
  const tr = ctx.body.DatiGenerali?.DatiTrasporto;
  if (!tr) return;
  const { L, locale } = ctx;
  const f = L.transportFields;
  const v = tr.DatiAnagraficiVettore;
  const vettore = v
    ? joinNonEmpty(
        [partyName(v.Anagrafica), fiscalIds(L, v.IdFiscaleIVA, v.CodiceFiscale), v.NumeroLicenzaGuida && `${f.licenza} ${v.NumeroLicenzaGuida}`],
        ', ',
      )
    : '';
  const peso = (value: string | undefined) => (value ? `${formatNumber(value, 0, 2, locale)} ${tr.UnitaMisuraPeso ?? 'kg'}` : undefined);
  const items = [
    vettore && `${f.vettore}: ${vettore}`,
    tr.MezzoTrasporto && `${f.mezzo}: ${tr.MezzoTrasporto}`,
    tr.CausaleTrasporto && `${f.causale}: ${tr.CausaleTrasporto}`,
    tr.NumeroColli && `${f.colli}: ${tr.NumeroColli}`,
    tr.Descrizione && `${f.descrizione}: ${tr.Descrizione}`,
    tr.PesoLordo && `${f.pesoLordo}: ${peso(tr.PesoLordo)}`,
    tr.PesoNetto && `${f.pesoNetto}: ${peso(tr.PesoNetto)}`,
    tr.DataOraRitiro && `${f.ritiro}: ${formatDate(tr.DataOraRitiro)}`,
    tr.DataInizioTrasporto && `${f.inizio}: ${formatDate(tr.DataInizioTrasporto)}`,
    tr.TipoResa && `${f.resa}: ${tr.TipoResa}`,
    tr.IndirizzoResa && `${f.indirizzoResa}: ${addressInline(tr.IndirizzoResa)}`,
    tr.DataOraConsegna && `${f.consegna}: ${formatDate(tr.DataOraConsegna)}`,
  ];
  const text = joinNonEmpty(items, '  ·  ');
  if (!text) return;
  sectionTitle(ctx, L.transport, 12);
  flowParagraph(ctx, [{ text: pdfLine(text) }], { size: 8 });
}
