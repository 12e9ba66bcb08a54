/**
 * What a job may store, the same on every store (domain/size-limits.ts): over a cap, a payload is
 * refused as BAD_USER_INPUT naming the field, and a result, checkpoint or progress fails the attempt
 * at once with the reason (no retry, no lease left to expire); every stored value reads back as its
 * JSON does. Checked here on SQLite; the rule sits above the stores, and the store contract runs
 * large documents on MongoDB.
 */
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../src/engine/domain/errors.js';
import { cleanForStorage, cutText, DEFAULT_SIZE_LIMITS } from '../src/engine/domain/size-limits.js';
import { definePlugin, defineTask, z } from '../src/tasks/plugin-api.js';
import { useEngines } from './helpers/engine.js';
import { ScheduleRuns } from '../src/engine/services/schedule-runs.js';
import { ScheduleService } from '../src/engine/services/schedule-service.js';
import { silentLogger } from '../src/engine/runtime/logger.js';

const engines = useEngines();
const MiB = 1024 * 1024;
const big = (bytes: number) => 'x'.repeat(bytes);

const plugin = definePlugin({
  name: 'sizes',
  version: '1.0.0',
  tasks: [
    defineTask({ type: 'echo', input: z.object({ text: z.string() }), run: (ctx) => ({ length: ctx.input.text.length }) }),
    defineTask({
      type: 'returns',
      input: z.object({ bytes: z.number() }),
      retry: { maxAttempts: 3, backoff: { kind: 'fixed', delayMs: 0 } },
      run: (ctx) => ({ text: big(ctx.input.bytes) }),
    }),
    defineTask({
      type: 'checkpoints',
      input: z.object({ bytes: z.number() }),
      retry: { maxAttempts: 3, backoff: { kind: 'fixed', delayMs: 0 } },
      async run(ctx) {
        await ctx.checkpoint({ text: big(ctx.input.bytes) });
        return 'done';
      },
    }),
    defineTask({
      type: 'progresses',
      input: z.object({ bytes: z.number() }),
      retry: { maxAttempts: 3, backoff: { kind: 'fixed', delayMs: 0 } },
      run(ctx) {
        ctx.progress(50, 'half', { text: big(ctx.input.bytes) });
        return 'done';
      },
    }),
    defineTask({
      type: 'unclean',
      input: z.object({}),
      async run(ctx) {
        ctx.progress(10, 'p', { gone: undefined, kept: 1 });
        await ctx.checkpoint({ gone: undefined, list: [undefined, 2] });
        return { gone: undefined, list: [undefined, 1], at: new Date(0) };
      },
    }),
  ],
});

