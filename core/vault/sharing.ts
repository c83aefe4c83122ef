/**
 * Sharing by e-mail. A reason lists the categories it needs; the preview shows, for each, the valid documents present
 * and how many are missing. A share is first stored (queued) as a sealed box with the recipient, the message and the
 * document ids: the queue holds no plaintext and no decrypted file. Sending decrypts the attachments in memory only,
 * hands them to the mail transport and wipes them. A share whose server cannot be reached stays queued and is retried
 * with backoff while the vault is unlocked; a refused one (wrong password, recipient rejected) is marked failed with
 * the reason, and can be retried by hand. A share found 'sending' after a crash is marked failed ("esito incerto")
 * rather than sent twice behind the user's back.
 */
import { fail } from '../errors';
import type { Page, VaultShareRecord } from '../ports';
import { wipe } from './crypto';
import { listDocuments, readContent, requireReason, toView } from './documents';
import { documentNotFound } from './errors';
import type { OpenVault } from './open-vault';
import { MailError, type MailAttachment, type MailTransport } from './ports';
import type { ShareData } from './records';
import type { SharePreview, SharePreviewItem, ShareLogEntry, ShareState, SmtpSettings, VaultDocument } from './types';

/** Total attachments of one e-mail: most providers refuse messages above 20-25 MB once base64 is added. */
export const MAX_SHARE_BYTES = 18 * 1024 * 1024;
/** A 'sending' share older than this was cut off by a crash (the transport gives up long before). */
export const STALE_SENDING_MS = 10 * 60 * 1000;

