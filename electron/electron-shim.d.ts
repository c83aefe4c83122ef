/**
 * The part of Electron 41's API that electron/ uses, declared here because the `electron` package (an optional
 * dependency whose binary cannot be installed on every machine) may be absent, and with it its typings.
 * Signatures follow electron@41.10.0's own electron.d.ts, member for member; only what this project calls is declared
 * (extend it when main.ts or preload.ts start using something new). Shaped like the real file (e.g. `session` is
 * `typeof Session`) so that, where the electron package is installed, both declarations merge without errors.
 */
declare module 'electron' {
  type Event<Params extends object = {}> = {
    preventDefault: () => void;
    readonly defaultPrevented: boolean;
  } & Params;

  interface Rectangle {
    x: number;
    y: number;
    width: number;
    height: number;
  }

  interface Display {
    id: number;
    bounds: Rectangle;
    workArea: Rectangle;
    scaleFactor: number;
  }

  interface WebPreferences {
    allowRunningInsecureContent?: boolean;
    contextIsolation?: boolean;
    devTools?: boolean;
    experimentalFeatures?: boolean;
    navigateOnDragDrop?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    nodeIntegrationInWorker?: boolean;
    preload?: string;
    safeDialogs?: boolean;
    sandbox?: boolean;
    spellcheck?: boolean;
    webSecurity?: boolean;
    webviewTag?: boolean;
  }

  interface BrowserWindowConstructorOptions {
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }

  interface WebContentsWillNavigateEventParams {
    url: string;
    isSameDocument: boolean;
    isMainFrame: boolean;
    frame: WebFrameMain | null;
    initiator?: WebFrameMain | null;
  }

  interface WebContentsWillRedirectEventParams {
    url: string;
    isSameDocument: boolean;
    isMainFrame: boolean;
    frame: WebFrameMain | null;
    initiator?: WebFrameMain | null;
  }

  interface HandlerDetails {
    url: string;
    frameName: string;
    features: string;
    disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
  }

  interface WindowOpenHandlerResponse {
    action: 'allow' | 'deny';
  }

  class WebFrameMain {
    readonly url: string;
  }

  class WebContents {
    on(
      event: 'will-navigate',
      listener: (
        details: Event<WebContentsWillNavigateEventParams>,
        url: string,
        isInPlace: boolean,
        isMainFrame: boolean,
        frameProcessId: number,
        frameRoutingId: number,
      ) => void,
    ): this;
    on(
      event: 'will-redirect',
      listener: (
        details: Event<WebContentsWillRedirectEventParams>,
        url: string,
        isInPlace: boolean,
        isMainFrame: boolean,
        frameProcessId: number,
        frameRoutingId: number,
      ) => void,
    ): this;
    on(event: 'will-attach-webview', listener: (event: Event, webPreferences: WebPreferences, params: Record<string, string>) => void): this;
    on(event: 'did-finish-load', listener: () => void): this;
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
    send(channel: string, ...args: any[]): void;
  }

  class BaseWindow {
    isDestroyed(): boolean;
    isMinimized(): boolean;
    restore(): void;
    show(): void;
    focus(): void;
    maximize(): void;
    isMaximized(): boolean;
    getNormalBounds(): Rectangle;
  }

