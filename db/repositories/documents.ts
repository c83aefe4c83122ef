/**
 * Documents: drafts and registered ones in one narrow header table (documents) plus a 1:1 content row (draft JSON,
 * totals JSON, XML). The list (document-list.ts) reads only header columns and walks one index per filter and sort; text
 * search goes through the documents_fts trigram index.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type {
  ChainRecord,
  DocumentRepository,
  DraftRecord,
  StoredDocument,
} from '../../core/ports';
import type { DocumentDraft, DocumentStatus, DocumentTotals } from '../../core/invoicing/types';
import type { TipoDocumento } from '../../core/fatturapa/schema.generated';
import type { CompanyDb } from '../open';
import { documentContent, documents } from '../schema';
import { nowIso, nul, placeholders, setPlaceholders } from './common';
import { createDocumentList } from './document-list';

/**
 * The header and the content without the XML blob, read as an array (`raw` mode: better-sqlite3 then makes no object
 * with 30 named properties per row); the columns in this order, by the indexes of `C`. A plain statement: drizzle's row
 * mapping cost as much as the read itself on the registration path, which reads every draft it registers.
 */
const GET_SQL = `SELECT d.id, d.status, d.tipo_documento, d.series, d.date, d.customer_id, d.customer_name, d.causale,
    d.source_document_id, d.created_at, d.updated_at, d.year, d.number, d.numero, d.registered_at, d.chain_seq,
    d.xml_sha256, d.prev_record_hash, d.record_hash, d.file_name, d.progressivo_invio, d.sdi_id, d.sdi_status,
    c.draft_json, c.totals_json
  FROM documents d JOIN document_content c ON c.document_id = d.id WHERE d.id = ?`;
const C = {
  id: 0, status: 1, tipoDocumento: 2, series: 3, date: 4, customerId: 5, customerName: 6, causale: 7, sourceDocumentId: 8,
  createdAt: 9, updatedAt: 10, year: 11, number: 12, numero: 13, registeredAt: 14, chainSeq: 15, xmlSha256: 16,
  prevRecordHash: 17, recordHash: 18, fileName: 19, progressivoInvio: 20, sdiId: 21, sdiStatus: 22, draftJson: 23,
  totalsJson: 24,
} as const;
type Cell = string | number | null;

/** Built property by property in a fixed order, absent (NULL) values left out. */
function fromRow(r: readonly Cell[]): StoredDocument {
  const id = r[C.id] as number;
  const draft = JSON.parse(r[C.draftJson] as string) as DocumentDraft;
  draft.id = id;
  const status = r[C.status] as DocumentStatus;
  const out = {
    id,
    status,
    tipoDocumento: r[C.tipoDocumento] as TipoDocumento,
    series: r[C.series] as string,
    date: r[C.date] as string,
    customerId: r[C.customerId] as number,
    customerName: r[C.customerName] as string,
  } as StoredDocument;
  if (r[C.causale] !== null) out.causale = r[C.causale] as string;
  out.draft = draft;
  if (r[C.totalsJson] !== null) out.totals = JSON.parse(r[C.totalsJson] as string) as DocumentTotals;
  if (r[C.sourceDocumentId] !== null) out.sourceDocumentId = r[C.sourceDocumentId] as number;
  out.createdAt = r[C.createdAt] as string;
  out.updatedAt = r[C.updatedAt] as string;
  if (status !== 'draft') {
    out.registration = {
      year: r[C.year] as number,
      number: r[C.number] as number,
      numero: r[C.numero] as string,
      registeredAt: r[C.registeredAt] as string,
      chainSeq: r[C.chainSeq] as number,
      xmlSha256: r[C.xmlSha256] as string,
      prevRecordHash: r[C.prevRecordHash] as string,
      recordHash: r[C.recordHash] as string,
      fileName: r[C.fileName] as string,
      progressivoInvio: r[C.progressivoInvio] as string,
    };
  }
  if (r[C.sdiId] !== null) out.sdiId = r[C.sdiId] as string;
  if (r[C.sdiStatus] !== null) out.sdiStatus = r[C.sdiStatus] as string;
  return out;
}

const HEADER_KEYS = ['tipoDocumento', 'series', 'date', 'customerId', 'customerName', 'causale', 'imponibile', 'imposta', 'totale', 'netToPay'] as const;

