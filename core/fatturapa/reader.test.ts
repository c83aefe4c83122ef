import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { readFattura } from './reader';
import { writeFattura } from './writer';
import { buildMaximalFattura } from './io/maximal-document';

const NS = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2';

/** A small FPR12 document; `root` gives the opening and closing tags, `body` can be repeated or changed. */
function doc(opts: { open?: string; close?: string; header?: string; body?: string; bodies?: number; decl?: string } = {}): string {
  const open = opts.open ?? `<p:FatturaElettronica versione="FPR12" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:p="${NS}">`;
  const close = opts.close ?? '</p:FatturaElettronica>';
  const header =
    opts.header ??
    `<DatiTrasmissione><IdTrasmittente><IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdTrasmittente>
      <ProgressivoInvio>007</ProgressivoInvio><FormatoTrasmissione>FPR12</FormatoTrasmissione><CodiceDestinatario>0000000</CodiceDestinatario></DatiTrasmissione>
    <CedentePrestatore><DatiAnagrafici><IdFiscaleIVA><IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdFiscaleIVA>
      <Anagrafica><Denominazione>ALPHA SRL</Denominazione></Anagrafica><RegimeFiscale>RF01</RegimeFiscale></DatiAnagrafici>
      <Sede><Indirizzo>VIA ROMA 1</Indirizzo><CAP>00100</CAP><Comune>ROMA</Comune><Nazione>IT</Nazione></Sede></CedentePrestatore>
    <CessionarioCommittente><DatiAnagrafici><CodiceFiscale>RSSMRA80A01H501U</CodiceFiscale><Anagrafica><Nome>MARIO</Nome><Cognome>ROSSI</Cognome></Anagrafica></DatiAnagrafici>
      <Sede><Indirizzo>VIA MILANO 2</Indirizzo><CAP>20100</CAP><Comune>MILANO</Comune><Nazione>IT</Nazione></Sede></CessionarioCommittente>`;
  const body =
    opts.body ??
    `<DatiGenerali><DatiGeneraliDocumento><TipoDocumento>TD01</TipoDocumento><Divisa>EUR</Divisa><Data>2025-03-01</Data><Numero>1</Numero></DatiGeneraliDocumento></DatiGenerali>
    <DatiBeniServizi><DettaglioLinee><NumeroLinea>1</NumeroLinea><Descrizione>Consulenza</Descrizione><PrezzoUnitario>100.00</PrezzoUnitario><PrezzoTotale>100.00</PrezzoTotale><AliquotaIVA>22.00</AliquotaIVA></DettaglioLinee>
      <DatiRiepilogo><AliquotaIVA>22.00</AliquotaIVA><ImponibileImporto>100.00</ImponibileImporto><Imposta>22.00</Imposta></DatiRiepilogo></DatiBeniServizi>`;
  const bodies = Array.from({ length: opts.bodies ?? 1 }, () => `<FatturaElettronicaBody>${body}</FatturaElettronicaBody>`).join('\n');
  return `${opts.decl ?? '<?xml version="1.0" encoding="UTF-8"?>'}\n${open}\n<FatturaElettronicaHeader>${header}</FatturaElettronicaHeader>\n${bodies}\n${close}\n`;
}

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('nessun errore');
}

const withDescrizione = (d: string) =>
  doc({
    body: `<DatiGenerali><DatiGeneraliDocumento><TipoDocumento>TD01</TipoDocumento><Divisa>EUR</Divisa><Data>2025-03-01</Data><Numero>1</Numero></DatiGeneraliDocumento></DatiGenerali>
    <DatiBeniServizi><DettaglioLinee><NumeroLinea>1</NumeroLinea><Descrizione>${d}</Descrizione><PrezzoUnitario>1.00</PrezzoUnitario><PrezzoTotale>1.00</PrezzoTotale><AliquotaIVA>22.00</AliquotaIVA></DettaglioLinee>
      <DatiRiepilogo><AliquotaIVA>22.00</AliquotaIVA><ImponibileImporto>1.00</ImponibileImporto><Imposta>0.22</Imposta></DatiRiepilogo></DatiBeniServizi>`,
  });
const descrizione = (xml: string | Uint8Array) => readFattura(xml).fattura.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee[0]!.Descrizione;

