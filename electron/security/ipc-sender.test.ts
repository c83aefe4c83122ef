import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './ipc-sender';

describe('isTrustedSender', () => {
  it('accepts frames showing the app’s own pages', () => {
    expect(isTrustedSender({ url: 'fatturadesk://app/' })).toBe(true);
    expect(isTrustedSender({ url: 'fatturadesk://app/documenti/42?x=1#y' })).toBe(true);
  });

  it('refuses foreign origins, look-alikes, local files and destroyed frames', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:4000/',
      'file:///C:/Users/x/index.html',
      'fatturadesk://evil/',
      'fatturadesk://app.evil.example/',
      'fatturadesk://user:pw@app/',
      'fatturadesk-x://app/',
      'about:blank',
      'data:text/html,<script>1</script>',
      '',
      'not a url',
    ]) {
      expect(isTrustedSender({ url }), url).toBe(false);
    }
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
