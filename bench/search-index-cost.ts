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

/** µs of CPU per job for enqueue + drain, and for indexing what is left once the queue is drained. */
async function run(indexer: boolean): Promise<{ queueUs: number; indexUs: number }> {
  const engine = openEngine(`search-cost-${indexer ? 'on' : 'off'}`);
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
    // The rest of the index (all of it when the indexer was off), in one go.
    await index.catchUp();
    const cpu2 = cpuMs();
    return { queueUs: ((cpu1 - cpu0) * 1000) / JOBS, indexUs: ((cpu2 - cpu1) * 1000) / JOBS };
  } finally {
    await engine.close();
  }
}

console.log(`search index cost: ${JOBS.toLocaleString('en-US')} no-op jobs per run, ${RUNS} runs each, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const results: Record<'off' | 'on', Array<{ queueUs: number; indexUs: number }>> = { off: [], on: [] };
for (let r = 0; r < RUNS; r++) {
  results.off.push(await run(false));
  results.on.push(await run(true));
}
for (const mode of ['off', 'on'] as const) {
  const queue = results[mode].map((x) => x.queueUs);
  const index = results[mode].map((x) => x.indexUs);
  console.log(
    `  indexer ${mode.padEnd(3)}  enqueue + drain ${median(queue).toFixed(0)} µs CPU per job (${queue.map((x) => x.toFixed(0)).join(', ')}); ` +
      `indexing what was left afterwards ${median(index).toFixed(0)} µs per job (${index.map((x) => x.toFixed(0)).join(', ')})`,
  );
}
console.log(`  load at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
