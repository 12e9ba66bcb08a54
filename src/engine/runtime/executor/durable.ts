/**
 * Steps and waits of one attempt (`ctx.step`, `ctx.waitFor*`, `ctx.sleep`). The replay model: a job
 * that runs again (a retry, a resume after a wait) runs its handler from the top; a step that
 * succeeded before returns its stored result without running, and a wait that was resolved returns
 * its resolution. A wait still open ends the attempt: the handler is stopped by a WaitSuspension
 * thrown from the wait, and the job becomes WAITING until the wait resolves or times out.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { FatalError, JobcenterError, WaitTimeoutError, coerceError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { MAX_STEP_NAME, type JobStep } from '../../domain/job-step.js';
import type { JobWait, NewJobWait, WaitKind } from '../../domain/job-wait.js';
import { cleanForStorage, cutText, DEFAULT_SIZE_LIMITS } from '../../domain/size-limits.js';
import type { Job, JobError } from '../../domain/types.js';
import type { Store } from '../../store/port.js';

/** Thrown by a wait that is still open: the attempt ends and the job waits. Tasks should not catch it. */
export class WaitSuspension extends Error {
  constructor(readonly wait: JobWait) {
    super(`the job waits for "${wait.name}"`);
    this.name = 'WaitSuspension';
  }
}

export interface WaitSpec {
  kind: WaitKind;
  name: string;
  timeoutAt?: number;
  eventName?: string;
  eventKey?: string;
  prompt?: string;
  data?: unknown;
}

/** Longest wait timeout or sleep: a year. */
const MAX_WAIT_MS = 366 * 24 * 3600 * 1000;

export class Durable {
  /** The step the code runs in (for LLM calls made inside it). */
  readonly stepScope = new AsyncLocalStorage<string>();
  #steps: Promise<Map<string, JobStep>> | undefined;
  readonly #names = new Set<string>();
  /** The open waits this run stopped on, in the order reached (several with Promise.all). */
  readonly #open: JobWait[] = [];
  /** Waits being opened: the attempt ends only once each is open or resolved. */
  readonly #opening = new Set<Promise<unknown>>();

  constructor(
    private readonly job: Job,
    private readonly store: Store,
    private readonly workerId: string,
  ) {}

  /** The open wait the attempt ended on first, if it did. */
  get suspended(): JobWait | undefined {
    return this.#open[0];
  }

  /** Every open wait the attempt stopped on (waits reached together, as with Promise.all, are all here once settled). */
  get openWaits(): readonly JobWait[] {
    return this.#open;
  }

