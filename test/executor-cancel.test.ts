/**
 * The executor stopping work: cancelling queued and running jobs, abandoning a handler that ignores
 * its signal, graceful shutdown (release without spending the attempt), a lease lost to another
 * worker, and recovery of jobs left RUNNING by a dead process.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { CancelledError, ShutdownError } from '../src/engine/domain/errors.js';
import { Executor } from '../src/engine/runtime/executor/executor.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import { TaskRegistry } from '../src/tasks/registry.js';
import { definePlugin, defineTask, z } from '../src/tasks/plugin-api.js';
import { useEngines } from './helpers/engine.js';
import { deferred, until, within, type Deferred } from './helpers/events.js';

const engines = useEngines();

/** Handlers that wait on a gate; every open gate is released after each test so nothing lingers. */
const gates: Array<Deferred<void>> = [];
afterEach(() => {
  for (const gate of gates.splice(0)) gate.resolve();
});
function gate(): Deferred<void> {
  const g = deferred();
  gates.push(g);
  return g;
}

interface Run {
  jobId: string;
  attempt: number;
  /** Resolves when the handler sees its signal abort, with the reason. */
  aborted: Promise<unknown>;
  /** Set when the handler returned or threw. */
  ended: boolean;
}

/**
 * `block`: runs until its gate opens (then returns 'done'), or until its signal aborts (then throws the
 * reason) unless told to ignore the signal. `started` resolves per job id when the handler begins.
 */
function blockPlugin() {
  const runs: Run[] = [];
  const release = gate();
  const startWaiters = new Map<string, Deferred<Run>>();
  const started = (jobId: string) => {
    let waiter = startWaiters.get(jobId);
    if (!waiter) startWaiters.set(jobId, (waiter = deferred<Run>()));
    return waiter.promise;
  };
  const plugin = definePlugin({
    name: 'block',
    version: '1.0.0',
    tasks: [
      defineTask({
        type: 'block',
        input: z.object({ ignoreSignal: z.boolean().default(false) }),
        retry: { maxAttempts: 3, backoff: { kind: 'fixed', delayMs: 10 } },
        async run(ctx) {
          const abortedWith = deferred<unknown>();
          const run: Run = { jobId: ctx.job.id, attempt: ctx.attempt, aborted: abortedWith.promise, ended: false };
          runs.push(run);
          const onAbort = () => abortedWith.resolve(ctx.signal.reason);
          ctx.signal.addEventListener('abort', onAbort, { once: true });
          started(ctx.job.id);
          startWaiters.get(ctx.job.id)!.resolve(run);
          try {
            if (ctx.input.ignoreSignal) {
              await release.promise;
              return 'ignored the signal';
            }
            await Promise.race([release.promise, abortedWith.promise.then((reason) => Promise.reject(reason))]);
            return 'done';
          } finally {
            run.ended = true;
          }
        },
      }),
    ],
  });
  return { plugin, runs, started, release: () => release.resolve() };
}

