/**
 * The real app for browser tests: the API (host/app.ts) in this process, served by the local web host on 127.0.0.1,
 * with a fresh data folder, a pinned "today" and VIES answered by a local stub server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppApi, type AppApi, type AppApiOptions } from '../../host/app';
import { startWebHost, type WebHost } from '../../host/web-host';
import { startViesStub, type ViesStub } from './vies-stub';

export interface TestApp {
  api: AppApi;
  host: WebHost;
  vies: ViesStub;
  dataDir: string;
  /** http://127.0.0.1:PORT/#token=… */
  url: string;
  close(): Promise<void>;
}

export const TODAY = '2026-11-23';

/** `api`: overrides for the composition root (keychain, fetch of the SdI channels, vault mail and timers). */
export async function startTestApp(opts: { staticDir?: string; api?: Pick<AppApiOptions, 'sdi' | 'vault'> } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fatturadesk-e2e-'));
  const vies = await startViesStub();
  const api = createAppApi({ host: 'web', dataDir, today: () => TODAY, viesBaseUrl: vies.url, ...opts.api });
  const host = await startWebHost({ port: 0, api, staticDir: opts.staticDir ?? 'dist/renderer' });
  // As build/serve.mjs does: core's events (job progress, the vault locking itself) reach the page over SSE.
  api.subscribe({ publish: (event, data) => host.publish(event, data) });
  return {
    api,
    host,
    vies,
    dataDir,
    url: host.url,
    async close() {
      await host.close();
      api.close();
      await vies.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
