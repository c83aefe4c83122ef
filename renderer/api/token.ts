/**
 * The web host opens the browser on `…/#token=<secret>`. The token is moved at once into sessionStorage (it survives a
 * reload of this tab, not a new tab) and removed from the address bar so it does not end up in history or screenshots.
 */
export const TOKEN_KEY = 'fatturadesk.token';

export interface TokenEnv {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** Reads `#token=...` (possibly with other fragment parameters), stores it, cleans the URL. Returns the current token. */
export function takeTokenFromLocation(env: TokenEnv): string | null {
  const hash = env.location.hash.replace(/^#/, '');
  if (hash.startsWith('token=') || hash.includes('&token=')) {
    const params = new URLSearchParams(hash);
    const token = params.get('token');
    if (token) env.storage.setItem(TOKEN_KEY, token);
    env.history.replaceState(null, '', `${env.location.pathname}${env.location.search}#/`);
  }
  return env.storage.getItem(TOKEN_KEY);
}
