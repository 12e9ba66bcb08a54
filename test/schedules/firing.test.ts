/**
 * How the scheduler fires, over the real embedded store: RUN_ONCE catches up the newest missed slot
 * however long the outage; a burst of due schedules gives the event loop a turn between batches; a
 * slot fired late (under the misfire threshold) says which slots it skipped; and the scheduler's own
 * writes to a schedule do not wake it again. Time is the stored slots', moved back as an outage or a
 * backlog would leave them.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { pino } from 'pino';
import type { Actor } from '../../src/engine/domain/actor.js';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import { Executor } from '../../src/engine/runtime/executor/executor.js';
import { JobService } from '../../src/engine/services/job-service.js';
import { silentLogger, type Logger } from '../../src/engine/runtime/logger.js';
import { ScheduleRuns } from '../../src/engine/services/schedule-runs.js';
import { ScheduleService, type ScheduleInput } from '../../src/engine/services/schedule-service.js';
import { Scheduler, type SchedulerOptions } from '../../src/engine/runtime/scheduler/scheduler.js';
import type { Schedule, ScheduleRun } from '../../src/engine/domain/schedule.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { TaskRegistry } from '../../src/tasks/registry.js';
import sleepPlugin from '../../plugins/sleep/index.js';
import { awaitEvent } from '../helpers/events.js';
import { useTempDirs } from '../helpers/tmp.js';

const tmp = useTempDirs('jobcenter-firing-');
const actor: Actor = { orgId: 'acme', userId: 'alice' };
const HOUR = 3_600_000;
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

function setup(options: Partial<SchedulerOptions> = {}) {
  const store: Store = openSqliteStore({ file: tmp.file() });
  const registry = new TaskRegistry();
  registry.add(sleepPlugin);
  const jobs = new JobService({ store, catalog: registry });
  const runs = new ScheduleRuns({ store, jobs, logger: options.logger ?? silentLogger });
  const scheduler = new Scheduler({ store, runs, logger: silentLogger, heartbeatMs: HOUR, ...options });
  const schedules = new ScheduleService(store, registry, jobs, runs);
  const executor = new Executor({ store, catalog: registry, jobs, logger: silentLogger, concurrency: 4, leaseMs: 30_000, cancelGraceMs: 500, shutdownGraceMs: 500, progressWriteMs: 50 });
  open.push(async () => {
    await scheduler.stop();
    await executor.stop(500);
    await store.close();
  });
  return { store, scheduler, schedules, executor };
}

const input = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'ticker',
  taskType: 'sleep',
  payload: { ms: 1, steps: 1 },
  trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' },
  ...overrides,
});

const runsOf = async (store: Store, scheduleId: string): Promise<ScheduleRun[]> =>
  (await store.scheduleRuns.list('acme', { scheduleId }, { first: 100 })).items.map((i) => i.node);

/** Moves an INTERVAL schedule's grid so that its due slot is `slot` (an outage or a backlog that long). */
async function dueAt(store: Store, schedule: Schedule, slot: number): Promise<void> {
  await store.schedules.save({ ...schedule, anchorAt: slot, nextRunAt: slot });
}

/** A logger that keeps its warnings. */
function recordingLogger(): { logger: Logger; warnings: Array<Record<string, unknown>> } {
  const warnings: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, warnings };
}

test.each([
  ['INTERVAL', { kind: 'INTERVAL' as const, intervalSeconds: 1 }],
  ['CRON', { kind: 'CRON' as const, cron: '* * * * * *', timezone: 'UTC' }],
])('RUN_ONCE after an outage longer than 10,000 slots (%s every second) fires the newest missed slot', async (_kind, trigger) => {
  const { store, scheduler, schedules } = setup();
  const schedule = await schedules.create(actor, input({ trigger, misfirePolicy: 'RUN_ONCE', catchUpWindowSeconds: 3600 }));
  // Five hours down: 18,000 missed slots, the newest a second old.
  await dueAt(store, schedule, Math.floor((Date.now() - 5 * HOUR) / 1000) * 1000);
  const startedAt = Date.now();
  await scheduler.start();
  const runs = await runsOf(store, schedule.id);
  expect(runs).toHaveLength(1);
  expect(runs[0]!.scheduledFor).toBeGreaterThan(startedAt - 2000);
  expect(runs[0]!.scheduledFor).toBeLessThanOrEqual(Date.now());
  expect((await store.schedules.get(schedule.id))!.nextRunAt).toBeGreaterThan(runs[0]!.scheduledFor);
});

