import { describe, expect, test } from 'vitest';
import { AppError } from '../../errors';
import type { Finding } from '../findings';
import { checkFattura } from './index';
import { checkSdiControls } from './sdi-controls';
import { addCassa, addExemptLine, buildTestFattura } from './testing';

const TODAY = '2026-11-23';
const BODY = 'FatturaElettronicaBody[0]';
const DGD = `${BODY}/DatiGenerali/DatiGeneraliDocumento`;
const LINES = `${BODY}/DatiBeniServizi/DettaglioLinee`;
const RIEP = `${BODY}/DatiBeniServizi/DatiRiepilogo`;
const TIPO = `${DGD}/TipoDocumento`;
const CEDENTE = 'FatturaElettronicaHeader/CedentePrestatore/DatiAnagrafici';
const CESSIONARIO = 'FatturaElettronicaHeader/CessionarioCommittente/DatiAnagrafici';

function doc(): any {
  return buildTestFattura();
}

/** Structure + SdI controls, as the application runs them. */
function check(f: unknown): Finding[] {
  return checkFattura(f as never, { today: TODAY });
}

function codesAndPaths(findings: Finding[]): [string, string][] {
  return findings.map((f) => [f.code, f.path]);
}

/** Exactly one finding, with this code and path; its message and fix are Italian sentences. */
function only(findings: Finding[], code: string, path: string): Finding {
  expect(codesAndPaths(findings)).toEqual([[code, path]]);
  const f = findings[0]!;
  expect(f.message.length).toBeGreaterThan(10);
  expect(f.fix && f.fix.length).toBeGreaterThan(10);
  return f;
}

function line(f: any, i: number): any {
  return f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[i];
}

function riepilogo(f: any, r: number): any {
  return f.FatturaElettronicaBody[0].DatiBeniServizi.DatiRiepilogo[r];
}

function dgd(f: any): any {
  return f.FatturaElettronicaBody[0].DatiGenerali.DatiGeneraliDocumento;
}

describe('valid documents pass', () => {
  test('the test document, with 1, 3 and 30 lines, has no finding', () => {
    for (const lines of [1, 3, 30]) expect(check(buildTestFattura({ lines }))).toEqual([]);
  });

  test('with an exempt line, a cassa at 22% and a cassa at 0% with Natura', () => {
    const f = doc();
    addExemptLine(f, 'N2.2');
    addCassa(f, '22.00');
    addCassa(f, '0.00', 'N4');
    addExemptLine(f, 'N4', '10.00');
    expect(check(f)).toEqual([]);
  });

  test('checkSdiControls alone reports nothing either', () => {
    expect(checkSdiControls(doc(), { today: TODAY })).toEqual([]);
  });
});

describe('Natura and AliquotaIVA (00400 00401 00413 00414 00429 00430 00445)', () => {
  test('00400: a line at 0% without Natura', () => {
    const f = doc();
    addExemptLine(f, 'N2.2');
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee.push({
      NumeroLinea: '5', Descrizione: 'Bollo', PrezzoUnitario: '0.50', PrezzoTotale: '0.50', AliquotaIVA: '0.00',
    });
    const finding = only(check(f), '00400', `${LINES}[4]/Natura`);
    expect(finding.message).toBe('Natura non presente a fronte di AliquotaIVA pari a zero (linea 5)');
  });

  test('00401: a line at 22% with Natura', () => {
    const f = doc();
    line(f, 1).Natura = 'N4';
    expect(only(check(f), '00401', `${LINES}[1]/Natura`).message).toBe('Natura N4 presente a fronte di AliquotaIVA 22.00 diversa da zero (linea 2)');
  });

  test('00401 and 00430 do not apply to TD16 (reverse charge integration: rate and Natura together)', () => {
    const f = doc();
    dgd(f).TipoDocumento = 'TD16';
    for (let i = 0; i < 3; i++) line(f, i).Natura = 'N6.7';
    riepilogo(f, 0).Natura = 'N6.7';
    expect(check(f)).toEqual([]);
  });

  test('00413: a cassa at 0% without Natura', () => {
    const f = doc();
    addExemptLine(f, 'N4');
    const k = addCassa(f, '22.00');
    const cassa = dgd(f).DatiCassaPrevidenziale[k];
    // Move the contribution to 0% without Natura, keeping the 22% summary consistent.
    cassa.AliquotaIVA = '0.00';
    riepilogo(f, 0).ImponibileImporto = '66.00';
    riepilogo(f, 0).Imposta = '14.52';
    only(check(f), '00413', `${DGD}/DatiCassaPrevidenziale[0]/Natura`);
  });

  test('00414: a cassa at 22% with Natura', () => {
    const f = doc();
    addCassa(f, '22.00');
    dgd(f).DatiCassaPrevidenziale[0].Natura = 'N4';
    only(check(f), '00414', `${DGD}/DatiCassaPrevidenziale[0]/Natura`);
  });

  test('00429: a summary at 0% without Natura (the line Natura is then missing from the summary: 00444)', () => {
    const f = doc();
    addExemptLine(f, 'N2.2');
    delete riepilogo(f, 1).Natura;
    expect(codesAndPaths(check(f))).toEqual([
      ['00429', `${RIEP}[1]/Natura`],
      ['00444', `${LINES}[3]/Natura`],
    ]);
  });

  test('00430: a summary at 22% with Natura', () => {
    const f = doc();
    riepilogo(f, 0).Natura = 'N2.2';
    only(check(f), '00430', `${RIEP}[0]/Natura`);
  });

  test('00445: generic N2 on the line and on its summary', () => {
    const f = doc();
    addExemptLine(f, 'N2');
    const findings = check(f);
    expect(codesAndPaths(findings)).toEqual([
      ['00445', `${LINES}[3]/Natura`],
      ['00445', `${RIEP}[1]/Natura`],
    ]);
    expect(findings[0]!.fix).toContain('N2.1 o N2.2');
  });
});

