/**
 * The scheduler's heartbeat and the watchdog over the real embedded store, on a clock the tests move:
 * a stall raises one SCHEDULER_STALLED alert per org with enabled schedules, never two; heartbeats
 * coming again close it; an acknowledged stall is not raised again until the next one.
 */
import { afterEach, expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import { JobService } from '../../src/engine/services/job-service.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import { ScheduleRuns } from '../../src/engine/services/schedule-runs.js';
import { ScheduleService, type ScheduleInput } from '../../src/engine/services/schedule-service.js';
import { Scheduler } from '../../src/engine/runtime/scheduler/scheduler.js';
import type { Alert } from '../../src/engine/domain/schedule.js';
import { SchedulerWatchdog, WATCHDOG_ACTOR } from '../../src/engine/runtime/scheduler/watchdog.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { TaskRegistry } from '../../src/tasks/registry.js';
import sleepPlugin from '../../plugins/sleep/index.js';
import { until } from '../helpers/events.js';
import { useTempDirs } from '../helpers/tmp.js';

const tmp = useTempDirs('jobcenter-watchdog-');
const T0 = 1_700_000_000_000;
const STALL_MS = 30_000;
/** Never on their own during a test: beats and checks happen when a test calls them. */
const NEVER = 3_600_000;
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function setup(options: { heartbeatMs?: number } = {}) {
  let clock = T0;
  const now = () => clock;
  const store: Store = openSqliteStore({ file: tmp.file() });
  const registry = new TaskRegistry();
  registry.add(sleepPlugin);
  const jobs = new JobService({ store, catalog: registry });
  const runs = new ScheduleRuns({ store, jobs, logger: silentLogger, clock: now });
  const scheduler = new Scheduler({ store, runs, logger: silentLogger, nodeName: 'node-1', heartbeatMs: options.heartbeatMs ?? NEVER, clock: now });
  const schedules = new ScheduleService(store, registry, jobs, runs);
  const watchdog = (checkEveryMs = NEVER) => {
    const w = new SchedulerWatchdog({ store, logger: silentLogger, stallAfterMs: STALL_MS, checkEveryMs, now });
    open.push(() => w.stop());
    return w;
  };
  open.push(async () => {
    await scheduler.stop();
    await store.close();
  });
  return { store, scheduler, schedules, watchdog, at: (t: number) => void (clock = t) };
}

const schedule = (orgId: string, overrides: Partial<ScheduleInput> = {}): [Actor, ScheduleInput] => [
  { orgId, userId: 'alice' },
  { name: `${orgId} nightly`, taskType: 'sleep', payload: { ms: 1, steps: 1 }, trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' }, ...overrides },
];

const alertsOf = async (store: Store, orgId: string): Promise<Alert[]> => (await store.alerts.list(orgId, {}, { first: 100 })).items.map((i) => i.node);

test('a stall raises one alert per org with enabled schedules, however often it is checked; heartbeats coming again close it', async () => {
  const { store, scheduler, schedules, watchdog, at } = await setup();
  await schedules.create(...schedule('acme'));
  await schedules.create(...schedule('globex'));
  await schedules.create(...schedule('initech', { enabled: false }));
  await scheduler.start();
  expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-1', lastBeatAt: T0 });

  const here = watchdog();
  at(T0 + STALL_MS);
  expect(await here.check()).toEqual({ stalled: false, raised: [], resolved: 0 });

  // The scheduler stops beating (its heartbeat timer never fires here): a stall.
  at(T0 + STALL_MS + 1);
  expect(await here.check()).toEqual({ stalled: true, raised: ['acme', 'globex'], resolved: 0 });
  const [alert] = await alertsOf(store, 'acme');
  expect(alert).toMatchObject({ kind: 'SCHEDULER_STALLED', raisedAt: T0 + STALL_MS + 1 });
  expect(alert).not.toHaveProperty('scheduleId');
  expect(alert!.message).toContain('no scheduler has written a heartbeat for 30 s');
  expect(alert!.message).toContain('node "node-1"');
  expect(await alertsOf(store, 'globex')).toHaveLength(1);
  expect(await alertsOf(store, 'initech')).toEqual([]);

  // Checked again, and by another process's watchdog: still one alert each.
  at(T0 + STALL_MS + 5000);
  expect(await here.check()).toEqual({ stalled: true, raised: [], resolved: 0 });
  const there = watchdog();
  expect(await there.check()).toEqual({ stalled: true, raised: [], resolved: 0 });
  expect(await store.alerts.count('acme', {})).toBe(1);
  expect(await store.alerts.count('globex', {})).toBe(1);

  // The scheduler beats again: the alerts close, and nothing new is raised.
  at(T0 + STALL_MS + 10_000);
  expect(await scheduler.beat()).toBe(true);
  expect(await here.check()).toEqual({ stalled: false, raised: [], resolved: 2 });
  expect(await there.check()).toEqual({ stalled: false, raised: [], resolved: 0 });
  expect(await here.check()).toEqual({ stalled: false, raised: [], resolved: 0 });
  for (const org of ['acme', 'globex']) {
    expect(await alertsOf(store, org)).toEqual([
      expect.objectContaining({ kind: 'SCHEDULER_STALLED', acknowledgedAt: T0 + STALL_MS + 10_000, acknowledgedBy: WATCHDOG_ACTOR }),
    ]);
  }
});

test('an acknowledged stall is not raised again while it lasts; the next stall is a new alert', async () => {
  const { store, scheduler, schedules, watchdog, at } = await setup();
  await schedules.create(...schedule('acme'));
  await scheduler.start();
  const dog = watchdog();
  at(T0 + STALL_MS + 1);
  expect((await dog.check()).raised).toEqual(['acme']);
  const [first] = await alertsOf(store, 'acme');
  await store.alerts.acknowledge(first!.id, 'acme', 'oscar', T0 + STALL_MS + 2);
  at(T0 + STALL_MS + 5000);
  expect(await dog.check()).toEqual({ stalled: true, raised: [], resolved: 0 });
  expect(await store.alerts.count('acme', { open: true })).toBe(0);

  at(T0 + 2 * STALL_MS);
  await scheduler.beat();
  expect(await dog.check()).toMatchObject({ stalled: false, resolved: 0 });
  at(T0 + 3 * STALL_MS + 1);
  expect((await dog.check()).raised).toEqual(['acme']);
  expect(await store.alerts.count('acme', { open: true })).toBe(1);
  expect(await store.alerts.count('acme', {})).toBe(2);
});

test('no scheduler ever (API processes only): the watchdog, on its own timer, counts the stall from its start', async () => {
  const { store, schedules, watchdog, at } = await setup();
  await schedules.create(...schedule('acme'));
  const dog = watchdog(10);
  dog.start();
  at(T0 + STALL_MS);
  expect(await dog.check()).toMatchObject({ stalled: false });
  at(T0 + STALL_MS + 1);
  await until(async () => (await store.alerts.count('acme', { open: true })) === 1, { label: 'the timer to raise the alert' });
  const [alert] = await alertsOf(store, 'acme');
  expect(alert!.message).toContain('no scheduler has ever written a heartbeat');
  await dog.stop();
  expect(await store.alerts.count('acme', {})).toBe(1);
});

test('the scheduler beats at start and on its timer, and not once stopped', async () => {
  const { store, scheduler, at } = await setup({ heartbeatMs: 10 });
  await scheduler.start();
  expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-1', lastBeatAt: T0 });
  at(T0 + 1000);
  await until(async () => (await store.schedulerHeartbeats.newest())?.lastBeatAt === T0 + 1000, { label: 'a beat from the timer' });
  await scheduler.stop();
  at(T0 + 2000);
  expect(await scheduler.beat()).toBe(false);
  expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-1', lastBeatAt: T0 + 1000 });
});
