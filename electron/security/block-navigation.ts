/**
 * Rule: the window never leaves the app. Any navigation or redirect to a URL outside fatturadesk://app is cancelled;
 * `onBlocked` may then hand an http(s) link to the system browser.
 */
import { isAppUrl } from '../app-origin';

export interface NavigationEventLike {
  readonly url: string;
  preventDefault(): void;
}

export interface NavigatingContents {
  on(event: 'will-navigate', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
}

export interface BlockNavigationOptions {
  isAllowed?: (url: string) => boolean;
  onBlocked?: (url: string) => void;
}

export function guardNavigation(event: NavigationEventLike, opts: BlockNavigationOptions = {}): boolean {
  const allowed = (opts.isAllowed ?? isAppUrl)(event.url);
  if (!allowed) {
    event.preventDefault();
    opts.onBlocked?.(event.url);
  }
  return allowed;
}

export function blockNavigation(contents: NavigatingContents, opts: BlockNavigationOptions = {}): void {
  contents.on('will-navigate', (event) => void guardNavigation(event, opts));
  contents.on('will-redirect', (event) => void guardNavigation(event, opts));
}
