/**
 * Nothing readable on disk: documents with distinctive names, notes, contents, categories, reasons, a share (queued,
 * the server being down) and SMTP settings are written through the API; then every file under the test folder (the
 * vault folder, the company file with its -wal and -shm, the app's data folder) is searched for those strings, in
 * UTF-8 and UTF-16, and for the passwords. Done twice: with the write-ahead log still open, and after close.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../core/api/jobs';
import type { ShareResult, VaultCategory, VaultDocument, VaultReason } from '../../core/vault/types';
import { vaultFolderFor } from './blob-store';
import { freePort } from './testing/smtp';
import { b64, GOOD_PASSWORD, OTHER_PASSWORD, vaultTestApi, type VaultTestApi } from './testing/support';

const SECRETS = {
  names: ['Zafferano-Quokka-Contratto.pdf', 'Ricevuta-Narvalo-2024.png', 'Rinominato-Okapi.pdf'],
  notes: ['nota-Ornitorinco-riservata', 'Scadenza-Pangolino-annotata'],
  content: ['CONTENUTO-Axolotl-segreto', 'Fenicottero-Dati-Bancari-IBAN'],
  categories: ['Categoria-Armadillo'],
  reasons: ['Causale-Tapiro-Speciale'],
  share: ['Destinatario-Lemure', 'lemure.riservato@esempio-vault.it', 'Messaggio-Capibara-privato'],
  passwords: [GOOD_PASSWORD, OTHER_PASSWORD, 'Smtp-Password-Gazzella-64'],
};

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push(p);
  }
  return out;
}

function findings(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  for (const file of allFiles(dir)) {
    const bytes = readFileSync(file);
    for (const n of needles) {
      for (const enc of ['utf8', 'utf16le'] as const) if (bytes.includes(Buffer.from(n, enc))) hits.push(`${file}: ${n} (${enc})`);
    }
  }
  return hits;
}

let t: VaultTestApi | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('vault files on disk', () => {
  it('never contain names, notes, contents, categories, reasons, recipients or passwords in plain', async () => {
    t = await vaultTestApi();
    await t.ok('vault.setup', { password: GOOD_PASSWORD, confirm: GOOD_PASSWORD, remember: true });
    const cat = await t.ok<VaultCategory>('vault.categories.create', { name: SECRETS.categories[0], description: 'Descrizione-Armadillo' });
    const altro = (await t.ok<VaultCategory[]>('vault.categories.list')).find((c) => c.name === 'Altro')!;
    const docs = await t.ok<VaultDocument[]>('vault.upload', {
      categoryId: cat.id,
      files: [
        { name: SECRETS.names[0], base64: b64(`%PDF-1.4 ${SECRETS.content[0]} `.repeat(200)), notes: SECRETS.notes[0], expiry: '2026-01-31' },
        { name: SECRETS.names[1], base64: b64(SECRETS.content[1].repeat(50)) },
      ],
    });
    await t.ok('vault.update', { id: docs[0]!.id, name: SECRETS.names[2], categoryId: altro.id });
    await t.ok('vault.update', { id: docs[1]!.id, notes: SECRETS.notes[1] });
    const reason = await t.ok<VaultReason>('vault.reasons.save', { reason: { name: SECRETS.reasons[0], requirements: [{ categoryId: cat.id, min: 1, note: 'Nota-Causale-Tapiro' }] } });
    await t.ok('vault.smtp.configure', { host: '127.0.0.1', port: await freePort(), secure: false, user: 'utente', password: SECRETS.passwords[2], fromEmail: 'studio@esempio.it' });
    const shared = await t.ok<ShareResult>('vault.share', {
      reasonId: reason.id,
      documentIds: docs.map((d) => d.id),
      recipient: { name: SECRETS.share[0], email: SECRETS.share[1] },
      message: SECRETS.share[2],
    });
    const job = (await t.ok<JobStatus | null>('jobs.wait', { jobId: shared.jobId }))!;
    expect((job.result as { state: string }).state).toBe('queued');
    await t.ok('vault.changePassword', { current: GOOD_PASSWORD, password: OTHER_PASSWORD, confirm: OTHER_PASSWORD });

    const needles = [...Object.values(SECRETS).flat(), 'Descrizione-Armadillo', 'Nota-Causale-Tapiro'];
    // The content really is there (decrypted through the API), so the search below is meaningful.
    expect(Buffer.from((await t.ok<{ base64: string }>('vault.view', { id: docs[1]!.id })).base64, 'base64').toString()).toContain(SECRETS.content[1]);
    const folder = vaultFolderFor(t.file);
    expect(readdirSync(folder).filter((n) => n.endsWith('.fdv'))).toHaveLength(2);
    expect(allFiles(t.dir).some((f) => f.endsWith('-wal'))).toBe(true);
    expect(findings(t.dir, needles)).toEqual([]);
    // Control: the search does find text that is stored in plain (the company's name, outside the vault).
    expect(findings(t.dir, ['Studio Demo Fatture S.r.l.']).length).toBeGreaterThan(0);

    await t.api.shutdown();
    expect(findings(t.dir, needles)).toEqual([]);
    // The remembered secret went to the (fake) keychain, and it is neither password.
    const kept = [...t.keytar!.data.values()].join('\n');
    for (const pw of [GOOD_PASSWORD, OTHER_PASSWORD]) expect(kept).not.toContain(pw);
  });
});
