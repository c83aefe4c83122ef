/**
 * What comes back from the SdI side, one file at a time, each in ONE transaction: the file is stored exactly as it came
 * (bytes, its parsed form as JSON, kind, time received), linked to its document (by invoice file name, else by SdI id),
 * and the document's status moves as the lifecycle says (core/sdi/lifecycle.ts). The SdI's "already received" scarti
 * (00002 / 00404) about a file that did reach it are stored as duplicate notices, never as rejections. Invoices
 * addressed to the company are stored raw, with their metadata file, for the importer. Ingesting the same file twice
 * changes nothing (file names are unique), so a fetch repeated after a crash is harmless.
 */
import { AppError } from '../../errors';
import type { DocumentStatus } from '../../invoicing/types';
import type { CompanyStore, SdiDocumentRef, SdiMessageEffect } from '../../ports';
import { sha256Hex } from '../../invoicing/services/sha256';
import { applyNotification, type NotificationEffect } from '../lifecycle';
import { isDuplicateOnlyScarto, type SdiNotification } from '../messages';
import { parseNotification } from '../notifications';
import { parseNotificationFileName } from '../file-names';
import type { IncomingFile } from '../transmitter';
import { isIntermediaryUpdateFile, parseIntermediaryUpdate } from '../transmitters/intermediary';
import { recordTransmitted } from './send';

export interface IngestOptions {
  /** The channel the files came through ('sandbox', 'intermediary', 'import'...). */
  source: string;
  now?: () => number;
}

export type FileOutcome =
  | { fileName: string; kind: 'notification'; effect: SdiMessageEffect; documentId?: number; from?: DocumentStatus; to?: DocumentStatus; note?: string }
  | { fileName: string; kind: 'invoice'; stored: boolean }
  | { fileName: string; kind: 'metadata'; attached: boolean }
  | { fileName: string; kind: 'already-stored' };

export interface IngestSummary {
  notifications: number;
  /** Notifications that moved a document's status. */
  statusChanges: number;
  duplicates: number;
  unmatched: number;
  unparsed: number;
  receivedInvoices: number;
  alreadyStored: number;
  outcomes: FileOutcome[];
}

export function emptySummary(): IngestSummary {
  return { notifications: 0, statusChanges: 0, duplicates: 0, unmatched: 0, unparsed: 0, receivedInvoices: 0, alreadyStored: 0, outcomes: [] };
}

/** Kinds that are about an invoice file the company sent: proof that the file reached the SdI. */
const ABOUT_A_SENT_FILE = new Set(['RC', 'NS', 'MC', 'NE', 'DT', 'AT']);

/** True when the registered XML is addressed to a Pubblica Amministrazione (FPA12): NE, DT and AT apply. */
export function isPaDocument(store: CompanyStore, documentId: number): boolean {
  const xml = store.documents.getXml(documentId);
  if (!xml) return false;
  // FormatoTrasmissione is in the header, within the first few hundred bytes.
  const head = new TextDecoder('latin1').decode(xml.subarray(0, 4096));
  return /<(?:[\w-]+:)?FormatoTrasmissione>\s*FPA12\s*</.test(head);
}

/** An intermediary's JSON update read as the SdI notification it stands for (undefined: "sent", no SdI news). */
function fromIntermediary(bytes: Uint8Array, pa: (fileName?: string) => boolean): SdiNotification | undefined | 'unreadable' {
  const u = parseIntermediaryUpdate(bytes);
  if (!u) return 'unreadable';
  if (!u.kind) return undefined;
  const n: SdiNotification = { kind: u.kind, family: pa(u.invoiceFileName) ? 'pa-v1.1' : 'b2b-v1.0', sdiId: u.sdiId ?? '', invoiceFileName: u.invoiceFileName ?? '' };
  if (u.receivedAt) n.receivedAt = u.receivedAt;
  if (u.esito) n.esito = u.esito;
  if (u.description) n.description = u.description;
  if (u.errors.length) n.errors = u.errors;
  return n;
}

function findDocument(store: CompanyStore, invoiceFileName: string | undefined, sdiId: string | undefined): SdiDocumentRef | undefined {
  if (invoiceFileName) {
    const byName = store.sdiState.findDocumentByFileName(invoiceFileName);
    if (byName) return byName;
  }
  return sdiId ? store.sdiState.findDocumentBySdiId(sdiId) : undefined;
}

/**
 * The lifecycle's answer, with one refinement it cannot know: a "duplicate" scarto about the very upload that
 * FatturaDesk recorded as THE transmission (same SdI id) means that upload never took: it is a real rejection.
 */
