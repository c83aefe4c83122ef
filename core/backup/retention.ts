/**
 * Which automatic backups to keep: the newest of each of the last `keepDaily` days that have a backup, of each of the
 * last `keepWeekly` ISO weeks and of each of the last `keepMonthly` months (each rule counts periods that HAVE a
 * backup, newest first, like restic's --keep-daily/--keep-weekly/--keep-monthly; a backup kept by one rule counts for
 * the others too). With one backup a day for a year and 7/4/12 that is the last 7 days, one per week back to about a
 * month, one per month back to a year. The newest backup is always kept. Days are local calendar days (the manifest's
 * `day`), so a backup at 00:30 belongs to the day the user sees.
 */
import type { BackupSettings } from './types';

export interface RetentionItem {
  id: string;
  /** YYYY-MM-DD (local). */
  day: string;
  /** ISO timestamp: orders backups taken on the same day. */
  createdAt: string;
}

export type RetentionPolicy = Pick<BackupSettings, 'keepDaily' | 'keepWeekly' | 'keepMonthly'>;

export type KeepReason = 'ultima' | 'giornaliera' | 'settimanale' | 'mensile';

export interface RetentionDecision {
  keep: { id: string; reasons: KeepReason[] }[];
  prune: string[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO 8601 week of a calendar day, as "YYYY-Www" (the week-year can differ from the calendar year near New Year). */
export function isoWeekOf(day: string): string {
  const m = DAY.exec(day);
  if (!m) throw new Error(`Data non valida: ${day}`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const weekday = date.getUTCDay() || 7; // Monday 1 .. Sunday 7
  // The Thursday of this week decides the week-year.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function selectRetained(items: readonly RetentionItem[], policy: RetentionPolicy): RetentionDecision {
  const sorted = [...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
  const rules: { reason: KeepReason; limit: number; bucket: (i: RetentionItem) => string; last?: string; count: number }[] = [
    { reason: 'giornaliera', limit: policy.keepDaily, bucket: (i) => i.day, count: 0 },
    { reason: 'settimanale', limit: policy.keepWeekly, bucket: (i) => isoWeekOf(i.day), count: 0 },
    { reason: 'mensile', limit: policy.keepMonthly, bucket: (i) => i.day.slice(0, 7), count: 0 },
  ];
  const keep: RetentionDecision['keep'] = [];
  const prune: string[] = [];
  sorted.forEach((item, index) => {
    const reasons: KeepReason[] = index === 0 ? ['ultima'] : [];
    for (const r of rules) {
      const b = r.bucket(item);
      // Sorted newest first: the first backup met in a bucket is that bucket's newest.
      if (b === r.last) continue;
      r.last = b;
      if (r.count < r.limit) {
        r.count++;
        reasons.push(r.reason);
      }
    }
    if (reasons.length > 0) keep.push({ id: item.id, reasons });
    else prune.push(item.id);
  });
  return { keep, prune };
}

/** True when an automatic backup is due: none yet, or the last one is at least `intervalHours` old. */
export function automaticBackupDue(lastAutomaticAt: string | undefined, now: Date, intervalHours: number): boolean {
  if (!lastAutomaticAt) return true;
  const last = Date.parse(lastAutomaticAt);
  if (!Number.isFinite(last)) return true;
  // A clock set back (last backup "in the future") must not stop backups for days.
  if (last > now.getTime()) return true;
  return now.getTime() - last >= intervalHours * 3_600_000 - 60_000;
}

/** When the next automatic backup falls due. */
export function nextAutomaticAt(lastAutomaticAt: string | undefined, now: Date, intervalHours: number): string {
  if (!lastAutomaticAt || automaticBackupDue(lastAutomaticAt, now, intervalHours)) return now.toISOString();
  return new Date(Date.parse(lastAutomaticAt) + intervalHours * 3_600_000).toISOString();
}
