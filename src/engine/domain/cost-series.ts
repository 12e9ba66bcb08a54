/**
 * What calls cost over time: the store sums integer micro-dollars per bucket and key (provider:model,
 * or the task type of a job's call), by when the call was queued, as the usage summary windows are;
 * this module lays the sums out as one series per key with every bucket present, so every store
 * answers alike.
 */
import type { MetricPoint } from './metrics.js';

/** One bucket's sum for one key, as a store reads it; `bucket` counts buckets from the window's start. */
export interface CostBucketSum {
  bucket: number;
  key: string;
  costMicros: number;
  /** Calls without a price: their cost is unknown, not zero. */
  unpricedCalls: number;
}

/** What a store reads for a window's cost series. */
export interface CostSeriesFacts {
  /** Every call of the window, by provider:model. */
  byModel: CostBucketSum[];
  /** Calls made by jobs (they carry a parent job), by their source: the job's task type. */
  byTaskType: CostBucketSum[];
}

/** The bucket of a time in a window that starts at `since`: floor((at - since) / bucketMs). */
export const bucketOf = (at: number, since: number, bucketMs: number): number => Math.floor((at - since) / bucketMs);

/** One key's cost over the window. */
export interface CostSeries {
  key: string;
  totalMicros: number;
  unpricedCalls: number;
  /** Micro-dollars per bucket, every bucket present; `at` is the bucket's start. */
  points: Array<{ at: number; micros: number }>;
}

/** Series per key, sorted by total cost (dearest first), then key. */
export function costSeries(sums: CostBucketSum[], since: number, bucketMs: number, buckets: number): CostSeries[] {
  const byKey = new Map<string, CostSeries>();
  for (const s of sums) {
    let series = byKey.get(s.key);
    if (!series) {
      series = { key: s.key, totalMicros: 0, unpricedCalls: 0, points: Array.from({ length: buckets }, (_, i) => ({ at: since + i * bucketMs, micros: 0 })) };
      byKey.set(s.key, series);
    }
    const point = series.points[s.bucket];
    if (!point) continue; // outside the window: a store never returns one
    point.micros += s.costMicros;
    series.totalMicros += s.costMicros;
    series.unpricedCalls += s.unpricedCalls;
  }
  return [...byKey.values()].sort((a, b) => b.totalMicros - a.totalMicros || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The window's cost per bucket over every key (integer micro-dollars). */
export function totalPoints(series: CostSeries[], since: number, bucketMs: number, buckets: number): Array<{ at: number; micros: number }> {
  const points = Array.from({ length: buckets }, (_, i) => ({ at: since + i * bucketMs, micros: 0 }));
  for (const s of series) s.points.forEach((p, i) => (points[i]!.micros += p.micros));
  return points;
}

/** Dollars per bucket, as the metrics points show them. */
export const toUsdPoints = (points: Array<{ at: number; micros: number }>): MetricPoint[] =>
  points.map((p) => ({ at: p.at, value: p.micros / 1_000_000 }));
