/**
 * The scheduler over the real embedded store and executor: slots fire once, overlap and misfire
 * policies hold, runs follow their jobs, failures retry on the ladder and raise an alert.
 */
import { expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import type { ScheduleInput } from '../../src/engine/services/schedule-service.js';
import { slotKey } from '../../src/engine/services/triggers.js';
import { until } from '../helpers/events.js';
import { runsOf, useScheduleWorlds } from './world.js';

const { world } = useScheduleWorlds('jobcenter-scheduler-');
const actor: Actor = { orgId: 'acme', userId: 'alice' };

async function setup(options: { startScheduler?: boolean } = {}) {
  const made = world();
  const executor = made.executor();
  // The default heartbeat, as `serve` runs it.
  const scheduler = made.scheduler({ heartbeatMs: 5000 });
  await executor.start();
  if (options.startScheduler !== false) await scheduler.start();
  return { store: made.store, jobs: made.jobs, scheduler, schedules: made.schedules, executor };
}

const base = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'nightly',
  taskType: 'sleep',
  payload: { ms: 1, steps: 1 },
  trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'Asia/Shanghai' },
  ...overrides,
});


test('an interval schedule fires from its timer; each slot makes one run, which follows its job', async () => {
  const { store, schedules } = await setup();
  const schedule = await schedules.create(actor, base({ trigger: { kind: 'INTERVAL', intervalSeconds: 1 } }));
  await until(async () => (await runsOf(store, schedule.id)).filter((r) => r.status === 'SUCCEEDED').length >= 2, { timeoutMs: 15_000, label: 'two successful runs' });
  const runs = await runsOf(store, schedule.id);
  expect(new Set(runs.map((r) => r.runKey)).size).toBe(runs.length);
  expect(runs.every((r) => r.trigger === 'SCHEDULED')).toBe(true);
  const done = runs.find((r) => r.status === 'SUCCEEDED')!;
  expect(done.jobId).toBeDefined();
  expect((await store.jobs.get(done.jobId!, done.orgId))).toMatchObject({ scheduleId: schedule.id, scheduleRunId: done.id, status: 'SUCCEEDED' });
  expect(done.startedAt).toBeLessThanOrEqual(done.finishedAt!);
  expect((await schedules.get(actor, schedule.id))?.lastRunStatus).toBe('SUCCEEDED');
});

test('a slot fires once: firing the same slot again returns the existing run', async () => {
  const { store, schedules, scheduler } = await setup({ startScheduler: false });
  const schedule = await schedules.create(actor, base());
  const slot = schedule.nextRunAt!;
  const [a, b] = await Promise.all([scheduler.fire(schedule, slot), scheduler.fire(schedule, slot)]);
  expect(a.id).toBe(b.id);
  expect(a.runKey).toBe(slotKey(schedule.id, slot));
  expect(await runsOf(store, schedule.id)).toHaveLength(1);
});

test('overlap SKIP: a slot that comes while a run is active is recorded SKIPPED', async () => {
  const { store, schedules, scheduler } = await setup({ startScheduler: false });
  const schedule = await schedules.create(actor, base({ payload: { ms: 5000, steps: 5 } }));
  const first = await scheduler.fire(schedule, 1_000);
  const second = await scheduler.fire(schedule, 2_000);
  expect(first.status).toBe('QUEUED');
  expect(second).toMatchObject({ status: 'SKIPPED' });
  expect(second.jobId).toBeUndefined();
  expect((await runsOf(store, schedule.id)).map((r) => r.status).sort()).toEqual(['QUEUED', 'SKIPPED'].sort());
});

test('overlap SKIP: a streak of skips behind the same run is one SKIPPED run; every skipped slot is counted once on the schedule', async () => {
  const { store, schedules, scheduler } = await setup({ startScheduler: false });
  const schedule = await schedules.create(actor, base({ payload: { ms: 5000, steps: 5 } }));
  await scheduler.fire(schedule, 1_000);
  const skips = [];
  for (const slot of [2_000, 3_000, 4_000, 5_000]) skips.push(await scheduler.fire(schedule, slot));
  // The same slot fired again (a second process) is not counted again.
  await scheduler.fire(schedule, 5_000);
  expect(new Set(skips.map((r) => r.id)).size).toBe(1);
  expect(skips[0]).toMatchObject({ status: 'SKIPPED', scheduledFor: 2_000 });
  expect((await runsOf(store, schedule.id)).map((r) => r.status).sort()).toEqual(['QUEUED', 'SKIPPED']);
  expect(await schedules.get(actor, schedule.id)).toMatchObject({ skippedRuns: 4, lastSkippedAt: 5_000, lastRunStatus: 'SKIPPED' });
});

