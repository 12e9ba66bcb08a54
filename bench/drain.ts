/**
 * Scenario 2: end-to-end drain. `count` no-op jobs are enqueued first (batches of 500, executor not
 * started), then the clock starts, the executor starts, and the clock stops when the change feed has
 * announced every job SUCCEEDED.
 */
import { performance } from 'node:perf_hooks';
import { ACTOR, noopInputs, openEngine } from './setup.js';
import { rate } from './stats.js';

export interface DrainResult {
  count: number;
  concurrency: number;
  ms: number;
  jobsPerSec: number;
  /** This process's CPU time (user + system) over the drain, per job. */
  cpuUsPerJob: number;
}

export async function drain(count: number, concurrency: number): Promise<DrainResult> {
  const engine = openEngine(`drain-c${concurrency}`);
  try {
    for (let from = 0; from < count; from += 500) {
      await engine.jobs.enqueueMany(ACTOR, noopInputs(from, Math.min(500, count - from)), { audit: false });
    }
    const executor = engine.newExecutor(concurrency);
    let succeeded = 0;
    let failed = 0;
    let resolveDone!: (at: number) => void;
    const done = new Promise<number>((resolve) => (resolveDone = resolve));
    const unsubscribe = engine.store.changes.subscribe((event) => {
      if (event.kind !== 'job.updated') return;
      if (event.job.status === 'SUCCEEDED') succeeded += 1;
      else if (event.job.status === 'FAILED' || event.job.status === 'CANCELLED') failed += 1;
      if (succeeded + failed === count) resolveDone(performance.now());
    });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await executor.start();
    const t1 = await withTimeout(done, 120_000, () => `drain stalled at ${succeeded}/${count} succeeded`);
    const cpu = process.cpuUsage(cpu0);
    unsubscribe();
    if (failed) throw new Error(`drain: ${failed} of ${count} no-op jobs did not succeed`);
    const ms = t1 - t0;
    return { count, concurrency, ms, jobsPerSec: rate(count, ms), cpuUsPerJob: (cpu.user + cpu.system) / count };
  } finally {
    await engine.close();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
