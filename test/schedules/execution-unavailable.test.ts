/**
 * Execution unavailable at fire time: the schedule's task type is not registered in the process
 * that fires it (restarted without the plugin), or enqueueing the job throws. The run fails with a
 * readable error and counts as a failure (retry ladder, alert); once the cause is gone the next slot
 * runs normally.
 */
import { afterEach, expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import { Executor } from '../../src/engine/runtime/executor/executor.js';
import { JobService } from '../../src/engine/services/job-service.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import { ScheduleRuns } from '../../src/engine/services/schedule-runs.js';
import { ScheduleService, type ScheduleInput } from '../../src/engine/services/schedule-service.js';
import { Scheduler } from '../../src/engine/runtime/scheduler/scheduler.js';
import type { ScheduleRun } from '../../src/engine/domain/schedule.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { TaskRegistry } from '../../src/tasks/registry.js';
import sleepPlugin from '../../plugins/sleep/index.js';
import { until } from '../helpers/events.js';
import { useTempDirs } from '../helpers/tmp.js';

const tmp = useTempDirs('jobcenter-unavailable-');
const actor: Actor = { orgId: 'acme', userId: 'alice' };
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

const input = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'digest',
  taskType: 'sleep',
  payload: { ms: 1, steps: 1 },
  trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' },
  ...overrides,
});

/** One "process" on the store: its own registry (with or without the plugin), services and scheduler. */
function processOn(store: Store, withPlugin: boolean) {
  const registry = new TaskRegistry();
  if (withPlugin) registry.add(sleepPlugin);
  const jobs = new JobService({ store, catalog: registry });
  const runs = new ScheduleRuns({ store, jobs, logger: silentLogger });
  const scheduler = new Scheduler({ store, runs, logger: silentLogger, heartbeatMs: 3_600_000 });
  const schedules = new ScheduleService(store, registry, jobs, runs);
  const executor = new Executor({ store, catalog: registry, jobs, logger: silentLogger, concurrency: 2, leaseMs: 30_000, cancelGraceMs: 500, shutdownGraceMs: 500, progressWriteMs: 50 });
  open.push(async () => {
    await scheduler.stop();
    await executor.stop(500);
  });
  return { scheduler, schedules, executor };
}

function openStore(): Store {
  const store = openSqliteStore({ file: tmp.file() });
  open.push(() => store.close());
  return store;
}

const runsOf = async (store: Store, scheduleId: string): Promise<ScheduleRun[]> =>
  (await store.scheduleRuns.list('acme', { scheduleId }, { first: 100 })).items.map((i) => i.node).reverse();

test('a task type missing at fire time fails the run readably, retries and alerts; the next slot runs once the plugin is back', async () => {
  const store = openStore();
  const schedule = await processOn(store, true).schedules.create(
    actor,
    input({ retryPolicy: { maxRetries: 1, backoffSeconds: [0] }, alertAfterFailures: 2 }),
  );

  // The process restarts without the plugin; the slot comes due (within the misfire window).
  const without = processOn(store, false);
  const slot = Date.now() - 10_000;
  await store.schedules.patch(schedule.id, { nextRunAt: slot }, Date.now());
  await without.scheduler.start(); // fires what is due before it returns

  const error = "task type 'sleep' is not registered in this process";
  const failed = await runsOf(store, schedule.id);
  expect(failed).toEqual([
    expect.objectContaining({ trigger: 'SCHEDULED', attempt: 1, status: 'FAILED', scheduledFor: slot, error }),
    expect.objectContaining({ trigger: 'RETRY', attempt: 2, status: 'FAILED', retryOfRunId: failed[0]!.id, error }),
  ]);
  expect(failed.every((r) => r.jobId === undefined && r.finishedAt !== undefined)).toBe(true);
  expect(await store.jobs.count('acme', {})).toBe(0);
  const after = (await store.schedules.get(schedule.id, schedule.orgId))!;
  expect(after).toMatchObject({ enabled: true, consecutiveFailures: 2, lastRunStatus: 'FAILED', lastRunAt: slot });
  expect(after.nextRunAt).toBeGreaterThan(Date.now()); // advanced: the schedule goes on
  const alerts = (await store.alerts.list('acme', { open: true }, { first: 10 })).items.map((i) => i.node);
  expect(alerts).toEqual([expect.objectContaining({ kind: 'CONSECUTIVE_FAILURES', scheduleId: schedule.id })]);
  expect(alerts[0]!.message).toContain(error);
  await without.scheduler.stop();

  // Restarted with the plugin: the next slot runs, and the streak ends.
  const back = processOn(store, true);
  await back.executor.start();
  const next = Date.now() - 1;
  await store.schedules.patch(schedule.id, { nextRunAt: next }, Date.now());
  await back.scheduler.start();
  await until(async () => (await runsOf(store, schedule.id)).at(-1)?.status === 'SUCCEEDED', { label: 'the next slot to succeed' });
  const runs = await runsOf(store, schedule.id);
  expect(runs).toHaveLength(3);
  expect(runs[2]).toMatchObject({ trigger: 'SCHEDULED', scheduledFor: next, status: 'SUCCEEDED' });
  expect(runs[2]!.error).toBeUndefined();
  expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ consecutiveFailures: 0, lastRunStatus: 'SUCCEEDED', enabled: true });
});

test('an enqueue that throws (a payload the task no longer accepts) fails the run with the reason and counts it', async () => {
  const store = openStore();
  const { schedules, scheduler } = processOn(store, true);
  const schedule = await schedules.create(actor, input({ retryPolicy: { maxRetries: 0, backoffSeconds: [] } }));
  // As if the task's input schema had changed since the schedule was saved.
  await store.schedules.save({ ...schedule, payload: { ms: 'soon' } });

  const run = await schedules.runNow(actor, schedule.id);
  expect(run).toMatchObject({ trigger: 'MANUAL', status: 'FAILED' });
  expect(run.error).toMatch(/^the job could not be enqueued: payload\.ms: /);
  expect(run.jobId).toBeUndefined();
  expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ consecutiveFailures: 1, lastRunStatus: 'FAILED' });

  // Fixed: a run now works again, through the same path.
  await store.schedules.save({ ...(await store.schedules.get(schedule.id, schedule.orgId))!, payload: { ms: 1, steps: 1 } });
  const fixed = await schedules.runNow(actor, schedule.id);
  expect(fixed).toMatchObject({ status: 'QUEUED' });
  expect(fixed.jobId).toBeDefined();
  await scheduler.stop();
});
