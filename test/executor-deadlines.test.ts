/**
 * Timeouts on the executor's one timer (executor/deadlines.ts) and signals made on first use
 * (attempt.ts): a handler that never reads ctx.signal still times out and is abandoned, a signal
 * first read after a cancel or timeout starts aborted with the reason, and attempts with different
 * timeouts each expire at their own.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { CancelledError, TimeoutError } from '../src/engine/domain/errors.js';
import { Deadlines } from '../src/engine/runtime/executor/deadlines.js';
import { definePlugin, defineTask, z } from '../src/tasks/plugin-api.js';
import { useEngines } from './helpers/engine.js';
import { deferred, until, type Deferred } from './helpers/events.js';

const engines = useEngines();

const gates: Array<Deferred<void>> = [];
afterEach(() => {
  for (const gate of gates.splice(0)) gate.resolve();
});

describe('Deadlines', () => {
  test('entries expire once, earliest first across timeouts; removed ones never', async () => {
    const deadlines = new Deadlines();
    const expired: string[] = [];
    const entry = (name: string) => ({ expire: () => expired.push(name) });
    const long = entry('long');
    const removed = entry('removed');
    const short = entry('short');
    deadlines.add(long, 80);
    deadlines.add(removed, 20);
    deadlines.add(short, 30);
    deadlines.remove(removed, 20);
    await until(() => expired.length === 2, { label: 'both deadlines to pass' });
    expect(expired).toEqual(['short', 'long']);
    expect(deadlines.size).toBe(0);
    deadlines.stop();
  });
});

describe('timeouts and cancels with signals made on first use', () => {
  function plugin(seen: { reason?: unknown; ran: number }) {
    return definePlugin({
      name: 'lazy',
      version: '1.0.0',
      tasks: [
        // Never reads ctx.signal: only the abandon after the grace period can end it.
        defineTask({
          type: 'deaf',
          input: z.object({}),
          retry: { maxAttempts: 1 },
          run() {
            seen.ran += 1;
            const g = deferred<void>();
            gates.push(g);
            return g.promise;
          },
        }),
        // Reads ctx.signal only after `afterMs`, by which time it may have been aborted.
        defineTask({
          type: 'late',
          input: z.object({ afterMs: z.number().int() }),
          retry: { maxAttempts: 1 },
          async run(ctx) {
            seen.ran += 1;
            await new Promise((resolve) => setTimeout(resolve, ctx.input.afterMs));
            const { signal } = ctx;
            if (signal.aborted) {
              seen.reason = signal.reason;
              throw signal.reason;
            }
            return 'not aborted';
          },
        }),
      ],
    });
  }

  test('a handler that never reads its signal times out and is abandoned after the grace period', async () => {
    const seen = { ran: 0 };
    const engine = await engines.create([plugin(seen)], { cancelGraceMs: 30 });
    const job = await engine.enqueue('deaf', {}, { timeoutMs: 40 });
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('FAILED');
    expect(done.errors.map((e) => e.code)).toEqual(['TIMEOUT']);
    expect(engine.executor.runningCount).toBe(0);
  });

  test('a signal first read after the timeout starts aborted with the TimeoutError', async () => {
    const seen: { reason?: unknown; ran: number } = { ran: 0 };
    const engine = await engines.create([plugin(seen)], { cancelGraceMs: 5_000 });
    const job = await engine.enqueue('late', { afterMs: 120 }, { timeoutMs: 30 });
    const done = await engine.waitForFinish(job.id);
    expect(seen.reason).toBeInstanceOf(TimeoutError);
    expect(done.status).toBe('FAILED');
    expect(done.errors.map((e) => e.code)).toEqual(['TIMEOUT']);
  });

  test('a signal first read after a cancel starts aborted with the CancelledError', async () => {
    const seen: { reason?: unknown; ran: number } = { ran: 0 };
    const engine = await engines.create([plugin(seen)], { cancelGraceMs: 5_000 });
    const job = await engine.enqueue('late', { afterMs: 150 });
    await until(() => seen.ran === 1, { label: 'the handler to start' });
    await engine.jobs.cancel(engine.actor, job.id);
    const done = await engine.waitForFinish(job.id);
    expect(seen.reason).toBeInstanceOf(CancelledError);
    expect(done.status).toBe('CANCELLED');
  });

  test('attempts with different timeouts each expire at their own, whatever order they started in', async () => {
    const seen = { ran: 0 };
    const engine = await engines.create([plugin(seen)], { cancelGraceMs: 10, concurrency: 3 });
    const long = await engine.enqueue('late', { afterMs: 400 }, { timeoutMs: 60_000 });
    const short = await engine.enqueue('deaf', {}, { timeoutMs: 30 });
    const doneShort = await engine.waitForFinish(short.id);
    expect(doneShort.errors.map((e) => e.code)).toEqual(['TIMEOUT']);
    // The long one's deadline, armed first, did not hold back the short one's; it ends on its own.
    expect(await engine.waitForFinish(long.id)).toMatchObject({ status: 'SUCCEEDED', result: 'not aborted' });
  });
});
