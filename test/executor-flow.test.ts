/**
 * The executor's scheduling and the task context: concurrency limits (process, type, org), delayed
 * jobs and wake-ups, parent/child jobs, checkpoints, progress and logs.
 */
import { describe, expect, test, vi } from 'vitest';
import type { Actor } from '../src/engine/domain/actor.js';
import type { ChangeEvent } from '../src/engine/domain/change-event.js';
import { definePlugin, defineTask, RetryableError, z } from '../src/tasks/plugin-api.js';
import { useEngines } from './helpers/engine.js';
import { deferred, recordEvents } from './helpers/events.js';

const engines = useEngines();
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts simultaneous runs, overall and per key (type, org), from inside the handler. */
function meter() {
  const now = new Map<string, number>();
  const max = new Map<string, number>();
  const starts: string[] = [];
  return {
    max: (key: string) => max.get(key) ?? 0,
    starts,
    async run<T>(keys: string[], body: () => Promise<T>): Promise<T> {
      for (const key of keys) {
        now.set(key, (now.get(key) ?? 0) + 1);
        max.set(key, Math.max(max.get(key) ?? 0, now.get(key)!));
      }
      starts.push(keys.join('|'));
      try {
        return await body();
      } finally {
        for (const key of keys) now.set(key, now.get(key)! - 1);
      }
    },
  };
}

function meteredPlugin(m: ReturnType<typeof meter>) {
  const task = (type: string, concurrency?: number) =>
    defineTask({
      type,
      input: z.object({ ms: z.number().int().default(30) }),
      ...(concurrency !== undefined && { concurrency }),
      run: (ctx) => m.run(['all', `type:${ctx.job.type}`, `org:${ctx.job.orgId}`], () => tick(ctx.input.ms)),
    });
  return definePlugin({ name: 'metered', version: '1.0.0', tasks: [task('free'), task('limited', 2)] });
}

describe('concurrency limits', () => {
  test('the executor never runs more than its concurrency at once', async () => {
    const m = meter();
    const engine = await engines.create([meteredPlugin(m)], { concurrency: 3 });
    const jobs = await engine.jobs.enqueueMany(engine.actor, Array.from({ length: 12 }, () => ({ type: 'free', payload: { ms: 20 } })));
    const done = await Promise.all(jobs.map((j) => engine.waitForFinish(j.id)));
    expect(done.every((j) => j.status === 'SUCCEEDED')).toBe(true);
    expect(m.max('all')).toBe(3);
  });

  test('a task type’s concurrency is never exceeded, and other types still run beside it', async () => {
    const m = meter();
    const engine = await engines.create([meteredPlugin(m)], { concurrency: 8 });
    const jobs = await engine.jobs.enqueueMany(engine.actor, [
      ...Array.from({ length: 10 }, () => ({ type: 'limited', payload: { ms: 20 } })),
      ...Array.from({ length: 4 }, () => ({ type: 'free', payload: { ms: 40 } })),
    ]);
    const done = await Promise.all(jobs.map((j) => engine.waitForFinish(j.id)));
    expect(done.every((j) => j.status === 'SUCCEEDED')).toBe(true);
    expect(m.max('type:limited')).toBe(2);
    expect(m.max('type:free')).toBe(4);
  });

  test('the per-org limit is never exceeded, and a busy org does not hold back another', async () => {
    const m = meter();
    const engine = await engines.create([meteredPlugin(m)], { concurrency: 6, orgConcurrency: 2 });
    const big: Actor = { orgId: 'org-big', userId: 'u1' };
    const small: Actor = { orgId: 'org-small', userId: 'u2' };
    const bigJobs = await engine.jobs.enqueueMany(big, Array.from({ length: 8 }, () => ({ type: 'free', payload: { ms: 30 } })));
    const smallJobs = await engine.jobs.enqueueMany(small, Array.from({ length: 4 }, () => ({ type: 'free', payload: { ms: 30 } })));
    const done = await Promise.all([...bigJobs, ...smallJobs].map((j) => engine.waitForFinish(j.id, 10_000, j.orgId)));
    expect(done.every((j) => j.status === 'SUCCEEDED')).toBe(true);
    expect(m.max('org:org-big')).toBe(2);
    expect(m.max('org:org-small')).toBe(2);
    expect(m.max('all')).toBeLessThanOrEqual(4);
    // The small org's first job started before the big org's last one, though it was enqueued after all of them.
    const firstSmall = m.starts.findIndex((s) => s.includes('org:org-small'));
    const lastBig = m.starts.findLastIndex((s) => s.includes('org:org-big'));
    expect(firstSmall).toBeLessThan(lastBig);
  });
});

