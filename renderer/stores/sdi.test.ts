/**
 * The SdI store's manual-channel part: the export folder is the channel's setting (transmitter.get/configure); the
 * export sends `dir` only when the user typed another folder, and can remember it; an older browser-kept folder moves
 * into the setting once.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransmitterInfo } from '../../core/api/sdi-types';
import { setTransport } from '../api/client';
import type { Transport } from '../api/transport';
import { useAppStore } from './app';
import { useSdiStore } from './sdi';

const COMPANY_FILE = '/dati/officina-verdi.fdesk';
const LEGACY_KEY = 'fatturadesk.exportDir';

function channelInfo(id: string, config: Record<string, string>): TransmitterInfo {
  return {
    id,
    label: id === 'manual' ? 'Manuale (portale Fatture e Corrispettivi)' : 'Sandbox SdI (prova)',
    description: '',
    config,
    capabilities: { batch: true, fetchesUpdates: id !== 'manual', receivesInvoices: id !== 'manual', manualUpload: id === 'manual' },
    needsSecret: false,
    hasSecret: false,
    keychainAvailable: false,
    available: [],
    notes: [],
  };
}

/** A fake API holding the channel's settings as the host would. */
function fakeApi(initial: TransmitterInfo, opts: { failConfigure?: boolean } = {}) {
  let info = initial;
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const transport: Transport = {
    kind: 'http',
    async invoke(method, rawArgs) {
      const args = (rawArgs ?? {}) as Record<string, unknown>;
      calls.push({ method, args });
      if (method === 'transmitter.get') return { ok: true, result: info };
      if (method === 'transmitter.configure') {
        if (opts.failConfigure) return { ok: false, error: { code: 'IMPOSTAZIONE_NON_VALIDA', message: 'Cartella non valida.' } };
        info = channelInfo(args.id as string, args.config as Record<string, string>);
        return { ok: true, result: { info, message: 'Canale di invio salvato.' } };
      }
      if (method === 'outbox.exportManual') {
        const dir = (args.dir as string | undefined) ?? info.config.exportDir;
        return { ok: true, result: { dir, files: ['IT12345678903_00001.xml'], count: 1, message: `1 file pronti in ${dir}.` } };
      }
      return { ok: false, error: { code: 'METODO_SCONOSCIUTO', message: method } };
    },
    onEvent: () => () => undefined,
  };
  setTransport(transport);
  return { calls, info: () => info };
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
}

beforeEach(() => {
  setActivePinia(createPinia());
  useAppStore().current = { file: COMPANY_FILE, name: 'Officina Verdi S.r.l.', partitaIva: '12345678903' };
});
afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('sdi store, manual channel export folder', () => {
  it('pre-fills from the channel setting; the saved folder is not sent again, another one is sent and remembered on request', async () => {
    const api = fakeApi(channelInfo('manual', { exportDir: '/srv/portale' }));
    const sdi = useSdiStore();
    await sdi.loadChannel();
    expect(sdi.manualExportDir).toBe('/srv/portale');

    const same = await sdi.exportManual({ dir: ' /srv/portale ', zip: true, itemIds: [], remember: true });
    expect(api.calls.at(-1)).toEqual({ method: 'outbox.exportManual', args: { zip: true } });
    expect(same).toMatchObject({ dir: '/srv/portale', count: 1 });
    expect(same.remembered).toBeUndefined();

    // Another folder, once: sent as `dir`, the setting stays.
    await sdi.exportManual({ dir: '/tmp/una-volta', zip: false, itemIds: [4, 5] });
    expect(api.calls.at(-1)).toEqual({ method: 'outbox.exportManual', args: { dir: '/tmp/una-volta', zip: false, itemIds: [4, 5] } });
    expect(api.calls.some((c) => c.method === 'transmitter.configure')).toBe(false);

    // Another folder, remembered: the channel's setting changes (its other settings kept) once the export worked.
    const r = await sdi.exportManual({ dir: '/srv/nuova', zip: true, remember: true });
    expect(r.remembered).toBe(true);
    expect(api.calls.slice(-2).map((c) => c.method)).toEqual(['outbox.exportManual', 'transmitter.configure']);
    expect(api.calls.at(-1)!.args).toEqual({ id: 'manual', config: { exportDir: '/srv/nuova' } });
    expect(sdi.manualExportDir).toBe('/srv/nuova');
  });

  it('a folder that cannot be remembered does not undo the export: the error is given back', async () => {
    fakeApi(channelInfo('manual', {}), { failConfigure: true });
    const sdi = useSdiStore();
    await sdi.loadChannel();
    const r = await sdi.exportManual({ dir: '/srv/portale', zip: true, remember: true });
    expect(r).toMatchObject({ count: 1, remembered: false, rememberError: { code: 'IMPOSTAZIONE_NON_VALIDA' } });
    expect(sdi.manualExportDir).toBe('');
  });

  it('only the manual channel has an export folder', async () => {
    fakeApi(channelInfo('sandbox', {}));
    const sdi = useSdiStore();
    await sdi.loadChannel();
    expect(sdi.manualExportDir).toBe('');
    await expect(sdi.saveManualExportDir('/srv/portale')).rejects.toMatchObject({ code: 'CANALE_NON_MANUALE' });
  });

  it('moves a folder an older version kept in the browser into the channel setting once, then forgets it', async () => {
    const storage = memoryStorage({ [LEGACY_KEY]: JSON.stringify({ [COMPANY_FILE]: '/home/studio/portale', '/dati/altra.fdesk': '/altra' }) });
    (globalThis as { localStorage?: unknown }).localStorage = storage;
    const api = fakeApi(channelInfo('manual', {}));
    const sdi = useSdiStore();
    await sdi.loadChannel();
    expect(api.calls.filter((c) => c.method === 'transmitter.configure').map((c) => c.args)).toEqual([{ id: 'manual', config: { exportDir: '/home/studio/portale' } }]);
    expect(sdi.manualExportDir).toBe('/home/studio/portale');
    expect(JSON.parse(storage.data.get(LEGACY_KEY)!)).toEqual({ '/dati/altra.fdesk': '/altra' });
    await sdi.loadChannel();
    expect(api.calls.filter((c) => c.method === 'transmitter.configure')).toHaveLength(1);
  });

  it('the migration never overwrites a folder the channel already has, and waits while the channel is not the manual one', async () => {
    const storage = memoryStorage({ [LEGACY_KEY]: JSON.stringify({ [COMPANY_FILE]: '/vecchia' }) });
    (globalThis as { localStorage?: unknown }).localStorage = storage;
    fakeApi(channelInfo('sandbox', {}));
    let sdi = useSdiStore();
    await sdi.loadChannel();
    expect(storage.data.has(LEGACY_KEY)).toBe(true);

    setActivePinia(createPinia());
    useAppStore().current = { file: COMPANY_FILE, name: 'Officina Verdi S.r.l.', partitaIva: '12345678903' };
    const api = fakeApi(channelInfo('manual', { exportDir: '/attuale' }));
    sdi = useSdiStore();
    await sdi.loadChannel();
    expect(api.calls.some((c) => c.method === 'transmitter.configure')).toBe(false);
    expect(sdi.manualExportDir).toBe('/attuale');
    expect(storage.data.has(LEGACY_KEY)).toBe(false);
  });
});
