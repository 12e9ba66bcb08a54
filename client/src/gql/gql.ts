/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query OpenAlertCount {\n    alerts(open: true, first: 1) {\n      totalCount\n      # An Alert in the result: acknowledgeAlert (which returns one) then refetches this count.\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.OpenAlertCountDocument,
    "\n  subscription AlertSignals {\n    alertEvents {\n      kind\n    }\n  }\n": typeof types.AlertSignalsDocument,
    "\n  fragment PageFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": typeof types.PageFieldsFragmentDoc,
    "\n  fragment AlertRowFields on Alert {\n    id\n    kind\n    message\n    raisedAt\n    acknowledgedAt\n    acknowledgedBy\n    scheduleId\n    schedule {\n      id\n      name\n    }\n  }\n": typeof types.AlertRowFieldsFragmentDoc,
    "\n  query AlertsList($open: Boolean, $scheduleId: ID, $first: Int, $after: String) {\n    alerts(open: $open, scheduleId: $scheduleId, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...AlertRowFields } }\n    }\n  }\n": typeof types.AlertsListDocument,
    "\n  query AlertScheduleOptions {\n    schedules(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AlertScheduleOptionsDocument,
    "\n  mutation AcknowledgeAlert($id: ID!) {\n    acknowledgeAlert(id: $id) {\n      id\n      acknowledgedAt\n      acknowledgedBy\n    }\n  }\n": typeof types.AcknowledgeAlertDocument,
    "\n  subscription AlertsLive {\n    alertEvents {\n      kind\n    }\n  }\n": typeof types.AlertsLiveDocument,
    "\n  query AuditTargetSchedule($id: ID!) {\n    schedule(id: $id) {\n      id\n      name\n    }\n  }\n": typeof types.AuditTargetScheduleDocument,
    "\n  query AuditTargetJob($id: ID!) {\n    job(id: $id) {\n      id\n      type\n      status\n    }\n  }\n": typeof types.AuditTargetJobDocument,
    "\n  fragment AuditEntryFields on AuditEntry {\n    id\n    at\n    actor\n    action\n    targetType\n    targetId\n    details\n  }\n": typeof types.AuditEntryFieldsFragmentDoc,
    "\n  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...AuditEntryFields } }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  subscription AuditScheduleSignals {\n    scheduleEvents {\n      kind\n    }\n  }\n": typeof types.AuditScheduleSignalsDocument,
    "\n  subscription AuditJobSignals {\n    jobEvents {\n      kind\n      job {\n        status\n      }\n    }\n  }\n": typeof types.AuditJobSignalsDocument,
    "\n  query BudgetsList {\n    budgets {\n      id\n      scope\n      target\n      period\n      limitUsd\n      spentUsd\n      reservedUsd\n      action\n      thresholds\n      periodStart\n      updatedAt\n    }\n  }\n": typeof types.BudgetsListDocument,
    "\n  subscription BudgetAlertSignals {\n    alertEvents {\n      kind\n    }\n  }\n": typeof types.BudgetAlertSignalsDocument,
    "\n  subscription BudgetCallSignals {\n    llmCallEvents {\n      kind\n      call {\n        id\n        status\n      }\n    }\n  }\n": typeof types.BudgetCallSignalsDocument,
    "\n  mutation CreateBudget($input: BudgetInput!) {\n    createBudget(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateBudgetDocument,
    "\n  mutation UpdateBudget($id: ID!, $input: BudgetInput!) {\n    updateBudget(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateBudgetDocument,
    "\n  mutation DeleteBudget($id: ID!) {\n    deleteBudget(id: $id)\n  }\n": typeof types.DeleteBudgetDocument,
    "\n  fragment JobRowFields on Job {\n    id\n    type\n    status\n    attempt\n    maxAttempts\n    priority\n    createdAt\n    startedAt\n    finishedAt\n    updatedAt\n    durationMs\n    cancelRequested\n    progress {\n      percent\n      message\n      updatedAt\n    }\n    error {\n      message\n    }\n  }\n": typeof types.JobRowFieldsFragmentDoc,
    "\n  query JobsList($filter: JobFilter, $first: Int, $after: String) {\n    jobs(filter: $filter, first: $first, after: $after, orderBy: CREATED_DESC) {\n      totalCount\n      totalCountIsExact\n      pageInfo { ...PageFields }\n      edges { node { ...JobRowFields } }\n    }\n  }\n": typeof types.JobsListDocument,
    "\n  subscription JobsListEvents($filter: JobFilter, $after: ID) {\n    jobEvents(filter: $filter, after: $after) {\n      id\n      kind\n      jobId\n      at\n      job {\n        ...JobRowFields\n      }\n    }\n  }\n": typeof types.JobsListEventsDocument,
    "\n  query JobsTaskTypes {\n    taskTypes {\n      type\n      title\n      description\n      inputSchema\n      maxAttempts\n      timeoutMs\n      plugin\n      version\n    }\n  }\n": typeof types.JobsTaskTypesDocument,
    "\n  mutation JobsEnqueue($input: EnqueueJobInput!) {\n    enqueueJob(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.JobsEnqueueDocument,
    "\n  mutation JobsRetry($id: ID!, $fromCheckpoint: Boolean) {\n    retryJob(id: $id, fromCheckpoint: $fromCheckpoint) {\n      id\n      status\n    }\n  }\n": typeof types.JobsRetryDocument,
    "\n  fragment JobWaitFields on JobWait {\n    id\n    kind\n    name\n    eventName\n    eventKey\n    prompt\n    data\n    createdAt\n    timeoutAt\n    resolvedAt\n    resolution\n    timedOut\n  }\n": typeof types.JobWaitFieldsFragmentDoc,
    "\n  mutation JobsApprove($id: ID!, $name: String!, $approved: Boolean!, $comment: String) {\n    approveJob(id: $id, name: $name, approved: $approved, comment: $comment) {\n      id\n      status\n    }\n  }\n": typeof types.JobsApproveDocument,
    "\n  mutation JobsSignal($id: ID!, $name: String!, $data: JSON) {\n    signalJob(id: $id, name: $name, data: $data) {\n      id\n      status\n    }\n  }\n": typeof types.JobsSignalDocument,
    "\n  mutation JobsCancel($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      status\n      cancelRequested\n    }\n  }\n": typeof types.JobsCancelDocument,
    "\n  mutation JobsDelete($id: ID!) {\n    deleteJob(id: $id)\n  }\n": typeof types.JobsDeleteDocument,
    "\n  mutation JobsRetryMany($filter: JobFilter!) {\n    retryJobs(filter: $filter)\n  }\n": typeof types.JobsRetryManyDocument,
    "\n  mutation JobsCancelMany($filter: JobFilter!) {\n    cancelJobs(filter: $filter)\n  }\n": typeof types.JobsCancelManyDocument,
    "\n  mutation JobsDeleteMany($filter: JobFilter!) {\n    deleteJobs(filter: $filter)\n  }\n": typeof types.JobsDeleteManyDocument,
    "\n  fragment JobLiveFields on Job {\n    id\n    status\n    attempt\n    maxAttempts\n    startedAt\n    finishedAt\n    updatedAt\n    durationMs\n    runAt\n    cancelRequested\n    leaseOwner\n    checkpoint\n    result\n    progress {\n      percent\n      message\n      updatedAt\n    }\n    errors {\n      attempt\n      at\n      code\n      message\n      retryable\n    }\n  }\n": typeof types.JobLiveFieldsFragmentDoc,
    "\n  query JobDetail($id: ID!, $withSchedules: Boolean!, $withLlm: Boolean = false, $withWrite: Boolean = false) {\n    job(id: $id) {\n      ...JobLiveFields\n      steps {\n        name\n        status\n        attempt\n        startedAt\n        finishedAt\n        durationMs\n        error {\n          message\n        }\n        llmCalls @include(if: $withLlm) {\n          id\n        }\n      }\n      waits {\n        ...JobWaitFields\n        callbackUrl @include(if: $withWrite)\n      }\n      type\n      priority\n      payload\n      createdAt\n      createdBy\n      idempotencyKey\n      timeoutMs\n      usage {\n        inputTokens\n        outputTokens\n        cachedTokens\n        totalTokens\n      }\n      cost {\n        usd\n        childrenUsd\n        unpricedCalls\n      }\n      parent {\n        id\n        type\n        status\n      }\n      retryOf {\n        id\n        status\n      }\n      children(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            type\n            status\n          }\n        }\n      }\n      schedule @include(if: $withSchedules) {\n        id\n        name\n      }\n      scheduleRun @include(if: $withSchedules) {\n        id\n        attempt\n        trigger\n        scheduledFor\n        status\n      }\n    }\n  }\n": typeof types.JobDetailDocument,
    "\n  query JobRetries($id: ID!) {\n    jobs(filter: { retryOfId: $id }, first: 10, orderBy: CREATED_DESC) {\n      totalCount\n      edges {\n        node {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.JobRetriesDocument,
    "\n  subscription JobUpdates($id: ID!, $after: ID) {\n    jobUpdated(id: $id, after: $after) {\n      id\n      kind\n      at\n      job {\n        ...JobLiveFields\n      }\n      log {\n        seq\n        at\n        level\n        message\n        data\n      }\n    }\n  }\n": typeof types.JobUpdatesDocument,
    "\n  query JobLogs($id: ID!, $first: Int, $after: String, $level: [LogLevel!]) {\n    job(id: $id) {\n      id\n      logs(first: $first, after: $after, level: $level) {\n        totalCount\n        pageInfo { ...PageFields }\n        edges {\n          node {\n            seq\n            at\n            level\n            message\n            data\n          }\n        }\n      }\n    }\n  }\n": typeof types.JobLogsDocument,
    "\n  query JobLlmCalls($id: ID!) {\n    job(id: $id) {\n      id\n      llmCalls(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            model\n            provider\n            status\n            queuedAt\n            durationMs\n            usage {\n              inputTokens\n              outputTokens\n              cachedTokens\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.JobLlmCallsDocument,
    "\n  subscription JobLlmCallEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        id\n        status\n      }\n    }\n  }\n": typeof types.JobLlmCallEventsDocument,
    "\n  mutation JobMakeSchedule($jobId: ID!, $name: String!, $trigger: TriggerInput!) {\n    createScheduleFromJob(jobId: $jobId, name: $name, trigger: $trigger) {\n      id\n      name\n    }\n  }\n": typeof types.JobMakeScheduleDocument,
    "\n  query JobTriggerPreview($trigger: TriggerInput!) {\n    previewTrigger(trigger: $trigger, count: 3)\n  }\n": typeof types.JobTriggerPreviewDocument,
    "\n  fragment LlmCallRowFields on LlmCall {\n    id\n    queuedAt\n    model\n    provider\n    status\n    source\n    requestedBy\n    parentJobId\n    durationMs\n    retries\n    usage {\n      inputTokens\n      outputTokens\n      cachedTokens\n    }\n    costUsd\n    price {\n      key\n    }\n    error {\n      code\n      message\n    }\n  }\n": typeof types.LlmCallRowFieldsFragmentDoc,
    "\n  query LlmCallList($filter: LlmCallFilter, $first: Int, $after: String) {\n    llmCalls(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...LlmCallRowFields } }\n    }\n  }\n": typeof types.LlmCallListDocument,
    "\n  subscription LlmCallListEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        ...LlmCallRowFields\n      }\n    }\n  }\n": typeof types.LlmCallListEventsDocument,
    "\n  fragment LlmCallDetailFields on LlmCall {\n    id\n    costUsd\n    price {\n      key\n      inputPerMTok\n      outputPerMTok\n      source\n    }\n    provider\n    model\n    status\n    source\n    requestedBy\n    parentJobId\n    params\n    retries\n    queuedAt\n    startedAt\n    firstTokenAt\n    finishedAt\n    updatedAt\n    waitMs\n    ttftMs\n    durationMs\n    messages {\n      role\n      name\n      content\n    }\n    output {\n      role\n      name\n      content\n    }\n    usage {\n      inputTokens\n      outputTokens\n      cachedTokens\n      totalTokens\n    }\n    error {\n      code\n      httpStatus\n      message\n    }\n  }\n": typeof types.LlmCallDetailFieldsFragmentDoc,
    "\n  query LlmCallDetail($id: ID!) {\n    llmCall(id: $id) {\n      ...LlmCallDetailFields\n    }\n  }\n": typeof types.LlmCallDetailDocument,
    "\n  subscription LlmCallDetailEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        id\n        ...LlmCallDetailFields\n      }\n    }\n  }\n": typeof types.LlmCallDetailEventsDocument,
    "\n  fragment LlmSchedulerStatusFields on LlmSchedulerStatus {\n    queued\n    running\n    updatedAt\n    limiters {\n      key\n      maxConcurrent\n      minTimeMs\n      requestsPerMinute\n      tokensPerMinute\n      queued\n      running\n      done\n      rateLimited\n      callsLastMinute\n    }\n  }\n": typeof types.LlmSchedulerStatusFieldsFragmentDoc,
    "\n  query LlmLimiters {\n    llmSchedulerStatus {\n      ...LlmSchedulerStatusFields\n    }\n  }\n": typeof types.LlmLimitersDocument,
    "\n  subscription LlmLimitersLive {\n    llmSchedulerStatus {\n      ...LlmSchedulerStatusFields\n    }\n  }\n": typeof types.LlmLimitersLiveDocument,
    "\n  query LlmFilterOptions($since: DateTime) {\n    llmUsage(since: $since) {\n      byModel {\n        key\n      }\n      bySource {\n        key\n      }\n    }\n  }\n": typeof types.LlmFilterOptionsDocument,
    "\n  query MetricsOverview($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {\n    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {\n      since\n      until\n      jobsFinished {\n        at\n        value\n      }\n      jobsFailed {\n        at\n        value\n      }\n      queueDepth {\n        at\n        value\n      }\n      byType {\n        type\n        succeeded\n        failed\n        failureRate\n        p95DurationMs\n      }\n      bySchedule {\n        scheduleId\n        triggers\n        successRate\n        failureRate\n        p95DurationMs\n      }\n    }\n    queueStats {\n      oldestQueuedAt\n      byStatus {\n        status\n        count\n      }\n    }\n  }\n": typeof types.MetricsOverviewDocument,
    "\n  query MetricsLlmUsage($since: DateTime!, $until: DateTime!) {\n    llmUsage(since: $since, until: $until) {\n      byModel {\n        key\n        calls\n        failed\n        p95DurationMs\n        p95TtftMs\n        usage {\n          inputTokens\n          outputTokens\n          cachedTokens\n          totalTokens\n        }\n      }\n    }\n  }\n": typeof types.MetricsLlmUsageDocument,
    "\n  query MetricsCost($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {\n    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {\n      costUsd {\n        at\n        value\n      }\n      costByModel {\n        key\n        totalUsd\n        unpricedCalls\n        points {\n          at\n          value\n        }\n      }\n      costByTaskType {\n        key\n        totalUsd\n        unpricedCalls\n        points {\n          at\n          value\n        }\n      }\n    }\n  }\n": typeof types.MetricsCostDocument,
    "\n  query MetricsScheduleNames {\n    schedules(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.MetricsScheduleNamesDocument,
    "\n  subscription MetricsJobSignals {\n    jobEvents(filter: { status: [SUCCEEDED, FAILED] }) {\n      kind\n      jobId\n    }\n  }\n": typeof types.MetricsJobSignalsDocument,
    "\n  fragment ScheduleRowFields on Schedule {\n    id\n    name\n    description\n    taskType\n    enabled\n    trigger {\n      kind\n      cron\n      intervalSeconds\n      at\n      timezone\n    }\n    nextRunAt\n    lastRunAt\n    lastRunStatus\n    consecutiveFailures\n    alertAfterFailures\n    updatedAt\n  }\n": typeof types.ScheduleRowFieldsFragmentDoc,
    "\n  fragment ScheduleSettingsFields on Schedule {\n    payload\n    overlapPolicy\n    maxConcurrentRuns\n    misfirePolicy\n    catchUpWindowSeconds\n    retryPolicy {\n      maxRetries\n      backoffSeconds\n    }\n    pauseOnAlert\n    createdAt\n    createdBy\n  }\n": typeof types.ScheduleSettingsFieldsFragmentDoc,
    "\n  fragment ScheduleRunFields on ScheduleRun {\n    id\n    status\n    trigger\n    attempt\n    scheduledFor\n    startedAt\n    finishedAt\n    durationMs\n    jobId\n    error\n    createdAt\n    updatedAt\n    costUsd\n  }\n": typeof types.ScheduleRunFieldsFragmentDoc,
    "\n  query ScheduleCost($id: ID!) {\n    schedule(id: $id) {\n      id\n      costUsd\n    }\n  }\n": typeof types.ScheduleCostDocument,
    "\n  query SchedulesList($filter: ScheduleFilter, $first: Int, $after: String) {\n    schedules(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...ScheduleRowFields } }\n    }\n  }\n": typeof types.SchedulesListDocument,
    "\n  query ScheduleTaskTypes {\n    taskTypes {\n      type\n      title\n      description\n      inputSchema\n    }\n  }\n": typeof types.ScheduleTaskTypesDocument,
    "\n  subscription ScheduleListEvents {\n    scheduleEvents {\n      kind\n      scheduleId\n      schedule {\n        ...ScheduleRowFields\n      }\n    }\n  }\n": typeof types.ScheduleListEventsDocument,
    "\n  query ScheduleDetail($id: ID!) {\n    schedule(id: $id) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n": typeof types.ScheduleDetailDocument,
    "\n  subscription ScheduleDetailEvents($id: ID!) {\n    scheduleEvents(scheduleId: $id) {\n      kind\n      scheduleId\n      schedule {\n        ...ScheduleRowFields\n        ...ScheduleSettingsFields\n      }\n      run {\n        ...ScheduleRunFields\n      }\n    }\n  }\n": typeof types.ScheduleDetailEventsDocument,
    "\n  query ScheduleRuns($id: ID!, $first: Int, $after: String) {\n    schedule(id: $id) {\n      id\n      runs(first: $first, after: $after) {\n        totalCount\n        pageInfo { ...PageFields }\n        edges { node { ...ScheduleRunFields } }\n      }\n    }\n  }\n": typeof types.ScheduleRunsDocument,
    "\n  query PreviewTrigger($trigger: TriggerInput!, $count: Int, $from: DateTime) {\n    previewTrigger(trigger: $trigger, count: $count, from: $from)\n  }\n": typeof types.PreviewTriggerDocument,
    "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n": typeof types.CreateScheduleDocument,
    "\n  mutation UpdateSchedule($id: ID!, $input: UpdateScheduleInput!) {\n    updateSchedule(id: $id, input: $input) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n": typeof types.UpdateScheduleDocument,
    "\n  mutation EnableSchedule($id: ID!) {\n    enableSchedule(id: $id) {\n      ...ScheduleRowFields\n    }\n  }\n": typeof types.EnableScheduleDocument,
    "\n  mutation DisableSchedule($id: ID!) {\n    disableSchedule(id: $id) {\n      ...ScheduleRowFields\n    }\n  }\n": typeof types.DisableScheduleDocument,
    "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n": typeof types.DeleteScheduleDocument,
    "\n  mutation RunScheduleNow($id: ID!) {\n    runScheduleNow(id: $id) {\n      ...ScheduleRunFields\n    }\n  }\n": typeof types.RunScheduleNowDocument,
    "\n  mutation RetryScheduleRun($id: ID!) {\n    retryScheduleRun(id: $id) {\n      ...ScheduleRunFields\n    }\n  }\n": typeof types.RetryScheduleRunDocument,
};
const documents: Documents = {
    "\n  query OpenAlertCount {\n    alerts(open: true, first: 1) {\n      totalCount\n      # An Alert in the result: acknowledgeAlert (which returns one) then refetches this count.\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.OpenAlertCountDocument,
    "\n  subscription AlertSignals {\n    alertEvents {\n      kind\n    }\n  }\n": types.AlertSignalsDocument,
    "\n  fragment PageFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": types.PageFieldsFragmentDoc,
    "\n  fragment AlertRowFields on Alert {\n    id\n    kind\n    message\n    raisedAt\n    acknowledgedAt\n    acknowledgedBy\n    scheduleId\n    schedule {\n      id\n      name\n    }\n  }\n": types.AlertRowFieldsFragmentDoc,
    "\n  query AlertsList($open: Boolean, $scheduleId: ID, $first: Int, $after: String) {\n    alerts(open: $open, scheduleId: $scheduleId, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...AlertRowFields } }\n    }\n  }\n": types.AlertsListDocument,
    "\n  query AlertScheduleOptions {\n    schedules(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AlertScheduleOptionsDocument,
    "\n  mutation AcknowledgeAlert($id: ID!) {\n    acknowledgeAlert(id: $id) {\n      id\n      acknowledgedAt\n      acknowledgedBy\n    }\n  }\n": types.AcknowledgeAlertDocument,
    "\n  subscription AlertsLive {\n    alertEvents {\n      kind\n    }\n  }\n": types.AlertsLiveDocument,
    "\n  query AuditTargetSchedule($id: ID!) {\n    schedule(id: $id) {\n      id\n      name\n    }\n  }\n": types.AuditTargetScheduleDocument,
    "\n  query AuditTargetJob($id: ID!) {\n    job(id: $id) {\n      id\n      type\n      status\n    }\n  }\n": types.AuditTargetJobDocument,
    "\n  fragment AuditEntryFields on AuditEntry {\n    id\n    at\n    actor\n    action\n    targetType\n    targetId\n    details\n  }\n": types.AuditEntryFieldsFragmentDoc,
    "\n  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...AuditEntryFields } }\n    }\n  }\n": types.AuditLogDocument,
    "\n  subscription AuditScheduleSignals {\n    scheduleEvents {\n      kind\n    }\n  }\n": types.AuditScheduleSignalsDocument,
    "\n  subscription AuditJobSignals {\n    jobEvents {\n      kind\n      job {\n        status\n      }\n    }\n  }\n": types.AuditJobSignalsDocument,
    "\n  query BudgetsList {\n    budgets {\n      id\n      scope\n      target\n      period\n      limitUsd\n      spentUsd\n      reservedUsd\n      action\n      thresholds\n      periodStart\n      updatedAt\n    }\n  }\n": types.BudgetsListDocument,
    "\n  subscription BudgetAlertSignals {\n    alertEvents {\n      kind\n    }\n  }\n": types.BudgetAlertSignalsDocument,
    "\n  subscription BudgetCallSignals {\n    llmCallEvents {\n      kind\n      call {\n        id\n        status\n      }\n    }\n  }\n": types.BudgetCallSignalsDocument,
    "\n  mutation CreateBudget($input: BudgetInput!) {\n    createBudget(input: $input) {\n      id\n    }\n  }\n": types.CreateBudgetDocument,
    "\n  mutation UpdateBudget($id: ID!, $input: BudgetInput!) {\n    updateBudget(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateBudgetDocument,
    "\n  mutation DeleteBudget($id: ID!) {\n    deleteBudget(id: $id)\n  }\n": types.DeleteBudgetDocument,
    "\n  fragment JobRowFields on Job {\n    id\n    type\n    status\n    attempt\n    maxAttempts\n    priority\n    createdAt\n    startedAt\n    finishedAt\n    updatedAt\n    durationMs\n    cancelRequested\n    progress {\n      percent\n      message\n      updatedAt\n    }\n    error {\n      message\n    }\n  }\n": types.JobRowFieldsFragmentDoc,
    "\n  query JobsList($filter: JobFilter, $first: Int, $after: String) {\n    jobs(filter: $filter, first: $first, after: $after, orderBy: CREATED_DESC) {\n      totalCount\n      totalCountIsExact\n      pageInfo { ...PageFields }\n      edges { node { ...JobRowFields } }\n    }\n  }\n": types.JobsListDocument,
    "\n  subscription JobsListEvents($filter: JobFilter, $after: ID) {\n    jobEvents(filter: $filter, after: $after) {\n      id\n      kind\n      jobId\n      at\n      job {\n        ...JobRowFields\n      }\n    }\n  }\n": types.JobsListEventsDocument,
    "\n  query JobsTaskTypes {\n    taskTypes {\n      type\n      title\n      description\n      inputSchema\n      maxAttempts\n      timeoutMs\n      plugin\n      version\n    }\n  }\n": types.JobsTaskTypesDocument,
    "\n  mutation JobsEnqueue($input: EnqueueJobInput!) {\n    enqueueJob(input: $input) {\n      id\n      status\n    }\n  }\n": types.JobsEnqueueDocument,
    "\n  mutation JobsRetry($id: ID!, $fromCheckpoint: Boolean) {\n    retryJob(id: $id, fromCheckpoint: $fromCheckpoint) {\n      id\n      status\n    }\n  }\n": types.JobsRetryDocument,
    "\n  fragment JobWaitFields on JobWait {\n    id\n    kind\n    name\n    eventName\n    eventKey\n    prompt\n    data\n    createdAt\n    timeoutAt\n    resolvedAt\n    resolution\n    timedOut\n  }\n": types.JobWaitFieldsFragmentDoc,
    "\n  mutation JobsApprove($id: ID!, $name: String!, $approved: Boolean!, $comment: String) {\n    approveJob(id: $id, name: $name, approved: $approved, comment: $comment) {\n      id\n      status\n    }\n  }\n": types.JobsApproveDocument,
    "\n  mutation JobsSignal($id: ID!, $name: String!, $data: JSON) {\n    signalJob(id: $id, name: $name, data: $data) {\n      id\n      status\n    }\n  }\n": types.JobsSignalDocument,
    "\n  mutation JobsCancel($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      status\n      cancelRequested\n    }\n  }\n": types.JobsCancelDocument,
    "\n  mutation JobsDelete($id: ID!) {\n    deleteJob(id: $id)\n  }\n": types.JobsDeleteDocument,
    "\n  mutation JobsRetryMany($filter: JobFilter!) {\n    retryJobs(filter: $filter)\n  }\n": types.JobsRetryManyDocument,
    "\n  mutation JobsCancelMany($filter: JobFilter!) {\n    cancelJobs(filter: $filter)\n  }\n": types.JobsCancelManyDocument,
    "\n  mutation JobsDeleteMany($filter: JobFilter!) {\n    deleteJobs(filter: $filter)\n  }\n": types.JobsDeleteManyDocument,
    "\n  fragment JobLiveFields on Job {\n    id\n    status\n    attempt\n    maxAttempts\n    startedAt\n    finishedAt\n    updatedAt\n    durationMs\n    runAt\n    cancelRequested\n    leaseOwner\n    checkpoint\n    result\n    progress {\n      percent\n      message\n      updatedAt\n    }\n    errors {\n      attempt\n      at\n      code\n      message\n      retryable\n    }\n  }\n": types.JobLiveFieldsFragmentDoc,
    "\n  query JobDetail($id: ID!, $withSchedules: Boolean!, $withLlm: Boolean = false, $withWrite: Boolean = false) {\n    job(id: $id) {\n      ...JobLiveFields\n      steps {\n        name\n        status\n        attempt\n        startedAt\n        finishedAt\n        durationMs\n        error {\n          message\n        }\n        llmCalls @include(if: $withLlm) {\n          id\n        }\n      }\n      waits {\n        ...JobWaitFields\n        callbackUrl @include(if: $withWrite)\n      }\n      type\n      priority\n      payload\n      createdAt\n      createdBy\n      idempotencyKey\n      timeoutMs\n      usage {\n        inputTokens\n        outputTokens\n        cachedTokens\n        totalTokens\n      }\n      cost {\n        usd\n        childrenUsd\n        unpricedCalls\n      }\n      parent {\n        id\n        type\n        status\n      }\n      retryOf {\n        id\n        status\n      }\n      children(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            type\n            status\n          }\n        }\n      }\n      schedule @include(if: $withSchedules) {\n        id\n        name\n      }\n      scheduleRun @include(if: $withSchedules) {\n        id\n        attempt\n        trigger\n        scheduledFor\n        status\n      }\n    }\n  }\n": types.JobDetailDocument,
    "\n  query JobRetries($id: ID!) {\n    jobs(filter: { retryOfId: $id }, first: 10, orderBy: CREATED_DESC) {\n      totalCount\n      edges {\n        node {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": types.JobRetriesDocument,
    "\n  subscription JobUpdates($id: ID!, $after: ID) {\n    jobUpdated(id: $id, after: $after) {\n      id\n      kind\n      at\n      job {\n        ...JobLiveFields\n      }\n      log {\n        seq\n        at\n        level\n        message\n        data\n      }\n    }\n  }\n": types.JobUpdatesDocument,
    "\n  query JobLogs($id: ID!, $first: Int, $after: String, $level: [LogLevel!]) {\n    job(id: $id) {\n      id\n      logs(first: $first, after: $after, level: $level) {\n        totalCount\n        pageInfo { ...PageFields }\n        edges {\n          node {\n            seq\n            at\n            level\n            message\n            data\n          }\n        }\n      }\n    }\n  }\n": types.JobLogsDocument,
    "\n  query JobLlmCalls($id: ID!) {\n    job(id: $id) {\n      id\n      llmCalls(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            model\n            provider\n            status\n            queuedAt\n            durationMs\n            usage {\n              inputTokens\n              outputTokens\n              cachedTokens\n            }\n          }\n        }\n      }\n    }\n  }\n": types.JobLlmCallsDocument,
    "\n  subscription JobLlmCallEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        id\n        status\n      }\n    }\n  }\n": types.JobLlmCallEventsDocument,
    "\n  mutation JobMakeSchedule($jobId: ID!, $name: String!, $trigger: TriggerInput!) {\n    createScheduleFromJob(jobId: $jobId, name: $name, trigger: $trigger) {\n      id\n      name\n    }\n  }\n": types.JobMakeScheduleDocument,
    "\n  query JobTriggerPreview($trigger: TriggerInput!) {\n    previewTrigger(trigger: $trigger, count: 3)\n  }\n": types.JobTriggerPreviewDocument,
    "\n  fragment LlmCallRowFields on LlmCall {\n    id\n    queuedAt\n    model\n    provider\n    status\n    source\n    requestedBy\n    parentJobId\n    durationMs\n    retries\n    usage {\n      inputTokens\n      outputTokens\n      cachedTokens\n    }\n    costUsd\n    price {\n      key\n    }\n    error {\n      code\n      message\n    }\n  }\n": types.LlmCallRowFieldsFragmentDoc,
    "\n  query LlmCallList($filter: LlmCallFilter, $first: Int, $after: String) {\n    llmCalls(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...LlmCallRowFields } }\n    }\n  }\n": types.LlmCallListDocument,
    "\n  subscription LlmCallListEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        ...LlmCallRowFields\n      }\n    }\n  }\n": types.LlmCallListEventsDocument,
    "\n  fragment LlmCallDetailFields on LlmCall {\n    id\n    costUsd\n    price {\n      key\n      inputPerMTok\n      outputPerMTok\n      source\n    }\n    provider\n    model\n    status\n    source\n    requestedBy\n    parentJobId\n    params\n    retries\n    queuedAt\n    startedAt\n    firstTokenAt\n    finishedAt\n    updatedAt\n    waitMs\n    ttftMs\n    durationMs\n    messages {\n      role\n      name\n      content\n    }\n    output {\n      role\n      name\n      content\n    }\n    usage {\n      inputTokens\n      outputTokens\n      cachedTokens\n      totalTokens\n    }\n    error {\n      code\n      httpStatus\n      message\n    }\n  }\n": types.LlmCallDetailFieldsFragmentDoc,
    "\n  query LlmCallDetail($id: ID!) {\n    llmCall(id: $id) {\n      ...LlmCallDetailFields\n    }\n  }\n": types.LlmCallDetailDocument,
    "\n  subscription LlmCallDetailEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        id\n        ...LlmCallDetailFields\n      }\n    }\n  }\n": types.LlmCallDetailEventsDocument,
    "\n  fragment LlmSchedulerStatusFields on LlmSchedulerStatus {\n    queued\n    running\n    updatedAt\n    limiters {\n      key\n      maxConcurrent\n      minTimeMs\n      requestsPerMinute\n      tokensPerMinute\n      queued\n      running\n      done\n      rateLimited\n      callsLastMinute\n    }\n  }\n": types.LlmSchedulerStatusFieldsFragmentDoc,
    "\n  query LlmLimiters {\n    llmSchedulerStatus {\n      ...LlmSchedulerStatusFields\n    }\n  }\n": types.LlmLimitersDocument,
    "\n  subscription LlmLimitersLive {\n    llmSchedulerStatus {\n      ...LlmSchedulerStatusFields\n    }\n  }\n": types.LlmLimitersLiveDocument,
    "\n  query LlmFilterOptions($since: DateTime) {\n    llmUsage(since: $since) {\n      byModel {\n        key\n      }\n      bySource {\n        key\n      }\n    }\n  }\n": types.LlmFilterOptionsDocument,
    "\n  query MetricsOverview($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {\n    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {\n      since\n      until\n      jobsFinished {\n        at\n        value\n      }\n      jobsFailed {\n        at\n        value\n      }\n      queueDepth {\n        at\n        value\n      }\n      byType {\n        type\n        succeeded\n        failed\n        failureRate\n        p95DurationMs\n      }\n      bySchedule {\n        scheduleId\n        triggers\n        successRate\n        failureRate\n        p95DurationMs\n      }\n    }\n    queueStats {\n      oldestQueuedAt\n      byStatus {\n        status\n        count\n      }\n    }\n  }\n": types.MetricsOverviewDocument,
    "\n  query MetricsLlmUsage($since: DateTime!, $until: DateTime!) {\n    llmUsage(since: $since, until: $until) {\n      byModel {\n        key\n        calls\n        failed\n        p95DurationMs\n        p95TtftMs\n        usage {\n          inputTokens\n          outputTokens\n          cachedTokens\n          totalTokens\n        }\n      }\n    }\n  }\n": types.MetricsLlmUsageDocument,
    "\n  query MetricsCost($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {\n    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {\n      costUsd {\n        at\n        value\n      }\n      costByModel {\n        key\n        totalUsd\n        unpricedCalls\n        points {\n          at\n          value\n        }\n      }\n      costByTaskType {\n        key\n        totalUsd\n        unpricedCalls\n        points {\n          at\n          value\n        }\n      }\n    }\n  }\n": types.MetricsCostDocument,
    "\n  query MetricsScheduleNames {\n    schedules(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.MetricsScheduleNamesDocument,
    "\n  subscription MetricsJobSignals {\n    jobEvents(filter: { status: [SUCCEEDED, FAILED] }) {\n      kind\n      jobId\n    }\n  }\n": types.MetricsJobSignalsDocument,
    "\n  fragment ScheduleRowFields on Schedule {\n    id\n    name\n    description\n    taskType\n    enabled\n    trigger {\n      kind\n      cron\n      intervalSeconds\n      at\n      timezone\n    }\n    nextRunAt\n    lastRunAt\n    lastRunStatus\n    consecutiveFailures\n    alertAfterFailures\n    updatedAt\n  }\n": types.ScheduleRowFieldsFragmentDoc,
    "\n  fragment ScheduleSettingsFields on Schedule {\n    payload\n    overlapPolicy\n    maxConcurrentRuns\n    misfirePolicy\n    catchUpWindowSeconds\n    retryPolicy {\n      maxRetries\n      backoffSeconds\n    }\n    pauseOnAlert\n    createdAt\n    createdBy\n  }\n": types.ScheduleSettingsFieldsFragmentDoc,
    "\n  fragment ScheduleRunFields on ScheduleRun {\n    id\n    status\n    trigger\n    attempt\n    scheduledFor\n    startedAt\n    finishedAt\n    durationMs\n    jobId\n    error\n    createdAt\n    updatedAt\n    costUsd\n  }\n": types.ScheduleRunFieldsFragmentDoc,
    "\n  query ScheduleCost($id: ID!) {\n    schedule(id: $id) {\n      id\n      costUsd\n    }\n  }\n": types.ScheduleCostDocument,
    "\n  query SchedulesList($filter: ScheduleFilter, $first: Int, $after: String) {\n    schedules(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...ScheduleRowFields } }\n    }\n  }\n": types.SchedulesListDocument,
    "\n  query ScheduleTaskTypes {\n    taskTypes {\n      type\n      title\n      description\n      inputSchema\n    }\n  }\n": types.ScheduleTaskTypesDocument,
    "\n  subscription ScheduleListEvents {\n    scheduleEvents {\n      kind\n      scheduleId\n      schedule {\n        ...ScheduleRowFields\n      }\n    }\n  }\n": types.ScheduleListEventsDocument,
    "\n  query ScheduleDetail($id: ID!) {\n    schedule(id: $id) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n": types.ScheduleDetailDocument,
    "\n  subscription ScheduleDetailEvents($id: ID!) {\n    scheduleEvents(scheduleId: $id) {\n      kind\n      scheduleId\n      schedule {\n        ...ScheduleRowFields\n        ...ScheduleSettingsFields\n      }\n      run {\n        ...ScheduleRunFields\n      }\n    }\n  }\n": types.ScheduleDetailEventsDocument,
    "\n  query ScheduleRuns($id: ID!, $first: Int, $after: String) {\n    schedule(id: $id) {\n      id\n      runs(first: $first, after: $after) {\n        totalCount\n        pageInfo { ...PageFields }\n        edges { node { ...ScheduleRunFields } }\n      }\n    }\n  }\n": types.ScheduleRunsDocument,
    "\n  query PreviewTrigger($trigger: TriggerInput!, $count: Int, $from: DateTime) {\n    previewTrigger(trigger: $trigger, count: $count, from: $from)\n  }\n": types.PreviewTriggerDocument,
    "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n": types.CreateScheduleDocument,
    "\n  mutation UpdateSchedule($id: ID!, $input: UpdateScheduleInput!) {\n    updateSchedule(id: $id, input: $input) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n": types.UpdateScheduleDocument,
    "\n  mutation EnableSchedule($id: ID!) {\n    enableSchedule(id: $id) {\n      ...ScheduleRowFields\n    }\n  }\n": types.EnableScheduleDocument,
    "\n  mutation DisableSchedule($id: ID!) {\n    disableSchedule(id: $id) {\n      ...ScheduleRowFields\n    }\n  }\n": types.DisableScheduleDocument,
    "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n": types.DeleteScheduleDocument,
    "\n  mutation RunScheduleNow($id: ID!) {\n    runScheduleNow(id: $id) {\n      ...ScheduleRunFields\n    }\n  }\n": types.RunScheduleNowDocument,
    "\n  mutation RetryScheduleRun($id: ID!) {\n    retryScheduleRun(id: $id) {\n      ...ScheduleRunFields\n    }\n  }\n": types.RetryScheduleRunDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenAlertCount {\n    alerts(open: true, first: 1) {\n      totalCount\n      # An Alert in the result: acknowledgeAlert (which returns one) then refetches this count.\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OpenAlertCount {\n    alerts(open: true, first: 1) {\n      totalCount\n      # An Alert in the result: acknowledgeAlert (which returns one) then refetches this count.\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AlertSignals {\n    alertEvents {\n      kind\n    }\n  }\n"): (typeof documents)["\n  subscription AlertSignals {\n    alertEvents {\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"): (typeof documents)["\n  fragment PageFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AlertRowFields on Alert {\n    id\n    kind\n    message\n    raisedAt\n    acknowledgedAt\n    acknowledgedBy\n    scheduleId\n    schedule {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment AlertRowFields on Alert {\n    id\n    kind\n    message\n    raisedAt\n    acknowledgedAt\n    acknowledgedBy\n    scheduleId\n    schedule {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertsList($open: Boolean, $scheduleId: ID, $first: Int, $after: String) {\n    alerts(open: $open, scheduleId: $scheduleId, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...AlertRowFields } }\n    }\n  }\n"): (typeof documents)["\n  query AlertsList($open: Boolean, $scheduleId: ID, $first: Int, $after: String) {\n    alerts(open: $open, scheduleId: $scheduleId, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...AlertRowFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertScheduleOptions {\n    schedules(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AlertScheduleOptions {\n    schedules(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeAlert($id: ID!) {\n    acknowledgeAlert(id: $id) {\n      id\n      acknowledgedAt\n      acknowledgedBy\n    }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeAlert($id: ID!) {\n    acknowledgeAlert(id: $id) {\n      id\n      acknowledgedAt\n      acknowledgedBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AlertsLive {\n    alertEvents {\n      kind\n    }\n  }\n"): (typeof documents)["\n  subscription AlertsLive {\n    alertEvents {\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTargetSchedule($id: ID!) {\n    schedule(id: $id) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query AuditTargetSchedule($id: ID!) {\n    schedule(id: $id) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTargetJob($id: ID!) {\n    job(id: $id) {\n      id\n      type\n      status\n    }\n  }\n"): (typeof documents)["\n  query AuditTargetJob($id: ID!) {\n    job(id: $id) {\n      id\n      type\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuditEntryFields on AuditEntry {\n    id\n    at\n    actor\n    action\n    targetType\n    targetId\n    details\n  }\n"): (typeof documents)["\n  fragment AuditEntryFields on AuditEntry {\n    id\n    at\n    actor\n    action\n    targetType\n    targetId\n    details\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...AuditEntryFields } }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...AuditEntryFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditScheduleSignals {\n    scheduleEvents {\n      kind\n    }\n  }\n"): (typeof documents)["\n  subscription AuditScheduleSignals {\n    scheduleEvents {\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditJobSignals {\n    jobEvents {\n      kind\n      job {\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AuditJobSignals {\n    jobEvents {\n      kind\n      job {\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BudgetsList {\n    budgets {\n      id\n      scope\n      target\n      period\n      limitUsd\n      spentUsd\n      reservedUsd\n      action\n      thresholds\n      periodStart\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query BudgetsList {\n    budgets {\n      id\n      scope\n      target\n      period\n      limitUsd\n      spentUsd\n      reservedUsd\n      action\n      thresholds\n      periodStart\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BudgetAlertSignals {\n    alertEvents {\n      kind\n    }\n  }\n"): (typeof documents)["\n  subscription BudgetAlertSignals {\n    alertEvents {\n      kind\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BudgetCallSignals {\n    llmCallEvents {\n      kind\n      call {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription BudgetCallSignals {\n    llmCallEvents {\n      kind\n      call {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBudget($input: BudgetInput!) {\n    createBudget(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateBudget($input: BudgetInput!) {\n    createBudget(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateBudget($id: ID!, $input: BudgetInput!) {\n    updateBudget(id: $id, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateBudget($id: ID!, $input: BudgetInput!) {\n    updateBudget(id: $id, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteBudget($id: ID!) {\n    deleteBudget(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteBudget($id: ID!) {\n    deleteBudget(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobRowFields on Job {\n    id\n    type\n    status\n    attempt\n    maxAttempts\n    priority\n    createdAt\n    startedAt\n    finishedAt\n    updatedAt\n    durationMs\n    cancelRequested\n    progress {\n      percent\n      message\n      updatedAt\n    }\n    error {\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment JobRowFields on Job {\n    id\n    type\n    status\n    attempt\n    maxAttempts\n    priority\n    createdAt\n    startedAt\n    finishedAt\n    updatedAt\n    durationMs\n    cancelRequested\n    progress {\n      percent\n      message\n      updatedAt\n    }\n    error {\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobsList($filter: JobFilter, $first: Int, $after: String) {\n    jobs(filter: $filter, first: $first, after: $after, orderBy: CREATED_DESC) {\n      totalCount\n      totalCountIsExact\n      pageInfo { ...PageFields }\n      edges { node { ...JobRowFields } }\n    }\n  }\n"): (typeof documents)["\n  query JobsList($filter: JobFilter, $first: Int, $after: String) {\n    jobs(filter: $filter, first: $first, after: $after, orderBy: CREATED_DESC) {\n      totalCount\n      totalCountIsExact\n      pageInfo { ...PageFields }\n      edges { node { ...JobRowFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobsListEvents($filter: JobFilter, $after: ID) {\n    jobEvents(filter: $filter, after: $after) {\n      id\n      kind\n      jobId\n      at\n      job {\n        ...JobRowFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription JobsListEvents($filter: JobFilter, $after: ID) {\n    jobEvents(filter: $filter, after: $after) {\n      id\n      kind\n      jobId\n      at\n      job {\n        ...JobRowFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobsTaskTypes {\n    taskTypes {\n      type\n      title\n      description\n      inputSchema\n      maxAttempts\n      timeoutMs\n      plugin\n      version\n    }\n  }\n"): (typeof documents)["\n  query JobsTaskTypes {\n    taskTypes {\n      type\n      title\n      description\n      inputSchema\n      maxAttempts\n      timeoutMs\n      plugin\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsEnqueue($input: EnqueueJobInput!) {\n    enqueueJob(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation JobsEnqueue($input: EnqueueJobInput!) {\n    enqueueJob(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsRetry($id: ID!, $fromCheckpoint: Boolean) {\n    retryJob(id: $id, fromCheckpoint: $fromCheckpoint) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation JobsRetry($id: ID!, $fromCheckpoint: Boolean) {\n    retryJob(id: $id, fromCheckpoint: $fromCheckpoint) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobWaitFields on JobWait {\n    id\n    kind\n    name\n    eventName\n    eventKey\n    prompt\n    data\n    createdAt\n    timeoutAt\n    resolvedAt\n    resolution\n    timedOut\n  }\n"): (typeof documents)["\n  fragment JobWaitFields on JobWait {\n    id\n    kind\n    name\n    eventName\n    eventKey\n    prompt\n    data\n    createdAt\n    timeoutAt\n    resolvedAt\n    resolution\n    timedOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsApprove($id: ID!, $name: String!, $approved: Boolean!, $comment: String) {\n    approveJob(id: $id, name: $name, approved: $approved, comment: $comment) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation JobsApprove($id: ID!, $name: String!, $approved: Boolean!, $comment: String) {\n    approveJob(id: $id, name: $name, approved: $approved, comment: $comment) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsSignal($id: ID!, $name: String!, $data: JSON) {\n    signalJob(id: $id, name: $name, data: $data) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation JobsSignal($id: ID!, $name: String!, $data: JSON) {\n    signalJob(id: $id, name: $name, data: $data) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsCancel($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      status\n      cancelRequested\n    }\n  }\n"): (typeof documents)["\n  mutation JobsCancel($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      status\n      cancelRequested\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsDelete($id: ID!) {\n    deleteJob(id: $id)\n  }\n"): (typeof documents)["\n  mutation JobsDelete($id: ID!) {\n    deleteJob(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsRetryMany($filter: JobFilter!) {\n    retryJobs(filter: $filter)\n  }\n"): (typeof documents)["\n  mutation JobsRetryMany($filter: JobFilter!) {\n    retryJobs(filter: $filter)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsCancelMany($filter: JobFilter!) {\n    cancelJobs(filter: $filter)\n  }\n"): (typeof documents)["\n  mutation JobsCancelMany($filter: JobFilter!) {\n    cancelJobs(filter: $filter)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsDeleteMany($filter: JobFilter!) {\n    deleteJobs(filter: $filter)\n  }\n"): (typeof documents)["\n  mutation JobsDeleteMany($filter: JobFilter!) {\n    deleteJobs(filter: $filter)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobLiveFields on Job {\n    id\n    status\n    attempt\n    maxAttempts\n    startedAt\n    finishedAt\n    updatedAt\n    durationMs\n    runAt\n    cancelRequested\n    leaseOwner\n    checkpoint\n    result\n    progress {\n      percent\n      message\n      updatedAt\n    }\n    errors {\n      attempt\n      at\n      code\n      message\n      retryable\n    }\n  }\n"): (typeof documents)["\n  fragment JobLiveFields on Job {\n    id\n    status\n    attempt\n    maxAttempts\n    startedAt\n    finishedAt\n    updatedAt\n    durationMs\n    runAt\n    cancelRequested\n    leaseOwner\n    checkpoint\n    result\n    progress {\n      percent\n      message\n      updatedAt\n    }\n    errors {\n      attempt\n      at\n      code\n      message\n      retryable\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobDetail($id: ID!, $withSchedules: Boolean!, $withLlm: Boolean = false, $withWrite: Boolean = false) {\n    job(id: $id) {\n      ...JobLiveFields\n      steps {\n        name\n        status\n        attempt\n        startedAt\n        finishedAt\n        durationMs\n        error {\n          message\n        }\n        llmCalls @include(if: $withLlm) {\n          id\n        }\n      }\n      waits {\n        ...JobWaitFields\n        callbackUrl @include(if: $withWrite)\n      }\n      type\n      priority\n      payload\n      createdAt\n      createdBy\n      idempotencyKey\n      timeoutMs\n      usage {\n        inputTokens\n        outputTokens\n        cachedTokens\n        totalTokens\n      }\n      cost {\n        usd\n        childrenUsd\n        unpricedCalls\n      }\n      parent {\n        id\n        type\n        status\n      }\n      retryOf {\n        id\n        status\n      }\n      children(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            type\n            status\n          }\n        }\n      }\n      schedule @include(if: $withSchedules) {\n        id\n        name\n      }\n      scheduleRun @include(if: $withSchedules) {\n        id\n        attempt\n        trigger\n        scheduledFor\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobDetail($id: ID!, $withSchedules: Boolean!, $withLlm: Boolean = false, $withWrite: Boolean = false) {\n    job(id: $id) {\n      ...JobLiveFields\n      steps {\n        name\n        status\n        attempt\n        startedAt\n        finishedAt\n        durationMs\n        error {\n          message\n        }\n        llmCalls @include(if: $withLlm) {\n          id\n        }\n      }\n      waits {\n        ...JobWaitFields\n        callbackUrl @include(if: $withWrite)\n      }\n      type\n      priority\n      payload\n      createdAt\n      createdBy\n      idempotencyKey\n      timeoutMs\n      usage {\n        inputTokens\n        outputTokens\n        cachedTokens\n        totalTokens\n      }\n      cost {\n        usd\n        childrenUsd\n        unpricedCalls\n      }\n      parent {\n        id\n        type\n        status\n      }\n      retryOf {\n        id\n        status\n      }\n      children(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            type\n            status\n          }\n        }\n      }\n      schedule @include(if: $withSchedules) {\n        id\n        name\n      }\n      scheduleRun @include(if: $withSchedules) {\n        id\n        attempt\n        trigger\n        scheduledFor\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobRetries($id: ID!) {\n    jobs(filter: { retryOfId: $id }, first: 10, orderBy: CREATED_DESC) {\n      totalCount\n      edges {\n        node {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobRetries($id: ID!) {\n    jobs(filter: { retryOfId: $id }, first: 10, orderBy: CREATED_DESC) {\n      totalCount\n      edges {\n        node {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobUpdates($id: ID!, $after: ID) {\n    jobUpdated(id: $id, after: $after) {\n      id\n      kind\n      at\n      job {\n        ...JobLiveFields\n      }\n      log {\n        seq\n        at\n        level\n        message\n        data\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription JobUpdates($id: ID!, $after: ID) {\n    jobUpdated(id: $id, after: $after) {\n      id\n      kind\n      at\n      job {\n        ...JobLiveFields\n      }\n      log {\n        seq\n        at\n        level\n        message\n        data\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobLogs($id: ID!, $first: Int, $after: String, $level: [LogLevel!]) {\n    job(id: $id) {\n      id\n      logs(first: $first, after: $after, level: $level) {\n        totalCount\n        pageInfo { ...PageFields }\n        edges {\n          node {\n            seq\n            at\n            level\n            message\n            data\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobLogs($id: ID!, $first: Int, $after: String, $level: [LogLevel!]) {\n    job(id: $id) {\n      id\n      logs(first: $first, after: $after, level: $level) {\n        totalCount\n        pageInfo { ...PageFields }\n        edges {\n          node {\n            seq\n            at\n            level\n            message\n            data\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobLlmCalls($id: ID!) {\n    job(id: $id) {\n      id\n      llmCalls(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            model\n            provider\n            status\n            queuedAt\n            durationMs\n            usage {\n              inputTokens\n              outputTokens\n              cachedTokens\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobLlmCalls($id: ID!) {\n    job(id: $id) {\n      id\n      llmCalls(first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            model\n            provider\n            status\n            queuedAt\n            durationMs\n            usage {\n              inputTokens\n              outputTokens\n              cachedTokens\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobLlmCallEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription JobLlmCallEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobMakeSchedule($jobId: ID!, $name: String!, $trigger: TriggerInput!) {\n    createScheduleFromJob(jobId: $jobId, name: $name, trigger: $trigger) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation JobMakeSchedule($jobId: ID!, $name: String!, $trigger: TriggerInput!) {\n    createScheduleFromJob(jobId: $jobId, name: $name, trigger: $trigger) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobTriggerPreview($trigger: TriggerInput!) {\n    previewTrigger(trigger: $trigger, count: 3)\n  }\n"): (typeof documents)["\n  query JobTriggerPreview($trigger: TriggerInput!) {\n    previewTrigger(trigger: $trigger, count: 3)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LlmCallRowFields on LlmCall {\n    id\n    queuedAt\n    model\n    provider\n    status\n    source\n    requestedBy\n    parentJobId\n    durationMs\n    retries\n    usage {\n      inputTokens\n      outputTokens\n      cachedTokens\n    }\n    costUsd\n    price {\n      key\n    }\n    error {\n      code\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment LlmCallRowFields on LlmCall {\n    id\n    queuedAt\n    model\n    provider\n    status\n    source\n    requestedBy\n    parentJobId\n    durationMs\n    retries\n    usage {\n      inputTokens\n      outputTokens\n      cachedTokens\n    }\n    costUsd\n    price {\n      key\n    }\n    error {\n      code\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LlmCallList($filter: LlmCallFilter, $first: Int, $after: String) {\n    llmCalls(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...LlmCallRowFields } }\n    }\n  }\n"): (typeof documents)["\n  query LlmCallList($filter: LlmCallFilter, $first: Int, $after: String) {\n    llmCalls(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...LlmCallRowFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LlmCallListEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        ...LlmCallRowFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription LlmCallListEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        ...LlmCallRowFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LlmCallDetailFields on LlmCall {\n    id\n    costUsd\n    price {\n      key\n      inputPerMTok\n      outputPerMTok\n      source\n    }\n    provider\n    model\n    status\n    source\n    requestedBy\n    parentJobId\n    params\n    retries\n    queuedAt\n    startedAt\n    firstTokenAt\n    finishedAt\n    updatedAt\n    waitMs\n    ttftMs\n    durationMs\n    messages {\n      role\n      name\n      content\n    }\n    output {\n      role\n      name\n      content\n    }\n    usage {\n      inputTokens\n      outputTokens\n      cachedTokens\n      totalTokens\n    }\n    error {\n      code\n      httpStatus\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment LlmCallDetailFields on LlmCall {\n    id\n    costUsd\n    price {\n      key\n      inputPerMTok\n      outputPerMTok\n      source\n    }\n    provider\n    model\n    status\n    source\n    requestedBy\n    parentJobId\n    params\n    retries\n    queuedAt\n    startedAt\n    firstTokenAt\n    finishedAt\n    updatedAt\n    waitMs\n    ttftMs\n    durationMs\n    messages {\n      role\n      name\n      content\n    }\n    output {\n      role\n      name\n      content\n    }\n    usage {\n      inputTokens\n      outputTokens\n      cachedTokens\n      totalTokens\n    }\n    error {\n      code\n      httpStatus\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LlmCallDetail($id: ID!) {\n    llmCall(id: $id) {\n      ...LlmCallDetailFields\n    }\n  }\n"): (typeof documents)["\n  query LlmCallDetail($id: ID!) {\n    llmCall(id: $id) {\n      ...LlmCallDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LlmCallDetailEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        id\n        ...LlmCallDetailFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription LlmCallDetailEvents($filter: LlmCallFilter) {\n    llmCallEvents(filter: $filter) {\n      kind\n      call {\n        id\n        ...LlmCallDetailFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LlmSchedulerStatusFields on LlmSchedulerStatus {\n    queued\n    running\n    updatedAt\n    limiters {\n      key\n      maxConcurrent\n      minTimeMs\n      requestsPerMinute\n      tokensPerMinute\n      queued\n      running\n      done\n      rateLimited\n      callsLastMinute\n    }\n  }\n"): (typeof documents)["\n  fragment LlmSchedulerStatusFields on LlmSchedulerStatus {\n    queued\n    running\n    updatedAt\n    limiters {\n      key\n      maxConcurrent\n      minTimeMs\n      requestsPerMinute\n      tokensPerMinute\n      queued\n      running\n      done\n      rateLimited\n      callsLastMinute\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LlmLimiters {\n    llmSchedulerStatus {\n      ...LlmSchedulerStatusFields\n    }\n  }\n"): (typeof documents)["\n  query LlmLimiters {\n    llmSchedulerStatus {\n      ...LlmSchedulerStatusFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LlmLimitersLive {\n    llmSchedulerStatus {\n      ...LlmSchedulerStatusFields\n    }\n  }\n"): (typeof documents)["\n  subscription LlmLimitersLive {\n    llmSchedulerStatus {\n      ...LlmSchedulerStatusFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LlmFilterOptions($since: DateTime) {\n    llmUsage(since: $since) {\n      byModel {\n        key\n      }\n      bySource {\n        key\n      }\n    }\n  }\n"): (typeof documents)["\n  query LlmFilterOptions($since: DateTime) {\n    llmUsage(since: $since) {\n      byModel {\n        key\n      }\n      bySource {\n        key\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricsOverview($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {\n    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {\n      since\n      until\n      jobsFinished {\n        at\n        value\n      }\n      jobsFailed {\n        at\n        value\n      }\n      queueDepth {\n        at\n        value\n      }\n      byType {\n        type\n        succeeded\n        failed\n        failureRate\n        p95DurationMs\n      }\n      bySchedule {\n        scheduleId\n        triggers\n        successRate\n        failureRate\n        p95DurationMs\n      }\n    }\n    queueStats {\n      oldestQueuedAt\n      byStatus {\n        status\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query MetricsOverview($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {\n    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {\n      since\n      until\n      jobsFinished {\n        at\n        value\n      }\n      jobsFailed {\n        at\n        value\n      }\n      queueDepth {\n        at\n        value\n      }\n      byType {\n        type\n        succeeded\n        failed\n        failureRate\n        p95DurationMs\n      }\n      bySchedule {\n        scheduleId\n        triggers\n        successRate\n        failureRate\n        p95DurationMs\n      }\n    }\n    queueStats {\n      oldestQueuedAt\n      byStatus {\n        status\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricsLlmUsage($since: DateTime!, $until: DateTime!) {\n    llmUsage(since: $since, until: $until) {\n      byModel {\n        key\n        calls\n        failed\n        p95DurationMs\n        p95TtftMs\n        usage {\n          inputTokens\n          outputTokens\n          cachedTokens\n          totalTokens\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MetricsLlmUsage($since: DateTime!, $until: DateTime!) {\n    llmUsage(since: $since, until: $until) {\n      byModel {\n        key\n        calls\n        failed\n        p95DurationMs\n        p95TtftMs\n        usage {\n          inputTokens\n          outputTokens\n          cachedTokens\n          totalTokens\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricsCost($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {\n    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {\n      costUsd {\n        at\n        value\n      }\n      costByModel {\n        key\n        totalUsd\n        unpricedCalls\n        points {\n          at\n          value\n        }\n      }\n      costByTaskType {\n        key\n        totalUsd\n        unpricedCalls\n        points {\n          at\n          value\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MetricsCost($since: DateTime!, $until: DateTime!, $bucketSeconds: Int!) {\n    metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {\n      costUsd {\n        at\n        value\n      }\n      costByModel {\n        key\n        totalUsd\n        unpricedCalls\n        points {\n          at\n          value\n        }\n      }\n      costByTaskType {\n        key\n        totalUsd\n        unpricedCalls\n        points {\n          at\n          value\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricsScheduleNames {\n    schedules(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MetricsScheduleNames {\n    schedules(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MetricsJobSignals {\n    jobEvents(filter: { status: [SUCCEEDED, FAILED] }) {\n      kind\n      jobId\n    }\n  }\n"): (typeof documents)["\n  subscription MetricsJobSignals {\n    jobEvents(filter: { status: [SUCCEEDED, FAILED] }) {\n      kind\n      jobId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduleRowFields on Schedule {\n    id\n    name\n    description\n    taskType\n    enabled\n    trigger {\n      kind\n      cron\n      intervalSeconds\n      at\n      timezone\n    }\n    nextRunAt\n    lastRunAt\n    lastRunStatus\n    consecutiveFailures\n    alertAfterFailures\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ScheduleRowFields on Schedule {\n    id\n    name\n    description\n    taskType\n    enabled\n    trigger {\n      kind\n      cron\n      intervalSeconds\n      at\n      timezone\n    }\n    nextRunAt\n    lastRunAt\n    lastRunStatus\n    consecutiveFailures\n    alertAfterFailures\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduleSettingsFields on Schedule {\n    payload\n    overlapPolicy\n    maxConcurrentRuns\n    misfirePolicy\n    catchUpWindowSeconds\n    retryPolicy {\n      maxRetries\n      backoffSeconds\n    }\n    pauseOnAlert\n    createdAt\n    createdBy\n  }\n"): (typeof documents)["\n  fragment ScheduleSettingsFields on Schedule {\n    payload\n    overlapPolicy\n    maxConcurrentRuns\n    misfirePolicy\n    catchUpWindowSeconds\n    retryPolicy {\n      maxRetries\n      backoffSeconds\n    }\n    pauseOnAlert\n    createdAt\n    createdBy\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduleRunFields on ScheduleRun {\n    id\n    status\n    trigger\n    attempt\n    scheduledFor\n    startedAt\n    finishedAt\n    durationMs\n    jobId\n    error\n    createdAt\n    updatedAt\n    costUsd\n  }\n"): (typeof documents)["\n  fragment ScheduleRunFields on ScheduleRun {\n    id\n    status\n    trigger\n    attempt\n    scheduledFor\n    startedAt\n    finishedAt\n    durationMs\n    jobId\n    error\n    createdAt\n    updatedAt\n    costUsd\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleCost($id: ID!) {\n    schedule(id: $id) {\n      id\n      costUsd\n    }\n  }\n"): (typeof documents)["\n  query ScheduleCost($id: ID!) {\n    schedule(id: $id) {\n      id\n      costUsd\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SchedulesList($filter: ScheduleFilter, $first: Int, $after: String) {\n    schedules(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...ScheduleRowFields } }\n    }\n  }\n"): (typeof documents)["\n  query SchedulesList($filter: ScheduleFilter, $first: Int, $after: String) {\n    schedules(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { ...PageFields }\n      edges { node { ...ScheduleRowFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleTaskTypes {\n    taskTypes {\n      type\n      title\n      description\n      inputSchema\n    }\n  }\n"): (typeof documents)["\n  query ScheduleTaskTypes {\n    taskTypes {\n      type\n      title\n      description\n      inputSchema\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ScheduleListEvents {\n    scheduleEvents {\n      kind\n      scheduleId\n      schedule {\n        ...ScheduleRowFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ScheduleListEvents {\n    scheduleEvents {\n      kind\n      scheduleId\n      schedule {\n        ...ScheduleRowFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleDetail($id: ID!) {\n    schedule(id: $id) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n"): (typeof documents)["\n  query ScheduleDetail($id: ID!) {\n    schedule(id: $id) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ScheduleDetailEvents($id: ID!) {\n    scheduleEvents(scheduleId: $id) {\n      kind\n      scheduleId\n      schedule {\n        ...ScheduleRowFields\n        ...ScheduleSettingsFields\n      }\n      run {\n        ...ScheduleRunFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ScheduleDetailEvents($id: ID!) {\n    scheduleEvents(scheduleId: $id) {\n      kind\n      scheduleId\n      schedule {\n        ...ScheduleRowFields\n        ...ScheduleSettingsFields\n      }\n      run {\n        ...ScheduleRunFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleRuns($id: ID!, $first: Int, $after: String) {\n    schedule(id: $id) {\n      id\n      runs(first: $first, after: $after) {\n        totalCount\n        pageInfo { ...PageFields }\n        edges { node { ...ScheduleRunFields } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ScheduleRuns($id: ID!, $first: Int, $after: String) {\n    schedule(id: $id) {\n      id\n      runs(first: $first, after: $after) {\n        totalCount\n        pageInfo { ...PageFields }\n        edges { node { ...ScheduleRunFields } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewTrigger($trigger: TriggerInput!, $count: Int, $from: DateTime) {\n    previewTrigger(trigger: $trigger, count: $count, from: $from)\n  }\n"): (typeof documents)["\n  query PreviewTrigger($trigger: TriggerInput!, $count: Int, $from: DateTime) {\n    previewTrigger(trigger: $trigger, count: $count, from: $from)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSchedule($id: ID!, $input: UpdateScheduleInput!) {\n    updateSchedule(id: $id, input: $input) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSchedule($id: ID!, $input: UpdateScheduleInput!) {\n    updateSchedule(id: $id, input: $input) {\n      ...ScheduleRowFields\n      ...ScheduleSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableSchedule($id: ID!) {\n    enableSchedule(id: $id) {\n      ...ScheduleRowFields\n    }\n  }\n"): (typeof documents)["\n  mutation EnableSchedule($id: ID!) {\n    enableSchedule(id: $id) {\n      ...ScheduleRowFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableSchedule($id: ID!) {\n    disableSchedule(id: $id) {\n      ...ScheduleRowFields\n    }\n  }\n"): (typeof documents)["\n  mutation DisableSchedule($id: ID!) {\n    disableSchedule(id: $id) {\n      ...ScheduleRowFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunScheduleNow($id: ID!) {\n    runScheduleNow(id: $id) {\n      ...ScheduleRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation RunScheduleNow($id: ID!) {\n    runScheduleNow(id: $id) {\n      ...ScheduleRunFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryScheduleRun($id: ID!) {\n    retryScheduleRun(id: $id) {\n      ...ScheduleRunFields\n    }\n  }\n"): (typeof documents)["\n  mutation RetryScheduleRun($id: ID!) {\n    retryScheduleRun(id: $id) {\n      ...ScheduleRunFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;