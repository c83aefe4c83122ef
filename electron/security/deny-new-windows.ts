/**
 * Rule: the app never opens a second window. window.open and target=_blank links are denied; an http(s) link is
 * handed to the system browser, anything else (file:, javascript:, data:, custom schemes) is dropped.
 */
export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface WindowOpeningContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** http or https, without user:password@ (a classic way to disguise the real host). */
export function isExternalHttpUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Opens `url` in the system browser when it is an http(s) link; reports whether it did. */
export function openIfExternalHttp(shell: ShellLike, url: string): boolean {
  if (!isExternalHttpUrl(url)) return false;
  shell.openExternal(url).catch(() => undefined);
  return true;
}

export function createWindowOpenHandler(shell: ShellLike): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    openIfExternalHttp(shell, url);
    return { action: 'deny' };
  };
}

export function denyNewWindows(contents: WindowOpeningContents, shell: ShellLike): void {
  contents.setWindowOpenHandler(createWindowOpenHandler(shell));
}
