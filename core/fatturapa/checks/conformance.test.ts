/**
 * The structure checks against the official XSD (libxml2): the test documents are schema-valid once written, and for
 * mutations the writer leaves as they are, the XSD and checkStructure agree that the document is invalid.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeWithShared } from '../../testing/shared-files';
import { loadFatturaPAValidator, type FatturaPAValidator } from '../../testing/xsd-validator';
import { writeFattura } from '../writer';
import { checkStructure } from './structure';
import { addCassa, addExemptLine, buildTestFattura } from './testing';

describeWithShared('structure checks and the official XSD agree', () => {
  let xsd: FatturaPAValidator;
  beforeAll(async () => {
    xsd = await loadFatturaPAValidator();
  });
  afterAll(() => xsd?.dispose());

  const isXsdValid = (f: unknown): boolean => xsd.validate(writeFattura(f as never).xml).valid;

  test('the test documents are valid for the XSD and for checkStructure', () => {
    const plain = buildTestFattura({ lines: 30 });
    const rich = buildTestFattura();
    addExemptLine(rich, 'N2.2');
    addCassa(rich, '22.00');
    addCassa(rich, '0.00', 'N4');
    for (const f of [plain, rich]) {
      expect(checkStructure(f)).toEqual([]);
      expect(isXsdValid(f)).toBe(true);
    }
  });

  const body = (f: any) => f.FatturaElettronicaBody[0];
  const mutations: [string, (f: any) => void][] = [
    ['non-existent date', (f) => (body(f).DatiGenerali.DatiGeneraliDocumento.Data = '2026-02-30')],
    ['CAP of 4 digits', (f) => (f.FatturaElettronicaHeader.CedentePrestatore.Sede.CAP = '0010')],
    ['unknown TipoDocumento', (f) => (body(f).DatiGenerali.DatiGeneraliDocumento.TipoDocumento = 'TD99')],
    ['missing Numero', (f) => delete body(f).DatiGenerali.DatiGeneraliDocumento.Numero],
    ['Denominazione and Nome', (f) => (f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica.Nome = 'Mario')],
    ['Nome without Cognome', (f) => (f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica = { Nome: 'Mario' })],
    ['rate above 100', (f) => (body(f).DatiBeniServizi.DettaglioLinee[0].AliquotaIVA = '100.01')],
    ['NumeroLinea 0', (f) => (body(f).DatiBeniServizi.DettaglioLinee[0].NumeroLinea = '0')],
    ['CodEORI too short', (f) => (f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica.CodEORI = 'IT123')],
    ['bad base64', (f) => (body(f).Allegati = [{ NomeAttachment: 'a.txt', Attachment: 'SGVsbG8' }])],
    ['hour 25', (f) => (body(f).DatiGenerali.DatiTrasporto = { DataOraRitiro: '2017-01-10T25:00:00' })],
    ['non-ASCII Numero', (f) => (body(f).DatiGenerali.DatiGeneraliDocumento.Numero = 'N°1')],
    ['bad PEC address', (f) => (f.FatturaElettronicaHeader.DatiTrasmissione.PECDestinatario = 'non-una-pec')],
    ['negative Quantita', (f) => (body(f).DatiBeniServizi.DettaglioLinee[0].Quantita = '-2.00')],
  ];

  test.each(mutations)('%s: invalid for both', (_name, mutate) => {
    const f = buildTestFattura();
    mutate(f);
    expect(checkStructure(f).map((x) => x.code)).toEqual(['00200']);
    expect(isXsdValid(f)).toBe(false);
  });
});
