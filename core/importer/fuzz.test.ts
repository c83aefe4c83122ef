/**
 * Fuzz: 10,000+ mutated inputs (byte flips, truncations, insertions, chunk repeats) built from valid XML, .p7m (DER,
 * BER, base64) and ZIP files, thrown at the parse stage. Every input must end in a parsed file or an AppError with a
 * code and an Italian message: never another exception. No input may hang: the parse stage is bounded by structure
 * (size limits, depth and node limits, no backtracking regular expressions), which is why this whole file runs in a few
 * seconds; the test itself measures nothing.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { writeFattura } from '../fatturapa/writer';
import { nodeImportPlatform } from '../../host/import-platform';
import { readFattura } from '../fatturapa/reader';
import { invoiceFacts } from './facts';
import { parseInput } from './parse';
import { scanFattura } from './scan';
import { sampleFattura } from './testing/corpus';
import { wrapP7m } from './testing/cms-builder';
import { writeZip } from './testing/zip-writer';
import { mutate, rng } from './testing/mutate';

describe('parse stage fuzz', () => {
  it('turns 10,000+ mutated xml, p7m and zip files into parsed files or AppErrors only', () => {
    const f = sampleFattura('received', 40);
    f.FatturaElettronicaBody[0]!.Allegati = [{ NomeAttachment: 'a.pdf', Attachment: Buffer.from('allegato').toString('base64') }];
    const xml = writeFattura(f).bytes;
    const seeds: { name: string; bytes: Uint8Array }[] = [
      { name: 'f.xml', bytes: xml },
      { name: 'f.xml.p7m', bytes: wrapP7m(xml, { encoding: 'der' }) },
      { name: 'f.xml.p7m', bytes: wrapP7m(xml, { encoding: 'ber' }) },
      { name: 'f.xml.p7m', bytes: wrapP7m(xml, { encoding: 'base64-lines' }) },
      { name: 'f.zip', bytes: writeZip([{ name: 'a.xml', bytes: xml, deflate: true }, { name: 'b.xml.p7m', bytes: wrapP7m(xml) }]) },
    ];
    const r = rng(12345);
    const outcomes = { parsed: 0, errors: 0, total: 0 };
    const codes = new Set<string>();
    for (let i = 0; i < 10_500; i++) {
      const seed = seeds[i % seeds.length]!;
      const input = { name: seed.name, bytes: mutate(seed.bytes, r) };
      let results;
      try {
        results = parseInput(input, { platform: nodeImportPlatform });
      } catch (e) {
        throw new Error(`input ${i} (${seed.name}, ${input.bytes.length} byte) ha sollevato un errore non AppError: ${e instanceof Error ? e.stack : String(e)}`);
      }
      outcomes.total++;
      for (const leaf of results) {
        if (leaf.error) {
          expect(leaf.error).toBeInstanceOf(AppError);
          expect(leaf.error.code).toMatch(/^[A-Z0-9_]+$/);
          expect(leaf.error.message.length).toBeGreaterThan(10);
          codes.add(leaf.error.code);
          outcomes.errors++;
        } else {
          expect(leaf.parsed.facts.bodies.length).toBeGreaterThan(0);
          outcomes.parsed++;
        }
      }
    }
    expect(outcomes.total).toBeGreaterThanOrEqual(10_000);
    // The mutations reach every layer: XML, signatures and archives all report their own errors.
    for (const c of ['XML_MALFORMATO', 'P7M_NON_VALIDO', 'ZIP_NON_VALIDO', 'ZIP_FILE_DANNEGGIATO']) expect(codes, c).toContain(c);
    expect(outcomes.parsed).toBeGreaterThan(0);
  }, 120_000);

  it('the fast reader accepts only what the full FatturaPA reader accepts, with the same facts (6,000 mutated XML files)', () => {
    const f = sampleFattura('received', 41);
    f.FatturaElettronicaBody.push(sampleFattura('received', 42).FatturaElettronicaBody[0]!);
    f.FatturaElettronicaBody[1]!.Allegati = [{ NomeAttachment: '../a.pdf', Attachment: Buffer.from('allegato').toString('base64') }];
    const xml = writeFattura(f).bytes;
    const r = rng(777);
    const outcome = (fn: () => unknown): { code: string; facts?: string } => {
      try {
        const model = fn() as Parameters<typeof invoiceFacts>[0];
        try {
          return { code: 'ok', facts: JSON.stringify(invoiceFacts(model)) };
        } catch (e) {
          return { code: 'ok', facts: (e as AppError).code };
        }
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return { code: e.code };
      }
    };
    const tally = { bothOk: 0, bothRefused: 0, onlyFullAccepts: 0 };
    for (let i = 0; i < 6000; i++) {
      const input = mutate(xml, r, i % 2 === 0);
      const fast = outcome(() => scanFattura(input));
      const full = outcome(() => readFattura(input).fattura);
      if (fast.code === 'ok') {
        expect(full.code, `input ${i}: il lettore veloce accetta ciò che il lettore completo rifiuta`).toBe('ok');
        expect(fast.facts, `input ${i}`).toBe(full.facts);
        tally.bothOk++;
      } else if (full.code === 'ok') {
        // Stricter than fast-xml-parser on XML 1.0 rules it lets through (undeclared entity or "]]>" in text between
        // elements, "<" in an attribute value): always as a malformed file.
        expect(fast.code).toBe('XML_MALFORMATO');
        tally.onlyFullAccepts++;
      } else {
        tally.bothRefused++;
      }
    }
    expect(tally.bothOk).toBeGreaterThan(100);
    expect(tally.bothRefused).toBeGreaterThan(1000);
    expect(tally.onlyFullAccepts).toBeLessThan(tally.bothOk);
  }, 120_000);
});
