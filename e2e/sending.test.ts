/**
 * Browser end-to-end of sending to the SdI: the real app (API + local web host, SQLite in a temp folder, today pinned)
 * with the built-in sandbox SdI in process, driven in Debian's Chromium.
 *
 * Three registered invoices (the first dated 11 days ago, so its 12-day sending deadline is near). Offline, "Invia
 * tutto" says so and leaves all three queued. Online: the batch shows its progress (the second upload is held by the
 * test's fetch, so "1/3" and the file name can be seen) and is cancelled there: two files go, one stays queued.
 * "Aggiorna stati" then moves the first to Consegnata and the second — made to fail by a sandbox rule — to Scartata;
 * its history explains the NS error and offers the raw file; "Correggi e reinvia" opens the wizard on a draft with the
 * same number and date, registered and sent with the rest: all Consegnata. Interscambio shows sent invoices (statuses,
 * SdI ids, the date columns, the history, XML and PDF of a row) and received ones (XML and PDF); the channel settings
 * test a dead sandbox URL in Italian. Every screen is saved to e2e/screenshots/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildTestFattura } from '../core/fatturapa/checks/testing';
import { writeFattura } from '../core/fatturapa/writer';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { simpleDraft } from '../core/invoicing/services/test-support';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

const COMPANY_PIVA = '12345678903';
const SUPPLIER_PIVA = '01234567897';

let app: TestApp;
let b: TestBrowser;
let page: Page;

/** The sandbox's second upload waits for this gate, so the progress of the batch can be seen and cancelled. */
let uploads = 0;
let holdSecond = false;
let releaseGate: () => void = () => undefined;
const gate = () => new Promise<void>((resolve) => (releaseGate = resolve));
let gateOpen: Promise<void> = Promise.resolve();
const heldFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (init?.method === 'POST' && /\/sdi\/v1\/files$/.test(url)) {
    uploads++;
    if (holdSecond && uploads === 2) await gateOpen;
  }
  return fetch(input, init);
};

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

interface Doc {
  id: number;
  numero?: string;
  fileName?: string;
  status: string;
}
const docs: Doc[] = [];

const row = (id: number) => page.locator(`[data-doc-id="${id}"]`);
const sentRow = (id: number) => page.locator(`[data-testid="sent-row"][data-doc-id="${id}"]`);

/** As the screens show a date and time (renderer/format/format.ts), in the browser's time zone (Europe/Rome). */
const dateTime = (iso: string) => new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' }).format(new Date(iso));

/** PDFs open in a new tab from a blob: the page keeps each blob it hands out, so the test can read it back. */
async function capturePdfBlobs() {
  await page.evaluate(() => {
    const w = window as unknown as { __blobs?: Blob[] };
    if (w.__blobs) return;
    w.__blobs = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      if (obj instanceof Blob) w.__blobs!.push(obj);
      return original(obj);
    };
  });
}

async function lastPdfBlob(): Promise<{ type: string; head: string; size: number }> {
  return page.evaluate(async () => {
    const blob = (window as unknown as { __blobs: Blob[] }).__blobs.at(-1)!;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    return { type: blob.type, head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length };
  });
}
const statusOf = (id: number) => row(id).locator('.badge').textContent();

