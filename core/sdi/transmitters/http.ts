/**
 * The small HTTP layer of the REST transmitters, over the global fetch: a timeout per request, the caller's abort
 * signal, and one classification of failures (network and 5xx are temporary, the rest is the server's answer).
 */
import { fail } from '../../errors';
import type { TransmitterError } from '../transmitter';

export type FetchFn = typeof fetch;

export interface HttpAnswer {
  status: number;
  /** The parsed JSON body, when the body was JSON. */
  json?: unknown;
  text: string;
}

/** Thrown when no HTTP answer came (connection refused, DNS, timeout, abort). */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly aborted: boolean,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export async function httpRequest(
  fetchFn: FetchFn,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number; signal?: AbortSignal },
): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetchFn(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, signal });
  } catch (e) {
    const aborted = init.signal?.aborted ?? false;
    const why = timeout.aborted ? 'tempo scaduto' : aborted ? 'operazione annullata' : describeCause(e);
    throw new NetworkError(why, aborted);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw new NetworkError(`risposta interrotta (${describeCause(e)})`, init.signal?.aborted ?? false);
  }
  let json: unknown;
  if (text && /json/i.test(res.headers.get('content-type') ?? '')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, json, text };
}

/** "connessione rifiutata" and friends, from the undici error chain. */
export function describeCause(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (e as { code?: string })?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connessione rifiutata';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'indirizzo non trovato (rete assente?)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connessione interrotta';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'tempo scaduto';
    default: {
      const detail = cause?.message ?? (e instanceof Error ? e.message : String(e));
      if (/bad port/i.test(detail)) return 'porta non consentita';
      return `errore di rete (${detail})`;
    }
  }
}

/** A temporary problem: the outbox retries it later with backoff. */
export function networkProblem(channel: string, e: unknown): TransmitterError {
  const why = e instanceof NetworkError ? e.message : describeCause(e);
  return {
    code: 'RETE_NON_DISPONIBILE',
    message: `${channel} non raggiungibile: ${why}.`,
    fix: 'Controlla la connessione a Internet; l’invio verrà ritentato automaticamente.',
  };
}

export function serverProblem(channel: string, status: number): TransmitterError {
  return {
    code: 'SERVIZIO_NON_DISPONIBILE',
    message: `${channel} temporaneamente non disponibile (HTTP ${status}).`,
    fix: 'Nessuna azione richiesta: l’invio verrà ritentato automaticamente.',
  };
}

/** 408, 425, 429 and 5xx are worth retrying; any other 4xx is a refusal. */
export function isTemporaryStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Base64 with the web platform's btoa/atob (no Node Buffer: core also type-checks for the renderer). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The base URL without a trailing slash; refuses anything that is not http(s). */
export function normalizeBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    fail('INDIRIZZO_NON_VALIDO', `Indirizzo del servizio non valido: «${url}».`, { field: 'url', fix: 'Scrivi un indirizzo completo, ad esempio https://api.esempio.it/v1.' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    fail('INDIRIZZO_NON_VALIDO', `Indirizzo del servizio non valido: «${url}» (serve http o https).`, { field: 'url', fix: 'L’indirizzo deve iniziare con https://.' });
  }
  return u.toString().replace(/\/+$/, '');
}
