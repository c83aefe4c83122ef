/**
 * Events the main process sends to the renderer: menu actions, and the events core publishes through the host's event
 * sink (jobs). The preload subscribes only to these names and main forwards only these; the web host streams core's
 * events over SSE with the same names, so the renderer handles one list in both modes.
 * Pure data (types from core): the renderer may import it at run time.
 */
import type { JobProgress, JobStatus } from '../core/api/jobs';

export const appEventNames = [
  'menu:new-company',
  'menu:open-company',
  'menu:close-company',
  'menu:about',
  'job:progress',
  'job:done',
  'vault:locked',
  'vault:shares',
] as const;

export type AppEventName = (typeof appEventNames)[number];

export interface AppEventPayloads {
  /** File chosen in the save dialog; the renderer shows the new-company form and calls companies.create with it. */
  'menu:new-company': { file: string };
  /** File chosen in the open dialog or the recent list; the renderer calls companies.open with it. */
  'menu:open-company': { file: string };
  'menu:close-company': null;
  'menu:about': null;
  /** Progress of a long job (batch send, import, PDF export), published by core/api/jobs.ts. */
  'job:progress': JobProgress;
  /** End of a job (done, failed or cancelled), with its result or error. */
  'job:done': JobStatus;
  /** The vault locked itself (idle time) or was locked: the Cassaforte screen asks for the password again. */
  'vault:locked': { reason: string };
  /** Share queue states changed (sent, failed, queued while offline). */
  'vault:shares': { entries: { id: string; state: string }[] };
}

export function isAppEventName(name: unknown): name is AppEventName {
  return typeof name === 'string' && (appEventNames as readonly string[]).includes(name);
}

/** IPC channel of an event: main sends on it, the preload listens on it. */
export function eventChannel(name: AppEventName): string {
  return `event:${name}`;
}
