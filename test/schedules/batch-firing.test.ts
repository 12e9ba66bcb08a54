/**
 * Firing in batches, over the real embedded store: a wake-up's due slots are written in one store
 * write (runs, jobs, advanced schedules). After a restart each slot still fires once; a slot whose
 * job cannot be made (its payload no longer fits the task, its org over the queue quota) gets a
 * FAILED run without holding back the others; a batch whose write fails fires its schedules one at a
 * time. No test here depends on timing: the slots are in the past when the scheduler starts.
 */
import { expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import type { Schedule } from '../../src/engine/domain/schedule.js';
import { DEFAULT_QUOTAS, Quotas } from '../../src/engine/services/quotas.js';
import type { ScheduleInput } from '../../src/engine/services/schedule-service.js';
import type { Store } from '../../src/engine/store/port.js';
import { until } from '../helpers/events.js';
import { runsOf, useScheduleWorlds } from './world.js';

const { world, tempFile } = useScheduleWorlds('jobcenter-batch-firing-');
const acme: Actor = { orgId: 'acme', userId: 'alice' };
const poor: Actor = { orgId: 'poor', userId: 'bob' };

/** One process on the store file: services and a scheduler (no executor: runs stay QUEUED). */
function processOn(file: string, opts: { batch?: number; maxQueuedJobsPerOrg?: number } = {}) {
  const process = world({
    file,
    quotas: (store) => new Quotas(store, { ...DEFAULT_QUOTAS, maxSchedulesPerOrg: 100, maxQueuedJobsPerOrg: opts.maxQueuedJobsPerOrg ?? DEFAULT_QUOTAS.maxQueuedJobsPerOrg }),
  });
  return { ...process, scheduler: process.scheduler({ batch: opts.batch ?? 500 }) };
}

const input = (overrides: Partial<ScheduleInput> = {}): ScheduleInput => ({
  name: 'ticker',
  taskType: 'sleep',
  payload: { ms: 1, steps: 1 },
  trigger: { kind: 'INTERVAL', intervalSeconds: 60 },
  // Runs stay QUEUED here (no executor): ALLOW lets the next slot start beside them.
  overlapPolicy: 'ALLOW',
  maxConcurrentRuns: 10,
  // A failed run is not retried here: each slot has one run to look at.
  retryPolicy: { maxRetries: 0, backoffSeconds: [] },
  ...overrides,
});

/** Moves an INTERVAL schedule's grid so that its due slot is `slot`. */
async function dueAt(store: Store, schedule: Schedule, slot: number): Promise<void> {
  await store.schedules.save({ ...schedule, anchorAt: slot, nextRunAt: slot });
}

/** Every job of the org, by the run it belongs to. */
async function jobsByRun(store: Store, orgId: string): Promise<Map<string, number>> {
  const page = await store.jobs.list({ orgId, filter: {}, orderBy: 'CREATED_ASC', page: { first: 1000 } });
  const byRun = new Map<string, number>();
  for (const { node } of page.items) byRun.set(node.scheduleRunId!, (byRun.get(node.scheduleRunId!) ?? 0) + 1);
  return byRun;
}

test('after a restart, each slot of a batch fires once: one run and one job per slot, however often it is read as due', async () => {
  const file = tempFile();
  const first = processOn(file, { batch: 5 });
  const made: Schedule[] = [];
  for (let i = 0; i < 12; i++) made.push(await first.schedules.create(acme, input({ name: `ticker ${i}` })));
  const slot = Date.now() - 5_000;
  for (const s of made) await dueAt(first.store, (await first.store.schedules.get(s.id, s.orgId))!, slot);
  await first.scheduler.start();
  await first.close();

  // The restart finds every slot advanced. Half of them are set back to the fired slot, as a store
  // restored from before the advance would hold them: their slot's run exists, so none fires twice.
  const second = processOn(file, { batch: 5 });
  for (const s of made.slice(0, 6)) await second.store.schedules.patch(s.id, { nextRunAt: slot }, Date.now());
  await second.scheduler.start();
  for (const s of made) expect((await runsOf(second.store, s.id)).map((r) => r.scheduledFor)).toEqual([slot]);

  // The next slot fires once too, batched the same way.
  const nextSlot = slot + 1_000;
  for (const s of made) await second.store.schedules.patch(s.id, { nextRunAt: nextSlot }, Date.now());
  await until(async () => {
    for (const s of made) if ((await runsOf(second.store, s.id)).length < 2) return false;
    return true;
  }, { label: 'every schedule to fire its next slot' });
  await second.scheduler.stop();
  const byRun = await jobsByRun(second.store, 'acme');
  for (const s of made) {
    const runs = await runsOf(second.store, s.id);
    expect(runs.map((r) => r.scheduledFor).sort()).toEqual([slot, nextSlot]);
    for (const run of runs) {
      expect(run).toMatchObject({ status: 'QUEUED', trigger: 'SCHEDULED' });
      expect(byRun.get(run.id), `jobs of run ${run.id}`).toBe(1);
    }
  }
  expect([...byRun.values()].reduce((a, b) => a + b, 0)).toBe(24);
});

test('in one batch, a schedule whose payload no longer fits and an org over its queue quota get FAILED runs; every other slot gets its run and job', async () => {
  const { store, scheduler, schedules } = processOn(tempFile(), { maxQueuedJobsPerOrg: 4 });
  const good: Schedule[] = [];
  for (let i = 0; i < 4; i++) good.push(await schedules.create(acme, input({ name: `good ${i}` })));
  const broken = await schedules.create(acme, input({ name: 'broken' }));
  const limited: Schedule[] = [];
  for (let i = 0; i < 6; i++) limited.push(await schedules.create(poor, input({ name: `limited ${i}` })));
  const slot = Date.now() - 5_000;
  for (const s of [...good, broken, ...limited]) await dueAt(store, (await store.schedules.get(s.id, s.orgId))!, slot);
  // The task's schema changed since the schedule was saved: its payload no longer fits.
  await store.schedules.save({ ...(await store.schedules.get(broken.id, 'acme'))!, payload: { ms: 'soon' } });

  await scheduler.start();

  const byRun = await jobsByRun(store, 'acme');
  for (const s of good) {
    const [run, ...more] = await runsOf(store, s.id);
    expect(more).toEqual([]);
    expect(run).toMatchObject({ scheduledFor: slot, status: 'QUEUED' });
    expect(run!.jobId).toBeDefined();
    expect(byRun.get(run!.id)).toBe(1);
  }
  const [failed, ...moreFailed] = await runsOf(store, broken.id);
  expect(moreFailed).toEqual([]);
  expect(failed).toMatchObject({ scheduledFor: slot, status: 'FAILED' });
  expect(failed!.error).toMatch(/could not be enqueued.*payload/s);
  expect(failed!.jobId).toBeUndefined();
  expect(byRun.size).toBe(good.length);

  // The quota admits four of the org's six: those start, the others fail visibly.
  const poorRuns = (await Promise.all(limited.map((s) => runsOf(store, s.id, 'poor')))).map((runs) => {
    expect(runs).toHaveLength(1);
    return runs[0]!;
  });
  expect(poorRuns.filter((r) => r.status === 'QUEUED' && r.jobId !== undefined)).toHaveLength(4);
  const refused = poorRuns.filter((r) => r.status === 'FAILED');
  expect(refused).toHaveLength(2);
  for (const r of refused) expect(r.error).toMatch(/could not be enqueued.*queued jobs/s);
  expect((await jobsByRun(store, 'poor')).size).toBe(4);
  // Every schedule moved past the slot, the failed ones too.
  for (const s of [...good, broken, ...limited]) expect((await store.schedules.get(s.id, s.orgId))!.nextRunAt).toBeGreaterThan(slot);
  expect(await store.schedules.get(broken.id, 'acme')).toMatchObject({ lastRunStatus: 'FAILED', consecutiveFailures: 1 });
});

test('a batch whose write fails fires its schedules one at a time: each slot once, nothing half-written', async () => {
  const { store, scheduler, schedules } = processOn(tempFile());
  const made: Schedule[] = [];
  for (let i = 0; i < 6; i++) made.push(await schedules.create(acme, input({ name: `ticker ${i}` })));
  const slot = Date.now() - 5_000;
  for (const s of made) await dueAt(store, (await store.schedules.get(s.id, s.orgId))!, slot);
  // The store refuses any write of more than one slot (a fault in one schedule's part of the batch).
  const fireSlots = store.scheduleRuns.fireSlots.bind(store.scheduleRuns);
  const sizes: number[] = [];
  store.scheduleRuns.fireSlots = async (slots, now) => {
    sizes.push(slots.length);
    if (slots.length > 1) throw new Error('the batch cannot be written');
    return fireSlots(slots, now);
  };
  await scheduler.start();
  expect(sizes).toEqual([6, 1, 1, 1, 1, 1, 1]);
  const byRun = await jobsByRun(store, 'acme');
  for (const s of made) {
    const runs = await runsOf(store, s.id);
    expect(runs.map((r) => r.scheduledFor)).toEqual([slot]);
    expect(byRun.get(runs[0]!.id)).toBe(1);
    expect((await store.schedules.get(s.id, 'acme'))!.nextRunAt).toBeGreaterThan(slot);
  }
  expect(byRun.size).toBe(6);
});
