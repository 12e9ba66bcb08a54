/**
 * The schedule policies (src/engine/domain/schedule-policy.ts): pure unit tests, table-driven. The
 * trigger's slots are given as plain grids (every `step` from an anchor, or one instant), so every
 * expected instant is worked out by hand.
 */
import { describe, expect, test } from 'vitest';
import { dueSlotOutcome, overlapDecision, type DueSlotOutcome, type OverlapDecision, type SlotTimes } from '../../src/engine/domain/schedule-policy.js';
import type { MisfirePolicy, OverlapPolicy } from '../../src/engine/domain/schedule.js';

const ms = (iso: string) => Date.parse(iso);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('overlapDecision', () => {
  /** An active run that has its job (running) or waits without one (buffered). */
  const running = { jobId: 'job' };
  const buffered = {};
  const cases: Array<[string, OverlapPolicy, number, Array<{ jobId?: string }>, OverlapDecision]> = [
    ['SKIP, nothing active', 'SKIP', 1, [], 'START'],
    ['SKIP, one running', 'SKIP', 1, [running], 'SKIP'],
    ['SKIP, one without its job yet', 'SKIP', 1, [buffered], 'SKIP'],
    ['SKIP ignores maxConcurrentRuns', 'SKIP', 5, [running], 'SKIP'],
    ['ALLOW, nothing active', 'ALLOW', 1, [], 'START'],
    ['ALLOW, under the limit', 'ALLOW', 3, [running, running], 'START'],
    ['ALLOW, at the limit', 'ALLOW', 3, [running, running, running], 'SKIP'],
    ['ALLOW, over the limit (lowered since)', 'ALLOW', 1, [running, running], 'SKIP'],
    ['BUFFER_ONE, nothing active', 'BUFFER_ONE', 1, [], 'START'],
    ['BUFFER_ONE, one running: the new run waits', 'BUFFER_ONE', 1, [running], 'BUFFER'],
    ['BUFFER_ONE, one running and one waiting: the buffer is full', 'BUFFER_ONE', 1, [running, buffered], 'SKIP'],
    ['BUFFER_ONE, one waiting and none running: nothing to wait for', 'BUFFER_ONE', 1, [buffered], 'START'],
  ];
  test.each(cases)('%s', (_name, overlapPolicy, maxConcurrentRuns, active, expected) => {
    expect(overlapDecision({ overlapPolicy, maxConcurrentRuns }, active)).toBe(expected);
  });
});

