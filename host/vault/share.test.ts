/**
 * Sharing through the API against a real SMTP server (smtp-server on 127.0.0.1, AUTH required): the journey the
 * Cassaforte screen drives (password, uploads into two categories, notes, a share with one document missing, the
 * missing one added, send, log), the message as the server received it (recipient, subject, attachment names and
 * bytes), the offline queue (server down: queued, sent by the retry timer once the server is back), refused
 * credentials, tampered files, and a share cut off by a crash.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobStatus } from '../../core/api/jobs';
import type { SharePreview, ShareLogEntry, ShareResult, SmtpInfo, VaultCategory, VaultDocument, VaultReason } from '../../core/vault/types';
import { parseMail } from './testing/mime';
import { freePort, startTestSmtp, type TestSmtp } from './testing/smtp';
import { b64, GOOD_PASSWORD, vaultTestApi, type VaultTestApi } from './testing/support';
import { vaultFolderFor } from './blob-store';

const SMTP_USER = 'studio@demo-fatture.it';
const SMTP_PASS = 'Posta-Segreta!Ginepro-57';

let t: VaultTestApi | undefined;
let smtp: TestSmtp | undefined;
afterEach(async () => {
  await t?.close();
  await smtp?.close();
  t = smtp = undefined;
});

async function setup(port: number): Promise<VaultTestApi> {
  const api = await vaultTestApi();
  await api.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
  await api.ok<SmtpInfo>('vault.smtp.configure', {
    host: '127.0.0.1',
    port,
    secure: false,
    user: SMTP_USER,
    password: SMTP_PASS,
    fromEmail: SMTP_USER,
    fromName: 'Studio Demo',
  });
  return api;
}

const byName = <T extends { name: string }>(list: T[], name: string) => list.find((x) => x.name === name)!;

async function waitJob(api: VaultTestApi, jobId: string): Promise<JobStatus> {
  return (await api.ok<JobStatus | null>('jobs.wait', { jobId }))!;
}

describe('vault sharing by e-mail', () => {
  it('password, uploads in two categories, notes, a share missing one document, the document added, send, log', async () => {
    smtp = await startTestSmtp({ user: SMTP_USER, pass: SMTP_PASS });
    t = await setup(smtp.port);
    const info = await t.ok<SmtpInfo>('vault.smtp.get');
    expect(info).toMatchObject({ configured: true, hasPassword: true, keychainAvailable: true, settings: { host: '127.0.0.1', port: smtp.port, user: SMTP_USER } });
    expect(JSON.stringify(info)).not.toContain(SMTP_PASS);
    expect(readFileSync(t.file).includes(SMTP_PASS)).toBe(false);

    const cats = await t.ok<VaultCategory[]>('vault.categories.list');
    const societari = byName(cats, 'Documenti societari');
    const identita = byName(cats, 'Documenti d’identità dei soci/amministratori');
    const visura = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]);
    const carta = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(120_000)]);
    const [visuraDoc] = await t.ok<VaultDocument[]>('vault.upload', {
      categoryId: societari.id,
      files: [{ name: 'Visura camerale 2025.pdf', mime: 'application/pdf', base64: b64(visura) }],
    });
    const [cartaDoc] = await t.ok<VaultDocument[]>('vault.upload', {
      categoryId: identita.id,
      files: [{ name: 'Carta d’identità – Mario Rossi.jpg', mime: 'image/jpeg', base64: `data:image/jpeg;base64,${b64(carta)}` }],
    });
    const annotated = await t.ok<VaultDocument>('vault.update', { id: cartaDoc!.id, notes: 'Rinnovata a marzo', expiry: '2031-03-14' });
    expect(annotated).toMatchObject({ notes: 'Rinnovata a marzo', expiry: '2031-03-14', expired: false });

    const reason = byName(await t.ok<VaultReason[]>('vault.reasons.list'), 'Apertura conto corrente');
    const before = await t.ok<SharePreview>('vault.sharePreview', { reasonId: reason.id });
    expect(before.complete).toBe(false);
    expect(before.items.map((i) => [i.category.name, i.present, i.missing])).toEqual([
      ['Documenti societari', 1, 1],
      ['Documenti d’identità dei soci/amministratori', 1, 0],
    ]);
    const recipient = { name: 'Banca Esempio – Filiale 12', email: 'fidi@banca-esempio.it' };
    const refused = await t.err('vault.share', { reasonId: reason.id, documentIds: before.suggestedDocumentIds, recipient });
    expect(refused.code).toBe('VAULT_DOCUMENTI_MANCANTI');
    expect(refused.message).toContain('Documenti societari');
    expect(smtp.messages).toHaveLength(0);

    // The missing document, uploaded "in place" with the same API.
    const statuto = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(50_000)]);
    await t.ok('vault.upload', { categoryId: societari.id, files: [{ name: 'Statuto.pdf', base64: b64(statuto), notes: 'Versione 2019' }] });
    const after = await t.ok<SharePreview>('vault.sharePreview', { reasonId: reason.id });
    expect(after.complete).toBe(true);
    expect(after.suggestedDocumentIds).toHaveLength(3);

    const started = await t.ok<ShareResult>('vault.share', { reasonId: reason.id, documentIds: after.suggestedDocumentIds, recipient, message: 'Buongiorno, ecco i documenti.' });
    expect(started.share.state).toBe('queued');
    const done = await waitJob(t, started.jobId);
    expect(done.state).toBe('done');
    expect((done.result as ShareLogEntry).state).toBe('sent');

    expect(smtp.messages).toHaveLength(1);
    const m = smtp.messages[0]!;
    expect(m.to).toEqual(['fidi@banca-esempio.it']);
    expect(m.from).toBe(SMTP_USER);
    expect(m.user).toBe(SMTP_USER);
    const mail = parseMail(m.raw);
    expect(mail.subject).toBe('Studio Demo Fatture S.r.l.: documenti per «Apertura conto corrente»');
    expect(mail.text).toContain('Buongiorno, ecco i documenti.');
    const attachments = new Map(mail.attachments.map((a) => [a.filename, a]));
    expect([...attachments.keys()].sort()).toEqual(['Carta d’identità – Mario Rossi.jpg', 'Statuto.pdf', 'Visura camerale 2025.pdf']);
    expect(attachments.get('Visura camerale 2025.pdf')!.content.equals(visura)).toBe(true);
    expect(attachments.get('Carta d’identità – Mario Rossi.jpg')!.content.equals(carta)).toBe(true);
    expect(attachments.get('Statuto.pdf')!.content.equals(statuto)).toBe(true);
    expect(attachments.get('Visura camerale 2025.pdf')!.contentType).toBe('application/pdf');

    const log = await t.ok<{ rows: ShareLogEntry[]; total: number }>('vault.shareLog', {});
    expect(log.total).toBe(1);
    expect(log.rows[0]).toMatchObject({
      state: 'sent',
      reasonName: 'Apertura conto corrente',
      recipient,
      attempts: 1,
      message: 'Buongiorno, ecco i documenti.',
      sentAt: t.clock.now().toISOString(),
    });
    expect(log.rows[0]!.documents.map((d) => d.name).sort()).toEqual(['Carta d’identità – Mario Rossi.jpg', 'Statuto.pdf', 'Visura camerale 2025.pdf']);
    expect(visuraDoc).toBeDefined();
  });

  it('queues while the server is down and sends when it is back (retry timer), without plaintext in the queue', async () => {
    const port = await freePort();
    t = await setup(port);
    const altro = byName(await t.ok<VaultCategory[]>('vault.categories.list'), 'Altro');
    const content = randomBytes(20_000);
    const [doc] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: altro.id, files: [{ name: 'Polizza.pdf', base64: b64(content) }] });
    const reason = await t.ok<VaultReason>('vault.reasons.save', { reason: { name: 'Invio all’assicurazione', requirements: [{ categoryId: altro.id, min: 1 }] } });
    const started = await t.ok<ShareResult>('vault.share', { reasonId: reason.id, documentIds: [doc!.id], recipient: { name: 'Agenzia Assicurativa', email: 'sinistri@agenzia-esempio.it' } });
    const first = (await waitJob(t, started.jobId)).result as ShareLogEntry;
    expect(first.state).toBe('queued');
    expect(first.lastError?.code).toBe('VAULT_SMTP_NON_RAGGIUNGIBILE');
    expect(first.lastError?.message).not.toContain('sinistri@agenzia-esempio.it');
    expect(first.nextAttemptAt).toBe(new Date(t.clock.now().getTime() + 30_000).toISOString());
    const db = readFileSync(t.file);
    const wal = readFileSync(`${t.file}-wal`);
    for (const s of ['sinistri@agenzia-esempio.it', 'Agenzia Assicurativa', 'Polizza.pdf']) {
      expect(db.includes(s) || wal.includes(s), s).toBe(false);
    }

    smtp = await startTestSmtp({ user: SMTP_USER, pass: SMTP_PASS, port });
    t.clock.advance(29_000);
    expect(smtp.messages).toHaveLength(0);
    t.clock.advance(2_000);
    const api = t;
    await vi.waitFor(async () => {
      const log = await api.ok<{ rows: ShareLogEntry[] }>('vault.shareLog', {});
      expect(log.rows[0]!.state).toBe('sent');
    }, { timeout: 15_000, interval: 20 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['sinistri@agenzia-esempio.it']);
    expect(parseMail(smtp.messages[0]!.raw).attachments[0]!.content.equals(content)).toBe(true);
    const log = await t.ok<{ rows: ShareLogEntry[] }>('vault.shareLog', {});
    expect(log.rows[0]).toMatchObject({ state: 'sent', attempts: 2 });
    expect(log.rows[0]!.lastError).toBeUndefined();
  });

  it('a refused password fails the share (not queued forever); «Riprova» after fixing it sends', async () => {
    smtp = await startTestSmtp({ user: SMTP_USER, pass: SMTP_PASS });
    t = await setup(smtp.port);
    await t.ok('vault.smtp.configure', { host: '127.0.0.1', port: smtp.port, secure: false, user: SMTP_USER, password: 'password-sbagliata-1', fromEmail: SMTP_USER });
    const test = await t.err('vault.smtp.test');
    expect(test.code).toBe('VAULT_SMTP_AUTENTICAZIONE');
    const altro = byName(await t.ok<VaultCategory[]>('vault.categories.list'), 'Altro');
    const [doc] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: altro.id, files: [{ name: 'a.txt', base64: b64('ciao') }] });
    const reason = await t.ok<VaultReason>('vault.reasons.save', { reason: { name: 'Prova', requirements: [] } });
    const started = await t.ok<ShareResult>('vault.share', { reasonId: reason.id, documentIds: [doc!.id], recipient: { name: 'Luca', email: 'luca@esempio.it' } });
    const failed = (await waitJob(t, started.jobId)).result as ShareLogEntry;
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'VAULT_SMTP_AUTENTICAZIONE' } });
    expect(smtp.messages).toHaveLength(0);

    await t.ok('vault.smtp.configure', { host: '127.0.0.1', port: smtp.port, secure: false, user: SMTP_USER, password: SMTP_PASS, fromEmail: SMTP_USER });
    expect(await t.ok('vault.smtp.test')).toMatchObject({ ok: true });
    const retried = await t.ok<ShareResult>('vault.shareRetry', { id: failed.id });
    expect(((await waitJob(t, retried.jobId)).result as ShareLogEntry).state).toBe('sent');
    expect(smtp.messages).toHaveLength(1);
    expect((await t.err('vault.shareRetry', { id: failed.id })).code).toBe('VAULT_CONDIVISIONE_NON_RIPETIBILE');
  });

  it('reports an unreachable server in «Prova connessione» and refuses to share without SMTP settings', async () => {
    t = await vaultTestApi();
    await t.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD });
    const altro = byName(await t.ok<VaultCategory[]>('vault.categories.list'), 'Altro');
    const [doc] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: altro.id, files: [{ name: 'a.txt', base64: b64('ciao') }] });
    const reason = await t.ok<VaultReason>('vault.reasons.save', { reason: { name: 'Prova', requirements: [] } });
    const noSmtp = await t.err('vault.share', { reasonId: reason.id, documentIds: [doc!.id], recipient: { name: 'Luca', email: 'luca@esempio.it' } });
    expect(noSmtp.code).toBe('VAULT_SMTP_NON_CONFIGURATO');
    await t.ok('vault.smtp.configure', { host: '127.0.0.1', port: await freePort(), secure: false, fromEmail: 'a@esempio.it' });
    expect((await t.err('vault.smtp.test')).code).toBe('VAULT_SMTP_NON_RAGGIUNGIBILE');
    const bad = await t.err('vault.share', { reasonId: reason.id, documentIds: [doc!.id], recipient: { name: 'Luca', email: 'non-un-indirizzo' } });
    expect(bad).toMatchObject({ code: 'ARGOMENTI_NON_VALIDI', field: 'recipient.email' });
  });

  it('never sends a tampered document: the share fails with VAULT_FILE_ALTERATO and nothing leaves', async () => {
    smtp = await startTestSmtp({ user: SMTP_USER, pass: SMTP_PASS });
    t = await setup(smtp.port);
    const altro = byName(await t.ok<VaultCategory[]>('vault.categories.list'), 'Altro');
    const [doc] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: altro.id, files: [{ name: 'bilancio.pdf', base64: b64(randomBytes(5000)) }] });
    const blob = `${vaultFolderFor(t.file)}/${doc!.id}.fdv`;
    const bytes = readFileSync(blob);
    bytes[100] ^= 0x01;
    (await import('node:fs')).writeFileSync(blob, bytes);
    const reason = await t.ok<VaultReason>('vault.reasons.save', { reason: { name: 'Prova', requirements: [] } });
    const started = await t.ok<ShareResult>('vault.share', { reasonId: reason.id, documentIds: [doc!.id], recipient: { name: 'Luca', email: 'luca@esempio.it' } });
    const r = (await waitJob(t, started.jobId)).result as ShareLogEntry;
    expect(r).toMatchObject({ state: 'failed', lastError: { code: 'VAULT_FILE_ALTERATO' } });
    expect(smtp.messages).toHaveLength(0);
  });

  it('a share in the queue keeps its documents; cancelling it frees them; a share cut off mid-send is marked uncertain', async () => {
    const port = await freePort();
    t = await setup(port);
    const altro = byName(await t.ok<VaultCategory[]>('vault.categories.list'), 'Altro');
    const [doc] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: altro.id, files: [{ name: 'a.txt', base64: b64('ciao') }] });
    const reason = await t.ok<VaultReason>('vault.reasons.save', { reason: { name: 'Prova', requirements: [] } });
    const started = await t.ok<ShareResult>('vault.share', { reasonId: reason.id, documentIds: [doc!.id], recipient: { name: 'Luca', email: 'luca@esempio.it' } });
    await waitJob(t, started.jobId);
    expect((await t.err('vault.delete', { id: doc!.id })).code).toBe('VAULT_DOCUMENTO_IN_CODA');
    expect((await t.ok<ShareLogEntry>('vault.shareCancel', { id: started.share.id })).state).toBe('cancelled');
    await t.ok('vault.delete', { id: doc!.id });

    // A share left 'sending' by a process that died: the next session marks it failed ("esito incerto").
    const [doc2] = await t.ok<VaultDocument[]>('vault.upload', { categoryId: altro.id, files: [{ name: 'b.txt', base64: b64('ciao') }] });
    const second = await t.ok<ShareResult>('vault.share', { reasonId: reason.id, documentIds: [doc2!.id], recipient: { name: 'Luca', email: 'luca@esempio.it' } });
    await waitJob(t, second.jobId);
    const store = t.api.context.session.current!.store;
    expect(store.vault.markShareSending(second.share.id, t.clock.now().toISOString())).toBe(true);
    await t.ok('companies.close');
    t.clock.advance(11 * 60_000);
    await t.ok('companies.open', { file: t.file });
    await t.ok('vault.unlock', { password: GOOD_PASSWORD });
    const log = await t.ok<{ rows: ShareLogEntry[] }>('vault.shareLog', { state: ['failed'] });
    expect(log.rows.map((r) => [r.id, r.lastError?.code])).toEqual([[second.share.id, 'VAULT_INVIO_INCERTO']]);
  });
});
