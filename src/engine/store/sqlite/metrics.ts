/**
 * Job metrics on SQLite: an indexed read of the timestamps the metrics need (see metricsWindowNote
 * in domain/metrics.ts, which computes the figures from them).
 */
import { type MetricsJobTimes } from '../../domain/metrics.js';
import { FINISHED_STATUSES, JOB_STATUSES, type JobStatus } from '../../domain/types.js';
import type { Statements } from './statements.js';

/** The statuses of a job that has not finished (finished_at IS NULL), as an SQL list. */
export const OPEN_SQL = JOB_STATUSES.filter((s) => !FINISHED_STATUSES.includes(s))
  .map((s) => `'${s}'`)
  .join(', ');

/**
 * The unfinished jobs (the QUEUED, RUNNING and WAITING ranges of the status index), then those
 * finished since the window's start (one seek on jobs_org_finished). So a window reads its own jobs
 * and the queue, not every job finished before it (`+created_at` keeps the planner off the
 * created-at ranges of the status index for the finished part, which would).
 */
const COLUMNS = 'type, status, created_at, started_at, finished_at, schedule_id';
export const METRICS_SQL = `SELECT ${COLUMNS} FROM jobs WHERE org_id = @org AND status IN (${OPEN_SQL}) AND +created_at <= @until
  UNION ALL
  SELECT ${COLUMNS} FROM jobs WHERE org_id = @org AND finished_key >= @since AND finished_at IS NOT NULL AND +created_at <= @until`;

export interface MetricsRow {
  type: string;
  status: JobStatus;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  schedule_id: string | null;
}

export function rowToMetricsTimes(r: MetricsRow): MetricsJobTimes {
  const times: MetricsJobTimes = { type: r.type, status: r.status, createdAt: r.created_at };
  if (r.started_at != null) times.startedAt = r.started_at;
  if (r.finished_at != null) times.finishedAt = r.finished_at;
  if (r.schedule_id != null) times.scheduleId = r.schedule_id;
  return times;
}

export function sqliteMetricsTimes(s: Statements, orgId: string, since: number, until: number): MetricsJobTimes[] {
  return (s.get(METRICS_SQL).all({ org: orgId, until, since }) as MetricsRow[]).map(rowToMetricsTimes);
}
