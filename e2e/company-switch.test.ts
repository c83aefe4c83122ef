/**
 * Browser end-to-end of the company switcher and the status bar: three companies (one file each); the switcher lists
 * the recent ones, most recent first; picking one opens it (its own customers and outbox, nothing of the other),
 * with the mouse or the keyboard; an invoice being drafted with unsaved changes is not dropped without asking; a recent
 * company whose file disappeared says so in Italian and the open company stays. The status bar's connectivity
 * indicator follows the browser going offline (Playwright's network emulation) and back. Screens go to
 * e2e/screenshots/.
 */
import { existsSync, renameSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CompanySummary } from '../core/api/types';
import { simpleDraft } from '../core/invoicing/services/test-support';
import { openCompanyDb } from '../db/open';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';
import { apiCall, closeToasts, createCompany } from './support/seed';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

let app: TestApp;
let b: TestBrowser;
let page: Page;
const files: Record<string, string> = {};

const api = <R>(method: string, args: unknown = {}) => apiCall<R>(app, method, args);
const switcher = () => page.getByTestId('company-switcher');
const panelItems = () => page.locator('.panel .panel-item:not(.action) .item-name').allTextContents();

async function shot(name: string) {
  await closeToasts(page);
  await b.shot(name);
}

/** A company with one customer of its own and `queued` invoices in its outbox. */
async function company(name: string, partitaIva: string, customer: string, queued: number) {
  const c = await createCompany(app, name, partitaIva);
  files[name] = c.file;
  await api('banks.save', { istituto: 'Banca Popolare di Milano', iban: 'IT60X0542811101000000123456', isDefault: true });
  const cust = await api<{ id: number }>('customers.save', {
    kind: 'B2B',
    isSupplier: false,
    denominazione: customer,
    idPaese: 'IT',
    partitaIva: '01234567897',
    address: { indirizzo: 'Via Roma', numeroCivico: '1', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
    codiceDestinatario: 'M5UXCR1',
    splitPayment: false,
  });
  for (let i = 0; i < queued; i++) {
    const d = await api<{ id: number }>('drafts.create', { draft: simpleDraft(cust.id, { date: TODAY }) });
    await api('documents.register', { id: d.id });
  }
}

async function pick(name: string) {
  await switcher().click();
  await page.locator('.panel').getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect.poll(() => switcher().textContent()).toContain(name);
}

async function customersShown(): Promise<string[]> {
  await page.getByRole('link', { name: 'Clienti', exact: true }).click();
  await page.getByRole('heading', { name: 'Clienti' }).waitFor();
  await expect.poll(() => page.locator('[role="row"] .name').count()).toBeGreaterThan(0);
  return page.locator('[role="row"] .name').allTextContents();
}

describe.skipIf(!hasBuild)('Cambio azienda e barra di stato nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY });
    page = b.page;
    // Created in this order, so Gamma is open and the recent list reads Gamma, Beta, Alfa.
    await company('Alfa Impianti S.r.l.', '09876543217', 'Cliente di Alfa S.p.A.', 2);
    await company('Beta Servizi S.r.l.', '12345678903', 'Cliente di Beta S.p.A.', 0);
    await company('Gamma Consulting S.r.l.', '00743110157', 'Cliente di Gamma S.p.A.', 1);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-aziende-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('lists the recent companies, most recent first, and opens the one picked (its own data only)', async () => {
    await page.goto(app.url);
    await expect.poll(() => switcher().textContent()).toContain('Gamma Consulting S.r.l.');
    await expect.poll(() => page.getByTestId('outbox').textContent()).toContain('In uscita: 1');

    await switcher().click();
    expect(await switcher().getAttribute('aria-expanded')).toBe('true');
    // The open one first (marked "aperta"), then the others by last use.
    expect(await panelItems()).toEqual(['Gamma Consulting S.r.l.', 'Beta Servizi S.r.l.', 'Alfa Impianti S.r.l.']);
    expect(await page.locator('.panel .panel-item.current').textContent()).toContain('aperta');
    expect(await page.locator('.panel').textContent()).toContain('P.IVA 09876543217');
    await shot('140-cambia-azienda-recenti');
    await page.keyboard.press('Escape');
    expect(await switcher().getAttribute('aria-expanded')).toBe('false');

    // The oldest one, with the mouse.
    await pick('Alfa Impianti S.r.l.');
    await page.getByText('Aperta: Alfa Impianti S.r.l.').waitFor();
    await expect.poll(() => page.url()).toContain('#/documenti');
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('2 documenti');
    await expect.poll(() => page.getByTestId('outbox').textContent()).toContain('In uscita: 2');
    expect(await customersShown()).toEqual(['Cliente di Alfa S.p.A.']);
    await shot('141-aperta-alfa');

    // The host remembers it as the last used, first in the list.
    const recent = await api<CompanySummary[]>('companies.list');
    expect(recent.map((c) => c.name)).toEqual(['Alfa Impianti S.r.l.', 'Gamma Consulting S.r.l.', 'Beta Servizi S.r.l.']);
    expect((await api<CompanySummary>('companies.current')).file).toBe(files['Alfa Impianti S.r.l.']);
  });

  it('picks a recent company with the keyboard (arrows and Enter)', async () => {
    await switcher().focus();
    await page.keyboard.press('Enter');
    await page.locator('.panel').waitFor();
    expect(await panelItems()).toEqual(['Alfa Impianti S.r.l.', 'Gamma Consulting S.r.l.', 'Beta Servizi S.r.l.']);
    // The focus starts on the open company; two steps down is Beta.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Beta Servizi S.r.l.');
    await page.keyboard.press('Enter');
    await expect.poll(() => switcher().textContent()).toContain('Beta Servizi S.r.l.');
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('0 documenti');
    await expect.poll(() => page.getByTestId('outbox').textContent()).toContain('In uscita: 0');
    expect(await customersShown()).toEqual(['Cliente di Beta S.p.A.']);
  });

  it('asks before dropping an invoice with unsaved changes; Annulla keeps the company and the draft', async () => {
    await page.getByRole('link', { name: 'Nuova fattura' }).click();
    await page.getByRole('combobox', { name: 'Cerca il cliente' }).fill('beta');
    await page.getByRole('option', { name: /Cliente di Beta/ }).click();
    await page.getByLabel('Causale').fill('Da non perdere');

    await switcher().click();
    await page.locator('.panel').getByRole('button', { name: /^Gamma Consulting/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Abbandonare la fattura?' });
    await confirm.getByText('I dati inseriti e non salvati andranno persi.').waitFor();
    await shot('142-cambia-azienda-bozza-non-salvata');
    await confirm.getByRole('button', { name: 'Annulla' }).click();
    expect(await switcher().textContent()).toContain('Beta Servizi S.r.l.');
    expect(await page.getByLabel('Causale').inputValue()).toBe('Da non perdere');

    await switcher().click();
    await page.locator('.panel').getByRole('button', { name: /^Gamma Consulting/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Abbandona' }).click();
    await expect.poll(() => switcher().textContent()).toContain('Gamma Consulting S.r.l.');
    expect(await customersShown()).toEqual(['Cliente di Gamma S.p.A.']);
    // Nothing of the dropped draft was saved in Beta's file (read beside the app, read-only).
    const beta = openCompanyDb(files['Beta Servizi S.r.l.']!, { readonly: true });
    try {
      expect(beta.sqlite.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });
    } finally {
      beta.close();
    }
  });

  it('a recent company whose file disappeared: an Italian error, and the open company stays', async () => {
    const alfa = files['Alfa Impianti S.r.l.']!;
    renameSync(alfa, `${alfa}.spostato`);
    try {
      await switcher().click();
      await page.locator('.panel').getByRole('button', { name: /^Alfa Impianti/ }).click();
      await page.getByText(/Il file .*non esiste\./).waitFor();
      await b.shot('143-cambia-azienda-file-mancante');
      expect(await switcher().textContent()).toContain('Gamma Consulting S.r.l.');
      expect((await api<CompanySummary[]>('companies.list')).find((c) => c.file === alfa)?.missing).toBe(true);
    } finally {
      renameSync(`${alfa}.spostato`, alfa);
    }
    // The failed open is an API error answered on purpose: not a problem of the page.
    const i = b.problems.findIndex((p) => /HTTP 4\d\d/.test(p));
    expect(i).toBe(-1);
  });

  it('the status bar says Offline when the network goes away, and Online when it is back', async () => {
    const connectivity = page.getByTestId('connectivity');
    await expect.poll(() => connectivity.textContent()).toContain('Online');
    expect(await connectivity.getAttribute('class')).toContain('on');
    const before = b.problems.length;

    await b.context.setOffline(true);
    await expect.poll(() => connectivity.textContent()).toContain('Offline');
    expect(await connectivity.getAttribute('class')).toContain('off');
    // The SdI channel is not asked while offline, and says so.
    await expect.poll(() => page.getByTestId('channel-health').textContent()).toContain('offline');
    await shot('144-barra-stato-offline');

    await b.context.setOffline(false);
    await expect.poll(() => connectivity.textContent()).toContain('Online');
    expect(await connectivity.getAttribute('class')).not.toContain('off');
    await expect.poll(() => page.getByTestId('channel-health').textContent()).not.toContain('offline');
    await shot('145-barra-stato-online');

    // Playwright's offline mode also cuts the page from the local host (127.0.0.1) that serves the app: whatever the
    // page tried to load in that window failed as "disconnected", which is the emulation, not the app.
    const during = b.problems.splice(before);
    expect(during.every((p) => /ERR_INTERNET_DISCONNECTED/.test(p)), during.join('\n')).toBe(true);
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
