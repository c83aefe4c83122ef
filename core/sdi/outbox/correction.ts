/**
 * "Correggi e reinvia": after an NS (scarto), the document is not issued. The fix is a new version of it, linked to the
 * rejected one, that keeps its number and date (registration reuses them without consuming a number: see
 * registerDocument) and goes out with a new file name, because the SdI refuses a file name it has seen (00002). The
 * rejected document stays in the history as rejected. The law gives 5 days from the scarto to re-send this way.
 */
import { fail } from '../../errors';
import type { CompanyStore, StoredDocument } from '../../ports';
import { createDraft, getDocument } from '../../invoicing/services/drafts';
import type { DocumentDraft, IsoDate } from '../../invoicing/types';
import { correctionDeadline, deadlineWarnings, type DeadlineWarning } from '../lifecycle';

export interface CorrectionResult {
  document: StoredDocument;
  rejectedDocumentId: number;
  /** Last day to re-send with the same number and date, when the scarto's date is known. */
  deadline?: IsoDate;
  /** The 5-day warning (or "expired"), in Italian. */
  warnings: DeadlineWarning[];
}

/**
 * When the document was rejected, for the 5-day count: the earlier of the time the SdI wrote in the NS
 * (DataOraRicezione of the file) and the time FatturaDesk got the NS, so fetching late never stretches the deadline.
 */
export function rejectionTime(store: CompanyStore, documentId: number): string | undefined {
  const ns = store.sdiMessages
    .listByDocument(documentId)
    .filter((m) => m.kind === 'NS' && m.effect === 'applied' && m.statusAfter === 'rejected')
    .pop();
  if (!ns) return undefined;
  const written = ns.notifiedAt && !Number.isNaN(Date.parse(ns.notifiedAt)) ? ns.notifiedAt : undefined;
  return written && Date.parse(written) < Date.parse(ns.receivedAt) ? written : ns.receivedAt;
}

export function correctRejected(store: CompanyStore, documentId: number, opts: { today: IsoDate }): CorrectionResult {
  return store.transaction(() => {
    const rejected = getDocument(store, documentId);
    const label = rejected.registration ? `n. ${rejected.registration.numero}` : `${documentId}`;
    if (rejected.status !== 'rejected') {
      fail('DOCUMENTO_NON_SCARTATO', `Il documento ${label} non è stato scartato dal Sistema di Interscambio: non c’è nulla da correggere e reinviare.`, {
        fix: 'Per correggere un documento consegnato emetti una nota di credito.',
      });
    }
    const existing = store.sdiState.correctionFor(documentId);
    if (existing !== undefined) {
      const other = store.documents.get(existing);
      fail('CORREZIONE_GIA_PRESENTE', `Il documento ${label} ha già una correzione${other?.status === 'draft' ? ' in bozza' : ` (${other?.registration?.fileName ?? 'registrata'})`}.`, {
        fix: other?.status === 'draft' ? 'Apri la bozza di correzione già creata.' : 'Se anche la correzione è stata scartata, correggi quella.',
        details: { documentId: existing },
      });
    }
    const { id: _id, ...rest } = structuredClone(rejected.draft);
    const draft: DocumentDraft = { ...rest, date: rejected.date };
    const created = createDraft(store, draft);
    store.sdiState.linkCorrection(created.id, documentId, new Date().toISOString());
    const rejectedAt = rejectionTime(store, documentId);
    const warnings = deadlineWarnings({ status: 'rejected', date: rejected.date, ...(rejectedAt ? { rejectedAt } : {}), ...(rejected.registration ? { number: rejected.registration.numero } : {}) }, opts.today);
    return {
      document: created,
      rejectedDocumentId: documentId,
      ...(rejectedAt ? { deadline: correctionDeadline(rejectedAt) } : {}),
      warnings,
    };
  });
}
