/**
 * `npm run bench:api`: the GraphQL API over a store of many jobs. Figures only, no pass/fail.
 *
 * 1. Seeds a SQLite store through the port (api-seed.ts): BENCH_API_JOBS jobs (1,000,000 by default,
 *    20,000 with BENCH_QUICK=1). With BENCH_API_DIR set, the data dir is kept and reused next time.
 *    The finished jobs are rolled into the metrics rollups and the jobs indexed for search before the
 *    server starts, as its background roller and indexer would have done by then.
 * 2. Starts the real server as a child process (`src/main serve` compiled, as `npm start` runs it; executor on, the repo's plugins),
 *    as `npm start` runs it.
 * 3. The issue's queries, one client at a time over HTTP, `first: 20`: p50 / p95 / max.
 * 4. Closed-loop load with autocannon at 50 and 200 connections (BENCH_API_SECONDS each, 15 s by
 *    default): the list query, enqueueJob, enqueueJobs of 100 and 1,000, and a 90/10 mix of the list
 *    query and enqueueJob while the executor runs the enqueued jobs. Prints requests/s, p50/p99/max,
 *    how many answered after more than 2 s, how many were refused (429: they would have waited
 *    JOBCENTER_MAX_QUEUE_WAIT_MS or more for their turn), errors and timeouts, jobs/s of the answered
 *    ones; the load average at the start. Meanwhile a token of another org enqueues one job every
 *    100 ms: its answer times show what the load costs a caller who is not making it.
 *
 *   BENCH_SERVER_MODE=api     the server without its executor (`src/main.ts api`): the request path alone.
 *   BENCH_CPU_PROF=<dir>      the server writes a V8 CPU profile there when it stops (node --cpu-prof).
 *   BENCH_ONLY=queries|load   one part only (the seeding runs when the store is empty).
 *   BENCH_SCENARIO=list,enqueueJob,...  only the load scenarios whose key is listed (list, enqueueJob,
 *                             enqueueJobs100, enqueueJobs1000, mix); BENCH_CONNECTIONS=50,200 likewise.
 *
 * Each load line also prints the server's CPU per request (its user + system time over the run, read
 * from /proc, divided by the requests answered): on a machine shared with other work, requests/s
 * follow whatever CPU the server got, while CPU per request is what the request path costs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { indexSearch, rollMetrics, seedJobs } from './api-seed.js';
import { fmtInt, fmtMs, summarize } from './stats.js';

const QUICK = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const JOBS = Number(process.env.BENCH_API_JOBS ?? (QUICK ? 20_000 : 1_000_000));
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? (QUICK ? 5 : 15));
const QUERY_SAMPLES = QUICK ? 20 : 60;
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const runs = (part: string) => ONLY.size === 0 || ONLY.has(part);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SLOW_MS = 2_000;
const listed = (name: string) => new Set((process.env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const ONLY_SCENARIOS = listed('BENCH_SCENARIO');
const SERVER_MODE = process.env.BENCH_SERVER_MODE === 'api' ? 'api' : 'serve';
const CONNECTIONS = [...listed('BENCH_CONNECTIONS')].map(Number);

/** /proc/<pid>/stat counts in clock ticks: 100 a second on Linux. */
const CLOCK_TICKS = 100;

/** The CPU time (user + system) a process has used, in ms, or undefined where /proc is not there. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The server's environment: this process's, without its jobcenter settings, and the bench's. */
function serverEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(JOBCENTER_|PORT$|HOST$|LOG_LEVEL$|NODE_OPTIONS$)/.test(key)) env[key] = value;
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    JOBCENTER_DATA_DIR: dataDir,
    JOBCENTER_ADMIN_TOKEN: TOKEN,
    JOBCENTER_GRAPHIQL: 'false',
    // Throughput is measured, not the per-token enqueue rate or the org's queue limit.
    JOBCENTER_TOKEN_ENQUEUE_RATE: '0',
    JOBCENTER_ORG_MAX_QUEUED_JOBS: '1000000000',
  });
  return env;
}

/** The server as this bench was loaded: compiled (`npm run bench:api`, as `npm start` runs it) or the sources. */
const MAIN = `src/main${path.extname(fileURLToPath(import.meta.url))}`;

/**
 * A token of another org (`bench-other`), made with the CLI before the server starts: during each
 * load run it enqueues one job every 100 ms, to show what the load costs a caller who is not making it.
 */
