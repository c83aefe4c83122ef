/** Hostile and broken input: every file gets its own clear Italian error, the others go on, nothing partial is written. */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFattura } from '../fatturapa/writer';
import { sampleFattura, sampleXml } from './testing/corpus';
import { wrapP7m } from './testing/cms-builder';
import { closeTestCompanies, dumpDatabase, importBytes, importCompany } from './testing/setup';
import { writeZip } from './testing/zip-writer';

afterEach(closeTestCompanies);

const enc = (s: string) => new TextEncoder().encode(s);
const good = () => writeFattura(sampleFattura('received', 30)).xml;

function hostileFiles(): { name: string; bytes: Uint8Array; code: string; reason: RegExp }[] {
  const xml = good();
  const withoutNumero = sampleFattura('received', 31);
  (withoutNumero.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento as { Numero?: string }).Numero = undefined;
  const p7m = wrapP7m(sampleXml('received', 32));
  const bigXml = xml.replace('</Causale>', `${'A'.repeat(5 * 1024 * 1024)}</Causale>`);
  const inner = writeZip([{ name: 'x.xml', bytes: enc(xml) }]);
  const middle = writeZip([{ name: 'interno.zip', bytes: inner }]);
  return [
    {
      name: 'xxe.xml',
      bytes: enc(xml.replace('<p:FatturaElettronica', '<!DOCTYPE p:FatturaElettronica [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<p:FatturaElettronica').replace('<Divisa>EUR', '<Divisa>&xxe;')),
      code: 'XML_DOCTYPE_VIETATO',
      reason: /DOCTYPE.*per sicurezza non viene letto/,
    },
    {
      name: 'bomba-entita.xml',
      bytes: enc(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`),
      code: 'XML_DOCTYPE_VIETATO',
      reason: /per sicurezza/,
    },
    { name: 'entita-sconosciuta.xml', bytes: enc(xml.replace('<Divisa>EUR', '<Divisa>&xxe;')), code: 'XML_MALFORMATO', reason: /non è ben formato/ },
    { name: 'troppo-grande.xml', bytes: enc(bigXml), code: 'FILE_TROPPO_GRANDE', reason: /oltre 5 MB \(codice 00003\)/ },
    { name: 'utf8-rotto.xml', bytes: Uint8Array.from([...enc(xml.slice(0, 200)), 0xc3, 0x28, ...enc(xml.slice(200))]), code: 'XML_CODIFICA_NON_VALIDA', reason: /non è codificato correttamente in UTF-8/ },
    { name: 'troncato.xml.p7m', bytes: p7m.subarray(0, Math.floor(p7m.length / 2)), code: 'P7M_NON_VALIDO', reason: /danneggiato o troncato/ },
    { name: 'spazzatura.xml.p7m', bytes: Uint8Array.from({ length: 3000 }, (_, i) => (i * 131 + 7) & 0xff), code: 'P7M_NON_VALIDO', reason: /non è un file firmato|danneggiato/ },
    { name: 'non-fattura.xml', bytes: enc('<?xml version="1.0"?><ordine><riga>1</riga></ordine>'), code: 'XML_NON_FATTURAPA', reason: /non è una fattura elettronica FatturaPA/ },
    { name: 'vuoto.xml', bytes: new Uint8Array(0), code: 'FILE_VUOTO', reason: /è vuoto/ },
    { name: 'spazi.xml', bytes: enc('  \n\t '), code: 'FILE_VUOTO', reason: /è vuoto/ },
    { name: 'senza-numero.xml', bytes: writeFattura(withoutNumero).bytes, code: 'IMPORT_DATI_MANCANTI', reason: /manca il numero del documento/ },
    { name: 'documento.pdf', bytes: enc('%PDF-1.4 ...'), code: 'IMPORT_TIPO_NON_SUPPORTATO', reason: /non è una fattura elettronica/ },
    {
      name: 'bomba.zip',
      bytes: writeZip([{ name: 'zeri.xml', bytes: new Uint8Array(30 * 1024 * 1024), deflate: true }]),
      code: 'ZIP_RAPPORTO_SOSPETTO',
      reason: /zip bomb/,
    },
    { name: 'bugiardo.zip', bytes: writeZip([{ name: 'f.xml', bytes: new Uint8Array(10 * 1024 * 1024), deflate: true, declaredSize: 2000 }]), code: 'ZIP_FILE_DANNEGGIATO', reason: /danneggiato/ },
    { name: 'risalita.zip', bytes: writeZip([{ name: '../../fuori.xml', bytes: enc(xml) }]), code: 'ZIP_PERCORSO_NON_SICURO', reason: /nome non sicuro/ },
    { name: 'matrioska.zip', bytes: writeZip([{ name: 'medio.zip', bytes: middle }]), code: 'ZIP_ANNIDATO', reason: /oltre un livello/ },
    { name: 'rotto.zip', bytes: writeZip([{ name: 'a.xml', bytes: enc(xml) }]).subarray(0, 100), code: 'ZIP_NON_VALIDO', reason: /non è leggibile/ },
  ];
}

describe('hostile and broken input', () => {
  it('each file is rejected with its own code and Italian reason, and nothing at all is written', async () => {
    const t = importCompany();
    const files = hostileFiles();
    const before = dumpDatabase(t.handle.sqlite);
    const s = await importBytes(t, files);
    expect(s.files.map((f) => [f.name.split('/')[0], f.code])).toEqual(files.map((f) => [f.name, f.code]));
    s.files.forEach((f, i) => {
      expect(f.result).toBe('rejected');
      expect(f.reason).toMatch(files[i]!.reason);
      expect(f.fix, f.name).toBeTruthy();
    });
    expect(s.files.find((f) => f.name === 'troppo-grande.xml')).toBeDefined();
    expect(dumpDatabase(t.handle.sqlite)).toEqual(before);
  });

  it('the good files of the same batch are imported all the same', async () => {
    const t = importCompany();
    const files = hostileFiles();
    files.splice(5, 0, { name: 'buona.xml', bytes: enc(good()), code: '', reason: /./ });
    const s = await importBytes(t, files);
    expect(s.counts).toMatchObject({ imported: 1, rejected: files.length - 1 });
    expect(s.files.find((f) => f.name === 'buona.xml')!.result).toBe('imported');
  });

  it('an attachment that is not base64 does not block the invoice: it is reported and the file keeps it', async () => {
    const t = importCompany();
    const f = sampleFattura('received', 33);
    f.FatturaElettronicaBody[0]!.Allegati = [{ NomeAttachment: 'rotto.pdf', Attachment: 'non-base64!' }];
    const s = await importBytes(t, [{ name: 'allegato-rotto.xml', bytes: writeFattura(f).bytes }]);
    expect(s.files[0]!.result).toBe('imported');
    expect(s.files[0]!.warnings!.join(' ')).toMatch(/rotto\.pdf.*non è codificato correttamente in base64/);
    expect(t.store.imports.listAttachments(s.files[0]!.documentIds[0]!)).toEqual([]);
  });

  it('reads a large legitimate invoice (just under 5 MB, 15,000 lines, no "&") in one linear pass', async () => {
    const t = importCompany();
    const f = sampleFattura('received', 34);
    const line = f.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee[0]!;
    f.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee = Array.from({ length: 15_000 }, (_, i) => ({ ...line, NumeroLinea: String(i + 1) }));
    const bytes = writeFattura(f).bytes;
    expect(bytes.length).toBeGreaterThan(4_000_000);
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    const s = await importBytes(t, [{ name: 'grande.xml', bytes }]);
    expect(s.files[0]).toMatchObject({ result: 'imported', direction: 'received' });
  });
});
