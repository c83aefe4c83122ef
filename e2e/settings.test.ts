/**
 * Browser end-to-end of Impostazioni beyond the first set-up (journey 1 of DESIGN.md): in Impostazioni contabilità a
 * series, a VAT code, a payment term and a payment method are edited and added, a mistake is shown in its cell with
 * nothing saved, and after saving a reload shows them all; "Pubblica XML caricati" is ticked and kept; in Banche a
 * second bank is added, chosen as the default, the first one edited, and a reload shows the change. Every screen is
 * saved to e2e/screenshots/.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AccountingSettings, BankAccount, EInvoicingSettings } from '../core/invoicing/types';
import { checkIban } from '../core/invoicing/services/iban';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';
import { apiCall, closeToasts, createCompany, exactLabel, errorOf } from './support/seed';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

const FIRST_IBAN = 'IT60X0542811101000000123456';
const SECOND_IBAN = 'IT36A0301503200000003517230';

let app: TestApp;
let b: TestBrowser;
let page: Page;

const api = <R>(method: string, args: unknown = {}) => apiCall<R>(app, method, args);
const field = (label: string) => page.getByLabel(exactLabel(label));
// Each table names its own cells, so "Codice 3" of the series is not "Codice 3" of the VAT codes.
const SERIES_CODE = (n: number) => `Serie (sezionali) – Codice ${n}`;
const VAT_CODE = (n: number) => `Codici IVA – Codice ${n}`;
const TERM_CODE = (n: number) => `Termini di pagamento – Codice ${n}`;

async function shot(name: string) {
  await closeToasts(page);
  await b.shot(name);
}

/** Reloads the page on a settings tab and waits for the tab's content. */
async function reloadOn(tab: string, ready: () => Promise<unknown>) {
  await page.reload();
  await page.getByRole('tab', { name: tab }).waitFor();
  await ready();
}

