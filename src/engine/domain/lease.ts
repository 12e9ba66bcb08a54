/**
 * What an expired lease does to a RUNNING job: its worker is gone, so the attempt is spent. The job
 * goes back to the queue, or ends FAILED when no attempt is left, or CANCELLED when a cancel had been
 * asked for. Every adapter applies this rule in its own write.
 */
import type { JobError, JobStatus } from './types.js';

export interface ExpiredLease {
  attempt: number;
  maxAttempts: number;
  cancelRequested: boolean;
  leaseOwner?: string | undefined;
}

export interface LeaseExpiryOutcome {
  status: Extract<JobStatus, 'QUEUED' | 'FAILED' | 'CANCELLED'>;
  /** Recorded in the job's error history. */
  error: JobError;
  /** Set when the job ends (not when it is queued again). */
  finishedAt?: number;
}

export function leaseExpiryOutcome(job: ExpiredLease, now: number): LeaseExpiryOutcome {
  const status = job.cancelRequested ? 'CANCELLED' : job.attempt >= job.maxAttempts ? 'FAILED' : 'QUEUED';
  const error: JobError = {
    message: `the worker ${String(job.leaseOwner)} stopped before the attempt finished (lease expired)`,
    code: 'LEASE_EXPIRED',
    retryable: status === 'QUEUED',
    attempt: job.attempt,
    at: now,
  };
  return status === 'QUEUED' ? { status, error } : { status, error, finishedAt: now };
}