  /** Resolves once every wait the handler reached is open or resolved in the store. */
  async settled(): Promise<void> {
    while (this.#opening.size) await Promise.allSettled([...this.#opening]);
  }

  get currentStep(): string | undefined {
    return this.stepScope.getStore();
  }

  async step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    this.#claimName('ctx.step()', name);
    const stored = (await (this.#steps ??= this.#loadSteps())).get(name);
    if (stored?.status === 'SUCCEEDED') return stored.result as T;
    const { orgId, id: jobId, attempt } = this.job;
    if (!(await this.store.steps.start({ orgId, jobId, name, attempt, startedAt: Date.now() }, this.workerId))) {
      throw new JobcenterError('LEASE_LOST', `step "${name}" was not started: the worker lost its lease on the job`);
    }
    let value: T;
    try {
      value = await this.stepScope.run(name, fn);
    } catch (thrown) {
      // A wait inside a step leaves the step open: it runs again on resume, its wait then resolved.
      if (!(thrown instanceof WaitSuspension)) {
        await this.store.steps.finish(jobId, name, this.workerId, { status: 'FAILED', error: stepError(thrown, attempt), finishedAt: Date.now() });
      }
      throw thrown;
    }
    // The result as it is stored: this run and every replay see the same JSON value.
    const cleaned = cleanForStorage(value, DEFAULT_SIZE_LIMITS.result);
    if (!cleaned.ok) {
      const error = new FatalError(`ctx.step("${name}"): the result cannot be stored: ${cleaned.reason}`, { code: 'BAD_STEP_RESULT' });
      await this.store.steps.finish(jobId, name, this.workerId, { status: 'FAILED', error: stepError(error, attempt), finishedAt: Date.now() });
      throw error;
    }
    const result = cleaned.value ?? null;
    await this.store.steps.finish(jobId, name, this.workerId, { status: 'SUCCEEDED', result, finishedAt: Date.now() });
    return result as T;
  }

  /** Opens (or finds) the wait; returns its resolution, throws WaitTimeoutError, or suspends. */
  wait(spec: WaitSpec): Promise<unknown> {
    this.#claimName(spec.kind === 'SLEEP' ? 'ctx.sleep()' : 'a wait', spec.name);
    const opening = this.#wait(spec);
    this.#opening.add(opening);
    const done = () => void this.#opening.delete(opening);
    opening.then(done, done);
    return opening;
  }

  async #wait(spec: WaitSpec): Promise<unknown> {
    const now = Date.now();
    if (spec.timeoutAt !== undefined && (!Number.isFinite(spec.timeoutAt) || spec.timeoutAt > now + MAX_WAIT_MS)) {
      throw new FatalError(`wait "${spec.name}": the timeout must be a finite time within a year`, { code: 'BAD_WAIT' });
    }
    const { orgId, id: jobId } = this.job;
    const fresh: NewJobWait = { id: newId(), orgId, jobId, name: spec.name, kind: spec.kind, createdAt: now };
    for (const key of ['timeoutAt', 'eventName', 'eventKey', 'prompt', 'data'] as const) {
      if (spec[key] !== undefined) (fresh as Record<string, unknown>)[key] = spec[key];
    }
    if (spec.data !== undefined) {
      const cleaned = cleanForStorage(spec.data, DEFAULT_SIZE_LIMITS.checkpoint);
      if (!cleaned.ok) throw new FatalError(`wait "${spec.name}": the data cannot be stored: ${cleaned.reason}`, { code: 'BAD_WAIT' });
      fresh.data = cleaned.value;
    }
    // Systems without an API token resume a wait through its one-time callback URL.
    if (spec.kind !== 'SLEEP') fresh.callbackToken = randomBytes(24).toString('base64url');
    let wait = await this.store.waits.open(fresh, now, this.job.createdAt);
    if (wait.kind !== spec.kind) {
      throw new FatalError(`wait "${spec.name}" was a ${wait.kind} wait in an earlier run of this job (the handler must take the same path on replay)`, {
        code: 'WAIT_MISMATCH',
      });
    }
    if (wait.resolvedAt === undefined && wait.timeoutAt !== undefined && wait.timeoutAt <= now) {
      wait = (await this.store.waits.resolve(wait.id, orgId, { timedOut: true }, now))?.wait ?? (await this.store.waits.get(wait.id, orgId)) ?? wait;
    }
    if (wait.resolvedAt === undefined) {
      this.#open.push(wait);
      throw new WaitSuspension(wait);
    }
    if (wait.timedOut) {
      if (wait.kind === 'SLEEP') return undefined;
      throw new WaitTimeoutError(wait.name);
    }
    return wait.resolution;
  }

  /** Checks a step's or wait's name, and that it is used once in this run (after a suspension, nothing runs). */
  #claimName(what: string, name: string): void {
    if (this.#open[0]) throw new WaitSuspension(this.#open[0]);
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_STEP_NAME) {
      throw new FatalError(`${what}: the name must be a string of 1 to ${MAX_STEP_NAME} characters`, { code: 'BAD_STEP' });
    }
    if (this.#names.has(name)) {
      throw new FatalError(`${what}: the name "${name}" is used twice in one run; steps and waits are named uniquely within a job (e.g. chunk-\${i})`, {
        code: 'BAD_STEP',
      });
    }
    this.#names.add(name);
  }

  async #loadSteps(): Promise<Map<string, JobStep>> {
    return new Map((await this.store.steps.list(this.job.orgId, this.job.id)).map((s) => [s.name, s]));
  }
}

function stepError(thrown: unknown, attempt: number): JobError {
  const error = coerceError(thrown);
  const record: JobError = {
    message: cutText(error.message || error.name || 'Error', DEFAULT_SIZE_LIMITS.errorMessage),
    retryable: !(error instanceof FatalError),
    attempt,
    at: Date.now(),
  };
  const code = error instanceof JobcenterError ? error.code : undefined;
  if (code) record.code = code;
  return record;
}

/**
 * How an attempt that stopped on open waits suspends: on the first of them, waking at the earliest
 * of their timeouts (a wait without one never wakes the job by time); `others` are the rest, which
 * the executor checks after the suspend write (see resumeIfResolved).
 */
export function suspensionOf(waits: readonly JobWait[]): { waitId: string; wakeAt?: number; others?: string[] } | undefined {
  if (waits.length === 0) return undefined;
  const timeouts = waits.flatMap((w) => (w.timeoutAt === undefined ? [] : [w.timeoutAt]));
  return {
    waitId: waits[0]!.id,
    ...(timeouts.length > 0 && { wakeAt: Math.min(...timeouts) }),
    ...(waits.length > 1 && { others: waits.slice(1).map((w) => w.id) }),
  };
}

/**
 * After a job went WAITING on several waits: the store checked the first against a resolution that
 * landed before its write; this checks the others. Write, then check: a signal that resolves one of
 * them after this read finds the job WAITING and resumes it itself.
 */
export async function resumeIfResolved(store: Store, job: Pick<Job, 'id' | 'orgId'>, waitIds: readonly string[], now: number): Promise<Job | undefined> {
  const waits = await store.waits.list(job.orgId, job.id);
  if (!waits.some((w) => waitIds.includes(w.id) && w.resolvedAt !== undefined)) return undefined;
  return store.jobs.resume(job.id, job.orgId, now);
}

/** A wait's timeout from `timeoutMs` (undefined: none). */
export function timeoutAtOf(timeoutMs: number | undefined, now = Date.now()): number | undefined {
  if (timeoutMs === undefined) return undefined;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new FatalError('timeoutMs must be a number of milliseconds, 0 or more', { code: 'BAD_WAIT' });
  }
  return now + timeoutMs;
}