export function retryDelayMs(attempts: number): number {
  return Math.min(15 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export function sharePreview(v: OpenVault, reasonId: string): SharePreview {
  const reason = requireReason(v, reasonId);
  const items: SharePreviewItem[] = reason.requirements.map((q) => {
    const cat = v.index.categories.get(q.categoryId)!;
    const docs = listDocuments(v, { categoryId: q.categoryId, sort: 'createdAt', dir: 'desc', limit: 1000 }).rows.filter((d) => !d.damaged);
    const valid = docs.filter((d) => !d.expired);
    const expired = docs.filter((d) => d.expired);
    const present = valid.length;
    const missing = Math.max(0, q.min - present);
    return { category: { id: cat.id, name: cat.name }, min: q.min, ...(q.note ? { note: q.note } : {}), documents: [...valid, ...expired], present, missing, satisfied: missing === 0 };
  });
  const suggested: string[] = [];
  for (const item of items) for (const d of item.documents) if (!d.expired && !suggested.includes(d.id)) suggested.push(d.id);
  return { reason, items, complete: items.every((i) => i.satisfied), suggestedDocumentIds: suggested };
}

export interface ShareInput {
  reasonId: string;
  documentIds: string[];
  recipient: { name: string; email: string };
  message?: string;
  /** Send even though some required categories are missing. */
  allowMissing?: boolean;
}

export function shareSubject(companyName: string, reasonName: string): string {
  return `${companyName}: documenti per «${reasonName}»`;
}

/** Checks the share and stores it queued (sealed); the caller then starts sending. */
export function enqueueShare(v: OpenVault, input: ShareInput, companyName: string): ShareLogEntry {
  const preview = sharePreview(v, input.reasonId);
  const ids = [...new Set(input.documentIds)];
  if (ids.length === 0) fail('VAULT_NESSUN_DOCUMENTO', 'Scegli almeno un documento da inviare.', { fix: 'Seleziona i documenti da allegare.', field: 'documentIds' });
  const docs: VaultDocument[] = ids.map((id) => {
    const e = v.index.docs.get(id) ?? documentNotFound(id);
    const view = toView(e, v.today());
    if (view.damaged) fail('VAULT_FILE_ALTERATO', `Il documento ${id} è danneggiato e non può essere inviato.`, { fix: 'Eliminalo e caricalo di nuovo.', details: { id } });
    return view;
  });
  if (!input.allowMissing) {
    // A requirement counts as met by the valid documents of its category that were chosen, not by those merely present.
    const chosen = new Set(ids);
    const short = preview.items.filter((i) => i.documents.filter((d) => chosen.has(d.id) && !d.expired).length < i.min);
    if (short.length > 0) {
      fail('VAULT_DOCUMENTI_MANCANTI', `Mancano documenti richiesti dalla causale: ${short.map((i) => i.category.name).join(', ')}.`, {
        fix: 'Carica i documenti mancanti (o selezionali), oppure conferma l’invio senza.',
        details: { missing: short.map((i) => ({ categoryId: i.category.id, needed: i.min, selected: i.documents.filter((d) => chosen.has(d.id) && !d.expired).length })) },
      });
    }
  }
  const total = docs.reduce((s, d) => s + d.size, 0);
  if (total > MAX_SHARE_BYTES) {
    fail('VAULT_CONDIVISIONE_TROPPO_GRANDE', `Gli allegati pesano ${(total / (1024 * 1024)).toFixed(1)} MB: il limite per un messaggio è ${MAX_SHARE_BYTES / (1024 * 1024)} MB.`, {
      fix: 'Dividi i documenti in più invii.',
      field: 'documentIds',
    });
  }
  const message = input.message?.trim() || undefined;
  const data: ShareData = {
    reasonId: preview.reason.id,
    reasonName: preview.reason.name,
    recipient: { name: input.recipient.name.trim(), email: input.recipient.email.trim() },
    subject: shareSubject(companyName, preview.reason.name),
    ...(message ? { message } : {}),
    documents: docs.map((d) => ({ id: d.id, name: d.name, size: d.size })),
  };
  const at = v.now().toISOString();
  // The id is the row id, known only after the insert: seal with a placeholder box first, then the real one, in the
  // same transaction (associated data binds the box to the share id).
  const id = v.store.transaction(() => {
    const rowId = v.store.vault.insertShare({ nonce: new Uint8Array(12), box: new Uint8Array(16), createdAt: at });
    const { nonce, box } = v.sealer.sealJson('share', String(rowId), data);
    v.store.vault.setShareBox(rowId, nonce, box);
    return rowId;
  });
  return shareEntry(v, v.store.vault.getShare(id)!);
}

export function shareEntry(v: OpenVault, r: VaultShareRecord): ShareLogEntry {
  let data: ShareData;
  try {
    data = v.sealer.openJson<ShareData>('share', String(r.id), r.nonce, r.box);
  } catch {
    data = { reasonName: 'Condivisione illeggibile', recipient: { name: '', email: '' }, subject: '', documents: [] };
  }
  const out: ShareLogEntry = {
    id: r.id,
    state: r.state,
    reasonName: data.reasonName,
    recipient: data.recipient,
    documents: data.documents,
    subject: data.subject,
    createdAt: r.createdAt,
    attempts: r.attempts,
  };
  if (data.reasonId) out.reasonId = data.reasonId;
  if (data.message) out.message = data.message;
  if (r.sentAt) out.sentAt = r.sentAt;
  if (r.nextAttemptAt && r.state === 'queued') out.nextAttemptAt = r.nextAttemptAt;
  if (r.lastError) out.lastError = r.lastError;
  if (r.messageId) out.messageId = r.messageId;
  return out;
}

export function shareLog(v: OpenVault, q: { state?: ShareState[]; offset?: number; limit?: number }): Page<ShareLogEntry> {
  const p = v.store.vault.listShares(q);
  return { ...p, rows: p.rows.map((r) => shareEntry(v, r)) };
}

/** Document ids still needed by shares not yet sent (they cannot be deleted meanwhile). */
export function documentsInPendingShares(v: OpenVault): Set<string> {
  const ids = new Set<string>();
  for (const r of v.store.vault.sharesInState(['queued', 'sending'])) for (const d of shareEntry(v, r).documents) ids.add(d.id);
  return ids;
}

function redact(text: string, data: ShareData): string {
  let out = text;
  for (const s of [data.recipient.email, data.recipient.name]) {
    if (s && s.length >= 3) out = out.split(s).join('«destinatario»');
  }
  return out.slice(0, 500);
}

function mailErrorCode(e: MailError): { code: string; message: string } {
  switch (e.kind) {
    case 'temporary':
      return { code: 'VAULT_SMTP_NON_RAGGIUNGIBILE', message: `Server di posta non raggiungibile: il messaggio resta in coda e verrà inviato appena possibile (${e.message}).` };
    case 'auth':
      return { code: 'VAULT_SMTP_AUTENTICAZIONE', message: `Il server di posta ha rifiutato utente o password (${e.message}).` };
    case 'rejected':
      return { code: 'VAULT_SMTP_RIFIUTATO', message: `Il server di posta ha rifiutato il messaggio (${e.message}).` };
    default:
      return { code: 'VAULT_SMTP_CONFIGURAZIONE', message: `Impostazioni del server di posta non valide (${e.message}).` };
  }
}

export interface SendContext {
  transport: MailTransport;
  smtp: SmtpSettings;
  companyName: string;
}

function messageText(data: ShareData, companyName: string): string {
  const lines = [`Gentile ${data.recipient.name},`, '', `${companyName} le invia i documenti per «${data.reasonName}».`];
  if (data.message) lines.push('', data.message);
  lines.push('', 'Allegati:', ...data.documents.map((d) => `- ${d.name}`), '', `${companyName}`, '', '(Messaggio inviato con FatturaDesk)');
  return lines.join('\n');
}

/** Unique attachment names (two documents called "visura.pdf" become "visura.pdf" and "visura (2).pdf"). */
function uniqueNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let candidate = n;
    for (let k = 2; used.has(candidate.toLowerCase()); k++) {
      const dot = n.lastIndexOf('.');
      candidate = dot > 0 ? `${n.slice(0, dot)} (${k})${n.slice(dot)}` : `${n} (${k})`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

/** Sends one queued share (if still queued); returns its entry afterwards. */
export async function sendShare(v: OpenVault, id: number, ctx: SendContext): Promise<ShareLogEntry> {
  const repo = v.store.vault;
  const record = repo.getShare(id);
  if (!record) fail('VAULT_CONDIVISIONE_NON_TROVATA', 'Condivisione non trovata.', { fix: 'Aggiorna il registro delle condivisioni.' });
  if (record.state !== 'queued' || !repo.markShareSending(id, v.now().toISOString())) return shareEntry(v, repo.getShare(id)!);
  const attempts = record.attempts + 1;
  let data: ShareData;
  try {
    data = v.sealer.openJson<ShareData>('share', String(id), record.nonce, record.box);
  } catch {
    repo.markShareFailed(id, { attempts, error: { code: 'VAULT_FILE_ALTERATO', message: 'I dati della condivisione sono stati modificati o sono danneggiati.' }, at: v.now().toISOString() });
    return shareEntry(v, repo.getShare(id)!);
  }
  const attachments: MailAttachment[] = [];
  try {
    const names = uniqueNames(data.documents.map((d) => d.name));
    data.documents.forEach((d, i) => {
      const c = readContent(v, d.id);
      attachments.push({ filename: names[i]!, contentType: c.meta.mime, content: c.bytes });
    });
  } catch (e) {
    for (const a of attachments) wipe(a.content);
    const err = e as { code?: string; message?: string };
    repo.markShareFailed(id, { attempts, error: { code: err.code ?? 'ERRORE_INTERNO', message: err.message ?? String(e) }, at: v.now().toISOString() });
    return shareEntry(v, repo.getShare(id)!);
  }
  try {
    const result = await ctx.transport.send({
      from: { email: ctx.smtp.fromEmail, ...(ctx.smtp.fromName ? { name: ctx.smtp.fromName } : {}) },
      to: data.recipient,
      subject: data.subject,
      text: messageText(data, ctx.companyName),
      attachments,
    });
    if (result.rejected.length > 0 && result.accepted.length === 0) throw new MailError('rejected', 'destinatario rifiutato');
    repo.markShareSent(id, { attempts, messageId: result.messageId, at: v.now().toISOString() });
  } catch (e) {
    const me = e instanceof MailError ? e : new MailError('temporary', e instanceof Error ? e.message : String(e));
    const { code, message } = mailErrorCode(me);
    const error = { code, message: redact(message, data) };
    const at = v.now();
    if (me.kind === 'temporary') repo.markShareRetry(id, { attempts, nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts)).toISOString(), error, at: at.toISOString() });
    else repo.markShareFailed(id, { attempts, error, at: at.toISOString() });
  } finally {
    for (const a of attachments) wipe(a.content);
  }
  return shareEntry(v, repo.getShare(id)!);
}
