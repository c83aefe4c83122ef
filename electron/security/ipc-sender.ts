/**
 * Rule: an IPC call is served only when it comes from a frame showing FatturaDesk's own pages (fatturadesk://app/…).
 * A frame that navigated elsewhere, an embedded foreign page, or a destroyed frame (null) is refused.
 */
import { isAppUrl } from '../app-origin';

export interface SenderFrameLike {
  readonly url: string;
}

export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  return frame != null && isAppUrl(frame.url);
}
