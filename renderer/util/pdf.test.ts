import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64ToBytes, canShowPdfInline, PDF_MIME, pdfObjectUrl } from './pdf';

afterEach(() => vi.restoreAllMocks());

describe('PDF helpers', () => {
  it('base64ToBytes decodes exactly the bytes, high ones included', () => {
    // "%PDF-1.7\n" then 0xff 0x00 0x80
    expect([...base64ToBytes('JVBERi0xLjcK/wCA')]).toEqual([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0xff, 0x00, 0x80]);
  });

  it('pdfObjectUrl makes a blob typed application/pdf with the same bytes', async () => {
    let made: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      made = b as Blob;
      return 'blob:fatturadesk://app/1';
    });
    const bytes = new Uint8Array(new ArrayBuffer(6));
    bytes.set([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]);
    expect(pdfObjectUrl(bytes)).toBe('blob:fatturadesk://app/1');
    expect(made?.type).toBe(PDF_MIME);
    expect(new Uint8Array(await made!.arrayBuffer())).toEqual(bytes);
  });

  it('shows a PDF inline unless the browser says it has no PDF viewer', () => {
    expect(canShowPdfInline({ pdfViewerEnabled: true })).toBe(true);
    expect(canShowPdfInline({})).toBe(true);
    expect(canShowPdfInline(undefined)).toBe(true);
    expect(canShowPdfInline({ pdfViewerEnabled: false })).toBe(false);
  });
});