describe('cancellation', () => {
  // A long lease puts the heartbeat (which also reports cancel requests) 40 s away: a cancel must
  // reach the running handler through the change feed, within a few seconds.
  const leaseMs = 120_000;
  const soon = <T>(promise: Promise<T>, label: string) => within(promise, 5000, label);
  test('a QUEUED job is cancelled at once and never runs', async () => {
    const block = blockPlugin();
    const engine = await engines.create([block.plugin]);
    const delayed = await engine.enqueue('block', {}, { delayMs: 60_000 });
    const cancelled = await engine.jobs.cancel(engine.actor, delayed.id);
    expect(cancelled).toMatchObject({ status: 'CANCELLED' });
    expect(cancelled.finishedAt).toBeDefined();
    expect(await engine.get(delayed.id)).toMatchObject({ status: 'CANCELLED', attempt: 0 });
    expect(block.runs).toHaveLength(0);
  });

  test('a due job cancelled while the executor is busy never runs', async () => {
    const block = blockPlugin();
    const engine = await engines.create([block.plugin], { concurrency: 1 });
    const busy = await engine.enqueue('block', {});
    await block.started(busy.id);
    const waiting = await engine.enqueue('block', {});
    expect((await engine.jobs.cancel(engine.actor, waiting.id)).status).toBe('CANCELLED');
    block.release();
    expect((await engine.waitForFinish(busy.id)).status).toBe('SUCCEEDED');
    // Once the slot is free, a later job runs, and the cancelled one still has not.
    const after = await engine.enqueue('block', {});
    expect((await engine.waitForFinish(after.id)).status).toBe('SUCCEEDED');
    expect(block.runs.map((r) => r.jobId)).toEqual([busy.id, after.id]);
    expect(await engine.get(waiting.id)).toMatchObject({ status: 'CANCELLED', attempt: 0 });
  });

  test('a RUNNING job: the handler’s signal aborts with CancelledError and the job ends CANCELLED', async () => {
    const block = blockPlugin();
    const engine = await engines.create([block.plugin], { leaseMs });
    const job = await engine.enqueue('block', {});
    const run = await block.started(job.id);
    const requested = await engine.jobs.cancel(engine.actor, job.id);
    expect(requested).toMatchObject({ status: 'RUNNING', cancelRequested: true });
    expect(await soon(run.aborted, 'the handler to see the cancel')).toBeInstanceOf(CancelledError);
    const done = await engine.waitForFinish(job.id, 5000);
    expect(done).toMatchObject({ status: 'CANCELLED', attempt: 1, cancelRequested: true });
    expect(done.errors).toEqual([expect.objectContaining({ code: 'CANCELLED', retryable: false, attempt: 1 })]);
    expect(run.ended).toBe(true);
    expect(block.runs).toHaveLength(1);
    await until(() => engine.executor.runningCount === 0, { label: 'the slot to be freed' });
  });

  test('a handler that ignores the signal is abandoned after cancelGraceMs and the job marked CANCELLED', async () => {
    const block = blockPlugin();
    const engine = await engines.create([block.plugin], { cancelGraceMs: 100, concurrency: 1, leaseMs });
    const job = await engine.enqueue('block', { ignoreSignal: true });
    const run = await block.started(job.id);
    await engine.jobs.cancel(engine.actor, job.id);
    expect(await soon(run.aborted, 'the handler to see the cancel')).toBeInstanceOf(CancelledError);
    const done = await engine.waitForFinish(job.id, 5000);
    expect(done.status).toBe('CANCELLED');
    expect(run.ended).toBe(false); // still stuck in its own code: abandoned, not finished
    // Abandoned no sooner than the grace period after the cancel (less a millisecond or two: timers
    // can fire just before Date.now() reaches their time).
    expect(done.finishedAt! - done.startedAt!).toBeGreaterThanOrEqual(95);

    // The slot is free for the next job even though the abandoned handler never returned.
    const next = await engine.enqueue('block', {});
    await block.started(next.id);
    expect(engine.executor.runningCount).toBe(1);

    // When the abandoned handler finally returns, nothing changes.
    block.release();
    expect((await engine.waitForFinish(next.id)).status).toBe('SUCCEEDED');
    await until(() => run.ended, { label: 'the abandoned handler to return' });
    const final = await engine.get(job.id);
    expect(final.status).toBe('CANCELLED');
    expect(final.result).toBeUndefined();
  });
});

