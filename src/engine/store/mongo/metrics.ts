/**
 * Job metrics on MongoDB: a pure query builder for the timestamps the metrics need (see
 * metricsWindowNote in domain/metrics.ts, which computes the figures), checked with mingo in
 * test/mongo/metrics.test.ts.
 */
import type { Collection, Filter } from 'mongodb';
import { type MetricsJobTimes } from '../../domain/metrics.js';
import type { JobDoc } from './documents.js';

export function metricsQuery(orgId: string, since: number, until: number): Filter<JobDoc> {
  return {
    orgId,
    createdAt: { $lte: until },
    $or: [{ finishedAt: { $exists: false } }, { finishedAt: null }, { finishedAt: { $gte: since } }],
  } as Filter<JobDoc>;
}

export const METRICS_PROJECTION = { _id: 0, type: 1, status: 1, createdAt: 1, startedAt: 1, finishedAt: 1, scheduleId: 1 } as const;

export function docToMetricsTimes(d: Partial<JobDoc>): MetricsJobTimes {
  const times: MetricsJobTimes = { type: d.type!, status: d.status!, createdAt: d.createdAt! };
  if (d.startedAt != null) times.startedAt = d.startedAt;
  if (d.finishedAt != null) times.finishedAt = d.finishedAt;
  if (d.scheduleId != null) times.scheduleId = d.scheduleId;
  return times;
}

export async function mongoMetricsTimes(jobs: Collection<JobDoc>, orgId: string, since: number, until: number): Promise<MetricsJobTimes[]> {
  const docs = await jobs.find(metricsQuery(orgId, since, until), { projection: METRICS_PROJECTION }).toArray();
  return docs.map(docToMetricsTimes);
}
