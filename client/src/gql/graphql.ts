/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant, as an ISO-8601 string with a zone (UTC "Z" on output). */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

/** Something an operator should look at. Open until acknowledged. */
export type Alert = {
  __typename?: 'Alert';
  acknowledgedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The user id that acknowledged it. */
  acknowledgedBy?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: AlertKind;
  message: Scalars['String']['output'];
  raisedAt: Scalars['DateTime']['output'];
  /** The schedule it is about (null once deleted). */
  schedule?: Maybe<Schedule>;
  scheduleId?: Maybe<Scalars['ID']['output']>;
};

export type AlertConnection = {
  __typename?: 'AlertConnection';
  edges: Array<AlertEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AlertEdge = {
  __typename?: 'AlertEdge';
  cursor: Scalars['String']['output'];
  node: Alert;
};

export type AlertKind =
  | 'CONSECUTIVE_FAILURES'
  | 'SCHEDULER_STALLED';

/** One change made through the API (or by the system), with its details (for an update, a diff of { field: { from, to } }). */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** Like job.enqueue, schedule.update, alert.acknowledge. */
  action: Scalars['String']['output'];
  /** The user id of the token that acted. */
  actor: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  details?: Maybe<Scalars['JSON']['output']>;
  id: Scalars['ID']['output'];
  targetId: Scalars['ID']['output'];
  /** job, schedule, alert, token ... */
  targetType: Scalars['String']['output'];
};

export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  edges: Array<AuditEntryEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  cursor: Scalars['String']['output'];
  node: AuditEntry;
};

export type AuditFilter = {
  action?: InputMaybe<Array<Scalars['String']['input']>>;
  actor?: InputMaybe<Array<Scalars['String']['input']>>;
  /** At or after this instant. */
  since?: InputMaybe<Scalars['DateTime']['input']>;
  targetId?: InputMaybe<Scalars['ID']['input']>;
  targetType?: InputMaybe<Scalars['String']['input']>;
  /** Before this instant. */
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

export type CreateScheduleInput = {
  /** 1 to 1000; no alert when absent. */
  alertAfterFailures?: InputMaybe<Scalars['Int']['input']>;
  /** How old a missed slot RUN_ONCE still fires: 0 to 31536000, default 3600. */
  catchUpWindowSeconds?: InputMaybe<Scalars['Int']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** Default true. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** 1 to 100, default 1 (used by ALLOW). */
  maxConcurrentRuns?: InputMaybe<Scalars['Int']['input']>;
  /** Default SKIP. */
  misfirePolicy?: InputMaybe<MisfirePolicy>;
  /** 1 to 200 characters. */
  name: Scalars['String']['input'];
  /** Default SKIP. */
  overlapPolicy?: InputMaybe<OverlapPolicy>;
  /** Disable the schedule when the failure alert is raised. Default false. */
  pauseOnAlert?: InputMaybe<Scalars['Boolean']['input']>;
  /** Checked against the task type's input schema. */
  payload: Scalars['JSON']['input'];
  retryPolicy?: InputMaybe<RetryPolicyInput>;
  taskType: Scalars['String']['input'];
  trigger: TriggerInput;
};

export type EnqueueJobInput = {
  delayMs?: InputMaybe<Scalars['Int']['input']>;
  /** Unique per org: enqueueing the same key again returns the existing job. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  maxAttempts?: InputMaybe<Scalars['Int']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  payload: Scalars['JSON']['input'];
  /** Higher runs first (default 0). */
  priority?: InputMaybe<Scalars['Int']['input']>;
  runAt?: InputMaybe<Scalars['DateTime']['input']>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
  type: Scalars['String']['input'];
};

/** One unit of work of a task type. */
export type Job = {
  __typename?: 'Job';
  /** Attempts started so far. */
  attempt: Scalars['Int']['output'];
  cancelRequested: Scalars['Boolean']['output'];
  checkpoint?: Maybe<Scalars['JSON']['output']>;
  children: JobConnection;
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  /** From the latest start to the finish. */
  durationMs?: Maybe<Scalars['Int']['output']>;
  /** The last error. */
  error?: Maybe<JobError>;
  /** Every attempt's error, oldest first. */
  errors: Array<JobError>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  /** The worker running it, while RUNNING. */
  leaseOwner?: Maybe<Scalars['String']['output']>;
  /** The LLM calls this job made, newest first. Needs llm:read (prompts can be sensitive); without it this field is null with a FORBIDDEN error. */
  llmCalls?: Maybe<LlmCallConnection>;
  logs: JobLogConnection;
  maxAttempts: Scalars['Int']['output'];
  parent?: Maybe<Job>;
  payload: Scalars['JSON']['output'];
  priority: Scalars['Int']['output'];
  progress?: Maybe<JobProgress>;
  result?: Maybe<Scalars['JSON']['output']>;
  retryOf?: Maybe<Job>;
  /** When the job is (or was) due to run. */
  runAt: Scalars['DateTime']['output'];
  /** The schedule that made this job, if any (null once it is deleted). Needs schedules:read. */
  schedule?: Maybe<Schedule>;
  /** The schedule run this job carries out, if any. Needs schedules:read. */
  scheduleRun?: Maybe<ScheduleRun>;
  /** When the latest attempt started. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: JobStatus;
  timeoutMs?: Maybe<Scalars['Int']['output']>;
  type: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** Tokens summed over the job's LLM calls. */
  usage: TokenUsage;
};


/** One unit of work of a task type. */
export type JobChildrenArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** One unit of work of a task type. */
export type JobLlmCallsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** One unit of work of a task type. */
export type JobLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  level?: InputMaybe<Array<LogLevel>>;
};

