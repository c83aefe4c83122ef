/**
 * The SDICoop channel: files go to the SdI's SdIRiceviFile web service (SOAP over HTTPS with the client certificate the
 * Agenzia delle Entrate issued at accreditation), which answers at once with the IdentificativoSdI or an EI01-EI03
 * refusal; the SdI's notifications come back as calls to the transmitter's own TrasmissioneFatture endpoint
 * (host/transmitters/sdicoop-endpoint.ts, run by the office on a host the SdI can reach), which writes each file into
 * a folder: `fetchUpdates` reads that folder (`endpointDir`, local or a network share).
 *
 * TLS, certificates and files are the host's (`SdicoopDriver`); this module speaks the protocol.
 */
import { fail } from '../../errors';
import type { IncomingFile, OutgoingFile, SendOptions, SendOutcome, Transmitter, TransmitterHealth, TransmitterUpdates } from '../transmitter';
import { pairMetadata } from './sandbox';
import { parseRiceviFileResponse, RICEVI_FILE_SOAP_ACTION, riceviFileRequest, SDI_SEND_ERRORS } from './soap';

export const SDICOOP_TRANSMITTER_ID = 'sdicoop';
const CHANNEL = 'SDICoop';

export interface SdicoopConfig {
  /** The SdIRiceviFile endpoint (https). */
  url: string;
  /** Client certificate: a PKCS#12 file (.p12/.pfx) or a PEM file (certificate, possibly with its private key). */
  certFile: string;
  /** PEM private key, when certFile holds only the certificate. */
  privateKeyFile?: string;
  /** PEM file of the CA(s) that issued the SdI's server certificate (default: the system's). */
  caFile?: string;
  /** Folder where the TrasmissioneFatture endpoint writes the SdI's notifications. */
  endpointDir?: string;
  /** Per request. */
  timeoutSeconds?: number;
}

export const SDICOOP_CONFIG_KEYS = ['url', 'certFile', 'privateKeyFile', 'caFile', 'endpointDir', 'timeoutSeconds'] as const;

function badConfig(field: string, message: string, fix: string): never {
  fail('IMPOSTAZIONE_NON_VALIDA', message, { field: `config.${field}`, fix });
}

export function readSdicoopConfig(config: Record<string, string>): SdicoopConfig {
  const url = (config.url ?? '').trim();
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    badConfig('url', `Indirizzo del servizio SdIRiceviFile non valido: «${url}».`, 'Scrivi l’indirizzo comunicato dall’Agenzia al momento dell’accreditamento, ad esempio https://servizi.fatturapa.it/ricevi_file.');
  }
  const local = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) badConfig('url', `Il servizio SDICoop richiede https: «${url}».`, 'L’indirizzo deve iniziare con https://.');
  const certFile = (config.certFile ?? '').trim();
  if (!certFile) badConfig('certFile', 'Manca il file del certificato client SDICoop.', 'Indica il file .p12 (o .pem) del certificato rilasciato dall’Agenzia delle Entrate.');
  const out: SdicoopConfig = { url: u.toString(), certFile };
  const opt = (k: 'privateKeyFile' | 'caFile' | 'endpointDir') => {
    const v = (config[k] ?? '').trim();
    if (v) out[k] = v;
  };
  opt('privateKeyFile');
  opt('caFile');
  opt('endpointDir');
  if (config.timeoutSeconds) {
    const t = Number(config.timeoutSeconds);
    if (!Number.isInteger(t) || t < 1 || t > 600) badConfig('timeoutSeconds', `Tempo massimo non valido: «${config.timeoutSeconds}».`, 'Indica i secondi, da 1 a 600 (predefinito 60).');
    out.timeoutSeconds = t;
  }
  return out;
}

// ----- the host's part ----------------------------------------------------------------------------------------------

export interface SdicoopHttpAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** A failure below HTTP, classified by the host (Italian message). */
export class SdicoopChannelError extends Error {
  constructor(
    /**
     * CLIENT_CERT: the server refused our certificate; SERVER_CERT: the server's certificate is not trusted;
     * CONFIG: certificate file or password unusable; TLS: other handshake failures; TIMEOUT; NETWORK.
     */
    readonly kind: 'CLIENT_CERT' | 'SERVER_CERT' | 'CONFIG' | 'TLS' | 'TIMEOUT' | 'NETWORK',
    message: string,
    readonly temporary: boolean,
  ) {
    super(message);
    this.name = 'SdicoopChannelError';
  }
}

