/**
 * The SDICoop channel's Node part (core/sdi/transmitters/sdicoop.ts `SdicoopDriver`): HTTPS with the client certificate
 * (PKCS#12, or PEM certificate + key; the password from the OS keychain), the SdI's CA when given, a timeout per
 * request, and TLS failures told apart in Italian: our certificate refused by the server, the server's certificate not
 * trusted, an unusable certificate file or password. The endpoint's notification folder is read here too.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createSecureContext } from 'node:tls';
import { SdicoopChannelError, type SdicoopConfig, type SdicoopDriver, type SdicoopHttpAnswer } from '../../core/sdi/transmitters/sdicoop';
import { folderHasNotificationFor, readNotificationFolder } from './notification-folder';

/** Largest answer read (an SdI answer is a few kilobytes). */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

const CLIENT_CERT_REFUSED = new Set([
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
]);

const SERVER_CERT_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface TlsMaterial {
  pfx?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
  ca?: Buffer;
}

function readFile(path: string, what: string): Buffer {
  if (!existsSync(path)) throw new SdicoopChannelError('CONFIG', `${what} non trovato: ${path}`, false);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new SdicoopChannelError('CONFIG', `${what} non leggibile: ${path} (${(e as Error).message})`, false);
  }
}

/** Reads the certificate files and checks that they open with the password (so a wrong one is named as such). */
export function loadTlsMaterial(config: SdicoopConfig, password: string | undefined): TlsMaterial {
  const m: TlsMaterial = {};
  if (password) m.passphrase = password;
  const cert = readFile(config.certFile, 'File del certificato client');
  if (/\.(p12|pfx)$/i.test(config.certFile) || !cert.includes('-----BEGIN')) m.pfx = cert;
  else {
    m.cert = cert;
    if (config.privateKeyFile) m.key = readFile(config.privateKeyFile, 'File della chiave privata');
    else if (/-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(cert.toString('latin1'))) m.key = cert;
    else throw new SdicoopChannelError('CONFIG', 'il file del certificato non contiene la chiave privata e non è indicato un file della chiave', false);
  }
  if (config.caFile) m.ca = readFile(config.caFile, 'File delle autorità di certificazione');
  try {
    createSecureContext(m);
  } catch (e) {
    const msg = (e as Error).message;
    if (/mac verify|bad decrypt|wrong password|passphrase|decrypt/i.test(msg)) {
      throw new SdicoopChannelError('CONFIG', 'password del certificato errata (il file non si apre)', false);
    }
    if (/key values mismatch/i.test(msg)) throw new SdicoopChannelError('CONFIG', 'la chiave privata non corrisponde al certificato', false);
    throw new SdicoopChannelError('CONFIG', `certificato client non utilizzabile (${msg})`, false);
  }
  return m;
}

/** Socket/TLS errors -> SdicoopChannelError. `handshakeDone` tells a refusal after the handshake (TLS 1.3) apart. */
export function classifyTlsError(e: unknown, phase: { secureConnected: boolean; gotResponse: boolean }): SdicoopChannelError {
  if (e instanceof SdicoopChannelError) return e;
  const err = (e ?? {}) as { code?: string; message?: string };
  const code = err.code ?? '';
  const msg = (err.message ?? String(e)).replace(/\s+/g, ' ').slice(0, 200);
  if (CLIENT_CERT_REFUSED.has(code) || /alert (unknown ca|bad certificate|certificate required|certificate unknown|access denied)/i.test(msg)) {
    return new SdicoopChannelError('CLIENT_CERT', `il servizio ha rifiutato il certificato client (${code || msg})`, false);
  }
  if (SERVER_CERT_UNTRUSTED.has(code)) return new SdicoopChannelError('SERVER_CERT', `certificato del servizio non attendibile (${code})`, false);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return new SdicoopChannelError('TIMEOUT', 'il servizio non ha risposto in tempo', true);
  if (code === 'ECONNREFUSED') return new SdicoopChannelError('NETWORK', 'connessione rifiutata dal servizio', true);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new SdicoopChannelError('NETWORK', 'indirizzo del servizio non trovato (rete assente?)', true);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(msg)) {
    // A server that requires a client certificate it does not like often just closes the connection during (or, with
    // TLS 1.3, right after) the handshake, before any HTTP answer.
    if (!phase.gotResponse && !phase.secureConnected) return new SdicoopChannelError('CLIENT_CERT', 'il servizio ha chiuso la connessione durante la negoziazione TLS: certificato client non accettato?', false);
    if (!phase.gotResponse && phase.secureConnected) return new SdicoopChannelError('NETWORK', 'il servizio ha chiuso la connessione senza rispondere (certificato client non accettato, o servizio interrotto)', true);
    return new SdicoopChannelError('NETWORK', 'connessione interrotta durante la risposta', true);
  }
  if (/^ERR_SSL|^ERR_TLS/.test(code)) return new SdicoopChannelError('TLS', `negoziazione TLS non riuscita (${code})`, false);
  return new SdicoopChannelError('NETWORK', `errore di rete (${code || msg})`, true);
}

