import { describe, expect, it } from 'vitest';
import type { DocumentStatus } from '../invoicing/types';
import {
  addDays,
  applyNotification,
  canTransition,
  correctionDeadline,
  daysBetween,
  deadlineWarnings,
  DOCUMENT_STATUSES,
  italianDay,
  LEGAL_TRANSITIONS,
  nextStatus,
  sendingDeadline,
  statusLabel,
} from './lifecycle';
import type { SdiNotification } from './messages';

type Facts = Pick<SdiNotification, 'kind' | 'esito' | 'errors'>;

const VARIANTS: Record<string, Facts> = {
  RC: { kind: 'RC' },
  MC: { kind: 'MC' },
  NS: { kind: 'NS', errors: [{ code: '00423', description: 'x' }] },
  NSdup: { kind: 'NS', errors: [{ code: '00002', description: 'x' }, { code: '00404', description: 'y' }] },
  NE1: { kind: 'NE', esito: 'EC01' },
  NE2: { kind: 'NE', esito: 'EC02' },
  DT: { kind: 'DT' },
  AT: { kind: 'AT' },
  MT: { kind: 'MT' },
  EC: { kind: 'EC', esito: 'EC01' },
  SE: { kind: 'SE' },
};
const COLUMNS = Object.keys(VARIANTS);

// One row per current status, one cell per notification (COLUMNS order): "<next status>/<c|u|i>" for changed,
// unchanged, ignored; "=" alone means "same status, ignored". PA invoice.
const PA_TABLE: Record<DocumentStatus, string> = {
  //             RC              MC                NS             NSdup            NE1           NE2          DT           AT                MT EC SE
  draft:        '=               =                 =              =                =             =            =            =                 = = =',
  registered:   '=               =                 =              =                =             =            =            =                 = = =',
  queued:       'delivered/c     not_delivered/c   rejected/c     transmitted/c    accepted/c    refused/c    expired/c    not_delivered/c   = = =',
  sending:      'delivered/c     not_delivered/c   rejected/c     transmitted/c    accepted/c    refused/c    expired/c    not_delivered/c   = = =',
  transmitted:  'delivered/c     not_delivered/c   rejected/c     transmitted/u    accepted/c    refused/c    expired/c    not_delivered/c   = = =',
  delivered:    'delivered/u     =                 =              delivered/u      accepted/c    refused/c    expired/c    =                 = = =',
  not_delivered:'delivered/c     not_delivered/u   =              not_delivered/u  accepted/c    refused/c    expired/c    not_delivered/u   = = =',
  rejected:     '=               =                 rejected/u     =                =             =            =            =                 = = =',
  accepted:     'accepted/u      =                 =              accepted/u       accepted/u    =            =            =                 = = =',
  refused:      'refused/u       =                 =              refused/u        =             refused/u    =            =                 = = =',
  expired:      'expired/u       =                 =              expired/u        =             =            expired/u    =                 = = =',
};

const EFFECT = { c: 'changed', u: 'unchanged', i: 'ignored' } as const;

function expected(current: DocumentStatus, cell: string): { status: DocumentStatus; effect: string } {
  if (cell === '=') return { status: current, effect: 'ignored' };
  const [status, e] = cell.split('/') as [DocumentStatus, keyof typeof EFFECT];
  return { status, effect: EFFECT[e] };
}

const table = (pa: boolean) =>
  DOCUMENT_STATUSES.flatMap((current) => {
    const cells = PA_TABLE[current].trim().split(/\s+/);
    expect(cells).toHaveLength(COLUMNS.length);
    return COLUMNS.map((col, i) => {
      // For a B2B invoice the PA-only messages never move anything.
      const cell = !pa && ['NE1', 'NE2', 'DT', 'AT'].includes(col) ? '=' : cells[i]!;
      return [current, col, expected(current, cell)] as const;
    });
  });

describe('applyNotification: every status × every notification', () => {
  it('the table lists every status', () => {
    expect(Object.keys(PA_TABLE).sort()).toEqual([...DOCUMENT_STATUSES].sort());
  });

  for (const pa of [true, false]) {
    describe(pa ? 'fattura PA' : 'fattura B2B', () => {
      it.each(table(pa))('%s + %s', (current, col, want) => {
        const got = applyNotification(current, VARIANTS[col]!, { pa });
        expect({ status: got.status, effect: got.effect }).toEqual(want);
        expect(nextStatus(current, VARIANTS[col]!, { pa })).toBe(want.status);
        if (got.effect !== 'changed') expect(got.reason).toMatch(/\S/);
        if (got.effect === 'changed') expect(canTransition(current, got.status)).toBe(true);
        expect(got.duplicate).toBe(col === 'NSdup' ? true : undefined);
      });
    });
  }

  it('is idempotent: the same notification twice leaves the status where the first put it', () => {
    for (const pa of [true, false]) {
      for (const current of DOCUMENT_STATUSES) {
        for (const facts of Object.values(VARIANTS)) {
          const once = nextStatus(current, facts, { pa });
          const twice = applyNotification(once, facts, { pa });
          expect(twice.status).toBe(once);
          expect(twice.effect).not.toBe('changed');
        }
      }
    }
  });

  it('a late RC after NE keeps accepted; an NS after RC is ignored and reported', () => {
    const late = applyNotification('accepted', VARIANTS.RC!, { pa: true });
    expect(late).toMatchObject({ status: 'accepted', effect: 'unchanged' });
    const ns = applyNotification('delivered', VARIANTS.NS!, { pa: false });
    expect(ns.status).toBe('delivered');
    expect(ns.effect).toBe('ignored');
    expect(ns.reason).toMatch(/scarto/);
  });
});

