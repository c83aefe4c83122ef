/**
 * Test support: a small PKI made with the openssl command line in a temporary folder: the test "SdI" CA, a server
 * certificate for 127.0.0.1/localhost, a client certificate signed by the CA (PEM key + cert, a combined PEM as PHP's
 * local_cert wants it, and a password-protected PKCS#12), and an intruder: another CA and a client certificate it
 * signed. Only tests import this module.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Certificate + key in one PEM file. */
  clientCombined: string;
  clientP12: string;
  clientP12Password: string;
  otherCaCert: string;
  /** Client certificate + key signed by the other CA, one PEM file. */
  intruderCombined: string;
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} non riuscito: ${r.stderr}`);
}

function makeCa(dir: string, name: string, cn: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/C=IT/O=FatturaDesk test/CN=${cn}`]);
}

function makeSigned(dir: string, ca: string, name: string, cn: string, ext: string): void {
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/C=IT/O=FatturaDesk test/CN=${cn}`]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '30', '-extfile', `${name}.ext`]);
}

export function makeTestPki(dir: string): TestPki {
  makeCa(dir, 'ca', 'SdI test CA');
  makeCa(dir, 'other-ca', 'Altra CA');
  makeSigned(dir, 'ca', 'server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  makeSigned(dir, 'ca', 'client', 'trasmittente di prova', 'extendedKeyUsage=clientAuth\n');
  makeSigned(dir, 'other-ca', 'intruder', 'intruso', 'extendedKeyUsage=clientAuth\n');
  const cat = (out: string, ...files: string[]) => {
    const r = spawnSync('sh', ['-c', `cat ${files.join(' ')} > ${out}`], { cwd: dir });
    if (r.status !== 0) throw new Error(`cat ${out} non riuscito`);
  };
  cat('client-combined.pem', 'client.pem', 'client.key');
  cat('intruder-combined.pem', 'intruder.pem', 'intruder.key');
  const password = 'segreto-p12';
  openssl(dir, ['pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-out', 'client.p12', '-passout', `pass:${password}`, '-name', 'client']);
  const p = (f: string) => join(dir, f);
  return {
    dir,
    caCert: p('ca.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server.key'),
    clientCert: p('client.pem'),
    clientKey: p('client.key'),
    clientCombined: p('client-combined.pem'),
    clientP12: p('client.p12'),
    clientP12Password: password,
    otherCaCert: p('other-ca.pem'),
    intruderCombined: p('intruder-combined.pem'),
  };
}
