import { describe, expect, test } from 'vitest';
import { describeWithShared, readShared } from '../../testing/shared-files';
import { hasErrors } from '../findings';
import { readFattura } from '../reader';
import { checkFattura, describeSdiCode, KNOWN_SDI_CODES } from './index';
import { buildTestFattura } from './testing';

const TODAY = '2026-11-23';

describe('checkFattura', () => {
  test('runs structure and SdI controls together, in that order', () => {
    const f: any = buildTestFattura();
    f.FatturaElettronicaBody[0].DatiGenerali.DatiGeneraliDocumento.Numero = 'ABC';
    f.FatturaElettronicaBody[0].DatiBeniServizi.DettaglioLinee[0].UnitaMisura = 'ore lavorate';
    expect(checkFattura(f, { today: TODAY }).map((x) => x.code)).toEqual(['00200', '00425']);
  });

  test('a warning alone does not make the document blocking', () => {
    const f: any = buildTestFattura();
    f.FatturaElettronicaHeader.DatiTrasmissione.PECDestinatario = 'beta@pec.it';
    const findings = checkFattura(f, { today: TODAY });
    expect(findings.map((x) => [x.code, x.severity])).toEqual([['00426', 'warning']]);
    expect(hasErrors(findings)).toBe(false);
  });
});

describe('describeSdiCode', () => {
  test('explains a code in Italian with a fix', () => {
    const d = describeSdiCode('00423');
    expect(d?.descrizione).toContain('PrezzoTotale non calcolato secondo le regole definite nelle specifiche tecniche');
    expect(d?.fix).toContain('prezzo unitario');
  });

  test('unknown codes and inherited property names give undefined', () => {
    expect(describeSdiCode('00999')).toBeUndefined();
    expect(describeSdiCode('12345')).toBeUndefined();
    expect(describeSdiCode('toString')).toBeUndefined();
  });

  test('returns a copy: callers cannot alter the table', () => {
    const d = describeSdiCode('00400')!;
    d.fix = 'altro';
    expect(describeSdiCode('00400')!.fix).not.toBe('altro');
  });

  test('every code the checks emit is described', () => {
    for (const code of ['00200', '00400', '00401', '00403', '00411', '00413', '00414', '00415', '00417', '00418', '00419', '00420', '00421', '00422', '00423', '00424', '00425', '00426', '00427', '00428', '00429', '00430', '00437', '00438', '00443', '00444', '00445', '00471', '00472', '00473', '00474', '00475', '00476']) {
      expect(KNOWN_SDI_CODES).toContain(code);
    }
  });
});

describeWithShared('describeSdiCode and the official list of SdI codes', () => {
  test('every code 00001-00499 of sdi-error-codes.tsv is described', () => {
    const rows = readShared('sdi-error-codes.tsv')
      .toString('utf8')
      .split('\n')
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => l.split('\t')[0]!);
    const inRange = rows.filter((c) => c >= '00001' && c <= '00499');
    expect(inRange.length).toBeGreaterThan(50);
    for (const code of inRange) {
      const d = describeSdiCode(code);
      expect(d, code).toBeDefined();
      expect(d!.descrizione.length, code).toBeGreaterThan(15);
      expect(d!.fix.length, code).toBeGreaterThan(15);
    }
    expect([...KNOWN_SDI_CODES].sort()).toEqual([...inRange].sort());
  });
});

describeWithShared('official samples', () => {
  const read = (name: string) => {
    const result = readFattura(readShared(`samples/IT01234567890_${name}.xml`));
    expect(result.findings).toEqual([]);
    return result.fattura;
  };

  test.each(['FPA01', 'FPA02', 'FPA03', 'FPR01'])('%s: no finding', (name) => {
    expect(checkFattura(read(name), { today: TODAY })).toEqual([]);
  });

  test('FPR03: its first body declares ImponibileImporto 27.00 for lines totalling 25.00 (00422, beyond the 1 euro tolerance)', () => {
    // The published sample is schema-valid but its arithmetic is not: lines 5.00 + 20.00 = 25.00 at 22%, summary 27.00.
    // Imposta 5.95 is within a cent of 27.00 x 22% = 5.94, so 00421 does not fire. The second body is consistent.
    const findings = checkFattura(read('FPR03'), { today: TODAY });
    expect(findings.map((f) => [f.code, f.path])).toEqual([['00422', 'FatturaElettronicaBody[0]/DatiBeniServizi/DatiRiepilogo[0]/ImponibileImporto']]);
    expect(findings[0]!.message).toContain('ImponibileImporto 27.00 diverso dalla somma dei PrezzoTotale delle linee (25.00)');
  });
});
