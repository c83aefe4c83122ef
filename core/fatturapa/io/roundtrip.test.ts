/**
 * Conformance: the official samples and a document filling every schema element survive read -> write -> read, and
 * what the writer produces is valid for the official XSD (libxml2).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { describeWithShared, listShared, readShared } from '../../testing/shared-files';
import { loadFatturaPAValidator, type FatturaPAValidator } from '../../testing/xsd-validator';
import { fatturaPASchema } from '../schema.generated';
import { readFattura } from '../reader';
import { writeFattura } from '../writer';
import { buildMaximalFattura } from './maximal-document';

describeWithShared('FatturaPA read/write round trip', () => {
  let xsd: FatturaPAValidator;
  beforeAll(async () => {
    xsd = await loadFatturaPAValidator();
  });
  afterAll(() => xsd?.dispose());

  const samples = listShared('samples').filter((p) => !p.includes('FSM10'));

  it('finds the six official FPA/FPR samples', () => {
    expect(samples.map((p) => p.slice(-9))).toEqual(['FPA01.xml', 'FPA02.xml', 'FPA03.xml', 'FPR01.xml', 'FPR02.xml', 'FPR03.xml']);
  });

  it.each(samples)('%s: read, write, read gives the same model, and the rewrite is XSD-valid', (path) => {
    const first = readFattura(readShared(path));
    const written = writeFattura(first.fattura);
    expect(written.textIssues).toEqual([]);
    expect(xsd.validate(written.bytes)).toEqual({ valid: true, errors: [] });
    const second = readFattura(written.bytes);
    expect(second.findings).toEqual([]);
    expect(second.fattura).toEqual(first.fattura);
    // Writing is a fixed point.
    expect(writeFattura(second.fattura).xml).toBe(written.xml);
  });

  it('FPR02 as published: out of XSD order for the reader and invalid for the XSD validator; fixed by the rewrite', () => {
    const original = readShared('samples/IT01234567890_FPR02.xml');
    const { fattura, findings } = readFattura(original);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: '00200', severity: 'error', path: 'FatturaElettronicaHeader/DatiTrasmissione/ContattiTrasmittente' });
    const check = xsd.validate(original);
    expect(check.valid).toBe(false);
    expect(check.errors.join('\n')).toContain('ContattiTrasmittente');
    const rewritten = writeFattura(fattura).xml;
    expect(rewritten.indexOf('<ContattiTrasmittente>')).toBeLessThan(rewritten.indexOf('<PECDestinatario>'));
    expect(xsd.validate(rewritten).valid).toBe(true);
  });

  it('the other samples read without findings', () => {
    for (const p of samples.filter((s) => !s.includes('FPR02'))) expect(readFattura(readShared(p)).findings).toEqual([]);
  });

  it('FSM10 (fattura semplificata) is refused with a clear message', () => {
    try {
      readFattura(readShared('samples/IT01234567890_FSM10.xml'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('XML_NON_FATTURAPA');
      expect((e as AppError).message).toContain('semplificata');
    }
  });

  it.each([0, 1] as const)('no field dropped: a document filling every element (choice branch %i) is XSD-valid and reads back equal', (branch) => {
    const f = buildMaximalFattura({ branch });
    const written = writeFattura(f);
    expect(written.textIssues).toEqual([]);
    expect(xsd.validate(written.xml)).toEqual({ valid: true, errors: [] });
    const back = readFattura(written.bytes);
    expect(back.findings).toEqual([]);
    expect(back.fattura).toEqual(f);
  });

  it('the two maximal documents together use every element of every complex type of the schema', () => {
    const seen = new Set<string>();
    const walk = (value: unknown, typeName: string) => {
      const ct = fatturaPASchema.complexTypes[typeName]!;
      for (const el of ct.elements) {
        const v = (value as Record<string, unknown>)[el.name];
        if (v === undefined) continue;
        seen.add(`${typeName}.${el.name}`);
        if (fatturaPASchema.complexTypes[el.type]) for (const item of Array.isArray(v) ? v : [v]) walk(item, el.type);
      }
    };
    for (const branch of [0, 1] as const) walk(readFattura(writeFattura(buildMaximalFattura({ branch })).bytes).fattura, fatturaPASchema.root.type);
    const all = Object.entries(fatturaPASchema.complexTypes).flatMap(([t, ct]) => ct.elements.map((e) => `${t}.${e.name}`));
    expect(all.filter((k) => !seen.has(k))).toEqual([]);
  });
});
