/**
 * Trigger arithmetic (src/engine/services/triggers.ts): the next fire times of CRON, INTERVAL and ONCE
 * triggers, across the DST changes, as pure unit tests from fixed instants. Validation is in
 * triggers-validation.test.ts; missed and latest slots and slot keys in triggers-slots.test.ts.
 * Every expected instant is a literal worked out by hand from the zone's offsets:
 * America/New_York EST = UTC-5, EDT = UTC-4 (2026: EDT from Sun 8 Mar 02:00 EST, EST again from
 * Sun 1 Nov 02:00 EDT); Europe/London GMT = UTC, BST = UTC+1 (2026: BST from Sun 29 Mar 01:00 GMT
 * to Sun 25 Oct 02:00 BST); Asia/Shanghai = UTC+8, no DST.
 */
import { describe, expect, test } from 'vitest';
import { missedFireTimes, nextFireTime, nextFireTimes, validateTrigger } from '../../src/engine/services/triggers.js';
import { NOW, cron, isos, ms, next } from './triggers-fixtures.js';

describe('CRON: plain zones', () => {
  test('daily 09:00 in UTC and in Asia/Shanghai (UTC+8)', () => {
    expect(next(cron('0 9 * * *'), '2026-01-01T00:00:00.000Z', 3)).toEqual([
      '2026-01-01T09:00:00.000Z',
      '2026-01-02T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
    ]);
    const shanghai = cron('0 9 * * *', 'Asia/Shanghai');
    expect(next(shanghai, '2026-01-01T00:00:00.000Z', 3)).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-02T01:00:00.000Z',
      '2026-01-03T01:00:00.000Z',
    ]);
    // Strictly after: a slot at exactly `after` is not returned, one a millisecond later is.
    expect(next(shanghai, '2026-01-01T01:00:00.000Z', 1)).toEqual(['2026-01-02T01:00:00.000Z']);
    expect(next(shanghai, '2026-01-01T00:59:59.999Z', 1)).toEqual(['2026-01-01T01:00:00.000Z']);
  });

  test('@daily is midnight in the zone', () => {
    expect(next(cron('@daily', 'Asia/Shanghai'), '2026-01-01T00:00:00.000Z', 2)).toEqual([
      '2026-01-01T16:00:00.000Z',
      '2026-01-02T16:00:00.000Z',
    ]);
  });

  test('on the hour', () => {
    for (const expr of ['0 * * * *', '@hourly']) {
      expect(next(cron(expr), '2026-01-01T10:00:00.000Z', 2)).toEqual(['2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z']);
      expect(next(cron(expr), '2026-01-01T10:59:59.999Z', 1)).toEqual(['2026-01-01T11:00:00.000Z']);
    }
  });

  test('every second, and a 6-field cron with seconds first', () => {
    expect(next(cron('* * * * * *'), '2026-01-01T00:00:00.500Z', 3)).toEqual([
      '2026-01-01T00:00:01.000Z',
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:03.000Z',
    ]);
    expect(next(cron('* * * * * *'), '2026-01-01T00:00:00.000Z', 1)).toEqual(['2026-01-01T00:00:01.000Z']);
    expect(next(cron('30 0 9 * * *'), '2026-01-01T00:00:00.000Z', 1)).toEqual(['2026-01-01T09:00:30.000Z']);
  });

  test('month end L: 28 Feb 2027, 29 Feb 2028 (leap year)', () => {
    expect(next(cron('0 0 L * *'), '2027-02-01T00:00:00.000Z', 2)).toEqual(['2027-02-28T00:00:00.000Z', '2027-03-31T00:00:00.000Z']);
    expect(next(cron('0 0 L * *'), '2028-02-01T00:00:00.000Z', 2)).toEqual(['2028-02-29T00:00:00.000Z', '2028-03-31T00:00:00.000Z']);
  });

  test('the 31st skips 30-day months and February', () => {
    expect(next(cron('0 0 31 * *'), '2026-01-01T00:00:00.000Z', 7)).toEqual([
      '2026-01-31T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
      '2026-05-31T00:00:00.000Z',
      '2026-07-31T00:00:00.000Z',
      '2026-08-31T00:00:00.000Z',
      '2026-10-31T00:00:00.000Z',
      '2026-12-31T00:00:00.000Z',
    ]);
  });

  test('29 February: next is 2028, then 2032', () => {
    expect(next(cron('0 0 29 2 *'), '2026-01-01T00:00:00.000Z', 2)).toEqual(['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']);
  });

  test('# : the second Monday of the month', () => {
    const expected = ['2026-01-12T09:00:00.000Z', '2026-02-09T09:00:00.000Z', '2026-03-09T09:00:00.000Z'];
    expect(next(cron('0 9 * * 1#2'), '2026-01-01T00:00:00.000Z', 3)).toEqual(expected);
    expect(next(cron('0 9 * * MON#2'), '2026-01-01T00:00:00.000Z', 3)).toEqual(expected);
  });

  test('weekdays: Friday 2 January 2026 -> Monday to Friday of the next week', () => {
    const expected = [
      '2026-01-05T09:00:00.000Z',
      '2026-01-06T09:00:00.000Z',
      '2026-01-07T09:00:00.000Z',
      '2026-01-08T09:00:00.000Z',
      '2026-01-09T09:00:00.000Z',
      '2026-01-12T09:00:00.000Z',
    ];
    expect(next(cron('0 9 * * 1-5'), '2026-01-02T09:00:00.000Z', 6)).toEqual(expected);
    expect(next(cron('0 9 * * MON-FRI'), '2026-01-02T09:00:00.000Z', 6)).toEqual(expected);
  });

  test('count is clamped to 1..100', () => {
    expect(nextFireTimes(cron('* * * * * *'), NOW, 0)).toHaveLength(1);
    expect(nextFireTimes(cron('* * * * * *'), NOW, 500)).toHaveLength(100);
    expect(nextFireTime(cron('0 9 * * *'), NOW)).toBe(ms('2026-01-01T09:00:00.000Z'));
  });
});

