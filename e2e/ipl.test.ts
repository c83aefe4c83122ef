/**
 * Browser end-to-end of the invoicing plan (IPL): the real app (API + local web host, SQLite files in a temp folder,
 * today pinned) driven in Debian's Chromium. A customer and a sales order with an IVA22 and an IVA10 line; released;
 * its plan with a 30% advance and the closing; the advance invoice split by VAT, registered from the wizard; a
 * shipment; the closing invoice with the advance reversal, registered; a payment recorded and applied; the plan fully
 * invoiced and collected. A second order planned from a template: partial closing on a shipment filter, the order
 * reopened and the plan recalculated; its advance opened in the wizard from the line's chip, the registered invoice
 * opened as PDF (chip and menu) and in Documenti; "Crea nota di credito" reversing it with a linked TD04; the plans
 * list with each plan's order and customer. Bad input is shown next to its field in Italian, with nothing saved. Every
 * screen is saved to e2e/screenshots/ for a human look.
 *
 * Order: 2 x MAC-01 at 1000.00 (IVA22) = 2000.00; 10 x "Manuale d'uso" at 50.00 (IVA10) = 500.00.
 *   taxable 2500.00; VAT 440.00 + 50.00 = 490.00; total 2990.00.
 * Advance 30% = 750.00, split 2000:500 -> 600.00 IVA22 + 150.00 IVA10; VAT 132.00 + 15.00; total 897.00.
 * Closing: goods 2500.00 less the advance 750.00 -> 1400.00 IVA22 + 350.00 IVA10; VAT 308.00 + 35.00; total 2093.00.
 * Invoiced in all 897.00 + 2093.00 = 2990.00, the order total.
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

async function closeToasts() {
  const close = page.locator('.toast-close');
  for (let n = await close.count(); n > 0; n = await close.count()) await close.first().click();
}

/** A screenshot without the toasts of earlier steps covering the page header. */
async function shot(name: string) {
  await closeToasts();
  await b.shot(name);
}

const amount = (key: string) => page.getByTestId(`amount-${key}`).locator('.amount-value').textContent();

interface PlanDetailLike {
  plan: { status: string; totalInvoiced: string; collected: string; collectedLocal: string; remaining: string };
  lines: { position: number; type: string; invoiceNumero?: string; invoicedAmount?: string }[];
}
interface DocLike {
  tipoDocumento?: string;
  status: string;
  numero?: string;
  draft: { tipoDocumento: string; lines: { descrizione: string; prezzoUnitario: string; aliquotaIva: string }[] };
  totals?: { totale: string };
}

