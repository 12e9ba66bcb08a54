/**
 * Trigger arithmetic (src/engine/services/triggers.ts): the slots missed between two instants, the
 * latest of them (the one RUN_ONCE catches up), and slot keys. Expected instants are literals worked
 * out by hand from the zone's offsets, as in triggers.test.ts: America/New_York EST = UTC-5,
 * EDT = UTC-4 (2026: EDT from Sun 8 Mar 02:00 EST, EST again from Sun 1 Nov 02:00 EDT).
 */
import { describe, expect, test } from 'vitest';
import { latestFireTime, missedFireTimes, slotKey, validateTrigger } from '../../src/engine/services/triggers.js';
import type { Trigger } from '../../src/engine/domain/schedule.js';
import { NOW, cron, isos, ms } from './triggers-fixtures.js';

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
