import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithShared, readShared } from '../../core/testing/shared-files';
import { generate } from './gen-fatturapa-schema';

const committed = resolve(dirname(fileURLToPath(import.meta.url)), '../../core/fatturapa/schema.generated.ts');

describeWithShared('gen-fatturapa-schema', () => {
  it('the committed schema.generated.ts is exactly what the generator makes from the official XSD', () => {
    const fresh = generate(readShared('xsd/Schema_VFPR12_v1.2.3.xsd').toString('utf8'), 'Schema_VFPR12_v1.2.3.xsd');
    const current = readFileSync(committed, 'utf8');
    // On a mismatch, re-run: npx tsx build/tools/gen-fatturapa-schema.ts
    const a = fresh.split('\n');
    const b = current.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    const firstDifference = at === -1 && a.length === b.length ? null : { line: (at === -1 ? Math.min(a.length, b.length) : at) + 1, generated: a[at], committed: b[at] };
    expect(firstDifference).toBeNull();
    expect(fresh === current).toBe(true);
  });

  it('the generated description has the schema version and the known root', () => {
    const fresh = generate(readShared('xsd/Schema_VFPR12_v1.2.3.xsd').toString('utf8'), 'Schema_VFPR12_v1.2.3.xsd');
    expect(fresh).toContain('export const FATTURAPA_SCHEMA_VERSION = "1.2.3";');
    expect(fresh).toContain('"name": "FatturaElettronica"');
  });
});
