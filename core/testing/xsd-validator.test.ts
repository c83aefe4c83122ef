import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithShared, listShared, readShared, sharedFile } from './shared-files';
import { loadFatturaPAValidator, validateFilesWithXmllint, validateWithXmllint, xmllintAvailable, type FatturaPAValidator } from './xsd-validator';

const samples = listShared('samples').filter((p) => !p.includes('FSM10'));

describeWithShared('loadFatturaPAValidator (libxml2-wasm)', () => {
  let xsd: FatturaPAValidator;
  beforeAll(async () => {
    xsd = await loadFatturaPAValidator();
  });
  afterAll(() => xsd?.dispose());

  it.each(samples)('%s', (path) => {
    const result = xsd.validate(readShared(path));
    if (path.includes('FPR02')) {
      expect(result.valid).toBe(false);
      expect(result.errors).toEqual(["riga 16: Element 'ContattiTrasmittente': This element is not expected."]);
    } else {
      expect(result).toEqual({ valid: true, errors: [] });
    }
  });

  it('accepts text as well as bytes', () => {
    expect(xsd.validate(readShared(samples[0]!).toString('utf8')).valid).toBe(true);
  });

  it('rejects a document breaking the schema, naming the problem', () => {
    const broken = readShared(samples[0]!).toString('utf8').replace('<Divisa>EUR</Divisa>', '<Divisa>euro</Divisa>');
    const result = xsd.validate(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('Divisa');
  });

  it('rejects text that is not well-formed XML', () => {
    const result = xsd.validate('<p:FatturaElettronica><non chiuso>');
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('can be loaded twice in one process', async () => {
    const second = await loadFatturaPAValidator();
    expect(second.validate(readShared(samples[0]!)).valid).toBe(true);
    second.dispose();
  });
});

describeWithShared('xmllint comparison helpers', () => {
  describe.skipIf(!xmllintAvailable())('with Debian xmllint', () => {
    it('agrees with libxml2-wasm on the official samples, one by one and in one run', () => {
      for (const path of samples) {
        expect(validateWithXmllint(readShared(path)).valid).toBe(!path.includes('FPR02'));
      }
      const files = samples.map((p) => sharedFile(p));
      const results = validateFilesWithXmllint(files);
      for (const file of files) {
        const r = results.get(file)!;
        expect(r.valid).toBe(!file.includes('FPR02'));
        if (file.includes('FPR02')) expect(r.errors.join('\n')).toContain('ContattiTrasmittente');
      }
    });
  });
});
