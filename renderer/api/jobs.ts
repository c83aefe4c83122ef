/**
 * Long jobs (batch send, status update, import, vault share) as the screens use them: start the job, follow its
 * progress ('job:progress' events, with a jobs.get poll as a safety net when events do not arrive), wait for the end
 * (jobs.wait). A failed job becomes an ApiError with the core's Italian message; a cancelled one resolves with its
 * status, so the screen can say what was done before the stop.
 */
import type { JobProgress, JobStatus } from '../../core/api/jobs';
import { ApiError, call, onEvent } from './client';

export type { JobProgress, JobStatus };

export interface RunJobOptions {
  onStarted?(jobId: string): void;
  onProgress?(p: { done: number; total: number; message?: string }): void;
  /** Poll interval of the safety net (ms); 0 disables it. */
  pollMs?: number;
}

/** Runs a job to its end. Progress events that arrive before the job id is known are kept and replayed. */
export async function runJob<R>(start: () => Promise<{ jobId: string }>, opts: RunJobOptions = {}): Promise<JobStatus<R>> {
  let jobId: string | null = null;
  let last = -1;
  const early: JobProgress[] = [];
  const report = (p: { done: number; total: number; message?: string }) => {
    // Events and polls may overlap: never move the bar backwards.
    if (p.done < last) return;
    last = p.done;
    opts.onProgress?.({ done: p.done, total: p.total, message: p.message });
  };
  const off = onEvent('job:progress', (payload) => {
    const p = payload as JobProgress;
    if (!p || typeof p.jobId !== 'string') return;
    if (jobId === null) early.push(p);
    else if (p.jobId === jobId) report(p);
  });
  let timer: ReturnType<typeof setInterval> | null = null;
  try {
    jobId = (await start()).jobId;
    opts.onStarted?.(jobId);
    for (const p of early) if (p.jobId === jobId) report(p);
    const pollMs = opts.pollMs ?? 700;
    if (pollMs > 0) {
      const id = jobId;
      timer = setInterval(() => {
        call('jobs.get', { jobId: id })
          .then((s) => {
            if (s && s.state === 'running' && s.total > 0) report(s);
          })
          .catch(() => undefined);
      }, pollMs);
    }
    const status = await call('jobs.wait', { jobId });
    if (!status) throw new ApiError({ code: 'LAVORO_NON_TROVATO', message: 'Il lavoro non è più disponibile.', fix: 'Aggiorna la pagina e controlla il risultato.' });
    if (status.state === 'failed') {
      throw new ApiError(status.error ?? { code: 'LAVORO_FALLITO', message: 'Il lavoro non è riuscito.', fix: 'Riprova.' });
    }
    if (status.total > 0) report(status);
    return status as JobStatus<R>;
  } finally {
    off();
    if (timer) clearInterval(timer);
  }
}

/** The file name at the end of a progress message ("Invio 2/3 IT01234567897_00002.xml" -> the file name). */
export function fileOfMessage(message: string | undefined): string {
  if (!message) return '';
  const m = /([^\s/\\]+\.(?:xml|p7m|zip|pdf))\s*$/i.exec(message);
  return m ? m[1]! : message;
}
