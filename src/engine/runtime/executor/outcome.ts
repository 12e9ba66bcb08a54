/** Turns how a handler ended into an attempt outcome: retry, fail, cancel or release. */
import { backoffDelay, type Backoff } from '../../domain/backoff.js';
import {
  CancelledError,
  coerceError,
  FatalError,
  JobcenterError,
  RetryableError,
  ShutdownError,
  TimeoutError,
} from '../../domain/errors.js';
import type { AttemptOutcome } from '../../store/port.js';
import { cleanForStorage, cutText, DEFAULT_SIZE_LIMITS } from '../../domain/size-limits.js';
import type { Job, JobError } from '../../domain/types.js';

export interface Ending {
  /** What the handler returned, if it returned. */
  result?: unknown;
  /** What it threw, if it threw. */
  thrown?: unknown;
  returned: boolean;
  /** Why the signal aborted, if it did. */
  abortReason?: unknown;
  /** The open waits the handler reached (durable.ts): the job waits for them, until the earliest timeout. */
  suspended?: { waitId: string; wakeAt?: number; others?: string[] };
}

export function decideOutcome(job: Job, ending: Ending, backoff: Backoff, now: number): AttemptOutcome {
  const reason = ending.abortReason;
  // Shutdown wins over everything: the attempt did not get to finish through no fault of its own.
  if (reason instanceof ShutdownError) return { kind: 'released' };
  if (reason instanceof CancelledError) {
    return { kind: 'cancelled', error: jobError(job, reason, false, now) };
  }
  if (ending.suspended) {
    const { waitId, wakeAt } = ending.suspended;
    return { kind: 'waiting', waitId, ...(wakeAt !== undefined && { wakeAt }) };
  }
  if (ending.returned && !(reason instanceof TimeoutError)) {
    // Checked here, not by the store: a result no store would take fails the attempt at once, with
    // the reason, instead of failing the write and running again when the lease expires.
    const result = cleanForStorage(ending.result, DEFAULT_SIZE_LIMITS.result);
    if (result.ok) return { kind: 'succeeded', result: result.value ?? null };
    return { kind: 'failed', error: jobError(job, new FatalError(`the task's result cannot be stored: ${result.reason}`, { code: 'BAD_RESULT' }), false, now) };
  }
  const error = reason instanceof TimeoutError ? reason : coerceError(ending.thrown);
  const retryable = !(error instanceof FatalError);
  const record = jobError(job, error, retryable, now);
  if (!retryable || job.attempt >= job.maxAttempts) return { kind: 'failed', error: record };
  const asked = error instanceof RetryableError ? error.retryAfterMs : undefined;
  const retryAfter = asked !== undefined && Number.isFinite(asked) && asked >= 0 ? asked : undefined;
  const delay = retryAfter ?? backoffDelay(backoff, job.attempt);
  return { kind: 'retry', error: record, runAt: now + delay };
}

function jobError(job: Job, error: Error, retryable: boolean, now: number): JobError {
  const record: JobError = {
    // A job keeps every attempt's error: each message is capped so the job stays storable.
    message: cutText(error.message || error.name || 'Error', DEFAULT_SIZE_LIMITS.errorMessage),
    retryable,
    attempt: job.attempt,
    at: now,
  };
  const code = error instanceof JobcenterError ? error.code : (error as { code?: unknown }).code;
  if (typeof code === 'string') record.code = code;
  else if (error.name && error.name !== 'Error') record.code = error.name;
  return record;
}
