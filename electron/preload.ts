/**
 * Preload of the main window (sandboxed: only `electron`'s renderer modules are available, so this file is bundled).
 * The list of methods is the contract's `apiMethods`, inlined at build time by build/build-electron.mjs so the
 * preload does not carry the argument schemas (the main process validates every call anyway).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiMethod } from '../core/api/contract';
import { BRIDGE_GLOBAL, createBridge } from './bridge';

declare const __FATTURADESK_API_METHODS__: readonly ApiMethod[];

const bridge = createBridge({
  methods: __FATTURADESK_API_METHODS__,
  invoke: (channel, args) => ipcRenderer.invoke(channel, args),
  subscribe: (channel, listener) => {
    // The IPC event (which carries `sender`, i.e. ipcRenderer) never reaches the page: only the payload does.
    const onMessage = (_event: IpcRendererEvent, data: unknown) => listener(data);
    ipcRenderer.on(channel, onMessage);
    return () => {
      ipcRenderer.removeListener(channel, onMessage);
    };
  },
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
