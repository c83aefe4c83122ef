/**
 * Browser check on the office-scale company (100,000 registered documents, 2,000 customers, 10,000 received invoices:
 * the bench's company, bench/office-company.ts, generated on first use and cached in the temp folder). In Chromium the
 * documents list opens, scrolls, filters, searches and sorts; each interaction is timed in the page, from the user's
 * input (or from the list request, for the debounced search) to the frame where the answer is on screen, and printed.
 * The times are not asserted (a shared CI machine is no timer); what is asserted is that every answer is the right one.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeCompany, OFFICE_SCALE, type OfficeCompany } from '../bench/office-company';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

let office: OfficeCompany;
let app: TestApp;
let b: TestBrowser;
let page: Page;
let dir: string;
const timings: { interaction: string; fromInput: number; fromRequest: number; http: number }[] = [];

const count = (n: number) => `${new Intl.NumberFormat('it-IT', { useGrouping: 'always' } as Intl.NumberFormatOptions).format(n)} documenti`;

async function api<T>(method: string, args: unknown): Promise<T> {
  const r = await app.api.call(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.result as T;
}

const list = (args: Record<string, unknown>) => api<{ total: number; rows: { id: number }[] }>('documents.list', { offset: 0, limit: 1, ...args });

/** In-page stopwatch: the last user input (captured before the app sees it) and the last documents.list request. */
async function installStopwatch(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __t: { input: number; request: number; response: number } };
    w.__t = { input: 0, request: 0, response: 0 };
    for (const type of ['pointerdown', 'keydown', 'input', 'change']) document.addEventListener(type, () => (w.__t.input = performance.now()), true);
    const fetch0 = window.fetch.bind(window);
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (!String(input instanceof Request ? input.url : input).includes('/api/documents.list')) return fetch0(input, init);
      w.__t.request = performance.now();
      return fetch0(input, init).then(async (r) => {
        // The whole answer, body included (read from a copy; the app reads the original).
        await r.clone().arrayBuffer();
        w.__t.response = performance.now();
        return r;
      });
    };
  });
}

interface Expect {
  count?: string;
  firstRowId?: number;
  /** This row index must be rendered with its document. */
  row?: number;
}

/** Resolves at the first animation frame where the list shows what is expected and no row is still loading. */
async function shown(interaction: string, e: Expect): Promise<void> {
  const t = await page.evaluate(
    (c) =>
      new Promise<{ fromInput: number; fromRequest: number; http: number }>((resolve) => {
        const w = window as unknown as { __t: { input: number; request: number; response: number } };
        const ok = () => {
          if (c.count !== undefined && document.querySelector('[data-testid="documents-count"]')?.textContent?.trim() !== c.count) return false;
          if (c.firstRowId !== undefined && document.querySelector('#vl-row-0 [data-doc-id]')?.getAttribute('data-doc-id') !== String(c.firstRowId)) return false;
          if (c.row !== undefined && !document.querySelector(`#vl-row-${c.row} [data-doc-id]`)) return false;
          return document.querySelector('.vl-row.loading') === null && document.querySelector('.vl-row [data-doc-id]') !== null;
        };
        const tick = () => {
          if (ok()) {
            const now = performance.now();
            // The list request alone: sent to its whole answer received (HTTP, server, body), when there was one.
            const http = w.__t.request >= w.__t.input && w.__t.response >= w.__t.request ? w.__t.response - w.__t.request : -1;
            resolve({ fromInput: now - w.__t.input, fromRequest: w.__t.request >= w.__t.input ? now - w.__t.request : -1, http });
          } else requestAnimationFrame(tick);
        };
        tick();
      }),
    e,
  );
  timings.push({ interaction, ...t });
}

/** Marks the start of a programmatic interaction (a scroll the test sets directly). */
const markInput = () => page.evaluate(() => ((window as unknown as { __t: { input: number } }).__t.input = performance.now()));

