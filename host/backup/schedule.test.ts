import { describe, expect, it } from 'vitest';
import { startBackupSchedule } from './schedule';

describe('automatic backup schedule', () => {
  it('checks after a company opens and then periodically, never two checks at once, and stop() waits for the running one', async () => {
    let runs = 0;
    let running = 0;
    let maxRunning = 0;
    let release: (() => void) | undefined;
    const s = startBackupSchedule({
      hasCompany: () => true,
      everyMs: 20,
      afterOpenMs: 1,
      run: () => {
        runs++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        return new Promise<void>((r) => (release = () => (running--, r())));
      },
    });
    s.check();
    await expect.poll(() => runs).toBe(1);
    // The periodic ticks come while the first check still runs: none starts.
    await new Promise((r) => setTimeout(r, 80));
    expect(runs).toBe(1);
    release!();
    await expect.poll(() => runs, { timeout: 2000 }).toBeGreaterThan(1);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(stopped).toBe(false);
    release!();
    await stopping;
    expect(maxRunning).toBe(1);
    const after = runs;
    await new Promise((r) => setTimeout(r, 60));
    expect(runs).toBe(after);
  });

  it('does nothing without an open company', async () => {
    let runs = 0;
    const s = startBackupSchedule({ hasCompany: () => false, everyMs: 5, afterOpenMs: 1, run: async () => void runs++ });
    s.check();
    await new Promise((r) => setTimeout(r, 40));
    await s.stop();
    expect(runs).toBe(0);
  });
});
