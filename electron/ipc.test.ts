import { describe, expect, it } from 'vitest';
import { apiMethods } from '../core/api/contract';
import type { ApiResponse } from '../core/api/define';
import { registerApiIpc, REFUSED_SENDER, type InvokeEventLike } from './ipc';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle(channel: string, listener: Listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
}

function fakeApi() {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    async call(method: string, args: unknown): Promise<ApiResponse<unknown>> {
      calls.push([method, args]);
      return { ok: true, result: { method } };
    },
  };
}

const ownFrame = { senderFrame: { url: 'fatturadesk://app/documenti' } };

describe('registerApiIpc', () => {
  it('registers exactly one channel per contract method', () => {
    const ipcMain = fakeIpcMain();
    registerApiIpc({ ipcMain, api: fakeApi() });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(apiMethods.map((m) => `api:${m}`).sort());
  });

  it('passes the single argument of an app frame to api.call and returns its ApiResponse', async () => {
    const ipcMain = fakeIpcMain();
    const api = fakeApi();
    const after: string[] = [];
    registerApiIpc({ ipcMain, api, afterCall: (m) => after.push(m) });
    const res = await ipcMain.handlers.get('api:companies.open')!(ownFrame, { file: '/x.fdesk' }, 'extra');
    expect(res).toEqual({ ok: true, result: { method: 'companies.open' } });
    expect(api.calls).toEqual([['companies.open', { file: '/x.fdesk' }]]);
    expect(after).toEqual(['companies.open']);
  });

  it('refuses a sender from a foreign origin, a file:// page or a destroyed frame, without calling the API', async () => {
    const ipcMain = fakeIpcMain();
    const api = fakeApi();
    registerApiIpc({ ipcMain, api });
    const handler = ipcMain.handlers.get('api:companies.list')!;
    for (const senderFrame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/index.html' }, null]) {
      expect(await handler({ senderFrame }, {})).toEqual(REFUSED_SENDER);
    }
    expect(api.calls).toEqual([]);
    expect(REFUSED_SENDER).toMatchObject({ ok: false, error: { code: 'MITTENTE_NON_AUTORIZZATO' } });
  });

  it('removes its handlers when disposed', () => {
    const ipcMain = fakeIpcMain();
    const dispose = registerApiIpc({ ipcMain, api: fakeApi(), methods: ['app.info'] });
    expect(ipcMain.handlers.size).toBe(1);
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
