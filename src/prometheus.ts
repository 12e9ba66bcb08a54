/**
 * The Prometheus scrape endpoint, /metrics. Each app owns its registry (never prom-client's global
 * one, so several apps in one process do not clash):
 *
 * - the queue-depth gauge is read from the store at scrape time (every org);
 * - the live gauge and counters are read from this process's live events at scrape time;
 * - the other counters and the duration histogram follow the store's change feed: a job counts once, when
 *   an update first shows it finished; an LLM call likewise; a schedule run when it is created. On
 *   MongoDB the feed carries every process's writes, on SQLite this process's (the only one).
 *
 * Access: with a token configured, `Authorization: Bearer <token>` (compared in constant time);
 * without one, loopback clients only. Error bodies say nothing more than the status does.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChangeEvent } from './engine/domain/change-event.js';
import type { LlmCall } from './engine/domain/llm-call.js';
import QuickLRU from 'quick-lru';
import type { Logger } from './engine/runtime/logger.js';
import type { LiveCounts } from './engine/services/live-events.js';
import type { Store } from './engine/store/port.js';
import { FINISHED_STATUSES, JOB_STATUSES, type Job } from './engine/domain/types.js';

/** Seconds: 10 ms (a quick tool call) up to 30 min (a long model pipeline). */
export const JOB_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800];

const FINISHED_CALL_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** How many counted job and call ids are remembered (at least: quick-lru keeps up to twice) to drop repeated events. A MongoDB change
 * stream looks documents up after the change, so two quick updates can both show the final state. */
const REMEMBERED_IDS = 20_000;

export interface PrometheusOptions {
  store: Store;
  /** The task types this process knows, so their queue depth reads 0 before any job exists. */
  taskTypes?: () => string[];
  /**
   * The model label of a call: callers name models freely, so only configured ones keep their
   * name and every other model reads `*` (default: every model reads `*`), and the series stay bounded.
   */
  llmModelLabel?: (provider: string, model: string) => string;
  /** This process's live subscriptions (engine/services/live-events.ts): how many, and what slow clients cost. */
  live?: { readonly subscriberCount: number; readonly counts: LiveCounts };
}

export class Prometheus {
  readonly registry = new Registry();
  readonly #process = processRegistry();
  readonly #unsubscribe: () => void;
  readonly #countedJobs = new QuickLRU<string, true>({ maxSize: REMEMBERED_IDS });
  readonly #countedCalls = new QuickLRU<string, true>({ maxSize: REMEMBERED_IDS });
  readonly #jobsFinished: Counter<'type' | 'outcome'>;
  readonly #jobDuration: Histogram<'type'>;
  readonly #scheduleFires: Counter<'trigger' | 'status'>;
  readonly #llmCalls: Counter<'provider' | 'model' | 'status'>;
  readonly #llmTokens: Counter<'provider' | 'model' | 'kind'>;
  readonly #llmCost: Counter<'provider' | 'model' | 'task_type'>;
  readonly #modelLabel: (provider: string, model: string) => string;

