/**
 * What API handlers get from their host: the company directory (open/create company files), the session's open company,
 * the clock and a few I/O ports. Hosts (Electron, web host, CLI) build it; core never touches files or SQLite itself.
 */
import type { CompanyStore } from '../ports';
import type { AccountingSettings, Company, IsoDate } from '../invoicing/types';
import type { AppInfo, CompanySummary } from './types';
import type { EventSink, JobRunner } from './jobs';
import type { ImporterHost } from '../importer/platform';
import type { SdiHost } from '../sdi/outbox/channel';
import type { VaultHost } from '../vault/host';
import type { BackupHost } from '../backup/host';
import type { CompanyOffload } from './offload';

export interface OpenCompany {
  file: string;
  store: CompanyStore;
  close(): void;
}

export interface CompanyDirectory {
  /** Recent companies, most recent first. */
  list(): CompanySummary[];
  /** Creates a new company file (refuses to overwrite) and returns it open. */
  create(file: string | undefined, company: Company, accounting: AccountingSettings): OpenCompany;
  open(file: string): OpenCompany;
  /** Records that `file` was opened now (recent list). */
  remember(summary: CompanySummary): void;
  forget(file: string): void;
  /** Closes and deletes a company file created in this session that must not survive (a failed creation). */
  discard(open: OpenCompany): void;
}

export interface FilePort {
  writeFile(path: string, data: Uint8Array | string): void;
  mkdir(path: string): void;
  join(...parts: string[]): string;
}

export interface ApiContext {
  info: Omit<AppInfo, 'fatturaPAVersion' | 'today'>;
  directory: CompanyDirectory;
  files: FilePort;
  /** Today's date in the user's time zone (injected so tests control it). */
  today(): IsoDate;
  session: { current?: OpenCompany };
  /** Progress and notification events to the UI (IPC, SSE, stderr). */
  events: EventSink;
  jobs: JobRunner;
  /** VIES REST base URL (tests point it at a local server); undefined = the real service. */
  viesBaseUrl?: string;
  /** The host's part of sending to the SdI (keychain, in-process sandbox); absent where sending is not possible. */
  sdi?: SdiHost;
  /** ZIP inflation, signature checks and local files for the importer (host/import-platform.ts); absent: reduced import. */
  importer?: ImporterHost;
  /** The document vault's host part (crypto, blob folder, keychain, SMTP); absent where the vault is not available. */
  vault?: VaultHost;
  /** Backups, restore, the integrity check and the accountant's export (host/backup); absent where files are not reachable. */
  backup?: BackupHost;
  /** Long company work run off the API's thread (host/workers); absent: it runs in-process. */
  offload?: CompanyOffload;
  hasCompany(): boolean;
}

/** The open company, or a clear error (the dispatcher already checks scope; this narrows the type). */
export function currentCompany(ctx: ApiContext): OpenCompany {
  const c = ctx.session.current;
  if (!c) throw new Error('Nessuna azienda aperta');
  return c;
}
