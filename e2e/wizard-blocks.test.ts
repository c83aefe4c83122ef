/**
 * Browser end-to-end of the Nuova fattura wizard beyond journey 3: Dati documento with ritenuta d'acconto, cassa
 * previdenziale (itself subject to ritenuta), bollo charged to the customer and a payment (term, bank transfer, bank);
 * "Indietro" keeps what was typed; in Righe a cascading discount is typed, a line from the item picker is added, a
 * line is removed; the summary shows the exact figures; registered, the XML (read through the API) carries every one
 * of those blocks with the same amounts, and the removed line is nowhere. Screens go to e2e/screenshots/.
 *
 * The figures, by the rules of core/invoicing/totals.ts:
 *   line 1: 10 × 80.00 less 10% then 5% = 684.00 (IVA 22%, subject to ritenuta)
 *   line 2 (item DIR-SEG): 2 × 25.00 = 50.00 (IVA 22%)
 *   line 3: anticipazione 100.00 (N1, art. 15)
 *   cassa TC22 4% on 734.00 (every line but N1) = 29.36 at IVA 22%, subject to ritenuta
 *   bollo 2.00 (N1 amounts 100.00 > 77.47), charged: a line "Imposta di bollo" N1 2.00
 *   summary: 22% → 763.36 + IVA 167.94; N1 → 102.00; totale 1,033.30
 *   ritenuta 20% of (684.00 + 29.36) = 142.67; netto a pagare 890.63, due 30 days after 23/11/2026 = 23/12/2026
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';
import { apiCall, closeToasts, createCompany, exactLabel } from './support/seed';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);
const IBAN = 'IT60X0542811101000000123456';

let app: TestApp;
let b: TestBrowser;
let page: Page;
let xml = '';

const api = <R>(method: string, args: unknown = {}) => apiCall<R>(app, method, args);
const field = (label: string) => page.getByLabel(exactLabel(label));

/**
 * Types into a prefilled number field the way a user does (focus, select all, type). UiDecimalInput rewrites its text
 * on focus ("20" shown → "20,00" to edit); Playwright's fill selects before it focuses, so the rewrite drops that
 * selection and the typed text is appended ("20,0020"). Focusing first lets the rewrite happen before fill selects.
 */
async function typeNumber(label: string, value: string) {
  await field(label).focus();
  await field(label).fill(value);
  await field(label).blur();
}

async function shot(name: string) {
  await closeToasts(page);
  await b.shot(name);
}

/** The text of the first element `tag` inside `block` of the XML (enough for a document this test wrote). */
function inner(source: string, tag: string): string {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(source);
  if (!m) throw new Error(`<${tag}> non trovato`);
  return m[1]!;
}
const all = (source: string, tag: string) => [...source.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);

