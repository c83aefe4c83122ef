/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** The preload's bridge in Electron: one function per API method, plus the event subscription. */
interface Window {
  fatturadesk?: import('./api/transport').ElectronBridge;
}
