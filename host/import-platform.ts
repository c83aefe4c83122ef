/**
 * The importer's platform for Node and Electron: ZIP entries inflated by node:zlib (the output bounded by the size the
 * archive declares), CAdES signatures checked by node:crypto against the certificate carried in the file, and the
 * local file system for `import.paths` (symbolic links are never followed, so a folder cannot loop or escape).
 */
import { createHash, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { CryptoPort, ImporterHost, ImportFileSystem, ImportPlatform, InflatePort, SignatureCheckInput } from '../core/importer/platform';

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.4': 'sha224',
};

/** Signature algorithms whose hash is implied by the OID; rsaEncryption and id-ecPublicKey take the signer's digest. */
const SIGNATURES: Record<string, string | null> = {
  '1.2.840.113549.1.1.1': null, // rsaEncryption
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.2.1': null, // id-ecPublicKey
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

export const nodeInflate: InflatePort = {
  inflateRaw(data, maxOutput) {
    // maxOutputLength makes zlib stop (and throw) as soon as the output would exceed the declared size.
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, maxOutput) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};

// Parsing the certificate costs more than checking the signature: a batch from one signer parses it once.
const keys = new Map<string, KeyObject | null>();
const MAX_KEYS = 256;

function publicKeyOf(der: Uint8Array): KeyObject | undefined {
  const id = createHash('sha256').update(der).digest('base64');
  let key = keys.get(id);
  if (key === undefined) {
    try {
      key = new X509Certificate(der).publicKey;
    } catch {
      key = null;
    }
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(id, key);
  }
  return key ?? undefined;
}

export const nodeCrypto: CryptoPort = {
  digest(oid, data) {
    const alg = DIGESTS[oid];
    return alg ? new Uint8Array(createHash(alg).update(data).digest()) : undefined;
  },
  verify(input: SignatureCheckInput) {
    const digest = DIGESTS[input.digestAlgorithm];
    const implied = SIGNATURES[input.signatureAlgorithm];
    if (implied === undefined || (implied === null && !digest)) return undefined;
    const key = publicKeyOf(input.certificate);
    if (!key) return undefined;
    try {
      return verify(implied ?? digest!, input.data, key, input.signature);
    } catch {
      // A malformed signature value (wrong length, bad ECDSA encoding) is a signature that does not verify.
      return false;
    }
  },
};

export const nodeImportPlatform: ImportPlatform = { inflate: nodeInflate, crypto: nodeCrypto };

export const nodeImportFileSystem: ImportFileSystem = {
  stat(path) {
    try {
      const s = lstatSync(path);
      return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other', size: s.size };
    } catch {
      return undefined;
    }
  },
  list: (dir) => readdirSync(dir).sort(),
  read(path) {
    const b = readFileSync(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  join: (dir, name) => join(dir, name),
  basename: (path) => basename(path),
};

export const nodeImporterHost: ImporterHost = { platform: nodeImportPlatform, fs: nodeImportFileSystem };