/** From the wizard (opened on a plan draft): summary, checks pass, register with the proposed number; back to the plan. */
async function registerFromWizard(shotName: string) {
  await page.getByRole('heading', { name: 'Modifica bozza' }).waitFor();
  await page.getByRole('button', { name: /Riepilogo/ }).click();
  await page.getByTestId('checks-ok').waitFor();
  await b.shot(shotName);
  await page.getByRole('button', { name: 'Registra e invia' }).click();
  const dialog = page.getByRole('dialog', { name: 'Conferma il numero' });
  await expect.poll(() => dialog.getByLabel('Numero').inputValue()).toMatch(/^\d+$/);
  await dialog.getByRole('button', { name: 'Registra', exact: true }).click();
  await expect.poll(() => page.url()).toMatch(/#\/piani\/\d+$/);
}

describe.skipIf(!hasBuild)('Piano di fatturazione (IPL) nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY, viewport: { width: 1600, height: 1000 } });
    page = b.page;
    // The company, its bank and two catalogue items come from the API: their screens have their own tests.
    await api('companies.create', {
      company: {
        denominazione: 'Officina Verdi S.r.l.',
        idPaese: 'IT',
        partitaIva: '12345678903',
        regimeFiscale: 'RF01',
        sede: { indirizzo: 'Via Po', numeroCivico: '1', cap: '10100', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
      },
    });
    await api('banks.save', { istituto: 'Banca Popolare di Milano', iban: 'IT60X0542811101000000123456', isDefault: true });
    await api('items.save', { code: 'MAC-01', description: 'Macchina confezionatrice', unitaMisura: 'PZ', prezzoUnitario: '1000.00', vatCode: 'IVA22' });
    await api('items.save', { code: 'KIT-02', description: 'Kit ricambi', unitaMisura: 'PZ', prezzoUnitario: '80.00', vatCode: 'IVA22' });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-ipl-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('adds the customer (filled in from VIES) and finds the Vendite section in the navigation', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.url()).toContain('#/documenti');
    const nav = page.getByRole('navigation', { name: 'Navigazione principale' });
    await nav.getByText('Vendite').waitFor();
    for (const name of ['Documenti', 'Nuova fattura', 'Ordini', 'Spedizioni', 'Piani di fatturazione', 'Partitario clienti', 'Clienti', 'Impostazioni']) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    await nav.getByRole('link', { name: 'Clienti', exact: true }).click();
    await page.getByRole('button', { name: 'Nuovo' }).click();
    await page.getByLabel('Partita IVA').fill('01234567897');
    await expect.poll(() => page.getByLabel('Denominazione').inputValue()).toBe('ROSSI FORNITURE INDUSTRIALI S.R.L.');
    await page.getByLabel('Codice destinatario').fill('ABC1234');
    await page.getByRole('button', { name: 'Aggiungi' }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
    expect((await api<{ total: number }>('customers.list', {})).total).toBe(1);
  });

  it('creates a sales order with an IVA22 and an IVA10 line; missing data is shown next to the fields first', async () => {
    await page.getByRole('link', { name: 'Ordini', exact: true }).click();
    await page.getByRole('heading', { name: 'Ordini di vendita' }).waitFor();
    await page.getByText('Nessun ordine di vendita').waitFor();
    await shot('40-ordini-vuoto');
    await page.getByRole('button', { name: 'Nuovo ordine' }).click();
    await page.getByRole('heading', { name: 'Nuovo ordine di vendita' }).waitFor();

    // Nothing chosen: the errors are next to the customer and under the line; nothing is saved.
    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await expect.poll(() => errorOf('Cliente')).toBe('Scegli il cliente dell’ordine.');
    await expect.poll(() => errorOf('Riga 1 – Descrizione')).toContain('Descrizione: manca la descrizione.');
    expect(await errorOf('Riga 1 – Prezzo unitario')).toContain('Prezzo unitario: Campo obbligatorio');
    await shot('41-ordine-errori');
    expect((await api<{ total: number }>('orders.list', {})).total).toBe(0);

    await page.getByRole('combobox', { name: 'Cliente' }).fill('ross');
    await page.getByRole('option', { name: /ROSSI FORNITURE/ }).click();
    await page.getByTestId('order-customer').waitFor();

    // Line 1 from the catalogue (IVA22), two pieces.
    await page.getByRole('button', { name: 'Riga 1 – Scegli l’articolo' }).click();
    const picker = page.getByRole('dialog', { name: 'Scegli un articolo' });
    await picker.getByRole('option', { name: /MAC-01/ }).click();
    await expect.poll(() => page.getByLabel('Riga 1 – Descrizione').inputValue()).toBe('Macchina confezionatrice');
    await page.getByLabel('Riga 1 – Quantità').fill('2');
    await expect.poll(() => page.getByTestId('order-line-amount-0').textContent()).toBe('€ 2.000,00');

    // Line 2 typed (IVA10).
    await page.getByRole('button', { name: 'Aggiungi riga' }).click();
    await page.getByLabel('Riga 2 – Descrizione').fill('Manuale d’uso e formazione');
    await page.getByLabel('Riga 2 – Quantità').fill('10');
    await page.getByLabel('Riga 2 – Prezzo unitario').fill('50');
    await page.getByLabel('Riga 2 – Codice IVA').selectOption('IVA10');
    await expect.poll(() => page.getByTestId('order-line-amount-1').textContent()).toBe('€ 500,00');
    expect(await page.getByTestId('order-vat-IVA22').textContent()).toContain('€ 440,00');
    expect(await page.getByTestId('order-vat-IVA10').textContent()).toContain('€ 50,00');
    expect(await page.getByTestId('order-taxable').textContent()).toBe('€ 2.500,00');
    expect(await page.getByTestId('order-total').textContent()).toBe('€ 2.990,00');
    await shot('42-ordine-righe');

    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await page.getByText('Ordine n. 1/2026 salvato').waitFor();
    await expect.poll(() => page.url()).toMatch(/#\/ordini\/\d+$/);
    await page.getByRole('heading', { name: 'Ordine n. 1/2026' }).waitFor();

    // Rilascia asks first; Annulla keeps it open.
    await page.getByRole('button', { name: 'Rilascia' }).click();
    const confirm = page.getByRole('dialog', { name: 'Rilasciare l’ordine?' });
    await confirm.waitFor();
    await shot('43-ordine-conferma-rilascio');
    await confirm.getByRole('button', { name: 'Annulla' }).click();
    expect(await page.getByTestId('order-status').textContent()).toBe('Aperto');
    await page.getByRole('button', { name: 'Rilascia' }).click();
    await confirm.getByRole('button', { name: 'Rilascia' }).click();
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('Rilasciato');
    // Released: read-only, the lines are text.
    expect(await page.getByLabel('Riga 1 – Quantità').count()).toBe(0);
    expect(await page.getByTestId('order-line-description-1').textContent()).toBe('Manuale d’uso e formazione');
    await shot('44-ordine-rilasciato');
    const orders = await api<{ rows: { numero: string; status: string; taxable: string; total: string }[] }>('orders.list', {});
    expect(orders.rows).toEqual([expect.objectContaining({ numero: '1/2026', status: 'released', taxable: '2500.00', total: '2990.00' })]);
  });

  it('creates the plan from the released order, adds a 30% advance and the closing (over 100% refused in Italian)', async () => {
    await page.getByRole('button', { name: 'Piano di fatturazione (IPL)' }).click();
    const create = page.getByRole('dialog', { name: 'Piano di fatturazione (IPL)' });
    await create.getByText('Crea il piano di fatturazione dell’ordine n. 1/2026').waitFor();
    await shot('45-crea-piano');
    await create.getByRole('button', { name: 'Crea piano' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/piani\/\d+$/);
    await page.getByRole('heading', { name: /^Piano n\. \d+$/ }).waitFor();
    expect(await amount('orderAmount')).toBe('€ 2.500,00');
    await page.getByText('Il piano non ha righe').waitFor();

    // The advance: 30% of 2500.00 shows 750.00 as it is typed.
    await page.getByRole('button', { name: 'Aggiungi riga' }).click();
    let add = page.getByRole('dialog', { name: 'Aggiungi riga al piano' });
    expect(await add.getByLabel('Tipo').inputValue()).toBe('advance');
    await add.getByLabel('%').fill('30');
    await expect.poll(() => add.getByLabel('Importo').inputValue()).toBe('750,00');
    await add.getByRole('button', { name: 'Aggiungi riga' }).click();
    await expect.poll(() => add.count()).toBe(0);
    await page.getByText('Riga aggiunta al piano').first().waitFor();

    // The closing at 80% would bring the plan to 110%: refused, the reason shown in the dialog, nothing added.
    await page.getByRole('button', { name: 'Aggiungi riga' }).click();
    add = page.getByRole('dialog', { name: 'Aggiungi riga al piano' });
    expect(await add.getByLabel('Tipo').inputValue()).toBe('closing');
    await add.getByLabel('%').fill('80');
    await add.getByRole('button', { name: 'Aggiungi riga' }).click();
    await expect.poll(() => add.getByRole('alert').first().textContent()).toContain('non può superare il 100%');
    await shot('46-piano-riga-oltre-100');
    await add.getByLabel('%').fill('70');
    await expect.poll(() => add.getByLabel('Importo').inputValue()).toBe('1.750,00');
    await add.getByRole('button', { name: 'Aggiungi riga' }).click();
    await expect.poll(() => add.count()).toBe(0);
    await page.locator('[data-plan-line="2"]').waitFor();

    // Typing the percentage shows the amount at once; leaving the field stores it.
    // Keyboard: Tab into the field selects its value, typing replaces it.
    await page.getByLabel('Riga 1 – Tipo').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type('40');
    await expect.poll(() => page.getByLabel('Riga 1 – Importo').inputValue()).toBe('1.000,00');
    // Leaving the field stores it: 40% + 70% would exceed the order, refused in Italian above the lines.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByTestId('plan-lines-errors').textContent()).toContain('non può superare il 100%');
    await shot('47a-piano-riga-oltre-100-in-tabella');
    expect(await amount('totalAdvance')).toBe('€ 750,00');
    await page.getByLabel('Riga 1 – %').click();
    await page.getByLabel('Riga 1 – %').fill('25');
    await page.getByLabel('Riga 1 – %').blur();
    await expect.poll(() => amount('totalAdvance')).toBe('€ 625,00');
    expect(await page.getByTestId('plan-lines-errors').count()).toBe(0);
    await page.getByLabel('Riga 1 – Importo').click();
    await page.getByLabel('Riga 1 – Importo').fill('750');
    await expect.poll(() => page.getByLabel('Riga 1 – %').inputValue()).toBe('30');
    await page.getByLabel('Riga 1 – Importo').blur();
    await expect.poll(() => amount('totalAdvance')).toBe('€ 750,00');
    await expect.poll(() => page.getByLabel('Riga 1 – Importo').inputValue()).toBe('750,00');

    expect(await amount('totalAdvance')).toBe('€ 750,00');
    expect(await amount('closingAmount')).toBe('€ 1.750,00');
    expect(await amount('advanceInvoiced')).toBe('€ 0,00');
    expect(await page.getByTestId('plan-status').textContent()).toBe('Aperto');
    await shot('47-piano-righe');
  });

  it('creates the advance invoice split by VAT and registers it from the wizard', async () => {
    await page.getByLabel('Riga 1 – Esegui azione').check();
    await page.getByText('1 riga selezionata con “Esegui azione”').waitFor();
    await page.getByRole('button', { name: 'Crea fattura anticipata' }).click();
    const dialog = page.getByRole('dialog', { name: 'Crea fattura anticipata' });
    expect(await dialog.getByLabel('Data di registrazione').inputValue()).toBe('23/11/2026');
    expect(await dialog.getByLabel('Dividi righe per IVA').isChecked()).toBe(true);
    await expect.poll(() => dialog.getByTestId('advance-split-1').textContent()).toBe('IVA22 € 600,00IVA10 € 150,00');
    await shot('48-piano-crea-anticipo');
    await dialog.getByRole('button', { name: 'Crea fattura anticipata' }).click();

    // The toast links to the draft; the line shows it.
    const link = page.getByRole('link', { name: 'Apri bozza fattura di anticipo (TD02)' });
    await link.waitFor();
    await page.locator('[data-plan-line="1"]').getByRole('button', { name: 'Bozza TD02' }).waitFor();
    await b.shot('49-piano-bozza-anticipo');
    const draftId = Number(/\/fatture\/(\d+)\//.exec((await link.getAttribute('href')) ?? '')?.[1]);
    const draft = await api<DocLike>('documents.get', { id: draftId });
    expect(draft.draft.tipoDocumento).toBe('TD02');
    expect(draft.draft.lines.map((l) => [l.aliquotaIva, l.prezzoUnitario])).toEqual([
      ['22.00', '600.00'],
      ['10.00', '150.00'],
    ]);

    await link.click();
    await registerFromWizard('50-wizard-anticipo-riepilogo');
    await page.getByRole('heading', { name: /^Piano n\. \d+$/ }).waitFor();
    await expect.poll(() => page.getByTestId('invoice-no-1').textContent()).toBe('n. 1');
    expect(await page.getByTestId('invoiced-1').textContent()).toBe('€ 750,00');
    expect(await amount('advanceInvoiced')).toBe('€ 750,00');
    expect(await amount('totalInvoiced')).toBe('€ 897,00');
    expect(await page.getByTestId('plan-status').textContent()).toBe('In corso');
    await page.locator('[data-plan-line="1"]').getByRole('button', { name: 'TD02 n. 1' }).waitFor();
    await shot('51-piano-anticipo-registrato');
  });

  it('posts a shipment of the order; a quantity above what is left is refused next to it', async () => {
    await page.getByRole('link', { name: 'Spedizioni', exact: true }).click();
    await page.getByRole('heading', { name: 'Spedizioni' }).waitFor();
    await page.getByRole('button', { name: 'Nuova spedizione' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nuova spedizione (DDT)' });
    await dialog.getByRole('option', { name: /1\/2026/ }).click();
    await expect.poll(() => dialog.getByLabel('Riga 1 – Quantità da spedire').inputValue()).toBe('2');
    expect(await dialog.getByLabel('Riga 2 – Quantità da spedire').inputValue()).toBe('10');
    await dialog.getByLabel('Riga 1 – Quantità da spedire').fill('3');
    await dialog.getByRole('button', { name: 'Registra spedizione' }).click();
    await expect.poll(() => errorOf('Riga 1 – Quantità da spedire', dialog)).toBe('Supera il residuo da spedire: al massimo 2,00.');
    await shot('52-spedizione-oltre-residuo');
    expect((await api<{ total: number }>('shipments.list', {})).total).toBe(0);

    await dialog.getByLabel('Riga 1 – Quantità da spedire').fill('2');
    await expect.poll(() => dialog.getByTestId('shipment-total').textContent()).toBe('€ 2.500,00');
    await dialog.getByRole('button', { name: 'Registra spedizione' }).click();
    await page.getByText('Spedizione registrata: DDT n. 1/2026 del 23/11/2026').waitFor();
    await expect.poll(() => page.getByTestId('shipments-count').textContent()).toBe('1 spedizione');
    expect(await page.locator('[data-shipment-id]').first().textContent()).toContain('Da fatturare');
    await b.shot('53-spedizioni');
  });

  it('creates the closing invoice with the advance reversal inside and registers it', async () => {
    await page.getByRole('link', { name: 'Piani di fatturazione' }).click();
    await page.getByRole('heading', { name: 'Piani di fatturazione' }).waitFor();
    await expect.poll(() => page.getByTestId('plans-count').textContent()).toBe('1 piano');
    await shot('54-piani-elenco');
    await page.locator('[data-plan-id]').first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Piano n\. \d+$/ }).waitFor();

    await page.getByLabel('Riga 2 – Esegui azione').check();
    await page.getByText('1 riga selezionata con “Esegui azione”').waitFor();
    await page.getByRole('button', { name: 'Crea fattura', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Crea fattura' });
    await dialog.getByText('La fattura avrà la data di fatturazione prevista della riga: 23/11/2026.').waitFor();
    expect(await dialog.getByTestId('outstanding-advances').textContent()).toBe('Anticipi registrati da detrarre: € 750,00.');
    expect(await dialog.getByLabel('Storno anticipi in nota di credito separata').isChecked()).toBe(false);
    await shot('55-piano-crea-fattura-chiusura');
    await dialog.getByRole('button', { name: 'Crea fattura' }).click();

    const link = page.getByRole('link', { name: 'Apri bozza fattura (TD01)' });
    await link.waitFor();
    const draftId = Number(/\/fatture\/(\d+)\//.exec((await link.getAttribute('href')) ?? '')?.[1]);
    const draft = await api<DocLike>('documents.get', { id: draftId });
    expect(draft.draft.tipoDocumento).toBe('TD01');
    expect(draft.draft.lines.map((l) => [l.aliquotaIva, l.prezzoUnitario]).sort()).toEqual(
      [
        ['22.00', '1000.00'],
        ['10.00', '50.00'],
        ['22.00', '-600.00'],
        ['10.00', '-150.00'],
      ].sort(),
    );
    await link.click();
    await registerFromWizard('56-wizard-chiusura-riepilogo');

    await page.getByRole('heading', { name: /^Piano n\. \d+$/ }).waitFor();
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Completamente fatturato');
    expect(await amount('totalInvoiced')).toBe('€ 2.990,00');
    expect(await amount('remaining')).toBe('€ 0,00');
    expect(await amount('closingAmount')).toBe('€ 0,00');
    expect(await page.getByTestId('invoice-no-2').textContent()).toBe('n. 2');
    await shot('57-piano-fatturato');
  });

  it('records a payment (errors next to the fields first) and applies it; the plan is fully invoiced and collected', async () => {
    await page.getByRole('button', { name: 'Partitario' }).click();
    await page.getByRole('heading', { name: 'Partitario clienti' }).waitFor();
    await expect.poll(() => page.getByTestId('ledger-balance').textContent()).toContain('€ 2.990,00');
    const rows = page.locator('[data-entry-id]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/Piano n\. \d+/);
    await shot('58-partitario-aperto');

    await page.getByRole('button', { name: 'Registra incasso' }).click();
    const dialog = page.getByRole('dialog', { name: 'Registra incasso' });
    await dialog.getByRole('button', { name: 'Registra', exact: true }).click();
    await expect.poll(() => errorOf('Importo', dialog)).toBe('Indica l’importo incassato, maggiore di zero.');
    await dialog.getByLabel('Importo').fill('3000');
    await dialog.getByLabel('Scegli le partite').check();
    const entries = dialog.locator('table.entries tbody tr');
    await entries.nth(0).getByRole('checkbox').check();
    await entries.nth(1).getByRole('checkbox').check();
    await entries.nth(0).getByRole('textbox').fill('900');
    await dialog.getByRole('button', { name: 'Registra', exact: true }).click();
    await expect.poll(() => dialog.getByText('Supera il residuo aperto (€ 897,00).').count()).toBe(1);
    await shot('59-incasso-errori');
    expect((await api<{ total: number }>('payments.list', {})).total).toBe(0);

    // Automatic application, oldest first, of exactly what is due.
    await dialog.getByLabel('Automatico: prima le partite più vecchie').check();
    await dialog.getByLabel('Importo').click();
    await dialog.getByLabel('Importo').fill('2990');
    await dialog.getByLabel('Riferimento').fill('CRO 1234567890');
    await dialog.getByRole('button', { name: 'Registra', exact: true }).click();
    await page.getByText('Incasso di € 2.990,00 registrato').waitFor();
    await expect.poll(() => page.getByTestId('ledger-balance').textContent()).toContain('€ 0,00');
    await expect.poll(() => page.locator('[data-payment-id]').count()).toBe(1);
    expect(await page.locator('[data-payment-id]').first().textContent()).toContain('CRO 1234567890');
    await shot('60-partitario-incassato');

    // The plan: fully invoiced and collected.
    await rows.nth(0).getByRole('link', { name: /Piano n\. \d+/ }).click();
    await page.getByRole('heading', { name: /^Piano n\. \d+$/ }).waitFor();
    await expect.poll(() => amount('collected')).toBe('€ 2.990,00');
    expect(await amount('collectedLocal')).toBe('€ 2.990,00');
    expect(await page.getByTestId('plan-status').textContent()).toBe('Completamente fatturato');
    await shot('61-piano-incassato');

    const plans = await api<{ rows: { id: number }[] }>('plans.list', {});
    const detail = await api<PlanDetailLike>('plans.get', { id: plans.rows[0]!.id });
    expect(detail.plan).toMatchObject({ status: 'invoiced', totalInvoiced: '2990.00', collected: '2990.00', collectedLocal: '2990.00', remaining: '0.00' });
    expect(detail.lines.map((l) => [l.type, l.invoiceNumero, l.invoicedAmount])).toEqual([
      ['advance', '1', '750.00'],
      ['closing', '2', '1750.00'],
    ]);
  });

  it('lists plans, orders and shipments with their final state', async () => {
    await page.getByRole('link', { name: 'Piani di fatturazione' }).click();
    await expect.poll(() => page.locator('[data-plan-id]').first().textContent()).toContain('Completamente fatturato');
    expect(await page.locator('[data-plan-id]').first().textContent()).toContain('€ 2.990,00');
    // The row names the order and the customer.
    expect(await page.locator('[data-plan-id]').first().textContent()).toContain('1/2026');
    expect(await page.locator('[data-plan-id]').first().textContent()).toContain('ROSSI FORNITURE INDUSTRIALI S.R.L.');
    await shot('62-piani-elenco-fatturato');
    await page.getByRole('link', { name: 'Ordini', exact: true }).click();
    await page.locator('[data-order-id]').first().waitFor();
    expect(await page.locator('[data-order-id]').first().textContent()).toContain('Rilasciato');
    await shot('63-ordini-elenco');
    await page.getByRole('link', { name: 'Spedizioni', exact: true }).click();
    await expect.poll(() => page.locator('[data-shipment-id]').first().textContent()).toContain('Fatturata');
    await shot('64-spedizioni-fatturate');
    await page.getByRole('link', { name: 'Documenti', exact: true }).click();
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('2 documenti');
    await shot('65-documenti-del-piano');
  });

  it('plans a second order from a template: a partial closing bills the shipments chosen in its filter', async () => {
    // A template, an order of 10 pieces at 100.00 (IVA22) released, two shipments of 4 and 3 pieces: from the API.
    await api('planTemplates.save', {
      template: {
        name: 'Anticipo 20%, parziale 40%, saldo',
        lines: [
          { type: 'advance', percent: '20', daysOffset: 0, paymentTerm: 'RD', text: 'Anticipo alla firma' },
          { type: 'partial', percent: '40', daysOffset: 0 },
          { type: 'closing', percent: '40', daysOffset: 30, paymentTerm: '30DF' },
        ],
      },
    });
    const customers = await api<{ rows: { id: number }[] }>('customers.list', {});
    const order = await api<{ id: number; numero: string; lines: { id: number }[] }>('orders.save', {
      order: { date: TODAY, customerId: customers.rows[0]!.id, lines: [{ description: 'Pannello fonoassorbente', quantity: '10', unitPrice: '100', vatCode: 'IVA22' }] },
    });
    await api('orders.release', { id: order.id });
    await api('shipments.post', { orderId: order.id, date: TODAY, lines: [{ orderLineId: order.lines[0]!.id, quantity: '4' }] });
    await api('shipments.post', { orderId: order.id, date: TODAY, lines: [{ orderLineId: order.lines[0]!.id, quantity: '3' }] });

    await page.getByRole('link', { name: 'Ordini', exact: true }).click();
    await page.locator('[data-order-id]', { hasText: order.numero }).getByRole('link', { name: order.numero }).click();
    await page.getByRole('heading', { name: `Ordine n. ${order.numero}` }).waitFor();
    await page.getByRole('button', { name: 'Piano di fatturazione (IPL)' }).click();
    const create = page.getByRole('dialog', { name: 'Piano di fatturazione (IPL)' });
    await create.getByLabel('Modello').selectOption({ label: 'Anticipo 20%, parziale 40%, saldo' });
    await create.getByRole('cell', { name: '23/12/2026' }).waitFor();
    await shot('66-crea-piano-da-modello');
    await create.getByRole('button', { name: 'Crea piano' }).click();
    await page.locator('[data-plan-line="3"]').waitFor();
    expect(await page.locator('[data-plan-line="3"]').textContent()).toContain('30 gg data fattura');
    expect(await amount('totalAdvance')).toBe('€ 200,00');

    // The shipment filter of the partial closing: the second DDT only (3 pieces, 300.00).
    await page.getByRole('button', { name: 'Riga 2 – Scegli spedizioni' }).click();
    const filter = page.getByRole('dialog', { name: 'Spedizioni da fatturare con la riga 2' });
    await filter.getByLabel('DDT n. 3/2026').check();
    await expect.poll(() => filter.getByTestId('shipments-chosen-total').textContent()).toBe('€ 300,00');
    await shot('67-piano-filtro-spedizioni');
    await filter.getByRole('button', { name: 'Salva' }).click();
    await expect.poll(() => page.locator('[data-plan-line="2"]').getByTestId('shipment-filter').textContent()).toBe('3/2026');
    expect(await page.locator('[data-plan-line="2"]').textContent()).toContain('€ 300,00');

    // "Crea fattura" on the partial closing proposes the filtered shipment.
    await page.getByLabel('Riga 2 – Esegui azione').check();
    await page.getByRole('button', { name: 'Crea fattura', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Crea fattura' });
    expect(await dialog.getByLabel('DDT n. 3/2026').isChecked()).toBe(true);
    expect(await dialog.getByLabel('DDT n. 2/2026').isChecked()).toBe(false);
    await expect.poll(() => dialog.getByTestId('shipments-chosen-total').textContent()).toBe('€ 300,00');
    await shot('68-piano-crea-fattura-parziale');
    await dialog.getByRole('button', { name: 'Crea fattura' }).click();
    const link = page.getByRole('link', { name: 'Apri bozza fattura (TD01)' });
    await link.waitFor();
    const draftId = Number(/\/fatture\/(\d+)\//.exec((await link.getAttribute('href')) ?? '')?.[1]);
    const draft = await api<DocLike>('documents.get', { id: draftId });
    expect(draft.draft.lines.map((l) => [l.prezzoUnitario, l.aliquotaIva])).toEqual([['100.00', '22.00']]);

    // While that draft waits, the plan refuses another document, in Italian, inside the request page.
    await page.getByLabel('Riga 2 – Esegui azione').uncheck();
    await page.getByLabel('Riga 1 – Esegui azione').check();
    await page.getByRole('button', { name: 'Crea fattura anticipata' }).click();
    const advance = page.getByRole('dialog', { name: 'Crea fattura anticipata' });
    await advance.getByRole('button', { name: 'Crea fattura anticipata' }).click();
    await expect.poll(() => advance.getByRole('alert').textContent()).toContain('bozza di fattura di chiusura non registrata');
    await shot('69-piano-errore-bozza-in-sospeso');
    await advance.getByRole('button', { name: 'Annulla' }).click();
  });

  it('deletes the pending draft, reopens and changes the order, and recalculates the plan (amounts follow the percentages)', async () => {
    // The closing draft of line 2 goes away from the line's menu (after confirming): the line is editable again.
    await page.getByRole('button', { name: 'Azioni sulla riga 2' }).click();
    await page.getByRole('menuitem', { name: 'Elimina bozza TD01' }).click();
    const confirm = page.getByRole('dialog', { name: 'Eliminare la bozza?' });
    await confirm.getByRole('button', { name: 'Elimina' }).click();
    await expect.poll(() => page.locator('[data-plan-line="2"]').getByRole('button', { name: 'Bozza TD01' }).count()).toBe(0);
    await page.getByLabel('Riga 2 – %').waitFor();

    // Payment and extended text of the closing line.
    await page.getByRole('button', { name: 'Riga 3 – Pagamento e testo esteso' }).click();
    const details = page.getByRole('dialog', { name: 'Pagamento e testo esteso della riga 3' });
    await details.getByLabel('Modalità di pagamento').selectOption('RIBA');
    await details.getByLabel('Testo esteso').fill('Saldo a collaudo avvenuto');
    await details.getByRole('button', { name: 'Salva' }).click();
    await expect.poll(() => page.locator('[data-plan-line="3"]').textContent()).toContain('Ricevuta bancaria (RIBA)');
    expect(await page.locator('[data-plan-line="3"]').textContent()).toContain('Saldo a collaudo avvenuto');

    // Reopen the order (asked first), 12 pieces instead of 10, release it again.
    await page.getByRole('button', { name: 'Ordine n. 2/2026' }).click();
    await page.getByRole('heading', { name: 'Ordine n. 2/2026' }).waitFor();
    await page.getByRole('button', { name: 'Riapri' }).click();
    const reopen = page.getByRole('dialog', { name: 'Riaprire l’ordine?' });
    await reopen.getByText('spedizioni e piano di fatturazione restano').waitFor();
    await reopen.getByRole('button', { name: 'Riapri' }).click();
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('Aperto');
    await page.getByLabel('Riga 1 – Quantità').click();
    await page.getByLabel('Riga 1 – Quantità').fill('12');
    await expect.poll(() => page.getByTestId('order-taxable').textContent()).toBe('€ 1.200,00');
    await page.getByRole('button', { name: 'Rilascia' }).click();
    await page.getByRole('dialog', { name: 'Rilasciare l’ordine?' }).getByRole('button', { name: 'Rilascia' }).click();
    await expect.poll(() => page.getByTestId('order-status').textContent()).toBe('Rilasciato');

    // The plan: the order amount changed, the advance still 200.00 until "Ricalcola piano".
    await page.getByRole('button', { name: 'Apri piano n. 2' }).click();
    await page.getByRole('heading', { name: 'Piano n. 2' }).waitFor();
    await expect.poll(() => amount('orderAmount')).toBe('€ 1.200,00');
    expect(await page.getByLabel('Riga 1 – Importo').inputValue()).toBe('200,00');
    await page.getByRole('button', { name: 'Ricalcola piano' }).click();
    const recalc = page.getByRole('dialog', { name: 'Ricalcola piano' });
    await recalc.getByLabel(/Ricalcola importi/).check();
    await shot('70-piano-ricalcola');
    await recalc.getByRole('button', { name: 'Ricalcola piano' }).click();
    await page.getByText('Piano ricalcolato').first().waitFor();
    await expect.poll(() => page.getByLabel('Riga 1 – Importo').inputValue()).toBe('240,00');
    expect(await page.getByLabel('Riga 1 – %').inputValue()).toBe('20');
    expect(await amount('totalAdvance')).toBe('€ 240,00');
    await shot('71-piano-ricalcolato');
  });

  it('opens a line’s draft in the wizard and its registered document as PDF and in Documenti, from the chip and the menu', async () => {
    // Plan 2 after "Ricalcola piano": line 1 is the 20% advance of 1200.00 = 240.00 (IVA22 only).
    await page.getByLabel('Riga 1 – Esegui azione').check();
    await page.getByRole('button', { name: 'Crea fattura anticipata' }).click();
    const advance = page.getByRole('dialog', { name: 'Crea fattura anticipata' });
    await expect.poll(() => advance.getByTestId('advance-split-1').textContent()).toBe('IVA22 € 240,00');
    await advance.getByRole('button', { name: 'Crea fattura anticipata' }).click();
    await expect.poll(() => advance.count()).toBe(0);

    // The draft chip of the line opens the wizard on that draft, which comes back to the plan once registered.
    const line1 = page.locator('[data-plan-line="1"]');
    const chip = line1.getByRole('button', { name: 'Bozza TD02' });
    await chip.waitFor();
    expect(await chip.getAttribute('title')).toBe('Apri la bozza nella procedura guidata');
    await shot('72-piano-2-bozza-anticipo');
    await chip.click();
    await expect.poll(() => page.url()).toMatch(/#\/fatture\/\d+\/modifica\?ritorno=%2Fpiani%2F2$/);
    const advId = Number(/\/fatture\/(\d+)\//.exec(page.url())?.[1]);
    expect((await api<DocLike>('documents.get', { id: advId })).draft.tipoDocumento).toBe('TD02');
    await registerFromWizard('73-wizard-anticipo-piano-2');
    await page.getByRole('heading', { name: 'Piano n. 2' }).waitFor();
    // Invoices 1 and 2 belong to plan 1: this advance is n. 3, 240.00 + 22% = 292.80.
    await expect.poll(() => page.getByTestId('invoice-no-1').textContent()).toBe('n. 3');
    expect(await amount('totalInvoiced')).toBe('€ 292,80');

    // The registered chip opens the PDF in a new tab.
    const registered = line1.getByRole('button', { name: 'TD02 n. 3' });
    expect(await registered.getAttribute('title')).toBe('Apri il PDF del documento registrato');
    const [pdf] = await Promise.all([b.context.waitForEvent('page'), registered.click()]);
    expect(pdf.url()).toMatch(/^blob:/);
    await page.getByText('PDF pronto').first().waitFor();
    await pdf.close();

    // The line's menu: the same PDF, and the document in the Documenti list (filtered on it). The toasts are closed
    // first: closing one afterwards would be a click outside the menu, which closes it.
    await closeToasts();
    await page.getByRole('button', { name: 'Azioni sulla riga 1' }).click();
    const menu = page.getByRole('menu');
    expect((await menu.getByRole('menuitem').allTextContents()).map((x) => x.trim())).toEqual([
      'PDF TD02 n. 3',
      'Mostra TD02 n. 3 in Documenti',
      'Pagamento e testo esteso…',
      'Elimina riga',
    ]);
    expect(await menu.getByRole('menuitem', { name: 'Elimina riga' }).getAttribute('aria-disabled')).toBe('true'); // registered: frozen
    await b.shot('74-piano-menu-riga-registrata');
    const [pdf2] = await Promise.all([b.context.waitForEvent('page'), menu.getByRole('menuitem', { name: 'PDF TD02 n. 3' }).click()]);
    expect(pdf2.url()).toMatch(/^blob:/);
    await pdf2.close();
    await page.getByRole('button', { name: 'Azioni sulla riga 1' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Mostra TD02 n. 3 in Documenti' }).click();
    await expect.poll(() => page.url()).toContain('#/documenti');
    // The list shows exactly that document, with a chip naming it; removing the chip shows the others again.
    await expect.poll(() => page.getByTestId('documents-count').textContent()).toBe('1 documento');
    expect(await page.locator(`[data-doc-id="${advId}"]`).textContent()).toContain('292,80');
    expect(await page.locator('[data-doc-id]').count()).toBe(1);
    expect(await page.getByTestId('documents-ids-filter').textContent()).toContain('TD02 n. 3');
    await shot('75-documenti-anticipo-dal-piano');
    await page.getByRole('button', { name: 'Rimuovi TD02 n. 3' }).click();
    await expect.poll(async () => Number((await page.getByTestId('documents-count').textContent())?.replace(/\D/g, ''))).toBeGreaterThan(1);
    await page.goBack();
    await page.getByRole('heading', { name: 'Piano n. 2' }).waitFor();
  });

  it('"Crea nota di credito" reverses the registered advance with a TD04 linked to it; the line and the header show it', async () => {
    // Nothing selected: the request page says so and offers nothing to create.
    await page.getByRole('button', { name: 'Crea nota di credito' }).click();
    let dialog = page.getByRole('dialog', { name: 'Crea nota di credito' });
    await dialog.getByRole('alert').filter({ hasText: 'Nessuna riga di anticipo selezionata' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Crea nota di credito' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Annulla' }).click();

    await page.getByLabel('Riga 1 – Esegui azione').check();
    await page.getByText('1 riga selezionata con “Esegui azione”').waitFor();
    await page.getByRole('button', { name: 'Crea nota di credito' }).click();
    dialog = page.getByRole('dialog', { name: 'Crea nota di credito' });
    expect(await dialog.getByLabel('Data di registrazione').inputValue()).toBe('23/11/2026');
    expect((await dialog.locator('ul.sel li').allTextContents()).map((x) => x.replace(/\s+/g, ' ').trim())).toEqual(['Riga 1 · fattura n. 3 del 23/11/2026 · € 240,00']);
    await shot('76-piano-crea-nota-credito');
    await dialog.getByRole('button', { name: 'Crea nota di credito' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    // The toast links to the draft; the line has it too, and its menu opens it in the wizard.
    const link = page.getByRole('link', { name: 'Apri bozza nota di credito (TD04)' });
    await link.waitFor();
    const ncId = Number(/\/fatture\/(\d+)\//.exec((await link.getAttribute('href')) ?? '')?.[1]);
    const nc = await api<DocLike & { draft: { references?: { fattureCollegate?: { IdDocumento: string; Data?: string }[] } } }>('documents.get', { id: ncId });
    expect(nc.draft.tipoDocumento).toBe('TD04');
    expect(nc.draft.lines.map((l) => [l.prezzoUnitario, l.aliquotaIva])).toEqual([['240.00', '22.00']]);
    expect(nc.draft.references?.fattureCollegate).toEqual([{ IdDocumento: '3', Data: TODAY }]);
    const line1 = page.locator('[data-plan-line="1"]');
    await line1.getByRole('button', { name: 'Bozza TD04' }).waitFor();
    await shot('77-piano-bozza-nota-credito');
    await page.getByRole('button', { name: 'Azioni sulla riga 1' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Apri bozza TD04' }).click();
    await expect.poll(() => page.url()).toContain(`#/fatture/${ncId}/modifica`);
    await registerFromWizard('78-wizard-nota-credito');

    // Registered: credit note n. 1 (series NC) for 240.00 on the line, "Stornato"; the advance no longer counts.
    await page.getByRole('heading', { name: 'Piano n. 2' }).waitFor();
    await line1.getByRole('button', { name: 'TD04 n. 1' }).waitFor();
    expect(await line1.textContent()).toContain('Stornato');
    expect(await line1.locator('td').nth(9).textContent()).toMatch(/n\. 1\s*€ 240,00/);
    expect(await amount('advanceInvoiced')).toBe('€ 0,00');
    expect(await amount('totalInvoiced')).toBe('€ 0,00');
    expect(await amount('totalAdvance')).toBe('€ 0,00');
    expect(await amount('remaining')).toBe('€ 1.200,00');
    await shot('79-piano-anticipo-stornato');
    const detail = await api<PlanDetailLike & { lines: { creditNoteNumero?: string; creditNoteAmount?: string }[] }>('plans.get', { id: 2 });
    expect([detail.lines[0]!.creditNoteNumero, detail.lines[0]!.creditNoteAmount, detail.plan.totalInvoiced]).toEqual(['1', '240.00', '0.00']);
  });

  it('lists both plans with their order number and customer', async () => {
    await page.getByRole('link', { name: 'Piani di fatturazione' }).click();
    await expect.poll(() => page.getByTestId('plans-count').textContent()).toBe('2 piani');
    const row = (id: number) => page.locator(`[data-plan-id="${id}"]`);
    const cells = async (id: number) => (await row(id).getByRole('gridcell').allTextContents()).map((x) => x.replace(/\s+/g, ' ').trim());
    expect(await cells(1)).toEqual(['Piano n. 1', '1/2026 del 23/11/2026', 'ROSSI FORNITURE INDUSTRIALI S.R.L.', 'Completamente fatturato', '€ 2.500,00', '€ 2.990,00', '€ 2.990,00']);
    expect(await cells(2)).toEqual(['Piano n. 2', '2/2026 del 23/11/2026', 'ROSSI FORNITURE INDUSTRIALI S.R.L.', 'In corso', '€ 1.200,00', '€ 0,00', '€ 0,00']);
    // Searching by the order number finds its plan only.
    await page.getByRole('searchbox', { name: /Cerca/ }).fill('2/2026');
    await expect.poll(() => page.getByTestId('plans-count').textContent()).toBe('1 piano');
    expect(await row(2).count()).toBe(1);
    await shot('80-piani-elenco-ordine-cliente');
    await page.getByRole('searchbox', { name: /Cerca/ }).fill('');
    await expect.poll(() => page.getByTestId('plans-count').textContent()).toBe('2 piani');
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
