/**
 * HTTP front of the sandbox SdI peer (core/sdi/SANDBOX-PROTOCOL.md), with Node's http only, bound to 127.0.0.1.
 * An upload is fully processed and persisted before its answer is sent, so an answered upload survives any crash.
 * Bodies are capped (MAX_BODY_BYTES); hostile input gets a 4xx answer and the server keeps running.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../core/errors';
import { SandboxSdi, type SandboxFamily, type SandboxLogEntry, type SandboxRules } from './sandbox';

export const SANDBOX_PROTOCOL_VERSION = '1';
/** Enough for a file well over the SdI's 5 MB limit in base64 (so 00003 can be answered), not for abuse. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Past this much drained input the connection is cut instead of answered. */
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;
const PREFIX = '/sdi/v1';

export interface StartSandboxOptions {
  /** 0 or absent: a free port. */
  port?: number;
  dir: string;
  host?: '127.0.0.1';
  family?: SandboxFamily;
  now?: () => Date;
  today?: () => string;
}

export interface SandboxSdiServer {
  /** Base URL, e.g. "http://127.0.0.1:41234"; the endpoints are under /sdi/v1. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Replaces the outcome rules (same as POST /sdi/v1/rules); returns them. */
  setRules(rules: SandboxRules): SandboxRules;
  rules(): SandboxRules;
  /** A supplier's invoice addressed to a company (same as POST /sdi/v1/inbox). */
  inject(fileName: string, bytes: Uint8Array): { identificativoSdI: string; fileName: string; metadataFileName: string };
  log(): { uploads: SandboxLogEntry[] };
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': json.length, 'cache-control': 'no-store' });
  res.end(json);
}

function sendError(res: ServerResponse, status: number, code: string, descrizione: string): void {
  send(res, status, { error: { code, descrizione } });
}

/** Reads the whole body, or rejects with 413 after draining what the client insists on sending. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        reject(new HttpError(413, 'RICHIESTA_TROPPO_GRANDE', 'Richiesta troppo grande.'));
        return;
      }
      if (size > MAX_BODY_BYTES) tooBig = true;
      if (!tooBig) chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooBig) reject(new HttpError(413, 'RICHIESTA_TROPPO_GRANDE', `Richiesta di ${size} byte: la sandbox accetta al massimo ${MAX_BODY_BYTES} byte per richiesta.`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'EI01', 'Il corpo della richiesta non è JSON valido.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'EI01', 'Il corpo della richiesta deve essere un oggetto JSON.');
  return value as Record<string, unknown>;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `{ fileName, base64 }` → name and bytes; EI01 for anything empty or undecodable. */
function fileFromBody(body: Record<string, unknown>): { fileName: string; bytes: Buffer } {
  const { fileName, base64 } = body;
  if (typeof fileName !== 'string' || fileName.trim() === '') throw new HttpError(400, 'EI01', 'Nome del file mancante.');
  if (typeof base64 !== 'string' || base64 === '') throw new HttpError(400, 'EI01', 'File vuoto.');
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) throw new HttpError(400, 'EI01', 'Il contenuto del file non è base64 valido.');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new HttpError(400, 'EI01', 'File vuoto.');
  return { fileName, bytes };
}

export async function startSandboxSdi(opts: StartSandboxOptions): Promise<SandboxSdiServer> {
  if (opts.host !== undefined && opts.host !== '127.0.0.1') throw new Error('la sandbox SdI ascolta solo su 127.0.0.1');
  const sandbox = new SandboxSdi({ dir: opts.dir, family: opts.family, now: opts.now, today: opts.today });
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Only local callers by name: a web page cannot reach the sandbox through DNS rebinding.
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, 'HOST_NON_AMMESSO', 'Host non ammesso.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!url.pathname.startsWith(`${PREFIX}/`)) throw new HttpError(404, 'NON_TROVATO', 'Percorso sconosciuto.');
    const path = url.pathname.slice(PREFIX.length);
    const method = req.method ?? 'GET';
    const allow = (m: string): void => {
      if (method !== m) throw new HttpError(405, 'METODO_NON_AMMESSO', `Metodo ${method} non ammesso su ${url.pathname}.`);
    };

    if (path === '/health') {
      allow('GET');
      return send(res, 200, { ok: true, version: SANDBOX_PROTOCOL_VERSION });
    }
    if (path === '/files') {
      allow('POST');
      const { fileName, bytes } = fileFromBody(await readJson(req));
      return send(res, 200, sandbox.receive(fileName, bytes));
    }
    if (path.startsWith('/files/')) {
      allow('GET');
      let name: string;
      try {
        name = decodeURIComponent(path.slice('/files/'.length));
      } catch {
        throw new HttpError(400, 'NOME_FILE_NON_VALIDO', 'Nome file non codificato correttamente nell’indirizzo.');
      }
      const found = sandbox.lookup(name);
      if (!found) throw new HttpError(404, 'NON_TROVATO', `Nessun file ricevuto con nome ${name}.`);
      return send(res, 200, found);
    }
    if (path === '/updates') {
      allow('GET');
      return send(res, 200, sandbox.updates(url.searchParams.get('sender') ?? undefined, url.searchParams.get('after') ?? undefined));
    }
    if (path === '/rules') {
      if (method === 'GET') return send(res, 200, { rules: sandbox.getRules() });
      allow('POST');
      return send(res, 200, { rules: sandbox.setRules(await readJson(req)) });
    }
    if (path === '/inbox') {
      allow('POST');
      const { fileName, bytes } = fileFromBody(await readJson(req));
      return send(res, 200, sandbox.inject(fileName, bytes));
    }
    if (path === '/log') {
      allow('GET');
      return send(res, 200, sandbox.log());
    }
    throw new HttpError(404, 'NON_TROVATO', 'Percorso sconosciuto.');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (e instanceof HttpError) return sendError(res, e.status, e.code, e.message);
      if (e instanceof AppError) return sendError(res, 400, e.code, e.message);
      // Anything else is the sandbox's own failure (disk full...): EI02 "servizio non disponibile", retry later.
      sendError(res, 500, 'EI02', `Servizio non disponibile: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  server.headersTimeout = 60_000;
  server.requestTimeout = 300_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    setRules: (rules) => sandbox.setRules(rules),
    rules: () => sandbox.getRules(),
    inject: (fileName, bytes) => sandbox.inject(fileName, bytes),
    log: () => sandbox.log(),
  };
}
