/**
 * Invoices the transmitter fetched for the company (received_files, written by the SdI side as they came) go through
 * the same importer, in "received batch" mode: a file the company issued itself is an echo, not a received invoice.
 * Each row ends in a final import state: imported, duplicate (echoes included, with the reason) or error.
 */
import type { CompanyStore, ReceivedFile } from '../ports';
import { Importer, summarize, type FileImportResult, type ImportOptions, type ImportSummary } from './service';

const PAGE = 200;

export async function processReceivedFiles(store: CompanyStore, opts: Omit<ImportOptions, 'source' | 'receivedBatch'>): Promise<ImportSummary> {
  const importer = new Importer(store, { ...opts, source: 'received', receivedBatch: true });
  // Oldest first, so that of two copies of one invoice the first to arrive is the one imported.
  const pending: ReceivedFile[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = store.receivedFiles.list({ importState: ['new'], offset, limit: PAGE });
    pending.push(...page.rows);
    if (page.rows.length < PAGE) break;
  }
  pending.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id - b.id));
  const files: FileImportResult[] = [];
  let cancelled = false;
  let lastYield = Date.now();
  const bulk = pending.length > 100;
  if (bulk) store.imports.bulkMode(true);
  try {
    for (let i = 0; i < pending.length; i++) {
      if (opts.signal?.aborted) {
        cancelled = true;
        break;
      }
      const row = pending[i]!;
      files.push(...processOne(store, importer, row));
      opts.onProgress?.(i + 1, pending.length, row.fileName);
      if (Date.now() - lastYield > 50) {
        await new Promise<void>((r) => setTimeout(r, 0));
        lastYield = Date.now();
      }
    }
  } finally {
    if (bulk) store.imports.bulkMode(false);
  }
  return summarize(files, cancelled);
}

function processOne(store: CompanyStore, importer: Importer, row: ReceivedFile): FileImportResult[] {
  const content = store.receivedFiles.bytes(row.id);
  if (!content) return [];
  const extra: { receivedFileId: number; sdiId?: string } = { receivedFileId: row.id };
  if (row.sdiId) extra.sdiId = row.sdiId;
  const results = importer.importInput(row.fileName, content.bytes, extra);
  // 'imported' was recorded inside the file's transaction; the other outcomes are recorded here.
  if (!results.some((r) => r.result === 'imported')) {
    const first = results[0];
    store.transaction(() => {
      if (!first || first.result === 'rejected') store.receivedFiles.setImportState(row.id, 'error', { error: first?.reason ?? 'File vuoto' });
      else store.receivedFiles.setImportState(row.id, 'duplicate', { error: first.reason, documentId: first.documentIds[0] });
    });
  }
  return results;
}
