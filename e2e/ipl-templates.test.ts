/**
 * Browser end-to-end of Vendite → Modelli di piano: the real app (API + local web host, SQLite files in a temp folder,
 * today pinned) driven in Debian's Chromium. A released order has no template to start its plan from: the plan dialog
 * links to a new template; the template is written in its screen (errors next to the fields first: a missing name and
 * percentage, days that are not a number, then the API's over-100% and duplicate-name refusals), saved, and the screen
 * comes back to the order, whose plan is created from it with the template's lines, dates and payments. Then the
 * template is renamed and changed (the plan header follows the name), deleted after confirming (the plan keeps its
 * lines), and the shipments screen shows each amount in its order's currency. Every screen is saved to
 * e2e/screenshots/ for a human look.
 *
 * Order (2026-11-23): 2 x 1000.00 (IVA22) + 10 x 50.00 (IVA10) = 2500.00 taxable.
 * Template: advance 30% at 0 days (RD, "Anticipo alla firma del contratto"), closing 70% at 60 days (RIBA).
 * Plan: advance 750.00 planned 2026-11-23; closing 1750.00 planned 2027-01-22 (2026-11-23 + 60 days).
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
let order: { id: number; numero: string; lines: { id: number }[] };
let planId = 0;

const TEMPLATE = 'Anticipo 30% e saldo a 60 giorni';
const RENAMED = 'Anticipo 30%, saldo a 90 giorni';

async function api<R>(method: string, args: unknown = {}): Promise<R> {
  const res = await app.api.call(method, args);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as R;
}

/** The error (or hint) text tied to a labelled field through aria-describedby. */
async function errorOf(label: string | RegExp): Promise<string> {
  const input = page.getByLabel(label).first();
  const id = await input.getAttribute('aria-describedby');
  if (!id) return '';
  return (await page.locator(`[id="${id}"]`).textContent())?.trim() ?? '';
}

/** A screenshot without the toasts of earlier steps covering the page header. */
async function shot(name: string) {
  const close = page.locator('.toast-close');
  for (let n = await close.count(); n > 0; n = await close.count()) await close.first().click();
  await b.shot(name);
}

const nav = () => page.getByRole('navigation', { name: 'Navigazione principale' });
const amount = (key: string) => page.getByTestId(`amount-${key}`).locator('.amount-value').textContent();
const planTemplate = async () => (await page.getByTestId('plan-template').textContent())?.trim();

interface TemplateLike {
  id: number;
  name: string;
  description?: string;
  lines: { type: string; percent: string; daysOffset: number; paymentTerm?: string; paymentMethod?: string; text?: string }[];
}
interface PlanDetailLike {
  plan: { id: number; templateId?: number };
  templateName?: string;
  lines: { position: number; type: string; percent: string; amount: string; plannedDate?: string; paymentTerm?: string; paymentMethod?: string; text?: string }[];
}

async function openOrder() {
  await nav().getByRole('link', { name: 'Ordini', exact: true }).click();
  await page.locator('[data-order-id]', { hasText: order.numero }).getByRole('link', { name: order.numero }).click();
  await page.getByRole('heading', { name: `Ordine n. ${order.numero}` }).waitFor();
}

async function openPlan() {
  await nav().getByRole('link', { name: 'Piani di fatturazione', exact: true }).click();
  await page.locator(`[data-plan-id="${planId}"]`).getByRole('link').click();
  await page.getByRole('heading', { name: `Piano n. ${planId}` }).waitFor();
}

async function openTemplates() {
  await nav().getByRole('link', { name: 'Modelli di piano', exact: true }).click();
  await page.getByRole('heading', { name: 'Modelli di piano', level: 1 }).waitFor();
}

