/**
 * Bulk actions and retention purges write a few hundred jobs per transaction and let the event loop
 * run between writes, so other requests are served while they work (the real SQLite store, counted).
 */
import { describe, expect, test } from 'vitest';
import sleepPlugin from '../plugins/sleep/index.js';
import { CHUNK } from '../src/engine/services/chunked.js';
import { Retention } from '../src/engine/runtime/retention.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import type { JobRepository } from '../src/engine/store/port.js';
import { useEngines, type Engine } from './helpers/engine.js';

const engines = useEngines();
const N = CHUNK * 2 + 17;

/** Counts the calls of one repository method and the largest number of ids one call took. */
function countCalls<K extends 'requestCancelMany' | 'deleteFinished' | 'purgeFinished' | 'insert'>(jobs: JobRepository, method: K) {
  const seen = { calls: 0, largest: 0 };
  const original = jobs[method].bind(jobs) as (...args: unknown[]) => Promise<unknown>;
  (jobs as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    seen.calls++;
    // The ids (an array argument), or purgeFinished's `max`.
    const list = args.find(Array.isArray) as unknown[] | undefined;
    const size = list ? list.length : (args[1] as number);
    seen.largest = Math.max(seen.largest, size);
    return original(...args);
  };
  return seen;
}

/** How many times the loop got to run queued callbacks (setImmediate) while `work` ran. */
async function loopTurnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const tick = () => {
    if (done) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  await work;
  done = true;
  return turns;
}

async function enqueueMany(engine: Engine, n: number) {
  const inputs = Array.from({ length: n }, (_, i) => ({ type: 'sleep', payload: { ms: i } }));
  return engine.jobs.enqueueMany(engine.actor, inputs);
}

describe('bulk actions in chunks', () => {
  test('cancelJobs cancels every match in chunks of at most CHUNK, the loop running in between', async () => {
    const engine = await engines.create([sleepPlugin], { start: false });
    await enqueueMany(engine, N);
    const seen = countCalls(engine.store.jobs, 'requestCancelMany');
    let cancelled = 0;
    const turns = await loopTurnsDuring(engine.jobs.cancelMany(engine.actor, {}).then((n) => (cancelled = n)));
    expect(cancelled).toBe(N);
    expect(seen.calls).toBe(3);
    expect(seen.largest).toBe(CHUNK);
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(await engine.store.jobs.count(engine.actor.orgId, { status: ['CANCELLED'] })).toBe(N);
    // Again: nothing left to cancel, nothing counted.
    expect(await engine.jobs.cancelMany(engine.actor, {})).toBe(0);
  });

  test('deleteJobs deletes in chunks of at most CHUNK', async () => {
    const engine = await engines.create([sleepPlugin], { start: false });
    await enqueueMany(engine, N);
    await engine.jobs.cancelMany(engine.actor, {});
    const seen = countCalls(engine.store.jobs, 'deleteFinished');
    let deleted = 0;
    const turns = await loopTurnsDuring(engine.jobs.deleteMany(engine.actor, {}).then((n) => (deleted = n)));
    expect(deleted).toBe(N);
    expect(seen.calls).toBe(3);
    expect(seen.largest).toBe(CHUNK);
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(await engine.store.jobs.count(engine.actor.orgId, {})).toBe(0);
  });

  test('retryJobs writes its retries in chunks of at most CHUNK, one audit entry for the call, each job retried once', async () => {
    const engine = await engines.create([sleepPlugin], { start: false });
    await enqueueMany(engine, N);
    await engine.jobs.cancelMany(engine.actor, {});
    const seen = countCalls(engine.store.jobs, 'insert');
    const enqueueEntries = await engine.store.audit.count(engine.actor.orgId, { action: ['job.enqueue'] });
    let retried = 0;
    const turns = await loopTurnsDuring(engine.jobs.retryMany(engine.actor, { status: ['CANCELLED'] }).then((n) => (retried = n)));
    expect(retried).toBe(N);
    expect(seen.calls).toBe(3);
    expect(seen.largest).toBe(CHUNK);
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(await engine.store.jobs.count(engine.actor.orgId, { status: ['QUEUED'] })).toBe(N);
    const audit = await engine.store.audit.list(engine.actor.orgId, { action: ['job.retryMany'] }, { first: 10 });
    expect(audit.items.map((i) => i.node.details)).toEqual([expect.objectContaining({ count: N })]);
    expect(await engine.store.audit.count(engine.actor.orgId, { action: ['job.enqueue'] })).toBe(enqueueEntries);
    // Again: every one was retried already.
    expect(await engine.jobs.retryMany(engine.actor, { status: ['CANCELLED'] })).toBe(0);
  });

  test('a retention purge takes at most CHUNK jobs per write, the loop running between writes', async () => {
    const engine = await engines.create([sleepPlugin], { start: false });
    await enqueueMany(engine, N);
    await engine.jobs.cancelMany(engine.actor, {});
    const seen = countCalls(engine.store.jobs, 'purgeFinished');
    const retention = new Retention(engine.store, { jobsMs: 1, llmCallsMs: 0 }, silentLogger);
    let purged = 0;
    const turns = await loopTurnsDuring(retention.purge(Date.now() + 60_000).then((r) => (purged = r.jobs)));
    expect(purged).toBe(N);
    // Each write is sized by how long the last one held the loop (runtime/paced-chunks.ts), never past CHUNK.
    expect(seen.largest).toBeLessThanOrEqual(CHUNK);
    expect(seen.calls).toBeGreaterThanOrEqual(3);
    expect(turns).toBeGreaterThanOrEqual(seen.calls - 1);
    expect(await engine.store.jobs.count(engine.actor.orgId, {})).toBe(0);
  });
});
