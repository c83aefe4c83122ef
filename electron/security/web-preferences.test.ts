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

  it('leaves `plugins` off: vault PDFs shown in a frame use Electron’s built-in PDF viewer, which needs no plugin switch', () => {
    // Electron's own spec ("PDF Viewer … successfully loads a PDF resource in a iframe") opens a PDF in a frame of a
    // window built with default webPreferences, where plugins is false; so the secure set stays as it is.
    expect(secureWebPreferences('p')).not.toHaveProperty('plugins');
    expect(secureWebPreferences('p', { devTools: true })).not.toHaveProperty('plugins');
  });

  it('opens DevTools only when asked (development)', () => {
    expect(secureWebPreferences('p', { devTools: true }).devTools).toBe(true);
    expect(secureWebPreferences('p', { devTools: true }).sandbox).toBe(true);
  });
});
