/**
 * Bench documents: the engine's own scenario matrix (every TipoDocumento, Natura, ritenuta, cassa, split payment,
 * foreign parties...) built with the real builder, with each document brought to a realistic office size of 10 to 30
 * lines. Deterministic: the same (count, seed) always gives the same documents, so figures of two runs compare.
 */
import { buildFattura, type BuildInput } from '../core/invoicing/build-fattura';
import { generateScenarios, type Scenario } from '../core/invoicing/testing/scenarios';
import type { DraftLine } from '../core/invoicing/types';
import type { FatturaElettronica } from '../core/fatturapa/schema.generated';
import { writeFattura } from '../core/fatturapa/writer';

export const DEFAULT_SEED = 20250401;
export const MIN_LINES = 10;
export const MAX_LINES = 30;

export interface BenchDocument {
  name: string;
  input: BuildInput;
  fattura: FatturaElettronica;
  /** writeFattura's output for `fattura`. */
  xml: string;
}

const EXTRA_DESCRIPTIONS = [
  'Materiale di consumo',
  'Assistenza telefonica',
  'Sopralluogo tecnico',
  'Ricambi e accessori',
  'Formazione del personale',
  'Spese di imballo',
  'Aggiornamento annuale',
  'Installazione e collaudo',
];

/** Small deterministic hash of (seed, index) -> [0, 2^32), so a document's size depends only on its index. */
function mix(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 0x632be5ab, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A line that can be repeated without changing the document's nature: positive, not an abbuono or a return. */
function repeatable(line: DraftLine): boolean {
  return line.tipoCessionePrestazione === undefined && !line.prezzoUnitario.startsWith('-') && !(line.quantita ?? '').startsWith('-');
}

/**
 * Brings the scenario's draft to `target` lines by repeating its own lines (same VAT rate, Natura, ritenuta, prices:
 * the document stays as valid as it was) with other descriptions. Returns undefined when it cannot (too many lines
 * already, or no line that can be repeated).
 */
function padLines(scenario: Scenario, target: number): Scenario | undefined {
  const lines = scenario.input.draft.lines;
  if (lines.length > MAX_LINES) return undefined;
  const sources = lines.filter(repeatable);
  if (sources.length === 0 && lines.length < target) return undefined;
  const padded = [...lines];
  for (let k = 0; padded.length < target; k++) {
    const copy = structuredClone(sources[k % sources.length]!);
    copy.descrizione = EXTRA_DESCRIPTIONS[k % EXTRA_DESCRIPTIONS.length]!;
    padded.push(copy);
  }
  const input: BuildInput = { ...scenario.input, draft: { ...scenario.input.draft, lines: padded } };
  return { name: `${scenario.name} -> ${padded.length} righe`, input };
}

/** `count` scenarios of 10 to 30 lines (scenarios that cannot be brought into that range are skipped). */
export function benchScenarios(count: number, seed = DEFAULT_SEED): Scenario[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, not ${count}`);
  const out: Scenario[] = [];
  // A few scenarios have more than 30 lines (or nothing to repeat): generate a margin and top up if it was not enough.
  for (let generate = Math.ceil(count * 1.05) + 10; out.length < count; generate *= 2) {
    out.length = 0;
    const all = generateScenarios(generate, seed);
    for (let i = 0; i < all.length && out.length < count; i++) {
      const target = MIN_LINES + (mix(seed, i) % (MAX_LINES - MIN_LINES + 1));
      const s = padLines(all[i]!, target);
      if (s) out.push(s);
    }
  }
  return out;
}

/** `count` bench documents: the model built by buildFattura and its XML written by writeFattura (untimed setup). */
export function generateBenchDocuments(count: number, seed = DEFAULT_SEED): BenchDocument[] {
  return benchScenarios(count, seed).map((s) => {
    const { fattura } = buildFattura(s.input);
    return { name: s.name, input: s.input, fattura, xml: writeFattura(fattura).xml };
  });
}

export interface DocumentStats {
  count: number;
  lines: { min: number; max: number; mean: number };
  /** DatiRiepilogo blocks per document (one per VAT rate / Natura). */
  summaries: { min: number; max: number; mean: number };
  xmlBytes: { min: number; max: number; mean: number };
  tipiDocumento: number;
}

function range(values: number[]): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: values.length ? sum / values.length : 0 };
}

export function documentStats(docs: readonly BenchDocument[]): DocumentStats {
  const bodies = docs.map((d) => d.fattura.FatturaElettronicaBody[0]!);
  const encoder = new TextEncoder();
  return {
    count: docs.length,
    lines: range(bodies.map((b) => b.DatiBeniServizi.DettaglioLinee.length)),
    summaries: range(bodies.map((b) => b.DatiBeniServizi.DatiRiepilogo.length)),
    xmlBytes: range(docs.map((d) => encoder.encode(d.xml).length)),
    tipiDocumento: new Set(bodies.map((b) => b.DatiGenerali.DatiGeneraliDocumento.TipoDocumento)).size,
  };
}

export function describeStats(s: DocumentStats): string {
  const r = (x: { min: number; max: number; mean: number }, digits = 1) => `${x.min}-${x.max} (mean ${x.mean.toFixed(digits)})`;
  return (
    `${s.count} documents, ${s.tipiDocumento} TipoDocumento, DettaglioLinee ${r(s.lines)}, DatiRiepilogo blocks ${r(s.summaries, 2)}, ` +
    `XML ${(s.xmlBytes.min / 1024).toFixed(1)}-${(s.xmlBytes.max / 1024).toFixed(1)} KB (mean ${(s.xmlBytes.mean / 1024).toFixed(1)} KB)`
  );
}
