/**
 * What comes back from the SdI, kept as it came: notification files (sdi_messages) and invoices addressed to the
 * company (received_files), plus the small state the SdI flow needs (cursors, channel settings, document status,
 * correction links, the Interscambio lists).
 */
import type Database from 'better-sqlite3';
import type {
  ReceivedFile,
  ReceivedFileRepository,
  ReceivedImportState,
  SdiDocumentRef,
  SdiLease,
  SdiMessage,
  SdiMessageRepository,
  SdiStateRepository,
  SentDocumentRow,
} from '../../core/ports';
import type { DocumentStatus } from '../../core/invoicing/types';
import type { TipoDocumento } from '../../core/fatturapa/schema.generated';
import { compact, nowIso, opt, page, pageBounds, parseJson } from './common';

const toBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const toBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

// ---- notifications ----------------------------------------------------------------------------------------------

interface MessageRow {
  id: number;
  fileName: string;
  documentId: number | null;
  kind: string | null;
  sdiId: string | null;
  invoiceFileName: string | null;
  receivedAt: string;
  notifiedAt: string | null;
  effect: string;
  statusBefore: string | null;
  statusAfter: string | null;
  source: string;
  sha256: string;
  parsedJson: string | null;
  note: string | null;
  size: number;
}

const MESSAGE_COLUMNS = `id, file_name AS fileName, document_id AS documentId, kind, sdi_id AS sdiId,
  invoice_file_name AS invoiceFileName, received_at AS receivedAt, notified_at AS notifiedAt, effect,
  status_before AS statusBefore, status_after AS statusAfter, source, sha256, parsed_json AS parsedJson, note,
  length(bytes) AS size`;

function messageFromRow(r: MessageRow): SdiMessage {
  return compact({
    id: r.id,
    fileName: r.fileName,
    documentId: opt(r.documentId),
    kind: opt(r.kind),
    sdiId: opt(r.sdiId),
    invoiceFileName: opt(r.invoiceFileName),
    receivedAt: r.receivedAt,
    notifiedAt: opt(r.notifiedAt),
    effect: r.effect as SdiMessage['effect'],
    statusBefore: opt(r.statusBefore) as DocumentStatus | undefined,
    statusAfter: opt(r.statusAfter) as DocumentStatus | undefined,
    source: r.source,
    sha256: r.sha256,
    parsed: parseJson<unknown>(r.parsedJson),
    note: opt(r.note),
    size: r.size,
  });
}

export function createSdiMessageRepository(db: Database.Database): SdiMessageRepository {
  const insert = db.prepare(`INSERT INTO sdi_messages (file_name, document_id, kind, sdi_id, invoice_file_name, received_at,
    notified_at, effect, status_before, status_after, source, sha256, parsed_json, note, bytes)
    VALUES (@fileName, @documentId, @kind, @sdiId, @invoiceFileName, @receivedAt, @notifiedAt, @effect, @statusBefore,
    @statusAfter, @source, @sha256, @parsedJson, @note, @bytes)`);
  const byId = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM sdi_messages WHERE id = ?`);
  const byName = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM sdi_messages WHERE file_name = ?`);
  const bytes = db.prepare(`SELECT bytes FROM sdi_messages WHERE id = ?`);
  const byDocument = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM sdi_messages WHERE document_id = ? ORDER BY id`);
  const unmatched = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM sdi_messages WHERE document_id IS NULL ORDER BY id LIMIT ?`);
  const link = db.prepare(`UPDATE sdi_messages SET document_id = ? WHERE id = ? AND document_id IS NULL`);
  const one = (r: unknown) => (r ? messageFromRow(r as MessageRow) : undefined);
  return {
    insert: (m) =>
      Number(
        insert.run({
          fileName: m.fileName,
          documentId: m.documentId ?? null,
          kind: m.kind ?? null,
          sdiId: m.sdiId ?? null,
          invoiceFileName: m.invoiceFileName ?? null,
          receivedAt: m.receivedAt,
          notifiedAt: m.notifiedAt ?? null,
          effect: m.effect,
          statusBefore: m.statusBefore ?? null,
          statusAfter: m.statusAfter ?? null,
          source: m.source,
          sha256: m.sha256,
          parsedJson: m.parsed === undefined ? null : JSON.stringify(m.parsed),
          note: m.note ?? null,
          bytes: toBuffer(m.bytes),
        }).lastInsertRowid,
      ),
    get: (id) => one(byId.get(id)),
    getByFileName: (fileName) => one(byName.get(fileName)),
    bytes(id) {
      const r = bytes.get(id) as { bytes: Buffer } | undefined;
      return r ? toBytes(r.bytes) : undefined;
    },
    listByDocument: (documentId) => (byDocument.all(documentId) as MessageRow[]).map(messageFromRow),
    listUnmatched: (limit = 500) => (unmatched.all(limit) as MessageRow[]).map(messageFromRow),
    link(id, documentId) {
      if (link.run(documentId, id).changes !== 1) throw new Error(`Notifica ${id} non trovata o già collegata`);
    },
  };
}

