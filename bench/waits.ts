/**
 * `npm run bench:waits`: what durable waits cost on the embedded store (SQLite, WAL), through the
 * engine (executor, WaitService) with no HTTP in between. Prints figures only: no assertions.
 *
 * 1. signal -> running again: one job at a time waits for a signal; the clock is read just before
 *    `signalJob`'s service call and again first thing in the handler's resumed run. Measured with
 *    no other job waiting, then with PARKED jobs waiting beside it.
 * 2. PARKED waiting jobs: how long parking them takes (enqueue, run to the wait, suspend), the
 *    process's RSS (after a GC) and its active timers before and after (a waiting job holds no
 *    timer: one per worker covers every timeout), then one event that resumes all of them.
 *
 *   npm run bench:waits                 # 10,000 parked, 500 samples
 *   BENCH_QUICK=1 npm run bench:waits   # 1,000 parked, 100 samples
 */
import { performance } from 'node:perf_hooks';
import type { Executor } from '../src/engine/runtime/executor/executor.js';
import { WaitService } from '../src/engine/services/wait-service.js';
import { definePlugin, defineTask, z } from '../src/tasks/plugin-api.js';
import { withTimeout } from './drain.js';
import { ACTOR, EXECUTOR_DEFAULTS, openEngine, settle } from './setup.js';
import { fmtInt, fmtMs, rate, summarize } from './stats.js';

const QUICK = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const PARKED = QUICK ? 1_000 : 10_000;
const SAMPLES = QUICK ? 100 : 500;
const WARMUP = QUICK ? 10 : 50;
const CONCURRENCY = 10;
const SIGNAL_TYPE = 'bench.wait-signal';
const EVENT_TYPE = 'bench.wait-event';
/** Far enough that no timeout fires during the bench, near enough to be in the due-time index. */
const TIMEOUT_MS = 3_600_000;

/** When each job's handler last started, by job id (the resumed run overwrites the first). */
const startedAt = new Map<string, number>();

const plugin = definePlugin({
  name: 'bench-waits',
  version: '1.0.0',
  tasks: [
    defineTask({
      type: SIGNAL_TYPE,
      input: z.object({}),
      async run(ctx) {
        startedAt.set(ctx.job.id, performance.now());
        return ctx.waitForSignal('go', { timeoutMs: TIMEOUT_MS });
      },
    }),
    defineTask({
      type: EVENT_TYPE,
      input: z.object({ key: z.string() }),
      async run(ctx) {
        return ctx.waitForEvent('bench.go', { key: ctx.input.key, timeoutMs: TIMEOUT_MS });
      },
    }),
  ],
});

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

