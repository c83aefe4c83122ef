import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as HOST_CSP } from '../../host/csp';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, SECURITY_HEADERS } from './csp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

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

  it('frames only blob: URLs (a vault PDF shown in the app), nothing else and no <object>/<embed>', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('frame-src')).toBe('blob:');
    // No other directive that could widen what a frame or a worker may load.
    expect([...d.keys()].filter((k) => /^(child|frame|worker|object)-src$/.test(k)).sort()).toEqual(['frame-src', 'object-src']);
    expect(d.get('object-src')).toBe("'none'");
    // blob: appears only where the app itself makes blob: URLs: images and the PDF frame.
    expect([...d.entries()].filter(([, v]) => v.includes('blob:')).map(([k]) => k).sort()).toEqual(['frame-src', 'img-src']);
    expect(Object.keys(CSP_DIRECTIVES)).toHaveLength(11);
  });

  it('the <meta> policy of index.html (enforced too, on top of the header) lets the same blob: frames in', () => {
    const html = readFileSync(join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const d = directives(meta!);
    expect(d.get('frame-src')).toBe('blob:');
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('default-src')).toBe("'self'");
  });

  it('comes with nosniff and no-referrer', () => {
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});
