/**
 * Crash safety, for real: the app's core (host/app.ts through host/testing/crash-driver.ts, bundled once with esbuild
 * so a restart costs a fraction of a second) works on a company file and is killed with SIGKILL at random moments,
 * at least KILLS times for each kind of work: registration, import, invoicing-plan actions, vault writes. After each
 * kill the file is opened as the app would open it on restart and must
 *   - hold every change the driver printed as committed,
 *   - show nothing half-written (a registered document without XML, outbox row or ledger entries; an imported file
 *     without its invoice; a plan line marked invoiced without its registered document, or the reverse; a vault
 *     document without its encrypted file),
 *   - pass the integrity check (SQLite integrity_check, foreign keys, hash chain, invariants).
 * The four kinds run side by side, one child process each, on four company files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail, PlanDetail } from '../core/ipl/api-types';
import { IMPORT_COMPANY } from '../core/importer/testing/corpus';
import { createCompanyStore } from '../db/company-store';
import { openCompanyDb } from '../db/open';
import { createAppApi } from './app';
import { checkCompany } from './backup/integrity';
import { CRASH_TODAY, CRASH_VAULT_PASSWORD } from './testing/crash-constants';

const ROOT = resolve(__dirname, '..');
const KILLS = 22;
const TEST_KDF = { algorithm: 'scrypt' as const, N: 1024, r: 8, p: 1 };

type Mode = 'register' | 'import' | 'ipl' | 'vault';

let dir: string;
let driver: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-crash-'));
  driver = join(dir, 'crash-driver.cjs');
  await build({
    entryPoints: [join(ROOT, 'host', 'testing', 'crash-driver.ts')],
    outfile: driver,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'keytar', 'electron'],
    define: { 'import.meta.url': '__fdImportMetaUrl' },
    banner: { js: 'const __fdImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'error',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(mode: Mode): Promise<{ file: string; dataDir: string; planId?: number }> {
  const file = join(dir, `${mode}.fdesk`);
  const dataDir = join(dir, `data-${mode}`);
  const api = createAppApi({ host: 'cli', dataDir, today: () => CRASH_TODAY, vault: { kdf: TEST_KDF }, sdi: { secrets: { keytar: null, env: {} } } });
  const ok = async <T>(method: string, args: unknown = {}): Promise<T> => {
    const r = await api.call(method, args);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.result as T;
  };
  try {
    if (mode === 'import') {
      await ok('companies.create', { file, company: IMPORT_COMPANY });
      return { file, dataDir };
    }
    await ok('companies.createDemo', { file });
    if (mode === 'vault') await ok('vault.setup', { password: CRASH_VAULT_PASSWORD, confirm: CRASH_VAULT_PASSWORD });
    if (mode === 'ipl') {
      const customers = await ok<{ rows: { id: number; kind: string }[] }>('customers.list', { kind: 'B2B' });
      const order = await ok<OrderDetail>('orders.save', {
        order: { date: CRASH_TODAY, customerId: customers.rows[0]!.id, lines: [{ description: 'Impianto', quantity: '1', unitPrice: '100000.00', vatCode: 'IVA22' }] },
      });
      await ok('orders.release', { id: order.id });
      const plan = await ok<PlanDetail>('plans.createFromOrder', { orderId: order.id });
      return { file, dataDir, planId: plan.plan.id };
    }
    return { file, dataDir };
  } finally {
    await api.shutdown();
  }
}

interface Run {
  lines: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
}

/**
 * Starts the driver and kills it with SIGKILL `killAfterMs` after its first committed operation (so the kill lands in
 * the stream of work, not in the start-up). Only whole lines count.
 */
function runDriver(s: { file: string; dataDir: string; planId?: number }, mode: Mode, killAfterMs: number): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [driver, s.file, s.dataDir, mode, String(s.planId ?? '')], {
      cwd: ROOT,
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), FATTURADESK_SECRET_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    let armed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!armed && out.includes('ready\n') && out.indexOf('\n', out.indexOf('ready\n') + 6) > 0) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      const complete = out.endsWith('\n') ? out : out.slice(0, out.lastIndexOf('\n') + 1);
      done({ lines: complete.split('\n').filter((l) => l && l !== 'ready'), killed: signal === 'SIGKILL', code, stderr });
    });
  });
}

interface Committed {
  drafts: Set<number>;
  registered: Map<number, string>;
  imported: Map<number, string>;
  iplDrafts: Map<number, number>;
  ipl: Map<number, number>;
  vault: Set<string>;
  deleted: Set<string>;
}

function record(c: Committed, line: string): void {
  const [kind, a, b] = line.split(' ');
  if (kind === 'draft') c.drafts.add(Number(a));
  else if (kind === 'registered') c.registered.set(Number(a), b!);
  else if (kind === 'imported') c.imported.set(Number(b), a!);
  else if (kind === 'ipl-draft') c.iplDrafts.set(Number(b), Number(a));
  else if (kind === 'ipl') c.ipl.set(Number(b), Number(a));
  else if (kind === 'uploaded') c.vault.add(a!);
  // A deletion under way when the process died may have committed or not: the document no longer has to be there.
  else if (kind === 'deleting') c.vault.delete(a!);
  else if (kind === 'deleted') {
    c.vault.delete(a!);
    c.deleted.add(a!);
  } else throw new Error(`riga inattesa: ${line}`);
}

