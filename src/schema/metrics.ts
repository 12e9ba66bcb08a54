/** Job metrics over a window: finished/failed per bucket, queue depth, per type and per schedule. */
import type { JobMetrics, MetricPoint, ScheduleMetrics, TypeMetrics } from '../engine/domain/metrics.js';
import type { MetricsQuery } from '../engine/services/metrics-service.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';

const HOUR_S = 3_600;
const DAY_MS = 24 * 3_600_000;

export const MetricPointRef = builder.objectRef<MetricPoint>('MetricPoint').implement({
  description: "One bucket's value; `at` is the bucket's start.",
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    value: t.exposeFloat('value'),
  }),
});

const TypeMetricsRef = builder.objectRef<TypeMetrics>('TypeMetrics').implement({
  description: 'Jobs of one type that finished SUCCEEDED or FAILED in the window.',
  fields: (t) => ({
    type: t.exposeString('type'),
    succeeded: t.exposeInt('succeeded'),
    failed: t.exposeInt('failed'),
    failureRate: t.exposeFloat('failureRate', { description: 'failed / (succeeded + failed).' }),
    p95DurationMs: t.exposeInt('p95DurationMs', {
      nullable: true,
      description: 'finishedAt - startedAt, nearest rank; within 5 % when the window is read from per-minute rollups.',
    }),
  }),
});

const ScheduleMetricsRef = builder.objectRef<ScheduleMetrics>('ScheduleMetrics').implement({
  description: 'Jobs of one schedule created in the window.',
  fields: (t) => ({
    scheduleId: t.exposeID('scheduleId'),
    triggers: t.exposeInt('triggers', { description: 'Jobs of the schedule created in the window.' }),
    successRate: t.exposeFloat('successRate', { description: 'Share of the triggers that SUCCEEDED (so far).' }),
    failureRate: t.exposeFloat('failureRate', { description: 'Share of the triggers that FAILED (so far).' }),
    p95DurationMs: t.exposeInt('p95DurationMs', { nullable: true }),
  }),
});

export interface MetricsShape extends JobMetrics {
  since: number;
  until: number;
  /** The query as asked, for the fields read on demand (cost: src/schema/costs.ts). */
  query?: MetricsQuery;
}

export const MetricsRef = builder.objectRef<MetricsShape>('Metrics').implement({
  description:
    'Job metrics over [since, until) in buckets of bucketSeconds. A window that starts on a whole minute with buckets of whole ' +
    'minutes is read from per-minute rollups of the jobs finished over a minute ago (its cost does not grow with the jobs in it); ' +
    'other windows read their jobs one by one.',
  fields: (t) => ({
    since: t.expose('since', { type: 'DateTime' }),
    until: t.expose('until', { type: 'DateTime' }),
    jobsFinished: t.field({ type: [MetricPointRef], description: 'Jobs that SUCCEEDED in each bucket.', resolve: (m) => m.finished }),
    jobsFailed: t.field({ type: [MetricPointRef], description: 'Jobs that FAILED in each bucket.', resolve: (m) => m.failed }),
    queueDepth: t.field({
      type: [MetricPointRef],
      description:
        "Jobs waiting (created, not started, not finished) at each bucket's end, from the jobs' timestamps (a retried job " +
        'waits until its latest start). Jobs finished over a minute ago count from per-minute rollups, purged or not.',
      resolve: (m) => m.queueDepth,
    }),
    byType: t.field({ type: [TypeMetricsRef], resolve: (m) => m.byType }),
    bySchedule: t.field({ type: [ScheduleMetricsRef], resolve: (m) => m.bySchedule }),
  }),
});

builder.queryField('metrics', (t) =>
  t.field({
    type: MetricsRef,
    description: 'Job metrics of the org. Defaults: the last 24 hours until now, buckets of 3600 s; at most 10,000 buckets.',
    authScopes: { permission: 'jobs:read' },
    args: { since: t.arg({ type: 'DateTime' }), until: t.arg({ type: 'DateTime' }), bucketSeconds: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      const query: MetricsQuery = {
        ...(args.since != null && { since: args.since }),
        ...(args.until != null && { until: args.until }),
        ...(args.bucketSeconds != null && { bucketSeconds: args.bucketSeconds }),
      };
      return { ...(await ctx.services.metrics.jobs(actorOf(ctx), query)), query };
    },
  }),
);
