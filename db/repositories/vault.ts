/**
 * The vault's rows (migration 5). Every statement is prepared on first use (a store created on a file that was opened
 * with an older migration list in a test never touches these tables). Deletes run with SQLite's secure_delete on, so
 * the page that held a document's metadata (and its content key) is overwritten with zeros, not just unlinked.
 */
import type Database from 'better-sqlite3';
import type {
  Page,
  VaultKeyRecord,
  VaultRecordKind,
  VaultRepository,
  VaultSealedRecord,
  VaultShareRecord,
} from '../../core/ports';
import type { ShareState } from '../../core/vault/types';
import { compact, opt, page, pageBounds } from './common';

const TABLES: Record<VaultRecordKind, string> = {
  category: 'vault_categories',
  reason: 'vault_reasons',
  document: 'vault_documents',
};

interface KeyRow {
  vaultId: string;
  format: number;
  kdf: 'scrypt';
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  wrapNonce: Buffer;
  wrappedKey: Buffer;
  generation: number;
  createdAt: string;
  passwordChangedAt: string;
}

interface ShareRow {
  id: number;
  state: ShareState;
  nonce: Buffer;
  box: Buffer;
  attempts: number;
  nextAttemptAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  messageId: string | null;
  createdAt: string;
  sendingAt: string | null;
  sentAt: string | null;
  updatedAt: string;
}

const SHARE_COLUMNS = `id, state, nonce, box, attempts, next_attempt_at AS nextAttemptAt, last_error_code AS lastErrorCode,
  last_error_message AS lastErrorMessage, message_id AS messageId, created_at AS createdAt, sending_at AS sendingAt,
  sent_at AS sentAt, updated_at AS updatedAt`;

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function shareFromRow(r: ShareRow): VaultShareRecord {
  return compact({
    id: r.id,
    state: r.state,
    nonce: bytes(r.nonce),
    box: bytes(r.box),
    attempts: r.attempts,
    nextAttemptAt: opt(r.nextAttemptAt),
    lastError: r.lastErrorCode ? { code: r.lastErrorCode, message: r.lastErrorMessage ?? '' } : undefined,
    messageId: opt(r.messageId),
    createdAt: r.createdAt,
    sendingAt: opt(r.sendingAt),
    sentAt: opt(r.sentAt),
    updatedAt: r.updatedAt,
  });
}