describe('readFattura: mapping', () => {
  it('maps every element, with arrays for repeated elements even when they occur once, and text as written', () => {
    const { fattura, findings, namespaceVersion } = readFattura(doc());
    expect(findings).toEqual([]);
    expect(namespaceVersion).toBe('1.2');
    expect(fattura.versione).toBe('FPR12');
    expect(fattura.FatturaElettronicaHeader.DatiTrasmissione.ProgressivoInvio).toBe('007');
    expect(fattura.FatturaElettronicaHeader.CedentePrestatore.Sede.CAP).toBe('00100');
    expect(fattura.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.Anagrafica).toEqual({ Nome: 'MARIO', Cognome: 'ROSSI' });
    expect(Array.isArray(fattura.FatturaElettronicaBody)).toBe(true);
    const body = fattura.FatturaElettronicaBody[0]!;
    expect(body.DatiBeniServizi.DettaglioLinee).toEqual([{ NumeroLinea: '1', Descrizione: 'Consulenza', PrezzoUnitario: '100.00', PrezzoTotale: '100.00', AliquotaIVA: '22.00' }]);
    expect(body.DatiBeniServizi.DatiRiepilogo).toHaveLength(1);
  });

  it('reads several bodies and FPA12', () => {
    const { fattura } = readFattura(doc({ bodies: 3, open: `<p:FatturaElettronica versione="FPA12" xmlns:p="${NS}">` }));
    expect(fattura.versione).toBe('FPA12');
    expect(fattura.FatturaElettronicaBody).toHaveLength(3);
  });

  it('accepts any namespace prefix, giving the same model', () => {
    const reference = readFattura(doc()).fattura;
    const variants = [
      doc({ open: `<ns2:FatturaElettronica versione="FPR12" xmlns:ns2="${NS}">`, close: '</ns2:FatturaElettronica>' }),
      doc({ open: `<a:FatturaElettronica versione="FPR12" xmlns:a="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NS} x.xsd">`, close: '</a:FatturaElettronica>' }),
      // A default namespace undeclared again on the children is fine.
      doc({ open: `<FatturaElettronica xmlns="${NS}" versione="FPR12">`, close: '</FatturaElettronica>' }).replace(/<(FatturaElettronica(Header|Body))>/g, '<$1 xmlns="">'),
    ];
    for (const xml of variants) {
      const r = readFattura(xml);
      expect(r.findings).toEqual([]);
      expect(r.namespaceVersion).toBe('1.2');
      expect(r.fattura).toEqual(reference);
    }
  });

  it('reads the default namespace and prefixed children too, reporting that the schema wants unqualified children', () => {
    const reference = readFattura(doc()).fattura;
    const variants = [
      doc({ open: `<FatturaElettronica xmlns="${NS}" versione="FPR12">`, close: '</FatturaElettronica>' }),
      doc().replace(/<(\/?)(FatturaElettronica(Header|Body)|DatiTrasmissione|Numero)>/g, '<$1p:$2>'),
    ];
    for (const xml of variants) {
      const r = readFattura(xml);
      expect(r.fattura).toEqual(reference);
      expect(r.findings).toMatchObject([{ code: '00200', severity: 'error', path: '' }]);
      expect(r.findings[0]!.message).toContain('namespace');
    }
  });

  it('reads a root without namespace, and reports it (the SdI would reject the file)', () => {
    const r = readFattura(doc({ open: '<FatturaElettronica versione="FPR12">', close: '</FatturaElettronica>' }));
    expect(r.fattura).toEqual(readFattura(doc()).fattura);
    expect(r.namespaceVersion).toBeUndefined();
    expect(r.findings).toMatchObject([{ code: '00200', severity: 'error', path: '' }]);
    expect(r.findings[0]!.message).toContain('namespace');
  });

  it('decodes windows-1252 and ISO-8859-1 bytes as declared', () => {
    const cp1252 = (s: string) => new Uint8Array([...s].map((c) => (c === '€' ? 0x80 : c === '’' ? 0x92 : c.charCodeAt(0))));
    const xml = withDescrizione('Caffè à la carte l’€');
    expect(descrizione(cp1252(xml.replace('encoding="UTF-8"', 'encoding="windows-1252"')))).toBe('Caffè à la carte l’€');
    const latin1 = withDescrizione('Città è').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    expect(descrizione(new Uint8Array([...latin1].map((c) => c.charCodeAt(0))))).toBe('Città è');
  });

  it('accepts a UTF-8 BOM, as bytes and as text', () => {
    const xml = withDescrizione('Città');
    expect(descrizione(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(xml)]))).toBe('Città');
    expect(descrizione(`\uFEFF${xml}`)).toBe('Città');
  });

  it('decodes entities and character references, and keeps CDATA as written', () => {
    expect(descrizione(withDescrizione('R&amp;D &#224; &#xE8; &lt;x&gt;'))).toBe('R&D à è <x>');
    expect(descrizione(withDescrizione('<![CDATA[a &amp; <b>]]> c'))).toBe('a &amp; <b> c');
  });

  it('applies only the schema whitespace rule: spaces kept, CR/LF/TAB read as spaces in normalizedString fields', () => {
    expect(descrizione(withDescrizione('  due  spazi  '))).toBe('  due  spazi  ');
    expect(descrizione(withDescrizione('riga 1\r\nriga 2\tfine'))).toBe('riga 1 riga 2 fine');
    const r = readFattura(doc().replace('<Data>2025-03-01</Data>', '<Data>\n  2025-03-01\n</Data>'));
    expect(r.fattura.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Data).toBe('2025-03-01');
  });

  it('keeps ds:Signature as a fragment, declaring the prefix it inherited', () => {
    const sig = '<sig:Signature Id="s1"><sig:SignatureValue>AAAA</sig:SignatureValue></sig:Signature>';
    const r = readFattura(doc({ open: `<p:FatturaElettronica versione="FPR12" xmlns:sig="http://www.w3.org/2000/09/xmldsig#" xmlns:p="${NS}">`, close: `${sig}</p:FatturaElettronica>` }));
    expect(r.findings).toEqual([]);
    expect(r.fattura.Signature).toEqual({ xml: '<sig:Signature Id="s1" xmlns:sig="http://www.w3.org/2000/09/xmldsig#"><sig:SignatureValue>AAAA</sig:SignatureValue></sig:Signature>' });
    // ... so it is still well-formed once written under our own root, and reads back the same.
    expect(readFattura(writeFattura(r.fattura).xml).fattura.Signature).toEqual(r.fattura.Signature);
  });
});

