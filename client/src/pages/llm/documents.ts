/**
 * The LLM page's GraphQL documents. A list row and a live event select the same fields (one fragment),
 * and so do the drawer's query and its live event, so an event can replace what the query gave.
 */
import { graphql } from '../../gql';
import type { LlmCallDetailFieldsFragment, LlmCallRowFieldsFragment, LlmSchedulerStatusFieldsFragment } from '../../gql/graphql';

/** What a row of the call list shows: the list query and its live events select the same. */
export const LlmCallRowFields = graphql(`
  fragment LlmCallRowFields on LlmCall {
    id
    queuedAt
    model
    provider
    status
    source
    requestedBy
    parentJobId
    durationMs
    retries
    usage {
      inputTokens
      outputTokens
      cachedTokens
    }
    costUsd
    price {
      key
    }
    error {
      code
      message
    }
  }
`);

export const LlmCallList = graphql(`
  query LlmCallList($filter: LlmCallFilter, $first: Int, $after: String) {
    llmCalls(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { ...PageFields }
      edges { node { ...LlmCallRowFields } }
    }
  }
`);

export const LlmCallListEvents = graphql(`
  subscription LlmCallListEvents($filter: LlmCallFilter) {
    llmCallEvents(filter: $filter) {
      kind
      call {
        ...LlmCallRowFields
      }
    }
  }
`);

/** Everything the call drawer shows: one list of fields for the query and the live events. */
export const LlmCallDetailFields = graphql(`
  fragment LlmCallDetailFields on LlmCall {
    id
    costUsd
    price {
      key
      inputPerMTok
      outputPerMTok
      source
    }
    provider
    model
    status
    source
    requestedBy
    parentJobId
    params
    retries
    queuedAt
    startedAt
    firstTokenAt
    finishedAt
    updatedAt
    waitMs
    ttftMs
    durationMs
    messages {
      role
      name
      content
    }
    output {
      role
      name
      content
    }
    usage {
      inputTokens
      outputTokens
      cachedTokens
      totalTokens
    }
    error {
      code
      httpStatus
      message
    }
  }
`);

export const LlmCallDetail = graphql(`
  query LlmCallDetail($id: ID!) {
    llmCall(id: $id) {
      ...LlmCallDetailFields
    }
  }
`);

export const LlmCallDetailEvents = graphql(`
  subscription LlmCallDetailEvents($filter: LlmCallFilter) {
    llmCallEvents(filter: $filter) {
      kind
      call {
        id
        ...LlmCallDetailFields
      }
    }
  }
`);

/** The limiters' status: the query gives the first picture, the subscription the next ones. */
export const LlmSchedulerStatusFields = graphql(`
  fragment LlmSchedulerStatusFields on LlmSchedulerStatus {
    queued
    running
    updatedAt
    limiters {
      key
      maxConcurrent
      minTimeMs
      requestsPerMinute
      tokensPerMinute
      queued
      running
      done
      rateLimited
      callsLastMinute
    }
  }
`);

export const LlmLimiters = graphql(`
  query LlmLimiters {
    llmSchedulerStatus {
      ...LlmSchedulerStatusFields
    }
  }
`);

export const LlmLimitersLive = graphql(`
  subscription LlmLimitersLive {
    llmSchedulerStatus {
      ...LlmSchedulerStatusFields
    }
  }
`);

export const LlmFilterOptions = graphql(`
  query LlmFilterOptions($since: DateTime) {
    llmUsage(since: $since) {
      byModel {
        key
      }
      bySource {
        key
      }
    }
  }
`);

export type CallRow = LlmCallRowFieldsFragment;
export type CallDetail = LlmCallDetailFieldsFragment;
export type SchedulerStatus = LlmSchedulerStatusFieldsFragment;
export type LimiterStatus = SchedulerStatus['limiters'][number];
