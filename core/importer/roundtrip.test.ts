/**
 * Every field read is kept: what is imported comes back out (import.xml) byte for byte, and the model read from the
 * stored bytes is the model read from the original file, over the official samples and over the corpus built here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFattura } from '../fatturapa/reader';
import { decodeXmlBytes } from '../fatturapa/xml';
import { verifyChain } from '../invoicing/services/chain';
import { listShared, readShared, describeWithShared } from '../testing/shared-files';
import type { TestCompany } from '../../db/testing';
import { openTestCompany } from '../../db/testing';
import { updateEInvoicingSettings } from '../invoicing/services/company';
import { importedXml, storedFile } from './views';
import type { FileImportResult } from './service';
import { buildCorpus, zipCorpus, type CorpusFile } from './testing/corpus';
import { closeTestCompanies, importBytes, importCompany } from './testing/setup';
import { unwrapP7m } from './cms';

afterEach(closeTestCompanies);

/** The imported files come back identical, and so does the model re-read from them. */
function expectKept(t: TestCompany, result: FileImportResult, original: Uint8Array, xml: Uint8Array = original): void {
  expect(result.result, `${result.name}: ${result.reason}`).toBe('imported');
  const source = readFattura(xml).fattura;
  const bodies = source.FatturaElettronicaBody;
  expect(result.documents).toHaveLength(bodies.length);
  for (const id of result.documentIds) {
    const row = t.store.imports.get(id)!;
    const exported = importedXml(t.store, id);
    expect(exported.bytes).toEqual(original);
    expect(readFattura(storedFile(t.store, row.fileId).xml).fattura).toEqual(source);
    expect(exported.xml).toBe(decodeXmlBytes(xml).text);
    const dg = bodies[row.bodyIndex]!.DatiGenerali.DatiGeneraliDocumento;
    expect([row.tipoDocumento, row.numero, row.date, row.divisa]).toEqual([dg.TipoDocumento, dg.Numero.trim(), dg.Data, dg.Divisa]);
    if (row.documentId !== undefined) expect(t.store.documents.getXml(row.documentId)).toEqual(xml);
  }
}

describeWithShared('official samples', () => {
  const alpha = (t: TestCompany) => {
    t.store.company.save({ denominazione: "SOCIETA' ALPHA SRL", idPaese: 'IT', partitaIva: '01234567890', regimeFiscale: 'RF01', sede: { indirizzo: 'VIALE ROMA 543', cap: '07100', comune: 'SASSARI', provincia: 'SS', nazione: 'IT' } });
    updateEInvoicingSettings(t.store, { sendImportedXml: false, publishImportedXml: true, transmitter: 'manual' });
  };
  const samples = () => listShared('samples').map((p) => ({ name: p.split('/').pop()!, bytes: new Uint8Array(readShared(p)) }));

  it('imports every FPA/FPR sample as outbound for the cedente, keeps it exactly, and refuses FSM10 clearly', async () => {
    const files = samples();
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) {
      // One company per sample: several samples are the same invoice (same number and date), see the next test.
      const t = openTestCompany();
      alpha(t);
      const s = await importBytes(t, [f]);
      const r = s.files[0]!;
      if (f.name.includes('FSM10')) {
        expect(r).toMatchObject({ result: 'rejected', code: 'XML_NON_FATTURAPA' });
        expect(r.reason).toMatch(/semplificata.*FSM10.*non supportata/);
      } else {
        expectKept(t, r, f.bytes);
        expect(r.direction).toBe('outbound');
        expect(s.documents.imported).toBe(readFattura(f.bytes).fattura.FatturaElettronicaBody.length);
        expect(verifyChain(t.store).ok).toBe(true);
      }
    }
  });

  it('finds the samples that are the same invoice (sender, type, number, date) as duplicates', async () => {
    const t = openTestCompany();
    alpha(t);
    const s = await importBytes(t, samples().filter((f) => !f.name.includes('FSM10')));
    const byName = Object.fromEntries(s.files.map((f) => [f.name, f.documents.map((d) => d.result)]));
    // FPA02 repeats FPA01 (TD01 n. 123 of 2017-01-18); FPR02 and the first body of FPR03 repeat FPR01.
    expect(byName).toEqual({
      'IT01234567890_FPA01.xml': ['imported'],
      'IT01234567890_FPA02.xml': ['duplicate'],
      'IT01234567890_FPA03.xml': ['imported', 'imported'],
      'IT01234567890_FPR01.xml': ['imported'],
      'IT01234567890_FPR02.xml': ['duplicate'],
      'IT01234567890_FPR03.xml': ['duplicate', 'imported'],
    });
  });

  it('imports a sample as received for its cessionario', async () => {
    const t = openTestCompany();
    t.store.company.save({ denominazione: 'BETA GAMMA', idPaese: 'IT', partitaIva: '09876543210', codiceFiscale: '09876543210', regimeFiscale: 'RF01', sede: { indirizzo: 'VIA TORINO 38-B', cap: '00145', comune: 'ROMA', nazione: 'IT' } });
    const bytes = new Uint8Array(readShared('samples/IT01234567890_FPR02.xml'));
    const s = await importBytes(t, [{ name: 'IT01234567890_FPR02.xml', bytes }]);
    expectKept(t, s.files[0]!, bytes);
    expect(s.files[0]!.direction).toBe('received');
  });
});

describe('corpus built from the engine', () => {
  it('keeps every file of every variant (prefixes, encodings, lotti, attachments, p7m, zip) exactly', async () => {
    const corpus = buildCorpus(40);
    const variants = new Set(corpus.map((c) => c.variant));
    for (const v of ['utf-8', 'prefisso', 'windows-1252', 'iso-8859-1', 'lotto', 'allegati', 'p7m-der', 'p7m-ber', 'p7m-base64', 'p7m-base64-lines', 'p7m-pem', 'p7m-annidato']) expect(variants, v).toContain(v);
    const t = importCompany({ publishImportedXml: true });
    const s = await importBytes(t, corpus);
    corpus.forEach((c: CorpusFile, i) => {
      const r = s.files[i]!;
      expect(r.direction).toBe(c.direction);
      expectKept(t, r, c.bytes, c.xml ?? c.bytes);
      if (c.xml) {
        expect(r.signature).toBe('valid');
        expect(unwrapP7m(c.bytes).content).toEqual(c.xml);
      }
    });
    expect(s.documents.imported).toBe(corpus.reduce((n, c) => n + c.bodies, 0));
    expect(verifyChain(t.store).ok).toBe(true);
  }, 60_000);

  it('opens zips (stored, deflated, with folders and a zip inside) and keeps each file inside exactly', async () => {
    const corpus = buildCorpus(12);
    const zips = zipCorpus(corpus);
    const t = importCompany();
    const s = await importBytes(t, zips);
    expect(s.files).toHaveLength(corpus.length);
    for (const r of s.files) {
      const c = corpus.find((x) => r.name.endsWith(`/${x.name}`))!;
      expect(r.name).toMatch(/^lotto-(memorizzato|compresso)\.zip\//);
      expectKept(t, r, c.bytes, c.xml ?? c.bytes);
    }
    expect(s.files.some((r) => r.name.startsWith('lotto-compresso.zip/interno.zip/'))).toBe(true);
  }, 60_000);
});
