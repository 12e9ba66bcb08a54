/**
 * Job metrics over a time window: finished and failed jobs per bucket, the queue depth at each
 * bucket's end, and per-type and per-schedule figures. Every store fetches the same job timestamps
 * (see `MetricsJobTimes` and the window rule in `metricsWindowNote`) and this module computes the
 * figures, so every adapter answers alike (percentiles in JS, as for the LLM usage summary).
 */
import { ValidationError } from './errors.js';
import { p95 } from './percentile.js';
import type { JobStatus } from './types.js';

export const MAX_METRIC_BUCKETS = 10_000;

export interface MetricPoint {
  /** The bucket's start (epoch ms). */
  at: number;
  value: number;
}

export interface TypeMetrics {
  type: string;
  succeeded: number;
  failed: number;
  /** failed / (succeeded + failed). */
  failureRate: number;
  p95DurationMs?: number;
}

export interface ScheduleMetrics {
  scheduleId: string;
  /** Jobs of the schedule created in the window. */
  triggers: number;
  /** Of those triggers, the share that SUCCEEDED / FAILED (unfinished ones count in neither). */
  successRate: number;
  failureRate: number;
  p95DurationMs?: number;
}

export interface JobMetrics {
  /** Jobs that finished SUCCEEDED in each bucket; buckets keyed by their start, all present. */
  finished: MetricPoint[];
  /** Jobs that finished FAILED in each bucket. */
  failed: MetricPoint[];
  /**
   * Jobs waiting at each bucket's end t (the point is keyed by the bucket's start): created at or
   * before t, not started by t and not finished by t. Reconstructed from the jobs' timestamps, so it
   * is an approximation: a retried job keeps only its latest startedAt (it counts as waiting until
   * then), and purged jobs are gone.
   */
  queueDepth: MetricPoint[];
  /** Over jobs finished SUCCEEDED or FAILED in [since, until); duration = finishedAt - startedAt. */
  byType: TypeMetrics[];
  bySchedule: ScheduleMetrics[];
}

/** The fields of a job the metrics need. */
export interface MetricsJobTimes {
  type: string;
  status: JobStatus;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  scheduleId?: string;
}

/**
 * Which jobs a store fetches for a window: the org's jobs with createdAt <= until and (finishedAt
 * absent or finishedAt >= since). That covers the jobs finished in the window, the jobs created in
 * it and every job waiting at some bucket end.
 */
export const metricsWindowNote = 'createdAt <= until AND (finishedAt IS NULL OR finishedAt >= since)';

/** Checks the window; returns the number of buckets. */
export function metricsBuckets(since: number, until: number, bucketMs: number): number {
  if (!(since < until)) throw ValidationError.field('since', 'must be before until');
  if (!Number.isInteger(bucketMs) || bucketMs <= 0) throw ValidationError.field('bucketSeconds', 'must be a positive whole number');
  const n = Math.ceil((until - since) / bucketMs);
  if (n > MAX_METRIC_BUCKETS) {
    throw ValidationError.field('bucketSeconds', `makes ${n} buckets; at most ${MAX_METRIC_BUCKETS} (choose larger buckets or a shorter window)`);
  }
  return n;
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** The metrics of a window from the fetched jobs (jobs outside the window rule are ignored). */
export function computeMetrics(jobs: MetricsJobTimes[], since: number, until: number, bucketMs: number): JobMetrics {
  const n = metricsBuckets(since, until, bucketMs);
  const finished = Array.from({ length: n }, (_, i) => ({ at: since + i * bucketMs, value: 0 }));
  const failed = finished.map((p) => ({ ...p }));
  const queueDepth = finished.map((p) => ({ ...p }));
  // A job waits at consecutive bucket ends: +1 where that starts, -1 where it stops, summed below,
  // so the work is one step per job, not one per job and bucket.
  const depthChange = new Array<number>(n + 1).fill(0);
  /** The first bucket whose end (since + (i + 1) * bucketMs, the last one's `until`) is at or after `at`; n if none. */
  const firstEndFrom = (at: number) => {
    const i = Math.max(0, Math.ceil((at - since) / bucketMs) - 1);
    return i < n - 1 ? i : at <= until ? n - 1 : n;
  };
  const types = new Map<string, { succeeded: number; failed: number; durations: number[] }>();
  const schedules = new Map<string, { triggers: number; succeeded: number; failed: number; durations: number[] }>();

  for (const job of jobs) {
    const done = job.status === 'SUCCEEDED' || job.status === 'FAILED';
    const duration = job.startedAt !== undefined && job.finishedAt !== undefined ? job.finishedAt - job.startedAt : undefined;
    if (done && job.finishedAt !== undefined && job.finishedAt >= since && job.finishedAt < until) {
      const bucket = Math.floor((job.finishedAt - since) / bucketMs);
      (job.status === 'SUCCEEDED' ? finished : failed)[bucket]!.value++;
      const t = types.get(job.type) ?? { succeeded: 0, failed: 0, durations: [] };
      if (job.status === 'SUCCEEDED') t.succeeded++;
      else t.failed++;
      if (duration !== undefined) t.durations.push(duration);
      types.set(job.type, t);
    }
    if (job.scheduleId !== undefined && job.createdAt >= since && job.createdAt < until) {
      const s = schedules.get(job.scheduleId) ?? { triggers: 0, succeeded: 0, failed: 0, durations: [] };
      s.triggers++;
      if (job.status === 'SUCCEEDED') s.succeeded++;
      if (job.status === 'FAILED') s.failed++;
      if (done && duration !== undefined) s.durations.push(duration);
      schedules.set(job.scheduleId, s);
    }
    // Waiting at the end t of bucket i: createdAt <= t < min(startedAt, finishedAt).
    const from = firstEndFrom(job.createdAt);
    const to = firstEndFrom(Math.min(job.startedAt ?? Infinity, job.finishedAt ?? Infinity));
    if (from < to) {
      depthChange[from]!++;
      depthChange[to]!--;
    }
  }
  let waiting = 0;
  for (let i = 0; i < n; i++) queueDepth[i]!.value = waiting += depthChange[i]!;

  const byType = [...types]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, t]): TypeMetrics => {
      const row: TypeMetrics = { type, succeeded: t.succeeded, failed: t.failed, failureRate: rate(t.failed, t.succeeded + t.failed) };
      const p = p95(t.durations);
      if (p !== undefined) row.p95DurationMs = p;
      return row;
    });
  const bySchedule = [...schedules]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([scheduleId, s]): ScheduleMetrics => {
      const row: ScheduleMetrics = {
        scheduleId,
        triggers: s.triggers,
        successRate: rate(s.succeeded, s.triggers),
        failureRate: rate(s.failed, s.triggers),
      };
      const p = p95(s.durations);
      if (p !== undefined) row.p95DurationMs = p;
      return row;
    });
  return { finished, failed, queueDepth, byType, bySchedule };
}
