/**
 * The courtesy copy ("copia di cortesia") of a FatturaPA document: a readable A4 PDF of one body of the file, drawn
 * from the FatturaPA model alone, so it works for our own documents and for any imported XML. The legal document is
 * the XML; the footer of every page says so.
 *
 * Layout, top to bottom: supplier letterhead and title; customer and document-data boxes; causale; related documents;
 * transport; the lines table (header repeated on every page); VAT summary; notes and totals; payment terms;
 * attachments. Every page ends with the courtesy-copy notice and "Pagina X di Y".
 */
import { fail } from '../errors';
import type { FatturaElettronica, FatturaElettronicaBody } from '../fatturapa/schema.generated';
import { A4, PdfCanvas } from './canvas';
import { PAGE, type RenderContext } from './context';
import { partyName } from './describe';
import { formatDate, type PdfLocale } from './format';
import { labelsFor } from './labels';
import { Flow, MUTED, RULE, INK } from './layout';
import { drawFirstPageHeader, documentTitle } from './sections/header';
import { drawCausale, drawLinkedDocuments, drawTransport } from './sections/references';
import { drawLinesTable } from './sections/lines';
import { drawVatSummary, drawTotalsAndNotes } from './sections/totals';
import { drawAttachments, drawPayments } from './sections/payments';
import { pdfLine } from './winansi';

export interface RenderFatturaPdfOptions {
  /** Which FatturaElettronicaBody of the file (a "lotto" has several); default 0. */
  bodyIndex?: number;
  /** Wording of the fixed labels; code descriptions stay the official Italian ones. Default 'it'. */
  locale?: PdfLocale;
  /** Replaces the heading (default: the TipoDocumento description, e.g. "Fattura") and the PDF title. */
  title?: string;
  /** A draft's preview: the footer says it is not an invoice and was not sent (instead of "courtesy copy"). */
  draft?: boolean;
}

function bodyAt(f: FatturaElettronica, index: number): FatturaElettronicaBody {
  const bodies = Array.isArray(f?.FatturaElettronicaBody) ? f.FatturaElettronicaBody : [];
  if (!Number.isInteger(index) || index < 0 || index >= bodies.length) {
    fail(
      'PDF_CORPO_NON_TROVATO',
      bodies.length === 0
        ? 'Il documento non contiene nessun corpo fattura (FatturaElettronicaBody): impossibile creare il PDF.'
        : `Il file contiene ${bodies.length} ${bodies.length === 1 ? 'fattura' : 'fatture'}: la fattura n. ${index + 1} non esiste.`,
      { fix: 'Scegli una delle fatture presenti nel file.', field: 'bodyIndex' },
    );
  }
  return bodies[index]!;
}

/** PDF of one body of the file (courtesy copy). Throws AppError PDF_CORPO_NON_TROVATO when the body does not exist. */
export async function renderFatturaPdf(f: FatturaElettronica, opts: RenderFatturaPdfOptions = {}): Promise<Uint8Array> {
  const body = bodyAt(f, opts.bodyIndex ?? 0);
  const locale: PdfLocale = opts.locale === 'en' ? 'en' : 'it';
  const base = labelsFor(locale);
  const L = opts.draft ? { ...base, footer: base.draftFooter } : base;
  const dg = body.DatiGenerali?.DatiGeneraliDocumento;
  const heading = opts.title?.trim() || documentTitle(dg?.TipoDocumento);
  const cedente = partyName(f.FatturaElettronicaHeader?.CedentePrestatore?.DatiAnagrafici?.Anagrafica);
  const canvas = await PdfCanvas.create({
    title: `${heading} ${L.numberAndDate(dg?.Numero ?? '', formatDate(dg?.Data))}${cedente ? ` – ${cedente}` : ''}`,
    author: cedente || undefined,
    subject: L.footer,
    language: locale === 'en' ? 'en-GB' : 'it-IT',
  });

  // The running header needs the context; it is only drawn once rendering has started, after ctx exists.
  const flow = new Flow(
    canvas,
    PAGE.marginX,
    A4.width - PAGE.marginX,
    () => PAGE.continuationTop,
    PAGE.contentBottom,
    PAGE.marginTop,
    () => drawRunningHeader(ctx),
  );
  const ctx: RenderContext = { canvas, flow, L, locale, fattura: f, body, divisa: dg?.Divisa?.trim() || 'EUR', heading };

  drawFirstPageHeader(ctx);
  drawCausale(ctx);
  drawLinkedDocuments(ctx);
  drawTransport(ctx);
  drawLinesTable(ctx);
  drawVatSummary(ctx);
  drawTotalsAndNotes(ctx);
  drawPayments(ctx);
  drawAttachments(ctx);
  drawFooters(ctx);
  return canvas.save();
}

/** One PDF per body of the file, in order. */
export async function renderFatturaPdfs(f: FatturaElettronica, opts: Omit<RenderFatturaPdfOptions, 'bodyIndex'> = {}): Promise<Uint8Array[]> {
  const count = Array.isArray(f?.FatturaElettronicaBody) ? f.FatturaElettronicaBody.length : 0;
  if (count === 0) bodyAt(f, 0); // throws the explanatory error
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) out.push(await renderFatturaPdf(f, { ...opts, bodyIndex: i }));
  return out;
}

/** Continuation pages: document and supplier on one line, so a loose page is still identifiable. */
function drawRunningHeader(ctx: RenderContext): void {
  const { canvas, flow, L } = ctx;
  const dg = ctx.body.DatiGenerali?.DatiGeneraliDocumento;
  const left = pdfLine(`${ctx.heading} ${L.numberAndDate(dg?.Numero ?? '', formatDate(dg?.Data))}`);
  const right = pdfLine(partyName(ctx.fattura.FatturaElettronicaHeader?.CedentePrestatore?.DatiAnagrafici?.Anagrafica));
  const half = flow.width / 2 - 8;
  canvas.text(canvas.fit(left, half, 8.5, 'bold'), flow.left, PAGE.runningBaseline, { size: 8.5, style: 'bold', color: INK });
  canvas.textRight(canvas.fit(right, half, 8), flow.right, PAGE.runningBaseline, { size: 8, color: MUTED });
  canvas.line(flow.left, PAGE.runningRule, flow.right, PAGE.runningRule, 0.5, RULE);
}

function drawFooters(ctx: RenderContext): void {
  const { canvas, flow, L } = ctx;
  const total = canvas.pageCount;
  const notice = pdfLine(L.footer);
  for (let i = 0; i < total; i++) {
    canvas.selectPage(i);
    canvas.line(flow.left, PAGE.footerRule, flow.right, PAGE.footerRule, 0.5, RULE);
    const page = pdfLine(L.page(i + 1, total));
    const pageWidth = canvas.measure(page, 7);
    canvas.text(canvas.fit(notice, flow.width - pageWidth - 16, 7), flow.left, PAGE.footerBaseline, { size: 7, color: MUTED });
    canvas.textRight(page, flow.right, PAGE.footerBaseline, { size: 7, color: MUTED });
  }
}
