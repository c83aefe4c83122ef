/**
 * Categories, documents and sharing reasons of an unlocked vault. Uploads write every blob first (atomically, each
 * under a fresh content key) and then all the metadata rows in one transaction: a crash in between leaves only blobs
 * without rows, which the next open removes. Deletes remove the row first (destroying the content key) and then the
 * blob. Everything a user typed or uploaded is only ever stored sealed.
 */
import { fail } from '../errors';
import type { IsoDate } from '../invoicing/types';
import type { Page } from '../ports';
import { blobParts, KEY_BYTES, parseBlob, VaultAuthError, wipe } from './crypto';
import { categoryNotFound, documentNotFound, fileMissing, fileTampered, metadataDamaged, reasonNotFound } from './errors';
import type { OpenVault } from './open-vault';
import type { DocumentMeta } from './records';
import type { DocEntry } from './vault-index';
import type { ReasonRequirement, VaultCategory, VaultDocument, VaultReason, ViewAs } from './types';

/** Largest single document (the whole file is held in memory while it is sealed or opened). */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;
export const MAX_NOTES_CHARS = 2000;
export const MAX_NAME_CHARS = 200;

export interface UploadFile {
  name: string;
  mime?: string;
  content: Uint8Array;
  notes?: string;
  expiry?: IsoDate;
}

