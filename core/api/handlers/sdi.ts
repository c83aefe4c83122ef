/** Sending to the SdI: outbox, notifications, corrections, deadlines, channel. Thin handlers over core/sdi/outbox. */
import { fail } from '../../errors';
import { channelSettings, configureChannel, describeChannel, openCompanyTransmitter, testChannel } from '../../sdi/outbox/channel';
import { correctRejected } from '../../sdi/outbox/correction';
import { listDeadlines } from '../../sdi/outbox/deadlines';
import { fetchSdiUpdates, importNotificationFiles } from '../../sdi/outbox/fetch';
import { documentHistory, notificationFile } from '../../sdi/outbox/history';
import { confirmManualUpload, markExported, prepareManualExport } from '../../sdi/outbox/manual';
import { retryOutboxItem, sendOutbox } from '../../sdi/outbox/send';
import type { CompanyStore } from '../../ports';
import type { Transmitter } from '../../sdi/transmitter';
import { processReceivedFiles } from '../../importer/received';
import { currentCompany, type ApiContext, type OpenCompany } from '../context';
import type { Handlers } from '../dispatch';
import type { JobControl } from '../jobs';
import { toDetail } from './documents';

type H = Pick<
  Handlers<ApiContext>,
  | 'outbox.list'
  | 'outbox.send'
  | 'outbox.retry'
  | 'outbox.exportManual'
  | 'outbox.confirmUploaded'
  | 'sdi.fetchUpdates'
  | 'sdi.importNotifications'
  | 'documents.history'
  | 'documents.notificationFile'
  | 'documents.correctRejected'
  | 'documents.deadlines'
  | 'transmitter.get'
  | 'transmitter.configure'
  | 'transmitter.test'
  | 'interscambio.sent'
  | 'interscambio.received'
>;

const storeOf = (ctx: ApiContext) => currentCompany(ctx).store;
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** One SdI job (send or fetch) per company file at a time in this process; the outbox lease covers other processes. */
const runningJobs = new WeakMap<ApiContext, Map<string, string>>();

/**
 * Starts an SdI job on the open company: opens its transmitter, runs `work`, closes the transmitter. The company is
 * captured at the start, so the job keeps working on the file it was started for.
 */
function startSdiJob<R>(ctx: ApiContext, kind: string, secret: string | undefined, work: (store: CompanyStore, t: Transmitter, ctl: JobControl) => Promise<R>): { jobId: string } {
  const open: OpenCompany = currentCompany(ctx);
  let jobs = runningJobs.get(ctx);
  if (!jobs) runningJobs.set(ctx, (jobs = new Map()));
  const key = `${open.file}\u0000${kind}`;
  const running = jobs.get(key);
  if (running && ctx.jobs.get(running)?.state === 'running') {
    fail('LAVORO_GIA_IN_CORSO', kind === 'outbox.send' ? 'L’invio della coda è già in corso.' : 'L’aggiornamento degli stati è già in corso.', {
      fix: 'Attendi che finisca (o annullalo) prima di ripartire.',
      details: { jobId: running },
    });
  }
  const started = ctx.jobs.start(kind, async (ctl) => {
    try {
      const t = await openCompanyTransmitter(open.store, ctx.sdi, { secret });
      try {
        return await work(open.store, t, ctl);
      } finally {
        await t.close?.();
      }
    } finally {
      if (jobs.get(key) === started.jobId) jobs.delete(key);
    }
  });
  jobs.set(key, started.jobId);
  return started;
}

