/**
 * Shows a PDF the API returned as base64: a new browser tab when the page may open one, otherwise (Electron denies new
 * windows, popup blockers) a download with its file name. The object URL is released after a while.
 */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function openPdf(fileName: string, base64: string, opts: { preferDownload?: boolean } = {}): 'tab' | 'download' {
  const url = URL.createObjectURL(new Blob([base64ToBytes(base64)], { type: 'application/pdf' }));
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