export interface DocumentQuery {
  categoryId?: string;
  /** Words in the name or the notes (accents and case ignored). */
  search?: string;
  /** Only documents expiring within this many days from today (already expired included). */
  expiringWithinDays?: number;
  sort?: 'name' | 'createdAt' | 'expiry' | 'size';
  dir?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface DocumentPatch {
  name?: string;
  categoryId?: string;
  /** null clears. */
  notes?: string | null;
  expiry?: IsoDate | null;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** A display and attachment name: no folders, no control characters, not empty, at most MAX_NAME_CHARS. */
export function cleanFileName(name: string, field = 'name'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  if (!clean || /^\.+$/.test(clean)) {
    fail('VAULT_NOME_NON_VALIDO', 'Il nome del file è vuoto o non valido.', { fix: 'Dai al documento un nome, ad esempio «Visura camerale 2025.pdf».', field });
  }
  const chars = [...clean];
  return chars.length > MAX_NAME_CHARS ? chars.slice(0, MAX_NAME_CHARS).join('') : clean;
}

const EXTENSION_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  txt: 'text/plain',
  csv: 'text/csv',
  xml: 'application/xml',
  p7m: 'application/pkcs7-mime',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  eml: 'message/rfc822',
};

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** How the app may show the content inline, decided from the bytes (a file named .pdf holding HTML is not a PDF). */
export function sniffViewAs(bytes: Uint8Array, mime: string): ViewAs | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image'; // PNG
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image'; // JPEG
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image'; // GIF8
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image'; // WEBP
  if (mime === 'text/plain' || mime === 'text/csv') {
    const head = bytes.subarray(0, 65536);
    if (head.includes(0)) return undefined;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.length === bytes.length ? head : head.subarray(0, head.length - 4));
      return 'text';
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The given type when well formed, else one from the content or the extension, else application/octet-stream. */
export function normaliseMime(mime: string | undefined, name: string, bytes: Uint8Array): string {
  const given = mime?.trim().toLowerCase();
  if (given && /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(given) && given !== 'application/octet-stream') return given;
  const sniffed = sniffViewAs(bytes, '');
  if (sniffed === 'pdf') return 'application/pdf';
  if (sniffed === 'image') {
    if (bytes[0] === 0x89) return 'image/png';
    if (bytes[0] === 0xff) return 'image/jpeg';
    if (bytes[0] === 0x47) return 'image/gif';
    return 'image/webp';
  }
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase();
  return (ext && EXTENSION_TYPES[ext]) || 'application/octet-stream';
}

function cleanNotes(notes: string | undefined | null): string | undefined {
  if (notes === undefined || notes === null) return undefined;
  const t = notes.normalize('NFC').trim();
  if (!t) return undefined;
  if ([...t].length > MAX_NOTES_CHARS) fail('VAULT_NOTE_TROPPO_LUNGHE', `Le note possono avere al massimo ${MAX_NOTES_CHARS} caratteri.`, { fix: 'Accorcia le note.', field: 'notes' });
  return t;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  const ms = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

function damagedView(e: DocEntry): VaultDocument {
  return { id: e.id, categoryId: '', name: 'Documento illeggibile', mime: 'application/octet-stream', size: 0, createdAt: e.createdAt, updatedAt: e.updatedAt, damaged: true };
}

export function toView(e: DocEntry, today: IsoDate): VaultDocument {
  if (e.damaged) return damagedView(e);
  const m = e.meta;
  const out: VaultDocument = { id: e.id, categoryId: m.categoryId, name: m.name, mime: m.mime, size: m.size, createdAt: e.createdAt, updatedAt: e.updatedAt };
  if (m.notes) out.notes = m.notes;
  if (m.expiry) {
    out.expiry = m.expiry;
    out.daysToExpiry = daysBetween(today, m.expiry);
    out.expired = out.daysToExpiry < 0;
  }
  return out;
}

// ---- categories ------------------------------------------------------------------------------------------------

function requireCategory(v: OpenVault, id: string) {
  const c = v.index.categories.get(id);
  if (!c) categoryNotFound(id);
  return c;
}

function cleanCategoryName(name: string): string {
  const t = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!t) fail('VAULT_NOME_NON_VALIDO', 'Il nome della categoria è vuoto.', { fix: 'Scrivi un nome, ad esempio «Polizze assicurative».', field: 'name' });
  if ([...t].length > 100) fail('VAULT_NOME_NON_VALIDO', 'Il nome della categoria può avere al massimo 100 caratteri.', { fix: 'Accorcia il nome.', field: 'name' });
  return t;
}

function assertUniqueCategoryName(v: OpenVault, name: string, exceptId?: string): void {
  const f = fold(name);
  for (const c of v.index.categories.values()) {
    if (c.id !== exceptId && fold(c.name) === f) {
      fail('VAULT_CATEGORIA_ESISTENTE', 'Esiste già una categoria con questo nome.', { fix: 'Scegli un altro nome.', field: 'name' });
    }
  }
}

export function listCategories(v: OpenVault): VaultCategory[] {
  const counts = new Map<string, number>();
  for (const d of v.index.docs.values()) if (!d.damaged) counts.set(d.meta.categoryId, (counts.get(d.meta.categoryId) ?? 0) + 1);
  return [...v.index.categories.values()]
    .sort((a, b) => a.position - b.position || a.createdAt.localeCompare(b.createdAt))
    .map((c) => ({ id: c.id, name: c.name, ...(c.description ? { description: c.description } : {}), position: c.position, documents: counts.get(c.id) ?? 0 }));
}

function categoryView(v: OpenVault, id: string): VaultCategory {
  return listCategories(v).find((c) => c.id === id)!;
}

/** Inserts sealed categories (setup and vault.categories.create); returns their ids in order. */
export function insertCategories(v: OpenVault, list: { name: string; description?: string }[]): string[] {
  const at = v.now().toISOString();
  let position = Math.max(0, ...[...v.index.categories.values()].map((c) => c.position));
  const ids: string[] = [];
  v.store.transaction(() => {
    for (const c of list) {
      const id = v.crypto.randomId();
      position += 1;
      const data = { name: c.name, ...(c.description ? { description: c.description } : {}) };
      const { nonce, box } = v.sealer.sealJson('category', id, data);
      v.store.vault.insert('category', { id, position, nonce, box, createdAt: at, updatedAt: at });
      ids.push(id);
      v.index.categories.set(id, { id, position, revision: 1, createdAt: at, updatedAt: at, ...data });
    }
  });
  return ids;
}

export function createCategory(v: OpenVault, input: { name: string; description?: string }): VaultCategory {
  const name = cleanCategoryName(input.name);
  assertUniqueCategoryName(v, name);
  const description = input.description?.trim() || undefined;
  const [id] = insertCategories(v, [{ name, description }]);
  return categoryView(v, id!);
}

export function renameCategory(v: OpenVault, input: { id: string; name: string; description?: string | null }): VaultCategory {
  const c = requireCategory(v, input.id);
  const name = cleanCategoryName(input.name);
  assertUniqueCategoryName(v, name, c.id);
  const description = input.description === undefined ? c.description : input.description?.trim() || undefined;
  const data = { name, ...(description ? { description } : {}) };
  const { nonce, box } = v.sealer.sealJson('category', c.id, data);
  const at = v.now().toISOString();
  v.store.transaction(() => v.store.vault.update('category', c.id, { nonce, box }, at));
  v.index.categories.set(c.id, { ...c, ...data, description, revision: c.revision + 1, updatedAt: at, damaged: undefined });
  return categoryView(v, c.id);
}

/** Only an empty category; it also leaves the reasons that required it. */
export function deleteCategory(v: OpenVault, id: string): void {
  requireCategory(v, id);
  const inside = [...v.index.docs.values()].filter((d) => !d.damaged && d.meta.categoryId === id).length;
  if (inside > 0) {
    fail('VAULT_CATEGORIA_NON_VUOTA', `La categoria contiene ${inside} document${inside === 1 ? 'o' : 'i'}: si può eliminare solo una categoria vuota.`, {
      fix: 'Sposta o elimina prima i documenti che contiene.',
      details: { documents: inside },
    });
  }
  const at = v.now().toISOString();
  const touched: { id: string; requirements: ReasonRequirement[] }[] = [];
  v.store.transaction(() => {
    for (const r of v.index.reasons.values()) {
      if (r.damaged || !r.requirements.some((q) => q.categoryId === id)) continue;
      const requirements = r.requirements.filter((q) => q.categoryId !== id);
      const { nonce, box } = v.sealer.sealJson('reason', r.id, { name: r.name, requirements });
      v.store.vault.update('reason', r.id, { nonce, box }, at);
      touched.push({ id: r.id, requirements });
    }
    v.store.vault.remove('category', id);
  });
  for (const t of touched) {
    const r = v.index.reasons.get(t.id)!;
    v.index.reasons.set(t.id, { ...r, requirements: t.requirements, revision: r.revision + 1, updatedAt: at });
  }
  v.index.categories.delete(id);
}

// ---- documents -------------------------------------------------------------------------------------------------

function requireDocument(v: OpenVault, id: string): DocEntry {
  return v.index.docs.get(id) ?? documentNotFound(id);
}

export function getDocument(v: OpenVault, id: string): VaultDocument {
  return toView(requireDocument(v, id), v.today());
}

export function uploadDocuments(v: OpenVault, categoryId: string, files: readonly UploadFile[]): VaultDocument[] {
  requireCategory(v, categoryId);
  if (files.length === 0) fail('VAULT_NESSUN_FILE', 'Nessun file da caricare.', { fix: 'Scegli almeno un file.', field: 'files' });
  const prepared = files.map((f, i) => {
    const field = `files.${i}`;
    if (f.content.length === 0) fail('VAULT_FILE_VUOTO', `Il file ${i + 1} è vuoto.`, { fix: 'Scegli un file con un contenuto.', field });
    if (f.content.length > MAX_DOCUMENT_BYTES) {
      fail('VAULT_FILE_TROPPO_GRANDE', `Il file ${i + 1} supera ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB.`, { fix: 'Riduci il file (ad esempio scansionando a risoluzione più bassa).', field });
    }
    const name = cleanFileName(f.name, `${field}.name`);
    const meta: DocumentMeta = { name, categoryId, mime: normaliseMime(f.mime, name, f.content), size: f.content.length };
    const notes = cleanNotes(f.notes);
    if (notes) meta.notes = notes;
    if (f.expiry) meta.expiry = f.expiry;
    return { meta, content: f.content };
  });

  const written: string[] = [];
  const rows: { id: string; dek: Uint8Array; meta: DocumentMeta; nonce: Uint8Array; box: Uint8Array }[] = [];
  const at = v.now().toISOString();
  try {
    for (const p of prepared) {
      const id = v.crypto.randomId();
      const dek = v.crypto.randomBytes(KEY_BYTES);
      rows.push({ id, dek, meta: p.meta, ...v.sealer.sealDocument(id, dek, p.meta) });
      v.blobs.write(id, blobParts(v.crypto.seal(dek, p.content, v.sealer.blobAad(id))));
      written.push(id);
    }
    v.store.transaction(() => {
      for (const r of rows) v.store.vault.insert('document', { id: r.id, position: 0, nonce: r.nonce, box: r.box, createdAt: at, updatedAt: at });
    });
  } catch (e) {
    for (const id of written) {
      try {
        v.blobs.remove(id);
      } catch {
        // left as an orphan: the next open removes it
      }
    }
    for (const r of rows) wipe(r.dek);
    throw e;
  }
  const today = v.today();
  return rows.map((r) => {
    const entry: DocEntry = { id: r.id, position: 0, revision: 1, createdAt: at, updatedAt: at, damaged: false, meta: r.meta, dek: r.dek };
    v.index.docs.set(r.id, entry);
    return toView(entry, today);
  });
}

/** The decrypted content; VAULT_FILE_ALTERATO when the blob was changed, truncated or swapped. */
export function readContent(v: OpenVault, id: string): { document: VaultDocument; meta: DocumentMeta; bytes: Uint8Array } {
  const e = requireDocument(v, id);
  if (e.damaged) metadataDamaged(id);
  const raw = v.blobs.read(id);
  if (!raw) fileMissing(id);
  const sealed = parseBlob(raw);
  if (!sealed) fileTampered(id);
  let bytes: Uint8Array;
  try {
    bytes = v.crypto.open(e.dek, sealed, v.sealer.blobAad(id));
  } catch (err) {
    if (err instanceof VaultAuthError) fileTampered(id);
    throw err;
  }
  if (bytes.length !== e.meta.size) {
    wipe(bytes);
    fileTampered(id);
  }
  return { document: toView(e, v.today()), meta: e.meta, bytes };
}

export function listDocuments(v: OpenVault, q: DocumentQuery = {}): Page<VaultDocument> {
  if (q.categoryId !== undefined) requireCategory(v, q.categoryId);
  const today = v.today();
  const words = q.search ? fold(q.search).split(/\s+/).filter(Boolean) : [];
  let rows = [...v.index.docs.values()].map((e) => ({ e, view: toView(e, today) }));
  if (q.categoryId !== undefined) rows = rows.filter((r) => r.view.categoryId === q.categoryId);
  if (words.length) {
    rows = rows.filter((r) => {
      const hay = fold(`${r.view.name} ${r.view.notes ?? ''}`);
      return words.every((w) => hay.includes(w));
    });
  }
  if (q.expiringWithinDays !== undefined) rows = rows.filter((r) => r.view.daysToExpiry !== undefined && r.view.daysToExpiry <= q.expiringWithinDays!);
  const sort = q.sort ?? (q.expiringWithinDays !== undefined ? 'expiry' : 'name');
  const dir = (q.dir ?? (sort === 'createdAt' ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  const key = (d: VaultDocument): string | number =>
    sort === 'name' ? fold(d.name) : sort === 'size' ? d.size : sort === 'expiry' ? (d.expiry ?? '9999-99-99') : d.createdAt;
  // Ties (documents uploaded together share a timestamp) go by name, then id, always ascending: a stable order.
  const tie = (a: VaultDocument, b: VaultDocument) => fold(a.name).localeCompare(fold(b.name)) || a.id.localeCompare(b.id);
  rows.sort((a, b) => {
    const ka = key(a.view);
    const kb = key(b.view);
    return ka < kb ? -dir : ka > kb ? dir : tie(a.view, b.view);
  });
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 100;
  return { rows: rows.slice(offset, offset + limit).map((r) => r.view), total: rows.length, offset, limit };
}

export function updateDocument(v: OpenVault, id: string, patch: DocumentPatch): VaultDocument {
  const e = requireDocument(v, id);
  if (e.damaged) metadataDamaged(id);
  const meta: DocumentMeta = { ...e.meta };
  if (patch.name !== undefined) meta.name = cleanFileName(patch.name);
  if (patch.categoryId !== undefined) {
    requireCategory(v, patch.categoryId);
    meta.categoryId = patch.categoryId;
  }
  if (patch.notes !== undefined) {
    const notes = cleanNotes(patch.notes);
    if (notes) meta.notes = notes;
    else delete meta.notes;
  }
  if (patch.expiry !== undefined) {
    if (patch.expiry) meta.expiry = patch.expiry;
    else delete meta.expiry;
  }
  const { nonce, box } = v.sealer.sealDocument(id, e.dek, meta);
  const at = v.now().toISOString();
  v.store.transaction(() => {
    if (!v.store.vault.update('document', id, { nonce, box }, at)) documentNotFound(id);
  });
  const next: DocEntry = { ...e, meta, revision: e.revision + 1, updatedAt: at };
  v.index.docs.set(id, next);
  return toView(next, v.today());
}

/** Row first (the content key goes with it), then the blob (zeroed, then unlinked). */
export function deleteDocument(v: OpenVault, id: string): void {
  const e = requireDocument(v, id);
  v.store.transaction(() => v.store.vault.remove('document', id));
  v.index.docs.delete(id);
  if (!e.damaged) wipe(e.dek);
  try {
    v.blobs.remove(id);
  } catch {
    // the row is gone, so the blob is an orphan no key can open: the next open removes it
  }
}

// ---- reasons ---------------------------------------------------------------------------------------------------

export function listReasons(v: OpenVault): VaultReason[] {
  return [...v.index.reasons.values()]
    .sort((a, b) => a.position - b.position || a.createdAt.localeCompare(b.createdAt))
    .map((r) => ({ id: r.id, name: r.name, position: r.position, requirements: r.requirements.filter((q) => v.index.categories.has(q.categoryId)) }));
}

export function requireReason(v: OpenVault, id: string): VaultReason {
  return listReasons(v).find((r) => r.id === id) ?? reasonNotFound(id);
}

function cleanRequirements(v: OpenVault, requirements: readonly ReasonRequirement[]): ReasonRequirement[] {
  const seen = new Set<string>();
  return requirements.map((q, i) => {
    if (!v.index.categories.has(q.categoryId)) categoryNotFound(q.categoryId);
    if (seen.has(q.categoryId)) {
      fail('VAULT_CATEGORIA_RIPETUTA', 'La stessa categoria compare due volte nella causale.', { fix: 'Indica ogni categoria una sola volta, con il numero di documenti richiesti.', field: `requirements.${i}.categoryId` });
    }
    seen.add(q.categoryId);
    const note = q.note?.trim();
    return { categoryId: q.categoryId, min: q.min, ...(note ? { note } : {}) };
  });
}

/** Inserts (no id) or replaces (id) a reason. */
export function saveReason(v: OpenVault, input: { id?: string; name: string; requirements: readonly ReasonRequirement[] }): VaultReason {
  const name = input.name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name) fail('VAULT_NOME_NON_VALIDO', 'Il nome della causale è vuoto.', { fix: 'Scrivi un nome, ad esempio «Richiesta di leasing».', field: 'name' });
  const existing = input.id !== undefined ? v.index.reasons.get(input.id) : undefined;
  if (input.id !== undefined && !existing) reasonNotFound(input.id);
  for (const r of v.index.reasons.values()) {
    if (r.id !== input.id && fold(r.name) === fold(name)) fail('VAULT_CAUSALE_ESISTENTE', 'Esiste già una causale con questo nome.', { fix: 'Scegli un altro nome.', field: 'name' });
  }
  const requirements = cleanRequirements(v, input.requirements);
  const at = v.now().toISOString();
  const id = existing?.id ?? v.crypto.randomId();
  const { nonce, box } = v.sealer.sealJson('reason', id, { name, requirements });
  if (existing) {
    v.store.transaction(() => v.store.vault.update('reason', id, { nonce, box }, at));
    v.index.reasons.set(id, { ...existing, name, requirements, revision: existing.revision + 1, updatedAt: at, damaged: undefined });
  } else {
    const position = Math.max(0, ...[...v.index.reasons.values()].map((r) => r.position)) + 1;
    v.store.transaction(() => v.store.vault.insert('reason', { id, position, nonce, box, createdAt: at, updatedAt: at }));
    v.index.reasons.set(id, { id, position, revision: 1, createdAt: at, updatedAt: at, name, requirements });
  }
  return requireReason(v, id);
}

export function deleteReason(v: OpenVault, id: string): void {
  if (!v.index.reasons.has(id)) reasonNotFound(id);
  v.store.transaction(() => v.store.vault.remove('reason', id));
  v.index.reasons.delete(id);
}
