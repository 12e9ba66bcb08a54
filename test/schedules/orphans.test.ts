/**
 * Runs left active by a stop, over the real embedded store and executor. A process can stop between
 * a job finishing and its scheduler recording the run's end, or between storing a run and enqueueing
 * its job; a run left QUEUED or RUNNING that way would count as active for ever, and with the overlap
 * policy SKIP every later slot would be SKIPPED. The next scheduler checks active runs against their
 * jobs at start (and whenever active runs would block a slot): an ended job's outcome is taken through
 * the normal path (streak, retry, alert; counted once however many schedulers do it), and a run
 * without a job gets it once it is older than the grace another process may still need to enqueue it.
 *
 * "The process that stopped" is a scheduler that fires but is never started, so it follows no job.
 */
import { expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { newId } from '../../src/engine/domain/ids.js';
import type { ScheduleInput } from '../../src/engine/services/schedule-service.js';
import type { SchedulerOptions } from '../../src/engine/runtime/scheduler/scheduler.js';
import { slotKey } from '../../src/engine/services/triggers.js';
import type { Schedule, ScheduleRun } from '../../src/engine/domain/schedule.js';
import type { Store } from '../../src/engine/store/port.js';
import { awaitEvent, awaitJob, until } from '../helpers/events.js';
import { useScheduleWorlds } from './world.js';

const { world } = useScheduleWorlds('jobcenter-orphans-');
const actor: Actor = { orgId: 'acme', userId: 'alice' };
const TEN_MINUTES = 600_000;

function setup() {
  const made = world();
  const executor = made.executor();
  const scheduler = (options: Partial<SchedulerOptions> = {}) => made.scheduler(options);
  // The process that stops: it fires and enqueues, but never follows a job.
  const stopped = scheduler();
  return { store: made.store, jobs: made.jobs, executor, scheduler, stopped, schedules: made.schedules };
}

const input = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'nightly',
  taskType: 'sleep',
  payload: { ms: 1, steps: 1 },
  trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' },
  ...overrides,
});

const runsOf = async (store: Store, scheduleId: string): Promise<ScheduleRun[]> =>
  (await store.scheduleRuns.list('acme', { scheduleId }, { first: 100 })).items.map((i) => i.node).reverse();

/** Makes a slot of the schedule due now (within the misfire threshold); returns it. */
async function dueNow(store: Store, schedule: Schedule): Promise<number> {
  const slot = Date.now() - 1000;
  await store.schedules.patch(schedule.id, { nextRunAt: slot }, Date.now());
  return slot;
}

/** A run of the schedule as a process leaves it when it stops right after storing it: no job. */
function joblessRun(schedule: Schedule, scheduledFor: number, writtenAt: number): ScheduleRun {
  return {
    id: newId(),
    orgId: schedule.orgId,
    scheduleId: schedule.id,
    runKey: slotKey(schedule.id, scheduledFor),
    trigger: 'SCHEDULED',
    attempt: 1,
    status: 'QUEUED',
    scheduledFor,
    createdAt: writtenAt,
    updatedAt: writtenAt,
  };
}

test('a run whose job ended while no scheduler followed it takes the job’s end at start, and no longer blocks the next slot', async () => {
  const { store, executor, scheduler, stopped, schedules } = setup();
  const schedule = await schedules.create(actor, input());
  await executor.start();
  const orphan = await stopped.fire(schedule, Date.now() - 60_000);
  await awaitJob(store.changes, orphan.jobId!, (job) => job.status === 'SUCCEEDED');
  expect(await store.scheduleRuns.get(orphan.id, orphan.orgId)).toMatchObject({ status: 'QUEUED' });
  // No executor runs the next slot's job, so its run is read as the slot made it (else, on a busy
  // machine, the job could start and the run be RUNNING by the time it is read).
  await executor.stop(500);

  const slot = await dueNow(store, schedule);
  await scheduler().start();

  const [first, second] = await runsOf(store, schedule.id);
  expect(first).toMatchObject({ id: orphan.id, status: 'SUCCEEDED' });
  expect(first!.finishedAt).toBeDefined();
  // The slot that came due fires: the run that had ended no longer counts as active (overlap SKIP).
  expect(second).toMatchObject({ runKey: slotKey(schedule.id, slot), status: 'QUEUED' });
  expect(second!.jobId).toBeDefined();
  expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ lastRunAt: slot });
});