describe('ritenuta and sconti (00411 00415 00437 00438)', () => {
  test('00411: a line with Ritenuta SI and no DatiRitenuta', () => {
    const f = doc();
    line(f, 2).Ritenuta = 'SI';
    expect(only(check(f), '00411', `${DGD}/DatiRitenuta`).message).toContain('linea 3');
    const g = doc();
    line(g, 2).Ritenuta = 'SI';
    dgd(g).DatiRitenuta = [{ TipoRitenuta: 'RT01', ImportoRitenuta: '4.40', AliquotaRitenuta: '20.00', CausalePagamento: 'A' }];
    expect(check(g)).toEqual([]);
  });

  test('00415: a cassa with Ritenuta SI and no DatiRitenuta', () => {
    const f = doc();
    addCassa(f, '22.00');
    dgd(f).DatiCassaPrevidenziale[0].Ritenuta = 'SI';
    only(check(f), '00415', `${DGD}/DatiRitenuta`);
  });

  test('00437: a document ScontoMaggiorazione with Tipo only', () => {
    const f = doc();
    dgd(f).ScontoMaggiorazione = [{ Tipo: 'SC' }];
    only(check(f), '00437', `${DGD}/ScontoMaggiorazione[0]`);
  });

  test('00438: a line ScontoMaggiorazione with Tipo only (00423 is not computed on it)', () => {
    const f = doc();
    line(f, 0).ScontoMaggiorazione = [{ Tipo: 'MG' }];
    only(check(f), '00438', `${LINES}[0]/ScontoMaggiorazione[0]`);
  });
});

