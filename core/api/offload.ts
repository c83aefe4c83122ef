/**
 * Work the host can run away from the thread that answers the API (a worker thread with its own connection to the
 * company file), so that a long job never keeps the other calls waiting. Core only sees this port; hosts that have no
 * worker leave it out and the work runs in-process.
 */
import type { BatchRegistration } from '../invoicing/services/registration';
import type { IsoDate } from '../invoicing/types';

export interface CompanyOffload {
  /** registerDocuments on the company file `file`, in one transaction of the worker's own connection. */
  registerDocuments(file: string, draftIds: readonly number[], opts: { today: IsoDate }): Promise<BatchRegistration>;
}

/**
 * Below this many drafts a selection is registered in-process: it takes a few tens of milliseconds at most (about
 * 1-2 ms per document), less than starting the work elsewhere.
 */
export const OFFLOAD_MIN_DRAFTS = 24;