describe.skipIf(!hasBuild)('Impostazioni nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY });
    page = b.page;
    expect(checkIban(SECOND_IBAN).ok).toBe(true);
    await createCompany(app);
    await api('banks.save', { istituto: 'Banca Popolare di Milano', iban: FIRST_IBAN, isDefault: true });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-impostazioni-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('Impostazioni contabilità: a mistake is shown in its cell and nothing is saved', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Impostazioni', exact: true }).click();
    await page.getByRole('tab', { name: 'Impostazioni contabilità' }).click();
    await page.getByRole('heading', { name: 'Serie (sezionali)' }).waitFor();
    const before = await api<{ accounting: AccountingSettings }>('settings.get');

    // A new series with a description but no code, and a second "FT": each refused next to its cell.
    await page.getByRole('button', { name: 'Aggiungi serie' }).click();
    await field('Descrizione 3').fill('Fatture verso PA');
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    await expect.poll(() => errorOf(page, SERIES_CODE(3), page, true)).toBe('Campo obbligatorio.');
    await shot('100-contabilita-errore-serie');
    expect((await api<{ accounting: AccountingSettings }>('settings.get')).accounting).toEqual(before.accounting);
    await field(SERIES_CODE(3)).fill('ft');
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    await page.getByRole('alert').filter({ hasText: 'La serie «FT» è definita più volte.' }).waitFor();
    expect(await errorOf(page, SERIES_CODE(3), page, true)).toBe('');
    expect((await api<{ accounting: AccountingSettings }>('settings.get')).accounting).toEqual(before.accounting);
  });

  it('Impostazioni contabilità: edits a series, a VAT code, a payment term and a payment method; a reload shows them', async () => {
    // Series: the third one becomes PA (numbered with the year), the credit notes' description changes.
    await field(SERIES_CODE(3)).fill('PA');
    await field('Formato del numero 3').fill('{n}/{yyyy}');
    await field('Descrizione 2').fill('Note di credito clienti');

    // VAT code: IVA4 gets a clearer description and a legal reference; a new code for 5% with its reference.
    await field('Descrizione IVA4').fill('IVA 4% beni di prima necessità');
    await field('Riferimento normativo IVA4').fill('Tabella A parte II DPR 633/72');
    await page.getByRole('button', { name: 'Aggiungi codice IVA' }).click();
    const vatRows = await page.locator('table').nth(1).locator('tbody tr').count();
    await field(VAT_CODE(vatRows)).fill('IVA5SAN');
    await field('Descrizione IVA5SAN').fill('IVA 5% prestazioni sanitarie');
    await field('Aliquota % IVA5SAN').fill('5');
    await field('Aliquota % IVA5SAN').blur();

    // Payment term: 30DF renamed, and a new one at 45 days end of month with two installments.
    await field('Descrizione 30DF').fill('30 giorni data fattura');
    await page.getByRole('button', { name: 'Aggiungi termine' }).click();
    await field(TERM_CODE(7)).fill('45-75DFFM');
    await field('Descrizione 45-75DFFM').fill('45/75 gg data fattura fine mese');
    await field('Condizioni 45-75DFFM').selectOption('TP01');
    // The new term opened its installments: 45 days, end of month, 50%; then a second one at 75 days, 50%.
    await field('Giorni 1').fill('45');
    const sub = page.locator('tr.sub');
    await sub.getByRole('checkbox', { name: 'Fine mese', exact: true }).first().check();
    await field('Quota % 1').fill('50');
    await expect.poll(() => sub.textContent()).toContain('Le quote delle rate devono sommare 100 (ora 50)');
    await sub.getByRole('button', { name: 'Aggiungi rata' }).click();
    await field('Giorni 2').fill('75');
    await sub.getByRole('checkbox', { name: 'Fine mese', exact: true }).nth(1).check();
    await field('Quota % 2').fill('50');
    await field('Quota % 2').blur();
    await expect.poll(() => sub.textContent()).not.toContain('devono sommare 100');

    // Payment method: "Carta di pagamento" renamed; RIBA removed.
    await field('Descrizione CARTA').fill('Carta di credito o bancomat');
    await page.getByRole('button', { name: 'Rimuovi RIBA' }).click();
    // Default of new documents: the 45/75 term.
    await field('Termine di pagamento').selectOption({ label: '45-75DFFM – 45/75 gg data fattura fine mese' });
    // The wide VAT table scrolls inside its frame; the screen itself never scrolls sideways (its hidden cell labels
    // used to widen the page, and the side navigation slid out of view).
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await shot('101-contabilita-modifiche');

    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    await page.getByText('Impostazioni di contabilità salvate').waitFor();

    const saved = (await api<{ accounting: AccountingSettings }>('settings.get')).accounting;
    expect(saved.series).toEqual([
      { code: 'FT', description: 'Fatture', format: '{n}' },
      { code: 'NC', description: 'Note di credito clienti', format: '{n}' },
      { code: 'PA', description: 'Fatture verso PA', format: '{n}/{yyyy}' },
    ]);
    expect(saved.vatCodes.find((v) => v.code === 'IVA4')).toMatchObject({ description: 'IVA 4% beni di prima necessità', riferimentoNormativo: 'Tabella A parte II DPR 633/72' });
    expect(saved.vatCodes.find((v) => v.code === 'IVA5SAN')).toMatchObject({ description: 'IVA 5% prestazioni sanitarie', aliquota: expect.stringMatching(/^5(\.0+)?$/) });
    expect(saved.paymentTerms.find((p) => p.code === '30DF')?.description).toBe('30 giorni data fattura');
    expect(saved.paymentTerms.find((p) => p.code === '45-75DFFM')).toEqual({
      code: '45-75DFFM',
      description: '45/75 gg data fattura fine mese',
      condizioni: 'TP01',
      installments: [
        { days: 45, endOfMonth: true, percent: '50' },
        { days: 75, endOfMonth: true, percent: '50' },
      ],
    });
    expect(saved.paymentMethods.find((m) => m.code === 'CARTA')?.description).toBe('Carta di credito o bancomat');
    expect(saved.paymentMethods.map((m) => m.code)).not.toContain('RIBA');
    expect(saved.defaults.paymentTerm).toBe('45-75DFFM');

    // A reload reads everything back from the company file.
    await reloadOn('Impostazioni contabilità', () => page.getByRole('heading', { name: 'Serie (sezionali)' }).waitFor());
    await expect.poll(() => field(SERIES_CODE(3)).inputValue()).toBe('PA');
    expect(await field('Formato del numero 3').inputValue()).toBe('{n}/{yyyy}');
    expect(await field('Descrizione 2').inputValue()).toBe('Note di credito clienti');
    expect(await field('Descrizione IVA4').inputValue()).toBe('IVA 4% beni di prima necessità');
    expect(await field('Riferimento normativo IVA4').inputValue()).toBe('Tabella A parte II DPR 633/72');
    expect(await field('Aliquota % IVA5SAN').inputValue()).toBe('5,00');
    expect(await field('Descrizione 30DF').inputValue()).toBe('30 giorni data fattura');
    expect(await field('Condizioni 45-75DFFM').inputValue()).toBe('TP01');
    expect(await field('Descrizione CARTA').inputValue()).toBe('Carta di credito o bancomat');
    expect(await page.getByRole('button', { name: 'Rimuovi RIBA' }).count()).toBe(0);
    expect(await field('Termine di pagamento').inputValue()).toBe('45-75DFFM');
    await page.getByRole('button', { name: '2 rate' }).click();
    expect(await field('Giorni 2').inputValue()).toBe('75');
    await shot('102-contabilita-ricaricata');
  });

  it('Fatturazione elettronica: "Pubblica XML caricati" unticked then ticked, each saved and kept after a reload', async () => {
    await page.getByRole('tab', { name: 'Fatturazione elettronica' }).click();
    const publish = page.getByLabel('Pubblica XML caricati');
    // On by default for a new company: off first (saved, and off after a reload), then on again.
    expect(await publish.isChecked()).toBe(true);
    await publish.uncheck();
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    await page.getByText('Impostazioni di fatturazione elettronica salvate').waitFor();
    expect((await api<{ einvoicing: EInvoicingSettings }>('settings.get')).einvoicing.publishImportedXml).toBe(false);
    await reloadOn('Fatturazione elettronica', () => page.getByLabel('Pubblica XML caricati').waitFor());
    expect(await publish.isChecked()).toBe(false);
    await closeToasts(page);
    await publish.check();
    await page.getByRole('button', { name: 'Salva le modifiche' }).click();
    await page.getByText('Impostazioni di fatturazione elettronica salvate').waitFor();
    const saved = await api<{ einvoicing: EInvoicingSettings }>('settings.get');
    expect(saved.einvoicing).toMatchObject({ publishImportedXml: true, sendImportedXml: false });

    await reloadOn('Fatturazione elettronica', () => page.getByLabel('Pubblica XML caricati').waitFor());
    expect(await page.getByLabel('Pubblica XML caricati').isChecked()).toBe(true);
    expect(await page.getByLabel('Spedisci XML caricati').isChecked()).toBe(false);
    await shot('103-fatturazione-elettronica-pubblica');
  });

  it('Banche: adds a second bank, makes it the default, edits the first; a reload shows the change', async () => {
    await page.getByRole('tab', { name: 'Banche' }).click();
    await page.getByRole('cell', { name: 'Banca Popolare di Milano', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Inserisci banca' }).click();
    const add = page.getByRole('dialog', { name: 'Nuova banca' });
    // Not the default by itself: there is one already.
    expect(await add.getByLabel('Conto predefinito').isChecked()).toBe(false);
    await add.getByLabel('Banca').fill('Intesa Sanpaolo');
    await add.getByLabel('IBAN').fill('it36 a030 1503 2000 0000 3517 230');
    await expect.poll(() => add.getByLabel('ABI').inputValue()).toBe('03015');
    expect(await add.getByLabel('CAB').inputValue()).toBe('03200');
    await add.getByLabel('BIC').fill('bcitiTMM');
    await add.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('cell', { name: 'Intesa Sanpaolo', exact: true }).waitFor();
    let banks = await api<BankAccount[]>('banks.list');
    expect(banks.map((x) => [x.istituto, x.isDefault])).toEqual(
      expect.arrayContaining([
        ['Banca Popolare di Milano', true],
        ['Intesa Sanpaolo', false],
      ]),
    );
    expect(banks.find((x) => x.istituto === 'Intesa Sanpaolo')).toMatchObject({ iban: SECOND_IBAN, bic: 'BCITITMM', abi: '03015', cab: '03200' });

    // The radio in the row makes it the default: one default only.
    await page.getByRole('radio', { name: 'Imposta come predefinito: Intesa Sanpaolo' }).check();
    await expect.poll(async () => (await api<BankAccount[]>('banks.list')).filter((x) => x.isDefault).map((x) => x.istituto)).toEqual(['Intesa Sanpaolo']);
    const defaultRow = () => page.locator('tbody tr').filter({ hasText: 'Predefinito' });
    await expect.poll(() => defaultRow().textContent()).toContain('Intesa Sanpaolo');
    expect(await defaultRow().count()).toBe(1);

    // Edit the first: new name and BIC; the IBAN stays.
    await page.getByRole('button', { name: 'Modifica Banca Popolare di Milano' }).click();
    const edit = page.getByRole('dialog', { name: 'Modifica banca' });
    expect(await edit.getByLabel('IBAN').inputValue()).toBe(FIRST_IBAN);
    expect(await edit.getByLabel('Conto predefinito').isChecked()).toBe(false);
    await edit.getByLabel('Banca').fill('Banco BPM – filiale Milano Centro');
    await edit.getByLabel('BIC').fill('BAPPIT21');
    await shot('104-banca-modifica');
    await edit.getByRole('button', { name: 'Salva' }).click();
    await page.getByRole('cell', { name: 'Banco BPM – filiale Milano Centro', exact: true }).waitFor();

    banks = await api<BankAccount[]>('banks.list');
    expect(banks).toHaveLength(2);
    expect(banks.find((x) => x.iban === FIRST_IBAN)).toMatchObject({ istituto: 'Banco BPM – filiale Milano Centro', bic: 'BAPPIT21', isDefault: false });
    expect(banks.find((x) => x.iban === SECOND_IBAN)).toMatchObject({ istituto: 'Intesa Sanpaolo', isDefault: true });

    await reloadOn('Banche', () => page.getByRole('cell', { name: 'Intesa Sanpaolo', exact: true }).waitFor());
    expect(await page.getByRole('radio', { name: 'Imposta come predefinito: Intesa Sanpaolo' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Imposta come predefinito: Banco BPM – filiale Milano Centro' }).isChecked()).toBe(false);
    const edited = page.locator('tbody tr').filter({ hasText: 'Banco BPM – filiale Milano Centro' });
    expect(await edited.textContent()).toContain('BAPPIT21');
    expect(await edited.textContent()).toContain('IT60 X054 2811 1010 0000 0123 456');
    await shot('105-banche-predefinita-cambiata');
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
