/**
 * What goes inside each sealed box, and sealing/opening with the vault key. Every box is bound (associated data) to
 * the vault, its kind and its record id. A document's box starts with a version byte and its 32-byte content key,
 * followed by the JSON of its metadata: the key is copied out of the decrypted buffer and the buffer wiped, so the key
 * never becomes an immutable JS string.
 */
import type { IsoDate } from '../invoicing/types';
import { associatedData, joinBox, KEY_BYTES, splitBox, VaultAuthError, wipe, type RecordKind, type VaultCrypto } from './crypto';
import type { ReasonRequirement } from './types';

export interface DocumentMeta {
  name: string;
  categoryId: string;
  mime: string;
  size: number;
  notes?: string;
  expiry?: IsoDate;
}

export interface CategoryData {
  name: string;
  description?: string;
}

export interface ReasonData {
  name: string;
  requirements: ReasonRequirement[];
}

export interface ShareData {
  reasonId?: string;
  reasonName: string;
  recipient: { name: string; email: string };
  subject: string;
  message?: string;
  documents: { id: string; name: string; size: number }[];
}

const DOC_BOX_VERSION = 1;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A box that authenticated but does not hold what it should (a bug or a newer format): treated like tampering. */
export class VaultRecordFormatError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkDocumentMeta(v: unknown): DocumentMeta {
  if (!isObject(v) || typeof v.name !== 'string' || typeof v.categoryId !== 'string' || typeof v.mime !== 'string' || typeof v.size !== 'number') {
    throw new VaultRecordFormatError('metadati del documento non riconosciuti');
  }
  return v as unknown as DocumentMeta;
}

export class VaultSealer {
  constructor(
    private readonly crypto: VaultCrypto,
    readonly vaultId: string,
    private readonly key: Uint8Array,
  ) {}

  private aad(kind: RecordKind, id: string): Uint8Array {
    return associatedData(this.vaultId, kind, id);
  }

  sealJson(kind: Exclude<RecordKind, 'document' | 'blob' | 'vault-key'>, id: string, value: unknown): { nonce: Uint8Array; box: Uint8Array } {
    const plain = utf8.encode(JSON.stringify(value));
    try {
      return joinBox(this.crypto.seal(this.key, plain, this.aad(kind, id)));
    } finally {
      wipe(plain);
    }
  }

  openJson<T>(kind: Exclude<RecordKind, 'document' | 'blob' | 'vault-key'>, id: string, nonce: Uint8Array, box: Uint8Array): T {
    const sealed = splitBox(nonce, box);
    if (!sealed) throw new VaultAuthError();
    const plain = this.crypto.open(this.key, sealed, this.aad(kind, id));
    try {
      const v = JSON.parse(fromUtf8.decode(plain)) as unknown;
      if (!isObject(v)) throw new VaultRecordFormatError('contenuto non riconosciuto');
      return v as T;
    } finally {
      wipe(plain);
    }
  }

  sealDocument(id: string, dek: Uint8Array, meta: DocumentMeta): { nonce: Uint8Array; box: Uint8Array } {
    const json = utf8.encode(JSON.stringify(meta));
    const plain = new Uint8Array(1 + KEY_BYTES + json.length);
    plain[0] = DOC_BOX_VERSION;
    plain.set(dek, 1);
    plain.set(json, 1 + KEY_BYTES);
    try {
      return joinBox(this.crypto.seal(this.key, plain, this.aad('document', id)));
    } finally {
      wipe(plain, json);
    }
  }

  openDocument(id: string, nonce: Uint8Array, box: Uint8Array): { dek: Uint8Array; meta: DocumentMeta } {
    const sealed = splitBox(nonce, box);
    if (!sealed) throw new VaultAuthError();
    const plain = this.crypto.open(this.key, sealed, this.aad('document', id));
    try {
      if (plain.length < 1 + KEY_BYTES || plain[0] !== DOC_BOX_VERSION) throw new VaultRecordFormatError('formato dei metadati sconosciuto');
      // A copy: `plain` may be a Buffer, whose slice() is a view that the wipe below would zero.
      const dek = new Uint8Array(KEY_BYTES);
      dek.set(plain.subarray(1, 1 + KEY_BYTES));
      const meta = checkDocumentMeta(JSON.parse(fromUtf8.decode(plain.subarray(1 + KEY_BYTES))));
      return { dek, meta };
    } finally {
      wipe(plain);
    }
  }

  /** The blob's associated data: binds the file to its document id (two files swapped do not open). */
  blobAad(id: string): Uint8Array {
    return this.aad('blob', id);
  }
}