function otherOrgToken(dataDir: string): string {
  const made = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'token', 'create', '--org', 'bench-other', '--user', 'probe', '--perm', 'jobs:write'], {
    cwd: ROOT,
    env: serverEnv(dataDir, 0),
    encoding: 'utf8',
  });
  const secret = made.stdout.trim().split('\n').at(-1);
  if (made.status !== 0 || !secret) throw new Error(`could not make the other org's token: ${made.stderr}`);
  return secret;
}

async function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const env = serverEnv(dataDir, port);
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', MAIN, SERVER_MODE], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/graphql`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    try {
      await gql(url, '{ __typename }');
      break;
    } catch (error) {
      if (i > 600 || child.exitCode !== null) throw new Error(`the server did not start: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function gql(url: string, query: string, variables?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 400)}`);
  return body.data;
}

const ROW = 'edges { node { id type status createdAt } } pageInfo { hasNextPage endCursor }';
const QUERIES: Array<[string, string]> = [
  ['jobs, default order, with totalCount', `{ jobs(first: 20) { totalCount totalCountIsExact ${ROW} } }`],
  ['jobs, default order, no totalCount', `{ jobs(first: 20) { ${ROW} } }`],
  ['jobs status SUCCEEDED type summarize, totalCount', `{ jobs(first: 20, filter: { status: [SUCCEEDED], type: ["summarize"] }) { totalCount totalCountIsExact ${ROW} } }`],
  ['jobs FINISHED_DESC, totalCount', `{ jobs(first: 20, orderBy: FINISHED_DESC) { totalCount totalCountIsExact ${ROW} } }`],
  ['jobs search "boom 123457", totalCount', `{ jobs(first: 20, filter: { search: "boom 123457" }) { totalCount totalCountIsExact ${ROW} } }`],
  ['jobs search "archive" (most rows), totalCount', `{ jobs(first: 20, filter: { search: "archive" }) { totalCount totalCountIsExact ${ROW} } }`],
  ['queueStats', `{ queueStats { byStatus { status count } byType { type counts { status count } } oldestQueuedAt } }`],
];

async function queryLatencies(url: string): Promise<void> {
  // Whole hours, as the console asks (its windows end on a bucket boundary).
  const until = new Date(Math.ceil((Date.now() + 1) / 3600_000) * 3600_000);
  const since = new Date(until.getTime() - 24 * 3600_000);
  const metrics = `{ metrics(since: "${since.toISOString()}", until: "${until.toISOString()}", bucketSeconds: 3600) {
    jobsFinished { at value } jobsFailed { at value } queueDepth { at value } byType { type succeeded failed p95DurationMs } } }`;
  console.log(`\nQueries over HTTP, one client at a time (${QUERY_SAMPLES} samples after 5 warm-ups), load ${loadavg()}`);
  console.log(`  ${'query'.padEnd(52)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}  answer`);
  for (const [label, query] of [...QUERIES, ['metrics, 24 h, hourly buckets', metrics] as [string, string]]) {
    let answer = '';
    for (let i = 0; i < 5; i++) answer = describe(await gql(url, query));
    const samples: number[] = [];
    for (let i = 0; i < QUERY_SAMPLES; i++) {
      const t0 = performance.now();
      await gql(url, query);
      samples.push(performance.now() - t0);
    }
    const s = summarize(samples);
    console.log(`  ${label.padEnd(52)} ${fmtMs(s.p50).padStart(9)} ${fmtMs(s.p95).padStart(9)} ${fmtMs(s.max).padStart(9)}  ${answer}`);
  }
}

/** A short note of what a query answered, so the figures show they read what they claim. */
function describe(data: unknown): string {
  const d = data as { jobs?: { totalCount?: number; totalCountIsExact?: boolean; edges: unknown[] }; queueStats?: { byStatus: Array<{ count: number }> }; metrics?: { jobsFinished: Array<{ value: number }> } };
  if (d.jobs) return `${d.jobs.edges.length} rows${d.jobs.totalCount === undefined ? '' : `, totalCount ${fmtInt(d.jobs.totalCount)}${d.jobs.totalCountIsExact ? '' : '+'}`}`;
  if (d.queueStats) return `${fmtInt(d.queueStats.byStatus.reduce((a, b) => a + b.count, 0))} jobs`;
  if (d.metrics) return `${fmtInt(d.metrics.jobsFinished.reduce((a, b) => a + b.value, 0))} finished in 24 h`;
  return '';
}

