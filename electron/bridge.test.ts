import { describe, expect, it } from 'vitest';
import { apiMethods } from '../core/api/contract';
import { appEventNames } from './app-events';
import { BRIDGE_GLOBAL, createBridge } from './bridge';

function fakeIpcRenderer() {
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  return {
    invoked,
    listeners,
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, args]);
      return { ok: true, result: channel };
    },
    subscribe: (channel: string, listener: (data: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => void set.delete(listener);
    },
    emit(channel: string, data: unknown) {
      for (const l of listeners.get(channel) ?? []) l(data);
    },
  };
}

describe('createBridge', () => {
  it('exposes one function per contract method plus onEvent, and nothing else', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge({ methods: apiMethods, invoke: ipc.invoke, subscribe: ipc.subscribe });
    expect(BRIDGE_GLOBAL).toBe('fatturadesk');
    expect(Object.keys(bridge).sort()).toEqual([...apiMethods, 'onEvent'].sort());
    for (const key of Object.keys(bridge)) expect(typeof (bridge as unknown as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect('invoke' in bridge || 'send' in bridge || 'ipcRenderer' in bridge).toBe(false);
  });

  it('invokes the method’s own channel with exactly one argument', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge({ methods: apiMethods, invoke: ipc.invoke, subscribe: ipc.subscribe });
    const res = await bridge['companies.open']({ file: '/a.fdesk' });
    await (bridge['app.info'] as (...a: unknown[]) => Promise<unknown>)({}, 'smuggled', 3);
    await bridge['companies.list']();
    expect(res).toEqual({ ok: true, result: 'api:companies.open' });
    expect(ipc.invoked).toEqual([
      ['api:companies.open', [{ file: '/a.fdesk' }]],
      ['api:app.info', [{}]],
      ['api:companies.list', [undefined]],
    ]);
  });

  it('subscribes only to allowed events and passes the listener only the payload', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge({ methods: apiMethods, invoke: ipc.invoke, subscribe: ipc.subscribe });
    const got: unknown[] = [];
    const off = bridge.onEvent('menu:open-company', (data) => got.push(data));
    ipc.emit('event:menu:open-company', { file: '/b.fdesk' });
    off();
    ipc.emit('event:menu:open-company', { file: '/c.fdesk' });
    expect(got).toEqual([{ file: '/b.fdesk' }]);
    for (const name of appEventNames) expect(() => bridge.onEvent(name, () => undefined)).not.toThrow();
  });

  it('refuses event names outside the allow-list and non-function listeners', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge({ methods: apiMethods, invoke: ipc.invoke, subscribe: ipc.subscribe });
    const onEvent = bridge.onEvent as (name: unknown, l: unknown) => unknown;
    expect(() => onEvent('api:companies.open', () => undefined)).toThrow(/Evento non previsto/);
    expect(() => onEvent('ELECTRON_BROWSER_WINDOW_ALERT', () => undefined)).toThrow(/Evento non previsto/);
    expect(() => onEvent('menu:about', 'not a function')).toThrow(/funzione/);
    expect(ipc.listeners.size).toBe(0);
  });
});
