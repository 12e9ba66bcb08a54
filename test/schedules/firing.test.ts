/**
 * How the scheduler fires, over the real embedded store: RUN_ONCE catches up the newest missed slot
 * however long the outage; a burst of due schedules gives the event loop a turn between batches; a
 * slot fired late (under the misfire threshold) says which slots it skipped; and the scheduler's own
 * writes to a schedule do not wake it again. Time is the stored slots', moved back as an outage or a
 * backlog would leave them, or the scheduler's clock, set to a chosen instant.
 */
import { expect, test, vi } from 'vitest';
import { pino } from 'pino';
import type { Actor } from '../../src/engine/domain/actor.js';
import type { ChangeEvent } from '../../src/engine/domain/change-event.js';
import type { Logger } from '../../src/engine/runtime/logger.js';
import type { ScheduleInput } from '../../src/engine/services/schedule-service.js';
import type { SchedulerOptions } from '../../src/engine/runtime/scheduler/scheduler.js';
import { nextFireTime } from '../../src/engine/services/triggers.js';
import type { Schedule } from '../../src/engine/domain/schedule.js';
import type { Store } from '../../src/engine/store/port.js';
import { awaitEvent } from '../helpers/events.js';
import { runsOf, useScheduleWorlds } from './world.js';

const { world } = useScheduleWorlds('jobcenter-firing-');
const actor: Actor = { orgId: 'acme', userId: 'alice' };
const HOUR = 3_600_000;

function setup(options: Partial<SchedulerOptions> = {}) {
  const made = world({ ...(options.clock && { clock: options.clock }), ...(options.logger && { logger: options.logger }) });
  return { store: made.store, scheduler: made.scheduler(options), schedules: made.schedules, executor: made.executor() };
}

const input = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'ticker',
  taskType: 'sleep',
  payload: { ms: 1, steps: 1 },
  trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' },
  ...overrides,
});

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
  expect((await store.schedules.get(schedule.id, schedule.orgId))!.nextRunAt).toBeGreaterThan(runs[0]!.scheduledFor);
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
  expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ lastRunAt: slot, nextRunAt: slot + 40_000 });
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
  const armed = (await store.schedules.get(schedule.id, schedule.orgId))!.nextRunAt!;
  const other = (name: string, nextRunAt: number, enabled = true): Schedule => ({ ...schedule, id: `${schedule.id}-${name}`, name, nextRunAt, enabled });
  await store.schedules.insert(other('later', armed + HOUR));
  await store.schedules.insert(other('disabled', armed - HOUR, false));
  expect(wake).not.toHaveBeenCalled();
  await store.schedules.insert(other('earlier', armed - 1000));
  expect(wake).toHaveBeenCalledTimes(1);
});

/** A clock the test sets. */
function fixedClock(iso: string) {
  let now = Date.parse(iso);
  return { clock: () => now, set: (at: string) => void (now = Date.parse(at)) };
}

/** `timeoutMs`: under faked timers, longer than the time the test moves them by. */
const firedSlot = (store: Store, scheduleId: string, slot: number, timeoutMs = 10_000) =>
  awaitEvent(store.changes, (e: ChangeEvent) => e.kind === 'schedule.updated' && e.schedule.id === scheduleId && e.schedule.lastRunAt === slot, {
    label: `the slot ${new Date(slot).toISOString()} to fire`,
    timeoutMs,
  });

test('firing from a fixed instant: a woken scheduler fires what is due by its clock, and the next slot is counted from it', async () => {
  // New York, the day the clocks spring forward (02:00 EST -> 03:00 EDT): a daily 02:30 has no
  // 02:30 that day and fires just after the gap, at 03:00 EDT (07:00Z); the next day at 02:30 EDT.
  const time = fixedClock('2026-03-08T06:00:00.000Z');
  const { store, scheduler, schedules } = setup({ clock: time.clock });
  const trigger = { kind: 'CRON' as const, cron: '30 2 * * *', timezone: 'America/New_York' };
  const created = await schedules.create(actor, input({ trigger }));
  // The service counts the first slot from the real time; the test's instant sets it instead.
  const schedule = { ...created, nextRunAt: nextFireTime(created.trigger, time.clock(), created.anchorAt)! };
  await store.schedules.save(schedule);
  expect(schedule.nextRunAt).toBe(Date.parse('2026-03-08T07:00:00.000Z'));

  await scheduler.start(); // nothing due at 06:00Z: the timer is armed an hour ahead and never fires here
  expect(await runsOf(store, schedule.id)).toEqual([]);
  expect(await store.schedulerHeartbeats.newest()).toMatchObject({ lastBeatAt: time.clock() });

  time.set('2026-03-08T07:00:00.250Z');
  const first = firedSlot(store, schedule.id, schedule.nextRunAt);
  scheduler.wake();
  await first;
  expect(await runsOf(store, schedule.id)).toEqual([
    expect.objectContaining({ trigger: 'SCHEDULED', scheduledFor: Date.parse('2026-03-08T07:00:00.000Z'), createdAt: time.clock() }),
  ]);
  expect(await store.schedules.get(schedule.id, schedule.orgId)).toMatchObject({ nextRunAt: Date.parse('2026-03-09T06:30:00.000Z'), updatedAt: time.clock() });

  time.set('2026-03-09T06:30:00.100Z');
  const second = firedSlot(store, schedule.id, Date.parse('2026-03-09T06:30:00.000Z'));
  scheduler.wake();
  await second;
  expect((await runsOf(store, schedule.id)).map((r) => new Date(r.scheduledFor).toISOString()).sort()).toEqual([
    '2026-03-08T07:00:00.000Z',
    '2026-03-09T06:30:00.000Z',
  ]);
  expect((await store.schedules.get(schedule.id, schedule.orgId))!.nextRunAt).toBe(Date.parse('2026-03-10T06:30:00.000Z'));
});

test('the timer is armed from the clock: moving the clock and the timers to the slot fires it', async () => {
  // Only setTimeout is faked: the store's promises and the scheduler's event-loop turns run as usual.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const time = fixedClock('2026-06-01T11:59:00.000Z');
    const { store, scheduler, schedules } = setup({ clock: time.clock });
    const created = await schedules.create(actor, input({ trigger: { kind: 'CRON', cron: '0 12 * * *', timezone: 'UTC' } }));
    const schedule = { ...created, nextRunAt: nextFireTime(created.trigger, time.clock(), created.anchorAt)! };
    await store.schedules.save(schedule);
    await scheduler.start();
    expect(await runsOf(store, schedule.id)).toEqual([]);

    const fired = firedSlot(store, schedule.id, Date.parse('2026-06-01T12:00:00.000Z'), HOUR);
    // A second short of the slot the timer has not fired; at the slot it has.
    time.set('2026-06-01T11:59:59.000Z');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(await runsOf(store, schedule.id)).toEqual([]);
    time.set('2026-06-01T12:00:00.000Z');
    await vi.advanceTimersByTimeAsync(1000);
    await fired;
    expect(await runsOf(store, schedule.id)).toEqual([expect.objectContaining({ scheduledFor: Date.parse('2026-06-01T12:00:00.000Z') })]);
    expect((await store.schedules.get(schedule.id, schedule.orgId))!.nextRunAt).toBe(Date.parse('2026-06-02T12:00:00.000Z'));
  } finally {
    vi.useRealTimers();
  }
});