describe('transitions', () => {
  it('final statuses have no way out; drafts only get registered', () => {
    for (const s of ['rejected', 'accepted', 'refused', 'expired'] as const) expect(LEGAL_TRANSITIONS[s]).toEqual([]);
    expect(canTransition('draft', 'registered')).toBe(true);
    expect(canTransition('draft', 'transmitted')).toBe(false);
    expect(canTransition('sending', 'queued')).toBe(true);
    expect(canTransition('delivered', 'rejected')).toBe(false);
  });

  it('labels every status in Italian', () => {
    for (const s of DOCUMENT_STATUSES) expect(statusLabel(s)).toMatch(/^[a-zà ]+$/i);
  });
});

describe('deadlines', () => {
  it.each([
    ['2026-01-01', '2026-01-13'],
    ['2026-01-25', '2026-02-06'],
    ['2026-02-20', '2026-03-04'],
    ['2028-02-20', '2028-03-03'], // leap year
    ['2026-12-25', '2027-01-06'],
  ])('sendingDeadline(%s) = %s', (date, deadline) => {
    expect(sendingDeadline(date)).toBe(deadline);
  });

  it('correctionDeadline: 5 days after the NS, on the Italian calendar', () => {
    expect(correctionDeadline('2026-05-04')).toBe('2026-05-09');
    expect(correctionDeadline('2026-05-04T10:00:00+02:00')).toBe('2026-05-09');
    // 23:30 UTC on 4 May is already 5 May in Italy.
    expect(correctionDeadline('2026-05-04T23:30:00Z')).toBe('2026-05-10');
    expect(correctionDeadline('2026-12-31T09:00:00')).toBe('2027-01-05');
  });

  it('date helpers refuse what is not a date', () => {
    expect(() => sendingDeadline('2026-02-30')).toThrow(RangeError);
    expect(() => sendingDeadline('20/05/2026')).toThrow(/AAAA-MM-GG/);
    expect(() => italianDay('ieri')).toThrow(RangeError);
    expect(addDays('2026-03-28', 3)).toBe('2026-03-31');
    expect(daysBetween('2026-05-10', '2026-05-04')).toBe(-6);
  });

  it('warns within 3 days of the sending deadline and after it, only before transmission', () => {
    const doc = { status: 'registered' as const, date: '2026-05-01', number: '2026/15' };
    expect(deadlineWarnings(doc, '2026-05-09')).toEqual([]);
    const soon = deadlineWarnings(doc, '2026-05-10');
    expect(soon).toEqual([
      { code: 'INVIO_IN_SCADENZA', severity: 'warning', deadline: '2026-05-13', daysLeft: 3, message: 'La fattura 2026/15 del 01/05/2026 va trasmessa entro il 13/05/2026 (tra 3 giorni).' },
    ]);
    expect(deadlineWarnings(doc, '2026-05-13')[0]!.message).toMatch(/\(oggi\)/);
    expect(deadlineWarnings(doc, '2026-05-12')[0]!.message).toMatch(/\(domani\)/);
    const late = deadlineWarnings(doc, '2026-05-14');
    expect(late[0]).toMatchObject({ code: 'INVIO_SCADUTO', severity: 'error', daysLeft: -1 });
    expect(late[0]!.message).toMatch(/andava trasmessa entro il 13\/05\/2026/);
    expect(deadlineWarnings({ ...doc, status: 'delivered' }, '2026-06-30')).toEqual([]);
    expect(deadlineWarnings({ ...doc, status: 'draft' }, '2026-05-14')[0]!.code).toBe('INVIO_SCADUTO');
  });

  it('after an NS, reminds the 5-day correction window, then says it has passed', () => {
    const doc = { status: 'rejected' as const, date: '2026-05-01', rejectedAt: '2026-05-04T10:00:00+02:00' };
    const within = deadlineWarnings(doc, '2026-05-05');
    expect(within).toHaveLength(1);
    expect(within[0]).toMatchObject({ code: 'REINVIO_IN_SCADENZA', severity: 'warning', deadline: '2026-05-09', daysLeft: 4 });
    expect(within[0]!.message).toBe('La fattura è stata scartata: correggila e reinviala con lo stesso numero e la stessa data entro il 09/05/2026 (tra 4 giorni).');
    expect(deadlineWarnings(doc, '2026-05-07')[0]!.severity).toBe('error'); // 2 days left
    const past = deadlineWarnings(doc, '2026-05-10');
    expect(past[0]).toMatchObject({ code: 'REINVIO_SCADUTO', severity: 'error', daysLeft: -1 });
    expect(deadlineWarnings({ ...doc, rejectedAt: undefined }, '2026-05-10')).toEqual([]);
  });
});
