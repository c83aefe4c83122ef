/**
 * `fatturadesk`: the command line for scripting and batch work. Every company operation goes through the same API
 * contract the UI uses (host/app.ts), so anything the app can do is scriptable with `fatturadesk call`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { apiContract, apiMethods } from '../core/api/contract';
import { formatIntegrityReport } from '../core/backup/integrity';
import type { BackupInfo, IntegrityReport, RestoreResult } from '../core/backup/types';
import type { ApiResponse } from '../core/api/define';
import { toErrorData } from '../core/errors';
import { decodeXmlBytes } from '../core/fatturapa/xml';
import type { ImportSummary } from '../core/importer/service';
import { createAppApi, type AppApi } from '../host/app';
import { runSdicoopEndpointCli } from '../host/transmitters/sdicoop-endpoint';
import { defaultDataDir } from '../host/paths';
import { runSandboxCli } from '../host/sandbox-sdi/index';
import type { JobProgress, JobStatus } from '../core/api/jobs';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** The whole standard input (for `call DB --batch`); default: process.stdin. */
  readStdin?: () => Promise<string>;
  dataDir?: string;
  today?: () => string;
  /** Stops long-running commands (sandbox) like a signal (tests). */
  signal?: AbortSignal;
}

const defaultIO: CliIO = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
};

const USAGE = `Uso: fatturadesk <comando> [argomenti]

Comandi:
  check FILE...                 controlli strutturali e SdI su file FatturaPA (uscita 0 se puliti, 1 se ci sono errori,
                                2 se un file non si può leggere)
  roundtrip FILE                stampa il file letto e riscritto da FatturaDesk
  demo DB                       crea in DB un'azienda dimostrativa con clienti e documenti registrati
  export DB --out DIR           scrive in DIR l'XML di ogni documento registrato dell'azienda DB
  import DB PATH...             importa fatture (.xml, .xml.p7m, .zip, cartelle) nell'azienda DB; stampa una riga TSV
                                per fattura o file (nome, esito, motivo); uscita 0 se tutto importato o duplicato,
                                1 se qualche file è stato rifiutato
  send DB                       invia allo SdI la coda dell'azienda DB (avanzamento su stderr), poi scarica le
                                notifiche (uscita 0 se tutto è trasmesso, 1 altrimenti)
  status DB                     stampa in TSV numero, nome file, identificativo SdI e stato di ogni documento registrato
  backup DB                     copia di sicurezza dell'azienda DB (archivio, cassaforte, manifesto SHA-256); stampa la
                                cartella della copia
  restore DB BACKUP             verifica la copia BACKUP e la rimette al posto di DB (i dati attuali restano accanto,
                                «…prima-del-ripristino-…»); uscita 1 se la copia è danneggiata o l'azienda è in uso
  verify DB|BACKUP              controllo di integrità in italiano dell'azienda DB (o della cartella di una copia);
                                uscita 0 se tutto è a posto, 1 se ci sono problemi
  sandbox [--port N] [--dir DIR]  avvia il SdI di prova locale e ne stampa l'indirizzo (Ctrl+C per fermarlo)
  sdicoop-endpoint --port N --dir DIR --cert F --key F --ca F
                                avvia il servizio TrasmissioneFatture che riceve le notifiche SDICoop (HTTPS con
                                certificato client) e le scrive in DIR, da cui l'app le legge
  call DB METODO [JSON]         chiama un metodo dell'API con argomenti JSON e stampa il risultato JSON
  call DB --batch               una chiamata per riga da stdin ({"method": ..., "args": ...}) nello stesso processo
                                (per esempio: sblocca la cassaforte e poi usala)
  call --help                   elenca i metodi dell'API
  help                          questo aiuto`;

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return checkCommand(rest, io);
    case 'roundtrip':
      return roundtripCommand(rest, io);
    case 'demo':
      return withApi(io, async (api) => {
        const file = requireArg(rest[0], 'DB', io);
        if (!file) return 2;
        const r = await api.call('companies.createDemo', { file: resolve(file) });
        return report(r, io, (res) => `Azienda dimostrativa creata: ${(res as { file: string }).file}`);
      });
    case 'export':
      return exportCommand(rest, io);
    case 'import':
      return importCommand(rest, io);
    case 'call':
      return callCommand(rest, io);
    case 'send':
      return sendCommand(rest, io);
    case 'status':
      return statusCommand(rest, io);
    case 'backup':
      return backupCommand(rest, io);
    case 'restore':
      return restoreCommand(rest, io);
    case 'verify':
      return verifyCommand(rest, io);
    case 'sandbox':
      return runSandboxCli(rest, { out: io.out, err: io.err, signal: io.signal });
    case 'sdicoop-endpoint':
      return runSdicoopEndpointCli(rest, { out: io.out, err: io.err, signal: io.signal });
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`Comando sconosciuto: ${command}\n\n${USAGE}`);
      return 2;
  }
}

