import { describe, expect, it } from 'vitest';
import {
  atLeast,
  below,
  computeRatio,
  formatJson,
  formatNumber,
  formatRatio,
  formatTable,
  makeFigure,
  measure,
  measurePair,
  median,
  roundRange,
  selectSuites,
  toJson,
  withinFactor,
} from './harness';

const ms = 'ms/doc';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([9])).toBe(9);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores a single outlier round (why the median is used)', () => {
    expect(median([1.0, 1.1, 0.9, 50, 1.05])).toBe(1.05);
  });

  it('does not reorder the caller’s array', () => {
    const rounds = [3, 1, 2];
    median(rounds);
    expect(rounds).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('ratio and target', () => {
  it('a cost (lower is better) has ratio value / reference', () => {
    const f = makeFigure({ name: 'w', value: 0.3, unit: ms, reference: { name: 'bare', value: 0.2, unit: ms }, target: withinFactor(2) });
    expect(f.ratio).toBeCloseTo(1.5, 10);
    expect(f.met).toBe(true);
  });

  it('a rate (higher is better) has ratio reference / value, so > 1 still means slower', () => {
    const f = makeFigure({ name: 'reg', value: 500, unit: 'docs/s', higherIsBetter: true, reference: { name: 'raw', value: 2000, unit: 'docs/s' }, target: withinFactor(3) });
    expect(f.ratio).toBe(4);
    expect(f.met).toBe(false);
  });

  it('withinFactor is met exactly at the factor and missed just above it', () => {
    const at = makeFigure({ name: 'a', value: 2, unit: ms, reference: { name: 'r', value: 1, unit: ms }, target: withinFactor(2) });
    const above = makeFigure({ name: 'a', value: 2.0001, unit: ms, reference: { name: 'r', value: 1, unit: ms }, target: withinFactor(2) });
    expect([at.met, above.met]).toEqual([true, false]);
  });

  it('withinFactor without a reference cannot be met, and the figure has no ratio', () => {
    const f = makeFigure({ name: 'a', value: 1, unit: ms, target: withinFactor(2) });
    expect(f.ratio).toBeUndefined();
    expect('ratio' in f).toBe(false);
    expect(f.met).toBe(false);
  });

  it('an absolute target ignores the reference', () => {
    const ok = makeFigure({ name: 'c', value: 0.4, unit: ms, reference: { name: 'clone', value: 0.1, unit: ms }, target: below(0.5, ms) });
    const ko = makeFigure({ name: 'c', value: 0.5, unit: ms, target: below(0.5, ms) });
    expect(ok.ratio).toBeCloseTo(4, 10);
    expect([ok.met, ko.met]).toEqual([true, false]);
    expect(makeFigure({ name: 'r', value: 100, unit: 'docs/s', target: atLeast(100, 'docs/s') }).met).toBe(true);
  });

  it('a value that is not a number never meets its target', () => {
    expect(makeFigure({ name: 'x', value: NaN, unit: ms, target: below(1, ms) }).met).toBe(false);
    expect(makeFigure({ name: 'x', value: Infinity, unit: 'docs/s', target: atLeast(1, 'docs/s') }).met).toBe(false);
  });

  it('no ratio against a zero or missing reference value', () => {
    expect(computeRatio(1, 0, false)).toBeUndefined();
    expect(computeRatio(0, 5, true)).toBeUndefined();
    expect(computeRatio(1, undefined, false)).toBeUndefined();
    expect(computeRatio(3, 1.5, false)).toBe(2);
  });

  it('target texts say what is compared', () => {
    expect(withinFactor(2).text).toBe('<= 2x reference');
    expect(below(0.5, ms).text).toBe('< 0.5 ms/doc');
    expect(atLeast(1000, 'docs/s').text).toBe('>= 1000 docs/s');
  });
});

describe('formatting', () => {
  it('numbers get 3 significant digits and no exponent', () => {
    expect(formatNumber(0.000123456)).toBe('0.000123');
    expect(formatNumber(0.5)).toBe('0.500');
    expect(formatNumber(2.345)).toBe('2.35');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(215.4)).toBe('215');
    expect(formatNumber(12345.6)).toBe('12346');
    expect(formatNumber(0)).toBe('0');
  });

  it('ratios end with x; no ratio is a dash', () => {
    expect(formatRatio(1.987)).toBe('1.99x');
    expect(formatRatio(250.4)).toBe('250x');
    expect(formatRatio(undefined)).toBe('-');
  });

  const figures = [
    makeFigure({ name: 'model -> XML', value: 0.3, unit: ms, reference: { name: 'bare builder', value: 0.2, unit: ms }, target: withinFactor(2) }),
    makeFigure({ name: 'checks', value: 0.75, unit: ms, target: below(0.5, ms) }),
  ];

  it('the table has a header, a rule and one aligned line per figure', () => {
    const lines = formatTable(figures).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^Figure\s+Value\s+Reference \(same run\)\s+Ref\. value\s+Ratio\s+Target\s+Met$/);
    expect(lines[1]).toMatch(/^-+( +-+){6}$/);
    expect(lines[2]).toMatch(/^model -> XML\s+0\.300 ms\/doc\s+bare builder\s+0\.200 ms\/doc\s+1\.50x\s+<= 2x reference\s+yes$/);
    expect(lines[3]).toMatch(/^checks\s+0\.750 ms\/doc\s+\(none\)\s+-\s+-\s+< 0\.5 ms\/doc\s+NO$/);
    // Columns line up: every column starts at the same offset on every line.
    const valueColumn = lines[0]!.indexOf('Value');
    expect(lines[2]!.indexOf('0.300')).toBe(valueColumn);
    expect(lines[3]!.indexOf('0.750')).toBe(valueColumn);
    const metColumn = lines[0]!.indexOf('Met');
    expect(lines[2]!.lastIndexOf('yes')).toBe(metColumn);
    expect(lines[3]!.lastIndexOf('NO')).toBe(metColumn);
  });

  it('an empty figure list still prints the header', () => {
    expect(formatTable([]).split('\n')).toHaveLength(2);
  });

  it('JSON is an array of {name, value, unit, target, met, reference, ratio} with nulls where absent', () => {
    const parsed = JSON.parse(formatJson(figures)) as unknown;
    expect(parsed).toEqual([
      { name: 'model -> XML', value: 0.3, unit: ms, target: '<= 2x reference', met: true, reference: { name: 'bare builder', value: 0.2, unit: ms }, ratio: expect.closeTo(1.5, 10) },
      { name: 'checks', value: 0.75, unit: ms, target: '< 0.5 ms/doc', met: false, reference: null, ratio: null },
    ]);
    expect(Object.keys(toJson(figures)[0]!)).toEqual(['name', 'value', 'unit', 'target', 'met', 'reference', 'ratio']);
  });
});

