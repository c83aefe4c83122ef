/**
 * THE typed client of the API: `call('customers.save', input)` is checked against core/api/contract.ts, so a renamed
 * method or a changed argument breaks the build. A `{ok:false}` response becomes an ApiError carrying the AppErrorData
 * (code, Italian message, fix, field, details) that forms show next to the field concerned.
 */
import type { ApiArgs, ApiMethod, ApiResult } from '../../core/api/contract';
import type { AppErrorData } from '../../core/errors';
import type { FieldError } from '../../core/invoicing/customers';
import { electronTransport, httpTransport, type Transport } from './transport';
import { takeTokenFromLocation, TOKEN_KEY } from './token';

export type { FieldError };

export class ApiError extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly field?: string;
  readonly details?: unknown;

  constructor(readonly data: AppErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.fix = data.fix;
    this.field = data.field;
    this.details = data.details;
  }

  /**
   * The errors tied to a field: `details` as FieldError[] (business rules), zod issues `{path, message}` (argument
   * validation) or the single `field`. `stripPrefix` removes the argument wrapper ("company.", "draft.").
   */
  fieldErrors(stripPrefix = ''): FieldError[] {
    const strip = (f: string) => (stripPrefix && f.startsWith(stripPrefix) ? f.slice(stripPrefix.length) : f);
    const out: FieldError[] = [];
    if (Array.isArray(this.details)) {
      for (const d of this.details as unknown[]) {
        if (!d || typeof d !== 'object') continue;
        const rec = d as Record<string, unknown>;
        const field = typeof rec.field === 'string' ? rec.field : typeof rec.path === 'string' ? rec.path : undefined;
        if (field === undefined || typeof rec.message !== 'string') continue;
        out.push({
          field: strip(field),
          code: typeof rec.code === 'string' ? rec.code : this.code,
          message: rec.message,
          fix: typeof rec.fix === 'string' ? rec.fix : undefined,
        });
      }
    }
    if (out.length === 0 && this.field) out.push({ field: strip(this.field), code: this.code, message: this.message, fix: this.fix });
    return out;
  }
}

let transport: Transport | null = null;

export function setTransport(t: Transport): void {
  transport = t;
}

/** Picks the transport of this window: the Electron bridge when present, otherwise the local web host. */
export function detectTransport(win: Window = window): Transport {
  if (win.fatturadesk) return electronTransport(win.fatturadesk);
  takeTokenFromLocation({ location: win.location, history: win.history, storage: win.sessionStorage });
  return httpTransport({
    baseUrl: '',
    token: () => win.sessionStorage.getItem(TOKEN_KEY),
    eventSource: typeof EventSource === 'function' ? EventSource : undefined,
  });
}

function currentTransport(): Transport {
  if (!transport) transport = detectTransport();
  return transport;
}

export function transportKind(): Transport['kind'] {
  return currentTransport().kind;
}

export async function call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const res = await currentTransport().invoke(method, args);
  if (res.ok) return res.result as ApiResult<M>;
  throw new ApiError(res.error);
}

/** Subscribes to a host event; returns the unsubscribe function. */
export function onEvent(name: string, cb: (payload: unknown) => void): () => void {
  return currentTransport().onEvent(name, cb);
}

/** Any thrown value as an ApiError, so views show one kind of message. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError({ code: 'ERRORE_INTERNO', message: `Errore imprevisto: ${message}`, fix: 'Riprova; se si ripete, contatta l’assistenza.' });
}
