/** "Esporta per il commercialista": what the job returns. */
export interface AccountantExportResult {
  /** The zip written. */
  path: string;
  from: string;
  to: string;
  /** Files in the zip (the manifest included). */
  files: number;
  bytes: number;
  sales: number;
  purchases: number;
  notifications: number;
  /** Italian, one line. */
  message: string;
}

/** Where the export writes its files (the host's zip writer, with deflate). */
export interface ExportSink {
  /** Adds one file; `name` is a '/'-separated path inside the zip, already safe. */
  add(name: string, bytes: Uint8Array): void | Promise<void>;
}
