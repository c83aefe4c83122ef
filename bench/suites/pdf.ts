/**
 * Figure: 1,000 courtesy PDFs, as "PDF" in the documents list makes each of them: the registered XML read back
 * (readFattura) and rendered (renderFatturaPdf: header, parties, lines, VAT summary, payment, page numbers). Reference:
 * bare pdf-lib making a file with the same two standard fonts and one empty A4 page, the fixed cost any PDF made with
 * pdf-lib pays, measured in the same rounds.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { readFattura } from '../../core/fatturapa/reader';
import type { FatturaElettronica } from '../../core/fatturapa/schema.generated';
import { renderFatturaPdf } from '../../core/pdf/index';
import { below, formatNumber, makeFigure, median, type Suite } from '../harness';
import type { BenchContext } from './context';

const COUNT = 1_000;

async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export const pdfSuite: Suite<BenchContext> = {
  name: 'pdf',
  description: '1,000 courtesy PDFs (XML read back + rendered) vs bare pdf-lib files',
  async run(ctx) {
    // Always 1,000 files: with fewer generated documents (--quick) the documents are used again in turn.
    const count = COUNT;
    const encoder = new TextEncoder();
    const xml = Array.from({ length: count }, (_, i) => encoder.encode(ctx.documents[i % ctx.documents.length]!.xml));
    let bytes = 0;
    let pages = 0;
    const ours = async () => {
      bytes = 0;
      for (const x of xml) {
        const pdf = await renderFatturaPdf(readFattura(x).fattura as FatturaElettronica);
        bytes += pdf.length;
      }
    };
    const bare = async () => {
      for (let i = 0; i < count; i++) {
        const doc = await PDFDocument.create();
        await doc.embedFont(StandardFonts.Helvetica);
        await doc.embedFont(StandardFonts.HelveticaBold);
        doc.addPage([595.28, 841.89]);
        await doc.save();
      }
    };
    const rounds = ctx.timing.rounds ?? 3;
    await ours();
    await bare();
    const s: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ctx.log(`  pdf round ${i + 1}/${rounds} (${count} documents)`);
      if (i % 2 === 0) {
        s.push(await timeAsync(ours));
        r.push(await timeAsync(bare));
      } else {
        r.push(await timeAsync(bare));
        s.push(await timeAsync(ours));
      }
    }
    // Page count of the last round's files, for the notes (a page tree count per file is cheap).
    for (const x of xml.slice(0, 50)) pages += (await PDFDocument.load(await renderFatturaPdf(readFattura(x).fattura as FatturaElettronica))).getPageCount();
    const ms = median(s);
    return {
      figures: [
        makeFigure({
          name: `${count} courtesy PDFs (read XML + render)`,
          value: ms / 1000,
          unit: 's',
          reference: { name: 'bare pdf-lib: 2 fonts + 1 empty page, saved', value: median(r) / 1000, unit: 's' },
          target: below(5, 's'),
        }),
      ],
      notes: [
        `pdf: ${count} files from ${Math.min(count, ctx.documents.length)} different documents of 10-35 lines, ${rounds} round(s) (rounds ${s.map((x) => formatNumber(x / 1000)).join(', ')} s); ${formatNumber(ms / count)} ms per PDF, ${formatNumber(bytes / count / 1024)} KB per file on average, ${formatNumber(pages / Math.min(50, count))} pages per file (first 50).`,
      ],
    };
  },
};
