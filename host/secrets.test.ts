import { describe, expect, it } from 'vitest';
import { createSecretStore, KEYCHAIN_SERVICE, type KeytarLike } from './secrets';

function fakeKeytar(opts: { probe?: () => Promise<string | null> } = {}): KeytarLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getPassword: async (service, account) => (account === '__fatturadesk_probe__' && opts.probe ? opts.probe() : (data.get(`${service}/${account}`) ?? null)),
    setPassword: async (service, account, password) => void data.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => data.delete(`${service}/${account}`),
  };
}

describe('createSecretStore', () => {
  it('keeps secrets under the FatturaDesk service of the keychain', async () => {
    const k = fakeKeytar();
    const s = await createSecretStore({ keytar: k, env: {} });
    expect(s.available()).toBe(true);
    await s.set('intermediary-IT01234567897', 'chiave');
    expect(k.data.get(`${KEYCHAIN_SERVICE}/intermediary-IT01234567897`)).toBe('chiave');
    expect(await s.get('intermediary-IT01234567897')).toBe('chiave');
    expect(await s.delete('intermediary-IT01234567897')).toBe(true);
    expect(await s.get('intermediary-IT01234567897')).toBeUndefined();
  });

  it('the environment variable FATTURADESK_SECRET_<ACCOUNT> wins (scripts)', async () => {
    const k = fakeKeytar();
    const s = await createSecretStore({ keytar: k, env: { FATTURADESK_SECRET_INTERMEDIARY_IT01234567897: 'da-ambiente' } });
    await s.set('intermediary-IT01234567897', 'da-portachiavi');
    expect(await s.get('intermediary-IT01234567897')).toBe('da-ambiente');
  });

  it('is unavailable without keytar or when the keychain cannot be reached, and says so', async () => {
    const none = await createSecretStore({ keytar: null, env: { FATTURADESK_SECRET_A: 'x' } });
    expect(none.available()).toBe(false);
    expect(none.status.reason).toContain('keytar');
    expect(await none.get('a')).toBe('x');
    await expect(none.set('a', 'y')).rejects.toThrow('Portachiavi di sistema non disponibile, la password o la chiave non viene ricordata');
    const noDbus = await createSecretStore({ keytar: fakeKeytar({ probe: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')) }), env: {} });
    expect(noDbus.available()).toBe(false);
    expect(noDbus.status.reason).toContain('D-Bus');
    expect(await noDbus.get('a')).toBeUndefined();
    expect(await noDbus.delete('a')).toBe(false);
  });
});
