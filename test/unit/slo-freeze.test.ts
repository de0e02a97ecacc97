import { describe, expect, it } from 'vitest';
import { freezeState } from '../../src/domain/slo/freeze.js';
import type { FreezeWindow } from '../../src/domain/slo/types.js';
import { instantOf, parseWallTime, wallAt } from '../../src/domain/slo/wall-clock.js';

const H = 3600;
const ms = (iso: string): number => Date.parse(iso);
const prod = { app: 'web', environment: 'production' };

/** "no prod deploys Friday 18:00 – Monday 09:00 Asia/Tokyo" */
const weekend: FreezeWindow = {
  name: 'weekend',
  kind: 'deny',
  start: '2026-01-02T18:00',
  rrule: 'FREQ=WEEKLY;BYDAY=FR',
  durationSeconds: 63 * H,
  timeZone: 'Asia/Tokyo',
  environments: ['production'],
};

describe('wall-clock times in a zone', () => {
  it.each([
    // Berlin springs forward on 2026-03-29 at 02:00: 02:30 does not exist and moves forward to 03:30 CEST.
    ['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T01:30:00Z'],
    ['2026-03-29T01:59', 'Europe/Berlin', '2026-03-29T00:59:00Z'],
    ['2026-03-29T03:00', 'Europe/Berlin', '2026-03-29T01:00:00Z'],
    // …and falls back on 2026-10-25 at 03:00: 02:30 happens twice; the first (CEST) is taken.
    ['2026-10-25T02:30', 'Europe/Berlin', '2026-10-25T00:30:00Z'],
    ['2026-10-25T03:30', 'Europe/Berlin', '2026-10-25T02:30:00Z'],
    // New York: 2026-03-08 02:00 → 03:00, 2026-11-01 02:00 → 01:00.
    ['2026-03-08T02:15', 'America/New_York', '2026-03-08T07:15:00Z'],
    ['2026-11-01T01:30', 'America/New_York', '2026-11-01T05:30:00Z'],
    ['2026-01-10T00:30', 'Asia/Tokyo', '2026-01-09T15:30:00Z'],
  ])('%s in %s is %s', (wall, zone, instant) => {
    expect(new Date(instantOf(parseWallTime(wall)!, zone)).toISOString()).toBe(instant.replace('Z', '.000Z'));
  });

  it('reads back the wall time of an instant', () => {
    expect(wallAt(ms('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe(parseWallTime('2026-10-25T02:30'));
  });

  it.each(['2026-02-30T10:00', '2026-01-02 18:00', '2026-01-02T24:00', '2026-1-2T18:00', '2026-01-02T18:00:00'])(
    'refuses %j as a start',
    (text) => expect(parseWallTime(text)).toBeUndefined(),
  );
});

describe('freezeState', () => {
  describe('a weekly window across midnight in Asia/Tokyo (Fri 18:00 – Mon 09:00)', () => {
    it.each([
      ['Fri 17:59 JST', '2026-01-09T08:59:00Z', false],
      ['Fri 18:00 JST', '2026-01-09T09:00:00Z', true],
      ['Sat 00:30 JST (still Friday in UTC)', '2026-01-09T15:30:00Z', true],
      ['Sun 23:59 JST', '2026-01-11T14:59:00Z', true],
      ['Mon 08:59 JST', '2026-01-11T23:59:00Z', true],
      ['Mon 09:00 JST', '2026-01-12T00:00:00Z', false],
      ['Wed 12:00 JST', '2026-01-14T03:00:00Z', false],
    ])('%s: frozen %s', (_, at, frozen) => {
      expect(freezeState([weekend], prod, ms(at)).frozen).toBe(frozen);
    });

    it('names the window and says when it reopens (Monday 09:00 JST)', () => {
      expect(freezeState([weekend], prod, ms('2026-01-10T03:00:00Z'))).toEqual({
        frozen: true,
        windows: ['weekend'],
        reason: 'deny',
        reopensAt: ms('2026-01-12T00:00:00Z'),
      });
    });

    it('applies only where it says: another environment, or another app of its list, is not frozen', () => {
      const at = ms('2026-01-10T03:00:00Z');
      expect(freezeState([weekend], { app: 'web', environment: 'staging' }, at).frozen).toBe(false);
      const webOnly: FreezeWindow = { ...weekend, apps: ['web'] };
      expect(freezeState([webOnly], { app: 'api', environment: 'production' }, at).frozen).toBe(false);
      expect(freezeState([webOnly], prod, at).frozen).toBe(true);
      const { environments: _, ...everywhere } = weekend;
      expect(freezeState([everywhere], { app: 'api', environment: 'dev' }, at).frozen).toBe(true);
    });
  });

  describe('across DST changes, windows keep their local times', () => {
    const berlin: FreezeWindow = { ...weekend, timeZone: 'Europe/Berlin', start: '2026-01-02T18:00' };

    it('Europe/Berlin, spring forward inside the window: Fri 18:00 CET to Mon 09:00 CEST (62 real hours)', () => {
      expect(freezeState([berlin], prod, ms('2026-03-27T16:59:00Z')).frozen).toBe(false);
      const state = freezeState([berlin], prod, ms('2026-03-27T17:00:00Z'));
      expect(state).toMatchObject({ frozen: true, reopensAt: ms('2026-03-30T07:00:00Z') });
      // The next Friday starts at 18:00 CEST, 16:00 UTC.
      expect(freezeState([berlin], prod, ms('2026-04-03T15:59:00Z')).frozen).toBe(false);
      expect(freezeState([berlin], prod, ms('2026-04-03T16:00:00Z')).frozen).toBe(true);
    });

    it('Europe/Berlin, fall back inside the window: Mon 09:00 CET (64 real hours)', () => {
      expect(freezeState([berlin], prod, ms('2026-10-24T12:00:00Z'))).toMatchObject({
        frozen: true,
        reopensAt: ms('2026-10-26T08:00:00Z'),
      });
    });

    it('a daily window starting in the spring-forward gap starts at 03:30 CEST and keeps its hour', () => {
      const nightly: FreezeWindow = {
        name: 'nightly',
        kind: 'deny',
        start: '2026-03-01T02:30',
        rrule: 'FREQ=DAILY',
        durationSeconds: H,
        timeZone: 'Europe/Berlin',
      };
      // The day before: 02:30 CET = 01:30 UTC.
      expect(freezeState([nightly], prod, ms('2026-03-28T01:30:00Z')).frozen).toBe(true);
      // On the day: 01:59 CET is just before the gap; the window runs 03:30–04:30 CEST = 01:30–02:30 UTC.
      expect(freezeState([nightly], prod, ms('2026-03-29T00:59:00Z')).frozen).toBe(false);
      expect(freezeState([nightly], prod, ms('2026-03-29T01:29:00Z')).frozen).toBe(false);
      expect(freezeState([nightly], prod, ms('2026-03-29T01:30:00Z'))).toMatchObject({
        frozen: true,
        reopensAt: ms('2026-03-29T02:30:00Z'),
      });
    });

    it('a daily window starting in the repeated hour starts at the first 02:30 and ends at 03:30 CET', () => {
      const nightly: FreezeWindow = {
        name: 'nightly',
        kind: 'deny',
        start: '2026-10-01T02:30',
        rrule: 'FREQ=DAILY',
        durationSeconds: H,
        timeZone: 'Europe/Berlin',
      };
      expect(freezeState([nightly], prod, ms('2026-10-25T00:29:00Z')).frozen).toBe(false);
      expect(freezeState([nightly], prod, ms('2026-10-25T00:30:00Z'))).toMatchObject({
        frozen: true,
        reopensAt: ms('2026-10-25T02:30:00Z'),
      });
      expect(freezeState([nightly], prod, ms('2026-10-25T02:29:00Z')).frozen).toBe(true);
    });

    it('America/New_York: Sunday 01:30–03:30 is one real hour in March and three in November', () => {
      const sunday: FreezeWindow = {
        name: 'sunday-maintenance',
        kind: 'deny',
        start: '2026-01-04T01:30',
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        durationSeconds: 2 * H,
        timeZone: 'America/New_York',
      };
      // 2026-03-08: 01:30 EST = 06:30 UTC, 03:30 EDT = 07:30 UTC.
      expect(freezeState([sunday], prod, ms('2026-03-08T06:29:00Z')).frozen).toBe(false);
      expect(freezeState([sunday], prod, ms('2026-03-08T06:30:00Z'))).toMatchObject({
        frozen: true,
        reopensAt: ms('2026-03-08T07:30:00Z'),
      });
      // 2026-11-01: the first 01:30 (EDT) = 05:30 UTC, 03:30 EST = 08:30 UTC.
      expect(freezeState([sunday], prod, ms('2026-11-01T05:30:00Z'))).toMatchObject({
        frozen: true,
        reopensAt: ms('2026-11-01T08:30:00Z'),
      });
      // A January Sunday: EST all along, 06:30–08:30 UTC.
      expect(freezeState([sunday], prod, ms('2026-01-11T08:29:00Z')).frozen).toBe(true);
      expect(freezeState([sunday], prod, ms('2026-01-11T08:30:00Z')).frozen).toBe(false);
    });
  });

  describe('allow windows', () => {
    /** Forward changes only on weekdays 09:00–17:00 UTC. */
    const officeHours: FreezeWindow = {
      name: 'office-hours',
      kind: 'allow',
      start: '2026-01-05T09:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      durationSeconds: 8 * H,
      timeZone: 'UTC',
    };
    const yearEnd: FreezeWindow = {
      name: 'year-end',
      kind: 'deny',
      start: '2026-12-24T00:00',
      durationSeconds: 10 * 24 * H,
      timeZone: 'UTC',
    };

    it('inside an allow window nothing is frozen', () => {
      expect(freezeState([officeHours], prod, ms('2026-06-03T10:00:00Z'))).toEqual({ frozen: false });
    });

    it('outside every allow window is frozen until the next one opens', () => {
      expect(freezeState([officeHours], prod, ms('2026-06-06T10:00:00Z'))).toEqual({
        frozen: true,
        windows: ['office-hours'],
        reason: 'outside-allow',
        reopensAt: ms('2026-06-08T09:00:00Z'),
      });
    });

    it('deny wins over allow, and it reopens at the first allowed moment after the deny window', () => {
      // Monday 2026-12-28 10:00: office hours, but year-end (to Sunday 2027-01-03 00:00) denies.
      expect(freezeState([officeHours, yearEnd], prod, ms('2026-12-28T10:00:00Z'))).toEqual({
        frozen: true,
        windows: ['year-end'],
        reason: 'deny',
        reopensAt: ms('2027-01-04T09:00:00Z'),
      });
    });

    it('has no reopening when no allow window comes within a year', () => {
      const { rrule: _, ...oneOff } = officeHours;
      expect(freezeState([oneOff], prod, ms('2026-06-06T10:00:00Z'))).toEqual({
        frozen: true,
        windows: ['office-hours'],
        reason: 'outside-allow',
      });
    });
  });

  describe('one-off and adjacent deny windows', () => {
    const release: FreezeWindow = {
      name: 'release-freeze',
      kind: 'deny',
      start: '2026-05-01T00:00',
      durationSeconds: 48 * H,
      timeZone: 'UTC',
    };
    const audit: FreezeWindow = { ...release, name: 'audit', start: '2026-05-03T00:00', durationSeconds: 24 * H };

    it.each([
      ['before', '2026-04-30T23:59:00Z', false],
      ['at the start', '2026-05-01T00:00:00Z', true],
      ['at the end', '2026-05-03T00:00:00Z', false],
    ])('a one-off window, %s: frozen %s', (_, at, frozen) => {
      expect(freezeState([release], prod, ms(at)).frozen).toBe(frozen);
    });

    it('reopens after the second of two adjacent deny windows, not between them', () => {
      expect(freezeState([release, audit], prod, ms('2026-05-01T12:00:00Z'))).toEqual({
        frozen: true,
        windows: ['release-freeze'],
        reason: 'deny',
        reopensAt: ms('2026-05-04T00:00:00Z'),
      });
    });

    it('names every deny window it is in', () => {
      const overlapping: FreezeWindow = { ...audit, start: '2026-05-02T00:00' };
      expect(freezeState([release, overlapping], prod, ms('2026-05-02T12:00:00Z'))).toMatchObject({
        windows: ['release-freeze', 'audit'],
        reopensAt: ms('2026-05-03T00:00:00Z'),
      });
    });
  });
});
