#!/usr/bin/env node
/**
 * `npm run serve [-- --port N]`: FatturaDesk in the browser. Builds the renderer when dist/renderer is missing or older
 * than its sources, starts the local web host on 127.0.0.1 with the app's API, and prints an Italian line followed by
 * the URL alone on its own line (tests and scripts read that line). Ctrl+C closes the host and the company files.
 * Build output goes to stderr, so stdout carries only those lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const rendererDist = join(root, 'dist', 'renderer');

/** What the renderer bundle is made of: its own folder and the shared code it imports from core/ and electron/. */
const RENDERER_SOURCES = ['renderer', 'core', join('electron', 'app-events.ts'), join('electron', 'bridge-types.ts'), 'package-lock.json'];

function newestMtime(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function rendererIsStale() {
  const index = join(rendererDist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return RENDERER_SOURCES.some((p) => newestMtime(join(root, p)) > built);
}

/** Runs `vite build` with this Node (no shell, so the same on Windows, macOS and Linux). */
export function ensureRendererBuilt({ force = false } = {}) {
  if (!force && !rendererIsStale()) return;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error('Vite non è installato: esegui `npm install`.');
  console.error('Compilo l’interfaccia (vite build)…');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join('renderer', 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (r.status !== 0) throw new Error('La compilazione dell’interfaccia non è riuscita (vedi i messaggi sopra).');
}

/** `--port N` or `--port=N`; absent or 0 means a free port chosen by the system. */
export function parsePort(argv) {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i < 0) return 0;
  const raw = argv[i].includes('=') ? argv[i].slice('--port='.length) : argv[i + 1];
  const port = Number(raw);
  if (!/^\d+$/.test(raw ?? '') || port > 65535) throw new Error(`Porta non valida: ${raw ?? '(mancante)'}. Usa un numero da 1 a 65535.`);
  return port;
}

/**
 * Starts the web host and keeps it running until Ctrl+C. `onReady(url)` runs once the URL is printed
 * (npm start uses it to open the browser).
 */
export async function runServe({ port = 0, onReady } = {}) {
  ensureRendererBuilt();
  // One tsx loader for all the TypeScript, so host/app.ts and host/web-host.ts share the same core modules.
  const { register } = await import('tsx/esm/api');
  register();
  const ts = (p) => import(pathToFileURL(join(root, p)).href);
  const [{ createAppApi }, { defaultDataDir }, { startWebHost }] = await Promise.all([
    ts('host/app.ts'),
    ts('host/paths.ts'),
    ts('host/web-host.ts'),
  ]);

  // Automatic backups as in the desktop app (daily, checked at open and every hour).
  const api = createAppApi({ host: 'web', dataDir: defaultDataDir(), automaticBackups: true });
  let host;
  try {
    host = await startWebHost({ port, api, staticDir: rendererDist });
  } catch (e) {
    api.close();
    throw e;
  }

  // Core's events (job progress and end) reach the page over /api/events. A bad event must not break the job.
  api.subscribe({
    publish: (event, data) => {
      try {
        host.publish(event, data);
      } catch (e) {
        console.error(`Evento non inviato (${String(event)}): ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  });

  console.log('FatturaDesk è pronto. Apri questo indirizzo nel browser (vale solo finché questa finestra resta aperta):');
  console.log(host.url);
  onReady?.(host.url);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await host.close();
    } finally {
      api.close();
    }
    console.error('FatturaDesk chiuso.');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return host;
}

function fail(e) {
  const message = e && typeof e === 'object' && 'message' in e ? e.message : String(e);
  const fix = e && typeof e === 'object' && 'fix' in e && e.fix ? ` ${e.fix}` : '';
  console.error(`Errore: ${message}${fix}`);
  process.exit(1);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    await runServe({ port: parsePort(process.argv.slice(2)) });
  } catch (e) {
    fail(e);
  }
}

export { fail };
