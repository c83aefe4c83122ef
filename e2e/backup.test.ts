/**
 * Browser end-to-end of Impostazioni → Backup e sicurezza, on the real app (API + local web host, a demo company in a
 * temp folder) in Debian's Chromium: "Backup ora" lists the new copy, "Controlla ora" reports in Italian, "Ripristina"
 * brings the company back to the copy (a change made after it disappears) and "Annulla ripristino" puts it back, and
 * "Esporta per il commercialista" writes the zip. No console error, no failed request, no CSP violation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BackupOverview } from '../core/backup/types';
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

const itemCodes = async () => (await api<{ code: string }[]>('items.list', {})).map((i) => i.code);

describe.skipIf(!hasBuild)('Backup e sicurezza nel browser', () => {
  beforeAll(async () => {
    app = await startTestApp({ staticDir: STATIC_DIR });
    b = await launchBrowser({ today: TODAY });
    page = b.page;
    await api('companies.createDemo', { file: join(app.dataDir, 'demo.fdesk') });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-backup-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
  });

  it('opens the tab, makes a backup and checks the company', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.url()).toContain('#/documenti');
    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Impostazioni', exact: true }).click();
    await page.getByRole('tab', { name: 'Backup e sicurezza' }).click();
    await page.getByText('Nessuna copia di sicurezza ancora.').waitFor();
    await page.getByRole('button', { name: 'Backup ora' }).click();
    await page.getByText('Copia di sicurezza completata').waitFor();
    await page.getByRole('cell', { name: 'Manuale' }).waitFor();
    expect((await api<BackupOverview>('backup.list')).backups).toHaveLength(1);

    await page.getByRole('button', { name: 'Controlla ora' }).click();
    await page.getByText('Nessun problema: tutti i 5 controlli sono stati superati.').waitFor();
    await page.getByText('Catena delle impronte: 6 documenti registrati verificati, nessuna alterazione.').waitFor();
    await b.shot('90-backup-e-sicurezza');
  });

  it('restores the backup (a later change disappears) and undoes the restore', async () => {
    await api('items.save', { code: 'DOPO-COPIA', description: 'Creato dopo la copia', prezzoUnitario: '1.00', vatCode: 'IVA22' });
    expect(await itemCodes()).toContain('DOPO-COPIA');
    await page.getByRole('button', { name: 'Ripristina' }).first().click();
    const confirm = page.getByRole('dialog', { name: 'Ripristinare questa copia?' });
    await confirm.getByRole('button', { name: 'Ripristina' }).click();
    await page.getByText(/^Ripristinata la copia del /).waitFor();
    expect(await itemCodes()).not.toContain('DOPO-COPIA');
    await page.getByText('Ripristino annullabile').waitFor();
    await b.shot('91-backup-ripristinato');

    await page.getByRole('button', { name: 'Annulla ripristino' }).click();
    await page.getByRole('dialog', { name: 'Annullare il ripristino?' }).getByRole('button', { name: 'Annulla ripristino' }).click();
    await page.getByText('Ripristino annullato: i dati precedenti sono di nuovo al loro posto').waitFor();
    expect(await itemCodes()).toContain('DOPO-COPIA');
  });

  it('exports the period for the accountant', async () => {
    await page.getByRole('button', { name: 'Esporta', exact: true }).click();
    await page.getByText(/^Esportati \d+ documenti emessi, 0 ricevuti e 0 notifiche dal \d{4}-01-01 al \d{4}-\d{2}-\d{2}\.$/).waitFor();
    expect(existsSync(join(app.dataDir, `demo commercialista ${TODAY.slice(0, 4)}-01-01 ${TODAY}.zip`))).toBe(true);
    expect(b.problems).toEqual([]);
  });
});
