import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { manifestVaultIds, parseManifest } from './manifest';

const HASH = 'a'.repeat(64);
const ID = '0123456789abcdef0123456789abcdef';
const good = {
  format: 'fatturadesk-backup',
  version: 1,
  kind: 'manuale',
  createdAt: '2026-03-10T10:00:00.000Z',
  day: '2026-03-10',
  appVersion: '0.1.0',
  source: { file: '/dati/azienda.fdesk' },
  database: { path: 'azienda.fdesk', method: 'online-backup', schemaVersion: 6 },
  counts: { registeredDocuments: 3, vaultDocuments: 1 },
  files: [
    { path: 'azienda.fdesk', size: 4096, sha256: HASH },
    { path: `vault/${ID}.fdv`, size: 100, sha256: HASH },
  ],
};

function refusal(m: unknown): string {
  try {
    parseManifest(JSON.stringify(m), 'copia');
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('BACKUP_MANIFESTO_NON_VALIDO');
    return (e as AppError).message;
  }
  throw new Error('atteso un rifiuto');
}

describe('backup manifest', () => {
  it('reads a valid manifest and the vault ids it lists', () => {
    const m = parseManifest(JSON.stringify(good), 'copia');
    expect(m.kind).toBe('manuale');
    expect(manifestVaultIds(m)).toEqual([ID]);
  });

  it('refuses paths outside the set or unknown parts, so a forged manifest cannot make a restore read elsewhere', () => {
    for (const path of ['../azienda.fdesk', '/etc/passwd', 'vault/../../x.fdv', 'vault\\x.fdv', `vault/${ID}.fdv/..`, 'altro.txt', `VAULT/${ID}.fdv`]) {
      expect(refusal({ ...good, files: [good.files[0], { path, size: 1, sha256: HASH }] }), path).toMatch(/files\.1\.path: percorso non ammesso/);
    }
  });

  it('refuses a manifest without the database, with a part listed twice, a bad hash, or not JSON', () => {
    expect(refusal({ ...good, files: [good.files[1]] })).toMatch(/manca il database/);
    expect(refusal({ ...good, files: [good.files[0], good.files[0]] })).toMatch(/file elencati due volte/);
    expect(refusal({ ...good, files: [{ ...good.files[0], sha256: 'xyz' }] })).toMatch(/sha256/);
    expect(refusal({ ...good, format: 'altro' })).toMatch(/non è una copia di sicurezza di FatturaDesk valida/);
    expect(() => parseManifest('{non json', 'copia')).toThrow(/manifest\.json è danneggiato/);
  });
});
