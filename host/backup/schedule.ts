/**
 * The automatic backup's clock: a check shortly after a company opens and then every hour while the app runs; each
 * check runs `backup.runDue`, which decides from the company's settings and its newest automatic backup whether one is
 * due. Timers never keep the process alive; a check never overlaps the previous one; stop() waits for a running one.
 */
export interface BackupSchedule {
  /** Asks for a check soon (after a company opened). */
  check(): void;
  /** Stops the timers and resolves once a running check has finished. */
  stop(): Promise<void>;
}

export interface BackupScheduleOptions {
  run(): Promise<unknown>;
  hasCompany(): boolean;
  everyMs?: number;
  /** Delay of the check after opening (the open itself finishes first). */
  afterOpenMs?: number;
}

export function startBackupSchedule(o: BackupScheduleOptions): BackupSchedule {
  let running: Promise<void> | undefined;
  let stopped = false;
  let soon: NodeJS.Timeout | undefined;

  const tick = () => {
    if (stopped || running || !o.hasCompany()) return;
    running = o
      .run()
      .then(
        () => undefined,
        () => undefined, // a failed backup is retried at the next check; the API call itself returned the error
      )
      .finally(() => {
        running = undefined;
      });
  };

  const hourly = setInterval(tick, o.everyMs ?? 3_600_000);
  hourly.unref();

  return {
    check() {
      if (stopped) return;
      if (soon) clearTimeout(soon);
      soon = setTimeout(tick, o.afterOpenMs ?? 1_000);
      soon.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(hourly);
      if (soon) clearTimeout(soon);
      await running;
    },
  };
}
