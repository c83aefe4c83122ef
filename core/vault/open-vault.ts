/** What the operations on an unlocked vault work with (built by VaultSession.open(); never kept past a lock). */
import type { IsoDate } from '../invoicing/types';
import type { CompanyStore } from '../ports';
import type { VaultCrypto } from './crypto';
import type { VaultBlobStore } from './ports';
import type { VaultSealer } from './records';
import type { VaultIndex } from './vault-index';

export interface OpenVault {
  store: CompanyStore;
  crypto: VaultCrypto;
  sealer: VaultSealer;
  index: VaultIndex;
  blobs: VaultBlobStore;
  now(): Date;
  today(): IsoDate;
}