  constructor(options: PrometheusOptions) {
    const { store } = options;
    this.#modelLabel = options.llmModelLabel ?? (() => '*');
    const registers = [this.registry];
    const taskTypes = options.taskTypes ?? (() => []);
    new Gauge({
      name: 'jobcenter_queue_depth',
      help: 'Jobs in the store by status and task type, every org (finished ones until retention purges them).',
      labelNames: ['status', 'type'] as const,
      registers,
      async collect() {
        const rows = await store.jobs.countByStatusAndType();
        // Reset after the read, so a failed read leaves the last figures and no half-written set.
        this.reset();
        for (const type of new Set([...taskTypes(), ...rows.map((r) => r.type)])) {
          for (const status of JOB_STATUSES) this.set({ status: status.toLowerCase(), type }, 0);
        }
        for (const row of rows) this.set({ status: row.status.toLowerCase(), type: row.type }, row.count);
      },
    });
    this.#jobsFinished = new Counter({
      name: 'jobcenter_jobs_finished_total',
      help: 'Jobs finished, by task type and outcome (succeeded, failed, timed_out, cancelled).',
      labelNames: ['type', 'outcome'] as const,
      registers,
    });
    this.#jobDuration = new Histogram({
      name: 'jobcenter_job_duration_seconds',
      help: "Finished jobs' last attempt, from its start to the job's end, by task type.",
      labelNames: ['type'] as const,
      buckets: JOB_DURATION_BUCKETS,
      registers,
    });
    this.#scheduleFires = new Counter({
      name: 'jobcenter_schedule_fires_total',
      help: 'Schedule runs created, by trigger (scheduled, manual, retry) and status at creation (queued, skipped).',
      labelNames: ['trigger', 'status'] as const,
      registers,
    });
    this.#llmCalls = new Counter({
      name: 'jobcenter_llm_calls_total',
      help: 'LLM calls finished, by provider, model (a configured model, or * for any other) and status (succeeded, failed, cancelled).',
      labelNames: ['provider', 'model', 'status'] as const,
      registers,
    });
    this.#llmTokens = new Counter({
      name: 'jobcenter_llm_tokens_total',
      help: 'Tokens of finished LLM calls, by provider, model and kind (input, output, cached; cached is part of input).',
      labelNames: ['provider', 'model', 'kind'] as const,
      registers,
    });
    this.#llmCost = new Counter({
      name: 'jobcenter_llm_cost_usd_total',
      help:
        'What finished LLM calls of priced models cost in USD, by provider, model and task type (the calling job\'s type, or "none"). ' +
        'Calls of unpriced models are not in it (see jobcenter_llm_calls_total).',
      labelNames: ['provider', 'model', 'task_type'] as const,
      registers,
    });
    const live = options.live;
    if (live) {
      new Gauge({
        name: 'jobcenter_live_subscriptions',
        help: 'Live subscriptions (graphql-ws and SSE) this process serves now.',
        registers,
        collect() {
          this.set(live.subscriberCount);
        },
      });
      new Counter({
        name: 'jobcenter_live_events_conflated_total',
        help: 'Live events replaced by a later one for the same subject (progress) while their client was behind.',
        registers,
        collect() {
          this.reset();
          this.inc(live.counts.conflated);
        },
      });
      new Counter({
        name: 'jobcenter_live_slow_clients_closed_total',
        help: 'Live subscriptions ended because their client fell behind by more than JOBCENTER_LIVE_MAX_QUEUED_EVENTS events (a socket closed with 4008, an SSE stream ended).',
        registers,
        collect() {
          this.reset();
          this.inc(live.counts.overflowed);
        },
      });
    }
    this.#unsubscribe = store.changes.subscribe((event) => this.#onChange(event));
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text: this app's metrics, then the process's. */
  async metrics(): Promise<string> {
    return Registry.merge([this.registry, this.#process]).metrics();
  }

  /** Stops following the change feed. */
  close(): void {
    this.#unsubscribe();
  }

  #onChange(event: ChangeEvent): void {
    switch (event.kind) {
      case 'job.updated':
        if (FINISHED_STATUSES.includes(event.job.status) && firstSeen(this.#countedJobs, event.job.id)) this.#jobFinished(event.job);
        return;
      case 'llm.created':
      case 'llm.updated':
        if (FINISHED_CALL_STATUSES.has(event.call.status) && firstSeen(this.#countedCalls, event.call.id)) this.#callFinished(event.call);
        return;
      case 'run.created':
        this.#scheduleFires.inc({ trigger: event.run.trigger.toLowerCase(), status: event.run.status.toLowerCase() });
        return;
      default:
        return;
    }
  }

  #jobFinished(job: Job): void {
    this.#jobsFinished.inc({ type: job.type, outcome: jobOutcome(job) });
    // A job cancelled while queued never started: it has no duration.
    if (job.startedAt !== undefined && job.finishedAt !== undefined && job.finishedAt >= job.startedAt) {
      this.#jobDuration.observe({ type: job.type }, (job.finishedAt - job.startedAt) / 1000);
    }
  }

  #callFinished(call: LlmCall): void {
    const { provider } = call;
    const model = this.#modelLabel(provider, call.model);
    this.#llmCalls.inc({ provider, model, status: call.status.toLowerCase() });
    this.#llmTokens.inc({ provider, model, kind: 'input' }, call.usage.inputTokens);
    this.#llmTokens.inc({ provider, model, kind: 'output' }, call.usage.outputTokens);
    this.#llmTokens.inc({ provider, model, kind: 'cached' }, call.usage.cachedTokens);
    // Task types are the registry's (bounded); a call without a job is "none".
    if (call.costMicros !== undefined) this.#llmCost.inc({ provider, model, task_type: call.parentJobId ? call.source : 'none' }, call.costMicros / 1_000_000);
  }
}

/** succeeded, cancelled, timed_out (a failure whose last error is a timeout, as schedule runs tell it) or failed. */
export function jobOutcome(job: Pick<Job, 'status' | 'errors'>): string {
  if (job.status === 'FAILED' && job.errors.at(-1)?.code === 'TIMEOUT') return 'timed_out';
  return job.status.toLowerCase();
}


/** True the first time an id is seen among the remembered ones (it then is remembered). */
function firstSeen(seen: QuickLRU<string, true>, id: string): boolean {
  if (seen.has(id)) return false;
  seen.set(id, true);
  return true;
}

let processMetrics: Registry | undefined;

/**
 * Node's own metrics (CPU, memory, event loop, GC) belong to the process, not to an app, and
 * collectDefaultMetrics starts observers that are never stopped: collected once per process (from
 * the first app on; the CPU counters count from then), in a registry of their own, and added to every
 * app's scrape.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 (in any spelling) and IPv4-mapped ::ffff:127.x.y.z. */
export function isLoopback(address: string | undefined): boolean {
  const family = address ? net.isIP(address) : 0;
  if (family === 0) return false;
  return LOOPBACK.check(address!, family === 6 ? 'ipv6' : 'ipv4');
}

export interface MetricsEndpointOptions {
  /** When set, the bearer token a scrape must send; otherwise only loopback clients are answered. */
  token: string | undefined;
  logger: Logger;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The /metrics route: access rule, then GET only, then the exposition text. */
export function createMetricsHandler(
  prometheus: Prometheus,
  { token, logger }: MetricsEndpointOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  // Digests have one length, so the comparison takes the same time whatever was sent.
  const expected = token === undefined ? undefined : digest(token);
  return async (req, res) => {
    req.resume(); // a body, if any, is never read
    if (expected) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
        return sendText(res, 401, 'unauthorized', { 'www-authenticate': 'Bearer' });
      }
    } else if (!isLoopback(req.socket.remoteAddress)) {
      return sendText(res, 403, 'forbidden');
    }
    if (req.method !== 'GET') return sendText(res, 405, 'method not allowed', { allow: 'GET' });
    let body: string;
    try {
      body = await prometheus.metrics();
    } catch (error) {
      logger.error({ err: error }, 'collecting metrics failed');
      return sendText(res, 500, 'metrics are unavailable');
    }
    res.writeHead(200, { 'content-type': prometheus.contentType, 'cache-control': 'no-store' });
    res.end(body);
  };
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(`${text}\n`);
}
