/**
 * Figure 2: XML -> model with readFattura beside a bare fast-xml-parser XMLParser.parse() of the same strings, with
 * the reader's own parser options (preserveOrder, no value conversion, entities left as written). The reader also runs
 * XMLValidator.validate (well-formedness with line and column) before parsing: that pass is timed alone as a note, so
 * the ratio can be read.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFattura } from '../../core/fatturapa/reader';
import { consume, formatNumber, makeFigure, measure, measurePair, roundRange, withinFactor, type Suite } from '../harness';
import { perDocMs, type BenchContext } from './context';

const readerParserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: false,
  preserveOrder: true,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
};

export const xmlReadSuite: Suite<BenchContext> = {
  name: 'read',
  description: 'XML -> model (readFattura) vs bare XMLParser.parse',
  run(ctx) {
    const xmls = ctx.documents.map((d) => d.xml);
    const parser = new XMLParser(readerParserOptions);

    let withFindings = 0;
    for (const x of xmls) if (readFattura(x).findings.length > 0) withFindings++;

    const t = measurePair(
      () => {
        for (const x of xmls) consume(readFattura(x).fattura);
      },
      () => {
        for (const x of xmls) consume(parser.parse(x));
      },
      ctx.timing,
    );
    const validate = measure(() => {
      for (const x of xmls) consume(XMLValidator.validate(x));
    }, ctx.timing);
    const unit = 'ms/doc';
    return {
      figures: [
        makeFigure({
          name: 'XML -> model (readFattura)',
          value: perDocMs(t.subject.medianMs, xmls.length),
          unit,
          reference: { name: 'bare XMLParser.parse (reader options)', value: perDocMs(t.reference.medianMs, xmls.length), unit },
          target: withinFactor(2),
        }),
      ],
      notes: [
        `read: rounds ${roundRange(t.subject, xmls.length)} ms/doc (readFattura), ${roundRange(t.reference, xmls.length)} ms/doc (bare).`,
        `read: XMLValidator.validate alone (run by readFattura before parsing) takes ${formatNumber(perDocMs(validate.medianMs, xmls.length))} ms/doc; documents read with findings: ${withFindings} of ${xmls.length} (expected 0).`,
      ],
    };
  },
};
