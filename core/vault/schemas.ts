/**
 * Argument schemas of the vault.* API methods. Validation messages never echo the value (a password that fails
 * validation must not come back in an error).
 */
import { z } from 'zod';
import '../api/define';
import { isoDate } from '../api/schemas';

const password = z.string().min(1, { message: 'Scrivi la password' }).max(1024, { message: 'Password troppo lunga (al massimo 1024 caratteri)' });
export const vaultRecordId = z.string().regex(/^[0-9a-f]{32}$/, { message: 'Identificativo non valido' });
const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);
const paging = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
};

export const strengthArgs = z.object({ password: z.string().max(1024, { message: 'Password troppo lunga (al massimo 1024 caratteri)' }) }).strict();
export const setupArgs = z.object({ password, confirm: password, remember: z.boolean().optional() }).strict();
export const unlockArgs = z.object({ password: password.optional(), remember: z.boolean().optional() }).strict();
export const changePasswordArgs = z.object({ current: password, password, confirm: password }).strict();
export const autoLockArgs = z.object({ minutes: z.number().int().min(1).max(1440) }).strict();

const categoryName = z.string().min(1).max(100);
const description = z.string().max(300);
export const categoryCreateArgs = z.object({ name: categoryName, description: description.optional() }).strict();
export const categoryRenameArgs = z.object({ id: vaultRecordId, name: categoryName, description: description.nullable().optional() }).strict();
export const idArgs = z.object({ id: vaultRecordId }).strict();

const notes = z.string().max(2000, { message: 'Al massimo 2000 caratteri' });
const fileName = z.string().min(1).max(1000);
/** 100 MB of file as base64 (4/3) plus line breaks. */
const base64 = z.string().min(1).max(140_000_000);

export const uploadArgs = z
  .object({
    categoryId: vaultRecordId,
    files: z
      .array(z.object({ name: fileName, mime: z.string().max(255).optional(), base64, notes: notes.optional(), expiry: isoDate.optional() }).strict())
      .min(1)
      .max(100),
  })
  .strict();

export const uploadFilesArgs = z
  .object({ categoryId: vaultRecordId, paths: z.array(z.string().min(1).max(4096)).min(1).max(100), notes: notes.optional(), expiry: isoDate.optional() })
  .strict();

export const listArgs = z
  .object({
    categoryId: vaultRecordId.optional(),
    search: z.string().max(100).optional(),
    expiringWithinDays: z.number().int().min(0).max(3650).optional(),
    sort: z.enum(['name', 'createdAt', 'expiry', 'size']).optional(),
    dir: z.enum(['asc', 'desc']).optional(),
    ...paging,
  })
  .strict();

export const exportArgs = z.object({ id: vaultRecordId, path: z.string().min(1).max(4096), overwrite: z.boolean().default(false) }).strict();

export const updateArgs = z
  .object({
    id: vaultRecordId,
    name: fileName.optional(),
    categoryId: vaultRecordId.optional(),
    notes: notes.nullable().optional(),
    expiry: isoDate.nullable().optional(),
  })
  .strict();

export const expiringArgs = z.object({ withinDays: z.number().int().min(0).max(3650).default(30) }).strict();

export const reasonSaveArgs = z
  .object({
    reason: z
      .object({
        id: vaultRecordId.optional(),
        name: z.string().min(1).max(150),
        requirements: z
          .array(z.object({ categoryId: vaultRecordId, min: z.number().int().min(1).max(20).default(1), note: z.string().max(300).optional() }).strict())
          .max(30),
      })
      .strict(),
  })
  .strict();

export const previewArgs = z.object({ reasonId: vaultRecordId }).strict();

export const shareArgs = z
  .object({
    reasonId: vaultRecordId,
    documentIds: z.array(vaultRecordId).min(1).max(100),
    recipient: z
      .object({
        name: z.string().trim().min(1).max(200).refine(noControl, { message: 'Caratteri non ammessi nel nome' }),
        email: z.email({ message: 'Indirizzo e-mail non valido' }).max(320),
      })
      .strict(),
    message: z.string().max(5000).optional(),
    allowMissing: z.boolean().optional(),
  })
  .strict();

export const shareLogArgs = z
  .object({ state: z.array(z.enum(['queued', 'sending', 'sent', 'failed', 'cancelled'])).optional(), ...paging })
  .strict();

export const shareIdArgs = z.object({ id: z.number().int().positive() }).strict();

export const smtpConfigureArgs = z
  .object({
    host: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/, { message: 'Nome del server non valido' }),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
    user: z.string().max(320).refine(noControl, { message: 'Caratteri non ammessi' }).optional(),
    password: z.string().min(1).max(1024).optional(),
    fromEmail: z.email({ message: 'Indirizzo e-mail del mittente non valido' }).max(320),
    fromName: z.string().max(200).refine(noControl, { message: 'Caratteri non ammessi' }).optional(),
  })
  .strict();

export const smtpTestArgs = z.object({ password: z.string().min(1).max(1024).optional() }).strict();
