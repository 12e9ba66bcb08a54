/**
 * Live fan-out: the real server (createApp, SQLite in a temp dir, on loopback) and real graphql-ws
 * clients in separate processes (bench/fanout-clients.ts), so the client side's CPU is not counted
 * as the server's. Figures only, no pass/fail:
 *
 * - `jobEvents` (no filter) with 100 / 500 / 1,000 clients while 200 jobs of 100 ms run: delivery
 *   (receipt minus the event's `at`) p50/p95/p99/max, events per client against the expected, how
 *   many clients saw every job's terminal STATUS, server CPU and RSS, and how long enqueueing the 200
 *   jobs took compared with no subscribers;
 * - `jobUpdated(id)` of one 15 s job reporting progress 30 times, with the same client counts;
 * - the RSS that 5,000 idle subscriptions cost.
 *
 *   node --expose-gc --import tsx bench/fanout.ts   (BENCH_QUICK=1: 50 / 200 clients, 50 jobs; gc makes
 *   the idle subscriptions' RSS a fair difference)
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp, type App } from '../src/app.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import type { Mode } from '../src/config.js';
import { Executor } from '../src/engine/runtime/executor/executor.js';
import { writerCounts } from '../src/server/next-writer.js';
import { benchAppConfig, EXECUTOR_DEFAULTS, removeDir, tempDir } from './setup.js';
import { fmtInt, fmtMs, summarize } from './stats.js';

const QUICK = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const HERE = path.dirname(fileURLToPath(import.meta.url));
/** BENCH_FANOUT_CLIENTS=1000 (a comma list) and BENCH_FANOUT_SCENARIOS=jobEvents,jobUpdated,idle pick a part. */
const CLIENT_COUNTS = process.env.BENCH_FANOUT_CLIENTS ? process.env.BENCH_FANOUT_CLIENTS.split(',').map(Number) : QUICK ? [50, 200] : [100, 500, 1_000];
const SCENARIOS = new Set((process.env.BENCH_FANOUT_SCENARIOS ?? 'jobEvents,jobUpdated,idle').split(','));
const JOBS = QUICK ? 50 : 200;
const IDLE_SUBSCRIPTIONS = QUICK ? 1_000 : 5_000;
const CLIENT_PROCESSES = 4;
/** BENCH_FANOUT_CLIENT=lean: clients that read only what they count (bench/fanout-clients.ts). */
const CLIENT = process.env.BENCH_FANOUT_CLIENT === 'lean' ? 'lean' : 'graphql-ws';
const TOKEN = 'bench-fanout-admin-token-0123456789';

interface ClientReport {
  delays: number[];
  events: number[];
  terminal: string[][];
  errors: number;
  closed: number;
  closeCodes: Record<string, number>;
  errorMessages: Record<string, number>;
  /** CPU the client process used from its start to its report. */
  cpuMs: number;
}

interface Server {
  app: App;
  url: string;
  wsUrl: string;
  dir: string;
}

/**
 * The live caps a bench may raise: by default one org holds 100 sockets and one token 10
 * (JOBCENTER_MAX_SOCKETS_PER_ORG / _PER_TOKEN), and here one token opens every client's socket.
 */
const RAISED_CAPS = {
  JOBCENTER_MAX_SOCKETS_PER_TOKEN: '100000',
  JOBCENTER_MAX_SOCKETS_PER_ORG: '100000',
  JOBCENTER_MAX_SUBSCRIPTIONS_PER_SOCKET: '1000',
};

/** The server; in 'api' mode it runs no jobs (the jobUpdated scenario starts its own executor). */
async function startServer(mode: Mode = 'serve'): Promise<Server> {
  const dir = tempDir('fanout');
  const config = benchAppConfig(dir, {
    JOBCENTER_ADMIN_TOKEN: TOKEN,
    JOBCENTER_PLUGINS_DIR: path.join(HERE, '..', 'plugins'),
    JOBCENTER_CONCURRENCY: '50',
    ...RAISED_CAPS,
    JOBCENTER_TOKEN_ENQUEUE_RATE: '100000',
    JOBCENTER_TOKEN_ENQUEUE_BURST: '100000',
  }, mode);
  const app = await createApp(config, silentLogger, []);
  const { url } = await app.start();
  return { app, url: url!, wsUrl: url!.replace(/^http/, 'ws'), dir };
}

async function stopServer(server: Server): Promise<void> {
  await server.app.stop();
  removeDir(server.dir);
}