describe('dueSlotOutcome', () => {
  /** Slots every `step` from `anchor` (an INTERVAL, or an evenly spaced cron). */
  const grid = (anchor: number, step: number): SlotTimes => ({
    nextAfter: (after) => (after < anchor ? anchor : anchor + (Math.floor((after - anchor) / step) + 1) * step),
    latestIn: (after, upTo) => {
      if (upTo < anchor) return null;
      const at = anchor + Math.floor((upTo - anchor) / step) * step;
      return at > after ? at : null;
    },
  });
  /** One slot (a ONCE trigger). */
  const once = (at: number): SlotTimes => ({
    nextAfter: (after) => (at > after ? at : null),
    latestIn: (after, upTo) => (at > after && at <= upTo ? at : null),
  });

  const SLOT = ms('2026-01-01T03:00:00.000Z');
  const every10s = grid(SLOT, 10 * SECOND);
  const daily = grid(SLOT, 24 * HOUR);
  const everyQuarter = grid(SLOT, 15 * MINUTE);
  const due = (now: number, misfirePolicy: MisfirePolicy = 'SKIP', catchUpWindowMs = HOUR) => ({
    now,
    slot: SLOT,
    misfireAfterMs: MINUTE,
    misfirePolicy,
    catchUpWindowMs,
  });

  const cases: Array<[string, ReturnType<typeof due>, SlotTimes, DueSlotOutcome]> = [
    ['on time: the slot fires; the next is the one after it', due(SLOT + 250), every10s, { fire: SLOT, next: SLOT + 10 * SECOND, lateSkipped: 0 }],
    ['late, before the next slot: nothing skipped', due(SLOT + 9 * SECOND), every10s, { fire: SLOT, next: SLOT + 10 * SECOND, lateSkipped: 0 }],
    ['late exactly at the next slot: that one is skipped', due(SLOT + 10 * SECOND), every10s, { fire: SLOT, next: SLOT + 20 * SECOND, lateSkipped: 1 }],
    ['35 s late on a 10 s grid: three slots passed, skipped; the next is after now', due(SLOT + 35 * SECOND), every10s, { fire: SLOT, next: SLOT + 40 * SECOND, lateSkipped: 3 }],
    ['late by exactly the threshold is still late, not missed', due(SLOT + MINUTE), every10s, { fire: SLOT, next: SLOT + 70 * SECOND, lateSkipped: 6 }],
    ['ONCE on time: fires, no next slot', due(SLOT + 250), once(SLOT), { fire: SLOT, next: null, lateSkipped: 0 }],
    ['missed, SKIP: fires none; the next is the first after now', due(SLOT + 3 * HOUR + 7 * MINUTE), everyQuarter, {
      fire: undefined,
      next: SLOT + 3 * HOUR + 15 * MINUTE,
      latestMissed: SLOT + 3 * HOUR,
      lateSkipped: 0,
    }],
    ['missed, RUN_ONCE: fires the newest missed slot, not the first', due(SLOT + 3 * HOUR + 7 * MINUTE, 'RUN_ONCE'), everyQuarter, {
      fire: SLOT + 3 * HOUR,
      next: SLOT + 3 * HOUR + 15 * MINUTE,
      latestMissed: SLOT + 3 * HOUR,
      lateSkipped: 0,
    }],
    ['missed, RUN_ONCE, the newest missed slot older than the window: fires none', due(SLOT + 2 * HOUR, 'RUN_ONCE', HOUR), daily, {
      fire: undefined,
      next: SLOT + 24 * HOUR,
      latestMissed: SLOT,
      lateSkipped: 0,
    }],
    ['missed, RUN_ONCE, at the edge of the window: fires', due(SLOT + 2 * HOUR, 'RUN_ONCE', 2 * HOUR), daily, {
      fire: SLOT,
      next: SLOT + 24 * HOUR,
      latestMissed: SLOT,
      lateSkipped: 0,
    }],
    ['ONCE missed, RUN_ONCE: fires its one slot; no next slot', due(SLOT + 10 * MINUTE, 'RUN_ONCE'), once(SLOT), {
      fire: SLOT,
      next: null,
      latestMissed: SLOT,
      lateSkipped: 0,
    }],
    ['ONCE missed, SKIP: fires none', due(SLOT + 10 * MINUTE), once(SLOT), { fire: undefined, next: null, latestMissed: SLOT, lateSkipped: 0 }],
  ];
  test.each(cases)('%s', (_name, input, times, expected) => {
    expect(dueSlotOutcome(input, times)).toEqual(expected);
  });

  test('a long outage asks for the newest missed slot and the next one, never a list', () => {
    const asked: string[] = [];
    const times: SlotTimes = {
      nextAfter: (after) => (asked.push(`next after ${after - SLOT}`), every10s.nextAfter(after)),
      latestIn: (after, upTo) => (asked.push(`latest in (${after - SLOT}, ${upTo - SLOT}]`), every10s.latestIn(after, upTo)),
    };
    const now = SLOT + 30 * 24 * HOUR + 5 * SECOND;
    expect(dueSlotOutcome(due(now, 'RUN_ONCE'), times)).toEqual({ fire: now - 5 * SECOND, next: now + 5 * SECOND, latestMissed: now - 5 * SECOND, lateSkipped: 0 });
    expect(asked).toEqual([`latest in (-1, ${now - SLOT}]`, `next after ${now - SLOT}`]);
  });
});
