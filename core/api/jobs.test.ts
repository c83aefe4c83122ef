import { describe, expect, it } from 'vitest';
import { JobRunner } from './jobs';

function recorder() {
  const events: { event: string; data: any }[] = [];
  return { events, sink: { publish: (event: string, data: unknown) => events.push({ event, data }) } };
}

describe('JobRunner', () => {
  it('publishes progress and the result, and wait returns the final status', async () => {
    const r = recorder();
    const jobs = new JobRunner(r.sink);
    const { jobId } = jobs.start('prova', async (ctl) => {
      for (let i = 1; i <= 3; i++) ctl.progress(i, 3, `passo ${i}`);
      return { ok: 3 };
    });
    const end = await jobs.wait(jobId);
    expect(end).toMatchObject({ state: 'done', done: 3, total: 3, result: { ok: 3 } });
    expect(r.events.filter((e) => e.event === 'job:progress').map((e) => e.data.done)).toEqual([1, 2, 3]);
    expect(r.events.at(-1)).toMatchObject({ event: 'job:done', data: { jobId, state: 'done' } });
  });

  it('cancels a running job through its signal', async () => {
    const jobs = new JobRunner(recorder().sink);
    const { jobId } = jobs.start('lungo', (ctl) => new Promise((_, reject) => ctl.signal.addEventListener('abort', () => reject(new Error('annullato')))));
    expect(jobs.get(jobId)?.state).toBe('running');
    expect(jobs.cancel(jobId)).toBe(true);
    expect((await jobs.wait(jobId))?.state).toBe('cancelled');
    expect(jobs.cancel(jobId)).toBe(false);
  });

  it('cancels a job already at work', async () => {
    const jobs = new JobRunner(recorder().sink);
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    const { jobId } = jobs.start('lungo', (ctl) => {
      started();
      return new Promise((_, reject) => ctl.signal.addEventListener('abort', () => reject(new Error('annullato'))));
    });
    await isStarted;
    expect(jobs.cancel(jobId)).toBe(true);
    expect((await jobs.wait(jobId))?.state).toBe('cancelled');
  });

  it('turns a thrown error into AppErrorData with state failed', async () => {
    const jobs = new JobRunner(recorder().sink);
    const { jobId } = jobs.start('rotto', async () => {
      throw new Error('boom');
    });
    const end = await jobs.wait(jobId);
    expect(end?.state).toBe('failed');
    expect(end?.error?.code).toBe('ERRORE_INTERNO');
    expect(jobs.get('sconosciuto')).toBeUndefined();
  });
});
