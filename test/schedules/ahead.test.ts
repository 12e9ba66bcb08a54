/**
 * Slots written ahead (the scheduler's aheadMs), over the real embedded store with a clock the test
 * sets: a slot within the window gets its run and job before it comes, the job due at the slot and
 * not claimable before it; a slot the overlap policy holds back is not written ahead and fires when
 * it comes; after a restart a slot written ahead fires once; disabling or deleting the schedule
 * before the slot cancels what was written. No test here depends on timing: the due checks are
 * started by hand (start, wake) at instants the test's clock gives.
 */
import { expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import type { Schedule } from '../../src/engine/domain/schedule.js';
import type { ScheduleInput } from '../../src/engine/services/schedule-service.js';
import type { Store } from '../../src/engine/store/port.js';
import { until } from '../helpers/events.js';
import { runsOf, useScheduleWorlds } from './world.js';

const { world, tempFile } = useScheduleWorlds('jobcenter-ahead-');
const acme: Actor = { orgId: 'acme', userId: 'alice' };
const AHEAD_MS = 5_000;

/** One process on the store file: services and a scheduler writing ahead, on the test's clock (no executor). */
function processOn(file: string, clock: { now: number }, aheadMs = AHEAD_MS) {
  const process = world({ file, clock: () => clock.now });
  return { ...process, scheduler: process.scheduler({ aheadMs }) };
}

const input = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'ticker',
  taskType: 'sleep',
  payload: { ms: 1, steps: 1 },
  trigger: { kind: 'INTERVAL', intervalSeconds: 60 },
  retryPolicy: { maxRetries: 0, backoffSeconds: [] },
  ...overrides,
});

/** Moves an INTERVAL schedule's grid so that its next slot is `slot`. */
async function dueAt(store: Store, schedule: Schedule, slot: number): Promise<Schedule> {
  const moved = { ...(await store.schedules.get(schedule.id, schedule.orgId))!, anchorAt: slot, nextRunAt: slot };
  await store.schedules.save(moved);
  return moved;
}


const claimAt = (store: Store, now: number) =>
  store.jobs.claim({ workerId: 'w1', limit: 10, now, leaseMs: 30_000, types: ['sleep'], typeLimits: {} });

test('a slot within the window is written before it comes: its run QUEUED, its job due at the slot and not claimable before it', async () => {
  const slot = Date.now() + 600_000;
  const clock = { now: slot - 3_000 };
  const { store, scheduler, schedules } = processOn(tempFile(), clock);
  const made = await dueAt(store, await schedules.create(acme, input()), slot);
  // Another schedule's slot is past the window: nothing is written for it yet.
  const later = await dueAt(store, await schedules.create(acme, input({ name: 'later' })), slot + AHEAD_MS);

  await scheduler.start();

  const [run, ...more] = await runsOf(store, made.id);
  expect(more).toEqual([]);
  expect(run).toMatchObject({ scheduledFor: slot, status: 'QUEUED', trigger: 'SCHEDULED', createdAt: slot - 3_000 });
  const job = (await store.jobs.get(run!.jobId!, 'acme'))!;
  expect(job).toMatchObject({ status: 'QUEUED', runAt: slot, scheduleRunId: run!.id });
  expect(await store.schedules.get(made.id, 'acme')).toMatchObject({ nextRunAt: slot + 60_000, lastRunAt: slot });
  expect(await runsOf(store, later.id)).toEqual([]);
  expect((await store.schedules.get(later.id, 'acme'))!.nextRunAt).toBe(slot + AHEAD_MS);

  // The job is not claimed a millisecond before its slot; at the slot it is.
  await scheduler.stop();
  expect(await claimAt(store, slot - 1)).toEqual([]);
  expect((await claimAt(store, slot)).map((j) => j.id)).toEqual([job.id]);
});

test('a timer that fires before the instant it was armed for still writes the slot aheadMs after that instant', async () => {
  const slot = Date.now() + 600_000;
  // The pass at start finds the slot 40 ms past the window and arms its timer for slot - AHEAD_MS,
  // 40 ms away. The clock is left where it is, so when the timer fires it reads 40 ms before the
  // instant it was armed for: as a timer firing early (timers count whole milliseconds) does.
  const clock = { now: slot - AHEAD_MS - 40 };
  const { store, scheduler, schedules } = processOn(tempFile(), clock);
  const made = await dueAt(store, await schedules.create(acme, input()), slot);

  await scheduler.start();
  expect(await runsOf(store, made.id)).toEqual([]);

  await until(async () => (await runsOf(store, made.id)).length === 1, { label: 'the slot to be written ahead' });
  const [run] = await runsOf(store, made.id);
  expect(run).toMatchObject({ scheduledFor: slot, status: 'QUEUED', createdAt: slot - AHEAD_MS - 40 });
  expect((await store.jobs.get(run!.jobId!, 'acme'))!.runAt).toBe(slot);
});

test('when more slots share an instant than aheadMs can write, the timer is armed earlier for them, and that pass writes them all ahead', async () => {
  const aheadMs = 100;
  const slot = Date.now() + 600_000;
  const clock = { now: slot - 60_000 };
  const { store, scheduler, schedules } = processOn(tempFile(), clock, aheadMs);
  const one = await dueAt(store, await schedules.create(acme, input()), slot);
  for (let i = 0; i < 999; i++) await store.schedules.insert({ ...one, id: `crowd-${i}`, name: `crowd ${i}` });

  await scheduler.start();
  const checkAt = scheduler.nextCheckAt!;
  expect(checkAt).toBeLessThan(slot - aheadMs);

  clock.now = checkAt;
  scheduler.wake();
  await until(async () => (await store.schedules.nextDueAt())! > slot, { label: 'the slots to be written' });
  const runs = (await store.scheduleRuns.list('acme', {}, { first: 1000 })).items.map((i) => i.node);
  expect(runs).toHaveLength(1000);
  expect(runs.every((run) => run.scheduledFor === slot && run.createdAt === checkAt && run.status === 'QUEUED')).toBe(true);
});

