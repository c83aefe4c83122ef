/**
 * Test support for SDICoop: the PHP SdI peer of ../shared/peers/sdicoop-php (not ours: PHP's SoapServer built from the
 * official WSDL) run with `php -S`, three of them (plain answers, MTOM answers, slow answers), behind stunnel4, which
 * REQUIRES a client certificate signed by the test CA (verify = 2). Only tests import this module.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FATTURAPA_DIR } from '../../../core/testing/shared-files';
import { freePort, hasBinary, startChild, waitForPort, type Child } from './processes';
import type { TestPki } from './certs';

export const PEERS_DIR = FATTURAPA_DIR ? resolve(FATTURAPA_DIR, '../peers/sdicoop-php') : undefined;

/** Why the SDICoop peer tests cannot run here, or undefined when they can. */
export function sdicoopPeerMissing(): string | undefined {
  if (!PEERS_DIR || !existsSync(join(PEERS_DIR, 'server.php'))) return '../shared/peers/sdicoop-php non presente in questa copia';
  if (!hasBinary('php')) return 'php non installato (apt-get install php-cli php-soap)';
  if (!hasBinary('stunnel4') && !hasBinary('stunnel')) return 'stunnel4 non installato (apt-get install stunnel4)';
  if (!hasBinary('openssl')) return 'openssl non installato';
  return undefined;
}

export interface PhpPeer {
  dir: string;
  port: number;
  child: Child;
  /** Lines of received.tsv: id, NomeFile, sha256. */
  received(): { id: string; fileName: string; sha256: string }[];
}

/**
 * With PEER_MTOM=1 the peer wraps the envelope SoapServer printed in a multipart body but leaves SoapServer's
 * Content-Length (the envelope's length) in place, so the answer on the wire is cut short. This wrapper, written next
 * to the test data, runs server.php unchanged and only sets Content-Length to what was really printed.
 */
const CONTENT_LENGTH_FIX = `<?php
ob_start();
require getenv('PEER_SERVER_PHP');
$out = ob_get_clean();
header_remove('Content-Length');
header('Content-Length: ' . strlen($out));
echo $out;
`;

export async function startPhpPeer(dir: string, env: Record<string, string> = {}): Promise<PhpPeer> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  let script = join(PEERS_DIR!, 'server.php');
  if (env.PEER_MTOM === '1') {
    script = join(dir, '..', `content-length-fix-${port}.php`);
    writeFileSync(script, CONTENT_LENGTH_FIX);
  }
  const child = startChild('php', ['-S', `127.0.0.1:${port}`, script], { env: { PEER_DIR: dir, PEER_SERVER_PHP: join(PEERS_DIR!, 'server.php'), ...env }, cwd: PEERS_DIR! });
  await waitForPort(port, 15_000, child.proc);
  return {
    dir,
    port,
    child,
    received() {
      const f = join(dir, 'received.tsv');
      if (!existsSync(f)) return [];
      return readFileSync(f, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [id, fileName, sha256] = l.split('\t');
          return { id: id!, fileName: fileName!, sha256: sha256! };
        });
    },
  };
}

export interface TlsFront {
  /** TLS port for each backend port, in the order given. */
  ports: number[];
  child: Child;
}

/** stunnel4 in front of the given plain-HTTP ports, requiring a client certificate signed by pki's CA. */
export async function startStunnel(dir: string, pki: TestPki, backends: number[]): Promise<TlsFront> {
  const ports: number[] = [];
  let conf = `foreground = yes\npid =\ndebug = 4\n`;
  for (const [i, b] of backends.entries()) {
    const p = await freePort();
    ports.push(p);
    conf += `\n[svc${i}]\naccept = 127.0.0.1:${p}\nconnect = 127.0.0.1:${b}\ncert = ${pki.serverCert}\nkey = ${pki.serverKey}\nCAfile = ${pki.caCert}\nverify = 2\n`;
  }
  const confPath = join(dir, 'stunnel.conf');
  writeFileSync(confPath, conf);
  const bin = hasBinary('stunnel4') ? 'stunnel4' : 'stunnel';
  const child = startChild(bin, [confPath]);
  for (const p of ports) await waitForPort(p, 15_000, child.proc);
  return { ports, child };
}