async function gql<T>(server: Server, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Enqueues `n` jobs one awaited request at a time from a client process of its own
 * (bench/fanout-enqueuer.ts), as a third party would; the time is the client's, from its first
 * request to its last answer.
 */
async function enqueueJobs(server: Server, n: number, payload: Record<string, unknown>): Promise<{ ids: string[]; ms: number }> {
  const child = fork(path.join(HERE, `fanout-enqueuer${path.extname(fileURLToPath(import.meta.url))}`), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the enqueueing client exited (code ${code}) before it answered`))));
  exited.catch(() => undefined);
  const message = <T>() => Promise.race([new Promise<T>((resolve) => child.once('message', (m: T) => resolve(m))), exited]);
  await message<'ready'>();
  const answer = message<{ ids: string[]; ms: number } | { crashed: string }>();
  child.send({ url: server.url, token: TOKEN, count: n, payload });
  const result = await answer;
  if ('crashed' in result) throw new Error(`the enqueueing client failed: ${result.crashed}`);
  return result;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** What a client process says about a crash, or one of its other messages. */
type ChildMessage = ClientReport | { crashed: string } | 'started' | 'ready';

/** Close codes and error messages summed over the reports, most frequent first. */
function tally(reports: ClientReport[], pick: (r: ClientReport) => Record<string, number>): string {
  const sum: Record<string, number> = {};
  for (const report of reports) for (const [key, n] of Object.entries(pick(report))) sum[key] = (sum[key] ?? 0) + n;
  const entries = Object.entries(sum).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([key, n]) => `${n} × ${key}`).join('; ') : 'none';
}

/**
 * Opens `count` subscriptions spread over the client processes; resolves once the server holds them
 * all. Never waits forever: a client process that crashes or exits before it reports, subscriptions
 * the server does not hold within the time allowed, or a report that does not come fail the scenario
 * with the reason.
 */
async function openClients(server: Server, count: number, query: string, variables?: Record<string, unknown>) {
  const before = server.app.live.subscriberCount;
  const children: ChildProcess[] = [];
  // Rejects as soon as any client process dies before it has reported.
  let childDied: (error: Error) => void = () => undefined;
  const died = new Promise<never>((_, reject) => (childDied = reject));
  died.catch(() => undefined);
  const reported = new Set<ChildProcess>();
  const crashes: string[] = [];
  const kill = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  };
  // The processes are started and loaded first, so the connect time is the sockets' alone.
  const shares: number[] = [];
  for (let p = 0; p < CLIENT_PROCESSES; p++) {
    const share = Math.floor(count / CLIENT_PROCESSES) + (p < count % CLIENT_PROCESSES ? 1 : 0);
    if (share === 0) continue;
    const child = fork(path.join(HERE, `fanout-clients${path.extname(fileURLToPath(import.meta.url))}`), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    child.on('message', (message: ChildMessage) => {
      if (typeof message === 'object' && 'crashed' in message) crashes.push(message.crashed);
    });
    child.once('exit', (code, signal) => {
      if (reported.has(child)) return;
      const why = crashes.length ? `: ${crashes.join('\n')}` : '';
      childDied(new Error(`client process ${p} exited (code ${code}, signal ${signal}) before it reported${why}`));
    });
    children.push(child);
    shares.push(share);
  }
  const answer = (child: ChildProcess) => new Promise<void>((resolve) => child.once('message', () => resolve()));
  await Promise.race([died, Promise.all(children.map(answer))]);
  const started = performance.now();
  await Promise.race([
    died,
    Promise.all(
      children.map((child, p) => {
        const started = answer(child);
        child.send({ url: server.wsUrl.replace(/\/graphql$/, '') + '/graphql', token: TOKEN, count: shares[p]!, query, variables, client: CLIENT });
        return started;
      }),
    ),
  ]);
  const held = await Promise.race([died, waitUntil(() => server.app.live.subscriberCount >= before + count, 120_000)]).catch((error) => {
    kill();
    throw error;
  });
  const connectMs = performance.now() - started;
  const collect = async (timeoutMs: number): Promise<ClientReport[]> => {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`the client processes did not report within ${timeoutMs / 1000} s`)), timeoutMs).unref(),
    );
    try {
      return await Promise.race([
        died,
        timeout,
        Promise.all(
          children.map(
            (child) =>
              new Promise<ClientReport>((resolve) => {
                const onMessage = (message: ChildMessage) => {
                  if (typeof message !== 'object' || 'crashed' in message) return;
                  reported.add(child);
                  child.off('message', onMessage);
                  resolve(message);
                };
                child.on('message', onMessage);
                child.send('report');
              }),
          ),
        ),
      ]);
    } finally {
      kill();
    }
  };
  if (!held) {
    const reports = await collect(30_000).catch(() => []);
    throw new Error(
      `the server holds ${server.app.live.subscriberCount - before} of ${count} subscriptions after 120 s; ` +
        `client close codes: ${tally(reports, (r) => r.closeCodes)}; errors: ${tally(reports, (r) => r.errorMessages)}`,
    );
  }
  return {
    connectMs,
    async report(): Promise<ClientReport[]> {
      const reports = await collect(60_000);
      await waitUntil(() => server.app.live.subscriberCount <= before, 30_000);
      return reports;
    },
  };
}

/**
 * BENCH_FANOUT_PROFILE=file.cpuprofile: a CPU profile of this process (the server) over the measured
 * window only, not the connecting or the set-up; open it in Chrome DevTools or speedscope.
 */
async function profileWindow(): Promise<() => Promise<void>> {
  const file = process.env.BENCH_FANOUT_PROFILE;
  if (!file) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * The server's CPU over a window (this process: the server and the bench's own HTTP calls), its
 * event loop's utilisation (1: never idle), and the client processes' CPU: on a 2-core machine the
 * clients compete with the server for the cores, which wall-clock figures alone would hide.
 */
function cpuWindow(): (reports: ClientReport[]) => string {
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  return (reports) => {
    const wallMs = performance.now() - t0;
    const serverMs = cpuMs() - cpu0;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const clientsMs = reports.reduce((a, r) => a + r.cpuMs, 0);
    return (
      `server CPU ${(serverMs / 1000).toFixed(1)} s in ${(wallMs / 1000).toFixed(1)} s (${((serverMs / wallMs) * 100).toFixed(0)} % of a core), ` +
      `event loop ${(elu * 100).toFixed(0)} % busy; client processes' CPU ${(clientsMs / 1000).toFixed(1)} s`
    );
  };
}

