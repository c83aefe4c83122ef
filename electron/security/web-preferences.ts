/**
 * Rule: the renderer is an untrusted web page. Isolated context, OS sandbox, no Node, same-origin policy on, no
 * <webview>, no insecure content, and dialogs (alert/confirm) that a looping page cannot use to lock the window.
 * Spellcheck off: Chromium would download dictionaries from the network, and the app works offline.
 */
export interface SecureWebPreferences {
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly experimentalFeatures: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  readonly spellcheck: false;
  readonly devTools: boolean;
  readonly preload: string;
}

export function secureWebPreferences(preload: string, opts: { devTools?: boolean } = {}): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: opts.devTools ?? false,
    preload,
  };
}