describe('CRON: America/New_York across the 2026 DST changes', () => {
  const NY = 'America/New_York';

  test('spring forward: a daily 02:30 fires once on 8 March, at 03:00 EDT, right after the gap', () => {
    expect(next(cron('30 2 * * *', NY), '2026-03-06T12:00:00.000Z', 4)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 02:30 does not exist: 03:00 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
      '2026-03-10T06:30:00.000Z',
    ]);
    // Not twice: from the shifted run, the next one is the next day's.
    expect(next(cron('30 2 * * *', NY), '2026-03-08T07:00:00.000Z', 1)).toEqual(['2026-03-09T06:30:00.000Z']);
  });

  test('spring forward: a list of times (30 2,14) is treated the same, 02:30 moves to 03:00 EDT', () => {
    expect(next(cron('30 2,14 * * *', NY), '2026-03-07T12:00:00.000Z', 4)).toEqual([
      '2026-03-07T19:30:00.000Z', // 14:30 EST
      '2026-03-08T07:00:00.000Z', // 02:30 -> 03:00 EDT
      '2026-03-08T18:30:00.000Z', // 14:30 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  test('fall back: a daily 01:30 fires once, at the first 01:30 (EDT)', () => {
    expect(next(cron('30 1 * * *', NY), '2026-10-30T12:00:00.000Z', 4)).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, first pass; 01:30 EST (06:30Z) does not fire
      '2026-11-02T06:30:00.000Z', // 01:30 EST
      '2026-11-03T06:30:00.000Z',
    ]);
    // Asked from inside the second pass (a restart at 01:10 EST), still not the second 01:30.
    expect(next(cron('30 1 * * *', NY), '2026-11-01T06:10:00.000Z', 1)).toEqual(['2026-11-02T06:30:00.000Z']);
  });

  test('fall back: a list (30 1,13) also fires 01:30 once (croner alone would fire it twice)', () => {
    expect(next(cron('30 1,13 * * *', NY), '2026-10-31T12:00:00.000Z', 4)).toEqual([
      '2026-10-31T17:30:00.000Z', // 13:30 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T18:30:00.000Z', // 13:30 EST
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
  });

  test('hourly across spring forward: 24 fires in the 24 h around the change, none at 02:xx', () => {
    const fires = isos(missedFireTimes(cron('0 * * * *', NY), ms('2026-03-07T19:00:00.000Z'), ms('2026-03-08T19:00:00.000Z')));
    expect(fires).toHaveLength(24);
    expect(fires[0]).toBe('2026-03-07T20:00:00.000Z');
    expect(fires[23]).toBe('2026-03-08T19:00:00.000Z');
    expect(fires.slice(9, 13)).toEqual([
      '2026-03-08T05:00:00.000Z', // 00:00 EST
      '2026-03-08T06:00:00.000Z', // 01:00 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT (02:00 does not exist)
      '2026-03-08T08:00:00.000Z', // 04:00 EDT
    ]);
  });

  test('hourly across fall back: 23 fires in the 24 h around the change, 01:00 only once', () => {
    const fires = isos(missedFireTimes(cron('0 * * * *', NY), ms('2026-10-31T18:00:00.000Z'), ms('2026-11-01T18:00:00.000Z')));
    expect(fires).toHaveLength(23);
    expect(fires[0]).toBe('2026-10-31T19:00:00.000Z');
    expect(fires[22]).toBe('2026-11-01T18:00:00.000Z');
    expect(fires.slice(9, 13)).toEqual([
      '2026-11-01T04:00:00.000Z', // 00:00 EDT
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T07:00:00.000Z', // 02:00 EST (01:00 EST at 06:00Z is a repeat)
      '2026-11-01T08:00:00.000Z', // 03:00 EST
    ]);
    expect(next(cron('0 * * * *', NY), '2026-11-01T05:00:00.000Z', 2)).toEqual(['2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z']);
  });

  test('fall back: sub-hourly crons pause for the repeated hour instead of running it twice', () => {
    expect(next(cron('*/15 * * * *', NY), '2026-11-01T05:30:00.000Z', 3)).toEqual([
      '2026-11-01T05:45:00.000Z', // 01:45 EDT
      '2026-11-01T07:00:00.000Z', // 02:00 EST
      '2026-11-01T07:15:00.000Z',
    ]);
    expect(next(cron('* * * * * *', NY), '2026-11-01T05:59:58.000Z', 3)).toEqual([
      '2026-11-01T05:59:59.000Z', // 01:59:59 EDT
      '2026-11-01T07:00:00.000Z', // 02:00:00 EST
      '2026-11-01T07:00:01.000Z',
    ]);
    // Asked from inside the repeated hour.
    expect(next(cron('*/15 * * * *', NY), '2026-11-01T06:20:00.000Z', 1)).toEqual(['2026-11-01T07:00:00.000Z']);
  });
});

describe('CRON: Europe/London across the 2026 DST changes', () => {
  const LONDON = 'Europe/London';

  test('daily 09:00 follows the wall clock: 09:00Z in GMT, 08:00Z in BST', () => {
    expect(next(cron('0 9 * * *', LONDON), '2026-03-27T12:00:00.000Z', 3)).toEqual([
      '2026-03-28T09:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
    ]);
    expect(next(cron('0 9 * * *', LONDON), '2026-10-23T12:00:00.000Z', 3)).toEqual([
      '2026-10-24T08:00:00.000Z',
      '2026-10-25T09:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
    ]);
  });

  test('daily 01:30: moved to 02:00 BST in the gap, once at the repeat', () => {
    expect(next(cron('30 1 * * *', LONDON), '2026-03-28T12:00:00.000Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z', // 01:30 GMT does not exist: 02:00 BST
      '2026-03-30T00:30:00.000Z', // 01:30 BST
    ]);
    expect(next(cron('30 1 * * *', LONDON), '2026-10-24T12:00:00.000Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z', // 01:30 BST, first pass
      '2026-10-26T01:30:00.000Z', // 01:30 GMT
    ]);
  });
});

describe('INTERVAL', () => {
  const every15min = validateTrigger({ kind: 'INTERVAL', intervalSeconds: 900 }, NOW);

  test('fires on the anchor grid, strictly after `after`', () => {
    expect(next(every15min, '2026-01-01T01:07:00.000Z', 3, '2026-01-01T00:00:00.000Z')).toEqual([
      '2026-01-01T01:15:00.000Z',
      '2026-01-01T01:30:00.000Z',
      '2026-01-01T01:45:00.000Z',
    ]);
    expect(next(every15min, '2026-01-01T01:15:00.000Z', 2, '2026-01-01T00:00:00.000Z')).toEqual([
      '2026-01-01T01:30:00.000Z',
      '2026-01-01T01:45:00.000Z',
    ]);
  });

  test('before the anchor, the anchor itself is the first slot; without an anchor, the grid starts at `after`', () => {
    expect(next(every15min, '2025-12-31T23:00:00.000Z', 2, '2026-01-01T00:00:00.000Z')).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:15:00.000Z',
    ]);
    expect(next(every15min, '2026-01-01T01:07:00.000Z', 2)).toEqual(['2026-01-01T01:22:00.000Z', '2026-01-01T01:37:00.000Z']);
  });

  test('runs in real time, whatever the zone: every hour through the New York fall back', () => {
    const hourly = validateTrigger({ kind: 'INTERVAL', intervalSeconds: 3600, timezone: 'America/New_York' }, NOW);
    expect(next(hourly, '2026-11-01T04:00:00.000Z', 4, '2026-11-01T04:00:00.000Z')).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
  });
});

describe('ONCE', () => {
  const once = validateTrigger({ kind: 'ONCE', at: ms('2026-06-01T12:00:00.000Z') }, NOW);

  test('in the future: fires at `at`; at or after it: never again', () => {
    expect(next(once, '2026-01-01T00:00:00.000Z', 5)).toEqual(['2026-06-01T12:00:00.000Z']);
    expect(next(once, '2026-06-01T12:00:00.000Z', 5)).toEqual([]);
    expect(next(once, '2026-07-01T00:00:00.000Z', 5)).toEqual([]);
    expect(nextFireTime(once, ms('2026-07-01T00:00:00.000Z'))).toBeNull();
  });
});