export interface SdicoopDriver {
  request(req: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; body?: Uint8Array; timeoutMs: number; signal?: AbortSignal }): Promise<SdicoopHttpAnswer>;
  /** The endpoint's notification folder: files after `cursor` (oldest first, at most `max`). */
  readNotifications?(cursor: string | undefined, max: number): Promise<{ files: IncomingFile[]; cursor?: string }>;
  /** True when the folder has a notification about `invoiceBaseName` (name without extension). */
  hasNotificationFor?(invoiceBaseName: string): Promise<boolean>;
  close?(): Promise<void>;
}

// ----- the transmitter ----------------------------------------------------------------------------------------------

export interface SdicoopTransmitterOptions {
  config: SdicoopConfig;
  driver: SdicoopDriver;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function describe(e: unknown): { message: string; temporary: boolean; code: string; fix: string } {
  if (e instanceof SdicoopChannelError) {
    const fix = {
      CLIENT_CERT: 'Controlla il certificato client SDICoop indicato nelle impostazioni (deve essere quello rilasciato dall’Agenzia per questo canale, non scaduto).',
      SERVER_CERT: 'Il certificato del servizio non è riconosciuto: controlla l’indirizzo e il file delle autorità di certificazione (CA) nelle impostazioni.',
      CONFIG: 'Controlla il file del certificato e la sua password in Impostazioni › Canale di invio.',
      TLS: 'Controlla certificato e indirizzo del servizio; poi riprova.',
      TIMEOUT: 'Nessuna azione richiesta: l’invio verrà ritentato automaticamente (prima si verifica che il file non sia già arrivato).',
      NETWORK: 'Controlla la connessione a Internet; l’invio verrà ritentato automaticamente.',
    }[e.kind];
    return { message: e.message, temporary: e.temporary, code: `SDICOOP_${e.kind}`, fix };
  }
  return { message: `errore imprevisto (${e instanceof Error ? e.message : String(e)})`, temporary: true, code: 'SDICOOP_ERRORE', fix: 'Riprova più tardi.' };
}

export function createSdicoopTransmitter(opts: SdicoopTransmitterOptions): Transmitter {
  const { config, driver } = opts;
  const timeoutMs = opts.timeoutMs ?? (config.timeoutSeconds ? config.timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS);
  const fetchesUpdates = !!config.endpointDir && !!driver.readNotifications;

  async function sendOne(file: OutgoingFile, signal?: AbortSignal): Promise<SendOutcome> {
    const name = file.fileName;
    let res: SdicoopHttpAnswer;
    try {
      res = await driver.request({
        method: 'POST',
        url: config.url,
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${RICEVI_FILE_SOAP_ACTION}"`, accept: 'text/xml, multipart/related' },
        body: new TextEncoder().encode(riceviFileRequest(name, file.bytes)),
        timeoutMs,
        signal,
      });
    } catch (e) {
      const d = describe(e);
      const error = { code: d.code, message: `${CHANNEL}: invio di ${name} non riuscito: ${d.message}.`, fix: d.fix };
      return d.temporary ? { fileName: name, status: 'retry', error } : { fileName: name, status: 'refused', error };
    }
    if (res.status === 401 || res.status === 403) {
      return { fileName: name, status: 'refused', error: { code: 'SDICOOP_CLIENT_CERT', message: `${CHANNEL}: accesso negato dal servizio (HTTP ${res.status}) per ${name}.`, fix: describe(new SdicoopChannelError('CLIENT_CERT', '', false)).fix } };
    }
    let r;
    try {
      r = parseRiceviFileResponse(res.contentType, res.body);
    } catch (e) {
      const temporary = res.status >= 500 || res.status === 408 || res.status === 429;
      const why = e instanceof Error ? e.message : String(e);
      const error = { code: `HTTP_${res.status}`, message: `${CHANNEL}: risposta non valida del servizio (HTTP ${res.status}) per ${name}: ${why}`, fix: temporary ? 'L’invio verrà ritentato automaticamente.' : 'Controlla l’indirizzo del servizio SdIRiceviFile nelle impostazioni.' };
      return temporary ? { fileName: name, status: 'retry', error } : { fileName: name, status: 'refused', error };
    }
    if (r.kind === 'accepted') return { fileName: name, status: 'accepted', sdiId: r.sdiId, ...(r.receivedAt ? { receivedAt: r.receivedAt } : {}) };
    if (r.kind === 'error') {
      const ei = SDI_SEND_ERRORS[r.code];
      const error = { code: r.code, message: `${CHANNEL}: lo SdI ha rifiutato ${name}: ${ei.message}.`, fix: ei.fix };
      return ei.temporary ? { fileName: name, status: 'retry', error } : { fileName: name, status: 'refused', error };
    }
    // SOAP fault: a Server fault is the service's own trouble (retry), a Client fault is about our request.
    const server = /server/i.test(r.fault.code);
    const error = { code: 'SOAP_FAULT', message: `${CHANNEL}: errore SOAP del servizio per ${name}: ${r.fault.message || r.fault.code}.`, fix: server ? 'L’invio verrà ritentato automaticamente.' : 'Controlla il file e le impostazioni del canale, poi «Riprova».' };
    return server ? { fileName: name, status: 'retry', error } : { fileName: name, status: 'refused', error };
  }

  return {
    id: SDICOOP_TRANSMITTER_ID,
    label: 'SDICoop (servizio web dell’Agenzia delle Entrate)',
    capabilities: () => ({ batch: false, fetchesUpdates, receivesInvoices: false, manualUpload: false }),

    /** TLS handshake with the client certificate and a harmless GET (the service's WSDL). */
    async health(signal): Promise<TransmitterHealth> {
      const checkedAt = new Date().toISOString();
      const wsdl = `${config.url}${config.url.includes('?') ? '&' : '?'}wsdl`;
      try {
        const res = await driver.request({ method: 'GET', url: wsdl, timeoutMs: Math.min(timeoutMs, 15_000), signal });
        if (res.status === 401 || res.status === 403) return { ok: false, message: `${CHANNEL}: il servizio ha negato l’accesso al certificato client (HTTP ${res.status}).`, checkedAt };
        if (res.status >= 500) return { ok: false, message: `${CHANNEL}: servizio raggiunto con il certificato client, ma temporaneamente non disponibile (HTTP ${res.status}).`, checkedAt };
        const notes = fetchesUpdates ? ` Le notifiche si leggono da ${config.endpointDir}.` : ' Nessuna cartella dell’endpoint di ricezione indicata: le notifiche vanno importate a mano.';
        return { ok: true, message: `${CHANNEL}: connessione TLS con certificato client riuscita, il servizio SdIRiceviFile risponde (HTTP ${res.status}).${notes}`, checkedAt };
      } catch (e) {
        return { ok: false, message: `${CHANNEL}: ${describe(e).message}.`, checkedAt };
      }
    },

    async send(files: readonly OutgoingFile[], sendOpts: SendOptions = {}): Promise<SendOutcome[]> {
      const outcomes: SendOutcome[] = [];
      for (const file of files) {
        if (sendOpts.signal?.aborted) {
          outcomes.push({ fileName: file.fileName, status: 'retry', error: { code: 'ANNULLATO', message: 'Invio annullato prima di questo file.' } });
          continue;
        }
        outcomes.push(await sendOne(file));
        sendOpts.onProgress?.(outcomes.length, files.length, file.fileName);
      }
      return outcomes;
    },

    /**
     * The SdI has no "do you have this file" operation. A notification about it in the endpoint's folder proves it
     * arrived; otherwise it is sent again, and the SdI's duplicate answer (00002) is reconciled by the ingestion.
     */
    async lookup(fileName) {
      if (!driver.hasNotificationFor || !config.endpointDir) return undefined;
      const base = fileName.replace(/\.xml(\.p7m)?$/i, '');
      try {
        return (await driver.hasNotificationFor(base)) ? { fileName, status: 'accepted' as const } : undefined;
      } catch (e) {
        fail('CANALE_NON_RAGGIUNGIBILE', `${CHANNEL}: cartella delle notifiche non leggibile: ${describe(e).message}.`, { fix: 'Controlla che la cartella dell’endpoint sia raggiungibile.' });
      }
    },

    async fetchUpdates(cursor): Promise<TransmitterUpdates> {
      if (!fetchesUpdates) return { files: [] };
      let r;
      try {
        r = await driver.readNotifications!(cursor, 500);
      } catch (e) {
        fail('CANALE_NON_RAGGIUNGIBILE', `${CHANNEL}: cartella delle notifiche ${config.endpointDir} non leggibile: ${e instanceof Error ? e.message : String(e)}.`, {
          fix: 'Controlla che la cartella indicata nelle impostazioni esista e sia raggiungibile da questo computer.',
        });
      }
      return r.cursor !== undefined && r.cursor !== cursor ? { files: pairMetadata(r.files), cursor: r.cursor } : { files: pairMetadata(r.files) };
    },

    async close() {
      await driver.close?.();
    },
  };
}
