#!/usr/bin/env node
/**
 * `npm start`: the desktop app when Electron (package and binary) is installed; otherwise one Italian line and the
 * same as `npm run serve`, opening the system browser (`--no-browser` only prints the address). No shell involved, so
 * it behaves the same on Windows and macOS.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildElectron } from './build-electron.mjs';
import { ensureRendererBuilt, fail, parsePort, root, runServe } from './serve.mjs';

/** The Electron executable, or null when the package or its downloaded binary is missing. */
export function findElectron() {
  try {
    // The electron package exports the path of its binary, and throws when the binary was never downloaded.
    const path = createRequire(join(root, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Best effort: the user can always copy the printed URL. */
export function openInBrowser(url) {
  const [cmd, args, extra] =
    process.platform === 'win32'
      ? // `start` is a cmd built-in; the empty title argument keeps it from taking the URL as the window title.
        ['cmd.exe', ['/d', '/s', '/c', `start "" "${url}"`], { windowsVerbatimArguments: true }]
      : process.platform === 'darwin'
        ? ['open', [url], {}]
        : ['xdg-open', [url], {}];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, ...extra });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser opener on this system.
  }
}

async function startElectron(electronPath, args) {
  ensureRendererBuilt();
  await buildElectron();
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electronPath, ['.', ...args], { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    const args = process.argv.slice(2);
    const electron = findElectron();
    if (electron) {
      await startElectron(electron, args.filter((a) => a !== '--no-browser'));
    } else {
      console.log('Electron non è disponibile su questo computer: FatturaDesk si apre nel browser.');
      const port = parsePort(args);
      await runServe({ port, onReady: args.includes('--no-browser') ? undefined : openInBrowser });
    }
  } catch (e) {
    fail(e);
  }
}