describe('readFattura: structural findings', () => {
  it('flags an element out of XSD order and still reads it', () => {
    const r = readFattura(doc().replace('<CodiceDestinatario>0000000</CodiceDestinatario>', '<CodiceDestinatario>0000000</CodiceDestinatario><PECDestinatario>a@pec.it</PECDestinatario><ContattiTrasmittente><Telefono>061234567</Telefono></ContattiTrasmittente>'));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: '00200', severity: 'error', path: 'FatturaElettronicaHeader/DatiTrasmissione/ContattiTrasmittente' });
    expect(r.findings[0]!.message).toContain('prima di PECDestinatario');
    const dt = r.fattura.FatturaElettronicaHeader.DatiTrasmissione;
    expect(dt.ContattiTrasmittente).toEqual({ Telefono: '061234567' });
    expect(Object.keys(dt)).toEqual(['IdTrasmittente', 'ProgressivoInvio', 'FormatoTrasmissione', 'CodiceDestinatario', 'ContattiTrasmittente', 'PECDestinatario']);
  });

  it('flags a repeated element interleaved with others', () => {
    const r = readFattura(doc().replace('<DatiRiepilogo>', '<DatiRiepilogo><AliquotaIVA>4.00</AliquotaIVA><ImponibileImporto>1.00</ImponibileImporto><Imposta>0.04</Imposta></DatiRiepilogo><DettaglioLinee><NumeroLinea>2</NumeroLinea><Descrizione>x</Descrizione><PrezzoUnitario>1.00</PrezzoUnitario><PrezzoTotale>1.00</PrezzoTotale><AliquotaIVA>4.00</AliquotaIVA></DettaglioLinee><DatiRiepilogo>'));
    expect(r.findings.map((f) => f.path)).toEqual(['FatturaElettronicaBody[0]/DatiBeniServizi/DettaglioLinee']);
    expect(r.fattura.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee).toHaveLength(2);
    expect(r.fattura.FatturaElettronicaBody[0]!.DatiBeniServizi.DatiRiepilogo).toHaveLength(2);
  });

  it('reports unknown elements and attributes with their path', () => {
    const r = readFattura(doc().replace('<Numero>1</Numero>', '<Numero>1</Numero><CodiceSegreto>42</CodiceSegreto>').replace('<Divisa>', '<Divisa colore="rosso">'));
    expect(r.findings.map((f) => f.path)).toEqual([
      'FatturaElettronicaBody[0]/DatiGenerali/DatiGeneraliDocumento/Divisa/@colore',
      'FatturaElettronicaBody[0]/DatiGenerali/DatiGeneraliDocumento/CodiceSegreto',
    ]);
    expect(r.findings[1]!.message).toContain('CodiceSegreto');
    expect(r.fattura.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Divisa).toBe('EUR');
  });

  it('reports an element repeated more than allowed, keeping the first', () => {
    const r = readFattura(doc().replace('<Numero>1</Numero>', '<Numero>1</Numero><Numero>2</Numero>'));
    expect(r.findings).toMatchObject([{ code: '00200', path: 'FatturaElettronicaBody[0]/DatiGenerali/DatiGeneraliDocumento/Numero' }]);
    expect(r.fattura.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero).toBe('1');
  });

  it('reports text where only elements are allowed, and elements inside a text field', () => {
    const r = readFattura(doc().replace('<DatiGenerali>', '<DatiGenerali>testo vagante').replace('<Numero>1</Numero>', '<Numero>1<b>x</b></Numero>'));
    expect(r.findings.map((f) => f.path)).toEqual(['FatturaElettronicaBody[0]/DatiGenerali', 'FatturaElettronicaBody[0]/DatiGenerali/DatiGeneraliDocumento/Numero/b']);
  });
});

