/**
 * The executor: claims due jobs in batches, runs each as an Attempt, and reports how it ended. It
 * wakes on the change feed (a new or re-queued job starts at once), on a timer for the next delayed
 * job, and when its local queue runs low. Leases are renewed by a heartbeat; expired ones are
 * recovered at start and while running.
 *
 * The local queue: while jobs finish fast, a claim takes more than the free slots, as many as this
 * process finishes in about AHEAD_MS (LocalQueue), so one claim and one completion write serve many
 * jobs. Queued jobs are RUNNING in the store under this worker's lease (they count against type and
 * org limits, the heartbeat renews them, a crash hands them back through lease expiry); a cancel
 * ends a queued one without running it; stopping releases them unspent. Slow jobs keep nothing ahead.
 */
import os from 'node:os';
import { CancelledError, FatalError, JobcenterError, ShutdownError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { JobService } from '../../services/job-service.js';
import type { LlmGateway } from '../llm/gateway.js';
import type { Logger } from '../logger.js';
import type { Store } from '../../store/port.js';
import type { TaskCatalog } from '../../domain/task-catalog.js';
import type { TaskSettings } from '../../domain/task-settings.js';
import type { Job } from '../../domain/types.js';
import { Attempt } from './attempt.js';
import { Deadlines } from './deadlines.js';
import { DEFAULT_BACKOFF } from '../../domain/backoff.js';
import { decideOutcome } from './outcome.js';
import { resumeIfResolved } from './durable.js';
import { ReportBatcher } from './report-batcher.js';
import { LocalQueue } from './local-queue.js';
import { WaitWaker } from './wait-waker.js';

export interface ExecutorOptions {
  store: Store;
  catalog: TaskCatalog;
  jobs: JobService;
  logger: Logger;
  workerId?: string;
  /** Most attempts this process runs at once. */
  concurrency: number;
  /** Most RUNNING jobs per org across all workers (fairness); undefined for no limit. */
  orgConcurrency?: number;
  leaseMs: number;
  heartbeatMs?: number;
  cancelGraceMs: number;
  shutdownGraceMs: number;
  progressWriteMs: number;
  defaultTimeoutMs?: number;
  /** Most jobs claimed ahead of free slots (the local queue's cap); 0 claims free slots only. */
  maxAhead?: number;
  /** Jobs always claimed ahead of free slots, whatever the pace (default 0). */
  minAhead?: number;
  /** A slow safety re-check for work no local event announces (another process's writes). */
  idleCheckMs?: number;
  /** The gateway behind `ctx.llm`. */
  llm?: LlmGateway;
  /** `ctx.settings` (defaults when absent). */
  taskSettings?: TaskSettings;
}

class LeaseLostError extends JobcenterError {
  constructor() {
    super('LEASE_LOST', 'the worker lost its lease on the job');
  }
}

export class Executor {
  readonly workerId: string;
  readonly #o: ExecutorOptions & { heartbeatMs: number; idleCheckMs: number };
  readonly #running = new Map<string, { attempt: Attempt; done: Promise<void> }>();
  readonly #queue: LocalQueue;
  readonly #batcher: ReportBatcher;
  readonly #waker: WaitWaker;
  readonly #deadlines = new Deadlines();
  readonly #types: string[];
  readonly #typeLimits: Record<string, number> = {};
  /** Whether type or org limits apply (claims may come back short until outcomes are written). */
  readonly #limited: boolean;
  #state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  #claiming = false;
  #claimAgain = false;
  #tickScheduled = false;
  #dueTimer: NodeJS.Timeout | undefined;
  #dueAt = Infinity;
  #timers: NodeJS.Timeout[] = [];
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #claim: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  readonly #startedAt = Date.now();

  constructor(options: ExecutorOptions) {
    this.#o = {
      ...options,
      heartbeatMs: options.heartbeatMs ?? Math.max(100, Math.floor(options.leaseMs / 3)),
      idleCheckMs: options.idleCheckMs ?? 5000,
    };
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${newId().slice(-8)}`;
    this.#batcher = new ReportBatcher(options.store);
    this.#queue = new LocalQueue(options.maxAhead ?? DEFAULT_MAX_AHEAD, options.minAhead ?? 0);
    this.#types = options.catalog.list().map((t) => t.type);
    this.#waker = new WaitWaker(options.store, this.#types, options.logger);
    for (const t of options.catalog.list()) if (t.concurrency !== undefined) this.#typeLimits[t.type] = t.concurrency;
    this.#limited = Object.keys(this.#typeLimits).length > 0 || options.orgConcurrency !== undefined;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new Error('the executor was already started');
    this.#state = 'running';
    const { store } = this.#o;
    // One process owns an exclusive store, so RUNNING jobs found now belong to a process that died.
    const recovered = await store.jobs.recoverLeases(Date.now(), { allRunning: store.exclusive });
    if (recovered.length) this.#o.logger.warn({ count: recovered.length }, 'recovered jobs from a stopped worker');
    this.#unsubscribe = store.changes.subscribe((event) => {
      if (event.kind === 'job.created' || event.kind === 'job.updated') this.#onJobChange(event.job);
    });
    await this.#heartbeat();
    this.#heartbeatTimer = setInterval(() => void this.#heartbeat(), this.#o.heartbeatMs);
    this.#timers.push(
      setInterval(() => void this.#recoverLeases(), Math.max(250, Math.floor(this.#o.leaseMs / 2))),
      setInterval(() => {
        this.#requestTick();
        // Waits that another process started are not announced to this one's waker on every store.
        if (!store.exclusive) this.#waker.check();
      }, this.#o.idleCheckMs),
    );
    this.#waker.start();
    this.#o.logger.info({ workerId: this.workerId, concurrency: this.#o.concurrency, types: this.#types }, 'executor started');
    this.#requestTick();
  }

  /**
   * Stops claiming, lets running attempts finish within the grace period, then gives the rest back to
   * the queue without spending their attempt.
   */
  async stop(graceMs = this.#o.shutdownGraceMs): Promise<void> {
    if (this.#state !== 'running') return;
    this.#state = 'stopping';
    for (const timer of this.#timers) clearInterval(timer);
    clearTimeout(this.#dueTimer);
    this.#waker.stop();
    // A claim in flight finishes first: what it claimed is released at once (see #tick).
    await this.#claim;
    await this.#releaseUnstarted(this.#queue.takeAll());
    const all = () => Promise.all([...this.#running.values()].map((r) => r.done));
    const inTime = await Promise.race([all().then(() => true), sleep(graceMs).then(() => false)]);
    if (!inTime) {
      this.#o.logger.warn({ count: this.#running.size }, 'grace period over: releasing running jobs');
      for (const { attempt } of this.#running.values()) attempt.abort(new ShutdownError());
      await all();
    }
    await this.#batcher.drain();
    this.#deadlines.stop();
    // The heartbeat ran through the grace period so no other worker took these jobs meanwhile.
    clearInterval(this.#heartbeatTimer);
    this.#unsubscribe?.();
    await this.#o.store.workers.remove(this.workerId).catch(() => undefined);
    this.#state = 'stopped';
    this.#o.logger.info({ workerId: this.workerId }, 'executor stopped');
  }

  #onJobChange(job: Job): void {
    if (job.status === 'QUEUED') {
      if (job.runAt <= Date.now()) this.#requestTick();
      else this.#armDueTimer(job.runAt);
    } else if (job.status === 'WAITING') {
      if (job.wakeAt !== undefined) this.#waker.waitsUntil(job.wakeAt);
    } else if (job.status === 'RUNNING' && job.cancelRequested) {
      this.#running.get(job.id)?.attempt.abort(new CancelledError());
      this.#cancelQueued(job.id);
    }
  }

  /** A job cancelled while it waited in the local queue ends CANCELLED without running. */
  #cancelQueued(jobId: string): void {
    const job = this.#queue.remove(jobId);
    if (!job) return;
    const now = Date.now();
    const outcome = decideOutcome(job, { returned: false, abortReason: new CancelledError() }, DEFAULT_BACKOFF, now);
    this.#batcher.report({ jobId: job.id, workerId: this.workerId, outcome, now }).catch((error: unknown) => {
      this.#o.logger.error({ err: error, jobId }, 'reporting a cancelled job failed; its lease will expire');
    });
  }

  /** Starts queued jobs while slots are free. */
  #startQueued(): void {
    while (this.#running.size < this.#o.concurrency && this.#state === 'running') {
      const job = this.#queue.next();
      if (!job) return;
      this.#startAttempt(job);
    }
  }

  /** Coalesces wake-ups: many events in one turn make one claim. */
  #requestTick(): void {
    if (this.#tickScheduled || this.#state !== 'running') return;
    this.#tickScheduled = true;
    setImmediate(() => {
      this.#tickScheduled = false;
      void this.#tick();
    });
  }

  async #tick(): Promise<void> {
    if (this.#claiming) {
      this.#claimAgain = true;
      return;
    }
    this.#claiming = true;
    const claim = this.#claimLoop();
    this.#claim = claim;
    await claim;
  }

  async #claimLoop(): Promise<void> {
    try {
      do {
        // The time of the last claim: the next due time is looked up after it, so a job that became
        // due between that claim and the look-up is not skipped.
        let now = Date.now();
        do {
          this.#claimAgain = false;
          const room = this.#queue.room(this.#o.concurrency - this.#running.size);
          if (room <= 0 || this.#state !== 'running') break;
          now = Date.now();
          const jobs = await this.#o.store.jobs.claim({
            workerId: this.workerId,
            limit: room,
            now,
            leaseMs: this.#o.leaseMs,
            types: this.#types,
            typeLimits: this.#typeLimits,
            ...(this.#o.orgConcurrency !== undefined && { orgLimit: this.#o.orgConcurrency }),
          });
          if (this.#state !== 'running') {
            await this.#releaseUnstarted(jobs);
            break;
          }
          this.#queue.add(jobs);
          this.#startQueued();
          if (jobs.length === room) this.#claimAgain = true;
        } while (this.#claimAgain && this.#state === 'running');
        if (this.#state === 'running') await this.#armNextDue(now);
        // A wake-up that arrived during the look-up asks for another round.
      } while (this.#claimAgain && this.#state === 'running');
    } catch (error) {
      this.#o.logger.error({ err: error }, 'claiming jobs failed');
    } finally {
      this.#claiming = false;
    }
  }

  /** Jobs claimed while stopping go straight back to the queue, their attempt not spent. */
  async #releaseUnstarted(jobs: Job[]): Promise<void> {
    const now = Date.now();
    await Promise.all(
      jobs.map((job) => this.#batcher.report({ jobId: job.id, workerId: this.workerId, outcome: { kind: 'released' }, now })),
    );
  }

  async #armNextDue(after: number): Promise<void> {
    const next = await this.#o.store.jobs.nextRunAt(after, this.#types);
    if (next !== undefined) this.#armDueTimer(next);
  }

  #armDueTimer(at: number): void {
    if (this.#state !== 'running' || at >= this.#dueAt) return;
    clearTimeout(this.#dueTimer);
    this.#dueAt = at;
    this.#dueTimer = setTimeout(() => {
      this.#dueAt = Infinity;
      this.#requestTick();
    }, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
  }

  #startAttempt(job: Job): void {
    const spec = this.#o.catalog.get(job.type);
    if (!spec) return; // claim only asks for known types
    const attempt = new Attempt(job, spec, {
      store: this.#o.store,
      jobs: this.#o.jobs,
      workerId: this.workerId,
      logger: this.#o.logger,
      cancelGraceMs: this.#o.cancelGraceMs,
      progressWriteMs: this.#o.progressWriteMs,
      defaultTimeoutMs: this.#o.defaultTimeoutMs ?? 0,
      deadlines: this.#deadlines,
      ...(this.#o.llm && { llm: this.#o.llm }),
      ...(this.#o.taskSettings && { settings: this.#o.taskSettings }),
    });
    if (job.cancelRequested) attempt.abort(new CancelledError());
    // This worker's own lease recovery may have re-queued a job whose attempt is still running (its
    // heartbeat stalled past the lease): that old attempt lost its lease and must not report.
    this.#running.get(job.id)?.attempt.abort(new LeaseLostError());
    // The slot frees when the handler ends, not when its outcome is written: outcomes are written in
    // batches (ReportBatcher) while the next queued jobs already run. Until then the job is RUNNING in
    // the store, so type and org limits still count it.
    const freeSlot = () => {
      if (this.#running.get(job.id)?.attempt === attempt) this.#running.delete(job.id);
      this.#queue.finished();
      this.#startQueued();
      if (this.#queue.room(this.#o.concurrency - this.#running.size) > 0) this.#requestTick();
    };
    const entry = { attempt, done: Promise.resolve() };
    this.#running.set(job.id, entry);
    entry.done = this.#runAttempt(attempt, freeSlot);
  }

  /** Runs the attempt, frees its slot, and reports how it ended; resolves when the report is written. */
  async #runAttempt(attempt: Attempt, freeSlot: () => void): Promise<void> {
    const { job } = attempt;
    const spec = this.#o.catalog.get(job.type)!;
    let freed = false;
    try {
      const ending = await attempt.run();
      freed = true;
      freeSlot();
      if (ending.abortReason instanceof LeaseLostError) return; // another worker owns it now
      if (ending.abandoned) {
        this.#o.logger.warn({ jobId: job.id, reason: String(ending.abortReason) }, 'handler ignored its signal; abandoned');
      }
      const now = Date.now();
      const outcome = decideOutcome(job, ending, spec.backoff, now);
      try {
        const after = await this.#batcher.report({ jobId: job.id, workerId: this.workerId, outcome, now });
        const others = ending.suspended?.others;
        if (others && after?.status === 'WAITING') await resumeIfResolved(this.#o.store, after, others, Date.now());
      } catch (error) {
        if (outcome.kind !== 'succeeded') throw error;
        // The store refused the result (size-limits.ts passed it, but a store has rules of its own):
        // fail the attempt with the reason, rather than leave the lease to expire and run it again.
        const reason = error instanceof Error ? error.message : String(error);
        this.#o.logger.warn({ err: error, jobId: job.id }, 'the store refused the result; the attempt fails');
        const failed = new FatalError(`the task's result cannot be stored: ${reason}`, { code: 'BAD_RESULT' });
        await this.#batcher.report({ jobId: job.id, workerId: this.workerId, outcome: decideOutcome(job, { returned: false, thrown: failed }, spec.backoff, now), now });
      }
      // Written: a type or org limit that counted this job as RUNNING has room again.
      if (this.#limited && this.#queue.room(this.#o.concurrency - this.#running.size) > 0) this.#requestTick();
    } catch (error) {
      if (!freed) freeSlot();
      this.#o.logger.error({ err: error, jobId: job.id }, 'reporting an attempt failed; its lease will expire');
    }
  }

  async #heartbeat(): Promise<void> {
    const { store } = this.#o;
    const now = Date.now();
    try {
      // The attempts as they were when the heartbeat began: by the time the store answers, a job
      // may have finished, or been claimed again by a new attempt that this answer says nothing of.
      const attempts = new Map([...this.#running].map(([id, r]) => [id, r.attempt]));
      const still = (id: string) => {
        const attempt = attempts.get(id);
        return attempt !== undefined && this.#running.get(id)?.attempt === attempt ? attempt : undefined;
      };
      const queued = this.#queue.ids();
      if (attempts.size || queued.length) {
        const held = await store.jobs.heartbeat(this.workerId, [...attempts.keys(), ...queued], now + this.#o.leaseMs);
        const heldIds = new Set(held.map((h) => h.id));
        for (const h of held) {
          if (!h.cancelRequested) continue;
          still(h.id)?.abort(new CancelledError());
          this.#cancelQueued(h.id);
        }
        // Those still running and not held lost their lease; queued ones are dropped unstarted.
        for (const id of attempts.keys()) if (!heldIds.has(id)) still(id)?.abort(new LeaseLostError());
        for (const id of queued) if (!heldIds.has(id)) this.#queue.remove(id);
      }
      await store.workers.upsert({
        id: this.workerId,
        host: os.hostname(),
        pid: process.pid,
        startedAt: this.#startedAt,
        lastHeartbeatAt: now,
        running: this.#running.size,
        concurrency: this.#o.concurrency,
      });
    } catch (error) {
      this.#o.logger.error({ err: error }, 'heartbeat failed');
    }
  }

  async #recoverLeases(): Promise<void> {
    try {
      const recovered = await this.#o.store.jobs.recoverLeases(Date.now());
      if (recovered.length) this.#o.logger.warn({ count: recovered.length }, 'recovered jobs with expired leases');
    } catch (error) {
      this.#o.logger.error({ err: error }, 'lease recovery failed');
    }
  }
}

/** The local queue's default cap: enough for one claim to feed a fast drain for about AHEAD_MS. */
const DEFAULT_MAX_AHEAD = 512;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
