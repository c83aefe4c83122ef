/**
 * Imported files, their documents (one per body, outbound or received) and their attachments (migration 3). Raw
 * prepared statements: the importer writes thousands of files per second (a savepoint each), so nothing on that
 * path builds a query at run time.
 */
import type Database from 'better-sqlite3';
import type {
  ImportDirection,
  ImportedAttachmentMeta,
  ImportedDocumentRow,
  ImportRepository,
  ImportSendState,
} from '../../core/ports';
import { compact, escapeLike, opt, page, pageBounds } from './common';

const toBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const toBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

const DOCUMENT_COLUMNS = `d.id, d.file_id AS fileId, d.body_index AS bodyIndex, d.direction, d.sender_key AS senderKey,
  d.tipo_documento AS tipoDocumento, d.numero, d.date, d.divisa, d.imponibile, d.imposta, d.totale,
  d.counterparty_id AS counterpartyId, d.counterparty_name AS counterpartyName, d.counterparty_vat AS counterpartyVat,
  d.counterparty_cf AS counterpartyCf, d.document_id AS documentId, d.sdi_id AS sdiId, d.send_state AS sendState, d.note,
  d.imported_at AS importedAt, f.name AS fileName, f.source, f.container, f.signature_status AS signatureStatus,
  (SELECT count(*) FROM imported_attachments a WHERE a.imported_document_id = d.id) AS attachments`;

interface DocumentRow {
  id: number;
  fileId: number;
  bodyIndex: number;
  direction: string;
  senderKey: string;
  tipoDocumento: string;
  numero: string;
  date: string;
  divisa: string;
  imponibile: string;
  imposta: string;
  totale: string;
  counterpartyId: number | null;
  counterpartyName: string;
  counterpartyVat: string | null;
  counterpartyCf: string | null;
  documentId: number | null;
  sdiId: string | null;
  sendState: string;
  note: string | null;
  importedAt: string;
  fileName: string;
  source: string;
  container: string;
  signatureStatus: string | null;
  attachments: number;
}

function fromRow(r: DocumentRow): ImportedDocumentRow {
  return compact({
    id: r.id,
    fileId: r.fileId,
    bodyIndex: r.bodyIndex,
    direction: r.direction as ImportDirection,
    senderKey: r.senderKey,
    tipoDocumento: r.tipoDocumento,
    numero: r.numero,
    date: r.date,
    divisa: r.divisa,
    imponibile: r.imponibile,
    imposta: r.imposta,
    totale: r.totale,
    counterpartyId: opt(r.counterpartyId),
    counterpartyName: r.counterpartyName,
    counterpartyVat: opt(r.counterpartyVat),
    counterpartyCf: opt(r.counterpartyCf),
    documentId: opt(r.documentId),
    sdiId: opt(r.sdiId),
    sendState: r.sendState as ImportSendState,
    note: opt(r.note),
    importedAt: r.importedAt,
    fileName: r.fileName,
    source: r.source,
    container: r.container as 'xml' | 'p7m',
    signatureStatus: opt(r.signatureStatus) as ImportedDocumentRow['signatureStatus'],
    attachments: r.attachments,
  });
}

interface AttachmentRow {
  id: number;
  importedDocumentId: number;
  fileName: string;
  originalName: string;
  formato: string | null;
  descrizione: string | null;
  algoritmoCompressione: string | null;
  size: number;
}

const ATTACHMENT_COLUMNS = `id, imported_document_id AS importedDocumentId, file_name AS fileName, original_name AS originalName,
  formato, descrizione, algoritmo_compressione AS algoritmoCompressione, length(bytes) AS size`;

function attachmentFromRow(r: AttachmentRow): ImportedAttachmentMeta {
  return compact({
    id: r.id,
    importedDocumentId: r.importedDocumentId,
    fileName: r.fileName,
    originalName: r.originalName,
    formato: opt(r.formato),
    descrizione: opt(r.descrizione),
    algoritmoCompressione: opt(r.algoritmoCompressione),
    size: r.size,
  });
}

