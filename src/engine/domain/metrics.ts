/**
 * Job metrics over a time window: finished and failed jobs per bucket, the queue depth at each
 * bucket's end, and per-type and per-schedule figures. Every store fetches the same job timestamps
 * (see `MetricsJobTimes` and the window rule in `metricsWindowNote`) and this module computes the
 * figures, so every adapter answers alike (percentiles in JS, as for the LLM usage summary).
 */
import { ValidationError } from './errors.js';
import { addBins, binnedP95, durationBin, type DurationBins, type RolledWindow } from './metrics-rollup.js';
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

/**
 * The metrics of a window from the fetched jobs (jobs outside the window rule are ignored) and, when
 * given, the rolled minutes of the jobs the store no longer reads one by one (metrics-rollup.ts).
 */
export function computeMetrics(
  jobs: MetricsJobTimes[],
  since: number,
  until: number,
  bucketMs: number,
  rolled?: RolledWindow,
): JobMetrics {
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
  const types = new Map<string, Tally>();
  const schedules = new Map<string, Tally & { triggers: number }>();

  for (const job of jobs) {
    const done = job.status === 'SUCCEEDED' || job.status === 'FAILED';
    const duration = job.startedAt !== undefined && job.finishedAt !== undefined ? job.finishedAt - job.startedAt : undefined;
    if (done && job.finishedAt !== undefined && job.finishedAt >= since && job.finishedAt < until) {
      const bucket = Math.floor((job.finishedAt - since) / bucketMs);
      (job.status === 'SUCCEEDED' ? finished : failed)[bucket]!.value++;
      const t = types.get(job.type) ?? newTally();
      if (job.status === 'SUCCEEDED') t.succeeded++;
      else t.failed++;
      if (duration !== undefined) t.durations.push(duration);
      types.set(job.type, t);
    }
    if (job.scheduleId !== undefined && job.createdAt >= since && job.createdAt < until) {
      const s = schedules.get(job.scheduleId) ?? { ...newTally(), triggers: 0 };
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
  if (rolled) addRolled(rolled, { since, until, bucketMs, finished, failed, queueDepth, types, schedules });

  const byType = [...types]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, t]): TypeMetrics => {
      const row: TypeMetrics = { type, succeeded: t.succeeded, failed: t.failed, failureRate: rate(t.failed, t.succeeded + t.failed) };
      const p = p95Of(t);
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
      const p = p95Of(s);
      if (p !== undefined) row.p95DurationMs = p;
      return row;
    });
  return { finished, failed, queueDepth, byType, bySchedule };
}

/** Durations of a type or schedule: exact ones read one by one, binned ones from rolled minutes. */
interface Tally {
  succeeded: number;
  failed: number;
  durations: number[];
  bins: DurationBins;
}
const newTally = (): Tally => ({ succeeded: 0, failed: 0, durations: [], bins: {} });

/** Exact while nothing rolled has a duration; otherwise over bins (within 5 %). */
function p95Of(t: Tally): number | undefined {
  if (Object.keys(t.bins).length === 0) return p95(t.durations);
  const bins = { ...t.bins };
  for (const d of t.durations) addBins(bins, { [durationBin(d)]: 1 });
  return binnedP95(bins);
}

interface Figures {
  since: number;
  until: number;
  bucketMs: number;
  finished: MetricPoint[];
  failed: MetricPoint[];
  queueDepth: MetricPoint[];
  types: Map<string, Tally>;
  schedules: Map<string, Tally & { triggers: number }>;
}

/** Adds the rolled minutes of a window (it starts on a whole minute; buckets are whole minutes). */
function addRolled(rolled: RolledWindow, f: Figures): void {
  const bucketOf = (minute: number) => Math.floor((minute - f.since) / f.bucketMs);
  for (const row of rolled.types) {
    if (row.minute < f.since || row.minute >= f.until) continue;
    f.finished[bucketOf(row.minute)]!.value += row.succeeded;
    f.failed[bucketOf(row.minute)]!.value += row.failed;
    const t = f.types.get(row.type) ?? newTally();
    t.succeeded += row.succeeded;
    t.failed += row.failed;
    addBins(t.bins, row.durations);
    f.types.set(row.type, t);
  }
  for (const row of rolled.schedules) {
    if (row.minute < f.since || row.minute >= f.until) continue;
    const s = f.schedules.get(row.scheduleId) ?? { ...newTally(), triggers: 0 };
    s.triggers += row.triggers;
    s.succeeded += row.succeeded;
    s.failed += row.failed;
    addBins(s.bins, row.durations);
    f.schedules.set(row.scheduleId, s);
  }
  // Depth at each bucket end: the changes up to it. Rolled jobs finished before the mark, so none
  // still waits at an end at or after it (the last end, `until`, may not be a whole minute).
  const ends = f.queueDepth.length;
  const endAt = (i: number) => (i < ends - 1 ? f.since + (i + 1) * f.bucketMs : f.until);
  const changes = rolled.depth.filter((d) => d.minute > f.since).sort((a, b) => a.minute - b.minute);
  let depth = rolled.depthBefore;
  let next = 0;
  for (let i = 0; i < ends; i++) {
    while (next < changes.length && changes[next]!.minute <= endAt(i)) depth += changes[next++]!.delta;
    if (endAt(i) < rolled.rolledUntil) f.queueDepth[i]!.value += depth;
  }
  // Open jobs wait at a whole-minute end t when createdMinute <= t < startedMinute; at the last end
  // the store counted them exactly.
  const openChange = new Array<number>(ends).fill(0);
  const firstEndFrom = (minute: number) => Math.max(0, Math.ceil((minute - f.since) / f.bucketMs) - 1);
  for (const g of rolled.open) {
    if (g.scheduleId !== null) {
      const s = f.schedules.get(g.scheduleId) ?? { ...newTally(), triggers: 0 };
      s.triggers += g.n;
      f.schedules.set(g.scheduleId, s);
    }
    const from = Math.min(ends - 1, firstEndFrom(g.createdMinute));
    const to = g.startedMinute === null ? ends - 1 : Math.min(ends - 1, firstEndFrom(g.startedMinute));
    if (from < to) {
      openChange[from]! += g.n;
      openChange[to]! -= g.n;
    }
    f.queueDepth[ends - 1]!.value += g.waitingAtUntil;
  }
  let open = 0;
  for (let i = 0; i < ends - 1; i++) f.queueDepth[i]!.value += open += openChange[i]!;
}
