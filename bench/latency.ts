/**
 * Scenario 3: enqueue->start latency with an idle executor. One job at a time: the clock is read just
 * before `enqueue`, the handler reads it again first thing; the next job is enqueued only after the
 * previous one SUCCEEDED and the executor had a few event-loop turns to go idle, so every sample
 * finds a free slot and nothing else in flight.
 */
import { performance } from 'node:perf_hooks';
import { withTimeout } from './drain.js';
import { NOOP_TYPE } from './noop-plugin.js';
import { ACTOR, openEngine, settle } from './setup.js';

export async function enqueueToStartLatency(samples: number, warmup: number, concurrency = 10): Promise<number[]> {
  const started = new Map<number, number>();
  const waiters = new Map<number, { start?: () => void; finish?: () => void }>();
  const engine = openEngine('latency', (input) => {
    started.set(input.i, performance.now());
    waiters.get(input.i)?.start?.();
  });
  try {
    const unsubscribe = engine.store.changes.subscribe((event) => {
      if (event.kind === 'job.updated' && event.job.status === 'SUCCEEDED') {
        waiters.get((event.job.payload as { i: number }).i)?.finish?.();
      }
    });
    const executor = engine.newExecutor(concurrency);
    await executor.start();
    await settle();
    const latencies: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const w: { start?: () => void; finish?: () => void } = {};
      const startedP = new Promise<void>((resolve) => (w.start = resolve));
      const finishedP = new Promise<void>((resolve) => (w.finish = resolve));
      waiters.set(i, w);
      const t0 = performance.now();
      await engine.jobs.enqueue(ACTOR, { type: NOOP_TYPE, payload: { i } }, { audit: false });
      await withTimeout(Promise.all([startedP, finishedP]), 10_000, () => `job ${i} did not run within 10 s`);
      waiters.delete(i);
      if (i >= warmup) latencies.push(started.get(i)! - t0);
      await settle();
    }
    unsubscribe();
    return latencies;
  } finally {
    await engine.close();
  }
}