describe.skipIf(!hasBuild)('Wizard: ritenuta, cassa, bollo, pagamento, articoli e sconti nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY, viewport: { width: 1500, height: 950 } });
    page = b.page;
    page.setDefaultTimeout(15_000);
    await createCompany(app, 'Studio Tecnico Bianchi');
    await api('banks.save', { istituto: 'Banca Popolare di Milano', iban: IBAN, isDefault: true });
    await api('customers.save', {
      kind: 'B2B',
      isSupplier: false,
      denominazione: 'Rossi Costruzioni S.p.A.',
      idPaese: 'IT',
      partitaIva: '01234567897',
      address: { indirizzo: 'Corso Vittorio Emanuele II', numeroCivico: '45', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
      codiceDestinatario: 'M5UXCR1',
      splitPayment: false,
    });
    await api('items.save', { code: 'DIR-SEG', description: 'Diritti di segreteria', unitaMisura: 'pz', prezzoUnitario: '25.00', vatCode: 'IVA22' });
    await api('items.save', { code: 'SOPR', description: 'Sopralluogo in cantiere', unitaMisura: 'h', prezzoUnitario: '60.00', vatCode: 'IVA22' });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-wizard-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('Dati documento: payment, ritenuta, cassa previdenziale and bollo charged to the customer', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Nuova fattura' }).click();
    await page.getByRole('heading', { name: 'Nuova fattura' }).waitFor();
    await page.getByRole('combobox', { name: 'Cerca il cliente' }).fill('rossi');
    await page.getByRole('option', { name: /Rossi Costruzioni/ }).click();
    await expect.poll(() => field('Tipo documento').inputValue()).toBe('TD01');

    await field('Causale').fill('Direzione lavori cantiere di Corso Vittorio Emanuele, novembre 2026');
    await field('Termine di pagamento').selectOption('30DF');
    await field('Modalità di pagamento').selectOption('BON');
    await expect.poll(async () => (await field('Banca (IBAN)').locator('option:checked').textContent())?.trim()).toBe(`Banca Popolare di Milano – ${IBAN}`);

    await page.getByLabel('Applica la ritenuta').check();
    await field('Tipo ritenuta').selectOption('RT01');
    await typeNumber('Aliquota ritenuta %', '20');
    await field('Causale pagamento (CU)').selectOption('A');

    await page.getByLabel('Applica la cassa previdenziale').check();
    await field('Cassa').selectOption('TC22');
    await typeNumber('Aliquota contributo %', '4');
    await typeNumber('Aliquota IVA sul contributo %', '22');
    await page.getByLabel('Contributo soggetto a ritenuta').check();

    await field('Bollo').selectOption('auto');
    await page.getByLabel('Addebita il bollo al cliente').check();
    await page.getByLabel('Addebita il bollo al cliente').blur();
    await shot('130-wizard-dati-documento-blocchi');
  });

  it('Righe: a cascading discount, a line from the item picker, a line removed; "Indietro" keeps everything', async () => {
    await page.getByRole('button', { name: 'Avanti' }).click();
    await field('Riga 1 – Descrizione').waitFor();

    // "Indietro" goes back to Dati documento with every value as it was, then forward again.
    await page.getByRole('button', { name: 'Indietro' }).click();
    await expect.poll(() => page.getByLabel('Applica la ritenuta').isChecked()).toBe(true);
    expect(await field('Aliquota ritenuta %').inputValue()).toBe('20');
    expect(await page.getByLabel('Contributo soggetto a ritenuta').isChecked()).toBe(true);
    expect(await page.getByLabel('Addebita il bollo al cliente').isChecked()).toBe(true);
    expect(await field('Termine di pagamento').inputValue()).toBe('30DF');
    await page.getByRole('button', { name: 'Indietro' }).click();
    await page.getByRole('combobox', { name: 'Cerca il cliente' }).or(page.getByTestId('chosen-customer')).first().waitFor();
    expect(await page.getByTestId('chosen-customer').textContent()).toContain('Rossi Costruzioni S.p.A.');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await expect.poll(() => field('Causale').inputValue()).toBe('Direzione lavori cantiere di Corso Vittorio Emanuele, novembre 2026');
    await page.getByRole('button', { name: 'Avanti' }).click();

    // Line 1 with two discounts in cascade, subject to ritenuta.
    await field('Riga 1 – Descrizione').fill('Direzione lavori, ore');
    await field('Riga 1 – Quantità').fill('10');
    await field('Riga 1 – U.M.').fill('h');
    await field('Riga 1 – Prezzo unitario').fill('80');
    await field('Riga 1 – Sconto %').fill('10+5');
    await field('Riga 1 – Sconto %').blur();
    await expect.poll(() => page.getByTestId('line-total-0').textContent()).toBe('€ 684,00');
    await field('Riga 1 – Riga soggetta a ritenuta').check();

    // Line 2: typed, then removed.
    await page.getByRole('button', { name: 'Aggiungi riga' }).click();
    await field('Riga 2 – Descrizione').fill('Riga da togliere');
    await field('Riga 2 – Prezzo unitario').fill('999');
    await page.getByRole('button', { name: 'Rimuovi Riga 2' }).click();
    await expect.poll(() => page.getByLabel('Riga 2 – Descrizione', { exact: true }).count()).toBe(0);

    // Line 2 again, from the item picker (searched, picked with a click).
    await page.getByRole('button', { name: 'Da articolo' }).click();
    const picker = page.getByRole('dialog', { name: 'Scegli un articolo' });
    await expect.poll(() => picker.getByRole('option').count()).toBe(2);
    await picker.getByRole('searchbox').fill('segreteria');
    await expect.poll(() => picker.getByRole('option').count()).toBe(1);
    await shot('131-wizard-scegli-articolo');
    await picker.getByRole('option', { name: /DIR-SEG/ }).click();
    await expect.poll(() => picker.count()).toBe(0);
    expect(await field('Riga 2 – Descrizione').inputValue()).toBe('Diritti di segreteria');
    expect(await field('Riga 2 – Prezzo unitario').inputValue()).toBe('25,00');
    expect(await field('Riga 2 – U.M.').inputValue()).toBe('pz');
    expect(await field('Riga 2 – IVA').inputValue()).toBe('IVA22');
    // The focus went to its quantity.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('id'))).toBe(await field('Riga 2 – Quantità').getAttribute('id'));
    await field('Riga 2 – Quantità').fill('2');
    await expect.poll(() => page.getByTestId('line-total-1').textContent()).toBe('€ 50,00');

    // Line 3: an expense advanced for the customer (N1), which makes the bollo due.
    await page.getByRole('button', { name: 'Aggiungi riga' }).click();
    await field('Riga 3 – Descrizione').fill('Anticipazione diritti catastali');
    await field('Riga 3 – Prezzo unitario').fill('100');
    await field('Riga 3 – IVA').selectOption('N1');
    await expect.poll(() => page.getByTestId('line-total-2').textContent()).toBe('€ 100,00');
    // The live total at the bottom follows (cassa, IVA and the bollo line included).
    await expect.poll(() => page.locator('.wizard-bar .live').textContent(), { timeout: 5000 }).toContain('Totale € 1.033,30');
    await shot('132-wizard-righe-sconto-articolo');
  });

  it('Riepilogo: the exact figures, no problem; registered, the XML carries every block', async () => {
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByTestId('checks-ok').waitFor();
    const totals = page.getByTestId('totals');
    await expect.poll(() => page.getByTestId('totale').textContent()).toBe('€ 1.033,30');
    const text = (await totals.textContent())!;
    expect(text).toContain('Imponibile€ 865,36');
    expect(text).toContain('IVA€ 167,94');
    expect(text).toContain('Cassa previdenziale€ 29,36');
    expect(text).toContain('Bollo addebitato al cliente€ 2,00');
    expect(text).toContain('Ritenuta d’acconto-€ 142,67');
    expect(await page.getByTestId('net-to-pay').textContent()).toBe('€ 890,63');
    await shot('133-wizard-riepilogo-blocchi');

    await page.getByRole('button', { name: 'Registra e invia' }).click();
    const dialog = page.getByRole('dialog', { name: 'Conferma il numero' });
    await expect.poll(() => dialog.getByLabel('Numero').inputValue()).toBe('1');
    await dialog.getByRole('button', { name: 'Registra' }).click();
    await page.getByText('Documento n. 1 registrato').waitFor();
    const docs = await api<{ rows: { id: number; numero?: string; totale?: string }[] }>('documents.list', {});
    expect(docs.rows).toEqual([expect.objectContaining({ numero: '1', totale: '1033.30' })]);
    xml = (await api<{ xml: string }>('documents.xml', { id: docs.rows[0]!.id })).xml;

    const dg = inner(xml, 'DatiGeneraliDocumento');
    expect(inner(dg, 'ImportoTotaleDocumento')).toBe('1033.30');
    expect(all(dg, 'Causale').join('')).toBe('Direzione lavori cantiere di Corso Vittorio Emanuele, novembre 2026');
    // Ritenuta d'acconto.
    const rit = inner(dg, 'DatiRitenuta');
    expect([inner(rit, 'TipoRitenuta'), inner(rit, 'ImportoRitenuta'), inner(rit, 'AliquotaRitenuta'), inner(rit, 'CausalePagamento')]).toEqual(['RT01', '142.67', '20.00', 'A']);
    // Bollo.
    const bollo = inner(dg, 'DatiBollo');
    expect([inner(bollo, 'BolloVirtuale'), inner(bollo, 'ImportoBollo')]).toEqual(['SI', '2.00']);
    // Cassa previdenziale.
    const cassa = inner(dg, 'DatiCassaPrevidenziale');
    expect({
      tipo: inner(cassa, 'TipoCassa'),
      al: inner(cassa, 'AlCassa'),
      importo: inner(cassa, 'ImportoContributoCassa'),
      imponibile: inner(cassa, 'ImponibileCassa'),
      iva: inner(cassa, 'AliquotaIVA'),
      ritenuta: inner(cassa, 'Ritenuta'),
    }).toEqual({ tipo: 'TC22', al: '4.00', importo: '29.36', imponibile: '734.00', iva: '22.00', ritenuta: 'SI' });

    // Lines: the discounted one (two SC blocks), the item's (its code), the N1 one, the bollo re-charge; not the removed one.
    const lines = all(xml, 'DettaglioLinee');
    expect(lines.map((l) => inner(l, 'Descrizione'))).toEqual(['Direzione lavori, ore', 'Diritti di segreteria', 'Anticipazione diritti catastali', expect.stringMatching(/bollo/i)]);
    expect(xml).not.toContain('Riga da togliere');
    const [l1, l2, l3, l4] = lines as [string, string, string, string];
    expect(all(l1, 'ScontoMaggiorazione').map((s) => [inner(s, 'Tipo'), inner(s, 'Percentuale')])).toEqual([
      ['SC', '10.00'],
      ['SC', '5.00'],
    ]);
    expect([inner(l1, 'Quantita'), inner(l1, 'UnitaMisura'), inner(l1, 'PrezzoTotale'), inner(l1, 'AliquotaIVA'), inner(l1, 'Ritenuta')]).toEqual(['10.00', 'h', '684.00', '22.00', 'SI']);
    expect(inner(l1, 'PrezzoUnitario')).toMatch(/^80\.00/);
    expect([inner(inner(l2, 'CodiceArticolo'), 'CodiceTipo'), inner(inner(l2, 'CodiceArticolo'), 'CodiceValore')]).toEqual(['INTERNO', 'DIR-SEG']);
    expect([inner(l2, 'Quantita'), inner(l2, 'PrezzoTotale')]).toEqual(['2.00', '50.00']);
    expect(l2).not.toContain('<Ritenuta>');
    expect([inner(l3, 'PrezzoTotale'), inner(l3, 'AliquotaIVA'), inner(l3, 'Natura')]).toEqual(['100.00', '0.00', 'N1']);
    expect([inner(l4, 'PrezzoTotale'), inner(l4, 'Natura')]).toEqual(['2.00', 'N1']);

    // VAT summary.
    const summary = all(xml, 'DatiRiepilogo').map((r) => [inner(r, 'AliquotaIVA'), /<Natura>/.test(r) ? inner(r, 'Natura') : '', inner(r, 'ImponibileImporto'), inner(r, 'Imposta')]);
    expect(summary).toEqual([
      ['22.00', '', '763.36', '167.94'],
      ['0.00', 'N1', '102.00', '0.00'],
    ]);

    // Payment: bank transfer of the net amount, 30 days, to the default bank's IBAN.
    const pay = inner(xml, 'DatiPagamento');
    expect(inner(pay, 'CondizioniPagamento')).toBe('TP02');
    const det = inner(pay, 'DettaglioPagamento');
    expect({ mp: inner(det, 'ModalitaPagamento'), due: inner(det, 'DataScadenzaPagamento'), amount: inner(det, 'ImportoPagamento'), iban: inner(det, 'IBAN') }).toEqual({
      mp: 'MP05',
      due: '2026-12-23',
      amount: '890.63',
      iban: IBAN,
    });
  });

  it('showed no console error, CSP violation or failed request', () => {
    expect(b.problems).toEqual([]);
  });
});