// ---- received invoices ------------------------------------------------------------------------------------------

interface ReceivedRow {
  id: number;
  fileName: string;
  sdiId: string | null;
  receivedAt: string;
  source: string;
  sha256: string;
  size: number;
  metadataFileName: string | null;
  importState: string;
  importError: string | null;
  importedDocumentId: number | null;
}

const RECEIVED_COLUMNS = `id, file_name AS fileName, sdi_id AS sdiId, received_at AS receivedAt, source, sha256,
  length(bytes) AS size, metadata_file_name AS metadataFileName, import_state AS importState, import_error AS importError,
  imported_document_id AS importedDocumentId`;

function receivedFromRow(r: ReceivedRow): ReceivedFile {
  return compact({
    id: r.id,
    fileName: r.fileName,
    sdiId: opt(r.sdiId),
    receivedAt: r.receivedAt,
    source: r.source,
    sha256: r.sha256,
    size: r.size,
    metadataFileName: opt(r.metadataFileName),
    importState: r.importState as ReceivedImportState,
    importError: opt(r.importError),
    importedDocumentId: opt(r.importedDocumentId),
  });
}

const IMPORT_STATES: readonly ReceivedImportState[] = ['new', 'imported', 'duplicate', 'error'];

export function createReceivedFileRepository(db: Database.Database): ReceivedFileRepository {
  // ON CONFLICT DO NOTHING: the same invoice fetched twice (a cursor lost in a crash) is stored once.
  const insert = db.prepare(`INSERT INTO received_files (file_name, sdi_id, received_at, source, sha256, bytes,
    metadata_file_name, metadata_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (file_name) DO NOTHING`);
  const idByName = db.prepare(`SELECT id FROM received_files WHERE file_name = ?`);
  const byId = db.prepare(`SELECT ${RECEIVED_COLUMNS} FROM received_files WHERE id = ?`);
  const byName = db.prepare(`SELECT ${RECEIVED_COLUMNS} FROM received_files WHERE file_name = ?`);
  const bytes = db.prepare(`SELECT bytes, metadata_file_name AS metadataFileName, metadata_bytes AS metadataBytes FROM received_files WHERE id = ?`);
  const attach = db.prepare(`UPDATE received_files SET metadata_file_name = ?, metadata_bytes = ? WHERE file_name = ? AND metadata_bytes IS NULL`);
  const setState = db.prepare(`UPDATE received_files SET import_state = ?, import_error = ?, imported_document_id = ? WHERE id = ?`);
  return {
    insert(f) {
      const res = insert.run(f.fileName, f.sdiId ?? null, f.receivedAt, f.source, f.sha256, toBuffer(f.bytes), f.metadata?.fileName ?? null, f.metadata ? toBuffer(f.metadata.bytes) : null);
      if (res.changes === 1) return { id: Number(res.lastInsertRowid), inserted: true };
      return { id: (idByName.get(f.fileName) as { id: number }).id, inserted: false };
    },
    get: (id) => {
      const r = byId.get(id) as ReceivedRow | undefined;
      return r ? receivedFromRow(r) : undefined;
    },
    getByFileName: (fileName) => {
      const r = byName.get(fileName) as ReceivedRow | undefined;
      return r ? receivedFromRow(r) : undefined;
    },
    bytes(id) {
      const r = bytes.get(id) as { bytes: Buffer; metadataFileName: string | null; metadataBytes: Buffer | null } | undefined;
      if (!r) return undefined;
      return r.metadataBytes && r.metadataFileName
        ? { bytes: toBytes(r.bytes), metadata: { fileName: r.metadataFileName, bytes: toBytes(r.metadataBytes) } }
        : { bytes: toBytes(r.bytes) };
    },
    attachMetadata: (invoiceFileName, m) => attach.run(m.fileName, toBuffer(m.bytes), invoiceFileName).changes === 1,
    list(q) {
      const bounds = pageBounds(q);
      const states = q.importState?.filter((s) => IMPORT_STATES.includes(s)) ?? [];
      const where = states.length ? `WHERE import_state IN (${states.map(() => '?').join(', ')})` : '';
      const total = (db.prepare(`SELECT count(*) AS n FROM received_files ${where}`).get(...states) as { n: number }).n;
      const rows = db
        .prepare(`SELECT ${RECEIVED_COLUMNS} FROM received_files ${where} ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?`)
        .all(...states, bounds.limit, bounds.offset) as ReceivedRow[];
      return page(rows.map(receivedFromRow), total, bounds);
    },
    setImportState(id, state, r = {}) {
      if (setState.run(state, r.error ?? null, r.documentId ?? null, id).changes !== 1) throw new Error(`File ricevuto ${id} non trovato`);
    },
  };
}

