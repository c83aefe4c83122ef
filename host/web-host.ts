/**
 * The local web host of browser mode: the renderer's files and the API over HTTP on 127.0.0.1 only, guarded by a
 * per-run token (sent as a header; the page gets it in the URL fragment, which never reaches a server log or a
 * referrer) and by an Origin check, so no other web page the user visits can drive FatturaDesk.
 *
 * Protocol (the renderer's HTTP transport codes against it):
 *   POST /api/<method>   body = JSON args, header x-fatturadesk-token → 200 with the ApiResponse (ok or error)
 *   GET  /api/events?token=…   Server-Sent Events; `publish(event, data)` sends to every open stream
 *   GET  /…              files of the built renderer, index.html for client-side routes
 * Errors: 401 token, 403 origin/host, 404 path, 405 verb, 413 body over 25 MB, 400 malformed JSON; each body is an
 * ApiResponse error with an Italian message.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiResponse } from '../core/api/define';
import { AppError, toErrorData, type AppErrorData } from '../core/errors';
import { SECURITY_HEADERS } from './csp';
import { serveStatic } from './static';

export const TOKEN_HEADER = 'x-fatturadesk-token';
export const MAX_BODY_BYTES = 25 * 1024 * 1024;
/** Comments keep idle event streams open through anything that times out quiet connections. */
const SSE_HEARTBEAT_MS = 25_000;
const EVENT_NAME = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$/;

export interface WebHostApi {
  call(method: string, args: unknown): Promise<ApiResponse<unknown>>;
}

export interface WebHostOptions {
  /** 0 or absent: a free port chosen by the system. */
  port?: number;
  api: WebHostApi;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Tests pass a fixed token; otherwise a fresh one per run. */
  token?: string;
}

export interface WebHost {
  /** What to open: http://127.0.0.1:PORT/#token=TOKEN */
  url: string;
  /** The address the server is bound to (always 127.0.0.1). */
  address: string;
  port: number;
  token: string;
  /** Sends one Server-Sent Event to every open /api/events stream. */
  publish(event: string, data: unknown): void;
  close(): Promise<void>;
}

