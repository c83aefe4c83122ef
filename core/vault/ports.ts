/**
 * What the vault needs from its host besides the company store: the folder of encrypted blobs, e-mail sending, timers,
 * and local files for desktop/CLI import and export. host/vault/ implements them with node:fs and nodemailer.
 */
import type { SmtpSettings } from './types';

/** The encrypted files of one vault (`<company file>.vault/`). Synchronous, like the company store. */
export interface VaultBlobStore {
  /** The folder, for messages. */
  readonly location: string;
  /** Writes atomically: temp file, fsync, rename over `<id>.fdv`, fsync of the folder. */
  write(id: string, parts: readonly Uint8Array[]): void;
  /** The file's bytes, or undefined when it does not exist. */
  read(id: string): Uint8Array | undefined;
  /** Overwrites the file with zeros, then removes it. False when it was not there. */
  remove(id: string): boolean;
  /** Blob files present, with their modification time (orphan cleanup). */
  list(): { id: string; modifiedMs: number }[];
  /** Removes temp files older than `olderThanMs` (left by a crash mid-write); returns how many. */
  removeStaleTemp(olderThanMs: number): number;
}

export interface MailAddress {
  name?: string;
  email: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailMessage {
  from: MailAddress;
  to: MailAddress;
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

export interface MailSendResult {
  messageId?: string;
  accepted: string[];
  rejected: string[];
}

/**
 * Why sending failed. temporary: the server could not be reached or said "try later" (the share stays queued);
 * auth: user or password refused; rejected: the server refused the message or the recipient for good; config: the
 * settings cannot work (TLS mismatch, bad host name).
 */
export type MailFailureKind = 'temporary' | 'auth' | 'rejected' | 'config';

export class MailError extends Error {
  constructor(
    readonly kind: MailFailureKind,
    message: string,
    /** The transport's own code (ECONNECTION, EAUTH, 550...), for support. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

export interface MailTransport {
  send(message: MailMessage): Promise<MailSendResult>;
  /** Connects and authenticates without sending ("Prova connessione"). */
  verify(): Promise<void>;
  close(): void;
}

export type MailTransportFactory = (settings: SmtpSettings, password: string | undefined) => MailTransport;

export interface Scheduler {
  /** Runs `fn` after `ms` (never keeps the process alive just for this). */
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Local files, for uploads from paths and "Scarica" to a path the user picked (desktop, CLI). */
export interface VaultFilePort {
  readFile(path: string): Uint8Array;
  /** Writes atomically (temp + rename); refuses to replace an existing file unless `overwrite`. */
  writeFile(path: string, data: Uint8Array, overwrite: boolean): void;
  baseName(path: string): string;
}
