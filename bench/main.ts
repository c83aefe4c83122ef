/**
 * `npm run bench [-- --quick] [-- --only write,read] [-- --json] [-- --count N]`: runs the suites over the generated
 * documents and prints one table, each figure beside a reference measured in the same run. Progress and notes go to
 * stderr with --json, so stdout is exactly the JSON array. Missed targets are reported, not fatal: this is not a test.
 */
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { describeStats, documentStats, generateBenchDocuments, type BenchDocument } from './data';
import { formatJson, formatTable, selectSuites, timeOnce, type Figure, type Suite } from './harness';
import { officeCompany, OFFICE_SCALE, type OfficeCompany, type OfficeSpec } from './office-company';
import { documentCount, parseBenchArgs, usage } from './options';
import { checksSuite } from './suites/checks';
import { importSuite } from './suites/import';
import type { BenchContext } from './suites/context';
import { documentsListSuite } from './suites/documents-list';
import { pdfSuite } from './suites/pdf';
import { registrationSuite } from './suites/registration';
import { sdiSendSuite } from './suites/sdi-send';
import { vaultSuite } from './suites/vault';
import { xmlReadSuite } from './suites/xml-read';
import { xmlWriteSuite } from './suites/xml-write';
import { xsdSuite } from './suites/xsd';

const SUITES: readonly Suite<BenchContext>[] = [
  xmlWriteSuite,
  xmlReadSuite,
  checksSuite,
  xsdSuite,
  registrationSuite,
  sdiSendSuite,
  importSuite,
  pdfSuite,
  documentsListSuite,
  vaultSuite,
];

/** Suites that never read the generated documents (they work on the office company or on their own data). */
const WITHOUT_DOCUMENTS = new Set(['list', 'vault']);

/** --quick works on a smaller office company (generated in seconds rather than minutes when not cached). */
const QUICK_OFFICE: OfficeSpec = { documents: 10_000, customers: 400, received: 1_000, drafts: 100, seed: OFFICE_SCALE.seed };

const SUITE_NAMES = SUITES.map((s) => s.name);

function machine(): string {
  const c = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  return `${c.length} x ${c[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${platform()} ${release()}, Node ${process.version}; load average at start: ${load}`;
}

async function main(): Promise<void> {
  const opts = parseBenchArgs(process.argv.slice(2), SUITE_NAMES);
  if (opts.help) {
    console.log(usage(SUITE_NAMES));
    return;
  }
  const suites = selectSuites(SUITES, opts.only);
  const out = (line: string) => (opts.json ? process.stderr.write(`${line}\n`) : process.stdout.write(`${line}\n`));
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const count = documentCount(opts);
  out(`FatturaDesk bench${opts.quick ? ' (--quick: smoke run, figures indicative only)' : ''}`);
  out(`Machine: ${machine()}`);
  let documents: BenchDocument[] = [];
  if (suites.some((s) => !WITHOUT_DOCUMENTS.has(s.name))) {
    const genMs = timeOnce(() => {
      documents = generateBenchDocuments(count);
    });
    out(`Data: ${describeStats(documentStats(documents))} (generated in ${(genMs / 1000).toFixed(1)} s, untimed)`);
  }

  let office: Promise<OfficeCompany> | undefined;
  const officeSpec = opts.quick ? QUICK_OFFICE : OFFICE_SCALE;
  const getOffice = () =>
    (office ??= officeCompany(officeSpec, log).then((o) => {
      const steps = Object.entries(o.steps)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
        .join(', ');
      out(
        `Office company: ${o.spec.documents} registered documents, ${o.spec.customers} customers, ${o.spec.received} received invoices, ${(o.sizeBytes / 2 ** 20).toFixed(0)} MB; ` +
          `${o.generated ? 'generated now' : 'from the cache'} (generation took ${(o.generationMs / 1000).toFixed(0)} s: ${steps}); ${o.file}`,
      );
      return o;
    }));

  const ctx: BenchContext = { documents, quick: opts.quick, timing: opts.quick ? { warmup: 1, rounds: 2 } : { warmup: 1, rounds: 3 }, log, office: getOffice };
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const suite of suites) {
    log(`running ${suite.name}: ${suite.description}...`);
    const started = performance.now();
    const result = await suite.run(ctx);
    log(`  ${suite.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    figures.push(...result.figures);
    if (result.skipped) notes.push(`SKIPPED ${result.skipped}`);
    notes.push(...(result.notes ?? []));
  }

  out(`Load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  if (opts.json) process.stdout.write(`${formatJson(figures)}\n`);
  else out(`\n${formatTable(figures)}\n`);
  for (const n of notes) out(`- ${n}`);
  const missed = figures.filter((f) => !f.met);
  out(missed.length === 0 ? `All ${figures.length} targets met.` : `Targets missed: ${missed.length} of ${figures.length} (${missed.map((f) => f.name).join('; ')}).`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
