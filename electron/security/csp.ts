/**
 * Rule: every page of the window carries the same strict Content-Security-Policy as the web host. It is declared once in
 * host/csp.ts; the app protocol (electron/app-protocol.ts) sends it as a response header with each file.
 */
export { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, SECURITY_HEADERS } from '../../host/csp';
