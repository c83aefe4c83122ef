/**
 * Archiviazione: importing invoice files picked or dropped in the window. The files are read in the browser (base64)
 * and sent in groups so that no request grows past the host's body limit (~20 MB per request); each group is one
 * import.files job, whose per-file results are gathered into one summary. Annulla stops the job running (also one
 * whose request was on its way when Annulla was pressed: it is cancelled as soon as its id is known) and skips the
 * groups not sent yet. The summary stays here while the user moves around the app.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FileImportResult, ImportOutcome, ImportSummary } from '../../core/importer/api-types';
import { ApiError, asApiError, call } from '../api/client';
import { fileOfMessage, runJob } from '../api/jobs';
import { planChunks, readAsBase64 } from '../util/files';
import { MAX_REQUEST_CHARS } from './request-limit';

/** Re-exported: the vault store plans its uploads with the same limit. */
export { MAX_REQUEST_CHARS };

const OUTCOMES: ImportOutcome[] = ['imported', 'duplicate', 'echo', 'rejected'];
const zero = (): Record<ImportOutcome, number> => ({ imported: 0, duplicate: 0, echo: 0, rejected: 0 });

export interface ImportRun {
  files: FileImportResult[];
  counts: Record<ImportOutcome, number>;
  documents: Record<ImportOutcome, number>;
  cancelled: boolean;
  /** The core's Italian one-line summaries, one per group sent. */
  messages: string[];
}

export const useArchiveStore = defineStore('archive', () => {
  const running = ref(false);
  const jobId = ref<string | null>(null);
  const cancelRequested = ref(false);
  const progress = ref({ done: 0, total: 0, file: '', part: 0, parts: 0 });
  const run = ref<ImportRun | null>(null);
  const error = ref<ApiError | null>(null);
  /** Bumped after each group and at the end of an import: the list of imported documents reloads. */
  const version = ref(0);

  const hasResults = computed(() => (run.value?.files.length ?? 0) > 0);

  function add(summary: ImportSummary) {
    const r = run.value!;
    r.files.push(...summary.files);
    for (const o of OUTCOMES) {
      r.counts[o] += summary.counts[o];
      r.documents[o] += summary.documents[o];
    }
    if (summary.message) r.messages.push(summary.message);
    if (summary.cancelled) r.cancelled = true;
  }

  /** A file that could not even be read or sent is reported like a rejected file, with the reason. */
  function rejectLocally(name: string, reason: string, fix?: string) {
    const r = run.value!;
    r.files.push({ name, result: 'rejected', reason, ...(fix ? { fix } : {}), documentIds: [], documents: [] });
    r.counts.rejected++;
    r.documents.rejected++;
  }

  /** Stops a job that has just started after Annulla was pressed; a job that ended meanwhile has nothing to stop. */
  async function cancelJob(id: string) {
    try {
      await call('jobs.cancel', { jobId: id });
    } catch {
      // Nothing to do: jobs.wait reports how the job ended.
    }
  }

  /**
   * Imports the files; `unreadable` names files (inside a dropped folder) that could not even be read: they are listed
   * as rejected with the reason.
   */
  async function importFiles(files: readonly File[], opts: { unreadable?: readonly string[] } = {}) {
    const unreadable = opts.unreadable ?? [];
    if (running.value || (files.length === 0 && unreadable.length === 0)) return;
    running.value = true;
    cancelRequested.value = false;
    error.value = null;
    run.value = { files: [], counts: zero(), documents: zero(), cancelled: false, messages: [] };
    for (const name of unreadable) rejectLocally(name, `Il file «${name}» non si può leggere.`, 'Controlla che il file sia ancora al suo posto e che tu possa aprirlo, poi riprova.');
    const groups = planChunks(
      files.map((f) => f.size),
      MAX_REQUEST_CHARS,
    );
    progress.value = { done: 0, total: files.length, file: '', part: 0, parts: groups.length };
    let before = 0;
    try {
      for (const [gi, group] of groups.entries()) {
        if (cancelRequested.value) {
          run.value.cancelled = true;
          break;
        }
        progress.value = { ...progress.value, part: gi + 1, file: files[group[0]!]!.name };
        const payload: { name: string; base64: string }[] = [];
        for (const i of group) {
          const f = files[i]!;
          try {
            payload.push({ name: f.name, base64: await readAsBase64(f) });
          } catch (e) {
            rejectLocally(f.name, `Il file «${f.name}» non si può leggere (${asApiError(e).message}).`, 'Controlla che il file sia ancora al suo posto e riprova.');
          }
        }
        const tooBig = payload.length === 1 && payload[0]!.base64.length > MAX_REQUEST_CHARS;
        if (tooBig) {
          rejectLocally(payload[0]!.name, `Il file «${payload[0]!.name}» è troppo grande per essere caricato da qui.`, 'Dividi l’archivio in più file .zip, oppure importalo con l’app desktop o con il comando «fatturadesk import».');
        } else if (payload.length > 0) {
          const count = group.length;
          const status = await runJob<ImportSummary>(() => call('import.files', { files: payload }), {
            onStarted: (id) => {
              jobId.value = id;
              if (cancelRequested.value) void cancelJob(id);
            },
            onProgress: (p) => {
              // A zip counts as many files inside the job: scale the job's share onto the files of this group.
              const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
              progress.value = { ...progress.value, done: before + Math.floor(share * count), file: fileOfMessage(p.message) || progress.value.file };
            },
          });
          jobId.value = null;
          if (status.result) add(status.result);
          if (status.state === 'cancelled') run.value.cancelled = true;
          // The list of imported documents shows this group's files while the next groups go.
          if (gi < groups.length - 1) version.value++;
        }
        before += group.length;
        progress.value = { ...progress.value, done: before };
      }
    } catch (e) {
      error.value = asApiError(e);
    } finally {
      running.value = false;
      jobId.value = null;
      version.value++;
    }
  }

  async function cancel() {
    cancelRequested.value = true;
    if (jobId.value) await call('jobs.cancel', { jobId: jobId.value });
  }

  function dismiss() {
    if (running.value) return;
    run.value = null;
    error.value = null;
  }

  function clear() {
    run.value = null;
    error.value = null;
    progress.value = { done: 0, total: 0, file: '', part: 0, parts: 0 };
  }

  return { running, jobId, cancelRequested, progress, run, error, version, hasResults, importFiles, cancel, dismiss, clear };
});
