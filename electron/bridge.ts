/**
 * Builds the object the preload exposes as `window.fatturadesk`: one function per API method, each invoking its own
 * channel `api:<method>`, and `onEvent` restricted to the allowed event names. Never ipcRenderer itself, never a
 * generic "send anything" function. Kept free of Electron imports so it is tested in Node.
 */
import type { ApiMethod } from '../core/api/contract';
import { eventChannel, isAppEventName } from './app-events';
import type { BridgeGlobalName, FatturaDeskBridge } from './bridge-types';

export const BRIDGE_GLOBAL: BridgeGlobalName = 'fatturadesk';

export interface BridgeDeps {
  methods: readonly ApiMethod[];
  invoke(channel: string, args: unknown): Promise<unknown>;
  /** Listens on an IPC channel, passing the listener only the payload (never the IPC event); returns an unsubscribe. */
  subscribe(channel: string, listener: (data: unknown) => void): () => void;
}

export function apiChannel(method: string): string {
  return `api:${method}`;
}

export function createBridge(deps: BridgeDeps): FatturaDeskBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of deps.methods) {
    const channel = apiChannel(method);
    // Exactly one argument crosses: extra ones cannot smuggle anything to the main process.
    bridge[method] = (args?: unknown) => deps.invoke(channel, args);
  }
  bridge.onEvent = (name: unknown, listener: unknown) => {
    if (!isAppEventName(name)) throw new Error(`Evento non previsto: ${String(name).slice(0, 80)}`);
    if (typeof listener !== 'function') throw new Error('onEvent richiede una funzione.');
    return deps.subscribe(eventChannel(name), (data) => (listener as (d: unknown) => void)(data));
  };
  return Object.freeze(bridge) as unknown as FatturaDeskBridge;
}