describe('delays and wake-ups', () => {
  const stamp = () =>
    definePlugin({
      name: 'stamp',
      version: '1.0.0',
      tasks: [defineTask({ type: 'stamp', input: z.object({}), run: () => ({ ranAt: Date.now() }) })],
    });

  test('a delayed job starts only once it is due (woken by the due timer, not the idle check)', async () => {
    const engine = await engines.create([stamp()]);
    const job = await engine.enqueue('stamp', {}, { delayMs: 300 });
    expect(job.runAt - job.createdAt).toBe(300);
    expect(job.status).toBe('QUEUED');
    const done = await engine.waitForFinish(job.id, 5000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.startedAt).toBeGreaterThanOrEqual(job.runAt);
    expect((done.result as { ranAt: number }).ranAt).toBeGreaterThanOrEqual(job.runAt);
  });

  test('a job with an explicit runAt waits for it, and a later job does not hold up an earlier one', async () => {
    const engine = await engines.create([stamp()]);
    const later = await engine.enqueue('stamp', {}, { runAt: Date.now() + 60_000 });
    const sooner = await engine.enqueue('stamp', {}, { runAt: Date.now() + 150 });
    const done = await engine.waitForFinish(sooner.id, 5000);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.startedAt).toBeGreaterThanOrEqual(sooner.runAt);
    expect(await engine.get(later.id)).toMatchObject({ status: 'QUEUED', attempt: 0 });
    await engine.jobs.cancel(engine.actor, later.id);
  });

  test('a job that becomes due while a claim is in flight is not skipped', async () => {
    // Timers may fire a millisecond before Date.now() reaches their time, so the due timer's claim
    // can run just before the job is due, and the clock moves on while it runs. Simulated here with
    // a clock that only moves during claims: the next due time must be looked up from the claim's
    // time, or the job waits for the idle check (a minute here).
    const engine = await engines.create([stamp()], { start: false });
    let clock = Date.now();
    const now = vi.spyOn(Date, 'now').mockImplementation(() => clock);
    const claim = engine.store.jobs.claim.bind(engine.store.jobs);
    const firstClaim = deferred();
    vi.spyOn(engine.store.jobs, 'claim').mockImplementation(async (request) => {
      const claimed = await claim(request);
      clock += 200;
      firstClaim.resolve();
      return claimed;
    });
    try {
      await engine.executor.start();
      await firstClaim.promise; // the start-up claim is over: the next one is the due timer's
      const job = await engine.enqueue('stamp', {}, { delayMs: 50 });
      const done = await engine.waitForFinish(job.id, 5000);
      expect(done.status).toBe('SUCCEEDED');
      expect(done.startedAt).toBeGreaterThanOrEqual(job.runAt);
    } finally {
      now.mockRestore();
    }
  });

  test('a new job wakes an idle executor at once, without waiting for the idle check', async () => {
    const engine = await engines.create([stamp()], { idleCheckMs: 60_000 });
    const warmUp = await engine.enqueue('stamp', {});
    await engine.waitForFinish(warmUp.id, 5000);
    // Let the executor settle into idleness (its post-attempt claim finds nothing).
    await tick(100);
    const job = await engine.enqueue('stamp', {});
    const done = await engine.waitForFinish(job.id, 5000);
    expect(done.status).toBe('SUCCEEDED');
  });
});

