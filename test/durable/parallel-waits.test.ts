/**
 * Waits reached together (Promise.all) over the real executor and SQLite store: the job wakes at the
 * earliest timeout of its open waits, whichever was reached last, and a resolution of any of them
 * resumes it, including one that lands while the job is still going WAITING.
 */
import { describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { resumeIfResolved, suspensionOf } from '../../src/engine/runtime/executor/durable.js';
import { WaitService } from '../../src/engine/services/wait-service.js';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import { useEngines } from '../helpers/engine.js';

const engines = useEngines();
const HOUR = 3_600_000;

function bothPlugin() {
  return definePlugin({
    name: 'both',
    version: '1',
    tasks: [
      defineTask({
        type: 'both',
        input: z.object({}),
        async run(ctx) {
          // The later-reached wait has the later timeout: the job must still wake at the earlier one.
          const [a, b] = await Promise.all([ctx.waitForSignal('a', { timeoutMs: HOUR }), ctx.waitForSignal('b', { timeoutMs: 10 * HOUR })]);
          return { a, b };
        },
      }),
    ],
  });
}

describe('parallel waits', () => {
  test('a job on two waits wakes at the earliest open timeout; each signal resumes it, and it waits on what is left', async () => {
    const engine = await engines.create([bothPlugin()], { start: false });
    const job = await engine.enqueue('both', {});
    const waiting = engine.waitForJob(job.id, (j) => j.status === 'WAITING');
    await engine.executor.start();
    const first = await waiting;
    const waits = await engine.store.waits.list(engine.actor.orgId, job.id);
    expect(waits.map((w) => w.name).sort()).toEqual(['a', 'b']);
    const byName = new Map(waits.map((w) => [w.name, w]));
    expect(first.wakeAt).toBe(byName.get('a')!.timeoutAt);
    expect(byName.get('a')!.timeoutAt).toBeLessThan(byName.get('b')!.timeoutAt!);

    // a resolved: the job runs again and waits on b alone, until b's timeout.
    const service = new WaitService(engine.store);
    const again = engine.waitForJob(job.id, (j) => j.status === 'WAITING' && j.wakeAt === byName.get('b')!.timeoutAt);
    await service.signal(engine.actor, job.id, 'a', 1);
    expect((await again).wakeAt).toBe(byName.get('b')!.timeoutAt);

    await service.signal(engine.actor, job.id, 'b', 2);
    expect(await engine.waitForFinish(job.id)).toMatchObject({ status: 'SUCCEEDED', result: { a: 1, b: 2 } });
  });

  test('the suspension: the first wait, the earliest timeout (waits without one never wake the job by time), the others', () => {
    const wait = (timeoutAt?: number) => ({ id: newId(), orgId: 'o', jobId: 'j', name: newId(), kind: 'SIGNAL' as const, createdAt: 0, ...(timeoutAt !== undefined && { timeoutAt }) });
    const [x, y, z] = [wait(), wait(50), wait(20)];
    expect(suspensionOf([])).toBeUndefined();
    expect(suspensionOf([x])).toEqual({ waitId: x.id });
    expect(suspensionOf([x, y, z])).toEqual({ waitId: x.id, wakeAt: 20, others: [y.id, z.id] });
  });

  test('a second wait resolved while the job was still running resumes it once it is WAITING', async () => {
    const engine = await engines.create([bothPlugin()], { start: false });
    const { store, actor } = engine;
    const job = await engine.enqueue('both', {});
    const [running] = await store.jobs.claim({ workerId: 'w', limit: 1, now: Date.now(), leaseMs: 60_000, types: ['both'], typeLimits: {} });
    const open = (name: string) => store.waits.open({ id: newId(), orgId: actor.orgId, jobId: job.id, name, kind: 'SIGNAL', createdAt: Date.now() }, Date.now(), job.createdAt);
    const [a, b] = [await open('a'), await open('b')];
    // b is signalled before the suspend write: the job is RUNNING, so the signal resumes nothing.
    expect((await store.waits.signal({ orgId: actor.orgId, jobId: job.id, name: 'b', data: 2, at: Date.now() })).resolved?.job).toBeUndefined();
    const [after] = await store.jobs.finishAttempts([{ jobId: running!.id, workerId: 'w', outcome: { kind: 'waiting', waitId: a.id }, now: Date.now() }]);
    expect(after?.status).toBe('WAITING'); // the store checked a only
    expect(await resumeIfResolved(store, after!, [a.id], Date.now())).toBeUndefined();
    expect(await resumeIfResolved(store, after!, [b.id], Date.now())).toMatchObject({ id: job.id, status: 'QUEUED' });
  });
});
