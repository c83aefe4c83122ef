/**
 * Figure 4: XSD validation per document in-process (libxml2 compiled to WebAssembly) beside Debian's native xmllint on
 * the same documents written to files: one xmllint process over all the files, its time divided by the number of
 * documents after subtracting what the same command costs for a single file (process start and schema compilation),
 * since the in-process validator compiles its schema once, before timing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XSD_PATH } from '../../core/testing/shared-files';
import { loadFatturaPAValidator, validateFilesWithXmllint, xmllintAvailable } from '../../core/testing/xsd-validator';
import { consume, formatNumber, makeFigure, measure, measurePair, roundRange, withinFactor, type Suite } from '../harness';
import { perDocMs, type BenchContext } from './context';

export const xsdSuite: Suite<BenchContext> = {
  name: 'xsd',
  description: 'XSD validation in-process (libxml2-wasm) vs native xmllint',
  async run(ctx) {
    if (!XSD_PATH) return { figures: [], skipped: 'xsd: skipped, ../shared/fatturapa (the official XSD) is not in this checkout' };
    if (!xmllintAvailable()) return { figures: [], skipped: 'xsd: skipped, xmllint is not on the PATH (Debian: apt-get install libxml2-utils)' };
    const xsdPath = XSD_PATH;

    const docs = ctx.documents;
    const dir = mkdtempSync(join(tmpdir(), 'fatturadesk-bench-xsd-'));
    const validator = await loadFatturaPAValidator(xsdPath);
    try {
      // Both validate the same bytes; the in-process one gets the string (what the app holds after writing).
      const files = docs.map((d, i) => {
        const file = join(dir, `${i}.xml`);
        writeFileSync(file, d.xml);
        return file;
      });
      let validWasm = 0;
      for (const d of docs) if (validator.validate(d.xml).valid) validWasm++;
      let validNative = 0;
      for (const r of validateFilesWithXmllint(files, xsdPath).values()) if (r.valid) validNative++;

      // Native rounds are whole processes: fewer of them, but interleaved with the in-process ones all the same.
      const rounds = Math.min(ctx.timing.rounds ?? 5, 3);
      const t = measurePair(
        () => {
          for (const d of docs) consume(validator.validate(d.xml).valid);
        },
        () => consume(validateFilesWithXmllint(files, xsdPath).size),
        { warmup: 1, rounds },
      );
      const startup = measure(() => consume(validateFilesWithXmllint(files.slice(0, 1), xsdPath).size), { warmup: 1, rounds });
      const nativePerDoc = docs.length > 1 ? Math.max(0, t.reference.medianMs - startup.medianMs) / (docs.length - 1) : t.reference.medianMs;
      const unit = 'ms/doc';
      return {
        figures: [
          makeFigure({
            name: 'XSD validation (libxml2-wasm)',
            value: perDocMs(t.subject.medianMs, docs.length),
            unit,
            reference: { name: 'native xmllint --schema', value: nativePerDoc, unit },
            target: withinFactor(2),
          }),
        ],
        notes: [
          `xsd: valid documents: libxml2-wasm ${validWasm}, xmllint ${validNative}, of ${docs.length}; libxml2-wasm rounds ${roundRange(t.subject, docs.length)} ms/doc; xmllint over ${docs.length} files took ${formatNumber(t.reference.medianMs)} ms (rounds ${roundRange(t.reference)} ms), of which process start + schema load (same command on 1 file) ${formatNumber(startup.medianMs)} ms, subtracted; ${rounds} rounds.`,
        ],
      };
    } finally {
      validator.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
