/**
 * Sending to the SdI as the screens see it: the outbox counts, the channel (transmitter) and its health for the status
 * bar, the deadline warnings, and the one batch that can run at a time — "Invia tutto" (outbox.send, then a status
 * update) or "Aggiorna stati" alone (sdi.fetchUpdates) — with its progress, cancel and summary, shown by
 * SendBatchDialog wherever it was started. With the manual channel: its export folder (a setting of the channel,
 * transmitter.get / transmitter.configure, so the app, the CLI and the API share one folder) and the export itself.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DocumentDeadline, FetchUpdatesResult, ManualExportResult, SendOutboxResult, TransmitterHealth, TransmitterInfo } from '../../core/api/sdi-types';
import type { ImportSummary } from '../../core/importer/api-types';
import type { OutboxState } from '../../core/ports';
import { ApiError, asApiError, call } from '../api/client';
import { fileOfMessage, runJob } from '../api/jobs';
import { takeLegacyExportDir } from '../util/export-dir';
import { useAppStore } from './app';
import { useDocumentsStore } from './documents';

export type BatchPhase = 'idle' | 'checking' | 'offline' | 'manual' | 'empty' | 'sending' | 'fetching' | 'done' | 'failed';

export type FetchResult = FetchUpdatesResult & { received?: ImportSummary };

/** The manual channel's id (core/sdi/transmitters/manual.ts) and its folder setting. */
export const MANUAL_CHANNEL = 'manual';
const EXPORT_DIR_KEY = 'exportDir';

export interface ManualExportRequest {
  /** The folder typed in the export dialog. */
  dir: string;
  zip: boolean;
  itemIds?: number[];
  /** Save `dir` as the channel's export folder (only when it differs from the saved one). */
  remember?: boolean;
}

export interface ManualExportOutcome extends ManualExportResult {
  /** Set when the folder was to be remembered: whether the channel's setting was saved. */
  remembered?: boolean;
  rememberError?: ApiError;
}

const emptyCounts = (): Record<OutboxState, number> => ({ queued: 0, sending: 0, transmitted: 0, failed: 0 });

/** How often the status bar asks the channel whether it answers, while online. */
export const HEALTH_INTERVAL_MS = 5 * 60_000;

