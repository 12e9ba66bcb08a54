/**
 * The nouns of jobcenter. Everything else speaks these words.
 *
 * - job: one unit of work of a task type, with a payload; it moves QUEUED -> RUNNING -> SUCCEEDED |
 *   FAILED | CANCELLED. A retry waits as QUEUED with a later runAt. A job whose handler waits for a
 *   signal, an approval, an event or a time is WAITING (out of every process, holding no slot) until
 *   it comes, then QUEUED again (job-wait.ts).
 * - attempt: one run of a job's handler. `attempt` counts the attempts started; a claim starts one.
 * - task type: what a job is, defined by a plugin (a zod input schema and a run function).
 * - worker: one executor in one process; it claims jobs and holds a lease on each while it runs it.
 * - lease: a claim's expiry time, renewed by the worker's heartbeat. An expired lease means the worker
 *   is gone: the job goes back to the queue (the attempt stays spent).
 * - org: the tenant. Every job, token, log and audit entry belongs to one; callers see only their own.
 * - change event: what the store announces after a committed write (see store/port.ts).
 *
 * Times are epoch milliseconds (numbers) inside the engine; the API turns them into DateTime.
 */

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'WAITING'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINISHED_STATUSES: readonly JobStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface JobError {
  message: string;
  code?: string;
  retryable: boolean;
  attempt: number;
  at: number;
}

export interface JobProgress {
  percent: number;
  message?: string;
  data?: unknown;
  updatedAt: number;
}

export interface Job {
  id: string;
  orgId: string;
  type: string;
  status: JobStatus;
  priority: number;
  payload: unknown;
  result?: unknown;
  /** Every attempt's error, oldest first. */
  errors: JobError[];
  progress?: JobProgress;
  attempt: number;
  maxAttempts: number;
  runAt: number;
  createdAt: number;
  updatedAt: number;
  startedAt?: number;
  finishedAt?: number;
  timeoutMs?: number;
  cancelRequested: boolean;
  checkpoint?: unknown;
  createdBy?: string;
  /** The API token that enqueued it, if one did (TOKEN budgets cover its model calls). */
  createdByToken?: string;
  idempotencyKey?: string;
  parentId?: string;
  retryOfId?: string;
  scheduleId?: string;
  scheduleRunId?: string;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  /** While WAITING: when its wait times out (or its sleep ends); absent when it waits without a timeout. */
  wakeAt?: number;
}

/** What an enqueue stores; the store fills in status, attempt and the timestamps. */
export type NewJob = Pick<Job, 'id' | 'orgId' | 'type' | 'priority' | 'payload' | 'maxAttempts' | 'runAt' | 'createdAt'> &
  Partial<
    Pick<Job, 'timeoutMs' | 'checkpoint' | 'createdBy' | 'createdByToken' | 'idempotencyKey' | 'parentId' | 'retryOfId' | 'scheduleId' | 'scheduleRunId'>
  >;

export interface JobLog {
  jobId: string;
  orgId: string;
  /** Position in the job's log, from 1. */
  seq: number;
  at: number;
  level: LogLevel;
  message: string;
  data?: unknown;
}

export type NewJobLog = Omit<JobLog, 'seq'>;

/** Every field given must hold (they combine by AND). */
export interface JobFilter {
  /** Only these jobs; an empty list matches none. The API takes at most MAX_FILTER_IDS. */
  ids?: string[];
  status?: JobStatus[];
  type?: string[];
  /** An id, a type, or text in the payload or errors. */
  search?: string;
  createdAfter?: number;
  createdBefore?: number;
  parentId?: string;
  scheduleId?: string;
  retryOfId?: string;
}

/** Most ids one JobFilter may name. */
export const MAX_FILTER_IDS = 1000;

export const JOB_ORDERS = ['CREATED_DESC', 'CREATED_ASC', 'PRIORITY_DESC', 'FINISHED_DESC'] as const;
export type JobOrder = (typeof JOB_ORDERS)[number];

export interface AuditEntry {
  id: string;
  orgId: string;
  at: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: unknown;
}

export interface AuditFilter {
  actor?: string[];
  action?: string[];
  targetType?: string;
  targetId?: string;
  since?: number;
  until?: number;
}

export const PERMISSIONS = [
  'jobs:read',
  'jobs:write',
  'schedules:read',
  'schedules:write',
  'schedules:run',
  'schedules:delete',
  'llm:read',
  'audit:read',
  'admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface ApiToken {
  id: string;
  /** sha256 of the secret; the secret itself is never stored. */
  hash: string;
  orgId: string;
  userId: string;
  name?: string;
  permissions: Permission[];
  createdAt: number;
  expiresAt?: number;
  revokedAt?: number;
  lastUsedAt?: number;
}

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  lastHeartbeatAt: number;
  running: number;
  concurrency: number;
}

export interface StatusCount {
  status: JobStatus;
  count: number;
}

export interface QueueStats {
  byStatus: StatusCount[];
  byType: Array<{ type: string; counts: StatusCount[] }>;
  oldestQueuedAt?: number;
}
