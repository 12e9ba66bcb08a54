/**
 * Job metrics on SQLite: one indexed read of the timestamps the metrics need (see metricsWindowNote
 * in domain/metrics.ts, which computes the figures from them).
 */
import { type MetricsJobTimes } from '../../domain/metrics.js';
import type { JobStatus } from '../../domain/types.js';
import type { Statements } from './statements.js';

export const METRICS_SQL = `SELECT type, status, created_at, started_at, finished_at, schedule_id FROM jobs
  WHERE org_id = ? AND created_at <= ? AND (finished_at IS NULL OR finished_at >= ?)`;

interface MetricsRow {
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
  return (s.get(METRICS_SQL).all(orgId, until, since) as MetricsRow[]).map(rowToMetricsTimes);
}