export const useSdiStore = defineStore('sdi', () => {
  const counts = ref<Record<OutboxState, number>>(emptyCounts());
  const channel = ref<TransmitterInfo | null>(null);
  const health = ref<TransmitterHealth | null>(null);
  const checkingHealth = ref(false);
  const deadlines = ref<DocumentDeadline[]>([]);
  /** Bumped whenever statuses may have changed (lists reload). */
  const version = ref(0);

  // ---- the batch ----
  const dialogOpen = ref(false);
  /** Which button started the batch (the dialog's title). */
  const mode = ref<'send' | 'fetch'>('send');
  const phase = ref<BatchPhase>('idle');
  const jobId = ref<string | null>(null);
  const progress = ref({ done: 0, total: 0, file: '' });
  const sendResult = ref<SendOutboxResult | null>(null);
  const fetchResult = ref<FetchResult | null>(null);
  const notice = ref<string | null>(null);
  const error = ref<ApiError | null>(null);
  const cancelling = ref(false);

  const busy = computed(() => phase.value === 'checking' || phase.value === 'sending' || phase.value === 'fetching');
  const toSend = computed(() => counts.value.queued + counts.value.sending);
  const isManual = computed(() => !!channel.value?.capabilities.manualUpload);

  async function refreshCounts() {
    try {
      const page = await call('outbox.list', { limit: 1 });
      counts.value = page.counts;
      useAppStore().outboxCount = page.counts.queued + page.counts.sending;
    } catch {
      // The counts are a hint: keep the last ones.
    }
  }

  async function loadChannel() {
    channel.value = await call('transmitter.get', {});
    await migrateLegacyExportDir();
    return channel.value;
  }

  /** The manual channel's saved export folder ('' when none, or when the channel is not the manual one). */
  const manualExportDir = computed(() => (channel.value?.id === MANUAL_CHANNEL ? (channel.value.config[EXPORT_DIR_KEY] ?? '') : ''));

  /** Saves the manual channel's export folder, keeping its other settings; the channel must be the manual one. */
  async function saveManualExportDir(dir: string): Promise<TransmitterInfo> {
    const info = channel.value ?? (await call('transmitter.get', {}));
    if (info.id !== MANUAL_CHANNEL) throw new ApiError({ code: 'CANALE_NON_MANUALE', message: 'La cartella di esportazione è un’impostazione del canale manuale.' });
    const config: Record<string, string> = { ...info.config, [EXPORT_DIR_KEY]: dir.trim() };
    if (!config[EXPORT_DIR_KEY]) delete config[EXPORT_DIR_KEY];
    const r = await call('transmitter.configure', { id: MANUAL_CHANNEL, config });
    channel.value = r.info;
    return r.info;
  }

  /**
   * Older versions kept the folder in this browser's storage, per company file: moved once into the channel's setting
   * (when the channel is the manual one and has no folder yet), then forgotten. A failed save keeps nothing stale: the
   * folder is simply asked again in the export dialog.
   */
  async function migrateLegacyExportDir() {
    const info = channel.value;
    if (info?.id !== MANUAL_CHANNEL) return;
    const legacy = takeLegacyExportDir(useAppStore().current?.file);
    if (!legacy || info.config[EXPORT_DIR_KEY]) return;
    try {
      await saveManualExportDir(legacy);
    } catch {
      // Not fatal: the export dialog asks for the folder.
    }
  }

  /**
   * "Esporta per il portale": the folder goes to the API only when it is not the channel's own (outbox.exportManual
   * uses the saved one otherwise); `remember` saves a different one as the channel's folder once the export worked.
   */
  async function exportManual(req: ManualExportRequest): Promise<ManualExportOutcome> {
    const dir = req.dir.trim();
    const saved = manualExportDir.value;
    const r = await call('outbox.exportManual', { ...(dir && dir !== saved ? { dir } : {}), zip: req.zip, itemIds: req.itemIds?.length ? req.itemIds : undefined });
    if (!req.remember || !dir || dir === saved) return r;
    try {
      await saveManualExportDir(dir);
      return { ...r, remembered: true };
    } catch (e) {
      // The files are written all the same: only the folder is not remembered.
      return { ...r, remembered: false, rememberError: asApiError(e) };
    }
  }

  /** "Prova connessione" / the status bar: asks the channel; the answer is Italian. */
  async function checkHealth(): Promise<TransmitterHealth> {
    checkingHealth.value = true;
    try {
      health.value = await call('transmitter.test', {});
    } catch (e) {
      health.value = { ok: false, message: asApiError(e).message, checkedAt: new Date().toISOString() };
    } finally {
      checkingHealth.value = false;
    }
    return health.value;
  }

  async function refreshDeadlines() {
    try {
      deadlines.value = await call('documents.deadlines', {});
    } catch {
      // Warnings are a hint: keep the last ones.
    }
  }

  /** After anything that may have changed statuses: counts, deadlines, the documents list, the open lists. */
  function changed() {
    version.value++;
    void refreshCounts();
    void refreshDeadlines();
    const app = useAppStore();
    if (app.hasCompany) useDocumentsStore().refresh();
  }

  function resetBatch() {
    phase.value = 'idle';
    jobId.value = null;
    progress.value = { done: 0, total: 0, file: '' };
    sendResult.value = null;
    fetchResult.value = null;
    notice.value = null;
    error.value = null;
    cancelling.value = false;
  }

  function onProgress(p: { done: number; total: number; message?: string }) {
    progress.value = { done: p.done, total: p.total, file: fileOfMessage(p.message) };
  }

  async function runFetch() {
    phase.value = 'fetching';
    progress.value = { done: 0, total: 0, file: '' };
    const status = await runJob<FetchResult>(() => call('sdi.fetchUpdates', {}), { onStarted: (id) => (jobId.value = id), onProgress });
    fetchResult.value = status.result ?? null;
  }

  /**
   * "Invia tutto": checks the connection first (navigator.onLine, then the channel's own test); offline, everything
   * stays queued and the dialog says so. Then the batch, then the status update, then the summary.
   */
  async function sendAll() {
    if (busy.value) {
      dialogOpen.value = true;
      return;
    }
    resetBatch();
    mode.value = 'send';
    dialogOpen.value = true;
    phase.value = 'checking';
    try {
      await refreshCounts();
      const info = channel.value ?? (await loadChannel());
      if (info.capabilities.manualUpload) {
        phase.value = 'manual';
        return;
      }
      if (!useAppStore().online) {
        phase.value = 'offline';
        notice.value = null;
        return;
      }
      const h = await checkHealth();
      if (!h.ok) {
        phase.value = 'offline';
        notice.value = h.message;
        return;
      }
      if (toSend.value === 0) {
        phase.value = 'empty';
        return;
      }
      phase.value = 'sending';
      progress.value = { done: 0, total: toSend.value, file: '' };
      const status = await runJob<SendOutboxResult>(() => call('outbox.send', {}), { onStarted: (id) => (jobId.value = id), onProgress });
      sendResult.value = status.result ?? null;
      changed();
      // After a cancel the user wanted to stop: no status update on top.
      if (status.state !== 'cancelled' && !sendResult.value?.cancelled) await runFetch();
      phase.value = 'done';
    } catch (e) {
      error.value = asApiError(e);
      phase.value = 'failed';
    } finally {
      jobId.value = null;
      cancelling.value = false;
      changed();
    }
  }

  /** "Aggiorna stati" on its own: the same dialog, without the sending part. */
  async function fetchUpdates() {
    if (busy.value) {
      dialogOpen.value = true;
      return;
    }
    resetBatch();
    mode.value = 'fetch';
    dialogOpen.value = true;
    try {
      if (!useAppStore().online) {
        phase.value = 'offline';
        return;
      }
      await runFetch();
      phase.value = 'done';
    } catch (e) {
      error.value = asApiError(e);
      phase.value = 'failed';
    } finally {
      jobId.value = null;
      cancelling.value = false;
      changed();
    }
  }

  async function cancel() {
    if (!jobId.value) return;
    cancelling.value = true;
    try {
      await call('jobs.cancel', { jobId: jobId.value });
    } catch (e) {
      cancelling.value = false;
      throw e;
    }
  }

  function closeDialog() {
    if (busy.value) return;
    dialogOpen.value = false;
  }

  /** Another company (or none): nothing of the previous one may show. */
  function clear() {
    counts.value = emptyCounts();
    channel.value = null;
    health.value = null;
    deadlines.value = [];
    dialogOpen.value = false;
    resetBatch();
  }

  return {
    counts,
    channel,
    health,
    checkingHealth,
    deadlines,
    version,
    dialogOpen,
    mode,
    phase,
    jobId,
    progress,
    sendResult,
    fetchResult,
    notice,
    error,
    cancelling,
    busy,
    toSend,
    isManual,
    manualExportDir,
    refreshCounts,
    loadChannel,
    saveManualExportDir,
    exportManual,
    checkHealth,
    refreshDeadlines,
    changed,
    sendAll,
    fetchUpdates,
    cancel,
    closeDialog,
    clear,
  };
});
