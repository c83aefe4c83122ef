/**
 * What the importer needs from its host and cannot do in pure TypeScript at speed: inflating ZIP entries, and the
 * cryptography to check a CAdES signature. Hosts implement it with node:zlib and node:crypto (host/import-platform.ts);
 * without `crypto`, signed files are still opened and their signature is reported as not verified.
 */
export interface InflatePort {
  /**
   * Inflates raw DEFLATE data, producing at most `maxOutput` bytes. Throws (anything) when the data is broken or the
   * output would exceed `maxOutput`: the ZIP reader turns that into a clear error for that entry.
   */
  inflateRaw(data: Uint8Array, maxOutput: number): Uint8Array;
}

export interface SignatureCheckInput {
  /** OID of the digest algorithm of the signer (e.g. 2.16.840.1.101.3.4.2.1 for SHA-256). */
  digestAlgorithm: string;
  /** OID of the signature algorithm (rsaEncryption, sha256WithRSAEncryption, ecdsa-with-SHA256...). */
  signatureAlgorithm: string;
  /** The signed bytes: the DER of the signed attributes (SET OF), or the content when there are none. */
  data: Uint8Array;
  signature: Uint8Array;
  /** DER of the signer's X.509 certificate, taken from the SignedData. */
  certificate: Uint8Array;
}

export interface CryptoPort {
  /** Digest of `data` with the algorithm `oid`; undefined when the algorithm is not supported. */
  digest(oid: string, data: Uint8Array): Uint8Array | undefined;
  /** true/false when the signature could be checked; undefined when an algorithm or the certificate is not supported. */
  verify(input: SignatureCheckInput): boolean | undefined;
}

export interface ImportPlatform {
  inflate?: InflatePort;
  crypto?: CryptoPort;
}

/** Files and folders on the local disk, for `import.paths` (desktop and CLI). */
export interface ImportFileSystem {
  /** undefined when the path does not exist. Symbolic links are reported as 'other' and never followed. */
  stat(path: string): { kind: 'file' | 'dir' | 'other'; size: number } | undefined;
  /** Names of the entries of a folder. */
  list(dir: string): string[];
  read(path: string): Uint8Array;
  join(dir: string, name: string): string;
  basename(path: string): string;
}

export interface ImporterHost {
  platform: ImportPlatform;
  fs?: ImportFileSystem;
}
