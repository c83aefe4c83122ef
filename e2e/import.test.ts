/**
 * Browser end-to-end of Archiviazione (import): a .zip holding a received invoice as XML, another signed (.xml.p7m)
 * and a broken file goes in through the page's file input (what a drop or "Scegli file" gives the page), then the
 * outcome of each file is shown — two imported, the broken one rejected with the Italian reason — and can be
 * filtered; the imported documents are listed with their PDF and XML. The same zip again: duplicates, nothing added.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { wrapP7m } from '../core/importer/testing/cms-builder';
import { IMPORT_COMPANY, sampleXml } from '../core/importer/testing/corpus';
import { writeZip } from '../core/importer/testing/zip-writer';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

let app: TestApp;
let b: TestBrowser;
let page: Page;

async function api<R>(method: string, args: unknown = {}): Promise<R> {
  const res = await app.api.call(method, args);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as R;
}

async function shot(name: string) {
  const close = page.locator('.toast-close');
  for (let n = await close.count(); n > 0; n = await close.count()) await close.first().click();
  await b.shot(name);
}

const encoder = new TextEncoder();
const zip = Buffer.from(
  writeZip([
    { name: 'fattura-ricevuta.xml', bytes: sampleXml('received', 0) },
    { name: 'fattura-firmata.xml.p7m', bytes: wrapP7m(sampleXml('received', 1)) },
    { name: 'rotta.xml', bytes: encoder.encode('<?xml version="1.0"?><p:FatturaElettronica versione="FPR12"><Header>') },
  ]),
);

const fileRow = (name: string) => page.getByTestId('import-file').filter({ hasText: name });

describe.skipIf(!hasBuild)('Archiviazione (importazione) nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR, api: { sdi: { secrets: { keytar: null, env: {} } } } });
    b = await launchBrowser({ today: TODAY, viewport: { width: 1500, height: 1000 } });
    page = b.page;
    await api('companies.create', { company: IMPORT_COMPANY });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-import-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('opens Archiviazione from the navigation: the drop zone and an empty list', async () => {
    await page.goto(app.url);
    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Archiviazione', exact: true }).click();
    await page.getByRole('heading', { name: 'Archiviazione' }).waitFor();
    await page.getByTestId('dropzone').getByText('Trascina qui le fatture da importare').waitFor();
    await page.getByText('Nessun documento importato.').waitFor();
    expect(await page.getByTestId('import-files').getAttribute('accept')).toContain('.p7m');
    expect(await page.getByTestId('import-files').getAttribute('multiple')).not.toBeNull();
    await shot('77-archiviazione-vuota');
  });

  it('imports a zip with an xml, a p7m and a broken file and shows the outcome of each file', async () => {
    await page.getByTestId('import-files').setInputFiles({ name: 'fatture-fornitori.zip', mimeType: 'application/zip', buffer: zip });
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    await expect.poll(() => page.getByTestId('import-file').count()).toBe(3);
    expect(await fileRow('fattura-ricevuta.xml').getAttribute('data-outcome')).toBe('imported');
    expect(await fileRow('fattura-firmata.xml.p7m').getAttribute('data-outcome')).toBe('imported');
    const broken = fileRow('rotta.xml');
    expect(await broken.getAttribute('data-outcome')).toBe('rejected');
    // The reason is the importer's Italian text, with its code.
    expect(await broken.locator('.reason').textContent()).toMatch(/[a-zà-ù]{4,}.*\([A-Z_0-9]+\)/);
    expect(await fileRow('fattura-firmata.xml.p7m').textContent()).toContain('Ricevuta');
    await expect.poll(() => page.getByTestId('imported-row').count()).toBe(2);
    await shot('78-archiviazione-esito');

    // Filters: only the rejected file, then only the imported ones.
    await page.getByTestId('filter-rejected').click();
    await expect.poll(() => page.getByTestId('import-file').count()).toBe(1);
    expect(await page.getByTestId('import-file').first().getAttribute('data-outcome')).toBe('rejected');
    await shot('79-archiviazione-filtro-scartati');
    await page.getByTestId('filter-imported').click();
    await expect.poll(() => page.getByTestId('import-file').count()).toBe(2);

    const list = await api<{ total: number; rows: { direction: string; container: string }[] }>('import.list', {});
    expect(list.total).toBe(2);
    expect(list.rows.map((r) => r.container).sort()).toEqual(['p7m', 'xml']);
    expect(list.rows.every((r) => r.direction === 'received')).toBe(true);
  });

  it('the imported documents offer their XML (the file as it came) and their PDF', async () => {
    const signed = page.getByTestId('imported-row').filter({ hasText: 'firmato' });
    const [p7m] = await Promise.all([page.waitForEvent('download'), signed.getByRole('button', { name: /^XML/ }).click()]);
    expect(p7m.suggestedFilename()).toMatch(/\.p7m$/);
    const [pdf] = await Promise.all([b.context.waitForEvent('page'), signed.getByRole('button', { name: /^PDF/ }).click()]);
    expect(pdf.url()).toMatch(/^blob:/);
    await pdf.close();
  });

  it('the same zip again: duplicates are recognised and nothing is added', async () => {
    await page.getByTestId('import-files').setInputFiles({ name: 'fatture-fornitori.zip', mimeType: 'application/zip', buffer: zip });
    await expect.poll(() => fileRow('fattura-ricevuta.xml').getAttribute('data-outcome')).toBe('duplicate');
    expect(await fileRow('fattura-firmata.xml.p7m').getAttribute('data-outcome')).toBe('duplicate');
    expect(await fileRow('rotta.xml').getAttribute('data-outcome')).toBe('rejected');
    expect(await fileRow('fattura-ricevuta.xml').locator('.reason').textContent()).toContain('Duplicato');
    await shot('80-archiviazione-duplicati');
    expect((await api<{ total: number }>('import.list', {})).total).toBe(2);
    // The received invoices also show in Interscambio -> Ricevute.
    expect((await api<{ total: number }>('received.list', {})).total).toBe(2);
    expect(b.problems).toEqual([]);
  });
});
