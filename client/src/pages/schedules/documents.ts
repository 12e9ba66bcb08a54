/** The schedules page's GraphQL documents (typed by `npm run codegen`). */
import { graphql } from '../../gql';

export const ScheduleRowFields = graphql(`
  fragment ScheduleRowFields on Schedule {
    id
    name
    description
    taskType
    enabled
    trigger {
      kind
      cron
      intervalSeconds
      at
      timezone
    }
    nextRunAt
    lastRunAt
    lastRunStatus
    consecutiveFailures
    alertAfterFailures
    updatedAt
  }
`);

export const ScheduleSettingsFields = graphql(`
  fragment ScheduleSettingsFields on Schedule {
    payload
    overlapPolicy
    maxConcurrentRuns
    misfirePolicy
    catchUpWindowSeconds
    retryPolicy {
      maxRetries
      backoffSeconds
    }
    pauseOnAlert
    createdAt
    createdBy
  }
`);

export const ScheduleRunFields = graphql(`
  fragment ScheduleRunFields on ScheduleRun {
    id
    status
    trigger
    attempt
    scheduledFor
    startedAt
    finishedAt
    durationMs
    jobId
    error
    createdAt
    updatedAt
    costUsd
  }
`);

/** What the calls of the schedule's jobs cost: a sum, read apart from the live fields and again as runs end. */
export const ScheduleCost = graphql(`
  query ScheduleCost($id: ID!) {
    schedule(id: $id) {
      id
      costUsd
    }
  }
`);

export const SchedulesList = graphql(`
  query SchedulesList($filter: ScheduleFilter, $first: Int, $after: String) {
    schedules(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { ...PageFields }
      edges { node { ...ScheduleRowFields } }
    }
  }
`);

export const ScheduleTaskTypes = graphql(`
  query ScheduleTaskTypes {
    taskTypes {
      type
      title
      description
      inputSchema
    }
  }
`);

export const ScheduleListEvents = graphql(`
  subscription ScheduleListEvents {
    scheduleEvents {
      kind
      scheduleId
      schedule {
        ...ScheduleRowFields
      }
    }
  }
`);

export const ScheduleDetail = graphql(`
  query ScheduleDetail($id: ID!) {
    schedule(id: $id) {
      ...ScheduleRowFields
      ...ScheduleSettingsFields
    }
  }
`);

export const ScheduleDetailEvents = graphql(`
  subscription ScheduleDetailEvents($id: ID!) {
    scheduleEvents(scheduleId: $id) {
      kind
      scheduleId
      schedule {
        ...ScheduleRowFields
        ...ScheduleSettingsFields
      }
      run {
        ...ScheduleRunFields
      }
    }
  }
`);

export const ScheduleRuns = graphql(`
  query ScheduleRuns($id: ID!, $first: Int, $after: String) {
    schedule(id: $id) {
      id
      runs(first: $first, after: $after) {
        totalCount
        pageInfo { ...PageFields }
        edges { node { ...ScheduleRunFields } }
      }
    }
  }
`);

export const PreviewTrigger = graphql(`
  query PreviewTrigger($trigger: TriggerInput!, $count: Int, $from: DateTime) {
    previewTrigger(trigger: $trigger, count: $count, from: $from)
  }
`);

export const CreateSchedule = graphql(`
  mutation CreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      ...ScheduleRowFields
      ...ScheduleSettingsFields
    }
  }
`);

export const UpdateSchedule = graphql(`
  mutation UpdateSchedule($id: ID!, $input: UpdateScheduleInput!) {
    updateSchedule(id: $id, input: $input) {
      ...ScheduleRowFields
      ...ScheduleSettingsFields
    }
  }
`);

export const EnableSchedule = graphql(`
  mutation EnableSchedule($id: ID!) {
    enableSchedule(id: $id) {
      ...ScheduleRowFields
    }
  }
`);

export const DisableSchedule = graphql(`
  mutation DisableSchedule($id: ID!) {
    disableSchedule(id: $id) {
      ...ScheduleRowFields
    }
  }
`);

export const DeleteSchedule = graphql(`
  mutation DeleteSchedule($id: ID!) {
    deleteSchedule(id: $id)
  }
`);

export const RunScheduleNow = graphql(`
  mutation RunScheduleNow($id: ID!) {
    runScheduleNow(id: $id) {
      ...ScheduleRunFields
    }
  }
`);

export const RetryScheduleRun = graphql(`
  mutation RetryScheduleRun($id: ID!) {
    retryScheduleRun(id: $id) {
      ...ScheduleRunFields
    }
  }
`);