function headerValues(rec: DraftRecord) {
  const t = rec.totals;
  return {
    tipoDocumento: rec.draft.tipoDocumento,
    series: rec.draft.series,
    date: rec.draft.date,
    customerId: rec.draft.customerId,
    customerName: rec.customerName,
    causale: nul(rec.draft.causale),
    imponibile: t?.imponibile ?? null,
    imposta: t?.imposta ?? null,
    totale: t?.totale ?? null,
    netToPay: t?.netToPay ?? null,
  };
}

/** The id lives in the header: left out of the JSON (a draft without one is written as it is, without a copy). */
function draftJsonOf(draft: DocumentDraft): string {
  return JSON.stringify(draft.id === undefined ? draft : { ...draft, id: undefined });
}

function contentValues(rec: { draft: DocumentDraft; totals?: DocumentTotals }) {
  return { totalsJson: rec.totals ? JSON.stringify(rec.totals) : null, draftJson: draftJsonOf(rec.draft) };
}

function prepareStatements(orm: CompanyDb['orm']) {
  const id = sql.placeholder('id');
  const isDraft = and(eq(documents.id, id), eq(documents.status, 'draft'));
  return {
    insertHeader: orm
      .insert(documents)
      .values({ status: 'draft', ...placeholders(...HEADER_KEYS, 'sourceDocumentId', 'createdAt', 'updatedAt') })
      .returning({ id: documents.id })
      .prepare(),
    insertContent: orm.insert(documentContent).values(placeholders('documentId', 'totalsJson', 'draftJson')).prepare(),
    updateHeader: orm
      .update(documents)
      .set(setPlaceholders(...HEADER_KEYS, 'updatedAt'))
      .where(isDraft)
      .prepare(),
    updateContent: orm.update(documentContent).set(setPlaceholders('totalsJson', 'draftJson')).where(eq(documentContent.documentId, id)).prepare(),
    getXml: orm.select({ xml: documentContent.xml }).from(documentContent).where(eq(documentContent.documentId, id)).prepare(),
    deleteDraft: orm.delete(documents).where(isDraft).prepare(),
    chainTail: orm
      .select({ chainSeq: documents.chainSeq, recordHash: documents.recordHash })
      .from(documents)
      .where(sql`${documents.chainSeq} IS NOT NULL`)
      .orderBy(desc(documents.chainSeq))
      .limit(1)
      .prepare(),
  };
}

/**
 * What registration writes on the header row: the status, the computed amounts and every registration column. The
 * columns the draft already holds (type, series, date, customer, causale) are only written when they change, because
 * naming an indexed column in SET makes SQLite rewrite its index entries even for an equal value: registering a
 * draft as it was saved (the common case) then touches only the indexes of the registration columns.
 */
const REGISTER_SET = `status = @status, sdi_updated_at = coalesce(@queuedAt, sdi_updated_at), imponibile = @imponibile,
  imposta = @imposta, totale = @totale, net_to_pay = @netToPay, year = @year, number = @number, numero = @numero,
  registered_at = @registeredAt, chain_seq = @chainSeq, xml_sha256 = @xmlSha256, prev_record_hash = @prevRecordHash,
  record_hash = @recordHash, file_name = @fileName, progressivo_invio = @progressivoInvio, updated_at = @registeredAt`;

function prepareRegistration(sqlite: CompanyDb['sqlite']) {
  return {
    content: sqlite.prepare('UPDATE document_content SET totals_json = ?, draft_json = ?, xml = ? WHERE document_id = ?'),
    // The draft as stored (RegistrationRecord.draftUnchanged): its JSON is not made again.
    contentKeepingDraft: sqlite.prepare('UPDATE document_content SET totals_json = ?, xml = ? WHERE document_id = ?'),
    headerAsSaved: sqlite.prepare(`UPDATE documents SET ${REGISTER_SET}
      WHERE id = @id AND status = 'draft' AND tipo_documento = @tipoDocumento AND series = @series AND date = @date
        AND customer_id = @customerId AND customer_name = @customerName AND causale IS @causale`),
    headerChanged: sqlite.prepare(`UPDATE documents SET ${REGISTER_SET}, tipo_documento = @tipoDocumento, series = @series,
        date = @date, customer_id = @customerId, customer_name = @customerName, causale = @causale
      WHERE id = @id AND status = 'draft'`),
  };
}

