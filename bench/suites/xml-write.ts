/**
 * Figure 1: model -> XML with writeFattura beside a bare fast-xml-parser XMLBuilder.build() of the same documents.
 * The bare builder gets, prepared untimed, the object fast-xml-parser itself makes of our output: that is the least
 * work any fast-xml-parser-based writer can do for the same bytes (no schema walk, no text normalisation, no decimals).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { writeFattura } from '../../core/fatturapa/writer';
import { consume, makeFigure, roundRange, measurePair, withinFactor, type Suite } from '../harness';
import { perDocMs, type BenchContext } from './context';

// The same builder options as the writer's, so both produce the same text.
const bareBuilderOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  processEntities: false,
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
};

// Values kept as written (no number conversion, entities left escaped, spaces kept) so that building them back gives
// our bytes.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  preserveOrder: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: false,
});

/** Without trimming, the indentation between elements lands in '#text' keys: the builder must not get those. */
function dropIndentation(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropIndentation);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '#text' && typeof v === 'string' && v.trim() === '') continue;
    out[k] = dropIndentation(v);
  }
  return out;
}

const toBuilderInput = (xml: string): unknown => dropIndentation(parser.parse(xml));

export const xmlWriteSuite: Suite<BenchContext> = {
  name: 'write',
  description: 'model -> XML (writeFattura) vs bare XMLBuilder.build',
  run(ctx) {
    const docs = ctx.documents;
    const models = docs.map((d) => d.fattura);
    const builderInputs = docs.map((d) => toBuilderInput(d.xml));
    const builder = new XMLBuilder(bareBuilderOptions);

    let identical = 0;
    for (let i = 0; i < docs.length; i++) if (builder.build(builderInputs[i]) === docs[i]!.xml) identical++;

    const t = measurePair(
      () => {
        for (const m of models) consume(writeFattura(m).xml);
      },
      () => {
        for (const input of builderInputs) consume(builder.build(input));
      },
      ctx.timing,
    );
    const unit = 'ms/doc';
    return {
      figures: [
        makeFigure({
          name: 'model -> XML (writeFattura)',
          value: perDocMs(t.subject.medianMs, docs.length),
          unit,
          reference: { name: 'bare XMLBuilder.build', value: perDocMs(t.reference.medianMs, docs.length), unit },
          target: withinFactor(2),
        }),
      ],
      notes: [
        `write: rounds ${roundRange(t.subject, docs.length)} ms/doc (writeFattura), ${roundRange(t.reference, docs.length)} ms/doc (bare).`,
        `write: the bare builder's output is byte-identical to writeFattura's for ${identical} of ${docs.length} documents; writeFattura also returns the UTF-8 bytes (TextEncoder), the bare run does not.`,
      ],
    };
  },
};
