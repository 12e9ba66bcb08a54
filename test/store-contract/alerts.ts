/**
 * The store contract for alerts: lists, acknowledgement, dedupe keys and resolving.
 */
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { newId } from '../../src/engine/domain/ids.js';
import type { Alert } from '../../src/engine/domain/schedule.js';
import { T0, ORG, OTHER, omit, encodeKey, newestBy, walkPages, type StoreHarness } from './harness.js';

export function defineAlertsContract(harness: StoreHarness): void {
  const { store, next } = harness;

  describe('alerts', () => {
    function makeAlert(overrides: Partial<Alert> = {}): Alert {
      const n = next();
      return {
        id: newId(),
        orgId: ORG,
        kind: 'CONSECUTIVE_FAILURES',
        scheduleId: 'schedule-1',
        message: `3 runs in a row failed (${n})`,
        raisedAt: T0 + n,
        ...overrides,
      };
    }

    test('insert and get return the alert as given; another org or an unknown id gets undefined', async () => {
      const full = makeAlert({ acknowledgedAt: T0 + 100, acknowledgedBy: 'user-1' });
      const bare = makeAlert({ kind: 'SCHEDULER_STALLED' });
      delete bare.scheduleId;
      await store.alerts.insert(full);
      await store.alerts.insert(bare);
      expect(await store.alerts.get(full.id, full.orgId)).toEqual(full);
      expect(await store.alerts.get(full.id, ORG)).toEqual(full);
      expect(await store.alerts.get(full.id, OTHER)).toBeUndefined();
      expect(await store.alerts.get('no-such-alert', ORG)).toBeUndefined();
      const stored = await store.alerts.get(bare.id, bare.orgId);
      expect(stored).toEqual(bare);
      for (const absent of ['scheduleId', 'acknowledgedAt', 'acknowledgedBy'] as const) expect(stored, absent).not.toHaveProperty(absent);
    });

    test('lists are newest first (ties by id), filtered by open and schedule, paged, and agree with count', async () => {
      const mine: Alert[] = [];
      for (let i = 0; i < 12; i++) {
        mine.push(
          makeAlert({
            raisedAt: T0 + Math.floor(i / 2) * 10,
            scheduleId: i % 3 === 0 ? 'schedule-2' : 'schedule-1',
            ...(i % 4 === 1 && { acknowledgedAt: T0 + 500, acknowledgedBy: 'ann' }),
          }),
        );
      }
      const theirs = makeAlert({ orgId: OTHER });
      for (const alert of [...mine].reverse()) await store.alerts.insert(alert);
      await store.alerts.insert(theirs);
      const newestFirst = newestBy<Alert>((a) => a.raisedAt);
      const cases: Array<[{ open?: boolean; scheduleId?: string }, (a: Alert) => boolean]> = [
        [{}, () => true],
        [{ open: true }, (a) => a.acknowledgedAt === undefined],
        [{ open: false }, (a) => a.acknowledgedAt !== undefined],
        [{ scheduleId: 'schedule-2' }, (a) => a.scheduleId === 'schedule-2'],
        [{ open: true, scheduleId: 'schedule-1' }, (a) => a.acknowledgedAt === undefined && a.scheduleId === 'schedule-1'],
      ];
      for (const [filter, expected] of cases) {
        const want = mine.filter(expected);
        expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
        for (const pageSize of [1, 5, 100]) {
          const walked = await walkPages((page) => store.alerts.list(ORG, filter, page), pageSize);
          expect(walked.map((a) => a.id), JSON.stringify(filter)).toEqual(newestFirst(want));
        }
        expect(await store.alerts.count(ORG, filter), JSON.stringify(filter)).toBe(want.length);
      }
      expect((await store.alerts.list(OTHER, {}, { first: 10 })).items.map((i) => i.node)).toEqual([theirs]);
      expect(await store.alerts.count('org-nobody', {})).toBe(0);
      for (const after of ['not a cursor', encodeKey(['x', 'y']), encodeKey([T0, 5])]) {
        await expect(store.alerts.list(ORG, {}, { first: 5, after }), after).rejects.toBeInstanceOf(ValidationError);
      }
    });

    test('acknowledge: the first one stands; another org or an unknown id gets undefined', async () => {
      const alert = makeAlert();
      await store.alerts.insert(alert);
      expect(await store.alerts.acknowledge(alert.id, OTHER, 'mallory', T0 + 1)).toBeUndefined();
      expect(await store.alerts.get(alert.id, alert.orgId)).toEqual(alert);
      expect(await store.alerts.acknowledge('no-such-alert', ORG, 'ann', T0 + 1)).toBeUndefined();

      const acknowledged = { ...alert, acknowledgedAt: T0 + 2, acknowledgedBy: 'ann' };
      expect(await store.alerts.acknowledge(alert.id, ORG, 'ann', T0 + 2)).toEqual(acknowledged);
      expect(await store.alerts.acknowledge(alert.id, ORG, 'bob', T0 + 3)).toEqual(acknowledged);
      expect(await store.alerts.get(alert.id, alert.orgId)).toEqual(acknowledged);
      expect(await store.alerts.count(ORG, { open: true })).toBe(0);
      expect(await store.alerts.count(ORG, { open: false })).toBe(1);
    });

    test('a dedupeKey: one open alert per org and key, even from concurrent inserts; acknowledging releases it', async () => {
      const stalled = (overrides: Partial<Alert> = {}) => {
        const alert = makeAlert({ kind: 'SCHEDULER_STALLED', dedupeKey: 'scheduler-stalled', ...overrides });
        delete alert.scheduleId;
        return alert;
      };
      const attempts = Array.from({ length: 5 }, () => stalled());
      const created = await Promise.all(attempts.map((a) => store.alerts.insert(a)));
      expect(created.filter(Boolean)).toHaveLength(1);
      const winner = attempts[created.indexOf(true)]!;
      expect(await store.alerts.get(winner.id, winner.orgId)).toEqual(winner);
      expect(await store.alerts.count(ORG, { open: true })).toBe(1);
      // Another org, another key, no key: each its own.
      expect(await store.alerts.insert(stalled({ orgId: OTHER }))).toBe(true);
      expect(await store.alerts.insert(stalled({ dedupeKey: 'other-key' }))).toBe(true);
      expect(await store.alerts.insert(makeAlert())).toBe(true);
      expect(await store.alerts.insert(makeAlert())).toBe(true);
      expect(await store.alerts.count(ORG, {})).toBe(4);

      const acknowledged = await store.alerts.acknowledge(winner.id, ORG, 'ann', T0 + 100);
      expect(acknowledged).toEqual({ ...omit(winner, 'dedupeKey'), acknowledgedAt: T0 + 100, acknowledgedBy: 'ann' });
      const again = stalled();
      expect(await store.alerts.insert(again)).toBe(true);
      expect(await store.alerts.insert(stalled())).toBe(false);
      // An alert stored acknowledged holds no key.
      const closed = stalled({ dedupeKey: 'closed-key', acknowledgedAt: T0, acknowledgedBy: 'bob' });
      expect(await store.alerts.insert(closed)).toBe(true);
      expect(await store.alerts.get(closed.id, closed.orgId)).toEqual(omit(closed, 'dedupeKey'));
      expect(await store.alerts.insert(stalled({ dedupeKey: 'closed-key' }))).toBe(true);
    });

    test('resolve acknowledges every open alert of a kind in every org, releases their keys, and leaves the rest', async () => {
      const open = [
        makeAlert({ kind: 'SCHEDULER_STALLED', dedupeKey: 'scheduler-stalled' }),
        makeAlert({ kind: 'SCHEDULER_STALLED', orgId: OTHER }),
      ];
      const failures = makeAlert();
      const done = makeAlert({ kind: 'SCHEDULER_STALLED', acknowledgedAt: T0, acknowledgedBy: 'ann' });
      for (const alert of [...open, failures, done]) await store.alerts.insert(alert);
      expect(await store.alerts.resolve('SCHEDULER_STALLED', 'system:watchdog', T0 + 50)).toBe(2);
      for (const alert of open) {
        expect(await store.alerts.get(alert.id, alert.orgId)).toEqual({ ...omit(alert, 'dedupeKey'), acknowledgedAt: T0 + 50, acknowledgedBy: 'system:watchdog' });
      }
      expect(await store.alerts.get(failures.id, failures.orgId)).toEqual(failures);
      expect(await store.alerts.get(done.id, done.orgId)).toEqual(done);
      expect(await store.alerts.resolve('SCHEDULER_STALLED', 'system:watchdog', T0 + 60)).toBe(0);
      expect(await store.alerts.insert(makeAlert({ kind: 'SCHEDULER_STALLED', dedupeKey: 'scheduler-stalled' }))).toBe(true);
    });
  });
}