describe('payloads', () => {
  test('a payload over the cap is BAD_USER_INPUT on payload, with its size and the limit; nothing is stored', async () => {
    const engine = await engines.create([plugin]);
    const error = await engine.enqueue('echo', { text: big(DEFAULT_SIZE_LIMITS.payload) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('BAD_USER_INPUT');
    expect((error as ValidationError).issues).toEqual([{ path: 'payload', message: expect.stringMatching(/cannot be stored: it is 1\.0 MiB as JSON, over the limit of 1 MiB/) }]);
    expect(await engine.jobs.count(engine.actor, {})).toBe(0);
    // In a batch, the item is named.
    const batch = await engine.jobs
      .enqueueMany(engine.actor, [{ type: 'echo', payload: { text: 'ok' } }, { type: 'echo', payload: { text: big(2 * MiB) } }])
      .catch((e: unknown) => e);
    expect((batch as ValidationError).issues.map((i) => i.path)).toEqual(['[1].payload']);
    expect(await engine.jobs.count(engine.actor, {})).toBe(0);
  });

  test('a payload just under the cap runs', async () => {
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('echo', { text: big(DEFAULT_SIZE_LIMITS.payload - 100) });
    expect((await engine.waitForFinish(job.id)).status).toBe('SUCCEEDED');
  });
});

test('a schedule payload over the cap is refused the same way (the jobs of its runs would carry it)', async () => {
  const engine = await engines.create([plugin]);
  const schedules = new ScheduleService(engine.store, engine.registry, engine.jobs, new ScheduleRuns({ store: engine.store, jobs: engine.jobs, logger: silentLogger }));
  const trigger = { kind: 'INTERVAL' as const, intervalSeconds: 60, timezone: 'UTC' };
  const error = await schedules.create(engine.actor, { name: 'big', taskType: 'echo', payload: { text: big(2 * MiB) }, trigger }).catch((e: unknown) => e);
  expect((error as ValidationError).issues).toEqual([{ path: 'payload', message: expect.stringMatching(/over the limit of 1 MiB/) }]);
  const made = await schedules.create(engine.actor, { name: 'small', taskType: 'echo', payload: { text: 'ok', gone: undefined }, trigger });
  expect(made.payload).toEqual({ text: 'ok' });
});

describe('what an attempt stores', () => {
  test.each([
    ['returns', 'BAD_RESULT', /the task's result cannot be stored: it is 2\.0 MiB as JSON, over the limit of 1 MiB/],
    ['checkpoints', 'BAD_CHECKPOINT', /ctx\.checkpoint\(\): the state cannot be stored: .*over the limit of 1 MiB/],
    ['progresses', 'BAD_PROGRESS', /ctx\.progress\(\): the message and data cannot be stored: .*over the limit of 64 KiB/],
  ])('%s over its cap fails the attempt at once with %s, not retried', async (type, code, message) => {
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue(type, { bytes: 2 * MiB });
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('FAILED');
    expect(done.attempt).toBe(1);
    expect(done.errors).toEqual([expect.objectContaining({ code, retryable: false, message: expect.stringMatching(message) })]);
  });

  test('results, checkpoints and progress are stored, and announced, as their JSON reads back', async () => {
    const engine = await engines.create([plugin]);
    const job = await engine.enqueue('unclean', {});
    const announced = await engine.waitForFinish(job.id);
    const stored = await engine.get(job.id);
    for (const j of [announced, stored]) {
      expect(j.result).toEqual({ list: [null, 1], at: '1970-01-01T00:00:00.000Z' });
      expect(j.result).not.toHaveProperty('gone');
    }
    expect(stored.checkpoint).toEqual({ list: [null, 2] });
    expect(stored.progress?.data).toEqual({ kept: 1 });
  });
});

describe('the rule itself', () => {
  test('clean: undefined keys dropped, undefined in arrays null, dates as text; not JSON or over the cap: the reason', () => {
    expect(cleanForStorage({ a: undefined, b: [undefined], c: new Date(0) }, 100)).toEqual({ ok: true, value: { b: [null], c: '1970-01-01T00:00:00.000Z' }, bytes: '{"b":[null],"c":"1970-01-01T00:00:00.000Z"}'.length });
    expect(cleanForStorage(undefined, 1)).toEqual({ ok: true, value: undefined, bytes: 0 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(cleanForStorage(cyclic, 100)).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
    expect(cleanForStorage(10n, 100)).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
    expect(cleanForStorage('é'.repeat(10), 21)).toMatchObject({ ok: false, reason: 'it is 22 bytes as JSON, over the limit of 21 bytes' });
  });

  test('bytes are UTF-8 bytes for every kind of character, short texts and long ones', () => {
    const encoded = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
    const texts = ['', 'plain', 'é', '€uro', 'a😀b', '\u07ff\u0800\uffff', '\ud800 lone', 'x\udc00', 'ñ'.repeat(300), `${'x'.repeat(300)}😀`];
    for (const text of texts) {
      expect(cleanForStorage(text, 10_000)).toMatchObject({ ok: true, bytes: encoded(text) });
      expect(cleanForStorage({ text }, 10_000)).toMatchObject({ ok: true, bytes: encoded({ text }) });
    }
    // At the cap exactly: kept; one byte over: refused.
    const emoji = '😀'.repeat(5);
    expect(cleanForStorage(emoji, encoded(emoji))).toMatchObject({ ok: true });
    expect(cleanForStorage(emoji, encoded(emoji) - 1)).toMatchObject({ ok: false });
  });

  test('cut: at most the limit in UTF-8 bytes, on a character boundary, saying how much there was', () => {
    expect(cutText('short', 100)).toBe('short');
    const cut = cutText('é'.repeat(100), 60);
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(60);
    expect(cut).toMatch(/^é+ …\[cut: 200 bytes in all\]$/);
  });
});
