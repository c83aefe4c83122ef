import { describe, expect, it } from 'vitest';
import { automaticBackupDue, isoWeekOf, nextAutomaticAt, selectRetained, type RetentionItem } from './retention';

const POLICY = { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 };

/** One backup per day at 03:00 UTC from `from` for `days` days (ids = the day). */
function daily(from: string, days: number): RetentionItem[] {
  const start = Date.parse(`${from}T03:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const at = new Date(start + i * 86_400_000);
    const day = at.toISOString().slice(0, 10);
    return { id: day, day, createdAt: at.toISOString() };
  });
}

describe('isoWeekOf', () => {
  it('follows ISO 8601 around New Year', () => {
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01'); // Monday of that week
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53'); // Sunday: still 2020's last week
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2026-06-15')).toBe('2026-W25');
  });

  it('refuses a malformed day', () => {
    expect(() => isoWeekOf('15/06/2026')).toThrow(/Data non valida/);
  });
});

describe('selectRetained (7 daily, 4 weekly, 12 monthly)', () => {
  it('keeps everything while there are fewer backups than the daily rule', () => {
    const items = daily('2026-03-01', 5);
    const d = selectRetained(items, POLICY);
    expect(d.prune).toEqual([]);
    expect(d.keep.map((k) => k.id)).toEqual(['2026-03-05', '2026-03-04', '2026-03-03', '2026-03-02', '2026-03-01']);
    expect(d.keep[0]!.reasons).toEqual(['ultima', 'giornaliera', 'settimanale', 'mensile']);
  });

  it('after a year of daily backups keeps the last 7 days, the newest of 4 weeks and of 12 months', () => {
    // 2025-06-01 .. 2026-05-31 (365 days); the last one is Sunday 2026-05-31.
    const items = daily('2025-06-01', 365);
    expect(items.at(-1)!.day).toBe('2026-05-31');
    const d = selectRetained(items, POLICY);
    const kept = d.keep.map((k) => k.id).sort();
    expect(kept).toEqual(
      [
        // 7 daily
        '2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30', '2026-05-31',
        // weekly: the Sundays ending the 4 newest ISO weeks (2026-05-31's week counted already)
        '2026-05-24', '2026-05-17', '2026-05-10',
        // monthly: the last day of each of the 12 newest months (2026-05 counted already)
        '2025-06-30', '2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31',
        '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30',
      ].sort(),
    );
    expect(kept).toHaveLength(21);
    // The 8th day back is kept only because it ends its week.
    expect(d.keep.find((k) => k.id === '2026-05-24')!.reasons).toEqual(['settimanale']);
    expect(d.keep.find((k) => k.id === '2025-06-30')!.reasons).toEqual(['mensile']);
    expect(d.prune.length + d.keep.length).toBe(365);
    expect(d.prune).toContain('2026-05-18');
    expect(d.prune).toContain('2025-06-29');
  });

  it('counts only periods that have a backup (gaps do not eat the quota)', () => {
    const items: RetentionItem[] = ['2026-01-05', '2026-02-10', '2026-04-20', '2026-04-21'].map((day) => ({ id: day, day, createdAt: `${day}T09:00:00.000Z` }));
    const d = selectRetained(items, { keepDaily: 1, keepWeekly: 0, keepMonthly: 3 });
    expect(d.keep.map((k) => [k.id, k.reasons])).toEqual([
      ['2026-04-21', ['ultima', 'giornaliera', 'mensile']],
      ['2026-02-10', ['mensile']],
      ['2026-01-05', ['mensile']],
    ]);
    expect(d.prune).toEqual(['2026-04-20']);
  });

  it('of several backups on one day keeps the newest, and always keeps the newest overall', () => {
    const items: RetentionItem[] = [
      { id: 'a', day: '2026-02-01', createdAt: '2026-02-01T08:00:00.000Z' },
      { id: 'b', day: '2026-02-01', createdAt: '2026-02-01T20:00:00.000Z' },
      { id: 'c', day: '2026-02-01', createdAt: '2026-02-01T14:00:00.000Z' },
    ];
    expect(selectRetained(items, POLICY)).toEqual({ keep: [{ id: 'b', reasons: ['ultima', 'giornaliera', 'settimanale', 'mensile'] }], prune: ['c', 'a'] });
    expect(selectRetained(items, { keepDaily: 0, keepWeekly: 0, keepMonthly: 0 }).keep).toEqual([{ id: 'b', reasons: ['ultima'] }]);
    expect(selectRetained([], POLICY)).toEqual({ keep: [], prune: [] });
  });
});

describe('automatic schedule', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  it('is due without a previous backup, after the interval, and when the clock went back', () => {
    expect(automaticBackupDue(undefined, now, 24)).toBe(true);
    expect(automaticBackupDue('2026-03-09T12:00:00.000Z', now, 24)).toBe(true);
    expect(automaticBackupDue('2026-03-09T12:00:30.000Z', now, 24)).toBe(true); // within the minute of slack
    expect(automaticBackupDue('2026-03-09T18:00:00.000Z', now, 24)).toBe(false);
    expect(automaticBackupDue('2026-03-10T11:30:00.000Z', now, 1)).toBe(false);
    expect(automaticBackupDue('2026-03-12T00:00:00.000Z', now, 24)).toBe(true);
    expect(automaticBackupDue('non una data', now, 24)).toBe(true);
  });

  it('says when the next one falls due', () => {
    expect(nextAutomaticAt('2026-03-09T18:00:00.000Z', now, 24)).toBe('2026-03-10T18:00:00.000Z');
    expect(nextAutomaticAt(undefined, now, 24)).toBe(now.toISOString());
  });
});
