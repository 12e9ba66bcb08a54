/**
 * Scenario 4: the same figures through the GraphQL API over HTTP. The real server is started with
 * createApp (config from benchAppConfig: PORT 0, a temp data dir, a known admin token, silent logs, an
 * empty temp plugins dir, the no-op plugin passed as an extra plugin). The HTTP client runs in a worker
 * thread (see http-client.ts) with global fetch (keep-alive).
 *
 * - enqueue: `enqueueJob` mutations against an API-only app (mode 'api', no executor), sequential and
 *   with N clients in flight.
 * - batch enqueue: `enqueueJobs` calls of 100 and 1,000 jobs against an API-only app, jobs/s.
 * - end-to-end: N clients enqueue `count` jobs while the app's executor runs them; from the first
 *   request to the last SUCCEEDED.
 * - latency: one job at a time, from just before fetch() to the handler's first line.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createApp, type App } from '../src/app.js';
import type { Mode } from '../src/config.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import { withTimeout } from './drain.js';
import type { ClientReply, ClientRequest } from './http-client.js';
import { createNoopPlugin, NOOP_TYPE, type StartHook } from './noop-plugin.js';
import { benchAppConfig, removeDir, settle, tempDir } from './setup.js';
import { processClockMs, rate } from './stats.js';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
/** Payload numbers of warm-up jobs, apart from the measured ones. */
const WARMUP_FROM = 1_000_000;

type Command = ClientRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The worker-thread HTTP client, driven by request/reply messages. */
export class HttpClient {
  readonly #worker: Worker;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (reply: ClientReply) => void; reject: (error: Error) => void }>();

