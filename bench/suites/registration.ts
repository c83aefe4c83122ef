/**
 * Figure 5: registrations per second through the real service (registerDocument: number, date order, build, checks,
 * XML, SHA-256, chain, ledger, each document in its own IMMEDIATE transaction) on a real company file, beside raw
 * better-sqlite3 prepared inserts of exactly the rows those registrations wrote, in one transaction
 * (db/bench-support.ts). Company, settings, customers and drafts are created untimed; every round uses new files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFattura, type BuildInput } from '../../core/invoicing/build-fattura';
import { checkFattura } from '../../core/fatturapa/checks/index';
import { writeFattura } from '../../core/fatturapa/writer';
import { insertBank, updateCompany } from '../../core/invoicing/services/company';
import { createCustomer } from '../../core/invoicing/services/customers';
import { createDraft } from '../../core/invoicing/services/drafts';
import { registerDocument, registerDocuments } from '../../core/invoicing/services/registration';
import { sha256Hex } from '../../core/invoicing/services/sha256';
import type { Company, CustomerInput, DocumentDraft } from '../../core/invoicing/types';
import type { CompanyStore } from '../../core/ports';
import { rawInsertRegisteredRows, readRegisteredRow, type RawRegisteredRow } from '../../db/bench-support';
import { createCompanyStore } from '../../db/company-store';
import { openCompanyDb, type CompanyDb } from '../../db/open';
import { consume, formatNumber, makeFigure, measure, median, timeOnce, withinFactor, type Suite } from '../harness';
import type { BenchDocument } from '../data';
import { CHECK_TODAY, type BenchContext } from './context';

/** One company for the whole file (a company file holds one company); the scenarios' customers and drafts go in it. */
const COMPANY: Company = {
  denominazione: 'Officine Bench S.r.l.',
  idPaese: 'IT',
  partitaIva: '01234567897',
  codiceFiscale: '01234567897',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Nazionale', numeroCivico: '12', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
  rea: { ufficio: 'MI', numero: '765432', capitaleSociale: '50000.00', socioUnico: 'SM', statoLiquidazione: 'LN' },
};
const IBAN = 'IT60X0542811101000000123456';

interface Prepared {
  customers: CustomerInput[];
  /** In registration order (by date); customerId is the 1-based index into `customers` until remapped. */
  drafts: DocumentDraft[];
  /** The same documents as builder input for this company, for the no-database comparison. */
  inputs: BuildInput[];
  skipped: number;
}

/**
 * The bench documents as drafts of one company: a scenario made for another company profile (e.g. a forfettario's
 * N2.2 lines) may not pass the checks for this one and would make registration fail, so those are left out.
 */
function prepare(docs: readonly BenchDocument[]): Prepared {
  const kept: { customer: CustomerInput; draft: DocumentDraft; input: BuildInput }[] = [];
  for (const d of docs) {
    const { id: _id, ...customer } = d.input.customer;
    const input: BuildInput = { ...d.input, company: COMPANY };
    try {
      const { fattura } = buildFattura(input);
      if (checkFattura(fattura, { today: CHECK_TODAY }).some((f) => f.severity === 'error')) continue;
    } catch {
      continue;
    }
    kept.push({ customer, draft: d.input.draft, input });
  }
  // Dates may not go backwards within a series: register in date order (stable, so ties keep generation order).
  kept.sort((a, b) => (a.draft.date < b.draft.date ? -1 : a.draft.date > b.draft.date ? 1 : 0));
  return {
    customers: kept.map((k) => k.customer),
    drafts: kept.map((k, i) => withoutBankId({ ...k.draft, customerId: i + 1 })),
    inputs: kept.map((k) => k.input),
    skipped: docs.length - kept.length,
  };
}

/** The scenario's bank id belongs to its own fixture: the bench file's default account is used instead. */
function withoutBankId(draft: DocumentDraft): DocumentDraft {
  if (draft.payment?.bankId === undefined) return draft;
  const { bankId: _bank, ...payment } = draft.payment;
  return { ...draft, payment };
}

interface OpenFile {
  handle: CompanyDb;
  store: CompanyStore;
  customerIds: number[];
}

/** A new company file with the company, its bank account and the customers (all untimed). */
function companyFile(dir: string, name: string, p: Prepared, count: number): OpenFile {
  const handle = openCompanyDb(join(dir, name), { create: true });
  const store = createCompanyStore(handle);
  updateCompany(store, COMPANY);
  insertBank(store, { istituto: 'Banca Popolare di Esempio', iban: IBAN, isDefault: true });
  const customerIds = store.transaction(() => p.customers.slice(0, count).map((c) => createCustomer(store, c).id));
  return { handle, store, customerIds };
}

function createDrafts(f: OpenFile, p: Prepared, count: number): number[] {
  return f.store.transaction(() => p.drafts.slice(0, count).map((d) => createDraft(f.store, { ...d, customerId: f.customerIds[d.customerId - 1]! }).id));
}

/**
 * Times the body of each outermost store transaction, so that the rest of a registration's time is known to be
 * BEGIN IMMEDIATE + COMMIT (where SQLite writes the WAL and flushes the full-text index).
 */
