/** The packaging configuration says what the product card requires, and every file it names exists and is sane. */
import { existsSync, readFileSync, statSync } from 'node:fs';
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
    expect(cfg.nsis.oneClick).toBe(false);
    expect(cfg.nsis.perMachine).toBe(false);
    expect(cfg.nsis.language).toBe('1040');
    expect(cfg.nsis.installerLanguages).toEqual(['it_IT']);
  });

  it('builds hardened-runtime DMGs for Intel and Apple silicon, in the finance category', () => {
    expect(cfg.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(cfg.mac.hardenedRuntime).toBe(true);
    expect(cfg.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(cfg.mac.category).toBe('public.app-category.finance');
  });

  it('associates .fdesk files and documents the (disabled) update feed', () => {
    expect(cfg.fileAssociations).toEqual([expect.objectContaining({ ext: 'fdesk', name: 'Azienda FatturaDesk' })]);
    expect(cfg.publish).toBeNull();
    expect(source).toMatch(/#\s+provider: generic\n#\s+url: https:\/\//);
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
