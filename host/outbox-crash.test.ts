/**
 * Crash safety of the outbox, for real: `fatturadesk send DB` runs as a child process against a sandbox SdI started
 * here, and is killed with SIGKILL at random moments while it sends a batch of 200 documents, 15 to 25 times, then run
 * again until it finishes. The sandbox's own log must show every registered file accepted exactly once: nothing lost,
 * nothing sent twice.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBank, updateCompany } from '../core/invoicing/services/company';
import { createCustomer } from '../core/invoicing/services/customers';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument } from '../core/invoicing/services/registration';
import { COMPANY, CUSTOMER, ITALIAN_IBAN, simpleDraft } from '../core/invoicing/services/test-support';
import { createCompanyStore } from '../db/company-store';
import { openCompanyDb } from '../db/open';
import { startSandboxSdi, type SandboxSdiServer } from './sandbox-sdi/index';

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'fatturadesk.mjs');
const DOCUMENTS = 200;

let dir: string;
let sandbox: SandboxSdiServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fatturadesk-crash-'));
  sandbox = await startSandboxSdi({ port: 0, dir: join(dir, 'sandbox-sdi') });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A company file with DOCUMENTS registered (queued) invoices whose channel is the sandbox started here. */
function companyFile(): { file: string; fileNames: string[] } {
  const file = join(dir, 'azienda.fdesk');
  const handle = openCompanyDb(file, { create: true });
  const store = createCompanyStore(handle);
  try {
    updateCompany(store, COMPANY);
    insertBank(store, { istituto: 'Banca Esempio', iban: ITALIAN_IBAN, isDefault: true });
    const customer = createCustomer(store, CUSTOMER);
    store.sdiState.saveChannelConfig('sandbox', { url: sandbox.url });
    const fileNames = store.transaction(() =>
      Array.from({ length: DOCUMENTS }, (_, i) => {
        const date = `2025-03-${String(1 + Math.floor((i * 28) / DOCUMENTS)).padStart(2, '0')}`;
        return registerDocument(store, createDraft(store, simpleDraft(customer.id, { date })).id, { today: '2025-12-31' }).fileName;
      }),
    );
    return { file, fileNames };
  } finally {
    handle.close();
  }
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  killed: boolean;
}

/**
 * Runs `fatturadesk send`; when `killAfterMs` is given, kills it with SIGKILL that long after its first "Invio" line
 * (so the kill lands in the middle of the batch, not during start-up).
 */
function runSend(file: string, killAfterMs?: number): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'send', file], {
      cwd: ROOT,
      env: { ...process.env, FATTURADESK_DATA_DIR: join(dir, 'data') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (killAfterMs !== undefined && !killed && stderr.includes('Invio ')) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => done({ code, signal, stderr, killed: signal === 'SIGKILL' }));
  });
}

describe('outbox crash safety (child process killed with SIGKILL)', () => {
  it('after 15-25 random kills mid-batch, every document reached the SdI exactly once and none was lost', async ({ annotate }) => {
    const { file, fileNames } = companyFile();
    const target = 15 + Math.floor(Math.random() * 11);
    let kills = 0;
    /** Kills that left an item 'sending' (the outcome of a file in flight unknown): the dangerous moment. */
    let caughtInFlight = 0;
    let finished: Run | undefined;
    const runs: Run[] = [];
    while (kills < target && runs.length < target + 10) {
      const r = await runSend(file, Math.floor(Math.random() * 60));
      runs.push(r);
      if (r.killed) {
        kills++;
        const h = openCompanyDb(file, { readonly: true });
        try {
          if (createCompanyStore(h).outbox.counts().sending > 0) caughtInFlight++;
        } finally {
          h.close();
        }
      } else if (r.code === 0) {
        finished = r;
        break;
      }
      // A run that ended by itself with an error is simply run again (it is in `runs` for the report).
    }
    // Then run again until it is done (without kills).
    for (let i = 0; !finished && i < 5; i++) {
      const r = await runSend(file);
      runs.push(r);
      if (r.code === 0) finished = r;
    }
    const report = runs.map((r, i) => `#${i + 1} ${r.signal ?? `exit ${r.code}`}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`).join('\n');
    expect(finished?.code, report).toBe(0);
    // The batch really was interrupted many times, some of them with a file in flight.
    expect(kills, report).toBeGreaterThanOrEqual(Math.min(target, 15));
    expect(caughtInFlight, report).toBeGreaterThan(0);
    await annotate(`${kills} SIGKILL (${caughtInFlight} con un file in volo), ${runs.length} esecuzioni di fatturadesk send`);

    const uploads = sandbox.log().uploads;
    const perName = new Map<string, number>();
    for (const u of uploads) perName.set(u.fileName, (perName.get(u.fileName) ?? 0) + 1);
    // Exactly one accepted upload per file name, for every registered document, and nothing else.
    expect([...perName.values()].every((n) => n === 1), `${JSON.stringify([...perName].filter(([, n]) => n > 1))}\n${report}`).toBe(true);
    expect([...perName.keys()].sort()).toEqual([...fileNames].sort());
    expect(uploads.every((u) => u.outcome === 'deliver' && u.codes.length === 0)).toBe(true);

    // And the company file agrees: all transmitted, each with the SdI id of its one upload.
    const handle = openCompanyDb(file);
    try {
      const store = createCompanyStore(handle);
      expect(store.outbox.counts()).toEqual({ queued: 0, sending: 0, transmitted: DOCUMENTS, failed: 0 });
      const byName = new Map(uploads.map((u) => [u.fileName, u.identificativoSdI]));
      for (const d of store.sdiState.iterateRegistered()) {
        expect(d.sdiId, d.fileName).toBe(byName.get(d.fileName));
        expect(['transmitted', 'delivered']).toContain(d.status);
      }
    } finally {
      handle.close();
    }
  }, 600_000);
});
