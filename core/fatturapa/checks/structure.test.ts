import { describe, expect, test } from 'vitest';
import type { Finding } from '../findings';
import type { FatturaElettronica } from '../schema.generated';
import { checkStructure } from './structure';
import { buildTestFattura } from './testing';

const BODY = 'FatturaElettronicaBody[0]';
const DGD = `${BODY}/DatiGenerali/DatiGeneraliDocumento`;
const LINE0 = `${BODY}/DatiBeniServizi/DettaglioLinee[0]`;
const CEDENTE = 'FatturaElettronicaHeader/CedentePrestatore/DatiAnagrafici';

/** A loosely typed copy to mutate (tests put wrong shapes on purpose). */
function doc(): any {
  return buildTestFattura();
}

function codesAndPaths(findings: Finding[]): [string, string][] {
  return findings.map((f) => [f.code, f.path]);
}

/** The mutation produced exactly one finding, with this code and path; returns it for message checks. */
function only(findings: Finding[], code: string, path: string): Finding {
  expect(codesAndPaths(findings)).toEqual([[code, path]]);
  const f = findings[0]!;
  expect(f.severity).toBe('error');
  expect(f.message.length).toBeGreaterThan(10);
  expect(f.fix && f.fix.length).toBeGreaterThan(5);
  return f;
}

describe('checkStructure on a valid document', () => {
  test('the test document has no structural finding, with 1 and 30 lines', () => {
    expect(checkStructure(buildTestFattura({ lines: 1 }))).toEqual([]);
    expect(checkStructure(buildTestFattura({ lines: 30 }))).toEqual([]);
  });

  test('optional elements with valid values pass (dateTime with fraction and zone, base64, collapsed Titolo)', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiGenerali.DatiTrasporto = { DataOraConsegna: '2017-01-10T16:46:12.000+02:00', DataInizioTrasporto: '2024-02-29' };
    f.FatturaElettronicaBody[0].Allegati = [{ NomeAttachment: 'ordine.txt', Attachment: 'SGVs\nbG8=' }];
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica.Titolo = '  Dott.  ';
    expect(checkStructure(f)).toEqual([]);
  });
});

describe('checkStructure: presence and cardinality', () => {
  test('a missing required element', () => {
    const f = doc();
    delete f.FatturaElettronicaBody[0].DatiGenerali.DatiGeneraliDocumento.Numero;
    const finding = only(checkStructure(f), '00200', `${DGD}/Numero`);
    expect(finding.message).toBe("Numero mancante: l'elemento è obbligatorio");
  });

  test('a required repeated element given as an empty list', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DatiRiepilogo = [];
    only(checkStructure(f), '00200', `${BODY}/DatiBeniServizi/DatiRiepilogo`);
  });

  test('a single element given as a list', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiGenerali.DatiGeneraliDocumento.Data = ['2026-11-20', '2026-11-21'];
    expect(only(checkStructure(f), '00200', `${DGD}/Data`).message).toContain('non può essere ripetuto');
  });

  test('a repeated element given as a single object', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DatiRiepilogo = f.FatturaElettronicaBody[0].DatiBeniServizi.DatiRiepilogo[0];
    expect(only(checkStructure(f), '00200', `${BODY}/DatiBeniServizi/DatiRiepilogo`).message).toContain('lista');
  });

  test('a null item inside a list', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee.push(null);
    only(checkStructure(f), '00200', `${BODY}/DatiBeniServizi/DettaglioLinee[3]`);
  });

  test('a property that is not a schema element (typo)', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.Anagrafica.Denominazone = 'Beta';
    const finding = only(checkStructure(f), '00200', 'FatturaElettronicaHeader/CessionarioCommittente/DatiAnagrafici/Anagrafica/Denominazone');
    expect(finding.message).toContain('non è un elemento previsto');
  });

  test('a property explicitly undefined is ignored', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiGenerali.DatiGeneraliDocumento.Causale = undefined;
    f.FatturaElettronicaBody[0].DatiGenerali.Foo = undefined;
    expect(checkStructure(f)).toEqual([]);
  });

  test('a group given as a plain value, and a leaf given as a number', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.Sede = 'Via Roma 1';
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].PrezzoTotale = 20;
    expect(codesAndPaths(checkStructure(f))).toEqual([
      ['00200', 'FatturaElettronicaHeader/CedentePrestatore/Sede'],
      ['00200', `${LINE0}/PrezzoTotale`],
    ]);
  });

  test('the root attribute versione is required and checked', () => {
    const f = doc();
    delete f.versione;
    only(checkStructure(f), '00200', '@versione');
    const g = doc();
    g.versione = 'FPX12';
    expect(only(checkStructure(g), '00200', '@versione').message).toContain('FPA12, FPR12');
  });

  test('Signature must keep the original XML', () => {
    const f = doc();
    f.Signature = 'firma';
    only(checkStructure(f), '00200', 'Signature');
    const g = doc();
    g.Signature = { xml: '<ds:Signature/>' };
    expect(checkStructure(g)).toEqual([]);
  });

  test('a document that is not an object', () => {
    expect(codesAndPaths(checkStructure(null as unknown as FatturaElettronica))).toEqual([['00200', '']]);
  });
});

