/**
 * The store contract for schedules: the stored shape, saves and the scheduler's patches, lists and
 * search, due slots and deletion.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { ValidationError } from '../../src/engine/domain/errors.js';
import type { Schedule, ScheduleFilter } from '../../src/engine/domain/schedule.js';
import { awaitEvent } from '../helpers/events.js';
import { T0, ORG, OTHER, omit, ids, encodeKey, byId, walkPages, type StoreHarness } from './harness.js';

const isScheduleEvent = (kind: 'schedule.created' | 'schedule.updated', id: string, match: (s: Schedule) => boolean = () => true) =>
  (e: ChangeEvent): e is Extract<ChangeEvent, { kind: typeof kind }> => e.kind === kind && e.schedule.id === id && match(e.schedule);

export function defineSchedulesContract(harness: StoreHarness): void {
  const { store, recordChanges, makeSchedule, makeRun, insertRun } = harness;

  describe('schedules', () => {
    test('insert and get return the schedule as given; another org or an unknown id gets undefined; announced as schedule.created', async () => {
      const full = makeSchedule({
        name: 'Nightly résumé ✓',
        description: 'Summarises the day',
        taskType: 'summarize',
        payload: { text: 'héllo', nested: { list: [1, null, { deep: true }] } },
        trigger: { kind: 'CRON', cron: '30 2 * * *', timezone: 'America/New_York' },
        enabled: false,
        nextRunAt: T0 + 5,
        lastRunAt: T0 - 5,
        lastRunStatus: 'FAILED',
        consecutiveFailures: 2,
        overlapPolicy: 'BUFFER_ONE',
        maxConcurrentRuns: 3,
        misfirePolicy: 'SKIP',
        catchUpWindowSeconds: 0,
        retryPolicy: { maxRetries: 0, backoffSeconds: [] },
        alertAfterFailures: 3,
        pauseOnAlert: true,
        createdBy: 'user-1',
        createdAt: T0 - 100,
        updatedAt: T0 - 50,
        anchorAt: T0 - 100,
      });
      const created = awaitEvent(store.changes, isScheduleEvent('schedule.created', full.id), { label: 'schedule.created' });
      await store.schedules.insert(full);
      expect((await created).schedule).toEqual(full);
      expect(await store.schedules.get(full.id, full.orgId)).toEqual(full);
      expect(await store.schedules.get(full.id, ORG)).toEqual(full);
      expect(await store.schedules.get(full.id, OTHER)).toBeUndefined();
      expect(await store.schedules.get('no-such-schedule', ORG)).toBeUndefined();

      const bare = makeSchedule({ payload: null, trigger: { kind: 'ONCE', at: T0 + 1, timezone: 'UTC' } });
      delete bare.nextRunAt;
      await store.schedules.insert(bare);
      const stored = await store.schedules.get(bare.id, bare.orgId);
      expect(stored).toEqual(bare);
      expect(stored!.payload).toBeNull(); // a null payload is a value, not an absence
      for (const absent of ['description', 'nextRunAt', 'lastRunAt', 'lastRunStatus', 'alertAfterFailures', 'createdBy'] as const) {
        expect(stored, absent).not.toHaveProperty(absent);
      }
    });

    test('save replaces the stored schedule (fields can go away) and announces it; never another org’s or a deleted one', async () => {
      const schedule = makeSchedule({ description: 'old', lastRunStatus: 'SUCCEEDED', lastRunAt: T0 - 1 });
      await store.schedules.insert(schedule);
      const changed: Schedule = {
        ...schedule,
        name: 'renamed',
        payload: { v: 2 },
        trigger: { kind: 'CRON', cron: '*/5 * * * *', timezone: 'Europe/London' },
        enabled: false,
        consecutiveFailures: 4,
        updatedAt: T0 + 10,
      };
      delete changed.description;
      delete changed.nextRunAt;
      const updated = awaitEvent(store.changes, isScheduleEvent('schedule.updated', schedule.id, (s) => s.updatedAt === T0 + 10), {
        label: 'schedule.updated',
      });
      await store.schedules.save(changed);
      expect((await updated).schedule).toEqual(changed);
      const stored = await store.schedules.get(schedule.id, schedule.orgId);
      expect(stored).toEqual(changed);
      expect(stored).not.toHaveProperty('description');
      expect(stored).not.toHaveProperty('nextRunAt');

      const recorder = recordChanges();
      // The same id in another org, and an unknown schedule: nothing stored, nothing announced.
      await store.schedules.save({ ...changed, orgId: OTHER, name: 'hijacked', updatedAt: T0 + 20 });
      const ghost = makeSchedule();
      await store.schedules.save(ghost);
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toEqual(changed);
      expect(await store.schedules.get(ghost.id, ghost.orgId)).toBeUndefined();
      await store.schedules.save({ ...changed, name: 'again', updatedAt: T0 + 30 });
      const events = await recorder.waitForCount(1);
      expect(events.map((e) => e.kind)).toEqual(['schedule.updated']);
      expect(events[0]).toMatchObject({ schedule: { id: schedule.id, name: 'again', updatedAt: T0 + 30 } });
    });

    test('patch writes only the scheduler’s fields: a rename made after the scheduler read the schedule is kept; announced', async () => {
      const schedule = makeSchedule({ nextRunAt: T0 + 60_000 });
      await store.schedules.insert(schedule);
      // The user renames it and changes its payload while the scheduler holds its older copy.
      const renamed = { ...schedule, name: 'renamed', payload: { v: 2 }, updatedAt: T0 + 1 };
      await store.schedules.save(renamed);
      const announced = awaitEvent(store.changes, isScheduleEvent('schedule.updated', schedule.id, (s) => s.updatedAt === T0 + 2), {
        label: 'the patch announced',
      });
      const after = await store.schedules.patch(schedule.id, { nextRunAt: T0 + 120_000, lastRunAt: T0 + 60_000, lastRunStatus: 'QUEUED' }, T0 + 2);
      const want: Schedule = { ...renamed, nextRunAt: T0 + 120_000, lastRunAt: T0 + 60_000, lastRunStatus: 'QUEUED', updatedAt: T0 + 2 };
      expect(after).toEqual(want);
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toEqual(want);
      expect((await announced).schedule).toEqual(want);

      // null removes the next slot; enabled false; an empty patch still records the time.
      const paused = await store.schedules.patch(schedule.id, { nextRunAt: null, enabled: false }, T0 + 3);
      expect(paused).toEqual({ ...omit(want, 'nextRunAt'), enabled: false, updatedAt: T0 + 3 });
      expect(paused).not.toHaveProperty('nextRunAt');
      expect(await store.schedules.patch(schedule.id, {}, T0 + 4)).toEqual({ ...paused, updatedAt: T0 + 4 });
      expect(await store.schedules.patch('no-such-schedule', { lastRunStatus: 'FAILED' }, T0 + 5)).toBeUndefined();
    });

    test('patch with ifNextRunAt: of concurrent advances of one slot one writes; a disable or a new slot made meanwhile wins', async () => {
      const slot = T0 + 60_000;
      const schedule = makeSchedule({ nextRunAt: slot });
      await store.schedules.insert(schedule);
      const advances = await Promise.all(
        Array.from({ length: 5 }, (_, i) => store.schedules.patch(schedule.id, { nextRunAt: slot + 60_000, lastRunAt: slot }, T0 + 10 + i, slot)),
      );
      expect(advances.filter((a) => a !== undefined)).toHaveLength(1);
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ nextRunAt: slot + 60_000, lastRunAt: slot });

      // The user disables it (no next slot) between the scheduler's read and its write: the write misses.
      const disabled = { ...schedule, enabled: false, updatedAt: T0 + 20 };
      delete disabled.nextRunAt;
      await store.schedules.save(disabled);
      expect(await store.schedules.patch(schedule.id, { nextRunAt: slot + 120_000, lastRunAt: slot + 60_000 }, T0 + 21, slot + 60_000)).toBeUndefined();
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toEqual(disabled);

      // Re-enabled with another slot: a write expecting the old slot misses; the current slot matches.
      await store.schedules.save({ ...disabled, enabled: true, nextRunAt: slot + 999, updatedAt: T0 + 30 });
      expect(await store.schedules.patch(schedule.id, { nextRunAt: slot + 5 }, T0 + 31, slot + 60_000)).toBeUndefined();
      expect(await store.schedules.patch(schedule.id, { nextRunAt: slot + 5 }, T0 + 32, slot + 999)).toMatchObject({ nextRunAt: slot + 5, enabled: true });
    });

    test('patch counts failures atomically: ten increments at once count ten, each sees its own streak; reset sets 0', async () => {
      const schedule = makeSchedule({ consecutiveFailures: 2 });
      await store.schedules.insert(schedule);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.schedules.patch(schedule.id, { lastRunStatus: 'FAILED', failures: 'increment' }, T0 + i)),
      );
      expect(results.map((r) => r!.consecutiveFailures).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ consecutiveFailures: 12, lastRunStatus: 'FAILED' });
      expect(await store.schedules.patch(schedule.id, { lastRunStatus: 'SUCCEEDED', failures: 'reset' }, T0 + 20)).toMatchObject({
        consecutiveFailures: 0,
        lastRunStatus: 'SUCCEEDED',
      });
      // No `failures`: the streak stays.
      await store.schedules.patch(schedule.id, { failures: 'increment' }, T0 + 21);
      expect(await store.schedules.patch(schedule.id, { lastRunStatus: 'SKIPPED' }, T0 + 22)).toMatchObject({ consecutiveFailures: 1 });
    });

    test('patch counts a skipped slot once: the count grows, lastSkippedAt is the slot, an older or repeated slot writes nothing', async () => {
      const schedule = makeSchedule();
      await store.schedules.insert(schedule);
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ skippedRuns: 0 });
      expect((await store.schedules.get(schedule.id, schedule.orgId))!.lastSkippedAt).toBeUndefined();
      // The same slot skipped by two processes at once counts once.
      const twice = await Promise.all([1, 2].map(() => store.schedules.patch(schedule.id, { lastRunStatus: 'SKIPPED', skipped: T0 + 1000 }, T0 + 1)));
      expect(twice.filter(Boolean)).toHaveLength(1);
      expect(twice.find(Boolean)).toMatchObject({ skippedRuns: 1, lastSkippedAt: T0 + 1000, lastRunStatus: 'SKIPPED' });
      expect(await store.schedules.patch(schedule.id, { skipped: T0 + 500 }, T0 + 2)).toBeUndefined();
      expect(await store.schedules.patch(schedule.id, { skipped: T0 + 2000 }, T0 + 3)).toMatchObject({ skippedRuns: 2, lastSkippedAt: T0 + 2000 });
      // Other patches leave the count alone; a user's save keeps it as read.
      expect(await store.schedules.patch(schedule.id, { failures: 'increment' }, T0 + 4)).toMatchObject({ skippedRuns: 2, consecutiveFailures: 1 });
      const read = (await store.schedules.get(schedule.id, schedule.orgId))!;
      await store.schedules.save({ ...read, name: 'renamed', updatedAt: T0 + 5 });
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ name: 'renamed', skippedRuns: 2, lastSkippedAt: T0 + 2000 });
    });

    test('activeOrgs: the orgs with an enabled schedule that has a next slot, each once, in order', async () => {
      expect(await store.schedules.activeOrgs()).toEqual([]);
      const noNext = makeSchedule({ orgId: 'org-c' });
      delete noNext.nextRunAt;
      for (const schedule of [
        makeSchedule({ orgId: OTHER }),
        makeSchedule({ orgId: ORG }),
        makeSchedule({ orgId: ORG }),
        makeSchedule({ orgId: 'org-d', enabled: false }),
        noNext,
      ]) {
        await store.schedules.insert(schedule);
      }
      expect(await store.schedules.activeOrgs()).toEqual([ORG, OTHER]);
    });

    describe('list and count', () => {
      let mine: Schedule[];
      let theirs: Schedule[];

      beforeEach(async () => {
        mine = [
          makeSchedule({ name: 'Backup', description: 'Copies the DATABASE', taskType: 'backup', lastRunStatus: 'SUCCEEDED' }),
          makeSchedule({ name: 'backup', taskType: 'backup', enabled: false, lastRunStatus: 'FAILED' }),
          // Two schedules with one name: the id orders them.
          makeSchedule({ name: 'Report', description: 'weekly numbers', taskType: 'report' }),
          makeSchedule({ name: 'Report', taskType: 'report', lastRunStatus: 'TIMED_OUT' }),
          makeSchedule({ name: 'Résumé du jour', description: 'Résumé ÉCRIT', taskType: 'summarize', lastRunStatus: 'SUCCEEDED' }),
          makeSchedule({ name: 'report_v1 (50%)', taskType: 'report', enabled: false }),
          makeSchedule({ name: 'reportXv1 (50 percent)', taskType: 'report', lastRunStatus: 'SKIPPED' }),
          makeSchedule({ name: 'alpha', description: 'nothing to see', lastRunStatus: 'FAILED' }),
          makeSchedule({ name: 'zeta' }),
          makeSchedule({ name: 'Zeta', enabled: false }),
        ];
        theirs = [makeSchedule({ orgId: OTHER, name: 'Backup', taskType: 'backup' }), makeSchedule({ orgId: OTHER, name: 'other' })];
        // Inserted out of order: the list order is the store's doing.
        for (const s of [...mine].reverse()) await store.schedules.insert(s);
        for (const s of theirs) await store.schedules.insert(s);
      });

      /** By name, then id (byte order: upper case before lower case). */
      const byName = (schedules: Schedule[]) =>
        [...schedules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byId(a, b))).map((s) => s.id);

      test('pages walk every schedule once, by name then id, and agree with count', async () => {
        for (const pageSize of [1, 3, 4, 100]) {
          const walked = await walkPages((page) => store.schedules.list(ORG, {}, page), pageSize);
          expect(walked.map((s) => s.id)).toEqual(byName(mine));
        }
        // Byte order, as the databases compare without a collation: upper case first, 'X' before '_'.
        expect((await walkPages((page) => store.schedules.list(ORG, {}, page), 100)).map((s) => s.name)).toEqual([
          'Backup', 'Report', 'Report', 'Résumé du jour', 'Zeta', 'alpha', 'backup', 'reportXv1 (50 percent)', 'report_v1 (50%)', 'zeta',
        ]);
        expect((await walkPages((page) => store.schedules.list(ORG, {}, page), 100)).find((s) => s.id === mine[4]!.id)).toEqual(mine[4]);
        expect(await store.schedules.count(ORG, {})).toBe(mine.length);
        const exact = await store.schedules.list(ORG, {}, { first: mine.length });
        expect(exact.items).toHaveLength(mine.length);
        expect(exact.hasNextPage).toBe(false);
        expect((await store.schedules.list(ORG, {}, { first: mine.length - 1 })).hasNextPage).toBe(true);
      });

      const cases: Array<[string, ScheduleFilter, (s: Schedule) => boolean]> = [
        ['enabled', { enabled: true }, (s) => s.enabled],
        ['disabled', { enabled: false }, (s) => !s.enabled],
        ['taskType', { taskType: ['backup', 'summarize'] }, (s) => s.taskType === 'backup' || s.taskType === 'summarize'],
        ['lastRunStatus', { lastRunStatus: ['FAILED', 'TIMED_OUT'] }, (s) => s.lastRunStatus === 'FAILED' || s.lastRunStatus === 'TIMED_OUT'],
        ['search in the name, any case', { search: 'BACKUP' }, (s) => s.name.toLowerCase() === 'backup'],
        ['search in the description, any case', { search: 'database' }, (s) => s.description === 'Copies the DATABASE'],
        ['search beyond ASCII, any case', { search: 'rÉsumÉ' }, (s) => s.name.startsWith('Résumé')],
        ['search beyond ASCII, stored in upper case', { search: 'écrit' }, (s) => s.description === 'Résumé ÉCRIT'],
        ['search is trimmed', { search: '  weekly  ' }, (s) => s.description === 'weekly numbers'],
        // % and _ are literal (not SQL wildcards), ( and . are literal (not regex).
        ['search with wildcard characters', { search: '_v1 (50%' }, (s) => s.name === 'report_v1 (50%)'],
        ['search for a regex dot', { search: 'e.o' }, () => false],
        ['search in names and descriptions at once', { search: 'umber' }, (s) => /umber/i.test(s.name) || /umber/i.test(s.description ?? '')],
        ['several at once', { enabled: true, taskType: ['report'], search: 'report' }, (s) => s.enabled && s.taskType === 'report'],
        ['a value nobody has', { taskType: ['nope'] }, () => false],
      ];

      for (const [label, filter, expected] of cases) {
        test(`filter: ${label}`, async () => {
          const want = mine.filter(expected);
          if (!label.includes('nobody') && !label.includes('dot')) expect(want.length, 'the case selects something').toBeGreaterThan(0);
          expect(want.length, 'the case leaves something out').toBeLessThan(mine.length);
          for (const pageSize of [2, 100]) {
            expect((await walkPages((page) => store.schedules.list(ORG, filter, page), pageSize)).map((s) => s.id)).toEqual(byName(want));
          }
          expect(await store.schedules.count(ORG, filter)).toBe(want.length);
        });
      }

      test('a blank search is no filter', async () => {
        expect(await store.schedules.count(ORG, { search: '   ' })).toBe(mine.length);
      });

      test('another org’s schedules never appear, and each org counts its own', async () => {
        expect((await walkPages((page) => store.schedules.list(ORG, { taskType: ['backup'] }, page), 1)).every((s) => s.orgId === ORG)).toBe(true);
        expect((await walkPages((page) => store.schedules.list(OTHER, {}, page), 1)).map((s) => s.id)).toEqual(byName(theirs));
        expect(await store.schedules.count(OTHER, {})).toBe(2);
        expect(await store.schedules.count(OTHER, { search: 'backup' })).toBe(1);
        expect(await store.schedules.count('org-nobody', {})).toBe(0);
      });

      test('a garbage cursor is a ValidationError', async () => {
        // [T0, 'x'] and [1, 2, 3] have the shape of other lists' cursors.
        const garbage = ['not a cursor', encodeKey({ a: 1 }), encodeKey([]), encodeKey([T0, 'x']), encodeKey(['x', 5]), encodeKey([1, 2, 3])];
        for (const after of garbage) {
          await expect(store.schedules.list(ORG, {}, { first: 5, after }), after).rejects.toBeInstanceOf(ValidationError);
        }
      });
    });

    test('due: enabled schedules with nextRunAt <= now, in every org, earliest first, at most max; nextDueAt is the earliest', async () => {
      expect(await store.schedules.nextDueAt()).toBeUndefined();
      expect(await store.schedules.due(T0, 10)).toEqual([]);
      // Made latest first, so the id order is not the due order.
      const later = makeSchedule({ nextRunAt: T0 + 10 });
      const onTime = makeSchedule({ nextRunAt: T0 });
      const theirs = makeSchedule({ orgId: OTHER, nextRunAt: T0 - 5 });
      const early = makeSchedule({ nextRunAt: T0 - 10 });
      const disabled = makeSchedule({ nextRunAt: T0 - 100, enabled: false });
      const finished = makeSchedule();
      delete finished.nextRunAt; // no more slots
      for (const s of [later, disabled, onTime, finished, theirs, early]) await store.schedules.insert(s);

      expect(ids(await store.schedules.due(T0, 10))).toEqual([early.id, theirs.id, onTime.id]);
      expect(await store.schedules.due(T0, 10)).toContainEqual(theirs);
      expect(ids(await store.schedules.due(T0, 2))).toEqual([early.id, theirs.id]);
      expect(await store.schedules.due(T0, 0)).toEqual([]);
      expect(ids(await store.schedules.due(T0 - 11, 10))).toEqual([]);
      expect(ids(await store.schedules.due(T0 + 1000, 10))).toEqual([early.id, theirs.id, onTime.id, later.id]);
      expect(await store.schedules.nextDueAt()).toBe(T0 - 10);
      // With `after`: the earliest strictly later (disabled and finished schedules never count).
      expect(await store.schedules.nextDueAt(T0 - 10)).toBe(T0 - 5);
      expect(await store.schedules.nextDueAt(T0)).toBe(T0 + 10);
      expect(await store.schedules.nextDueAt(T0 + 10)).toBeUndefined();
      // countDue: the same schedules as due, counted up to max.
      expect(await store.schedules.countDue(T0, 10)).toBe(3);
      expect(await store.schedules.countDue(T0 + 1000, 10)).toBe(4);
      expect(await store.schedules.countDue(T0 + 1000, 2)).toBe(2);
      expect(await store.schedules.countDue(T0 - 11, 10)).toBe(0);
      expect(await store.schedules.countDue(T0, 0)).toBe(0);

      // Disabling the earliest (the scheduler saves it so) moves nextDueAt on.
      await store.schedules.save({ ...early, enabled: false, updatedAt: T0 + 1 });
      await store.schedules.save({ ...theirs, nextRunAt: T0 + 50, updatedAt: T0 + 1 });
      expect(ids(await store.schedules.due(T0, 10))).toEqual([onTime.id]);
      expect(await store.schedules.countDue(T0, 10)).toBe(1);
      expect(await store.schedules.nextDueAt()).toBe(T0);
    });

    test('delete removes the schedule and its runs, only in its org, and announces schedule.deleted', async () => {
      const schedule = makeSchedule();
      const keep = makeSchedule();
      await store.schedules.insert(schedule);
      await store.schedules.insert(keep);
      const runs = [await insertRun(makeRun(schedule)), await insertRun(makeRun(schedule, { status: 'SUCCEEDED' }))];
      const kept = await insertRun(makeRun(keep));

      expect(await store.schedules.delete(schedule.id, OTHER)).toBe(false);
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toBeDefined();
      expect(await store.scheduleRuns.count(ORG, { scheduleId: schedule.id })).toBe(2);

      const deleted = awaitEvent(store.changes, (e) => e.kind === 'schedule.deleted' && e.scheduleId === schedule.id, { label: 'schedule.deleted' });
      expect(await store.schedules.delete(schedule.id, ORG)).toBe(true);
      expect(await deleted).toEqual({ kind: 'schedule.deleted', scheduleId: schedule.id, orgId: ORG });
      expect(await store.schedules.get(schedule.id, schedule.orgId)).toBeUndefined();
      for (const run of runs) expect(await store.scheduleRuns.get(run.id, run.orgId)).toBeUndefined();
      expect(await store.scheduleRuns.count(ORG, { scheduleId: schedule.id })).toBe(0);
      expect(await store.scheduleRuns.get(kept.id, kept.orgId)).toEqual(kept);
      expect(await store.schedules.get(keep.id, keep.orgId)).toEqual(keep);
      expect(await store.schedules.delete(schedule.id, ORG)).toBe(false);
      expect(await store.schedules.delete('no-such-schedule', ORG)).toBe(false);
    });
  });
}
