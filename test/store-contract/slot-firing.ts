/**
 * The store contract for firing slots in batches and following runs in batches: a batch's runs,
 * their jobs and their schedules' patches are written together or not at all; a taken runKey keeps
 * its run (and stores no second job); run updates are conditional, and a run's schedule is patched
 * only when the run was written.
 */
import { describe, expect, test } from 'vitest';
import type { Schedule, ScheduleRun } from '../../src/engine/domain/schedule.js';
import type { NewJob } from '../../src/engine/domain/types.js';
import type { SlotWrite } from '../../src/engine/store/port.js';
import { T0, ORG, OTHER, byId, type StoreHarness } from './harness.js';

export function defineSlotFiringContract(harness: StoreHarness): void {
  const { store, recordChanges, makeSchedule, makeRun, makeJob, insert, insertRun } = harness;

  /** A schedule stored due at `slot`, and the writes that fire it and advance it by a minute. */
  async function dueSchedule(slot: number, overrides: Partial<Schedule> = {}): Promise<Schedule> {
    const schedule = makeSchedule({ nextRunAt: slot, ...overrides });
    await store.schedules.insert(schedule);
    return schedule;
  }
  function firing(schedule: Schedule, slot: number, withJob = true): { write: SlotWrite; run: ScheduleRun; job?: NewJob } {
    const run = makeRun(schedule, { runKey: `${schedule.id}@${slot}`, scheduledFor: slot, createdAt: slot + 5, updatedAt: slot + 5 });
    const job = withJob ? makeJob({ orgId: schedule.orgId, scheduleId: schedule.id, scheduleRunId: run.id, idempotencyKey: `schedule-run:${run.id}` }) : undefined;
    return {
      run,
      ...(job && { job }),
      write: {
        scheduleId: schedule.id,
        run,
        ...(job && { job }),
        patches: [
          { patch: { lastRunStatus: 'SKIPPED', skipped: slot }, ifRunCreated: true },
          { patch: { nextRunAt: slot + 60_000, lastRunAt: slot }, ifNextRunAt: slot },
        ],
      },
    };
  }

  describe('firing slots in batches', () => {
    const slot = T0 + 60_000;

    test('fireSlots stores each run with its job (the run holds the job id), patches the schedules, and announces them', async () => {
      const a = await dueSchedule(slot);
      const b = await dueSchedule(slot, { orgId: OTHER });
      const fa = firing(a, slot);
      const fb = firing(b, slot, false);
      const recorder = recordChanges();
      const written = await store.scheduleRuns.fireSlots([fa.write, fb.write], slot + 5);
      expect(written).toHaveLength(2);
      expect(written[0]).toMatchObject({ created: true, run: { id: fa.run.id, jobId: fa.job!.id }, job: { id: fa.job!.id, status: 'QUEUED', scheduleRunId: fa.run.id } });
      expect(written[1]).toMatchObject({ created: true, run: { id: fb.run.id } });
      expect(written[1]).not.toHaveProperty('job');
      expect(await store.scheduleRuns.get(fa.run.id, ORG)).toMatchObject({ jobId: fa.job!.id, status: 'QUEUED' });
      expect(await store.jobs.get(fa.job!.id, ORG)).toMatchObject({ scheduleRunId: fa.run.id, scheduleId: a.id });
      for (const s of [a, b]) {
        expect(await store.schedules.get(s.id, s.orgId)).toMatchObject({ nextRunAt: slot + 60_000, lastRunAt: slot, lastRunStatus: 'SKIPPED', skippedRuns: 1 });
      }
      // Two runs, one job, and each schedule at least once (once per slot, or once per patch).
      const events = await recorder.waitForCount(5);
      expect(events.filter((e) => e.kind === 'run.created').map((e) => (e as { run: ScheduleRun }).run.id).sort()).toEqual([fa.run.id, fb.run.id].sort());
      expect(events.filter((e) => e.kind === 'job.created')).toHaveLength(1);
      expect(events.filter((e) => e.kind === 'schedule.updated').length).toBeGreaterThanOrEqual(2);
    });

    test('a taken runKey returns the existing run: its job is not stored, patches for a new run are not written, the slot still advances', async () => {
      const a = await dueSchedule(slot);
      const first = firing(a, slot);
      await store.scheduleRuns.fireSlots([first.write], slot + 5);
      await store.schedules.patch(a.id, { nextRunAt: slot }, slot + 6);
      const again = firing(a, slot);
      const [written] = await store.scheduleRuns.fireSlots([again.write], slot + 7);
      expect(written).toMatchObject({ created: false, run: { id: first.run.id, jobId: first.job!.id } });
      expect(written).not.toHaveProperty('job');
      expect(await store.jobs.get(again.job!.id, ORG)).toBeUndefined();
      expect(await store.scheduleRuns.get(again.run.id, ORG)).toBeUndefined();
      // The skip patch (only with a new run) was not written twice; the advance was.
      expect(await store.schedules.get(a.id, ORG)).toMatchObject({ skippedRuns: 1, nextRunAt: slot + 60_000 });
    });

    test('all or nothing: a slot whose write fails leaves no run, job or schedule patch of its batch', async () => {
      const a = await dueSchedule(slot);
      const b = await dueSchedule(slot);
      const fa = firing(a, slot);
      const fb = firing(b, slot);
      // b's job takes the id of a job that exists: the batch cannot be written.
      const [taken] = await insert(makeJob());
      const clash: SlotWrite = { ...fb.write, job: { ...fb.job!, id: taken!.id } };
      await expect(store.scheduleRuns.fireSlots([fa.write, clash], slot + 5)).rejects.toThrow();
      for (const s of [a, b]) expect(await store.schedules.get(s.id, ORG)).toMatchObject({ nextRunAt: slot, skippedRuns: 0 });
      expect(await store.scheduleRuns.getManyInAnyOrg([fa.run.id, fb.run.id])).toEqual([]);
      expect(await store.jobs.get(fa.job!.id, ORG)).toBeUndefined();
      expect(await store.jobs.get(taken!.id, ORG)).toMatchObject({ payload: taken!.payload });
    });

    test('the runs, jobs and schedules fireSlots returns and announces are the stored ones, over more slots than one insert statement holds', async () => {
      const schedules: Schedule[] = [];
      for (let i = 0; i < 120; i++) schedules.push(await dueSchedule(slot, { orgId: i % 3 === 0 ? OTHER : ORG }));
      const firings = schedules.map((s, i) => firing(s, slot, i % 4 !== 0));
      const recorder = recordChanges();
      const written = await store.scheduleRuns.fireSlots(
        firings.map((f) => f.write),
        slot + 5,
      );
      expect(written.every((w) => w.created)).toBe(true);
      const events = await recorder.waitForCount(120 + 90 + 120);
      for (const [i, w] of written.entries()) {
        const s = schedules[i]!;
        expect(w.run).toEqual(await store.scheduleRuns.get(firings[i]!.run.id, s.orgId));
        if (firings[i]!.job) expect(w.job).toEqual(await store.jobs.get(firings[i]!.job!.id, s.orgId));
        else expect(w).not.toHaveProperty('job');
      }
      const stored = new Map((await Promise.all(schedules.map((s) => store.schedules.get(s.id, s.orgId)))).map((s) => [s!.id, s!]));
      const announced = new Map<string, Schedule>();
      for (const e of events) if (e.kind === 'schedule.updated') announced.set(e.schedule.id, e.schedule);
      expect(announced).toEqual(stored);
      const jobsAnnounced = events.flatMap((e) => (e.kind === 'job.created' ? [e.job] : []));
      expect(jobsAnnounced).toHaveLength(90);
      for (const job of jobsAnnounced) expect(job).toEqual(await store.jobs.get(job.id, job.orgId));
    });

    test('a patch whose slot moved meanwhile is not written; the run is', async () => {
      const a = await dueSchedule(slot);
      await store.schedules.patch(a.id, { nextRunAt: slot + 1000 }, slot + 1);
      const fa = firing(a, slot);
      const [written] = await store.scheduleRuns.fireSlots([fa.write], slot + 5);
      expect(written!.created).toBe(true);
      expect(await store.schedules.get(a.id, ORG)).toMatchObject({ nextRunAt: slot + 1000 });
    });

    test('getMany returns the runs that exist, in every org; activeOf the QUEUED and RUNNING runs of the schedules named, by schedule then slot', async () => {
      const s1 = { id: 'schedule-1', orgId: ORG };
      const s2 = { id: 'schedule-2', orgId: OTHER };
      const s3 = { id: 'schedule-3', orgId: ORG };
      const late = await insertRun(makeRun(s1, { scheduledFor: T0 + 9000 }));
      const early = await insertRun(makeRun(s1, { scheduledFor: T0 + 1000, status: 'RUNNING' }));
      await insertRun(makeRun(s1, { status: 'SUCCEEDED' }));
      const theirs = await insertRun(makeRun(s2));
      await insertRun(makeRun(s3));
      expect((await store.scheduleRuns.getManyInAnyOrg([late.id, theirs.id, 'no-such-run'])).sort(byId)).toEqual([late, theirs].sort(byId));
      expect(await store.scheduleRuns.getManyInAnyOrg([])).toEqual([]);
      const active = await store.scheduleRuns.activeOf([s2.id, s1.id]);
      expect(active.map((r) => r.id)).toEqual([early.id, late.id, theirs.id]);
      expect(await store.scheduleRuns.activeOf([])).toEqual([]);
    });

    test('updateMany: each update as update does (conditional on status); a run written patches its schedule, one not written does not', async () => {
      const a = await dueSchedule(slot, { consecutiveFailures: 2 });
      const queued = await insertRun(makeRun(a));
      const done = await insertRun(makeRun(a, { status: 'SUCCEEDED' }));
      const running = await insertRun(makeRun(a, { status: 'QUEUED' }));
      const recorder = recordChanges();
      const results = await store.scheduleRuns.updateMany(
        [
          { id: queued.id, patch: { status: 'FAILED', finishedAt: slot, error: 'boom' }, ifStatus: ['QUEUED', 'RUNNING'], schedulePatch: { lastRunStatus: 'FAILED', failures: 'increment' } },
          { id: done.id, patch: { status: 'FAILED' }, ifStatus: ['QUEUED', 'RUNNING'], schedulePatch: { lastRunStatus: 'FAILED', failures: 'increment' } },
          { id: running.id, patch: { status: 'RUNNING', startedAt: slot }, ifStatus: ['QUEUED'] },
        ],
        slot + 1,
      );
      expect(results[0]).toMatchObject({ run: { id: queued.id, status: 'FAILED', error: 'boom' }, schedule: { id: a.id, consecutiveFailures: 3, lastRunStatus: 'FAILED' } });
      expect(results[1]).toEqual({});
      expect(results[2]).toMatchObject({ run: { id: running.id, status: 'RUNNING', startedAt: slot } });
      expect(results[2]).not.toHaveProperty('schedule');
      expect(await store.scheduleRuns.get(done.id, ORG)).toMatchObject({ status: 'SUCCEEDED' });
      expect(await store.schedules.get(a.id, ORG)).toMatchObject({ consecutiveFailures: 3 });
      const events = await recorder.waitForCount(3);
      expect(events.filter((e) => e.kind === 'run.updated')).toHaveLength(2);
    });

    test('updateMany: two failures of one schedule in one batch each see the streak as their own write left it', async () => {
      const a = await dueSchedule(slot, { consecutiveFailures: 1 });
      const first = await insertRun(makeRun(a));
      const second = await insertRun(makeRun(a));
      const end = { status: 'FAILED' as const, finishedAt: slot };
      const results = await store.scheduleRuns.updateMany(
        [first, second].map((r) => ({ id: r.id, patch: end, ifStatus: ['QUEUED', 'RUNNING'] as const, schedulePatch: { lastRunStatus: 'FAILED' as const, failures: 'increment' as const } })),
        slot + 1,
      );
      // Exactly one of them sees the streak reach 3 (an alert at 3 is raised once).
      expect(results.map((r) => r.schedule?.consecutiveFailures).sort()).toEqual([2, 3]);
      expect(results.map((r) => r.run?.status)).toEqual(['FAILED', 'FAILED']);
    });

    test('updateMany: a run\'s end that changes nothing on its schedule (a success after a success) does not write it', async () => {
      const calm = await dueSchedule(slot, { lastRunStatus: 'SUCCEEDED', consecutiveFailures: 0, updatedAt: T0 });
      const streak = await dueSchedule(slot, { lastRunStatus: 'FAILED', consecutiveFailures: 2, updatedAt: T0 });
      const a = await insertRun(makeRun(calm));
      const b = await insertRun(makeRun(streak));
      const note = { lastRunStatus: 'SUCCEEDED' as const, failures: 'reset' as const };
      const results = await store.scheduleRuns.updateMany(
        [a, b].map((r) => ({ id: r.id, patch: { status: 'SUCCEEDED' as const, finishedAt: slot }, ifStatus: ['QUEUED', 'RUNNING'] as const, schedulePatch: note })),
        slot + 1,
      );
      expect(results[0]).toMatchObject({ run: { id: a.id, status: 'SUCCEEDED' } });
      expect(results[0]).not.toHaveProperty('schedule');
      expect(results[1]).toMatchObject({ run: { id: b.id, status: 'SUCCEEDED' }, schedule: { id: streak.id, consecutiveFailures: 0, lastRunStatus: 'SUCCEEDED' } });
      expect(await store.schedules.get(calm.id, ORG)).toMatchObject({ updatedAt: T0, lastRunStatus: 'SUCCEEDED' });
      expect(await store.schedules.get(streak.id, ORG)).toMatchObject({ updatedAt: slot + 1, consecutiveFailures: 0 });
    });
  });
}
