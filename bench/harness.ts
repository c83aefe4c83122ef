/**
 * Bench harness: a figure is a measured value printed beside a reference measured in the same run (a bare library, a
 * native tool, raw SQLite), with the ratio between the two and a target that says whether the figure is good enough.
 * Timings are taken in-process with process.hrtime.bigint, after warm-up rounds, as the median of several rounds: the
 * median resists the odd round slowed down by GC or by another process on a busy machine.
 */

export interface Reference {
  name: string;
  value: number;
  unit: string;
}

/** Target: a text for the reader and the predicate that decides it. */
export interface Target {
  text: string;
  test(f: { value: number; ratio?: number }): boolean;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: Target;
  reference?: Reference;
  /** How many times slower (or costlier) the figure is than its reference: >1 means worse than the reference. */
  ratio?: number;
  met: boolean;
}

export interface FigureSpec {
  name: string;
  value: number;
  unit: string;
  target: Target;
  reference?: Reference;
  /** True for rates (documents per second): the ratio is then reference / value, so >1 still means "slower". */
  higherIsBetter?: boolean;
}

/** Builds a figure: the ratio comes from the reference (when there is one with a usable value), `met` from the target. */
export function makeFigure(spec: FigureSpec): Figure {
  const { higherIsBetter, ...rest } = spec;
  const ratio = computeRatio(spec.value, spec.reference?.value, higherIsBetter ?? false);
  const met = Number.isFinite(spec.value) && spec.target.test({ value: spec.value, ratio });
  const figure: Figure = { ...rest, met };
  if (ratio !== undefined) figure.ratio = ratio;
  return figure;
}

