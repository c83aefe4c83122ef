/**
 * The vault's host side: one VaultSession per open company file in this process, wired to node:crypto, the blob
 * folder beside the company file, the OS keychain (the SdI host's SecretStore: one keychain per process), nodemailer
 * and local files. Only one company is open at a time: opening another locks the previous vault, and closing a company
 * (directory wrapper below) locks its vault before the file closes.
 */
import type { CompanyDirectory, OpenCompany } from '../../core/api/context';
import type { IsoDate } from '../../core/invoicing/types';
import type { KdfParams, VaultCrypto } from '../../core/vault/crypto';
import type { VaultHost } from '../../core/vault/host';
import type { MailTransportFactory, Scheduler } from '../../core/vault/ports';
import { VaultSession, type VaultSecretStore } from '../../core/vault/session';
import type { LockReason } from '../../core/vault/types';
import { createFileBlobStore, vaultFolderFor } from './blob-store';
import { nodeVaultFiles } from './local-files';
import { nodeVaultCrypto } from './node-crypto';
import { createSmtpTransportFactory } from './smtp';

/** Timers that never keep the process alive (a CLI command ends even with the vault unlocked). */
export const nodeScheduler: Scheduler = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface NodeVaultHostOptions {
  today(): IsoDate;
  secrets?(): Promise<VaultSecretStore>;
  publish?(event: string, data: unknown): void;
  autoUnlockRemembered?: boolean;
  mail?: MailTransportFactory;
  scheduler?: Scheduler;
  crypto?: VaultCrypto;
  kdf?: Omit<KdfParams, 'salt'>;
  now?(): Date;
}

export interface NodeVaultHost extends VaultHost {
  /** Called by the directory wrapper when a company closes. */
  closed(company: OpenCompany): void;
}

export function createNodeVaultHost(o: NodeVaultHostOptions): NodeVaultHost {
  const sessions = new Map<OpenCompany, VaultSession>();
  const sessionSecrets = new Map<string, string>();
  const mail = o.mail ?? createSmtpTransportFactory();
  const lockAndDrop = (company: OpenCompany, reason: LockReason) => {
    sessions.get(company)?.lock(reason);
    sessions.delete(company);
  };
  return {
    session(company) {
      let s = sessions.get(company);
      if (s) return s;
      for (const other of [...sessions.keys()]) lockAndDrop(other, 'company-closed');
      s = new VaultSession({
        store: company.store,
        blobs: createFileBlobStore(vaultFolderFor(company.file)),
        crypto: o.crypto ?? nodeVaultCrypto,
        scheduler: o.scheduler ?? nodeScheduler,
        today: o.today,
        now: o.now,
        secrets: o.secrets,
        sessionSecrets,
        mail,
        files: nodeVaultFiles,
        kdf: o.kdf,
        autoUnlockRemembered: o.autoUnlockRemembered,
        publish: (event, data) => o.publish?.(event, { file: company.file, ...(data as object) }),
      });
      sessions.set(company, s);
      return s;
    },
    lockAll(reason) {
      for (const c of [...sessions.keys()]) lockAndDrop(c, reason);
    },
    closed(company) {
      lockAndDrop(company, 'company-closed');
    },
  };
}

/** The directory, with every company it opens locking its vault when it closes. */
export function lockVaultOnClose(directory: CompanyDirectory, vault: NodeVaultHost): CompanyDirectory {
  const wrap = (open: OpenCompany): OpenCompany => {
    const wrapped: OpenCompany = {
      file: open.file,
      store: open.store,
      close() {
        vault.closed(wrapped);
        open.close();
      },
    };
    return wrapped;
  };
  return {
    ...directory,
    list: () => directory.list(),
    create: (file, company, accounting) => wrap(directory.create(file, company, accounting)),
    open: (file) => wrap(directory.open(file)),
    remember: (s) => directory.remember(s),
    forget: (f) => directory.forget(f),
    discard: (open) => directory.discard(open),
  };
}
