/** Job metrics of an org over a window, computed from the jobs' times the store reads (domain/metrics.ts). */
import type { Actor } from '../domain/actor.js';
import { ValidationError } from '../domain/errors.js';
import { computeMetrics, metricsBuckets, type JobMetrics } from '../domain/metrics.js';
import type { Store } from '../store/port.js';
import { windowOf, type Window } from './window.js';

const HOUR_S = 3600;

export interface MetricsQuery {
  since?: number;
  until?: number;
  /** Default: an hour. */
  bucketSeconds?: number;
}

export class MetricsService {
  constructor(private readonly store: Store) {}

  /** The window is checked (at most 10,000 buckets) before anything is read. */
  async jobs(actor: Actor, query: MetricsQuery): Promise<JobMetrics & Window> {
    const window = windowOf(query.since, query.until, Date.now());
    const bucketSeconds = query.bucketSeconds ?? HOUR_S;
    if (bucketSeconds <= 0) throw ValidationError.field('bucketSeconds', 'must be positive');
    const bucketMs = bucketSeconds * 1000;
    metricsBuckets(window.since, window.until, bucketMs);
    const times = await this.store.jobs.metricsTimes(actor.orgId, window.since, window.until);
    return { ...window, ...computeMetrics(times, window.since, window.until, bucketMs) };
  }
}