describe.skipIf(!hasBuild)('Elenco documenti sull’azienda da 100.000 documenti', () => {
  beforeAll(async () => {
    const t0 = performance.now();
    office = await officeCompany(OFFICE_SCALE, (l) => console.log(l));
    console.log(`[100k] office company ${office.generated ? 'generated' : 'from the cache'} (${((performance.now() - t0) / 1000).toFixed(1)} s here; generation took ${(office.generationMs / 1000).toFixed(0)} s)`);
    dir = mkdtempSync(join(tmpdir(), 'fatturadesk-e2e-100k-'));
    const file = join(dir, 'ufficio.fdesk');
    copyFileSync(office.file, file);
    app = await startTestApp({ staticDir: STATIC_DIR });
    await api('companies.open', { file });
    b = await launchBrowser({ today: TODAY });
    page = b.page;
  }, 30 * 60_000);

  afterAll(async () => {
    if (timings.length) {
      console.log('[100k] interaction -> answer on screen, ms: from the input | from the documents.list request | the request alone (HTTP, server, JSON)');
      const cell = (v: number) => (v < 0 ? '-' : v.toFixed(0)).padStart(6);
      for (const t of timings) console.log(`[100k]   ${t.interaction.padEnd(44)} ${cell(t.fromInput)} ${cell(t.fromRequest)} ${cell(t.http)}`);
      const worst = Math.max(...timings.filter((t) => !/ricerca/.test(t.interaction)).map((t) => t.fromInput));
      console.log(`[100k] slowest interaction without debounce: ${worst.toFixed(0)} ms (goal: under 100 ms; printed, not asserted)`);
    }
    await b?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the list, scrolls, jumps to the end, filters, searches and sorts, each answer correct', async () => {
    const all = await list({});
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Clienti', exact: true }).click();
    await page.getByRole('grid', { name: 'Clienti' }).waitFor();
    await installStopwatch();

    // Open: from Clienti to Documenti, the first time (the screen's code is loaded then) and again.
    await page.getByRole('link', { name: 'Documenti' }).click();
    await shown('apertura elenco, prima volta', { count: count(all.total), firstRowId: all.rows[0]!.id });
    await page.getByRole('link', { name: 'Clienti', exact: true }).click();
    await page.getByRole('grid', { name: 'Clienti' }).waitFor();
    await page.getByRole('link', { name: 'Documenti' }).click();
    await shown('apertura elenco, di nuovo', { count: count(all.total), firstRowId: all.rows[0]!.id });
    const grid = page.getByRole('grid', { name: 'Elenco dei documenti' });
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(all.total + 1));

    // Scroll to the middle, then to three quarters (set directly, as a drag of the scrollbar would).
    for (const [label, fraction] of [['scorrimento a metà', 0.5], ['scorrimento a tre quarti', 0.75]] as const) {
      const index = Math.floor(all.total * fraction);
      await markInput();
      await grid.evaluate((el, top) => (el.scrollTop = top), index * 40);
      await shown(label, { row: index });
    }
    // Keyboard: End jumps to the last row.
    await grid.focus();
    await page.keyboard.press('End');
    await shown('tasto Fine (ultima riga)', { row: all.total - 1 });
    await page.keyboard.press('Home');
    await shown('tasto Inizio (prima riga)', { row: 0, firstRowId: all.rows[0]!.id });

    // Filters: status, type, period.
    for (const status of ['delivered', 'rejected', 'queued']) {
      const expected = await list({ status: [status] });
      await page.getByLabel('Stato', { exact: true }).selectOption(status);
      await shown(`filtro stato ${status}`, { count: count(expected.total), firstRowId: expected.rows[0]?.id });
    }
    await page.getByLabel('Stato', { exact: true }).selectOption('');
    await shown('filtro stato tolto', { count: count(all.total) });
    const td04 = await list({ tipoDocumento: ['TD04'] });
    await page.getByLabel('Tipo documento', { exact: true }).selectOption('TD04');
    await shown('filtro tipo documento TD04', { count: count(td04.total), firstRowId: td04.rows[0]?.id });
    await page.getByLabel('Tipo documento', { exact: true }).selectOption('');
    await shown('filtro tipo tolto', { count: count(all.total) });

    // Text search (debounced 250 ms after the last key: the time from the request is the list's answer).
    for (const text of ['Ferrari', 'cantiere', '1234']) {
      const expected = await list({ search: text });
      await page.getByLabel('Cerca nei documenti').fill(text);
      await shown(`ricerca «${text}»`, { count: count(expected.total), firstRowId: expected.rows[0]?.id });
    }
    await page.getByLabel('Cerca nei documenti').fill('');
    await shown('ricerca tolta', { count: count(all.total), firstRowId: all.rows[0]!.id });

    // Sorts on the server: the first row is the first of the API's order.
    for (const [label, sort, dir] of [['Totale', 'totale', 'desc'], ['Cliente', 'customer', 'asc'], ['Numero', 'numero', 'desc']] as const) {
      const expected = await list({ sort, dir });
      await page.getByRole('button', { name: `Ordina per ${label}` }).click();
      await shown(`ordinamento per ${label.toLowerCase()}`, { firstRowId: expected.rows[0]!.id });
    }
    await b.shot('37-documenti-100k-ufficio');
    expect(timings.length).toBeGreaterThan(15);
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