describe('checkStructure: Denominazione | Nome+Cognome', () => {
  const ANAGRAFICA = `${CEDENTE}/Anagrafica`;

  test('Nome and Cognome instead of Denominazione pass', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica = { Nome: 'Mario', Cognome: 'Rossi' };
    expect(checkStructure(f)).toEqual([]);
  });

  test('both branches', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica.Nome = 'Mario';
    expect(only(checkStructure(f), '00200', ANAGRAFICA).message).toContain('non entrambi');
  });

  test('no branch', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica = { Titolo: 'Dott.' };
    expect(only(checkStructure(f), '00200', ANAGRAFICA).message).toBe('Indicare Denominazione oppure Nome e Cognome: nessuno è presente');
  });

  test('an incomplete branch', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica = { Nome: 'Mario' };
    expect(only(checkStructure(f), '00200', `${ANAGRAFICA}/Cognome`).message).toBe('Cognome mancante: con Nome va indicato anche Cognome');
  });

  test('the same choice in RappresentanteFiscale of the cessionario', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CessionarioCommittente.RappresentanteFiscale = { IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '11111111111' }, Cognome: 'Verdi' };
    only(checkStructure(f), '00200', 'FatturaElettronicaHeader/CessionarioCommittente/RappresentanteFiscale/Nome');
  });
});