const body = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
const LIST = body(`{ jobs(first: 20, filter: { status: [SUCCEEDED] }) { totalCount ${ROW} } }`);
const ENQUEUE = body('mutation { enqueueJob(input: { type: "sleep", payload: { ms: 0 } }) { id } }');
const enqueueMany = (n: number) =>
  body('mutation ($inputs: [EnqueueJobInput!]!) { enqueueJobs(inputs: $inputs) { id } }', {
    inputs: Array.from({ length: n }, () => ({ type: 'sleep', payload: { ms: 0 } })),
  });

interface Scenario {
  /** For BENCH_SCENARIO. */
  key: string;
  label: string;
  requests: Array<{ body: string }>;
  /** Jobs each request enqueues, for jobs/s. */
  jobsPerRequest?: number;
}

const SCENARIOS: Scenario[] = [
  { key: 'list', label: 'list jobs(status: SUCCEEDED) + totalCount', requests: [{ body: LIST }] },
  { key: 'enqueueJob', label: 'enqueueJob', requests: [{ body: ENQUEUE }], jobsPerRequest: 1 },
  { key: 'enqueueJobs100', label: 'enqueueJobs x100', requests: [{ body: enqueueMany(100) }], jobsPerRequest: 100 },
  { key: 'enqueueJobs1000', label: 'enqueueJobs x1000', requests: [{ body: enqueueMany(1000) }], jobsPerRequest: 1000 },
  { key: 'mix', label: 'mix 90 % list / 10 % enqueueJob (executor on)', requests: [...Array.from({ length: 9 }, () => ({ body: LIST })), { body: ENQUEUE }] },
];

/** Waits until the process uses under 5 % of a core for a whole second (at most a minute); returns how long it took. */
async function untilQuiet(pid: number | undefined): Promise<number> {
  const t0 = performance.now();
  let last = cpuMs(pid);
  while (last !== undefined && performance.now() - t0 < 60_000) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = cpuMs(pid);
    if (now === undefined || now - last < 50) break;
    last = now;
  }
  return performance.now() - t0;
}

/**
 * Requests still queued when a run ends are answered after it: waits until a trivial query answers in
 * under 20 ms three times in a row (at most a minute), so the next run starts on an idle server.
 */
async function settle(url: string): Promise<number> {
  const t0 = performance.now();
  let quick = 0;
  while (quick < 3 && performance.now() - t0 < 60_000) {
    const t = performance.now();
    // Refused (429) while the run's queue drains: not quiet yet.
    const answered = await gql(url, '{ __typename }').then(() => true, () => false);
    quick = answered && performance.now() - t < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 50));
  }
  return performance.now() - t0;
}

/**
 * One enqueueJob of the other org every 100 ms until `stopped()`; its answer times. Any answer but a
 * job counts as a failure.
 */
async function probeOtherOrg(url: string, token: string, stopped: () => boolean): Promise<{ times: number[]; failed: number }> {
  const times: number[] = [];
  let failed = 0;
  while (!stopped()) {
    const t0 = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: ENQUEUE });
      const answer = (await res.json()) as { data?: { enqueueJob?: { id: string } } };
      if (!answer.data?.enqueueJob) failed++;
    } catch {
      failed++;
    }
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { times, failed };
}

