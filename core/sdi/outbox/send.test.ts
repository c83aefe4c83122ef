import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { getDocument } from '../../invoicing/services/drafts';
import { closeTestCompanies } from '../../invoicing/services/test-support';
import { MAX_ATTEMPTS } from './backoff';
import { acquireLease, OUTBOX_LEASE } from './lease';
import { retryOutboxItem, sendOutbox } from './send';
import { FakeTransmitter, queuedCompany } from './testing';

afterEach(closeTestCompanies);

async function expectCode(p: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return e as AppError;
  }
  throw new Error(`atteso ${code}`);
}

describe('registration queues the document', () => {
  it('writes the outbox row in the registration transaction and marks the document queued', () => {
    const f = queuedCompany(3);
    const items = f.store.outbox.list({}).rows;
    expect(items.map((i) => i.fileName)).toEqual(f.fileNames);
    expect(items.every((i) => i.state === 'queued' && i.attempts === 0)).toBe(true);
    expect(f.documentIds.map((id) => getDocument(f.store, id).status)).toEqual(['queued', 'queued', 'queued']);
    // Unique progressivo per company: IT<IdCodice>_<progressivo>.xml
    expect(new Set(f.fileNames).size).toBe(3);
    expect(f.fileNames.every((n) => /^IT01234567897_[0-9A-Z]{5}\.xml$/.test(n))).toBe(true);
  });
});

