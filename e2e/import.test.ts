/**
 * Browser end-to-end of Archiviazione (import): a .zip holding a received invoice as XML, another signed (.xml.p7m)
 * and a broken file goes in through the page's file input ("Scegli file"), then the outcome of each file is shown —
 * two imported, the broken one rejected with the Italian reason — and can be filtered; the imported documents are
 * listed with their PDF and XML. The same zip again: duplicates, nothing added. Then the other ways in: files dragged
 * onto the drop zone (a real drop event carrying a DataTransfer made in the page), a whole folder picked with "Scegli
 * cartella" (invoices at any depth, other files left out); the progress bar while a zip of 300 invoices imports; and
 * Annulla in the middle of a batch sent in three requests: the Italian note, the files done stay imported, the rest is
 * not, and what is stored is whole (checked through the API, byte for byte).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Page, Route } from 'playwright-core';
import type { ImportedDocumentRow } from '../core/importer/api-types';
import { wrapP7m } from '../core/importer/testing/cms-builder';
import { IMPORT_COMPANY, sampleXml } from '../core/importer/testing/corpus';
import { writeZip } from '../core/importer/testing/zip-writer';
import { MAX_REQUEST_CHARS } from '../renderer/stores/request-limit';
import { base64Length, planChunks } from '../renderer/util/files';
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

/** Every imported document, all pages. */
async function allImported(): Promise<ImportedDocumentRow[]> {
  const rows: ImportedDocumentRow[] = [];
  for (;;) {
    const page = await api<{ total: number; rows: ImportedDocumentRow[] }>('import.list', { offset: rows.length, limit: 1000 });
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return rows;
  }
}

/** The outcome of every file in the summary, by name. */
async function outcomes(): Promise<Map<string, string>> {
  const rows = page.getByTestId('import-file');
  const list = await rows.evaluateAll((els) => els.map((el) => [el.querySelector('.file-name')?.textContent?.trim() ?? '', el.getAttribute('data-outcome') ?? '']));
  return new Map(list as [string, string][]);
}

/** Holds the n-th import.files request (1-based) until `release` is called; the others go through. */
async function holdImportRequest(n: number) {
  let seen = 0;
  let held: Route | undefined;
  let onHeld!: () => void;
  const heldNow = new Promise<void>((r) => (onHeld = r));
  const handler = async (route: Route) => {
    if (++seen === n) {
      held = route;
      onHeld();
    } else await route.continue();
  };
  await page.route('**/api/import.files', handler);
  let released = false;
  return {
    held: heldNow,
    /** Lets the held request go on (once; also after a failed assertion, so the page is not left waiting). */
    async release() {
      if (released) return;
      released = true;
      await held?.continue();
      await page.unroute('**/api/import.files', handler);
    },
  };
}

const progressCount = () => page.getByTestId('dropzone').getByTestId('progress-count').textContent();

let tmp: string;

