/** Where FatturaDesk keeps its own files when no Electron `userData` path is given. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(): string {
  if (process.env.FATTURADESK_DATA_DIR) return process.env.FATTURADESK_DATA_DIR;
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'FatturaDesk');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'FatturaDesk');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'FatturaDesk');
}
