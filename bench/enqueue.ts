/**
 * Scenario 1: enqueue throughput through the engine API (JobService, no audit entries), into a fresh
 * store with no executor running. One job at a time (each awaited, one transaction each), or in
 * batches with enqueueMany (one transaction per batch).
 */
import { performance } from 'node:perf_hooks';
import { NOOP_TYPE } from './noop-plugin.js';
import { ACTOR, noopInputs, openEngine } from './setup.js';
import { rate } from './stats.js';

export interface Throughput {
  count: number;
  ms: number;
  jobsPerSec: number;
}

export async function enqueueSingle(count: number): Promise<Throughput> {
  const engine = openEngine('enqueue');
  try {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      await engine.jobs.enqueue(ACTOR, { type: NOOP_TYPE, payload: { i } }, { audit: false });
    }
    const ms = performance.now() - t0;
    return { count, ms, jobsPerSec: rate(count, ms) };
  } finally {
    await engine.close();
  }
}

export async function enqueueBatched(count: number, batchSize: number): Promise<Throughput> {
  const engine = openEngine('enqueue-many');
  try {
    // Inputs are built before the clock starts: the caller has them in hand already.
    const batches: Array<ReturnType<typeof noopInputs>> = [];
    for (let from = 0; from < count; from += batchSize) batches.push(noopInputs(from, Math.min(batchSize, count - from)));
    const t0 = performance.now();
    for (const batch of batches) await engine.jobs.enqueueMany(ACTOR, batch, { audit: false });
    const ms = performance.now() - t0;
    return { count, ms, jobsPerSec: rate(count, ms) };
  } finally {
    await engine.close();
  }
}
