/**
 * One attempt of one job: the handler's context, its timeout, and how it ends. Cancellation and
 * timeouts abort the signal; a handler that ignores it past the grace period is abandoned.
 */
import { createHash } from 'node:crypto';
import { snapshotThenChanges } from '../../store/snapshot-then-changes.js';
import type { Actor } from '../../domain/actor.js';
import { FatalError, TimeoutError } from '../../domain/errors.js';
import type { JobService } from '../../services/job-service.js';
import type { LlmCaller, LlmGateway } from '../llm/gateway.js';
import type { Logger } from '../logger.js';
import type { Store } from '../../store/port.js';
import type { TaskSpec } from '../../domain/task-catalog.js';
import type { SpawnOptions, TaskContext, TaskLlm, TaskLogger } from '../../domain/task-context.js';
import { DEFAULT_TASK_SETTINGS, type TaskSettings } from '../../domain/task-settings.js';
import type { Job, JobProgress, LogLevel, NewJobLog } from '../../domain/types.js';
import { FINISHED_STATUSES } from '../../domain/types.js';
import { cleanForStorage, DEFAULT_SIZE_LIMITS } from '../../domain/size-limits.js';
import type { Ending } from './outcome.js';
import { Durable, suspensionOf, timeoutAtOf } from './durable.js';
import type { Deadlines, Expiring } from './deadlines.js';
import type { Approval } from '../../domain/job-wait.js';

export interface AttemptDeps {
  store: Store;
  jobs: JobService;
  workerId: string;
  logger: Logger;
  cancelGraceMs: number;
  /** Progress is written at most this often (live events are not delayed). */
  progressWriteMs: number;
  /** Used when neither the job nor its type sets a timeout; 0 means none. */
  defaultTimeoutMs: number;
  llm?: LlmGateway;
  /** `ctx.settings`; the defaults when absent. */
  settings?: TaskSettings;
  /** The executor's timeout timer; without it the attempt arms a timer of its own. */
  deadlines?: Deadlines;
}

/**
 * Most attempts never read their signal, log, spawn or wait: the AbortController, the log buffer,
 * the durable state and `ctx.llm` are made on first use, and an abort before the signal exists is
 * kept as a reason the signal starts with.
 */
export class Attempt implements Expiring {
  #controller: AbortController | undefined;
  #aborted = false;
  #abortReason: unknown;
  /** Called on abort while the handler runs (starts the grace period). */
  #onAbort: (() => void) | undefined;
  #timeoutMs = 0;
  #over = false;
  #progressTimer: NodeJS.Timeout | undefined;
  #progressDirty = false;
  #logBuffer: NewJobLog[] = [];
  #logWrites: Promise<unknown> | undefined;
  /**
   * Where the task is, for default child keys: the checkpoint it last saved (or resumed from), and
   * how many times it spawned each (type, payload) since. A retried attempt that reaches the same
   * place spawns the same keys, so it gets the children the earlier attempt made there, and no others.
   */
  #position: string | undefined;
  #spawned: Map<string, number> | undefined;
  #durable: Durable | undefined;

  constructor(
    readonly job: Job,
    private readonly spec: TaskSpec,
    private readonly deps: AttemptDeps,
  ) {
    // Computed on first use (a spawn): most attempts never need it.
    this.#position = undefined;
  }

