/**
 * "Esporta per il commercialista" through the API: the demo company's invoices sent through the in-process sandbox
 * (so they have SdI notifications), a credit note, and supplier invoices imported (plain XML and signed .p7m). The
 * job writes one zip; it is read back here entry by entry (CRC checked) and must hold every XML with its original
 * bytes, the PDFs, the notifications, the two VAT registers in Italian CSV, and a manifest whose SHA-256 match.
 * Cancelling leaves no file; a wrong period is refused.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../core/api/jobs';
import type { DocumentDetail } from '../../core/api/types';
import { buildTestFattura } from '../../core/fatturapa/checks/testing';
import { writeFattura } from '../../core/fatturapa/writer';
import type { AccountantExportResult } from '../../core/export/types';
import { wrapP7m } from '../../core/importer/testing/cms-builder';
import { createAppApi, type AppApi } from '../app';

const TODAY = '2026-11-23';
let dir: string;
let api: AppApi;

async function ok<T>(method: string, args: unknown = {}): Promise<T> {
  const r = await api.call(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
}

async function job<T>(method: string, args: unknown): Promise<JobStatus<T>> {
  const { jobId } = await ok<{ jobId: string }>(method, args);
  return (await ok<JobStatus<T>>('jobs.wait', { jobId }))!;
}

/** Reads a zip (central directory, stored or deflated entries), checking each CRC. */
function readZip(bytes: Buffer): Map<string, Buffer> {
  let eocd = bytes.length - 22;
  while (eocd >= 0 && bytes.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(bytes.readUInt32LE(p)).toBe(0x02014b50);
    const method = bytes.readUInt16LE(p + 10);
    const crc = bytes.readUInt32LE(p + 16);
    const csize = bytes.readUInt32LE(p + 20);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const lNameLen = bytes.readUInt16LE(local + 26);
    const lExtraLen = bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(local + 30 + lNameLen + lExtraLen, local + 30 + lNameLen + lExtraLen + csize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(crc32(data), name).toBe(crc);
    out.set(name, data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let received: { xml: Buffer; p7m: Buffer };
let creditNote: DocumentDetail;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fd-export-'));
  api = createAppApi({ host: 'cli', dataDir: join(dir, 'data'), today: () => TODAY, sdi: { secrets: { keytar: null, env: {} } } });
  await ok('companies.createDemo', { file: join(dir, 'demo.fdesk') });
  // A credit note of the first invoice, registered: it must reduce the sales register.
  const first = (await ok<{ rows: { id: number; tipoDocumento: string; status: string }[] }>('documents.list', { sort: 'numero', dir: 'asc' })).rows.find((r) => r.tipoDocumento === 'TD01' && r.status !== 'draft')!;
  const draft = await ok<DocumentDetail>('documents.createCreditNote', { id: first.id });
  creditNote = await ok<DocumentDetail>('documents.register', { id: draft.id });
  // Sent through the in-process sandbox: each document gets its notification.
  expect((await job('outbox.send', {})).state).toBe('done');
  expect((await job('sdi.fetchUpdates', {})).state).toBe('done');
  // Two supplier invoices addressed to the demo company: one plain, one signed.
  const supplier = (numero: string) => {
    const f = buildTestFattura();
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'IT', IdCodice: '12345678903' };
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'IT', IdCodice: '01234567897' };
    f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero = numero;
    f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Data = '2026-11-10';
    return Buffer.from(writeFattura(f).bytes);
  };
  received = { xml: supplier('F-100'), p7m: Buffer.from(wrapP7m(supplier('F-101'), { encoding: 'der' })) };
  const imported = await job<{ files: { result: string }[] }>('import.files', {
    files: [
      { name: 'IT12345678903_00A01.xml', base64: received.xml.toString('base64') },
      { name: 'IT12345678903_00A02.xml.p7m', base64: received.p7m.toString('base64') },
    ],
  });
  expect(imported.result!.files.map((f) => f.result)).toEqual(['imported', 'imported']);
}, 120_000);

