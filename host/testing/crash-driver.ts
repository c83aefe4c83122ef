/**
 * Child process of the crash-safety test: the app's core (host/app.ts, as the web host runs it) on one company file,
 * doing one kind of work in a loop until it is killed. After each operation the API reports as done (committed), it
 * prints one line; the test then checks that every printed line is in the file.
 *   register  drafts.create, then documents.register             "draft <id>", "registered <id> <numero>"
 *   import    import.files of a new received invoice (a job)      "imported <numero> <importedDocumentId>"
 *   ipl       plans.addLine + setExecute + createAdvanceInvoice + documents.register of the TD02
 *                                                                 "ipl-draft <lineId> <docId>", "ipl <lineId> <docId>"
 *   vault     vault.upload, and every third time vault.delete     "uploaded <id>", "deleting <id>", "deleted <id>"
 * Usage: node crash-driver.cjs FILE DATA_DIR MODE [PLAN_ID]
 */
import { writeFattura } from '../../core/fatturapa/writer';
import { sampleFattura } from '../../core/importer/testing/corpus';
import type { JobStatus } from '../../core/api/jobs';
import { simpleDraft } from '../../core/invoicing/services/test-support';
import { createAppApi } from '../app';
import { CRASH_TODAY, CRASH_VAULT_PASSWORD } from './crash-constants';

const TEST_KDF = { algorithm: 'scrypt' as const, N: 1024, r: 8, p: 1 };

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const [file, dataDir, mode, planArg] = process.argv.slice(2);
  if (!file || !dataDir || !mode) throw new Error('uso: FILE DATA_DIR MODE [PLAN_ID]');
  const api = createAppApi({ host: 'web', dataDir, today: () => CRASH_TODAY, vault: { kdf: TEST_KDF } });
  const ok = async <T>(method: string, args: unknown = {}): Promise<T> => {
    const r = await api.call(method, args);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.result as T;
  };
  await ok('companies.open', { file });
  print('ready');

  if (mode === 'register') {
    const customers = await ok<{ rows: { id: number; kind: string }[] }>('customers.list', { kind: 'B2B' });
    const customerId = customers.rows[0]!.id;
    for (;;) {
      const d = await ok<{ id: number }>('drafts.create', { draft: simpleDraft(customerId, { date: CRASH_TODAY }) });
      print(`draft ${d.id}`);
      const r = await ok<{ id: number; numero: string }>('documents.register', { id: d.id });
      print(`registered ${r.id} ${r.numero}`);
    }
  }

  if (mode === 'import') {
    for (let n = 0; ; n++) {
      const f = sampleFattura('received', n);
      const numero = `R-${process.pid}-${n}`;
      f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero = numero;
      const bytes = writeFattura(f).bytes;
      const { jobId } = await ok<{ jobId: string }>('import.files', { files: [{ name: `${numero}.xml`, base64: Buffer.from(bytes).toString('base64') }] });
      const st = await ok<JobStatus<{ files: { result: string; documentIds: number[] }[] }>>('jobs.wait', { jobId });
      const res = st.result?.files[0];
      if (st.state !== 'done' || res?.result !== 'imported') throw new Error(`importazione non riuscita: ${JSON.stringify(st)}`);
      print(`imported ${numero} ${res.documentIds[0]}`);
    }
  }

  if (mode === 'ipl') {
    const planId = Number(planArg);
    for (;;) {
      const plan = await ok<{ lines: { id: number; position: number; execute: boolean }[] }>('plans.addLine', { planId, line: { type: 'advance', amount: '1.00', plannedDate: CRASH_TODAY } });
      const line = plan.lines.reduce((a, b) => (b.position > a.position ? b : a));
      // Only the new line is selected (a run killed mid-way may have left another one selected).
      const others = plan.lines.filter((l) => l.execute && l.id !== line.id).map((l) => l.id);
      if (others.length) await ok('plans.setExecute', { lineIds: others, execute: false });
      await ok('plans.setExecute', { lineIds: [line.id], execute: true });
      const made = await ok<{ created: { documentId: number }[] }>('plans.createAdvanceInvoice', { planId, postingDate: CRASH_TODAY });
      const docId = made.created[0]!.documentId;
      print(`ipl-draft ${line.id} ${docId}`);
      await ok('documents.register', { id: docId });
      print(`ipl ${line.id} ${docId}`);
    }
  }

  if (mode === 'vault') {
    await ok('vault.unlock', { password: CRASH_VAULT_PASSWORD });
    const altro = (await ok<{ id: string; name: string }[]>('vault.categories.list')).find((c) => c.name === 'Altro')!;
    const mine: string[] = [];
    for (let n = 0; ; n++) {
      const [doc] = await ok<{ id: string }[]>('vault.upload', {
        categoryId: altro.id,
        files: [{ name: `doc-${process.pid}-${n}.txt`, base64: Buffer.from(`documento ${n} `.repeat(500)).toString('base64') }],
      });
      print(`uploaded ${doc!.id}`);
      mine.push(doc!.id);
      if (n % 3 === 2) {
        const id = mine.shift()!;
        // Announced first: if the process dies now, the deletion may or may not have committed.
        print(`deleting ${id}`);
        await ok('vault.delete', { id });
        print(`deleted ${id}`);
      }
    }
  }
  throw new Error(`modo sconosciuto: ${mode}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
