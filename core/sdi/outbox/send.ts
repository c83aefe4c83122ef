/**
 * "Invia tutto": sends the whole outbox in one batch through the company's transmitter.
 *
 * Crash safety, the rule every step follows: an item is marked 'sending' (committed) BEFORE its file leaves, and
 * 'transmitted' (committed, with the SdI id) right AFTER the channel takes it. A run that finds items still 'sending'
 * therefore knows a previous run died in between, and asks the channel (lookup by file name) BEFORE anything else:
 * found -> transmitted, not found -> queued again. So a file reaches the SdI once, whatever the moment of a crash.
 * Temporary problems are retried with exponential backoff (attempts and next attempt time persisted); the SdI's
 * "already have it" answers count as transmitted.
 */
import { AppError, fail } from '../../errors';
import type { DocumentStatus } from '../../invoicing/types';
import type { CompanyStore, OutboxItem } from '../../ports';
import type { SendOutcome, Transmitter, TransmitterError } from '../transmitter';
import { MAX_ATTEMPTS, nextAttemptAt } from './backoff';
import { acquireLease, OUTBOX_LEASE, releaseLease, renewLease, type LeaseHolder } from './lease';
import { outgoingBytes } from './outgoing';

/** Documents whose status moves to 'transmitted' when their file is taken (later statuses are never moved back). */
const BEFORE_TRANSMISSION: ReadonlySet<DocumentStatus> = new Set(['registered', 'queued', 'sending']);

export interface SendOutboxOptions {
  transmitter: Transmitter;
  /** Cancel: stops between two files (the file in flight is finished and recorded). */
  signal?: AbortSignal;
  onProgress?(done: number, total: number, message: string): void;
  /** Clock in milliseconds (tests). */
  now?: () => number;
  /** [0, 1) for the backoff jitter (tests). */
  random?: () => number;
  /** First backoff step (default 2 s). */
  baseDelayMs?: number;
  /** Also wait, within this run, for retries that fall due within this many milliseconds (default 0). */
  retryWithinMs?: number;
  /** Waits `ms` unless `signal` aborts first (injected so tests do not sleep). */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** Who sends (lease across processes); default a random owner without pid. */
  holder?: LeaseHolder;
  /** Only these outbox items. */
  itemIds?: readonly number[];
}

export type ItemOutcome = 'transmitted' | 'duplicate' | 'retry' | 'failed' | 'taken';

export interface SentItem {
  itemId: number;
  documentId: number;
  fileName: string;
  outcome: ItemOutcome;
  sdiId?: string;
  error?: TransmitterError;
  nextAttemptAt?: string;
}

