/**
 * Browser end-to-end: the real app (API + local web host, SQLite files in a temp folder, VIES stubbed) driven in
 * Debian's Chromium. The bookkeeper's journeys 1-5 of DESIGN.md, plus bad input shown next to the field in Italian
 * with nothing saved. Every screen is saved to e2e/screenshots/ for a human look.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

let app: TestApp;
let b: TestBrowser;
let page: Page;

/** Calls the API in-process, to check what was (not) saved. */
async function api<R>(method: string, args: unknown = {}): Promise<R> {
  const res = await app.api.call(method, args);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as R;
}

/** The error (or hint) text tied to a labelled field through aria-describedby. */
async function errorOf(label: string | RegExp, scope: Pick<Page, 'getByLabel'> = page): Promise<string> {
  const input = scope.getByLabel(label).first();
  const id = await input.getAttribute('aria-describedby');
  if (!id) return '';
  return (await page.locator(`[id="${id}"]`).textContent())?.trim() ?? '';
}

describe.skipIf(!hasBuild)('FatturaDesk nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY });
    page = b.page;
  });

  afterEach(async (ctx) => {
    // A failed step leaves a picture of the screen it failed on.
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('journey 1: creates the company (errors next to the fields first) and a bank', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.url()).toContain('#/benvenuto');
    expect(page.url()).not.toContain('token=');
    await page.getByRole('heading', { name: 'Benvenuto in FatturaDesk' }).waitFor();
    await b.shot('01-benvenuto');

    // Bad input: no name, a P.IVA with a wrong check digit.
    await page.getByLabel('Partita IVA').fill('01234567890');
    expect(await errorOf('Partita IVA')).toContain('La partita IVA non è valida');
    await page.getByRole('button', { name: 'Avanti' }).click();
    expect(await errorOf('Denominazione')).toContain('Manca la denominazione');
    await b.shot('02-benvenuto-errori');
    expect(await api<unknown[]>('companies.list')).toEqual([]);

    await page.getByLabel('Denominazione').fill('Studio Bianchi S.r.l.');
    await page.getByLabel('Partita IVA').fill('09876543217');
    await expect.poll(() => page.getByText('Partita IVA corretta').count()).toBe(1);
    await page.getByLabel('Regime fiscale').selectOption('RF01');
    await page.getByRole('button', { name: 'Avanti' }).click();

    await page.getByLabel('Indirizzo').fill('Via Garibaldi');
    await page.getByLabel('N. civico').fill('10');
    await page.getByLabel('CAP').fill('2012');
    await page.getByLabel('Comune').fill('Milano');
    await page.getByLabel('Provincia').fill('mi');
    await page.getByRole('button', { name: 'Avanti' }).click();
    expect(await errorOf('CAP')).toContain('5 cifre');
    await page.getByLabel('CAP').fill('20121');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await b.shot('03-benvenuto-passo3');
    await page.getByRole('button', { name: 'Crea azienda', exact: true }).click();

    await expect.poll(() => page.url()).toContain('#/impostazioni/banche');
    await expect.poll(() => page.getByTestId('company-switcher').textContent()).toContain('Studio Bianchi S.r.l.');
    const companies = await api<{ name: string }[]>('companies.list');
    expect(companies.map((c) => c.name)).toEqual(['Studio Bianchi S.r.l.']);

    // A bank: a wrong IBAN is refused next to the field, then the right one is saved as default.
    await page.getByRole('button', { name: 'Inserisci banca' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nuova banca' });
    await dialog.getByLabel('Banca').fill('Banca Popolare di Milano');
    await dialog.getByLabel('IBAN').fill('IT60X0542811101000000123457');
    expect(await errorOf('IBAN')).toContain('controllo');
    await b.shot('04-banca-iban-errato');
    await dialog.getByLabel('IBAN').fill('IT60 X054 2811 1010 0000 0123 456');
    await expect.poll(() => dialog.getByLabel('ABI').inputValue()).toBe('05428');
    await dialog.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('cell', { name: 'Banca Popolare di Milano', exact: true }).waitFor();
    await b.shot('05-banche');
    const banks = await api<{ iban: string; isDefault: boolean }[]>('banks.list');
    expect(banks).toEqual([expect.objectContaining({ iban: 'IT60X0542811101000000123456', isDefault: true })]);
  });

  it('journey 1: the settings tabs (company data, accounting, e-invoicing)', async () => {
    await page.getByRole('tab', { name: 'Dati azienda' }).click();
    await expect.poll(() => page.getByLabel('Denominazione').inputValue()).toBe('Studio Bianchi S.r.l.');
    await page.getByLabel('Telefono').fill('02 1234567');
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    await page.getByText('Dati dell’azienda salvati').waitFor();
    await b.shot('06-impostazioni-dati-azienda');

    await page.getByRole('tab', { name: 'Impostazioni contabilità' }).click();
    await page.getByRole('heading', { name: 'Codici IVA' }).waitFor();
    await b.shot('07-impostazioni-contabilita');

    await page.getByRole('tab', { name: 'Fatturazione elettronica' }).click();
    await page.getByLabel('Spedisci XML caricati').check();
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    await page.getByText('Impostazioni di fatturazione elettronica salvate').waitFor();
    await b.shot('08-impostazioni-fatturazione-elettronica');
    const settings = await api<{ einvoicing: { sendImportedXml: boolean } }>('settings.get');
    expect(settings.einvoicing.sendImportedXml).toBe(true);
  });

  it('journey 2: adds a B2B customer filled in from VIES and a PA customer; bad input is refused next to the field', async () => {
    await page.getByRole('link', { name: 'Clienti', exact: true }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
    await page.getByRole('button', { name: 'Nuovo' }).click();
    await page.getByRole('heading', { name: 'Nuovo cliente' }).waitFor();

    // Nothing typed: every missing datum is explained next to its field, nothing is saved.
    await page.getByRole('button', { name: 'Aggiungi' }).click();
    await expect.poll(() => errorOf('Denominazione')).toContain('Manca la denominazione');
    expect(await errorOf('Partita IVA')).toContain('Indicare la partita IVA o il codice fiscale');
    expect(await errorOf('Codice destinatario')).toContain('Manca il recapito SdI');
    expect(await errorOf('Indirizzo')).toContain('Manca l');
    await b.shot('09-cliente-campi-obbligatori');

    // A wrong P.IVA is flagged while typing (offline check), and VIES is not asked.
    await page.getByLabel('Partita IVA').fill('01234567890');
    expect(await errorOf('Partita IVA')).toContain('La partita IVA non è valida');
    await b.shot('10-cliente-partita-iva-errata');
    expect(app.vies.requests).toEqual([]);
    expect((await api<{ total: number }>('customers.list', {})).total).toBe(0);

    // VIES down for this number: the message says so, and the user can go on typing by hand.
    await page.getByLabel('Partita IVA').fill('12345678903');
    await expect.poll(() => page.getByTestId('vies-message').textContent()).toContain('VIES non disponibile');
    expect(await page.getByTestId('vies-message').textContent()).toContain('compila i dati a mano');
    await b.shot('10b-cliente-vies-non-disponibile');
    expect(await page.getByLabel('Denominazione').inputValue()).toBe('');

    // The right one: VIES fills name and address.
    await page.getByLabel('Partita IVA').fill('01234567897');
    await expect.poll(() => page.getByLabel('Denominazione').inputValue()).toBe('ROSSI FORNITURE INDUSTRIALI S.R.L.');
    expect(await page.getByLabel('Indirizzo').inputValue()).toBe('VIA DEI MILLE');
    expect(await page.getByLabel('N. civico').inputValue()).toBe('12/B');
    expect(await page.getByLabel('CAP').inputValue()).toBe('20121');
    expect(await page.getByLabel('Comune').inputValue()).toBe('MILANO');
    expect(await page.getByLabel('Provincia').inputValue()).toBe('MI');
    expect(await page.getByTestId('vies-message').textContent()).toContain('Dati trovati nel VIES');
    expect(app.vies.requests).toEqual([
      { countryCode: 'IT', vatNumber: '12345678903' },
      { countryCode: 'IT', vatNumber: '01234567897' },
    ]);
    await page.getByLabel('Codice destinatario').fill('abc1234');
    await expect.poll(() => errorOf('Denominazione')).toBe('');
    await expect.poll(() => errorOf('Codice destinatario')).toBe('');
    await b.shot('11-cliente-b2b-vies');
    await page.getByRole('button', { name: 'Aggiungi' }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();

    // A PA customer: CUU and split payment.
    await page.getByRole('button', { name: 'Nuovo' }).click();
    await page.getByText('Pubblica amministrazione').click();
    await page.getByLabel('Denominazione').fill('Comune di Bergamo');
    await page.getByLabel('Codice fiscale').fill('80034840167');
    await page.getByLabel('Indirizzo').fill('Piazza Matteotti');
    await page.getByLabel('N. civico').fill('27');
    await page.getByLabel('CAP').fill('24122');
    await page.getByLabel('Comune').fill('Bergamo');
    await page.getByLabel('Provincia').fill('BG');
    await page.getByLabel(/Codice univoco ufficio/).fill('UFAB12');
    await page.getByLabel(/Scissione dei pagamenti/).check();
    await b.shot('12-cliente-pa');
    await page.getByRole('button', { name: 'Aggiungi' }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
    await page.getByRole('link', { name: 'Comune di Bergamo' }).waitFor();
    await b.shot('13-clienti-elenco');

    const customers = await api<{ rows: { denominazione?: string; kind: string; codiceDestinatario?: string; cuu?: string; splitPayment: boolean }[] }>('customers.list', {});
    expect(customers.rows.map((c) => [c.denominazione, c.kind]).sort()).toEqual([
      ['Comune di Bergamo', 'PA'],
      ['ROSSI FORNITURE INDUSTRIALI S.R.L.', 'B2B'],
    ]);
    expect(customers.rows.find((c) => c.kind === 'B2B')?.codiceDestinatario).toBe('ABC1234');
    expect(customers.rows.find((c) => c.kind === 'PA')).toMatchObject({ cuu: 'UFAB12', splitPayment: true });
  });

  it('journey 3: drafts an invoice in the wizard, sees an SdI check fail, fixes it, previews the PDF and saves', async () => {
    await page.getByRole('link', { name: 'Nuova fattura' }).click();
    await page.getByRole('heading', { name: 'Nuova fattura' }).waitFor();
    await b.shot('14-wizard-intestazione');
    await page.getByRole('combobox', { name: 'Cerca il cliente' }).fill('ross');
    await page.getByRole('option', { name: /ROSSI FORNITURE/ }).click();

    // Step 2: defaults from the settings (TD01, series FT, today, bank transfer to the default bank).
    await expect.poll(() => page.getByLabel('Tipo documento').inputValue()).toBe('TD01');
    expect(await page.getByLabel('Data documento').inputValue()).toBe('23/11/2026');
    expect(await page.getByLabel('Serie').inputValue()).toBe('FT');
    await page.getByLabel('Causale').fill('Consulenza novembre 2026');
    await b.shot('15-wizard-dati-documento');
    await page.getByRole('button', { name: 'Avanti' }).click();

    // Step 3: two lines; the second at rate 0 without Natura, which the SdI refuses (00400).
    await page.getByLabel('Riga 1 – Descrizione').fill('Consulenza fiscale');
    await page.getByLabel('Riga 1 – Quantità').fill('2');
    await page.getByLabel('Riga 1 – Prezzo unitario').fill('150,00');
    await expect.poll(() => page.getByTestId('line-total-0').textContent()).toBe('€ 300,00');
    await page.getByLabel('Riga 1 – Prezzo unitario').press('Alt+n');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLInputElement | null)?.id)).toBeTruthy();
    await page.getByLabel('Riga 2 – Descrizione').fill('Diritti di segreteria');
    await page.getByLabel('Riga 2 – Prezzo unitario').fill('80');
    // Alt+↑ / Alt+↓ move the line under the cursor; the focus follows it.
    await page.getByLabel('Riga 2 – Descrizione').press('Alt+ArrowUp');
    await expect.poll(() => page.getByLabel('Riga 1 – Descrizione').inputValue()).toBe('Diritti di segreteria');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('Diritti di segreteria');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.getByLabel('Riga 2 – Descrizione').inputValue()).toBe('Diritti di segreteria');
    await page.getByLabel('Riga 2 – IVA').selectOption({ label: 'Altra aliquota…' });
    await page.getByLabel('Riga 2 – Aliquota %').fill('0');
    await page.getByLabel('Riga 2 – Aliquota %').blur();
    await expect.poll(() => errorOf('Riga 2 – Natura')).toContain('va indicata la natura');
    await b.shot('16-wizard-righe-errore-natura');

    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByRole('heading', { name: 'Controlli SdI' }).waitFor();
    await expect.poll(() => page.getByTestId('findings').textContent()).toContain('00400');
    expect(await page.getByRole('button', { name: 'Registra e invia' }).isDisabled()).toBe(true);
    await b.shot('17-wizard-riepilogo-controllo-fallito');

    // Fix: go to the line (the finding links to its step) and choose the Natura.
    await page.getByTestId('findings').getByRole('button', { name: /Vai al passaggio 3/ }).first().click();
    await page.getByLabel('Riga 2 – Natura').selectOption('N4');
    await expect.poll(() => errorOf('Riga 2 – Natura')).toBe('');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByTestId('checks-ok').waitFor();
    // 2 × 150 at 22% + 80 exempt: 380 taxable, 66 VAT, 446 total; 2.00 of bollo is due (exempt over 77.47).
    expect(await page.getByTestId('totale').textContent()).toBe('€ 446,00');
    expect(await page.getByTestId('net-to-pay').textContent()).toBe('€ 446,00');
    expect(await page.getByTestId('totals').textContent()).toContain('Bollo virtuale dovuto (non addebitato)€ 2,00');
    await b.shot('18-wizard-riepilogo-ok');

    // Print preview: a PDF in a new tab. The blob handed to the tab is read back in the page (the CSP forbids fetching it).
    await page.evaluate(() => {
      const w = window as unknown as { __blobs: Blob[] };
      w.__blobs = [];
      const original = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (obj: Blob | MediaSource) => {
        if (obj instanceof Blob) w.__blobs.push(obj);
        return original(obj);
      };
    });
    const [tab] = await Promise.all([b.context.waitForEvent('page'), page.getByRole('button', { name: 'Anteprima di stampa' }).click()]);
    await expect.poll(() => tab.url()).toMatch(/^blob:/);
    const pdf = await page.evaluate(async () => {
      const blob = (window as unknown as { __blobs: Blob[] }).__blobs.at(-1)!;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return { type: blob.type, head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length };
    });
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.head).toBe('%PDF-');
    expect(pdf.size).toBeGreaterThan(1000);
    await tab.close();

    // Nothing typed is lost moving between steps, or to another screen and back.
    await page.getByRole('button', { name: /Dati documento/ }).click();
    expect(await page.getByLabel('Causale').inputValue()).toBe('Consulenza novembre 2026');
    await page.getByRole('link', { name: 'Clienti', exact: true }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
    await page.getByRole('link', { name: 'Nuova fattura' }).click();
    await expect.poll(() => page.getByLabel('Causale').inputValue()).toBe('Consulenza novembre 2026');
    await page.getByRole('button', { name: /Righe/ }).click();
    expect(await page.getByLabel('Riga 2 – Natura').inputValue()).toBe('N4');
    await page.getByRole('button', { name: /Riepilogo/ }).click();
    await page.getByTestId('checks-ok').waitFor();

    // Ctrl+S saves the draft.
    await page.keyboard.press('Control+s');
    await page.getByText('Bozza salvata', { exact: true }).first().waitFor();
    await expect.poll(() => page.url()).toMatch(/#\/fatture\/\d+\/modifica$/);
    const docs = await api<{ rows: { status: string; customerName: string; totale?: string }[] }>('documents.list', {});
    expect(docs.rows).toEqual([expect.objectContaining({ status: 'draft', customerName: 'ROSSI FORNITURE INDUSTRIALI S.R.L.', totale: '446.00' })]);
  });

  it('journey 4: registers with a changed number; an already-used number is refused next to the field', async () => {
    await page.getByRole('button', { name: 'Registra e invia' }).click();
    const dialog = page.getByRole('dialog', { name: 'Conferma il numero' });
    await expect.poll(() => dialog.getByLabel('Numero').inputValue()).toBe('1');
    await expect.poll(() => errorOf('Numero', dialog)).toBe('Proposto: 1. Puoi cambiarlo se serve.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('numeric');
    await dialog.getByLabel('Numero').fill('5');
    await b.shot('19-registra-numero');
    await dialog.getByRole('button', { name: 'Registra' }).click();
    await expect.poll(() => page.url()).toContain('#/documenti');
    await page.getByText('Documento n. 5 registrato').waitFor();
    const row = page.locator('[data-doc-id]').first();
    // Registration puts the invoice in the outbox (status "In coda di invio") when sending is available.
    await expect.poll(() => row.textContent()).toMatch(/Registrata|In coda di invio/);
    expect(await row.textContent()).toContain('€ 446,00');
    await b.shot('20-documenti-registrato');
    const registered = await api<{ rows: { id: number; numero?: string; status: string }[] }>('documents.list', {});
    expect(registered.rows).toEqual([expect.objectContaining({ numero: '5', status: expect.stringMatching(/^(registered|queued)$/) })]);

    // Duplicate it: a new draft appears.
    await row.getByRole('button', { name: /Azioni sul documento/ }).click();
    await b.shot('21-documenti-menu-riga');
    await page.getByRole('menuitem', { name: 'Duplica' }).click();
    await page.getByText('Documento duplicato come bozza').waitFor();
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('2 documenti');

    // Registering the copy with the number already used: refused next to the number, nothing registered.
    const copy = page.locator('[data-doc-id]', { hasText: 'Bozza' });
    await copy.getByRole('button', { name: /Azioni sul documento/ }).click();
    await page.getByRole('menuitem', { name: 'Modifica' }).click();
    await page.getByRole('heading', { name: 'Modifica bozza' }).waitFor();
    await page.getByRole('button', { name: /Riepilogo/ }).click();
    await page.getByTestId('checks-ok').waitFor();
    await page.getByRole('button', { name: 'Registra e invia' }).click();
    const again = page.getByRole('dialog', { name: 'Conferma il numero' });
    await expect.poll(() => again.getByLabel('Numero').inputValue()).toBe('6');
    await again.getByLabel('Numero').fill('5');
    await again.getByRole('button', { name: 'Registra' }).click();
    await expect.poll(() => errorOf('Numero', again)).toContain('Il numero 5 della serie FT/2026 è già stato usato');
    expect(await errorOf('Numero', again)).toContain('Usa il numero 6');
    await b.shot('22-registra-numero-gia-usato');
    const after = await api<{ rows: { status: string }[] }>('documents.list', {});
    expect(after.rows.map((r) => r.status).sort()).toEqual(['draft', registered.rows[0]!.status]);

    // Esc closes the dialog; the draft stays a draft.
    await page.keyboard.press('Escape');
    await expect.poll(() => again.count()).toBe(0);
  });

  it('journey 5: deletes a draft after confirming, filters and searches the list, opens a row with the keyboard', async () => {
    await page.getByRole('link', { name: 'Documenti' }).click();
    await page.getByRole('heading', { name: 'Documenti' }).waitFor();
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('2 documenti');

    // Filter by status.
    await page.getByLabel('Stato', { exact: true }).selectOption({ label: 'Bozza' });
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('1 documento');
    await b.shot('23-documenti-filtro-bozze');

    // Keyboard: into the list, arrow to the row, Enter opens the draft.
    await page.getByRole('grid', { name: 'Elenco dei documenti' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Modifica bozza' }).waitFor();
    await page.getByRole('link', { name: 'Documenti' }).click();
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('1 documento');

    // Delete the draft: a confirm dialog first; Annulla keeps it, Elimina removes it.
    const draftRow = page.locator('[data-doc-id]').first();
    await draftRow.getByRole('button', { name: /Azioni sul documento/ }).click();
    await page.getByRole('menuitem', { name: 'Elimina' }).click();
    const confirm = page.getByRole('dialog', { name: 'Eliminare la bozza?' });
    await b.shot('24-documenti-conferma-elimina');
    await confirm.getByRole('button', { name: 'Annulla' }).click();
    expect((await api<{ total: number }>('documents.list', { status: ['draft'] })).total).toBe(1);
    await draftRow.getByRole('button', { name: /Azioni sul documento/ }).click();
    await page.getByRole('menuitem', { name: 'Elimina' }).click();
    await confirm.getByRole('button', { name: 'Elimina' }).click();
    await page.getByText('Bozza eliminata').waitFor();
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('0 documenti');
    await page.getByText('Nessun documento corrisponde ai filtri.').waitFor();
    expect((await api<{ total: number }>('documents.list', { status: ['draft'] })).total).toBe(0);

    // Registered documents cannot be deleted or edited: those menu entries are disabled.
    const registeredStatus = (await api<{ rows: { status: string }[] }>('documents.list', {})).rows[0]!.status;
    await page.getByLabel('Stato', { exact: true }).selectOption({ label: registeredStatus === 'queued' ? 'In coda di invio' : 'Registrata' });
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('1 documento');
    await page.locator('[data-doc-id]').first().getByRole('button', { name: /Azioni sul documento/ }).click();
    expect(await page.getByRole('menuitem', { name: 'Elimina' }).getAttribute('aria-disabled')).toBe('true');
    // "Invia" works on a queued document (the outbox goes as one batch, see e2e/sending.test.ts).
    expect(await page.getByRole('menuitem', { name: 'Invia' }).getAttribute('aria-disabled')).toBe(registeredStatus === 'queued' ? null : 'true');
    await page.keyboard.press('Escape');

    // Text search (debounced) and customer filter.
    await page.getByRole('button', { name: 'Azzera filtri' }).click();
    await page.getByLabel('Cerca nei documenti').fill('ROSSI');
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('1 documento');
    await page.getByLabel('Cerca nei documenti').fill('nessuno-così');
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('0 documenti');
    await page.getByLabel('Cerca nei documenti').fill('');
    await page.getByRole('combobox', { name: 'Cliente' }).fill('Bergamo');
    await page.getByRole('option', { name: /Comune di Bergamo/ }).click();
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('0 documenti');
    await b.shot('25-documenti-filtro-cliente');
    await page.getByRole('button', { name: 'Azzera filtri' }).click();
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('1 documento');
    await b.shot('26-documenti');
  });

  it('speaks English when asked, and Italian again', async () => {
    await page.getByLabel('Lingua').selectOption('en');
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await page.getByTestId('documents-count').textContent()).toBe('1 document');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await b.shot('27-documents-english');
    await page.getByLabel('Language').selectOption('it');
    await page.getByRole('heading', { name: 'Documenti' }).waitFor();
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
