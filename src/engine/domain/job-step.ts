/**
 * A step: a named piece of a job's handler (`ctx.step(name, fn)`) whose result is stored when it
 * succeeds. When the job runs again (a retry, or a resume after a wait) the handler runs from the
 * top, and a step that already succeeded returns its stored result without running again.
 */
import type { JobError } from './types.js';

export const STEP_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface JobStep {
  jobId: string;
  orgId: string;
  /** Unique within the job. */
  name: string;
  status: StepStatus;
  /** The job's attempt that ran it last. */
  attempt: number;
  startedAt: number;
  finishedAt?: number;
  /** The stored result (JSON), once SUCCEEDED. */
  result?: unknown;
  error?: JobError;
}

/** How a step that ran ends. */
export type StepEnd = { status: 'SUCCEEDED'; result: unknown; finishedAt: number } | { status: 'FAILED'; error: JobError; finishedAt: number };

/** Longest step name (names are keys, and loops make many). */
export const MAX_STEP_NAME = 200;
