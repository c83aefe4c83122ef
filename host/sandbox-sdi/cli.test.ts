import { X509Certificate, createHash, createPrivateKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSandboxCli } from './cli';
import { loadOrCreateIdentity } from './signer';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
  dirs.push(d);
  return d;
};

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  let printed!: () => void;
  const firstLine = new Promise<void>((r) => (printed = r));
  return {
    out,
    err,
    controller,
    firstLine,
    io: {
      out: (l: string) => {
        out.push(l);
        printed();
      },
      err: (l: string) => err.push(l),
      signal: controller.signal,
    },
  };
}

describe('runSandboxCli', () => {
  it('prints the URL on its own line, serves until stopped, exits 0', async () => {
    const t = io();
    const dir = tempDir();
    const running = runSandboxCli(['--port', '0', '--dir', dir, '--family=b2b'], t.io);
    await t.firstLine;
    expect(t.out).toHaveLength(1);
    expect(t.out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${t.out[0]}/sdi/v1/health`);
    expect(await health.json()).toEqual({ ok: true, version: '1' });
    t.controller.abort();
    expect(await running).toBe(0);
    expect(t.err.join('\n')).toMatch(/fermata/);
    await expect(fetch(`${t.out[0]}/sdi/v1/health`)).rejects.toThrow();
  });

  it.each([
    [['--port', 'abc'], /Porta non valida/],
    [['--port', '70000'], /Porta non valida/],
    [['--dir'], /Manca la cartella/],
    [['--family', 'xyz'], /Famiglia di notifiche non valida/],
    [['--boh'], /Argomento sconosciuto/],
  ])('%j → exit 2 with usage', async (args, message) => {
    const t = io();
    expect(await runSandboxCli(args, t.io)).toBe(2);
    expect(t.err.join('\n')).toMatch(message);
    expect(t.err.join('\n')).toMatch(/Uso: fatturadesk sandbox/);
  });

  it('--help prints usage and exits 0', async () => {
    const t = io();
    expect(await runSandboxCli(['--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(/--port N/);
  });

  it('exits 1 when it cannot start', async () => {
    const t = io();
    const file = join(tempDir(), 'un-file');
    writeFileSync(file, 'x');
    expect(await runSandboxCli(['--dir', file], t.io)).toBe(1);
    expect(t.err.join('\n')).toMatch(/Impossibile avviare la sandbox SdI/);
  });
});

describe('sandbox signing identity', () => {
  it('is a self-signed X.509 v3 RSA certificate, made once and kept (key readable only by the owner)', () => {
    const dir = tempDir();
    const a = loadOrCreateIdentity(dir);
    const cert = a.certificate;
    expect(cert.subject).toMatch(/CN=Sandbox Sistema di Interscambio/);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(a.privateKey)).toBe(true);
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 9 * 365 * 86_400_000);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'key.pem')).mode & 0o077).toBe(0);
    const b = loadOrCreateIdentity(dir);
    expect(b.certificate.fingerprint256).toBe(cert.fingerprint256);
    const data = Buffer.from('prova');
    expect(verify('sha256', data, cert.publicKey, Buffer.from(b.signer.signRsaSha256(data)))).toBe(true);
    expect(Buffer.from(b.signer.sha256(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    expect(Buffer.compare(Buffer.from(b.signer.certificateDer), new X509Certificate(readFileSync(join(dir, 'certificate.pem'))).raw)).toBe(0);
  });

  it('makes a new pair when the kept one does not match', () => {
    const dir = tempDir();
    const a = loadOrCreateIdentity(dir);
    // Replace the key with another one: the certificate no longer matches it.
    const other = loadOrCreateIdentity(tempDir());
    writeFileSync(join(dir, 'key.pem'), other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const b = loadOrCreateIdentity(dir);
    expect(b.certificate.fingerprint256).not.toBe(a.certificate.fingerprint256);
    expect(b.certificate.checkPrivateKey(createPrivateKey(readFileSync(join(dir, 'key.pem'))))).toBe(true);
    expect(sign('sha256', Buffer.from('x'), b.privateKey).length).toBe(256);
  });
});
