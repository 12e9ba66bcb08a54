/**
 * How a job list is counted. A store keeps the number of jobs per org, status and type as the jobs
 * change, so a filter on status and type only is answered exactly from those counters whatever the
 * number of jobs. Any other filter (search, a time range, a parent, a schedule, ids) is counted by
 * reading the matching rows, at most up to a cap: past it the count says "at least the cap" and is
 * not exact.
 */
import type { JobFilter } from './types.js';

/** Most jobs a count reads row by row before it stops and reports a lower bound. */
export const JOB_COUNT_CAP = 10_000;

export interface JobCount {
  /** The number of matching jobs when `exact`; otherwise a lower bound (the cap). */
  count: number;
  exact: boolean;
}

/** Whether the per-(org, status, type) counters answer this filter (it names nothing else). */
export function countedByCounters(filter: JobFilter): boolean {
  return (
    filter.ids === undefined &&
    !filter.search?.trim() &&
    filter.createdAfter === undefined &&
    filter.createdBefore === undefined &&
    filter.parentId === undefined &&
    filter.scheduleId === undefined &&
    filter.retryOfId === undefined
  );
}

/** A count of rows read up to `cap + 1`: exact at or below the cap, the cap as a lower bound above it. */
export function cappedCount(read: number, cap: number): JobCount {
  return read > cap ? { count: cap, exact: false } : { count: read, exact: true };
}