export interface SendOutboxResult {
  /** Files attempted in this run. */
  attempted: number;
  transmitted: number;
  /** Files the channel already had (counted as transmitted, never as failures). */
  duplicates: number;
  /** Left queued for a later retry. */
  retrying: number;
  failed: number;
  /** Items found 'sending' from an interrupted run: how many the channel had, how many went back to the queue. */
  reconciled: { found: number; requeued: number };
  cancelled: boolean;
  /** Items still queued or sending after the run. */
  remaining: number;
  items: SentItem[];
  /** Italian summary for the status bar. */
  message: string;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Marks the item transmitted and moves its document forward, in one transaction. */
export function recordTransmitted(
  store: CompanyStore,
  item: Pick<OutboxItem, 'id' | 'documentId' | 'fileName'>,
  r: { transmitter?: string; sdiId?: string; transmissionId?: string; at: string },
): void {
  store.transaction(() => {
    store.outbox.markTransmitted(item.id, r);
    const doc = store.sdiState.findDocumentByFileName(item.fileName);
    if (!doc) return;
    if (BEFORE_TRANSMISSION.has(doc.status)) store.sdiState.setDocumentStatus(doc.id, 'transmitted', { sdiId: doc.sdiId ? undefined : r.sdiId, at: r.at });
    else if (!doc.sdiId && r.sdiId) store.sdiState.setDocumentStatus(doc.id, doc.status, { sdiId: r.sdiId, at: r.at });
  });
}

/** Back to the queue (document included) with the attempt count and next attempt time, or failed after too many. */
function recordRetry(store: CompanyStore, item: OutboxItem, error: TransmitterError, nowMs: number, opts: SendOutboxOptions): SentItem {
  const attempts = item.attempts + 1;
  const at = new Date(nowMs).toISOString();
  const base: SentItem = { itemId: item.id, documentId: item.documentId, fileName: item.fileName, outcome: 'retry', error };
  return store.transaction(() => {
    setDocumentQueued(store, item);
    if (attempts >= MAX_ATTEMPTS) {
      store.outbox.markFailed(item.id, { attempts, error: { code: error.code, message: `${error.message} (${attempts} tentativi falliti)` }, at });
      return { ...base, outcome: 'failed' as const };
    }
    const next = nextAttemptAt(nowMs, attempts, opts.random, opts.baseDelayMs);
    store.outbox.markRetry(item.id, { attempts, nextAttemptAt: next, error: { code: error.code, message: error.message }, at });
    return { ...base, nextAttemptAt: next };
  });
}

function recordRefused(store: CompanyStore, item: OutboxItem, error: TransmitterError, nowMs: number): SentItem {
  store.transaction(() => {
    setDocumentQueued(store, item);
    store.outbox.markFailed(item.id, { attempts: item.attempts + 1, error: { code: error.code, message: error.message }, at: new Date(nowMs).toISOString() });
  });
  return { itemId: item.id, documentId: item.documentId, fileName: item.fileName, outcome: 'failed', error };
}

function setDocumentQueued(store: CompanyStore, item: Pick<OutboxItem, 'fileName'>): void {
  const doc = store.sdiState.findDocumentByFileName(item.fileName);
  if (doc && (doc.status === 'sending' || doc.status === 'registered')) store.sdiState.setDocumentStatus(doc.id, 'queued');
}

/**
 * Items left 'sending' by an interrupted run: ask the channel about each BEFORE any new send. A lookup that cannot
 * answer throws (the items stay 'sending'; nothing is sent twice on a guess).
 */
export async function reconcileSending(store: CompanyStore, transmitter: Transmitter, nowMs: () => number, signal?: AbortSignal): Promise<{ found: number; requeued: number }> {
  let found = 0;
  let requeued = 0;
  for (const item of store.outbox.inState('sending')) {
    const known = await transmitter.lookup(item.fileName, signal);
    const at = new Date(nowMs()).toISOString();
    if (known) {
      recordTransmitted(store, item, { transmitter: transmitter.id, sdiId: known.sdiId, transmissionId: known.transmissionId, at });
      found++;
    } else {
      store.transaction(() => {
        setDocumentQueued(store, item);
        // Not an attempt that failed: the attempt never reached the channel. Due at once.
        store.outbox.markRetry(item.id, { attempts: item.attempts, nextAttemptAt: undefined, error: item.lastError, at });
      });
      requeued++;
    }
  }
  return { found, requeued };
}

function summary(r: Omit<SendOutboxResult, 'message'>, channel: string): string {
  if (r.attempted === 0 && r.reconciled.found === 0) {
    return r.remaining > 0 ? `Nessun documento da inviare adesso: ${r.remaining} in attesa di un nuovo tentativo.` : 'Nessun documento in coda di invio.';
  }
  const sent = r.transmitted + r.reconciled.found;
  const parts = [sent === 1 ? `Inviato 1 documento tramite ${channel}` : `Inviati ${sent} documenti tramite ${channel}`];
  if (r.duplicates) parts.push(`${r.duplicates} già presenti presso il canale`);
  if (r.retrying) parts.push(`${r.retrying} da ritentare (problema temporaneo)`);
  if (r.failed) parts.push(`${r.failed} rifiutati dal canale`);
  if (r.cancelled) parts.push('invio interrotto su richiesta');
  return `${parts.join(', ')}.`;
}

export async function sendOutbox(store: CompanyStore, opts: SendOutboxOptions): Promise<SendOutboxResult> {
  const { transmitter, signal } = opts;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const holder: LeaseHolder = opts.holder ?? { owner: globalThis.crypto.randomUUID() };
  if (transmitter.capabilities().manualUpload) {
    fail('CANALE_MANUALE', 'Il canale di invio dell’azienda è manuale: i file non si inviano da FatturaDesk.', {
      fix: 'Usa «Esporta per il portale», carica i file sul portale Fatture e Corrispettivi e poi conferma il caricamento.',
    });
  }

  // Online? An offline channel leaves everything queued, untouched.
  const health = await transmitter.health(signal);
  if (!health.ok) {
    const queued = store.outbox.counts();
    fail('CANALE_NON_RAGGIUNGIBILE', `${health.message} I ${queued.queued + queued.sending} documenti in coda restano in coda e verranno inviati alla prossima connessione.`, {
      fix: 'Controlla la connessione a Internet e riprova con «Invia tutto».',
      details: { health, queued: queued.queued + queued.sending },
    });
  }

  acquireLease(store, OUTBOX_LEASE, holder, now());
  try {
    const reconciled = await reconcileSending(store, transmitter, now, signal);
    const items: SentItem[] = [];
    const only = opts.itemIds ? new Set(opts.itemIds) : undefined;
    let cancelled = false;
    let attempted = 0;
    const deadline = now() + Math.max(0, opts.retryWithinMs ?? 0);

    for (let round = 0; ; round++) {
      const batch = store.outbox.due(new Date(now()).toISOString()).filter((i) => !only || only.has(i.id));
      const total = batch.length;
      for (let i = 0; i < batch.length; i++) {
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
        const item = batch[i]!;
        const bytes = outgoingBytes(store, item);
        if (!bytes) {
          items.push(recordRefused(store, item, { code: 'XML_NON_DISPONIBILE', message: `Il documento del file ${item.fileName} non ha un XML registrato.` }, now()));
          continue;
        }
        // Before the file leaves: 'sending', committed (and the lease renewed in the same transaction).
        const taken = store.transaction(() => {
          const at = new Date(now()).toISOString();
          if (!store.outbox.markSending(item.id, transmitter.id, at)) return false;
          const doc = store.sdiState.findDocumentByFileName(item.fileName);
          if (doc && (doc.status === 'queued' || doc.status === 'registered')) store.sdiState.setDocumentStatus(doc.id, 'sending', { at });
          renewLease(store, OUTBOX_LEASE, holder, now());
          return true;
        });
        if (!taken) {
          items.push({ itemId: item.id, documentId: item.documentId, fileName: item.fileName, outcome: 'taken' });
          continue;
        }
        attempted++;
        let outcome: SendOutcome | undefined;
        try {
          // No cancel signal here: a file in flight is finished and recorded, so nothing is left half-known.
          [outcome] = await transmitter.send([{ fileName: item.fileName, bytes, itemId: item.id }]);
        } catch (e) {
          // The transmitter broke its contract: the outcome is unknown, so the item stays 'sending' for the lookup.
          throw e instanceof AppError ? e : new AppError({ code: 'ERRORE_CANALE', message: `Errore imprevisto del canale durante l’invio di ${item.fileName}: ${e instanceof Error ? e.message : String(e)}`, fix: 'Riprova: il file verrà verificato presso il canale prima di un nuovo invio.' });
        }
        const at = new Date(now()).toISOString();
        if (!outcome) throw new AppError({ code: 'ERRORE_CANALE', message: `Il canale non ha dato un esito per ${item.fileName}.`, fix: 'Riprova: il file verrà verificato presso il canale prima di un nuovo invio.' });
        if (outcome.status === 'accepted' || outcome.status === 'duplicate') {
          recordTransmitted(store, item, { transmitter: transmitter.id, sdiId: outcome.sdiId, transmissionId: outcome.transmissionId, at });
          items.push({ itemId: item.id, documentId: item.documentId, fileName: item.fileName, outcome: outcome.status === 'accepted' ? 'transmitted' : 'duplicate', ...(outcome.sdiId ? { sdiId: outcome.sdiId } : {}) });
        } else if (outcome.status === 'retry') {
          items.push(recordRetry(store, { ...item, state: 'sending' }, outcome.error, now(), opts));
        } else {
          items.push(recordRefused(store, item, outcome.error, now()));
        }
        opts.onProgress?.(i + 1, total, `Invio ${i + 1}/${total} ${item.fileName}`);
      }
      if (cancelled || signal?.aborted) {
        cancelled = true;
        break;
      }
      // Retries that fall due soon enough are waited for in this run; later ones wait for the next run.
      const next = store.outbox.nextAttemptAfter(new Date(now()).toISOString());
      if (!next || Date.parse(next) > deadline || round > MAX_ATTEMPTS) break;
      await sleep(Math.max(0, Date.parse(next) - now()), signal);
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
    }

    // The last outcome of each item counts (an item retried within the run appears more than once).
    const last = new Map<number, SentItem>();
    for (const it of items) if (it.outcome !== 'taken') last.set(it.itemId, it);
    const finals = [...last.values()];
    const counts = store.outbox.counts();
    const result: Omit<SendOutboxResult, 'message'> = {
      attempted,
      transmitted: finals.filter((i) => i.outcome === 'transmitted' || i.outcome === 'duplicate').length,
      duplicates: finals.filter((i) => i.outcome === 'duplicate').length,
      retrying: finals.filter((i) => i.outcome === 'retry').length,
      failed: finals.filter((i) => i.outcome === 'failed').length,
      reconciled,
      cancelled,
      remaining: counts.queued + counts.sending,
      items: finals,
    };
    return { ...result, message: summary(result, transmitter.label) };
  } finally {
    releaseLease(store, OUTBOX_LEASE, holder.owner);
  }
}

/** "Riprova" on one item: back to the queue, due at once, attempts reset. */
export function retryOutboxItem(store: CompanyStore, itemId: number, nowMs = Date.now()): OutboxItem {
  return store.transaction(() => {
    const item = store.outbox.get(itemId) ?? fail('ELEMENTO_CODA_NON_TROVATO', `Elemento ${itemId} della coda di invio non trovato.`, { fix: 'Ricarica la coda di invio.' });
    if (item.state === 'transmitted') fail('GIA_TRASMESSO', `Il file ${item.fileName} è già stato trasmesso.`, { fix: 'Non serve ritentare: attendi le notifiche del Sistema di Interscambio.' });
    if (item.state === 'sending') fail('INVIO_IN_CORSO', `Il file ${item.fileName} è in corso di invio.`, { fix: 'Attendi la fine dell’invio.' });
    store.outbox.markRetry(item.id, { attempts: 0, nextAttemptAt: undefined, error: undefined, at: new Date(nowMs).toISOString() });
    setDocumentQueued(store, item);
    return store.outbox.get(item.id)!;
  });
}
