/**
 * `npm run bench`: figures for the embedded store (SQLite, WAL) through the engine API and through the
 * GraphQL API over HTTP. Each figure is the median of 3 runs (all 3 are printed); each run uses a fresh
 * temp data dir. Prints figures and ratios to targets and peers only: no assertions, no pass/fail.
 *
 *   npm run bench                 # full run (a few minutes on 2 cores)
 *   BENCH_QUICK=1 npm run bench   # small counts, a smoke run
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { drain } from './drain.js';
import { enqueueBatched, enqueueSingle } from './enqueue.js';
import { HttpClient, httpEndToEnd, httpEnqueue, httpEnqueueJobsRows, httpLatency } from './graphql.js';
import { enqueueToStartLatency } from './latency.js';
import { llmLimiterFigures, printLimiterFigures } from './llm-limiter.js';
import { printScheduleFigures, scheduleBenchOptions, scheduleFiring } from './schedules.js';
import { EXECUTOR_DEFAULTS, probeDurability } from './setup.js';
import { fmtInt, fmtMs, fmtRatio, median, percentile } from './stats.js';

const QUICK = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const RUNS = 3;

const N = QUICK
  ? { enqueue: 1_000, drain: 1_000, latency: 200, latencyWarmup: 20, httpSeq: 200, httpConc: 400, httpE2e: 300, httpLatency: 50, httpLatencyWarmup: 10 }
  : { enqueue: 10_000, drain: 10_000, latency: 2_000, latencyWarmup: 200, httpSeq: 2_000, httpConc: 4_000, httpE2e: 2_000, httpLatency: 300, httpLatencyWarmup: 30 };
const BATCHES = [100, 500];
const DRAIN_CONCURRENCY = [1, 10, 50];
const HTTP_CLIENTS = 16;
const HTTP_E2E_CONCURRENCY = 50;
const LATENCY_CONCURRENCY = 10;

/** Reference figures from the task (peers measured on a 2-core machine) and our targets. */
type Ref = { name: string; value: number | [number, number] };
const REF = {
  targetEnqueue: { name: 'target 10,000', value: 10_000 },
  targetDrain50: { name: 'target 25,000', value: 25_000 },
  targetP50: { name: 'target <1 ms', value: 1 },
  targetP99: { name: 'target <5 ms', value: 5 },
  bullEnqueue: { name: 'BullMQ ~3,000', value: 3_000 },
  bullDrain10: { name: 'BullMQ ~6,200', value: 6_200 },
  bullDrain50: { name: 'BullMQ ~7,100', value: 7_100 },
  bullP50: { name: 'BullMQ 1.7 ms', value: 1.7 },
  bullP99: { name: 'BullMQ 22 ms', value: 22 },
  graphileDefault: { name: 'graphile 1,500-1,800', value: [1_500, 1_800] },
  graphileTuned: { name: 'graphile tuned ~25,000', value: 25_000 },
} satisfies Record<string, Ref>;

interface Row {
  metric: string;
  unit: 'jobs/s' | 'ms';
  runs: number[];
  refs: Ref[];
}

const rows: Row[] = [];

const loadavg = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

function fmt(unit: Row['unit'], value: number): string {
  return unit === 'ms' ? fmtMs(value) : fmtInt(value);
}

function ratioText(value: number, ref: Ref): string {
  if (Array.isArray(ref.value)) {
    const [lo, hi] = ref.value;
    return `${fmtRatio(value / hi)}-${fmtRatio(value / lo)} ${ref.name}`;
  }
  return `${fmtRatio(value / ref.value)} ${ref.name}`;
}

function addRow(metric: string, unit: Row['unit'], runs: number[], refs: Ref[] = []): void {
  rows.push({ metric, unit, runs, refs });
  console.log(`    ${metric}: ${runs.map((r) => fmt(unit, r)).join(' / ')} ${unit === 'ms' ? '' : 'jobs/s '}-> median ${fmt(unit, median(runs))}`);
}

