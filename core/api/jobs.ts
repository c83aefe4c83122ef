/**
 * Long work (batch send, import, PDF export) runs as a job: the API method returns a job id at once, progress and the
 * end are published as events ('job:progress', 'job:done') through the host's event sink (IPC in Electron, SSE in the
 * web host, stderr in the CLI), and the job can be cancelled. `wait` lets scripts block until the end.
 */
import { toErrorData, type AppErrorData } from '../errors';

export interface EventSink {
  publish(event: string, data: unknown): void;
}

export interface JobProgress {
  jobId: string;
  kind: string;
  done: number;
  total: number;
  message?: string;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus<R = unknown> {
  jobId: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  message?: string;
  result?: R;
  error?: AppErrorData;
}

export interface JobControl {
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
}

interface RunningJob {
  status: JobStatus;
  controller: AbortController;
  finished: Promise<JobStatus>;
}

/** Jobs kept after they end, so a late `jobs.get` or `jobs.wait` still finds them. */
const FINISHED_KEPT = 50;

export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(private readonly events: EventSink) {}

  start<R>(kind: string, fn: (ctl: JobControl) => Promise<R>): { jobId: string } {
    const jobId = globalThis.crypto.randomUUID();
    const controller = new AbortController();
    const status: JobStatus = { jobId, kind, state: 'running', done: 0, total: 0 };
    const ctl: JobControl = {
      signal: controller.signal,
      progress: (done, total, message) => {
        status.done = done;
        status.total = total;
        status.message = message;
        this.events.publish('job:progress', { jobId, kind, done, total, message } satisfies JobProgress);
      },
    };
    const finished = (async () => {
      // Let the caller receive the job id before the first progress event.
      await Promise.resolve();
      try {
        if (controller.signal.aborted) throw new Error('Annullato prima di iniziare');
        status.result = await fn(ctl);
        status.state = controller.signal.aborted ? 'cancelled' : 'done';
      } catch (e) {
        status.state = controller.signal.aborted ? 'cancelled' : 'failed';
        status.error = toErrorData(e);
      }
      this.events.publish('job:done', { ...status });
      this.prune();
      return { ...status };
    })();
    this.jobs.set(jobId, { status, controller, finished });
    return { jobId };
  }

  get(jobId: string): JobStatus | undefined {
    const j = this.jobs.get(jobId);
    return j ? { ...j.status } : undefined;
  }

  cancel(jobId: string): boolean {
    const j = this.jobs.get(jobId);
    if (!j || j.status.state !== 'running') return false;
    j.controller.abort();
    return true;
  }

  async wait(jobId: string): Promise<JobStatus | undefined> {
    return this.jobs.get(jobId)?.finished;
  }

  /** Cancels everything still running (host shutdown) and waits for the jobs to stop. */
  async stopAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running');
    for (const j of running) j.controller.abort();
    await Promise.all(running.map((j) => j.finished));
  }

  private prune(): void {
    const ended = [...this.jobs.entries()].filter(([, j]) => j.status.state !== 'running');
    for (const [id] of ended.slice(0, Math.max(0, ended.length - FINISHED_KEPT))) this.jobs.delete(id);
  }
}