export const sdiHandlers: H = {
  'outbox.list': ({ state, offset, limit }, ctx) => {
    const store = storeOf(ctx);
    return { ...store.outbox.list({ state, offset, limit }), counts: store.outbox.counts() };
  },
  'outbox.send': ({ secret, retryWithinMs, itemIds }, ctx) =>
    startSdiJob(ctx, 'outbox.send', secret, (store, transmitter, ctl) =>
      sendOutbox(store, {
        transmitter,
        signal: ctl.signal,
        onProgress: (done, total, message) => ctl.progress(done, total, message),
        holder: ctx.sdi?.leaseHolder?.(),
        retryWithinMs,
        itemIds,
      }),
    ),
  'outbox.retry': ({ id }, ctx) => retryOutboxItem(storeOf(ctx), id),
  'outbox.exportManual': ({ dir: chosen, zip, itemIds }, ctx) => {
    const store = storeOf(ctx);
    const dir =
      chosen ??
      channelSettings(store).config.exportDir ??
      fail('CARTELLA_NON_INDICATA', 'Indica la cartella in cui scrivere i file da caricare sul portale.', {
        field: 'dir',
        fix: 'Scegli una cartella, oppure impostala una volta per tutte in Impostazioni › Fatturazione elettronica.',
      });
    const plan = prepareManualExport(store, { itemIds, zip });
    ctx.files.mkdir(dir);
    const written: string[] = [];
    if (plan.zip) {
      ctx.files.writeFile(ctx.files.join(dir, plan.zip.fileName), plan.zip.bytes);
      written.push(plan.zip.fileName);
    } else {
      for (const f of plan.files) {
        ctx.files.writeFile(ctx.files.join(dir, f.name), f.bytes);
        written.push(f.name);
      }
    }
    markExported(store, plan.itemIds, new Date().toISOString());
    return {
      dir,
      files: written,
      count: plan.files.length,
      message: `${plan.files.length} file pronti in ${dir}${plan.zip ? ` (${plan.zip.fileName})` : ''}: caricali sul portale Fatture e Corrispettivi, poi conferma il caricamento.`,
    };
  },
  'outbox.confirmUploaded': ({ itemIds }, ctx) => confirmManualUpload(storeOf(ctx), itemIds, new Date().toISOString()),
  'sdi.fetchUpdates': ({ secret }, ctx) =>
    startSdiJob(ctx, 'sdi.fetchUpdates', secret, async (store, transmitter, ctl) => {
      const updates = await fetchSdiUpdates(store, transmitter, { signal: ctl.signal, onProgress: (done, total, message) => ctl.progress(done, total, message) });
      // Invoices received through the channel become received invoices (Interscambio -> Ricevute) right away.
      const received = await processReceivedFiles(store, {
        platform: ctx.importer?.platform ?? {},
        today: ctx.today(),
        signal: ctl.signal,
        onProgress: (done, total, message) => ctl.progress(done, total, message),
      });
      return { ...updates, received };
    }),
  'sdi.importNotifications': ({ files }, ctx) =>
    importNotificationFiles(
      storeOf(ctx),
      files.map((f) => ({ fileName: f.fileName, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) })),
    ),
  'documents.history': ({ id }, ctx) => documentHistory(storeOf(ctx), id),
  'documents.notificationFile': ({ id }, ctx) => {
    const f = notificationFile(storeOf(ctx), id);
    return { fileName: f.fileName, base64: toBase64(f.bytes) };
  },
  'documents.correctRejected': ({ id }, ctx) => {
    const store = storeOf(ctx);
    const r = correctRejected(store, id, { today: ctx.today() });
    return { document: toDetail(store, r.document), rejectedDocumentId: r.rejectedDocumentId, warnings: r.warnings, ...(r.deadline ? { deadline: r.deadline } : {}) };
  },
  'documents.deadlines': (_a, ctx) => listDeadlines(storeOf(ctx), ctx.today()),
  'transmitter.get': (_a, ctx) => describeChannel(storeOf(ctx), ctx.sdi),
  'transmitter.configure': ({ id, config, secret }, ctx) => configureChannel(storeOf(ctx), ctx.sdi, { id, config, secret }),
  'transmitter.test': ({ secret, id, config }, ctx) => testChannel(storeOf(ctx), ctx.sdi, { secret, ...(id ? { id, config } : {}) }),
  'interscambio.sent': ({ status, sort, offset, limit }, ctx) => storeOf(ctx).sdiState.listSent({ status, sort, offset, limit }),
  'interscambio.received': ({ importState, offset, limit }, ctx) => storeOf(ctx).receivedFiles.list({ importState, offset, limit }),
};
