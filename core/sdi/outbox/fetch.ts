/**
 * "Aggiorna stati": fetches what the channel has after the company's cursor, ingests every file (one transaction each)
 * and then moves the cursor. A crash between the two only means the same files come again, and ingesting a file twice
 * changes nothing.
 */
import type { CompanyStore } from '../../ports';
import type { AwaitedFile, IncomingFile, Transmitter } from '../transmitter';
import { addToSummary, emptySummary, ingestFile, type IngestSummary } from './ingest';

export interface FetchUpdatesOptions {
  signal?: AbortSignal;
  onProgress?(done: number, total: number, message: string): void;
  now?: () => number;
  /** Pages of updates to read in one run at most. */
  maxRounds?: number;
}

export interface FetchUpdatesResult extends IngestSummary {
  /** False for channels that do not fetch (manual): notifications are imported by hand. */
  fetched: boolean;
  cancelled: boolean;
  message: string;
}

/** The cursor key of a channel. */
export const cursorChannel = (t: Transmitter) => t.id;

/** At most this many files waiting for their first SdI answer are handed to the channel per run (oldest first). */
export const MAX_AWAITED_PER_RUN = 200;

/**
 * Files this channel took that still wait for the SdI's first answer (document 'transmitted'), oldest first: a channel
 * that can ask about one transmission reconciles them even when its stream skipped their news (an item caught
 * mid-send, an update the channel recorded late with an older time).
 */
export function awaitedFiles(store: CompanyStore, channel: string, limit = MAX_AWAITED_PER_RUN): AwaitedFile[] {
  const out: AwaitedFile[] = [];
  for (const d of store.sdiState.listByStatus(['transmitted'], limit)) {
    const item = store.outbox.getByFileName(d.fileName);
    if (!item || item.state !== 'transmitted' || (item.transmitter && item.transmitter !== channel)) continue;
    out.push({ fileName: item.fileName, ...(item.transmissionId ? { transmissionId: item.transmissionId } : {}), ...(item.sdiId ? { sdiId: item.sdiId } : {}) });
  }
  return out;
}

function describe(s: IngestSummary, cancelled: boolean): string {
  const parts: string[] = [];
  if (s.notifications) parts.push(`${s.notifications} notifiche ricevute (${s.statusChanges} cambi di stato${s.duplicates ? `, ${s.duplicates} avvisi di duplicato` : ''})`);
  if (s.receivedInvoices) parts.push(`${s.receivedInvoices} fatture ricevute da importare`);
  if (s.unmatched) parts.push(`${s.unmatched} notifiche senza documento corrispondente`);
  if (s.unparsed) parts.push(`${s.unparsed} file non leggibili (conservati)`);
  const text = parts.length ? `${parts.join('; ')}.` : 'Nessuna novità dal Sistema di Interscambio.';
  return cancelled ? `${text} Aggiornamento interrotto su richiesta.` : text;
}

export async function fetchSdiUpdates(store: CompanyStore, transmitter: Transmitter, opts: FetchUpdatesOptions = {}): Promise<FetchUpdatesResult> {
  if (!transmitter.capabilities().fetchesUpdates) {
    return { ...emptySummary(), fetched: false, cancelled: false, message: 'Il canale di invio non scarica le notifiche: importale dal portale Fatture e Corrispettivi con «Importa notifiche».' };
  }
  const summary = emptySummary();
  const channel = cursorChannel(transmitter);
  let cancelled = false;
  for (let round = 0; round < (opts.maxRounds ?? 50); round++) {
    if (opts.signal?.aborted) {
      cancelled = true;
      break;
    }
    const cursor = store.sdiState.getCursor(channel);
    // The files still waiting are asked about once per run, with the first page of the stream.
    const updates = await transmitter.fetchUpdates(cursor, opts.signal, round === 0 ? { awaiting: awaitedFiles(store, channel) } : undefined);
    const files: IncomingFile[] = updates.files;
    for (let i = 0; i < files.length; i++) {
      // Cancel between files; the cursor is then left where it was, and what was stored stays stored.
      if (opts.signal?.aborted) {
        cancelled = true;
        break;
      }
      addToSummary(summary, ingestFile(store, files[i]!, { source: transmitter.id, now: opts.now }));
      opts.onProgress?.(i + 1, files.length, `Notifica ${i + 1}/${files.length} ${files[i]!.fileName}`);
    }
    if (cancelled) break;
    if (updates.cursor === undefined || updates.cursor === cursor) break;
    store.sdiState.setCursor(channel, updates.cursor);
    if (files.length === 0) break;
  }
  return { ...summary, fetched: true, cancelled, message: describe(summary, cancelled) };
}

/** Notification files downloaded by hand (portal, PEC) go through the same ingestion. */
export function importNotificationFiles(store: CompanyStore, files: readonly { fileName: string; bytes: Uint8Array }[], now?: () => number): FetchUpdatesResult {
  const summary = emptySummary();
  for (const f of files) {
    const kind: IncomingFile['kind'] = /_MT_\d{3}\.xml$/i.test(f.fileName) ? 'metadata' : 'notification';
    addToSummary(summary, ingestFile(store, { fileName: f.fileName, bytes: f.bytes, kind }, { source: 'import', now }));
  }
  return { ...summary, fetched: true, cancelled: false, message: describe(summary, false) };
}
