/** Result shapes of the SdI methods of the API (outbox, notifications, channel), gathered for the contract. */
import type { Page, OutboxRow, OutboxState } from '../ports';
import type { DocumentDetail } from './types';

export type { OutboxItem, OutboxRow, ReceivedFile, SentDocumentRow } from '../ports';
export type { DocumentHistory, HistoryEntry } from '../sdi/outbox/history';
export type { DocumentDeadline } from '../sdi/outbox/deadlines';
export type { TransmitterInfo, ConfigureResult } from '../sdi/outbox/channel';
export type { TransmitterHealth } from '../sdi/transmitter';
export type { FetchUpdatesResult } from '../sdi/outbox/fetch';
export type { SendOutboxResult } from '../sdi/outbox/send';
import type { DeadlineWarning } from '../sdi/lifecycle';

export interface OutboxPage extends Page<OutboxRow> {
  /** Items per state, for the status bar ("12 in coda"). */
  counts: Record<OutboxState, number>;
}

export interface ManualExportResult {
  dir: string;
  /** Files written (the zip alone when zip was asked). */
  files: string[];
  count: number;
  message: string;
}

export interface CorrectionDetail {
  document: DocumentDetail;
  rejectedDocumentId: number;
  deadline?: string;
  warnings: DeadlineWarning[];
}
