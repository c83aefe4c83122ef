/**
 * Browser end-to-end of Fatture → Documenti beyond journey 5: the period filter (Dal / Al) narrows the list, a date
 * that is not a date is refused next to the field and changes nothing; the row menu's "PDF" opens the courtesy copy of
 * THAT document in a new tab (read back from the page, checked with poppler's pdftotext, pictured with pdftoppm into
 * e2e/screenshots/pdf/), for a registered invoice and for a draft. Screens go to e2e/screenshots/.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocumentDraft } from '../core/invoicing/types';
import { simpleDraft } from '../core/invoicing/services/test-support';
import { flatText, HAS_PDFTOTEXT } from '../core/pdf/testing/pdftotext';
import { HAS_PDFTOPPM, renderPdfPages } from '../core/pdf/testing/pdftoppm';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';
import { apiCall, closeToasts, createCompany, errorOf } from './support/seed';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

let app: TestApp;
let b: TestBrowser;
let page: Page;

const api = <R>(method: string, args: unknown = {}) => apiCall<R>(app, method, args);
const count = () => page.getByTestId('documents-count').textContent();
const dates = () => page.locator('[data-doc-id] .num-left').allTextContents();

async function shot(name: string) {
  await closeToasts(page);
  await b.shot(name);
}

interface Doc {
  id: number;
  numero?: string;
  date: string;
}
const docs: Doc[] = [];

/** Every blob the page makes into an object URL, kept so the test can read what a new tab was given. */
async function recordBlobs() {
  await page.evaluate(() => {
    const w = window as unknown as { __blobs: Blob[] };
    w.__blobs = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      if (obj instanceof Blob) w.__blobs.push(obj);
      return original(obj);
    };
  });
}

/** The last blob handed to a tab, as bytes (base64 across the page boundary; the CSP forbids fetching a blob:). */
async function lastBlob(): Promise<{ type: string; bytes: Buffer }> {
  const r = await page.evaluate(async () => {
    const blob = (window as unknown as { __blobs: Blob[] }).__blobs.at(-1)!;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { type: blob.type, base64: btoa(bin) };
  });
  return { type: r.type, bytes: Buffer.from(r.base64, 'base64') };
}

async function pdfFromRowMenu(id: number): Promise<{ type: string; bytes: Buffer }> {
  const before = (await page.evaluate(() => (window as unknown as { __blobs: Blob[] }).__blobs.length)) as number;
  const row = page.locator(`[data-doc-id="${id}"]`);
  await row.getByRole('button', { name: /Azioni sul documento/ }).click();
  const [tab] = await Promise.all([b.context.waitForEvent('page'), page.getByRole('menuitem', { name: 'PDF' }).click()]);
  await expect.poll(() => tab.url()).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __blobs: Blob[] }).__blobs.length)).toBe(before + 1);
  await tab.close();
  return lastBlob();
}

