/**
 * The deadlines the UI warns about: a registered invoice must be transmitted within 12 days of its date; a rejected one
 * must be corrected and re-sent within 5 days of the scarto (core/sdi/lifecycle.ts computes each warning). Only the
 * documents still open are read (not yet sent, or rejected without a correction on its way), so this stays instant
 * with 100,000 documents.
 */
import type { CompanyStore } from '../../ports';
import type { IsoDate } from '../../invoicing/types';
import { deadlineWarnings, type DeadlineWarning } from '../lifecycle';
import { rejectionTime } from './correction';

export interface DocumentDeadline extends DeadlineWarning {
  documentId: number;
  numero: string;
  date: IsoDate;
  customerName: string;
  fileName: string;
  /** The correction (draft) already started for a rejected document. */
  correctionId?: number;
}

export function listDeadlines(store: CompanyStore, today: IsoDate): DocumentDeadline[] {
  const out: DocumentDeadline[] = [];
  for (const d of store.sdiState.listByStatus(['registered', 'queued', 'sending', 'rejected'])) {
    let rejectedAt: string | undefined;
    let correctionId: number | undefined;
    if (d.status === 'rejected') {
      // A correction already registered carries the deadline from now on (its own status decides). The list read
      // brings the correction and its status along; a store that does not is asked document by document.
      correctionId = 'correctionId' in d ? d.correctionId : store.sdiState.correctionFor(d.id);
      const correctionStatus = 'correctionStatus' in d ? d.correctionStatus : correctionId !== undefined ? store.documents.get(correctionId)?.status : undefined;
      if (correctionId !== undefined && correctionStatus !== 'draft') continue;
      rejectedAt = rejectionTime(store, d.id) ?? d.sdiUpdatedAt;
    }
    for (const w of deadlineWarnings({ status: d.status, date: d.date, number: d.numero, ...(rejectedAt ? { rejectedAt } : {}) }, today)) {
      out.push({ ...w, documentId: d.id, numero: d.numero, date: d.date, customerName: d.customerName, fileName: d.fileName, ...(correctionId !== undefined ? { correctionId } : {}) });
    }
  }
  // Most urgent first.
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.documentId - b.documentId);
}
