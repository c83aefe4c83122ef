import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers, type DispatchContext } from '../core/api/dispatch';
import type { ApiResponse } from '../core/api/define';
import { CONTENT_SECURITY_POLICY } from './csp';
import { MAX_BODY_BYTES, newToken, startWebHost, tokenMatches, TOKEN_HEADER, type WebHost } from './web-host';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP, so paths like /../x reach the server exactly as written (fetch would normalise them first). */
function send(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: () => Iterable<Buffer> },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.chunks) {
      const it = opts.chunks()[Symbol.iterator]();
      const pump = () => {
        for (let n = it.next(); !n.done; n = it.next()) if (!req.write(n.value)) return void req.once('drain', pump);
        req.end();
      };
      pump();
    } else req.end(opts.body);
  });
}

const calls: Array<{ method: unknown; args: unknown }> = [];
const fakeApi = {
  async call(method: unknown, args: unknown): Promise<ApiResponse<unknown>> {
    calls.push({ method, args });
    if (method === 'app.info') return { ok: true, result: { version: '0.1.0', echo: args ?? null } };
    return { ok: false, error: { code: 'METODO_SCONOSCIUTO', message: `Operazione sconosciuta: ${String(method)}` } };
  },
};

let dir: string;
let staticDir: string;
let host: WebHost;
const token = newToken();
const auth = { [TOKEN_HEADER]: token, 'content-type': 'application/json' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fd-webhost-'));
  staticDir = join(dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>FatturaDesk</title><div id="app"></div>');
  writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log("app")');
  writeFileSync(join(staticDir, 'assets', 'app-1234.css'), 'body{margin:0}');
  writeFileSync(join(staticDir, '.env'), 'HIDDEN=1');
  writeFileSync(join(dir, 'secret.txt'), 'SEGRETO-FUORI-DALLA-RADICE');
  symlinkSync(join(dir, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
  host = await startWebHost({ api: fakeApi, staticDir, token });
});

afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startWebHost: binding and token', () => {
  it('binds 127.0.0.1 only and prints a URL with the token in the fragment', async () => {
    expect(host.address).toBe('127.0.0.1');
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${token}`);
    // On Linux all of 127/8 is loopback: a server on 0.0.0.0 would answer on 127.0.0.2, one on 127.0.0.1 must not.
    const reached = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.2', port: host.port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });

  it('creates a fresh 32-byte base64url token per run when none is given', async () => {
    const a = newToken();
    const b = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    const other = await startWebHost({ api: fakeApi, staticDir });
    try {
      expect(other.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(other.token).not.toBe(token);
    } finally {
      await other.close();
    }
  });

  it('refuses a weak fixed token', async () => {
    await expect(startWebHost({ api: fakeApi, staticDir, token: 'corto' })).rejects.toMatchObject({ code: 'TOKEN_DEBOLE' });
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(tokenMatches(token + 'x', token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
  });

  it('answers 401 to an API call without the token or with a wrong one, and never calls the API', async () => {
    const before = calls.length;
    const missing = await send(host.port, { method: 'POST', path: '/api/app.info', body: '{}' });
    const wrong = await send(host.port, { method: 'POST', path: '/api/app.info', headers: { [TOKEN_HEADER]: newToken() }, body: '{}' });
    for (const r of [missing, wrong]) {
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'TOKEN_NON_VALIDO' } });
    }
    expect(calls.length).toBe(before);
  });

  it('answers 403 when the Origin is not its own, including "null"', async () => {
    for (const origin of ['http://evil.example', 'null', `http://localhost:${host.port}`, `https://127.0.0.1:${host.port}`]) {
      const r = await send(host.port, { method: 'POST', path: '/api/app.info', headers: { ...auth, origin }, body: '{}' });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body).error.code).toBe('ORIGINE_NON_CONSENTITA');
    }
    const own = await send(host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { ...auth, origin: `http://127.0.0.1:${host.port}` },
      body: '{}',
    });
    expect(own.status).toBe(200);
  });

  it('answers 403 to a request naming another host (DNS rebinding)', async () => {
    const r = await send(host.port, { path: '/', headers: { host: `attacker.example:${host.port}` } });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('HOST_NON_CONSENTITO');
  });
});

