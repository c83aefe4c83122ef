/**
 * Browser end-to-end of the channels configured by hand: the real app (API + local web host, SQLite in a temp folder,
 * today pinned, no OS keychain) driven in Debian's Chromium.
 *
 * Manual channel: the export folder is saved once in Impostazioni → Fatturazione elettronica (one field, the channel's
 * own setting, still there after a reload); Interscambio → Coda di invio opens "Esporta per il portale" pre-filled with
 * it and writes the registered XML files there (checked on disk, byte for byte); another folder can be used once or
 * remembered (then it is the channel's setting); "Conferma caricamento" makes the files transmitted; the notifications
 * downloaded from the portal (an RC, an NS) are imported back and the statuses change.
 * PEC and SDICoop: every field saved and shown again after a reload, the secret never shown; "Prova connessione"
 * against a closed port answers in Italian. Every screen is saved to e2e/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { simpleDraft } from '../core/invoicing/services/test-support';
import { notificationFile } from '../core/sdi/outbox/testing';
import { startTestApp, TODAY, type TestApp } from './support/app-server';
import { launchBrowser, type TestBrowser } from './support/browser';

const STATIC_DIR = 'dist/renderer';
const hasBuild = existsSync(`${STATIC_DIR}/index.html`);

const MANUAL = 'Manuale (portale Fatture e Corrispettivi)';
const MANUAL_DIR_LABEL = 'Cartella in cui preparare i file da caricare';

let app: TestApp;
let b: TestBrowser;
let page: Page;
let work: string;

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

/** A port on 127.0.0.1 where nothing listens (taken, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

interface Doc {
  id: number;
  numero?: string;
  fileName?: string;
  status: string;
}
const docs: Doc[] = [];
const store = () => app.api.context.session.current!.store;
const xmlOf = (d: Doc) => Buffer.from(store().documents.getXml(d.id)!);

const origin = () => new URL(app.url).origin;
const settings = () => page.goto(`${origin()}/#/impostazioni/fatturazione-elettronica`);
const channelForm = () => page.getByTestId('channel-form');
/** The label of the channel chosen on screen ("… in uso" when it is the saved one). */
const currentChannel = async () => ((await channelForm().locator('.channel.on .channel-label').count()) ? channelForm().locator('.channel.on .channel-label').textContent() : null);
const queueRow = (d: Doc) => page.getByTestId('queue-row').filter({ hasText: d.fileName! });

