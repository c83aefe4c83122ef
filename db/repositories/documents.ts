/**
 * Documents: drafts and registered ones in one narrow header table (documents) plus a 1:1 content row (draft JSON,
 * totals JSON, XML). Lists read only header columns and walk one index per common filter (status, customer, type, date:
 * each index ends with date); text search goes through the documents_fts trigram index.
 */
import { and, asc, count, desc, eq, getTableColumns, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type {
  ChainRecord,
  DocumentListQuery,
  DocumentListRow,
  DocumentRepository,
  DraftRecord,
  RegistrationData,
  StoredDocument,
} from '../../core/ports';
import type { DocumentDraft, DocumentStatus, DocumentTotals } from '../../core/invoicing/types';
import type { TipoDocumento } from '../../core/fatturapa/schema.generated';
import type { CompanyDb } from '../open';
import { documentContent, documents } from '../schema';
import { compact, escapeLike, nowIso, nul, opt, page, pageBounds, parseJson, placeholders, setPlaceholders } from './common';

/** The header and the content without the XML blob. */
const fullColumns = { ...getTableColumns(documents), draftJson: documentContent.draftJson, totalsJson: documentContent.totalsJson };

const listColumns = {
  id: documents.id,
  status: documents.status,
  tipoDocumento: documents.tipoDocumento,
  series: documents.series,
  year: documents.year,
  number: documents.number,
  numero: documents.numero,
  date: documents.date,
  customerId: documents.customerId,
  customerName: documents.customerName,
  causale: documents.causale,
  totale: documents.totale,
  netToPay: documents.netToPay,
  fileName: documents.fileName,
  sdiStatus: documents.sdiStatus,
};

type FullRow = typeof documents.$inferSelect & { draftJson: string; totalsJson: string | null };

function fromRow(r: FullRow): StoredDocument {
  let registration: RegistrationData | undefined;
  if (r.status !== 'draft') {
    registration = {
      year: r.year!,
      number: r.number!,
      numero: r.numero!,
      registeredAt: r.registeredAt!,
      chainSeq: r.chainSeq!,
      xmlSha256: r.xmlSha256!,
      prevRecordHash: r.prevRecordHash!,
      recordHash: r.recordHash!,
      fileName: r.fileName!,
      progressivoInvio: r.progressivoInvio!,
    };
  }
  return compact({
    id: r.id,
    status: r.status as DocumentStatus,
    tipoDocumento: r.tipoDocumento as TipoDocumento,
    series: r.series,
    date: r.date,
    customerId: r.customerId,
    customerName: r.customerName,
    causale: opt(r.causale),
    draft: { ...(JSON.parse(r.draftJson) as DocumentDraft), id: r.id },
    totals: parseJson<DocumentTotals>(r.totalsJson),
    sourceDocumentId: opt(r.sourceDocumentId),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    registration,
    sdiId: opt(r.sdiId),
    sdiStatus: opt(r.sdiStatus),
  });
}

const HEADER_KEYS = ['tipoDocumento', 'series', 'date', 'customerId', 'customerName', 'causale', 'imponibile', 'imposta', 'totale', 'netToPay'] as const;
const REGISTRATION_KEYS = ['year', 'number', 'numero', 'registeredAt', 'chainSeq', 'xmlSha256', 'prevRecordHash', 'recordHash', 'fileName', 'progressivoInvio'] as const;

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

function contentValues(rec: { draft: DocumentDraft; totals?: DocumentTotals }) {
  return {
    totalsJson: rec.totals ? JSON.stringify(rec.totals) : null,
    draftJson: JSON.stringify({ ...rec.draft, id: undefined }),
  };
}

/**
 * Full-text condition: words of 3+ characters use the trigram index (MATCH), shorter ones a LIKE over the narrow FTS
 * table. Every word must appear in numero, customer name or causale.
 */
function textCondition(text: string): SQL | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return undefined;
  const parts: SQL[] = [];
  const long = words.filter((w) => [...w].length >= 3);
  if (long.length) parts.push(sql`documents_fts MATCH ${long.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ')}`);
  for (const w of words.filter((x) => [...x].length < 3)) {
    const p = `%${escapeLike(w)}%`;
    parts.push(sql`(numero LIKE ${p} ESCAPE '\\' OR customer_name LIKE ${p} ESCAPE '\\' OR causale LIKE ${p} ESCAPE '\\')`);
  }
  return sql`${documents.id} IN (SELECT rowid FROM documents_fts WHERE ${sql.join(parts, sql` AND `)})`;
}