  class BrowserWindow extends BaseWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    static getAllWindows(): BrowserWindow[];
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    on(event: 'close', listener: (event: Event) => void): this;
    on(event: 'closed', listener: () => void): this;
    once(event: 'ready-to-show', listener: () => void): this;
  }

  interface App {
    on(event: 'activate', listener: (event: Event, hasVisibleWindows: boolean) => void): this;
    on(event: 'open-file', listener: (event: Event, path: string) => void): this;
    on(event: 'second-instance', listener: (event: Event, argv: string[], workingDirectory: string, additionalData: unknown) => void): this;
    on(event: 'web-contents-created', listener: (event: Event, webContents: WebContents) => void): this;
    on(event: 'will-quit', listener: (event: Event) => void): this;
    on(event: 'window-all-closed', listener: () => void): this;
    enableSandbox(): void;
    getPath(
      name:
        | 'home'
        | 'appData'
        | 'assets'
        | 'userData'
        | 'sessionData'
        | 'temp'
        | 'exe'
        | 'module'
        | 'desktop'
        | 'documents'
        | 'downloads'
        | 'music'
        | 'pictures'
        | 'videos'
        | 'recent'
        | 'logs'
        | 'crashDumps',
    ): string;
    isReady(): boolean;
    quit(): void;
    requestSingleInstanceLock(additionalData?: Record<any, any>): boolean;
    setAppUserModelId(id: string): void;
    whenReady(): Promise<void>;
    readonly isPackaged: boolean;
  }

  interface FileFilter {
    name: string;
    extensions: string[];
  }

  interface OpenDialogOptions {
    title?: string;
    defaultPath?: string;
    buttonLabel?: string;
    filters?: FileFilter[];
    properties?: Array<
      | 'openFile'
      | 'openDirectory'
      | 'multiSelections'
      | 'showHiddenFiles'
      | 'createDirectory'
      | 'promptToCreate'
      | 'noResolveAliases'
      | 'treatPackageAsDirectory'
      | 'dontAddToRecent'
    >;
  }

  interface SaveDialogOptions {
    title?: string;
    defaultPath?: string;
    buttonLabel?: string;
    filters?: FileFilter[];
    properties?: Array<'showHiddenFiles' | 'createDirectory' | 'treatPackageAsDirectory' | 'showOverwriteConfirmation' | 'dontAddToRecent'>;
  }

  interface OpenDialogReturnValue {
    canceled: boolean;
    filePaths: string[];
  }

  interface SaveDialogReturnValue {
    canceled: boolean;
    filePath: string;
  }

  interface Dialog {
    showOpenDialog(window: BaseWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
    showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
    showSaveDialog(window: BaseWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
    showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  }

  interface MenuItemConstructorOptions {
    click?: (menuItem: MenuItem, window: BaseWindow | undefined, event: KeyboardEvent) => void;
    role?:
      | 'undo'
      | 'redo'
      | 'cut'
      | 'copy'
      | 'paste'
      | 'pasteAndMatchStyle'
      | 'delete'
      | 'selectAll'
      | 'reload'
      | 'forceReload'
      | 'toggleDevTools'
      | 'resetZoom'
      | 'zoomIn'
      | 'zoomOut'
      | 'toggleSpellChecker'
      | 'togglefullscreen'
      | 'window'
      | 'minimize'
      | 'close'
      | 'help'
      | 'about'
      | 'services'
      | 'hide'
      | 'hideOthers'
      | 'unhide'
      | 'quit'
      | 'startSpeaking'
      | 'stopSpeaking'
      | 'zoom'
      | 'front'
      | 'appMenu'
      | 'fileMenu'
      | 'editMenu'
      | 'viewMenu'
      | 'shareMenu'
      | 'recentDocuments'
      | 'toggleTabBar'
      | 'selectNextTab'
      | 'selectPreviousTab'
      | 'showAllTabs'
      | 'mergeAllWindows'
      | 'clearRecentDocuments'
      | 'moveTabToNewWindow'
      | 'windowMenu';
    type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio' | 'header' | 'palette';
    label?: string;
    accelerator?: string;
    enabled?: boolean;
    visible?: boolean;
    submenu?: MenuItemConstructorOptions[] | Menu;
    id?: string;
  }

  class MenuItem {
    label: string;
    enabled: boolean;
  }

  class Menu {
    static buildFromTemplate(template: Array<MenuItemConstructorOptions | MenuItem>): Menu;
    static setApplicationMenu(menu: Menu | null): void;
  }

  interface Privileges {
    standard?: boolean;
    secure?: boolean;
    bypassCSP?: boolean;
    allowServiceWorkers?: boolean;
    supportFetchAPI?: boolean;
    corsEnabled?: boolean;
    stream?: boolean;
    codeCache?: boolean;
  }

  interface CustomScheme {
    scheme: string;
    privileges?: Privileges;
  }

  interface Protocol {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  }

  type PermissionRequestName =
    | 'clipboard-read'
    | 'clipboard-sanitized-write'
    | 'display-capture'
    | 'fullscreen'
    | 'geolocation'
    | 'idle-detection'
    | 'media'
    | 'mediaKeySystem'
    | 'midi'
    | 'midiSysex'
    | 'notifications'
    | 'pointerLock'
    | 'keyboardLock'
    | 'openExternal'
    | 'speaker-selection'
    | 'storage-access'
    | 'top-level-storage-access'
    | 'window-management'
    | 'unknown'
    | 'fileSystem';

  type PermissionCheckName =
    | 'clipboard-read'
    | 'clipboard-sanitized-write'
    | 'geolocation'
    | 'fullscreen'
    | 'hid'
    | 'idle-detection'
    | 'media'
    | 'mediaKeySystem'
    | 'midi'
    | 'midiSysex'
    | 'notifications'
    | 'openExternal'
    | 'pointerLock'
    | 'serial'
    | 'storage-access'
    | 'top-level-storage-access'
    | 'usb'
    | 'deprecated-sync-clipboard-read'
    | 'fileSystem';

  class Session {
    static defaultSession: Session;
    setPermissionRequestHandler(
      handler:
        | ((webContents: WebContents, permission: PermissionRequestName, callback: (permissionGranted: boolean) => void, details: unknown) => void)
        | null,
    ): void;
    setPermissionCheckHandler(
      handler: ((webContents: WebContents | null, permission: PermissionCheckName, requestingOrigin: string, details: unknown) => boolean) | null,
    ): void;
  }

  interface IpcMainInvokeEvent extends Event {
    frameId: number;
    processId: number;
    sender: WebContents;
    readonly senderFrame: WebFrameMain | null;
    type: 'frame';
  }

  interface IpcMain {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<any> | any): void;
    removeHandler(channel: string): void;
  }

  interface IpcRendererEvent extends Event {
    sender: IpcRenderer;
    senderFrameId?: number;
  }

  interface IpcRenderer {
    invoke(channel: string, ...args: any[]): Promise<any>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
  }

  interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: any): void;
  }

  interface OpenExternalOptions {
    activate?: boolean;
    workingDirectory?: string;
  }

  interface Shell {
    openExternal(url: string, options?: OpenExternalOptions): Promise<void>;
  }

  interface Screen {
    getAllDisplays(): Display[];
    getPrimaryDisplay(): Display;
  }

  export const app: App;
  export const contextBridge: ContextBridge;
  export const dialog: Dialog;
  export const ipcMain: IpcMain;
  export const ipcRenderer: IpcRenderer;
  export const protocol: Protocol;
  export const screen: Screen;
  export const session: typeof Session;
  export const shell: Shell;
  export { BaseWindow, BrowserWindow, Menu, MenuItem, Session, WebContents, WebFrameMain };
  export type {
    Display,
    Event,
    HandlerDetails,
    IpcMainInvokeEvent,
    IpcRendererEvent,
    MenuItemConstructorOptions,
    Rectangle,
    WebPreferences,
    WindowOpenHandlerResponse,
  };
}