function effectOf(doc: SdiDocumentRef, n: SdiNotification, pa: boolean): NotificationEffect {
  if (isDuplicateOnlyScarto(n) && doc.sdiId && n.sdiId && doc.sdiId === n.sdiId) {
    if (doc.status === 'queued' || doc.status === 'sending' || doc.status === 'transmitted') return { status: 'rejected', effect: 'changed' };
  }
  return applyNotification(doc.status, n, { pa });
}

function ingestNotification(store: CompanyStore, file: IncomingFile, opts: IngestOptions, receivedAt: string): FileOutcome {
  const sha256 = sha256Hex(file.bytes);
  const base = { fileName: file.fileName, receivedAt, source: opts.source, sha256, bytes: file.bytes };
  let n: SdiNotification | undefined;
  try {
    if (isIntermediaryUpdateFile(file.fileName)) {
      const r = fromIntermediary(file.bytes, (name) => {
        const d = name ? store.sdiState.findDocumentByFileName(name) : undefined;
        return d ? isPaDocument(store, d.id) : false;
      });
      if (r === 'unreadable') throw new AppError({ code: 'NOTIFICA_NON_RICONOSCIUTA', message: 'Aggiornamento dell’intermediario non leggibile.' });
      n = r;
    } else {
      n = parseNotification(file.bytes);
    }
  } catch (e) {
    const note = e instanceof AppError ? `${e.message}` : `File non leggibile: ${e instanceof Error ? e.message : String(e)}`;
    // Still kept as it came; a file named like a notification is linked to its document when that is known.
    const byName = parseNotificationFileName(file.fileName);
    const doc = byName ? store.sdiState.findDocumentByFileName(`${byName.invoiceBaseName}.xml`) : undefined;
    store.sdiMessages.insert({ ...base, effect: 'unparsed', note, ...(byName ? { kind: byName.kind } : {}), ...(doc ? { documentId: doc.id } : {}) });
    return { fileName: file.fileName, kind: 'notification', effect: 'unparsed', note, ...(doc ? { documentId: doc.id } : {}) };
  }

  if (!n) {
    // An intermediary's "sent" update: history only.
    const u = parseIntermediaryUpdate(file.bytes)!;
    const doc = findDocument(store, u.invoiceFileName, u.sdiId);
    const note = `Aggiornamento dell’intermediario: ${u.state}${u.description ? ` (${u.description})` : ''}.`;
    // "Inviato" proves the channel has the file: an item caught mid-send is transmitted, not to be sent again.
    const item = doc ? store.outbox.getByFileName(doc.fileName) : undefined;
    if (item && item.state !== 'transmitted') recordTransmitted(store, item, { ...(u.sdiId ? { sdiId: u.sdiId } : {}), at: receivedAt });
    const after = doc ? store.sdiState.findDocumentByFileName(doc.fileName)! : undefined;
    store.sdiMessages.insert({ ...base, effect: doc ? 'applied' : 'unmatched', parsed: u, note, ...(u.sdiId ? { sdiId: u.sdiId } : {}), ...(u.invoiceFileName ? { invoiceFileName: u.invoiceFileName } : {}), ...(doc ? { documentId: doc.id, statusBefore: doc.status, statusAfter: after!.status } : {}) });
    return { fileName: file.fileName, kind: 'notification', effect: doc ? 'applied' : 'unmatched', ...(doc ? { documentId: doc.id } : {}), note };
  }

  const meta = {
    kind: n.kind,
    ...(n.sdiId ? { sdiId: n.sdiId } : {}),
    ...(n.invoiceFileName ? { invoiceFileName: n.invoiceFileName } : {}),
    ...(n.deliveredAt ?? n.receivedAt ? { notifiedAt: (n.deliveredAt ?? n.receivedAt)! } : {}),
    parsed: n,
  };
  const doc = ABOUT_A_SENT_FILE.has(n.kind) ? findDocument(store, n.invoiceFileName, n.sdiId) : undefined;
  if (!doc) {
    const note = ABOUT_A_SENT_FILE.has(n.kind)
      ? `Nessun documento con il file ${n.invoiceFileName || '?'} o l’identificativo SdI ${n.sdiId || '?'}.`
      : 'Messaggio del lato ricezione: conservato nello storico.';
    store.sdiMessages.insert({ ...base, ...meta, effect: 'unmatched', note });
    return { fileName: file.fileName, kind: 'notification', effect: 'unmatched', note };
  }

  const pa = isPaDocument(store, doc.id);
  const e = effectOf(doc, n, pa);
  const effect: SdiMessageEffect = e.duplicate ? 'duplicate' : e.effect === 'ignored' ? 'ignored' : 'applied';
  const at = new Date(opts.now?.() ?? Date.now()).toISOString();
  // The SdI id of THE transmission: never the one of a duplicate upload.
  const sdiId = !doc.sdiId && !e.duplicate && n.sdiId ? n.sdiId : undefined;
  if (e.status !== doc.status || sdiId) store.sdiState.setDocumentStatus(doc.id, e.status, { sdiId, at });
  // Any news about the file proves it reached the SdI: an outbox item still waiting must never send it again.
  const item = store.outbox.getByFileName(doc.fileName);
  if (item && item.state !== 'transmitted' && effect !== 'ignored') {
    recordTransmitted(store, item, { sdiId: e.duplicate ? undefined : n.sdiId || undefined, at });
    // recordTransmitted may have moved the document to 'transmitted': put the lifecycle's answer back on top.
    const now = store.sdiState.findDocumentByFileName(doc.fileName);
    if (now && now.status !== e.status) store.sdiState.setDocumentStatus(doc.id, e.status, { at });
  }
  store.sdiMessages.insert({ ...base, ...meta, documentId: doc.id, effect, statusBefore: doc.status, statusAfter: e.status, ...(e.reason ? { note: e.reason } : {}) });
  return { fileName: file.fileName, kind: 'notification', effect, documentId: doc.id, from: doc.status, to: e.status, ...(e.reason ? { note: e.reason } : {}) };
}

