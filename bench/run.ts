/**
 * `npm run bench`: figures for the embedded store (SQLite, WAL) through the engine API and through the
 * GraphQL API over HTTP. Each figure is the median of 3 runs (all 3 are printed); each run uses a fresh
 * temp data dir. Prints figures and ratios to peers and targets only: no assertions, no pass/fail.
 *
 *   npm run bench:peers           # runs ../shared/peers/run.sh, then the bench against its results
 *   BENCH_PEERS=/path/latest.jsonl npm run bench   # peers' JSON lines measured in this sitting
 *   npm run bench                 # full run without peers (a few minutes on 2 cores)
 *   BENCH_QUICK=1 npm run bench   # small counts, a smoke run
 *   BENCH_ONLY=drain,latency npm run bench   # some sections only
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
import { fairness, fairnessOptions, printFairness } from './fairness.js';
import { PeerResults, type PeerFigure, type PeerQuery } from './peers.js';
import { fmtInt, fmtMs, fmtRatio, median, percentile } from './stats.js';

const QUICK = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const RUNS = 3;

const N = QUICK
  ? { enqueue: 1_000, drain: 1_000, latency: 200, latencyWarmup: 20, httpSeq: 200, httpConc: 400, httpE2e: 300, httpLatency: 50, httpLatencyWarmup: 10 }
  : { enqueue: 10_000, drain: 10_000, latency: 2_000, latencyWarmup: 200, httpSeq: 2_000, httpConc: 4_000, httpE2e: 2_000, httpLatency: 300, httpLatencyWarmup: 30 };
/** The peers' bulk enqueue uses chunks of 1,000 (run.sh's BENCH_BULK_CHUNK): the like-for-like row. */
const PEER_BULK_CHUNK = 1_000;
const BATCHES = [100, 500, PEER_BULK_CHUNK];
const DRAIN_CONCURRENCY = [1, 10, 50];
const HTTP_CLIENTS = 16;
const HTTP_E2E_CONCURRENCY = 50;
const LATENCY_CONCURRENCY = 10;

/**
 * Targets that are not a peer's figure; every other row is compared with the peers measured in the
 * same sitting (BENCH_PEERS), never with numbers typed in from another day or machine.
 */
type Target = { name: string; value: number };
const TARGET = {
  p50: { name: 'target <0.5 ms', value: 0.5 },
  p99: { name: 'target <5 ms', value: 5 },
} satisfies Record<string, Target>;

const peers = PeerResults.load();

interface Row {
  metric: string;
  unit: 'jobs/s' | 'ms';
  runs: number[];
  peers: PeerFigure[];
  target?: Target;
}

const rows: Row[] = [];

const loadavg = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

function fmt(unit: Row['unit'], value: number): string {
  return unit === 'ms' ? fmtMs(value) : fmtInt(value);
}

/** The best peer: the most jobs/s, or the fewest ms. */
function bestPeer(row: Row): PeerFigure | undefined {
  const better = (a: PeerFigure, b: PeerFigure) => (row.unit === 'ms' ? (a.value <= b.value ? a : b) : a.value >= b.value ? a : b);
  return row.peers.length ? row.peers.reduce(better) : undefined;
}