export function createDocumentRepository(handle: CompanyDb): DocumentRepository {
  const { orm, sqlite } = handle;
  const q = prepareStatements(orm);
  const reg = prepareRegistration(sqlite);
  const getStmt = sqlite.prepare(GET_SQL).raw(true);
  const listQueries = createDocumentList(sqlite);
  const chainStmt = sqlite.prepare(`SELECT d.id, d.chain_seq AS chainSeq, d.tipo_documento AS tipoDocumento, d.series, d.year,
      d.number, d.numero, d.date, d.customer_id AS customerId, d.totale, d.net_to_pay AS netToPay, d.file_name AS fileName,
      c.xml, d.xml_sha256 AS xmlSha256, d.prev_record_hash AS prevRecordHash, d.record_hash AS recordHash
    FROM documents d LEFT JOIN document_content c ON c.document_id = d.id
    WHERE d.chain_seq IS NOT NULL ORDER BY d.chain_seq`);

  return {
    insertDraft(rec) {
      const now = nowIso();
      const id = q.insertHeader.get({ ...headerValues(rec), sourceDocumentId: rec.sourceDocumentId ?? null, createdAt: now, updatedAt: now })!.id;
      q.insertContent.run({ documentId: id, ...contentValues(rec) });
      return id;
    },
    updateDraft(id, rec) {
      if (q.updateHeader.run({ id, ...headerValues(rec), updatedAt: nowIso() }).changes !== 1) throw new Error(`Bozza ${id} non trovata`);
      q.updateContent.run({ id, ...contentValues(rec) });
    },
    get(id) {
      const r = getStmt.get(id) as Cell[] | undefined;
      return r ? fromRow(r) : undefined;
    },
    getXml(id) {
      const r = q.getXml.get({ id });
      return r?.xml ? new Uint8Array(r.xml.buffer, r.xml.byteOffset, r.xml.byteLength) : undefined;
    },
    deleteDraft(id) {
      // document_content goes with it (ON DELETE CASCADE).
      if (q.deleteDraft.run({ id }).changes !== 1) throw new Error(`Bozza ${id} non trovata`);
    },
    list: (query) => listQueries.list(query),
    register(id, rec) {
      // Content first, while the document is still a draft: once the status flips, the triggers freeze both rows.
      const xml = Buffer.from(rec.xml.buffer, rec.xml.byteOffset, rec.xml.byteLength);
      const totalsJson = JSON.stringify(rec.totals);
      if (rec.draftUnchanged) reg.contentKeepingDraft.run(totalsJson, xml, id);
      else reg.content.run(totalsJson, draftJsonOf(rec.draft), xml, id);
      const values = {
        id,
        status: rec.queuedAt === undefined ? 'registered' : 'queued',
        queuedAt: rec.queuedAt ?? null,
        ...headerValues({ draft: rec.draft, customerName: rec.customerName, totals: rec.totals }),
        year: rec.year,
        number: rec.number,
        numero: rec.numero,
        registeredAt: rec.registeredAt,
        chainSeq: rec.chainSeq,
        xmlSha256: rec.xmlSha256,
        prevRecordHash: rec.prevRecordHash,
        recordHash: rec.recordHash,
        fileName: rec.fileName,
        progressivoInvio: rec.progressivoInvio,
      };
      if (reg.headerAsSaved.run(values).changes === 1) return;
      if (reg.headerChanged.run(values).changes !== 1) throw new Error(`Bozza ${id} non trovata`);
    },
    chainTail() {
      return q.chainTail.get() as { chainSeq: number; recordHash: string } | undefined;
    },
    *iterateChain(): Iterable<ChainRecord> {
      for (const r of chainStmt.iterate() as Iterable<Omit<ChainRecord, 'xml'> & { xml: Buffer | null }>) {
        // A missing content row reads as empty XML: verifyChain then reports the hash mismatch.
        const xml = r.xml ? new Uint8Array(r.xml.buffer, r.xml.byteOffset, r.xml.byteLength) : new Uint8Array(0);
        yield { ...r, xml };
      }
    },
    refreshDraftCustomerName(customerId, customerName) {
      return orm
        .update(documents)
        .set({ customerName })
        .where(and(eq(documents.customerId, customerId), eq(documents.status, 'draft'), sql`${documents.customerName} <> ${customerName}`))
        .run().changes;
    },
  };
}