export type JobConnection = {
  __typename?: 'JobConnection';
  edges: Array<JobEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type JobEdge = {
  __typename?: 'JobEdge';
  cursor: Scalars['String']['output'];
  node: Job;
};

/** One attempt's error. */
export type JobError = {
  __typename?: 'JobError';
  at: Scalars['DateTime']['output'];
  attempt: Scalars['Int']['output'];
  code?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  retryable: Scalars['Boolean']['output'];
};

export type JobEvent = {
  __typename?: 'JobEvent';
  at: Scalars['DateTime']['output'];
  /** The job after the change (absent for LOG and DELETED). */
  job?: Maybe<Job>;
  jobId: Scalars['ID']['output'];
  kind: JobEventKind;
  log?: Maybe<JobLog>;
};

export type JobEventKind =
  | 'CREATED'
  | 'DELETED'
  | 'LOG'
  | 'PROGRESS'
  | 'STATUS';

export type JobFilter = {
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  retryOfId?: InputMaybe<Scalars['ID']['input']>;
  scheduleId?: InputMaybe<Scalars['ID']['input']>;
  /** An id, a type, or text in the payload or errors. */
  search?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<Array<JobStatus>>;
  type?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type JobLog = {
  __typename?: 'JobLog';
  at: Scalars['DateTime']['output'];
  data?: Maybe<Scalars['JSON']['output']>;
  level: LogLevel;
  message: Scalars['String']['output'];
  seq: Scalars['Int']['output'];
};

export type JobLogConnection = {
  __typename?: 'JobLogConnection';
  edges: Array<JobLogEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type JobLogEdge = {
  __typename?: 'JobLogEdge';
  cursor: Scalars['String']['output'];
  node: JobLog;
};

export type JobOrder =
  | 'CREATED_ASC'
  | 'CREATED_DESC'
  | 'FINISHED_DESC'
  | 'PRIORITY_DESC';

export type JobProgress = {
  __typename?: 'JobProgress';
  data?: Maybe<Scalars['JSON']['output']>;
  message?: Maybe<Scalars['String']['output']>;
  percent: Scalars['Float']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type JobStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** One chat request to one model, recorded from the moment it is queued in the limiter until it finishes. Timeline: queuedAt -> startedAt (left the limiter) -> firstTokenAt -> finishedAt; after a retry the timeline is the last attempt's. */
export type LlmCall = {
  __typename?: 'LlmCall';
  /** finishedAt - startedAt. */
  durationMs?: Maybe<Scalars['Int']['output']>;
  error?: Maybe<LlmError>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  firstTokenAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The whole input conversation. */
  messages: Array<LlmMessage>;
  model: Scalars['String']['output'];
  /** The answer (empty until the call succeeds). */
  output: Array<LlmMessage>;
  /** Parameters sent with the call (temperature, max_tokens, ...). */
  params?: Maybe<Scalars['JSON']['output']>;
  /** The job that made the call, if any (null once it is deleted). Needs jobs:read. */
  parentJob?: Maybe<Job>;
  /** The job that made the call (readable without jobs:read, and after the job is deleted). */
  parentJobId?: Maybe<Scalars['ID']['output']>;
  provider: Scalars['String']['output'];
  queuedAt: Scalars['DateTime']['output'];
  requestedBy?: Maybe<Scalars['String']['output']>;
  /** Attempts after the first (429, 5xx, network errors). */
  retries: Scalars['Int']['output'];
  /** What made the call: a task type, "console", or a caller-given label. */
  source: Scalars['String']['output'];
  /** When it left the limiter. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: LlmCallStatus;
  /** firstTokenAt - startedAt: time to first token. */
  ttftMs?: Maybe<Scalars['Int']['output']>;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  usage: TokenUsage;
  /** startedAt - queuedAt: time spent in the limiter. */
  waitMs?: Maybe<Scalars['Int']['output']>;
};

export type LlmCallConnection = {
  __typename?: 'LlmCallConnection';
  edges: Array<LlmCallEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type LlmCallEdge = {
  __typename?: 'LlmCallEdge';
  cursor: Scalars['String']['output'];
  node: LlmCall;
};

export type LlmCallEvent = {
  __typename?: 'LlmCallEvent';
  /** The call after the change. */
  call: LlmCall;
  kind: LlmCallEventKind;
};

export type LlmCallEventKind =
  | 'CREATED'
  | 'UPDATED';

export type LlmCallFilter = {
  model?: InputMaybe<Array<Scalars['String']['input']>>;
  parentJobId?: InputMaybe<Scalars['ID']['input']>;
  provider?: InputMaybe<Array<Scalars['String']['input']>>;
  requestedBy?: InputMaybe<Array<Scalars['String']['input']>>;
  /** queuedAt at or after this instant. */
  since?: InputMaybe<Scalars['DateTime']['input']>;
  source?: InputMaybe<Array<Scalars['String']['input']>>;
  status?: InputMaybe<Array<LlmCallStatus>>;
  /** queuedAt before this instant. */
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

export type LlmCallStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type LlmError = {
  __typename?: 'LlmError';
  code?: Maybe<Scalars['String']['output']>;
  /** The provider's HTTP status, when it answered with an error. */
  httpStatus?: Maybe<Scalars['Int']['output']>;
  message: Scalars['String']['output'];
};

/** One provider:model limiter. Limits are per model and shared by every org. */
export type LlmLimiterStatus = {
  __typename?: 'LlmLimiterStatus';
  callsLastMinute: Scalars['Int']['output'];
  /** Calls finished since this process started. */
  done: Scalars['Int']['output'];
  /** provider:model */
  key: Scalars['String']['output'];
  maxConcurrent?: Maybe<Scalars['Int']['output']>;
  minTimeMs?: Maybe<Scalars['Int']['output']>;
  /** Calls waiting for their turn in this process. */
  queued: Scalars['Int']['output'];
  /** 429s seen since this process started. */
  rateLimited: Scalars['Int']['output'];
  requestsPerMinute?: Maybe<Scalars['Int']['output']>;
  running: Scalars['Int']['output'];
  tokensPerMinute?: Maybe<Scalars['Int']['output']>;
};

export type LlmMessage = {
  __typename?: 'LlmMessage';
  content: Scalars['String']['output'];
  name?: Maybe<Scalars['String']['output']>;
  role: Scalars['String']['output'];
};

/** This process's LLM limiters, one per provider:model used since it started. */
export type LlmSchedulerStatus = {
  __typename?: 'LlmSchedulerStatus';
  limiters: Array<LlmLimiterStatus>;
  queued: Scalars['Int']['output'];
  running: Scalars['Int']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/** Calls queued in [since, until), summed per model and per source. */
export type LlmUsage = {
  __typename?: 'LlmUsage';
  byModel: Array<LlmUsageRow>;
  bySource: Array<LlmUsageRow>;
  since: Scalars['DateTime']['output'];
  until: Scalars['DateTime']['output'];
};

export type LlmUsageRow = {
  __typename?: 'LlmUsageRow';
  calls: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  /** provider:model in byModel; the source in bySource. */
  key: Scalars['String']['output'];
  /** Over the finished calls. */
  p95DurationMs?: Maybe<Scalars['Int']['output']>;
  p95TtftMs?: Maybe<Scalars['Int']['output']>;
  usage: TokenUsage;
};

export type LogLevel =
  | 'DEBUG'
  | 'ERROR'
  | 'INFO'
  | 'WARN';

/** One bucket's value; `at` is the bucket's start. */
export type MetricPoint = {
  __typename?: 'MetricPoint';
  at: Scalars['DateTime']['output'];
  value: Scalars['Float']['output'];
};

/** Job metrics over [since, until) in buckets of bucketSeconds. */
export type Metrics = {
  __typename?: 'Metrics';
  bySchedule: Array<ScheduleMetrics>;
  byType: Array<TypeMetrics>;
  /** Jobs that FAILED in each bucket. */
  jobsFailed: Array<MetricPoint>;
  /** Jobs that SUCCEEDED in each bucket. */
  jobsFinished: Array<MetricPoint>;
  /** Jobs waiting (created, not started, not finished) at each bucket's end; reconstructed from the jobs' timestamps, so approximate for retried jobs and blind to purged ones. */
  queueDepth: Array<MetricPoint>;
  since: Scalars['DateTime']['output'];
  until: Scalars['DateTime']['output'];
};

/** After downtime: SKIP the missed slots, or RUN_ONCE (the latest missed slot, if within catchUpWindowSeconds). */
export type MisfirePolicy =
  | 'RUN_ONCE'
  | 'SKIP';

export type Mutation = {
  __typename?: 'Mutation';
  /** Closes the alert. An alert acknowledged already comes back unchanged. */
  acknowledgeAlert: Alert;
  /** A QUEUED job is cancelled at once; a RUNNING one is asked to stop (cancelRequested). */
  cancelJob: Job;
  /** Validates every field (task payload, trigger, policies) and saves nothing on any error: BAD_USER_INPUT lists each issue with its path. */
  createSchedule: Schedule;
  /** A schedule with a SUCCEEDED job's type and payload (CONFLICT for other statuses). Needs jobs:read too, since it copies the job's payload. */
  createScheduleFromJob: Schedule;
  /** Deletes a finished job and its logs. */
  deleteJob: Scalars['ID']['output'];
  /** Deletes the finished jobs that match (at most 10,000 per call); returns how many. */
  deleteJobs: Scalars['Int']['output'];
  /** Deletes the schedule and its runs (their jobs stay); returns its id. */
  deleteSchedule: Scalars['ID']['output'];
  /** Stops firing slots; active runs go on, and run-now still works. */
  disableSchedule: Schedule;
  /** Fires again from the next slot after now (slots missed while disabled are not fired). */
  enableSchedule: Schedule;
  enqueueJob: Job;
  /** A new job with the same type and payload; `retryOf` links back. `fromCheckpoint` resumes where it stopped. */
  retryJob: Job;
  /** Retries the FAILED and CANCELLED jobs that match (at most 10,000 per call); returns how many. */
  retryJobs: Scalars['Int']['output'];
  /** A RETRY run (attempt + 1) of a FAILED, TIMED_OUT or CANCELLED run, started now; CONFLICT for other statuses. One retry per run: if that retry exists already (a retry from the policy, or a second click), it is returned. */
  retryScheduleRun: ScheduleRun;
  /** A MANUAL run now, outside the trigger (also when disabled; the overlap policy does not apply). */
  runScheduleNow: ScheduleRun;
  /** Changes the given fields; the next run is computed again from now. The audit entry carries a diff. */
  updateSchedule: Schedule;
};


export type MutationAcknowledgeAlertArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateScheduleArgs = {
  input: CreateScheduleInput;
};


export type MutationCreateScheduleFromJobArgs = {
  jobId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  trigger: TriggerInput;
};


export type MutationDeleteJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteJobsArgs = {
  filter: JobFilter;
};


export type MutationDeleteScheduleArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDisableScheduleArgs = {
  id: Scalars['ID']['input'];
};


export type MutationEnableScheduleArgs = {
  id: Scalars['ID']['input'];
};


export type MutationEnqueueJobArgs = {
  input: EnqueueJobInput;
};


export type MutationRetryJobArgs = {
  fromCheckpoint?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
};


export type MutationRetryJobsArgs = {
  filter: JobFilter;
};


export type MutationRetryScheduleRunArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRunScheduleNowArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateScheduleArgs = {
  id: Scalars['ID']['input'];
  input: UpdateScheduleInput;
};

/** What a slot does while another run of the schedule is active: SKIP it (the default), ALLOW it up to maxConcurrentRuns, or BUFFER_ONE (keep one waiting run that starts when the active one ends; further slots are skipped). */
export type OverlapPolicy =
  | 'ALLOW'
  | 'BUFFER_ONE'
  | 'SKIP';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Alerts of your org, newest first. `open: true` lists the unacknowledged ones, `open: false` the acknowledged ones. */
  alerts: AlertConnection;
  /** Audit entries of your org, newest first. */
  auditLog: AuditEntryConnection;
  job?: Maybe<Job>;
  jobs: JobConnection;
  llmCall?: Maybe<LlmCall>;
  /** Recorded calls, newest first (by queuedAt). */
  llmCalls: LlmCallConnection;
  /** This process's LLM limiters (per provider:model, shared by every org). */
  llmSchedulerStatus: LlmSchedulerStatus;
  /** Calls queued in [since, until), summed per model and per source. Defaults: the last 24 hours until now. */
  llmUsage: LlmUsage;
  /** Job metrics of the org. Defaults: the last 24 hours until now, buckets of 3600 s; at most 10,000 buckets. */
  metrics: Metrics;
  /** The next `count` fire times (1 to 100, default 5) strictly after `from` (default now); an INTERVAL counts from `from`. Invalid triggers are BAD_USER_INPUT with paths like trigger.cron. */
  previewTrigger: Array<Scalars['DateTime']['output']>;
  queueStats: QueueStats;
  schedule?: Maybe<Schedule>;
  scheduleRun?: Maybe<ScheduleRun>;
  /** Schedules of your org, by name. */
  schedules: ScheduleConnection;
  taskTypes: Array<TaskType>;
  viewer: Viewer;
};


export type QueryAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  open?: InputMaybe<Scalars['Boolean']['input']>;
  scheduleId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<JobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<JobOrder>;
};


export type QueryLlmCallArgs = {
  id: Scalars['ID']['input'];
};


export type QueryLlmCallsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<LlmCallFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryLlmUsageArgs = {
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryMetricsArgs = {
  bucketSeconds?: InputMaybe<Scalars['Int']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryPreviewTriggerArgs = {
  count?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  trigger: TriggerInput;
};


export type QueryScheduleArgs = {
  id: Scalars['ID']['input'];
};


export type QueryScheduleRunArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySchedulesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ScheduleFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type QueueStats = {
  __typename?: 'QueueStats';
  byStatus: Array<StatusCount>;
  byType: Array<TypeCounts>;
  oldestQueuedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Workers with a recent heartbeat. They serve every org, so only admin tokens see them (others get an empty list). */
  workers: Array<WorkerInfo>;
};

export type RetryPolicy = {
  __typename?: 'RetryPolicy';
  /** Wait before retry n; the last step repeats. */
  backoffSeconds: Array<Scalars['Int']['output']>;
  /** Retry runs after a failed run (0: none). */
  maxRetries: Scalars['Int']['output'];
};

/** On create, a missing field takes its default (3 retries after 30, 60, 300, 900, 3600 s); on update, it keeps its value. */
export type RetryPolicyInput = {
  /** At most 20 steps, each 0 to 604800 s. */
  backoffSeconds?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** 0 to 20. */
  maxRetries?: InputMaybe<Scalars['Int']['input']>;
};

export type RunStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SKIPPED'
  | 'SUCCEEDED'
  | 'TIMED_OUT';

export type RunTrigger =
  | 'MANUAL'
  | 'RETRY'
  | 'SCHEDULED';

/** A task type and payload fired by a trigger. Readable with schedules:read, in the caller's org. */
export type Schedule = {
  __typename?: 'Schedule';
  /** Raise an alert after this many failed runs in a row. */
  alertAfterFailures?: Maybe<Scalars['Int']['output']>;
  /** RUN_ONCE fires a missed slot only if it is at most this old. */
  catchUpWindowSeconds: Scalars['Int']['output'];
  consecutiveFailures: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  enabled: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** The last slot fired by the trigger. */
  lastRunAt?: Maybe<Scalars['DateTime']['output']>;
  /** How the last finished run ended. */
  lastRunStatus?: Maybe<RunStatus>;
  /** Active runs allowed at once with overlapPolicy ALLOW. */
  maxConcurrentRuns: Scalars['Int']['output'];
  misfirePolicy: MisfirePolicy;
  name: Scalars['String']['output'];
  /** The next slot; null when disabled or when the trigger has no more slots. */
  nextRunAt?: Maybe<Scalars['DateTime']['output']>;
  overlapPolicy: OverlapPolicy;
  /** Disable the schedule when the failure alert is raised. */
  pauseOnAlert: Scalars['Boolean']['output'];
  /** The job payload, as validated by the task's input schema. */
  payload: Scalars['JSON']['output'];
  retryPolicy: RetryPolicy;
  /** Runs of this schedule, newest first (by scheduledFor). */
  runs: ScheduleRunConnection;
  taskType: Scalars['String']['output'];
  trigger: Trigger;
  updatedAt: Scalars['DateTime']['output'];
};


/** A task type and payload fired by a trigger. Readable with schedules:read, in the caller's org. */
export type ScheduleRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<Array<RunStatus>>;
};

export type ScheduleConnection = {
  __typename?: 'ScheduleConnection';
  edges: Array<ScheduleEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ScheduleEdge = {
  __typename?: 'ScheduleEdge';
  cursor: Scalars['String']['output'];
  node: Schedule;
};

export type ScheduleEvent = {
  __typename?: 'ScheduleEvent';
  at: Scalars['DateTime']['output'];
  kind: ScheduleEventKind;
  /** The run after the change (RUN only). */
  run?: Maybe<ScheduleRun>;
  /** The schedule after the change (CREATED, UPDATED); for RUN, as it is now; null for DELETED. */
  schedule?: Maybe<Schedule>;
  scheduleId: Scalars['ID']['output'];
};

export type ScheduleEventKind =
  | 'CREATED'
  | 'DELETED'
  | 'RUN'
  | 'UPDATED';

export type ScheduleFilter = {
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  lastRunStatus?: InputMaybe<Array<RunStatus>>;
  /** Text in the name or description (any case). */
  search?: InputMaybe<Scalars['String']['input']>;
  taskType?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Jobs of one schedule created in the window. */
export type ScheduleMetrics = {
  __typename?: 'ScheduleMetrics';
  /** Share of the triggers that FAILED (so far). */
  failureRate: Scalars['Float']['output'];
  p95DurationMs?: Maybe<Scalars['Int']['output']>;
  scheduleId: Scalars['ID']['output'];
  /** Share of the triggers that SUCCEEDED (so far). */
  successRate: Scalars['Float']['output'];
  /** Jobs of the schedule created in the window. */
  triggers: Scalars['Int']['output'];
};

/** One firing of a schedule: a slot of its trigger (SCHEDULED), a run-now (MANUAL) or a retry of a failed run (RETRY). */
export type ScheduleRun = {
  __typename?: 'ScheduleRun';
  /** 1 for the first run of a slot; a retry of attempt n is n + 1. */
  attempt: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  durationMs?: Maybe<Scalars['Int']['output']>;
  error?: Maybe<Scalars['String']['output']>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The run's job (null before it starts, for a SKIPPED run, or once the job is deleted). Needs jobs:read. */
  job?: Maybe<Job>;
  /** The run's job (readable without jobs:read, and after the job is deleted). */
  jobId?: Maybe<Scalars['ID']['output']>;
  /** The run this one retries. */
  retryOf?: Maybe<ScheduleRun>;
  /** Unique: one run per schedule slot (and per run-now or retry). */
  runKey: Scalars['String']['output'];
  schedule: Schedule;
  scheduleId: Scalars['ID']['output'];
  scheduledFor: Scalars['DateTime']['output'];
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: RunStatus;
  trigger: RunTrigger;
  updatedAt: Scalars['DateTime']['output'];
};

export type ScheduleRunConnection = {
  __typename?: 'ScheduleRunConnection';
  edges: Array<ScheduleRunEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ScheduleRunEdge = {
  __typename?: 'ScheduleRunEdge';
  cursor: Scalars['String']['output'];
  node: ScheduleRun;
};

export type StatusCount = {
  __typename?: 'StatusCount';
  count: Scalars['Int']['output'];
  status: JobStatus;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** List-level changes (created, status, progress, deleted) of the jobs that match the filter. */
  jobEvents: JobEvent;
  /** One job's status changes, progress and log lines, live. */
  jobUpdated: JobEvent;
  /** Calls of your org that match the filter: CREATED when queued, UPDATED on each change (start, first token, retry, end). */
  llmCallEvents: LlmCallEvent;
  /** The current status at once, then on each change (at most a few times a second). */
  llmSchedulerStatus: LlmSchedulerStatus;
  /** Changes of your org's schedules (of one schedule when scheduleId is given): CREATED, UPDATED, DELETED, and RUN for each new or changed run. */
  scheduleEvents: ScheduleEvent;
};


export type SubscriptionJobEventsArgs = {
  filter?: InputMaybe<JobFilter>;
};


export type SubscriptionJobUpdatedArgs = {
  id: Scalars['ID']['input'];
};


export type SubscriptionLlmCallEventsArgs = {
  filter?: InputMaybe<LlmCallFilter>;
};


export type SubscriptionScheduleEventsArgs = {
  scheduleId?: InputMaybe<Scalars['ID']['input']>;
};

/** A kind of job, defined by a plugin. */
export type TaskType = {
  __typename?: 'TaskType';
  concurrency?: Maybe<Scalars['Int']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  /** JSON Schema of the payload. */
  inputSchema: Scalars['JSON']['output'];
  maxAttempts: Scalars['Int']['output'];
  plugin: Scalars['String']['output'];
  timeoutMs?: Maybe<Scalars['Int']['output']>;
  title?: Maybe<Scalars['String']['output']>;
  type: Scalars['String']['output'];
  version?: Maybe<Scalars['String']['output']>;
};

export type TokenUsage = {
  __typename?: 'TokenUsage';
  /** Prompt tokens served from the provider's cache (part of inputTokens). */
  cachedTokens: Scalars['Int']['output'];
  inputTokens: Scalars['Int']['output'];
  outputTokens: Scalars['Int']['output'];
  totalTokens: Scalars['Int']['output'];
};

/** When a schedule fires: a cron expression (croner syntax, seconds optional), a fixed interval, or once. */
export type Trigger = {
  __typename?: 'Trigger';
  at?: Maybe<Scalars['DateTime']['output']>;
  cron?: Maybe<Scalars['String']['output']>;
  intervalSeconds?: Maybe<Scalars['Int']['output']>;
  kind: TriggerKind;
  /** The IANA zone the cron is read in (display only for INTERVAL and ONCE). */
  timezone: Scalars['String']['output'];
};

/** CRON needs `cron`, INTERVAL `intervalSeconds` (1 s to a year), ONCE `at` (in the future); a field of another kind is an error. */
export type TriggerInput = {
  at?: InputMaybe<Scalars['DateTime']['input']>;
  /** croner syntax: 5 fields, or 6 with seconds first; nicknames like @daily. */
  cron?: InputMaybe<Scalars['String']['input']>;
  intervalSeconds?: InputMaybe<Scalars['Int']['input']>;
  kind: TriggerKind;
  /** An IANA zone; default UTC. */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

export type TriggerKind =
  | 'CRON'
  | 'INTERVAL'
  | 'ONCE';

export type TypeCounts = {
  __typename?: 'TypeCounts';
  counts: Array<StatusCount>;
  type: Scalars['String']['output'];
};

/** Jobs of one type that finished SUCCEEDED or FAILED in the window. */
export type TypeMetrics = {
  __typename?: 'TypeMetrics';
  failed: Scalars['Int']['output'];
  /** failed / (succeeded + failed). */
  failureRate: Scalars['Float']['output'];
  /** finishedAt - startedAt, nearest rank. */
  p95DurationMs?: Maybe<Scalars['Int']['output']>;
  succeeded: Scalars['Int']['output'];
  type: Scalars['String']['output'];
};

/** Only the fields given change. `description: null` and `alertAfterFailures: null` clear those fields; null in any other field keeps its value. The task type cannot change; enabled changes through enableSchedule / disableSchedule. */
export type UpdateScheduleInput = {
  alertAfterFailures?: InputMaybe<Scalars['Int']['input']>;
  catchUpWindowSeconds?: InputMaybe<Scalars['Int']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  maxConcurrentRuns?: InputMaybe<Scalars['Int']['input']>;
  misfirePolicy?: InputMaybe<MisfirePolicy>;
  name?: InputMaybe<Scalars['String']['input']>;
  overlapPolicy?: InputMaybe<OverlapPolicy>;
  pauseOnAlert?: InputMaybe<Scalars['Boolean']['input']>;
  payload?: InputMaybe<Scalars['JSON']['input']>;
  /** A field left out keeps its value. */
  retryPolicy?: InputMaybe<RetryPolicyInput>;
  /** Replaces the whole trigger. */
  trigger?: InputMaybe<TriggerInput>;
};

export type Viewer = {
  __typename?: 'Viewer';
  orgId: Scalars['String']['output'];
  permissions: Array<Scalars['String']['output']>;
  userId: Scalars['String']['output'];
};

export type WorkerInfo = {
  __typename?: 'WorkerInfo';
  concurrency: Scalars['Int']['output'];
  host: Scalars['String']['output'];
  id: Scalars['String']['output'];
  lastHeartbeatAt: Scalars['DateTime']['output'];
  pid: Scalars['Int']['output'];
  running: Scalars['Int']['output'];
  startedAt: Scalars['DateTime']['output'];
};

export type OpenAlertCountQueryVariables = Exact<{ [key: string]: never; }>;


export type OpenAlertCountQuery = { __typename?: 'Query', alerts: { __typename?: 'AlertConnection', totalCount: number } };

export type AlertSignalsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AlertSignalsSubscription = { __typename?: 'Subscription', scheduleEvents: { __typename?: 'ScheduleEvent', kind: ScheduleEventKind } };


export const OpenAlertCountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OpenAlertCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"open"},"value":{"kind":"BooleanValue","value":true}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<OpenAlertCountQuery, OpenAlertCountQueryVariables>;
export const AlertSignalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AlertSignals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<AlertSignalsSubscription, AlertSignalsSubscriptionVariables>;