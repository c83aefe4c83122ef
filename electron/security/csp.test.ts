import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as HOST_CSP } from '../../host/csp';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './csp';

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]));
}

describe('Content-Security-Policy', () => {
  it('is the one string the web host also sends', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(HOST_CSP);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows only the app’s own scripts, styles and connections, and no framing, plugins or base rewriting', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toBe("'self'");
    expect(d.get('script-src')).toBe("'self'");
    expect(d.get('style-src')).toBe("'self'");
    expect(d.get('img-src')).toBe("'self' data: blob:");
    expect(d.get('connect-src')).toBe("'self'");
    expect(d.get('frame-ancestors')).toBe("'none'");
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('base-uri')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval|hashes)|\*/);
  });

  it('comes with nosniff and no-referrer', () => {
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});