export function computeRatio(value: number, reference: number | undefined, higherIsBetter: boolean): number | undefined {
  if (reference === undefined || !Number.isFinite(reference) || !Number.isFinite(value)) return undefined;
  const [num, den] = higherIsBetter ? [reference, value] : [value, reference];
  return den > 0 ? num / den : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Targets

/** At most `factor` times the reference (ratio <= factor). Without a reference the target cannot be met. */
export function withinFactor(factor: number): Target {
  return { text: `<= ${factor}x reference`, test: ({ ratio }) => ratio !== undefined && ratio <= factor };
}

/** value < limit (a cost: time per document...). */
export function below(limit: number, unit: string): Target {
  return { text: `< ${limit} ${unit}`, test: ({ value }) => value < limit };
}

/** value >= limit (a rate: documents per second...). */
export function atLeast(limit: number, unit: string): Target {
  return { text: `>= ${limit} ${unit}`, test: ({ value }) => value >= limit };
}

// ---------------------------------------------------------------------------------------------------------------
// Timing

export interface TimingOptions {
  /** Untimed rounds first, so the JIT has compiled the hot paths (default 1). */
  warmup?: number;
  /** Timed rounds; the median is kept (default 5). */
  rounds?: number;
}

export interface Timing {
  /** Median duration of one round, in milliseconds. */
  medianMs: number;
  /** Every timed round, in milliseconds, in the order run. */
  roundsMs: number[];
}

/** Median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Elapsed milliseconds of one call. */
export function timeOnce(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function roundsOf(opts: TimingOptions): { warmup: number; rounds: number } {
  const warmup = opts.warmup ?? 1;
  const rounds = opts.rounds ?? 5;
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`warmup must be an integer >= 0, not ${warmup}`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds must be an integer >= 1, not ${rounds}`);
  return { warmup, rounds };
}

/** Runs `round` (typically: the whole batch of documents) `warmup` times untimed, then `rounds` times timed. */
export function measure(round: () => void, opts: TimingOptions = {}): Timing {
  const { warmup, rounds } = roundsOf(opts);
  for (let i = 0; i < warmup; i++) round();
  const roundsMs: number[] = [];
  for (let i = 0; i < rounds; i++) roundsMs.push(timeOnce(round));
  return { medianMs: median(roundsMs), roundsMs };
}

/**
 * Measures a subject and its reference with their rounds interleaved (subject, reference, reference, subject, ...), so
 * that a change of machine load during the run weighs on both alike and the ratio stays meaningful.
 */
export function measurePair(subject: () => void, reference: () => void, opts: TimingOptions = {}): { subject: Timing; reference: Timing } {
  const { warmup, rounds } = roundsOf(opts);
  for (let i = 0; i < warmup; i++) {
    subject();
    reference();
  }
  const s: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      s.push(timeOnce(subject));
      r.push(timeOnce(reference));
    } else {
      r.push(timeOnce(reference));
      s.push(timeOnce(subject));
    }
  }
  return { subject: { medianMs: median(s), roundsMs: s }, reference: { medianMs: median(r), roundsMs: r } };
}

/** "0.181-0.209" : the fastest and slowest timed round, per item (how noisy the machine was). */
export function roundRange(t: Timing, items = 1): string {
  return `${formatNumber(Math.min(...t.roundsMs) / items)}-${formatNumber(Math.max(...t.roundsMs) / items)}`;
}

let sinkValue = 0;
/** Keeps a result alive (folded into a module-level value) so that the work producing it cannot be optimised away. */
export function consume(value: unknown): void {
  sinkValue = (sinkValue + (typeof value === 'string' ? value.length : value === undefined ? 0 : 1)) | 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Suites

export interface SuiteResult {
  figures: Figure[];
  /** Facts the reader needs to trust the figures (what was measured, sizes, checks that outputs agree). */
  notes?: string[];
  /** Set when the suite could not run here, with the reason (e.g. xmllint missing). */
  skipped?: string;
}

export interface Suite<C> {
  /** Short name for --only. */
  name: string;
  description: string;
  run(ctx: C): SuiteResult | Promise<SuiteResult>;
}

/** Picks the suites named in `only` (comma-separated names); all when `only` is undefined. Unknown names are an error. */
export function selectSuites<S extends { name: string }>(suites: readonly S[], only: string | undefined): S[] {
  if (only === undefined) return [...suites];
  const wanted = only
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = wanted.filter((w) => !suites.some((s) => s.name === w));
  if (wanted.length === 0 || unknown.length > 0) {
    throw new Error(`unknown suite ${unknown.length ? unknown.map((u) => `"${u}"`).join(', ') : '(empty)'}; available: ${suites.map((s) => s.name).join(', ')}`);
  }
  return suites.filter((s) => wanted.includes(s.name));
}

// ---------------------------------------------------------------------------------------------------------------
// Output

/** 3 significant digits, without exponent notation and without useless precision on large numbers. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toString();
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(3);
}

export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined ? '-' : `${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(2)}x`;
}

const HEADERS = ['Figure', 'Value', 'Reference (same run)', 'Ref. value', 'Ratio', 'Target', 'Met'] as const;

function row(f: Figure): string[] {
  return [
    f.name,
    `${formatNumber(f.value)} ${f.unit}`,
    f.reference?.name ?? '(none)',
    f.reference ? `${formatNumber(f.reference.value)} ${f.reference.unit}` : '-',
    formatRatio(f.ratio),
    f.target.text,
    f.met ? 'yes' : 'NO',
  ];
}

/** A plain-text table, one line per figure, columns padded to their widest cell. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = [HEADERS as readonly string[], ...figures.map(row)];
  const widths = HEADERS.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

export interface FigureJson {
  name: string;
  value: number;
  unit: string;
  target: string;
  met: boolean;
  reference: Reference | null;
  ratio: number | null;
}

export function toJson(figures: readonly Figure[]): FigureJson[] {
  return figures.map((f) => ({
    name: f.name,
    value: f.value,
    unit: f.unit,
    target: f.target.text,
    met: f.met,
    reference: f.reference ? { name: f.reference.name, value: f.reference.value, unit: f.reference.unit } : null,
    ratio: f.ratio ?? null,
  }));
}

export function formatJson(figures: readonly Figure[]): string {
  return JSON.stringify(toJson(figures), null, 2);
}
