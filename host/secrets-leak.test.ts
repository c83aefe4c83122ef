/**
 * Secrets live only in the OS keychain. Every secret-bearing setting is configured through the API with a unique,
 * recognisable value: the API key (or password) of every channel that has one (intermediary, PEC, SDICoop...), the
 * vault's SMTP password, and the vault password itself (which must not be stored in any form we could find). Then
 * the company file, its -wal and -shm, a backup set made afterwards, the data folder, the lock folder, every API
 * answer and event, and everything written to stdout/stderr/console are searched for each secret (as UTF-8, UTF-16LE
 * and base64). The channel and SMTP secrets must be found in the (fake) keychain: that is where they went.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TRANSMITTERS, type TransmitterDescriptor } from '../core/sdi/transmitters/index';
import type { BackupInfo } from '../core/backup/types';
import { createAppApi } from './app';
import { fakeKeytar } from './vault/testing/support';

const TEST_KDF = { algorithm: 'scrypt' as const, N: 1024, r: 8, p: 1 };
const dir = mkdtempSync(join(tmpdir(), 'fd-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under `path` (recursively). */
function allFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((n) => allFiles(join(path, n)));
}

/** The forms a secret could take in a file: UTF-8, UTF-16LE (SQLite can store text so), base64. */
function forms(secret: string): Buffer[] {
  return [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64').slice(0, 24), 'utf8')];
}

/** A plausible value for a channel's setting, so the configuration is accepted. */
function fieldValue(f: TransmitterDescriptor['fields'][number], certFile: string): string {
  if (f.type === 'email') return 'fatture@pec.esempio.it';
  if (f.type === 'number') return f.key.toLowerCase().includes('imap') ? '993' : f.key.toLowerCase().includes('timeout') ? '60' : '465';
  if (f.type === 'select') return f.options?.[0]?.value ?? '';
  if (f.type === 'path') return certFile;
  if (f.key === 'url') return 'https://intermediario.esempio.it/api';
  if (f.key.toLowerCase().includes('host')) return 'mail.esempio.it';
  return 'valore';
}

describe('secrets never reach the company file, backups or logs', () => {
  it('configures every secret-bearing setting, then finds each secret only in the keychain', async ({ annotate }) => {
    const logged: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
        logged.push(String(chunk));
        return true;
      }) as never);
    const spies = [capture(process.stdout), capture(process.stderr), ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' '))))];

    const keytar = fakeKeytar();
    const file = join(dir, 'azienda.fdesk');
    const dataDir = join(dir, 'data');
    const certFile = join(dir, 'certificato.p12');
    writeFileSync(certFile, Buffer.from('non un vero certificato'));
    const api = createAppApi({ host: 'web', dataDir, today: () => '2026-11-23', vault: { kdf: TEST_KDF }, sdi: { secrets: { keytar, env: {} } } });
    const answers: string[] = [];
    api.subscribe({ publish: (event, data) => answers.push(`${event} ${JSON.stringify(data)}`) });
    const call = async (m: string, a: unknown = {}) => {
      const r = await api.call(m, a);
      answers.push(JSON.stringify(r));
      return r;
    };

    const secrets = new Map<string, string>();
    try {
      expect((await call('companies.createDemo', { file })).ok).toBe(true);
      const vaultPassword = 'Segreto-Cassaforte-7f3a!Qz';
      secrets.set('password della cassaforte', vaultPassword);
      expect((await call('vault.setup', { password: vaultPassword, confirm: vaultPassword, remember: true })).ok).toBe(true);

      const channels = TRANSMITTERS.filter((t) => t.secret);
      expect(channels.map((t) => t.id)).toContain('intermediary');
      const configured: string[] = [];
      for (const t of channels) {
        const secret = `SEGRETO-${t.id}-c0ffee-${t.id.length}xyz`;
        secrets.set(`segreto del canale ${t.id}`, secret);
        const config = Object.fromEntries(t.fields.filter((f) => !f.readOnly && (f.required || f.type === 'select')).map((f) => [f.key, fieldValue(f, certFile)]));
        const r = await call('transmitter.configure', { id: t.id, config, secret });
        // Even a refused configuration must not leak the secret (it is searched for below all the same).
        if (r.ok) configured.push(t.id);
      }
      expect(configured).toContain('intermediary');
      await annotate(`canali configurati con segreto: ${configured.join(', ')}; rifiutati: ${channels.map((t) => t.id).filter((id) => !configured.includes(id)).join(', ') || 'nessuno'}`);

      const smtpPassword = 'SMTP-Pass-9d8e7f-segreta';
      secrets.set('password SMTP', smtpPassword);
      const smtp = await call('vault.smtp.configure', { host: 'smtp.esempio.it', port: 587, secure: false, user: 'utente', password: smtpPassword, fromEmail: 'studio@esempio.it' });
      expect(smtp.ok).toBe(true);

      // A backup taken now carries the company file as it is.
      const b = await call('backup.create');
      expect(b.ok).toBe(true);
      const backupPath = (b as { ok: true; result: BackupInfo }).result.path;
      // And what `integrity.check` and `backup.list` print.
      await call('integrity.check');
      await call('backup.list');
      await call('transmitter.get');
      await call('vault.smtp.get');

      // The keychain has the channel keys and the SMTP password (that is where they went).
      const stored = [...keytar.data.values()];
      for (const id of configured) expect(stored, id).toContain(secrets.get(`segreto del canale ${id}`));
      expect(stored).toContain(smtpPassword);
      expect(stored).not.toContain(vaultPassword);

      // Search while the company is still open: the -wal holds the latest pages.
      expect(existsSync(`${file}-wal`)).toBe(true);
      const places = [file, `${file}-wal`, `${file}-shm`, ...allFiles(backupPath), ...allFiles(dataDir), ...allFiles(`${file}.lock`), ...allFiles(`${file}.vault`)];
      expect(places.length).toBeGreaterThan(5);
      const texts = [...answers, ...logged];
      for (const [what, secret] of secrets) {
        for (const p of places) {
          const bytes = readFileSync(p);
          for (const form of forms(secret)) expect(bytes.includes(form), `${what} trovato in ${p}`).toBe(false);
        }
        for (const t of texts) expect(t.includes(secret), `${what} trovato nei messaggi: ${t.slice(0, 200)}`).toBe(false);
      }
    } finally {
      await api.shutdown();
      for (const s of spies) s.mockRestore();
    }
    // The search covered real output: the API answered and events were published.
    expect(answers.length).toBeGreaterThan(10);
  }, 60_000);
});
