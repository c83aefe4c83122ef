import { describe, expect, it } from 'vitest';
import { blockNavigation, type NavigationEventLike } from './block-navigation';

function fakeContents() {
  const listeners = new Map<string, (e: NavigationEventLike) => void>();
  return {
    on(event: string, listener: (e: NavigationEventLike) => void) {
      listeners.set(event, listener);
      return this;
    },
    fire(event: string, url: string) {
      const e = { url, prevented: false, preventDefault() { this.prevented = true; } };
      listeners.get(event)!(e);
      return e.prevented;
    },
    listeners,
  };
}

describe('blockNavigation', () => {
  it('listens to will-navigate and will-redirect', () => {
    const c = fakeContents();
    blockNavigation(c);
    expect([...c.listeners.keys()].sort()).toEqual(['will-navigate', 'will-redirect']);
  });

  it('lets in-app navigation through and prevents everything else', () => {
    const c = fakeContents();
    const blocked: string[] = [];
    blockNavigation(c, { onBlocked: (url) => blocked.push(url) });
    expect(c.fire('will-navigate', 'fatturadesk://app/clienti')).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'fatturadesk://other/', 'javascript:alert(1)']) {
      expect(c.fire('will-navigate', url), url).toBe(true);
    }
    expect(c.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(blocked).toEqual([
      'https://evil.example/',
      'file:///etc/passwd',
      'fatturadesk://other/',
      'javascript:alert(1)',
      'https://evil.example/',
    ]);
  });
});
