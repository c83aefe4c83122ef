/**
 * The host side of the company worker: one worker thread, started on first use and kept for the next tasks, that runs
 * long company work (registering a large selection) on its own SQLite connection, so the API thread keeps answering.
 * SQLite's WAL lets the API thread read while the worker writes; the worker's writes are one transaction, like
 * in-process. Tasks are answered in order; a worker that dies fails the tasks in flight and is replaced at the next.
 *
 * The worker runs the TypeScript sources through tsx (boot.mjs). Where those files are not next to this module (the
 * bundled Electron main process) no offload is offered and the work runs in-process as before.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompanyOffload } from '../../core/api/offload';
import { AppError } from '../../core/errors';
import type { BatchRegistration } from '../../core/invoicing/services/registration';
import type { WorkerRequest, WorkerResponse } from './protocol';

export interface WorkerOffload extends CompanyOffload {
  /** Stops the worker (tasks in flight fail). */
  close(): Promise<void>;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

function scripts(): { boot: URL; entry: URL } | undefined {
  try {
    const boot = new URL('./boot.mjs', import.meta.url);
    const entry = new URL('./company-worker.ts', import.meta.url);
    return existsSync(fileURLToPath(boot)) && existsSync(fileURLToPath(entry)) ? { boot, entry } : undefined;
  } catch {
    return undefined; // no import.meta.url (bundled as CommonJS)
  }
}

export function createWorkerOffload(): WorkerOffload | undefined {
  const files = scripts();
  if (!files) return undefined;
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (e: unknown) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };

  const start = (): Worker => {
    const w = new Worker(files.boot, { workerData: { entry: files.entry.href } });
    w.on('message', (res: WorkerResponse) => {
      const p = pending.get(res.id);
      if (!p) return;
      pending.delete(res.id);
      if (res.ok) p.resolve(res.result);
      else p.reject(new AppError(res.error));
    });
    w.on('error', (e) => {
      failAll(e);
      if (worker === w) worker = undefined;
    });
    w.on('exit', () => {
      if (pending.size > 0) failAll(new Error('Il processo di lavoro in background si è interrotto.'));
      if (worker === w) worker = undefined;
    });
    // The worker must not keep the process alive on its own (CLI commands end when their work is done).
    w.unref();
    return w;
  };

  const send = <T>(req: Omit<WorkerRequest, 'id'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...req, id });
    });

  return {
    registerDocuments: (file, draftIds, opts) => send<BatchRegistration>({ task: 'registerDocuments', file, draftIds: [...draftIds], today: opts.today }),
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
      failAll(new Error('Chiusura in corso.'));
    },
  };
}
