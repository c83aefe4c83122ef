/**
 * An intermediary's REST API, following the shapes Invoicetronic documents publicly (OpenAPI SDKs at
 * github.com/invoicetronic/typescript-sdk, docs/SendApi.md, docs/UpdateApi.md, docs/ReceiveApi.md, docs/Send.md,
 * docs/Update.md; base https://api.invoicetronic.com/v1):
 *   - Basic auth with the API key as user name and an empty password;
 *   - POST /send with a `Send` JSON body { file_name, payload, encoding } (the payload "can be base64 encoded", the
 *     encoding field says whether it is Base64 or plain XML) -> 201 `Send` { id, identifier, file_name, date_sent };
 *     400 / 422 when the document is refused;
 *   - GET /send?file_name=... -> array of `Send` (how we learn whether a file already arrived);
 *   - GET /update -> array of `Update` { id, send_id, last_update, state, description, message_id, errors: [{ code,
 *     description, hint }], send }; documented filters include send_id (the send item's id), identifier (SdI id),
 *     state, last_update_from / last_update_to, date_sent_from / date_sent_to, unread, page, page_size (at most 200),
 *     sort (a field, '-' for descending); state one of Inviato, Consegnato, NonConsegnato, Scartato,
 *     AccettatoDalDestinatario, RifiutatoDalDestinatario, ImpossibilitàDiRecapito, DecorrenzaTermini,
 *     AttestazioneTrasmissioneFattura;
 *   - GET /receive?include_payload=true&last_update_from=... -> array of `Receive` (invoices received);
 *   - GET /health (no auth) and GET /status (auth) for "Prova connessione".
 * The intermediary answers with JSON updates, not SdI XML files: each update is stored as the JSON it came as
 * (`<prefix><id>.json`) and read by parseIntermediaryUpdate.
 *
 * Two reads of /update, because neither alone is enough:
 *   - the stream, `last_update_from=<cursor>&sort=last_update`: every update of the account, cheaply, page by page
 *     (also the PA's NE and DT weeks later). But last_update is the SdI's time, not when the intermediary recorded
 *     the update: one recorded late with an older time falls behind the cursor and the stream never shows it;
 *   - by send id, `send_id=<id>`, for each file the outbox says still waits for its first SdI answer (an item caught
 *     mid-send and reconciled by file name, or one whose news fell behind the cursor) and the stream did not mention
 *     in this run. A file reconciled without a send id is looked up by name first (GET /send?file_name=).
 */
import { fail } from '../../errors';
import type { FetchUpdatesContext, IncomingFile, OutgoingFile, SendOptions, SendOutcome, Transmitter, TransmitterHealth, TransmitterUpdates } from '../transmitter';
import { fromBase64, httpRequest, isTemporaryStatus, networkProblem, normalizeBaseUrl, serverProblem, toBase64, type FetchFn, type HttpAnswer } from './http';

export const INTERMEDIARY_TRANSMITTER_ID = 'intermediary';
export const INVOICETRONIC_BASE_URL = 'https://api.invoicetronic.com/v1';
/** File names of stored intermediary updates. */
export const INTERMEDIARY_UPDATE_PREFIX = 'intermediario-update-';
const CHANNEL = 'Intermediario';
const PAGE_SIZE = 200;
const MAX_PAGES = 500;
/** Sends asked about one by one in a run at most (each is a request): the rest wait for the next run. */
export const MAX_SEND_QUERIES = 100;

export interface IntermediaryTransmitterOptions {
  baseUrl?: string;
  /** The API key: from the OS keychain, an environment variable or the call; never stored in the company file. */
  apiKey: string;
  fetch?: FetchFn;
  timeoutMs?: number;
}

interface SendBody {
  id?: number;
  identifier?: string | null;
  file_name?: string | null;
  date_sent?: string | null;
  created?: string | null;
}

interface UpdateBody {
  id?: number;
  send_id?: number;
  last_update?: string;
  state?: string;
  description?: string | null;
  message_id?: string | null;
  identifier?: string | null;
  errors?: { code?: string; description?: string; hint?: string }[] | null;
  send?: { id?: number; file_name?: string | null; identifier?: string | null } | null;
}

interface ReceiveBody {
  id?: number;
  file_name?: string | null;
  identifier?: string | null;
  payload?: string | null;
  encoding?: string | null;
  last_update?: string | null;
  created?: string | null;
}

interface Cursor {
  updates?: string;
  receive?: string;
}

