import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { FatturaElettronica } from './schema.generated';
import { readFattura } from './reader';
import { formatDecimal, normalizeFieldValue, writeFattura } from './writer';
import { buildMaximalFattura, SAMPLE_SIGNATURE_XML } from './io/maximal-document';
import { leafInfo } from './io/descriptor';

function minimalFattura(): FatturaElettronica {
  return {
    versione: 'FPR12',
    FatturaElettronicaHeader: {
      DatiTrasmissione: { IdTrasmittente: { IdPaese: 'IT', IdCodice: '01234567890' }, ProgressivoInvio: '007', FormatoTrasmissione: 'FPR12', CodiceDestinatario: '0000000' },
      CedentePrestatore: {
        DatiAnagrafici: { IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '01234567890' }, Anagrafica: { Denominazione: 'ALPHA SRL' }, RegimeFiscale: 'RF01' },
        Sede: { Indirizzo: 'VIA ROMA 1', CAP: '00100', Comune: 'ROMA', Provincia: 'RM', Nazione: 'IT' },
      },
      CessionarioCommittente: {
        DatiAnagrafici: { CodiceFiscale: 'RSSMRA80A01H501U', Anagrafica: { Nome: 'MARIO', Cognome: 'ROSSI' } },
        Sede: { Indirizzo: 'VIA MILANO 2', CAP: '20100', Comune: 'MILANO', Nazione: 'IT' },
      },
    },
    FatturaElettronicaBody: [
      {
        DatiGenerali: { DatiGeneraliDocumento: { TipoDocumento: 'TD01', Divisa: 'EUR', Data: '2025-03-01', Numero: '1' } },
        DatiBeniServizi: {
          DettaglioLinee: [{ NumeroLinea: '1', Descrizione: 'Consulenza', Quantita: '2', PrezzoUnitario: '50', PrezzoTotale: '100', AliquotaIVA: '22' }],
          DatiRiepilogo: [{ AliquotaIVA: '22', ImponibileImporto: '100', Imposta: '22', EsigibilitaIVA: 'I' }],
        },
      },
    ],
  };
}