test('a burst of due schedules gives the event loop a turn between batches', async () => {
  const { store, scheduler, schedules } = setup({ batch: 5 });
  const due = Date.now() - 1000;
  for (let i = 0; i < 20; i++) {
    const schedule = await schedules.create(actor, input({ name: `ticker ${i}` }));
    await store.schedules.patch(schedule.id, { nextRunAt: due }, Date.now());
  }
  let created = 0;
  let createdAtFirstTurn: number | undefined;
  const unsubscribe = store.changes.subscribe((event: ChangeEvent) => {
    if (event.kind !== 'run.created') return;
    // The first run is stored: what is stored by the time the event loop next gets a turn?
    if (created++ === 0) setImmediate(() => (createdAtFirstTurn = created));
  });
  try {
    await scheduler.start();
  } finally {
    unsubscribe();
  }
  expect(created).toBe(20);
  // Without a turn during start(), the callback would run only after all 20.
  expect(createdAtFirstTurn ?? created).toBeLessThan(20);
});

test('a slot fired more than a period late (under the misfire threshold) fires; the slots it skipped are counted and logged, not stored', async () => {
  const { logger, warnings } = recordingLogger();
  const { store, scheduler, schedules } = setup({ logger });
  const schedule = await schedules.create(actor, input({ trigger: { kind: 'INTERVAL', intervalSeconds: 10 } }));
  // A backlog 35 s long: the due slot, then three more (-25 s, -15 s, -5 s) already past.
  const slot = Date.now() - 35_000;
  await dueAt(store, schedule, slot);
  await scheduler.start();

  const runs = await runsOf(store, schedule.id);
  expect(runs).toEqual([expect.objectContaining({ scheduledFor: slot, trigger: 'SCHEDULED' })]);
  expect(await store.schedules.get(schedule.id)).toMatchObject({ lastRunAt: slot, nextRunAt: slot + 40_000 });
  expect(scheduler.lateSlotsSkipped).toBe(3);
  expect(warnings).toEqual([expect.objectContaining({ schedules: 1, slotsSkipped: 3, scheduleIds: [schedule.id] })]);
});

test('the scheduler’s own writes (a fire, a run’s end) do not wake it; a slot earlier than the armed one does', async () => {
  const { store, scheduler, schedules, executor } = setup();
  const schedule = await schedules.create(actor, input({ trigger: { kind: 'INTERVAL', intervalSeconds: 3600 } }));
  await store.schedules.patch(schedule.id, { nextRunAt: Date.now() - 1000 }, Date.now());
  const wake = vi.spyOn(scheduler, 'wake');
  await executor.start();
  const ended = awaitEvent(store.changes, (e: ChangeEvent) => e.kind === 'schedule.updated' && e.schedule.id === schedule.id && e.schedule.lastRunStatus === 'SUCCEEDED', {
    label: 'the run’s end on its schedule',
  });
  await scheduler.start(); // fires the due slot
  await ended;
  expect(wake).not.toHaveBeenCalled();

  // The timer is armed for the schedule's next slot. A schedule written with a later slot, or
  // disabled, does not wake it; one with an earlier slot does.
  const armed = (await store.schedules.get(schedule.id))!.nextRunAt!;
  const other = (name: string, nextRunAt: number, enabled = true): Schedule => ({ ...schedule, id: `${schedule.id}-${name}`, name, nextRunAt, enabled });
  await store.schedules.insert(other('later', armed + HOUR));
  await store.schedules.insert(other('disabled', armed - HOUR, false));
  expect(wake).not.toHaveBeenCalled();
  await store.schedules.insert(other('earlier', armed - 1000));
  expect(wake).toHaveBeenCalledTimes(1);
});