describe.skipIf(!hasBuild)('Archiviazione (importazione) nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR, api: { sdi: { secrets: { keytar: null, env: {} } } } });
    b = await launchBrowser({ today: TODAY, viewport: { width: 1500, height: 1000 } });
    page = b.page;
    await api('companies.create', { company: IMPORT_COMPANY });
    tmp = mkdtempSync(join(tmpdir(), 'fatturadesk-e2e-import-'));
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-import-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
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
  it('lights up while files are dragged over it and imports what is dropped (each file tried and explained)', async () => {
    const dropped = [
      { name: 'trascinata-1.xml', type: 'application/xml', bytes: [...sampleXml('received', 10)] },
      { name: 'trascinata-2.xml', type: 'application/xml', bytes: [...sampleXml('received', 11)] },
      { name: 'appunti.txt', type: 'text/plain', bytes: [...encoder.encode('Da controllare con il fornitore')] },
    ];
    // A DataTransfer holding real File objects, made in the page: what the browser hands to the drop handler.
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      return dt;
    }, dropped);
    const zone = page.getByTestId('dropzone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await expect.poll(() => zone.getAttribute('class')).toContain('dragging');
    await shot('80a-archiviazione-trascina');
    // Moving over another element of the page keeps it lit; leaving the window (no related target) turns it off.
    await zone.locator('.drop-title').dispatchEvent('dragleave', { dataTransfer, relatedTarget: await page.getByRole('heading', { name: 'Archiviazione' }).elementHandle() });
    expect(await zone.getAttribute('class')).toContain('dragging');
    await zone.locator('.drop-title').dispatchEvent('dragleave', { dataTransfer });
    await expect.poll(() => zone.getAttribute('class')).not.toContain('dragging');

    const before = (await api<{ total: number }>('import.list', {})).total;
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => fileRow('appunti.txt').count()).toBe(1);
    await page.getByTestId('import-summary').waitFor();
    expect(await zone.getAttribute('class')).not.toContain('dragging');
    const seen = await outcomes();
    expect([...seen.entries()].sort()).toEqual([
      ['appunti.txt', 'rejected'],
      ['trascinata-1.xml', 'imported'],
      ['trascinata-2.xml', 'imported'],
    ]);
    expect(await fileRow('appunti.txt').locator('.reason').textContent()).toMatch(/«appunti\.txt».*\(IMPORT_TIPO_NON_SUPPORTATO\)/);
    await shot('80b-archiviazione-trascinate');
    const rows = await allImported();
    expect(rows).toHaveLength(before + 2);
    expect(rows.filter((r) => r.fileName.startsWith('trascinata-')).map((r) => r.numero).sort()).toEqual(['R-11', 'R-12']);
  });

  it('imports a whole folder picked with «Scegli cartella»: invoices at any depth, other files left out', async () => {
    const dir = join(tmp, 'fatture-2025');
    mkdirSync(join(dir, 'gennaio'), { recursive: true });
    mkdirSync(join(dir, 'febbraio'), { recursive: true });
    writeFileSync(join(dir, 'gennaio', 'IT01234567890_R21.xml'), sampleXml('received', 20));
    writeFileSync(join(dir, 'gennaio', 'IT01234567890_R22.xml.p7m'), wrapP7m(sampleXml('received', 21)));
    writeFileSync(
      join(dir, 'febbraio', 'lotto-febbraio.zip'),
      writeZip([
        { name: 'R23.xml', bytes: sampleXml('received', 22), deflate: true },
        { name: 'R24.xml', bytes: sampleXml('received', 23), deflate: true },
      ]),
    );
    writeFileSync(join(dir, 'leggimi.txt'), 'Fatture del 2025, da archiviare.');
    writeFileSync(join(dir, 'febbraio', 'scansione.pdf'), '%PDF-1.4 non una fattura');

    const folderButton = page.getByTestId('dropzone').locator('button', { hasText: 'Scegli cartella' });
    expect(await folderButton.isVisible()).toBe(true);
    expect(await page.getByTestId('import-folder').getAttribute('webkitdirectory')).not.toBeNull();
    const before = (await api<{ total: number }>('import.list', {})).total;
    await page.getByTestId('import-folder').setInputFiles(dir);
    await expect.poll(() => fileRow('IT01234567890_R21.xml').count()).toBe(1);
    const seen = await outcomes();
    expect([...seen.entries()].sort()).toEqual([
      ['IT01234567890_R21.xml', 'imported'],
      ['IT01234567890_R22.xml.p7m', 'imported'],
      ['lotto-febbraio.zip/R23.xml', 'imported'],
      ['lotto-febbraio.zip/R24.xml', 'imported'],
    ]);
    await shot('80c-archiviazione-cartella');
    expect((await api<{ total: number }>('import.list', {})).total).toBe(before + 4);
  });

  it('shows the progress bar with Annulla while a zip of 300 invoices imports, then the outcome of every invoice', async () => {
    const entries = Array.from({ length: 300 }, (_, i) => ({ name: `2025/R${String(i + 1).padStart(3, '0')}.xml`, bytes: sampleXml('received', 100 + i), deflate: true }));
    const zip = Buffer.from(writeZip(entries));
    const before = (await api<{ total: number }>('import.list', {})).total;
    // The request is held at the door, so the page is caught mid-import whatever the speed of this machine.
    const hold = await holdImportRequest(1);
    onTestFinished(() => hold.release());
    await page.getByTestId('import-files').setInputFiles({ name: 'fatture-2025.zip', mimeType: 'application/zip', buffer: zip });
    await hold.held;
    const zone = page.getByTestId('dropzone');
    expect(await zone.getAttribute('aria-busy')).toBe('true');
    const bar = zone.getByRole('progressbar', { name: 'Importazione in corso' });
    await bar.waitFor();
    // One file (the zip) cannot move a count of files: the bar runs indeterminate, with the file's name.
    expect(await bar.getAttribute('aria-valuenow')).toBeNull();
    expect(await bar.locator('.bar').getAttribute('class')).toContain('indeterminate');
    expect(await zone.getByTestId('progress-file').textContent()).toBe('fatture-2025.zip');
    expect(await zone.getByRole('button', { name: 'Annulla' }).isVisible()).toBe(true);
    // While it runs, no second import can start from the page.
    expect(await zone.locator('button', { hasText: 'Scegli file' }).count()).toBe(0);
    await shot('80d-archiviazione-avanzamento');
    await hold.release();

    await page.getByTestId('import-summary').waitFor();
    await expect.poll(() => page.getByTestId('filter-imported').textContent()).toMatch(/Importato\s*300/);
    expect(await page.getByTestId('import-file').count()).toBe(300);
    expect(await page.getByTestId('import-cancelled').count()).toBe(0);
    expect((await api<{ total: number }>('import.list', {})).total).toBe(before + 300);
  });

  it('Annulla in the middle of a batch: the Italian note, the files done stay imported and whole, the rest is not imported', async () => {
    // 300 invoices and two oversized files, in an order that the page sends as three requests (each under the host's
    // body limit): [R1000..R1099 + scansione-1], [R1100..R1199 + scansione-2], [R1200..R1299].
    const dir = join(tmp, 'lotto-grande');
    mkdirSync(dir);
    const invoice = (i: number) => ({ name: `IT07296665065_${1000 + i}.xml`, bytes: sampleXml('received', 1000 + i) });
    const invoices = Array.from({ length: 300 }, (_, i) => invoice(i));
    const cost = (size: number) => base64Length(size) + 256;
    const group = (from: number) => invoices.slice(from, from + 100);
    // A filler that fills its request to within a few bytes, so that the next invoice starts the next request.
    const filler = (name: string, used: number) => {
      const room = MAX_REQUEST_CHARS - used - 64 - 256;
      const size = Math.floor(room / 4) * 3;
      const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Scansione>');
      const bytes = Buffer.alloc(size, 0x41);
      head.copy(bytes);
      return { name, bytes };
    };
    const used = (files: { bytes: Uint8Array }[]) => files.reduce((n, f) => n + cost(f.bytes.length), 0);
    const g1 = [...group(0), filler('scansione-1.xml', used(group(0)))];
    const g2 = [...group(100), filler('scansione-2.xml', used(group(100)))];
    const g3 = group(200);
    const files = [...g1, ...g2, ...g3];
    for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
    const paths = files.map((f) => join(dir, f.name));
    // What the page will do with these sizes, checked here so the test keeps meaning what it says.
    const groups = planChunks(
      paths.map((p) => statSync(p).size),
      MAX_REQUEST_CHARS,
    );
    expect(groups.map((g) => g.length)).toEqual([101, 101, 100]);
    const before = await allImported();

    const hold = await holdImportRequest(2);
    onTestFinished(() => hold.release());
    await page.getByTestId('import-files').setInputFiles(paths);
    await hold.held;
    // The first request is done, the second on its way: 101 of 302 files, part 2 of 3.
    const zone = page.getByTestId('dropzone');
    expect(await progressCount()).toBe('101/302');
    expect(await zone.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('101');
    expect(await zone.locator('.drop-title').textContent()).toContain('parte 2 di 3');
    // The list below already shows what the first request imported.
    await expect.poll(() => page.locator('.list-head').textContent()).toContain(`${before.length + 100} documenti`);
    await shot('80e-archiviazione-in-corso');
    await zone.getByRole('button', { name: 'Annulla' }).click();
    await hold.release();

    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.getByTestId('import-cancelled').textContent()).toContain('Importazione interrotta su richiesta: i file non elaborati non sono stati importati.');
    const seen = await outcomes();
    // The first request's files are all there; the third request was never sent; the second was stopped on arrival
    // (how far it got depends on this machine, but only whole files count).
    for (const f of g1.slice(0, 100)) expect(seen.get(f.name), f.name).toBe('imported');
    expect(seen.get('scansione-1.xml')).toBe('rejected');
    expect(await fileRow('scansione-1.xml').locator('.reason').textContent()).toMatch(/oltre 5 MB.*\(FILE_TROPPO_GRANDE\)/);
    for (const f of g3) expect(seen.has(f.name), f.name).toBe(false);
    const g2Done = g2.filter((f) => seen.has(f.name));
    expect(g2.slice(0, g2Done.length).map((f) => f.name)).toEqual(g2Done.map((f) => f.name));
    expect(seen.size).toBe(101 + g2Done.length);
    await summary.scrollIntoViewIfNeeded();
    await shot('80f-archiviazione-annullata');

    // Through the API: exactly the files the summary says were imported are stored, each one whole.
    const after = await allImported();
    const known = new Set(before.map((r) => r.id));
    const added = after.filter((r) => !known.has(r.id));
    const importedNames = [...seen.entries()].filter(([, o]) => o === 'imported').map(([n]) => n);
    expect(added.map((r) => r.fileName).sort()).toEqual(importedNames.sort());
    const byName = new Map(files.map((f) => [f.name, f.bytes]));
    for (const r of added) {
      const xml = await api<{ base64: string }>('import.xml', { id: r.id });
      expect(Buffer.from(xml.base64, 'base64').equals(Buffer.from(byName.get(r.fileName)!)), r.fileName).toBe(true);
    }
    expect(b.problems).toEqual([]);
  });
});
