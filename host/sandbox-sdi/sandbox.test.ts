import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { buildTestFattura } from '../../core/fatturapa/checks/testing';
import type { FatturaElettronica } from '../../core/fatturapa/schema.generated';
import { writeFattura } from '../../core/fatturapa/writer';
import { explainNotification, parseNotification, type SdiNotification } from '../../core/sdi/notifications';
import { loadMessaggiValidator, verifyEnvelopedSignature, type MessaggiValidator } from '../../core/testing/messaggi-validator';
import { describeWithShared } from '../../core/testing/shared-files';
import { startSandboxSdi, type SandboxSdiServer } from './server';

const SENDER = 'IT01234567890';
const CUSTOMER = 'IT09876543210';
const NOW = new Date('2026-05-12T08:00:00.000Z');
const DOC_DATE = '2026-05-10';

const dirs: string[] = [];
const servers: SandboxSdiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sandbox-sdi-'));
  dirs.push(d);
  return d;
}

async function start(dir = tempDir(), extra: Partial<Parameters<typeof startSandboxSdi>[0]> = {}): Promise<SandboxSdiServer & { dir: string }> {
  const s = await startSandboxSdi({ dir, port: 0, now: () => NOW, ...extra });
  servers.push(s);
  return Object.assign(s, { dir });
}

