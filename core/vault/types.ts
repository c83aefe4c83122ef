/** Result and setting types of the document vault (vault.* in the API contract). */
import type { IsoDate } from '../invoicing/types';
import type { PasswordStrength } from './password-strength';

export type { PasswordStrength };

export type LockReason = 'manual' | 'idle' | 'company-closed' | 'shutdown';

export interface VaultStatus {
  /** A password has been set ("Imposta la password" done once). */
  configured: boolean;
  unlocked: boolean;
  /** This computer keeps the unlock secret in the OS keychain ("Ricorda su questo computer"). */
  remembered: boolean;
  keychain: { available: boolean; reason?: string };
  /** Idle minutes before the vault locks by itself. */
  autoLockMinutes: number;
  /** While unlocked: when it will lock if left idle (ISO timestamp). */
  locksAt?: string;
  /** Why it last locked (in this session). */
  lockedBecause?: LockReason;
  /** While unlocked: how many documents it holds. */
  documents?: number;
  kdf?: { algorithm: 'scrypt'; N: number; r: number; p: number };
  passwordChangedAt?: string;
  /** The rule the password must meet (score 0-4 from passwordStrength). */
  passwordPolicy: { minScore: number; minLength: number };
  /** Italian notes for the screen (e.g. the keychain is missing, so "Ricorda" was not applied). */
  notices: string[];
}

export interface VaultCategory {
  id: string;
  name: string;
  description?: string;
  position: number;
  /** Documents in the category. */
  documents: number;
}

export interface VaultDocument {
  id: string;
  categoryId: string;
  name: string;
  mime: string;
  /** Bytes of the original file. */
  size: number;
  notes?: string;
  expiry?: IsoDate;
  createdAt: string;
  updatedAt: string;
  /** The expiry date is before today. */
  expired?: boolean;
  /** Days from today to the expiry (negative when past). */
  daysToExpiry?: number;
  /** The metadata could not be decrypted (changed outside FatturaDesk): only deleting it is possible. */
  damaged?: boolean;
}

/** How the app may show the bytes inline, decided from the content itself (never from the claimed type). */
export type ViewAs = 'pdf' | 'image' | 'text';

export interface VaultFileContent {
  document: VaultDocument;
  /** A safe file name (no folders, no control characters). */
  fileName: string;
  mime: string;
  /** Absent: offer a download only. */
  viewAs?: ViewAs;
  base64: string;
}

export interface ReasonRequirement {
  categoryId: string;
  /** Documents of the category needed (e.g. 2 for "bilanci degli ultimi 2 anni"). */
  min: number;
  /** What exactly is needed, for the screen ("visura camerale aggiornata"). */
  note?: string;
}

export interface VaultReason {
  id: string;
  name: string;
  position: number;
  requirements: ReasonRequirement[];
}

export interface SharePreviewItem {
  category: { id: string; name: string };
  min: number;
  note?: string;
  /** Documents of the category, valid ones first; expired ones are listed but do not count. */
  documents: VaultDocument[];
  /** Valid (not expired) documents present. */
  present: number;
  /** How many are still to upload (0 when satisfied). */
  missing: number;
  satisfied: boolean;
}

export interface SharePreview {
  reason: VaultReason;
  items: SharePreviewItem[];
  /** Every requirement is satisfied. */
  complete: boolean;
  /** The documents the screen pre-selects: the valid documents of the required categories, newest first. */
  suggestedDocumentIds: string[];
}

export type ShareState = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface ShareLogEntry {
  id: number;
  state: ShareState;
  reasonId?: string;
  reasonName: string;
  recipient: { name: string; email: string };
  /** What was (or will be) attached, as it was at the time of sharing. */
  documents: { id: string; name: string; size: number }[];
  subject: string;
  message?: string;
  createdAt: string;
  sentAt?: string;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: { code: string; message: string };
  messageId?: string;
}

export interface ShareResult {
  share: ShareLogEntry;
  /** The job that sends it now (jobs.wait gives the final ShareLogEntry). */
  jobId: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it (587, 25). */
  secure: boolean;
  user?: string;
  fromEmail: string;
  fromName?: string;
}

export interface SmtpInfo {
  configured: boolean;
  settings?: SmtpSettings;
  /** A password is known (keychain, environment, this session). Never the password itself. */
  hasPassword: boolean;
  keychainAvailable: boolean;
  /** Keychain account and environment variable that hold the password (for scripts). */
  secretAccount: string;
  secretEnvVar: string;
  notes: string[];
}
