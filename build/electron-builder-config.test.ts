/** The packaging configuration says what the product card requires, and every file it names exists and is sane. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseYamlSubset } from './yaml-subset';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const cfg = parseYamlSubset(source) as any;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('electron-builder.yml', () => {
  it('identifies the app and pins the Electron version of package.json', () => {
    expect(cfg.appId).toBe('it.fatturadesk.app');
    expect(cfg.productName).toBe('FatturaDesk');
    expect(cfg.electronVersion).toBe('41.10.0');
    const declared = pkg.devDependencies?.electron ?? pkg.optionalDependencies?.electron ?? pkg.dependencies?.electron;
    expect(String(declared).replace(/^[\^~]/, '')).toBe(cfg.electronVersion);
  });

  it('packages the built app and the production native modules, unpacked from the asar', () => {
    expect(cfg.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json', '!**/node_modules/electron/**']));
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(cfg.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/keytar/**']));
    expect(cfg.npmRebuild).toBe(true);
    // Never exclude a module main.cjs loads at run time.
    for (const pattern of cfg.files as string[]) expect(pattern).not.toMatch(/better-sqlite3|keytar|bindings/);
  });

  it('builds an assisted, per-user Italian NSIS installer for Windows', () => {
    expect(cfg.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(cfg.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      selectPerMachineByDefault: false,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      language: '1040',
      installerLanguages: ['it_IT'],
      multiLanguageInstaller: false,
      deleteAppDataOnUninstall: false,
    });
  });

  it('builds hardened-runtime DMGs for Intel and Apple silicon, in the finance category, notarized when credentials are set', () => {
    expect(cfg.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(cfg.mac.hardenedRuntime).toBe(true);
    expect(cfg.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(cfg.mac.category).toBe('public.app-category.finance');
    expect(cfg.mac.notarize).toBe(true);
    expect(source).toMatch(/APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER/);
    // The drag-to-install window: the app, and a link to /Applications beside it.
    expect(cfg.dmg.contents).toEqual([
      { x: 140, y: 190, type: 'file' },
      { x: 400, y: 190, type: 'link', path: '/Applications' },
    ]);
    expect(cfg.dmg.window).toEqual({ width: 540, height: 380 });
  });

  it('rebuilds native modules for Electron at packaging time, never at npm install', () => {
    expect(cfg).toMatchObject({ npmRebuild: true, buildDependenciesFromSource: false, nodeGypRebuild: false });
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[hook], hook).toBeUndefined();
    expect(JSON.stringify(pkg.scripts)).not.toMatch(/install-app-deps|electron-rebuild|@electron\/rebuild/);
    expect(pkg.scripts.dist).toMatch(/vite build .*&& node build\/build-electron\.mjs --minify && electron-builder --config electron-builder\.yml$/);
    expect(cfg.asarUnpack).toEqual(expect.arrayContaining(['**/*.node']));
  });

  it('packages no sources, tests or benchmarks', () => {
    expect(cfg.files).toEqual(expect.arrayContaining(['!**/*.test.*', '!**/*.{ts,mts,cts,tsx,vue}', '!**/{__tests__,test,tests,bench,e2e}/**', '!dist/**/*.map']));
    // What is included is only the build output and package.json.
    expect((cfg.files as string[]).filter((p) => !p.startsWith('!'))).toEqual(['dist/**/*', 'package.json']);
  });

  it('is a valid electron-builder 26 configuration, by electron-builder’s own schema check', async () => {
    // app-builder-lib is electron-builder's engine; its validator is what `electron-builder --config` runs first.
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
    const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
      getConfig(projectDir: string, configPath: string, configFromOptions: null): Promise<Record<string, unknown>>;
      validateConfiguration(config: Record<string, unknown>, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    expect((fromBuilder('app-builder-lib/package.json') as { version: string }).version).toMatch(/^26\./);
    const loaded = await getConfig(root, 'electron-builder.yml', null);
    const noDebug = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(loaded, noDebug)).resolves.toBeUndefined();
    // The loader read the same file this test parses.
    expect(loaded.appId).toBe(cfg.appId);
    expect(loaded.nsis).toEqual(cfg.nsis);
    // And the check is real: a misspelt option is refused.
    await expect(validateConfiguration({ ...loaded, nsis: { ...(loaded.nsis as object), perMachin: false } }, noDebug)).rejects.toThrow(/configuration\.nsis/);
  });

  it('associates .fdesk files and documents the (disabled) update feed', () => {
    expect(cfg.fileAssociations).toEqual([expect.objectContaining({ ext: 'fdesk', name: 'Azienda FatturaDesk' })]);
    expect(cfg.publish).toBeNull();
    expect(source).toMatch(/#\s+provider: generic\n#\s+url: https:\/\//);
    expect(source).toMatch(/latest\.yml .*latest-mac\.yml/);
    // The README tells how to build the installers on each system.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/## Installer/);
    expect(readme).toMatch(/npm run dist -- --win/);
    expect(readme).toMatch(/npm run dist -- --mac/);
  });

  it('turns off the Electron fuses that open Node entry points', () => {
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('files named by the configuration', () => {
  it('has a hardened-runtime entitlements plist with only the JIT exception', () => {
    const plist = readFileSync(join(root, cfg.mac.entitlements), 'utf8');
    expect(plist.startsWith('<?xml')).toBe(true);
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
  });

  it('has small, well-formed icons: 1024 px PNG, ICO with a 256 px entry, ICNS up to 1024 px', () => {
    const files = [cfg.linux.icon, cfg.win.icon, cfg.mac.icon] as string[];
    for (const f of files) {
      expect(existsSync(join(root, f)), f).toBe(true);
      expect(statSync(join(root, f)).size, f).toBeLessThan(200 * 1024);
    }
    const png = readFileSync(join(root, cfg.linux.icon));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);

    const ico = readFileSync(join(root, cfg.win.icon));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    const icns = readFileSync(join(root, cfg.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('ascii'));
    expect(types).toEqual(['ic07', 'ic08', 'ic09', 'ic10']);
  });
});
