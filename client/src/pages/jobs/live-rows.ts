/**
 * Applying live job events to the rows of the open page (newest first): changed jobs update in place,
 * new matching jobs appear at the top of the first page (elsewhere they are counted as "new"),
 * deleted jobs go. The total follows as well as the events allow.
 */
import type { JobEventKind, JobRowFieldsFragment, JobStatus } from '../../gql/graphql.js';
import type { LivePage, PagePosition } from '../../lib/live-page.js';

export type JobRow = JobRowFieldsFragment;

export interface ListEvent {
  kind: JobEventKind;
  jobId: string;
  job?: JobRow | null;
}

export interface LiveContext extends PagePosition {
  /** The status filter (empty: every status). */
  statuses: readonly JobStatus[];
}

/** The statuses a job can come from into each status. */
const PREDECESSORS: Record<JobStatus, JobStatus[]> = {
  QUEUED: ['RUNNING', 'WAITING'],
  RUNNING: ['QUEUED'],
  WAITING: ['RUNNING'],
  SUCCEEDED: ['RUNNING'],
  FAILED: ['RUNNING'],
  CANCELLED: ['QUEUED', 'RUNNING', 'WAITING'],
};

export function statusMatches(status: JobStatus, statuses: readonly JobStatus[]): boolean {
  return statuses.length === 0 || statuses.includes(status);
}

/**
 * How recent a job's state is. Progress events do not move `updatedAt` (the store writes progress a
 * little later, and that write does), so the progress's own time counts too.
 */
export function stateTime(job: { updatedAt: string; progress?: { updatedAt: string } | null }): number {
  return Math.max(Date.parse(job.updatedAt), job.progress ? Date.parse(job.progress.updatedAt) : 0);
}

function newer(candidate: JobRow, current: JobRow): boolean {
  return stateTime(candidate) >= stateTime(current);
}

/** Where a job goes in a page ordered by createdAt, newest first (-1: below the page's last row). */
function insertionIndex(rows: readonly JobRow[], job: JobRow, lastPage: boolean): number {
  const index = rows.findIndex((r) => r.createdAt < job.createdAt || (r.createdAt === job.createdAt && r.id < job.id));
  if (index >= 0) return index;
  return lastPage ? rows.length : -1;
}

export function applyEvent(list: LivePage<JobRow>, event: ListEvent, ctx: LiveContext): LivePage<JobRow> {
  const at = list.rows.findIndex((r) => r.id === event.jobId);
  const present = at >= 0 ? list.rows[at]! : undefined;

  if (event.kind === 'DELETED') {
    if (!present) {
      // Without a status filter every deleted event was a matching job; with one we cannot tell.
      return !ctx.replay && ctx.statuses.length === 0 ? { ...list, totalCount: Math.max(0, list.totalCount - 1) } : list;
    }
    const rows = list.rows.filter((r) => r.id !== event.jobId);
    const matched = statusMatches(present.status, ctx.statuses);
    return { ...list, rows, totalCount: ctx.replay || !matched ? list.totalCount : Math.max(0, list.totalCount - 1) };
  }

  const job = event.job;
  if (!job || event.kind === 'LOG') return list;

  if (present) {
    if (!newer(job, present)) return list;
    const rows = list.rows.slice();
    rows[at] = job;
    let totalCount = list.totalCount;
    if (!ctx.replay && ctx.statuses.length) {
      totalCount += Number(statusMatches(job.status, ctx.statuses)) - Number(statusMatches(present.status, ctx.statuses));
    }
    return { ...list, rows, totalCount };
  }

  if (!statusMatches(job.status, ctx.statuses)) return list;
  // A job changing without entering the filter was already counted (it is on another page).
  const entered =
    event.kind === 'CREATED' ||
    (event.kind === 'STATUS' && ctx.statuses.length > 0 && !PREDECESSORS[job.status].some((s) => ctx.statuses.includes(s)));
  if (ctx.firstPage) {
    const index = event.kind === 'CREATED' ? 0 : insertionIndex(list.rows, job, ctx.lastPage);
    // A job that belongs inside the first page and is not there has just entered the filter.
    if (index >= 0 && (entered || event.kind !== 'CREATED')) {
      const rows = list.rows.slice();
      rows.splice(index, 0, job);
      return { ...list, rows, totalCount: ctx.replay ? list.totalCount : list.totalCount + 1 };
    }
  }
  if (!entered || ctx.replay) return list;
  return { ...list, totalCount: list.totalCount + 1, pending: list.pending + 1 };
}
