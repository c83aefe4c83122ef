/**
 * The document vault (Cassaforte): thin handlers over core/vault. Files travel as base64 (a data: URL prefix from the
 * browser's FileReader is accepted); decrypted bytes are wiped once encoded. Sending a share runs as a job
 * ('vault.share'), so the single-writer queue never waits on an SMTP server.
 */
import { fail } from '../../errors';
import { getCompany } from '../../invoicing/services/company';
import { customerName } from '../../invoicing/services/customers';
import { wipe } from '../../vault/crypto';
import {
  createCategory,
  deleteCategory,
  deleteReason,
  getDocument,
  listCategories,
  listDocuments,
  listReasons,
  readContent,
  renameCategory,
  saveReason,
  sniffViewAs,
  updateDocument,
  uploadDocuments,
  cleanFileName,
} from '../../vault/documents';
import { passwordStrength } from '../../vault/password-strength';
import type { VaultSession } from '../../vault/session';
import { sharePreview } from '../../vault/sharing';
import type { ShareResult } from '../../vault/types';
import { currentCompany, type ApiContext } from '../context';
import type { Handlers } from '../dispatch';

type VaultMethod = Extract<keyof Handlers<ApiContext>, `vault.${string}`>;
type H = Pick<Handlers<ApiContext>, VaultMethod>;

function session(ctx: ApiContext): VaultSession {
  if (!ctx.vault) fail('VAULT_NON_DISPONIBILE', 'La cassaforte documenti non è disponibile in questo ambiente.', { fix: 'Usa l’app FatturaDesk o il comando fatturadesk.' });
  return ctx.vault.session(currentCompany(ctx));
}

const DATA_URL = /^data:[^,]{0,200};base64,/;

/** Strict base64 (whitespace allowed): garbage is refused, never silently decoded into other bytes. */
export function decodeFileBase64(text: string, field: string): Uint8Array {
  let s = text.replace(DATA_URL, '');
  if (/\s/.test(s)) s = s.replace(/\s+/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
    fail('VAULT_BASE64_NON_VALIDO', 'Il contenuto del file non è base64 valido.', { fix: 'Ricarica il file.', field });
  }
  return Buffer.from(s, 'base64');
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function startSend(ctx: ApiContext, s: VaultSession, share: ShareResult['share']): ShareResult {
  const { jobId } = ctx.jobs.start('vault.share', async () => (await s.flushShares([share.id]))[0] ?? share);
  return { share, jobId };
}

export const vaultHandlers: H = {
  'vault.passwordStrength': ({ password }, ctx) => {
    const c = ctx.session.current ? getCompany(ctx.session.current.store) : undefined;
    return passwordStrength(password, c ? [customerName(c), c.partitaIva, c.codiceFiscale ?? '', c.sede?.comune ?? ''].filter(Boolean) : []);
  },
  'vault.status': (_a, ctx) => session(ctx).status(),
  'vault.setup': (a, ctx) => session(ctx).setup(a.password, a.confirm, a.remember),
  'vault.unlock': (a, ctx) => session(ctx).unlock(a.password, a.remember),
  'vault.lock': (_a, ctx) => {
    const s = session(ctx);
    s.lock('manual');
    return s.status();
  },
  'vault.changePassword': (a, ctx) => session(ctx).changePassword(a.current, a.password, a.confirm),
  'vault.setAutoLock': (a, ctx) => session(ctx).setAutoLock(a.minutes),
  'vault.forgetThisComputer': (_a, ctx) => session(ctx).forgetThisComputer(),

  'vault.categories.list': async (_a, ctx) => listCategories(await session(ctx).use()),
  'vault.categories.create': async (a, ctx) => createCategory(await session(ctx).use(), a),
  'vault.categories.rename': async (a, ctx) => renameCategory(await session(ctx).use(), a),
  'vault.categories.delete': async (a, ctx) => {
    deleteCategory(await session(ctx).use(), a.id);
    return null;
  },

  'vault.upload': async (a, ctx) => {
    const v = await session(ctx).use();
    const files = a.files.map((f, i) => ({
      name: f.name,
      mime: f.mime,
      notes: f.notes,
      expiry: f.expiry,
      content: decodeFileBase64(f.base64, `files.${i}.base64`),
    }));
    return uploadDocuments(v, a.categoryId, files);
  },
  'vault.uploadFiles': (a, ctx) => session(ctx).uploadPaths(a.categoryId, a.paths, { notes: a.notes, expiry: a.expiry }),
  'vault.list': async (a, ctx) => listDocuments(await session(ctx).use(), a),
  'vault.get': async (a, ctx) => getDocument(await session(ctx).use(), a.id),
  'vault.view': async (a, ctx) => {
    const c = readContent(await session(ctx).use(), a.id);
    try {
      const viewAs = sniffViewAs(c.bytes, c.meta.mime);
      return { document: c.document, fileName: cleanFileName(c.meta.name), mime: c.meta.mime, ...(viewAs ? { viewAs } : {}), base64: toBase64(c.bytes) };
    } finally {
      wipe(c.bytes);
    }
  },
  'vault.exportFile': (a, ctx) => session(ctx).exportFile(a.id, a.path, a.overwrite),
  'vault.update': async (a, ctx) => {
    const { id, ...patch } = a;
    return updateDocument(await session(ctx).use(), id, patch);
  },
  'vault.delete': async (a, ctx) => {
    await session(ctx).deleteDocument(a.id);
    return null;
  },
  'vault.expiring': async (a, ctx) => listDocuments(await session(ctx).use(), { expiringWithinDays: a.withinDays, limit: 1000 }).rows.filter((d) => !d.damaged),

  'vault.reasons.list': async (_a, ctx) => listReasons(await session(ctx).use()),
  'vault.reasons.save': async (a, ctx) => saveReason(await session(ctx).use(), a.reason),
  'vault.reasons.delete': async (a, ctx) => {
    deleteReason(await session(ctx).use(), a.id);
    return null;
  },
  'vault.sharePreview': async (a, ctx) => sharePreview(await session(ctx).use(), a.reasonId),
  'vault.share': async (a, ctx) => {
    const s = session(ctx);
    return startSend(ctx, s, await s.share(a));
  },
  'vault.shareLog': (a, ctx) => session(ctx).shareLog(a),
  'vault.shareRetry': async (a, ctx) => {
    const s = session(ctx);
    return startSend(ctx, s, await s.retryShare(a.id));
  },
  'vault.shareCancel': (a, ctx) => session(ctx).cancelShare(a.id),

  'vault.smtp.get': (_a, ctx) => session(ctx).smtpInfo(),
  'vault.smtp.configure': (a, ctx) => session(ctx).configureSmtp(a),
  'vault.smtp.test': (a, ctx) => session(ctx).testSmtp(a.password),
};