/** SdI notification kind for each documented intermediary state (Inviato only says the file left: no kind). */
export const INTERMEDIARY_STATE_KIND: Record<string, { kind: 'RC' | 'MC' | 'NS' | 'NE' | 'DT' | 'AT'; esito?: 'EC01' | 'EC02' } | undefined> = {
  Inviato: undefined,
  Consegnato: { kind: 'RC' },
  NonConsegnato: { kind: 'MC' },
  // The documented spelling has the accent; without it too, as some clients and older answers write it.
  ImpossibilitàDiRecapito: { kind: 'MC' },
  ImpossibilitaDiRecapito: { kind: 'MC' },
  Scartato: { kind: 'NS' },
  AccettatoDalDestinatario: { kind: 'NE', esito: 'EC01' },
  RifiutatoDalDestinatario: { kind: 'NE', esito: 'EC02' },
  DecorrenzaTermini: { kind: 'DT' },
  AttestazioneTrasmissioneFattura: { kind: 'AT' },
};

/** What an intermediary update says, in the terms of an SdI notification (undefined when it is not an update). */
export interface IntermediaryNotification {
  kind?: 'RC' | 'MC' | 'NS' | 'NE' | 'DT' | 'AT';
  state: string;
  sdiId?: string;
  invoiceFileName?: string;
  receivedAt?: string;
  esito?: 'EC01' | 'EC02';
  description?: string;
  errors: { code: string; description: string; suggestion?: string }[];
}

export function isIntermediaryUpdateFile(fileName: string): boolean {
  return fileName.startsWith(INTERMEDIARY_UPDATE_PREFIX) && fileName.endsWith('.json');
}

export function parseIntermediaryUpdate(bytes: Uint8Array): IntermediaryNotification | undefined {
  let u: UpdateBody;
  try {
    u = JSON.parse(new TextDecoder().decode(bytes)) as UpdateBody;
  } catch {
    return undefined;
  }
  if (!u || typeof u !== 'object' || typeof u.state !== 'string') return undefined;
  const mapped = INTERMEDIARY_STATE_KIND[u.state];
  const out: IntermediaryNotification = {
    state: u.state,
    errors: (u.errors ?? []).filter((e) => e && typeof e.code === 'string').map((e) => ({ code: e.code!, description: e.description ?? '', ...(e.hint ? { suggestion: e.hint } : {}) })),
  };
  if (mapped) out.kind = mapped.kind;
  if (mapped?.esito) out.esito = mapped.esito;
  const sdiId = u.send?.identifier ?? u.identifier;
  if (sdiId) out.sdiId = String(sdiId);
  if (u.send?.file_name) out.invoiceFileName = u.send.file_name;
  if (u.last_update) out.receivedAt = u.last_update;
  if (u.description) out.description = u.description;
  return out;
}

function problemText(res: HttpAnswer): string {
  const j = res.json as { title?: string; detail?: string; errors?: Record<string, string[]> } | undefined;
  const parts = [j?.detail ?? j?.title, ...Object.values(j?.errors ?? {}).flat()].filter((s): s is string => typeof s === 'string' && s !== '');
  return parts.length ? parts.join('; ') : res.text.slice(0, 300) || `HTTP ${res.status}`;
}