export function createVaultRepository(db: Database.Database): VaultRepository {
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const table = (kind: VaultRecordKind): string => {
    const t = TABLES[kind];
    if (!t) throw new Error(`tipo di record della cassaforte sconosciuto: ${String(kind)}`);
    return t;
  };
  const recordColumns = `id, position, nonce, box, revision, created_at AS createdAt, updated_at AS updatedAt`;
  const toRecord = (r: { id: string; position: number; nonce: Buffer; box: Buffer; revision: number; createdAt: string; updatedAt: string }): VaultSealedRecord => ({
    ...r,
    nonce: bytes(r.nonce),
    box: bytes(r.box),
  });

  return {
    getKey() {
      const r = stmt(`SELECT vault_id AS vaultId, format, kdf, kdf_n AS n, kdf_r AS r, kdf_p AS p, kdf_salt AS salt,
        wrap_nonce AS wrapNonce, wrapped_key AS wrappedKey, generation, created_at AS createdAt,
        password_changed_at AS passwordChangedAt FROM vault_keys WHERE id = 1`).get() as KeyRow | undefined;
      if (!r) return undefined;
      return {
        vaultId: r.vaultId,
        format: r.format,
        kdf: { algorithm: r.kdf, N: r.n, r: r.r, p: r.p, salt: bytes(r.salt) },
        wrapNonce: bytes(r.wrapNonce),
        wrappedKey: bytes(r.wrappedKey),
        generation: r.generation,
        createdAt: r.createdAt,
        passwordChangedAt: r.passwordChangedAt,
      };
    },
    insertKey(k: VaultKeyRecord) {
      stmt(`INSERT INTO vault_keys (id, vault_id, format, kdf, kdf_n, kdf_r, kdf_p, kdf_salt, wrap_nonce, wrapped_key,
        generation, created_at, password_changed_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        k.vaultId,
        k.format,
        k.kdf.algorithm,
        k.kdf.N,
        k.kdf.r,
        k.kdf.p,
        k.kdf.salt,
        k.wrapNonce,
        k.wrappedKey,
        k.generation,
        k.createdAt,
        k.passwordChangedAt,
      );
    },
    rewrapKey(k, expectedGeneration) {
      const info = stmt(`UPDATE vault_keys SET kdf = ?, kdf_n = ?, kdf_r = ?, kdf_p = ?, kdf_salt = ?, wrap_nonce = ?,
        wrapped_key = ?, generation = ?, password_changed_at = ? WHERE id = 1 AND generation = ?`).run(
        k.kdf.algorithm,
        k.kdf.N,
        k.kdf.r,
        k.kdf.p,
        k.kdf.salt,
        k.wrapNonce,
        k.wrappedKey,
        k.generation,
        k.passwordChangedAt,
        expectedGeneration,
      );
      return info.changes === 1;
    },
    getSettings() {
      const r = stmt(`SELECT auto_lock_minutes AS autoLockMinutes, smtp_json AS smtpJson FROM vault_settings WHERE id = 1`).get() as
        | { autoLockMinutes: number; smtpJson: string | null }
        | undefined;
      return r ? compact({ autoLockMinutes: r.autoLockMinutes, smtpJson: opt(r.smtpJson) }) : undefined;
    },
    saveSettings(s, at) {
      stmt(`INSERT INTO vault_settings (id, auto_lock_minutes, smtp_json, updated_at) VALUES (1, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET auto_lock_minutes = excluded.auto_lock_minutes, smtp_json = excluded.smtp_json,
        updated_at = excluded.updated_at`).run(s.autoLockMinutes, s.smtpJson ?? null, at);
    },
    versions(kind) {
      return stmt(`SELECT id, revision FROM ${table(kind)}`).all() as { id: string; revision: number }[];
    },
    list(kind) {
      return (stmt(`SELECT ${recordColumns} FROM ${table(kind)} ORDER BY position, created_at, id`).all() as Parameters<typeof toRecord>[0][]).map(toRecord);
    },
    get(kind, id) {
      const r = stmt(`SELECT ${recordColumns} FROM ${table(kind)} WHERE id = ?`).get(id) as Parameters<typeof toRecord>[0] | undefined;
      return r ? toRecord(r) : undefined;
    },
    insert(kind, r) {
      stmt(`INSERT INTO ${table(kind)} (id, position, nonce, box, revision, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`).run(
        r.id,
        r.position,
        r.nonce,
        r.box,
        r.createdAt,
        r.updatedAt,
      );
    },
    update(kind, id, r, at) {
      const info = stmt(`UPDATE ${table(kind)} SET nonce = ?, box = ?, position = coalesce(?, position), revision = revision + 1,
        updated_at = ? WHERE id = ?`).run(r.nonce, r.box, r.position ?? null, at, id);
      return info.changes === 1;
    },
    remove(kind, id) {
      const before = db.pragma('secure_delete', { simple: true }) as number;
      db.pragma('secure_delete = 1');
      try {
        return stmt(`DELETE FROM ${table(kind)} WHERE id = ?`).run(id).changes === 1;
      } finally {
        db.pragma(`secure_delete = ${before ? 1 : 0}`);
      }
    },
    dataVersion() {
      return db.pragma('data_version', { simple: true }) as number;
    },

    insertShare(r) {
      return Number(
        stmt(`INSERT INTO vault_shares (state, nonce, box, attempts, created_at, updated_at) VALUES ('queued', ?, ?, 0, ?, ?)`).run(
          r.nonce,
          r.box,
          r.createdAt,
          r.createdAt,
        ).lastInsertRowid,
      );
    },
    setShareBox(id, nonce, box) {
      stmt(`UPDATE vault_shares SET nonce = ?, box = ? WHERE id = ?`).run(nonce, box, id);
    },
    getShare(id) {
      const r = stmt(`SELECT ${SHARE_COLUMNS} FROM vault_shares WHERE id = ?`).get(id) as ShareRow | undefined;
      return r ? shareFromRow(r) : undefined;
    },
    listShares(q): Page<VaultShareRecord> {
      const bounds = pageBounds(q);
      const states = q.state?.length ? q.state : undefined;
      const where = states ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
      const params = states ?? [];
      const total = (db.prepare(`SELECT count(*) AS n FROM vault_shares ${where}`).get(...params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT ${SHARE_COLUMNS} FROM vault_shares ${where} ORDER BY id DESC LIMIT ? OFFSET ?`)
        .all(...params, bounds.limit, bounds.offset) as ShareRow[];
      return page(rows.map(shareFromRow), total, bounds);
    },
    dueShares(now, limit = 100) {
      return (
        stmt(`SELECT ${SHARE_COLUMNS} FROM vault_shares WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
          ORDER BY id LIMIT ?`).all(now, limit) as ShareRow[]
      ).map(shareFromRow);
    },
    nextShareAttempt() {
      const r = stmt(`SELECT min(coalesce(next_attempt_at, created_at)) AS t FROM vault_shares WHERE state = 'queued'`).get() as { t: string | null };
      return opt(r.t);
    },
    sharesInState(states) {
      if (states.length === 0) return [];
      return (
        db.prepare(`SELECT ${SHARE_COLUMNS} FROM vault_shares WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY id`).all(...states) as ShareRow[]
      ).map(shareFromRow);
    },
    markShareSending(id, at) {
      return stmt(`UPDATE vault_shares SET state = 'sending', sending_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'`).run(at, at, id).changes === 1;
    },
    markShareSent(id, r) {
      stmt(`UPDATE vault_shares SET state = 'sent', attempts = ?, message_id = ?, sent_at = ?, next_attempt_at = NULL,
        last_error_code = NULL, last_error_message = NULL, updated_at = ? WHERE id = ?`).run(r.attempts, r.messageId ?? null, r.at, r.at, id);
    },
    markShareRetry(id, r) {
      stmt(`UPDATE vault_shares SET state = 'queued', attempts = ?, next_attempt_at = ?, last_error_code = ?,
        last_error_message = ?, updated_at = ? WHERE id = ?`).run(r.attempts, r.nextAttemptAt, r.error.code, r.error.message, r.at, id);
    },
    markShareFailed(id, r) {
      stmt(`UPDATE vault_shares SET state = 'failed', attempts = ?, next_attempt_at = NULL, last_error_code = ?,
        last_error_message = ?, updated_at = ? WHERE id = ?`).run(r.attempts, r.error.code, r.error.message, r.at, id);
    },
    requeueShare(id, at) {
      return stmt(`UPDATE vault_shares SET state = 'queued', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'failed'`).run(at, id)
        .changes === 1;
    },
    cancelShare(id, at) {
      return stmt(`UPDATE vault_shares SET state = 'cancelled', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state IN ('queued', 'failed')`).run(
        at,
        id,
      ).changes === 1;
    },
    failStaleSending(before, error, at) {
      return stmt(`UPDATE vault_shares SET state = 'failed', last_error_code = ?, last_error_message = ?, updated_at = ?
        WHERE state = 'sending' AND sending_at < ?`).run(error.code, error.message, at, before).changes;
    },
  };
}
