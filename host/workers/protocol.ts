/** Messages between the API thread and the company worker (host/workers/company-worker.ts). */
import type { AppErrorData } from '../../core/errors';

export type WorkerRequest = { id: number; task: 'registerDocuments'; file: string; draftIds: number[]; today: string };

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: AppErrorData };
