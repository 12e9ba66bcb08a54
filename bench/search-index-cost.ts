/**
 * What the job search index costs the queue: CPU per job for enqueue (one at a time) plus drain
 * (executor, 10 at once) of no-op jobs, with the background indexer off and on (every second, as a
 * busy server would run it), and the indexer's own CPU per job. Figures only, no pass/fail.
 *
 *   node --import tsx bench/search-index-cost.ts        # BENCH_QUICK=1: fewer jobs
 */
import os from 'node:os';
import { silentLogger } from '../src/engine/runtime/logger.js';
import { SearchIndexer } from '../src/engine/runtime/search-indexer.js';
import { withTimeout } from './drain.js';
import { ACTOR, noopInputs, openEngine } from './setup.js';
import { median } from './stats.js';

const QUICK = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const JOBS = QUICK ? 2_000 : 10_000;
const RUNS = 3;

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * µs of CPU per job: enqueue + drain without the indexer's steps, the indexer's steps while the queue
 * ran, and indexing what was left once it was drained (all of it with the indexer off).
 */
async function run(indexer: boolean): Promise<{ queueUs: number; duringUs: number; indexUs: number }> {
  const engine = openEngine(`search-cost-${indexer ? 'on' : 'off'}`);
  // The CPU spent inside index steps (each one synchronous transaction), told apart from the rest.
  const searchIndex = engine.store.jobSearchIndex!;
  const step = searchIndex.step.bind(searchIndex);
  let inSteps = 0;
  (searchIndex as { step: typeof step }).step = (maxJobs) => {
    const before = cpuMs();
    const result = step(maxJobs);
    inSteps += cpuMs() - before;
    return result;
  };
  const index = new SearchIndexer(engine.store, silentLogger, { everyMs: 1_000 });
  try {
    let succeeded = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const unsubscribe = engine.store.changes.subscribe((event) => {
      if (event.kind === 'job.updated' && event.job.status === 'SUCCEEDED' && ++succeeded === JOBS) resolveDone();
    });
    const cpu0 = cpuMs();
    if (indexer) index.start();
    for (let i = 0; i < JOBS; i++) await engine.jobs.enqueue(ACTOR, noopInputs(i, 1)[0]!, { audit: false });
    await engine.newExecutor(10).start();
    await withTimeout(done, 300_000, () => `drain stalled at ${succeeded}/${JOBS}`);
    await index.stop();
    const cpu1 = cpuMs();
    unsubscribe();
    const during = inSteps;
    // The rest of the index (all of it when the indexer was off), in one go.
    await new SearchIndexer(engine.store, silentLogger).catchUp();
    const cpu2 = cpuMs();
    const perJob = (ms: number) => (ms * 1000) / JOBS;
    return { queueUs: perJob(cpu1 - cpu0 - during), duringUs: perJob(during), indexUs: perJob(cpu2 - cpu1) };
  } finally {
    await engine.close();
  }
}

console.log(`search index cost: ${JOBS.toLocaleString('en-US')} no-op jobs per run, ${RUNS} runs each, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const results: Record<'off' | 'on', Array<{ queueUs: number; duringUs: number; indexUs: number }>> = { off: [], on: [] };
for (let r = 0; r < RUNS; r++) {
  results.off.push(await run(false));
  results.on.push(await run(true));
}
const fmt = (values: number[]) => `${median(values).toFixed(0)} µs (${values.map((x) => x.toFixed(0)).join(', ')})`;
for (const mode of ['off', 'on'] as const) {
  const r = results[mode];
  console.log(
    `  indexer ${mode.padEnd(3)}  enqueue + drain ${fmt(r.map((x) => x.queueUs))} CPU per job; index steps meanwhile ${fmt(r.map((x) => x.duringUs))}; ` +
      `indexing what was left afterwards ${fmt(r.map((x) => x.indexUs))}`,
  );
}
console.log(`  load at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