  constructor() {
    // `--import tsx` does not reach worker threads on Node 20, so the worker registers tsx itself.
    const tsx = import.meta.resolve('tsx/esm/api');
    // Beside this file, as it was loaded: the sources (tsx) or the compiled tree (.compiled/).
    const entry = new URL(`./http-client${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    this.#worker = new Worker(bootstrap, { eval: true, execArgv: [] });
    this.#worker.on('message', (reply: ClientReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply);
    });
    this.#worker.on('error', (error) => {
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
    });
  }

  call(command: Command): Promise<ClientReply> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...command, id });
    });
  }

  finished(i: number): void {
    this.#worker.postMessage({ cmd: 'finished', i } satisfies ClientRequest);
  }

  async enqueue(url: string, from: number, count: number, clients: number): Promise<{ startMs: number; endMs: number }> {
    const reply = await this.call({ cmd: 'enqueue', url, token: ADMIN_TOKEN, type: NOOP_TYPE, from, count, clients });
    if (!('startMs' in reply)) throw new Error('unexpected reply from the HTTP client');
    return reply;
  }

  async enqueueJobs(url: string, from: number, count: number, batch: number, clients: number): Promise<{ startMs: number; endMs: number }> {
    const reply = await this.call({ cmd: 'enqueueJobs', url, token: ADMIN_TOKEN, type: NOOP_TYPE, from, count, batch, clients });
    if (!('startMs' in reply)) throw new Error('unexpected reply from the HTTP client');
    return reply;
  }

  async latency(url: string, from: number, count: number): Promise<number[]> {
    const reply = await this.call({ cmd: 'latency', url, token: ADMIN_TOKEN, type: NOOP_TYPE, from, count });
    if (!('t0' in reply)) throw new Error('unexpected reply from the HTTP client');
    return reply.t0;
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}

interface RunningApp {
  app: App;
  url: string;
  close(): Promise<void>;
}

async function startApp(mode: Mode, concurrency: number, onStart?: StartHook): Promise<RunningApp> {
  const root = tempDir(`http-${mode}`);
  try {
    const config = benchAppConfig(
      root,
      {
        JOBCENTER_ADMIN_TOKEN: ADMIN_TOKEN,
        JOBCENTER_CONCURRENCY: String(concurrency),
        // Throughput is measured here, not the per-token enqueue rate or the org's queue limit.
        JOBCENTER_TOKEN_ENQUEUE_RATE: '0',
        JOBCENTER_ORG_MAX_QUEUED_JOBS: '1000000000',
      },
      mode,
    );
    const app = await createApp(config, silentLogger, [createNoopPlugin(onStart)]);
    const { url } = await app.start();
    if (!url) throw new Error('the app did not start a server');
    return {
      app,
      url,
      async close() {
        try {
          await app.stop();
        } finally {
          removeDir(root);
        }
      },
    };
  } catch (error) {
    removeDir(root);
    throw error;
  }
}

/** Calls `onSucceeded(i)` for every job announced SUCCEEDED; returns the unsubscribe function. */
function onSucceeded(app: App, listener: (i: number) => void): () => void {
  return app.store.changes.subscribe((event) => {
    if (event.kind === 'job.updated' && event.job.status === 'SUCCEEDED') listener((event.job.payload as { i: number }).i);
  });
}

export interface HttpThroughput {
  count: number;
  clients: number;
  ms: number;
  jobsPerSec: number;
}

/** enqueueJob over HTTP into an API-only app (no executor), with `clients` requests in flight. */
export async function httpEnqueue(client: HttpClient, count: number, clients: number): Promise<HttpThroughput> {
  const running = await startApp('api', 10);
  try {
    await client.enqueue(running.url, WARMUP_FROM, Math.max(50, clients * 4), clients);
    const { startMs, endMs } = await client.enqueue(running.url, 0, count, clients);
    const ms = endMs - startMs;
    return { count, clients, ms, jobsPerSec: rate(count, ms) };
  } finally {
    await running.close();
  }
}

/** enqueueJobs over HTTP into an API-only app (no executor): `count` jobs in calls of `batch`, `clients` calls in flight. */
export async function httpEnqueueBatches(client: HttpClient, count: number, batch: number, clients: number): Promise<HttpThroughput & { batch: number }> {
  const running = await startApp('api', 10);
  try {
    await client.enqueueJobs(running.url, WARMUP_FROM, Math.max(2_000, batch * clients * 2), batch, clients);
    const { startMs, endMs } = await client.enqueueJobs(running.url, 0, count, batch, clients);
    const ms = endMs - startMs;
    return { count, clients, batch, ms, jobsPerSec: rate(count, ms) };
  } finally {
    await running.close();
  }
}

/**
 * The batch-enqueue rows of the summary: enqueueJobs in calls of 100 and of 1,000, one call at a time
 * and 4 in flight, `runs` runs each (a fresh API-only app per run).
 */
export async function httpEnqueueJobsRows(client: HttpClient, quick: boolean, runs: number): Promise<Array<{ label: string; values: number[] }>> {
  const count = quick ? 5_000 : 50_000;
  const rows: Array<{ label: string; values: number[] }> = [];
  for (const batch of [100, 1000]) {
    for (const clients of [1, 4]) {
      const values: number[] = [];
      for (let run = 0; run < runs; run++) values.push((await httpEnqueueBatches(client, count, batch, clients)).jobsPerSec);
      rows.push({ label: `http enqueueJobs x${batch}, ${clients} in flight (${count.toLocaleString('en-US')})`, values });
    }
  }
  return rows;
}

/** `count` jobs enqueued over HTTP by `clients` clients while the executor (at `concurrency`) runs them. */
export async function httpEndToEnd(
  client: HttpClient,
  count: number,
  clients: number,
  concurrency: number,
): Promise<HttpThroughput & { concurrency: number }> {
  const running = await startApp('serve', concurrency);
  try {
    const warmupCount = Math.max(50, clients * 4);
    let warm = 0;
    let measured = 0;
    let resolveWarm!: () => void;
    let resolveDone!: (at: number) => void;
    const warmDone = new Promise<void>((resolve) => (resolveWarm = resolve));
    const done = new Promise<number>((resolve) => (resolveDone = resolve));
    const unsubscribe = onSucceeded(running.app, (i) => {
      if (i >= WARMUP_FROM) {
        if (++warm === warmupCount) resolveWarm();
      } else if (++measured === count) resolveDone(processClockMs());
    });
    await client.enqueue(running.url, WARMUP_FROM, warmupCount, clients);
    await withTimeout(warmDone, 30_000, () => `HTTP warm-up jobs did not finish (${warm}/${warmupCount})`);
    await settle();
    const { startMs } = await client.enqueue(running.url, 0, count, clients);
    const endMs = await withTimeout(done, 120_000, () => `HTTP end-to-end stalled at ${measured}/${count}`);
    unsubscribe();
    const ms = endMs - startMs;
    return { count, clients, concurrency, ms, jobsPerSec: rate(count, ms) };
  } finally {
    await running.close();
  }
}

/** Enqueue->start latency over HTTP, one job at a time, each after the previous one SUCCEEDED. */
export async function httpLatency(client: HttpClient, samples: number, warmup: number, concurrency = 10): Promise<number[]> {
  const started = new Map<number, number>();
  const running = await startApp('serve', concurrency, (input) => started.set(input.i, processClockMs()));
  try {
    const unsubscribe = onSucceeded(running.app, (i) => {
      // The worker sends the next request only after the executor had a few turns to go idle.
      void settle().then(() => client.finished(i));
    });
    await settle();
    const t0 = await client.latency(running.url, 0, warmup + samples);
    unsubscribe();
    const latencies: number[] = [];
    for (let i = warmup; i < warmup + samples; i++) latencies.push(started.get(i)! - t0[i]!);
    return latencies;
  } finally {
    await running.close();
  }
}
