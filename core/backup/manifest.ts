/**
 * The manifest of a backup set (manifest.json), validated before anything in the folder is trusted: a manifest that
 * names a path outside the set (`../`, absolute, backslashes) or an unknown part is refused, so a damaged or forged
 * backup cannot make a restore read or write anywhere else.
 */
import { z } from 'zod';
import { fail } from '../errors';
import type { BackupManifest } from './types';

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_DB_FILE = 'azienda.fdesk';
export const BACKUP_VAULT_DIR = 'vault';
export const BACKUP_FORMAT = 'fatturadesk-backup';

const VAULT_PART = /^vault\/[0-9a-f]{32}\.fdv$/;
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const manifestSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(1),
    kind: z.enum(['automatico', 'manuale', 'pre-migrazione']),
    createdAt: z.string().refine((s) => Number.isFinite(Date.parse(s))),
    day: isoDay,
    appVersion: z.string().max(100),
    source: z.object({ file: z.string().max(4096), name: z.string().max(500).optional(), partitaIva: z.string().max(40).optional() }),
    database: z.object({ path: z.literal(BACKUP_DB_FILE), method: z.enum(['online-backup', 'vacuum-into']), schemaVersion: z.number().int().min(1) }),
    counts: z.object({ registeredDocuments: z.number().int().min(0), vaultDocuments: z.number().int().min(0) }),
    chainTail: z.object({ chainSeq: z.number().int().min(1), recordHash: sha256 }).optional(),
    files: z
      .array(
        z.object({
          path: z.string().refine((p) => p === BACKUP_DB_FILE || VAULT_PART.test(p), 'percorso non ammesso'),
          size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
          sha256,
        }),
      )
      .min(1),
  })
  .refine((m) => m.files.some((f) => f.path === BACKUP_DB_FILE), 'manca il database')
  .refine((m) => new Set(m.files.map((f) => f.path)).size === m.files.length, 'file elencati due volte');

/** Parses manifest.json's text; throws BACKUP_MANIFESTO_NON_VALIDO (Italian) when it is not a FatturaDesk manifest. */
export function parseManifest(text: string, where: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    fail('BACKUP_MANIFESTO_NON_VALIDO', `La copia «${where}» non è leggibile: il file ${MANIFEST_FILE} è danneggiato.`, {
      fix: 'Scegli un’altra copia di sicurezza.',
    });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    fail('BACKUP_MANIFESTO_NON_VALIDO', `La copia «${where}» non è una copia di sicurezza di FatturaDesk valida (${first?.path.join('.') || 'manifesto'}: ${first?.message ?? 'non valido'}).`, {
      fix: 'Scegli la cartella di una copia fatta da FatturaDesk (contiene manifest.json e azienda.fdesk).',
    });
  }
  return parsed.data as BackupManifest;
}

/** The vault blob ids a manifest lists. */
export function manifestVaultIds(m: BackupManifest): string[] {
  return m.files.filter((f) => f.path.startsWith(`${BACKUP_VAULT_DIR}/`)).map((f) => f.path.slice(BACKUP_VAULT_DIR.length + 1, -'.fdv'.length));
}