/** Opens the file as the app does on restart and checks every committed change and every invariant. */
function check(file: string, c: Committed): void {
  const handle = openCompanyDb(file);
  try {
    const store = createCompanyStore(handle);
    const q = <T>(sql: string, ...p: unknown[]) => handle.sqlite.prepare(sql).all(...p) as T[];
    const report = checkCompany(store, file, new Date());
    expect(report.ok, report.summary).toBe(true);

    for (const id of c.drafts) expect(store.documents.get(id), `bozza ${id}`).toBeDefined();
    for (const [id, numero] of c.registered) expect(store.documents.get(id)?.registration?.numero, `registrato ${id}`).toBe(numero);
    // Every registered document (the demo's and the driver's) has its XML, its outbox row and its ledger entries.
    const incomplete = q<{ id: number }>(
      `SELECT d.id FROM documents d WHERE d.status <> 'draft' AND (
         NOT EXISTS (SELECT 1 FROM document_content c WHERE c.document_id = d.id AND length(c.xml) > 0)
         OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.document_id = d.id)
         OR NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.document_id = d.id))`,
    );
    expect(incomplete, 'documenti registrati incompleti').toEqual([]);

    for (const [id, numero] of c.imported) expect(store.imports.get(id)?.numero, `importato ${id}`).toBe(numero);
    expect(q(`SELECT f.id FROM imported_files f WHERE NOT EXISTS (SELECT 1 FROM imported_documents d WHERE d.file_id = f.id)`), 'file importati senza fattura').toEqual([]);

    for (const [docId, lineId] of c.iplDrafts) expect(q('SELECT 1 FROM ipl_documents WHERE document_id = ? AND line_id = ?', docId, lineId), `bozza del piano ${docId}`).toHaveLength(1);
    for (const [docId, lineId] of c.ipl) expect(q<{ d: number }>('SELECT invoice_document_id AS d FROM ipl_plan_lines WHERE id = ?', lineId)[0]?.d, `riga ${lineId}`).toBe(docId);
    // Both directions: a line marked invoiced has its registered document, a registered plan document its line update.
    expect(
      q(`SELECT l.id FROM ipl_plan_lines l LEFT JOIN documents d ON d.id = l.invoice_document_id WHERE l.invoice_document_id IS NOT NULL AND (d.id IS NULL OR d.status = 'draft')`),
      'righe fatturate senza documento registrato',
    ).toEqual([]);
    expect(
      q(`SELECT p.document_id FROM ipl_documents p JOIN documents d ON d.id = p.document_id
         WHERE p.role = 'advance' AND d.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM ipl_plan_lines l WHERE l.invoice_document_id = p.document_id)`),
      'anticipi registrati senza la riga del piano aggiornata',
    ).toEqual([]);
    expect(
      q(`SELECT l.id FROM ledger_entries l JOIN ipl_documents p ON p.document_id = l.document_id WHERE l.plan_id IS NULL`),
      'partite di un piano senza il numero del piano',
    ).toEqual([]);

    const vaultIds = new Set(store.maintenance.vaultDocumentIds());
    for (const id of c.vault) expect(vaultIds.has(id), `documento della cassaforte ${id}`).toBe(true);
    for (const id of c.deleted) expect(vaultIds.has(id), `documento eliminato ${id}`).toBe(false);
  } finally {
    handle.close();
  }
}

async function crashLoop(mode: Mode): Promise<{ kills: number; runs: number; committed: number; c: Committed }> {
  const s = await setup(mode);
  const c: Committed = { drafts: new Set(), registered: new Map(), imported: new Map(), iplDrafts: new Map(), ipl: new Map(), vault: new Set(), deleted: new Set() };
  let kills = 0;
  let runs = 0;
  let committed = 0;
  while (kills < KILLS) {
    runs++;
    // Kill points spread over ~60 ms of work: operations cut at a random instant.
    const r = await runDriver(s, mode, Math.floor(Math.random() * 60));
    if (!r.killed) throw new Error(`${mode}: il driver è uscito da solo (codice ${r.code}): ${r.stderr.slice(0, 2000)}`);
    kills++;
    for (const l of r.lines) record(c, l);
    committed += r.lines.length;
    check(s.file, c);
  }
  return { kills, runs, committed, c };
}

describe('crash safety (the app core killed with SIGKILL at random points)', () => {
  it(`after ${KILLS}+ kills during each kind of work, every committed change is there and nothing half-written is`, async ({ annotate }) => {
    const modes: Mode[] = ['register', 'import', 'ipl', 'vault'];
    const results = await Promise.all(modes.map((m) => crashLoop(m)));
    const summary = modes.map((m, i) => `${m}: ${results[i]!.kills} SIGKILL, ${results[i]!.committed} operazioni confermate`).join('; ');
    await annotate(summary);
    for (const [i, m] of modes.entries()) {
      expect(results[i]!.kills, m).toBeGreaterThanOrEqual(KILLS);
      // Real work happened between the kills, not only start-ups.
      expect(results[i]!.committed, `${m}: ${summary}`).toBeGreaterThanOrEqual(KILLS);
    }
    expect(results[0]!.c.registered.size).toBeGreaterThan(5);
    expect(results[1]!.c.imported.size).toBeGreaterThan(5);
    expect(results[2]!.c.ipl.size).toBeGreaterThan(3);
    expect(results[3]!.c.vault.size + results[3]!.c.deleted.size).toBeGreaterThan(5);
  }, 300_000);
});