export function createIntermediaryTransmitter(opts: IntermediaryTransmitterOptions): Transmitter {
  const base = normalizeBaseUrl(opts.baseUrl ?? INVOICETRONIC_BASE_URL);
  const fetchFn = opts.fetch ?? fetch;
  if (!opts.apiKey) fail('CHIAVE_API_MANCANTE', 'Manca la chiave API dell’intermediario.', { fix: 'Inseriscila in Impostazioni › Fatturazione elettronica › Canale di invio.', field: 'secret' });
  const auth = `Basic ${toBase64(new TextEncoder().encode(`${opts.apiKey}:`))}`;
  const headers = { authorization: auth, accept: 'application/json', 'accept-language': 'it' };
  const fileNames = new Map<number, string>();

  const get = (path: string, signal?: AbortSignal) => httpRequest(fetchFn, `${base}${path}`, { headers, signal, timeoutMs: opts.timeoutMs });

  function checkAnswer(res: HttpAnswer, what: string): void {
    if (res.status === 401 || res.status === 403) {
      fail('CHIAVE_API_NON_VALIDA', `${CHANNEL}: chiave API non valida o senza permessi (${what}).`, { fix: 'Controlla la chiave API in Impostazioni › Canale di invio.' });
    }
    if (res.status !== 200) fail('CANALE_NON_RAGGIUNGIBILE', `${CHANNEL}: ${what} non riuscita (HTTP ${res.status}).`, { fix: 'Riprova più tardi.' });
  }

  async function getJson(path: string, what: string, signal?: AbortSignal): Promise<unknown> {
    let res;
    try {
      res = await get(path, signal);
    } catch (e) {
      fail('CANALE_NON_RAGGIUNGIBILE', networkProblem(CHANNEL, e).message, { fix: 'Riprova quando la connessione torna.' });
    }
    checkAnswer(res, what);
    return res.json;
  }

  async function sendOne(file: OutgoingFile): Promise<SendOutcome> {
    let res;
    try {
      res = await httpRequest(fetchFn, `${base}/send`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        // Base64 keeps the registered bytes exact whatever their encoding.
        body: JSON.stringify({ file_name: file.fileName, payload: toBase64(file.bytes), encoding: 'Base64' }),
        timeoutMs: opts.timeoutMs,
      });
    } catch (e) {
      return { fileName: file.fileName, status: 'retry', error: networkProblem(CHANNEL, e) };
    }
    if (res.status === 200 || res.status === 201) {
      const b = (res.json ?? {}) as SendBody;
      const out: Extract<SendOutcome, { status: 'accepted' }> = { fileName: file.fileName, status: 'accepted' };
      if (b.id !== undefined) out.transmissionId = String(b.id);
      if (b.identifier) out.sdiId = String(b.identifier);
      if (b.date_sent ?? b.created) out.receivedAt = (b.date_sent ?? b.created)!;
      if (b.id !== undefined) fileNames.set(b.id, file.fileName);
      return out;
    }
    if (isTemporaryStatus(res.status)) return { fileName: file.fileName, status: 'retry', error: serverProblem(CHANNEL, res.status) };
    if (res.status === 401 || res.status === 403) {
      return { fileName: file.fileName, status: 'refused', error: { code: 'CHIAVE_API_NON_VALIDA', message: `${CHANNEL}: chiave API non valida o senza permessi.`, fix: 'Controlla la chiave API in Impostazioni › Canale di invio, poi «Riprova».' } };
    }
    return { fileName: file.fileName, status: 'refused', error: { code: `HTTP_${res.status}`, message: `${CHANNEL} ha rifiutato il file ${file.fileName}: ${problemText(res)}.`, fix: 'Correggi il documento indicato e riprova.' } };
  }

  async function fileNameOfSend(sendId: number, signal?: AbortSignal): Promise<string | undefined> {
    const known = fileNames.get(sendId);
    if (known) return known;
    const s = (await getJson(`/send/${sendId}`, 'lettura dell’invio', signal)) as SendBody | undefined;
    if (s?.file_name) fileNames.set(sendId, s.file_name);
    return s?.file_name ?? undefined;
  }

  /** The intermediary's send id of a file, by name (a file reconciled from an update carries no send id). */
  async function sendIdByName(fileName: string, signal?: AbortSignal): Promise<number | undefined> {
    const rows = (await getJson(`/send?${new URLSearchParams({ file_name: fileName })}`, 'verifica del file', signal)) as SendBody[] | undefined;
    return (rows ?? []).find((r) => r.file_name === fileName)?.id;
  }

  /** Every page of a list, in order. */
  async function allPages<T>(path: string, params: URLSearchParams, what: string, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
      params.set('page', String(pageNo));
      params.set('page_size', String(PAGE_SIZE));
      const rows = (await getJson(`${path}?${params}`, what, signal)) as T[] | undefined;
      if (!Array.isArray(rows)) break;
      out.push(...rows);
      if (rows.length < PAGE_SIZE) break;
    }
    return out;
  }

  return {
    id: INTERMEDIARY_TRANSMITTER_ID,
    label: 'Intermediario (API REST)',
    capabilities: () => ({ batch: true, fetchesUpdates: true, receivesInvoices: true, manualUpload: false }),

    async health(signal): Promise<TransmitterHealth> {
      const checkedAt = new Date().toISOString();
      try {
        const h = await httpRequest(fetchFn, `${base}/health`, { signal, timeoutMs: 5_000 });
        if (h.status !== 200) return { ok: false, message: `${CHANNEL} non disponibile (HTTP ${h.status}).`, checkedAt };
        const s = await get('/status', signal);
        if (s.status === 401 || s.status === 403) return { ok: false, message: `${CHANNEL} raggiungibile, ma la chiave API non è valida.`, checkedAt };
        if (s.status !== 200) return { ok: false, message: `${CHANNEL} raggiungibile, ma lo stato dell’account non si legge (HTTP ${s.status}).`, checkedAt };
        return { ok: true, message: `${CHANNEL} raggiungibile, chiave API valida.`, checkedAt };
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
      const rows = (await getJson(`/send?${new URLSearchParams({ file_name: fileName })}`, 'verifica del file', signal)) as SendBody[] | undefined;
      const found = (rows ?? []).find((r) => r.file_name === fileName);
      if (!found) return undefined;
      const out: Extract<SendOutcome, { status: 'accepted' }> = { fileName, status: 'accepted' };
      if (found.id !== undefined) out.transmissionId = String(found.id);
      if (found.identifier) out.sdiId = String(found.identifier);
      if (found.date_sent) out.receivedAt = found.date_sent;
      return out;
    },

    async fetchUpdates(cursor, signal, context?: FetchUpdatesContext): Promise<TransmitterUpdates> {
      let c: Cursor = {};
      if (cursor) {
        try {
          c = JSON.parse(cursor) as Cursor;
        } catch {
          c = {};
        }
      }
      const files: IncomingFile[] = [];
      const taken = new Set<number>();
      const enc = new TextEncoder();
      const take = (u: UpdateBody) => {
        if (u.id === undefined || taken.has(u.id)) return;
        taken.add(u.id);
        files.push({ fileName: `${INTERMEDIARY_UPDATE_PREFIX}${u.id}.json`, bytes: enc.encode(JSON.stringify(u)), kind: 'notification' });
      };

      // 1. The stream after the cursor.
      const uq = new URLSearchParams({ sort: 'last_update' });
      if (c.updates) uq.set('last_update_from', c.updates);
      const updates = await allPages<UpdateBody>('/update', uq, 'lettura delle notifiche', signal);
      let lastUpdate = c.updates;
      const mentioned = new Set<number>();
      for (const u of updates) {
        if (u.id === undefined) continue;
        if (u.send_id !== undefined) mentioned.add(u.send_id);
        // The update may not carry its file's name: ask for the send it belongs to, so it can be matched.
        if (!u.send?.file_name && u.send_id !== undefined) {
          const name = await fileNameOfSend(u.send_id, signal);
          if (name) u.send = { ...(u.send ?? {}), id: u.send_id, file_name: name };
        }
        take(u);
        if (u.last_update && (!lastUpdate || u.last_update > lastUpdate)) lastUpdate = u.last_update;
      }

      // 2. By send id, the files still waiting that the stream did not mention (they never move the cursor).
      let requests = 0;
      for (const a of context?.awaiting ?? []) {
        if (requests >= MAX_SEND_QUERIES) break;
        let sendId = a.transmissionId && /^\d+$/.test(a.transmissionId) ? Number(a.transmissionId) : undefined;
        if (sendId === undefined) {
          requests++;
          sendId = await sendIdByName(a.fileName, signal);
        }
        if (sendId === undefined || mentioned.has(sendId)) continue;
        requests++;
        mentioned.add(sendId);
        fileNames.set(sendId, a.fileName);
        const q = new URLSearchParams({ send_id: String(sendId), sort: 'last_update' });
        for (const u of await allPages<UpdateBody>('/update', q, `lettura delle notifiche di ${a.fileName}`, signal)) {
          // Only this send's updates, whatever a server adds; named by the file the outbox knows.
          if (u.send_id !== undefined && u.send_id !== sendId) continue;
          if (!u.send?.file_name) u.send = { ...(u.send ?? {}), id: sendId, file_name: a.fileName };
          take(u);
        }
      }

      // 3. Invoices received.
      const rq = new URLSearchParams({ include_payload: 'true', sort: 'last_update' });
      if (c.receive) rq.set('last_update_from', c.receive);
      const received = await allPages<ReceiveBody>('/receive', rq, 'lettura delle fatture ricevute', signal);
      let lastReceive = c.receive;
      for (const r of received) {
        if (!r.file_name || !r.payload) continue;
        const bytes = r.encoding === 'Xml' || r.payload.trimStart().startsWith('<') ? enc.encode(r.payload) : fromBase64(r.payload);
        files.push({ fileName: r.file_name, bytes, kind: 'invoice' });
        const at = r.last_update ?? r.created;
        if (at && (!lastReceive || at > lastReceive)) lastReceive = at;
      }
      const next: Cursor = {};
      if (lastUpdate) next.updates = lastUpdate;
      if (lastReceive) next.receive = lastReceive;
      const nextText = JSON.stringify(next);
      return nextText !== (cursor ?? '{}') ? { files, cursor: nextText } : { files };
    },
  };
}
