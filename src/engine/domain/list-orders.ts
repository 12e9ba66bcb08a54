/**
 * The order of every list and the cursor that continues it: a cursor is the sort key of the last row
 * (see cursor.ts). Adapters sort by the same keys, each in its own query language, so a cursor means
 * the same on every store.
 */
import { decodeCursor, decodeKeyset, encodeCursor, type CursorKey } from './cursor.js';
import { ValidationError } from './errors.js';
import type { LlmCall } from './llm-call.js';
import type { Alert, Schedule, ScheduleRun } from './schedule.js';
import type { AuditEntry, Job, JobLog, JobOrder } from './types.js';

/** A job's sort fields; adapters name their column for each. */
export type JobSortField = 'priority' | 'createdAt' | 'finishedAt' | 'id';

export interface JobOrderSpec {
  /** The fields the sort key is made of, all in one direction, ending with the unique id. */
  fields: JobSortField[];
  direction: 'ASC' | 'DESC';
  key(job: Job): CursorKey;
}

export const JOB_ORDER_SPECS: Record<JobOrder, JobOrderSpec> = {
  CREATED_DESC: { fields: ['createdAt', 'id'], direction: 'DESC', key: (j) => [j.createdAt, j.id] },
  CREATED_ASC: { fields: ['createdAt', 'id'], direction: 'ASC', key: (j) => [j.createdAt, j.id] },
  PRIORITY_DESC: { fields: ['priority', 'createdAt', 'id'], direction: 'DESC', key: (j) => [j.priority, j.createdAt, j.id] },
  // Finished jobs by finish time, then id; then the unfinished ones (no finishedAt: 0), by creation
  // time, then id. The middle term is 0 for a finished job, so finished jobs tie on it.
  FINISHED_DESC: {
    fields: ['finishedAt', 'createdAt', 'id'],
    direction: 'DESC',
    key: (j) => (j.finishedAt === undefined ? [0, j.createdAt, j.id] : [j.finishedAt, 0, j.id]),
  },
};

export const jobCursor = (order: JobOrder, job: Job): string => encodeCursor(JOB_ORDER_SPECS[order].key(job));
/** A job list's cursor: its key has the order's terms, each of its type (the id a string, the others numbers). */
export function decodeJobCursor(order: JobOrder, cursor: string): CursorKey {
  const fields = JOB_ORDER_SPECS[order].fields;
  const key = decodeCursor(cursor, fields.length);
  if (key.some((value, i) => typeof value !== (fields[i] === 'id' ? 'string' : 'number'))) {
    throw ValidationError.field('after', 'is not a cursor from this list');
  }
  return key;
}

/** Schedules by name, then id (byte order, as SQLite's BINARY collation). */
export const scheduleCursor = (s: Schedule): string => encodeCursor([s.name, s.id]);
export const decodeScheduleCursor = (cursor: string): [string, string] => decodeKeyset(cursor, 'string');

/** Runs newest first: scheduledFor, then id, descending. */
export const runCursor = (run: ScheduleRun): string => encodeCursor([run.scheduledFor, run.id]);
/** Alerts newest first: raisedAt, then id, descending. */
export const alertCursor = (alert: Alert): string => encodeCursor([alert.raisedAt, alert.id]);
/** LLM calls newest first: queuedAt, then id, descending. */
export const llmCallCursor = (call: LlmCall): string => encodeCursor([call.queuedAt, call.id]);
/** Audit entries newest first: at, then id, descending. */
export const auditCursor = (entry: AuditEntry): string => encodeCursor([entry.at, entry.id]);
/** Decodes a [time, id] cursor of the newest-first lists above. */
export const decodeTimeCursor = (cursor: string): [number, string] => decodeKeyset(cursor, 'number');

/** A job's log in order: its position. */
export const logCursor = (log: JobLog): string => encodeCursor([log.seq]);
/** The position after which a page of a log starts (0: from the first line). */
export function decodeLogCursor(cursor: string | undefined): number {
  return cursor === undefined ? 0 : Number(decodeCursor(cursor, 1)[0]);
}
