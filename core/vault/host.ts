/** The host's part of the vault (host/vault/host.ts): one VaultSession per open company file in this process. */
import type { OpenCompany } from '../api/context';
import type { VaultSession } from './session';
import type { LockReason } from './types';

export interface VaultHost {
  /** The vault of `company` (created on first use; sessions of other companies are locked). */
  session(company: OpenCompany): VaultSession;
  /** Locks every vault of this process (company closed, host shutting down). */
  lockAll(reason: LockReason): void;
}