  /** Steps and waits (durable.ts). */
  get durable(): Durable {
    return (this.#durable ??= new Durable(this.job, this.deps.store, this.deps.workerId));
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  abort(reason: Error): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    this.#onAbort?.();
  }

  /** The timeout passed (Deadlines). */
  expire(): void {
    this.abort(new TimeoutError(this.#timeoutMs));
  }

  async run(): Promise<Ending & { abandoned?: boolean }> {
    const timeoutMs = (this.#timeoutMs = this.job.timeoutMs ?? this.spec.timeoutMs ?? this.deps.defaultTimeoutMs);
    const { deadlines } = this.deps;
    let timer: NodeJS.Timeout | undefined;
    if (timeoutMs > 0) {
      if (deadlines) deadlines.add(this, timeoutMs);
      else timer = setTimeout(() => this.expire(), timeoutMs);
    }
    let ending: Ending & { abandoned?: boolean };
    const parsed = this.spec.parseInput(this.job.payload);
    if (!parsed.ok) {
      const detail = parsed.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
      ending = { returned: false, thrown: new FatalError(`the payload does not match the task's input schema: ${detail}`) };
    } else {
      ending = await this.#runHandler(this.#context(parsed.value));
    }
    // A handler that reached an open wait ends here, however it ended (it may have caught the
    // suspension). Waits reached together (Promise.all) are all opened first: the job wakes at the
    // earliest of their timeouts.
    const durable = this.#durable;
    if (durable) {
      await durable.settled();
      const suspended = suspensionOf(durable.openWaits);
      if (suspended) ending.suspended = suspended;
    }
    if (timer) clearTimeout(timer);
    else if (timeoutMs > 0) deadlines?.remove(this, timeoutMs);
    this.#over = true;
    if (this.#progressDirty || this.#progressTimer) await this.#flushProgress();
    this.#flushLogs();
    if (this.#logWrites) await this.#logWrites.catch((error) => this.deps.logger.warn({ err: error, jobId: this.job.id }, 'job log write failed'));
    return ending;
  }

  #runHandler(ctx: TaskContext<unknown>): Promise<Ending & { abandoned?: boolean }> {
    return new Promise((resolve) => {
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const settle = (ending: Ending & { abandoned?: boolean }) => {
        if (settled) return;
        settled = true;
        // Why the signal aborted, as it stood when the handler ended: a cancel or shutdown that
        // lands while its results are being flushed does not change how it ended.
        if (this.#aborted) ending.abortReason = this.#abortReason;
        if (graceTimer) clearTimeout(graceTimer);
        this.#onAbort = undefined;
        resolve(ending);
      };
      const onAbort = () => {
        graceTimer = setTimeout(
          () => settle({ returned: false, thrown: this.#abortReason, abandoned: true }),
          this.deps.cancelGraceMs,
        );
      };
      if (this.#aborted) onAbort();
      else this.#onAbort = onAbort;
      Promise.resolve()
        .then(() => this.spec.run(ctx))
        .then(
          (result) => settle({ returned: true, result }),
          (thrown) => settle({ returned: false, thrown }),
        );
    });
  }

  #context(input: unknown): TaskContext<unknown> {
    const attempt = this;
    const job = this.job;
    const log = (level: LogLevel) => (message: string, data?: unknown) => attempt.#log(level, message, data);
    let logger: TaskLogger | undefined;
    let llm: TaskLlm | undefined;
    return {
      input,
      job,
      attempt: job.attempt,
      get signal() {
        return attempt.signal;
      },
      idempotencyKey: job.idempotencyKey ?? job.id,
      lastCheckpoint: job.checkpoint,
      get log() {
        return (logger ??= { debug: log('DEBUG'), info: log('INFO'), warn: log('WARN'), error: log('ERROR') });
      },
      progress: (percent, message, data) => attempt.#progress(percent, message, data),
      checkpoint: (state) => attempt.#checkpoint(state),
      spawn: (type, payload, options) => attempt.#spawn(type, payload, options),
      waitForChildren: () => attempt.#waitForChildren(),
      get llm() {
        return (llm ??= attempt.#llm());
      },
      settings: this.deps.settings ?? DEFAULT_TASK_SETTINGS,
      step: (name, fn) => {
        attempt.#assertLive('step()');
        return attempt.durable.step(name, fn);
      },
      waitForSignal: async (name, options = {}) => {
        attempt.#assertLive('waitForSignal()');
        return (await attempt.durable.wait({ kind: 'SIGNAL', name, ...withTimeout(options.timeoutMs) })) as never;
      },
      waitForApproval: async (name, options = {}) => {
        attempt.#assertLive('waitForApproval()');
        const spec = { kind: 'APPROVAL' as const, name, ...withTimeout(options.timeoutMs) };
        if (options.prompt !== undefined) Object.assign(spec, { prompt: String(options.prompt) });
        if (options.data !== undefined) Object.assign(spec, { data: options.data });
        return (await attempt.durable.wait(spec)) as Approval;
      },
      waitForEvent: async (eventName, options = {}) => {
        attempt.#assertLive('waitForEvent()');
        if (typeof eventName !== 'string' || eventName.length === 0) throw new FatalError('waitForEvent(): the event name must be a non-empty string', { code: 'BAD_WAIT' });
        const spec = { kind: 'EVENT' as const, name: options.name ?? eventName, eventName, ...withTimeout(options.timeoutMs) };
        if (options.key !== undefined) Object.assign(spec, { eventKey: String(options.key) });
        return (await attempt.durable.wait(spec)) as never;
      },
      sleep: async (name, ms) => {
        attempt.#assertLive('sleep()');
        await attempt.durable.wait({ kind: 'SLEEP', name, timeoutAt: timeoutAtOf(ms) ?? Date.now() });
      },
      sleepUntil: async (name, at) => {
        attempt.#assertLive('sleepUntil()');
        const time = at instanceof Date ? at.getTime() : at;
        if (typeof time !== 'number' || !Number.isFinite(time)) throw new FatalError('sleepUntil(): the time must be a Date or epoch milliseconds', { code: 'BAD_WAIT' });
        await attempt.durable.wait({ kind: 'SLEEP', name, timeoutAt: time });
      },
    };
  }

  /** Calls on behalf of this job: its org, its type as the source, cancelled with it. */
  #llm(): TaskLlm {
    const gateway = this.deps.llm;
    const job = this.job;
    const caller: LlmCaller = {
      orgId: job.orgId,
      source: job.type,
      parentJobId: job.id,
      taskType: job.type,
      signal: this.signal, // read when ctx.llm is first used
      ...(job.scheduleId !== undefined && { scheduleId: job.scheduleId }),
      ...(job.createdByToken !== undefined && { tokenId: job.createdByToken }),
      ...(job.createdBy !== undefined && { requestedBy: job.createdBy }),
    };
    const missing = () => new Error('no LLM gateway is configured in this process');
    // A call made inside a step is recorded with it (LlmCall.step).
    const inStep = (): LlmCaller => {
      const step = this.durable.currentStep;
      return step === undefined ? caller : { ...caller, step };
    };
    return {
      chat: (input) => (gateway ? gateway.chat(inStep(), input) : Promise.reject(missing())),
      stream: (input) => {
        if (!gateway) throw missing();
        return gateway.stream(inStep(), input);
      },
    };
  }

  #assertLive(what: string): void {
    if (this.#over) throw new Error(`${what} after the attempt ended (job ${this.job.id})`);
  }

  #progress(percent: number, message?: string, data?: unknown): void {
    if (this.#over) return;
    const progress: JobProgress = {
      percent: Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0,
      updatedAt: Date.now(),
    };
    if (message !== undefined) progress.message = String(message);
    if (data !== undefined) progress.data = data;
    // Stored and announced as it reads back from the store, and capped (size-limits.ts): a report
    // no store would take is the task's error, thrown where it made it.
    const cleaned = cleanForStorage({ message: progress.message, data: progress.data }, DEFAULT_SIZE_LIMITS.progress);
    if (!cleaned.ok) throw new FatalError(`ctx.progress(): the message and data cannot be stored: ${cleaned.reason}`, { code: 'BAD_PROGRESS' });
    const stored = cleaned.value as { data?: unknown };
    if ('data' in stored) progress.data = stored.data;
    else delete progress.data;
    this.job.progress = progress;
    this.deps.store.changes.emit({ kind: 'job.progress', job: { ...this.job } });
    this.#progressDirty = true;
    this.#progressTimer ??= setTimeout(() => void this.#flushProgress(), this.deps.progressWriteMs);
  }

  async #flushProgress(): Promise<void> {
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
    if (!this.#progressDirty || !this.job.progress) return;
    this.#progressDirty = false;
    try {
      await this.deps.store.jobs.saveProgress(this.job.id, this.deps.workerId, this.job.progress);
    } catch (error) {
      this.deps.logger.warn({ err: error, jobId: this.job.id }, 'progress write failed');
    }
  }

  #log(level: LogLevel, message: string, data?: unknown): void {
    if (this.#over) return;
    const entry: NewJobLog = { jobId: this.job.id, orgId: this.job.orgId, at: Date.now(), level, message: String(message) };
    if (data !== undefined) {
      const cleaned = cleanForStorage(data, DEFAULT_SIZE_LIMITS.logData);
      if (!cleaned.ok) throw new FatalError(`ctx.log.${level.toLowerCase()}(): the data cannot be stored: ${cleaned.reason}`, { code: 'BAD_LOG_DATA' });
      if (cleaned.value !== undefined) entry.data = cleaned.value;
    }
    this.#logBuffer.push(entry);
    if (this.#logBuffer.length === 1) setImmediate(() => this.#flushLogs());
  }

  #flushLogs(): void {
    if (this.#logBuffer.length === 0) return;
    const batch = this.#logBuffer;
    this.#logBuffer = [];
    // Chained so lines are stored, and announced, in the order they were logged.
    this.#logWrites = (this.#logWrites ?? Promise.resolve()).then(() => this.deps.store.logs.append(batch)).catch((error) => {
      this.deps.logger.warn({ err: error, jobId: this.job.id }, 'job log write failed');
    });
  }

  async #checkpoint(state: unknown): Promise<void> {
    this.#assertLive('checkpoint()');
    // A checkpoint no store would take fails the attempt with the reason (FatalError: another attempt
    // would make the same one), rather than failing the write.
    const cleaned = cleanForStorage(state, DEFAULT_SIZE_LIMITS.checkpoint);
    if (!cleaned.ok) throw new FatalError(`ctx.checkpoint(): the state cannot be stored: ${cleaned.reason}`, { code: 'BAD_CHECKPOINT' });
    state = cleaned.value;
    await this.deps.store.jobs.saveCheckpoint(this.job.id, this.deps.workerId, state);
    this.#position = digest(state);
    this.#spawned?.clear();
    this.job.checkpoint = state;
  }

  async #spawn(type: string, payload: unknown, options: SpawnOptions = {}): Promise<Job> {
    this.#assertLive('spawn()');
    const actor: Actor = { orgId: this.job.orgId, userId: `job:${this.job.id}` };
    // The default key is a position (see #position), not a count from the attempt's start: an attempt
    // that resumed at chunk 31 must not get the child of chunk 1 back.
    const what = `${type}/${digest(payload)}`;
    const spawned = (this.#spawned ??= new Map());
    const nth = (spawned.get(what) ?? 0) + 1;
    spawned.set(what, nth);
    return this.deps.jobs.enqueue(
      actor,
      {
        type,
        payload,
        parentId: this.job.id,
        idempotencyKey: options.idempotencyKey ?? `${this.job.id}/child/${(this.#position ??= digest(this.job.checkpoint))}/${what}/${nth}`,
        ...(options.priority !== undefined && { priority: options.priority }),
        ...(options.delayMs !== undefined && { delayMs: options.delayMs }),
        ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      },
      { audit: false },
    );
  }

  /** Waits on the change feed, with a slow re-check for children finished by another process. */
  async #waitForChildren(): Promise<Job[]> {
    const { store } = this.deps;
    const parent = this.job;
    for (;;) {
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const watch = await snapshotThenChanges(store.changes, {
        select: (event) =>
          event.kind === 'job.updated' && event.job.parentId === parent.id && FINISHED_STATUSES.includes(event.job.status) ? true : undefined,
        read: () => store.jobs.children(parent.orgId, parent.id),
      });
      // A slow re-check covers children finished by another process whose events did not reach us.
      const timer = setTimeout(wake, 5000);
      this.signal.addEventListener('abort', wake, { once: true });
      try {
        this.signal.throwIfAborted();
        const children = watch.snapshot;
        if (children.every((c) => FINISHED_STATUSES.includes(c.status))) {
          const jobs = await Promise.all(children.map((c) => store.jobs.get(c.id, parent.orgId)));
          return jobs.filter((j): j is Job => j !== undefined);
        }
        watch.start(wake);
        await woken;
      } finally {
        clearTimeout(timer);
        watch.stop();
        this.signal.removeEventListener('abort', wake);
      }
    }
  }
}

const withTimeout = (timeoutMs: number | undefined): { timeoutAt?: number } => {
  const timeoutAt = timeoutAtOf(timeoutMs);
  return timeoutAt === undefined ? {} : { timeoutAt };
};

/** A short, stable name for a JSON value (keys stay under the idempotency key's length limit). */
function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? 'undefined').digest('base64url').slice(0, 16);
}
