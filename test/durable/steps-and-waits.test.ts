/**
 * Durable steps and waits over the real executor and SQLite store: memoised steps across retries and
 * resumes, waits that free the slot and resume on a signal, an approval, an event or a time, and
 * what cancelling a waiting job does.
 */
import { describe, expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import { WaitService } from '../../src/engine/services/wait-service.js';
import { definePlugin, defineTask, RetryableError, WaitTimeoutError, z } from '../../src/tasks/plugin-api.js';
import { useEngines, type Engine } from '../helpers/engine.js';
import { deferred } from '../helpers/events.js';

const engines = useEngines();

/** Starts the engine after the watch is set, so no state change is missed. */
async function enqueueAndWatch(engine: Engine, type: string, payload: unknown, untilStatus: string, actor?: Actor) {
  const job = await engine.enqueue(type, payload, {}, actor);
  const reached = engine.waitForJob(job.id, (j) => j.status === untilStatus);
  return { job, reached };
}

describe('ctx.step', () => {
  test('a step that succeeded is not run again when the job retries; its stored result comes back', async () => {
    const runs: string[] = [];
    const plugin = definePlugin({
      name: 't',
      version: '1',
      tasks: [
        defineTask({
          type: 'two-steps',
          input: z.object({}),
          retry: { maxAttempts: 3, backoff: { kind: 'fixed', delayMs: 0 } },
          async run(ctx) {
            const a = await ctx.step('a', () => {
              runs.push(`a@${ctx.attempt}`);
              return { at: new Date(0), n: 1 };
            });
            if (ctx.attempt === 1) throw new RetryableError('once');
            const b = await ctx.step('b', () => {
              runs.push(`b@${ctx.attempt}`);
              return 2;
            });
            return { a, b };
          },
        }),
      ],
    });
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('two-steps', {});
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(runs).toEqual(['a@1', 'b@2']);
    // The stored JSON value comes back on replay (a Date is stored as its string).
    expect(done.result).toEqual({ a: { at: '1970-01-01T00:00:00.000Z', n: 1 }, b: 2 });
    const steps = await engine.store.steps.list(engine.actor.orgId, job.id);
    expect(steps.map((s) => [s.name, s.status, s.attempt])).toEqual([
      ['a', 'SUCCEEDED', 1],
      ['b', 'SUCCEEDED', 2],
    ]);
  });

  test('a step that throws is recorded FAILED with its error, and runs again on the next attempt', async () => {
    let calls = 0;
    const plugin = definePlugin({
      name: 't',
      version: '1',
      tasks: [
        defineTask({
          type: 'flaky-step',
          input: z.object({}),
          retry: { maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 0 } },
          run: (ctx) =>
            ctx.step('s', () => {
              calls++;
              if (calls === 1) throw new RetryableError('first call fails');
              return 'ok';
            }),
        }),
      ],
    });
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('flaky-step', {});
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toBe('ok');
    expect(calls).toBe(2);
    const [step] = await engine.store.steps.list(engine.actor.orgId, job.id);
    expect(step).toMatchObject({ name: 's', status: 'SUCCEEDED', attempt: 2 });
  });

  test('a name used twice in one run fails the job with a clear error', async () => {
    const plugin = definePlugin({
      name: 't',
      version: '1',
      tasks: [
        defineTask({
          type: 'dup',
          input: z.object({}),
          async run(ctx) {
            await ctx.step('x', () => 1);
            await ctx.step('x', () => 2);
          },
        }),
      ],
    });
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('dup', {});
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('FAILED');
    expect(done.errors.at(-1)).toMatchObject({ code: 'BAD_STEP', retryable: false });
    expect(done.errors.at(-1)!.message).toMatch(/used twice/);
  });
});

