/** The GraphQL documents of the jobs page and the job drawer (typed by `npm run codegen`). */
import { graphql } from '../../gql';

/** What a table row shows; subscription events select the same fields so rows update in place. */
export const JobRowFields = graphql(`
  fragment JobRowFields on Job {
    id
    type
    status
    attempt
    maxAttempts
    priority
    createdAt
    startedAt
    finishedAt
    updatedAt
    durationMs
    cancelRequested
    progress {
      percent
      message
      updatedAt
    }
    error {
      message
    }
  }
`);

export const JobsList = graphql(`
  query JobsList($filter: JobFilter, $first: Int, $after: String) {
    jobs(filter: $filter, first: $first, after: $after, orderBy: CREATED_DESC) {
      totalCount
      totalCountIsExact
      pageInfo { ...PageFields }
      edges { node { ...JobRowFields } }
    }
  }
`);

export const JobsListEvents = graphql(`
  subscription JobsListEvents($filter: JobFilter, $after: ID) {
    jobEvents(filter: $filter, after: $after) {
      id
      kind
      jobId
      at
      job {
        ...JobRowFields
      }
    }
  }
`);

export const JobsTaskTypes = graphql(`
  query JobsTaskTypes {
    taskTypes {
      type
      title
      description
      inputSchema
      maxAttempts
      timeoutMs
      plugin
      version
    }
  }
`);

export const JobsEnqueue = graphql(`
  mutation JobsEnqueue($input: EnqueueJobInput!) {
    enqueueJob(input: $input) {
      id
      status
    }
  }
`);

export const JobsRetry = graphql(`
  mutation JobsRetry($id: ID!, $fromCheckpoint: Boolean) {
    retryJob(id: $id, fromCheckpoint: $fromCheckpoint) {
      id
      status
    }
  }
`);

/** A wait as the drawer shows it. */
export const JobWaitFields = graphql(`
  fragment JobWaitFields on JobWait {
    id
    kind
    name
    eventName
    eventKey
    prompt
    data
    createdAt
    timeoutAt
    resolvedAt
    resolution
    timedOut
  }
`);

export const JobsApprove = graphql(`
  mutation JobsApprove($id: ID!, $name: String!, $approved: Boolean!, $comment: String) {
    approveJob(id: $id, name: $name, approved: $approved, comment: $comment) {
      id
      status
    }
  }
`);

export const JobsSignal = graphql(`
  mutation JobsSignal($id: ID!, $name: String!, $data: JSON) {
    signalJob(id: $id, name: $name, data: $data) {
      id
      status
    }
  }
`);

export const JobsCancel = graphql(`
  mutation JobsCancel($id: ID!) {
    cancelJob(id: $id) {
      id
      status
      cancelRequested
    }
  }
`);

export const JobsDelete = graphql(`
  mutation JobsDelete($id: ID!) {
    deleteJob(id: $id)
  }
`);

/** Bulk actions on the selected jobs: `filter: { ids, status }`; each returns how many it acted on. */
export const JobsRetryMany = graphql(`
  mutation JobsRetryMany($filter: JobFilter!) {
    retryJobs(filter: $filter)
  }
`);

export const JobsCancelMany = graphql(`
  mutation JobsCancelMany($filter: JobFilter!) {
    cancelJobs(filter: $filter)
  }
`);

export const JobsDeleteMany = graphql(`
  mutation JobsDeleteMany($filter: JobFilter!) {
    deleteJobs(filter: $filter)
  }
`);

/** The parts of a job that change while it runs: the drawer merges live events over them. */
export const JobLiveFields = graphql(`
  fragment JobLiveFields on Job {
    id
    status
    attempt
    maxAttempts
    startedAt
    finishedAt
    updatedAt
    durationMs
    runAt
    cancelRequested
    leaseOwner
    checkpoint
    result
    progress {
      percent
      message
      updatedAt
    }
    errors {
      attempt
      at
      code
      message
      retryable
    }
  }
`);

export const JobDetail = graphql(`
  query JobDetail($id: ID!, $withSchedules: Boolean!, $withLlm: Boolean = false, $withWrite: Boolean = false) {
    job(id: $id) {
      ...JobLiveFields
      steps {
        name
        status
        attempt
        startedAt
        finishedAt
        durationMs
        error {
          message
        }
        llmCalls @include(if: $withLlm) {
          id
        }
      }
      waits {
        ...JobWaitFields
        callbackUrl @include(if: $withWrite)
      }
      type
      priority
      payload
      createdAt
      createdBy
      idempotencyKey
      timeoutMs
      usage {
        inputTokens
        outputTokens
        cachedTokens
        totalTokens
      }
      cost {
        usd
        childrenUsd
        unpricedCalls
      }
      parent {
        id
        type
        status
      }
      retryOf {
        id
        status
      }
      children(first: 50) {
        totalCount
        edges {
          node {
            id
            type
            status
          }
        }
      }
      schedule @include(if: $withSchedules) {
        id
        name
      }
      scheduleRun @include(if: $withSchedules) {
        id
        attempt
        trigger
        scheduledFor
        status
      }
    }
  }
`);

/** The jobs made by retrying this one (retryJob links them with retryOf). */
export const JobRetries = graphql(`
  query JobRetries($id: ID!) {
    jobs(filter: { retryOfId: $id }, first: 10, orderBy: CREATED_DESC) {
      totalCount
      edges {
        node {
          id
          status
          createdAt
        }
      }
    }
  }
`);

export const JobUpdates = graphql(`
  subscription JobUpdates($id: ID!, $after: ID) {
    jobUpdated(id: $id, after: $after) {
      id
      kind
      at
      job {
        ...JobLiveFields
      }
      log {
        seq
        at
        level
        message
        data
      }
    }
  }
`);

export const JobLogs = graphql(`
  query JobLogs($id: ID!, $first: Int, $after: String, $level: [LogLevel!]) {
    job(id: $id) {
      id
      logs(first: $first, after: $after, level: $level) {
        totalCount
        pageInfo { ...PageFields }
        edges {
          node {
            seq
            at
            level
            message
            data
          }
        }
      }
    }
  }
`);

export const JobLlmCalls = graphql(`
  query JobLlmCalls($id: ID!) {
    job(id: $id) {
      id
      llmCalls(first: 50) {
        totalCount
        edges {
          node {
            id
            model
            provider
            status
            queuedAt
            durationMs
            usage {
              inputTokens
              outputTokens
              cachedTokens
            }
          }
        }
      }
    }
  }
`);

export const JobLlmCallEvents = graphql(`
  subscription JobLlmCallEvents($filter: LlmCallFilter) {
    llmCallEvents(filter: $filter) {
      kind
      call {
        id
        status
      }
    }
  }
`);

export const JobMakeSchedule = graphql(`
  mutation JobMakeSchedule($jobId: ID!, $name: String!, $trigger: TriggerInput!) {
    createScheduleFromJob(jobId: $jobId, name: $name, trigger: $trigger) {
      id
      name
    }
  }
`);

export const JobTriggerPreview = graphql(`
  query JobTriggerPreview($trigger: TriggerInput!) {
    previewTrigger(trigger: $trigger, count: 3)
  }
`);