afterAll(async () => {
  await api?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('export.accountant', () => {
  it('writes one zip with every file as sent or received, PDFs, notifications, VAT registers and a SHA-256 manifest', async () => {
    const progress: number[] = [];
    const off = api.subscribe({ publish: (e, d) => e === 'job:progress' && (d as { kind: string }).kind === 'export.accountant' && progress.push((d as { done: number }).done) });
    const st = await job<AccountantExportResult>('export.accountant', { from: '2026-11-01', to: '2026-11-30' });
    off();
    expect(st.state, JSON.stringify(st.error)).toBe('done');
    const r = st.result!;
    expect(r).toMatchObject({ from: '2026-11-01', to: '2026-11-30', sales: 7, purchases: 2, notifications: 7 });
    expect(r.path).toBe(join(dir, 'demo commercialista 2026-11-01 2026-11-30.zip'));
    expect(r.message).toBe('Esportati 7 documenti emessi, 2 ricevuti e 7 notifiche dal 2026-11-01 al 2026-11-30.');
    expect(progress.at(-1)).toBe(9);

    const zipBytes = readFileSync(r.path);
    expect(r.bytes).toBe(zipBytes.length);
    const zip = readZip(zipBytes);
    const names = [...zip.keys()];
    expect(names.length).toBe(r.files);
    const under = (prefix: string) => names.filter((n) => n.startsWith(prefix) && !n.slice(prefix.length).includes('/'));

    // Sales: the exact bytes each registered document has in the company file.
    const sent = await ok<{ rows: { id: number; fileName: string }[] }>('interscambio.sent', { limit: 100 });
    expect(under('vendite/xml/').sort()).toEqual(sent.rows.map((d) => `vendite/xml/${d.fileName}`).sort());
    for (const d of sent.rows) {
      const xml = await ok<{ xml: string }>('documents.xml', { id: d.id });
      expect(zip.get(`vendite/xml/${d.fileName}`)!.toString('utf8'), d.fileName).toBe(xml.xml);
    }
    expect(under('vendite/pdf/')).toHaveLength(7);
    for (const n of under('vendite/pdf/')) expect(zip.get(n)!.subarray(0, 5).toString('latin1'), n).toBe('%PDF-');
    expect(under('vendite/notifiche/')).toHaveLength(7);
    expect(under('vendite/notifiche/').every((n) => /_RC_\d{3}\.xml$/.test(n))).toBe(true);
    expect(zip.get(under('vendite/notifiche/')[0]!)!.toString('utf8')).toContain('RicevutaConsegna');

    // Purchases: the files as they came, the .p7m still signed.
    expect(zip.get('acquisti/xml/IT12345678903_00A01.xml')!.equals(received.xml)).toBe(true);
    expect(zip.get('acquisti/xml/IT12345678903_00A02.xml.p7m')!.equals(received.p7m)).toBe(true);
    expect(under('acquisti/pdf/').sort()).toEqual(['acquisti/pdf/IT12345678903_00A01.pdf', 'acquisti/pdf/IT12345678903_00A02.pdf']);

    // Registers: UTF-8 with BOM, semicolons, decimal comma, CRLF; one row per document and rate.
    const vendite = zip.get('registro-iva-vendite.csv')!;
    expect([...vendite.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = vendite.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('Data;Numero;Tipo documento;Cliente;Partita IVA;Codice fiscale;Aliquota IVA;Natura;Imponibile;Imposta;Esigibilità IVA;File;Stato SdI');
    const cells = rows.slice(1).map((l) => l.split(';'));
    expect(cells.every((c) => /^\d\d\/\d\d\/\d{4}$/.test(c[0]!) && /^-?\d+,\d\d$/.test(c[8]!) && /^-?\d+,\d\d$/.test(c[9]!))).toBe(true);
    const cn = cells.filter((c) => c[11] === creditNote.fileName);
    expect(cn.map((c) => [c[1], c[2], c[6]])).toEqual([
      [creditNote.numero, 'TD04', '22,00'],
      [creditNote.numero, 'TD04', '4,00'],
    ]);
    expect(cn.every((c) => c[8]!.startsWith('-') && c[9]!.startsWith('-'))).toBe(true);
    // A split-payment invoice to a public body: EsigibilitaIVA S, no P.IVA but the codice fiscale.
    expect(cells.find((c) => c[10] === 'S')?.slice(4, 6)).toEqual(['', '80034840167']);
    expect(new Set(cells.map((c) => c[11])).size).toBe(7);
    const acquisti = zip.get('registro-iva-acquisti.csv')!.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(acquisti[0]!.split(';')[3]).toBe('Fornitore');
    expect(acquisti.slice(1).map((l) => l.split(';').slice(0, 2).join(' '))).toEqual(expect.arrayContaining(['10/11/2026 F-100', '10/11/2026 F-101']));
    expect(acquisti.slice(1).every((l) => l.split(';')[4] === 'IT12345678903')).toBe(true);

    // The manifest lists every other file with its size and SHA-256.
    const manifest = zip.get('manifest.csv')!.toString('utf8').slice(1).split('\r\n').filter(Boolean).slice(1).map((l) => l.split(';'));
    expect(manifest.map((m) => m[0]).sort()).toEqual(names.filter((n) => n !== 'manifest.csv').sort());
    for (const [name, size, hash] of manifest) {
      expect(Number(size), name).toBe(zip.get(name!)!.length);
      expect(hash, name).toBe(sha(zip.get(name!)!));
    }
    expect(zip.get('LEGGIMI.txt')!.toString('utf8')).toMatch(/^Esportazione per il commercialista di Studio Demo Fatture S\.r\.l\. \(P\.IVA IT01234567897\)/);
  }, 120_000);

  it('a period without documents gives empty registers; a cancelled export leaves no file; a wrong period is refused', async () => {
    const empty = await job<AccountantExportResult>('export.accountant', { from: '2020-01-01', to: '2020-12-31', path: join(dir, 'vuota.zip') });
    expect(empty.result).toMatchObject({ sales: 0, purchases: 0, files: 4 });
    expect(readZip(readFileSync(join(dir, 'vuota.zip'))).get('registro-iva-vendite.csv')!.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(1);

    const { jobId } = await ok<{ jobId: string }>('export.accountant', { from: '2026-11-01', to: '2026-11-30', path: join(dir, 'annullata.zip') });
    await ok('jobs.cancel', { jobId });
    const st = await ok<JobStatus>('jobs.wait', { jobId });
    expect(st.state).toBe('cancelled');
    expect(existsSync(join(dir, 'annullata.zip'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('annullata'))).toEqual([]);

    const bad = await api.call('export.accountant', { from: '2026-12-01', to: '2026-11-01' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect([bad.error.code, bad.error.field]).toEqual(['ARGOMENTI_NON_VALIDI', 'to']);
    const exists = await job('export.accountant', { from: '2020-01-01', to: '2020-12-31', path: join(dir, 'vuota.zip') });
    expect(exists.error?.code).toBe('ESPORTAZIONE_FILE_ESISTENTE');
  }, 60_000);
});
