/** What every suite receives from bench/main.ts. */
import type { BenchDocument } from '../data';
import type { TimingOptions } from '../harness';
import type { OfficeCompany } from '../office-company';

export interface BenchContext {
  /** The generated documents (10,000, or fewer with --quick), built and written before any timing. */
  documents: readonly BenchDocument[];
  quick: boolean;
  /** Warm-up and rounds for in-process timings. */
  timing: TimingOptions;
  /** Progress for the person waiting (stderr, so --json output stays clean). */
  log(line: string): void;
  /**
   * The office-scale company file (100,000 registered documents; fewer with --quick), generated on first use and
   * cached between runs (bench/office-company.ts). Shared by the suites: they must not write to it (copy it first).
   */
  office(): Promise<OfficeCompany>;
}

/** "today" for the checks: after every generated document date, so 00403 (future date) never fires. */
export const CHECK_TODAY = '2025-12-31';

export const perDocMs = (roundMs: number, count: number): number => roundMs / count;
