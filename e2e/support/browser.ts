/**
 * Debian's Chromium driven by playwright-core, with a fresh profile per run, the page's clock pinned to the app's
 * "today", and every console error and failed request collected (a CSP violation or a 4xx must fail the test).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed responses seen so far. */
  problems: string[];
  /** Saves e2e/screenshots/<name>.png (the folder is gitignored). */
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

export const SCREENSHOT_DIR = join(process.cwd(), 'e2e', 'screenshots');

export async function launchBrowser(opts: { today: string; viewport?: { width: number; height: number } }): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'fatturadesk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
  });
  // The page's clock starts at the app's "today" and runs on from there. Not setFixedTime: a frozen Date.now() makes
  // Vue drop the second listener of an event (it compares the event's timestamp with the listener's).
  await context.clock.install({ time: new Date(`${opts.today}T10:00:00+01:00`) });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
  };
  watch(page);
  context.on('page', watch);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    page,
    problems,
    async shot(name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