export interface SdicoopDriverOptions {
  /** Disables the server name check (tests with a certificate for 127.0.0.1 only); never used by the app. */
  checkServerIdentity?: false;
}

export function createNodeSdicoopDriver(config: SdicoopConfig, password: string | undefined, opts: SdicoopDriverOptions = {}): SdicoopDriver {
  let agent: https.Agent | undefined;
  const tlsAgent = () => {
    if (agent) return agent;
    const m = loadTlsMaterial(config, password);
    agent = new https.Agent({ keepAlive: false, ...m, minVersion: 'TLSv1.2', ...(opts.checkServerIdentity === false ? { checkServerIdentity: () => undefined } : {}) });
    return agent;
  };

  return {
    request({ method, url, headers, body, timeoutMs, signal }) {
      return new Promise<SdicoopHttpAnswer>((resolve, reject) => {
        let u: URL;
        try {
          u = new URL(url);
        } catch {
          reject(new SdicoopChannelError('CONFIG', `indirizzo non valido: ${url}`, false));
          return;
        }
        let a: https.Agent | undefined;
        try {
          if (u.protocol === 'https:') a = tlsAgent();
        } catch (e) {
          reject(e);
          return;
        }
        const phase = { secureConnected: false, gotResponse: false };
        let settled = false;
        const done = (f: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          f();
        };
        const lib = u.protocol === 'https:' ? https : http;
        const req = lib.request(
          u,
          { method, headers: { ...(headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) }, ...(a ? { agent: a } : {}) },
          (res) => {
            phase.gotResponse = true;
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              size += c.length;
              if (size > MAX_ANSWER_BYTES) {
                req.destroy();
                done(() => reject(new SdicoopChannelError('NETWORK', 'risposta del servizio troppo grande', true)));
                return;
              }
              chunks.push(c);
            });
            res.on('end', () => done(() => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: new Uint8Array(Buffer.concat(chunks)) })));
            res.on('error', (e) => done(() => reject(classifyTlsError(e, phase))));
          },
        );
        req.on('socket', (s) => s.once('secureConnect', () => (phase.secureConnected = true)));
        req.on('error', (e) => done(() => reject(classifyTlsError(e, phase))));
        const timer = setTimeout(() => {
          req.destroy();
          done(() => reject(new SdicoopChannelError('TIMEOUT', `il servizio non ha risposto entro ${Math.round(timeoutMs / 1000)} secondi`, true)));
        }, timeoutMs);
        const onAbort = () => {
          req.destroy();
          done(() => reject(new SdicoopChannelError('NETWORK', 'operazione annullata', true)));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (body) req.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
        else req.end();
      });
    },
    async readNotifications(cursor, max) {
      if (!config.endpointDir) return { files: [] };
      if (!existsSync(config.endpointDir)) throw new Error(`cartella ${config.endpointDir} inesistente`);
      return readNotificationFolder(config.endpointDir, cursor, max);
    },
    async hasNotificationFor(base) {
      return !!config.endpointDir && existsSync(config.endpointDir) && folderHasNotificationFor(config.endpointDir, base);
    },
    async close() {
      agent?.destroy();
    },
  };
}
