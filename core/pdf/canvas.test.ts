import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfCanvas } from './canvas';
import { pdfText } from './winansi';

describe('PdfCanvas text measuring and wrapping', () => {
  it('measures with the Helvetica metrics (no kerning, as drawn)', async () => {
    const c = await PdfCanvas.create();
    // Helvetica: "A" = 667/1000 em, "V" = 667/1000 em; bold "A" = 722/1000 em.
    expect(c.measure(pdfText('AV'), 10)).toBeCloseTo(13.34, 5);
    expect(c.measure(pdfText('A'), 10, 'bold')).toBeCloseTo(7.22, 5);
    expect(c.measure(pdfText('€'), 1000)).toBe(556);
  });

  it('wraps at spaces within the width and keeps every word', async () => {
    const c = await PdfCanvas.create();
    const text = pdfText('uno due tre quattro cinque sei sette otto nove dieci undici dodici');
    const lines = c.wrap(text, 60, 9);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(c.measure(l, 9)).toBeLessThanOrEqual(60);
    expect(lines.join(' ')).toBe(text);
  });

  it('breaks a word longer than the line between characters and honours hard breaks', async () => {
    const c = await PdfCanvas.create();
    const iban = pdfText('IT60X0542811101000000123456IT60X0542811101000000123456');
    const lines = c.wrap(iban, 50, 9);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(iban);
    for (const l of lines) expect(c.measure(l, 9)).toBeLessThanOrEqual(50);
    expect(c.wrap(pdfText('a\nb\n\nc'), 100, 9)).toEqual(['a', 'b', '', 'c']);
    expect(c.wrap(pdfText(''), 100, 9)).toEqual(['']);
  });

  it('fits one-line text with an ellipsis', async () => {
    const c = await PdfCanvas.create();
    const fitted = c.fit(pdfText('Officine Meccaniche Ferraresi S.r.l.'), 60, 9);
    expect(fitted.endsWith('\x85')).toBe(true);
    expect(c.measure(fitted, 9)).toBeLessThanOrEqual(60);
    expect(c.fit(pdfText('breve'), 60, 9)).toBe('breve');
  });

  it('produces a valid PDF with one page per addPage and the same bytes for the same drawing', async () => {
    const draw = async () => {
      const c = await PdfCanvas.create({ title: 'Prova' });
      c.text(pdfText('Pagina uno (con parentesi) \\ e barra'), 40, 60, { size: 10 });
      c.addPage();
      c.rect(40, 40, 100, 20, { fill: [0.9, 0.9, 0.9], stroke: [0, 0, 0] });
      c.line(40, 80, 200, 80, 0.5, [0.5, 0.5, 0.5]);
      return c.save();
    };
    const a = await draw();
    const doc = await PDFDocument.load(a);
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getTitle()).toBe('Prova');
    expect(Buffer.from(await draw()).equals(Buffer.from(a))).toBe(true);
  });

  it('refuses to select a page that does not exist', async () => {
    const c = await PdfCanvas.create();
    expect(() => c.selectPage(3)).toThrow(RangeError);
  });
});