describe('arithmetic (00421 00422 00423)', () => {
  test('00423: PrezzoTotale off by 2 cents; 1 cent is tolerated', () => {
    const f = doc();
    line(f, 0).PrezzoTotale = '20.02';
    const finding = only(check(f), '00423', `${LINES}[0]/PrezzoTotale`);
    expect(finding.message).toBe('PrezzoTotale 20.02 diverso da PrezzoUnitario 10.00 x Quantita 2.00 = 20.00 (linea 1, differenza 0.02, tolleranza 0.01)');
    const g = doc();
    line(g, 0).PrezzoTotale = '20.01';
    expect(check(g)).toEqual([]);
  });

  test('00423: Quantita absent means 1', () => {
    const f = doc();
    delete line(f, 0).Quantita;
    line(f, 0).PrezzoTotale = '20.00';
    expect(only(check(f), '00423', `${LINES}[0]/PrezzoTotale`).message).toContain('Quantita 1 (assente)');
  });

  test('00423: discounts and surcharges apply in order to the unit price, Importo per unit', () => {
    // 100.00 -10% = 90.00, -5.00 = 85.00, +2% = 86.70; x 3 = 260.10
    const f = buildTestFattura({ lines: 1 });
    const l = line(f, 0);
    Object.assign(l, {
      Quantita: '3.00',
      PrezzoUnitario: '100.00',
      ScontoMaggiorazione: [
        { Tipo: 'SC', Percentuale: '10.00' },
        { Tipo: 'SC', Importo: '5.00' },
        { Tipo: 'MG', Percentuale: '2.00' },
      ],
      PrezzoTotale: '260.10',
    });
    Object.assign(riepilogo(f, 0), { ImponibileImporto: '260.10', Imposta: '57.22' });
    expect(check(f)).toEqual([]);
    l.PrezzoTotale = '255.00'; // discount amount applied to the total instead of the unit price
    Object.assign(riepilogo(f, 0), { ImponibileImporto: '255.00', Imposta: '56.10' });
    expect(only(check(f), '00423', `${LINES}[0]/PrezzoTotale`).message).toContain('= 260.10');
  });

  test('00423: the exact product is compared, not the product rounded to cents (NET issue #181 case)', () => {
    // 22633.00 x 0.030987 = 701.328771: 701.33 is within a cent, 701.34 is not (though within a cent of 701.33).
    const f = buildTestFattura({ lines: 1 });
    Object.assign(line(f, 0), { Quantita: '22633.00', PrezzoUnitario: '0.030987', PrezzoTotale: '701.33' });
    Object.assign(riepilogo(f, 0), { ImponibileImporto: '701.33', Imposta: '154.29' });
    expect(check(f)).toEqual([]);
    line(f, 0).PrezzoTotale = '701.34';
    only(check(f), '00423', `${LINES}[0]/PrezzoTotale`);
  });

  test('00423: Importo takes precedence over Percentuale in the same ScontoMaggiorazione', () => {
    const f = buildTestFattura({ lines: 1 });
    Object.assign(line(f, 0), {
      Quantita: '5.00', PrezzoUnitario: '95.00', ScontoMaggiorazione: [{ Tipo: 'SC', Percentuale: '20.00', Importo: '19.00' }], PrezzoTotale: '380.00',
    });
    Object.assign(riepilogo(f, 0), { ImponibileImporto: '380.00', Imposta: '83.60' });
    expect(check(f)).toEqual([]);
  });

  test('00421: Imposta off by 2 cents; 1 cent is tolerated', () => {
    const f = doc();
    riepilogo(f, 0).Imposta = '14.54'; // 66.00 x 22% = 14.52
    const finding = only(check(f), '00421', `${RIEP}[0]/Imposta`);
    expect(finding.message).toBe('Imposta 14.54 diversa da ImponibileImporto 66.00 x 22.00% = 14.52 (differenza 0.02, tolleranza 0.01)');
    const g = doc();
    riepilogo(g, 0).Imposta = '14.53';
    expect(check(g)).toEqual([]);
  });

  test('00421: the example of the brief (22.01 on 100.00 at 22%)', () => {
    const f = buildTestFattura({ lines: 1 });
    Object.assign(line(f, 0), { Quantita: '1.00', PrezzoUnitario: '100.00', PrezzoTotale: '100.00' });
    Object.assign(riepilogo(f, 0), { ImponibileImporto: '100.00', Imposta: '22.02' });
    expect(only(check(f), '00421', `${RIEP}[0]/Imposta`).message).toContain('Imposta 22.02 diversa da ImponibileImporto 100.00 x 22.00% = 22.00');
  });

  test('00422: ImponibileImporto off by more than 1 euro; 1 euro is tolerated; Arrotondamento is added', () => {
    const f = doc();
    Object.assign(riepilogo(f, 0), { ImponibileImporto: '67.01', Imposta: '14.74' });
    const finding = only(check(f), '00422', `${RIEP}[0]/ImponibileImporto`);
    expect(finding.message).toBe(
      'ImponibileImporto 67.01 diverso dalla somma dei PrezzoTotale delle linee (66.00) + contributi cassa (0.00) + Arrotondamento (0.00) = 66.00 per aliquota 22.00% (differenza 1.01, tolleranza 1.00)',
    );
    const g = doc();
    Object.assign(riepilogo(g, 0), { ImponibileImporto: '67.00', Imposta: '14.74' });
    expect(check(g)).toEqual([]);
    const h = doc();
    Object.assign(riepilogo(h, 0), { ImponibileImporto: '70.00', Imposta: '15.40', Arrotondamento: '4.00' });
    expect(check(h)).toEqual([]);
  });

  test('00422: the cassa contribution at that rate is part of the taxable amount', () => {
    const f = doc();
    addCassa(f, '22.00'); // 66.00 x 4% = 2.64
    expect(riepilogo(f, 0).ImponibileImporto).toBe('68.64');
    expect(check(f)).toEqual([]);
    dgd(f).DatiCassaPrevidenziale[0].ImportoContributoCassa = '4.64';
    expect(only(check(f), '00422', `${RIEP}[0]/ImponibileImporto`).message).toContain('contributi cassa (4.64)');
  });

  test('00422: summaries sharing rate and Natura are added up (split by EsigibilitaIVA)', () => {
    const f = doc();
    const r = riepilogo(f, 0);
    Object.assign(r, { ImponibileImporto: '40.00', Imposta: '8.80' });
    f.FatturaElettronicaBody[0].DatiBeniServizi.DatiRiepilogo.push({ AliquotaIVA: '22.00', ImponibileImporto: '26.00', Imposta: '5.72', EsigibilitaIVA: 'D' });
    expect(check(f)).toEqual([]);
  });

  test('arithmetic controls skip values that are not decimals (structure reports them)', () => {
    const f = doc();
    line(f, 0).PrezzoTotale = '20,00';
    riepilogo(f, 0).Imposta = 'abc';
    expect(codesAndPaths(check(f))).toEqual([
      ['00200', `${LINES}[0]/PrezzoTotale`],
      ['00200', `${RIEP}[0]/Imposta`],
    ]);
  });
});

