/**
 * `fatturadesk sandbox [--port N] [--dir DIR] [--family auto|pa|b2b]`: runs the sandbox SdI peer until SIGINT/SIGTERM.
 * The first line on stdout is the base URL, alone, so scripts can read it.
 */
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../paths';
import type { SandboxFamily } from './sandbox';
import { startSandboxSdi } from './server';

export interface SandboxCliIO {
  out(line: string): void;
  err(line: string): void;
  /** Stops the sandbox like a signal (tests). */
  signal?: AbortSignal;
}

const USAGE = `Uso: fatturadesk sandbox [--port N] [--dir CARTELLA] [--family auto|pa|b2b]

Avvia il SdI di prova su 127.0.0.1 (protocollo in core/sdi/SANDBOX-PROTOCOL.md) e stampa il suo indirizzo.
  --port N        porta (predefinita: una libera)
  --dir CARTELLA  dove tenere file e notifiche (predefinita: la cartella dati di FatturaDesk/sandbox-sdi)
  --family F      schema delle notifiche: auto (B2B per FPR12, PA per FPA12), pa, b2b
Si ferma con Ctrl+C.`;

const defaultIO: SandboxCliIO = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
};

const FAMILIES: Record<string, SandboxFamily> = { auto: 'auto', pa: 'pa-v1.1', b2b: 'b2b-v1.0', 'pa-v1.1': 'pa-v1.1', 'b2b-v1.0': 'b2b-v1.0' };

/** Returns the exit code: 0 after a clean stop, 2 for bad arguments, 1 when the sandbox cannot start. */
export async function runSandboxCli(args: string[], io: SandboxCliIO = defaultIO): Promise<number> {
  let port = 0;
  let dir = join(defaultDataDir(), 'sandbox-sdi');
  let family: SandboxFamily = 'auto';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      return v === undefined || v === '' ? undefined : v;
    };
    const flag = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (flag === '--help' || flag === '-h') {
      io.out(USAGE);
      return 0;
    } else if (flag === '--port') {
      const v = value();
      if (!v || !/^\d{1,5}$/.test(v) || Number(v) > 65535) {
        io.err(`Porta non valida: ${v ?? '(mancante)'}.\n\n${USAGE}`);
        return 2;
      }
      port = Number(v);
    } else if (flag === '--dir') {
      const v = value();
      if (!v) {
        io.err(`Manca la cartella dopo --dir.\n\n${USAGE}`);
        return 2;
      }
      dir = resolve(v);
    } else if (flag === '--family') {
      const v = value();
      if (!v || !FAMILIES[v]) {
        io.err(`Famiglia di notifiche non valida: ${v ?? '(mancante)'} (ammesse: auto, pa, b2b).\n\n${USAGE}`);
        return 2;
      }
      family = FAMILIES[v]!;
    } else {
      io.err(`Argomento sconosciuto: ${a}\n\n${USAGE}`);
      return 2;
    }
  }

  let sandbox;
  try {
    sandbox = await startSandboxSdi({ port, dir, family });
  } catch (e) {
    io.err(`Impossibile avviare la sandbox SdI: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  io.out(sandbox.url);
  io.err(`Sandbox SdI in ascolto su ${sandbox.url} (dati in ${dir}). Ctrl+C per fermarla.`);

  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop);
  });
  await sandbox.close();
  io.err('Sandbox SdI fermata.');
  return 0;
}
