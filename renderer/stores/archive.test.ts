/**
 * The Archiviazione store against a fake API: Annulla pressed while a group's import.files request is on its way still
 * stops that job (as soon as its id arrives) and the groups not sent are skipped; what the job did stays in the summary.
 * Files of a dropped folder that could not be read are listed as rejected.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileImportResult, ImportSummary } from '../../core/importer/api-types';
import { setTransport } from '../api/client';
import type { Transport } from '../api/transport';
import { MAX_REQUEST_CHARS, useArchiveStore } from './archive';

/** Node has File and Blob but no FileReader: the one method the store uses. */
class NodeFileReader {
  result: string | null = null;
  error: Error | null = null;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readAsDataURL(blob: Blob) {
    void blob.arrayBuffer().then((buf) => {
      const bytes = new Uint8Array(buf);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      this.result = `data:application/octet-stream;base64,${btoa(bin)}`;
      this.onload?.();
    });
  }
}

const imported = (name: string): FileImportResult => ({ name, result: 'imported', reason: 'Importata.', documentIds: [1], documents: [{ name, result: 'imported', reason: 'Importata.' }] as FileImportResult['documents'] });

function summaryOf(files: FileImportResult[], cancelled: boolean): ImportSummary {
  const counts = { imported: 0, duplicate: 0, echo: 0, rejected: 0 };
  for (const f of files) counts[f.result]++;
  return { files, counts, documents: { ...counts }, cancelled, message: 'x' };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A fake host: import.files answers only when the test says so; the job "imports" the first file of its group, then
 * stops if it was cancelled, else does the rest.
 */
function fakeHost() {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const started: { names: string[]; answer: (jobId: string) => void }[] = [];
  const jobs = new Map<string, { names: string[]; cancelled: boolean }>();
  const transport: Transport = {
    kind: 'http',
    async invoke(method, rawArgs) {
      const args = (rawArgs ?? {}) as Record<string, unknown>;
      calls.push({ method, args });
      if (method === 'import.files') {
        const names = (args.files as { name: string }[]).map((f) => f.name);
        const d = deferred<string>();
        started.push({ names, answer: d.resolve });
        const jobId = await d.promise;
        jobs.set(jobId, { names, cancelled: false });
        return { ok: true, result: { jobId } };
      }
      if (method === 'jobs.cancel') {
        const j = jobs.get(args.jobId as string);
        if (j) j.cancelled = true;
        return { ok: true, result: { cancelled: !!j } };
      }
      if (method === 'jobs.wait') {
        // Let a cancel sent right after the job id arrived reach the job first.
        await new Promise((r) => setTimeout(r, 0));
        const j = jobs.get(args.jobId as string)!;
        const done = j.cancelled ? j.names.slice(0, 1) : j.names;
        return { ok: true, result: { jobId: args.jobId, kind: 'import', state: j.cancelled ? 'cancelled' : 'done', done: done.length, total: j.names.length, result: summaryOf(done.map(imported), j.cancelled) } };
      }
      if (method === 'jobs.get') return { ok: true, result: null };
      return { ok: false, error: { code: 'METODO_SCONOSCIUTO', message: method } };
    },
    onEvent: () => () => undefined,
  };
  setTransport(transport);
  return { calls, started, jobs };
}

async function until(cond: () => boolean) {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(cond()).toBe(true);
}

/** Files sized so that the store sends them in groups: ~11 MB of base64 each, so one per request. */
const big = (name: string) => new File([new Uint8Array(Math.floor((MAX_REQUEST_CHARS * 0.55 * 3) / 4))], name);

beforeEach(() => {
  setActivePinia(createPinia());
  (globalThis as { FileReader?: unknown }).FileReader = NodeFileReader;
});

afterEach(() => {
  delete (globalThis as { FileReader?: unknown }).FileReader;
});

describe('archive store', () => {
  it('Annulla pressed while a request is on its way cancels that job once its id arrives, and sends no more groups', async () => {
    const host = fakeHost();
    const store = useArchiveStore();
    const running = store.importFiles([big('a.xml'), big('b.xml'), big('c.xml')]);
    await until(() => host.started.length === 1);
    expect(store.progress.parts).toBe(3);
    host.started[0]!.answer('job-1');
    await until(() => host.started.length === 2);
    expect(store.progress).toMatchObject({ done: 1, total: 3, part: 2 });

    // The second group's request is on its way: no job id yet.
    expect(store.jobId).toBeNull();
    await store.cancel();
    expect(host.calls.filter((c) => c.method === 'jobs.cancel')).toEqual([]);
    host.started[1]!.answer('job-2');
    await running;

    expect(host.calls.filter((c) => c.method === 'jobs.cancel').map((c) => c.args.jobId)).toEqual(['job-2']);
    expect(host.jobs.get('job-2')!.cancelled).toBe(true);
    expect(host.started).toHaveLength(2); // c.xml was never sent
    expect(store.running).toBe(false);
    expect(store.run!.cancelled).toBe(true);
    expect(store.run!.files.map((f) => f.name)).toEqual(['a.xml', 'b.xml']);
    expect(store.run!.counts.imported).toBe(2);
  });

  it('without Annulla every group is sent and nothing is cancelled', async () => {
    const host = fakeHost();
    const store = useArchiveStore();
    const running = store.importFiles([big('a.xml'), big('b.xml')]);
    for (let n = 1; n <= 2; n++) {
      await until(() => host.started.length === n);
      host.started[n - 1]!.answer(`job-${n}`);
    }
    await running;
    expect(host.calls.some((c) => c.method === 'jobs.cancel')).toBe(false);
    expect(store.run).toMatchObject({ cancelled: false, counts: { imported: 2 } });
  });

  it('lists the files of a dropped folder that could not be read as rejected, with the reason', async () => {
    const host = fakeHost();
    const store = useArchiveStore();
    const running = store.importFiles([new File(['<x/>'], 'buona.xml')], { unreadable: ['sparita.xml'] });
    await until(() => host.started.length === 1);
    host.started[0]!.answer('job-1');
    await running;
    expect(store.run!.files.map((f) => [f.name, f.result])).toEqual([
      ['sparita.xml', 'rejected'],
      ['buona.xml', 'imported'],
    ]);
    expect(store.run!.files[0]!.reason).toBe('Il file «sparita.xml» non si può leggere.');
    expect(store.run!.counts).toMatchObject({ imported: 1, rejected: 1 });
  });
});