describe('timing helpers (call counts, not durations)', () => {
  it('measure runs the warm-up rounds untimed, then the timed rounds', () => {
    let calls = 0;
    const t = measure(() => void calls++, { warmup: 2, rounds: 3 });
    expect(calls).toBe(5);
    expect(t.roundsMs).toHaveLength(3);
    expect(t.medianMs).toBe(median(t.roundsMs));
    expect(t.roundsMs.every((x) => x >= 0)).toBe(true);
  });

  it('measurePair interleaves subject and reference, alternating which goes first', () => {
    const order: string[] = [];
    const t = measurePair(() => void order.push('s'), () => void order.push('r'), { warmup: 1, rounds: 3 });
    expect(order.join('')).toBe('sr' + 'sr' + 'rs' + 'sr');
    expect(t.subject.roundsMs).toHaveLength(3);
    expect(t.reference.roundsMs).toHaveLength(3);
  });

  it('bad round counts are refused', () => {
    expect(() => measure(() => {}, { rounds: 0 })).toThrow(/rounds/);
    expect(() => measure(() => {}, { warmup: -1 })).toThrow(/warmup/);
    expect(() => measurePair(() => {}, () => {}, { rounds: 1.5 })).toThrow(/rounds/);
  });
});

describe('selectSuites', () => {
  const suites = [{ name: 'write' }, { name: 'read' }, { name: 'xsd' }];

  it('all suites without --only, the named ones (in suite order) with it', () => {
    expect(selectSuites(suites, undefined).map((s) => s.name)).toEqual(['write', 'read', 'xsd']);
    expect(selectSuites(suites, 'xsd, write').map((s) => s.name)).toEqual(['write', 'xsd']);
  });

  it('an unknown or empty name is an error that lists the available suites', () => {
    expect(() => selectSuites(suites, 'writ')).toThrow('unknown suite "writ"; available: write, read, xsd');
    expect(() => selectSuites(suites, ',')).toThrow(/available: write, read, xsd/);
  });
});

describe('roundRange', () => {
  it('gives the fastest and slowest round, per item', () => {
    expect(roundRange({ medianMs: 2, roundsMs: [3, 1.5, 2] }, 10)).toBe('0.150-0.300');
    expect(roundRange({ medianMs: 2, roundsMs: [2] })).toBe('2.00-2.00');
  });
});