describe('graceful shutdown', () => {
  test('stop lets short jobs finish, releases long ones without spending the attempt, then claims nothing', async () => {
    const block = blockPlugin();
    const shortDone: string[] = [];
    const quick = definePlugin({
      name: 'quick',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'quick',
          input: z.object({ ms: z.number().int() }),
          async run(ctx) {
            await new Promise((resolve) => setTimeout(resolve, ctx.input.ms));
            shortDone.push(ctx.job.id);
            return 'finished in time';
          },
        }),
      ],
    });
    const engine = await engines.create([block.plugin, quick], { concurrency: 4 });
    const longs = [await engine.enqueue('block', {}), await engine.enqueue('block', {})];
    await Promise.all(longs.map((j) => block.started(j.id)));
    const shorts = [await engine.enqueue('quick', { ms: 30 }), await engine.enqueue('quick', { ms: 60 })];
    await until(() => engine.executor.runningCount === 4, { label: 'all four jobs to run' });

    await engine.executor.stop(2000);

    for (const job of shorts) expect(await engine.get(job.id)).toMatchObject({ status: 'SUCCEEDED', result: 'finished in time' });
    expect(shortDone.sort()).toEqual(shorts.map((j) => j.id).sort());
    for (const job of longs) {
      const released = await engine.get(job.id);
      expect(released).toMatchObject({ status: 'QUEUED', attempt: 0, errors: [] });
      expect(released.finishedAt).toBeUndefined();
      expect(released.leaseOwner).toBeUndefined();
    }
    for (const run of block.runs) expect(await run.aborted).toBeInstanceOf(ShutdownError);
    expect(engine.executor.runningCount).toBe(0);
    expect(await engine.store.workers.list(0)).toEqual([]);

    // After stop, neither the released jobs nor a new one are claimed. (Nothing can announce that
    // something did not happen, so this one waits a little.)
    const late = await engine.enqueue('quick', { ms: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await engine.get(late.id)).toMatchObject({ status: 'QUEUED', attempt: 0 });
    for (const job of longs) expect((await engine.get(job.id)).status).toBe('QUEUED');
    expect(block.runs).toHaveLength(2);
  });

  test('released jobs run from their first attempt on the next start', async () => {
    const block = blockPlugin();
    const first = await engines.create([block.plugin]);
    const job = await first.enqueue('block', {});
    await block.started(job.id);
    await first.executor.stop(50);
    expect(await first.get(job.id)).toMatchObject({ status: 'QUEUED', attempt: 0 });

    // A second executor on the same store picks it up as attempt 1.
    const again = blockPlugin();
    again.release();
    const registry = new TaskRegistry();
    registry.add(again.plugin);
    const second = new Executor({
      store: first.store,
      catalog: registry,
      jobs: first.jobs,
      logger: silentLogger,
      concurrency: 2,
      leaseMs: 30_000,
      cancelGraceMs: 500,
      shutdownGraceMs: 500,
      progressWriteMs: 50,
      idleCheckMs: 60_000,
    });
    try {
      await second.start();
      const done = await first.waitForFinish(job.id);
      expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 1, errors: [] });
      expect(again.runs.map((r) => r.attempt)).toEqual([1]);
    } finally {
      await second.stop(500);
    }
  });
});

describe('leases', () => {
  test('at start, an exclusive store’s RUNNING jobs (left by a dead process) are recovered and run again', async () => {
    const block = blockPlugin();
    block.release();
    const engine = await engines.create([block.plugin], { start: false });
    const job = await engine.enqueue('block', {});
    const now = Date.now();
    const [claimed] = await engine.store.jobs.claim({
      workerId: 'dead-process',
      limit: 1,
      now,
      leaseMs: 3_600_000,
      types: ['block'],
      typeLimits: {},
    });
    expect(claimed?.id).toBe(job.id);

    await engine.executor.start();
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 2 });
    expect(done.errors.map((e) => e.code)).toEqual(['LEASE_EXPIRED']);
  });

  test('a lease lost to another worker aborts the handler, and its outcome is not reported', async () => {
    const block = blockPlugin();
    // leaseMs 1500 -> a heartbeat every 500 ms notices the loss.
    const engine = await engines.create([block.plugin], { leaseMs: 1500 });
    const job = await engine.enqueue('block', {});
    const run = await block.started(job.id);

    // Another worker takes the job over: the lease is recovered and re-claimed in one turn, before
    // this executor's wake-up on the re-queue can claim it back.
    const now = Date.now();
    const recovered = engine.store.jobs.recoverLeases(now, { allRunning: true });
    const stolen = engine.store.jobs.claim({ workerId: 'other', limit: 1, now, leaseMs: 3_600_000, types: ['block'], typeLimits: {} });
    expect((await recovered).map((j) => j.id)).toEqual([job.id]);
    expect((await stolen).map((j) => j.id)).toEqual([job.id]);

    const reason = (await run.aborted) as { code?: string };
    expect(reason.code).toBe('LEASE_LOST');
    await until(() => engine.executor.runningCount === 0, { label: 'the lost attempt to end' });
    await until(() => run.ended, { label: 'the handler to end' });
    const still = await engine.get(job.id);
    expect(still).toMatchObject({ status: 'RUNNING', leaseOwner: 'other', attempt: 2 });
    expect(still.errors.map((e) => e.code)).toEqual(['LEASE_EXPIRED']);

    // The new owner finishes it.
    const finished = await engine.store.jobs.finishAttempts([
      { jobId: job.id, workerId: 'other', now: Date.now(), outcome: { kind: 'succeeded', result: 'by other' } },
    ]);
    expect(finished.map((j) => j.status)).toEqual(['SUCCEEDED']);
    expect(block.runs).toHaveLength(1);
  });
});
