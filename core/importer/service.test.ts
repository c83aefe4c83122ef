import { afterEach, describe, expect, it } from 'vitest';
import { checkFattura } from '../fatturapa/checks/index';
import { readFattura } from '../fatturapa/reader';
import { writeFattura } from '../fatturapa/writer';
import { verifyChain } from '../invoicing/services/chain';
import { createCustomer } from '../invoicing/services/customers';
import { createDraft } from '../invoicing/services/drafts';
import { registerDocument } from '../invoicing/services/registration';
import { updateAccountingSettings, getAccountingSettings } from '../invoicing/services/company';
import { nodeImportPlatform } from '../../host/import-platform';
import type { CompanyStore } from '../ports';
import { runImport } from './service';
import { encodeSingleByte, IMPORT_COMPANY, sampleFattura, sampleXml } from './testing/corpus';
import { wrapP7m } from './testing/cms-builder';
import { closeTestCompanies, dumpDatabase, importBytes, importCompany, TODAY } from './testing/setup';
import { writeZip } from './testing/zip-writer';
import { parseInvoiceFileName } from '../sdi/file-names';
import { prepareManualExport } from '../sdi/outbox/manual';
import { sendOutbox } from '../sdi/outbox/send';
import { FakeTransmitter } from '../sdi/outbox/testing';
import type { OutgoingFile } from '../sdi/transmitter';
import { checkUpload } from '../sdi/upload-checks';
import { unwrapP7m as sandboxUnwrapP7m } from '../../host/sandbox-sdi/p7m';
import { runAccountantExport } from '../export/accountant';

afterEach(closeTestCompanies);

const enc = (s: string) => new TextEncoder().encode(s);

/** An outbound sample that passes the SdI checks (some scenarios are made for another company profile). */
function cleanOutbound(from = 0): { n: number; bytes: Uint8Array } {
  for (let n = from; n < from + 60; n++) {
    const f = sampleFattura('outbound', n);
    if (!checkFattura(f, { today: TODAY }).some((x) => x.severity === 'error')) return { n, bytes: writeFattura(f).bytes };
  }
  throw new Error('nessun campione pulito');
}

