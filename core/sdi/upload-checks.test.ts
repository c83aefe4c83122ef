import { describe, expect, it } from 'vitest';
import { buildTestFattura } from '../fatturapa/checks/testing';
import type { FatturaElettronica } from '../fatturapa/schema.generated';
import { writeFattura } from '../fatturapa/writer';
import { checkUpload, invoiceKey, MAX_UPLOAD_BYTES, type UploadCheckContext } from './upload-checks';

const NAME = 'IT01234567890_00001.xml';
const TODAY = '2026-05-12';
const fresh = (): FatturaElettronica => buildTestFattura({ data: '2026-05-10' });
const bytesOf = (f: FatturaElettronica): Uint8Array => writeFattura(f).bytes;

function ctx(over: Partial<UploadCheckContext> = {}): UploadCheckContext {
  return { isFileNameTaken: () => false, isInvoiceAccepted: () => false, today: TODAY, ...over };
}

const codes = (r: { errors: { code: string }[] }): string[] => r.errors.map((e) => e.code);

describe('checkUpload', () => {
  it('takes a clean invoice and reports its facts', () => {
    const r = checkUpload(NAME, bytesOf(fresh()), ctx());
    expect(r.errors).toEqual([]);
    expect(r.facts).toEqual({
      formato: 'FPR12',
      trasmittente: 'IT01234567890',
      codiceDestinatario: 'ABC1234',
      destinatario: 'Beta S.p.A.',
      invoices: [{ key: 'IT|01234567890|TD01|2026/15|2026-05-10', tipoDocumento: 'TD01', numero: '2026/15', data: '2026-05-10', position: 1 }],
    });
  });

  it('00001: bad file name, nothing else checked', () => {
    const r = checkUpload('fattura.xml', new Uint8Array([1, 2, 3]), ctx());
    expect(codes(r)).toEqual(['00001']);
    expect(r.errors[0]!.suggestion).toMatch(/IT01234567890_00001\.xml/);
  });

  it('00002: a name already received', () => {
    expect(codes(checkUpload(NAME, bytesOf(fresh()), ctx({ isFileNameTaken: (n) => n === NAME })))).toEqual(['00002']);
  });

  it('00003: over 5 MB', () => {
    expect(codes(checkUpload(NAME, new Uint8Array(MAX_UPLOAD_BYTES + 1), ctx()))).toEqual(['00003']);
  });

  it('00200: not a FatturaPA, with the reader’s explanation', () => {
    const r = checkUpload(NAME, new TextEncoder().encode('<?xml version="1.0"?><!DOCTYPE x><x/>'), ctx());
    expect(codes(r)).toEqual(['00200']);
    expect(r.errors[0]!.description).toMatch(/DOCTYPE/);
    expect(codes(checkUpload(NAME, new TextEncoder().encode('non è xml'), ctx()))).toEqual(['00200']);
  });

  it('lists the codes of our content controls', () => {
    const f = fresh();
    f.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee[0]!.PrezzoTotale = '99.00';
    const r = checkUpload(NAME, bytesOf(f), ctx());
    expect(codes(r)).toEqual(expect.arrayContaining(['00423', '00422']));
    expect(r.errors.find((e) => e.code === '00423')!.description).toMatch(/PrezzoTotale/);
    expect(r.errors.find((e) => e.code === '00423')!.suggestion).toMatch(/Correggere/);
  });

  it('00403 follows the day of receipt', () => {
    expect(codes(checkUpload(NAME, bytesOf(fresh()), ctx({ today: '2026-05-09' })))).toContain('00403');
  });

  it('00404: the same invoice already accepted; 00409: the same invoice twice in the lot', () => {
    const f = fresh();
    const key = invoiceKey(f, 0)!;
    expect(codes(checkUpload(NAME, bytesOf(f), ctx({ isInvoiceAccepted: (k) => k === key })))).toEqual(['00404']);
    const lot = fresh();
    lot.FatturaElettronicaBody.push(structuredClone(lot.FatturaElettronicaBody[0]!));
    const r = checkUpload(NAME, bytesOf(lot), ctx());
    expect(codes(r)).toEqual(['00409']);
    expect(r.facts.invoices.map((i) => i.position)).toEqual([1, 2]);
  });

  it('a .p7m needs an unwrapper; without a readable envelope it is a signature problem', () => {
    const p7m = 'IT01234567890_00001.xml.p7m';
    expect(codes(checkUpload(p7m, bytesOf(fresh()), ctx()))).toEqual(['00102']);
    const inner = bytesOf(fresh());
    expect(checkUpload(p7m, new Uint8Array([0x30, 1, 2]), ctx({ unwrapSigned: () => inner })).errors).toEqual([]);
  });

  it('reports at most 200 errors (the NS limit)', () => {
    const f = buildTestFattura({ data: '2026-05-10', lines: 300 });
    for (const l of f.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee) l.PrezzoTotale = '1.00';
    const r = checkUpload(NAME, bytesOf(f), ctx());
    expect(r.errors.length).toBe(200);
  });
});