describe('startWebHost: API calls', () => {
  it('passes the JSON body as args and returns the ApiResponse with 200', async () => {
    const r = await send(host.port, { method: 'POST', path: '/api/app.info', headers: auth, body: JSON.stringify({ a: 1 }) });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(r.body)).toEqual({ ok: true, result: { version: '0.1.0', echo: { a: 1 } } });
    expect(calls.at(-1)).toEqual({ method: 'app.info', args: { a: 1 } });
  });

  it('treats an empty body as no arguments', async () => {
    const r = await send(host.port, { method: 'POST', path: '/api/app.info', headers: auth });
    expect(JSON.parse(r.body)).toEqual({ ok: true, result: { version: '0.1.0', echo: null } });
  });

  it('answers 400 with an Italian message to malformed JSON, without calling the API', async () => {
    const before = calls.length;
    const r = await send(host.port, { method: 'POST', path: '/api/app.info', headers: auth, body: '{"a":' });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ ok: false, error: { code: 'JSON_NON_VALIDO' } });
    expect(body.error.message).toBe('Il corpo della richiesta non è JSON valido.');
    expect(calls.length).toBe(before);
  });

  it('answers 413 when the declared body is over 25 MB, without reading it', async () => {
    const before = calls.length;
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: '/api/app.info',
          headers: { ...auth, 'content-length': String(MAX_BODY_BYTES + 1) },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }));
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('RICHIESTA_TROPPO_GRANDE');
    expect(calls.length).toBe(before);
  });

  it('answers 413 when a chunked body grows over 25 MB', async () => {
    const before = calls.length;
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const r = await send(host.port, {
      method: 'POST',
      path: '/api/app.info',
      headers: { ...auth, 'transfer-encoding': 'chunked' },
      chunks: function* () {
        for (let i = 0; i < 26; i++) yield chunk;
      },
    });
    expect(r.status).toBe(413);
    expect(calls.length).toBe(before);
  });

  it('answers 405 to a wrong verb and 404 to paths that name no method', async () => {
    const get = await send(host.port, { path: '/api/app.info', headers: auth });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const del = await send(host.port, { method: 'DELETE', path: '/' });
    expect(del.status).toBe(405);
    for (const path of ['/api', '/api/', '/api/app/info']) {
      const r = await send(host.port, { method: 'POST', path, headers: auth, body: '{}' });
      expect(r.status, path).toBe(404);
    }
  });

  it('with the real dispatcher, an unknown method and invalid args come back as ApiResponse errors (200)', async () => {
    // No handler is ever reached: the dispatcher refuses both before dispatching.
    const dispatcher = createDispatcher({} as Handlers<DispatchContext>);
    const ctx: DispatchContext = { hasCompany: () => false };
    const real = await startWebHost({ api: { call: (m, a) => dispatcher.call(m, a, ctx) }, staticDir });
    try {
      const headers = { [TOKEN_HEADER]: real.token };
      const unknown = await send(real.port, { method: 'POST', path: '/api/documenti.cancellaTutto', headers, body: '{}' });
      expect(unknown.status).toBe(200);
      expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'METODO_SCONOSCIUTO' } });
      const invalid = await send(real.port, { method: 'POST', path: '/api/companies.open', headers, body: '{"file":""}' });
      expect(invalid.status).toBe(200);
      expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'ARGOMENTI_NON_VALIDI', field: 'file' } });
    } finally {
      await real.close();
    }
  });
});

describe('startWebHost: static files', () => {
  it('serves index.html at / with the security headers and no-store', async () => {
    const r = await send(host.port, { path: '/' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>FatturaDesk</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('serves assets with their content type and index.html for client-side routes', async () => {
    const js = await send(host.port, { path: '/assets/app-1234.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("app")');
    const css = await send(host.port, { path: '/assets/app-1234.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const route = await send(host.port, { path: '/documenti/42?filtro=bozze' });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<div id="app">');
    const missing = await send(host.port, { path: '/assets/missing.js' });
    expect(missing.status).toBe(404);
    const head = await send(host.port, { method: 'HEAD', path: '/' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('refuses directory traversal, encoded or not, symlinks out of the root and dotfiles', async () => {
    const attempts = [
      '/../secret.txt',
      '/../package.json',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/%252e%252e/secret.txt',
      '/assets/%00.js',
      '/assets/link.txt',
      '/.env',
      '/%2eenv',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const r = await send(host.port, { path });
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('SEGRETO');
      expect(r.body, path).not.toContain('HIDDEN');
    }
  });
});

describe('startWebHost: server-sent events', () => {
  it('refuses a stream without the token', async () => {
    const r = await send(host.port, { path: '/api/events' });
    expect(r.status).toBe(401);
  });

  it('delivers a published event to an open stream, and close() ends it', async () => {
    const frames = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: `/api/events?token=${token}` }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          const first = text === '';
          text += c;
          if (first && text.includes(': connesso')) host.publish('job:progress', { done: 1, total: 2, label: 'riga\nnuova' });
          if (text.includes('event: job:progress')) resolve(text);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    const frame = frames.split('\n\n').find((f) => f.includes('event: job:progress'))!;
    const data = frame.split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(data.slice('data: '.length))).toEqual({ done: 1, total: 2, label: 'riga\nnuova' });
  });

  it('refuses an event name that could break the stream framing', () => {
    expect(() => host.publish('x\ndata: forged', 1)).toThrow(/Nome di evento non valido/);
    expect(() => host.publish('', 1)).toThrow();
  });

  it('close() ends open streams and stops listening', async () => {
    const other = await startWebHost({ api: fakeApi, staticDir });
    const ended = new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port: other.port, path: `/api/events?token=${other.token}` }, (res) => {
        res.once('data', () => void other.close());
        res.on('end', () => resolve(true));
        res.on('error', () => resolve(true));
      });
      req.end();
    });
    expect(await ended).toBe(true);
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: other.port });
      s.once('connect', () => (s.destroy(), resolve(false)));
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it('reports a busy port in Italian', async () => {
    await expect(startWebHost({ api: fakeApi, staticDir, port: host.port })).rejects.toMatchObject({
      code: 'PORTA_OCCUPATA',
      message: `La porta ${host.port} è già in uso.`,
    });
  });
});