describe('summary correspondence (00419 00420 00424 00443 00444)', () => {
  test('00419: a line rate without a summary', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee.push({
      NumeroLinea: '4', Descrizione: 'Spedizione', PrezzoUnitario: '0.50', PrezzoTotale: '0.50', AliquotaIVA: '10.00',
    });
    expect(only(check(f), '00419', `${LINES}[3]/AliquotaIVA`).message).toContain('aliquota IVA 10.00%');
  });

  test('00443: a summary rate that no line uses', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DatiRiepilogo.push({ AliquotaIVA: '10.00', ImponibileImporto: '0.00', Imposta: '0.00' });
    only(check(f), '00443', `${RIEP}[1]/AliquotaIVA`);
  });

  test('00444: a line Natura missing from the summaries, and a summary Natura no line uses', () => {
    const f = doc();
    const i = addExemptLine(f, 'N2.2');
    line(f, i).Natura = 'N4';
    expect(codesAndPaths(check(f))).toEqual([
      ['00444', `${LINES}[3]/Natura`],
      ['00444', `${RIEP}[1]/Natura`],
    ]);
  });

  test('00420: reverse charge with split payment', () => {
    const f = doc();
    addExemptLine(f, 'N6.3');
    riepilogo(f, 1).EsigibilitaIVA = 'S';
    only(check(f), '00420', `${RIEP}[1]/EsigibilitaIVA`);
  });

  test('00424: a rate written as a fraction, on the line and on its summary', () => {
    const f = doc();
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee.push({
      NumeroLinea: '4', Descrizione: 'Spedizione', PrezzoUnitario: '0.50', PrezzoTotale: '0.50', AliquotaIVA: '0.22',
    });
    f.FatturaElettronicaBody[0].DatiBeniServizi.DatiRiepilogo.push({ AliquotaIVA: '0.22', ImponibileImporto: '0.50', Imposta: '0.00' });
    const findings = check(f);
    expect(codesAndPaths(findings)).toEqual([
      ['00424', `${LINES}[3]/AliquotaIVA`],
      ['00424', `${RIEP}[1]/AliquotaIVA`],
    ]);
    expect(findings[0]!.fix).toContain('"22.00"');
  });
});

