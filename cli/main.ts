/**
 * `fatturadesk`: the command line for scripting and batch work. Every company operation goes through the same API
 * contract the UI uses (host/app.ts), so anything the app can do is scriptable with `fatturadesk call`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { apiContract, apiMethods } from '../core/api/contract';
import type { ApiResponse } from '../core/api/define';
import { toErrorData } from '../core/errors';
import { decodeXmlBytes } from '../core/fatturapa/xml';
import { createAppApi, type AppApi } from '../host/app';
import { defaultDataDir } from '../host/paths';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  dataDir?: string;
  today?: () => string;
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
  call DB METODO [JSON]         chiama un metodo dell'API con argomenti JSON e stampa il risultato JSON
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
    case 'call':
      return callCommand(rest, io);
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
    api.close();
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
