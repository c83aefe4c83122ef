import { describe, expect, it } from 'vitest';
import { backoffDelayMs, BASE_DELAY_MS, MAX_DELAY_MS, nextAttemptAt } from './backoff';

describe('backoff', () => {
  it('doubles the step per attempt, with jitter between half and all of it', () => {
    expect(backoffDelayMs(1, () => 0)).toBe(BASE_DELAY_MS / 2);
    expect(backoffDelayMs(1, () => 0.999999)).toBe(BASE_DELAY_MS);
    expect(backoffDelayMs(2, () => 0)).toBe(BASE_DELAY_MS);
    expect(backoffDelayMs(4, () => 0.5)).toBe(Math.round(BASE_DELAY_MS * 8 * 0.75));
  });

  it('never waits more than the cap, even after many attempts', () => {
    expect(backoffDelayMs(50, () => 0.999999)).toBeLessThanOrEqual(MAX_DELAY_MS);
    expect(backoffDelayMs(50, () => 0)).toBe(MAX_DELAY_MS / 2);
  });

  it('spreads retries (jitter) instead of firing them in lockstep', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(3, random)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it('gives the next attempt as an ISO time', () => {
    expect(nextAttemptAt(Date.UTC(2025, 0, 1), 1, () => 0)).toBe('2025-01-01T00:00:01.000Z');
  });
});