test('overlap BUFFER_ONE: one run waits without a job and starts when the active one ends', async () => {
  const { store, schedules, scheduler } = await setup({ startScheduler: true });
  const schedule = await schedules.create(actor, base({ overlapPolicy: 'BUFFER_ONE', payload: { ms: 300, steps: 1 }, enabled: false }));
  const first = await scheduler.fire(schedule, 1_000);
  const buffered = await scheduler.fire(schedule, 2_000);
  const skipped = await scheduler.fire(schedule, 3_000);
  expect(first.jobId).toBeDefined();
  expect(buffered).toMatchObject({ status: 'QUEUED' });
  expect(buffered.jobId).toBeUndefined();
  expect(skipped.status).toBe('SKIPPED');
  await until(async () => (await store.scheduleRuns.get(buffered.id, buffered.orgId))?.status === 'SUCCEEDED', { timeoutMs: 10_000, label: 'the buffered run to run' });
});

test('misfire after downtime: RUN_ONCE fires the latest missed slot once; SKIP fires none', async () => {
  const { store, schedules, scheduler } = await setup({ startScheduler: false });
  const every15 = { kind: 'CRON' as const, cron: '*/15 * * * *', timezone: 'UTC' };
  const once = await schedules.create(actor, base({ name: 'once', trigger: every15, misfirePolicy: 'RUN_ONCE', catchUpWindowSeconds: 3600 }));
  const skip = await schedules.create(actor, base({ name: 'skip', trigger: every15, misfirePolicy: 'SKIP' }));
  // As if the process had been down for three hours.
  const threeHoursAgo = Date.now() - 3 * 3600_000;
  for (const s of [once, skip]) await store.schedules.save({ ...s, nextRunAt: threeHoursAgo });
  await scheduler.start();
  await until(async () => ((await store.schedules.get(once.id, once.orgId))?.nextRunAt ?? 0) > Date.now() && ((await store.schedules.get(skip.id, skip.orgId))?.nextRunAt ?? 0) > Date.now(), { label: 'both to be advanced' });
  const onceRuns = await runsOf(store, once.id);
  expect(onceRuns).toHaveLength(1);
  expect(onceRuns[0]!.scheduledFor).toBeGreaterThan(Date.now() - 16 * 60_000);
  expect(await runsOf(store, skip.id)).toHaveLength(0);
});

test('failures retry on the ladder, count up, raise one alert at the threshold and pause the schedule', async () => {
  const { store, schedules } = await setup();
  const schedule = await schedules.create(
    actor,
    base({ payload: { ms: 1, steps: 1, fatal: true }, retryPolicy: { maxRetries: 1, backoffSeconds: [0] }, alertAfterFailures: 2, pauseOnAlert: true }),
  );
  const first = await schedules.runNow(actor, schedule.id);
  expect(first.trigger).toBe('MANUAL');
  await until(async () => (await runsOf(store, schedule.id)).filter((r) => r.status === 'FAILED').length === 2, { timeoutMs: 10_000, label: 'the run and its retry to fail' });
  const runs = await runsOf(store, schedule.id);
  const retry = runs.find((r) => r.trigger === 'RETRY')!;
  expect(retry).toMatchObject({ attempt: 2, retryOfRunId: first.id, runKey: `${first.runKey}#retry2` });
  await until(async () => (await store.alerts.count('acme', { open: true })) === 1, { label: 'the alert' });
  const after = (await schedules.get(actor, schedule.id))!;
  expect(after).toMatchObject({ consecutiveFailures: 2, lastRunStatus: 'FAILED', enabled: false });
  expect(after.nextRunAt).toBeUndefined();
  // No third run: retries stop at maxRetries.
  expect(runs).toHaveLength(2);
});

test('validation names every field and saves nothing', async () => {
  const { store, schedules } = await setup({ startScheduler: false });
  const error = (await schedules
    .create(actor, base({ name: '', taskType: 'sleep', payload: { ms: 'x' }, trigger: { kind: 'CRON', cron: 'not a cron', timezone: 'Mars/Base' }, maxConcurrentRuns: 0 }))
    .catch((e: unknown) => e)) as { issues: Array<{ path: string }> };
  expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'payload.ms', 'trigger.cron', 'trigger.timezone', 'maxConcurrentRuns']));
  expect(await store.schedules.count('acme', {})).toBe(0);
});
