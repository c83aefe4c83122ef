/**
 * Browser end-to-end of the Cassaforte (document vault): the password set once (a weak one and a mismatched
 * confirmation are refused next to their fields, with the strength meter as it is typed), documents uploaded into two
 * categories, viewed inside the app (an image inline, a PDF in a frame showing the browser's PDF viewer from a blob:
 * URL, with no CSP violation, revoked on close) and annotated (notes, expiry, "in scadenza"), the
 * mail server set and tested against a real SMTP server started here on 127.0.0.1, a share for "Apertura conto
 * corrente" prepared with one document missing, the missing one uploaded in place, sent, and found in the share log
 * and in the SMTP server's mailbox. Then the vault locks by itself (its idle timer fired by the test) and asks for the
 * password again.
 */
import { existsSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Scheduler } from '../core/vault/ports';
import { crc32 } from '../core/importer/testing/zip-writer';
import { startTestSmtp, type TestSmtp } from '../host/vault/testing/smtp';
import { launchBrowser, type TestBrowser } from './support/browser';
import { startTestApp, TODAY, type TestApp } from './support/app-server';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

const PASSWORD = 'Girasole-Tramonto-48-Faro!';
/** How long the page may take to answer an unlock: not a timed assertion, room for scrypt on a busy machine. */
const UNLOCK_TIMEOUT = 30_000;
const SMTP_USER = 'cassaforte';
const SMTP_PASS = 'posta-segreta-91';

let app: TestApp;
let b: TestBrowser;
let page: Page;
let smtp: TestSmtp;

/** The vault's timers, fired by the test: the idle lock happens when the test says so, not after 10 real minutes. */
const timers = new Map<number, { fn: () => void; ms: number }>();
let nextTimer = 1;
const scheduler: Scheduler = {
  set(fn, ms) {
    const id = nextTimer++;
    timers.set(id, { fn, ms });
    return id;
  },
  clear(handle) {
    timers.delete(handle as number);
  },
};
function fireIdleLock(minutes: number) {
  const idle = [...timers.entries()].filter(([, t]) => t.ms === minutes * 60_000);
  expect(idle.length).toBeGreaterThan(0);
  for (const [id, t] of idle) {
    timers.delete(id);
    t.fn();
  }
}

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

/** The error (or hint) text tied to a labelled field through aria-describedby. */
async function messageOf(label: string | RegExp): Promise<string> {
  const id = await page.getByLabel(label).first().getAttribute('aria-describedby');
  return id ? ((await page.locator(`[id="${id}"]`).textContent())?.trim() ?? '') : '';
}

/** A small real PNG (a coloured card), so the viewer has something to show inline. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y < height * 0.3;
      row[1 + x * 3] = band ? 0x1f : 0xe8;
      row[2 + x * 3] = band ? 0x5f : 0xf0;
      row[3 + x * 3] = band ? 0xa9 : 0xfa;
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const pdf = (title: string) => Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`, 'latin1');

/** A real one-page PDF (pdf-lib), so the viewer has a page to draw. */
async function realPdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawRectangle({ x: 0, y: 770, width: 595, height: 72, color: rgb(0.12, 0.37, 0.66) });
  page.drawText('VISURA CAMERALE', { x: 48, y: 797, size: 22, font: bold, color: rgb(1, 1, 1) });
  lines.forEach((line, i) => page.drawText(line, { x: 48, y: 720 - i * 22, size: 13, font }));
  return Buffer.from(await doc.save());
}

/**
 * Installed before the app loads: every securitypolicyviolation of the page, and every blob: URL the page makes (with
 * its Blob) or revokes. The test reads a blob's bytes from the Blob itself: fetching a blob: URL is a connection the
 * app's CSP (connect-src 'self') rightly refuses, and would itself be reported as a violation.
 */
function watchPage() {
  const w = window as unknown as { __csp: string[]; __blobs: Map<string, Blob>; __revoked: string[] };
  w.__csp = [];
  w.__blobs = new Map();
  w.__revoked = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    const url = create(obj);
    if (obj instanceof Blob) w.__blobs.set(url, obj);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    w.__revoked.push(url);
    revoke(url);
  };
}

const cspViolations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