async function main(): Promise<void> {
  const engine = openEngine('waits');
  engine.registry.add(plugin);
  const waits = new WaitService(engine.store);
  /** Resolves when a job reaches a status (from the change feed). */
  const watchers = new Map<string, { status: string; resolve: () => void }>();
  let succeeded = 0;
  const unsubscribe = engine.store.changes.subscribe((event) => {
    if (event.kind !== 'job.updated') return;
    if (event.job.status === 'SUCCEEDED') succeeded++;
    const w = watchers.get(event.job.id);
    if (w && w.status === event.job.status) {
      watchers.delete(event.job.id);
      w.resolve();
    }
  });
  const reach = (jobId: string, status: string) => new Promise<void>((resolve) => watchers.set(jobId, { status, resolve }));
  let executor: Executor | undefined;
  try {
    gc();
    const idleTimers = timers();
    executor = engine.newExecutor(CONCURRENCY);
    await executor.start();
    await settle();
    gc();
    const baseRss = rssMb();
    const baseHeap = heapMb();
    const baseTimers = timers();

    console.log(`jobcenter bench:waits — SQLite (WAL), executor concurrency ${CONCURRENCY}, lease ${EXECUTOR_DEFAULTS.leaseMs} ms${QUICK ? ' (quick)' : ''}`);
    console.log(`node ${process.version}; ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'RSS after a full GC' : 'RSS without a forced GC (run with --expose-gc)'}`);

    const latency = async (label: string) => {
      const samples: number[] = [];
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const job = await engine.jobs.enqueue(ACTOR, { type: SIGNAL_TYPE, payload: {} }, { audit: false });
        const waiting = reach(job.id, 'WAITING');
        await withTimeout(waiting, 10_000, () => `job ${job.id} did not wait within 10 s`);
        await settle();
        const first = startedAt.get(job.id);
        const done = reach(job.id, 'SUCCEEDED');
        const t0 = performance.now();
        await waits.signal(ACTOR, job.id, 'go', { i });
        await withTimeout(done, 10_000, () => `job ${job.id} did not finish within 10 s of its signal`);
        const resumed = startedAt.get(job.id)!;
        if (resumed === first) throw new Error(`job ${job.id} finished without running again`);
        startedAt.delete(job.id);
        if (i >= WARMUP) samples.push(resumed - t0);
        await settle();
      }
      const s = summarize(samples);
      console.log(`signal -> running again, ${label}: p50 ${fmtMs(s.p50)}, p95 ${fmtMs(s.p95)}, p99 ${fmtMs(s.p99)}, max ${fmtMs(s.max)} (n=${s.n})`);
    };

    await latency('no other job waiting');

    // Park PARKED jobs on one event (each its own key, so one event with no key resumes none of them).
    const parkStart = performance.now();
    const BATCH = 1_000;
    const parkedIds: string[] = [];
    for (let from = 0; from < PARKED; from += BATCH) {
      const inputs = Array.from({ length: Math.min(BATCH, PARKED - from) }, (_, k) => ({ type: EVENT_TYPE, payload: { key: 'all' }, idempotencyKey: `park-${from + k}` }));
      const jobs = await engine.jobs.enqueueMany(ACTOR, inputs, { audit: false });
      parkedIds.push(...jobs.map((j) => j.id));
    }
    for (;;) {
      if ((await engine.store.jobs.count(ACTOR.orgId, { status: ['WAITING'], type: [EVENT_TYPE] })) >= PARKED) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const parkMs = performance.now() - parkStart;
    await settle();
    gc();
    const parkedRss = rssMb();
    const parkedHeap = heapMb();
    const parkedTimers = timers();
    console.log(`parking ${fmtInt(PARKED)} jobs (enqueue, run to the wait, suspend): ${fmtMs(parkMs)}, ${fmtInt(rate(PARKED, parkMs))} jobs/s`);
    console.log(
      `${fmtInt(PARKED)} jobs WAITING: RSS ${baseRss.toFixed(1)} MB -> ${parkedRss.toFixed(1)} MB (SQLite's page cache included), JS heap ${baseHeap.toFixed(1)} MB -> ${parkedHeap.toFixed(1)} MB ` +
        `(${(((parkedHeap - baseHeap) * 1024 * 1024) / PARKED).toFixed(0)} bytes a job); ` +
        `active timers ${baseTimers} -> ${parkedTimers} (${idleTimers} before the executor started); running ${executor.runningCount}`,
    );

    await latency(`${fmtInt(PARKED)} other jobs waiting`);

    // One event resumes every parked job.
    const before = succeeded;
    const t0 = performance.now();
    const sent = await waits.sendEvent(ACTOR, 'bench.go', 'all', { go: true });
    const sendMs = performance.now() - t0;
    while (succeeded - before < PARKED) await new Promise((resolve) => setTimeout(resolve, 20));
    const allMs = performance.now() - t0;
    console.log(
      `one event resuming ${fmtInt(sent.resumed)} waits: sendEvent ${fmtMs(sendMs)}; all ${fmtInt(PARKED)} jobs SUCCEEDED after ${fmtMs(allMs)} (${fmtInt(rate(PARKED, allMs))} jobs/s)`,
    );
  } finally {
    unsubscribe();
    await engine.close();
  }
}

await main();
