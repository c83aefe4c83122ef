/** Payment terms (DatiPagamento / DettaglioPagamento) and the list of attachments carried in the XML. */
import type { DettaglioPagamento } from '../../fatturapa/schema.generated';
import type { RenderContext } from '../context';
import { capitalize, describe } from '../describe';
import { formatDate, formatIban, formatMoney } from '../format';
import { MUTED, drawTable, type CellPart } from '../layout';
import { pdfLine, pdfText } from '../winansi';
import { buildTable, flowParagraph, joinNonEmpty, sectionTitle } from './common';

function methodCell(p: DettaglioPagamento): CellPart[] {
  const d = describe('ModalitaPagamentoType', p.ModalitaPagamento);
  const parts: CellPart[] = [{ text: pdfLine(d ? capitalize(d) : (p.ModalitaPagamento ?? '')) }];
  if (d) parts.push({ text: pdfLine(p.ModalitaPagamento), size: 7, color: MUTED });
  return parts;
}

function dueCell(ctx: RenderContext, p: DettaglioPagamento): string {
  if (p.DataScadenzaPagamento) return formatDate(p.DataScadenzaPagamento);
  if (p.GiorniTerminiPagamento) return ctx.L.paymentDetails.days(p.GiorniTerminiPagamento, formatDate(p.DataRiferimentoTerminiPagamento));
  return formatDate(p.DataRiferimentoTerminiPagamento);
}

function detailsCell(ctx: RenderContext, p: DettaglioPagamento): CellPart[] {
  const { locale, divisa } = ctx;
  const d = ctx.L.paymentDetails;
  const parts: CellPart[] = [];
  const add = (text: string | undefined, muted = false): void => {
    if (text && text.trim()) parts.push(muted ? { text: pdfLine(text), size: 7, color: MUTED } : { text: pdfLine(text) });
  };
  if (p.IBAN) add(`${d.iban} ${formatIban(p.IBAN)}`);
  add(joinNonEmpty([
    p.IstitutoFinanziario && `${d.istituto}: ${p.IstitutoFinanziario}`,
    (p.ABI || p.CAB) && `${d.abiCab} ${joinNonEmpty([p.ABI, p.CAB], '/')}`,
    p.BIC && `${d.bic} ${p.BIC}`,
  ]));
  add(p.Beneficiario && `${d.beneficiario}: ${p.Beneficiario}`);
  const quietanzante = joinNonEmpty([p.TitoloQuietanzante, p.NomeQuietanzante, p.CognomeQuietanzante], ' ');
  add(quietanzante && `${d.quietanzante}: ${joinNonEmpty([quietanzante, p.CFQuietanzante])}`, true);
  add(p.CodUfficioPostale && `${d.ufficioPostale}: ${p.CodUfficioPostale}`, true);
  add(p.CodicePagamento && `${d.codicePagamento}: ${p.CodicePagamento}`, true);
  if (p.ScontoPagamentoAnticipato) add(d.scontoAnticipato(formatMoney(p.ScontoPagamentoAnticipato, divisa, locale), formatDate(p.DataLimitePagamentoAnticipato)), true);
  if (p.PenalitaPagamentiRitardati) add(d.penale(formatMoney(p.PenalitaPagamentiRitardati, divisa, locale), formatDate(p.DataDecorrenzaPenale)), true);
  return parts;
}

export function drawPayments(ctx: RenderContext): void {
  const { L, locale, divisa } = ctx;
  const blocks = ctx.body.DatiPagamento ?? [];
  if (blocks.length === 0) return;
  const c = L.paymentCols;
  blocks.forEach((block, i) => {
    const condizioni = capitalize(describe('CondizioniPagamentoType', block.CondizioniPagamento) || (block.CondizioniPagamento ?? ''));
    if (i === 0) sectionTitle(ctx, L.payment, 40);
    else ctx.flow.y += 8;
    if (condizioni) flowParagraph(ctx, [{ text: pdfLine(condizioni), style: 'bold' }], { size: 8 });
    ctx.flow.y += 3;
    const details = block.DettaglioPagamento ?? [];
    // Without bank details the method column takes the spare width, keeping due date and amount together on the right.
    const hasDetails = details.some((p) => detailsCell(ctx, p).length > 0);
    const { columns, cells } = buildTable<DettaglioPagamento>(details, [
      {
        column: hasDetails ? { header: pdfLine(c.method), auto: { min: 60, max: 130 } } : { header: pdfLine(c.method), flex: 1 },
        cell: (p) => methodCell(p),
        required: true,
      },
      { column: { header: pdfLine(c.due), auto: { min: 50, max: 110 } }, cell: (p) => pdfLine(dueCell(ctx, p)), required: true },
      {
        column: { header: pdfLine(c.amount), auto: { min: 60, max: 90 }, align: 'right' },
        cell: (p) => pdfLine(formatMoney(p.ImportoPagamento, divisa, locale)),
        required: true,
      },
      { column: { header: pdfLine(c.details), flex: 1 }, cell: (p) => detailsCell(ctx, p) },
    ]);
    drawTable(ctx.flow, columns, cells);
  });
}

export function drawAttachments(ctx: RenderContext): void {
  const list = ctx.body.Allegati ?? [];
  if (list.length === 0) return;
  sectionTitle(ctx, ctx.L.attachments, 12);
  const text = list
    .map((a) => joinNonEmpty([a.NomeAttachment, a.DescrizioneAttachment, a.FormatoAttachment && a.FormatoAttachment.toUpperCase()], ' – '))
    .join('\n');
  flowParagraph(ctx, [{ text: pdfText(text) }], { size: 8 });
}
