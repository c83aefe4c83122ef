/**
 * PDFs the API returns as base64. `openPdf` shows one outside the app: a new browser tab when the page may open one,
 * otherwise (Electron denies new windows, popup blockers) a download with its file name; the object URL is released
 * after a while. `pdfObjectUrl` makes the blob: URL that a frame inside the app shows (the CSP allows exactly
 * `frame-src blob:` for this, see host/csp.ts); whoever makes it revokes it.
 */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export const PDF_MIME = 'application/pdf';

/**
 * A blob: URL of the bytes typed application/pdf whatever type the file was stored with, so that the browser hands
 * them to its PDF viewer and never to its HTML parser (the bytes were already checked to start with %PDF-).
 */
export function pdfObjectUrl(bytes: Uint8Array<ArrayBuffer>): string {
  return URL.createObjectURL(new Blob([bytes], { type: PDF_MIME }));
}

/**
 * Whether this browser shows a PDF itself (navigator.pdfViewerEnabled: Chromium, Electron with its PDF viewer,
 * Firefox, Safari). An engine that does not say is trusted to; one that says no gets the download instead.
 */
export function canShowPdfInline(nav: { pdfViewerEnabled?: boolean } | undefined = globalThis.navigator): boolean {
  return nav?.pdfViewerEnabled !== false;
}

export function openPdf(fileName: string, base64: string, opts: { preferDownload?: boolean } = {}): 'tab' | 'download' {
  const url = URL.createObjectURL(new Blob([base64ToBytes(base64)], { type: PDF_MIME }));
  setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
  if (!opts.preferDownload) {
    const tab = window.open(url, '_blank');
    if (tab) return 'tab';
  }
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  return 'download';
}
