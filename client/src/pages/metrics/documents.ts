/** The metrics page's GraphQL documents. */
import { graphql } from '../../gql';
import type { MetricsCostQuery, MetricsLlmUsageQuery, MetricsOverviewQuery } from '../../gql/graphql';

export const MetricsOverview = graphql(`
  query MetricsOverview($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {
    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {
      since
      until
      jobsFinished {
        at
        value
      }
      jobsFailed {
        at
        value
      }
      queueDepth {
        at
        value
      }
      byType {
        type
        succeeded
        failed
        failureRate
        p95DurationMs
      }
      bySchedule {
        scheduleId
        triggers
        successRate
        failureRate
        p95DurationMs
      }
    }
    queueStats {
      oldestQueuedAt
      byStatus {
        status
        count
      }
    }
  }
`);

export const MetricsLlmUsage = graphql(`
  query MetricsLlmUsage($since: DateTime!, $until: DateTime!) {
    llmUsage(since: $since, until: $until) {
      byModel {
        key
        calls
        failed
        p95DurationMs
        p95TtftMs
        usage {
          inputTokens
          outputTokens
          cachedTokens
          totalTokens
        }
      }
    }
  }
`);

/** Cost over the same window and buckets as the job figures (needs llm:read, so asked apart). */
export const MetricsCost = graphql(`
  query MetricsCost($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {
    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {
      costUsd {
        at
        value
      }
      costByModel {
        key
        totalUsd
        unpricedCalls
        points {
          at
          value
        }
      }
      costByTaskType {
        key
        totalUsd
        unpricedCalls
        points {
          at
          value
        }
      }
    }
  }
`);

export const MetricsScheduleNames = graphql(`
  query MetricsScheduleNames {
    schedules(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const MetricsJobSignals = graphql(`
  subscription MetricsJobSignals {
    jobEvents(filter: { status: [SUCCEEDED, FAILED] }) {
      kind
      jobId
    }
  }
`);

export type JobMetricsData = MetricsOverviewQuery['metrics'];
export type QueueStatsData = MetricsOverviewQuery['queueStats'];
export type CostData = MetricsCostQuery['metrics'];
export type UsageByModel = MetricsLlmUsageQuery['llmUsage']['byModel'];
