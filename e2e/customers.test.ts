/**
 * Browser end-to-end of Clienti beyond journey 2 of DESIGN.md: the list's search box and kind chips narrow the list;
 * with no internet connection (the local host still answering, as on a desktop without network) typing a P.IVA says
 * in Italian that VIES cannot be reached and the customer is typed in by hand and saved; a foreign customer (Estero)
 * follows its own rules inline (no codice destinatario, no provincia, the country's VAT shape) and its registered
 * invoice carries IdPaese of its country, CodiceDestinatario XXXXXXX and CAP 00000. Screens go to e2e/screenshots/.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Customer } from '../core/invoicing/types';
import { simpleDraft } from '../core/invoicing/services/test-support';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';
import { apiCall, closeToasts, createCompany, errorOf } from './support/seed';
import { VIES_KNOWN } from './support/vies-stub';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

let app: TestApp;
let b: TestBrowser;
let page: Page;

const api = <R>(method: string, args: unknown = {}) => apiCall<R>(app, method, args);
const count = () => page.locator('.page-header .muted').textContent();
const names = () => page.locator('[role="row"] .name').allTextContents();

async function shot(name: string) {
  await closeToasts(page);
  await b.shot(name);
}

/**
 * What the app sees when the computer has no network: navigator.onLine false and the 'offline' event. Playwright's
 * context.setOffline would also cut the page from the local host (127.0.0.1) that IS the app, which never happens on
 * a desktop; the status bar test in e2e/company-switch.test.ts uses it for the indicator alone.
 */
async function goOffline(on: boolean) {
  await page.evaluate((offline) => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => !offline });
    window.dispatchEvent(new Event(offline ? 'offline' : 'online'));
  }, on);
}

const ITALIAN = (denominazione: string, partitaIva: string, comune: string, provincia: string) => ({
  kind: 'B2B',
  isSupplier: false,
  denominazione,
  idPaese: 'IT',
  partitaIva,
  address: { indirizzo: 'Via Roma', numeroCivico: '1', cap: '20121', comune, provincia, nazione: 'IT' },
  codiceDestinatario: 'ABC1234',
  splitPayment: false,
});