async function upload(category: RegExp, file: { name: string; mimeType: string; buffer: Buffer }, notes?: string, expiry?: string) {
  await page.getByTestId('vault-new').click();
  const dialog = page.getByRole('dialog', { name: 'Nuovo allegato' });
  const select = dialog.getByLabel('Categoria');
  const value = await select.locator('option').filter({ hasText: category }).getAttribute('value');
  await select.selectOption(value!);
  await dialog.getByTestId('vault-upload-input').setInputFiles(file);
  await dialog.getByText(file.name).waitFor();
  if (notes) await dialog.getByLabel('Note').fill(notes);
  if (expiry) await dialog.getByLabel('Scadenza').fill(expiry);
  await dialog.getByRole('button', { name: 'Carica', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

let visura: Buffer;

describe.skipIf(!hasBuild)('Cassaforte nel browser', () => {
  beforeAll(async () => {
    visura = await realPdf(['Officina Verdi S.r.l.', 'Partita IVA 12345678903', 'Sede: Via Po 1, 10100 Torino (TO)', 'Documento di prova per la cassaforte']);
    smtp = await startTestSmtp({ user: SMTP_USER, pass: SMTP_PASS });
    app = await startTestApp({ staticDir: STATIC_DIR, api: { sdi: { secrets: { keytar: null, env: {} } }, vault: { scheduler } } });
    b = await launchBrowser({ today: TODAY, viewport: { width: 1500, height: 980 } });
    page = b.page;
    await page.addInitScript(watchPage);
    await api('companies.create', {
      company: {
        denominazione: 'Officina Verdi S.r.l.',
        idPaese: 'IT',
        partitaIva: '12345678903',
        regimeFiscale: 'RF01',
        sede: { indirizzo: 'Via Po', numeroCivico: '1', cap: '10100', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
      },
    });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-vault-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
    await smtp?.close();
  });

  it('sets the password once: a weak one and a different confirmation are refused next to their fields', async () => {
    await page.goto(app.url);
    await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Cassaforte', exact: true }).click();
    await page.getByRole('heading', { name: 'Attiva la cassaforte' }).waitFor();
    const setup = page.getByTestId('vault-setup');
    // Without a keychain "Ricorda su questo computer" cannot be chosen, and says why.
    expect(await setup.getByLabel('Ricorda su questo computer').isDisabled()).toBe(true);
    await shot('81-cassaforte-attiva');

    await setup.getByLabel(/^Password/).fill('ciao2024');
    await expect.poll(() => setup.getByTestId('password-strength').textContent()).toContain('troppo debole per la cassaforte');
    await setup.getByLabel('Conferma la password').fill('ciao2024');
    await setup.getByRole('button', { name: 'Attiva la cassaforte' }).click();
    await expect.poll(() => messageOf(/^Password/)).toMatch(/^Password troppo debole/);
    await shot('82-cassaforte-password-debole');

    await setup.getByLabel(/^Password/).fill(PASSWORD);
    await expect.poll(() => setup.getByTestId('password-strength').textContent()).toContain('accettata');
    await setup.getByLabel('Conferma la password').fill(`${PASSWORD}x`);
    await setup.getByRole('button', { name: 'Attiva la cassaforte' }).click();
    await expect.poll(() => messageOf('Conferma la password')).toBe('Le due password non coincidono.');
    expect((await api<{ configured: boolean }>('vault.status')).configured).toBe(false);

    await setup.getByLabel('Conferma la password').fill(PASSWORD);
    await setup.getByRole('button', { name: 'Attiva la cassaforte' }).click();
    await page.getByRole('tab', { name: 'Documenti' }).waitFor();
    expect(await api('vault.status')).toMatchObject({ configured: true, unlocked: true, remembered: false });
  });

  it('uploads documents into two categories, views an image inline and annotates it; a PDF shows inside the dialog', async () => {
    await upload(/^Documenti societari$/, { name: 'visura-camerale.pdf', mimeType: 'application/pdf', buffer: visura }, 'Visura camerale aggiornata', '10/12/2026');
    await upload(/^Documenti d’identità/, { name: 'carta-identita.png', mimeType: 'image/png', buffer: png(320, 200) });
    await expect.poll(() => page.getByTestId('vault-row').count()).toBe(2);
    await page.getByRole('button', { name: /Documenti societari\s*1/ }).waitFor();
    await shot('83-cassaforte-documenti');

    await page.getByTestId('vault-row').filter({ hasText: 'carta-identita.png' }).getByRole('button', { name: 'carta-identita.png', exact: true }).click();
    const viewer = page.getByRole('dialog', { name: 'carta-identita.png' });
    const img = viewer.getByRole('img', { name: 'carta-identita.png' });
    await img.waitFor();
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(320);
    await viewer.getByLabel('Note').fill('Carta d’identità del legale rappresentante');
    await viewer.getByLabel('Scadenza').fill('15/03/2031');
    await viewer.getByRole('button', { name: 'Salva le modifiche' }).click();
    await page.getByText('Informazioni del documento salvate').waitFor();
    await shot('84-cassaforte-documento-immagine');
    await viewer.getByRole('button', { name: 'Chiudi' }).click();
    const docs = await api<{ rows: { name: string; notes?: string; expiry?: string }[] }>('vault.list', {});
    expect(docs.rows.find((d) => d.name === 'carta-identita.png')).toMatchObject({ notes: 'Carta d’identità del legale rappresentante', expiry: '2031-03-15' });

    await page.getByTestId('vault-row').filter({ hasText: 'visura-camerale.pdf' }).getByRole('button', { name: 'visura-camerale.pdf', exact: true }).click();
    const pdfViewer = page.getByRole('dialog', { name: 'visura-camerale.pdf' });
    // The PDF is in the dialog: a frame on a blob: URL of the app's origin, no new tab.
    const frame = pdfViewer.getByTestId('vault-pdf');
    await frame.waitFor();
    expect(await frame.evaluate((el) => el.tagName)).toBe('IFRAME');
    expect(await frame.getAttribute('title')).toBe('Anteprima del PDF «visura-camerale.pdf»');
    const src = (await frame.getAttribute('src'))!;
    expect(src).toMatch(new RegExp(`^blob:${new URL(app.url).origin}/`));
    expect(b.context.pages()).toHaveLength(1);
    // Behind the URL: exactly the uploaded PDF, decrypted, typed application/pdf.
    const blob = await page.evaluate(async (url) => {
      const blob = (window as unknown as { __blobs: Map<string, Blob> }).__blobs.get(url);
      return blob ? { type: blob.type, bytes: Array.from(new Uint8Array(await blob.arrayBuffer())) } : null;
    }, src);
    expect(blob?.type).toBe('application/pdf');
    expect(Buffer.from(blob!.bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(blob!.bytes).equals(visura)).toBe(true);
    // The frame loaded (the browser's PDF viewer when it has one) and the CSP let it in.
    await expect.poll(() => page.frames().some((f) => f.url() === src), { timeout: 15_000 }).toBe(true);
    if (await page.evaluate(() => navigator.pdfViewerEnabled)) {
      await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://')), { timeout: 15_000 }).toBe(true);
    }
    expect(await cspViolations()).toEqual([]);
    expect(await pdfViewer.getByLabel('Note').inputValue()).toBe('Visura camerale aggiornata');
    await shot('85-cassaforte-documento-pdf');
    // Scarica stays, as the second way.
    const [download] = await Promise.all([page.waitForEvent('download'), pdfViewer.getByRole('button', { name: 'Scarica' }).click()]);
    expect(download.suggestedFilename()).toBe('visura-camerale.pdf');
    await pdfViewer.getByRole('button', { name: 'Chiudi' }).click();
    await pdfViewer.waitFor({ state: 'detached' });
    // Closing releases the decrypted bytes: the URL is revoked and the frame is gone.
    expect(await page.evaluate((url) => (window as unknown as { __revoked: string[] }).__revoked.includes(url), src)).toBe(true);
    expect(page.frames().some((f) => f.url() === src)).toBe(false);

    await page.getByRole('tab', { name: 'In scadenza' }).click();
    await expect.poll(() => page.getByTestId('expiring-row').count()).toBe(1);
    expect(await page.getByTestId('expiring-row').first().textContent()).toContain('visura-camerale.pdf');
    await shot('86-cassaforte-in-scadenza');
  });

  it('sets the mail server and tests it against the local SMTP server', async () => {
    await page.getByRole('tab', { name: 'Impostazioni' }).click();
    const form = page.getByTestId('smtp-form');
    await form.getByLabel(/^Server SMTP/).fill('127.0.0.1');
    await form.getByLabel(/^Porta/).fill(String(smtp.port));
    await form.getByLabel('Utente').fill(SMTP_USER);
    await form.getByLabel('Password del server').fill(SMTP_PASS);
    await form.getByLabel('Mittente (e-mail)').fill('amministrazione@officinaverdi.it');
    await form.getByLabel('Nome del mittente').fill('Officina Verdi');
    await form.getByRole('button', { name: 'Salva', exact: true }).click();
    await page.getByText('Server di posta salvato').waitFor();
    // The password is sent once and never comes back.
    expect(await form.getByLabel('Password del server').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Prova connessione' }).click();
    await expect.poll(() => form.getByTestId('smtp-test-result').getAttribute('class')).toContain('banner-success');
    expect(smtp.logins).toContainEqual({ user: SMTP_USER, ok: true });
    expect(await api('vault.smtp.get')).toMatchObject({ configured: true, hasPassword: true, settings: { host: '127.0.0.1', port: smtp.port, user: SMTP_USER } });
    await shot('87-cassaforte-impostazioni-smtp');
  });

  it('prepares a share with one document missing, uploads it in place, sends it and finds it in the log', async () => {
    await page.getByRole('tab', { name: 'Condivisione' }).click();
    const share = page.getByTestId('vault-share');
    const reason = share.getByLabel('Causale');
    const value = await reason.locator('option').filter({ hasText: 'Apertura conto corrente' }).getAttribute('value');
    await reason.selectOption(value!);
    await expect.poll(() => share.getByTestId('share-completeness').textContent()).toContain('Manca 1 documento');
    const societari = share.getByTestId('share-requirement').filter({ hasText: 'Documenti societari' });
    expect(await societari.textContent()).toContain('manca 1 documento (ne servono 2)');
    const identita = share.getByTestId('share-requirement').filter({ hasText: 'Documenti d’identità' });
    expect(await identita.textContent()).toContain('presenti 1 di 1');
    await shot('88-cassaforte-condivisione-mancante');

    await societari.getByRole('button', { name: 'Carica i mancanti' }).click();
    const dialog = page.getByRole('dialog', { name: /Carica in «Documenti societari»/ });
    await dialog.getByTestId('vault-upload-input').setInputFiles({ name: 'statuto.pdf', mimeType: 'application/pdf', buffer: pdf('Statuto') });
    await dialog.getByRole('button', { name: 'Carica', exact: true }).click();
    await expect.poll(() => share.getByTestId('share-completeness').textContent()).toContain('Documenti completi');
    expect(await societari.getByLabel(/statuto\.pdf/).isChecked()).toBe(true);

    await share.getByLabel('Nome del destinatario').fill('Laura Bianchi');
    await share.getByLabel('E-mail del destinatario').fill('laura.bianchi@banca-esempio.it');
    await share.getByLabel('Messaggio').fill('Buongiorno, in allegato i documenti per l’apertura del conto.');
    await shot('89-cassaforte-condivisione-completa');
    await share.getByTestId('share-send').click();

    await page.getByRole('tab', { name: 'Registro invii', selected: true }).waitFor();
    await expect.poll(() => page.getByTestId('share-state').first().textContent()).toBe('Inviata');
    const logRow = page.getByTestId('share-log-row').first();
    expect(await logRow.textContent()).toContain('laura.bianchi@banca-esempio.it');
    for (const name of ['visura-camerale.pdf', 'statuto.pdf', 'carta-identita.png']) expect(await logRow.textContent()).toContain(name);
    await shot('90-cassaforte-registro-invii');

    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['laura.bianchi@banca-esempio.it']);
    const raw = smtp.messages[0]!.raw.toString('latin1');
    for (const name of ['visura-camerale.pdf', 'statuto.pdf', 'carta-identita.png']) expect(raw).toContain(name);
  });

  it('locks by itself after the idle minutes and asks for the password again; a wrong one opens nothing', async () => {
    await page.getByRole('tab', { name: 'Documenti' }).click();
    await expect.poll(() => page.getByTestId('vault-row').count()).toBe(3);
    fireIdleLock(10);
    const unlock = page.getByTestId('vault-unlock');
    await unlock.getByTestId('vault-idle').waitFor();
    expect(await unlock.getByTestId('vault-idle').textContent()).toContain('Dopo 10 minuti di inattività');
    expect(await page.getByTestId('vault-row').count()).toBe(0);
    await shot('91-cassaforte-chiusa-inattivita');

    await unlock.getByLabel(/^Password/).fill('password-sbagliata');
    await unlock.getByRole('button', { name: 'Apri', exact: true }).click();
    // Each unlock attempt runs scrypt (N = 2^16, 64 MB): well under a second alone, several on a loaded machine.
    await expect.poll(() => messageOf(/^Password/), { timeout: UNLOCK_TIMEOUT }).toMatch(/^Password errata/);
    await unlock.getByLabel(/^Password/).fill(PASSWORD);
    await unlock.getByRole('button', { name: 'Apri', exact: true }).click();
    await expect.poll(() => page.getByTestId('vault-row').count(), { timeout: UNLOCK_TIMEOUT }).toBe(3);

    await page.getByTestId('vault-lock').click();
    await page.getByTestId('vault-unlock').waitFor();
    expect(await page.getByTestId('vault-idle').count()).toBe(0);
    expect((await api<{ unlocked: boolean }>('vault.status')).unlocked).toBe(false);
    expect(await cspViolations()).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
