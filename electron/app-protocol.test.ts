import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../host/csp';
import { APP_ENTRY_URL } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';

let dir = '';
let handler: (r: Request) => Promise<Response>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-protocol-'));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(dir, 'renderer', 'assets', 'main-abc.js'), 'export {}');
  writeFileSync(join(dir, 'secret.txt'), 'SEGRETO');
  handler = createAppProtocolHandler(join(dir, 'renderer'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createAppProtocolHandler', () => {
  it('serves index.html at the entry URL with the CSP header', async () => {
    const res = await handler(new Request(APP_ENTRY_URL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<div id="app">');
  });

  it('serves scripts with their type and client routes with index.html', async () => {
    const js = await handler(new Request('fatturadesk://app/assets/main-abc.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('export {}');
    expect(await (await handler(new Request('fatturadesk://app/clienti/3'))).text()).toContain('<div id="app">');
  });

  it('refuses other hosts, writes and files outside the renderer', async () => {
    expect((await handler(new Request('fatturadesk://other/index.html'))).status).toBe(404);
    expect((await handler(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
    for (const url of ['fatturadesk://app/%2e%2e/secret.txt', 'fatturadesk://app/..%2fsecret.txt']) {
      const res = await handler(new Request(url));
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('SEGRETO');
    }
  });
});