/** FPR12 by default; `pa` makes it an FPA12 to a PA office. Each number is a different invoice (no 00404). */
function fattura(numero: string, pa = false): FatturaElettronica {
  const f = buildTestFattura({ data: DOC_DATE });
  f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero = numero;
  if (pa) {
    f.versione = 'FPA12';
    f.FatturaElettronicaHeader.DatiTrasmissione.FormatoTrasmissione = 'FPA12';
    f.FatturaElettronicaHeader.DatiTrasmissione.CodiceDestinatario = 'UFABCD';
  }
  return f;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

async function api(s: SandboxSdiServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${s.url}/sdi/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function upload(s: SandboxSdiServer, fileName: string, bytes: Uint8Array): Promise<{ identificativoSdI: string; dataOraRicezione: string }> {
  const r = await api(s, 'POST', '/files', { fileName, base64: b64(bytes) });
  expect(r.status).toBe(200);
  return r.json;
}

interface Update {
  fileName: string;
  kind: string;
  bytes: Buffer;
}

async function updates(s: SandboxSdiServer, sender = SENDER, after?: string): Promise<{ files: Update[]; cursor?: string }> {
  const q = new URLSearchParams({ sender, ...(after ? { after } : {}) });
  const r = await api(s, 'GET', `/updates?${q}`);
  expect(r.status).toBe(200);
  return { files: r.json.files.map((f: any) => ({ fileName: f.fileName, kind: f.kind, bytes: Buffer.from(f.base64, 'base64') })), cursor: r.json.cursor };
}

/** The notifications produced for one IdentificativoSdI, parsed, in order. */
async function notificationsFor(s: SandboxSdiServer, sdiId: string): Promise<{ file: Update; n: SdiNotification }[]> {
  const { files } = await updates(s);
  return files.filter((f) => f.kind === 'notification').map((file) => ({ file, n: parseNotification(file.bytes) })).filter((x) => x.n.sdiId === sdiId);
}

describeWithShared('sandbox SdI over HTTP', () => {
  let xsd: MessaggiValidator;
  beforeAll(async () => {
    xsd = await loadMessaggiValidator();
  });
  afterAll(() => xsd?.dispose());

  const expectValid = (u: Update, n: SdiNotification): void => {
    expect(xsd.validate(u.bytes, n.family)).toEqual({ valid: true, errors: [] });
  };

  it('answers health on 127.0.0.1 only', async () => {
    const s = await start();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(await api(s, 'GET', '/health')).toEqual({ status: 200, json: { ok: true, version: '1' } });
  });

  it('delivers a valid FPR12: IdentificativoSdI, then a signed B2B RicevutaConsegna that validates', async () => {
    const s = await start();
    const bytes = writeFattura(fattura('1')).bytes;
    const taken = await upload(s, `${SENDER}_00001.xml`, bytes);
    expect(taken).toEqual({ identificativoSdI: '1', dataOraRicezione: NOW.toISOString() });
    // Processed before the answer: the record and the notification are on disk already.
    expect(existsSync(join(s.dir, 'uploads', '1.json'))).toBe(true);
    expect(Buffer.compare(readFileSync(join(s.dir, 'uploads', '1.bin')), Buffer.from(bytes))).toBe(0);

    const { files, cursor } = await updates(s);
    expect(files.map((f) => [f.fileName, f.kind])).toEqual([[`${SENDER}_00001_RC_001.xml`, 'notification']]);
    expect(cursor).toBe('1');
    const rc = parseNotification(files[0]!.bytes);
    expectValid(files[0]!, rc);
    expect(rc).toMatchObject({
      kind: 'RC', family: 'b2b-v1.0', sdiId: '1', invoiceFileName: `${SENDER}_00001.xml`, codiceDestinatario: 'ABC1234',
      destinatarioDescrizione: 'Beta S.p.A.', hash: createHash('sha256').update(bytes).digest('hex'), signed: true,
    });
    const sig = await verifyEnvelopedSignature(files[0]!.bytes);
    expect(sig).toMatchObject({ digestMatches: true, signatureValid: true });
    const cert = new X509Certificate(readFileSync(join(s.dir, 'certificate.pem')));
    expect(Buffer.compare(cert.raw, sig.certificateDer)).toBe(0);
    expect(explainNotification(rc).title).toBe('Consegnata al cliente');
  });

  it('rejects a file with control errors: the NS lists their codes, explained in Italian', async () => {
    const s = await start();
    const f = fattura('2');
    f.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee[0]!.PrezzoTotale = '99.00';
    const { identificativoSdI } = await upload(s, `${SENDER}_00002.xml`, writeFattura(f).bytes);
    const [ns] = await notificationsFor(s, identificativoSdI);
    expect(ns!.file.fileName).toBe(`${SENDER}_00002_NS_001.xml`);
    expectValid(ns!.file, ns!.n);
    expect(ns!.n.kind).toBe('NS');
    expect(ns!.n.errors!.map((e) => e.code).sort()).toEqual(['00422', '00423']);
    expect(ns!.n.errors!.every((e) => e.suggestion)).toBe(true);
    const x = explainNotification(ns!.n);
    expect(x.severity).toBe('error');
    expect(x.message).toMatch(/NON è emessa/);
    expect(x.errors!.find((e) => e.code === '00423')!.explanation).toMatch(/PrezzoTotale|prezzo/i);
    expect(s.log().uploads[0]).toMatchObject({ outcome: 'reject', codes: expect.arrayContaining(['00423', '00422']) });
  });

  it('00002 on a second upload of the same name (new IdentificativoSdI); lookup keeps the first', async () => {
    const s = await start();
    const name = `${SENDER}_00003.xml`;
    const first = await upload(s, name, writeFattura(fattura('3')).bytes);
    const second = await upload(s, name, writeFattura(fattura('3b')).bytes);
    expect(Number(second.identificativoSdI)).toBeGreaterThan(Number(first.identificativoSdI));
    const [ns] = await notificationsFor(s, second.identificativoSdI);
    expect(ns!.file.fileName).toBe(`${SENDER}_00003_NS_002.xml`);
    expect(ns!.n.errors!.map((e) => e.code)).toEqual(['00002']);
    expectValid(ns!.file, ns!.n);
    expect(await api(s, 'GET', `/files/${encodeURIComponent(name)}`)).toEqual({ status: 200, json: first });
    expect((await api(s, 'GET', '/files/IT01234567890_99999.xml')).status).toBe(404);
  });

  it('00404 on the same invoice under a new name', async () => {
    const s = await start();
    const bytes = writeFattura(fattura('4')).bytes;
    await upload(s, `${SENDER}_00004.xml`, bytes);
    const again = await upload(s, `${SENDER}_00005.xml`, bytes);
    const [ns] = await notificationsFor(s, again.identificativoSdI);
    expect(ns!.n.errors!.map((e) => e.code)).toEqual(['00404']);
  });

  it('a rejected invoice can be re-sent corrected with the same number and date under a new name', async () => {
    const s = await start();
    const bad = fattura('5');
    bad.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee[0]!.PrezzoTotale = '99.00';
    await upload(s, `${SENDER}_00006.xml`, writeFattura(bad).bytes);
    const fixed = await upload(s, `${SENDER}_00007.xml`, writeFattura(fattura('5')).bytes);
    const [rc] = await notificationsFor(s, fixed.identificativoSdI);
    expect(rc!.n.kind).toBe('RC');
  });

  it.each([
    ['mc', ['MC', 'AT'], {}],
    ['reject', ['NS'], { errors: [{ code: '00200' }] }],
    ['pa-accept', ['RC', 'NE'], { esito: 'EC01' }],
    ['pa-refuse', ['RC', 'NE'], { esito: 'EC02' }],
    ['pa-expire', ['RC', 'DT'], {}],
    ['deliver', ['RC'], {}],
  ] as const)('rule %s on an FPA12 file gives %j in the PA family, all valid', async (outcome, kinds, last) => {
    const s = await start();
    const name = `${SENDER}_0000${kinds.length}.xml`;
    s.setRules({ byFileName: { [name]: outcome } });
    const { identificativoSdI } = await upload(s, name, writeFattura(fattura(`1-${outcome}`, true)).bytes);
    const got = await notificationsFor(s, identificativoSdI);
    expect(got.map((g) => g.n.kind)).toEqual(kinds);
    for (const g of got) {
      expect(g.n.family).toBe('pa-v1.1');
      expectValid(g.file, g.n);
    }
    const final = got[got.length - 1]!.n;
    expect(final).toMatchObject(last);
    if (final.kind === 'NE') expect(final.riferimentoFattura).toEqual({ numero: `1-${outcome}`, anno: '2026', posizione: '1' });
    expect(got.map((g) => g.file.fileName)).toEqual(kinds.map((k, i) => `${name.slice(0, -4)}_${k}_00${i + 1}.xml`));
    expect(s.log().uploads[0]!.outcome).toBe(outcome);
  });

  it('mc on an FPR12 file: RicevutaImpossibilitaRecapito with the day it is made available; PA rules fall back to RC', async () => {
    const s = await start();
    s.setRules({ default: 'pa-accept', byCodiceDestinatario: { ABC1234: 'mc' }, byFileName: { [`${SENDER}_00011.xml`]: 'pa-refuse' } });
    const mc = await upload(s, `${SENDER}_00010.xml`, writeFattura(fattura('10')).bytes);
    const [m] = await notificationsFor(s, mc.identificativoSdI);
    expect(m!.n).toMatchObject({ kind: 'MC', family: 'b2b-v1.0', dataMessaADisposizione: '2026-05-12' });
    expectValid(m!.file, m!.n);
    expect(explainNotification(m!.n).message).toMatch(/cassetto fiscale/);
    const byName = await upload(s, `${SENDER}_00011.xml`, writeFattura(fattura('11')).bytes);
    expect((await notificationsFor(s, byName.identificativoSdI)).map((g) => g.n.kind)).toEqual(['RC']);
    expect(s.log().uploads.map((u) => u.outcome)).toEqual(['mc', 'deliver']);
  });

  it('family pa-v1.1 for every file when the sandbox is set so', async () => {
    const s = await start(undefined, { family: 'pa-v1.1' });
    const { identificativoSdI } = await upload(s, `${SENDER}_00012.xml`, writeFattura(fattura('12')).bytes);
    const [rc] = await notificationsFor(s, identificativoSdI);
    expect(rc!.n.family).toBe('pa-v1.1');
    expectValid(rc!.file, rc!.n);
  });

  it('rules over HTTP: validated, stored, echoed', async () => {
    const s = await start();
    expect(await api(s, 'POST', '/rules', { default: 'mc' })).toEqual({ status: 200, json: { rules: { default: 'mc' } } });
    expect(await api(s, 'GET', '/rules')).toEqual({ status: 200, json: { rules: { default: 'mc' } } });
    const bad = await api(s, 'POST', '/rules', { default: 'boh' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('REGOLE_NON_VALIDE');
    expect(() => s.setRules({ byFileName: { x: 'nope' } } as never)).toThrow(AppError);
    expect(s.rules()).toEqual({ default: 'mc' });
  });

  it('keeps everything across a restart on the same folder', async () => {
    const dir = tempDir();
    const s1 = await start(dir);
    s1.setRules({ default: 'mc' });
    const bytes = writeFattura(fattura('20')).bytes;
    const first = await upload(s1, `${SENDER}_00020.xml`, bytes);
    const before = await updates(s1);
    const certBefore = readFileSync(join(dir, 'certificate.pem'), 'utf8');
    await s1.close();

    const s2 = await start(dir);
    expect(s2.rules()).toEqual({ default: 'mc' });
    expect((await api(s2, 'GET', `/files/${SENDER}_00020.xml`)).json).toEqual(first);
    const after = await updates(s2);
    expect(after.files.map((f) => f.fileName)).toEqual(before.files.map((f) => f.fileName));
    expect(after.cursor).toBe(before.cursor);
    expect(readFileSync(join(dir, 'certificate.pem'), 'utf8')).toBe(certBefore);
    // Counters continue, and the SdI still remembers the name and the invoice.
    const dupName = await upload(s2, `${SENDER}_00020.xml`, writeFattura(fattura('21')).bytes);
    expect(Number(dupName.identificativoSdI)).toBe(Number(first.identificativoSdI) + 1);
    const dupInvoice = await upload(s2, `${SENDER}_00021.xml`, bytes);
    const news = await updates(s2, SENDER, before.cursor);
    expect(news.files.map((f) => parseNotification(f.bytes).errors!.map((e) => e.code))).toEqual([['00002'], ['00404']]);
    expect(news.files.map((f) => parseNotification(f.bytes).sdiId)).toEqual([dupName.identificativoSdI, dupInvoice.identificativoSdI]);
    expect(s2.log().uploads).toHaveLength(3);
  });

  it('a crash mid-write leaves no trace: temporary files are cleaned, half uploads never existed', async () => {
    const dir = tempDir();
    const s1 = await start(dir);
    await upload(s1, `${SENDER}_00030.xml`, writeFattura(fattura('30')).bytes);
    await s1.close();
    // What a crash between the blob and the record leaves: a temp file and a blob without its record.
    writeFileSync(join(dir, 'uploads', '.2.json.123.abcd.tmp'), '{"torn');
    writeFileSync(join(dir, 'uploads', '2.bin'), 'partial');
    const s2 = await start(dir);
    expect(existsSync(join(dir, 'uploads', '.2.json.123.abcd.tmp'))).toBe(false);
    const next = await upload(s2, `${SENDER}_00031.xml`, writeFattura(fattura('31')).bytes);
    expect(next.identificativoSdI).toBe('2');
    expect((await notificationsFor(s2, '2'))[0]!.n.kind).toBe('RC');
  });

  it('updates: per sender, after a cursor, invoices for the company with their metadata', async () => {
    const s = await start();
    await upload(s, `${SENDER}_00040.xml`, writeFattura(fattura('40')).bytes);
    const { cursor } = await updates(s);
    expect((await updates(s, SENDER, cursor)).files).toEqual([]);
    expect((await updates(s, SENDER, cursor)).cursor).toBe(cursor);
    expect((await updates(s, 'IT11111111111')).files).toEqual([]);

    // A supplier (IT09876543210) bills our company (IT01234567890): swap the parties.
    const supplier = fattura('F-77');
    const h = supplier.FatturaElettronicaHeader;
    [h.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA, h.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA] = [
      h.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA!, h.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA,
    ];
    h.DatiTrasmissione.IdTrasmittente = { IdPaese: 'IT', IdCodice: '09876543210' };
    const injected = await api(s, 'POST', '/inbox', { fileName: `${CUSTOMER}_00001.xml`, base64: b64(writeFattura(supplier).bytes) });
    expect(injected.status).toBe(200);
    expect(injected.json).toEqual({ identificativoSdI: '2', fileName: `${CUSTOMER}_00001.xml`, metadataFileName: `${CUSTOMER}_00001_MT_001.xml` });
    const mine = await updates(s, SENDER, cursor);
    expect(mine.files.map((f) => [f.fileName, f.kind])).toEqual([[`${CUSTOMER}_00001.xml`, 'invoice'], [`${CUSTOMER}_00001_MT_001.xml`, 'metadata']]);
    const meta = parseNotification(mine.files[1]!.bytes);
    expect(meta).toMatchObject({ kind: 'MT', family: 'b2b-v1.0', sdiId: '2', formato: 'FPR12', codiceDestinatario: 'ABC1234', invoiceFileName: `${CUSTOMER}_00001.xml` });
    expectValid(mine.files[1]!, meta);
    expect(mine.files[0]!.bytes.toString('utf8')).toContain('F-77');
    expect((await updates(s, CUSTOMER, cursor)).files).toEqual([]);

    const badInbox = await api(s, 'POST', '/inbox', { fileName: 'fattura.xml', base64: b64(writeFattura(supplier).bytes) });
    expect(badInbox.status).toBe(400);
    expect(badInbox.json.error.code).toBe('NOME_FILE_NON_VALIDO');
    const notInvoice = await api(s, 'POST', '/inbox', { fileName: `${CUSTOMER}_00002.xml`, base64: b64(Buffer.from('<x/>')) });
    expect(notInvoice.json.error.code).toBe('XML_NON_FATTURAPA');
    expect((await api(s, 'GET', '/updates?after=abc')).status).toBe(400);
  });

  it('the JS inject works like POST /inbox', async () => {
    const s = await start();
    const r = s.inject(`${SENDER}_00050.xml`, writeFattura(fattura('50')).bytes);
    expect(r.identificativoSdI).toBe('1');
    const { files } = await updates(s, CUSTOMER);
    expect(files.map((f) => f.kind)).toEqual(['invoice', 'metadata']);
  });

  it('hostile uploads get the right answer and the sandbox keeps running', async () => {
    const s = await start();
    const err = async (body: unknown) => {
      const r = await api(s, 'POST', '/files', body);
      return [r.status, r.json.error?.code];
    };
    expect(await err({ fileName: `${SENDER}_00060.xml`, base64: '' })).toEqual([400, 'EI01']);
    expect(await err({ fileName: `${SENDER}_00060.xml`, base64: 'questo non è base64!' })).toEqual([400, 'EI01']);
    expect(await err({ fileName: `${SENDER}_00060.xml`, base64: 'QUJD\nREVG' })).toEqual([400, 'EI01']);
    expect(await err({ base64: 'QUJD' })).toEqual([400, 'EI01']);
    expect(await err('{ non è json')).toEqual([400, 'EI01']);
    expect(await err([1, 2])).toEqual([400, 'EI01']);

    const huge = await fetch(`${s.url}/sdi/v1/files`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(17 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('RICHIESTA_TROPPO_GRANDE');

    const doctype = await upload(s, `${SENDER}_00061.xml`, Buffer.from('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><p:FatturaElettronica/>'));
    const [ns] = await notificationsFor(s, doctype.identificativoSdI);
    expect(ns!.n.errors!.map((e) => e.code)).toEqual(['00200']);
    expect(ns!.n.errors![0]!.description).toMatch(/DOCTYPE/);

    const big = await upload(s, `${SENDER}_00062.xml`, Buffer.alloc(5 * 1024 * 1024 + 10, 0x20));
    expect((await notificationsFor(s, big.identificativoSdI))[0]!.n.errors!.map((e) => e.code)).toEqual(['00003']);

    const badName = await upload(s, '../../etc/passwd', writeFattura(fattura('63')).bytes);
    const all = await updates(s, '');
    const nameNs = all.files.map((f) => parseNotification(f.bytes)).find((n) => n.sdiId === badName.identificativoSdI)!;
    expect(nameNs.errors!.map((e) => e.code)).toEqual(['00001']);
    expect(all.files.some((f) => f.fileName === '______etc_passwd_NS_001.xml')).toBe(true);

    expect((await api(s, 'GET', '/nulla')).status).toBe(404);
    expect((await fetch(`${s.url}/`)).status).toBe(404);
    expect((await api(s, 'DELETE', '/files')).status).toBe(405);
    expect((await api(s, 'GET', '/files/%E0%A4%A')).status).toBe(400);
    const foreignHost = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: s.port, path: '/sdi/v1/health', headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(foreignHost).toBe(403);
    expect(await api(s, 'GET', '/health')).toEqual({ status: 200, json: { ok: true, version: '1' } });
  });

  it('parallel uploads get distinct, increasing identifiers', async () => {
    const s = await start();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => upload(s, `${SENDER}_P${String(i).padStart(4, '0')}.xml`, writeFattura(fattura(`P${i}`)).bytes)));
    const ids = results.map((r) => Number(r.identificativoSdI)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(s.log().uploads.every((u) => u.outcome === 'deliver')).toBe(true);
  });

  const opensslAvailable = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!opensslAvailable)('opens a CAdES .xml.p7m made by openssl (DER and base64)', async () => {
    const dir = tempDir();
    const xmlPath = join(dir, 'f.xml');
    writeFileSync(xmlPath, writeFattura(fattura('70', true)).bytes);
    const run = (args: string[]) => {
      const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    };
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=Firma di prova', '-days', '2']);
    run(['cms', '-sign', '-binary', '-nodetach', '-in', 'f.xml', '-signer', 'c.pem', '-inkey', 'k.pem', '-outform', 'DER', '-out', 'f.p7m']);
    const der = readFileSync(join(dir, 'f.p7m'));
    const s = await start();
    s.setRules({ default: 'pa-accept' });
    const a = await upload(s, `${SENDER}_00070.xml.p7m`, der);
    expect((await notificationsFor(s, a.identificativoSdI)).map((g) => [g.n.kind, g.n.invoiceFileName])).toEqual([
      ['RC', `${SENDER}_00070.xml.p7m`],
      ['NE', `${SENDER}_00070.xml.p7m`],
    ]);
    // The same invoice again, as base64 text: opened too, and recognised as a duplicate.
    const b = await upload(s, `${SENDER}_00071.xml.p7m`, Buffer.from(der.toString('base64')));
    expect((await notificationsFor(s, b.identificativoSdI))[0]!.n.errors!.map((e) => e.code)).toEqual(['00404']);
    const garbage = await upload(s, `${SENDER}_00072.xml.p7m`, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]));
    expect((await notificationsFor(s, garbage.identificativoSdI))[0]!.n.errors!.map((e) => e.code)).toEqual(['00102']);
  });
});

describe('startSandboxSdi options', () => {
  it('refuses to bind anywhere but 127.0.0.1', async () => {
    await expect(startSandboxSdi({ dir: tempDir(), host: '0.0.0.0' as never })).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('fails clearly when the port is taken', async () => {
    const s = await start();
    await expect(startSandboxSdi({ dir: tempDir(), port: s.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
