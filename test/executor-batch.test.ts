/**
 * The executor's batches: jobs claimed ahead of free slots wait in its local queue, RUNNING in the
 * store under its lease. A cancel reaches a queued job, stopping gives queued jobs back unspent, the
 * heartbeat keeps their leases, a batch left by a crashed process comes back, type limits hold for a
 * batch that mixes types, and a batch shares its slots between orgs.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Actor } from '../src/engine/domain/actor.js';
import { definePlugin, defineTask, z } from '../src/tasks/plugin-api.js';
import { useEngines } from './helpers/engine.js';
import { deferred, until, type Deferred } from './helpers/events.js';

const engines = useEngines();

const gates: Array<Deferred<void>> = [];
afterEach(() => {
  for (const gate of gates.splice(0)) gate.resolve();
});

/** `wait` jobs run until the gate opens (or their signal aborts); `quick` ones return at once. */
function gatedPlugin(limits: { quick?: number; other?: number } = {}) {
  const gate = deferred();
  gates.push(gate);
  const runs: string[] = [];
  let running = 0;
  const maxRunning = { wait: 0, quick: 0, other: 0 };
  const now = { wait: 0, quick: 0, other: 0 };
  const started = new Map<string, Deferred<void>>();
  const startedOf = (id: string) => {
    if (!started.has(id)) started.set(id, deferred());
    return started.get(id)!.promise;
  };
  const task = (type: 'wait' | 'quick' | 'other', concurrency?: number) =>
    defineTask({
      type,
      input: z.object({}),
      ...(concurrency !== undefined && { concurrency }),
      async run(ctx) {
        runs.push(ctx.job.id);
        running++;
        now[type]++;
        maxRunning[type] = Math.max(maxRunning[type], now[type]);
        startedOf(ctx.job.id);
        started.get(ctx.job.id)!.resolve();
        try {
          if (type === 'wait') {
            await new Promise<void>((resolve, reject) => {
              void gate.promise.then(resolve);
              ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
            });
          } else {
            await new Promise((resolve) => setImmediate(resolve));
          }
          return 'done';
        } finally {
          running--;
          now[type]--;
        }
      },
    });
  const plugin = definePlugin({
    name: 'gated',
    version: '1.0.0',
    tasks: [task('wait'), task('quick', limits.quick), task('other', limits.other)],
  });
  return { plugin, runs, maxRunning, started: startedOf, open: () => gate.resolve() };
}

/** A blocker that takes the one slot, then `n` jobs that the same claim queues behind it. */
async function blockedBatch(engine: Awaited<ReturnType<typeof engines.create>>, n: number) {
  const [blocker, ...queued] = await engine.jobs.enqueueMany(
    engine.actor,
    [{ type: 'wait', payload: {}, priority: 10 }, ...Array.from({ length: n }, () => ({ type: 'wait', payload: {} }))],
    { audit: false },
  );
  return { blocker: blocker!, queued };
}

