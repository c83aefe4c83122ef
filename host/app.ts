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

export interface AppApi {
  call(method: unknown, args: unknown): Promise<ApiResponse<unknown>>;
  /** Adds a listener for events (the web host's SSE channel, the CLI's progress); returns the remover. */
  subscribe(sink: EventSink): () => void;
  /** The context, for hosts that need the open company (e.g. to close it on exit). */
  readonly context: ApiContext;
  close(): void;
}

export interface AppApiOptions {
  host: 'electron' | 'web' | 'cli';
  dataDir: string;
  today?: () => string;
  viesBaseUrl?: string;
  version?: string;
  /** Where progress and notification events go (IPC, SSE, stderr); default: nowhere. */
  events?: EventSink;
}

export function createAppApi(opts: AppApiOptions): AppApi {
  const listeners = new Set<EventSink>();
  if (opts.events) listeners.add(opts.events);
  const events: EventSink = { publish: (event, data) => listeners.forEach((l) => l.publish(event, data)) };
  const context: ApiContext = {
    events,
    jobs: new JobRunner(events),
    info: { version: opts.version ?? '0.1.0', host: opts.host, platform: process.platform },
    directory: createCompanyDirectory(opts.dataDir),
    files: {
      writeFile: (path, data) => writeFileSync(path, data),
      mkdir: (path) => mkdirSync(path, { recursive: true }),
      join: (...parts) => join(...parts),
    },
    today: opts.today ?? (() => todayIso()),
    session: {},
    hasCompany: () => context.session.current !== undefined,
    viesBaseUrl: opts.viesBaseUrl ?? process.env.FATTURADESK_VIES_URL,
  };
  const dispatcher = createApiDispatcher();
  return {
    context,
    call: (method, args) => dispatcher.call(method, args, context),
    subscribe(sink) {
      listeners.add(sink);
      return () => listeners.delete(sink);
    },
    close() {
      void context.jobs.stopAll();
      context.session.current?.close();
      context.session.current = undefined;
    },
  };
}
