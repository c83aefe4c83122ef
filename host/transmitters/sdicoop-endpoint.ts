/**
 * The TrasmissioneFatture endpoint an office runs where the SdI can reach it (`fatturadesk sdicoop-endpoint`): an HTTPS
 * server that accepts only clients with a certificate issued by the given CA (the SdI's), takes the six one-way
 * notification operations of TrasmissioneFatture_v1.1.wsdl (RicevutaConsegna, NotificaMancataConsegna, NotificaScarto,
 * NotificaEsito, NotificaDecorrenzaTermini, AttestazioneTrasmissioneFattura; plain SOAP or MTOM), and writes each file
 * into a folder (notification-folder.ts) that FatturaDesk reads with «Aggiorna stati» (channel setting endpointDir).
 * A file is answered with HTTP 200 only once it is safely on disk; a bad request gets a SOAP Client fault; a failure
 * to write gets a Server fault, so the SdI calls again later. GET /health answers "ok" (for monitoring).
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { AppError } from '../../core/errors';
import { EMPTY_SOAP_RESPONSE, isClientProblem, parseNotificationRequest, soapFault, type TrasmissioneOperation } from '../../core/sdi/transmitters/soap';
import { NotificationFolderWriter } from './notification-folder';

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export interface SdicoopEndpointOptions {
  port: number;
  /** Default 0.0.0.0 (the SdI must reach it). */
  host?: string;
  dir: string;
  /** PEM server certificate (chain) and key, and the CA(s) whose client certificates are accepted. */
  cert: string | Buffer;
  key: string | Buffer;
  ca: string | Buffer;
  passphrase?: string;
  /** Called for each request (one Italian line). */
  log?(line: string): void;
}

export interface ReceivedNotification {
  operation: TrasmissioneOperation;
  sdiId: string;
  fileName: string;
  written: boolean;
}

export interface SdicoopEndpoint {
  url: string;
  port: number;
  /** What arrived since start, in order (tests and the CLI's log). */
  received: ReceivedNotification[];
  close(): Promise<void>;
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startSdicoopEndpoint(opts: SdicoopEndpointOptions): Promise<SdicoopEndpoint> {
  const folder = new NotificationFolderWriter(opts.dir);
  const received: ReceivedNotification[] = [];
  const log = opts.log ?? (() => undefined);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate?.();
    const who = peer?.subject?.CN ?? '?';
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/')) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('ok\n');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        tooBig = true;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) {
        answer(res, 413, soapFault('Client', 'Richiesta troppo grande.'));
        return;
      }
      const body = new Uint8Array(Buffer.concat(chunks));
      let n;
      try {
        n = parseNotificationRequest(String(req.headers['content-type'] ?? 'text/xml'), body, req.headers.soapaction as string | undefined);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        log(`Richiesta rifiutata da ${who}: ${msg}`);
        answer(res, 500, soapFault(isClientProblem(e) || e instanceof AppError ? 'Client' : 'Server', msg));
        return;
      }
      try {
        const w = folder.write(n.fileName, n.bytes);
        received.push({ operation: n.operation, sdiId: n.sdiId, fileName: n.fileName, written: w.written });
        log(`${n.operation} ${n.fileName} (IdentificativoSdI ${n.sdiId}) da ${who}${w.written ? '' : ': già ricevuto, non riscritto'}`);
      } catch (e) {
        log(`Scrittura di ${n.fileName} non riuscita: ${e instanceof Error ? e.message : String(e)}`);
        answer(res, 500, soapFault('Server', 'Archiviazione temporaneamente non disponibile.'));
        return;
      }
      answer(res, 200, EMPTY_SOAP_RESPONSE);
    });
    req.on('error', () => res.destroy());
  };

  const server = https.createServer(
    {
      cert: opts.cert,
      key: opts.key,
      ca: opts.ca,
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    handle,
  );
  server.on('tlsClientError', (e) => log(`Connessione TLS rifiutata: ${e.message}`));
  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = !opts.host || opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return {
    url: `https://${shownHost}:${port}/`,
    port,
    received,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

export interface SdicoopEndpointCliIO {
  out(line: string): void;
  err(line: string): void;
  /** Stops the endpoint like a signal (tests). */
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

const USAGE = `Uso: fatturadesk sdicoop-endpoint --port N --dir CARTELLA --cert FILE --key FILE --ca FILE [--host INDIRIZZO]

Avvia l’endpoint TrasmissioneFatture (SDICoop) che riceve le notifiche dello SdI e le scrive in CARTELLA, letta da
FatturaDesk con «Aggiorna stati» (impostazione «Cartella delle notifiche» del canale SDICoop).
  --port N        porta HTTPS
  --dir CARTELLA  dove scrivere le notifiche
  --cert FILE     certificato del server (PEM, con la catena)
  --key FILE      chiave privata del server (PEM); password nella variabile FATTURADESK_ENDPOINT_KEY_PASSWORD
  --ca FILE       autorità di certificazione dei client ammessi (PEM: quella dello SdI)
  --host IND      indirizzo di ascolto (predefinito 0.0.0.0)
Si ferma con Ctrl+C.`;

const defaultIO: SdicoopEndpointCliIO = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
};

/** `fatturadesk sdicoop-endpoint ...`: 0 after a clean stop, 2 for bad arguments, 1 when it cannot start. */
export async function runSdicoopEndpointCli(args: string[], io: SdicoopEndpointCliIO = defaultIO): Promise<number> {
  const v: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      io.out(USAGE);
      return 0;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (!['--port', '--dir', '--cert', '--key', '--ca', '--host'].includes(flag)) {
      io.err(`Argomento sconosciuto: ${a}\n\n${USAGE}`);
      return 2;
    }
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (!value) {
      io.err(`Manca il valore di ${flag}.\n\n${USAGE}`);
      return 2;
    }
    v[flag.slice(2)] = value;
  }
  for (const k of ['port', 'dir', 'cert', 'key', 'ca']) {
    if (!v[k]) {
      io.err(`Manca --${k}.\n\n${USAGE}`);
      return 2;
    }
  }
  if (!/^\d{1,5}$/.test(v.port!) || Number(v.port) > 65535) {
    io.err(`Porta non valida: ${v.port}.\n\n${USAGE}`);
    return 2;
  }
  let material: { cert: Buffer; key: Buffer; ca: Buffer };
  try {
    material = { cert: readFileSync(resolve(v.cert!)), key: readFileSync(resolve(v.key!)), ca: readFileSync(resolve(v.ca!)) };
  } catch (e) {
    io.err(`File non leggibile: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const env = io.env ?? process.env;
  let endpoint: SdicoopEndpoint;
  try {
    endpoint = await startSdicoopEndpoint({
      port: Number(v.port),
      ...(v.host ? { host: v.host } : {}),
      dir: resolve(v.dir!),
      ...material,
      ...(env.FATTURADESK_ENDPOINT_KEY_PASSWORD ? { passphrase: env.FATTURADESK_ENDPOINT_KEY_PASSWORD } : {}),
      log: (l) => io.err(`${new Date().toISOString()} ${l}`),
    });
  } catch (e) {
    io.err(`Impossibile avviare l’endpoint SDICoop: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  io.out(endpoint.url);
  io.err(`Endpoint TrasmissioneFatture in ascolto su ${endpoint.url} (notifiche in ${resolve(v.dir!)}). Ctrl+C per fermarlo.`);
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
  await endpoint.close();
  io.err('Endpoint SDICoop fermato.');
  return 0;
}
