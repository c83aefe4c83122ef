/**
 * The Content-Security-Policy and the other security headers of every page FatturaDesk shows, declared once: the local
 * web host sends them over HTTP and the Electron protocol handler sends them with each file of the renderer, so the
 * browser and the desktop window enforce exactly the same rules.
 *
 * No 'unsafe-inline' anywhere: Vite emits scripts and styles as files, and Vue changes styles through the CSSOM
 * (element.style), which CSP does not restrict. `form-action 'none'` stops a form without `.prevent` from reloading the
 * app and losing what the user typed.
 *
 * `frame-src blob:` is the one opening: the vault shows a decrypted PDF inside the app in an <iframe> whose source is a
 * blob: URL the page made itself (renderer/util/pdf.ts), displayed by the browser's own PDF viewer. Only blob: (no
 * 'self', no http), and `object-src 'none'` stays: no <object>/<embed>, no plugins. The blob is always typed
 * application/pdf, and a blob: document inherits this very policy (no inline script) besides.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = Object.freeze({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'frame-src': 'blob:',
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
});

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/** Headers sent with every response, static or API. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});
