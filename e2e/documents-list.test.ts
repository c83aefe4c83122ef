/**
 * Browser end-to-end: the demo company created from Benvenuto, then a documents list of 100,000 drafts. The list keeps
 * only the visible rows in the DOM, fetches pages by offset/limit as it scrolls, and is driven by the keyboard.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CompanyStore } from '../core/ports';
import type { DocumentDraft } from '../core/invoicing/types';
import { createDraft } from '../core/invoicing/services/drafts';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);
const ROWS = 100_000;

let app: TestApp;
let b: TestBrowser;
let page: Page;

function openStore(): CompanyStore {
  const current = app.api.context.session.current;
  if (!current) throw new Error('nessuna azienda aperta');
  return current.store;
}

/** 100,000 drafts straight through the repository in one transaction (what the UI lists, without 100,000 API calls). */
function seedDrafts(n: number): void {
  const store = openStore();
  const customer = store.customers.list({ limit: 1 }).rows[0]!;
  const base: DocumentDraft = {
    tipoDocumento: 'TD01',
    series: 'FT',
    date: '2025-01-01',
    customerId: customer.id,
    divisa: 'EUR',
    lines: [{ descrizione: 'Servizio', quantita: '1', prezzoUnitario: '100.00', aliquotaIva: '22.00', vatCode: 'IVA22' }],
    bollo: { mode: 'auto', chargedToCustomer: false },
    esigibilita: 'I',
  };
  const first = createDraft(store, base);
  const totals = first.totals;
  store.transaction(() => {
    for (let i = 1; i < n; i++) {
      const day = new Date(Date.UTC(2025, 0, 1) + (i % 690) * 86_400_000).toISOString().slice(0, 10);
      const price = `${100 + (i % 977)}.00`;
      store.documents.insertDraft({
        draft: { ...base, date: day, causale: `Bozza di prova ${i}`, lines: [{ ...base.lines[0]!, prezzoUnitario: price }] },
        customerName: first.customerName,
        totals: totals && { ...totals, totale: price, netToPay: price },
      });
    }
  });
}

describe.skipIf(!hasBuild)('Elenco documenti con 100.000 righe', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY });
    page = b.page;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-elenco-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('creates the demo company from Benvenuto and lists its documents', async () => {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Crea azienda dimostrativa' }).click();
    await expect.poll(() => page.url()).toContain('#/documenti');
    await expect.poll(async () => Number((await page.getByTestId('documents-count').textContent())?.replace(/\D/g, '') || 0)).toBeGreaterThan(0);
    await b.shot('30-demo-documenti');
    await page.getByRole('link', { name: 'Clienti', exact: true }).click();
    await page.getByRole('grid', { name: 'Clienti' }).waitFor();
    await b.shot('31-demo-clienti');

    // The company switcher: current company, "Apri…" with a path that is not a company file (refused in the dialog).
    await page.getByTestId('company-switcher').click();
    await page.getByRole('button', { name: 'Nuova azienda…' }).waitFor();
    await b.shot('35-cambia-azienda');
    await page.getByRole('button', { name: 'Apri…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apri un’azienda' });
    await dialog.getByLabel('Percorso del file dell’azienda').fill('/non/esiste.fdesk');
    await dialog.getByRole('button', { name: 'Apri', exact: true }).click();
    const describedBy = await dialog.getByLabel('Percorso del file dell’azienda').getAttribute('aria-describedby');
    await expect.poll(async () => (await page.locator(`[id="${describedBy}"]`).textContent()) ?? '').not.toBe('');
    await b.shot('36-apri-azienda-errore');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.getByTestId('company-switcher').textContent()).toContain('Studio Demo Fatture');
  });

  it('scrolls 100,000 rows with only the visible ones in the DOM, fetching pages as it goes', async () => {
    const before = (await app.api.call('documents.list', { limit: 1 })) as { ok: true; result: { total: number } };
    seedDrafts(ROWS);
    const total = before.result.total + ROWS;
    const expected = `${new Intl.NumberFormat('it-IT', { useGrouping: 'always' } as Intl.NumberFormatOptions).format(total)} documenti`;

    const requests: { offset: number; limit: number }[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/documents.list')) requests.push(JSON.parse(r.postData() ?? '{}') as { offset: number; limit: number });
    });
    await page.getByRole('link', { name: 'Documenti' }).click();
    await expect.poll(() => page.getByTestId('documents-count').textContent(), { timeout: 15_000 }).toBe(expected);
    const grid = page.getByRole('grid', { name: 'Elenco dei documenti' });
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(total + 1));
    expect(await page.locator('.vl-row').count()).toBeLessThan(60);
    expect(requests.every((r) => r.limit <= 200)).toBe(true);
    await b.shot('32-documenti-100k');

    // Keyboard: into the list, End jumps to the last row; the page around it is fetched; the DOM stays small.
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await expect.poll(() => page.locator(`#vl-row-${total - 1} [data-doc-id]`).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('.vl-row').count()).toBeLessThan(60);
    expect(requests.some((r) => r.offset >= total - 200)).toBe(true);
    await b.shot('33-documenti-100k-fine');

    // Scrolling to the middle by hand loads the rows there too.
    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await expect.poll(() => page.locator('.vl-row.loading').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.locator('.vl-row').count()).toBeLessThan(60);
    const fetchedPages = new Set(requests.map((r) => r.offset));
    expect(fetchedPages.size).toBeLessThan(12);

    // PageUp moves by a screenful; Enter on a draft opens it in the wizard.
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Modifica bozza' }).waitFor();
  });

  it('sorts by total on the server and keeps the rows in step with the header', async () => {
    const top = async (dir: 'asc' | 'desc') => {
      const r = (await app.api.call('documents.list', { sort: 'totale', dir, limit: 1 })) as { ok: true; result: { rows: { totale?: string }[] } };
      const v = r.result.rows[0]!.totale!;
      return `€ ${new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' } as Intl.NumberFormatOptions).format(Number(v))}`;
    };
    await page.getByRole('link', { name: 'Documenti' }).click();
    const firstRow = page.locator('#vl-row-0 [data-doc-id]');
    await page.getByRole('button', { name: 'Ordina per Totale' }).click();
    await expect.poll(() => firstRow.textContent(), { timeout: 15_000 }).toContain(await top('desc'));
    await page.getByRole('button', { name: 'Ordina per Totale' }).click();
    await expect.poll(() => firstRow.textContent(), { timeout: 15_000 }).toContain(await top('asc'));
    expect(await page.getByRole('columnheader', { name: /Totale/ }).first().getAttribute('aria-sort')).toBe('ascending');
    await b.shot('34-documenti-100k-ordinati');
    const header = await page.locator('.vl-header').boundingBox();
    const row = await page.locator('.vl-row').first().boundingBox();
    expect(Math.round(header!.width)).toBe(Math.round(row!.width));
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
