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
import type { LiveCounts } from '../src/engine/services/live-events.js';
import { writerCounts } from '../src/server/next-writer.js';
import { benchAppConfig, EXECUTOR_DEFAULTS, removeDir, tempDir } from './setup.js';
import { startFloor, type FloorWriter } from './fanout-floor.js';
import { CLIENT, CLIENT_PROCESSES, clientFigures, cpuWindow, pinServer, enqueueJobs, openClients, tally, waitUntil, type Target } from './fanout-harness.js';
import { fmtInt, fmtMs } from './stats.js';

const QUICK = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const HERE = path.dirname(fileURLToPath(import.meta.url));
/** BENCH_FANOUT_CLIENTS=1000 (a comma list) and BENCH_FANOUT_SCENARIOS=jobEvents,floor,jobUpdated,idle pick a part. */
const CLIENT_COUNTS = process.env.BENCH_FANOUT_CLIENTS ? process.env.BENCH_FANOUT_CLIENTS.split(',').map(Number) : QUICK ? [50, 200] : [100, 500, 1_000];
const SCENARIOS = new Set((process.env.BENCH_FANOUT_SCENARIOS ?? 'jobEvents,floor,jobUpdated,idle').split(','));
/** BENCH_FANOUT_FLOOR=batched,send: the floor's writers (bench/fanout-floor.ts). */
const FLOOR_WRITERS = (process.env.BENCH_FANOUT_FLOOR ?? 'batched').split(',') as FloorWriter[];
const JOBS = QUICK ? 50 : 200;
const IDLE_SUBSCRIPTIONS = QUICK ? 1_000 : 5_000;
const TOKEN = 'bench-fanout-admin-token-0123456789';

interface Server extends Target {
  app: App;
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
  return { app, url: url!, wsUrl: url!.replace(/^http/, 'ws'), dir, token: TOKEN, subscribers: () => app.live.subscriberCount };
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

/** What the server did for clients that fell behind since `before` (the counts /metrics exposes). */
function slowClients(server: Server, before: LiveCounts): string {
  const { conflated, overflowed } = server.app.live.counts;
  return `events conflated ${fmtInt(conflated - before.conflated)}, subscriptions closed as too slow ${fmtInt(overflowed - before.overflowed)}`;
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
    const counted = { ...server.app.live.counts };
    // How far the server's hand-off falls behind: the most changes waiting for their subscribers.
    let mostPending = 0;
    const sampler = setInterval(() => (mostPending = Math.max(mostPending, server.app.live.groups.pending)), 10);
    const { ids, ms } = await enqueueJobs(server, JOBS, { ms: 100, steps: 1 });
    await waitUntil(async () => {
      const { jobs } = await gql<{ jobs: { totalCount: number } }>(server, `query($ids: [ID!]) { jobs(filter: { ids: $ids, status: [SUCCEEDED, FAILED, CANCELLED] }) { totalCount } }`, { ids });
      return jobs.totalCount === ids.length;
    }, 120_000, 250);
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
    // Expected per client: CREATED, RUNNING, PROGRESS (1 step), SUCCEEDED for each job.
    const seen = clientFigures(reports, ids, JOBS * 4);
    console.log(
      `jobEvents, ${fmtInt(clients)} clients: connect ${fmtMs(opened.connectMs)}; ${seen.delivery}; ${seen.events}; ` +
        `clients that saw every terminal STATUS ${fmtInt(seen.sawAll)} / ${fmtInt(clients)}; closed early: ${tally(reports, (r) => r.closeCodes)}; ${slowClients(server, counted)}; ` +
        `${cpu} (${seen.cpuPerEvent}); ` +
        `frames ${fmtInt(frames)} in ${fmtInt(writes)} socket writes (${(frames / Math.max(1, writes)).toFixed(1)} per write), at most ${fmtInt(mostPending)} changes waiting for their hand-off; RSS ${(rss / 2 ** 20).toFixed(0)} MB; ` +
        `enqueue ${JOBS} jobs ${fmtMs(ms)} vs ${fmtMs(baseline.ms)} with no subscribers (${(ms / baseline.ms).toFixed(2)}x); executions ${fmtInt(server.app.server!.sharedExecution.executions)}`,
    );
  } finally {
    await stopServer(server);
  }
}

/**
 * The same clients and enqueueing client against the bare broadcast floor (bench/fanout-floor.ts):
 * the same events at the same pace, with nothing but the writes; jobcenter's figures are read
 * against these, taken in the same sitting. 'jobEvents': 200 jobs of 100 ms, enqueued as above;
 * 'jobUpdated': one 15 s job reporting progress 30 times, enqueued once every client is live.
 */
