/**
 * Results that cannot be stored, children spawned after a resume, and retries of jobs whose parent
 * is gone: each used to go wrong in a way a real deployment would meet.
 */
import { expect, test } from 'vitest';
import { definePlugin, defineTask, z } from '../src/tasks/plugin-api.js';
import { useEngines } from './helpers/engine.js';

const engines = useEngines();

const plugin = definePlugin({
  name: 'robustness',
  version: '1.0.0',
  tasks: [
    defineTask({ type: 'good', input: z.object({}), run: () => ({ ok: true }) }),
    defineTask({
      type: 'circular',
      input: z.object({}),
      run: () => {
        const result: Record<string, unknown> = {};
        result.self = result;
        return result;
      },
    }),
    defineTask({
      type: 'chunked',
      input: z.object({ chunks: z.number() }),
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 0 } },
      async run(ctx) {
        const from = (ctx.lastCheckpoint as number | undefined) ?? 0;
        const children = [];
        for (let i = from; i < ctx.input.chunks; i++) {
          children.push((await ctx.spawn('good', {}, {})).id);
          await ctx.checkpoint(i + 1);
          // The first attempt stops half way, as a crash would.
          if (ctx.attempt === 1 && i + 1 === ctx.input.chunks / 2) throw new Error('stopped half way');
        }
        return { children };
      },
    }),
  ],
});

test('a result that cannot be stored fails its own job only; reports in the same batch are written', async () => {
  const engine = await engines.create([plugin], { concurrency: 4 });
  const jobs = await engine.jobs.enqueueMany(engine.actor, [
    { type: 'good', payload: {} },
    { type: 'circular', payload: {} },
    { type: 'good', payload: {} },
  ]);
  const [a, bad, b] = await Promise.all(jobs.map((j) => engine.waitForFinish(j.id)));
  expect(a).toMatchObject({ status: 'SUCCEEDED', attempt: 1, result: { ok: true } });
  expect(b).toMatchObject({ status: 'SUCCEEDED', attempt: 1 });
  expect(bad).toMatchObject({ status: 'FAILED', attempt: 1 });
  expect(bad!.errors.map((e) => e.code)).toEqual(['BAD_RESULT']);
});

test('an attempt that resumed from a checkpoint spawns new children, not the earlier ones again', async () => {
  const engine = await engines.create([plugin], { concurrency: 4 });
  const parent = await engine.enqueue('chunked', { chunks: 4 });
  const done = await engine.waitForFinish(parent.id);
  expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 2 });
  const resumed = (done.result as { children: string[] }).children;
  // Attempt 2 resumed at chunk 3 and spawned chunks 3 and 4: two children of its own, and four in all.
  expect(resumed).toHaveLength(2);
  const all = await engine.store.jobs.children(parent.orgId, parent.id);
  expect(all).toHaveLength(4);
  expect(new Set(all.map((c) => c.id)).size).toBe(4);
});

test('retrying a job whose parent was deleted makes a job without a parent', async () => {
  const engine = await engines.create([plugin], { concurrency: 4 });
  const parent = await engine.enqueue('good', {});
  await engine.waitForFinish(parent.id);
  const child = await engine.enqueue('circular', {}, { parentId: parent.id });
  expect((await engine.waitForFinish(child.id)).status).toBe('FAILED');
  await engine.jobs.delete(engine.actor, parent.id);
  const retry = await engine.jobs.retry(engine.actor, child.id);
  expect(retry.retryOfId).toBe(child.id);
  expect(retry.parentId).toBeUndefined();
  expect(await engine.jobs.retryMany(engine.actor, { type: ['circular'], status: ['FAILED'] })).toBe(0);
});
