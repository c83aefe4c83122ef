/**
 * The pluggable channel to the SdI. Every transmitter (sandbox SdI peer, intermediary REST, manual export, PEC, SDICoop)
 * implements this one interface; the outbox service never knows which one it talks to.
 *
 * Idempotency contract: `send` may be called again for a file after a crash; before retrying a file whose previous
 * attempt's outcome is unknown, the outbox calls `lookup(fileName)` to learn whether the channel already has it.
 */

/** A file ready to go: the exact registered bytes, named IT<IdCodice>_<progressivo>.xml. */
export interface OutgoingFile {
  fileName: string;
  bytes: Uint8Array;
  /** The outbox item this file belongs to (for progress and logs). */
  itemId: number;
}

export type SendOutcome =
  /** The channel took the file (IdentificativoSdI when the channel gives one at once, e.g. SDICoop or the sandbox). */
  | { fileName: string; status: 'accepted'; sdiId?: string; transmissionId?: string; receivedAt?: string }
  /** The channel already had this file: treat as accepted, never as a failure. */
  | { fileName: string; status: 'duplicate'; sdiId?: string; transmissionId?: string; receivedAt?: string }
  /** Temporary problem (network, 5xx, timeout): retry later with backoff. */
  | { fileName: string; status: 'retry'; error: TransmitterError }
  /** Permanent refusal by the channel itself (not an SdI rejection, which arrives later as an NS notification). */
  | { fileName: string; status: 'refused'; error: TransmitterError };

export interface TransmitterError {
  code: string;
  /** Italian, for the bookkeeper. */
  message: string;
  fix?: string;
}

/** A file that arrived from the SdI side: a notification about a sent file, or an invoice received by the company. */
export interface IncomingFile {
  fileName: string;
  bytes: Uint8Array;
  kind: 'notification' | 'invoice' | 'metadata';
  /** For received invoices: the metadata file (MT / FileMetadati) that came with it, when there is one. */
  metadata?: { fileName: string; bytes: Uint8Array };
}

export interface TransmitterUpdates {
  files: IncomingFile[];
  /** Opaque position to resume from next time (stored per company); undefined = nothing new. */
  cursor?: string;
}

/** A file the channel took whose first SdI answer has not arrived yet (what a channel may ask about one by one). */
export interface AwaitedFile {
  fileName: string;
  /** The channel's own id of the transmission (e.g. the intermediary's send id), when it gave one. */
  transmissionId?: string;
  sdiId?: string;
}

/** What the outbox knows that helps a channel fetch: channels that only read a stream ignore it. */
export interface FetchUpdatesContext {
  /** Files transmitted through this channel still waiting for their first SdI answer, oldest first (bounded). */
  awaiting?: readonly AwaitedFile[];
}

export interface TransmitterCapabilities {
  /** Several files per call. */
  batch: boolean;
  /** Notifications can be fetched (otherwise they are imported by hand, as with the manual channel). */
  fetchesUpdates: boolean;
  /** Received invoices arrive through this channel. */
  receivesInvoices: boolean;
  /** The user uploads the files on the Agenzia's portal (manual channel). */
  manualUpload: boolean;
}

export interface TransmitterHealth {
  ok: boolean;
  /** Italian, shown in the status bar and by "Prova connessione". */
  message: string;
  checkedAt: string;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** Called after each file with how many are done. */
  onProgress?(done: number, total: number, fileName: string): void;
}

export interface Transmitter {
  readonly id: string;
  /** Italian label ("Sandbox SdI (prova)", "Intermediario", "Manuale"). */
  readonly label: string;
  capabilities(): TransmitterCapabilities;
  health(signal?: AbortSignal): Promise<TransmitterHealth>;
  /** Sends the files; one outcome per file, in the same order. Never throws for per-file problems. */
  send(files: readonly OutgoingFile[], opts?: SendOptions): Promise<SendOutcome[]>;
  /** Does the channel already have this file? undefined = unknown to the channel (safe to send). */
  lookup(fileName: string, signal?: AbortSignal): Promise<Extract<SendOutcome, { status: 'accepted' }> | undefined>;
  /**
   * What arrived after `cursor`. `context.awaiting` lets a channel that can be asked about a single transmission (the
   * intermediary: updates by send id) reconcile files its stream may have skipped; it never moves the cursor.
   */
  fetchUpdates(cursor: string | undefined, signal?: AbortSignal, context?: FetchUpdatesContext): Promise<TransmitterUpdates>;
  /** Releases sockets, in-process servers, timers. */
  close?(): Promise<void>;
}
