/**
 * The composition root: builds the API context (company directory over SQLite files, file port, clock) and the
 * dispatcher over the contract's handlers. Electron IPC, the web host and the CLI all call `createAppApi(...).call`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext } from '../core/api/context';
import type { ApiResponse } from '../core/api/define';
import { JobRunner, type EventSink } from '../core/api/jobs';
import { createApiDispatcher } from '../core/api/handlers/index';
import { todayIso } from '../core/invoicing/services/dates';
import { createCompanyDirectory } from './company-directory';
import { createLockManager, type LockManager, type LockManagerOptions } from './company-lock';
import { guardCompanyDirectory } from './backup/company-guard';
import { startBackupSchedule, type BackupSchedule } from './backup/schedule';
import { createBackupHost, preMigrationBackup } from './backup/service';
import { nodeImporterHost } from './import-platform';
import { createNodeSdiHost, type NodeSdiHost, type NodeSdiHostOptions } from './sdi-host';
import { createNodeVaultHost, lockVaultOnClose, type NodeVaultHost, type NodeVaultHostOptions } from './vault/host';
import { createWorkerOffload } from './workers/offload';

export interface AppApi {
  call(method: unknown, args: unknown): Promise<ApiResponse<unknown>>;
  /** Adds a listener for events (the web host's SSE channel, the CLI's progress); returns the remover. */
  subscribe(sink: EventSink): () => void;
  /** The context, for hosts that need the open company (e.g. to close it on exit). */
  readonly context: ApiContext;
  /** The SdI side of the host (keychain, in-process sandbox). */
  readonly sdi: NodeSdiHost;
  /** The document vault's host part (one session per open company). */
  readonly vault: NodeVaultHost;
  /** Stops jobs and the in-process sandbox and closes the company without waiting (see shutdown). */
  close(): void;
  /** Like close, and resolves when running jobs have stopped and the in-process sandbox is down. */
  shutdown(): Promise<void>;
}

export interface AppApiOptions {
  host: 'electron' | 'web' | 'cli';
  dataDir: string;
  today?: () => string;
  viesBaseUrl?: string;
  version?: string;
  /** Where progress and notification events go (IPC, SSE, stderr); default: nowhere. */
  events?: EventSink;
  /** Keychain and fetch overrides for the SdI channels (tests). */
  sdi?: Omit<NodeSdiHostOptions, 'dataDir'>;
  /** Mail transport, timers, KDF cost overrides for the vault (tests). */
  vault?: Partial<Omit<NodeVaultHostOptions, 'today' | 'secrets' | 'publish'>>;
  /**
   * Automatic backups of the open company (checked at open and every hour; each company's settings say whether they
   * are on and how often). Default: on in the desktop app; the web host turns them on in `npm run serve`; the CLI and
   * tests leave them off.
   */
  automaticBackups?: boolean;
  /** Process lock overrides (tests: another "process" identity, timings). Default mode: exclusive, shared for the CLI. */
  lock?: Partial<LockManagerOptions>;
  /** Run long company work (registering a large selection) in a worker thread (host/workers): default true. */
  workers?: boolean;
}

export function createAppApi(opts: AppApiOptions): AppApi {
  const listeners = new Set<EventSink>();
  if (opts.events) listeners.add(opts.events);
  const events: EventSink = { publish: (event, data) => listeners.forEach((l) => l.publish(event, data)) };
  const sdi = createNodeSdiHost({ dataDir: opts.dataDir, ...opts.sdi });
  const vault = createNodeVaultHost({
    today: () => context.today(),
    // One keychain per process: the SdI host's store (created once, on first use).
    secrets: () => sdi.secrets(),
    publish: (event, data) => events.publish(event, data),
    // Each CLI command is a new process: a vault remembered on this computer opens by itself there.
    autoUnlockRemembered: opts.host === 'cli',
    ...opts.vault,
  });
  const appVersion = opts.version ?? '0.1.0';
  // The app and the web host own a company file exclusively; `fatturadesk` commands share it (company-lock.ts).
  const locks: LockManager = createLockManager({
    mode: opts.host === 'cli' ? 'shared' : 'exclusive',
    app: opts.host,
    onLost: (file) => {
      // Another process took the file over (this one looked dead, e.g. a computer that slept): stop using it.
      const cur = context.session.current;
      if (cur && cur.file === file) {
        context.session.current = undefined;
        cur.close();
      }
    },
    ...opts.lock,
  });
  let schedule: BackupSchedule | undefined;
  const directory = guardCompanyDirectory(createCompanyDirectory(opts.dataDir, { beforeMigrate: preMigrationBackup({ locks, appVersion }) }), locks, {
    onOpened: () => schedule?.check(),
  });
  const offload = opts.workers === false ? undefined : createWorkerOffload();
  const context: ApiContext = {
    sdi,
    vault,
    events,
    jobs: new JobRunner(events),
    info: { version: appVersion, host: opts.host, platform: process.platform },
    directory: lockVaultOnClose(directory, vault),
    files: {
      writeFile: (path, data) => writeFileSync(path, data),
      mkdir: (path) => mkdirSync(path, { recursive: true }),
      join: (...parts) => join(...parts),
    },
    today: opts.today ?? (() => todayIso()),
    session: {},
    hasCompany: () => context.session.current !== undefined,
    viesBaseUrl: opts.viesBaseUrl ?? process.env.FATTURADESK_VIES_URL,
    importer: nodeImporterHost,
    backup: createBackupHost({ context: () => context, locks, appVersion }),
    offload,
  };
  const dispatcher = createApiDispatcher();
  if (opts.automaticBackups ?? opts.host === 'electron') {
    // Through the dispatcher: the backup waits for writes in progress, and writes wait for it (single writer).
    schedule = startBackupSchedule({ run: () => dispatcher.call('backup.runDue', {}, context), hasCompany: () => context.hasCompany() });
  }
  return {
    context,
    call: (method, args) => dispatcher.call(method, args, context),
    subscribe(sink) {
      listeners.add(sink);
      return () => listeners.delete(sink);
    },
    sdi,
    vault,
    close() {
      void schedule?.stop();
      vault.lockAll('shutdown');
      // As before: the company closes at once. A job cut off mid-file leaves its item 'sending', which the next
      // send reconciles with the channel: nothing is sent twice.
      void context.jobs.stopAll();
      void offload?.close();
      context.session.current?.close();
      context.session.current = undefined;
      locks.releaseAll();
      void sdi.close();
    },
    async shutdown() {
      // A backup in progress finishes first: the file must not close under the SQLite backup.
      await schedule?.stop();
      const stopping = context.jobs.stopAll();
      const current = context.session.current;
      context.session.current = undefined;
      // Jobs hold the company they started on: let them stop before the file closes. (A vault share job finishes
      // the message it is sending, so the vault locks only after it.)
      await stopping;
      await offload?.close();
      vault.lockAll('shutdown');
      current?.close();
      locks.releaseAll();
      await sdi.close();
    },
  };
}
