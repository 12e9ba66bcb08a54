/**
 * Trigger arithmetic (src/engine/schedules/triggers.ts): pure unit tests from fixed instants.
 * Every expected instant is a literal worked out by hand from the zone's offsets:
 * America/New_York EST = UTC-5, EDT = UTC-4 (2026: EDT from Sun 8 Mar 02:00 EST, EST again from
 * Sun 1 Nov 02:00 EDT); Europe/London GMT = UTC, BST = UTC+1 (2026: BST from Sun 29 Mar 01:00 GMT
 * to Sun 25 Oct 02:00 BST); Asia/Shanghai = UTC+8, no DST.
 */
import { describe, expect, test } from 'vitest';
import { ValidationError, type Issue } from '../../src/engine/domain/errors.js';
import {
  latestFireTime,
  missedFireTimes,
  nextFireTime,
  nextFireTimes,
  slotKey,
  validateTrigger,
  type TriggerInput,
} from '../../src/engine/services/triggers.js';
import type { Trigger } from '../../src/engine/domain/schedule.js';

const ms = (iso: string) => Date.parse(iso);
const isos = (times: number[]) => times.map((t) => new Date(t).toISOString());
const cron = (expr: string, timezone = 'UTC'): Trigger => validateTrigger({ kind: 'CRON', cron: expr, timezone }, NOW);
const next = (trigger: Trigger, after: string, count: number, anchor?: string) =>
  isos(nextFireTimes(trigger, ms(after), count, anchor === undefined ? undefined : ms(anchor)));

const NOW = ms('2026-01-01T00:00:00.000Z');

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

describe('missedFireTimes', () => {
  test('a 3-hour downtime with an every-15-minutes cron: 12 slots in (from, to], capped at max', () => {
    const every15 = cron('*/15 * * * *');
    const from = ms('2026-01-01T00:00:00.000Z');
    const to = ms('2026-01-01T03:00:00.000Z');
    const all = isos(missedFireTimes(every15, from, to));
    expect(all).toHaveLength(12);
    expect(all[0]).toBe('2026-01-01T00:15:00.000Z');
    expect(all[11]).toBe('2026-01-01T03:00:00.000Z');
    expect(isos(missedFireTimes(every15, from, to, undefined, 5))).toEqual([
      '2026-01-01T00:15:00.000Z',
      '2026-01-01T00:30:00.000Z',
      '2026-01-01T00:45:00.000Z',
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T01:15:00.000Z',
    ]);
    expect(missedFireTimes(every15, to, from)).toEqual([]);
  });

  test('a long outage of an every-second cron stays bounded by max', () => {
    const times = missedFireTimes(cron('* * * * * *'), ms('2026-01-01T00:00:00.000Z'), ms('2026-02-01T00:00:00.000Z'));
    expect(times).toHaveLength(1000);
    expect(new Date(times[999]!).toISOString()).toBe('2026-01-01T00:16:40.000Z');
  });

  test('INTERVAL and ONCE', () => {
    const interval = validateTrigger({ kind: 'INTERVAL', intervalSeconds: 3600 }, NOW);
    expect(isos(missedFireTimes(interval, ms('2026-01-01T00:30:00.000Z'), ms('2026-01-01T03:00:00.000Z'), ms('2026-01-01T00:00:00.000Z')))).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T02:00:00.000Z',
      '2026-01-01T03:00:00.000Z',
    ]);
    const once = validateTrigger({ kind: 'ONCE', at: ms('2026-01-01T02:00:00.000Z') }, NOW);
    expect(isos(missedFireTimes(once, ms('2026-01-01T00:00:00.000Z'), ms('2026-01-01T03:00:00.000Z')))).toEqual(['2026-01-01T02:00:00.000Z']);
    expect(missedFireTimes(once, ms('2026-01-01T02:00:00.000Z'), ms('2026-01-01T03:00:00.000Z'))).toEqual([]);
  });
});

