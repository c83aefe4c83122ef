import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import {
  assertInvoiceFileName,
  invoiceFileName,
  invoiceFileNameProblem,
  notificationBaseName,
  notificationFileName,
  parseInvoiceFileName,
  parseNotificationFileName,
  progressivoFromNumber,
} from './file-names';

describe('invoice file names (00001)', () => {
  it.each([
    ['IT01234567890_00001.xml', { idPaese: 'IT', idCodice: '01234567890', progressivo: '00001', extension: 'xml', baseName: 'IT01234567890_00001' }],
    ['IT01234567890_a1B.xml.p7m', { idPaese: 'IT', idCodice: '01234567890', progressivo: 'a1B', extension: 'xml.p7m', baseName: 'IT01234567890_a1B' }],
    ['ITRSSMRA80A01H501U_1.XML', { idPaese: 'IT', idCodice: 'RSSMRA80A01H501U', progressivo: '1', extension: 'xml', baseName: 'ITRSSMRA80A01H501U_1' }],
    ['DE123456789_ZZZZZ.xml', { idPaese: 'DE', idCodice: '123456789', progressivo: 'ZZZZZ', extension: 'xml', baseName: 'DE123456789_ZZZZZ' }],
  ])('accepts %s', (name, parts) => {
    expect(parseInvoiceFileName(name)).toEqual(parts);
    expect(invoiceFileNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', /vuoto/],
    ['IT01234567890_00001.txt', /estensione/],
    ['IT01234567890_00001.zip', /estensione/],
    ['it01234567890_00001.xml', /codice paese/],
    ['IT01234567890_000001.xml', /progressivo/],
    ['IT01234567890_00-01.xml', /progressivo/],
    ['IT01234567890_.xml', /progressivo/],
    ['IT0123_4567_00001.xml', /identificativo del trasmittente/],
    ['IT_00001.xml', /identificativo del trasmittente/],
    [`IT${'1'.repeat(40)}_00001.xml`, /50 caratteri/],
    ['../IT01234567890_00001.xml', /codice paese/],
  ])('rejects %j with 00001 and the reason', (name, reason) => {
    expect(parseInvoiceFileName(name)).toBeUndefined();
    const p = invoiceFileNameProblem(name)!;
    expect(p.code).toBe('00001');
    expect(p.message).toMatch(reason);
    expect(p.fix).toMatch(/IT01234567890_00001\.xml/);
  });

  it('assertInvoiceFileName throws NOME_FILE_NON_VALIDO with the SdI code', () => {
    try {
      assertInvoiceFileName('fattura.xml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('NOME_FILE_NON_VALIDO');
      expect((e as AppError).details).toEqual({ sdiCode: '00001' });
    }
  });

  it('invoiceFileName pads the progressivo and refuses bad parts', () => {
    expect(invoiceFileName('IT', '01234567890', '7')).toBe('IT01234567890_00007.xml');
    expect(invoiceFileName('IT', '01234567890', 'A1', 'xml.p7m')).toBe('IT01234567890_000A1.xml.p7m');
    expect(() => invoiceFileName('IT', '0123 4567890', '1')).toThrow(AppError);
  });

  it('progressivoFromNumber counts in base 36 over 5 characters', () => {
    expect(progressivoFromNumber(1)).toBe('00001');
    expect(progressivoFromNumber(35)).toBe('0000Z');
    expect(progressivoFromNumber(36)).toBe('00010');
    expect(progressivoFromNumber(36 ** 5 - 1)).toBe('ZZZZZ');
    expect(() => progressivoFromNumber(0)).toThrow(AppError);
    expect(() => progressivoFromNumber(36 ** 5)).toThrow(AppError);
    expect(() => progressivoFromNumber(1.5)).toThrow(AppError);
  });
});

describe('notification file names', () => {
  it('builds <invoice name without extension>_<KIND>_<NNN>.xml', () => {
    expect(notificationFileName('IT01234567890_00001.xml', 'RC', 1)).toBe('IT01234567890_00001_RC_001.xml');
    expect(notificationFileName('IT01234567890_11111.xml.p7m', 'NS', 12)).toBe('IT01234567890_11111_NS_012.xml');
    expect(() => notificationFileName('IT01234567890_00001.xml', 'RC', 1000)).toThrow(AppError);
  });

  it('makes a safe name even for a file name the SdI rejected', () => {
    expect(notificationBaseName('../../etc/passwd.xml')).toBe('______etc_passwd');
    expect(notificationFileName('fattura 1.xml', 'NS', 1)).toBe('fattura_1_NS_001.xml');
    expect(notificationBaseName('')).toBe('file');
  });

  it('parses notification names back', () => {
    expect(parseNotificationFileName('IT01234567890_11111_RC_001.xml')).toEqual({ invoiceBaseName: 'IT01234567890_11111', kind: 'RC', sequence: '001' });
    expect(parseNotificationFileName('IT01234567890_11111.xml')).toBeUndefined();
  });
});
