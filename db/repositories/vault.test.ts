import { afterEach, describe, expect, it } from 'vitest';
import { createCompanyStore } from '../company-store';
import { openCompanyDb } from '../open';
import { closeTestCompanies, openTestCompany } from '../testing';
import type { VaultKeyRecord } from '../../core/ports';

afterEach(closeTestCompanies);

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const KEY: VaultKeyRecord = {
  vaultId: 'f'.repeat(32),
  format: 1,
  kdf: { algorithm: 'scrypt', N: 32768, r: 8, p: 1, salt: bytes(16, 1) },
  wrapNonce: bytes(12, 2),
  wrappedKey: bytes(48, 3),
  generation: 1,
  createdAt: '2025-06-10T09:00:00.000Z',
  passwordChangedAt: '2025-06-10T09:00:00.000Z',
};
const id = (c: string) => c.repeat(32);

describe('vault repository', () => {
  it('keeps one key row; a re-wrap applies only to the generation it was computed from', () => {
    const { store } = openTestCompany();
    expect(store.vault.getKey()).toBeUndefined();
    store.vault.insertKey(KEY);
    expect(() => store.vault.insertKey(KEY)).toThrow();
    expect(store.vault.getKey()).toEqual(KEY);
    const rewrap = { kdf: { ...KEY.kdf, salt: bytes(16, 9) }, wrapNonce: bytes(12, 8), wrappedKey: bytes(48, 7), generation: 2, passwordChangedAt: '2025-06-11T00:00:00.000Z' };
    expect(store.vault.rewrapKey(rewrap, 1)).toBe(true);
    expect(store.vault.rewrapKey({ ...rewrap, generation: 3 }, 1)).toBe(false);
    expect(store.vault.getKey()).toMatchObject({ generation: 2, wrapNonce: bytes(12, 8), kdf: { salt: bytes(16, 9) } });
  });

  it('sealed records: insert, revision + 1 on update, versions, ordered list, delete', () => {
    const { store } = openTestCompany();
    const at = '2025-06-10T09:00:00.000Z';
    store.vault.insert('category', { id: id('b'), position: 2, nonce: bytes(12, 1), box: bytes(20, 1), createdAt: at, updatedAt: at });
    store.vault.insert('category', { id: id('a'), position: 1, nonce: bytes(12, 2), box: bytes(20, 2), createdAt: at, updatedAt: at });
    expect(() => store.vault.insert('category', { id: 'corto', position: 1, nonce: bytes(12, 2), box: bytes(20, 2), createdAt: at, updatedAt: at })).toThrow();
    expect(store.vault.list('category').map((r) => r.id)).toEqual([id('a'), id('b')]);
    expect(store.vault.update('category', id('a'), { nonce: bytes(12, 5), box: bytes(30, 5) }, '2025-06-11T00:00:00.000Z')).toBe(true);
    expect(store.vault.update('category', id('c'), { nonce: bytes(12, 5), box: bytes(30, 5) }, at)).toBe(false);
    expect(store.vault.get('category', id('a'))).toMatchObject({ revision: 2, position: 1, box: bytes(30, 5), updatedAt: '2025-06-11T00:00:00.000Z' });
    expect(store.vault.versions('category').sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: id('a'), revision: 2 },
      { id: id('b'), revision: 1 },
    ]);
    expect(store.vault.remove('category', id('a'))).toBe(true);
    expect(store.vault.remove('category', id('a'))).toBe(false);
    expect(store.vault.list('document')).toEqual([]);
  });

  it('deletes with secure_delete on and restores the connection setting', () => {
    const { store, handle } = openTestCompany();
    const at = '2025-06-10T09:00:00.000Z';
    store.vault.insert('document', { id: id('d'), position: 0, nonce: bytes(12, 1), box: bytes(500, 0x5a), createdAt: at, updatedAt: at });
    const before = handle.sqlite.pragma('secure_delete', { simple: true });
    store.transaction(() => store.vault.remove('document', id('d')));
    expect(handle.sqlite.pragma('secure_delete', { simple: true })).toBe(before);
    expect(store.vault.get('document', id('d'))).toBeUndefined();
  });

  it('shares: queued -> sending (once) -> retry / sent / failed; requeue, cancel, stale sending', () => {
    const { store } = openTestCompany();
    const s1 = store.vault.insertShare({ nonce: bytes(12, 0), box: bytes(16, 0), createdAt: '2025-06-10T09:00:00.000Z' });
    store.vault.setShareBox(s1, bytes(12, 4), bytes(40, 4));
    expect(store.vault.getShare(s1)).toMatchObject({ state: 'queued', attempts: 0, box: bytes(40, 4) });
    expect(store.vault.dueShares('2025-06-10T09:00:00.000Z').map((s) => s.id)).toEqual([s1]);
    expect(store.vault.markShareSending(s1, '2025-06-10T09:00:01.000Z')).toBe(true);
    expect(store.vault.markShareSending(s1, '2025-06-10T09:00:01.000Z')).toBe(false);
    store.vault.markShareRetry(s1, { attempts: 1, nextAttemptAt: '2025-06-10T09:00:31.000Z', error: { code: 'X', message: 'giù' }, at: '2025-06-10T09:00:01.000Z' });
    expect(store.vault.dueShares('2025-06-10T09:00:30.000Z')).toEqual([]);
    expect(store.vault.nextShareAttempt()).toBe('2025-06-10T09:00:31.000Z');
    expect(store.vault.markShareSending(s1, '2025-06-10T09:00:31.000Z')).toBe(true);
    store.vault.markShareSent(s1, { attempts: 2, messageId: '<m@x>', at: '2025-06-10T09:00:32.000Z' });
    expect(store.vault.getShare(s1)).toMatchObject({ state: 'sent', attempts: 2, messageId: '<m@x>', sentAt: '2025-06-10T09:00:32.000Z' });
    expect(store.vault.getShare(s1)!.lastError).toBeUndefined();
    expect(store.vault.cancelShare(s1, 'x')).toBe(false);

    const s2 = store.vault.insertShare({ nonce: bytes(12, 0), box: bytes(16, 0), createdAt: '2025-06-10T10:00:00.000Z' });
    store.vault.markShareSending(s2, '2025-06-10T10:00:00.000Z');
    store.vault.markShareFailed(s2, { attempts: 1, error: { code: 'VAULT_SMTP_AUTENTICAZIONE', message: 'no' }, at: '2025-06-10T10:00:01.000Z' });
    expect(store.vault.requeueShare(s2, '2025-06-10T10:01:00.000Z')).toBe(true);
    expect(store.vault.cancelShare(s2, '2025-06-10T10:02:00.000Z')).toBe(true);
    const s3 = store.vault.insertShare({ nonce: bytes(12, 0), box: bytes(16, 0), createdAt: '2025-06-10T10:00:00.000Z' });
    store.vault.markShareSending(s3, '2025-06-10T10:00:00.000Z');
    expect(store.vault.failStaleSending('2025-06-10T09:59:00.000Z', { code: 'I', message: 'incerto' }, 'x')).toBe(0);
    expect(store.vault.failStaleSending('2025-06-10T10:10:00.000Z', { code: 'I', message: 'incerto' }, 'x')).toBe(1);
    const page = store.vault.listShares({ state: ['failed', 'cancelled'] });
    expect(page.rows.map((r) => [r.id, r.state])).toEqual([
      [s3, 'failed'],
      [s2, 'cancelled'],
    ]);
    expect(store.vault.listShares({}).total).toBe(3);
    expect(store.vault.sharesInState(['queued', 'sending'])).toEqual([]);
  });

  it('data_version moves when another connection commits, not for this connection’s own writes', () => {
    const { store, file } = openTestCompany();
    const other = openCompanyDb(file);
    try {
      const otherStore = createCompanyStore(other);
      const v0 = store.vault.dataVersion();
      store.vault.saveSettings({ autoLockMinutes: 5 }, 'x');
      expect(store.vault.dataVersion()).toBe(v0);
      otherStore.vault.saveSettings({ autoLockMinutes: 7, smtpJson: '{}' }, 'y');
      expect(store.vault.dataVersion()).not.toBe(v0);
      expect(store.vault.getSettings()).toEqual({ autoLockMinutes: 7, smtpJson: '{}' });
      expect(() => store.vault.saveSettings({ autoLockMinutes: 0 }, 'z')).toThrow();
    } finally {
      other.close();
    }
  });
});
