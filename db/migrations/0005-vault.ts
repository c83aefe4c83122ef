/**
 * Migration 5: the document vault. The company file holds only what is needed to open it and ciphertext: the KDF
 * parameters and the wrapped vault key (one row), and for categories, reasons, documents and shares an id, a position
 * or a state, timestamps, and a sealed box (nonce + AES-256-GCM ciphertext||tag). Names, notes, expiry dates, file
 * types, recipients live only inside the boxes. The files themselves are encrypted blobs in `<company file>.vault/`.
 */
import type { Migration } from './types';

const sql = /* sql */ `
-- One row: how to turn the password into the key-encryption key, and the vault key wrapped under it. A password change
-- is one UPDATE of this row (generation + 1): atomic, so a crash leaves either the old or the new wrapping.
CREATE TABLE vault_keys (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  vault_id TEXT NOT NULL,
  format INTEGER NOT NULL,
  kdf TEXT NOT NULL CHECK (kdf = 'scrypt'),
  kdf_n INTEGER NOT NULL,
  kdf_r INTEGER NOT NULL,
  kdf_p INTEGER NOT NULL,
  kdf_salt BLOB NOT NULL,
  wrap_nonce BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  generation INTEGER NOT NULL CHECK (generation >= 1),
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);

-- Non-secret settings: idle minutes before locking, SMTP server (host, port, user, sender; the SMTP password lives
-- in the OS keychain only).
CREATE TABLE vault_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  auto_lock_minutes INTEGER NOT NULL CHECK (auto_lock_minutes BETWEEN 1 AND 1440),
  smtp_json TEXT,
  updated_at TEXT NOT NULL
);

-- Sealed records. id: 128 random bits in hex (never derived from a name). revision: +1 at each rewrite, so another
-- process's changes are picked up by comparing (id, revision) without decrypting everything again.
CREATE TABLE vault_categories (
  id TEXT PRIMARY KEY CHECK (length(id) = 32),
  position INTEGER NOT NULL,
  nonce BLOB NOT NULL,
  box BLOB NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE vault_reasons (
  id TEXT PRIMARY KEY CHECK (length(id) = 32),
  position INTEGER NOT NULL,
  nonce BLOB NOT NULL,
  box BLOB NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One row per document; its blob file is <id>.fdv in the vault folder. The category is inside the box (the file
-- does not even say which documents are identity documents).
CREATE TABLE vault_documents (
  id TEXT PRIMARY KEY CHECK (length(id) = 32),
  position INTEGER NOT NULL DEFAULT 0,
  nonce BLOB NOT NULL,
  box BLOB NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Shares (queue and log in one): the box holds reason, recipient, subject, message and the documents (ids and
-- names); the columns only the state of the sending. Error messages are stored with the recipient's address removed.
CREATE TABLE vault_shares (
  id INTEGER PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  nonce BLOB NOT NULL,
  box BLOB NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT,
  last_error_code TEXT,
  last_error_message TEXT,
  message_id TEXT,
  created_at TEXT NOT NULL,
  sending_at TEXT,
  sent_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX vault_shares_state ON vault_shares (state, id);
`;

export const migration0005: Migration = { id: 5, name: 'vault', sql };