export function createImportRepository(db: Database.Database): ImportRepository {
  const fileBySha = db.prepare(`SELECT id, direction FROM imported_files WHERE sha256 = ?`);
  // Positional parameters on the two inserts of every file: binding by name looks each one up in an object.
  const insertFile = db.prepare(`INSERT INTO imported_files (name, source, direction, sha256, container, signature_status,
    signature_note, bytes, received_file_id, findings_json, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const byKey = db.prepare(`SELECT id, document_id AS documentId FROM imported_documents
    WHERE direction = ? AND sender_key = ? AND tipo_documento = ? AND numero = ? AND date = ?`);
  const insertDocument = db.prepare(`INSERT INTO imported_documents (file_id, body_index, direction, sender_key,
    tipo_documento, numero, date, divisa, imponibile, imposta, totale, counterparty_id, counterparty_name, counterparty_vat,
    counterparty_cf, document_id, sdi_id, send_state, note, imported_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAttachment = db.prepare(`INSERT INTO imported_attachments (imported_document_id, file_name, original_name,
    formato, descrizione, algoritmo_compressione, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  // Imported documents that were published live in the register too, under the importer's series, whose code starts
  // with '#' (a character user series cannot have): those are not "own" documents.
  const ownDocument = db.prepare(`SELECT id, numero FROM documents WHERE tipo_documento = ? AND date = ? AND numero = ?
    AND status <> 'draft' AND substr(series, 1, 1) <> '#' LIMIT 1`);
  const counterparties = db.prepare(`SELECT id, id_paese AS idPaese, partita_iva AS partitaIva, is_supplier AS isSupplier,
    display_name AS name FROM customers WHERE partita_iva = @piva UNION SELECT id, id_paese, partita_iva, is_supplier, display_name
    FROM customers WHERE codice_fiscale = @cf ORDER BY id`);
  const maxNumber = db.prepare(`SELECT max(number) AS n FROM documents WHERE series = ? AND year = ?`);
  const byId = db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM imported_documents d JOIN imported_files f ON f.id = d.file_id WHERE d.id = ?`);
  const content = db.prepare(`SELECT name, container, bytes, findings_json AS findingsJson FROM imported_files WHERE id = ?`);
  const attachments = db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM imported_attachments WHERE imported_document_id = ? ORDER BY id`);
  const attachment = db.prepare(`SELECT ${ATTACHMENT_COLUMNS}, bytes FROM imported_attachments WHERE id = ?`);

  // SQLite's default checkpoints the WAL every 1,000 pages (each checkpoint flushes to disk): during an import of
  // thousands of files, every 8,192 pages (32 MB) instead; back to the connection's setting, and a checkpoint, after.
  let savedAutocheckpoint: number | undefined;

  return {
    bulkMode(on) {
      if (on && savedAutocheckpoint === undefined) {
        savedAutocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
        db.pragma('wal_autocheckpoint = 8192');
      } else if (!on && savedAutocheckpoint !== undefined) {
        db.pragma(`wal_autocheckpoint = ${savedAutocheckpoint}`);
        savedAutocheckpoint = undefined;
        if (!db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
      }
    },
    fileBySha256: (sha256) => fileBySha.get(sha256) as { id: number; direction: ImportDirection } | undefined,
    insertFile: (f) =>
      Number(
        insertFile.run(
          f.name,
          f.source,
          f.direction,
          f.sha256,
          f.container,
          f.signatureStatus ?? null,
          f.signatureNote ?? null,
          toBuffer(f.bytes),
          f.receivedFileId ?? null,
          f.findingsJson ?? null,
          f.importedAt,
        ).lastInsertRowid,
      ),
    findByKey(direction, senderKey, tipo, numero, date) {
      const r = byKey.get(direction, senderKey, tipo, numero, date) as { id: number; documentId: number | null } | undefined;
      return r ? compact({ id: r.id, documentId: opt(r.documentId) }) : undefined;
    },
    insertDocument: (d) =>
      Number(
        insertDocument.run(
          d.fileId,
          d.bodyIndex,
          d.direction,
          d.senderKey,
          d.tipoDocumento,
          d.numero,
          d.date,
          d.divisa,
          d.imponibile,
          d.imposta,
          d.totale,
          d.counterpartyId ?? null,
          d.counterpartyName,
          d.counterpartyVat ?? null,
          d.counterpartyCf ?? null,
          d.documentId ?? null,
          d.sdiId ?? null,
          d.sendState,
          d.note ?? null,
          d.importedAt,
        ).lastInsertRowid,
      ),
    insertAttachment: (a) =>
      Number(
        insertAttachment.run(a.importedDocumentId, a.fileName, a.originalName, a.formato ?? null, a.descrizione ?? null, a.algoritmoCompressione ?? null, toBuffer(a.bytes))
          .lastInsertRowid,
      ),
    findCounterparties(partitaIva, codiceFiscale) {
      if (!partitaIva && !codiceFiscale) return [];
      const rows = counterparties.all({ piva: partitaIva ?? null, cf: codiceFiscale ?? null }) as { id: number; idPaese: string; partitaIva: string | null; isSupplier: number; name: string }[];
      return rows.map((r) => compact({ id: r.id, idPaese: r.idPaese, partitaIva: opt(r.partitaIva), isSupplier: r.isSupplier === 1, name: r.name }));
    },
    findOwnDocument: (tipo, numero, date) => ownDocument.get(tipo, date, numero) as { id: number; numero: string } | undefined,
    nextNumber: (series, year) => ((maxNumber.get(series, year) as { n: number | null }).n ?? 0) + 1,
    get(id) {
      const r = byId.get(id) as DocumentRow | undefined;
      return r ? fromRow(r) : undefined;
    },
    list(q) {
      const bounds = pageBounds(q);
      const conds: string[] = [];
      const params: unknown[] = [];
      if (q.direction) {
        conds.push('d.direction = ?');
        params.push(q.direction);
      }
      if (q.dateFrom) {
        conds.push('d.date >= ?');
        params.push(q.dateFrom);
      }
      if (q.dateTo) {
        conds.push('d.date <= ?');
        params.push(q.dateTo);
      }
      if (q.counterpartyId !== undefined) {
        conds.push('d.counterparty_id = ?');
        params.push(q.counterpartyId);
      }
      for (const word of (q.text ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
        const like = `%${escapeLike(word)}%`;
        conds.push(`(d.numero LIKE ? ESCAPE '\\' OR d.counterparty_name LIKE ? ESCAPE '\\' OR d.counterparty_vat LIKE ? ESCAPE '\\')`);
        params.push(like, like, `%${escapeLike(word.toUpperCase())}%`);
      }
      const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT count(*) AS n FROM imported_documents d ${where}`).get(...params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT ${DOCUMENT_COLUMNS} FROM imported_documents d JOIN imported_files f ON f.id = d.file_id ${where}
          ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?`)
        .all(...params, bounds.limit, bounds.offset) as DocumentRow[];
      return page(rows.map(fromRow), total, bounds);
    },
    fileContent(fileId) {
      const r = content.get(fileId) as { name: string; container: string; bytes: Buffer; findingsJson: string | null } | undefined;
      if (!r) return undefined;
      return compact({ name: r.name, container: r.container as 'xml' | 'p7m', bytes: toBytes(r.bytes), findingsJson: opt(r.findingsJson) });
    },
    listAttachments: (id) => (attachments.all(id) as AttachmentRow[]).map(attachmentFromRow),
    attachment(id) {
      const r = attachment.get(id) as (AttachmentRow & { bytes: Buffer }) | undefined;
      return r ? { meta: attachmentFromRow(r), bytes: toBytes(r.bytes) } : undefined;
    },
  };
}
