/**
 * The desktop window loads the renderer from a custom, privileged scheme (fatturadesk://app/…) instead of file://.
 * Why: it gives the app a real origin of its own, so "is this our page?" is one exact comparison (with file:// every
 * local file would be same-origin); the protocol handler can send the CSP as a real header (frame-ancestors works only as
 * a header, not in a meta tag); and client-side routes fall back to index.html exactly as in the web host.
 */
export const APP_SCHEME = 'fatturadesk';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/**
 * Privileges for protocol.registerSchemesAsPrivileged: standard (a real origin, relative URLs resolve), secure (treated
 * like https), fetch and CORS-mode requests allowed (Vite's `<script type="module" crossorigin>` loads in CORS mode).
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true });

/** True only for fatturadesk://app/… with no credentials or port. Anything unparsable is not ours. */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}
