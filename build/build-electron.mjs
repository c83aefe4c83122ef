#!/usr/bin/env node
/**
 * Bundles the Electron main process and preload with esbuild:
 *   electron/main.ts    → dist/electron/main.cjs     (Node/Electron main; native modules and electron stay external)
 *   electron/preload.ts → dist/electron/preload.cjs  (sandboxed preload: may require only 'electron', checked below)
 * The preload gets the contract's method names inlined (__FATTURADESK_API_METHODS__), so it does not carry zod.
 * Usage: node build/build-electron.mjs [--minify]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Native or Electron-provided at run time; everything else is bundled. */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'keytar'];
/** Electron (41) runs Node 22 or later in the main process and Chromium for the preload. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome130';

/** The method names of core/api/contract.ts, loaded through tsx (the one place they are declared). */
export async function loadApiMethods() {
  const { tsImport } = await import('tsx/esm/api');
  const contract = await tsImport(pathToFileURL(join(root, 'core', 'api', 'contract.ts')).href, import.meta.url);
  const methods = contract.apiMethods;
  if (!Array.isArray(methods) || methods.length === 0) throw new Error('apiMethods non trovato in core/api/contract.ts');
  return methods;
}

/** Fails when a bundle requires something the place it runs cannot provide. */
export function checkRequires(file, allowed) {
  const code = readFileSync(file, 'utf8');
  const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  const bad = [...new Set(required.filter((name) => !allowed(name)))];
  if (bad.length) throw new Error(`${file} richiede moduli non disponibili: ${bad.join(', ')}`);
  return required;
}

const isNodeBuiltin = (name) => name.startsWith('node:') || ['fs', 'path', 'os', 'url', 'crypto', 'events', 'util', 'stream', 'zlib', 'buffer', 'child_process', 'worker_threads', 'module', 'assert', 'string_decoder', 'timers', 'tty', 'net', 'http', 'https', 'process'].includes(name.split('/')[0]);

export async function buildPreload({ outDir = join(root, 'dist', 'electron'), minify = false } = {}) {
  const methods = await loadApiMethods();
  const outfile = join(outDir, 'preload.cjs');
  await build({
    entryPoints: [join(root, 'electron', 'preload.ts')],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
    define: { __FATTURADESK_API_METHODS__: JSON.stringify(methods) },
    minify,
    sourcemap: minify ? false : 'linked',
    logLevel: 'warning',
  });
  checkRequires(outfile, (name) => name === 'electron');
  return outfile;
}

export async function buildMain({ outDir = join(root, 'dist', 'electron'), minify = false } = {}) {
  const outfile = join(outDir, 'main.cjs');
  await build({
    entryPoints: [join(root, 'electron', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: MAIN_EXTERNALS,
    // Bundled ESM code that asks for its own URL gets the bundle's (CommonJS has no import.meta).
    define: { 'import.meta.url': '__fdImportMetaUrl' },
    banner: { js: 'const __fdImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    minify,
    sourcemap: minify ? false : 'linked',
    logLevel: 'warning',
  });
  checkRequires(outfile, (name) => MAIN_EXTERNALS.includes(name) || isNodeBuiltin(name));
  return outfile;
}

export async function buildElectron(opts = {}) {
  const [main, preload] = await Promise.all([buildMain(opts), buildPreload(opts)]);
  return { main, preload };
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const minify = process.argv.includes('--minify');
  try {
    const out = await buildElectron({ minify });
    console.log(`Electron compilato: ${out.main}, ${out.preload}`);
  } catch (e) {
    console.error(`Compilazione di Electron non riuscita: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
    console.log('Nota: manca dist/renderer (l’interfaccia): `npm start` la compila, oppure `npx vite build --config renderer/vite.config.ts`.');
  }
}
