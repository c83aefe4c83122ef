/**
 * The Electron security checklist (electronjs.org/docs/latest/tutorial/security), asserted in one place. Each rule
 * has its own module and tests beside it; this file checks that the whole list holds together and that main.ts,
 * preload.ts and the packaging actually wire every rule in:
 *   1-3  only local content, context isolation, process sandbox, no Node in the renderer (window options)
 *   4    web security on, no insecure content, no experimental features, no <webview>
 *   7    a strict Content-Security-Policy on every response of the app protocol
 *   5    every permission request and check denied
 *   13   navigation blocked, 14 new windows blocked (http links to the system browser only)
 *   17   IPC senders validated before the API is reached
 *   20   the preload exposes one function per API method, never ipcRenderer
 *   fuses: no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect in the packaged app
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiMethods } from '../../core/api/contract';
import { parseYamlSubset } from '../../build/yaml-subset';
import { APP_ENTRY_URL } from '../app-origin';
import { createAppProtocolHandler } from '../app-protocol';
import { createBridge } from '../bridge';
import { registerApiIpc, REFUSED_SENDER } from '../ipc';
import { guardNavigation } from './block-navigation';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES } from './csp';
import { createWindowOpenHandler } from './deny-new-windows';
import { denyAllPermissions } from './deny-permissions';
import { isTrustedSender } from './ipc-sender';
import { secureWebPreferences } from './web-preferences';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const source = (p: string) => readFileSync(join(root, p), 'utf8');

describe('Electron security checklist', () => {
  it('window options: isolated, sandboxed, no Node, web security on, nothing insecure or experimental', () => {
    const p = secureWebPreferences('/app/preload.cjs');
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    // No option that loosens any of the above may sneak in.
    expect(Object.keys(p)).not.toEqual(expect.arrayContaining(['enableBlinkFeatures']));
    expect(p).not.toHaveProperty('enableRemoteModule');
    // main.ts builds its one window with these options, sandboxes every renderer and attaches no <webview>.
    const main = source('electron/main.ts');
    expect(main.match(/new BrowserWindow\(/g)).toHaveLength(1);
    expect(main).toMatch(/webPreferences: secureWebPreferences\(preloadPath, \{ devTools: !app\.isPackaged \}\)/);
    expect(main).toMatch(/app\.enableSandbox\(\)/);
    expect(main).toMatch(/will-attach-webview', \(event\) => event\.preventDefault\(\)/);
    expect(main).not.toMatch(/nodeIntegration:\s*true|contextIsolation:\s*false|webSecurity:\s*false|sandbox:\s*false/);
  });

  it('CSP: only the app itself, no inline or eval code, no plugins, no framing, no base or form hijack', async () => {
    expect(CSP_DIRECTIVES).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
      // The one frame source: blob: URLs the page makes itself (a vault PDF shown in the app).
      'frame-src': 'blob:',
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:|https:/);
    // Sent as a response header with every file of the app protocol (index.html and client-side routes).
    const dir = mkdtempSync(join(tmpdir(), 'fd-checklist-'));
    try {
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>FatturaDesk</title>');
      const handler = createAppProtocolHandler(dir);
      for (const url of [APP_ENTRY_URL, `${APP_ENTRY_URL}documenti/12`]) {
        const res = await handler(new Request(url));
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('navigation away from the app is cancelled; new windows are denied; only http(s) links reach the browser', () => {
    const event = (url: string) => {
      const e = { url, prevented: false, preventDefault: () => void (e.prevented = true) };
      return e;
    };
    for (const url of ['https://esempio.invalid/', 'file:///etc/passwd', 'javascript:alert(1)', 'fatturadesk://altro/', 'data:text/html,x']) {
      const e = event(url);
      expect(guardNavigation(e), url).toBe(false);
      expect(e.prevented, url).toBe(true);
    }
    const inApp = event(`${APP_ENTRY_URL}impostazioni`);
    expect(guardNavigation(inApp)).toBe(true);
    expect(inApp.prevented).toBe(false);

    const opened: string[] = [];
    const handler = createWindowOpenHandler({ openExternal: async (u) => void opened.push(u) });
    for (const url of ['https://www.agenziaentrate.gov.it/', 'javascript:alert(1)', 'file:///C:/Windows', `${APP_ENTRY_URL}#x`, 'https://utente:pw@esempio.invalid/']) {
      expect(handler({ url }), url).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://www.agenziaentrate.gov.it/']);
    const main = source('electron/main.ts');
    expect(main).toMatch(/blockNavigation\(contents/);
    expect(main).toMatch(/denyNewWindows\(contents, shell\)/);
  });

  it('every permission request and check is denied', () => {
    let request: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: ((wc: unknown, permission: string) => boolean) | undefined;
    denyAllPermissions({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      request!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(check!(null, permission), permission).toBe(false);
    }
    expect(source('electron/main.ts')).toMatch(/denyAllPermissions\(session\.defaultSession\)/);
  });

  it('IPC: only the app’s own frame reaches the API, on one channel per contract method', async () => {
    expect(isTrustedSender({ url: `${APP_ENTRY_URL}documenti` })).toBe(true);
    for (const url of ['https://esempio.invalid/', 'file:///tmp/x.html', 'fatturadesk://app.evil/', 'fatturadesk://user:pw@app/', 'about:blank']) expect(isTrustedSender({ url }), url).toBe(false);
    expect(isTrustedSender(null)).toBe(false);

    const channels = new Map<string, (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown>();
    const reached: string[] = [];
    registerApiIpc({
      ipcMain: { handle: (ch, fn) => void channels.set(ch, fn as never), removeHandler: (ch) => void channels.delete(ch) },
      api: { call: async (m) => (reached.push(m), { ok: true, result: null }) },
    });
    expect([...channels.keys()].sort()).toEqual(apiMethods.map((m) => `api:${m}`).sort());
    expect(await channels.get('api:companies.list')!({ senderFrame: { url: 'https://esempio.invalid/' } }, {})).toEqual(REFUSED_SENDER);
    expect(await channels.get('api:companies.list')!({ senderFrame: null }, {})).toEqual(REFUSED_SENDER);
    expect(reached).toEqual([]);
    expect(await channels.get('api:companies.list')!({ senderFrame: { url: APP_ENTRY_URL } }, {})).toEqual({ ok: true, result: null });
    expect(reached).toEqual(['companies.list']);
  });

  it('the preload exposes one function per method and onEvent: never ipcRenderer, never a generic send', () => {
    const invoked: string[] = [];
    const bridge = createBridge({ methods: apiMethods, invoke: async (ch) => void invoked.push(ch), subscribe: () => () => undefined }) as unknown as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...apiMethods, 'onEvent'].sort());
    for (const k of ['ipcRenderer', 'send', 'invoke', 'on', 'sendSync', 'require', 'process']) expect(bridge, k).not.toHaveProperty(k);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(() => (bridge.onEvent as (n: string, l: () => void) => void)('ipc:qualsiasi', () => undefined)).toThrow(/Evento non previsto/);
    const preload = source('electron/preload.ts');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toMatch(/contextBridge\.exposeInMainWorld\(BRIDGE_GLOBAL, bridge\)/);
  });

  it('the packaged app has the Node entry points fused off', () => {
    const cfg = parseYamlSubset(source('electron-builder.yml')) as { electronFuses: Record<string, boolean> };
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
