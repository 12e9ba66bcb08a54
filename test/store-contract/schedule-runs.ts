/**
 * The store contract for schedule runs: run keys, guarded updates, active runs, lists and filters.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { RUN_STATUSES, type RunStatus, type ScheduleRun, type ScheduleRunPatch } from '../../src/engine/domain/schedule.js';
import { awaitEvent } from '../helpers/events.js';
import { T0, ORG, OTHER, encodeKey, byId, newestBy, walkPages, type StoreHarness } from './harness.js';

const isRunEvent = (kind: 'run.created' | 'run.updated', id: string, match: (r: ScheduleRun) => boolean = () => true) =>
  (e: ChangeEvent): e is Extract<ChangeEvent, { kind: typeof kind }> => e.kind === kind && e.run.id === id && match(e.run);

export function defineScheduleRunsContract(harness: StoreHarness): void {
  const { store, recordChanges, makeRun, insertRun } = harness;

  describe('schedule runs', () => {
    const schedule = { id: 'schedule-1', orgId: ORG };
    const other = { id: 'schedule-2', orgId: ORG };

    test('insert and get return the run as given; another org or an unknown id gets undefined; announced as run.created', async () => {
      const full = makeRun(schedule, {
        trigger: 'RETRY',
        attempt: 2,
        status: 'FAILED',
        startedAt: T0 + 1,
        finishedAt: T0 + 2,
        jobId: 'job-1',
        error: 'it broke ✗',
        retryOfRunId: 'run-0',
      });
      const created = awaitEvent(store.changes, isRunEvent('run.created', full.id), { label: 'run.created' });
      expect(await store.scheduleRuns.insert(full)).toEqual({ run: full, created: true });
      expect((await created).run).toEqual(full);
      expect(await store.scheduleRuns.get(full.id, full.orgId)).toEqual(full);
      expect(await store.scheduleRuns.get(full.id, ORG)).toEqual(full);
      expect(await store.scheduleRuns.get(full.id, OTHER)).toBeUndefined();
      expect(await store.scheduleRuns.get('no-such-run', ORG)).toBeUndefined();

      const bare = await insertRun(makeRun(schedule));
      const stored = await store.scheduleRuns.get(bare.id, bare.orgId);
      expect(stored).toEqual(bare);
      for (const absent of ['startedAt', 'finishedAt', 'jobId', 'error', 'retryOfRunId'] as const) expect(stored, absent).not.toHaveProperty(absent);
    });

    test('a runKey that exists returns the existing run with created: false, and announces nothing', async () => {
      const recorder = recordChanges();
      const first = await insertRun(makeRun(schedule, { runKey: 'slot-1' }));
      const again = makeRun(schedule, { runKey: 'slot-1', trigger: 'MANUAL', status: 'RUNNING' });
      expect(await store.scheduleRuns.insert(again)).toEqual({ run: first, created: false });
      expect(await store.scheduleRuns.get(again.id, again.orgId)).toBeUndefined();
      // The key stays taken after the run finished.
      await store.scheduleRuns.update(first.id, { status: 'SUCCEEDED', finishedAt: T0 + 1 }, T0 + 1);
      const finished = await store.scheduleRuns.insert(makeRun(schedule, { runKey: 'slot-1' }));
      expect(finished.created).toBe(false);
      expect(finished.run).toMatchObject({ id: first.id, status: 'SUCCEEDED' });
      // A later run's event arrives after any event the duplicates could have caused.
      const sentinel = await insertRun(makeRun(schedule, { runKey: 'slot-2' }));
      const events = await recorder.waitForCount(3);
      expect(events.map((e) => (e.kind === 'run.created' ? e.run.id : e.kind))).toEqual([first.id, 'run.updated', sentinel.id]);
      expect(await store.scheduleRuns.count(ORG, {})).toBe(2);
    });

    test('ten concurrent inserts of one runKey store one run; all ten get it back; one run.created', async () => {
      const recorder = recordChanges();
      const attempts = Array.from({ length: 10 }, (_, i) => makeRun(schedule, { runKey: 'contested', attempt: i + 1 }));
      const results = await Promise.all(attempts.map((run) => store.scheduleRuns.insert(run)));
      const winners = results.filter((r) => r.created);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.run;
      expect(attempts.map((a) => a.id)).toContain(winner.id);
      for (const result of results) expect(result.run).toEqual(winner);
      expect(await store.scheduleRuns.count(ORG, {})).toBe(1);

      const sentinel = await insertRun(makeRun(schedule, { runKey: 'after-the-race' }));
      const events = await recorder.waitForCount(2);
      expect(events.map((e) => (e.kind === 'run.created' ? e.run.id : e.kind))).toEqual([winner.id, sentinel.id]);
    });

    test('update applies only the fields in the patch, returns the run after it, and announces it as run.updated', async () => {
      const run = await insertRun(makeRun(schedule, { scheduledFor: T0 }));
      const step = async (patch: ScheduleRunPatch, now: number): Promise<ScheduleRun> => {
        const announced = awaitEvent(store.changes, isRunEvent('run.updated', run.id, (r) => r.updatedAt === now), { label: `run.updated at ${now}` });
        const after = await store.scheduleRuns.update(run.id, patch, now);
        expect(after).toBeDefined();
        expect((await announced).run).toEqual(after);
        expect(await store.scheduleRuns.get(run.id, run.orgId)).toEqual(after);
        return after!;
      };
      const queued = await step({ jobId: 'job-7' }, T0 + 1);
      expect(queued).toEqual({ ...run, jobId: 'job-7', updatedAt: T0 + 1 });
      const running = await step({ status: 'RUNNING', startedAt: T0 + 2, error: undefined }, T0 + 2);
      expect(running).toEqual({ ...queued, status: 'RUNNING', startedAt: T0 + 2, updatedAt: T0 + 2 });
      const failed = await step({ status: 'FAILED', finishedAt: T0 + 3, error: 'boom' }, T0 + 3);
      expect(failed).toEqual({ ...running, status: 'FAILED', finishedAt: T0 + 3, error: 'boom', updatedAt: T0 + 3 });
      // An empty patch still records the time of the touch.
      expect(await step({}, T0 + 4)).toEqual({ ...failed, updatedAt: T0 + 4 });

      const recorder = recordChanges();
      expect(await store.scheduleRuns.update('no-such-run', { status: 'SUCCEEDED' }, T0 + 5)).toBeUndefined();
      await store.scheduleRuns.update(run.id, { status: 'CANCELLED' }, T0 + 6);
      const [event] = await recorder.waitForCount(1);
      expect(event).toMatchObject({ kind: 'run.updated', run: { id: run.id, status: 'CANCELLED', updatedAt: T0 + 6 } });
    });

    test('update with ifStatus writes only from those statuses: of ten concurrent moves to the end, one wins', async () => {
      const run = await insertRun(makeRun(schedule, { status: 'QUEUED' }));
      const active: RunStatus[] = ['QUEUED', 'RUNNING'];
      expect(await store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: T0 + 1 }, T0 + 1, ['QUEUED'])).toMatchObject({ status: 'RUNNING' });
      expect(await store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: T0 + 2 }, T0 + 2, ['QUEUED'])).toBeUndefined();
      const moves = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.scheduleRuns.update(run.id, { status: i % 2 ? 'FAILED' : 'SUCCEEDED', finishedAt: T0 + 10 + i, error: `move ${i}` }, T0 + 10 + i, active),
        ),
      );
      const winners = moves.filter((m) => m !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store.scheduleRuns.get(run.id, run.orgId)).toEqual(winners[0]);
      expect(winners[0]).toMatchObject({ startedAt: T0 + 1 });
      expect(await store.scheduleRuns.update('no-such-run', { status: 'FAILED' }, T0 + 30, active)).toBeUndefined();
      // Without ifStatus, an update applies whatever the status.
      expect(await store.scheduleRuns.update(run.id, { error: 'noted' }, T0 + 31)).toMatchObject({ error: 'noted', updatedAt: T0 + 31 });
    });

    test('byJob finds the run that enqueued a job', async () => {
      const run = await insertRun(makeRun(schedule));
      expect(await store.scheduleRuns.byJob(ORG, 'job-9')).toBeUndefined();
      const withJob = await store.scheduleRuns.update(run.id, { jobId: 'job-9' }, T0 + 1);
      await insertRun(makeRun(other, { jobId: 'job-10' }));
      expect(await store.scheduleRuns.byJob(ORG, 'job-9')).toEqual(withJob);
      expect(await store.scheduleRuns.byJob(OTHER, 'job-9')).toBeUndefined();
      expect((await store.scheduleRuns.byJob(ORG, 'job-10'))?.scheduleId).toBe(other.id);
    });

    test('active: the schedule’s QUEUED and RUNNING runs only', async () => {
      const runs: ScheduleRun[] = [];
      for (const status of RUN_STATUSES) runs.push(await insertRun(makeRun(schedule, { status })));
      runs.push(await insertRun(makeRun(schedule, { status: 'QUEUED' })));
      await insertRun(makeRun(other, { status: 'RUNNING' }));
      const want = runs.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING');
      expect(want).toHaveLength(3);
      expect([...(await store.scheduleRuns.active(schedule.id))].sort(byId)).toEqual([...want].sort(byId));
      expect(await store.scheduleRuns.active('schedule-none')).toEqual([]);
    });

    test('allActive: the QUEUED and RUNNING runs of every org, by id, a page at a time after an id', async () => {
      const elsewhere = { id: 'schedule-3', orgId: OTHER };
      const runs: ScheduleRun[] = [];
      for (const status of RUN_STATUSES) runs.push(await insertRun(makeRun(schedule, { status })));
      for (const status of RUN_STATUSES) runs.push(await insertRun(makeRun(elsewhere, { status })));
      runs.push(await insertRun(makeRun(other, { status: 'RUNNING', jobId: 'job-1' })));
      const want = runs.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING').sort(byId);
      expect(want).toHaveLength(5);
      expect(await store.scheduleRuns.allActive(undefined, 100)).toEqual(want);
      const first = await store.scheduleRuns.allActive(undefined, 2);
      expect(first).toEqual(want.slice(0, 2));
      expect(await store.scheduleRuns.allActive(first[1]!.id, 2)).toEqual(want.slice(2, 4));
      expect(await store.scheduleRuns.allActive(want[3]!.id, 2)).toEqual(want.slice(4));
      expect(await store.scheduleRuns.allActive(want[4]!.id, 2)).toEqual([]);
      expect(await store.scheduleRuns.allActive(undefined, 0)).toEqual([]);
      // A run that ends leaves the list.
      await store.scheduleRuns.update(want[0]!.id, { status: 'SUCCEEDED', finishedAt: T0 + 1 }, T0 + 1, ['QUEUED', 'RUNNING']);
      expect(await store.scheduleRuns.allActive(undefined, 100)).toEqual(want.slice(1));
    });

    describe('list and count', () => {
      let mine: ScheduleRun[];
      let theirs: ScheduleRun[];

      beforeEach(async () => {
        mine = [];
        for (let i = 0; i < 16; i++) {
          mine.push(
            makeRun(i % 3 === 0 ? other : schedule, {
              // Pairs share scheduledFor: ties at page edges.
              scheduledFor: T0 + Math.floor(i / 2) * 10,
              status: RUN_STATUSES[i % RUN_STATUSES.length]!,
            }),
          );
        }
        theirs = [makeRun({ id: schedule.id, orgId: OTHER }), makeRun({ id: 'schedule-3', orgId: OTHER })];
        for (const run of [...mine].reverse()) await insertRun(run);
        for (const run of theirs) await insertRun(run);
      });

      const newestFirst = newestBy<ScheduleRun>((r) => r.scheduledFor);

      test('pages walk every run once, newest first (ties by id), and agree with count', async () => {
        for (const pageSize of [1, 3, 4, 100]) {
          expect((await walkPages((page) => store.scheduleRuns.list(ORG, {}, page), pageSize)).map((r) => r.id)).toEqual(newestFirst(mine));
        }
        expect(await store.scheduleRuns.count(ORG, {})).toBe(mine.length);
        const exact = await store.scheduleRuns.list(ORG, {}, { first: mine.length });
        expect(exact.hasNextPage).toBe(false);
        expect((await store.scheduleRuns.list(ORG, {}, { first: mine.length - 1 })).hasNextPage).toBe(true);
      });

      const cases: Array<[string, { scheduleId?: string; status?: RunStatus[] }, (r: ScheduleRun) => boolean]> = [
        ['scheduleId', { scheduleId: schedule.id }, (r) => r.scheduleId === schedule.id],
        ['status', { status: ['FAILED', 'TIMED_OUT'] }, (r) => r.status === 'FAILED' || r.status === 'TIMED_OUT'],
        ['both', { scheduleId: other.id, status: ['QUEUED', 'SUCCEEDED', 'SKIPPED'] }, (r) =>
          r.scheduleId === other.id && ['QUEUED', 'SUCCEEDED', 'SKIPPED'].includes(r.status)],
        ['an empty status list is no filter', { status: [] }, () => true],
        ['a schedule nobody has', { scheduleId: 'schedule-none' }, () => false],
      ];
      for (const [label, filter, expected] of cases) {
        test(`filter: ${label}`, async () => {
          const want = mine.filter(expected);
          for (const pageSize of [2, 100]) {
            expect((await walkPages((page) => store.scheduleRuns.list(ORG, filter, page), pageSize)).map((r) => r.id)).toEqual(newestFirst(want));
          }
          expect(await store.scheduleRuns.count(ORG, filter)).toBe(want.length);
        });
      }

      test('another org’s runs never appear, even of a schedule id both use', async () => {
        expect(await store.scheduleRuns.count(ORG, { scheduleId: schedule.id })).toBe(mine.filter((r) => r.scheduleId === schedule.id).length);
        expect((await walkPages((page) => store.scheduleRuns.list(OTHER, {}, page), 1)).map((r) => r.id)).toEqual(newestFirst(theirs));
        expect(await store.scheduleRuns.count(OTHER, { scheduleId: schedule.id })).toBe(1);
      });

      test('a garbage cursor is a ValidationError', async () => {
        const garbage = ['not a cursor', encodeKey([]), encodeKey(['x', 'y']), encodeKey([T0, 5]), encodeKey([1, 2, 3])];
        for (const after of garbage) {
          await expect(store.scheduleRuns.list(ORG, {}, { first: 5, after }), after).rejects.toBeInstanceOf(ValidationError);
        }
      });
    });
  });
}