function metadataSdiId(bytes: Uint8Array): { sdiId?: string; invoiceFileName?: string } {
  try {
    const m = parseNotification(bytes);
    return m.kind === 'MT' ? { sdiId: m.sdiId, invoiceFileName: m.invoiceFileName } : {};
  } catch {
    return {};
  }
}

/** Ingests one incoming file in one transaction; returns what it did. */
export function ingestFile(store: CompanyStore, file: IncomingFile, opts: IngestOptions): FileOutcome {
  const receivedAt = new Date(opts.now?.() ?? Date.now()).toISOString();
  return store.transaction((): FileOutcome => {
    if (file.kind === 'invoice') {
      const meta = file.metadata ? metadataSdiId(file.metadata.bytes) : {};
      const r = store.receivedFiles.insert({
        fileName: file.fileName,
        receivedAt,
        source: opts.source,
        sha256: sha256Hex(file.bytes),
        bytes: file.bytes,
        ...(meta.sdiId ? { sdiId: meta.sdiId } : {}),
        ...(file.metadata ? { metadata: file.metadata } : {}),
      });
      return { fileName: file.fileName, kind: 'invoice', stored: r.inserted };
    }
    if (store.sdiMessages.getByFileName(file.fileName)) return { fileName: file.fileName, kind: 'already-stored' };
    if (file.kind === 'metadata') {
      const meta = metadataSdiId(file.bytes);
      const invoice = meta.invoiceFileName ?? file.fileName.replace(/_MT_\d{3}\.xml$/i, '.xml');
      if (store.receivedFiles.attachMetadata(invoice, { fileName: file.fileName, bytes: file.bytes })) return { fileName: file.fileName, kind: 'metadata', attached: true };
      // The invoice is not there (yet): the metadata file is still kept as it came.
      store.sdiMessages.insert({ fileName: file.fileName, kind: 'MT', receivedAt, source: opts.source, sha256: sha256Hex(file.bytes), bytes: file.bytes, effect: 'unmatched', note: `File metadati senza la fattura ${invoice}.`, ...(meta.sdiId ? { sdiId: meta.sdiId } : {}) });
      return { fileName: file.fileName, kind: 'metadata', attached: false };
    }
    return ingestNotification(store, file, opts, receivedAt);
  });
}

export function addToSummary(s: IngestSummary, o: FileOutcome): void {
  s.outcomes.push(o);
  if (o.kind === 'already-stored') s.alreadyStored++;
  else if (o.kind === 'invoice') {
    if (o.stored) s.receivedInvoices++;
    else s.alreadyStored++;
  } else if (o.kind === 'notification') {
    s.notifications++;
    if (o.effect === 'duplicate') s.duplicates++;
    else if (o.effect === 'unmatched') s.unmatched++;
    else if (o.effect === 'unparsed') s.unparsed++;
    if (o.from !== undefined && o.to !== undefined && o.from !== o.to) s.statusChanges++;
  }
}

export function ingestFiles(store: CompanyStore, files: readonly IncomingFile[], opts: IngestOptions): IngestSummary {
  const s = emptySummary();
  for (const f of files) addToSummary(s, ingestFile(store, f, opts));
  return s;
}
