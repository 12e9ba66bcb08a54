/**
 * A change event: what the store announces after a committed write, and live events that are not
 * written on every call (progress between coalesced writes). The feed that carries them is
 * store/change-feed.ts.
 */
import type { LlmCall } from './llm-call.js';
import type { Alert, Schedule, ScheduleRun } from './schedule.js';
import type { Job, JobLog } from './types.js';

export type ChangeEvent =
  | { kind: 'job.created'; job: Job }
  /** A stored change of a job's state: status, cancel request, result, lease recovery (checkpoint and
   * coalesced progress writes are not announced). */
  | { kind: 'job.updated'; job: Job }
  /** Progress reported by a handler; announced at once, stored coalesced. */
  | { kind: 'job.progress'; job: Job }
  /** `job` is the job as it was when deleted, where the store can tell. */
  | { kind: 'job.deleted'; jobId: string; orgId: string; job?: Job }
  | { kind: 'job.log'; log: JobLog }
  | { kind: 'llm.created'; call: LlmCall }
  | { kind: 'llm.updated'; call: LlmCall }
  | { kind: 'schedule.created'; schedule: Schedule }
  | { kind: 'schedule.updated'; schedule: Schedule }
  | { kind: 'schedule.deleted'; scheduleId: string; orgId: string }
  | { kind: 'run.created'; run: ScheduleRun }
  | { kind: 'run.updated'; run: ScheduleRun }
  /** An alert raised, or closed (acknowledged by a user, or resolved by the watchdog). */
  | { kind: 'alert.raised'; alert: Alert }
  | { kind: 'alert.updated'; alert: Alert };

/**
 * When and where a change was announced, given once by the feed that announced it: every listener
 * (every subscriber) sees the same stamp for the same change. `seq` rises by one per event within a
 * process; events from another process's store are stamped when this process receives them.
 */
export interface ChangeStamp {
  seq: number;
  /** ms since the epoch. */
  at: number;
}

/** The org a change belongs to: every event is of exactly one org. */
export function orgOfChange(event: ChangeEvent): string {
  switch (event.kind) {
    case 'job.created':
    case 'job.updated':
    case 'job.progress':
      return event.job.orgId;
    case 'job.deleted':
    case 'schedule.deleted':
      return event.orgId;
    case 'job.log':
      return event.log.orgId;
    case 'llm.created':
    case 'llm.updated':
      return event.call.orgId;
    case 'schedule.created':
    case 'schedule.updated':
      return event.schedule.orgId;
    case 'run.created':
    case 'run.updated':
      return event.run.orgId;
    case 'alert.raised':
    case 'alert.updated':
      return event.alert.orgId;
  }
}