// ---- SdI state ----------------------------------------------------------------------------------------------------

const CHANNEL_PREFIX = 'channel:';
/** Leases share the cursors table (one small row each). */
const LEASE_PREFIX = 'lease:';

export function createSdiStateRepository(db: Database.Database): SdiStateRepository {
  const setStatus = db.prepare(`UPDATE documents SET status = @status, sdi_id = coalesce(@sdiId, sdi_id), sdi_updated_at = @at
    WHERE id = @id AND status <> 'draft'`);
  const byFile = db.prepare(`SELECT id, status, sdi_id AS sdiId, file_name AS fileName FROM documents WHERE file_name = ?`);
  // Several uploads of one file name get several SdI ids; only the one that took is on the document.
  const bySdi = db.prepare(`SELECT id, status, sdi_id AS sdiId, file_name AS fileName FROM documents WHERE sdi_id = ?`);
  const getCursor = db.prepare(`SELECT cursor FROM sdi_cursors WHERE channel = ?`);
  const setCursor = db.prepare(`INSERT INTO sdi_cursors (channel, cursor, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (channel) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`);
  const getSetting = db.prepare(`SELECT value_json AS v FROM settings WHERE key = ?`);
  const setSetting = db.prepare(`INSERT INTO settings (key, updated_at, value_json) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`);
  const link = db.prepare(`INSERT INTO document_corrections (document_id, rejected_document_id, created_at) VALUES (?, ?, ?)`);
  const correctionOf = db.prepare(`SELECT rejected_document_id AS id FROM document_corrections WHERE document_id = ?`);
  const correctionFor = db.prepare(`SELECT document_id AS id FROM document_corrections WHERE rejected_document_id = ?`);
  const sentColumns = `id, status, tipo_documento AS tipoDocumento, numero, date, customer_name AS customerName, totale,
    file_name AS fileName, sdi_id AS sdiId, registered_at AS registeredAt, sdi_updated_at AS sdiUpdatedAt`;
  const registered = db.prepare(`SELECT id, numero, file_name AS fileName, sdi_id AS sdiId, status, date FROM documents
    WHERE status <> 'draft' ORDER BY series, year, number, chain_seq`);

  type DocRef = { id: number; status: DocumentStatus; sdiId: string | null; fileName: string };
  const ref = (r: DocRef | undefined): SdiDocumentRef | undefined => (r ? compact({ id: r.id, status: r.status, sdiId: opt(r.sdiId), fileName: r.fileName }) : undefined);

  return {
    setDocumentStatus(id, status, r = {}) {
      if (setStatus.run({ id, status, sdiId: r.sdiId ?? null, at: r.at ?? nowIso() }).changes !== 1) {
        throw new Error(`Documento registrato ${id} non trovato`);
      }
    },
    findDocumentByFileName: (fileName) => ref(byFile.get(fileName) as DocRef | undefined),
    findDocumentBySdiId: (sdiId) => ref(bySdi.get(sdiId) as DocRef | undefined),
    getCursor: (channel) => opt((getCursor.get(channel) as { cursor: string | null } | undefined)?.cursor),
    setCursor: (channel, cursor) => void setCursor.run(channel, cursor ?? null, nowIso()),
    getLease(name) {
      const v = opt((getCursor.get(LEASE_PREFIX + name) as { cursor: string | null } | undefined)?.cursor);
      return v ? (JSON.parse(v) as SdiLease) : undefined;
    },
    setLease: (name, lease) => void setCursor.run(LEASE_PREFIX + name, lease ? JSON.stringify(lease) : null, nowIso()),
    getChannelConfig(channel) {
      const r = getSetting.get(CHANNEL_PREFIX + channel) as { v: string } | undefined;
      return r ? (JSON.parse(r.v) as Record<string, string>) : undefined;
    },
    saveChannelConfig: (channel, config) => void setSetting.run(CHANNEL_PREFIX + channel, nowIso(), JSON.stringify(config)),
    linkCorrection: (documentId, rejectedDocumentId, at) => void link.run(documentId, rejectedDocumentId, at),
    correctionOf: (documentId) => (correctionOf.get(documentId) as { id: number } | undefined)?.id,
    correctionFor: (rejectedDocumentId) => (correctionFor.get(rejectedDocumentId) as { id: number } | undefined)?.id,
    listSent(q) {
      const bounds = pageBounds(q);
      const statuses = (q.status ?? []).filter((s) => s !== 'draft');
      const where = `WHERE status <> 'draft'${statuses.length ? ` AND status IN (${statuses.map(() => '?').join(', ')})` : ''}`;
      // Without a status filter: every document minus the drafts (two index counts), not a walk of the whole index.
      const total = statuses.length
        ? (db.prepare(`SELECT count(*) AS n FROM documents ${where}`).get(...statuses) as { n: number }).n
        : (db.prepare(`SELECT (SELECT count(*) FROM documents) - (SELECT count(*) FROM documents WHERE status = 'draft') AS n`).get() as { n: number }).n;
      const rows = db
        .prepare(`SELECT ${sentColumns} FROM documents ${where} ORDER BY ${q.sort === 'number' ? 'series, year, number, chain_seq' : 'date DESC, id DESC'} LIMIT ? OFFSET ?`)
        .all(...statuses, bounds.limit, bounds.offset) as (Omit<SentDocumentRow, 'sdiId' | 'totale' | 'sdiUpdatedAt'> & { sdiId: string | null; totale: string | null; sdiUpdatedAt: string | null })[];
      return page(
        rows.map((r): SentDocumentRow => compact({ ...r, tipoDocumento: r.tipoDocumento as TipoDocumento, sdiId: opt(r.sdiId), totale: opt(r.totale), sdiUpdatedAt: opt(r.sdiUpdatedAt) })),
        total,
        bounds,
      );
    },
    *iterateRegistered() {
      for (const r of registered.iterate() as Iterable<{ id: number; numero: string; fileName: string; sdiId: string | null; status: DocumentStatus; date: string }>) {
        yield compact({ ...r, sdiId: opt(r.sdiId) });
      }
    },
    listByStatus(statuses, limit = 100_000) {
      if (statuses.length === 0) return [];
      // With the correction of each rejected document and its status in the same read: the deadlines check skips the
      // rejected documents already corrected (years of them in an old archive) without a query per document.
      const rows = db
        .prepare(`SELECT d.id, d.numero, d.date, d.status, d.file_name AS fileName, d.customer_name AS customerName,
            d.sdi_updated_at AS sdiUpdatedAt, c.document_id AS correctionId, cd.status AS correctionStatus
          FROM documents d
            LEFT JOIN document_corrections c ON c.rejected_document_id = d.id
            LEFT JOIN documents cd ON cd.id = c.document_id
          WHERE d.status IN (${statuses.map(() => '?').join(', ')}) ORDER BY d.date, d.id LIMIT ?`)
        .all(...statuses, limit) as {
        id: number;
        numero: string;
        date: string;
        status: DocumentStatus;
        fileName: string;
        customerName: string;
        sdiUpdatedAt: string | null;
        correctionId: number | null;
        correctionStatus: DocumentStatus | null;
      }[];
      return rows.map((r) => compact({ ...r, sdiUpdatedAt: opt(r.sdiUpdatedAt), correctionId: opt(r.correctionId), correctionStatus: opt(r.correctionStatus) }));
    },
  };
}