describe('the local queue', () => {
  test('a job cancelled while it waits in a claimed batch ends CANCELLED without running; the rest run', async () => {
    const g = gatedPlugin();
    const engine = await engines.create([g.plugin], { concurrency: 1, minAhead: 4, leaseMs: 120_000 });
    const { blocker, queued } = await blockedBatch(engine, 3);
    await g.started(blocker.id);
    // The same claim took the others: RUNNING under this worker's lease, not started.
    for (const job of queued) expect(await engine.get(job.id)).toMatchObject({ status: 'RUNNING', leaseOwner: engine.executor.workerId, attempt: 1 });
    expect(g.runs).toEqual([blocker.id]);

    const victim = queued[1]!;
    await engine.jobs.cancel(engine.actor, victim.id);
    const cancelled = await engine.waitForFinish(victim.id, 5000);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelRequested: true });
    expect(cancelled.errors.at(-1)).toMatchObject({ code: 'CANCELLED', retryable: false });

    g.open();
    for (const job of [blocker, queued[0]!, queued[2]!]) expect((await engine.waitForFinish(job.id)).status).toBe('SUCCEEDED');
    expect(g.runs).not.toContain(victim.id);
    expect(g.runs).toEqual([blocker.id, queued[0]!.id, queued[2]!.id]);
  });

  test('stopping gives queued jobs back to the queue without spending their attempt', async () => {
    const g = gatedPlugin();
    const engine = await engines.create([g.plugin], { concurrency: 1, minAhead: 4, leaseMs: 120_000 });
    const { blocker, queued } = await blockedBatch(engine, 3);
    await g.started(blocker.id);
    await engine.executor.stop(50);
    for (const job of [blocker, ...queued]) {
      expect(await engine.get(job.id)).toMatchObject({ status: 'QUEUED', attempt: 0 });
      expect((await engine.get(job.id)).leaseOwner).toBeUndefined();
    }
    expect(g.runs).toEqual([blocker.id]);
  });

  test('the heartbeat keeps the leases of queued jobs: past several lease periods none is recovered', async () => {
    const g = gatedPlugin();
    const engine = await engines.create([g.plugin], { concurrency: 1, minAhead: 3, leaseMs: 1000 });
    const { blocker, queued } = await blockedBatch(engine, 2);
    await g.started(blocker.id);
    const before = await engine.get(queued[0]!.id);
    // Lease recovery runs every 500 ms: over 2.5 s it would have taken back a lease left to expire.
    await until(async () => (await engine.get(queued[0]!.id)).leaseExpiresAt! > before.leaseExpiresAt! + 2000, {
      timeoutMs: 10_000,
      label: 'the queued job’s lease to be renewed past two lease periods',
    });
    for (const job of queued) {
      const now = await engine.get(job.id);
      expect(now).toMatchObject({ status: 'RUNNING', attempt: 1, leaseOwner: engine.executor.workerId });
      expect(now.errors).toEqual([]);
    }
    g.open();
    for (const job of [blocker, ...queued]) expect(await engine.waitForFinish(job.id)).toMatchObject({ status: 'SUCCEEDED', attempt: 1 });
  });

  test('a batch claimed by a process that crashed before starting it runs after a restart', async () => {
    const g = gatedPlugin();
    const engine = await engines.create([g.plugin], { start: false });
    const jobs = await engine.jobs.enqueueMany(engine.actor, Array.from({ length: 6 }, () => ({ type: 'quick', payload: {} })), { audit: false });
    // What the crashed process left: the whole batch RUNNING under its lease, no handler started.
    const batch = await engine.store.jobs.claim({ workerId: 'crashed', limit: 10, now: Date.now(), leaseMs: 120_000, types: ['quick'], typeLimits: {} });
    expect(batch).toHaveLength(6);
    await engine.executor.start();
    for (const job of jobs) {
      const done = await engine.waitForFinish(job.id);
      expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 2 });
      expect(done.errors).toEqual([expect.objectContaining({ code: 'LEASE_EXPIRED', attempt: 1 })]);
    }
    expect(g.runs.sort()).toEqual(jobs.map((j) => j.id).sort());
  });

  test('a batch that mixes types with different limits never runs a type past its limit', async () => {
    const g = gatedPlugin({ quick: 1, other: 2 });
    const engine = await engines.create([g.plugin], { concurrency: 8, minAhead: 20, start: false });
    const jobs = await engine.jobs.enqueueMany(
      engine.actor,
      Array.from({ length: 30 }, (_, i) => ({ type: i % 2 ? 'quick' : 'other', payload: {} })),
      { audit: false },
    );
    await engine.executor.start();
    for (const job of jobs) expect((await engine.waitForFinish(job.id)).status).toBe('SUCCEEDED');
    expect(g.maxRunning.quick).toBe(1);
    expect(g.maxRunning.other).toBe(2);
    expect(g.runs).toHaveLength(30);
  });

  test("a batch shares its slots between orgs: a later org's job is not left behind another org's backlog", async () => {
    const g = gatedPlugin();
    const engine = await engines.create([g.plugin], { concurrency: 2, minAhead: 20, start: false });
    const big: Actor = { orgId: 'org-big', userId: 'u' };
    const small: Actor = { orgId: 'org-small', userId: 'u' };
    const backlog = await engine.jobs.enqueueMany(big, Array.from({ length: 200 }, () => ({ type: 'quick', payload: {}, priority: 5 })), { audit: false });
    const late = await engine.jobs.enqueue(small, { type: 'quick', payload: {} }, { audit: false });
    await engine.executor.start();
    await engine.waitForFinish(late.id, 10_000, small.orgId);
    for (const job of backlog) await engine.waitForFinish(job.id, 10_000, big.orgId);
    // The first claim took it with the backlog's front, so it ran among the first batch.
    expect(g.runs.indexOf(late.id)).toBeGreaterThanOrEqual(0);
    expect(g.runs.indexOf(late.id)).toBeLessThan(22);
  });

  test("orgs take turns in the local queue: a job claimed behind another org's queued backlog starts at the next free slot", async () => {
    const g = gatedPlugin();
    const engine = await engines.create([g.plugin], { concurrency: 1, minAhead: 20, start: false });
    const big: Actor = { orgId: 'org-big', userId: 'u' };
    const small: Actor = { orgId: 'org-small', userId: 'u' };
    const [blocker] = await engine.jobs.enqueueMany(big, [{ type: 'wait', payload: {}, priority: 10 }], { audit: false });
    const backlog = await engine.jobs.enqueueMany(big, Array.from({ length: 40 }, () => ({ type: 'quick', payload: {} })), { audit: false });
    await engine.executor.start();
    await g.started(blocker!.id);
    // The blocker holds the one slot and 20 of the backlog wait in the local queue: no room to claim more.
    const late = await engine.jobs.enqueue(small, { type: 'quick', payload: {} }, { audit: false });
    g.open();
    await engine.waitForFinish(late.id, 10_000, small.orgId);
    for (const job of backlog) await engine.waitForFinish(job.id, 10_000, big.orgId);
    // Claimed once half the queued backlog had run (about 10 jobs), it started within a job or two of
    // that claim, not after the 10 still queued before it.
    const at = g.runs.indexOf(late.id);
    expect(at).toBeGreaterThan(10);
    expect(at).toBeLessThan(16);
  });
});
