/**
 * "Today" for the UI (default dates, "23/11" without a year). The host's clock wins when it tells us (tests pin it);
 * otherwise the computer's local date.
 */
let hostToday: string | null = null;

export function setHostToday(iso: string | null | undefined): void {
  hostToday = iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : null;
}

export function todayIso(now: Date = new Date()): string {
  if (hostToday) return hostToday;
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
