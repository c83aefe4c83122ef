/**
 * Client of the local sandbox SdI (core/sdi/SANDBOX-PROTOCOL.md): one POST per file, lookups by file name for the
 * outbox's crash reconciliation, updates by sender and cursor. Pure fetch, so it runs wherever the API runs.
 */
import { fail } from '../../errors';
import type { IncomingFile, OutgoingFile, SendOptions, SendOutcome, Transmitter, TransmitterHealth, TransmitterUpdates } from '../transmitter';
import { fromBase64, httpRequest, isTemporaryStatus, NetworkError, networkProblem, normalizeBaseUrl, serverProblem, toBase64, type FetchFn } from './http';

export const SANDBOX_TRANSMITTER_ID = 'sandbox';
const CHANNEL = 'Sandbox SdI';

export interface SandboxTransmitterOptions {
  /** e.g. http://127.0.0.1:8765 */
  baseUrl: string;
  /** IdPaese + IdCodice of the IdTrasmittente, e.g. IT01234567897: whose notifications to fetch. */
  sender: string;
  fetch?: FetchFn;
  timeoutMs?: number;
}

interface Accepted {
  identificativoSdI?: unknown;
  dataOraRicezione?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

function accepted(fileName: string, body: unknown, status: 'accepted'): Extract<SendOutcome, { status: 'accepted' }> {
  const b = (body ?? {}) as Accepted;
  const out: Extract<SendOutcome, { status: 'accepted' }> = { fileName, status };
  const sdiId = str(b.identificativoSdI);
  const receivedAt = str(b.dataOraRicezione);
  if (sdiId) out.sdiId = sdiId;
  if (receivedAt) out.receivedAt = receivedAt;
  return out;
}

/** Pairs each metadata file (`<invoice base>_MT_001.xml`) with the invoice it describes. */
export function pairMetadata(files: IncomingFile[]): IncomingFile[] {
  const invoices = new Map<string, IncomingFile>();
  for (const f of files) if (f.kind === 'invoice') invoices.set(f.fileName.replace(/\.xml(\.p7m)?$/i, ''), f);
  const out: IncomingFile[] = [];
  for (const f of files) {
    if (f.kind === 'metadata') {
      const base = f.fileName.replace(/_MT_\d{3}\.xml$/i, '');
      const invoice = invoices.get(base);
      if (invoice && !invoice.metadata) {
        invoice.metadata = { fileName: f.fileName, bytes: f.bytes };
        continue;
      }
    }
    out.push(f);
  }
  return out;
}

export function createSandboxTransmitter(opts: SandboxTransmitterOptions): Transmitter {
  const base = normalizeBaseUrl(opts.baseUrl);
  const fetchFn = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs;
  const json = { 'content-type': 'application/json', accept: 'application/json' };

  async function sendOne(file: OutgoingFile): Promise<SendOutcome> {
    let res;
    try {
      res = await httpRequest(fetchFn, `${base}/sdi/v1/files`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ fileName: file.fileName, base64: toBase64(file.bytes) }),
        timeoutMs,
      });
    } catch (e) {
      return { fileName: file.fileName, status: 'retry', error: networkProblem(CHANNEL, e) };
    }
    if (res.status === 200 || res.status === 201) return accepted(file.fileName, res.json, 'accepted');
    const err = (res.json as { error?: { code?: string; descrizione?: string } } | undefined)?.error;
    // EI02 "servizio non disponibile" is the SdI's own temporary refusal.
    if (isTemporaryStatus(res.status) || err?.code === 'EI02') {
      return { fileName: file.fileName, status: 'retry', error: err?.code ? { code: err.code, message: `${CHANNEL}: ${err.descrizione ?? 'servizio non disponibile'}.` } : serverProblem(CHANNEL, res.status) };
    }
    return {
      fileName: file.fileName,
      status: 'refused',
      error: {
        code: err?.code ?? `HTTP_${res.status}`,
        message: `${CHANNEL} ha rifiutato il file ${file.fileName}: ${err?.descrizione ?? `HTTP ${res.status}`}.`,
        fix: err?.code === 'EI01' ? 'Il file è vuoto o illeggibile: controlla il documento registrato.' : 'Controlla il file e riprova.',
      },
    };
  }

  return {
    id: SANDBOX_TRANSMITTER_ID,
    label: 'Sandbox SdI (prova)',
    capabilities: () => ({ batch: true, fetchesUpdates: true, receivesInvoices: true, manualUpload: false }),

    async health(signal): Promise<TransmitterHealth> {
      const checkedAt = new Date().toISOString();
      try {
        const res = await httpRequest(fetchFn, `${base}/sdi/v1/health`, { signal, timeoutMs: Math.min(timeoutMs ?? 5_000, 5_000) });
        const body = res.json as { ok?: boolean; version?: string } | undefined;
        if (res.status === 200 && body?.ok) return { ok: true, message: `${CHANNEL} raggiungibile${body.version ? ` (versione ${body.version})` : ''}.`, checkedAt };
        return { ok: false, message: `${CHANNEL} non disponibile (HTTP ${res.status}).`, checkedAt };
      } catch (e) {
        return { ok: false, message: networkProblem(CHANNEL, e).message, checkedAt };
      }
    },

    async send(files: readonly OutgoingFile[], sendOpts: SendOptions = {}): Promise<SendOutcome[]> {
      const outcomes: SendOutcome[] = [];
      for (const file of files) {
        if (sendOpts.signal?.aborted) {
          outcomes.push({ fileName: file.fileName, status: 'retry', error: { code: 'ANNULLATO', message: 'Invio annullato prima di questo file.' } });
          continue;
        }
        outcomes.push(await sendOne(file));
        sendOpts.onProgress?.(outcomes.length, files.length, file.fileName);
      }
      return outcomes;
    },

    async lookup(fileName, signal) {
      let res;
      try {
        res = await httpRequest(fetchFn, `${base}/sdi/v1/files/${encodeURIComponent(fileName)}`, { signal, timeoutMs });
      } catch (e) {
        // Never guess "not there": an unknown answer must not lead to a second send.
        fail('CANALE_NON_RAGGIUNGIBILE', networkProblem(CHANNEL, e).message, { fix: 'Riprova quando la connessione torna.', details: { aborted: e instanceof NetworkError && e.aborted } });
      }
      if (res.status === 404) return undefined;
      if (res.status === 200) return accepted(fileName, res.json, 'accepted');
      fail('CANALE_NON_RAGGIUNGIBILE', `${CHANNEL}: verifica del file ${fileName} non riuscita (HTTP ${res.status}).`, { fix: 'Riprova più tardi.' });
    },

    async fetchUpdates(cursor, signal): Promise<TransmitterUpdates> {
      const q = new URLSearchParams({ sender: opts.sender });
      if (cursor !== undefined) q.set('after', cursor);
      let res;
      try {
        res = await httpRequest(fetchFn, `${base}/sdi/v1/updates?${q}`, { signal, timeoutMs });
      } catch (e) {
        fail('CANALE_NON_RAGGIUNGIBILE', networkProblem(CHANNEL, e).message, { fix: 'Riprova quando la connessione torna.' });
      }
      if (res.status !== 200) fail('CANALE_NON_RAGGIUNGIBILE', `${CHANNEL}: lettura delle notifiche non riuscita (HTTP ${res.status}).`, { fix: 'Riprova più tardi.' });
      const body = (res.json ?? {}) as { files?: { fileName?: unknown; base64?: unknown; kind?: unknown }[]; cursor?: unknown };
      const files: IncomingFile[] = [];
      for (const f of body.files ?? []) {
        if (typeof f.fileName !== 'string' || typeof f.base64 !== 'string') continue;
        const kind = f.kind === 'invoice' || f.kind === 'metadata' ? f.kind : 'notification';
        files.push({ fileName: f.fileName, bytes: fromBase64(f.base64), kind });
      }
      const next = str(body.cursor);
      return next !== undefined && next !== cursor ? { files: pairMetadata(files), cursor: next } : { files: pairMetadata(files) };
    },
  };
}