function timeTransactionBodies(store: CompanyStore): { bodyMs: () => number } {
  const inner = store.transaction.bind(store);
  let depth = 0;
  let bodyMs = 0;
  store.transaction = <T>(fn: () => T): T =>
    inner(() => {
      if (depth++ > 0) {
        try {
          return fn();
        } finally {
          depth--;
        }
      }
      const start = performance.now();
      try {
        return fn();
      } finally {
        bodyMs += performance.now() - start;
        depth--;
      }
    });
  return { bodyMs: () => bodyMs };
}

interface RoundResult {
  serviceMs: number;
  /** The same drafts registered as one selection (registerDocuments: one transaction). */
  batchMs: number;
  /** Part of serviceMs spent inside the transactions' bodies (the rest is BEGIN/COMMIT). */
  serviceBodyMs: number;
  rawMs: number;
  rawPerDocTxMs: number;
}

/**
 * One round on new files: N registrations through the service, then the rows they wrote inserted raw into a second
 * file in one transaction, and into a third with one transaction per document (to show what the commits cost).
 */
function round(dir: string, tag: string, p: Prepared, count: number): RoundResult {
  const a = companyFile(dir, `${tag}-service.fatturadesk`, p, count);
  const b = companyFile(dir, `${tag}-raw.fatturadesk`, p, count);
  const c = companyFile(dir, `${tag}-raw-each.fatturadesk`, p, count);
  const d = companyFile(dir, `${tag}-batch.fatturadesk`, p, count);
  try {
    const draftIds = createDrafts(a, p, count);
    const batchIds = createDrafts(d, p, count);
    const batchMs = timeOnce(() => consume(registerDocuments(d.store, batchIds, { today: CHECK_TODAY }).registered.length));
    const bodies = timeTransactionBodies(a.store);
    const serviceMs = timeOnce(() => {
      for (const id of draftIds) consume(registerDocument(a.store, id, { today: CHECK_TODAY }).numero);
    });
    const rows: RawRegisteredRow[] = draftIds.map((id) => readRegisteredRow(a.handle.sqlite, id));
    const rawMs = timeOnce(() => consume(rawInsertRegisteredRows(b.handle.sqlite, rows)));
    const rawPerDocTxMs = timeOnce(() => {
      for (const row of rows) consume(rawInsertRegisteredRows(c.handle.sqlite, [row]));
    });
    return { serviceMs, batchMs, serviceBodyMs: bodies.bodyMs(), rawMs, rawPerDocTxMs };
  } finally {
    a.handle.close();
    b.handle.close();
    c.handle.close();
    d.handle.close();
  }
}

const perSecond = (count: number, ms: number): number => (count * 1000) / ms;

export const registrationSuite: Suite<BenchContext> = {
  name: 'registration',
  description: 'registerDocument per second vs raw SQLite inserts of the same rows',
  run(ctx) {
    const p = prepare(ctx.documents);
    const n = p.drafts.length;
    if (n === 0) return { figures: [], skipped: 'registration: skipped, no generated document passes the checks for the bench company' };
    const dir = mkdtempSync(join(tmpdir(), 'fatturadesk-bench-reg-'));
    try {
      const warmupCount = Math.min(n, 200);
      for (let i = 0; i < (ctx.timing.warmup ?? 1); i++) round(dir, `warmup${i}`, p, warmupCount);
      const rounds = Math.min(ctx.timing.rounds ?? 5, 3);
      const results: RoundResult[] = [];
      for (let i = 0; i < rounds; i++) {
        ctx.log(`  registration round ${i + 1}/${rounds} (${n} documents)`);
        results.push(round(dir, `round${i}`, p, n));
      }
      const service = perSecond(n, median(results.map((r) => r.serviceMs)));
      const batch = perSecond(n, median(results.map((r) => r.batchMs)));
      const commitMsPerDoc = median(results.map((r) => (r.serviceMs - r.serviceBodyMs) / n));
      const raw = perSecond(n, median(results.map((r) => r.rawMs)));
      const rawEach = perSecond(n, median(results.map((r) => r.rawPerDocTxMs)));

      // Where the service's time goes: the same domain work without any database (already warm from the rounds).
      const domain = measure(() => {
        for (const input of p.inputs) {
          const { fattura } = buildFattura(input);
          consume(checkFattura(fattura, { today: CHECK_TODAY }));
          consume(sha256Hex(writeFattura(fattura).bytes));
        }
      }, { warmup: 0, rounds: 1 });

      const unit = 'docs/s';
      return {
        figures: [
          makeFigure({
            name: 'registrations, a selection in 1 transaction (registerDocuments)',
            value: batch,
            unit,
            higherIsBetter: true,
            reference: { name: 'raw better-sqlite3 inserts, 1 transaction', value: raw, unit },
            target: withinFactor(3),
          }),
          makeFigure({
            name: 'registrations one by one, 1 transaction each (registerDocument)',
            value: service,
            unit,
            higherIsBetter: true,
            reference: { name: 'raw better-sqlite3 inserts, 1 transaction per document', value: rawEach, unit },
            target: withinFactor(3),
          }),
        ],
        notes: [
          `registration: ${n} documents registered per round (${p.skipped} generated documents left out: they do not pass the checks for the bench company), ${rounds} round(s) on new files, WAL + synchronous=NORMAL.`,
          `registration: of ${formatNumber(1000 / service)} ms per registration, ${formatNumber(commitMsPerDoc)} ms are BEGIN IMMEDIATE + COMMIT (outside the transaction body).`,
          `registration: for comparison, build + checks + XML + SHA-256 of the same documents without any database: ${formatNumber(perSecond(n, domain.medianMs))} docs/s.`,
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
