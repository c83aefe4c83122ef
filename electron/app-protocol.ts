/**
 * Serves the built renderer on fatturadesk://app/ (see app-origin.ts for why a custom scheme): the same file rules and
 * security headers (CSP included) as the web host, via host/static.ts. Read-only: anything but GET/HEAD is refused.
 */
import { serveStatic } from '../host/static';
import { APP_HOST } from './app-origin';

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Risorsa non trovata.', { status: 404 });
    const file = await serveStatic(rendererDir, url.pathname);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), { status: file.status, headers: file.headers });
  };
}
