import { describe, expect, it } from 'vitest';
import { denyNewWindows, isExternalHttpUrl } from './deny-new-windows';

function fakeShell() {
  const opened: string[] = [];
  return { opened, openExternal: async (url: string) => void opened.push(url) };
}

describe('denyNewWindows', () => {
  it('denies every new window and opens only http(s) links in the system browser', () => {
    let handler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const shell = fakeShell();
    denyNewWindows({ setWindowOpenHandler: (h) => void (handler = h) }, shell);
    expect(handler).toBeTypeOf('function');
    const urls = [
      'https://www.agenziaentrate.gov.it/',
      'http://example.com/a?b=1',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'data:text/html,hi',
      'fatturadesk://app/',
      'smb://server/share',
      'https://user:pass@evil.example/',
      'ms-msdt:/id PCWDiagnostic',
    ];
    for (const url of urls) expect(handler!({ url }), url).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://www.agenziaentrate.gov.it/', 'http://example.com/a?b=1']);
  });

  it('does not let a failing openExternal escape', async () => {
    let handler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    denyNewWindows({ setWindowOpenHandler: (h) => void (handler = h) }, { openExternal: () => Promise.reject(new Error('no browser')) });
    expect(handler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('recognises only http and https URLs', () => {
    expect(isExternalHttpUrl('https://a.it')).toBe(true);
    expect(isExternalHttpUrl('HTTP://A.IT')).toBe(true);
    expect(isExternalHttpUrl('mailto:a@b.it')).toBe(false);
    expect(isExternalHttpUrl('nonsense')).toBe(false);
    expect(isExternalHttpUrl(42)).toBe(false);
  });
});
