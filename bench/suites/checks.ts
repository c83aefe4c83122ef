/**
 * Figure 3: SdI checks (structure + content controls) per document. The reference is a floor, not a competitor:
 * structuredClone of the same model, which also visits every node once.
 */
import { checkFattura } from '../../core/fatturapa/checks/index';
import { below, consume, makeFigure, measurePair, roundRange, type Suite } from '../harness';
import { CHECK_TODAY, perDocMs, type BenchContext } from './context';

export const checksSuite: Suite<BenchContext> = {
  name: 'checks',
  description: 'checkFattura per document vs structuredClone floor',
  run(ctx) {
    const models = ctx.documents.map((d) => d.fattura);
    let withErrors = 0;
    for (const m of models) if (checkFattura(m, { today: CHECK_TODAY }).some((f) => f.severity === 'error')) withErrors++;

    const t = measurePair(
      () => {
        for (const m of models) consume(checkFattura(m, { today: CHECK_TODAY }));
      },
      () => {
        for (const m of models) consume(structuredClone(m));
      },
      ctx.timing,
    );
    const unit = 'ms/doc';
    return {
      figures: [
        makeFigure({
          name: 'SdI checks (checkFattura)',
          value: perDocMs(t.subject.medianMs, models.length),
          unit,
          reference: { name: 'structuredClone of the model (floor)', value: perDocMs(t.reference.medianMs, models.length), unit },
          target: below(0.5, unit),
        }),
      ],
      notes: [
        `checks: rounds ${roundRange(t.subject, models.length)} ms/doc (checkFattura), ${roundRange(t.reference, models.length)} ms/doc (structuredClone).`,
        `checks: documents with errors: ${withErrors} of ${models.length} (expected 0); the target is absolute, the clone is shown as a "touch every node" floor.`,
      ],
    };
  },
};
