/**
 * Serves the built renderer (dist/renderer) to the local web host and to Electron's app protocol, with the same rules:
 * only files inside the root (no `..`, no encoded tricks, no dotfiles, no symlink escapes), the right content type,
 * index.html for client-side routes, and the security headers of host/csp.ts on every answer.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { SECURITY_HEADERS } from './csp';

export interface StaticResponse {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Splits a URL path (still percent-encoded, without query) into safe segments, or returns null when the path could
 * leave the root or name something hidden. Decoding happens once, and only here, so `%2e%2e%2f` is seen as `../`.
 */
export function safeSegments(rawPath: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  for (const s of segments) {
    // '.' and '..' climb; dotfiles are never part of a build; ':' is a drive letter or an NTFS stream on Windows.
    if (s.startsWith('.') || s.includes(':')) return null;
  }
  return segments;
}

function text(status: 404, message: string): StaticResponse {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: Buffer.from(message, 'utf8'),
  };
}

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function fileAt(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Hashed build output (Vite's assets/) never changes under the same name; everything else is revalidated. */
function cacheControlFor(segments: string[], isIndex: boolean): string {
  if (isIndex) return 'no-store';
  return segments[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * The answer for a GET of `rawPath` under `root`. A path without an extension that names no file is a client-side
 * route and gets index.html; a missing file with an extension is a 404 (a missing script must not come back as HTML).
 */
export async function serveStatic(root: string, rawPath: string): Promise<StaticResponse> {
  const segments = safeSegments(rawPath);
  if (!segments) return text(404, 'Risorsa non trovata.');
  const rootReal = await realpath(root).catch(() => null);
  if (!rootReal) return text(404, 'L’interfaccia non è stata compilata: esegui `npm run serve` o `npm start`.');

  let target = join(rootReal, ...segments);
  let isIndex = segments.length === 0;
  if (!isInside(rootReal, target)) return text(404, 'Risorsa non trovata.');
  if (isIndex || !(await fileAt(target))) {
    const last = segments[segments.length - 1] ?? '';
    if (!isIndex && extname(last) !== '') return text(404, 'Risorsa non trovata.');
    target = join(rootReal, 'index.html');
    isIndex = true;
  }

  // A symlink inside the build must not lead outside it.
  const real = await realpath(target).catch(() => null);
  if (!real || !isInside(rootReal, real)) return text(404, 'Risorsa non trovata.');
  const body = await readFile(real).catch(() => null);
  if (!body) return text(404, 'Risorsa non trovata.');
  return {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(real),
      'Cache-Control': cacheControlFor(segments, isIndex || real.endsWith(`${sep}index.html`)),
    },
    body,
  };
}