describe.skipIf(!hasBuild)('Clienti nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY });
    page = b.page;
    await createCompany(app);
    await api('banks.save', { istituto: 'Banca Popolare di Milano', iban: 'IT60X0542811101000000123456', isDefault: true });
    await api('customers.save', ITALIAN('Bianchi Impianti S.r.l.', '12345678903', 'Bergamo', 'BG'));
    await api('customers.save', ITALIAN('Verdi Costruzioni S.p.A.', '00743110157', 'Torino', 'TO'));
    await api('customers.save', {
      kind: 'PA',
      isSupplier: false,
      denominazione: 'Comune di Brescia',
      idPaese: 'IT',
      codiceFiscale: '00761890177',
      address: { indirizzo: 'Piazza della Loggia', numeroCivico: '1', cap: '25121', comune: 'Brescia', provincia: 'BS', nazione: 'IT' },
      cuu: 'UFXYZ1',
      splitPayment: true,
    });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-clienti-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('the search box narrows the list by name, P.IVA or codice fiscale; the kind chips filter too', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Clienti', exact: true }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
    await expect.poll(count).toBe('3 clienti');
    expect(await names()).toEqual(expect.arrayContaining(['Bianchi Impianti S.r.l.', 'Verdi Costruzioni S.p.A.', 'Comune di Brescia']));

    const search = page.getByLabel('Cerca clienti');
    await search.fill('bianchi');
    await expect.poll(count).toBe('1 cliente');
    expect(await names()).toEqual(['Bianchi Impianti S.r.l.']);
    await shot('110-clienti-ricerca');

    await search.fill('00743110157');
    await expect.poll(names).toEqual(['Verdi Costruzioni S.p.A.']);
    await search.fill('00761890177');
    await expect.poll(names).toEqual(['Comune di Brescia']);
    await search.fill('nessuno così');
    await expect.poll(count).toBe('0 clienti');
    await page.getByText('Nessun cliente corrisponde alla ricerca.').waitFor();

    await search.fill('');
    await expect.poll(count).toBe('3 clienti');
    await page.getByRole('group', { name: 'Tipo' }).getByRole('button', { name: 'PA', exact: true }).click();
    await expect.poll(names).toEqual(['Comune di Brescia']);
    await page.getByRole('group', { name: 'Tipo' }).getByRole('button', { name: 'Tutti', exact: true }).click();
    await expect.poll(count).toBe('3 clienti');
  });

  it('offline: typing a P.IVA says VIES cannot be reached, in Italian; the customer is typed by hand and saved', async () => {
    await page.getByRole('button', { name: 'Nuovo' }).click();
    await page.getByRole('heading', { name: 'Nuovo cliente' }).waitFor();
    await goOffline(true);
    await expect.poll(() => page.getByTestId('connectivity').textContent()).toContain('Offline');
    const asked = app.vies.requests.length;

    await page.getByLabel('Partita IVA').fill('01234567897');
    await expect.poll(() => page.getByTestId('vies-message').textContent()).toBe('Sei offline: la ricerca nel VIES non è disponibile. Inserisci i dati a mano.');
    expect(await errorOf(page, 'Partita IVA')).toBe('✓ Partita IVA corretta');
    // "Cerca su VIES" by hand says the same, and nothing left the computer.
    await page.getByRole('button', { name: 'Cerca su VIES' }).click();
    expect(await page.getByTestId('vies-message').textContent()).toContain('Sei offline');
    expect(app.vies.requests.length).toBe(asked);
    expect(await page.getByLabel('Denominazione').inputValue()).toBe('');
    await shot('111-cliente-vies-offline');

    // The user goes on by hand.
    await page.getByLabel('Denominazione').fill('Rossi Forniture Industriali S.r.l.');
    await page.getByLabel('Indirizzo').fill('Via dei Mille');
    await page.getByLabel('N. civico').fill('12/B');
    await page.getByLabel('CAP').fill('20121');
    await page.getByLabel('Comune').fill('Milano');
    await page.getByLabel('Provincia').fill('mi');
    await page.getByLabel('Codice destinatario').fill('m5uxcr1');
    await page.getByRole('button', { name: 'Aggiungi' }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
    await expect.poll(count).toBe('4 clienti');
    const saved = (await api<{ rows: Customer[] }>('customers.list', { search: '01234567897' })).rows;
    expect(saved).toEqual([
      expect.objectContaining({
        kind: 'B2B',
        denominazione: 'Rossi Forniture Industriali S.r.l.',
        partitaIva: '01234567897',
        codiceDestinatario: 'M5UXCR1',
        address: expect.objectContaining({ indirizzo: 'Via dei Mille', numeroCivico: '12/B', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' }),
      }),
    ]);
    // The name VIES would have given was never asked for, so it is not there.
    expect(saved[0]!.denominazione).not.toBe(VIES_KNOWN.IT01234567897!.name);
    expect(app.vies.requests.length).toBe(asked);

    await goOffline(false);
    await expect.poll(() => page.getByTestId('connectivity').textContent()).toContain('Online');
  });

  it('online but VIES unreachable: one clear Italian sentence, and the user goes on by hand', async () => {
    await page.getByRole('button', { name: 'Nuovo' }).click();
    await page.getByRole('heading', { name: 'Nuovo cliente' }).waitFor();
    // The stand-in VIES server goes away: the connection is refused.
    await app.vies.close();
    await page.getByLabel('Partita IVA').fill('00743110157');
    await expect.poll(() => page.getByTestId('vies-message').textContent()).toMatch(/^VIES non raggiungibile/);
    const text = (await page.getByTestId('vies-message').textContent())!;
    expect(text).toBe('VIES non raggiungibile: sei offline? Puoi continuare e compilare i dati a mano.');
    expect(await page.getByLabel('Denominazione').isEditable()).toBe(true);
    await shot('111b-cliente-vies-irraggiungibile');
    await page.getByRole('button', { name: 'Annulla' }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
  });

  it('a foreign customer: its own rules inline (no codice destinatario, no provincia, the country’s VAT shape), saved', async () => {
    await page.getByRole('button', { name: 'Nuovo' }).click();
    await page.getByRole('heading', { name: 'Nuovo cliente' }).waitFor();
    await page.getByText('Estero', { exact: true }).click();
    await page.getByText(/Per i clienti esteri lo SdI non consegna la fattura: il codice destinatario è XXXXXXX/).waitFor();
    expect(await page.getByLabel('Codice destinatario').count()).toBe(0);
    expect(await page.getByLabel('Provincia').count()).toBe(0);
    expect(await page.getByLabel('Codice fiscale').count()).toBe(0);

    await page.getByLabel('Paese').selectOption('DE');
    await page.getByLabel('Denominazione').fill('Müller Anlagenbau GmbH');
    await page.getByLabel('Indirizzo').fill('Königstraße');
    await page.getByLabel('N. civico').fill('28');
    await page.getByLabel('CAP').fill('70173');
    await page.getByLabel('Comune').fill('Stuttgart');
    // A German number is DE + 9 digits: while it does not match, no Italian "11 digits" hint.
    await page.getByLabel('Identificativo IVA').fill('81190');
    expect(await errorOf(page, 'Identificativo IVA')).toBe('');
    await page.getByRole('button', { name: 'Aggiungi' }).click();
    await expect.poll(() => errorOf(page, 'Identificativo IVA')).toContain('La partita IVA non ha la forma prevista per DE.');
    await shot('112-cliente-estero-errore');
    expect((await api<{ total: number }>('customers.list', { kind: 'ESTERO' })).total).toBe(0);

    // A UK customer instead (not in the EU: no VIES). A foreign CAP is optional (the XML carries 00000) and, like
    // every CAP, 5 characters at most: the box takes no more than that.
    await page.getByLabel('Paese').selectOption('GB');
    await page.getByLabel('Denominazione').fill('Acme Trading Ltd');
    await page.getByLabel('Indirizzo').fill('Baker Street');
    await page.getByLabel('N. civico').fill('221B');
    expect(await page.getByLabel('CAP').getAttribute('maxlength')).toBe('5');
    await page.getByLabel('CAP').fill('');
    await page.getByLabel('Comune').fill('London');
    await page.getByLabel('Identificativo IVA').fill('123456789');
    await expect.poll(() => errorOf(page, 'Identificativo IVA')).toBe('✓ Partita IVA corretta');
    expect(await page.getByRole('button', { name: 'Cerca su VIES' }).count()).toBe(0);
    await shot('113-cliente-estero');
    await page.getByRole('button', { name: 'Aggiungi' }).click();
    await page.getByRole('heading', { name: 'Clienti' }).waitFor();
    const row = page.locator('[role="row"]').filter({ hasText: 'Acme Trading Ltd' });
    await expect.poll(() => row.textContent()).toContain('Estero');
    await shot('114-clienti-con-estero');

    const foreign = (await api<{ rows: Customer[] }>('customers.list', { kind: 'ESTERO' })).rows;
    expect(foreign).toHaveLength(1);
    const c = foreign[0]!;
    expect(c).toMatchObject({ kind: 'ESTERO', idPaese: 'GB', partitaIva: '123456789', denominazione: 'Acme Trading Ltd', splitPayment: false });
    expect(c.address).toMatchObject({ indirizzo: 'Baker Street', numeroCivico: '221B', comune: 'London', nazione: 'GB' });
    expect(c.address.cap ?? '').toBe('');
    expect(c.address.provincia).toBeUndefined();
    expect(c.codiceDestinatario).toBeUndefined();
    expect(c.pec).toBeUndefined();

    // Its invoice, once registered, is addressed the foreign way.
    const draft = await api<{ id: number }>('drafts.create', { draft: simpleDraft(c.id, { date: TODAY, lines: [{ descrizione: 'Consulenza', quantita: '1.00', prezzoUnitario: '500.00', aliquotaIva: '0.00', natura: 'N2.1' }] }) });
    await api('documents.register', { id: draft.id });
    const { xml } = await api<{ xml: string }>('documents.xml', { id: draft.id });
    expect(xml).toContain('<CodiceDestinatario>XXXXXXX</CodiceDestinatario>');
    const cessionario = xml.slice(xml.indexOf('<CessionarioCommittente>'), xml.indexOf('</CessionarioCommittente>'));
    expect(cessionario).toContain('<IdPaese>GB</IdPaese>');
    expect(cessionario).toContain('<IdCodice>123456789</IdCodice>');
    expect(cessionario).toContain('<CAP>00000</CAP>');
    expect(cessionario).toContain('<Nazione>GB</Nazione>');
    expect(cessionario).not.toContain('<Provincia>');
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