describe('document data (00403 00418 00425)', () => {
  test('00403: a date after today; today itself is fine', () => {
    const f = buildTestFattura({ data: '2026-11-24' });
    expect(only(check(f), '00403', `${DGD}/Data`).message).toBe('Data 2026-11-24 successiva alla data di invio 2026-11-23');
    expect(check(buildTestFattura({ data: TODAY }))).toEqual([]);
  });

  test('00403: the default today is the current date', () => {
    const future = buildTestFattura({ data: '2999-01-01' });
    expect(codesAndPaths(checkFattura(future))).toEqual([['00403', `${DGD}/Data`]]);
  });

  test('a malformed today option is a programming error with a clear message', () => {
    expect(() => checkFattura(doc(), { today: '23/11/2026' })).toThrow(AppError);
    try {
      checkSdiControls(doc(), { today: '2026-02-30' });
    } catch (e) {
      expect(AppError.is(e, 'CONTROLLI_OPZIONI_NON_VALIDE')).toBe(true);
      expect((e as AppError).message).toContain('2026-02-30');
    }
  });

  test('00418: a credit note dated before the invoice it corrects', () => {
    const f = doc();
    dgd(f).TipoDocumento = 'TD04';
    f.FatturaElettronicaBody[0].DatiGenerali.DatiFattureCollegate = [{ IdDocumento: '2026/14', Data: '2026-11-21' }];
    expect(only(check(f), '00418', `${DGD}/Data`).message).toContain('antecedente alla data 2026-11-21 della fattura collegata n. 2026/14');
    f.FatturaElettronicaBody[0].DatiGenerali.DatiFattureCollegate[0].Data = '2026-11-20';
    expect(check(f)).toEqual([]);
  });

  test('00425: Numero without digits', () => {
    const f = doc();
    dgd(f).Numero = 'ABC';
    only(check(f), '00425', `${DGD}/Numero`);
  });
});

describe('transmission data (00417 00426 00427 00428 00476)', () => {
  test('00417: customer without P.IVA and codice fiscale', () => {
    const f = doc();
    delete f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA;
    only(check(f), '00417', CESSIONARIO);
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.CodiceFiscale = 'RSSMRA80A01H501U';
    expect(check(f)).toEqual([]);
  });

  test('00426 (warning): PEC with a 7-character CodiceDestinatario', () => {
    const f = doc();
    f.FatturaElettronicaHeader.DatiTrasmissione.PECDestinatario = 'beta@pec.it';
    const finding = only(check(f), '00426', 'FatturaElettronicaHeader/DatiTrasmissione/PECDestinatario');
    expect(finding.severity).toBe('warning');
    f.FatturaElettronicaHeader.DatiTrasmissione.CodiceDestinatario = '0000000';
    expect(check(f)).toEqual([]);
  });

  test('00427: 6 characters with FPR12, 7 characters with FPA12', () => {
    const f = doc();
    f.FatturaElettronicaHeader.DatiTrasmissione.CodiceDestinatario = 'UFABCD';
    only(check(f), '00427', 'FatturaElettronicaHeader/DatiTrasmissione/CodiceDestinatario');
    const g = doc();
    g.versione = 'FPA12';
    g.FatturaElettronicaHeader.DatiTrasmissione.FormatoTrasmissione = 'FPA12';
    expect(only(check(g), '00427', 'FatturaElettronicaHeader/DatiTrasmissione/CodiceDestinatario').message).toContain('FPA12');
  });

  test('00428: reported once by checkFattura, and by checkSdiControls alone', () => {
    const f = doc();
    f.versione = 'FPA12';
    only(check(f), '00428', 'FatturaElettronicaHeader/DatiTrasmissione/FormatoTrasmissione');
    expect(codesAndPaths(checkSdiControls(f, { today: TODAY }))).toEqual([['00428', 'FatturaElettronicaHeader/DatiTrasmissione/FormatoTrasmissione']]);
  });

  test('00476: both parties foreign', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'FR', IdCodice: 'FR12345678901' };
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'DE', IdCodice: 'DE123456789' };
    only(check(f), '00476', `${CESSIONARIO}/IdFiscaleIVA/IdPaese`);
  });
});