async function repeat<T>(label: string, fn: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  const tty = process.stdout.isTTY;
  for (let run = 1; run <= RUNS; run++) {
    if (tty) process.stdout.write(`    ${label}: run ${run}/${RUNS}...\r`);
    results.push(await fn(run));
  }
  if (tty) process.stdout.write(`${' '.repeat(label.length + 20)}\r`);
  return results;
}

function printTable(): void {
  const header = ['metric', 'unit', 'run 1', 'run 2', 'run 3', 'median', 'median vs reference (ours / theirs)'];
  const body = rows.map((r) => {
    const m = median(r.runs);
    return [
      r.metric,
      r.unit,
      ...r.runs.map((v) => fmt(r.unit, v)),
      fmt(r.unit, m),
      r.refs.length ? r.refs.map((ref) => ratioText(m, ref)).join(' | ') : '-',
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => cells[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 || c === cells.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cells of body) console.log(line(cells));
}

async function main(): Promise<void> {
  const began = performance.now();
  const durability = await probeDurability();
  const cpus = os.cpus();
  console.log(`jobcenter bench${QUICK ? ' (BENCH_QUICK: small counts, a smoke run; figures are not representative)' : ''}`);
  console.log(`  node ${process.version}, ${os.platform()} ${os.arch()}, availableParallelism ${os.availableParallelism()}, ${cpus[0]?.model ?? 'unknown cpu'}`);
  console.log(`  store: sqlite, real file in a fresh temp dir per run; ${Object.entries(durability).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  console.log(
    `  executor settings as \`jobcenter serve\` defaults: leaseMs ${EXECUTOR_DEFAULTS.leaseMs}, defaultTimeoutMs ${EXECUTOR_DEFAULTS.defaultTimeoutMs}; task: bench.noop (returns at once)`,
  );
  console.log(`  each figure: ${RUNS} runs, median; all runs printed`);
  console.log(`  load average at start (1/5/15 min): ${loadavg()}; other processes on this machine skew the figures`);
  console.log('');

  // Untimed warm-up, so the first timed run is not the one that pays for JIT compilation.
  await enqueueSingle(QUICK ? 200 : 2_000);
  await drain(QUICK ? 200 : 2_000, 10);
  await enqueueToStartLatency(QUICK ? 20 : 100, 0, LATENCY_CONCURRENCY);

  console.log(`[1] enqueue through the engine API (JobService, audit off), ${fmtInt(N.enqueue)} jobs, no executor`);
  const single = await repeat('enqueue single', () => enqueueSingle(N.enqueue));
  addRow('engine enqueue, one at a time', 'jobs/s', single.map((r) => r.jobsPerSec), [REF.targetEnqueue, REF.bullEnqueue]);
  for (const size of BATCHES) {
    const batched = await repeat(`enqueueMany x${size}`, () => enqueueBatched(N.enqueue, size));
    addRow(`engine enqueueMany, batches of ${size}`, 'jobs/s', batched.map((r) => r.jobsPerSec));
  }

  console.log(`[2] drain ${fmtInt(N.drain)} pre-enqueued no-op jobs: executor start -> last SUCCEEDED event`);
  for (const c of DRAIN_CONCURRENCY) {
    const runs = await repeat(`drain c${c}`, () => drain(N.drain, c));
    const refs = c === 50 ? [REF.targetDrain50, REF.bullDrain50, REF.graphileDefault, REF.graphileTuned] : c === 10 ? [REF.bullDrain10, REF.graphileDefault, REF.graphileTuned] : [];
    addRow(`engine drain, concurrency ${c}`, 'jobs/s', runs.map((r) => r.jobsPerSec), refs);
  }

  console.log(`[3] enqueue->start latency, idle executor (concurrency ${LATENCY_CONCURRENCY}), ${fmtInt(N.latency)} samples after ${N.latencyWarmup} warm-up`);
  const lat = await repeat('latency', () => enqueueToStartLatency(N.latency, N.latencyWarmup, LATENCY_CONCURRENCY));
  addRow('engine enqueue->start p50', 'ms', lat.map((s) => percentile(s, 50)), [REF.targetP50, REF.bullP50]);
  addRow('engine enqueue->start p95', 'ms', lat.map((s) => percentile(s, 95)));
  addRow('engine enqueue->start p99', 'ms', lat.map((s) => percentile(s, 99)), [REF.targetP99, REF.bullP99]);
  addRow('engine enqueue->start max', 'ms', lat.map((s) => Math.max(...s)));

  console.log(`[4] GraphQL over HTTP (createApp, enqueueJob mutation; client = fetch keep-alive in a worker thread)`);
  const client = new HttpClient();
  try {
    // Untimed: warms the server's JIT (yoga, graphql-js, undici) so run 1 is not the cold one.
    await httpEnqueue(client, QUICK ? 200 : 2_000, HTTP_CLIENTS);
    const seq = await repeat('http enqueue seq', () => httpEnqueue(client, N.httpSeq, 1));
    addRow(`http enqueueJob, sequential (${fmtInt(N.httpSeq)})`, 'jobs/s', seq.map((r) => r.jobsPerSec), [REF.targetEnqueue, REF.bullEnqueue]);
    const conc = await repeat('http enqueue concurrent', () => httpEnqueue(client, N.httpConc, HTTP_CLIENTS));
    addRow(`http enqueueJob, ${HTTP_CLIENTS} in flight (${fmtInt(N.httpConc)})`, 'jobs/s', conc.map((r) => r.jobsPerSec), [REF.targetEnqueue, REF.bullEnqueue]);
    for (const row of await httpEnqueueJobsRows(client, QUICK, RUNS)) addRow(row.label, 'jobs/s', row.values);
    const e2e = await repeat('http end-to-end', () => httpEndToEnd(client, N.httpE2e, HTTP_CLIENTS, HTTP_E2E_CONCURRENCY));
    addRow(
      `http enqueue+drain ${fmtInt(N.httpE2e)}, ${HTTP_CLIENTS} clients, c${HTTP_E2E_CONCURRENCY}`,
      'jobs/s',
      e2e.map((r) => r.jobsPerSec),
      [REF.targetDrain50, REF.bullDrain50],
    );
    const hlat = await repeat('http latency', () => httpLatency(client, N.httpLatency, N.httpLatencyWarmup, LATENCY_CONCURRENCY));
    addRow('http enqueue->start p50', 'ms', hlat.map((s) => percentile(s, 50)), [REF.targetP50, REF.bullP50]);
    addRow('http enqueue->start p95', 'ms', hlat.map((s) => percentile(s, 95)));
    addRow('http enqueue->start p99', 'ms', hlat.map((s) => percentile(s, 99)), [REF.targetP99, REF.bullP99]);
  } finally {
    await client.close();
  }

  console.log('[5] LLM limiter utilisation: gateway -> fake OpenAI-compatible server on loopback, share of each limit used');
  printLimiterFigures(await llmLimiterFigures(QUICK));

  const schedules = scheduleBenchOptions(QUICK);
  console.log(`[6] schedule firing: ${fmtInt(schedules.schedules)} schedules firing every second for ${schedules.windowSeconds} s, no-op jobs (one run, not 3)`);
  printScheduleFigures(await scheduleFiring(schedules));

  console.log('');
  console.log('Summary (median of 3 runs). Ratio = our median / reference: for jobs/s above 1x is better, for ms below 1x is better.');
  console.log('Peers (from the task, 2-core machine): BullMQ 6.7 on Redis (AOF everysec); graphile-worker 0.17 on PostgreSQL (jobs/s, default-tuned).');
  console.log(`node ${process.version}, availableParallelism ${os.availableParallelism()}, sqlite ${Object.entries(durability).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  console.log('');
  printTable();
  console.log('');
  console.log(`bench took ${((performance.now() - began) / 1000).toFixed(1)} s; load average at end (1/5/15 min): ${loadavg()}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
