/** Import (Archiviazione) and received invoices (Interscambio → Ricevute): thin handlers over core/importer. */
import { AppError, fail } from '../../errors';
import { Base64Error, decodeBase64 } from '../../importer/base64';
import { collectPaths } from '../../importer/paths';
import { processReceivedFiles } from '../../importer/received';
import { runImport, summarize, type ImportItem, type ImportSummary } from '../../importer/service';
import { getImported, importedAttachment, importedDetail, importedPdf, importedXml } from '../../importer/views';
import type { ImportDirection } from '../../ports';
import { currentCompany, type ApiContext } from '../context';
import type { Handlers } from '../dispatch';

type H = Pick<
  Handlers<ApiContext>,
  | 'import.files'
  | 'import.paths'
  | 'import.list'
  | 'import.get'
  | 'import.xml'
  | 'import.pdf'
  | 'import.attachment'
  | 'received.list'
  | 'received.get'
  | 'received.xml'
  | 'received.pdf'
  | 'received.attachment'
  | 'received.process'
>;

const toBase64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

function platformOf(ctx: ApiContext) {
  return ctx.importer?.platform ?? {};
}

/** Starts an import job on the open company; the job keeps the store it started with. */
function startImport(ctx: ApiContext, source: string, prepare: () => { items: ImportItem[]; early: ImportSummary['files'] }) {
  const store = currentCompany(ctx).store;
  const today = ctx.today();
  const platform = platformOf(ctx);
  return ctx.jobs.start('import', async (ctl) => {
    const { items, early } = prepare();
    const summary = await runImport(store, items, { platform, today, source, signal: ctl.signal, onProgress: (d, t, m) => ctl.progress(d, t, m) });
    return early.length ? summarize([...early, ...summary.files], summary.cancelled) : summary;
  });
}

function list(ctx: ApiContext, direction: ImportDirection | undefined, a: { search?: string; from?: string; to?: string; counterpartyId?: number; offset: number; limit: number }) {
  return currentCompany(ctx).store.imports.list({ direction, text: a.search, dateFrom: a.from, dateTo: a.to, counterpartyId: a.counterpartyId, offset: a.offset, limit: a.limit });
}

function xmlOf(ctx: ApiContext, id: number, direction?: ImportDirection) {
  const r = importedXml(currentCompany(ctx).store, id, direction);
  return { fileName: r.fileName, xml: r.xml, base64: toBase64(r.bytes), signed: r.signed };
}

async function pdfOf(ctx: ApiContext, id: number, direction?: ImportDirection) {
  const r = await importedPdf(currentCompany(ctx).store, id, direction);
  return { fileName: r.fileName, base64: toBase64(r.bytes) };
}

function attachmentOf(ctx: ApiContext, id: number, attachmentId: number, direction?: ImportDirection) {
  const r = importedAttachment(currentCompany(ctx).store, id, attachmentId, direction);
  return { fileName: r.fileName, base64: toBase64(r.bytes) };
}

export const importHandlers: H = {
  'import.files': ({ files }, ctx) =>
    startImport(ctx, 'upload', () => ({
      early: [],
      items: files.map((f) => ({
        name: f.name,
        load() {
          try {
            return decodeBase64(f.base64);
          } catch (e) {
            if (!(e instanceof Base64Error)) throw e;
            throw new AppError({ code: 'IMPORT_BASE64_NON_VALIDO', message: `Il contenuto del file «${f.name}» non è arrivato integro (${e.message}).`, fix: 'Riprova a caricare il file.' });
          }
        },
      })),
    })),
  'import.paths': ({ paths }, ctx) => {
    const fs = ctx.importer?.fs ?? fail('IMPORT_PERCORSI_NON_DISPONIBILI', 'In questa modalità non si possono importare file dal disco per percorso.', { fix: 'Carica i file con «Scegli file» oppure usa l’app desktop o la riga di comando.' });
    return startImport(ctx, 'path', () => {
      const { items, problems } = collectPaths(fs, paths);
      return { items, early: problems };
    });
  },
  'import.list': (a, ctx) => list(ctx, a.direction, a),
  'import.get': ({ id }, ctx) => importedDetail(currentCompany(ctx).store, id),
  'import.xml': ({ id }, ctx) => xmlOf(ctx, id),
  'import.pdf': ({ id }, ctx) => pdfOf(ctx, id),
  'import.attachment': ({ id, attachmentId }, ctx) => attachmentOf(ctx, id, attachmentId),
  'received.list': (a, ctx) => list(ctx, 'received', { ...a, counterpartyId: a.supplierId }),
  'received.get': ({ id }, ctx) => importedDetail(currentCompany(ctx).store, id, 'received'),
  'received.xml': ({ id }, ctx) => xmlOf(ctx, id, 'received'),
  'received.pdf': ({ id }, ctx) => pdfOf(ctx, id, 'received'),
  'received.attachment': ({ id, attachmentId }, ctx) => {
    getImported(currentCompany(ctx).store, id, 'received');
    return attachmentOf(ctx, id, attachmentId, 'received');
  },
  'received.process': (_a, ctx) => {
    const store = currentCompany(ctx).store;
    const today = ctx.today();
    const platform = platformOf(ctx);
    return ctx.jobs.start('received-import', (ctl) => processReceivedFiles(store, { platform, today, signal: ctl.signal, onProgress: (d, t, m) => ctl.progress(d, t, m) }));
  },
};