async function withApi(io: CliIO, fn: (api: AppApi) => Promise<number>): Promise<number> {
  const api = createAppApi({ host: 'cli', dataDir: io.dataDir ?? defaultDataDir(), today: io.today });
  try {
    return await fn(api);
  } finally {
    // Waits for the in-process sandbox (if a send started one) to stop, so the process can exit.
    await api.shutdown();
  }
}

function requireArg(value: string | undefined, name: string, io: CliIO): string | undefined {
  if (!value) io.err(`Manca l'argomento ${name}.\n\n${USAGE}`);
  return value;
}

function report(r: ApiResponse<unknown>, io: CliIO, ok: (result: unknown) => string): number {
  if (r.ok) {
    io.out(ok(r.result));
    return 0;
  }
  io.err(`Errore ${r.error.code}: ${r.error.message}${r.error.fix ? `\nCome fare: ${r.error.fix}` : ''}`);
  return 1;
}

/** The file's text, decoded with the encoding its XML declaration names; undefined (and a message) when unreadable. */
function readXmlText(file: string, io: CliIO): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    io.err(`${file}: impossibile leggere il file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    return undefined;
  }
  try {
    return decodeXmlBytes(bytes).text;
  } catch (e) {
    const err = toErrorData(e);
    io.err(`${file}: ${err.code} ${err.message}`);
    return undefined;
  }
}

async function checkCommand(files: string[], io: CliIO): Promise<number> {
  if (files.length === 0) {
    io.err(`Indica almeno un file.\n\n${USAGE}`);
    return 2;
  }
  return withApi(io, async (api) => {
    let worst = 0;
    for (const file of files) {
      const xml = readXmlText(file, io);
      if (xml === undefined) {
        worst = 2;
        continue;
      }
      const r = await api.call('fatturapa.check', { xml, today: io.today?.() });
      if (!r.ok) {
        io.out(`${file}: ${r.error.code} errore ${r.error.message}`);
        worst = 2;
        continue;
      }
      const findings = (r.result as { findings: { code: string; severity: string; path: string; message: string }[] }).findings;
      for (const f of findings) io.out(`${file}: ${f.code} ${f.severity === 'error' ? 'errore' : 'avviso'} ${f.path}: ${f.message}`);
      if (findings.some((f) => f.severity === 'error')) worst = Math.max(worst, 1);
      if (findings.length === 0) io.err(`${file}: nessun problema`);
    }
    return worst;
  });
}

async function roundtripCommand(args: string[], io: CliIO): Promise<number> {
  const file = requireArg(args[0], 'FILE', io);
  if (!file) return 2;
  const xml = readXmlText(file, io);
  if (xml === undefined) return 2;
  return withApi(io, async (api) => {
    const r = await api.call('fatturapa.roundtrip', { xml });
    if (!r.ok) {
      io.err(`${file}: ${r.error.code} ${r.error.message}`);
      return 2;
    }
    io.out((r.result as { xml: string }).xml);
    return 0;
  });
}

async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const db = args[0];
  const outAt = args.indexOf('--out');
  const dir = outAt >= 0 ? args[outAt + 1] : undefined;
  if (!db || !dir) {
    io.err(`Uso: fatturadesk export DB --out DIR`);
    return 2;
  }
  return withApi(io, async (api) => {
    const opened = await api.call('companies.open', { file: resolve(db) });
    if (!opened.ok) return report(opened, io, () => '');
    const r = await api.call('documents.exportXml', { dir: resolve(dir) });
    return report(r, io, (res) => {
      const { count, dir: outDir } = res as { count: number; dir: string };
      return `${count} file XML scritti in ${outDir}`;
    });
  });
}

/** Methods that create the company file named on the command line instead of opening it. */
const CREATING_METHODS = new Set(['companies.create', 'companies.createDemo']);

async function callCommand(args: string[], io: CliIO): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h' || args.length === 0) {
    io.out('Uso: fatturadesk call DB METODO [JSON]\n\nMetodi:');
    for (const m of apiMethods) io.out(`  ${m.padEnd(28)} ${apiContract[m].doc}`);
    return args.length === 0 ? 2 : 0;
  }
  const [db, method, json] = args;
  if (!db || !method) {
    io.err('Uso: fatturadesk call DB METODO [JSON]');
    return 2;
  }
  if (method === '--batch') return callBatch(db, io);
  let parsed: unknown = {};
  if (json !== undefined) {
    try {
      parsed = JSON.parse(json);
    } catch {
      io.err(`Argomenti JSON non validi: ${json.slice(0, 200)}`);
      return 2;
    }
  }
  return withApi(io, async (api) => {
    const file = resolve(db);
    if (CREATING_METHODS.has(method)) {
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !('file' in parsed)) parsed = { ...parsed, file };
    } else {
      const opened = await api.call('companies.open', { file });
      if (!opened.ok) {
        io.err(JSON.stringify(opened.error, null, 2));
        return 1;
      }
    }
    const r = await api.call(method, parsed);
    if (r.ok) {
      io.out(JSON.stringify(r.result, null, 2));
      return 0;
    }
    io.err(JSON.stringify(r.error, null, 2));
    return 1;
  });
}

/**
 * `fatturadesk call DB --batch`: one API call per stdin line, `{"method": "...", "args": {...}}`, all in ONE process,
 * so state held in memory between calls (an unlocked vault, a running job) lasts for the whole script. Prints one JSON
 * line per call (the ApiResponse); exits 1 when any call failed. The vault password travels only inside the JSON.
 */
async function callBatch(db: string, io: CliIO): Promise<number> {
  const input = await (io.readStdin ?? readProcessStdin)();
  return withApi(io, async (api) => {
    const file = resolve(db);
    let failed = false;
    let opened = false;
    const lines = input.split(/\r?\n/).filter((l) => l.trim() !== '');
    for (const [i, line] of lines.entries()) {
      let req: { method?: unknown; args?: unknown };
      try {
        req = JSON.parse(line) as { method?: unknown; args?: unknown };
      } catch {
        io.out(JSON.stringify({ ok: false, error: { code: 'JSON_NON_VALIDO', message: `Riga ${i + 1}: JSON non valido.`, fix: 'Scrivi una chiamata per riga: {"method": "...", "args": {...}}' } }));
        failed = true;
        continue;
      }
      const method = typeof req.method === 'string' ? req.method : '';
      let args = req.args ?? {};
      if (CREATING_METHODS.has(method)) {
        if (args && typeof args === 'object' && !Array.isArray(args) && !('file' in args)) args = { ...args, file };
      } else if (!opened && apiContract[method as keyof typeof apiContract]?.scope !== 'app') {
        const r = await api.call('companies.open', { file });
        if (!r.ok) {
          io.out(JSON.stringify(r));
          return 1;
        }
      }
      const r = await api.call(method, args);
      if (CREATING_METHODS.has(method) && r.ok) opened = true;
      if (method === 'companies.open' && r.ok) opened = true;
      if (!r.ok) failed = true;
      io.out(JSON.stringify(r));
      if (!opened && api.context.session.current) opened = true;
    }
    return failed ? 1 : 0;
  });
}

function readProcessStdin(): Promise<string> {
  return new Promise((resolveText, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolveText(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** Runs an SdI job through the API and waits for it, printing its progress lines on stderr. */
async function runJob(api: AppApi, io: CliIO, method: 'outbox.send' | 'sdi.fetchUpdates', args: unknown): Promise<JobStatus | undefined> {
  let jobId: string | undefined;
  const early: JobProgress[] = [];
  const unsubscribe = api.subscribe({
    publish(event, data) {
      if (event !== 'job:progress') return;
      const p = data as JobProgress;
      if (jobId === undefined) early.push(p);
      else if (p.jobId === jobId && p.message) io.err(p.message);
    },
  });
  try {
    const started = await api.call(method, args);
    if (!started.ok) {
      report(started, io, () => '');
      return undefined;
    }
    jobId = (started.result as { jobId: string }).jobId;
    for (const p of early) if (p.jobId === jobId && p.message) io.err(p.message);
    const done = await api.call('jobs.wait', { jobId });
    return done.ok ? ((done.result as JobStatus | null) ?? undefined) : undefined;
  } finally {
    unsubscribe();
  }
}

function jobError(io: CliIO, status: JobStatus | undefined): void {
  if (status?.error) io.err(`Errore ${status.error.code}: ${status.error.message}${status.error.fix ? `\nCome fare: ${status.error.fix}` : ''}`);
}

async function sendCommand(args: string[], io: CliIO): Promise<number> {
  const db = args[0];
  if (!db || args.length > 1) {
    io.err('Uso: fatturadesk send DB');
    return 2;
  }
  return withApi(io, async (api) => {
    const opened = await api.call('companies.open', { file: resolve(db) });
    if (!opened.ok) return report(opened, io, () => '');
    // Temporary problems are retried within the run for up to a minute, with backoff.
    const sent = await runJob(api, io, 'outbox.send', { retryWithinMs: 60_000 });
    if (sent?.state === 'done') io.out((sent.result as { message: string }).message);
    else jobError(io, sent);
    if (sent?.state === 'done') {
      const fetched = await runJob(api, io, 'sdi.fetchUpdates', {});
      if (fetched?.state === 'done') io.out((fetched.result as { message: string }).message);
      else jobError(io, fetched);
    }
    const list = await api.call('outbox.list', { limit: 1 });
    if (!list.ok) return report(list, io, () => '');
    const counts = (list.result as { counts: Record<string, number> }).counts;
    const pending = (counts.queued ?? 0) + (counts.sending ?? 0) + (counts.failed ?? 0);
    if (pending > 0) io.err(`Documenti non ancora trasmessi: ${pending} (in coda ${counts.queued ?? 0}, in invio ${counts.sending ?? 0}, rifiutati dal canale ${counts.failed ?? 0}).`);
    return sent?.state === 'done' && pending === 0 ? 0 : 1;
  });
}

async function statusCommand(args: string[], io: CliIO): Promise<number> {
  const db = args[0];
  if (!db || args.length > 1) {
    io.err('Uso: fatturadesk status DB');
    return 2;
  }
  return withApi(io, async (api) => {
    const opened = await api.call('companies.open', { file: resolve(db) });
    if (!opened.ok) return report(opened, io, () => '');
    io.out(['number', 'file_name', 'sdi_id', 'status'].join('\t'));
    for (let offset = 0; ; offset += 1000) {
      const r = await api.call('interscambio.sent', { sort: 'number', offset, limit: 1000 });
      if (!r.ok) return report(r, io, () => '');
      const page = r.result as { rows: { numero: string; fileName: string; sdiId?: string; status: string }[]; total: number };
      for (const row of page.rows) io.out([row.numero, row.fileName, row.sdiId ?? '', row.status].join('\t'));
      if (offset + 1000 >= page.total) break;
    }
    return 0;
  });
}

/** TSV needs one line per record: tabs and line breaks inside a field become spaces. */
const tsvField = (s: string) => s.replace(/[\t\r\n]+/g, ' ');

async function importCommand(args: string[], io: CliIO): Promise<number> {
  const [db, ...paths] = args;
  if (!db || paths.length === 0) {
    io.err('Uso: fatturadesk import DB PATH...');
    return 2;
  }
  return withApi(io, async (api) => {
    const opened = await api.call('companies.open', { file: resolve(db) });
    if (!opened.ok) return report(opened, io, () => '');
    const started = await api.call('import.paths', { paths });
    if (!started.ok) return report(started, io, () => '');
    const { jobId } = started.result as { jobId: string };
    const done = await api.call('jobs.wait', { jobId });
    if (!done.ok) return report(done, io, () => '');
    const status = done.result as { state: string; error?: { code: string; message: string }; result?: ImportSummary };
    if (!status.result) {
      io.err(`Errore ${status.error?.code ?? ''}: ${status.error?.message ?? 'importazione non completata'}`);
      return 1;
    }
    const summary = status.result;
    for (const f of summary.files) {
      if (f.documents.length === 0) io.out([f.name, f.result, f.reason].map(tsvField).join('\t'));
      for (const d of f.documents) io.out([d.name, d.result, d.reason].map(tsvField).join('\t'));
    }
    io.err(summary.message);
    return summary.counts.rejected > 0 || summary.cancelled ? 1 : 0;
  });
}

async function backupCommand(args: string[], io: CliIO): Promise<number> {
  const db = args[0];
  if (!db || args.length > 1) {
    io.err('Uso: fatturadesk backup DB');
    return 2;
  }
  return withApi(io, async (api) => {
    const opened = await api.call('companies.open', { file: resolve(db) });
    if (!opened.ok) return report(opened, io, () => '');
    const r = await api.call('backup.create', {});
    if (r.ok) {
      const b = r.result as BackupInfo;
      io.err(`Copia di sicurezza completa: ${b.registeredDocuments} documenti registrati, ${b.vaultDocuments} file della cassaforte, ${(b.sizeBytes / 1048576).toFixed(1)} MB.`);
    }
    return report(r, io, (res) => (res as BackupInfo).path);
  });
}

function printReport(io: CliIO, r: IntegrityReport, to: 'out' | 'err' = 'out'): void {
  for (const line of formatIntegrityReport(r)) io[to](line);
}

async function restoreCommand(args: string[], io: CliIO): Promise<number> {
  const [db, backup] = args;
  if (!db || !backup || args.length > 2) {
    io.err('Uso: fatturadesk restore DB BACKUP');
    return 2;
  }
  return withApi(io, async (api) => {
    const r = await api.call('backup.restore', { path: resolve(backup), file: resolve(db) });
    if (!r.ok) {
      io.err(`Errore ${r.error.code}: ${r.error.message}${r.error.fix ? `\nCome fare: ${r.error.fix}` : ''}`);
      const details = r.error.details as IntegrityReport | undefined;
      if (r.error.code === 'BACKUP_DANNEGGIATO' && details?.checks) printReport(io, details, 'err');
      return 1;
    }
    const res = r.result as RestoreResult;
    io.out(`Ripristinata ${res.file} dalla copia ${res.restoredFrom}.`);
    if (res.aside) io.out(`I dati sostituiti sono in ${res.aside.file}${res.aside.vault ? ` (cassaforte: ${res.aside.vault})` : ''}: per tornare indietro usa «Annulla ripristino» nell'app.`);
    return 0;
  });
}

async function verifyCommand(args: string[], io: CliIO): Promise<number> {
  const target = args[0];
  if (!target || args.length > 1) {
    io.err('Uso: fatturadesk verify DB|BACKUP');
    return 2;
  }
  const path = resolve(target);
  return withApi(io, async (api) => {
    let r: ApiResponse<unknown>;
    if (existsSync(path) && statSync(path).isDirectory()) r = await api.call('backup.verify', { path });
    else {
      const opened = await api.call('companies.open', { file: path });
      if (!opened.ok) {
        io.out(`Controllo di integrità di ${path}`);
        io.out(`L'archivio non si può aprire: ${opened.error.message}`);
        if (opened.error.fix) io.out(`Come fare: ${opened.error.fix}`);
        return 1;
      }
      r = await api.call('integrity.check', {});
    }
    if (!r.ok) return report(r, io, () => '');
    const rep = r.result as IntegrityReport;
    printReport(io, rep);
    return rep.ok ? 0 : 1;
  });
}