async function load(url: string, scenario: Scenario, connections: number, seconds = SECONDS, print = true, pid?: number, otherToken?: string): Promise<void> {
  const latencies: number[] = [];
  let errorBodies = 0;
  /** Answers 429: refused because they would have waited too long for their turn (JOBCENTER_MAX_QUEUE_WAIT_MS). */
  let refused = 0;
  let done!: (result: autocannon.Result) => void;
  const finished = new Promise<autocannon.Result>((resolve) => (done = resolve));
  const cpuBefore = cpuMs(pid);
  const instance = autocannon(
    {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    connections,
    duration: seconds,
    timeout: 30,
    requests: scenario.requests.map((r) => ({
      method: 'POST',
      body: r.body,
      onResponse: (status: number, responseBody: string) => {
        if (status === 429) refused++;
        else if (status !== 200 || responseBody.includes('"errors"')) errorBodies++;
      },
    })),
    },
    (error, result) => {
      if (error) throw error;
      done(result);
    },
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  let over = false;
  const probe = otherToken ? probeOtherOrg(url, otherToken, () => over) : undefined;
  const result = await finished;
  over = true;
  const other = await probe;
  const cpuAfter = cpuMs(pid);
  const s = summarize(latencies);
  const slow = latencies.filter((l) => l > SLOW_MS).length;
  if (!print) return;
  const reqPerS = latencies.length / seconds;
  const jobs = scenario.jobsPerRequest ? `  ${fmtInt(((latencies.length - refused - errorBodies) / seconds) * scenario.jobsPerRequest)} jobs/s` : '';
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined && latencies.length ? `  cpu ${fmtInt(((cpuAfter - cpuBefore) * 1000) / latencies.length)} µs/req` : '';
  console.log(
    `  ${scenario.label.padEnd(46)} c=${String(connections).padEnd(4)} ${fmtInt(reqPerS).padStart(7)} req/s  p50 ${fmtMs(s.p50).padStart(8)}  p99 ${fmtMs(s.p99).padStart(8)}  max ${fmtMs(s.max).padStart(8)}  >2s ${String(slow).padStart(5)}  refused ${refused}  errors ${errorBodies + result.errors}  timeouts ${result.timeouts}${jobs}${cpu}`,
  );
  if (other?.times.length) {
    const o = summarize(other.times);
    console.log(`  ${''.padEnd(46)}        meanwhile another org's enqueueJob, one per 100 ms: p50 ${fmtMs(o.p50)}  p99 ${fmtMs(o.p99)}  max ${fmtMs(o.max)}  (${other.times.length}, ${other.failed} failed)`);
  }
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_API_DIR;
  const dataDir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'jobcenter-bench-api-'));
  const file = path.join(dataDir, 'jobcenter.db');
  console.log(`bench:api on ${os.cpus().length} cores, Node ${process.version}, load ${loadavg()}; data in ${dataDir}`);
  try {
    if (!fs.existsSync(file)) {
      console.log(`Seeding ${fmtInt(JOBS)} jobs through the store…`);
      const seeded = await seedJobs(file, JOBS, (line) => console.log(line));
      const size = fs.statSync(file).size / 1e6;
      console.log(`Seeded ${fmtInt(seeded.total)} jobs in ${(seeded.ms / 1000).toFixed(1)} s (${fmtInt(seeded.total / (seeded.ms / 1000))} jobs/s), database ${size.toFixed(0)} MB`);
    } else {
      console.log(`Reusing the store in ${file}`);
    }
    const rolled = await rollMetrics(file);
    console.log(`Rolled ${fmtInt(rolled.rolled)} finished jobs into the metrics rollups in ${(rolled.ms / 1000).toFixed(1)} s`);
    const indexed = await indexSearch(file);
    console.log(`Indexed ${fmtInt(indexed.indexed)} jobs for search in ${(indexed.ms / 1000).toFixed(1)} s`);
    const otherToken = otherOrgToken(dataDir);
    const server = await startServer(dataDir);
    try {
      // A process's first passes (the search index settling every finished job once, the metrics
      // roller) take a few seconds of CPU: the figures are of a server past them, as it runs for days.
      const quietAfter = await untilQuiet(server.child.pid);
      console.log(`Server quiet ${fmtMs(quietAfter)} after it answered (under 5 % of a core for a second)`);
      if (runs('queries')) await queryLatencies(server.url);
      if (runs('load')) {
        console.log(`\nLoad with autocannon, closed loop, ${SECONDS} s each (latency per request; >2s: answered after more than 2 s)`);
        for (const scenario of SCENARIOS.filter((s) => ONLY_SCENARIOS.size === 0 || ONLY_SCENARIOS.has(s.key))) {
          for (const connections of CONNECTIONS.length ? CONNECTIONS : [50, 200]) {
            // A short unmeasured run first opens the connections and warms the code paths.
            await load(server.url, scenario, connections, 2, false);
            const waited = await settle(server.url);
            console.log(`  (settled in ${fmtMs(waited)}; load average ${loadavg()})`);
            await load(server.url, scenario, connections, SECONDS, true, server.child.pid, otherToken);
          }
        }
      }
    } finally {
      await server.stop();
    }
  } finally {
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