describe.skipIf(!hasBuild)('Modelli di piano di fatturazione nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY, viewport: { width: 1600, height: 1000 } });
    page = b.page;
    // Company, customer and the released order come from the API: their screens have their own tests.
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
    const customer = await api<{ id: number }>('customers.save', {
      kind: 'B2B',
      isSupplier: false,
      denominazione: 'Rossi Forniture Industriali S.r.l.',
      idPaese: 'IT',
      partitaIva: '01234567897',
      address: { indirizzo: 'Corso Vittorio Emanuele II', numeroCivico: '45', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
      codiceDestinatario: 'ABC1234',
      splitPayment: false,
    });
    order = await api('orders.save', {
      order: {
        date: TODAY,
        customerId: customer.id,
        lines: [
          { description: 'Macchina confezionatrice', quantity: '2', unitPrice: '1000.00', vatCode: 'IVA22' },
          { description: 'Manuale d’uso e formazione', quantity: '10', unitPrice: '50.00', vatCode: 'IVA10' },
        ],
      },
    });
    await api('orders.release', { id: order.id });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-modelli-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('finds Modelli di piano in the Vendite section, empty, and the plan dialog of an order links to a new template', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.url()).toContain('#/documenti');
    await openTemplates();
    await page.getByText('Nessun modello di piano.').waitFor();
    expect(await page.getByTestId('templates-count').textContent()).toBe('0 modelli');
    await shot('92-modelli-piano-vuoto');

    await openOrder();
    await page.getByRole('button', { name: 'Piano di fatturazione (IPL)' }).click();
    const create = page.getByRole('dialog', { name: 'Piano di fatturazione (IPL)' });
    await create.getByTestId('no-templates').waitFor();
    expect(await create.getByTestId('no-templates').textContent()).toContain('Non ci sono modelli di piano');
    await shot('93-crea-piano-senza-modelli');
    await create.getByRole('link', { name: 'Crea un modello' }).click();
    await page.getByRole('heading', { name: 'Nuovo modello di piano' }).waitFor();
    expect(decodeURIComponent(page.url())).toContain(`#/modelli-piano/nuovo?ritorno=/ordini/${order.id}`);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('shows what is missing or unreadable next to the fields, then the API’s over-100% refusal above the lines', async () => {
    // Nothing typed: the name and the percentage of line 1 are required; nothing is saved.
    await page.getByLabel('Riga 1 – Giorni dalla data ordine').fill('trenta');
    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await expect.poll(() => errorOf('Nome del modello')).toBe('Campo obbligatorio');
    expect(await errorOf('Riga 1 – % ordine')).toContain('% ordine: Campo obbligatorio');
    expect(await errorOf('Riga 1 – Giorni dalla data ordine')).toContain('Giorni dalla data ordine: Scrivi un numero intero di giorni');
    expect(await page.getByLabel('Riga 1 – % ordine').getAttribute('aria-invalid')).toBe('true');
    await shot('94-modello-errori');
    expect(await api<TemplateLike[]>('planTemplates.list')).toEqual([]);

    // A name given: its error goes at once.
    await page.getByLabel('Nome del modello').fill(TEMPLATE);
    await expect.poll(() => errorOf('Nome del modello')).toBe('Per esempio «Anticipo 30% e saldo a 60 giorni».');
    await page.getByLabel('Descrizione').fill('Macchine su commessa');

    // Line 1: the advance at the order date, paid on sight, with its text.
    expect(await page.getByLabel('Riga 1 – Tipo').inputValue()).toBe('advance');
    await page.getByLabel('Riga 1 – % ordine').fill('30');
    await page.getByLabel('Riga 1 – Giorni dalla data ordine').fill('0');
    await page.getByLabel('Riga 1 – Termine di pagamento').selectOption('RD');
    await page.getByLabel('Riga 1 – Testo esteso').fill('Anticipo alla firma del contratto');

    // Line 2 is proposed as the closing; 80% brings the template to 110%.
    await page.getByRole('button', { name: 'Aggiungi riga' }).click();
    expect(await page.getByLabel('Riga 2 – Tipo').inputValue()).toBe('closing');
    await page.getByLabel('Riga 2 – % ordine').fill('80');
    await page.getByLabel('Riga 2 – Giorni dalla data ordine').fill('60');
    await page.getByLabel('Riga 2 – Modalità di pagamento').selectOption('RIBA');
    await expect.poll(() => page.getByTestId('template-total').textContent()).toContain('Totale: 110%');
    expect(await page.getByTestId('template-total').textContent()).toContain('supera il 100%');
    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await expect.poll(() => page.getByTestId('template-general-errors').textContent()).toContain('La somma delle percentuali del modello è 110,00%: non può superare il 100%. Riduci le percentuali.');
    expect(await errorOf('Riga 1 – % ordine')).toBe('');
    await shot('95-modello-oltre-100');
    expect(await api<TemplateLike[]>('planTemplates.list')).toEqual([]);
  });

  it('saves the template and comes back to the order, whose plan starts from it with its lines, dates and payments', async () => {
    await page.getByLabel('Riga 2 – % ordine').fill('70');
    // Changing a line takes the refusal of the lines as a whole away.
    await expect.poll(() => page.getByTestId('template-general-errors').count()).toBe(0);
    await expect.poll(() => page.getByTestId('template-total').textContent()).toContain('Totale: 100%');
    expect(await page.getByTestId('template-total').textContent()).toContain('Le righe coprono tutto l’ordine.');
    await shot('96-modello-compilato');
    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await page.getByText(`Modello «${TEMPLATE}» salvato`).waitFor();
    await page.getByRole('heading', { name: `Ordine n. ${order.numero}` }).waitFor();
    const saved = await api<TemplateLike[]>('planTemplates.list');
    expect(saved).toEqual([
      expect.objectContaining({
        name: TEMPLATE,
        description: 'Macchine su commessa',
        lines: [
          { type: 'advance', percent: '30.00', daysOffset: 0, paymentTerm: 'RD', text: 'Anticipo alla firma del contratto' },
          { type: 'closing', percent: '70.00', daysOffset: 60, paymentMethod: 'RIBA' },
        ],
      }),
    ]);

    await page.getByRole('button', { name: 'Piano di fatturazione (IPL)' }).click();
    const create = page.getByRole('dialog', { name: 'Piano di fatturazione (IPL)' });
    expect(await create.getByTestId('no-templates').count()).toBe(0);
    await create.getByLabel('Modello').selectOption({ label: TEMPLATE });
    await create.getByRole('cell', { name: '22/01/2027' }).waitFor();
    expect(await create.getByRole('cell', { name: 'Anticipo alla firma del contratto' }).count()).toBe(1);
    await shot('97-crea-piano-dal-modello');
    await create.getByRole('button', { name: 'Crea piano' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/piani\/\d+$/);
    planId = Number(/#\/piani\/(\d+)$/.exec(page.url())![1]);
    await page.locator('[data-plan-line="2"]').waitFor();

    // The header names the template; the lines are the template's at this order's amount and date.
    expect(await planTemplate()).toBe(TEMPLATE);
    expect(await amount('orderAmount')).toBe('€ 2.500,00');
    expect(await amount('totalAdvance')).toBe('€ 750,00');
    expect(await page.getByLabel('Riga 1 – Importo').inputValue()).toBe('750,00');
    expect(await page.getByLabel('Riga 2 – Importo').inputValue()).toBe('1.750,00');
    expect(await page.locator('[data-plan-line="1"]').textContent()).toContain('Rimessa diretta');
    expect(await page.locator('[data-plan-line="1"]').textContent()).toContain('Anticipo alla firma del contratto');
    expect(await page.locator('[data-plan-line="2"]').textContent()).toContain('Ricevuta bancaria (RIBA)');
    await shot('98-piano-dal-modello');
    const plan = await api<PlanDetailLike>('plans.get', { id: planId });
    expect(plan.templateName).toBe(TEMPLATE);
    expect(plan.lines.map((l) => [l.position, l.type, l.percent, l.amount, l.plannedDate, l.paymentTerm, l.paymentMethod, l.text])).toEqual([
      [1, 'advance', '30.00', '750.00', '2026-11-23', 'RD', undefined, 'Anticipo alla firma del contratto'],
      [2, 'closing', '70.00', '1750.00', '2027-01-22', undefined, 'RIBA', undefined],
    ]);
  });

  it('edits the template from the list: the new name shows in the plan header', async () => {
    await openTemplates();
    const row = page.locator('[data-template-id]', { hasText: TEMPLATE });
    await row.waitFor();
    expect(await row.textContent()).toContain('Fattura di anticipo 30%');
    expect(await row.textContent()).toContain('Fattura di chiusura 70%');
    expect(await row.textContent()).toContain('100%');
    expect(await page.getByTestId('templates-count').textContent()).toBe('1 modello');
    await shot('99-modelli-elenco');

    await row.getByRole('button', { name: `Modifica ${TEMPLATE}` }).click();
    await page.getByRole('heading', { name: `Modello «${TEMPLATE}»` }).waitFor();
    expect(await page.getByLabel('Riga 2 – Giorni dalla data ordine').inputValue()).toBe('60');
    await page.getByLabel('Nome del modello').fill(RENAMED);
    await page.getByLabel('Riga 2 – Giorni dalla data ordine').fill('90');
    await page.getByLabel('Riga 2 – Termine di pagamento').selectOption('30DF');
    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await page.getByText(`Modello «${RENAMED}» salvato`).waitFor();
    await page.getByRole('heading', { name: 'Modelli di piano', level: 1 }).waitFor();
    await page.locator('[data-template-id]', { hasText: RENAMED }).waitFor();
    const [tpl] = await api<TemplateLike[]>('planTemplates.list');
    expect([tpl!.name, tpl!.lines[1]]).toEqual([RENAMED, { type: 'closing', percent: '70.00', daysOffset: 90, paymentTerm: '30DF', paymentMethod: 'RIBA' }]);

    // The plan keeps its lines as they were created; its header names the template as it is called now.
    await openPlan();
    await expect.poll(planTemplate).toBe(RENAMED);
    expect((await api<PlanDetailLike>('plans.get', { id: planId })).lines[1]!.plannedDate).toBe('2027-01-22');
  });

  it('refuses a second template with the same name, next to the name; leaving asks about the unsaved changes', async () => {
    await openTemplates();
    await page.getByRole('button', { name: 'Nuovo modello' }).click();
    await page.getByRole('heading', { name: 'Nuovo modello di piano' }).waitFor();
    await page.getByLabel('Nome del modello').fill(RENAMED.toUpperCase());
    await page.getByLabel('Riga 1 – Tipo').selectOption('closing');
    await page.getByLabel('Riga 1 – % ordine').fill('100');
    await page.getByRole('button', { name: 'Salva', exact: true }).click();
    await expect.poll(() => errorOf('Nome del modello')).toBe(`Esiste già un modello «${RENAMED}». Scegli un altro nome o modifica quel modello.`);
    await shot('100-modello-nome-duplicato');
    expect(await api<TemplateLike[]>('planTemplates.list')).toHaveLength(1);

    await nav().getByRole('link', { name: 'Modelli di piano', exact: true }).click();
    const ask = page.getByRole('dialog', { name: 'Modifiche non salvate' });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Abbandona' }).click();
    await page.getByRole('heading', { name: 'Modelli di piano', level: 1 }).waitFor();
  });

  it('deletes the template after confirming: the plan keeps its lines, and "Applica modello" links to a new one', async () => {
    const row = page.locator('[data-template-id]', { hasText: RENAMED });
    await row.getByRole('button', { name: `Elimina ${RENAMED}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Eliminare il modello?' });
    await confirm.getByText('I piani già creati da questo modello restano con le loro righe.').waitFor();
    await shot('101-modello-conferma-elimina');
    await confirm.getByRole('button', { name: 'Annulla' }).click();
    expect(await api<TemplateLike[]>('planTemplates.list')).toHaveLength(1);

    await row.getByRole('button', { name: `Elimina ${RENAMED}` }).click();
    await confirm.getByRole('button', { name: 'Elimina' }).click();
    await page.getByText(`Modello «${RENAMED}» eliminato`).waitFor();
    await page.getByText('Nessun modello di piano.').waitFor();
    expect(await api<TemplateLike[]>('planTemplates.list')).toEqual([]);

    const plan = await api<PlanDetailLike>('plans.get', { id: planId });
    expect([plan.plan.templateId, plan.templateName, plan.lines.length]).toEqual([undefined, undefined, 2]);
    await openPlan();
    await expect.poll(planTemplate).toBe('Nessuno');
    await page.getByRole('button', { name: 'Applica modello' }).click();
    const apply = page.getByRole('dialog', { name: 'Applica modello' });
    await apply.getByRole('link', { name: 'Crea un modello' }).waitFor();
    await shot('102-applica-modello-senza-modelli');
    await apply.getByRole('button', { name: 'Annulla' }).click();
  });

  it('shows each shipment amount in its order’s currency', async () => {
    const customers = await api<{ rows: { id: number }[] }>('customers.list', {});
    const usd = await api<{ id: number; lines: { id: number }[] }>('orders.save', {
      order: { date: TODAY, customerId: customers.rows[0]!.id, divisa: 'USD', exchangeRate: '1.085', lines: [{ description: 'Ricambi', quantity: '4', unitPrice: '125.00', vatCode: 'IVA22' }] },
    });
    await api('orders.release', { id: usd.id });
    const eurShipment = await api<{ id: number }>('shipments.post', { orderId: order.id, date: TODAY, lines: [{ orderLineId: order.lines[0]!.id, quantity: '1' }] });
    const usdShipment = await api<{ id: number }>('shipments.post', { orderId: usd.id, date: TODAY, lines: [{ orderLineId: usd.lines[0]!.id, quantity: '4' }] });
    await nav().getByRole('link', { name: 'Spedizioni', exact: true }).click();
    await page.getByRole('heading', { name: 'Spedizioni', level: 1 }).waitFor();
    const amountOf = (id: number) => page.locator(`[data-shipment-id="${id}"]`).getByTestId('shipment-amount').textContent();
    await expect.poll(() => amountOf(usdShipment.id)).toBe('500,00 USD');
    expect(await amountOf(eurShipment.id)).toBe('€ 1.000,00');
    await shot('103-spedizioni-divisa');
  });

  it('speaks English on the templates screen when asked, and Italian again', async () => {
    await openTemplates();
    await page.getByLabel('Lingua').selectOption('en');
    await page.getByRole('heading', { name: 'Plan templates', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByRole('heading', { name: 'New plan template' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Days from order date' }).count()).toBe(1);
    await shot('104-plan-template-english');
    await page.getByLabel('Language').selectOption('it');
    await page.getByRole('heading', { name: 'Nuovo modello di piano' }).waitFor();
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