describe('readFattura: refused input', () => {
  it.each([
    ['XXE', `<?xml version="1.0"?><!DOCTYPE p:FatturaElettronica [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${doc({ decl: '' }).replace('VIA ROMA 1', '&xxe;')}`],
    ['billion laughs', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`],
    ['external DTD', `<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.com/x.dtd">${doc({ decl: '' })}`],
  ])('refuses DTDs (%s) before parsing', (_name, xml) => {
    const e = caught(() => readFattura(xml));
    expect(e.code).toBe('XML_DOCTYPE_VIETATO');
    expect(e.message).toMatch(/DOCTYPE/);
    expect(e.fix).toBeTruthy();
  });

  it.each([
    ['tag chiusi male', doc().replace('</Numero>', '</Numer>')],
    ['file troncato', doc().slice(0, 900)],
    ['due radici', `${doc()}<altro/>`],
    ['entità non dichiarata', withDescrizione('a &nbsp; b')],
    ['& isolata', withDescrizione('R & D')],
    ['carattere di controllo', withDescrizione('a\u0002b')],
    ['vuoto', '   '],
    ['non XML', 'Gentile cliente, in allegato la fattura.'],
  ])('refuses malformed XML (%s) with XML_MALFORMATO', (_name, xml) => {
    const e = caught(() => readFattura(xml));
    expect(e.code).toBe('XML_MALFORMATO');
    expect(e.fix).toBeTruthy();
  });

  it('gives the line and column of the error', () => {
    const e = caught(() => readFattura('<?xml version="1.0"?>\n<a>\n  <b></c>\n</a>'));
    expect(e.code).toBe('XML_MALFORMATO');
    expect(e.details).toMatchObject({ line: 3 });
    expect(e.message).toContain('riga 3');
    const ent = caught(() => readFattura(withDescrizione('x &euro; y')));
    expect(ent.message).toContain('&euro;');
    expect(ent.details).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  it('refuses a root that is not FatturaElettronica in the FatturaPA namespace', () => {
    for (const xml of ['<root/>', `<p:Fattura xmlns:p="${NS}"/>`, doc({ open: '<p:FatturaElettronica versione="FPR12" xmlns:p="http://example.com/altro">' })]) {
      expect(caught(() => readFattura(xml)).code).toBe('XML_NON_FATTURAPA');
    }
  });

  it('refuses the simplified invoice (FSM10) with its own message', () => {
    const e = caught(() => readFattura('<ns2:FatturaElettronicaSemplificata versione="FSM10" xmlns:ns2="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.0"><FatturaElettronicaHeader/></ns2:FatturaElettronicaSemplificata>'));
    expect(e.code).toBe('XML_NON_FATTURAPA');
    expect(e.message).toContain('semplificata');
    expect(e.message).toContain('non supportata');
  });

  it('refuses bad encodings with an AppError', () => {
    expect(caught(() => readFattura(new Uint8Array([...new TextEncoder().encode(withDescrizione('citt')).slice(0, 40), 0xff, 0xfe, 0x00]))).code).toMatch(/^XML_/);
    // "Città" saved as windows-1252 but declared (by default) UTF-8.
    const [before, after] = withDescrizione('Citt@').split('@') as [string, string];
    const enc = new TextEncoder();
    const cp1252AsUtf8 = new Uint8Array([...enc.encode(before), 0xe0, ...enc.encode(after)]);
    const e = caught(() => readFattura(cp1252AsUtf8));
    expect(e.code).toBe('XML_CODIFICA_NON_VALIDA');
    expect(e.details).toMatchObject({ byteOffset: enc.encode(before).length });
  });

  it('refuses absurdly deep nesting without overflowing the stack', () => {
    const deep = doc().replace('<Numero>1</Numero>', `<Numero>1</Numero>${'<x>'.repeat(50_000)}${'</x>'.repeat(50_000)}`);
    expect(caught(() => readFattura(deep)).code).toBe('XML_MALFORMATO');
  });

  it('never throws anything but AppError on damaged input', () => {
    const base = writeFattura(buildMaximalFattura({ repeat: 1 })).xml;
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.nat(40), fc.string({ unit: 'binary', maxLength: 8 }), (at, cut, insert) => {
        const damaged = base.slice(0, at) + insert + base.slice(at + cut);
        try {
          readFattura(damaged);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          readFattura(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