/** A task that drafts in a step, then waits for a signal; counts how often the draft ran. */
function signalPlugin(counter: { drafts: number }, opts: { timeoutMs?: number; concurrency?: number } = {}) {
  return definePlugin({
    name: 'waits',
    version: '1',
    tasks: [
      defineTask({
        type: 'await-signal',
        input: z.object({}),
        ...(opts.concurrency !== undefined && { concurrency: opts.concurrency }),
        async run(ctx) {
          const draft = await ctx.step('draft', () => {
            counter.drafts++;
            return 'draft text';
          });
          try {
            const data = await ctx.waitForSignal<{ ok: boolean }>('go', opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
            return { draft, data };
          } catch (error) {
            if (error instanceof WaitTimeoutError) return { draft, timedOut: error.waitName };
            throw error;
          }
        },
      }),
      defineTask({ type: 'quick', input: z.object({}), ...(opts.concurrency !== undefined && { concurrency: opts.concurrency }), run: () => 'quick' }),
    ],
  });
}

describe('waits', () => {
  test('a signal resumes a waiting job; the step before the wait ran once, and the attempt was not spent', async () => {
    const counter = { drafts: 0 };
    const engine = await engines.create([signalPlugin(counter)], { start: false });
    const { job, reached } = await enqueueAndWatch(engine, 'await-signal', {}, 'WAITING');
    await engine.executor.start();
    const waiting = await reached;
    // It shows the attempt it ran as; resumed, it goes on as the same attempt.
    expect(waiting).toMatchObject({ status: 'WAITING', attempt: 1 });
    expect(waiting.leaseOwner).toBeUndefined();
    expect(engine.executor.runningCount).toBe(0);
    const [wait] = await engine.store.waits.list(engine.actor.orgId, job.id);
    expect(wait).toMatchObject({ kind: 'SIGNAL', name: 'go' });
    expect(wait!.resolvedAt).toBeUndefined();
    expect(wait!.callbackToken).toMatch(/^[\w-]{32}$/);

    const waits = new WaitService(engine.store);
    const after = await waits.signal(engine.actor, job.id, 'go', { ok: true });
    expect(['QUEUED', 'RUNNING', 'SUCCEEDED']).toContain(after.status);
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 1, result: { draft: 'draft text', data: { ok: true } } });
    expect(counter.drafts).toBe(1);
    // Resolved once: a second signal of the same name is refused.
    await expect(waits.signal(engine.actor, job.id, 'go', {})).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  test('a signal sent before the job reaches its wait is kept and taken by the wait (the job never waits)', async () => {
    const gate = deferred();
    const seen: string[] = [];
    const plugin = definePlugin({
      name: 'early',
      version: '1',
      tasks: [
        defineTask({
          type: 'early',
          input: z.object({}),
          async run(ctx) {
            await gate.promise;
            return ctx.waitForSignal('go');
          },
        }),
      ],
    });
    const engine = await engines.create([plugin], { start: false });
    const job = await engine.enqueue('early', {});
    const running = engine.waitForJob(job.id, (j) => j.status === 'RUNNING');
    const statuses = (async () => {
      for (;;) {
        const j = await engine.waitForJob(job.id, () => true);
        seen.push(j.status);
        if (j.status === 'SUCCEEDED' || j.status === 'FAILED') return;
      }
    })();
    await engine.executor.start();
    await running;
    const waits = new WaitService(engine.store);
    await waits.signal(engine.actor, job.id, 'go', { early: true });
    gate.resolve();
    const done = await engine.waitForFinish(job.id);
    await statuses;
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: { early: true } });
    expect(seen).not.toContain('WAITING');
  });

  test('a wait that times out throws WaitTimeoutError, which the task can catch', async () => {
    const counter = { drafts: 0 };
    const engine = await engines.create([signalPlugin(counter, { timeoutMs: 30 })]);
    const job = await engine.enqueue('await-signal', {});
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: { draft: 'draft text', timedOut: 'go' } });
    expect(counter.drafts).toBe(1);
    const [wait] = await engine.store.waits.list(engine.actor.orgId, job.id);
    expect(wait).toMatchObject({ timedOut: true });
    expect(wait!.resolution).toBeUndefined();
    await expect(new WaitService(engine.store).signal(engine.actor, job.id, 'go', {})).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  test('sleep and sleepUntil wait without a slot and then go on', async () => {
    const plugin = definePlugin({
      name: 'sleepy',
      version: '1',
      tasks: [
        defineTask({
          type: 'sleepy',
          input: z.object({}),
          async run(ctx) {
            await ctx.sleep('nap', 20);
            await ctx.sleepUntil('past', new Date(0));
            return 'rested';
          },
        }),
      ],
    });
    const engine = await engines.create([plugin], { start: false });
    const { job, reached } = await enqueueAndWatch(engine, 'sleepy', {}, 'WAITING');
    await engine.executor.start();
    const waiting = await reached;
    expect(waiting.wakeAt).toBeGreaterThan(waiting.createdAt);
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: 'rested' });
    const waits = await engine.store.waits.list(engine.actor.orgId, job.id);
    expect(waits.map((w) => [w.name, w.kind, w.timedOut])).toEqual([
      ['nap', 'SLEEP', true],
      ['past', 'SLEEP', true],
    ]);
  });

  test('cancelling a waiting job cancels it at once', async () => {
    const engine = await engines.create([signalPlugin({ drafts: 0 })], { start: false });
    const { job, reached } = await enqueueAndWatch(engine, 'await-signal', {}, 'WAITING');
    await engine.executor.start();
    await reached;
    const cancelled = await engine.jobs.cancel(engine.actor, job.id);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.finishedAt).toBeDefined();
    await expect(new WaitService(engine.store).signal(engine.actor, job.id, 'go', {})).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  test('a waiting job holds no slot: a concurrency-1 type runs another job meanwhile', async () => {
    const engine = await engines.create([signalPlugin({ drafts: 0 }, { concurrency: 1 })], { start: false, concurrency: 1 });
    const { job, reached } = await enqueueAndWatch(engine, 'await-signal', {}, 'WAITING');
    await engine.executor.start();
    await reached;
    const other = await engine.enqueue('quick', {});
    expect((await engine.waitForFinish(other.id)).status).toBe('SUCCEEDED');
    expect((await engine.get(job.id)).status).toBe('WAITING');
    await new WaitService(engine.store).signal(engine.actor, job.id, 'go', 1);
    expect((await engine.waitForFinish(job.id)).status).toBe('SUCCEEDED');
  });

  test('an approval resolves the wait with { approved, comment, by }', async () => {
    const plugin = definePlugin({
      name: 'approve',
      version: '1',
      tasks: [
        defineTask({
          type: 'needs-ok',
          input: z.object({}),
          run: (ctx) => ctx.waitForApproval('publish', { prompt: 'Publish?', data: { draft: 'x' } }),
        }),
      ],
    });
    const engine = await engines.create([plugin], { start: false });
    const { job, reached } = await enqueueAndWatch(engine, 'needs-ok', {}, 'WAITING');
    await engine.executor.start();
    await reached;
    const [wait] = await engine.store.waits.list(engine.actor.orgId, job.id);
    expect(wait).toMatchObject({ kind: 'APPROVAL', prompt: 'Publish?', data: { draft: 'x' } });
    const waits = new WaitService(engine.store);
    await expect(waits.signal(engine.actor, job.id, 'publish', {})).rejects.toThrow(/approveJob/);
    await waits.approve(engine.actor, job.id, 'publish', false, 'not yet');
    const done = await engine.waitForFinish(job.id);
    expect(done.result).toEqual({ approved: false, comment: 'not yet', by: engine.actor.userId });
  });

  test('events resume the jobs of their org waiting with their key; one sent before the wait is kept for it', async () => {
    const plugin = definePlugin({
      name: 'events',
      version: '1',
      tasks: [
        defineTask({
          type: 'on-reply',
          input: z.object({ ticket: z.string(), before: z.boolean().default(false) }),
          async run(ctx) {
            return ctx.waitForEvent('crm.reply', { key: ctx.input.ticket });
          },
        }),
      ],
    });
    const engine = await engines.create([plugin], { start: false });
    const other: Actor = { orgId: 'org-other', userId: 'someone' };
    const a = await enqueueAndWatch(engine, 'on-reply', { ticket: 't1' }, 'WAITING');
    const b = await enqueueAndWatch(engine, 'on-reply', { ticket: 't2' }, 'WAITING');
    const c = await enqueueAndWatch(engine, 'on-reply', { ticket: 't1' }, 'WAITING', other);
    await engine.executor.start();
    await Promise.all([a.reached, b.reached, c.reached]);
    const waits = new WaitService(engine.store);
    const sent = await waits.sendEvent(engine.actor, 'crm.reply', 't1', { text: 'hi' });
    expect(sent.resumed).toBe(1);
    expect(sent.jobIds).toEqual([a.job.id]);
    expect((await engine.waitForFinish(a.job.id)).result).toEqual({ text: 'hi' });
    // The other org's job with the same key and the job with another key still wait.
    expect((await engine.get(b.job.id)).status).toBe('WAITING');
    expect((await engine.get(c.job.id, other.orgId)).status).toBe('WAITING');

    // An event sent before a job reaches its wait (but after the job was made) is taken by it.
    const d = await engine.enqueue('on-reply', { ticket: 't3' });
    await waits.sendEvent(engine.actor, 'crm.reply', 't3', { text: 'early' });
    expect((await engine.waitForFinish(d.id)).result).toEqual({ text: 'early' });
  });
});