describe('checkStructure: simple type facets', () => {
  test('decimals of an amount', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[2].PrezzoTotale = '12.5';
    const finding = only(checkStructure(f), '00200', `${BODY}/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale`);
    expect(finding.message).toBe('PrezzoTotale deve avere da 2 a 8 decimali (trovato "12.5")');
  });

  test('exactly 2 decimals for Amount2DecimalType', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DatiRiepilogo[0].Imposta = '14.520';
    expect(only(checkStructure(f), '00200', `${BODY}/DatiBeniServizi/DatiRiepilogo[0]/Imposta`).message).toBe(
      'Imposta deve avere esattamente 2 decimali (trovato "14.520")',
    );
  });

  test('comma as decimal separator, negative quantity, plus sign, too many integer digits', () => {
    const cases: [string, string, string][] = [
      ['PrezzoUnitario', '10,00', 'PrezzoUnitario deve essere un numero con il punto come separatore decimale (trovato "10,00")'],
      ['Quantita', '-2.00', 'Quantita non può essere negativo (trovato "-2.00")'],
      ['PrezzoUnitario', '+10.00', 'PrezzoUnitario non deve avere il segno "+" (trovato "+10.00")'],
      ['PrezzoUnitario', '123456789012.00', 'PrezzoUnitario ha troppe cifre intere (al massimo 11, trovato "123456789012.00")'],
    ];
    for (const [field, value, message] of cases) {
      const f = doc();
      f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0][field] = value;
      expect(only(checkStructure(f), '00200', `${LINE0}/${field}`).message).toBe(message);
    }
  });

  test('maxInclusive of a rate, compared as a decimal', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].AliquotaIVA = '100.01';
    expect(only(checkStructure(f), '00200', `${LINE0}/AliquotaIVA`).message).toContain('al massimo 100.00');
    const g = doc();
    g.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].AliquotaIVA = '100.00';
    expect(checkStructure(g)).toEqual([]);
  });

  test('integers with bounds', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].NumeroLinea = '0';
    expect(only(checkStructure(f), '00200', `${LINE0}/NumeroLinea`).message).toBe('NumeroLinea deve essere compreso tra 1 e 9999 (trovato "0")');
    const g = doc();
    g.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].NumeroLinea = '1.0';
    expect(only(checkStructure(g), '00200', `${LINE0}/NumeroLinea`).message).toContain('numero intero');
  });

  test('enumerations', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiGenerali.DatiGeneraliDocumento.TipoDocumento = 'TD99';
    expect(only(checkStructure(f), '00200', `${DGD}/TipoDocumento`).message).toContain('valore non ammesso "TD99"');
  });

  test('length and minLength', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica.CodEORI = 'IT123';
    expect(only(checkStructure(f), '00200', `${CEDENTE}/Anagrafica/CodEORI`).message).toBe('CodEORI deve avere almeno 13 caratteri (trovato "IT123")');
    const g = doc();
    g.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].CodiceArticolo = [{ CodiceTipo: 'EAN', CodiceValore: 'x'.repeat(36) }];
    expect(only(checkStructure(g), '00200', `${LINE0}/CodiceArticolo[0]/CodiceValore`).message).toContain('supera i 35 caratteri');
  });

  test('patterns, with a hint on the expected format', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.Sede.CAP = '0010';
    expect(only(checkStructure(f), '00200', 'FatturaElettronicaHeader/CedentePrestatore/Sede/CAP').message).toContain('5 cifre');
    const g = doc();
    g.FatturaElettronicaHeader.DatiTrasmissione.PECDestinatario = 'non-una-pec';
    only(checkStructure(g), '00200', 'FatturaElettronicaHeader/DatiTrasmissione/PECDestinatario');
  });

  test('ASCII-only and Latin-1 text', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiGenerali.DatiGeneraliDocumento.Numero = 'N°1';
    expect(only(checkStructure(f), '00200', `${DGD}/Numero`).message).toContain('solo caratteri ASCII');
    const g = doc();
    g.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].Descrizione = 'Perché costa 10 €';
    expect(only(checkStructure(g), '00200', `${LINE0}/Descrizione`).message).toContain('"€"');
    const h = doc();
    h.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].Descrizione = 'Perché è così';
    expect(checkStructure(h)).toEqual([]);
  });

  test('maximum length of a Latin text counts characters', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].Descrizione = 'à'.repeat(1000);
    expect(checkStructure(f)).toEqual([]);
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].Descrizione = 'à'.repeat(1001);
    expect(only(checkStructure(f), '00200', `${LINE0}/Descrizione`).message).toContain('supera i 1000 caratteri');
  });

  test('normalizedString: no line breaks or tabs', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].Descrizione = 'Prima riga\nseconda riga';
    expect(only(checkStructure(f), '00200', `${LINE0}/Descrizione`).message).toContain('a capo o tabulazioni');
  });

  test('real calendar dates', () => {
    for (const [value, fragment] of [
      ['2026-02-30', 'non è una data esistente'],
      ['2025-02-29', 'non è una data esistente'],
      ['2026-13-01', 'non è una data esistente'],
      ['20/11/2026', 'formato AAAA-MM-GG'],
      ['1969-12-31', 'anteriore al 1970-01-01'],
    ]) {
      const f = doc();
      f.FatturaElettronicaBody[0].DatiGenerali.DatiGeneraliDocumento.Data = value;
      expect(only(checkStructure(f), '00200', `${DGD}/Data`).message).toContain(fragment);
    }
  });

  test('xs:dateTime shape', () => {
    for (const value of ['2017-01-10 16:46:12', '2017-01-10T25:00:00', '2017-02-30T10:00:00', '2017-01-10T10:00:00+15:00']) {
      const f = doc();
      f.FatturaElettronicaBody[0].DatiGenerali.DatiTrasporto = { DataOraRitiro: value };
      only(checkStructure(f), '00200', `${BODY}/DatiGenerali/DatiTrasporto/DataOraRitiro`);
    }
  });

  test('base64 shape of Attachment', () => {
    for (const value of ['SGVsbG8', 'SGV$bG8=', 'SGVsbG8=QQ==', 'SGVsbG9=']) {
      const f = doc();
      f.FatturaElettronicaBody[0].Allegati = [{ NomeAttachment: 'a.txt', Attachment: value }];
      expect(only(checkStructure(f), '00200', `${BODY}/Allegati[0]/Attachment`).message).toContain('base64');
    }
  });
});

describe('checkStructure: versione and FormatoTrasmissione (00428)', () => {
  test('versione FPA12 with FormatoTrasmissione FPR12', () => {
    const f = doc();
    f.versione = 'FPA12';
    const finding = only(checkStructure(f), '00428', 'FatturaElettronicaHeader/DatiTrasmissione/FormatoTrasmissione');
    expect(finding.message).toBe('FormatoTrasmissione "FPR12" diverso dall\'attributo versione "FPA12" del documento');
  });
});
