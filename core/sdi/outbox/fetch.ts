/**
 * "Aggiorna stati": fetches what the channel has after the company's cursor, ingests every file (one transaction each)
 * and then moves the cursor. A crash between the two only means the same files come again, and ingesting a file twice
 * changes nothing.
 */
import type { CompanyStore } from '../../ports';
import type { IncomingFile, Transmitter } from '../transmitter';
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
    const updates = await transmitter.fetchUpdates(cursor, opts.signal);
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
