/**
 * Scenario 7: fairness between orgs. Org A has a backlog queued before the executor starts; while it
 * drains, org B enqueues one job a second. B's enqueue->start latency is what B sees of A's backlog:
 * with claims shared between orgs it waits for a free slot, not for A's queue.
 */
import { performance } from 'node:perf_hooks';
import type { Actor } from '../src/engine/domain/actor.js';
import { withTimeout } from './drain.js';
import { NOOP_TYPE } from './noop-plugin.js';
import { noopInputs, openEngine } from './setup.js';
import { fmtInt, fmtMs, percentile, rate } from './stats.js';

const ORG_A: Actor = { orgId: 'org-a', userId: 'bench' };
const ORG_B: Actor = { orgId: 'org-b', userId: 'bench' };
/** B's payloads are numbered from here, so the start hook tells B's jobs from A's. */
const B_FROM = 1_000_000_000;

export interface FairnessOptions {
  backlog: number;
  concurrency: number;
  /** B's enqueue spacing. */
  everyMs: number;
}

export const fairnessOptions = (quick: boolean): FairnessOptions =>
  quick ? { backlog: 10_000, concurrency: 50, everyMs: 100 } : { backlog: 100_000, concurrency: 50, everyMs: 1000 };

export interface FairnessResult {
  options: FairnessOptions;
  /** B's enqueue->start latencies, ms. */
  samples: number[];
  drainMs: number;
  jobsPerSec: number;
}

export async function fairness(options: FairnessOptions): Promise<FairnessResult> {
  const enqueuedAt = new Map<number, number>();
  const samples: number[] = [];
  const engine = openEngine('fairness', (input) => {
    if (input.i < B_FROM) return;
    const at = enqueuedAt.get(input.i);
    if (at !== undefined) samples.push(performance.now() - at);
  });
  try {
    for (let from = 0; from < options.backlog; from += 1000) {
      await engine.jobs.enqueueMany(ORG_A, noopInputs(from, Math.min(1000, options.backlog - from)), { audit: false });
    }
    let aLeft = options.backlog;
    let resolveDrained!: (at: number) => void;
    const drained = new Promise<number>((resolve) => (resolveDrained = resolve));
    const unsubscribe = engine.store.changes.subscribe((event) => {
      if (event.kind === 'job.updated' && event.job.orgId === ORG_A.orgId && event.job.status === 'SUCCEEDED' && --aLeft === 0) {
        resolveDrained(performance.now());
      }
    });
    const executor = engine.newExecutor(options.concurrency);
    const t0 = performance.now();
    await executor.start();
    let n = 0;
    let stop = false;
    const producer = (async () => {
      // The first B job lands a moment after A's drain began, then one every `everyMs`.
      await sleep(options.everyMs / 4);
      while (!stop) {
        const i = B_FROM + n++;
        enqueuedAt.set(i, performance.now());
        await engine.jobs.enqueue(ORG_B, { type: NOOP_TYPE, payload: { i } }, { audit: false });
        await sleep(options.everyMs);
      }
    })();
    const t1 = await withTimeout(drained, 600_000, () => `fairness: org A stalled with ${aLeft} left`);
    stop = true;
    await producer;
    unsubscribe();
    const drainMs = t1 - t0;
    return { options, samples, drainMs, jobsPerSec: rate(options.backlog, drainMs) };
  } finally {
    await engine.close();
  }
}

export function printFairness(r: FairnessResult): void {
  const s = r.samples;
  console.log(
    `    org A: ${fmtInt(r.options.backlog)} drained in ${fmtMs(r.drainMs)} (${fmtInt(r.jobsPerSec)} jobs/s, B's jobs included in the load)`,
  );
  console.log(
    `    org B enqueue->start during A's drain: n ${s.length}, p50 ${fmtMs(percentile(s, 50))}, p99 ${fmtMs(percentile(s, 99))}, max ${fmtMs(s.length ? Math.max(...s) : NaN)} (target p99 < 50 ms)`,
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
