/** How each DocumentStatus looks (the Italian label is in i18n `status.*`). */
import type { DocumentStatus } from '../../core/invoicing/types';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

export const STATUS_TONE: Record<DocumentStatus, Tone> = {
  draft: 'neutral',
  registered: 'info',
  queued: 'accent',
  sending: 'accent',
  transmitted: 'info',
  delivered: 'success',
  not_delivered: 'warning',
  rejected: 'danger',
  accepted: 'success',
  refused: 'danger',
  expired: 'warning',
};

export const ALL_STATUSES = Object.keys(STATUS_TONE) as DocumentStatus[];
