/**
 * Several schedulers on one store (as several processes share a MongoDB): a slot makes one run
 * however many attempts race for it, a slot advances once, a run's failure is counted once, and a
 * user's edit made while the scheduler works on the schedule is kept.
 */
import { expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import type { ScheduleInput } from '../../src/engine/services/schedule-service.js';
import { nextFireTime, slotKey } from '../../src/engine/services/triggers.js';
import type { Schedule } from '../../src/engine/domain/schedule.js';
import type { Store } from '../../src/engine/store/port.js';
import { until } from '../helpers/events.js';
import { runsOf, useScheduleWorlds } from './world.js';

const { world } = useScheduleWorlds('jobcenter-concurrency-');
const actor: Actor = { orgId: 'acme', userId: 'alice' };

/** Two schedulers on one store, as two processes on one MongoDB would be, and an executor. */
function setup() {
  const made = world();
  return { store: made.store, schedules: made.schedules, executor: made.executor(), a: made.scheduler(), b: made.scheduler() };
}

const input = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'nightly',
  taskType: 'sleep',
  payload: { ms: 1, steps: 1 },
  trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' },
  ...overrides,
});


/** Makes the schedule's slot due now (within the misfire window). */
async function dueNow(store: Store, schedule: Schedule): Promise<number> {
  const slot = Date.now() - 1000;
  await store.schedules.patch(schedule.id, { nextRunAt: slot }, Date.now());
  return slot;
}

test('one slot fired by many concurrent attempts on two schedulers makes one run and one job', async () => {
  const { store, schedules, a, b } = setup();
  const schedule = await schedules.create(actor, input());
  const slot = schedule.nextRunAt!;
  const results = await Promise.all([a, b, a, b, a, b].map((s) => s.fire(schedule, slot)));
  expect(new Set(results.map((r) => r.id)).size).toBe(1);
  expect(results[0]!.runKey).toBe(slotKey(schedule.id, slot));
  expect(await runsOf(store, schedule.id)).toHaveLength(1);
  expect(await store.jobs.count('acme', {})).toBe(1);
});

test('two schedulers started on one store fire a due slot once and advance it once', async () => {
  const { store, schedules, a, b } = setup();
  const schedule = await schedules.create(actor, input());
  const slot = await dueNow(store, schedule);
  // Each start fires what is due before it returns.
  await Promise.all([a.start(), b.start()]);
  const runs = await runsOf(store, schedule.id);
  expect(runs).toEqual([expect.objectContaining({ runKey: slotKey(schedule.id, slot), trigger: 'SCHEDULED', status: 'QUEUED' })]);
  expect(await store.jobs.count('acme', {})).toBe(1);
  const after = (await store.schedules.get(schedule.id, schedule.orgId))!;
  expect(after).toMatchObject({ lastRunAt: slot, nextRunAt: nextFireTime(schedule.trigger, after.updatedAt, schedule.anchorAt)! });
});

test('a failed run followed by two schedulers is counted once, retried once and alerted once', async () => {
  const { store, schedules, executor, a, b } = setup();
  await Promise.all([a.start(), b.start(), executor.start()]);
  const schedule = await schedules.create(
    actor,
    input({ payload: { ms: 1, steps: 1, fatal: true }, retryPolicy: { maxRetries: 1, backoffSeconds: [0] }, alertAfterFailures: 2 }),
  );
  await schedules.runNow(actor, schedule.id);
  await until(async () => (await runsOf(store, schedule.id)).filter((r) => r.status === 'FAILED').length === 2, {
    label: 'the run and its retry to fail',
  });
  // Both have followed every job event once they stop.
  await a.stop();
  await b.stop();
  expect(await runsOf(store, schedule.id)).toHaveLength(2);
  expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ consecutiveFailures: 2, lastRunStatus: 'FAILED' });
  expect(await store.alerts.count('acme', {})).toBe(1);
});

test('a rename or a disable written while a slot fires is kept: the scheduler writes only its own fields', async () => {
  const { store, schedules, a } = setup();
  const renamed = await schedules.create(actor, input({ name: 'to rename' }));
  const disabled = await schedules.create(actor, input({ name: 'to disable' }));
  const renamedSlot = await dueNow(store, renamed);
  const disabledSlot = await dueNow(store, disabled);
  // The user's writes land after the scheduler read the due schedules and before it writes the batch
  // of slots (their runs, jobs and advanced schedules).
  const fireSlots = store.scheduleRuns.fireSlots.bind(store.scheduleRuns);
  store.scheduleRuns.fireSlots = async (slots, now) => {
    if (slots.some((s) => s.scheduleId === renamed.id)) {
      await store.schedules.save({ ...renamed, nextRunAt: renamedSlot, name: 'renamed by a user', updatedAt: Date.now() });
    }
    if (slots.some((s) => s.scheduleId === disabled.id)) {
      const off: Schedule = { ...disabled, enabled: false, updatedAt: Date.now() };
      delete off.nextRunAt;
      await store.schedules.save(off);
    }
    return fireSlots(slots, now);
  };
  await a.start();
  const r = (await store.schedules.get(renamed.id, renamed.orgId))!;
  expect(r).toMatchObject({ name: 'renamed by a user', enabled: true, lastRunAt: renamedSlot });
  expect(r.nextRunAt).toBeGreaterThan(renamedSlot);
  const d = (await store.schedules.get(disabled.id, disabled.orgId))!;
  expect(d).toMatchObject({ name: 'to disable', enabled: false });
  expect(d).not.toHaveProperty('nextRunAt');
  expect(await runsOf(store, renamed.id)).toHaveLength(1);
  expect((await runsOf(store, disabled.id)).map((run) => run.scheduledFor)).toEqual([disabledSlot]);
});