test('a failed job’s end taken by two schedulers starting at once is counted, retried and alerted once', async () => {
  const { store, executor, scheduler, stopped, schedules } = setup();
  const schedule = await schedules.create(
    actor,
    input({ payload: { ms: 1, steps: 1, fatal: true }, retryPolicy: { maxRetries: 1, backoffSeconds: [3600] }, alertAfterFailures: 1 }),
  );
  await executor.start();
  const orphan = await stopped.fire(schedule, Date.now() - 60_000);
  await awaitJob(store.changes, orphan.jobId!, (job) => job.status === 'FAILED');

  await Promise.all([scheduler().start(), scheduler().start()]);

  const runs = await runsOf(store, schedule.id);
  expect(runs).toEqual([
    expect.objectContaining({ id: orphan.id, status: 'FAILED', error: 'asked to fail (fatal)' }),
    expect.objectContaining({ trigger: 'RETRY', attempt: 2, retryOfRunId: orphan.id, status: 'QUEUED' }),
  ]);
  expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ consecutiveFailures: 1, lastRunStatus: 'FAILED' });
  expect(await store.alerts.count('acme', {})).toBe(1);
});

test('a run without a job gets it once it is older than the grace; a recent one, and one waiting behind a running run, are left alone', async () => {
  const { store, executor, scheduler, stopped, schedules } = setup();
  const lost = await schedules.create(actor, input({ name: 'lost' }));
  const recent = await schedules.create(actor, input({ name: 'recent' }));
  const buffered = await schedules.create(actor, input({ name: 'buffered', overlapPolicy: 'BUFFER_ONE', payload: { ms: 60_000, steps: 1 } }));
  const now = Date.now();
  // Stored ten minutes ago by a process that stopped before enqueueing its job.
  const { run: old } = await store.scheduleRuns.insert(joblessRun(lost, now - TEN_MINUTES, now - TEN_MINUTES));
  // Stored a moment ago (by another process, which is enqueueing its job): within the grace below.
  const grace = 5_000;
  const { run: young } = await store.scheduleRuns.insert(joblessRun(recent, now - 3000, now - 2000));
  // BUFFER_ONE: a run waits, without a job by design, for the running one to end.
  const running = await stopped.fire(buffered, now - 2 * TEN_MINUTES);
  const waiting = await stopped.fire(buffered, now - TEN_MINUTES);
  expect(waiting.jobId).toBeUndefined();
  await store.scheduleRuns.update(waiting.id, {}, now - TEN_MINUTES);
  await executor.start();

  const youngGetsJob = awaitEvent(store.changes, (e: ChangeEvent) => e.kind === 'run.updated' && e.run.id === young.id && e.run.jobId !== undefined, {
    timeoutMs: 20_000,
    label: 'the recent run to get its job after the grace',
  });
  await scheduler({ orphanGraceMs: grace }).start();

  const enqueued = (await store.scheduleRuns.get(old.id, old.orgId))!;
  expect(enqueued.jobId).toBeDefined();
  expect(await store.jobs.get(enqueued.jobId!, actor.orgId)).toMatchObject({ scheduleRunId: old.id, idempotencyKey: `schedule-run:${old.id}` });
  await until(async () => (await store.scheduleRuns.get(old.id, old.orgId))?.status === 'SUCCEEDED', { label: 'the run to follow its job' });

  expect((await store.scheduleRuns.get(young.id, young.orgId))!.jobId).toBeUndefined();
  expect(await store.scheduleRuns.get(waiting.id, waiting.orgId)).toMatchObject({ status: 'QUEUED' });
  expect((await store.scheduleRuns.get(waiting.id, waiting.orgId))!.jobId).toBeUndefined();
  expect((await store.scheduleRuns.get(running.id, running.orgId))!.jobId).toBeDefined();

  // Once past the grace, the recent one is looked at again and gets its job.
  await youngGetsJob;
  expect(await store.jobs.count('acme', { scheduleId: recent.id })).toBe(1);
});

test('while running: active runs that would block a slot are checked first, so a run whose job’s end was missed does not skip it', async () => {
  const { store, jobs, executor, scheduler, schedules } = setup();
  const schedule = await schedules.create(actor, input());
  const live = scheduler();
  await live.start();
  await executor.start();
  // A run whose job ended without the run following it: the job's events came before the run was
  // readable (as a lost change event, or a failed read while following, leaves it).
  const runId = newId();
  const job = await jobs.enqueue(actor, { type: 'sleep', payload: { ms: 1, steps: 1 }, scheduleId: schedule.id, scheduleRunId: runId });
  await awaitJob(store.changes, job.id, (j) => j.status === 'SUCCEEDED');
  const slot = Date.now() - 60_000;
  await store.scheduleRuns.insert({ ...joblessRun(schedule, slot, Date.now()), id: runId, status: 'RUNNING', jobId: job.id });

  const next = await live.fire(schedule, slot + 30_000);

  expect(next).toMatchObject({ status: 'QUEUED' });
  expect(next.jobId).toBeDefined();
  expect(await store.scheduleRuns.get(runId, actor.orgId)).toMatchObject({ status: 'SUCCEEDED' });
  expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ lastRunStatus: 'SUCCEEDED' });
});
