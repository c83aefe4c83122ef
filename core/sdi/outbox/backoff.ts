/**
 * Retry timing for temporary problems (network down, 5xx, timeouts): exponential backoff with "full jitter" (a random
 * delay between half and all of the exponential step), so many offices coming back online at once do not hammer the
 * channel in lockstep. After MAX_ATTEMPTS the item stops retrying on its own and waits for "Riprova".
 */

/** First retry after about this long. */
export const BASE_DELAY_MS = 2_000;
/** Never wait longer than this between two attempts. */
export const MAX_DELAY_MS = 30 * 60_000;
/** Attempts with temporary errors before an item is marked failed. */
export const MAX_ATTEMPTS = 12;

/**
 * Delay before attempt number `attempts + 1`, given that `attempts` attempts already failed (attempts >= 1).
 * `random` returns [0, 1) (injected so tests are exact).
 */
export function backoffDelayMs(attempts: number, random: () => number = Math.random, base = BASE_DELAY_MS, max = MAX_DELAY_MS): number {
  const n = Math.max(1, Math.floor(attempts));
  const step = Math.min(max, base * 2 ** Math.min(n - 1, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}

/** The ISO time of the next attempt. */
export function nextAttemptAt(nowMs: number, attempts: number, random?: () => number, base?: number): string {
  return new Date(nowMs + backoffDelayMs(attempts, random, base)).toISOString();
}
