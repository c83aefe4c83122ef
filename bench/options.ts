/** Command-line options of `npm run bench`. */

export const FULL_COUNT = 10_000;
export const QUICK_COUNT = 300;

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  help: boolean;
  /** Comma-separated suite names. */
  only?: string;
  /** Number of generated documents; default FULL_COUNT, or QUICK_COUNT with --quick. */
  count?: number;
}

export function usage(suiteNames: readonly string[]): string {
  return `usage: npm run bench -- [--quick] [--only ${suiteNames.join('|')}[,...]] [--json] [--count N]
  --quick     ${QUICK_COUNT} documents and 2 timed rounds (default 3): a smoke run, figures are indicative only
  --only      run only the named suites (comma-separated)
  --json      print the figures as a JSON array on stdout (progress and notes on stderr)
  --count N   number of generated documents (default ${FULL_COUNT})`;
}

/** Parses argv (without node and the script); throws an Error with the usage on anything it does not know. */
export function parseBenchArgs(argv: readonly string[], suiteNames: readonly string[]): BenchOptions {
  const opts: BenchOptions = { quick: false, json: false, help: false };
  const bad = (why: string): never => {
    throw new Error(`${why}\n${usage(suiteNames)}`);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      return v === undefined || v.startsWith('--') ? bad(`${a} needs a value`) : v;
    };
    if (a === '--quick') opts.quick = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--only') opts.only = value();
    else if (a.startsWith('--only=')) opts.only = a.slice('--only='.length);
    else if (a === '--count') opts.count = Number(value());
    else if (a.startsWith('--count=')) opts.count = Number(a.slice('--count='.length));
    else bad(`unknown option ${a}`);
  }
  if (opts.count !== undefined && (!Number.isInteger(opts.count) || opts.count < 1)) bad('--count needs a positive integer');
  return opts;
}

export function documentCount(opts: BenchOptions): number {
  return opts.count ?? (opts.quick ? QUICK_COUNT : FULL_COUNT);
}
