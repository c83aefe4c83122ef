/**
 * The courtesy copy as pictures: each page of a rich invoice, a fee note and the 200-line invoice rendered to PNG by
 * poppler's pdftoppm into e2e/screenshots/pdf/ (gitignored) for a human look at the layout, and checked to be real
 * pages: one picture per page, A4 proportions, not blank.
 */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderFatturaPdf } from './fattura-pdf';
import { HAS_PDFTOPPM, inkPerPage, NO_PDFTOPPM, renderPdfPages } from './testing/pdftoppm';
import { longInvoice, professionalInvoice, richInvoice } from './testing/sample-fatture';

const title = (name: string) => (HAS_PDFTOPPM ? name : `${name} ${NO_PDFTOPPM}`);

async function expectPictures(pdf: Uint8Array, name: string): Promise<void> {
  const pages = (await PDFDocument.load(pdf)).getPageCount();
  const pictures = renderPdfPages(pdf, name);
  expect(pictures.map((p) => p.page)).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
  for (const p of pictures) {
    // A4 at 100 dpi.
    expect([p.width, p.height], p.path).toEqual([827, 1170]);
    // A blank A4 page is about 3 KB of PNG; a page of text and rules is tens of KB.
    expect(p.bytes, p.path).toBeGreaterThan(20_000);
  }
  const ink = inkPerPage(pdf);
  expect(ink).toHaveLength(pages);
  for (const [i, r] of ink.entries()) {
    expect(r, `pagina ${i + 1}: inchiostro`).toBeGreaterThan(0.01);
    expect(r, `pagina ${i + 1}: inchiostro`).toBeLessThan(0.5);
  }
}

describe.skipIf(!HAS_PDFTOPPM)(title('courtesy copy pictures (e2e/screenshots/pdf/)'), () => {
  it('a rich PA invoice: every page pictured and painted', async () => {
    await expectPictures(await renderFatturaPdf(richInvoice()), 'fattura-pa-ricca');
  });

  it('a fee note with ritenuta and cassa: every page pictured and painted', async () => {
    await expectPictures(await renderFatturaPdf(professionalInvoice()), 'parcella');
  });

  it('the 200-line invoice: several pages, every one pictured and painted', async () => {
    const pdf = await renderFatturaPdf(longInvoice(200));
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThanOrEqual(4);
    await expectPictures(pdf, 'fattura-200-righe');
  });
});