describe.skipIf(!hasBuild)('Canale manuale, PEC e SDICoop nel browser', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fatturadesk-e2e-manuale-'));
    app = await startTestApp({ staticDir: STATIC_DIR, api: { sdi: { secrets: { keytar: null, env: {} } } } });
    b = await launchBrowser({ today: TODAY, viewport: { width: 1500, height: 950 } });
    page = b.page;
    await api('companies.create', {
      company: {
        denominazione: 'Studio Bianchi S.r.l.',
        idPaese: 'IT',
        partitaIva: '12345678903',
        regimeFiscale: 'RF01',
        sede: { indirizzo: 'Via Roma', numeroCivico: '10', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
      },
    });
    await api('banks.save', { istituto: 'Banca di Milano', iban: 'IT60X0542811101000000123456', isDefault: true });
    const customer = await api<{ id: number }>('customers.save', {
      kind: 'B2B',
      isSupplier: false,
      denominazione: 'Rossi Costruzioni S.p.A.',
      idPaese: 'IT',
      partitaIva: '01234567897',
      address: { indirizzo: 'Corso Vittorio Emanuele II', numeroCivico: '45', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
      codiceDestinatario: 'M5UXCR1',
      splitPayment: false,
    });
    for (const causale of ['Lavori di ottobre', 'Lavori di novembre', 'Materiali']) {
      const draft = createDraft(store(), simpleDraft(customer.id, { date: TODAY, causale }));
      registerDocument(store(), draft.id, { today: TODAY });
      docs.push(await api<Doc>('documents.get', { id: draft.id }));
    }
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await b.shot(`FALLITO-canali-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`);
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('Impostazioni: the manual channel has one folder field, the channel’s own; saved, it is there after a reload', async () => {
    const portale = join(work, 'portale');
    await page.goto(app.url);
    await expect.poll(() => page.url(), { timeout: 20_000 }).toContain('#/documenti');
    await settings();
    const form = channelForm();
    await form.getByText(MANUAL, { exact: true }).click();
    // One folder only: the channel's setting (no second, browser-kept field).
    expect(await form.getByLabel(MANUAL_DIR_LABEL).count()).toBe(1);
    expect(await form.getByLabel('Cartella di esportazione').count()).toBe(0);
    expect(await form.locator('input[type="text"]').count()).toBe(1);
    await form.getByLabel(MANUAL_DIR_LABEL).fill(portale);
    await form.getByRole('button', { name: 'Salva il canale' }).click();
    await page.getByText('Canale di invio salvato').waitFor();
    expect(await api('transmitter.get')).toMatchObject({ id: 'manual', config: { exportDir: portale } });

    await page.reload();
    await expect.poll(() => currentChannel()).toBe(`${MANUAL}in uso`);
    await expect.poll(() => form.getByLabel(MANUAL_DIR_LABEL).inputValue()).toBe(portale);
    // Nothing to connect to: the status bar says the channel is ready (its folder can be written), not "connesso".
    await expect.poll(() => page.getByTestId('channel-health').textContent()).toMatch(/Manuale.*: pronto/);
    await shot('110-canale-manuale-cartella');
    // Nothing of the old browser-kept folder is left.
    expect(await page.evaluate(() => localStorage.getItem('fatturadesk.exportDir'))).toBeNull();
  });

  it('Coda di invio: "Esporta per il portale" starts from the channel folder; the files on disk are the registered XML', async () => {
    const portale = join(work, 'portale');
    await page.goto(`${origin()}/#/interscambio/coda`);
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(3);
    await page.getByText('Canale manuale: esporta i file').waitFor();
    await page.getByRole('button', { name: 'Esporta per il portale' }).click();
    const dialog = page.getByRole('dialog', { name: 'Esporta per il portale' });
    await expect.poll(() => dialog.getByLabel('Cartella di esportazione').inputValue()).toBe(portale);
    await dialog.getByText('La cartella del canale manuale').waitFor();
    // The saved folder as it is: nothing to remember.
    expect(await dialog.getByLabel('Usa questa cartella anche le prossime volte').count()).toBe(0);
    await dialog.getByLabel('In un unico archivio .zip').uncheck();
    await shot('111-esporta-cartella-del-canale');
    await dialog.getByRole('button', { name: 'Esporta', exact: true }).click();
    await page.getByText('3 file esportati').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    expect(readdirSync(portale).sort()).toEqual(docs.map((d) => d.fileName!).sort());
    for (const d of docs) expect(readFileSync(join(portale, d.fileName!)).equals(xmlOf(d))).toBe(true);
    for (const d of docs) await expect.poll(() => queueRow(d).textContent()).toContain('Esportato il');
    await shot('112-coda-esportata');
  });

  it('another folder: used once it leaves the setting alone; remembered on request it becomes the channel folder', async () => {
    const portale = join(work, 'portale');
    const once = join(work, 'chiavetta');
    const studio = join(work, 'studio-condiviso');
    const exportTo = async (dir: string, remember: boolean) => {
      await queueRow(docs[0]!).getByRole('checkbox', { name: `Seleziona ${docs[0]!.fileName}` }).check();
      await page.getByRole('button', { name: 'Esporta selezionati (1)' }).click();
      const dialog = page.getByRole('dialog', { name: 'Esporta per il portale' });
      await expect.poll(() => dialog.getByLabel('Cartella di esportazione').inputValue()).not.toBe('');
      await dialog.getByLabel('Cartella di esportazione').fill(dir);
      const rememberBox = dialog.getByLabel('Usa questa cartella anche le prossime volte');
      // A folder is saved already: a different one is a one-off unless asked.
      expect(await rememberBox.isChecked()).toBe(false);
      // The last choice of format is kept: files, as before; the remembered folder gets a zip.
      expect(await dialog.getByLabel('In un unico archivio .zip').isChecked()).toBe(false);
      if (remember) {
        await dialog.getByLabel('In un unico archivio .zip').check();
        await rememberBox.check();
        await shot('113-esporta-altra-cartella-ricorda');
      }
      await dialog.getByRole('button', { name: 'Esporta', exact: true }).click();
      await page.getByText('1 file esportati').waitFor();
      await dialog.waitFor({ state: 'hidden' });
    };

    await exportTo(once, false);
    expect(readdirSync(once)).toEqual([docs[0]!.fileName]);
    expect(readFileSync(join(once, docs[0]!.fileName!)).equals(xmlOf(docs[0]!))).toBe(true);
    expect(await api('transmitter.get')).toMatchObject({ config: { exportDir: portale } });

    await exportTo(studio, true);
    await page.getByText('Cartella ricordata per le prossime esportazioni.').waitFor();
    expect(readdirSync(studio)).toHaveLength(1);
    expect(readdirSync(studio)[0]).toMatch(/\.zip$/);
    expect(await api('transmitter.get')).toMatchObject({ id: 'manual', config: { exportDir: studio } });

    // The next export starts from it, and the settings show it.
    await page.getByRole('button', { name: 'Esporta per il portale' }).click();
    const dialog = page.getByRole('dialog', { name: 'Esporta per il portale' });
    await expect.poll(() => dialog.getByLabel('Cartella di esportazione').inputValue()).toBe(studio);
    await dialog.getByRole('button', { name: 'Annulla' }).click();
    await settings();
    await expect.poll(() => channelForm().getByLabel(MANUAL_DIR_LABEL).inputValue()).toBe(studio);
    await page.goto(`${origin()}/#/interscambio/coda`);
    await expect.poll(() => page.getByTestId('queue-row').count()).toBe(3);
  });

  it('"Conferma caricamento": the uploaded files become transmitted', async () => {
    for (const d of docs) await queueRow(d).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Conferma caricamento' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confermi il caricamento sul portale?' });
    await confirm.getByText('I 3 file selezionati risulteranno trasmessi.').waitFor();
    await shot('114-conferma-caricamento');
    await confirm.getByRole('button', { name: 'Conferma caricamento' }).click();
    await page.getByText('3 file confermati come trasmessi').waitFor();
    for (const d of docs) await expect.poll(() => queueRow(d).locator('.state').textContent()).toBe('Trasmesso');
    for (const d of docs) expect((await api<Doc>('documents.get', { id: d.id })).status).toBe('transmitted');
  });

  it('"Importa notifiche": an RC and an NS downloaded from the portal move the statuses', async () => {
    // As the portal gives them, dated today.
    const at = { receivedAt: `${TODAY}T09:30:00.000+01:00` };
    const rc = notificationFile({ kind: 'RC', sdiId: '8001', invoiceFileName: docs[0]!.fileName!, ...at, deliveredAt: `${TODAY}T09:40:00.000+01:00` });
    const ns = notificationFile({ kind: 'NS', sdiId: '8002', invoiceFileName: docs[1]!.fileName!, ...at, errors: [{ code: '00423', description: 'PrezzoTotale non corrisponde a quantità per prezzo unitario' }] });
    await page.locator('input[type="file"][aria-label="Importa notifiche"]').setInputFiles([
      { name: rc.fileName, mimeType: 'application/xml', buffer: Buffer.from(rc.bytes) },
      { name: ns.fileName, mimeType: 'application/xml', buffer: Buffer.from(ns.bytes) },
    ]);
    await page.getByText('Notifiche importate').waitFor();
    await page.getByText('2 notifiche ricevute (2 cambi di stato)').waitFor();
    // The NS is dated today: five days to send the correction, said in the banner.
    await page.getByTestId('deadline-banner').getByText(/è stata scartata: correggila e reinviala/).waitFor();
    await shot('115-notifiche-importate');

    await page.getByRole('tab', { name: 'Inviate' }).click();
    const sent = (d: Doc) => page.locator(`[data-testid="sent-row"][data-doc-id="${d.id}"]`);
    await expect.poll(() => sent(docs[0]!).getByTestId('sent-status').textContent()).toBe('Consegnata');
    expect(await sent(docs[1]!).getByTestId('sent-status').textContent()).toBe('Scartata');
    expect(await sent(docs[2]!).getByTestId('sent-status').textContent()).toBe('Trasmessa');
    expect((await sent(docs[0]!).locator('td').nth(5).textContent())?.trim()).toBe('8001');
    await shot('116-inviate-dopo-notifiche');

    // The history of the rejected one shows the imported NS with its explanation.
    await sent(docs[1]!).getByRole('button', { name: 'Storico SdI' }).click();
    const history = page.getByRole('dialog', { name: 'Storico SdI' });
    await expect.poll(() => history.getByTestId('history-entry').first().locator('.kind').textContent()).toBe('NS');
    expect(await history.getByTestId('history-errors').textContent()).toContain('00423');
    await history.getByRole('button', { name: 'Chiudi' }).click();
  });

  it('PEC: every field saved and shown again after a reload, the password never shown; "Prova connessione" fails in Italian', async () => {
    const smtpPort = await closedPort();
    const imapPort = await closedPort();
    await settings();
    const form = channelForm();
    await form.getByText('PEC (posta elettronica certificata)', { exact: true }).click();
    await form.getByLabel('Indirizzo PEC dell’azienda').fill('fatture@pec.studiobianchi.it');
    await form.getByLabel('Nome utente (vuoto: l’indirizzo PEC)').fill('studiobianchi');
    await form.getByLabel('Server SMTP (invio)').fill('127.0.0.1');
    await form.getByLabel('Porta SMTP').fill(String(smtpPort));
    await form.getByLabel('Sicurezza SMTP').selectOption('none');
    await form.getByLabel('Server IMAP (ricezione)').fill('127.0.0.1');
    await form.getByLabel('Porta IMAP').fill(String(imapPort));
    await form.getByLabel('Sicurezza IMAP').selectOption('none');
    await form.getByLabel('Cartella da leggere').fill('INBOX');
    await form.getByLabel('Password della casella PEC').fill('password-della-pec');
    await form.getByRole('button', { name: 'Salva il canale' }).click();
    await page.getByText('Canale di invio salvato').waitFor();
    const saved = { address: 'fatture@pec.studiobianchi.it', user: 'studiobianchi', smtpHost: '127.0.0.1', smtpPort: String(smtpPort), smtpSecurity: 'none', imapHost: '127.0.0.1', imapPort: String(imapPort), imapSecurity: 'none', mailbox: 'INBOX' };
    expect(await api('transmitter.get')).toMatchObject({ id: 'pec', config: saved, hasSecret: true });

    await page.reload();
    await expect.poll(() => currentChannel()).toBe('PEC (posta elettronica certificata)in uso');
    await expect.poll(() => form.getByLabel('Indirizzo PEC dell’azienda').inputValue()).toBe(saved.address);
    expect(await form.getByLabel('Nome utente (vuoto: l’indirizzo PEC)').inputValue()).toBe(saved.user);
    expect(await form.getByLabel('Porta SMTP').inputValue()).toBe(saved.smtpPort);
    expect(await form.getByLabel('Sicurezza SMTP').inputValue()).toBe('none');
    expect(await form.getByLabel('Porta IMAP').inputValue()).toBe(saved.imapPort);
    expect(await form.getByLabel('Sicurezza IMAP').inputValue()).toBe('none');
    expect(await form.getByLabel('Password della casella PEC').inputValue()).toBe('');
    await form.getByText('Password della casella PEC già conservata: lascia vuoto per non cambiarla.').waitFor();
    expect(await page.content()).not.toContain('password-della-pec');

    await form.getByRole('button', { name: 'Prova connessione' }).click();
    const result = form.getByTestId('channel-test-result');
    await expect.poll(() => result.textContent()).toContain('Connessione non riuscita');
    expect(await result.textContent()).toContain(`PEC: server di invio 127.0.0.1:${smtpPort} non utilizzabile`);
    await shot('117-pec-prova-connessione');
  });

  it('SDICoop: certificate, key and endpoint folder saved and shown again after a reload; a refused connection said in Italian', async () => {
    const port = await closedPort();
    const cert = join(work, 'client-cert.pem');
    const key = join(work, 'client-key.pem');
    const endpoint = join(work, 'notifiche-sdicoop');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=Studio Bianchi', '-passout', 'pass:certificato-segreto'], { stdio: 'ignore' });
    await settings();
    const form = channelForm();
    await form.getByText('SDICoop (servizio web dell’Agenzia delle Entrate)', { exact: true }).click();
    const url = `https://127.0.0.1:${port}/ricevi_file`;
    await form.getByLabel('Indirizzo del servizio SdIRiceviFile').fill(url);
    await form.getByLabel('Certificato client (.p12, .pfx o .pem)').fill(cert);
    await form.getByLabel('Chiave privata (.pem), se non è nel certificato').fill(key);
    await form.getByLabel('Cartella delle notifiche scritte dall’endpoint').fill(endpoint);
    await form.getByLabel('Tempo massimo per richiesta (secondi)').fill('20');
    await form.getByLabel('Password del certificato').fill('certificato-segreto');
    await form.getByRole('button', { name: 'Salva il canale' }).click();
    await page.getByText('Canale di invio salvato').waitFor();
    expect(await api('transmitter.get')).toMatchObject({ id: 'sdicoop', config: { url, certFile: cert, privateKeyFile: key, endpointDir: endpoint, timeoutSeconds: '20' }, hasSecret: true });

    await page.reload();
    await expect.poll(() => currentChannel()).toBe('SDICoop (servizio web dell’Agenzia delle Entrate)in uso');
    await expect.poll(() => form.getByLabel('Indirizzo del servizio SdIRiceviFile').inputValue()).toBe(url);
    expect(await form.getByLabel('Certificato client (.p12, .pfx o .pem)').inputValue()).toBe(cert);
    expect(await form.getByLabel('Chiave privata (.pem), se non è nel certificato').inputValue()).toBe(key);
    expect(await form.getByLabel('Cartella delle notifiche scritte dall’endpoint').inputValue()).toBe(endpoint);
    expect(await form.getByLabel('Tempo massimo per richiesta (secondi)').inputValue()).toBe('20');
    expect(await form.getByLabel('Password del certificato').inputValue()).toBe('');
    await form.getByText('Password del certificato già conservata: lascia vuoto per non cambiarla.').waitFor();
    expect(await page.content()).not.toContain('certificato-segreto');

    await form.getByRole('button', { name: 'Prova connessione' }).click();
    const result = form.getByTestId('channel-test-result');
    await expect.poll(() => result.textContent()).toContain('Connessione non riuscita');
    expect(await result.textContent()).toContain('SDICoop: connessione rifiutata dal servizio');
    await shot('118-sdicoop-prova-connessione');
    expect(b.problems).toEqual([]);
  });
});