async function jobEventsScenario(clients: number): Promise<void> {
  const server = await startServer();
  try {
    const baseline = await enqueueJobs(server, JOBS, { ms: 0, steps: 1 });
    await waitUntil(async () => (await gql<{ queueStats: { queued: number; running: number } }>(server, '{ queueStats { queued running } }')).queueStats.running === 0, 60_000).catch(() => false);
    const opened = await openClients(server, clients, `subscription { jobEvents { kind jobId at job { status } } }`);
    const profiled = await profileWindow();
    const window = cpuWindow();
    const written = { ...writerCounts };
    // How far the server's hand-off falls behind: the most changes waiting for their subscribers.
    let mostPending = 0;
    const sampler = setInterval(() => (mostPending = Math.max(mostPending, server.app.live.groups.pending)), 10);
    const { ids, ms } = await enqueueJobs(server, JOBS, { ms: 100, steps: 1 });
    await waitUntil(async () => {
      const { jobs } = await gql<{ jobs: { totalCount: number } }>(server, `query($ids: [ID!]) { jobs(filter: { ids: $ids, status: [SUCCEEDED, FAILED, CANCELLED] }) { totalCount } }`, { ids });
      return jobs.totalCount === ids.length;
    }, 120_000);
    // Every change handed to every subscriber (a lagging fan-out shows in the delivery figures,
    // not as missing events), then a moment for the last writes to reach the clients.
    await waitUntil(() => server.app.live.groups.pending === 0, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(sampler);
    await profiled();
    const rss = process.memoryUsage().rss;
    const reports = await opened.report();
    const cpu = window(reports);
    const frames = writerCounts.frames - written.frames;
    const writes = writerCounts.writes - written.writes;
    const clientCpuMs = reports.reduce((a, r) => a + r.cpuMs, 0);
    const delays = reports.flatMap((r) => r.delays);
    const perClient = reports.flatMap((r) => r.events);
    const sawAll = reports.flatMap((r) => r.terminal).filter((seen) => ids.every((id) => seen.includes(id))).length;
    const s = summarize(delays);
    // Expected per client: CREATED, RUNNING, PROGRESS (1 step), SUCCEEDED for each job.
    console.log(
      `jobEvents, ${fmtInt(clients)} clients: connect ${fmtMs(opened.connectMs)}; delivery p50 ${fmtMs(s.p50)} / p95 ${fmtMs(s.p95)} / p99 ${fmtMs(s.p99)} / max ${fmtMs(s.max)}; ` +
        `events per client min ${fmtInt(Math.min(...perClient))} max ${fmtInt(Math.max(...perClient))} (expected ${fmtInt(JOBS * 4)}); ` +
        `clients that saw every terminal STATUS ${fmtInt(sawAll)} / ${fmtInt(clients)}; closed early: ${tally(reports, (r) => r.closeCodes)}; ` +
        `${cpu} (${((clientCpuMs * 1000) / Math.max(1, delays.length)).toFixed(1)} µs per event received); ` +
        `frames ${fmtInt(frames)} in ${fmtInt(writes)} socket writes (${(frames / Math.max(1, writes)).toFixed(1)} per write), at most ${fmtInt(mostPending)} changes waiting for their hand-off; RSS ${(rss / 2 ** 20).toFixed(0)} MB; ` +
        `enqueue ${JOBS} jobs ${fmtMs(ms)} vs ${fmtMs(baseline.ms)} with no subscribers (${(ms / baseline.ms).toFixed(2)}x); executions ${fmtInt(server.app.server!.sharedExecution.executions)}`,
    );
  } finally {
    await stopServer(server);
  }
}

async function jobUpdatedScenario(clients: number): Promise<void> {
  // The job runs only once every client is live: it is enqueued on an API-only server, and an
  // executor over the same store starts after the clients have connected.
  const server = await startServer('api');
  let executor: Executor | undefined;
  try {
    const { ids } = await enqueueJobs(server, 1, { ms: 15_000, steps: 30 });
    const id = ids[0]!;
    const opened = await openClients(server, clients, `subscription($id: ID!) { jobUpdated(id: $id) { kind jobId at job { status progress { percent } } } }`, { id });
    const profiled = await profileWindow();
    const window = cpuWindow();
    const written = { ...writerCounts };
    const { app } = server;
    executor = new Executor({ ...EXECUTOR_DEFAULTS, concurrency: 1, store: app.store, catalog: app.registry, jobs: app.jobs, logger: silentLogger });
    await executor.start();
    await waitUntil(async () => (await gql<{ job: { status: string } }>(server, `query($id: ID!) { job(id: $id) { status } }`, { id })).job.status === 'SUCCEEDED', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await profiled();
    const reports = await opened.report();
    const cpu = window(reports);
    const frames = writerCounts.frames - written.frames;
    const writes = writerCounts.writes - written.writes;
    const s = summarize(reports.flatMap((r) => r.delays));
    const sawEnd = reports.flatMap((r) => r.terminal).filter((seen) => seen.includes(id)).length;
    console.log(
      `jobUpdated, ${fmtInt(clients)} clients: connect ${fmtMs(opened.connectMs)}; delivery p50 ${fmtMs(s.p50)} / p95 ${fmtMs(s.p95)} / p99 ${fmtMs(s.p99)} / max ${fmtMs(s.max)}; clients that saw SUCCEEDED ${fmtInt(sawEnd)} / ${fmtInt(clients)}; closed early: ${tally(reports, (r) => r.closeCodes)}; ${cpu}; frames ${fmtInt(frames)} in ${fmtInt(writes)} socket writes`,
    );
  } finally {
    await executor?.stop(1000);
    await stopServer(server);
  }
}

async function idleScenario(): Promise<void> {
  const server = await startServer();
  try {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const opened = await openClients(server, IDLE_SUBSCRIPTIONS, `subscription { jobEvents(filter: { type: ["none"] }) { kind jobId } }`);
    global.gc?.();
    const after = process.memoryUsage().rss;
    console.log(`${fmtInt(IDLE_SUBSCRIPTIONS)} idle subscriptions (one socket each): RSS +${((after - before) / 2 ** 20).toFixed(0)} MB (server total ${(after / 2 ** 20).toFixed(0)} MB)`);
    await opened.report();
  } finally {
    await stopServer(server);
  }
}

/** Runs one scenario; a failure is printed with its reason and counted, and the next one runs. */
async function attempt(label: string, scenario: () => Promise<void>): Promise<boolean> {
  try {
    await scenario();
    return true;
  } catch (error) {
    console.log(`${label}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

export async function fanout(): Promise<void> {
  console.log(
    `\nLive fan-out (${CLIENT_PROCESSES} client processes, ${CLIENT} clients; load ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}; ` +
      `caps raised: ${Object.entries(RAISED_CAPS).map(([k, v]) => `${k}=${v}`).join(' ')})`,
  );
  let failed = 0;
  if (SCENARIOS.has('jobEvents')) for (const n of CLIENT_COUNTS) failed += (await attempt(`jobEvents, ${fmtInt(n)} clients`, () => jobEventsScenario(n))) ? 0 : 1;
  if (SCENARIOS.has('jobUpdated')) for (const n of CLIENT_COUNTS) failed += (await attempt(`jobUpdated, ${fmtInt(n)} clients`, () => jobUpdatedScenario(n))) ? 0 : 1;
  if (SCENARIOS.has('idle')) failed += (await attempt('idle subscriptions', idleScenario)) ? 0 : 1;
  if (failed) throw new Error(`${failed} fan-out scenario(s) failed`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  fanout().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
