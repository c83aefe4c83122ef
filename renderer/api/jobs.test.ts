import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../core/api/define';
import { ApiError, setTransport } from './client';
import { fileOfMessage, runJob } from './jobs';
import type { Transport } from './transport';

/** A transport whose jobs.wait answers `final`; events are pushed by the test through `emit`. */
function fakeTransport(final: unknown) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: string[] = [];
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((cb) => cb(payload));
  const transport: Transport = {
    kind: 'http',
    async invoke(method): Promise<ApiResponse<unknown>> {
      calls.push(method);
      if (method === 'jobs.wait') return { ok: true, result: final };
      return { ok: true, result: null };
    },
    onEvent(name, cb) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(cb);
      return () => listeners.get(name)!.delete(cb);
    },
  };
  return { transport, emit, calls, listeners };
}

describe('runJob', () => {
  it('follows the progress of its own job, including events that arrived before the job id, and returns the result', async () => {
    const f = fakeTransport({ jobId: 'j1', kind: 'outbox.send', state: 'done', done: 2, total: 2, result: { transmitted: 2 } });
    setTransport(f.transport);
    const seen: string[] = [];
    const status = await runJob<{ transmitted: number }>(
      async () => {
        // The host may publish before the caller knows the id: kept and replayed.
        f.emit('job:progress', { jobId: 'j1', kind: 'outbox.send', done: 1, total: 2, message: 'Invio 1/2 A.xml' });
        f.emit('job:progress', { jobId: 'other', kind: 'import', done: 5, total: 9 });
        return { jobId: 'j1' };
      },
      { pollMs: 0, onProgress: (p) => seen.push(`${p.done}/${p.total}`) },
    );
    expect(status.result).toEqual({ transmitted: 2 });
    expect(seen).toEqual(['1/2', '2/2']);
    // The listener is removed at the end.
    expect(f.listeners.get('job:progress')?.size).toBe(0);
  });

  it('turns a failed job into an ApiError with the core’s Italian message', async () => {
    const error = { code: 'CANALE_NON_RAGGIUNGIBILE', message: 'Sandbox SdI non raggiungibile.', fix: 'Riprova più tardi.' };
    setTransport(fakeTransport({ jobId: 'j2', kind: 'outbox.send', state: 'failed', done: 0, total: 0, error }).transport);
    const err = await runJob(async () => ({ jobId: 'j2' }), { pollMs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('CANALE_NON_RAGGIUNGIBILE');
    expect((err as ApiError).fix).toBe('Riprova più tardi.');
  });

  it('resolves a cancelled job with what it did before the stop', async () => {
    setTransport(fakeTransport({ jobId: 'j3', kind: 'import', state: 'cancelled', done: 1, total: 3, result: { cancelled: true } }).transport);
    const status = await runJob(async () => ({ jobId: 'j3' }), { pollMs: 0 });
    expect(status.state).toBe('cancelled');
    expect(status.result).toEqual({ cancelled: true });
  });

  it('never moves the bar backwards when events and polls overlap', async () => {
    const f = fakeTransport({ jobId: 'j4', kind: 'import', state: 'done', done: 3, total: 3 });
    setTransport(f.transport);
    const seen: number[] = [];
    await runJob(
      async () => {
        f.emit('job:progress', { jobId: 'j4', kind: 'import', done: 2, total: 3 });
        f.emit('job:progress', { jobId: 'j4', kind: 'import', done: 1, total: 3 });
        return { jobId: 'j4' };
      },
      { pollMs: 0, onProgress: (p) => seen.push(p.done) },
    );
    expect(seen).toEqual([2, 3]);
  });
});

describe('fileOfMessage', () => {
  it('takes the file name at the end of a progress message', () => {
    expect(fileOfMessage('Invio 2/3 IT01234567897_00002.xml')).toBe('IT01234567897_00002.xml');
    expect(fileOfMessage('lotto.zip/fattura.xml.p7m')).toBe('fattura.xml.p7m');
    expect(fileOfMessage('Controllo del canale')).toBe('Controllo del canale');
    expect(fileOfMessage(undefined)).toBe('');
  });
});
