/**
 * A document's SdI history: its transmission (outbox), every notification as stored, explained in Italian, and the
 * links of "correggi e reinvia" (the rejected document it replaces, or the correction that replaced it).
 */
import { fail } from '../../errors';
import type { DocumentStatus } from '../../invoicing/types';
import type { CompanyStore, OutboxItem, SdiMessageEffect } from '../../ports';
import { getDocument } from '../../invoicing/services/drafts';
import { explainNotification, type NotificationExplanation } from '../explain';
import type { SdiNotification } from '../messages';
import { isPaDocument } from './ingest';

export interface HistoryEntry {
  /** Id for documents.notificationFile (the raw file as it came). */
  messageId: number;
  fileName: string;
  kind?: string;
  sdiId?: string;
  receivedAt: string;
  notifiedAt?: string;
  effect: SdiMessageEffect;
  statusBefore?: DocumentStatus;
  statusAfter?: DocumentStatus;
  source: string;
  note?: string;
  size: number;
  explanation: NotificationExplanation;
}

export interface DocumentHistory {
  documentId: number;
  status: DocumentStatus;
  fileName?: string;
  sdiId?: string;
  outbox?: OutboxItem;
  /** This document corrects a rejected one (same number and date). */
  correctionOf?: { id: number; numero?: string; fileName?: string };
  /** The correction of this rejected document. */
  correctedBy?: { id: number; status: DocumentStatus; fileName?: string };
  entries: HistoryEntry[];
}

const isNotification = (p: unknown): p is SdiNotification => !!p && typeof p === 'object' && typeof (p as { kind?: unknown }).kind === 'string' && 'family' in (p as object);

function explain(parsed: unknown, effect: SdiMessageEffect, note: string | undefined, pa: boolean): NotificationExplanation {
  if (isNotification(parsed)) {
    const e = explainNotification(parsed, { pa });
    if (effect === 'ignored' && note) return { ...e, message: `${e.message} ${note}` };
    return e;
  }
  if (effect === 'unparsed') return { title: 'File non leggibile', severity: 'warning', message: note ?? 'Il file non è una notifica leggibile; è conservato così come è arrivato.' };
  return { title: 'Aggiornamento del canale', severity: 'ok', message: note ?? 'Aggiornamento ricevuto dal canale di invio.' };
}

export function documentHistory(store: CompanyStore, documentId: number): DocumentHistory {
  const doc = getDocument(store, documentId);
  const pa = doc.status !== 'draft' && isPaDocument(store, documentId);
  const entries = store.sdiMessages.listByDocument(documentId).map((m): HistoryEntry => {
    const e: HistoryEntry = {
      messageId: m.id,
      fileName: m.fileName,
      receivedAt: m.receivedAt,
      effect: m.effect,
      source: m.source,
      size: m.size,
      explanation: explain(m.parsed, m.effect, m.note, pa),
    };
    for (const k of ['kind', 'sdiId', 'notifiedAt', 'statusBefore', 'statusAfter', 'note'] as const) if (m[k] !== undefined) (e as unknown as Record<string, unknown>)[k] = m[k];
    return e;
  });
  const h: DocumentHistory = { documentId, status: doc.status, entries };
  if (doc.registration) h.fileName = doc.registration.fileName;
  if (doc.sdiId) h.sdiId = doc.sdiId;
  const item = store.outbox.getByDocument(documentId);
  if (item) h.outbox = item;
  const rejectedId = store.sdiState.correctionOf(documentId);
  if (rejectedId !== undefined) {
    const r = store.documents.get(rejectedId);
    h.correctionOf = { id: rejectedId, ...(r?.registration ? { numero: r.registration.numero, fileName: r.registration.fileName } : {}) };
  }
  const correctionId = store.sdiState.correctionFor(documentId);
  if (correctionId !== undefined) {
    const c = store.documents.get(correctionId);
    if (c) h.correctedBy = { id: c.id, status: c.status, ...(c.registration ? { fileName: c.registration.fileName } : {}) };
  }
  return h;
}

/** A stored notification file, byte for byte as it came. */
export function notificationFile(store: CompanyStore, messageId: number): { fileName: string; bytes: Uint8Array } {
  const m = store.sdiMessages.get(messageId);
  const bytes = m ? store.sdiMessages.bytes(messageId) : undefined;
  if (!m || !bytes) fail('NOTIFICA_NON_TROVATA', `Notifica ${messageId} non trovata.`, { fix: 'Ricarica lo storico del documento.' });
  return { fileName: m.fileName, bytes };
}
