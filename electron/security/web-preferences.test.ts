import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences';

describe('secureWebPreferences', () => {
  it('is exactly the secure set, with the preload path', () => {
    expect(secureWebPreferences('/app/dist/electron/preload.cjs')).toEqual({
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
      devTools: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('opens DevTools only when asked (development)', () => {
    expect(secureWebPreferences('p', { devTools: true }).devTools).toBe(true);
    expect(secureWebPreferences('p', { devTools: true }).sandbox).toBe(true);
  });
});