describe.skipIf(!hasBuild)('Documenti: periodo e PDF nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY });
    page = b.page;
    await createCompany(app);
    await api('banks.save', { istituto: 'Banca Popolare di Milano', iban: 'IT60X0542811101000000123456', isDefault: true });
    const customer = await api<{ id: number }>('customers.save', {
      kind: 'B2B',
      isSupplier: false,
      denominazione: 'Rossi Costruzioni S.p.A.',
      idPaese: 'IT',
      partitaIva: '01234567897',
      address: { indirizzo: 'Corso Vittorio Emanuele II', numeroCivico: '45', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
      codiceDestinatario: 'M5UXCR1',
      splitPayment: false,
    });
    // Four invoices registered in date order (numbers 1-4), and a draft of today.
    for (const [date, causale] of [
      ['2026-09-15', 'Lavori di settembre'],
      ['2026-10-01', 'Lavori di inizio ottobre'],
      ['2026-10-31', 'Lavori di fine ottobre'],
      ['2026-11-20', 'Lavori di novembre'],
    ] as const) {
      const draft: DocumentDraft = simpleDraft(customer.id, { date, causale });
      const d = await api<Doc>('drafts.create', { draft });
      docs.push(await api<Doc>('documents.register', { id: d.id }));
    }
    docs.push(await api<Doc>('drafts.create', { draft: simpleDraft(customer.id, { date: TODAY, causale: 'Bozza di fine novembre' }) }));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-documenti-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('the period filter: Dal narrows, Al narrows further, both bounds included; a wrong date changes nothing', async () => {
    expect(docs.map((d) => d.numero)).toEqual(['1', '2', '3', '4', undefined]);
    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Documenti' }).waitFor();
    await expect.poll(count).toBe('5 documenti');

    const from = page.getByLabel('Dal', { exact: true });
    const to = page.getByLabel('Al', { exact: true });
    await from.fill('01/10/2026');
    await from.blur();
    await expect.poll(count).toBe('4 documenti');
    expect((await dates()).sort()).toEqual(['01/10/2026', '20/11/2026', '23/11/2026', '31/10/2026']);

    await to.fill('31/10/2026');
    await to.blur();
    await expect.poll(count).toBe('2 documenti');
    expect(await dates()).toEqual(['31/10/2026', '01/10/2026']);
    await shot('120-documenti-periodo');

    // Only an end: everything up to it.
    await from.fill('');
    await from.blur();
    await expect.poll(count).toBe('3 documenti');
    expect(await dates()).toEqual(['31/10/2026', '01/10/2026', '15/09/2026']);

    // A date that is not one: said next to the field, the list as it was.
    await from.fill('32/13/2026');
    await from.blur();
    expect(await errorOf(page, 'Dal', page, true)).toBe('Data non valida: scrivi gg/mm/aaaa (es. 23/11/2026)');
    expect(await count()).toBe('3 documenti');
    await shot('121-documenti-periodo-data-errata');

    // A single day, typed the short way.
    await from.fill('20/11/26');
    await from.blur();
    await to.fill('20/11/26');
    await to.blur();
    await expect.poll(count).toBe('1 documento');
    expect(await dates()).toEqual(['20/11/2026']);
    expect(await from.inputValue()).toBe('20/11/2026');

    await page.getByRole('button', { name: 'Azzera filtri' }).click();
    await expect.poll(count).toBe('5 documenti');
    expect(await from.inputValue()).toBe('');
    expect(await to.inputValue()).toBe('');
  });

  it('the row menu "PDF" opens the courtesy copy of that registered invoice in a new tab', async () => {
    await recordBlobs();
    const target = docs[2]!; // n. 3 of 31/10/2026
    const pdf = await pdfFromRowMenu(target.id);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByText(/^PDF pronto: IT09876543217_\w{5}\.pdf$/).waitFor();
    await shot('122-documenti-pdf-pronto');
    if (HAS_PDFTOTEXT) {
      const text = flatText(pdf.bytes);
      expect(text).toContain('N. 3 del 31/10/2026');
      expect(text).toContain('Lavori di fine ottobre');
      expect(text).toContain('Rossi Costruzioni S.p.A.');
      expect(text).toContain('Studio Bianchi S.r.l.');
      expect(text).not.toContain('Lavori di settembre');
    }
    if (HAS_PDFTOPPM) expect(renderPdfPages(pdf.bytes, 'documenti-menu-pdf-n3').length).toBeGreaterThanOrEqual(1);
  });

  it('the row menu "PDF" of a draft opens its preview, without a number', async () => {
    const draft = docs[4]!;
    const pdf = await pdfFromRowMenu(draft.id);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (HAS_PDFTOTEXT) {
      const text = flatText(pdf.bytes);
      expect(text).toContain('Bozza di fine novembre');
      expect(text).toContain('23/11/2026');
      expect(text).not.toMatch(/N\. [1-4] del/);
    }
    if (HAS_PDFTOPPM) expect(renderPdfPages(pdf.bytes, 'documenti-menu-pdf-bozza').length).toBeGreaterThanOrEqual(1);
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