test('a few slots on an instant are written aheadMs before it, no earlier', async () => {
  const aheadMs = 100;
  const slot = Date.now() + 600_000;
  const clock = { now: slot - 60_000 };
  const { store, scheduler, schedules } = processOn(tempFile(), clock, aheadMs);
  await dueAt(store, await schedules.create(acme, input()), slot);
  await scheduler.start();
  expect(scheduler.nextCheckAt).toBe(slot - aheadMs);
});

test('a slot whose previous run is still active is not written ahead; it fires when it comes, decided then', async () => {
  const file = tempFile();
  const slot = Date.now() + 600_000;
  // The previous slot fires and its run stays QUEUED (no executor here).
  const clock = { now: slot - 60_000 + 5 };
  const first = processOn(file, clock);
  const made = await dueAt(first.store, await first.schedules.create(acme, input({ overlapPolicy: 'SKIP' })), slot - 60_000);
  await first.scheduler.start();
  await first.close();

  // Within the window of the next slot, the previous run is still active: nothing is written ahead.
  clock.now = slot - 3_000;
  const { store, scheduler } = processOn(file, clock);
  const [previous] = await runsOf(store, made.id);
  expect(previous).toMatchObject({ scheduledFor: slot - 60_000, status: 'QUEUED' });
  await scheduler.start();
  expect((await runsOf(store, made.id)).map((r) => r.id)).toEqual([previous!.id]);
  expect((await store.schedules.get(made.id, 'acme'))!.nextRunAt).toBe(slot);

  // It ends before the slot: the slot starts when it comes, not SKIPPED.
  await store.scheduleRuns.update(previous!.id, { status: 'SUCCEEDED', finishedAt: slot - 1_000 }, slot - 1_000);
  clock.now = slot + 5;
  scheduler.wake();
  await until(async () => (await runsOf(store, made.id)).length === 2, { label: 'the slot to fire' });
  const fired = (await runsOf(store, made.id)).find((r) => r.scheduledFor === slot)!;
  expect(fired).toMatchObject({ status: 'QUEUED', createdAt: slot + 5 });
  expect((await store.jobs.get(fired.jobId!, 'acme'))!.runAt).toBe(slot + 5);
});

test('after a restart, a slot written ahead fires once: one run and one job, however often it is read as due', async () => {
  const file = tempFile();
  const slot = Date.now() + 600_000;
  const clock = { now: slot - 3_000 };
  const first = processOn(file, clock);
  const made = await dueAt(first.store, await first.schedules.create(acme, input()), slot);
  await first.scheduler.start();
  await first.close();

  // The restart comes at the slot; the schedule is set back to it, as a store restored from before
  // the advance would hold it.
  clock.now = slot + 10;
  const second = processOn(file, clock);
  await second.store.schedules.patch(made.id, { nextRunAt: slot }, clock.now);
  await second.scheduler.start();
  const runs = await runsOf(second.store, made.id);
  expect(runs.map((r) => r.scheduledFor)).toEqual([slot]);
  const page = await second.store.jobs.list({ orgId: 'acme', filter: { scheduleId: made.id }, orderBy: 'CREATED_ASC', page: { first: 10 } });
  expect(page.items.map((i) => i.node.scheduleRunId)).toEqual([runs[0]!.id]);
  expect((await second.store.schedules.get(made.id, 'acme'))!.nextRunAt).toBe(slot + 60_000);
});

test('disabling or deleting a schedule before its slot cancels the run written ahead: its job never becomes claimable', async () => {
  const slot = Date.now() + 600_000;
  const clock = { now: slot - 3_000 };
  const { store, scheduler, schedules } = processOn(tempFile(), clock);
  const disabled = await dueAt(store, await schedules.create(acme, input({ name: 'disabled' })), slot);
  const deleted = await dueAt(store, await schedules.create(acme, input({ name: 'deleted' })), slot);
  const kept = await dueAt(store, await schedules.create(acme, input({ name: 'kept' })), slot);
  await scheduler.start();
  const [disabledRun] = await runsOf(store, disabled.id);
  const [deletedRun] = await runsOf(store, deleted.id);
  const [keptRun] = await runsOf(store, kept.id);

  await schedules.setEnabled(acme, disabled.id, false);
  await schedules.delete(acme, deleted.id);

  expect(await store.jobs.get(disabledRun!.jobId!, 'acme')).toMatchObject({ status: 'CANCELLED' });
  expect(await store.jobs.get(deletedRun!.jobId!, 'acme')).toMatchObject({ status: 'CANCELLED' });
  // The run follows its job (the scheduler of this process follows runs).
  await until(async () => (await store.scheduleRuns.get(disabledRun!.id, 'acme'))?.status === 'CANCELLED', { label: 'the run to follow its job' });
  expect(await store.scheduleRuns.get(deletedRun!.id, 'acme')).toBeUndefined();
  // Only the kept schedule's job is claimed at the slot.
  await scheduler.stop();
  expect((await claimAt(store, slot)).map((j) => j.id)).toEqual([keptRun!.jobId]);
});
