/** Job metrics of an org over a window, computed from the jobs' times the store reads (domain/metrics.ts). */
import type { Actor } from '../domain/actor.js';
import { ValidationError } from '../domain/errors.js';
import { computeMetrics, metricsBuckets, type JobMetrics } from '../domain/metrics.js';
import { canUseRollups, MINUTE_MS } from '../domain/metrics-rollup.js';
import { costSeries, totalPoints, type CostSeries } from '../domain/cost-series.js';
import type { Store } from '../store/port.js';
import { windowOf, type Window } from './window.js';

const HOUR_S = 3600;

export interface MetricsQuery {
  since?: number;
  until?: number;
  /** Default: an hour. */
  bucketSeconds?: number;
}

/** What the org's calls cost over a window, per bucket: in all, by model and by task type (integer micro-dollars). */
export interface CostMetrics extends Window {
  bucketMs: number;
  total: Array<{ at: number; micros: number }>;
  byModel: CostSeries[];
  byTaskType: CostSeries[];
}

export class MetricsService {
  constructor(private readonly store: Store) {}

  /** The window is checked (at most 10,000 buckets) before anything is read. */
  async jobs(actor: Actor, query: MetricsQuery): Promise<JobMetrics & Window> {
    const { window, bucketMs } = checkedWindow(query);
    const { since, until } = window;
    const rollups = this.store.metricsRollups;
    // Rolled minutes answer windows that start on a whole minute with whole-minute buckets (the
    // console asks so); any other window is read job by job.
    if (rollups && since % MINUTE_MS === 0 && bucketMs % MINUTE_MS === 0) {
      const { rolled, jobs } = await rollups.window(actor.orgId, since, until);
      if (canUseRollups(since, until, bucketMs, rolled.rolledUntil)) {
        return { ...window, ...computeMetrics(jobs, since, until, bucketMs, rolled) };
      }
    }
    const times = await this.store.jobs.metricsTimes(actor.orgId, since, until);
    return { ...window, ...computeMetrics(times, since, until, bucketMs) };
  }

  /** The window is checked as for the job metrics; the store sums micro-dollars per bucket and key. */
  async cost(actor: Actor, query: MetricsQuery): Promise<CostMetrics> {
    const { window, bucketMs, buckets } = checkedWindow(query);
    const facts = await this.store.llmCalls.costSeries(actor.orgId, window.since, window.until, bucketMs);
    const byModel = costSeries(facts.byModel, window.since, bucketMs, buckets);
    return {
      ...window,
      bucketMs,
      total: totalPoints(byModel, window.since, bucketMs, buckets),
      byModel,
      byTaskType: costSeries(facts.byTaskType, window.since, bucketMs, buckets),
    };
  }
}

/** The query's window and buckets (an hour by default), checked (at most 10,000 buckets) before any read. */
function checkedWindow(query: MetricsQuery): { window: Window; bucketMs: number; buckets: number } {
  const window = windowOf(query.since, query.until, Date.now());
  const bucketSeconds = query.bucketSeconds ?? HOUR_S;
  if (bucketSeconds <= 0) throw ValidationError.field('bucketSeconds', 'must be positive');
  const bucketMs = bucketSeconds * 1000;
  return { window, bucketMs, buckets: metricsBuckets(window.since, window.until, bucketMs) };
}