/** Same content, keys in reverse order at every level. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
  return v;
}

const line = (f: FatturaElettronica) => f.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee[0]!;

describe('writeFattura', () => {
  it('writes the declaration, the p: root with the official namespaces and unprefixed children', () => {
    const { xml, bytes } = writeFattura(minimalFattura());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<p:FatturaElettronica versione="FPR12" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <FatturaElettronicaHeader>\n')).toBe(true);
    expect(xml.trimEnd().endsWith('</p:FatturaElettronica>')).toBe(true);
    expect(new TextDecoder().decode(bytes)).toBe(xml);
  });

  it('follows the XSD order whatever the key order, and always gives the same bytes', () => {
    const a = writeFattura(minimalFattura());
    const b = writeFattura(reversedKeys(minimalFattura()) as FatturaElettronica);
    const c = writeFattura(minimalFattura());
    expect(b.xml).toBe(a.xml);
    expect(c.bytes).toEqual(a.bytes);
    const big = buildMaximalFattura();
    expect(writeFattura(reversedKeys(big) as FatturaElettronica).xml).toBe(writeFattura(big).xml);
    // Element order inside a line is the schema's.
    const order = [...a.xml.matchAll(/<(NumeroLinea|Descrizione|Quantita|PrezzoUnitario|PrezzoTotale|AliquotaIVA)>/g)].map((m) => m[1]).slice(0, 6);
    expect(order).toEqual(['NumeroLinea', 'Descrizione', 'Quantita', 'PrezzoUnitario', 'PrezzoTotale', 'AliquotaIVA']);
  });

  it('writes decimals with the decimals their type wants, and integers and dates as given', () => {
    const { xml } = writeFattura(minimalFattura());
    expect(xml).toContain('<Quantita>2.00</Quantita>');
    expect(xml).toContain('<PrezzoUnitario>50.00</PrezzoUnitario>');
    expect(xml).toContain('<AliquotaIVA>22.00</AliquotaIVA>');
    expect(xml).toContain('<Imposta>22.00</Imposta>');
    expect(xml).toContain('<ProgressivoInvio>007</ProgressivoInvio>');
    expect(xml).toContain('<NumeroLinea>1</NumeroLinea>');
    expect(xml).toContain('<Data>2025-03-01</Data>');
  });

  it('normalises typographic characters and writes accents the Italian way in Basic-Latin fields', () => {
    const f = minimalFattura();
    line(f).Descrizione = 'L’offerta “speciale” – 10…\u00A0€\r\nriga\tdue';
    f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero = 'FATTURA-À1';
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.Anagrafica.Denominazione = 'SOCIETÀ ALPHA SRL';
    const { xml, textIssues } = writeFattura(f);
    expect(textIssues).toEqual([]);
    expect(xml).toContain('<Descrizione>L\'offerta "speciale" - 10... EUR riga due</Descrizione>');
    expect(xml).toContain("<Numero>FATTURA-A'1</Numero>");
    expect(xml).toContain('<Denominazione>SOCIETÀ ALPHA SRL</Denominazione>');
  });

  it('reports characters the field cannot hold, and writes them anyway', () => {
    const f = minimalFattura();
    line(f).Descrizione = 'Tè verde 漢 😀';
    f.FatturaElettronicaHeader.CedentePrestatore.Sede.NumeroCivico = 'N° 5';
    const { xml, textIssues } = writeFattura(f);
    expect(xml).toContain('<Descrizione>Tè verde 漢 😀</Descrizione>');
    expect(xml).toContain('<NumeroCivico>N° 5</NumeroCivico>');
    expect(textIssues).toHaveLength(2);
    expect(textIssues[0]).toMatchObject({
      code: '00200',
      severity: 'error',
      path: 'FatturaElettronicaHeader/CedentePrestatore/Sede/NumeroCivico',
    });
    expect(textIssues[0]!.message).toContain('«°» (U+00B0) in posizione 2');
    expect(textIssues[1]).toMatchObject({ code: '00200', severity: 'error', path: 'FatturaElettronicaBody[0]/DatiBeniServizi/DettaglioLinee[0]/Descrizione' });
    expect(textIssues[1]!.message).toContain('«漢» (U+6F22) in posizione 10');
    expect(textIssues[1]!.message).toContain('«😀» (U+1F600) in posizione 12');
    expect(textIssues[1]!.fix).toBeTruthy();
  });

  it('suggests the replacement when there is an obvious one', () => {
    const f = minimalFattura();
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.Anagrafica.Cognome = 'ŠIMIĆ';
    const [issue] = writeFattura(f).textIssues;
    expect(issue!.path).toBe('FatturaElettronicaHeader/CessionarioCommittente/DatiAnagrafici/Anagrafica/Cognome');
    expect(issue!.fix).toBe('Sostituisci «Š» con «S», «Ć» con «C».');
  });

  it('replaces control characters XML cannot carry, with a warning', () => {
    const f = minimalFattura();
    line(f).Descrizione = 'a\u0007b';
    const { xml, textIssues } = writeFattura(f);
    expect(xml).toContain('<Descrizione>a b</Descrizione>');
    expect(textIssues).toMatchObject([{ severity: 'warning', path: 'FatturaElettronicaBody[0]/DatiBeniServizi/DettaglioLinee[0]/Descrizione' }]);
  });

  it('escapes markup characters so they read back unchanged', () => {
    const f = minimalFattura();
    line(f).Descrizione = 'R&D <srl> ]]> "x" \'y\'';
    const { xml, bytes } = writeFattura(f);
    expect(xml).toContain('<Descrizione>R&amp;D &lt;srl&gt; ]]&gt; "x" \'y\'</Descrizione>');
    expect(line(readFattura(bytes).fattura).Descrizione).toBe('R&D <srl> ]]> "x" \'y\'');
  });

  it('writes the SistemaEmittente attribute and keeps an empty complex element', () => {
    const f = minimalFattura();
    f.SistemaEmittente = 'FDESK 1.0';
    f.FatturaElettronicaHeader.DatiTrasmissione.ContattiTrasmittente = {};
    const { xml } = writeFattura(f);
    expect(xml).toContain('<p:FatturaElettronica versione="FPR12" SistemaEmittente="FDESK 1.0" ');
    expect(xml).toContain('<ContattiTrasmittente></ContattiTrasmittente>');
  });

  it('writes ds:Signature verbatim as the last child of the root', () => {
    const f = minimalFattura();
    f.Signature = { xml: SAMPLE_SIGNATURE_XML };
    const { xml } = writeFattura(f);
    expect(xml).toContain(`  </FatturaElettronicaBody>\n  ${SAMPLE_SIGNATURE_XML}\n</p:FatturaElettronica>`);
    expect(readFattura(xml).fattura.Signature).toEqual({ xml: SAMPLE_SIGNATURE_XML });
  });

  it('writes a repeated element given as one value, and several bodies', () => {
    const f = minimalFattura();
    f.FatturaElettronicaBody.push(structuredClone(f.FatturaElettronicaBody[0]!));
    f.FatturaElettronicaBody[1]!.DatiGenerali.DatiGeneraliDocumento.Causale = 'una causale' as unknown as string[];
    const { xml } = writeFattura(f);
    expect(xml.match(/<FatturaElettronicaBody>/g)).toHaveLength(2);
    expect(xml).toContain('<Causale>una causale</Causale>');
  });
});

describe('writeFattura layout', () => {
  // The layout of every file written so far came from fast-xml-parser's XMLBuilder with these options; the writer
  // now writes the text itself and must give the same bytes (the stored files' SHA-256 and the chain depend on them).
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    processEntities: false,
    suppressEmptyNode: false,
    suppressBooleanAttributes: false,
  });
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, processEntities: false, trimValues: true });
  const viaBuilder = (xml: string) => builder.build(parser.parse(xml)) as string;

  it('is the one XMLBuilder gives for the same tree', () => {
    const f = minimalFattura();
    f.SistemaEmittente = "FDESK 'beta' <1>";
    line(f).Descrizione = 'R&D <srl> ]]> "x" \'y\'';
    f.FatturaElettronicaHeader.DatiTrasmissione.ContattiTrasmittente = {};
    // The maximal document without its ds:Signature: that one is copied verbatim, not laid out.
    const { Signature: _signature, ...maximal } = buildMaximalFattura();
    for (const doc of [minimalFattura(), f, maximal]) {
      const { xml } = writeFattura(doc);
      expect(xml).toBe(viaBuilder(xml));
    }
    expect(writeFattura(f).xml).toContain(' SistemaEmittente="FDESK &apos;beta&apos; &lt;1&gt;" ');
  });

  it('writes a document without elements as an empty root', () => {
    const { xml } = writeFattura({ versione: 'FPR12' } as FatturaElettronica);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<p:FatturaElettronica versione="FPR12" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></p:FatturaElettronica>\n',
    );
  });
});

describe('formatDecimal', () => {
  const amount2 = leafInfo('Amount2DecimalType');
  const amount8 = leafInfo('Amount8DecimalType');
  const peso = leafInfo('PesoType');
  it.each([
    [amount2, '22', '22.00'],
    [amount2, '1.5', '1.50'],
    [amount2, '.5', '0.50'],
    [amount2, '+3', '3.00'],
    [amount2, '-7.1', '-7.10'],
    [amount2, ' 12.30 ', '12.30'],
    [amount2, '1.2300', '1.23'],
    [amount2, '12.', '12.00'],
    [amount2, '007.5', '007.50'],
    [amount8, '1.5', '1.50'],
    [amount8, '1.123', '1.123'],
    [amount8, '1.123456780', '1.12345678'],
    [peso, '5', '5.0'],
    // never rounded, never invented: the checks report these
    [amount2, '1.234', '1.234'],
    [amount8, '1.123456789', '1.123456789'],
    [amount2, '1,5', '1,5'],
    [amount2, '', ''],
    [amount2, 'abc', 'abc'],
    [amount2, '1e3', '1e3'],
  ])('%#: %s -> %s', (type, raw, expected) => {
    expect(formatDecimal(raw, type)).toBe(expected);
  });
});

describe('normalizeFieldValue', () => {
  it('gives forms the value the writer will write', () => {
    expect(normalizeFieldValue('String20Type', 'N. 3 – già')).toBe("N. 3 - gia'");
    expect(normalizeFieldValue('String1000LatinType', '“Città”')).toBe('"Città"');
    expect(normalizeFieldValue('RateType', '22')).toBe('22.00');
    expect(normalizeFieldValue('xs_date', '2025-01-01')).toBe('2025-01-01');
  });
});