describe('latestFireTime (the slot RUN_ONCE catches up)', () => {
  const NY = 'America/New_York';
  const latest = (trigger: Trigger, from: string, to: string, anchor?: string) => {
    const at = latestFireTime(trigger, ms(from), ms(to), anchor === undefined ? undefined : ms(anchor));
    return at === null ? null : new Date(at).toISOString();
  };

  test('a month-long outage of an every-second cron: the newest slot, not the 1,000th or 10,000th', () => {
    expect(latest(cron('* * * * * *'), '2026-01-01T00:00:00.000Z', '2026-01-31T23:59:59.400Z')).toBe('2026-01-31T23:59:59.000Z');
    expect(latest(cron('*/15 * * * *'), '2026-01-01T00:00:00.000Z', '2026-01-01T03:00:00.000Z')).toBe('2026-01-01T03:00:00.000Z');
    expect(latest(cron('*/15 * * * *'), '2026-01-01T00:00:00.000Z', '2026-01-01T00:14:59.999Z')).toBeNull();
    // (from, to]: a slot at `from` is not in it.
    expect(latest(cron('*/15 * * * *'), '2026-01-01T00:15:00.000Z', '2026-01-01T00:29:00.000Z')).toBeNull();
    expect(latest(cron('*/15 * * * *'), '2026-01-01T03:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBeNull();
  });

  test('DST in New York: the fall-back repeat never fires; a fixed time in the spring-forward gap fires just after it', () => {
    const every15 = cron('*/15 * * * *', NY);
    // 06:00Z-06:59Z is 01:00-01:59 EST, the second pass: the latest slot is the first pass's 01:45 EDT.
    expect(latest(every15, '2026-11-01T05:00:00.000Z', '2026-11-01T06:40:00.000Z')).toBe('2026-11-01T05:45:00.000Z');
    expect(latest(every15, '2026-11-01T05:00:00.000Z', '2026-11-01T07:10:00.000Z')).toBe('2026-11-01T07:00:00.000Z');
    expect(latest(cron('30 1 * * *', NY), '2026-10-31T12:00:00.000Z', '2026-11-01T12:00:00.000Z')).toBe('2026-11-01T05:30:00.000Z');
    // 02:30 does not exist on 8 March: it fires at 03:00 EDT (07:00Z), not on the 7th's 02:30 EST.
    expect(latest(cron('30 2 * * *', NY), '2026-03-06T12:00:00.000Z', '2026-03-08T12:00:00.000Z')).toBe('2026-03-08T07:00:00.000Z');
  });

  test('agrees with listing every slot, across the DST changes of several zones', () => {
    const crons = ['* * * * * *', '*/7 * * * * *', '*/15 * * * *', '0 * * * *', '30 1 * * *', '30 2 * * *', '30 2,14 * * *', '0 0 L * *', '0 9 * * 1-5'];
    const zones = ['UTC', NY, 'Europe/London', 'Australia/Lord_Howe'];
    const around = ['2026-03-08T07:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-04T15:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-11-01T06:00:00.000Z'];
    const spans = [1_000, 59_000, 3_600_000, 5_400_000, 86_400_000, 3 * 86_400_000];
    let compared = 0;
    for (const expr of crons) {
      const fine = expr.startsWith('*') && expr.split(' ').length === 6;
      for (const zone of fine ? zones.slice(0, 2) : zones) {
        const trigger = cron(expr, zone);
        for (const center of around) {
          // Listing every slot of a per-second cron is the slow part: shorter spans for those.
          for (const span of fine ? [1_000, 59_000, 600_000] : spans) {
            for (const shift of fine ? [-1_800_000, 1_234] : [-2 * 3_600_000 - 500, -1_800_000, 0, 1_234]) {
              const from = ms(center) + shift - span / 2;
              const to = from + span;
              const listed = missedFireTimes(trigger, from, to, undefined, 1_000_000).at(-1) ?? null;
              expect(latestFireTime(trigger, from, to), `${expr} ${zone} (${new Date(from).toISOString()}, ${new Date(to).toISOString()}]`).toBe(listed);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(400);
  });

  test('INTERVAL by arithmetic on its grid, and ONCE', () => {
    const hourly = validateTrigger({ kind: 'INTERVAL', intervalSeconds: 3600 }, NOW);
    const anchor = '2026-01-01T00:00:00.000Z';
    expect(latest(hourly, '2026-01-01T00:30:00.000Z', '2026-01-01T03:20:00.000Z', anchor)).toBe('2026-01-01T03:00:00.000Z');
    expect(latest(hourly, '2026-01-01T03:00:00.000Z', '2026-01-01T03:59:59.999Z', anchor)).toBeNull();
    expect(latest(hourly, '2025-12-31T20:00:00.000Z', '2025-12-31T23:59:59.999Z', anchor)).toBeNull(); // before the grid starts
    expect(latest(hourly, '2025-12-31T20:00:00.000Z', '2026-01-01T00:00:00.000Z', anchor)).toBe(anchor);
    const everySecond = validateTrigger({ kind: 'INTERVAL', intervalSeconds: 1 }, NOW);
    expect(latest(everySecond, '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.700Z', anchor)).toBe('2027-01-01T00:00:00.000Z');
    const once = validateTrigger({ kind: 'ONCE', at: ms('2026-01-01T02:00:00.000Z') }, NOW);
    expect(latest(once, '2026-01-01T00:00:00.000Z', '2026-01-01T03:00:00.000Z')).toBe('2026-01-01T02:00:00.000Z');
    expect(latest(once, '2026-01-01T02:00:00.000Z', '2026-01-01T03:00:00.000Z')).toBeNull();
    expect(latest(once, '2026-01-01T00:00:00.000Z', '2026-01-01T01:59:59.999Z')).toBeNull();
  });
});

test('slotKey: schedule id and the slot as an ISO instant', () => {
  expect(slotKey('sch_1', ms('2026-03-08T07:00:00.000Z'))).toBe('sch_1@2026-03-08T07:00:00.000Z');
});

describe('validateTrigger', () => {
  const issuesOf = (input: TriggerInput, path?: string): Issue[] => {
    try {
      validateTrigger(input, NOW, path);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('BAD_USER_INPUT');
      return (error as ValidationError).issues;
    }
    throw new Error(`accepted ${JSON.stringify(input)}`);
  };
  const one = (path: string, message: string): Issue[] => [{ path, message }];

  test('the stored form: defaults to UTC, trims the cron, accepts nulls for other kinds\' fields', () => {
    expect(validateTrigger({ kind: 'CRON', cron: '  0 9 * * *  ', intervalSeconds: null, at: null, timezone: null }, NOW)).toEqual({
      kind: 'CRON',
      cron: '0 9 * * *',
      timezone: 'UTC',
    });
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 60, timezone: 'Asia/Shanghai' }, NOW)).toEqual({
      kind: 'INTERVAL',
      intervalSeconds: 60,
      timezone: 'Asia/Shanghai',
    });
    expect(validateTrigger({ kind: 'ONCE', at: NOW + 1 }, NOW)).toEqual({ kind: 'ONCE', at: NOW + 1, timezone: 'UTC' });
    // Letter case is normalised; a link name is kept as written.
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 60, timezone: 'asia/shanghai' }, NOW).timezone).toBe('Asia/Shanghai');
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 60, timezone: 'US/Eastern' }, NOW).timezone).toBe('US/Eastern');
    for (const expr of ['0 0 L * *', '0 0 15W * *', '0 9 * * 1#2', '0 9 ? * MON-FRI', '@weekly', '0 0 12 * * *']) {
      expect(validateTrigger({ kind: 'CRON', cron: expr }, NOW).cron).toBe(expr);
    }
  });

  test('invalid cron expressions, with croner\'s reason', () => {
    expect(issuesOf({ kind: 'CRON', cron: '61 * * * *' })).toEqual(
      one('trigger.cron', 'invalid cron expression "61 * * * *": Invalid value for minute: 61'),
    );
    expect(issuesOf({ kind: 'CRON', cron: '*/0 * * * *' })).toEqual(
      one('trigger.cron', 'invalid cron expression "*/0 * * * *": Syntax error, illegal stepping: 0'),
    );
    expect(issuesOf({ kind: 'CRON', cron: '0 9 * * FOO' })[0]!.message).toMatch(/^invalid cron expression "0 9 \* \* FOO": /);
    expect(issuesOf({ kind: 'CRON', cron: '* * * *' })).toEqual(
      one('trigger.cron', 'invalid cron expression "* * * *": expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got 4'),
    );
    // No year field.
    expect(issuesOf({ kind: 'CRON', cron: '0 0 0 1 1 * 2030' })[0]!.message).toMatch(/got 7$/);
    // croner's Cron would read this as a one-off date; it is not a cron.
    expect(issuesOf({ kind: 'CRON', cron: '2026-03-01T10:00:00' })[0]!.message).toMatch(/^invalid cron expression .*got 1$/);
    expect(issuesOf({ kind: 'CRON', cron: '@fortnightly' })).toEqual(
      one('trigger.cron', 'invalid cron expression "@fortnightly": unknown nickname (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)'),
    );
    expect(issuesOf({ kind: 'CRON', cron: '@reboot' })[0]!.message).toMatch(/^invalid cron expression "@reboot": @reboot is not supported/);
  });

  test('a cron that never fires', () => {
    expect(issuesOf({ kind: 'CRON', cron: '0 0 30 2 *' })).toEqual(
      one('trigger.cron', '"0 0 30 2 *" never fires (no matching date after 2026-01-01T00:00:00.000Z)'),
    );
  });

  test('cron missing on CRON, or given on another kind', () => {
    expect(issuesOf({ kind: 'CRON' })).toEqual(one('trigger.cron', 'is required for a CRON trigger'));
    expect(issuesOf({ kind: 'CRON', cron: '   ' })).toEqual(one('trigger.cron', 'is required for a CRON trigger'));
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 60, cron: '* * * * *' })).toEqual(
      one('trigger.cron', 'is only allowed for a CRON trigger, this one is INTERVAL'),
    );
    expect(issuesOf({ kind: 'ONCE', at: NOW + 60_000, cron: '* * * * *' })).toEqual(
      one('trigger.cron', 'is only allowed for a CRON trigger, this one is ONCE'),
    );
  });

  test('other kinds\' fields are rejected, not ignored', () => {
    expect(issuesOf({ kind: 'CRON', cron: '0 9 * * *', intervalSeconds: 60 })).toEqual(
      one('trigger.intervalSeconds', 'is only allowed for an INTERVAL trigger, this one is CRON'),
    );
    expect(issuesOf({ kind: 'CRON', cron: '0 9 * * *', at: NOW + 1 })).toEqual(
      one('trigger.at', 'is only allowed for a ONCE trigger, this one is CRON'),
    );
    expect(issuesOf({ kind: 'ONCE', at: NOW + 1, intervalSeconds: 60 })).toEqual(
      one('trigger.intervalSeconds', 'is only allowed for an INTERVAL trigger, this one is ONCE'),
    );
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 60, at: NOW + 1 })).toEqual(
      one('trigger.at', 'is only allowed for a ONCE trigger, this one is INTERVAL'),
    );
  });

  test('unknown time zone', () => {
    expect(issuesOf({ kind: 'CRON', cron: '0 9 * * *', timezone: 'Mars/Base' })).toEqual(
      one('trigger.timezone', 'unknown time zone "Mars/Base"'),
    );
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 60, timezone: '' })).toEqual(one('trigger.timezone', 'unknown time zone ""'));
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 60, timezone: '+05:00' })).toEqual(
      one('trigger.timezone', 'unknown time zone "+05:00"'),
    );
  });

  test('interval out of range or not whole seconds', () => {
    const range = one('trigger.intervalSeconds', 'must be from 1 to 31536000');
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 0 })).toEqual(range);
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: -5 })).toEqual(range);
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 31_536_001 })).toEqual(range);
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 1 }, NOW).intervalSeconds).toBe(1);
    expect(validateTrigger({ kind: 'INTERVAL', intervalSeconds: 31_536_000 }, NOW).intervalSeconds).toBe(31_536_000);
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: 1.5 })).toEqual(one('trigger.intervalSeconds', 'must be a whole number of seconds'));
    expect(issuesOf({ kind: 'INTERVAL', intervalSeconds: Number.NaN })).toEqual(one('trigger.intervalSeconds', 'must be a whole number of seconds'));
    expect(issuesOf({ kind: 'INTERVAL' })).toEqual(one('trigger.intervalSeconds', 'is required for an INTERVAL trigger'));
  });

  test('ONCE without `at`, or with `at` in the past', () => {
    expect(issuesOf({ kind: 'ONCE' })).toEqual(one('trigger.at', 'is required for a ONCE trigger'));
    expect(issuesOf({ kind: 'ONCE', at: NOW - 1 })).toEqual(one('trigger.at', 'is in the past'));
    expect(issuesOf({ kind: 'ONCE', at: NOW })).toEqual(one('trigger.at', 'is in the past'));
    expect(issuesOf({ kind: 'ONCE', at: Number.NaN })).toEqual(one('trigger.at', 'is not a valid instant'));
  });

  test('unknown kind', () => {
    expect(issuesOf({ kind: 'WEEKLY' as never })).toEqual(one('trigger.kind', 'must be one of CRON, INTERVAL, ONCE'));
  });

  test('every problem at once, under the caller\'s path, in the error message too', () => {
    let caught: unknown;
    try {
      validateTrigger({ kind: 'ONCE', cron: 'nope', timezone: 'Mars/Base' }, NOW, 'input.trigger');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues).toEqual([
      { path: 'input.trigger.timezone', message: 'unknown time zone "Mars/Base"' },
      { path: 'input.trigger.cron', message: 'is only allowed for a CRON trigger, this one is ONCE' },
      { path: 'input.trigger.at', message: 'is required for a ONCE trigger' },
    ]);
    expect((caught as ValidationError).message).toBe(
      'input.trigger.timezone: unknown time zone "Mars/Base"; input.trigger.cron: is only allowed for a CRON trigger, this one is ONCE; input.trigger.at: is required for a ONCE trigger',
    );
  });
});