function listWhere(q: DocumentListQuery): SQL | undefined {
  const conds: SQL[] = [];
  const oneOrMany = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const statuses = oneOrMany(q.status);
  if (statuses?.length) conds.push(statuses.length === 1 ? eq(documents.status, statuses[0]!) : inArray(documents.status, statuses));
  const tipi = oneOrMany(q.tipoDocumento);
  if (tipi?.length) conds.push(tipi.length === 1 ? eq(documents.tipoDocumento, tipi[0]!) : inArray(documents.tipoDocumento, tipi));
  if (q.customerId !== undefined) conds.push(eq(documents.customerId, q.customerId));
  if (q.dateFrom) conds.push(gte(documents.date, q.dateFrom));
  if (q.dateTo) conds.push(lte(documents.date, q.dateTo));
  const text = q.text ? textCondition(q.text) : undefined;
  if (text) conds.push(text);
  return conds.length ? and(...conds) : undefined;
}

function listOrder(q: DocumentListQuery): SQL[] {
  const dir = q.sort?.dir ?? (q.sort?.by === 'customer' ? 'asc' : 'desc');
  const o = dir === 'asc' ? asc : desc;
  switch (q.sort?.by ?? 'date') {
    case 'number':
      return [o(documents.series), o(documents.year), o(documents.number), o(documents.id)];
    case 'customer':
      return [sql`${documents.customerName} COLLATE NOCASE ${sql.raw(dir)}`, o(documents.date), o(documents.id)];
    case 'date':
      return [o(documents.date), o(documents.id)];
  }
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
    registerContent: orm
      .update(documentContent)
      .set(setPlaceholders('totalsJson', 'draftJson', 'xml'))
      .where(eq(documentContent.documentId, id))
      .prepare(),
    registerHeader: orm
      .update(documents)
      .set({ status: 'registered', ...setPlaceholders(...HEADER_KEYS, ...REGISTRATION_KEYS, 'updatedAt') })
      .where(isDraft)
      .prepare(),
    get: orm
      .select(fullColumns)
      .from(documents)
      .innerJoin(documentContent, eq(documentContent.documentId, documents.id))
      .where(eq(documents.id, id))
      .prepare(),
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

export function createDocumentRepository(handle: CompanyDb): DocumentRepository {
  const { orm, sqlite } = handle;
  const q = prepareStatements(orm);
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
      const r = q.get.get({ id });
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
    list(q) {
      const bounds = pageBounds(q);
      const where = listWhere(q);
      const total = orm.select({ n: count() }).from(documents).where(where).get()!.n;
      const rows = orm
        .select(listColumns)
        .from(documents)
        .where(where)
        .orderBy(...listOrder(q))
        .limit(bounds.limit)
        .offset(bounds.offset)
        .all();
      return page(
        rows.map(
          (r): DocumentListRow =>
            compact({
              ...r,
              status: r.status as DocumentStatus,
              tipoDocumento: r.tipoDocumento as TipoDocumento,
              year: opt(r.year),
              number: opt(r.number),
              numero: opt(r.numero),
              causale: opt(r.causale),
              totale: opt(r.totale),
              netToPay: opt(r.netToPay),
              fileName: opt(r.fileName),
              sdiStatus: opt(r.sdiStatus),
            }),
        ),
        total,
        bounds,
      );
    },
    register(id, rec) {
      // Content first, while the document is still a draft: once the status flips, the triggers freeze both rows.
      q.registerContent.run({ id, ...contentValues(rec), xml: Buffer.from(rec.xml.buffer, rec.xml.byteOffset, rec.xml.byteLength) });
      const res = q.registerHeader.run({
        id,
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
        updatedAt: rec.registeredAt,
      });
      if (res.changes !== 1) throw new Error(`Bozza ${id} non trovata`);
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
