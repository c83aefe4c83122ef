/**
 * Only a migration. Older versions remembered the manual channel's export folder in this browser's storage, per
 * company file; the folder is now the channel's own setting (transmitter.configure, `exportDir`), shared with the CLI
 * and the API. The stores read an old value once, move it into the setting, and the key goes away.
 */
const LEGACY_KEY = 'fatturadesk.exportDir';

/** The storage to read (the page's localStorage; tests pass their own). */
type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function pageStorage(): KeyValueStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Storage disabled by the browser: nothing to migrate.
    return undefined;
  }
}

/**
 * The folder an older version remembered for this company file, removed from storage as it is read (the other
 * companies' folders stay until each is opened); undefined when there is none.
 */
export function takeLegacyExportDir(companyFile: string | undefined, storage: KeyValueStorage | undefined = pageStorage()): string | undefined {
  if (!storage || !companyFile) return undefined;
  let all: Record<string, unknown>;
  try {
    const raw = storage.getItem(LEGACY_KEY);
    if (raw === null) return undefined;
    const parsed = JSON.parse(raw) as unknown;
    all = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    all = {};
  }
  const value = all[companyFile];
  delete all[companyFile];
  try {
    if (Object.keys(all).length) storage.setItem(LEGACY_KEY, JSON.stringify(all));
    else storage.removeItem(LEGACY_KEY);
  } catch {
    // Read-only storage: the value is read again next time, and saving it again changes nothing.
  }
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