describe('TipoDocumento rules (00471 00472 00473 00474 00475)', () => {
  const selfBilled = (tipo: string): any => {
    const f = doc();
    dgd(f).TipoDocumento = tipo;
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA = { IdPaese: 'IT', IdCodice: '01234567890' };
    return f;
  };
  const foreignSupplier = (tipo: string, paese = 'FR'): any => {
    const f = doc();
    dgd(f).TipoDocumento = tipo;
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA = { IdPaese: paese, IdCodice: '12345678901' };
    return f;
  };

  test.each(['TD01', 'TD02', 'TD03', 'TD06', 'TD24', 'TD25'])('00471: %s to oneself', (tipo) => {
    const finding = only(check(selfBilled(tipo)), '00471', TIPO);
    expect(finding.message).toBe(`Per il tipo documento ${tipo} il cedente/prestatore non può essere uguale al cessionario/committente`);
  });

  test.each(['TD16', 'TD20'])('00471: %s to oneself (Italian integrations)', (tipo) => {
    only(check(selfBilled(tipo)), '00471', TIPO);
  });

  test('00471 is decided on the codice fiscale when the customer has no P.IVA', () => {
    const f = doc();
    f.FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.CodiceFiscale = 'RSSMRA80A01H501U';
    delete f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA;
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.CodiceFiscale = 'RSSMRA80A01H501U';
    only(check(f), '00471', TIPO);
  });

  test.each(['TD04', 'TD05', 'TD26', 'TD27'])('no 00471 for %s to oneself', (tipo) => {
    expect(check(selfBilled(tipo))).toEqual([]);
  });

  test('00472: TD27 and TD21 with a different customer', () => {
    const f = doc();
    dgd(f).TipoDocumento = 'TD27';
    expect(only(check(f), '00472', TIPO).message).toContain('TD27');
    const g = doc();
    dgd(g).TipoDocumento = 'TD21';
    only(check(g), '00472', TIPO);
  });

  test('00472 is not raised when the subjects cannot be compared offline (sole trader to its owner)', () => {
    const f = doc();
    dgd(f).TipoDocumento = 'TD27';
    delete f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA;
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.CodiceFiscale = 'RSSMRA80A01H501U';
    expect(check(f)).toEqual([]);
  });

  test.each(['TD17', 'TD18', 'TD19', 'TD28'])('00473: %s with an Italian supplier; a foreign supplier is fine', (tipo) => {
    const f = doc();
    dgd(f).TipoDocumento = tipo;
    only(check(f), '00473', `${CEDENTE}/IdFiscaleIVA/IdPaese`);
    expect(check(foreignSupplier(tipo))).toEqual([]);
  });

  test('00473: TD17 admits OO (Livigno, Campione d\'Italia) and TD28 San Marino', () => {
    expect(check(foreignSupplier('TD17', 'OO'))).toEqual([]);
    expect(check(foreignSupplier('TD28', 'SM'))).toEqual([]);
  });

  test('00473: TD29 only for an Italian supplier', () => {
    const f = doc();
    dgd(f).TipoDocumento = 'TD29';
    expect(check(f)).toEqual([]);
    only(check(foreignSupplier('TD29')), '00473', `${CEDENTE}/IdFiscaleIVA/IdPaese`);
  });

  test('00474: TD21 with a line at 0%', () => {
    const f = selfBilled('TD21');
    expect(check(f)).toEqual([]);
    const i = addExemptLine(f, 'N3.1');
    only(check(f), '00474', `${LINES}[${i}]/AliquotaIVA`);
  });

  test.each(['TD16', 'TD20', 'TD22', 'TD23', 'TD29'])('00475: %s without the P.IVA of the cessionario', (tipo) => {
    const f = doc();
    dgd(f).TipoDocumento = tipo;
    delete f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA;
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.CodiceFiscale = '09876543210';
    only(check(f), '00475', `${CESSIONARIO}/IdFiscaleIVA`);
  });

  test.each(['TD17', 'TD18', 'TD19', 'TD28'])('00475: %s without the P.IVA of the cessionario', (tipo) => {
    const f = foreignSupplier(tipo);
    delete f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA;
    f.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.CodiceFiscale = '09876543210';
    only(check(f), '00475', `${CESSIONARIO}/IdFiscaleIVA`);
  });
});

describe('robustness', () => {
  test('a lot of two bodies: findings carry the body index', () => {
    const f = doc();
    const second = buildTestFattura().FatturaElettronicaBody[0]!;
    second.DatiGenerali.DatiGeneraliDocumento.Numero = 'BIS';
    f.FatturaElettronicaBody.push(second);
    only(check(f), '00425', 'FatturaElettronicaBody[1]/DatiGenerali/DatiGeneraliDocumento/Numero');
  });

  test('broken shapes never throw', () => {
    for (const broken of [{}, { FatturaElettronicaBody: 'x' }, { FatturaElettronicaBody: [null, 3, { DatiBeniServizi: { DettaglioLinee: [null, 'x'] } }] }]) {
      expect(() => check(broken)).not.toThrow();
      expect(check(broken).length).toBeGreaterThan(0);
    }
  });
});
