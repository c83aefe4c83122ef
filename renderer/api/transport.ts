/**
 * How a call reaches the core: Electron's preload bridge (one function per method) or the local web host over HTTP
 * (POST /api/<method> with the session token). Both return the contract's ApiResponse; the client turns it into a
 * result or an ApiError. Kept apart from the client so tests can plug in a fake transport.
 */
import type { ApiResponse } from '../../core/api/define';

export interface Transport {
  readonly kind: 'electron' | 'http';
  invoke(method: string, args: unknown): Promise<ApiResponse<unknown>>;
  /** Subscribes to a host event (progress, notifications); returns the unsubscribe function. */
  onEvent(name: string, cb: (payload: unknown) => void): () => void;
}

export interface ElectronBridge {
  [method: string]: unknown;
  onEvent?: (name: string, cb: (payload: unknown) => void) => (() => void) | void;
}

export function electronTransport(bridge: ElectronBridge): Transport {
  return {
    kind: 'electron',
    invoke(method, args) {
      const fn = bridge[method];
      if (typeof fn !== 'function') {
        return Promise.resolve({
          ok: false,
          error: { code: 'METODO_SCONOSCIUTO', message: `Operazione non disponibile: ${method}`, fix: 'Aggiorna FatturaDesk.' },
        });
      }
      return Promise.resolve((fn as (a: unknown) => Promise<ApiResponse<unknown>>)(args));
    },
    onEvent(name, cb) {
      const off = bridge.onEvent?.(name, cb);
      return typeof off === 'function' ? off : () => undefined;
    },
  };
}

export const TOKEN_HEADER = 'x-fatturadesk-token';

export interface HttpTransportOptions {
  /** Where the web host serves the API, e.g. "" (same origin) or "http://127.0.0.1:5173". */
  baseUrl: string;
  token: () => string | null;
  fetch?: typeof fetch;
  /** EventSource constructor (absent in tests and very old browsers). */
  eventSource?: typeof EventSource;
}

const unreachable = (detail: string): ApiResponse<unknown> => ({
  ok: false,
  error: {
    code: 'HOST_NON_RAGGIUNGIBILE',
    message: `FatturaDesk non risponde (${detail}).`,
    fix: 'Controlla che FatturaDesk sia ancora aperto, poi ricarica la pagina.',
  },
});

export function httpTransport(opts: HttpTransportOptions): Transport {
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let source: EventSource | null = null;

  /** One EventSource for the whole page; the web host sends named events (`event: <name>`, JSON data). */
  function eventSource(): EventSource | null {
    if (!source && opts.eventSource) {
      const token = opts.token() ?? '';
      source = new opts.eventSource(`${opts.baseUrl}/api/events?token=${encodeURIComponent(token)}`);
    }
    return source;
  }

  return {
    kind: 'http',
    async invoke(method, args) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = opts.token();
      if (token) headers[TOKEN_HEADER] = token;
      let res: Response;
      try {
        res = await doFetch(`${opts.baseUrl}/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(args ?? {}),
        });
      } catch (e) {
        return unreachable(e instanceof Error ? e.message : String(e));
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return unreachable(`risposta non valida, HTTP ${res.status}`);
      }
      if (body && typeof body === 'object' && 'ok' in body) return body as ApiResponse<unknown>;
      return unreachable(`risposta inattesa, HTTP ${res.status}`);
    },
    onEvent(name, cb) {
      const src = eventSource();
      if (!src) return () => undefined;
      const listener = (ev: Event) => {
        try {
          cb(JSON.parse(String((ev as MessageEvent).data)));
        } catch {
          // A malformed event is ignored: events are hints to refresh, never the source of truth.
        }
      };
      src.addEventListener(name, listener);
      return () => src.removeEventListener(name, listener);
    },
  };
}