async function floorScenario(shape: 'jobEvents' | 'jobUpdated', clients: number, writer: FloorWriter): Promise<void> {
  const floor = await startFloor(writer);
  try {
    const baseline = shape === 'jobEvents' ? await enqueueJobs(floor, JOBS, { ms: 100, steps: 1 }) : undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const opened = await openClients(floor, clients, `subscription { jobEvents { kind jobId at job { status } } }`);
    const window = cpuWindow();
    const written = { ...writerCounts };
    const { ids, ms } = shape === 'jobEvents' ? await enqueueJobs(floor, JOBS, { ms: 100, steps: 1 }) : await enqueueJobs(floor, 1, { ms: 15_000, steps: 30 });
    await new Promise((resolve) => setTimeout(resolve, shape === 'jobEvents' ? 1_500 : 15_500));
    const reports = await opened.report();
    const cpu = window(reports);
    const seen = clientFigures(reports, ids, shape === 'jobEvents' ? JOBS * 4 : 33);
    console.log(
      `floor (${writer}) like ${shape}, ${fmtInt(clients)} clients: ${seen.delivery}; ${seen.events}; ` +
        `clients that saw every terminal STATUS ${fmtInt(seen.sawAll)} / ${fmtInt(clients)}; ${cpu} (${seen.cpuPerEvent}); ` +
        `frames ${fmtInt(writerCounts.frames - written.frames)} in ${fmtInt(writerCounts.writes - written.writes)} batched writes` +
        (baseline ? `; enqueue ${JOBS} jobs ${fmtMs(ms)} vs ${fmtMs(baseline.ms)} with no subscribers (${(ms / baseline.ms).toFixed(2)}x)` : ''),
    );
  } finally {
    await floor.close();
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
    const counted = { ...server.app.live.counts };
    const { app } = server;
    executor = new Executor({ ...EXECUTOR_DEFAULTS, concurrency: 1, store: app.store, catalog: app.registry, jobs: app.jobs, logger: silentLogger });
    await executor.start();
    await waitUntil(async () => (await gql<{ job: { status: string } }>(server, `query($id: ID!) { job(id: $id) { status } }`, { id })).job.status === 'SUCCEEDED', 60_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await profiled();
    const reports = await opened.report();
    const cpu = window(reports);
    const frames = writerCounts.frames - written.frames;
    const writes = writerCounts.writes - written.writes;
    const seen = clientFigures(reports, [id], 0);
    console.log(
      `jobUpdated, ${fmtInt(clients)} clients: connect ${fmtMs(opened.connectMs)}; ${seen.delivery}; clients that saw SUCCEEDED ${fmtInt(seen.sawAll)} / ${fmtInt(clients)}; closed early: ${tally(reports, (r) => r.closeCodes)}; ${slowClients(server, counted)}; ${cpu}; frames ${fmtInt(frames)} in ${fmtInt(writes)} socket writes`,
    );
  } finally {
    await executor?.stop(1000);
    await stopServer(server);
  }
}

async function idleScenario(): Promise<void> {
  const server = await startServer();
  try {
    // RSS depends on what the process held before (a heap grown by an earlier scenario takes the
    // sockets in without growing), so the JS heap after a GC is printed beside it.
    global.gc?.();
    const before = process.memoryUsage();
    const opened = await openClients(server, IDLE_SUBSCRIPTIONS, `subscription { jobEvents(filter: { type: ["none"] }) { kind jobId } }`);
    global.gc?.();
    const after = process.memoryUsage();
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    const perSubscription = (after.heapUsed + after.external - before.heapUsed - before.external) / IDLE_SUBSCRIPTIONS;
    console.log(
      `${fmtInt(IDLE_SUBSCRIPTIONS)} idle subscriptions (one socket each): RSS +${mb(after.rss - before.rss)} MB (server total ${mb(after.rss)} MB); ` +
        `JS heap and external +${mb(after.heapUsed + after.external - before.heapUsed - before.external)} MB (${(perSubscription / 1024).toFixed(1)} KB per subscription)`,
    );
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
    `\nLive fan-out (${CLIENT_PROCESSES} client processes, ${CLIENT} clients; ${pinServer()}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}; ` +
      `caps raised: ${Object.entries(RAISED_CAPS).map(([k, v]) => `${k}=${v}`).join(' ')})`,
  );
  let failed = 0;
  const run = async (label: string, scenario: () => Promise<void>) => void (failed += (await attempt(label, scenario)) ? 0 : 1);
  // The floor runs beside each scenario of its shape, so each pair is read in the same sitting.
  const floorOnly = !SCENARIOS.has('jobEvents') && !SCENARIOS.has('jobUpdated');
  for (const shape of ['jobEvents', 'jobUpdated'] as const) {
    for (const n of CLIENT_COUNTS) {
      if (SCENARIOS.has(shape)) await run(`${shape}, ${fmtInt(n)} clients`, () => (shape === 'jobEvents' ? jobEventsScenario(n) : jobUpdatedScenario(n)));
      if (SCENARIOS.has('floor') && (SCENARIOS.has(shape) || floorOnly))
        for (const writer of FLOOR_WRITERS) await run(`floor (${writer}) like ${shape}, ${fmtInt(n)} clients`, () => floorScenario(shape, n, writer));
    }
  }
  if (SCENARIOS.has('idle')) await run('idle subscriptions', idleScenario);
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
