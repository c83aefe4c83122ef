/**
 * The host's side of sending to the SdI (core/sdi/outbox/channel.ts `SdiHost`): the OS keychain (created once, on
 * first use), the in-process sandbox SdI for companies whose sandbox channel has no URL (started on first use with its
 * data in <dataDir>/sandbox-sdi, stopped by close()), and this process's identity for the outbox lease.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SdiHost } from '../core/sdi/outbox/channel';
import type { FetchFn } from '../core/sdi/transmitters/http';
import { startSandboxSdi, type SandboxSdiServer } from './sandbox-sdi/index';
import { createSecretStore, type SecretStore, type SecretStoreOptions } from './secrets';
import { nodeTransmitterDrivers } from './transmitters/index';
import type { TransmitterDrivers } from '../core/sdi/transmitters/index';

export interface NodeSdiHost extends SdiHost {
  /** Stops the in-process sandbox, when one was started. */
  close(): Promise<void>;
  /** The in-process sandbox, once started (tests set its rules and read its log). */
  readonly localSandbox?: SandboxSdiServer;
}

export interface NodeSdiHostOptions {
  dataDir: string;
  secrets?: SecretStoreOptions;
  fetch?: FetchFn;
  /** PEC and SDICoop drivers (tests trust their own certificates); default: the Node ones. */
  drivers?: TransmitterDrivers;
}

/** True when process `pid` exists on this computer (signal 0 only checks). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createNodeSdiHost(opts: NodeSdiHostOptions): NodeSdiHost {
  let secrets: Promise<SecretStore> | undefined;
  let sandbox: Promise<SandboxSdiServer> | undefined;
  let started: SandboxSdiServer | undefined;
  const owner = `${hostname()}:${process.pid}:${globalThis.crypto.randomUUID()}`;
  return {
    sessionSecrets: new Map(),
    fetch: opts.fetch,
    drivers: opts.drivers ?? nodeTransmitterDrivers,
    secrets: () => (secrets ??= createSecretStore(opts.secrets)),
    localSandboxUrl() {
      sandbox ??= startSandboxSdi({ port: 0, dir: join(opts.dataDir, 'sandbox-sdi') }).then(
        (s) => {
          started = s;
          return s;
        },
        (e: unknown) => {
          // A failed start is not cached: the next send tries again.
          sandbox = undefined;
          throw e;
        },
      );
      return sandbox.then((s) => s.url);
    },
    leaseHolder: () => ({ owner, pid: process.pid, host: hostname(), isAlive: processIsAlive }),
    get localSandbox() {
      return started;
    },
    async close() {
      const s = sandbox;
      sandbox = undefined;
      started = undefined;
      if (s) await (await s).close();
    },
  };
}