describe('outbound files (issued by the company with another program)', () => {
  it('are archived with their original bytes and, by default, neither published nor queued', async () => {
    const t = importCompany();
    const bytes = sampleXml('outbound', 0);
    const s = await importBytes(t, [{ name: 'IT07654321090_A0001.xml', bytes }]);
    expect(s.files[0]).toMatchObject({ result: 'imported', direction: 'outbound' });
    const row = t.store.imports.get(s.files[0]!.documentIds[0]!)!;
    expect(row).toMatchObject({ direction: 'outbound', sendState: 'none', tipoDocumento: 'TD01', numero: 'E-1', senderKey: `IT${IMPORT_COMPANY.partitaIva}` });
    expect(row.documentId).toBeUndefined();
    expect(t.store.imports.fileContent(row.fileId)!.bytes).toEqual(bytes);
    expect(t.store.documents.list({}).total).toBe(0);
    expect(s.files[0]!.reason).toMatch(/archiviata \(non pubblicata/);
  });

  it('with «Pubblica XML caricati» appear in the documents list as registered, with the exact bytes, in the chain', async () => {
    const t = importCompany({ publishImportedXml: true });
    const bytes = sampleXml('outbound', 1);
    const s = await importBytes(t, [{ name: 'fattura.xml', bytes }]);
    const registeredId = s.files[0]!.documents[0]!.registeredId!;
    const list = t.store.documents.list({});
    expect(list.rows.map((r) => r.id)).toEqual([registeredId]);
    expect(list.rows[0]).toMatchObject({ status: 'registered', numero: 'E-2', series: '#IMP' });
    expect(t.store.documents.getXml(registeredId)).toEqual(bytes);
    expect(verifyChain(t.store)).toMatchObject({ ok: true, verified: 1 });
    const doc = t.store.documents.get(registeredId)!;
    expect(doc.totals!.totale).toBe(readFattura(bytes).fattura.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento ?? doc.totals!.totale);
  });

  it('with «Spedisci XML caricati» are queued in the outbox as they are (a validly signed file too); files failing the SdI checks are not', async () => {
    const t = importCompany({ sendImportedXml: true });
    const clean = cleanOutbound();
    const other = cleanOutbound(clean.n + 1);
    const broken = sampleFattura('outbound', 200);
    broken.FatturaElettronicaBody[0]!.DatiBeniServizi.DatiRiepilogo[0]!.Imposta = '999999.00';
    const s = await importBytes(t, [
      { name: 'pulita.xml', bytes: clean.bytes },
      { name: 'firmata.xml.p7m', bytes: wrapP7m(other.bytes) },
      { name: 'errata.xml', bytes: writeFattura(broken).bytes },
    ]);
    expect(s.files.map((f) => f.result)).toEqual(['imported', 'imported', 'imported']);
    const [queued, signed, wrong] = s.files.map((f) => t.store.imports.get(f.documentIds[0]!)!);
    expect(queued!.sendState).toBe('queued');
    const item = t.store.outbox.getByDocument(queued!.documentId!)!;
    expect(item).toMatchObject({ state: 'queued' });
    expect(t.store.documents.get(queued!.documentId!)!.status).toBe('queued');
    expect(t.store.documents.getXml(queued!.documentId!)).toEqual(clean.bytes);
    expect(signed!.sendState).toBe('queued');
    expect(signed!.note).toMatch(/in coda di invio così com’è, come file firmato \.xml\.p7m/);
    expect(wrong!.sendState).toBe('not_queued');
    expect(wrong!.note).toMatch(/controlli dello SdI/);
    expect(t.store.outbox.counts().queued).toBe(2);
  });

  it('a validly signed .xml.p7m with «Spedisci XML caricati» is queued under a .xml.p7m name and sent byte for byte, and the sandbox SdI takes it', async () => {
    const t = importCompany({ sendImportedXml: true });
    const clean = cleanOutbound();
    const p7m = wrapP7m(clean.bytes);
    const s = await importBytes(t, [{ name: 'IT07654321090_A0001.xml.p7m', bytes: p7m }]);
    expect(s.files[0]).toMatchObject({ result: 'imported', direction: 'outbound', signature: 'valid' });
    const row = t.store.imports.get(s.files[0]!.documentIds[0]!)!;
    expect(row.sendState).toBe('queued');
    const item = t.store.outbox.getByDocument(row.documentId!)!;
    expect(item.state).toBe('queued');
    expect(item.fileName).toMatch(/^IT[0-9A-Z]+_[0-9A-Za-z]{5}\.xml\.p7m$/);
    expect(parseInvoiceFileName(item.fileName)).toMatchObject({ extension: 'xml.p7m' });
    // The SdI quotes the sent name in its notifications: the register row bears it, and keeps the signed XML.
    expect(t.store.sdiState.findDocumentByFileName(item.fileName)!.id).toBe(row.documentId);
    expect(t.store.documents.getXml(row.documentId!)).toEqual(clean.bytes);
    expect(verifyChain(t.store)).toMatchObject({ ok: true, verified: 1 });

    // The portal export (manual channel) writes the signed bytes as they are.
    expect(prepareManualExport(t.store, { itemIds: [item.id] }).files).toEqual([{ name: item.fileName, bytes: p7m }]);

    const sent: OutgoingFile[] = [];
    const transmitter = new FakeTransmitter();
    const send = transmitter.send.bind(transmitter);
    transmitter.send = async (files) => {
      sent.push(...files);
      return send(files);
    };
    const r = await sendOutbox(t.store, { transmitter });
    expect(r.transmitted).toBe(1);
    expect(sent.map((f) => f.fileName)).toEqual([item.fileName]);
    expect(sent[0]!.bytes).toEqual(p7m);
    expect(t.store.documents.get(row.documentId!)!.status).toBe('transmitted');
    // What the sandbox SdI runs on every upload: the name, the envelope, the XML inside.
    const check = checkUpload(item.fileName, sent[0]!.bytes, { isFileNameTaken: () => false, isInvoiceAccepted: () => false, today: TODAY, unwrapSigned: sandboxUnwrapP7m });
    expect(check.errors).toEqual([]);
    expect(check.facts.invoices).toHaveLength(1);

    // The accountant's export keeps it as it left: signed, under its name; the PDF is named without .xml.p7m.
    const files = new Map<string, Uint8Array>();
    const date = readFattura(clean.bytes).fattura.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Data;
    await runAccountantExport(t.store, { from: date, to: date, generatedAt: `${TODAY}T12:00:00.000Z` }, { add: (name, bytes) => void files.set(name, bytes) }, { signal: new AbortController().signal, progress: () => {} });
    expect(files.get(`vendite/xml/${item.fileName}`)).toEqual(p7m);
    expect(files.has(`vendite/pdf/${item.fileName.replace(/\.xml\.p7m$/, '')}.pdf`)).toBe(true);
  });

  it('a signed .p7m whose signature is broken or cannot be verified is archived but not queued, with the reason', async () => {
    const t = importCompany({ sendImportedXml: true });
    const a = cleanOutbound();
    const b = cleanOutbound(a.n + 1);
    const s = await importBytes(t, [
      { name: 'alterata.xml.p7m', bytes: wrapP7m(a.bytes, { tamper: true }) },
      { name: 'senza-certificato.xml.p7m', bytes: wrapP7m(b.bytes, { withoutCertificate: true }) },
    ]);
    expect(s.files.map((f) => [f.result, f.signature])).toEqual([
      ['imported', 'invalid'],
      ['imported', 'unverifiable'],
    ]);
    const [bad, unknown] = s.files.map((f) => t.store.imports.get(f.documentIds[0]!)!);
    expect(bad!.sendState).toBe('not_queued');
    expect(bad!.note).toMatch(/non messa in coda di invio: la firma del file \.p7m non è valida/);
    expect(unknown!.sendState).toBe('not_queued');
    expect(unknown!.note).toMatch(/non messa in coda di invio: la firma del file \.p7m non è stata verificata/);
    expect(t.store.outbox.counts().queued).toBe(0);
    // Registered (to be sent by hand after signing again) under a plain .xml name.
    expect(t.store.documents.get(bad!.documentId!)!.registration!.fileName).toMatch(/\.xml$/);
  });

  it('an own invoice registered in FatturaDesk, imported again, is an echo and changes nothing', async () => {
    const t = importCompany();
    const customer = createCustomer(t.store, { kind: 'B2B', isSupplier: false, denominazione: 'Beta S.p.A.', idPaese: 'IT', partitaIva: '12345678903', address: { indirizzo: 'Corso Italia', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' }, codiceDestinatario: 'ABC1234', splitPayment: false });
    const settings = getAccountingSettings(t.store);
    updateAccountingSettings(t.store, settings);
    const draft = createDraft(t.store, { tipoDocumento: 'TD01', series: settings.defaults.series, date: '2025-03-10', customerId: customer.id, divisa: 'EUR', lines: [{ descrizione: 'Consulenza', prezzoUnitario: '100.00', quantita: '1.00', aliquotaIva: '22.00', vatCode: 'IVA22' }], bollo: { mode: 'auto', chargedToCustomer: false }, esigibilita: 'I' });
    const reg = registerDocument(t.store, draft.id, { today: TODAY });
    const before = dumpDatabase(t.handle.sqlite);
    const s = await importBytes(t, [{ name: reg.fileName, bytes: t.store.documents.getXml(draft.id)! }]);
    expect(s.files[0]).toMatchObject({ result: 'echo' });
    expect(s.files[0]!.documents[0]).toMatchObject({ result: 'echo', registeredId: draft.id });
    expect(s.files[0]!.reason).toMatch(/Eco: è il documento n\. .* già registrato in FatturaDesk/);
    expect(dumpDatabase(t.handle.sqlite)).toEqual(before);
  });
});

describe('received files (passive cycle)', () => {
  it('create the supplier once (isSupplier) and reuse it, never an existing customer that is not a supplier', async () => {
    const t = importCompany();
    const a = sampleFattura('received', 0);
    const piva = a.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA.IdCodice;
    const paese = a.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA.IdPaese;
    const customer = t.store.customers.insert({ kind: 'B2B', isSupplier: false, denominazione: 'Cliente omonimo', idPaese: paese, partitaIva: piva, address: { indirizzo: 'x', cap: '00100', comune: 'Roma', nazione: 'IT' }, splitPayment: false });
    const b = sampleFattura('received', 0);
    b.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero = 'R-99';
    const s1 = await importBytes(t, [{ name: 'a.xml', bytes: writeFattura(a).bytes }]);
    const s2 = await importBytes(t, [{ name: 'b.xml', bytes: writeFattura(b).bytes }]);
    const ra = t.store.imports.get(s1.files[0]!.documentIds[0]!)!;
    const rb = t.store.imports.get(s2.files[0]!.documentIds[0]!)!;
    expect(ra.counterpartyId).toBe(rb.counterpartyId);
    expect(ra.counterpartyId).not.toBe(customer);
    expect(t.store.customers.get(ra.counterpartyId!)).toMatchObject({ isSupplier: true, partitaIva: piva });
    expect(s1.files[0]!.reason).toMatch(/nuovo fornitore creato/);
    expect(s2.files[0]!.reason).not.toMatch(/nuovo fornitore/);
    expect(t.store.imports.list({ direction: 'received' }).total).toBe(2);
    expect(t.store.documents.list({}).total).toBe(0);
  });

  it('keep every body of a lotto as its own document, the file stored once', async () => {
    const t = importCompany();
    const f = sampleFattura('received', 3);
    const extra = [4, 5].map((n) => sampleFattura('received', n).FatturaElettronicaBody[0]!);
    f.FatturaElettronicaBody.push(...extra);
    const s = await importBytes(t, [{ name: 'lotto.xml', bytes: writeFattura(f).bytes }]);
    expect(s.files[0]!.documents.map((d) => d.result)).toEqual(['imported', 'imported', 'imported']);
    const rows = s.files[0]!.documentIds.map((id) => t.store.imports.get(id)!);
    expect(rows.map((r) => r.bodyIndex)).toEqual([0, 1, 2]);
    expect(new Set(rows.map((r) => r.fileId)).size).toBe(1);
    expect(rows.map((r) => r.numero)).toEqual(['R-4', 'R-5', 'R-6']);
  });

  it('store attachments with safe, unique names and their exact bytes', async () => {
    const t = importCompany();
    const f = sampleFattura('received', 6);
    f.FatturaElettronicaBody[0]!.Allegati = [
      { NomeAttachment: '../../../etc/passwd', Attachment: Buffer.from('uno').toString('base64') },
      { NomeAttachment: 'CON.pdf', FormatoAttachment: 'PDF', Attachment: Buffer.from('due').toString('base64') },
      { NomeAttachment: 'CON.pdf', Attachment: Buffer.from('tre').toString('base64') },
    ];
    const s = await importBytes(t, [{ name: 'allegati.xml', bytes: writeFattura(f).bytes }]);
    const id = s.files[0]!.documentIds[0]!;
    const list = t.store.imports.listAttachments(id);
    expect(list.map((a) => a.fileName)).toEqual(['passwd', '_CON.pdf', '_CON (2).pdf']);
    expect(list.map((a) => a.originalName)).toEqual(['../../../etc/passwd', 'CON.pdf', 'CON.pdf']);
    expect(new TextDecoder().decode(t.store.imports.attachment(list[2]!.id)!.bytes)).toBe('tre');
  });
});

describe('signed files (.p7m)', () => {
  it('a tampered .p7m and one without the certificate are imported with their signature state, the Italian note and the .p7m bytes as stored original', async () => {
    const t = importCompany();
    const tampered = wrapP7m(sampleXml('received', 40), { tamper: true });
    const noCert = wrapP7m(sampleXml('received', 41), { withoutCertificate: true, encoding: 'base64' });
    const s = await importBytes(t, [
      { name: 'alterata.xml.p7m', bytes: tampered },
      { name: 'senza-certificato.xml.p7m', bytes: noCert },
    ]);
    expect(s.files.map((f) => [f.result, f.direction, f.signature])).toEqual([
      ['imported', 'received', 'invalid'],
      ['imported', 'received', 'unverifiable'],
    ]);
    expect(s.files[0]!.warnings![0]).toMatch(/^Firma NON valida: il contenuto non corrisponde a quello firmato .*Contenuto estratto comunque\./);
    expect(s.files[1]!.warnings![0]).toMatch(/^Firma non verificabile: il certificato del firmatario non è nel file\. Contenuto estratto\./);
    for (const [i, bytes] of [tampered, noCert].entries()) {
      const row = t.store.imports.get(s.files[i]!.documentIds[0]!)!;
      expect(row).toMatchObject({ container: 'p7m', signatureStatus: s.files[i]!.signature });
      expect(row.note).toBe(s.files[i]!.warnings![0]);
      const stored = t.store.imports.fileContent(row.fileId)!;
      expect(stored.container).toBe('p7m');
      expect(stored.bytes).toEqual(bytes);
    }
  });
});

describe('duplicates', () => {
  it('importing the same files twice changes nothing and answers duplicate', async () => {
    const t = importCompany({ publishImportedXml: true });
    const files = [
      { name: 'e.xml', bytes: sampleXml('outbound', 7) },
      { name: 'r.xml', bytes: sampleXml('received', 7) },
      { name: 'r.xml.p7m', bytes: wrapP7m(sampleXml('received', 8)) },
    ];
    await importBytes(t, files);
    const before = dumpDatabase(t.handle.sqlite);
    const again = await importBytes(t, files);
    expect(again.files.map((f) => f.result)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(again.documents).toMatchObject({ imported: 0, duplicate: 3 });
    expect(dumpDatabase(t.handle.sqlite)).toEqual(before);
  });

  it('the same invoice in other bytes (re-encoded, signed, zipped) is a duplicate by key: sender, type, number, date', async () => {
    const t = importCompany();
    const f = sampleFattura('received', 9);
    await importBytes(t, [{ name: 'orig.xml', bytes: writeFattura(f).bytes }]);
    const before = dumpDatabase(t.handle.sqlite);
    const s = await importBytes(t, [
      { name: 'latin.xml', bytes: encodeSingleByte(writeFattura(f).xml, 'windows-1252') },
      { name: 'firmata.xml.p7m', bytes: wrapP7m(writeFattura(f).bytes, { encoding: 'pem' }) },
      { name: 'lotto.zip', bytes: writeZip([{ name: 'dentro.xml', bytes: enc(writeFattura(f).xml.replace('<Divisa>', '<Divisa >')) , deflate: true }]) },
    ]);
    expect(s.files.map((x) => x.result)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(s.files[0]!.reason).toMatch(/Duplicato: la fattura TD\d\d n\. R-10 del .* è già stata importata \(stesso mittente, tipo, numero e data\)/);
    expect(s.files[0]!.documentIds).toHaveLength(1);
    expect(dumpDatabase(t.handle.sqlite)).toEqual(before);
  });

  it('a body repeated inside the same lotto is imported once', async () => {
    const t = importCompany();
    const f = sampleFattura('received', 16);
    f.FatturaElettronicaBody.push(structuredClone(f.FatturaElettronicaBody[0]!));
    const s = await importBytes(t, [{ name: 'doppio.xml', bytes: writeFattura(f).bytes }]);
    expect(s.files[0]!.documents.map((d) => d.result)).toEqual(['imported', 'duplicate']);
    expect(s.files[0]!.documents[1]!.reason).toMatch(/compare più volte nello stesso file/);
    expect(t.store.imports.list({}).total).toBe(1);
  });

  it('a lotto partly imported before imports only its new bodies', async () => {
    const t = importCompany();
    const first = sampleFattura('received', 10);
    await importBytes(t, [{ name: 'uno.xml', bytes: writeFattura(first).bytes }]);
    const lotto = sampleFattura('received', 10);
    lotto.FatturaElettronicaBody.push(sampleFattura('received', 11).FatturaElettronicaBody[0]!);
    const s = await importBytes(t, [{ name: 'lotto.xml', bytes: writeFattura(lotto).bytes }]);
    expect(s.files[0]!.result).toBe('imported');
    expect(s.files[0]!.documents.map((d) => d.result)).toEqual(['duplicate', 'imported']);
    expect(s.files[0]!.reason).toMatch(/Lotto di 2 fatture: 1 importata, 1 duplicato/);
  });
});

describe('rejections', () => {
  it('refuses a file neither from nor to the company with a clear reason, writing nothing', async () => {
    const t = importCompany();
    const f = sampleFattura('received', 12);
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici = { IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '01234567890' }, Anagrafica: { Denominazione: 'Altra S.r.l.' } };
    const before = dumpDatabase(t.handle.sqlite);
    const s = await importBytes(t, [{ name: 'altrui.xml', bytes: writeFattura(f).bytes }]);
    expect(s.files[0]).toMatchObject({ result: 'rejected', code: 'IMPORT_NON_AZIENDA' });
    expect(s.files[0]!.reason).toMatch(/non riguarda l’azienda aperta/);
    expect(dumpDatabase(t.handle.sqlite)).toEqual(before);
  });

  it('a file fails as a whole (one transaction): a failure on its last write leaves nothing of it, and the next file goes on', async () => {
    const t = importCompany();
    const f = sampleFattura('received', 13);
    f.FatturaElettronicaBody.push(sampleFattura('received', 14).FatturaElettronicaBody[0]!);
    f.FatturaElettronicaBody[1]!.Allegati = [{ NomeAttachment: 'boom.pdf', Attachment: 'AAAA' }];
    const store: CompanyStore = {
      ...t.store,
      imports: {
        ...t.store.imports,
        insertAttachment(a) {
          if (a.fileName === 'boom.pdf') throw new Error('disco pieno');
          return t.store.imports.insertAttachment(a);
        },
      },
    };
    const before = dumpDatabase(t.handle.sqlite);
    const s = await runImport(store, [
      { name: 'rompe.xml', load: () => writeFattura(f).bytes },
    ], { platform: nodeImportPlatform, today: TODAY, source: 'upload' });
    expect(s.files[0]).toMatchObject({ result: 'rejected', code: 'ERRORE_INTERNO' });
    expect(dumpDatabase(t.handle.sqlite)).toEqual(before);
    const next = await importBytes(t, [{ name: 'ok.xml', bytes: sampleXml('received', 15) }]);
    expect(next.files[0]!.result).toBe('imported');
  });

  it('stops between two files when cancelled', async () => {
    const t = importCompany();
    const controller = new AbortController();
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.xml`, bytes: sampleXml('received', 20 + i) }));
    const s = await importBytes(t, files, { signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() });
    expect(s.cancelled).toBe(true);
    expect(s.files).toHaveLength(2);
    expect(t.store.imports.list({}).total).toBe(2);
    expect(s.message).toMatch(/annullata/);
  });
});

describe('long imports: progress and cancel inside an archive', () => {
  /** N received invoices of one supplier, each with an attachment (so a half-written file would show). */
  function yearOfInvoices(n: number): { name: string; bytes: Uint8Array }[] {
    return Array.from({ length: n }, (_, i) => {
      const f = sampleFattura('received', 50);
      f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero = `Z-${i + 1}`;
      f.FatturaElettronicaBody[0]!.Allegati = [{ NomeAttachment: `ddt-${i + 1}.pdf`, Attachment: Buffer.from(`ddt ${i + 1}`).toString('base64') }];
      return { name: `f${i + 1}.xml`, bytes: writeFattura(f).bytes };
    });
  }

  it('reports progress per entry of a zip (the total counts its entries) and Annulla stops inside it, leaving only whole files', async () => {
    const t = importCompany();
    const invoices = yearOfInvoices(8);
    const zip = writeZip(invoices.map((f) => ({ ...f, deflate: true })));
    const controller = new AbortController();
    const progress: [number, number, string][] = [];
    const s = await importBytes(t, [{ name: 'anno.zip', bytes: zip }], {
      signal: controller.signal,
      onProgress: (done, total, message) => {
        progress.push([done, total, message]);
        if (progress.length === 3) controller.abort();
      },
    });
    expect(progress).toEqual([
      [1, 8, 'anno.zip/f1.xml'],
      [2, 8, 'anno.zip/f2.xml'],
      [3, 8, 'anno.zip/f3.xml'],
    ]);
    expect(s.cancelled).toBe(true);
    expect(s.message).toMatch(/3 fatture importate \(importazione annullata\)/);
    expect(s.files.map((f) => [f.name, f.result])).toEqual([
      ['anno.zip/f1.xml', 'imported'],
      ['anno.zip/f2.xml', 'imported'],
      ['anno.zip/f3.xml', 'imported'],
    ]);
    // Every file that is in is whole: its bytes, its document, its attachment; nothing of the others.
    const db = t.handle.sqlite;
    expect(db.prepare('SELECT count(*) AS n FROM imported_files').get()).toEqual({ n: 3 });
    expect(db.prepare('SELECT count(*) AS n FROM imported_attachments').get()).toEqual({ n: 3 });
    for (const [i, f] of s.files.entries()) {
      const row = t.store.imports.get(f.documentIds[0]!)!;
      expect(row.numero).toBe(`Z-${i + 1}`);
      expect(t.store.imports.fileContent(row.fileId)!.bytes).toEqual(invoices[i]!.bytes);
      expect(t.store.imports.listAttachments(row.id).map((a) => a.fileName)).toEqual([`ddt-${i + 1}.pdf`]);
    }
    expect(t.store.imports.list({}).total).toBe(3);
  });

  it('counts the entries of every archive, nested ones included, so that done reaches total', async () => {
    const t = importCompany();
    const invoices = yearOfInvoices(6);
    const inner = writeZip(invoices.slice(4).map((f) => ({ ...f })));
    const outer = writeZip([...invoices.slice(1, 4), { name: 'dentro.zip', bytes: inner }, { name: 'cartella/', bytes: new Uint8Array(0) }]);
    const progress: [number, number][] = [];
    const s = await importBytes(t, [invoices[0]!, { name: 'anno.zip', bytes: outer }], { onProgress: (done, total) => progress.push([done, total]) });
    expect(s.cancelled).toBe(false);
    expect(s.counts.imported).toBe(6);
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every(([done, total]) => done <= total)).toBe(true);
    expect(progress[0]).toEqual([1, 2]);
    expect(progress.at(-1)).toEqual([6, 6]);
  });
});