describe('parent and child jobs', () => {
  function family() {
    const parentRuns: Array<{ attempt: number; spawned: string[] }> = [];
    const plugin = definePlugin({
      name: 'family',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'parent',
          input: z.object({ children: z.number().int(), failFirst: z.boolean().default(false), failChild: z.number().int().default(-1) }),
          retry: { maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 10 } },
          async run(ctx) {
            const spawned = [];
            for (let i = 0; i < ctx.input.children; i++) {
              spawned.push(await ctx.spawn('child', { i, fail: i === ctx.input.failChild }, { maxAttempts: 1 }));
            }
            parentRuns.push({ attempt: ctx.attempt, spawned: spawned.map((c) => c.id) });
            if (ctx.input.failFirst && ctx.attempt === 1) throw new RetryableError('parent fails once after spawning');
            const children = await ctx.waitForChildren();
            return children.map((c) => ({ id: c.id, status: c.status, result: c.result ?? null })).sort((a, b) => a.id.localeCompare(b.id));
          },
        }),
        defineTask({
          type: 'child',
          input: z.object({ i: z.number().int(), fail: z.boolean() }),
          async run(ctx) {
            await tick(10 + ctx.input.i * 5);
            if (ctx.input.fail) throw new Error(`child ${ctx.input.i} failed`);
            return ctx.input.i * 10;
          },
        }),
      ],
    });
    return { plugin, parentRuns };
  }

  test('spawn creates children linked to the parent; waitForChildren resolves with them finished', async () => {
    const { plugin, parentRuns } = family();
    const engine = await engines.create([plugin]);
    const parent = await engine.enqueue('parent', { children: 3, failChild: 1 });
    const done = await engine.waitForFinish(parent.id);
    expect(done.status).toBe('SUCCEEDED');

    const children = await engine.jobs.list(engine.actor, { parentId: parent.id }, 'CREATED_ASC', { first: 50 });
    expect(children.items).toHaveLength(3);
    for (const { node } of children.items) {
      expect(node.parentId).toBe(parent.id);
      expect(node.orgId).toBe(engine.actor.orgId);
      expect(node.createdBy).toBe(`job:${parent.id}`);
    }
    const byId = new Map(children.items.map(({ node }) => [node.id, node]));
    expect(done.result).toEqual(
      parentRuns[0]!.spawned
        .map((id) => ({ id, status: byId.get(id)!.status, result: byId.get(id)!.result ?? null }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );
    const statuses = (done.result as Array<{ status: string; result: unknown }>).map((c) => `${c.status}:${String(c.result)}`).sort();
    expect(statuses).toEqual(['FAILED:null', 'SUCCEEDED:0', 'SUCCEEDED:20']);
  });

  test('a retried parent does not spawn its children twice', async () => {
    const { plugin, parentRuns } = family();
    const engine = await engines.create([plugin]);
    const parent = await engine.enqueue('parent', { children: 2, failFirst: true });
    const done = await engine.waitForFinish(parent.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 2 });
    expect(parentRuns.map((r) => r.attempt)).toEqual([1, 2]);
    expect(parentRuns[1]!.spawned).toEqual(parentRuns[0]!.spawned);
    expect(await engine.store.jobs.children(parent.orgId, parent.id)).toHaveLength(2);
    expect(await engine.jobs.count(engine.actor, { parentId: parent.id })).toBe(2);
  });

  test('waitForChildren with no children resolves at once', async () => {
    const { plugin } = family();
    const engine = await engines.create([plugin]);
    const parent = await engine.enqueue('parent', { children: 0 });
    expect(await engine.waitForFinish(parent.id)).toMatchObject({ status: 'SUCCEEDED', result: [] });
  });
});

describe('checkpoints', () => {
  function chunker() {
    const starts: Array<{ jobId: string; attempt: number; from: number; lastCheckpoint: unknown }> = [];
    const plugin = definePlugin({
      name: 'chunker',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'chunks',
          input: z.object({ chunks: z.number().int(), failAt: z.number().int().default(-1), failOnRetryJob: z.boolean().default(false) }),
          retry: { maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 10 } },
          async run(ctx) {
            const last = ctx.lastCheckpoint as { next: number } | undefined;
            const from = last?.next ?? 0;
            starts.push({ jobId: ctx.job.id, attempt: ctx.attempt, from, lastCheckpoint: ctx.lastCheckpoint });
            const done: number[] = [];
            for (let c = from; c < ctx.input.chunks; c++) {
              const mayFail = ctx.job.retryOfId === undefined || ctx.input.failOnRetryJob;
              if (c === ctx.input.failAt && ctx.attempt === 1 && mayFail) throw new Error(`chunk ${c} broke`);
              done.push(c);
              await ctx.checkpoint({ next: c + 1 });
            }
            return done;
          },
        }),
      ],
    });
    return { plugin, starts };
  }

  test('the next attempt starts from the last checkpoint', async () => {
    const { plugin, starts } = chunker();
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('chunks', { chunks: 6, failAt: 3 });
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 2, result: [3, 4, 5], checkpoint: { next: 6 } });
    expect(starts.map((s) => [s.attempt, s.from])).toEqual([
      [1, 0],
      [2, 3],
    ]);
    expect(starts[0]!.lastCheckpoint).toBeUndefined();
    expect(starts[1]!.lastCheckpoint).toEqual({ next: 3 });
  });

  test('a manual retry from the checkpoint carries it into a new job; a plain retry starts over', async () => {
    const { plugin, starts } = chunker();
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('chunks', { chunks: 5, failAt: 2 }, { maxAttempts: 1 });
    const failed = await engine.waitForFinish(job.id);
    expect(failed).toMatchObject({ status: 'FAILED', checkpoint: { next: 2 } });

    const resumed = await engine.jobs.retry(engine.actor, job.id, { fromCheckpoint: true });
    expect(resumed.id).not.toBe(job.id);
    expect(resumed).toMatchObject({ retryOfId: job.id, checkpoint: { next: 2 }, payload: failed.payload, maxAttempts: 1 });
    expect(await engine.waitForFinish(resumed.id)).toMatchObject({ status: 'SUCCEEDED', result: [2, 3, 4] });

    const fresh = await engine.jobs.retry(engine.actor, job.id);
    expect(fresh.retryOfId).toBe(job.id);
    expect(fresh.checkpoint).toBeUndefined();
    expect(await engine.waitForFinish(fresh.id)).toMatchObject({ status: 'SUCCEEDED', result: [0, 1, 2, 3, 4] });

    expect(starts.map((s) => [s.jobId, s.from])).toEqual([
      [job.id, 0],
      [resumed.id, 2],
      [fresh.id, 0],
    ]);
    expect(await engine.jobs.count(engine.actor, { retryOfId: job.id })).toBe(2);
  });
});

