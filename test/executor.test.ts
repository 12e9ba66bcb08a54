/**
 * The executor over the real SQLite store: how an attempt's end becomes the job's state (success,
 * retries with backoff, fatal errors, timeouts), plus unit tests of the backoff policy.
 * Cancellation and shutdown: executor-cancel.test.ts; concurrency, delays, children, checkpoints,
 * progress and logs: executor-flow.test.ts; JobService rules: executor-job-service.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, type Backoff } from '../src/engine/domain/backoff.js';
import { TimeoutError } from '../src/engine/domain/errors.js';
import { newId } from '../src/engine/domain/ids.js';
import type { Job } from '../src/engine/domain/types.js';
import { definePlugin, defineTask, FatalError, RetryableError, z } from '../src/tasks/plugin-api.js';
import { useEngines } from './helpers/engine.js';
import { recordEvents } from './helpers/events.js';

const engines = useEngines();

describe('backoffDelay', () => {
  test('fixed: the same delay after every attempt', () => {
    for (const attempt of [1, 2, 7, 50]) expect(backoffDelay({ kind: 'fixed', delayMs: 250 }, attempt)).toBe(250);
  });

  test('ladder: one delay per retry, the last one repeats', () => {
    const ladder: Backoff = { kind: 'ladder', delaysMs: [100, 200, 500] };
    expect([1, 2, 3, 4, 5, 20].map((a) => backoffDelay(ladder, a))).toEqual([100, 200, 500, 500, 500, 500]);
    expect(backoffDelay({ kind: 'ladder', delaysMs: [42] }, 9)).toBe(42);
    expect(backoffDelay({ kind: 'ladder', delaysMs: [] }, 1)).toBe(0);
  });

  test('exponential: doubles from the base, capped at the maximum', () => {
    const exp = { kind: 'exponential', baseMs: 100, maxMs: 1000, jitter: 0 } as const;
    expect([1, 2, 3, 4, 5, 6, 30].map((a) => backoffDelay(exp, a))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    // A middle random value means no jitter at all, whatever the jitter fraction.
    const half = () => 0.5;
    expect([1, 2, 3].map((a) => backoffDelay({ ...exp, jitter: 0.5 }, a, half))).toEqual([100, 200, 400]);
  });

  test('exponential: jitter spreads the delay by at most the fraction, with the injected random', () => {
    const exp = { kind: 'exponential', baseMs: 1000, maxMs: 100_000, jitter: 0.2 } as const;
    expect(backoffDelay(exp, 1, () => 0)).toBe(800);
    expect(backoffDelay(exp, 1, () => 0.75)).toBe(1100);
    expect(backoffDelay(exp, 3, () => 0)).toBe(3200);
    expect(backoffDelay(exp, 3, () => 0.999999)).toBeLessThanOrEqual(4800);
    expect(backoffDelay(exp, 3, () => 0.999999)).toBeGreaterThan(4790);
    // Full jitter never goes below zero.
    expect(backoffDelay({ ...exp, jitter: 1 }, 1, () => 0)).toBe(0);
    for (let k = 0; k < 200; k++) {
      const delay = backoffDelay(exp, 2);
      expect(delay).toBeGreaterThanOrEqual(1600);
      expect(delay).toBeLessThanOrEqual(2400);
    }
  });

  test('exponential defaults: 1 s base, 5 min cap', () => {
    const mid = () => 0.5;
    expect(backoffDelay({ kind: 'exponential' }, 1, mid)).toBe(1000);
    expect(backoffDelay({ kind: 'exponential' }, 4, mid)).toBe(8000);
    expect(backoffDelay({ kind: 'exponential' }, 40, mid)).toBe(300_000);
    expect(backoffDelay(DEFAULT_BACKOFF, 2, mid)).toBe(2000);
  });
});

describe('attempt outcomes', () => {
  test('a handler that returns makes the job SUCCEEDED with its result', async () => {
    const seen: Array<{ attempt: number; key: string; input: unknown; jobId: string; aborted: boolean }> = [];
    const plugin = definePlugin({
      name: 'echo',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'echo',
          input: z.object({ text: z.string(), times: z.number().int().default(2) }),
          run(ctx) {
            seen.push({ attempt: ctx.attempt, key: ctx.idempotencyKey, input: ctx.input, jobId: ctx.job.id, aborted: ctx.signal.aborted });
            return { echoed: ctx.input.text.repeat(ctx.input.times) };
          },
        }),
      ],
    });
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('echo', { text: 'ab' });
    expect(job.payload).toEqual({ text: 'ab', times: 2 });
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: { echoed: 'abab' }, attempt: 1, errors: [] });
    expect(done.startedAt).toBeGreaterThanOrEqual(done.runAt);
    expect(done.finishedAt).toBeGreaterThanOrEqual(done.startedAt!);
    expect(done.leaseOwner).toBeUndefined();
    expect(seen).toEqual([{ attempt: 1, key: job.id, input: { text: 'ab', times: 2 }, jobId: job.id, aborted: false }]);

    const keyed = await engine.enqueue('echo', { text: 'x', times: 1 }, { idempotencyKey: 'my-key' });
    await engine.waitForFinish(keyed.id);
    expect(seen.at(-1)?.key).toBe('my-key');

    // undefined is stored as null, so "succeeded with no result" is explicit.
    const nothing = definePlugin({
      name: 'void',
      version: '1.0.0',
      tasks: [defineTask({ type: 'void', input: z.object({}), run: () => undefined })],
    });
    const other = await engines.create([nothing]);
    const v = await other.enqueue('void', {});
    expect(await other.waitForFinish(v.id)).toMatchObject({ status: 'SUCCEEDED', result: null });
  });

  function flakyPlugin(calls: Array<{ attempt: number; key: string }>) {
    return definePlugin({
      name: 'flaky',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'flaky',
          input: z.object({
            failTimes: z.number().int(),
            how: z.enum(['retryable', 'plain', 'string', 'fatal', 'typeerror']).default('retryable'),
            retryAfterMs: z.number().int().optional(),
          }),
          retry: { maxAttempts: 3, backoff: { kind: 'fixed', delayMs: 10 } },
          run(ctx) {
            calls.push({ attempt: ctx.attempt, key: ctx.idempotencyKey });
            const { failTimes, how, retryAfterMs } = ctx.input;
            if (ctx.attempt > failTimes) return { attempt: ctx.attempt };
            const message = `failure ${ctx.attempt}`;
            switch (how) {
              case 'retryable':
                throw new RetryableError(message, retryAfterMs === undefined ? {} : { retryAfterMs });
              case 'plain':
                throw new Error(message);
              case 'string':
                throw message;
              case 'typeerror':
                throw new TypeError(message);
              case 'fatal':
                throw new FatalError(message, { code: 'BAD_INPUT' });
            }
          },
        }),
      ],
    });
  }

  test('RetryableError: retried after the backoff, then SUCCEEDED, with each failed attempt’s error', async () => {
    const calls: Array<{ attempt: number; key: string }> = [];
    const engine = await engines.create([flakyPlugin(calls)]);
    const recorder = recordEvents(engine.store.changes);
    const job = await engine.enqueue('flaky', { failTimes: 2 });
    const done = await engine.waitForFinish(job.id);
    recorder.stop();

    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toEqual({ attempt: 3 });
    expect(done.attempt).toBe(3);
    expect(done.errors.map((e) => ({ message: e.message, code: e.code, attempt: e.attempt, retryable: e.retryable }))).toEqual([
      { message: 'failure 1', code: 'RETRYABLE', attempt: 1, retryable: true },
      { message: 'failure 2', code: 'RETRYABLE', attempt: 2, retryable: true },
    ]);
    expect(calls).toEqual([
      { attempt: 1, key: job.id },
      { attempt: 2, key: job.id },
      { attempt: 3, key: job.id },
    ]);

    // Each retry waited as QUEUED with runAt = the failure time + the fixed backoff, and the next
    // attempt started no earlier than that.
    const updates = recorder.events.flatMap((e) => (e.kind === 'job.updated' && e.job.id === job.id ? [e.job] : []));
    const retries = updates.filter((j) => j.status === 'QUEUED');
    expect(retries).toHaveLength(2);
    for (const retry of retries) expect(retry.runAt - retry.errors.at(-1)!.at).toBe(10);
    const starts = updates.filter((j) => j.status === 'RUNNING');
    expect(starts.map((j) => j.attempt)).toEqual([1, 2, 3]);
    expect(starts[1]!.startedAt).toBeGreaterThanOrEqual(retries[0]!.runAt);
    expect(starts[2]!.startedAt).toBeGreaterThanOrEqual(retries[1]!.runAt);
  });

  test('plain errors and thrown strings are retried too, and recorded readably', async () => {
    const calls: Array<{ attempt: number; key: string }> = [];
    const engine = await engines.create([flakyPlugin(calls)]);
    const plain = await engine.enqueue('flaky', { failTimes: 1, how: 'plain' });
    const str = await engine.enqueue('flaky', { failTimes: 1, how: 'string' });
    const typed = await engine.enqueue('flaky', { failTimes: 1, how: 'typeerror' });
    const [p, s, t] = await Promise.all([plain, str, typed].map((j) => engine.waitForFinish(j.id)));
    expect(p).toMatchObject({ status: 'SUCCEEDED', attempt: 2 });
    expect(p!.errors).toEqual([expect.objectContaining({ message: 'failure 1', retryable: true, attempt: 1 })]);
    expect(p!.errors[0]!.code).toBeUndefined();
    expect(s).toMatchObject({ status: 'SUCCEEDED', attempt: 2 });
    expect(s!.errors[0]).toMatchObject({ message: 'failure 1', retryable: true });
    expect(t!.errors[0]).toMatchObject({ message: 'failure 1', code: 'TypeError', retryable: true });
  });

  test('retries exhausted: FAILED with every attempt’s error, oldest first', async () => {
    const calls: Array<{ attempt: number; key: string }> = [];
    const engine = await engines.create([flakyPlugin(calls)]);
    const job = await engine.enqueue('flaky', { failTimes: 99, how: 'plain' });
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('FAILED');
    expect(done.attempt).toBe(3);
    expect(done.errors.map((e) => [e.attempt, e.message])).toEqual([
      [1, 'failure 1'],
      [2, 'failure 2'],
      [3, 'failure 3'],
    ]);
    expect(done.finishedAt).toBeDefined();
    expect(calls).toHaveLength(3);

    // The job's own maxAttempts overrides the task's.
    const once = await engine.enqueue('flaky', { failTimes: 99 }, { maxAttempts: 1 });
    const failedOnce = await engine.waitForFinish(once.id);
    expect(failedOnce).toMatchObject({ status: 'FAILED', attempt: 1, maxAttempts: 1 });
    expect(failedOnce.errors).toHaveLength(1);
  });

  test('FatalError: FAILED after one attempt, not retryable', async () => {
    const calls: Array<{ attempt: number; key: string }> = [];
    const engine = await engines.create([flakyPlugin(calls)]);
    const job = await engine.enqueue('flaky', { failTimes: 5, how: 'fatal' });
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'FAILED', attempt: 1 });
    expect(done.errors).toEqual([expect.objectContaining({ message: 'failure 1', code: 'BAD_INPUT', retryable: false, attempt: 1 })]);
    expect(calls).toHaveLength(1);
  });

  test('RetryableError.retryAfterMs overrides the backoff for that retry', async () => {
    const calls: Array<{ attempt: number; key: string }> = [];
    const engine = await engines.create([flakyPlugin(calls)]);
    const recorder = recordEvents(engine.store.changes);
    const job = await engine.enqueue('flaky', { failTimes: 1, retryAfterMs: 300 });
    const done = await engine.waitForFinish(job.id);
    recorder.stop();
    expect(done.status).toBe('SUCCEEDED');
    const retry = recorder.events.find(
      (e): e is { kind: 'job.updated'; job: Job } => e.kind === 'job.updated' && e.job.status === 'QUEUED',
    )!.job;
    expect(retry.runAt - retry.errors[0]!.at).toBe(300);
    expect(done.startedAt).toBeGreaterThanOrEqual(retry.runAt);
  });

  test('a payload that no longer matches the schema fails at once with a fatal error', async () => {
    const calls: Array<{ attempt: number; key: string }> = [];
    const engine = await engines.create([flakyPlugin(calls)]);
    const now = Date.now();
    const [inserted] = await engine.store.jobs.insert([
      { id: newId(), orgId: engine.actor.orgId, type: 'flaky', priority: 0, payload: { failTimes: 'many' }, maxAttempts: 3, runAt: now, createdAt: now },
    ]);
    const job = inserted!.job;
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'FAILED', attempt: 1 });
    expect(done.errors[0]).toMatchObject({ retryable: false, code: 'FATAL' });
    expect(done.errors[0]!.message).toContain('failTimes');
    expect(calls).toHaveLength(0);
  });
});

describe('timeouts', () => {
  function slowPlugin(reasons: unknown[], typeTimeoutMs?: number) {
    return definePlugin({
      name: 'slow',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'slow',
          input: z.object({ fastFrom: z.number().int().default(99) }),
          ...(typeTimeoutMs !== undefined && { timeoutMs: typeTimeoutMs }),
          retry: { maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 10 } },
          run(ctx) {
            if (ctx.attempt >= ctx.input.fastFrom) return 'fast';
            // Waits until the signal aborts (the timeout), then fails with its reason.
            return new Promise((_, reject) => {
              ctx.signal.addEventListener(
                'abort',
                () => {
                  reasons.push(ctx.signal.reason);
                  reject(ctx.signal.reason);
                },
                { once: true },
              );
            });
          },
        }),
      ],
    });
  }

  test('the job’s timeoutMs aborts the signal with a TimeoutError; recorded as TIMEOUT and retried until exhausted', async () => {
    const reasons: unknown[] = [];
    const engine = await engines.create([slowPlugin(reasons)]);
    const job = await engine.enqueue('slow', {}, { timeoutMs: 50 });
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('FAILED');
    expect(done.attempt).toBe(2);
    expect(done.errors.map((e) => [e.code, e.attempt])).toEqual([
      ['TIMEOUT', 1],
      ['TIMEOUT', 2],
    ]);
    expect(done.errors[0]!.message).toContain('50 ms');
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expect(reason).toBeInstanceOf(TimeoutError);
  });

  test('a timed-out attempt is retried, and the next one can succeed', async () => {
    const reasons: unknown[] = [];
    const engine = await engines.create([slowPlugin(reasons)]);
    const job = await engine.enqueue('slow', { fastFrom: 2 }, { timeoutMs: 50 });
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: 'fast', attempt: 2 });
    expect(done.errors.map((e) => e.code)).toEqual(['TIMEOUT']);
    expect(done.errors[0]!.retryable).toBe(true);
  });

  test('the task type’s timeoutMs applies when the job sets none', async () => {
    const reasons: unknown[] = [];
    const engine = await engines.create([slowPlugin(reasons, 40)]);
    const job = await engine.enqueue('slow', {}, { maxAttempts: 1 });
    expect(job.timeoutMs).toBe(40);
    const done = await engine.waitForFinish(job.id);
    expect(done).toMatchObject({ status: 'FAILED', attempt: 1 });
    expect(done.errors.map((e) => e.code)).toEqual(['TIMEOUT']);
    expect(reasons[0]).toBeInstanceOf(TimeoutError);
  });

  test('a handler that returns after its timeout still counts as timed out', async () => {
    const plugin = definePlugin({
      name: 'late',
      version: '1.0.0',
      tasks: [
        defineTask({
          type: 'late',
          input: z.object({}),
          retry: { maxAttempts: 1 },
          run: (ctx) =>
            new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve('too late'), { once: true })),
        }),
      ],
    });
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('late', {}, { timeoutMs: 30 });
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('FAILED');
    expect(done.result).toBeUndefined();
    expect(done.errors.map((e) => e.code)).toEqual(['TIMEOUT']);
  });
});
