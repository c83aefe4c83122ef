/**
 * Electron main process: wiring only. Every rule lives in a small module beside this file (security/, ipc.ts,
 * window-state.ts, app-menu.ts, company-dialogs.ts, app-protocol.ts), each tested in Node with fakes.
 *
 * Bundled by build/build-electron.mjs into dist/electron/main.cjs; the renderer is loaded from dist/renderer through
 * the fatturadesk://app protocol, whose responses carry the CSP header (reasons in app-origin.ts).
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import type { CompanySummary } from '../core/api/types';
import { createAppApi } from '../host/app';
import { eventChannel, isAppEventName, type AppEventName, type AppEventPayloads } from './app-events';
import { buildMenuTemplate } from './app-menu';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';
import { chooseCompanyToOpen, chooseNewCompanyFile } from './company-dialogs';
import { registerApiIpc } from './ipc';
import { companyFileFromArgv } from './launch-args';
import { blockNavigation } from './security/block-navigation';
import { denyAllPermissions } from './security/deny-permissions';
import { denyNewWindows, openIfExternalHttp } from './security/deny-new-windows';
import { secureWebPreferences } from './security/web-preferences';
import { loadWindowState, MIN_SIZE, saveWindowState } from './window-state';

/** dist/electron/main.cjs → dist/ */
const distDir = join(__dirname, '..');
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(__dirname, 'preload.cjs');
/** Calls after which the recent-companies menu may have changed. */
const RECENTS_CHANGE = new Set(['companies.create', 'companies.createDemo', 'companies.open', 'companies.close', 'companies.forget']);

// Must happen before `ready`: the scheme gets a real origin and counts as secure.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
// Every renderer sandboxed, whatever a future window forgets to set.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another FatturaDesk is running: it receives our argv through `second-instance` and comes to the front.
  app.quit();
} else {
  run();
}

function run(): void {
  let mainWindow: BrowserWindow | null = null;
  let rendererReady = false;
  let pendingFile: string | null = companyFileFromArgv(process.argv);
  let api: ReturnType<typeof createAppApi> | null = null;

  function send<E extends AppEventName>(name: E, payload: AppEventPayloads[E]): void {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(eventChannel(name), payload);
  }

  function openCompanyFile(file: string): void {
    if (rendererReady) send('menu:open-company', { file });
    else pendingFile = file;
  }

  function focusMainWindow(): void {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  async function recents(): Promise<CompanySummary[]> {
    if (!api) return [];
    const res = await api.call('companies.list', {});
    return res.ok ? (res.result as CompanySummary[]) : [];
  }

  async function refreshMenu(): Promise<void> {
    const template = buildMenuTemplate({
      platform: process.platform,
      recents: await recents(),
      devTools: !app.isPackaged,
      actions: {
        newCompany: () => {
          if (!mainWindow) return;
          void chooseNewCompanyFile<BrowserWindow>(dialog, mainWindow, app.getPath('documents')).then((file) => file && send('menu:new-company', { file }));
        },
        openCompany: () => {
          if (!mainWindow) return;
          void chooseCompanyToOpen<BrowserWindow>(dialog, mainWindow, app.getPath('documents')).then((file) => file && openCompanyFile(file));
        },
        openRecent: (file) => openCompanyFile(file),
        closeCompany: () => send('menu:close-company', null),
        about: () => send('menu:about', null),
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  function createWindow(): void {
    const stateFile = join(app.getPath('userData'), 'window-state.json');
    const workAreas = screen.getAllDisplays().map((d) => d.workArea);
    const state = loadWindowState(stateFile, workAreas, screen.getPrimaryDisplay().workArea);
    const win = new BrowserWindow({
      ...state.bounds,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      title: 'FatturaDesk',
      backgroundColor: '#ffffff',
      webPreferences: secureWebPreferences(preloadPath, { devTools: !app.isPackaged }),
    });
    mainWindow = win;
    rendererReady = false;
    if (state.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    win.webContents.on('did-finish-load', () => {
      rendererReady = true;
      if (pendingFile) {
        send('menu:open-company', { file: pendingFile });
        pendingFile = null;
      }
    });
    win.on('close', () => {
      try {
        saveWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
      } catch {
        // Not being able to remember the size is no reason to stop the user from quitting.
      }
    });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    void win.loadURL(APP_ENTRY_URL);
  }

  app.on('second-instance', (_event, argv) => {
    focusMainWindow();
    const file = companyFileFromArgv(argv);
    if (file) openCompanyFile(file);
  });

  // macOS: a .fdesk file double-clicked in Finder (may arrive before `ready`).
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openCompanyFile(path);
  });

  // Every web contents, present and future, gets the navigation and window rules.
  app.on('web-contents-created', (_event, contents) => {
    blockNavigation(contents, { onBlocked: (url) => openIfExternalHttp(shell, url) });
    denyNewWindows(contents, shell);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && app.isReady()) createWindow();
  });

  // Quit only after jobs, a running backup and the in-process sandbox have stopped cleanly: the first will-quit is
  // held, the API shuts down, then the app quits for real.
  let shuttingDown = false;
  app.on('will-quit', (event) => {
    const running = api;
    if (!running || shuttingDown) return;
    shuttingDown = true;
    event.preventDefault();
    api = null;
    void running
      .shutdown()
      .catch(() => running.close())
      .finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    if (process.platform === 'win32') app.setAppUserModelId('it.fatturadesk.app');
    denyAllPermissions(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
    api = createAppApi({ host: 'electron', dataDir: app.getPath('userData') });
    const served = api;
    // Core's events (job progress and end) go to the window; names outside the allow-list are dropped.
    served.subscribe({
      publish: (event, data) => {
        if (isAppEventName(event)) send(event, data as AppEventPayloads[typeof event]);
      },
    });
    registerApiIpc({
      ipcMain,
      api: { call: (method, args) => served.call(method, args) },
      afterCall: (method, response) => {
        if (response.ok && RECENTS_CHANGE.has(method)) void refreshMenu();
      },
    });
    createWindow();
    await refreshMenu();
  });
}