describe('progress and logs', () => {
  test('progress is stored coalesced, but every call is announced; logs are stored and announced in order', async () => {
    const plugin = definePlugin({
      name: 'reporter',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'reporter',
          input: z.object({}),
          async run(ctx) {
            for (let i = 1; i <= 20; i++) ctx.progress(i * 5, `step ${i}`, { i });
            const levels = ['debug', 'info', 'warn', 'error'] as const;
            for (let i = 1; i <= 30; i++) {
              ctx.log[levels[i % 4]!](`line ${i}`, i % 5 === 0 ? { i } : undefined);
              if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
            }
            return 'reported';
          },
        }),
      ],
    });
    const engine = await engines.create([plugin], { progressWriteMs: 50 });
    const writes = vi.spyOn(engine.store.jobs, 'saveProgress');
    const recorder = recordEvents(engine.store.changes);
    const job = await engine.enqueue('reporter', {});
    const done = await engine.waitForFinish(job.id);
    recorder.stop();
    expect(done.status).toBe('SUCCEEDED');

    const progress = recorder.events.filter((e): e is Extract<ChangeEvent, { kind: 'job.progress' }> => e.kind === 'job.progress');
    expect(progress.map((e) => e.job.progress?.percent)).toEqual(Array.from({ length: 20 }, (_, k) => (k + 1) * 5));
    expect(progress.every((e) => e.job.id === job.id && e.job.status === 'RUNNING')).toBe(true);
    expect(progress.at(-1)!.job.progress).toMatchObject({ percent: 100, message: 'step 20', data: { i: 20 } });

    expect(writes.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(writes.mock.calls.length).toBeLessThan(20);
    expect(done.progress).toMatchObject({ percent: 100, message: 'step 20', data: { i: 20 } });

    const logs = await engine.logs(job.id);
    expect(logs.map((l) => [l.seq, l.message])).toEqual(Array.from({ length: 30 }, (_, k) => [k + 1, `line ${k + 1}`]));
    expect(logs.map((l) => l.level).slice(0, 4)).toEqual(['INFO', 'WARN', 'ERROR', 'DEBUG']);
    expect(logs[4]!.data).toEqual({ i: 5 });
    expect(logs[0]!.data).toBeUndefined();
    const logEvents = recorder.events.filter((e): e is Extract<ChangeEvent, { kind: 'job.log' }> => e.kind === 'job.log');
    expect(logEvents.map((e) => e.log.seq)).toEqual(Array.from({ length: 30 }, (_, k) => k + 1));
    // Every log line was announced before the job's final state.
    const finishedAt = recorder.events.findIndex((e) => e.kind === 'job.updated' && e.job.status === 'SUCCEEDED');
    expect(recorder.events.findLastIndex((e) => e.kind === 'job.log')).toBeLessThan(finishedAt);
  });

  test('progress spread over time is written more than once, never more often than the write interval allows', async () => {
    const plugin = definePlugin({
      name: 'slow-reporter',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'slow-reporter',
          input: z.object({}),
          async run(ctx) {
            for (let i = 1; i <= 10; i++) {
              ctx.progress(i * 10);
              await tick(15);
            }
          },
        }),
      ],
    });
    const engine = await engines.create([plugin], { progressWriteMs: 40 });
    const writes = vi.spyOn(engine.store.jobs, 'saveProgress');
    const job = await engine.enqueue('slow-reporter', {});
    const started = Date.now();
    const done = await engine.waitForFinish(job.id);
    const elapsed = Date.now() - started;
    expect(done.progress?.percent).toBe(100);
    expect(writes.mock.calls.length).toBeGreaterThanOrEqual(2);
    // At most one write per interval (give or take a millisecond of timer skew), plus the final flush.
    expect(writes.mock.calls.length).toBeLessThanOrEqual(Math.floor(elapsed / 35) + 2);
  });
});
