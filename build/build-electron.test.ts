import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiMethods } from '../core/api/contract';

interface BuildElectronModule {
  buildPreload(opts: { outDir: string }): Promise<string>;
  buildMain(opts: { outDir: string }): Promise<string>;
  checkRequires(file: string, allowed: (name: string) => boolean): string[];
  MAIN_EXTERNALS: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
let mod: BuildElectronModule;
let outDir = '';

beforeAll(async () => {
  mod = (await import(pathToFileURL(join(here, 'build-electron.mjs')).href)) as BuildElectronModule;
  outDir = mkdtempSync(join(tmpdir(), 'fd-electron-build-'));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('build-electron', () => {
  it('bundles a small sandbox-safe preload with every contract method inlined', async () => {
    const file = await mod.buildPreload({ outDir });
    const code = readFileSync(file, 'utf8');
    expect(mod.checkRequires(file, () => true)).toEqual(['electron']);
    for (const m of apiMethods) expect(code).toContain(JSON.stringify(m));
    // The argument schemas stay in the main process: no zod in the renderer's preload.
    expect(code).not.toMatch(/ZodError|zod/i);
    expect(code.length).toBeLessThan(20_000);
    expect(code).toContain('exposeInMainWorld');
  });

  it('bundles the main process with only Electron, the native modules and Node built-ins left external', async () => {
    const file = await mod.buildMain({ outDir });
    const required = mod.checkRequires(file, () => true);
    expect(required).toContain('electron');
    for (const name of required) {
      expect(mod.MAIN_EXTERNALS.includes(name) || name.startsWith('node:') || !name.includes('/'), name).toBe(true);
    }
    const code = readFileSync(file, 'utf8');
    for (const wiring of ['requestSingleInstanceLock', 'registerSchemesAsPrivileged', 'setPermissionRequestHandler', 'setWindowOpenHandler']) {
      expect(code, wiring).toContain(wiring);
    }
  });

  it('refuses a bundle that requires a module its sandbox cannot load', () => {
    const file = join(outDir, 'bad.cjs');
    writeFileSync(file, 'const fs = require("fs"); const e = require("electron");');
    expect(() => mod.checkRequires(file, (n) => n === 'electron')).toThrow(/richiede moduli non disponibili: fs/);
  });
});