function addRow(metric: string, unit: Row['unit'], runs: number[], peer?: PeerQuery | PeerQuery[], target?: Target): void {
  const queries = peer === undefined ? [] : Array.isArray(peer) ? peer : [peer];
  rows.push({ metric, unit, runs, peers: queries.flatMap((q) => peers.figures(q)), ...(target && { target }) });
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
  const header = ['metric', 'unit', 'run 1', 'run 2', 'run 3', 'median', 'peers (median of their runs)', 'vs best peer', 'target'];
  const body = rows.map((r) => {
    const m = median(r.runs);
    const best = bestPeer(r);
    return [
      r.metric,
      r.unit,
      ...r.runs.map((v) => fmt(r.unit, v)),
      fmt(r.unit, m),
      r.peers.length ? r.peers.map((p) => `${p.name} ${fmt(r.unit, p.value)}`).join(', ') : '-',
      best ? `${fmtRatio(m / best.value)} ${best.name}` : '-',
      r.target ? `${r.target.name}: ${(r.unit === 'ms' ? m < r.target.value : m >= r.target.value) ? 'met' : 'not met'}` : '-',
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => cells[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 || c >= 6 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const cells of body) console.log(line(cells));
}

/** BENCH_ONLY=enqueue,drain,latency,http,llm,schedules,fairness runs those sections only. */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const runs = (section: string): boolean => ONLY.size === 0 || ONLY.has(section);

const ENQUEUE_SINGLE: PeerQuery = { test: 'enqueue-single', field: 'jobsPerSec' };
const ENQUEUE_BULK: PeerQuery = { test: 'enqueue-bulk', field: 'jobsPerSec' };
const drainPeers = (c: number): PeerQuery => ({ test: 'drain', param: `c=${c}`, field: 'jobsPerSec' });
const latencyPeers = (field: 'p50' | 'p99'): PeerQuery => ({ test: 'latency', param: `c=${LATENCY_CONCURRENCY}`, field });

async function main(): Promise<void> {
  const began = performance.now();
  const durability = await probeDurability();
  const cpus = os.cpus();
  console.log(`jobcenter bench${QUICK ? ' (BENCH_QUICK: small counts, a smoke run; figures are not representative)' : ''}`);
  console.log(`  ${new Date().toISOString()}; node ${process.version}, ${os.platform()} ${os.arch()}, availableParallelism ${os.availableParallelism()}, ${cpus[0]?.model ?? 'unknown cpu'}`);
  console.log(`  store: sqlite, real file in a fresh temp dir per run; ${Object.entries(durability).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  console.log(
    `  executor settings as \`jobcenter serve\` defaults: leaseMs ${EXECUTOR_DEFAULTS.leaseMs}, defaultTimeoutMs ${EXECUTOR_DEFAULTS.defaultTimeoutMs}; task: bench.noop (returns at once)`,
  );
  console.log(`  each figure: ${RUNS} runs, median; all runs printed`);
  if (peers.empty) {
    console.log('  peers: none (BENCH_PEERS unset: run `npm run bench:peers`, or point BENCH_PEERS at a latest.jsonl from ../shared/peers/run.sh)');
  } else {
    console.log(`  peers: ${peers.file}, written ${peers.writtenAt?.toISOString()}: ${peers.describe().join('; ')}`);
  }
  console.log(`  load average at start (1/5/15 min): ${loadavg()}; other processes on this machine skew the figures`);
  console.log('');

  // Untimed warm-up, so the first timed run is not the one that pays for JIT compilation.
  await enqueueSingle(QUICK ? 200 : 2_000);
  await drain(QUICK ? 200 : 2_000, 10);
  await enqueueToStartLatency(QUICK ? 20 : 100, 0, LATENCY_CONCURRENCY);

  if (runs('enqueue')) {
    console.log(`[1] enqueue through the engine API (JobService, audit off), ${fmtInt(N.enqueue)} jobs, no executor`);
    const single = await repeat('enqueue single', () => enqueueSingle(N.enqueue));
    addRow('engine enqueue, one at a time', 'jobs/s', single.map((r) => r.jobsPerSec), ENQUEUE_SINGLE);
    for (const size of BATCHES) {
      const batched = await repeat(`enqueueMany x${size}`, () => enqueueBatched(N.enqueue, size));
      addRow(`engine enqueueMany, batches of ${size}`, 'jobs/s', batched.map((r) => r.jobsPerSec), size === PEER_BULK_CHUNK ? ENQUEUE_BULK : undefined);
    }
  }

  if (runs('drain')) {
    console.log(`[2] drain ${fmtInt(N.drain)} pre-enqueued no-op jobs: executor start -> last SUCCEEDED event`);
    for (const c of DRAIN_CONCURRENCY) {
      const result = await repeat(`drain c${c}`, () => drain(N.drain, c));
      addRow(`engine drain, concurrency ${c}`, 'jobs/s', result.map((r) => r.jobsPerSec), drainPeers(c));
    }
  }

  if (runs('latency')) {
    console.log(`[3] enqueue->start latency, idle executor (concurrency ${LATENCY_CONCURRENCY}), ${fmtInt(N.latency)} samples after ${N.latencyWarmup} warm-up`);
    const lat = await repeat('latency', () => enqueueToStartLatency(N.latency, N.latencyWarmup, LATENCY_CONCURRENCY));
    addRow('engine enqueue->start p50', 'ms', lat.map((s) => percentile(s, 50)), latencyPeers('p50'), TARGET.p50);
    addRow('engine enqueue->start p95', 'ms', lat.map((s) => percentile(s, 95)));
    addRow('engine enqueue->start p99', 'ms', lat.map((s) => percentile(s, 99)), latencyPeers('p99'), TARGET.p99);
    addRow('engine enqueue->start max', 'ms', lat.map((s) => Math.max(...s)));
  }

  if (runs('http')) {
    console.log(`[4] GraphQL over HTTP (createApp, enqueueJob mutation; client = fetch keep-alive in a worker thread)`);
    const client = new HttpClient();
    try {
      // Untimed: warms the server's JIT (yoga, graphql-js, undici) so run 1 is not the cold one.
      await httpEnqueue(client, QUICK ? 200 : 2_000, HTTP_CLIENTS);
      const seq = await repeat('http enqueue seq', () => httpEnqueue(client, N.httpSeq, 1));
      addRow(`http enqueueJob, sequential (${fmtInt(N.httpSeq)})`, 'jobs/s', seq.map((r) => r.jobsPerSec), ENQUEUE_SINGLE);
      const conc = await repeat('http enqueue concurrent', () => httpEnqueue(client, N.httpConc, HTTP_CLIENTS));
      addRow(`http enqueueJob, ${HTTP_CLIENTS} in flight (${fmtInt(N.httpConc)})`, 'jobs/s', conc.map((r) => r.jobsPerSec), ENQUEUE_SINGLE);
      for (const row of await httpEnqueueJobsRows(client, QUICK, RUNS)) addRow(row.label, 'jobs/s', row.values);
      const e2e = await repeat('http end-to-end', () => httpEndToEnd(client, N.httpE2e, HTTP_CLIENTS, HTTP_E2E_CONCURRENCY));
      addRow(`http enqueue+drain ${fmtInt(N.httpE2e)}, ${HTTP_CLIENTS} clients, c${HTTP_E2E_CONCURRENCY}`, 'jobs/s', e2e.map((r) => r.jobsPerSec));
      const hlat = await repeat('http latency', () => httpLatency(client, N.httpLatency, N.httpLatencyWarmup, LATENCY_CONCURRENCY));
      addRow('http enqueue->start p50', 'ms', hlat.map((s) => percentile(s, 50)), latencyPeers('p50'));
      addRow('http enqueue->start p95', 'ms', hlat.map((s) => percentile(s, 95)));
      addRow('http enqueue->start p99', 'ms', hlat.map((s) => percentile(s, 99)), latencyPeers('p99'));
    } finally {
      await client.close();
    }
  }

  if (runs('llm')) {
    console.log('[5] LLM limiter utilisation: gateway -> fake OpenAI-compatible server on loopback, share of each limit used');
    printLimiterFigures(await llmLimiterFigures(QUICK));
  }

  if (runs('schedules')) {
    const schedules = scheduleBenchOptions(QUICK);
    console.log(`[6] schedule firing: ${fmtInt(schedules.schedules)} schedules firing every second for ${schedules.windowSeconds} s, no-op jobs (one run, not 3)`);
    printScheduleFigures(await scheduleFiring(schedules));
  }

  if (runs('fairness')) {
    const fair = fairnessOptions(QUICK);
    console.log(
      `[7] fairness between orgs: org A ${fmtInt(fair.backlog)} queued, org B enqueueing one a second, executor c${fair.concurrency} at full drain (one run, not 3)`,
    );
    printFairness(await fairness(fair));
  }

  console.log('');
  console.log('Summary (median of 3 runs). "vs best peer" = our median / the best peer\'s median: for jobs/s above 1x is better, for ms below 1x is better.');
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
