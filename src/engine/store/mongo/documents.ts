/**
 * Domain objects <-> MongoDB documents. Ids are the documents' `_id`; times stay epoch milliseconds
 * (numbers), as on every store; absent optional fields are not stored.
 */
import type { LlmCall } from '../../domain/llm-call.js';
import { scheduleSearchText, type Alert, type Schedule, type ScheduleRun } from '../../domain/schedule.js';
import type { ApiToken, AuditEntry, Job, JobLog, NewJob, WorkerInfo } from '../../domain/types.js';
import type { JobStep } from '../../domain/job-step.js';
import type { JobWait, KeptSignal, WaitEvent } from '../../domain/job-wait.js';

/**
 * A job. Its `leaseOwner` and `leaseExpiresAt` are its claim's (the first expiry); heartbeats move
 * the lease in `job_leases` (leases.ts), and reads show that row's expiry.
 */
export type JobDoc = Omit<Job, 'id'> & {
  _id: string;
  /** The payload as JSON text, for `search` (payloads never change). */
  payloadText: string;
  /**
   * Each error as JSON text, for `search`: SQLite searches the errors' whole JSON (codes too), not
   * only their messages. Absent on jobs stored before it was kept (their messages are searched).
   */
  errorTexts?: string[];
  /** The holder name of the latest claim's concurrency slots, if it took any (see limits.ts). */
  slotHolder?: string;
  /** How many slots that claim took (type, org): a heartbeat checks they are all still held. */
  slotCount?: number;
};
export type JobLogDoc = JobLog & { _id: string };
export type AuditDoc = Omit<AuditEntry, 'id'> & { _id: string };
export type TokenDoc = Omit<ApiToken, 'id'> & { _id: string };
export type WorkerDoc = Omit<WorkerInfo, 'id'> & { _id: string };
/** A recorded LLM call; `usage` stays one sub-document. */
export type LlmCallDoc = Omit<LlmCall, 'id'> & { _id: string };

/** A schedule; `searchText` is its lower-cased name and description, for `search` (see scheduleDoc). */
export type ScheduleDoc = Omit<Schedule, 'id'> & { _id: string; searchText: string };
export type ScheduleRunDoc = Omit<ScheduleRun, 'id'> & { _id: string };
export type AlertDoc = Omit<Alert, 'id'> & { _id: string };
/** A step; `_id` is its job and name (stepKey), `firstStartedAt` keeps its place in the job's list. */
export type JobStepDoc = JobStep & { _id: string; firstStartedAt: number };
export type JobWaitDoc = Omit<JobWait, 'id'> & { _id: string };
/** A kept signal; `_id` is its job and name (stepKey). */
export type KeptSignalDoc = KeptSignal & { _id: string };
export type WaitEventDoc = Omit<WaitEvent, 'id'> & { _id: string };

/** The `_id` of a job's step or kept signal of this name. */
export const jobNameKey = (jobId: string, name: string): string => `${jobId}\u0000${name}`;

export function docToStep(doc: JobStepDoc): JobStep {
  const { _id, firstStartedAt: _first, ...step } = doc;
  for (const key of Object.keys(step) as Array<keyof JobStep>) if (step[key] === null || step[key] === undefined) delete step[key];
  return step;
}

export function docToWait(doc: JobWaitDoc): JobWait {
  const wait: Record<string, unknown> = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) if (key !== '_id' && value !== null && value !== undefined) wait[key] = value;
  return wait as unknown as JobWait;
}

/** A scheduler's heartbeat; `_id` is the node name. */
export type SchedulerHeartbeatDoc = { _id: string; lastBeatAt: number };

export function newJobDoc(job: NewJob): JobDoc {
  const { id, ...rest } = job;
  const doc: JobDoc = {
    ...rest,
    _id: id,
    status: 'QUEUED',
    errors: [],
    errorTexts: [],
    attempt: 0,
    updatedAt: job.createdAt,
    cancelRequested: false,
    payloadText: JSON.stringify(job.payload),
  };
  for (const key of Object.keys(doc) as Array<keyof JobDoc>) if (doc[key] === undefined) delete doc[key];
  return doc;
}

const INTERNAL_JOB_FIELDS = new Set(['_id', 'payloadText', 'errorTexts', 'slotHolder', 'slotCount']);

export function docToJob(doc: JobDoc): Job {
  const job: Record<string, unknown> = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) {
    if (!INTERNAL_JOB_FIELDS.has(key) && value !== null && value !== undefined) job[key] = value;
  }
  return job as unknown as Job;
}

function withoutId<T extends { _id: string }>(doc: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

export const docToAudit = (doc: AuditDoc): AuditEntry => withoutId(doc) as AuditEntry;
export const docToToken = (doc: TokenDoc): ApiToken => withoutId(doc) as ApiToken;
export const docToWorker = (doc: WorkerDoc): WorkerInfo => withoutId(doc) as WorkerInfo;

export function docToLlmCall(doc: LlmCallDoc): LlmCall {
  const call: Record<string, unknown> = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) {
    if (key !== '_id' && value !== null && value !== undefined) call[key] = value;
  }
  return call as unknown as LlmCall;
}

export function docToLog(doc: JobLogDoc): JobLog {
  const { _id, ...log } = doc;
  return log;
}

export function toDoc<T extends { id: string }>(value: T): Omit<T, 'id'> & { _id: string } {
  const { id, ...rest } = value;
  const doc: Record<string, unknown> = { _id: id };
  for (const [key, v] of Object.entries(rest)) if (v !== undefined) doc[key] = v;
  return doc as Omit<T, 'id'> & { _id: string };
}

/**
 * A schedule as stored. The trigger loses its undefined keys (the driver would store them as null),
 * as SQLite's JSON column does.
 */
export function scheduleDoc(schedule: Schedule): ScheduleDoc {
  const trigger = Object.fromEntries(Object.entries(schedule.trigger).filter(([, v]) => v !== undefined));
  return { ...toDoc({ ...schedule, trigger }), searchText: scheduleSearchText(schedule) } as ScheduleDoc;
}

export function docToSchedule(doc: ScheduleDoc): Schedule {
  // Schedules stored before skips were counted have no skippedRuns.
  const schedule: Record<string, unknown> = { id: doc._id, skippedRuns: 0 };
  for (const [key, value] of Object.entries(doc)) {
    if (key === '_id' || key === 'searchText') continue;
    // A null payload is a value; elsewhere null means absent.
    if (value !== undefined && (value !== null || key === 'payload')) schedule[key] = value;
  }
  return schedule as unknown as Schedule;
}

export function docToScheduleRun(doc: ScheduleRunDoc): ScheduleRun {
  const run: Record<string, unknown> = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) if (key !== '_id' && value !== null && value !== undefined) run[key] = value;
  return run as unknown as ScheduleRun;
}

export function docToAlert(doc: AlertDoc): Alert {
  const alert: Record<string, unknown> = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) if (key !== '_id' && value !== null && value !== undefined) alert[key] = value;
  return alert as unknown as Alert;
}