describe('sendOutbox', () => {
  it('sends the whole outbox in one batch, with a progress line per file, and records the SdI ids', async () => {
    const f = queuedCompany(5);
    const t = new FakeTransmitter();
    const progress: string[] = [];
    const r = await sendOutbox(f.store, { transmitter: t, onProgress: (_d, _t, m) => progress.push(m) });
    expect(r).toMatchObject({ attempted: 5, transmitted: 5, retrying: 0, failed: 0, remaining: 0, cancelled: false });
    expect(t.uploads).toEqual(f.fileNames);
    expect(progress).toEqual(f.fileNames.map((n, i) => `Invio ${i + 1}/5 ${n}`));
    const docs = f.documentIds.map((id) => getDocument(f.store, id));
    expect(docs.map((d) => d.status)).toEqual(Array(5).fill('transmitted'));
    expect(docs.map((d) => d.sdiId)).toEqual(['1', '2', '3', '4', '5']);
    expect(f.store.outbox.counts()).toEqual({ queued: 0, sending: 0, transmitted: 5, failed: 0 });
    // A second run has nothing to do and sends nothing.
    const again = await sendOutbox(f.store, { transmitter: t });
    expect(again.attempted).toBe(0);
    expect(again.message).toBe('Nessun documento in coda di invio.');
    expect(t.uploads).toHaveLength(5);
  });

  it('offline: leaves everything queued, untouched, with a clear Italian message', async () => {
    const f = queuedCompany(4);
    const t = new FakeTransmitter();
    t.online = false;
    const before = f.store.outbox.list({}).rows;
    const e = await expectCode(sendOutbox(f.store, { transmitter: t }), 'CANALE_NON_RAGGIUNGIBILE');
    expect(e.message).toContain('non raggiungibile');
    expect(e.message).toContain('I 4 documenti in coda restano in coda');
    expect(f.store.outbox.list({}).rows).toEqual(before);
    expect(t.uploads).toEqual([]);
    expect(f.documentIds.every((id) => getDocument(f.store, id).status === 'queued')).toBe(true);
  });

  it('crash after the upload, before recording it: the next run asks the channel and never sends again', async () => {
    const f = queuedCompany(4);
    const t = new FakeTransmitter();
    t.crashAfter = f.fileNames[1];
    await expectCode(sendOutbox(f.store, { transmitter: t }), 'ERRORE_CANALE'); // the simulated crash
    const stuck = f.store.outbox.getByFileName(f.fileNames[1]!)!;
    expect(stuck.state).toBe('sending'); // committed before the upload
    expect(getDocument(f.store, stuck.documentId).status).toBe('sending');

    const r = await sendOutbox(f.store, { transmitter: t });
    expect(t.lookups).toEqual([f.fileNames[1]]);
    expect(r.reconciled).toEqual({ found: 1, requeued: 0 });
    expect(t.uploads).toEqual(f.fileNames); // each exactly once
    expect(f.store.outbox.getByFileName(f.fileNames[1]!)).toMatchObject({ state: 'transmitted', sdiId: '2' });
    expect(getDocument(f.store, stuck.documentId)).toMatchObject({ status: 'transmitted', sdiId: '2' });
  });

  it('crash before the file left: the next run finds it unknown to the channel and sends it once', async () => {
    const f = queuedCompany(3);
    const t = new FakeTransmitter();
    t.crashBefore = f.fileNames[2];
    await expectCode(sendOutbox(f.store, { transmitter: t }), 'ERRORE_CANALE'); // the simulated crash
    expect(f.store.outbox.getByFileName(f.fileNames[2]!)!.state).toBe('sending');
    const r = await sendOutbox(f.store, { transmitter: t });
    expect(r.reconciled).toEqual({ found: 0, requeued: 1 });
    expect(t.uploads).toEqual(f.fileNames);
    expect(f.store.outbox.counts().transmitted).toBe(3);
  });

  it('a lookup that cannot answer stops the run and leaves the item sending (no guess, no second send)', async () => {
    const f = queuedCompany(2);
    const t = new FakeTransmitter();
    t.crashAfter = f.fileNames[0];
    await expectCode(sendOutbox(f.store, { transmitter: t }), 'ERRORE_CANALE'); // the simulated crash
    t.lookup = async () => {
      throw new AppError({ code: 'CANALE_NON_RAGGIUNGIBILE', message: 'rete assente' });
    };
    await expectCode(sendOutbox(f.store, { transmitter: t }), 'CANALE_NON_RAGGIUNGIBILE');
    expect(f.store.outbox.getByFileName(f.fileNames[0]!)!.state).toBe('sending');
    expect(t.uploads).toEqual([f.fileNames[0]]);
  });

  it('retries temporary errors with exponential backoff, persisting attempts and the next attempt time', async () => {
    const f = queuedCompany(2);
    const t = new FakeTransmitter();
    t.failTimes.set(f.fileNames[0]!, 2);
    let clock = Date.UTC(2025, 5, 1, 10, 0, 0);
    const now = () => clock;
    const r1 = await sendOutbox(f.store, { transmitter: t, now, random: () => 0 });
    expect(r1).toMatchObject({ transmitted: 1, retrying: 1, remaining: 1 });
    const item = f.store.outbox.getByFileName(f.fileNames[0]!)!;
    expect(item).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: '2025-06-01T10:00:01.000Z', lastError: { code: 'RETE_NON_DISPONIBILE' } });
    expect(getDocument(f.store, item.documentId).status).toBe('queued');

    // Not due yet: nothing is sent.
    const r2 = await sendOutbox(f.store, { transmitter: t, now, random: () => 0 });
    expect(r2.attempted).toBe(0);
    expect(r2.message).toContain('1 in attesa di un nuovo tentativo');

    clock += 1_000;
    await sendOutbox(f.store, { transmitter: t, now, random: () => 0 });
    // Second failure: the step doubles (2 s x 2^1, half of it with random 0 = 2 s).
    expect(f.store.outbox.getByFileName(f.fileNames[0]!)).toMatchObject({ attempts: 2, nextAttemptAt: '2025-06-01T10:00:03.000Z' });

    clock += 2_000;
    const r4 = await sendOutbox(f.store, { transmitter: t, now, random: () => 0 });
    expect(r4.transmitted).toBe(1);
    expect(f.store.outbox.getByFileName(f.fileNames[0]!)).toMatchObject({ state: 'transmitted', attempts: 2 });
    expect(t.uploads).toEqual([f.fileNames[1], f.fileNames[0]]);
  });

  it('waits for retries due soon within the same run (retryWithinMs) without sleeping for real', async () => {
    const f = queuedCompany(1);
    const t = new FakeTransmitter();
    t.failTimes.set(f.fileNames[0]!, 3);
    let clock = 1_000_000;
    const slept: number[] = [];
    const r = await sendOutbox(f.store, {
      transmitter: t,
      now: () => clock,
      random: () => 0,
      retryWithinMs: 60_000,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    });
    expect(slept).toEqual([1_000, 2_000, 4_000]);
    expect(r).toMatchObject({ transmitted: 1, retrying: 0, remaining: 0 });
  });

  it('marks an item failed after too many temporary errors; «Riprova» puts it back', async () => {
    const f = queuedCompany(1);
    const t = new FakeTransmitter();
    t.failTimes.set(f.fileNames[0]!, MAX_ATTEMPTS);
    let clock = 0;
    await sendOutbox(f.store, { transmitter: t, now: () => clock, random: () => 0, retryWithinMs: 1e9, sleep: async (ms) => void (clock += ms) });
    const failed = f.store.outbox.getByFileName(f.fileNames[0]!)!;
    expect(failed).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });
    expect(failed.lastError!.message).toContain(`${MAX_ATTEMPTS} tentativi falliti`);
    expect(retryOutboxItem(f.store, failed.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect((await sendOutbox(f.store, { transmitter: t })).transmitted).toBe(1);
    expect(() => retryOutboxItem(f.store, failed.id)).toThrow(/già stato trasmesso/);
  });

  it('a refusal by the channel marks the item failed (not sent again by itself) and keeps the document queued', async () => {
    const f = queuedCompany(2);
    const t = new FakeTransmitter();
    t.refuse.add(f.fileNames[0]!);
    const r = await sendOutbox(f.store, { transmitter: t });
    expect(r).toMatchObject({ transmitted: 1, failed: 1 });
    expect(f.store.outbox.getByFileName(f.fileNames[0]!)).toMatchObject({ state: 'failed', lastError: { code: 'EI01' } });
    expect(getDocument(f.store, f.documentIds[0]!).status).toBe('queued');
    expect((await sendOutbox(f.store, { transmitter: t })).attempted).toBe(0);
  });

  it('a duplicate answer from the channel counts as transmitted, never as a failure', async () => {
    const f = queuedCompany(1);
    const t = new FakeTransmitter();
    t.stored.set(f.fileNames[0]!, { sdiId: '777' });
    const r = await sendOutbox(f.store, { transmitter: t });
    expect(r).toMatchObject({ transmitted: 1, duplicates: 1, failed: 0 });
    expect(getDocument(f.store, f.documentIds[0]!)).toMatchObject({ status: 'transmitted', sdiId: '777' });
  });

  it('cancel stops between files: the file in flight is recorded, the rest stay queued', async () => {
    const f = queuedCompany(6);
    const t = new FakeTransmitter();
    const ctl = new AbortController();
    t.afterUpload = (name) => {
      if (name === f.fileNames[2]) ctl.abort();
    };
    const r = await sendOutbox(f.store, { transmitter: t, signal: ctl.signal });
    expect(r).toMatchObject({ cancelled: true, transmitted: 3, remaining: 3 });
    expect(r.message).toContain('invio interrotto su richiesta');
    expect(t.uploads).toEqual(f.fileNames.slice(0, 3));
    expect(f.store.outbox.counts()).toEqual({ queued: 3, sending: 0, transmitted: 3, failed: 0 });
    const rest = await sendOutbox(f.store, { transmitter: t });
    expect(rest.transmitted).toBe(3);
    expect(t.uploads).toEqual(f.fileNames);
  });

  it('one sender at a time: a live lease of another process refuses a second send, an expired one is taken over', async () => {
    const f = queuedCompany(1);
    const t = new FakeTransmitter();
    const now = Date.UTC(2025, 0, 1);
    acquireLease(f.store, OUTBOX_LEASE, { owner: 'altro-processo', pid: 4242, host: 'pc' }, now);
    await expectCode(sendOutbox(f.store, { transmitter: t, now: () => now + 1_000, holder: { owner: 'io', pid: 1, host: 'pc', isAlive: () => true } }), 'INVIO_GIA_IN_CORSO');
    expect(t.uploads).toEqual([]);
    // The other process is gone (same computer, pid dead): taken over at once.
    const r = await sendOutbox(f.store, { transmitter: t, now: () => now + 2_000, holder: { owner: 'io', pid: 1, host: 'pc', isAlive: (pid) => pid !== 4242 } });
    expect(r.transmitted).toBe(1);
    expect(f.store.sdiState.getLease(OUTBOX_LEASE)).toBeUndefined();
  });

  it('never takes an item another sender already marked sending', async () => {
    const f = queuedCompany(2);
    const t = new FakeTransmitter();
    const first = f.store.outbox.getByFileName(f.fileNames[0]!)!;
    // Another process took item 1 between our read of the queue and our send.
    const due = f.store.outbox.due.bind(f.store.outbox);
    f.store.outbox.due = (n, l) => {
      const items = due(n, l);
      f.store.outbox.markSending(first.id, 'altro', new Date().toISOString());
      return items;
    };
    const r = await sendOutbox(f.store, { transmitter: t });
    expect(t.uploads).toEqual([f.fileNames[1]]);
    expect(r.items.map((i) => i.fileName)).toEqual([f.fileNames[1]]);
  });

  it('refuses the manual channel with the way to go', async () => {
    const f = queuedCompany(1);
    const t = new FakeTransmitter();
    t.capabilities = () => ({ batch: true, fetchesUpdates: false, receivesInvoices: false, manualUpload: true });
    const e = await expectCode(sendOutbox(f.store, { transmitter: t }), 'CANALE_MANUALE');
    expect(e.fix).toContain('Esporta per il portale');
  });
});