async function rowMenu(id: number, item: string) {
  await row(id).getByRole('button', { name: /Azioni sul documento/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

describe.skipIf(!hasBuild)('Invio allo SdI nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR, api: { sdi: { secrets: { keytar: null, env: {} }, fetch: heldFetch } } });
    b = await launchBrowser({ today: TODAY, viewport: { width: 1500, height: 950 } });
    page = b.page;
    await api('companies.create', {
      company: {
        denominazione: 'Officina Verdi S.r.l.',
        idPaese: 'IT',
        partitaIva: COMPANY_PIVA,
        regimeFiscale: 'RF01',
        sede: { indirizzo: 'Via Po', numeroCivico: '1', cap: '10100', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
      },
    });
    await api('banks.save', { istituto: 'Banca Popolare di Milano', iban: 'IT60X0542811101000000123456', isDefault: true });
    const customer = await api<{ id: number }>('customers.save', {
      kind: 'B2B',
      isSupplier: false,
      denominazione: 'Rossi Costruzioni S.p.A.',
      idPaese: 'IT',
      partitaIva: SUPPLIER_PIVA,
      address: { indirizzo: 'Corso Vittorio Emanuele II', numeroCivico: '45', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
      codiceDestinatario: 'M5UXCR1',
      splitPayment: false,
    });
    // Three invoices registered (queued for the SdI): the first 11 days old, its sending deadline is tomorrow.
    const store = app.api.context.session.current!.store;
    for (const date of ['2026-11-12', TODAY, TODAY]) {
      const draft = createDraft(store, simpleDraft(customer.id, { date, causale: `Lavori del ${date}` }));
      registerDocument(store, draft.id, { today: TODAY });
      const d = await api<Doc>('documents.get', { id: draft.id });
      docs.push(d);
    }
    // The built-in sandbox: the second file is rejected (NS), and a supplier's invoice waits for the company.
    await app.api.sdi.localSandboxUrl!();
    app.api.sdi.localSandbox!.setRules({ byFileName: { [docs[1]!.fileName!]: 'reject' } });
    const f = buildTestFattura();
    f.FatturaElettronicaHeader.DatiTrasmissione.IdTrasmittente = { IdPaese: 'IT', IdCodice: SUPPLIER_PIVA };
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'IT', IdCodice: SUPPLIER_PIVA };
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica = { Denominazione: 'Rossi Forniture S.r.l.' };
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'IT', IdCodice: COMPANY_PIVA };
    app.api.sdi.localSandbox!.inject(`IT${SUPPLIER_PIVA}_00A01.xml`, writeFattura(f).bytes);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-invio-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    releaseGate();
    await b?.close();
    await app?.close();
  });

  it('shows the queue, the deadline banner and the row menu; Interscambio and Archiviazione are in the navigation', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.url()).toContain('#/documenti');
    const nav = page.getByRole('navigation', { name: 'Navigazione principale' });
    for (const name of ['Documenti', 'Nuova fattura', 'Interscambio', 'Archiviazione', 'Cassaforte', 'Ordini', 'Clienti', 'Impostazioni']) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    for (const d of docs) await expect.poll(() => statusOf(d.id)).toBe('In coda di invio');
    await expect.poll(() => page.getByTestId('send-all').textContent()).toContain('3');
    const banner = page.getByTestId('deadline-banner');
    await banner.getByText(/va trasmessa entro il 24\/11\/2026 \(domani\)/).waitFor();
    await expect.poll(() => page.getByTestId('outbox').textContent()).toContain('In uscita: 3');
    await expect.poll(() => page.getByTestId('channel-health').textContent()).toContain('Sandbox SdI (prova): connesso');
    await shot('60-documenti-coda-scadenze');

    await row(docs[0]!.id).getByRole('button', { name: /Azioni sul documento/ }).click();
    const menu = page.getByRole('menu');
    expect(await menu.getByRole('menuitem', { name: 'Invia' }).getAttribute('aria-disabled')).toBeNull();
    expect(await menu.getByRole('menuitem', { name: 'Storico SdI' }).getAttribute('aria-disabled')).toBeNull();
    expect(await menu.getByRole('menuitem', { name: 'Correggi e reinvia' }).count()).toBe(0);
    await shot('61-documenti-menu-invio');
    await page.keyboard.press('Escape');
  });

  it('offline, "Invia tutto" says so and leaves the three invoices queued', async () => {
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      window.dispatchEvent(new Event('offline'));
    });
    await page.getByTestId('send-all').click();
    const dialog = page.getByRole('dialog', { name: 'Invia tutto' });
    await dialog.getByText('Sei offline').waitFor();
    await dialog.getByText('I 3 documenti in coda restano in coda').waitFor();
    await shot('62-invio-offline');
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    expect((await api<{ counts: { queued: number } }>('outbox.list', {})).counts.queued).toBe(3);
    expect(app.api.sdi.localSandbox!.log().uploads).toHaveLength(0);
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
      window.dispatchEvent(new Event('online'));
    });
  });

  it('sends the batch with its progress (x/N and the file name); Annulla stops after the file in flight', async () => {
    holdSecond = true;
    uploads = 0;
    gateOpen = gate();
    await page.getByTestId('send-all').click();
    const dialog = page.getByRole('dialog', { name: 'Invia tutto' });
    await expect.poll(() => dialog.getByTestId('progress-count').textContent()).toBe('1/3');
    expect(await dialog.getByTestId('progress-file').textContent()).toBe(docs[0]!.fileName);
    expect(await dialog.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    await shot('63-invio-in-corso');
    await dialog.getByRole('button', { name: 'Annulla' }).click();
    await dialog.getByText('Annullamento: il file in viaggio viene completato').waitFor();
    releaseGate();
    const summary = dialog.getByTestId('send-summary');
    await summary.waitFor();
    await expect.poll(() => summary.textContent()).toContain('invio interrotto su richiesta');
    await dialog.getByText('Invio interrotto su richiesta: i documenti non inviati restano in coda.').waitFor();
    // After a cancel no status update runs on top.
    expect(await dialog.getByTestId('fetch-summary').count()).toBe(0);
    await shot('64-invio-annullato');
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    holdSecond = false;

    expect(app.api.sdi.localSandbox!.log().uploads.map((u) => u.fileName)).toEqual([docs[0]!.fileName, docs[1]!.fileName]);
    await expect.poll(() => statusOf(docs[0]!.id)).toBe('Trasmessa');
    await expect.poll(() => statusOf(docs[1]!.id)).toBe('Trasmessa');
    expect(await statusOf(docs[2]!.id)).toBe('In coda di invio');
    await expect.poll(() => page.getByTestId('outbox').textContent()).toContain('In uscita: 1');
  });

  it('"Aggiorna stati" moves the statuses: Consegnata, and Scartata for the file the sandbox rejects', async () => {
    await page.getByRole('button', { name: 'Aggiorna stati' }).click();
    const dialog = page.getByRole('dialog', { name: 'Aggiorna stati' });
    const summary = dialog.getByTestId('fetch-summary');
    await summary.waitFor();
    await expect.poll(() => summary.textContent()).toContain('2 cambi di stato');
    await shot('65-aggiorna-stati');
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    await expect.poll(() => statusOf(docs[0]!.id)).toBe('Consegnata');
    await expect.poll(() => statusOf(docs[1]!.id)).toBe('Scartata');
    // The rejected invoice: 5 days to re-send, said in the banner.
    await page.getByTestId('deadline-banner').getByText(/è stata scartata: correggila e reinviala/).waitFor();
    await shot('66-documenti-consegnata-scartata');
  });

  it('the history of the rejected invoice explains the NS error with its fix and gives the raw file', async () => {
    await rowMenu(docs[1]!.id, 'Storico SdI');
    const dialog = page.getByRole('dialog', { name: 'Storico SdI' });
    await dialog.getByTestId('history-entry').first().waitFor();
    expect(await dialog.getByTestId('history-status').textContent()).toBe('Scartata');
    const entry = dialog.getByTestId('history-entry').first();
    expect(await entry.locator('.kind').textContent()).toBe('NS');
    const errors = dialog.getByTestId('history-errors');
    await errors.waitFor();
    const firstCode = (await errors.locator('tbody tr td.code').first().textContent())?.trim();
    expect(firstCode).toMatch(/^\d{5}$/);
    expect((await errors.locator('tbody tr td').nth(2).textContent())?.trim().length).toBeGreaterThan(10);
    await dialog.getByRole('button', { name: 'Correggi e reinvia' }).waitFor();
    await shot('67-storico-scarto');
    const [download] = await Promise.all([page.waitForEvent('download'), entry.getByRole('button', { name: /Scarica il file/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/_NS_001\.xml$/);
    const bytes = readFileSync((await download.path())!, 'utf8');
    expect(bytes).toContain('RicevutaScarto');
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
  });

  it('"Correggi e reinvia" opens the wizard on a draft with the same number and date, registered and sent: Consegnata', async () => {
    await rowMenu(docs[1]!.id, 'Correggi e reinvia');
    await expect.poll(() => page.url()).toMatch(/#\/fatture\/\d+\/modifica$/);
    const correctionId = Number(/fatture\/(\d+)\/modifica/.exec(page.url())![1]);
    await page.getByRole('heading', { name: 'Modifica bozza' }).waitFor();
    await page.getByRole('button', { name: /Riepilogo/ }).click();
    await page.getByTestId('checks-ok').waitFor();
    await page.getByRole('button', { name: 'Registra e invia' }).click();
    const reg = page.getByRole('dialog', { name: 'Conferma il numero' });
    await reg.getByTestId('register-correction').waitFor();
    await expect.poll(() => reg.getByLabel('Numero').inputValue()).toBe(String(/^\D*(\d+)/.exec(docs[1]!.numero!)![1]));
    await shot('68-registra-correzione');
    await reg.getByRole('button', { name: 'Registra', exact: true }).click();
    await expect.poll(() => page.url()).toContain('#/documenti');
    const corrected = await api<Doc & { draft: { date: string } }>('documents.get', { id: correctionId });
    expect(corrected.numero).toBe(docs[1]!.numero);
    expect(corrected.draft.date).toBe(TODAY);
    expect(corrected.status).toBe('queued');

    await page.getByTestId('send-all').click();
    const dialog = page.getByRole('dialog', { name: 'Invia tutto' });
    const summary = dialog.getByTestId('send-summary');
    await summary.waitFor();
    await expect.poll(() => summary.textContent()).toContain('Inviati 2 documenti');
    await dialog.getByTestId('fetch-summary').waitFor();
    await shot('69-invio-riepilogo');
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    await expect.poll(() => statusOf(docs[2]!.id)).toBe('Consegnata');
    await expect.poll(() => statusOf(correctionId)).toBe('Consegnata');
    expect(await statusOf(docs[1]!.id)).toBe('Scartata');
    await expect.poll(() => page.getByTestId('deadline-banner').count()).toBe(0);
    await expect.poll(() => page.getByTestId('outbox').textContent()).toContain('In uscita: 0');
    await shot('70-documenti-tutte-consegnate');
  });

  it('Interscambio lists the sent documents with Italian statuses, SdI ids and dates; the history, PDF and XML of each row', async () => {
    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Interscambio', exact: true }).click();
    await page.getByRole('heading', { name: 'Interscambio' }).waitFor();
    await expect.poll(() => page.getByTestId('sent-row').count()).toBe(4);
    const statuses = await page.getByTestId('sent-status').allTextContents();
    expect(statuses.sort()).toEqual(['Consegnata', 'Consegnata', 'Consegnata', 'Scartata']);
    for (const id of await page.getByTestId('sent-row').locator('td:nth-child(6)').allTextContents()) expect(id.trim()).toMatch(/^\d+$/);

    // The date columns: the document's date, when it was registered and the SdI's last news, as the API has them.
    const headers = (await page.getByRole('table', { name: 'Documenti inviati allo SdI' }).locator('thead th').allTextContents()).map((h) => h.trim());
    expect(headers.slice(0, 8)).toEqual(['Numero', 'Data', 'Cliente', 'Totale', 'Stato', 'Identificativo SdI', 'Registrata il', 'Ultimo aggiornamento']);
    const sent = await api<{ rows: { id: number; date: string; registeredAt: string; sdiUpdatedAt?: string }[] }>('interscambio.sent', {});
    for (const r of sent.rows) {
      const cells = sentRow(r.id).locator('td');
      expect(await cells.nth(1).textContent()).toBe(r.date.split('-').reverse().join('/'));
      expect((await cells.nth(6).textContent())?.trim()).toBe(dateTime(r.registeredAt));
      expect(r.sdiUpdatedAt).toBeDefined();
      expect((await cells.nth(7).textContent())?.trim()).toBe(dateTime(r.sdiUpdatedAt!));
    }
    expect(await sentRow(docs[0]!.id).locator('td').nth(1).textContent()).toBe('12/11/2026');
    await shot('71-interscambio-inviate');

    // The history, opened from the Interscambio row: the delivery receipt, with its raw file.
    await sentRow(docs[0]!.id).getByRole('button', { name: 'Storico SdI' }).click();
    const history = page.getByRole('dialog', { name: 'Storico SdI' });
    await expect.poll(() => history.getByTestId('history-status').textContent()).toBe('Consegnata');
    expect(await history.getByTestId('history-entry').locator('.kind').allTextContents()).toContain('RC');
    await history.getByText(docs[0]!.fileName!).first().waitFor();
    await shot('71b-interscambio-storico');
    await history.getByRole('button', { name: 'Chiudi' }).click();

    // XML of a sent document: the registered file, under its own name.
    const menu = (id: number) => sentRow(id).getByRole('button', { name: /^Azioni sul documento/ });
    await menu(docs[0]!.id).click();
    const [xmlDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'XML' }).click()]);
    expect(xmlDownload.suggestedFilename()).toBe(docs[0]!.fileName);
    const registered = await api<{ fileName: string; xml: string }>('documents.xml', { id: docs[0]!.id });
    expect(readFileSync((await xmlDownload.path())!, 'utf8')).toBe(registered.xml);

    // PDF of a sent document: a new tab with the courtesy PDF.
    await capturePdfBlobs();
    await menu(docs[0]!.id).click();
    const [sentPdf] = await Promise.all([b.context.waitForEvent('page'), page.getByRole('menuitem', { name: 'PDF' }).click()]);
    await expect.poll(() => sentPdf.url()).toMatch(/^blob:/);
    expect(await lastPdfBlob()).toMatchObject({ type: 'application/pdf', head: '%PDF-' });
    await sentPdf.close();

    await page.getByRole('tab', { name: 'Ricevute' }).click();
    await expect.poll(() => page.getByTestId('received-row').count()).toBe(1);
    const received = page.getByTestId('received-row').first();
    expect(await received.textContent()).toContain('Rossi Forniture S.r.l.');
    expect(await received.locator('td').nth(3).textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await shot('72-interscambio-ricevute');
    const [xml] = await Promise.all([page.waitForEvent('download'), received.getByRole('button', { name: /^XML/ }).click()]);
    expect(xml.suggestedFilename()).toMatch(/\.xml$/);
    // PDF of a received document, made from its XML.
    const [receivedPdf] = await Promise.all([b.context.waitForEvent('page'), received.getByRole('button', { name: /^PDF/ }).click()]);
    await expect.poll(() => receivedPdf.url()).toMatch(/^blob:/);
    const pdf = await lastPdfBlob();
    expect(pdf).toMatchObject({ type: 'application/pdf', head: '%PDF-' });
    expect(pdf.size).toBeGreaterThan(1000);
    await receivedPdf.close();

    await page.getByRole('tab', { name: /Coda di invio/ }).click();
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(4);
    await shot('73-interscambio-coda');
  });

  it('Impostazioni: the channel is the built-in sandbox; a dead URL gets an Italian answer from "Prova connessione"', async () => {
    await page.goto(`${new URL(app.url).origin}/#/impostazioni/fatturazione-elettronica`);
    const form = page.getByTestId('channel-form');
    await form.getByText('Sandbox SdI (prova)').first().waitFor();
    await form.getByText('Sandbox integrata: parte da sola al primo invio.').waitFor();
    await form.getByRole('button', { name: 'Prova connessione' }).click();
    await expect.poll(() => form.getByTestId('channel-test-result').textContent()).toContain('Connessione riuscita');
    await shot('74-impostazioni-canale');

    // The intermediary asks for its key as a secret field.
    await form.getByText('Intermediario (API REST)').click();
    await form.getByLabel('Chiave API').waitFor();
    expect(await form.getByLabel('Chiave API').getAttribute('type')).toBe('password');
    await shot('75-impostazioni-intermediario');
    // Every channel core describes shows with its own fields (e.g. PEC: addresses, servers, a select, a secret).
    const { available } = await api<{ available: { id: string; label: string; fields: { label: string }[]; secret?: { label: string } }[] }>('transmitter.get');
    for (const d of available.filter((x) => x.id !== 'sandbox' && x.id !== 'intermediary')) {
      await form.getByText(d.label, { exact: true }).click();
      for (const f of d.fields) await form.getByLabel(f.label).first().waitFor();
      if (d.secret) expect(await form.getByLabel(d.secret.label).first().getAttribute('type')).toBe('password');
      if (d.id === 'pec') await shot('75b-impostazioni-pec');
    }

    // Back to the sandbox, with a URL where nothing answers.
    await form.getByText('Sandbox SdI (prova)').first().click();
    await form.getByLabel(/Indirizzo della sandbox/).fill('http://127.0.0.1:9');
    await form.getByRole('button', { name: 'Prova connessione' }).click();
    const result = form.getByTestId('channel-test-result');
    await expect.poll(() => result.textContent()).toContain('Connessione non riuscita');
    expect(await result.textContent()).toContain('Sandbox SdI non raggiungibile');
    // Tried before saving: the saved channel is still the built-in sandbox.
    expect(await api<{ config: Record<string, string> }>('transmitter.get')).toMatchObject({ config: {} });
    await form.getByRole('button', { name: 'Salva il canale' }).click();
    await page.getByText('Canale di invio salvato').waitFor();
    await expect.poll(() => page.getByTestId('channel-health').textContent()).toContain('Sandbox SdI (prova): non risponde');
    await shot('76-impostazioni-canale-non-raggiungibile');

    // "Invia tutto" with the channel down leaves everything where it is and says why.
    await page.goto(`${new URL(app.url).origin}/#/interscambio`);
    await page.getByTestId('send-all').click();
    const dialog = page.getByRole('dialog', { name: 'Invia tutto' });
    await dialog.getByText('Il canale di invio non risponde').waitFor();
    await dialog.getByRole('button', { name: 'Chiudi' }).click();

    await page.goto(`${new URL(app.url).origin}/#/impostazioni/fatturazione-elettronica`);
    await form.getByLabel(/Indirizzo della sandbox/).fill('');
    await form.getByRole('button', { name: 'Salva il canale' }).click();
    await expect.poll(() => page.getByTestId('channel-health').textContent()).toContain(': connesso');
    expect(await api<{ id: string; config: Record<string, string> }>('transmitter.get')).toMatchObject({ id: 'sandbox', config: {} });
    expect(b.problems).toEqual([]);
  });
});
