/**
 * The client side of the fan-out bench, shared by its scenarios: the subscribers (graphql-ws clients
 * in separate processes, bench/fanout-clients.ts), the enqueueing client (bench/fanout-enqueuer.ts),
 * and the CPU each side used. A target is any server speaking graphql-ws on `wsUrl`: jobcenter, or
 * the bare broadcast floor (bench/fanout-floor.ts).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fmtInt, fmtMs, summarize } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXT = path.extname(fileURLToPath(import.meta.url));
/**
 * One client process per core unless BENCH_FANOUT_CLIENT_PROCESSES says otherwise: more processes
 * than cores only add wake-ups and context switches, which both sides pay for. Measured on 2 cores,
 * 1,000 `jobUpdated` clients: 2.2-2.6 s of the clients' CPU in 2 processes, 3.0-3.4 s in 4, and the
 * server's 1.2-1.8 s against 1.6-2.1 s.
 */
export const CLIENT_PROCESSES = Number(process.env.BENCH_FANOUT_CLIENT_PROCESSES ?? Math.max(2, os.availableParallelism()));
/** BENCH_FANOUT_CLIENT=lean: clients that read only what they count (bench/fanout-clients.ts). */
export const CLIENT = process.env.BENCH_FANOUT_CLIENT === 'lean' ? 'lean' : 'graphql-ws';

/**
 * BENCH_FANOUT_PIN=1 (Linux, taskset): the server's process and the enqueueing client on the first
 * core, the subscribers' processes on the others, so neither side takes the other's CPU; without it
 * the scheduler shares every core between all of them.
 */
const PIN = ['1', 'true', 'yes'].includes((process.env.BENCH_FANOUT_PIN ?? '').toLowerCase());

function pin(pid: number | undefined, cpus: string): void {
  if (PIN && pid) execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** Pins this process (the server) when BENCH_FANOUT_PIN asks; says how the cores are shared. */
export function pinServer(): string {
  if (!PIN) return 'cores shared by all processes';
  pin(process.pid, '0');
  return `server and enqueueing client on core 0, subscribers on cores 1-${os.availableParallelism() - 1}`;
}

/** A server the clients talk to, and how many subscriptions it holds now. */
export interface Target {
  url: string;
  wsUrl: string;
  token: string;
  subscribers(): number;
}

export interface ClientReport {
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

/**
 * Enqueues `n` jobs one awaited request at a time from a client process of its own
 * (bench/fanout-enqueuer.ts), as a third party would; the time is the client's, from its first
 * request to its last answer.
 */
export async function enqueueJobs(server: Target, n: number, payload: Record<string, unknown>): Promise<{ ids: string[]; ms: number }> {
  const child = fork(path.join(HERE, `fanout-enqueuer${EXT}`), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  pin(child.pid, '0');
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the enqueueing client exited (code ${code}) before it answered`))));
  exited.catch(() => undefined);
  const message = <T>() => Promise.race([new Promise<T>((resolve) => child.once('message', (m: T) => resolve(m))), exited]);
  await message<'ready'>();
  const answer = message<{ ids: string[]; ms: number } | { crashed: string }>();
  child.send({ url: server.url, token: server.token, count: n, payload });
  const result = await answer;
  if ('crashed' in result) throw new Error(`the enqueueing client failed: ${result.crashed}`);
  return result;
}

/**
 * Checks every `everyMs` until `check` holds or the time is up. A check that asks the server over
 * HTTP runs in the server's process during the measured window, so it is asked seldom (every 250 ms):
 * every 20 ms, its requests took a share of the loop the deliveries needed.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return false;
}


/** What a client process says about a crash, or one of its other messages. */
type ChildMessage = ClientReport | { crashed: string } | 'started' | 'ready';

/** Close codes and error messages summed over the reports, most frequent first. */
export function tally(reports: ClientReport[], pick: (r: ClientReport) => Record<string, number>): string {
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
export async function openClients(server: Target, count: number, query: string, variables?: Record<string, unknown>) {
  const before = server.subscribers();
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
    const child = fork(path.join(HERE, `fanout-clients${EXT}`), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    pin(child.pid, `1-${os.availableParallelism() - 1}`);
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
        child.send({ url: server.wsUrl.replace(/\/graphql$/, '') + '/graphql', token: server.token, count: shares[p]!, query, variables, client: CLIENT });
        return started;
      }),
    ),
  ]);
  const held = await Promise.race([died, waitUntil(() => server.subscribers() >= before + count, 120_000)]).catch((error) => {
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
      `the server holds ${server.subscribers() - before} of ${count} subscriptions after 120 s; ` +
        `client close codes: ${tally(reports, (r) => r.closeCodes)}; errors: ${tally(reports, (r) => r.errorMessages)}`,
    );
  }
  return {
    connectMs,
    async report(): Promise<ClientReport[]> {
      const reports = await collect(60_000);
      await waitUntil(() => server.subscribers() <= before, 30_000);
      return reports;
    },
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
export function cpuWindow(): (reports: ClientReport[]) => string {
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

/**
 * What the clients saw of a run whose jobs were `ids`: delivery p50/p95/p99/max, events per client
 * against `expected`, how many saw every job's terminal STATUS, and their CPU per event received.
 */
export function clientFigures(reports: ClientReport[], ids: string[], expected: number): { delivery: string; events: string; sawAll: number; cpuPerEvent: string } {
  const delays = reports.flatMap((r) => r.delays);
  const perClient = reports.flatMap((r) => r.events);
  const s = summarize(delays);
  const cpuMs = reports.reduce((a, r) => a + r.cpuMs, 0);
  return {
    delivery: `delivery p50 ${fmtMs(s.p50)} / p95 ${fmtMs(s.p95)} / p99 ${fmtMs(s.p99)} / max ${fmtMs(s.max)}`,
    events: `events per client min ${fmtInt(Math.min(...perClient))} max ${fmtInt(Math.max(...perClient))} (expected ${fmtInt(expected)})`,
    sawAll: reports.flatMap((r) => r.terminal).filter((seen) => ids.every((id) => seen.includes(id))).length,
    cpuPerEvent: `${((cpuMs * 1000) / Math.max(1, delays.length)).toFixed(1)} µs per event received`,
  };
}
