/**
 * Drafts: create, update, duplicate, delete, and the documents list. A draft may be incomplete (it is work in
 * progress): only what storage needs is checked here (type, series, date, customer); the full checks run at
 * registration. Totals are previewed when the draft is complete enough to compute.
 */
import { AppError, fail } from '../../errors';
import type { CompanyStore, DocumentListQuery, DocumentListRow, Page, StoredDocument } from '../../ports';
import type { FieldError } from '../customers';
import { ALL_DOCUMENT_TYPES } from '../document-types';
import { isValidIsoDate } from '../payment-terms';
import { computeTotals } from '../totals';
import type { DocumentDraft, DocumentTotals, IsoDate } from '../types';
import { getAccountingSettings } from './company';
import { customerName } from './customers';
import { todayIso } from './dates';
import { throwIfInvalid } from './invalid';

export function getDocument(store: CompanyStore, id: number): StoredDocument {
  return store.documents.get(id) ?? fail('DOCUMENTO_NON_TROVATO', `Documento ${id} non trovato.`, { fix: 'Ricarica l’elenco dei documenti.' });
}

/** The exact XML bytes stored at registration. */
export function getDocumentXml(store: CompanyStore, id: number): Uint8Array {
  getDocument(store, id);
  return store.documents.getXml(id) ?? fail('XML_NON_DISPONIBILE', 'Il documento non ha ancora un file XML: è una bozza.', { fix: 'Registra il documento per generare il file.' });
}

export function refuseIfRegistered(doc: StoredDocument): void {
  if (doc.status !== 'draft') {
    fail(
      'DOCUMENTO_REGISTRATO_NON_MODIFICABILE',
      `Il documento ${doc.registration?.numero ?? doc.id} è registrato: numero, data, righe e file XML non si possono più modificare né eliminare.`,
      { fix: 'Per correggerlo emetti una nota di credito, oppure duplicalo per crearne uno nuovo.' },
    );
  }
}

function checkDraftShape(store: CompanyStore, d: DocumentDraft): FieldError[] {
  const errors: FieldError[] = [];
  if (!ALL_DOCUMENT_TYPES.includes(d.tipoDocumento)) {
    errors.push({ field: 'tipoDocumento', code: 'TIPO_DOCUMENTO_NON_VALIDO', message: `Tipo documento «${d.tipoDocumento ?? ''}» non previsto.`, fix: 'Scegli il tipo documento dall’elenco (TD01 fattura, TD04 nota di credito...).' });
  }
  if (!getAccountingSettings(store).series.some((s) => s.code === d.series)) {
    errors.push({ field: 'series', code: 'SERIE_NON_TROVATA', message: `La serie «${d.series ?? ''}» non è tra quelle definite.`, fix: 'Scegli la serie dall’elenco o aggiungila nelle impostazioni.' });
  }
  if (typeof d.date !== 'string' || !isValidIsoDate(d.date)) {
    errors.push({ field: 'date', code: 'DATA_NON_VALIDA', message: 'La data del documento non è valida.', fix: 'Inserisci una data nel formato AAAA-MM-GG.' });
  }
  if (typeof d.divisa !== 'string' || !/^[A-Z]{3}$/.test(d.divisa)) {
    errors.push({ field: 'divisa', code: 'DIVISA_NON_VALIDA', message: 'La divisa deve essere un codice ISO 4217 di 3 lettere (EUR).', fix: 'Usa EUR.' });
  }
  if (!Array.isArray(d.lines)) errors.push({ field: 'lines', code: 'RIGHE_NON_VALIDE', message: 'Le righe del documento mancano.' });
  if (!Number.isSafeInteger(d.customerId) || !store.customers.get(d.customerId)) {
    errors.push({ field: 'customerId', code: 'CLIENTE_NON_TROVATO', message: 'Il cliente del documento non esiste.', fix: 'Scegli il cliente dall’elenco.' });
  }
  return errors;
}

/** Totals for the list and the summary, when the draft computes; an incomplete draft simply has none yet. */
function previewTotals(store: CompanyStore, draft: DocumentDraft): DocumentTotals | undefined {
  try {
    return computeTotals(draft, { vatCodes: getAccountingSettings(store).vatCodes });
  } catch (e) {
    if (e instanceof AppError || e instanceof RangeError) return undefined;
    throw e;
  }
}

function stripId(draft: DocumentDraft): DocumentDraft {
  const { id: _id, ...rest } = draft;
  return rest;
}

function saveNew(store: CompanyStore, draft: DocumentDraft, sourceDocumentId?: number): StoredDocument {
  throwIfInvalid('BOZZA_NON_VALIDA', 'Bozza non salvabile', checkDraftShape(store, draft));
  const customer = store.customers.get(draft.customerId)!;
  const id = store.documents.insertDraft({ draft, customerName: customerName(customer), totals: previewTotals(store, draft), sourceDocumentId });
  return store.documents.get(id)!;
}

export function createDraft(store: CompanyStore, draft: DocumentDraft): StoredDocument {
  return store.transaction(() => saveNew(store, stripId(draft)));
}

/** Internal: a new draft derived from another document (credit notes), in the caller's transaction. */
export function insertDerivedDraft(store: CompanyStore, draft: DocumentDraft, sourceDocumentId: number): StoredDocument {
  return saveNew(store, stripId(draft), sourceDocumentId);
}

export function updateDraft(store: CompanyStore, id: number, input: DocumentDraft): StoredDocument {
  const draft = stripId(input);
  return store.transaction(() => {
    refuseIfRegistered(getDocument(store, id));
    throwIfInvalid('BOZZA_NON_VALIDA', 'Bozza non salvabile', checkDraftShape(store, draft));
    const customer = store.customers.get(draft.customerId)!;
    store.documents.updateDraft(id, { draft, customerName: customerName(customer), totals: previewTotals(store, draft) });
    return store.documents.get(id)!;
  });
}

/** A new draft with the same content as a draft or a registered document, dated today. */
export function duplicateDocument(store: CompanyStore, id: number, opts: { today?: IsoDate } = {}): StoredDocument {
  return store.transaction(() => {
    const source = getDocument(store, id);
    const draft: DocumentDraft = { ...stripId(structuredClone(source.draft)), date: opts.today ?? todayIso() };
    return saveNew(store, draft);
  });
}

export function deleteDraft(store: CompanyStore, id: number): void {
  store.transaction(() => {
    refuseIfRegistered(getDocument(store, id));
    store.documents.deleteDraft(id);
  });
}

export function listDocuments(store: CompanyStore, query: DocumentListQuery = {}): Page<DocumentListRow> {
  return store.documents.list(query);
}
