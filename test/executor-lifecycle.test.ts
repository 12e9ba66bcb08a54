/**
 * The executor's edges: stopping while a claim is in flight, options left undefined, and a job that
 * its own worker re-claims while the stale attempt still runs.
 */
import { describe, expect, test } from 'vitest';
import type { ClaimRequest } from '../src/engine/domain/claim-sharing.js';
import { definePlugin, defineTask, z } from '../src/tasks/plugin-api.js';
import { deferred, until } from './helpers/events.js';
import { useEngines } from './helpers/engine.js';

const engines = useEngines();

const runs: Array<{ attempt: number; aborted: () => boolean; reason: () => unknown }> = [];
const gate = { release: deferred() };

const plugin = definePlugin({
  name: 'lifecycle',
  version: '1.0.0',
  tasks: [
    defineTask({
      type: 'held',
      input: z.object({}),
      async run(ctx) {
        runs.push({ attempt: ctx.attempt, aborted: () => ctx.signal.aborted, reason: () => ctx.signal.reason });
        // The first attempt waits for the test (or its signal); later attempts finish at once.
        if (ctx.attempt === 1) {
          await Promise.race([
            gate.release.promise,
            new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true })),
          ]);
        }
        return { attempt: ctx.attempt };
      },
    }),
  ],
});

describe('executor lifecycle', () => {
  test('stop() during an in-flight claim gives back what the claim brought, attempt unspent, and runs nothing', async () => {
    runs.length = 0;
    const engine = await engines.create([plugin], { start: false });
    const inClaim = deferred();
    const proceed = deferred();
    const realClaim = engine.store.jobs.claim.bind(engine.store.jobs);
    engine.store.jobs.claim = async (req: ClaimRequest) => {
      inClaim.resolve();
      await proceed.promise;
      return realClaim(req);
    };
    const job = await engine.enqueue('held', {});
    await engine.executor.start();
    await inClaim.promise;
    const stopped = engine.executor.stop(1000);
    proceed.resolve();
    await stopped;
    const after = await engine.get(job.id);
    expect(after).toMatchObject({ status: 'QUEUED', attempt: 0, errors: [] });
    expect(after.leaseOwner).toBeUndefined();
    expect(runs).toHaveLength(0);
  });

  test('options left undefined keep their defaults (no heartbeat every millisecond)', async () => {
    const engine = await engines.create([plugin], { start: false, heartbeatMs: undefined, idleCheckMs: undefined });
    let upserts = 0;
    const realUpsert = engine.store.workers.upsert.bind(engine.store.workers);
    engine.store.workers.upsert = async (worker) => {
      upserts++;
      return realUpsert(worker);
    };
    await engine.executor.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // One heartbeat at start; the next is due a third of the 30 s lease later.
    expect(upserts).toBe(1);
  });

  test('a job re-claimed by its own worker aborts the stale attempt, which then reports nothing', async () => {
    runs.length = 0;
    gate.release = deferred();
    // A heartbeat that never comes within the 1 s lease: this worker's own lease recovery re-queues
    // the job while its first attempt still runs, and the executor claims it again.
    const engine = await engines.create([plugin], { concurrency: 2, leaseMs: 1000, heartbeatMs: 60_000 });
    const job = await engine.enqueue('held', {});
    await until(() => runs.length === 1, { label: 'the first attempt to start' });
    const finished = await engine.waitForFinish(job.id);
    expect(finished).toMatchObject({ status: 'SUCCEEDED', attempt: 2, result: { attempt: 2 } });
    expect(finished.errors.map((e) => e.code)).toEqual(['LEASE_EXPIRED']);
    expect(runs.map((r) => r.attempt)).toEqual([1, 2]);
    expect(runs[0]!.aborted()).toBe(true);
    expect((runs[0]!.reason() as { code?: string }).code).toBe('LEASE_LOST');
    await until(() => engine.executor.runningCount === 0, { label: 'the executor to be idle' });
    gate.release.resolve();
  });
});