/** 32 random bytes, base64url: unguessable, and safe in a URL fragment and a header. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first gives both sides the same length, so the length does not leak either. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(json)),
    ...extra,
  });
  res.end(json);
}

function sendError(res: ServerResponse, status: number, error: AppErrorData, extra?: Record<string, string>): void {
  const body: ApiResponse<never> = { ok: false, error };
  sendJson(res, status, body, extra);
}

const ERR = {
  host: (): AppErrorData => ({
    code: 'HOST_NON_CONSENTITO',
    message: 'Richiesta rifiutata: indirizzo del server non riconosciuto.',
    fix: 'Apri FatturaDesk dall’indirizzo http://127.0.0.1 stampato da `npm run serve`.',
  }),
  origin: (): AppErrorData => ({
    code: 'ORIGINE_NON_CONSENTITA',
    message: 'Richiesta rifiutata: proviene da una pagina che non è FatturaDesk.',
    fix: 'Usa FatturaDesk solo dall’indirizzo stampato da `npm run serve`.',
  }),
  token: (): AppErrorData => ({
    code: 'TOKEN_NON_VALIDO',
    message: 'Sessione non autorizzata: il codice di accesso manca o non è valido.',
    fix: 'Riapri l’indirizzo completo stampato da `npm run serve` (quello con #token=…).',
  }),
  notFound: (): AppErrorData => ({ code: 'RISORSA_NON_TROVATA', message: 'Risorsa non trovata.' }),
  verb: (allow: string): AppErrorData => ({
    code: 'METODO_HTTP_NON_CONSENTITO',
    message: `Metodo HTTP non consentito: usa ${allow}.`,
  }),
  tooLarge: (): AppErrorData => ({
    code: 'RICHIESTA_TROPPO_GRANDE',
    message: `Richiesta troppo grande: il limite è ${MAX_BODY_BYTES / (1024 * 1024)} MB.`,
    fix: 'Dividi il lavoro in parti più piccole (per esempio importa meno file alla volta).',
  }),
  badJson: (): AppErrorData => ({
    code: 'JSON_NON_VALIDO',
    message: 'Il corpo della richiesta non è JSON valido.',
    fix: 'Invia gli argomenti dell’operazione come oggetto JSON.',
  }),
};

type BodyResult = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

/** Reads at most `limit` bytes; past it, the rest is drained and dropped so the client can still read the 413. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle({ kind: 'ok', body: Buffer.concat(chunks, size) }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? newToken();
  if (token.length < 32) throw new AppError({ code: 'TOKEN_DEBOLE', message: 'Il codice di accesso deve avere almeno 32 caratteri.' });
  const streams = new Set<ServerResponse>();
  let eventId = 0;
  let port = 0;
  const ownHost = () => `127.0.0.1:${port}`;
  const ownOrigin = () => `http://${ownHost()}`;

  async function handleApiCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, ERR.verb('POST'), { Allow: 'POST' });
    const headerToken = req.headers[TOKEN_HEADER];
    if (!tokenMatches(Array.isArray(headerToken) ? undefined : headerToken, token)) return sendError(res, 401, ERR.token());
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      // Not reading a declared-too-large body at all; closing tells the client not to send the rest on this socket.
      return sendError(res, 413, ERR.tooLarge(), { Connection: 'close' });
    }
    const read = await readBody(req, MAX_BODY_BYTES);
    if (read.kind === 'aborted') return;
    if (read.kind === 'too-large') return sendError(res, 413, ERR.tooLarge());
    let args: unknown;
    const text = read.body.toString('utf8');
    if (text.trim() !== '') {
      try {
        args = JSON.parse(text);
      } catch {
        return sendError(res, 400, ERR.badJson());
      }
    }
    let response: ApiResponse<unknown>;
    try {
      response = await opts.api.call(method, args);
    } catch (e) {
      return sendError(res, 500, toErrorData(e));
    }
    sendJson(res, 200, response);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (req.method !== 'GET') return sendError(res, 405, ERR.verb('GET'), { Allow: 'GET' });
    const headerToken = req.headers[TOKEN_HEADER];
    const given = query.get('token') ?? (Array.isArray(headerToken) ? undefined : headerToken);
    if (!tokenMatches(given ?? undefined, token)) return sendError(res, 401, ERR.token());
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n: connesso\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, ERR.verb('GET'), { Allow: 'GET, HEAD' });
    const file = await serveStatic(opts.staticDir, rawPath);
    res.writeHead(file.status, { ...file.headers, 'Content-Length': String(file.body.length) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a hostile page whose domain resolves to 127.0.0.1 still sends its own name as Host.
    if (req.headers.host !== ownHost()) return sendError(res, 403, ERR.host());
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== ownOrigin()) return sendError(res, 403, ERR.origin());
    const rawUrl = req.url ?? '/';
    if (!rawUrl.startsWith('/')) return sendError(res, 404, ERR.notFound());
    const q = rawUrl.indexOf('?');
    const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');

    if (rawPath === '/api' || rawPath.startsWith('/api/')) {
      const rest = rawPath.slice('/api/'.length);
      if (rest === 'events') return handleEvents(req, res, query);
      let method: string;
      try {
        method = decodeURIComponent(rest);
      } catch {
        return sendError(res, 404, ERR.notFound());
      }
      if (method === '' || method.includes('/') || method.length > 100) return sendError(res, 404, ERR.notFound());
      return handleApiCall(req, res, method);
    }
    return handleStatic(req, res, rawPath);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, toErrorData(e));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') {
        reject(
          new AppError({
            code: 'PORTA_OCCUPATA',
            message: `La porta ${opts.port} è già in uso.`,
            fix: 'Chiudi l’altro programma o scegli un’altra porta con --port.',
          }),
        );
      } else reject(e);
    };
    server.once('error', onError);
    server.listen({ host: '127.0.0.1', port: opts.port ?? 0 }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  port = bound.port;

  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, SSE_HEARTBEAT_MS);
  heartbeat.unref();

  function publish(event: string, data: unknown): void {
    // A newline in the name would let data forge extra SSE fields; JSON.stringify never emits a raw newline.
    if (!EVENT_NAME.test(event)) throw new Error(`Nome di evento non valido: ${JSON.stringify(event)}`);
    const frame = `id: ${++eventId}\nevent: ${event}\ndata: ${JSON.stringify(data ?? null)}\n\n`;
    for (const s of streams) s.write(frame);
  }

  async function close(): Promise<void> {
    clearInterval(heartbeat);
    for (const s of streams) s.end();
    streams.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  return { url: `http://127.0.0.1:${port}/#token=${token}`, address: bound.address, port, token, publish, close };
}
