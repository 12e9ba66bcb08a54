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

/** Something an operator should look at. Open until acknowledged. Readable with schedules:read; acknowledgeAlert shows a caller without it only id and acknowledgedAt. */
export type Alert = {
  __typename?: 'Alert';
  acknowledgedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The user id that acknowledged it; system:watchdog for a stall alert closed when heartbeats came again. */
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

export type AlertEvent = {
  __typename?: 'AlertEvent';
  /** The alert after the change. */
  alert: Alert;
  at: Scalars['DateTime']['output'];
  /** The event: the same for every subscriber, opaque, ordered within the server process that sent it (ids are shared by every live field of an org: one from jobEvents resumes alertEvents too). Pass the last one seen as `after` when resubscribing to receive what was missed. */
  id: Scalars['ID']['output'];
  kind: AlertEventKind;
};

export type AlertEventKind =
  /** Acknowledged by a user, or resolved by the system (acknowledgedBy says which). */
  | 'CLOSED'
  /** A new open alert. */
  | 'RAISED';

export type AlertKind =
  /** A budget's spending reached one of its thresholds (raised once per threshold and period). */
  | 'BUDGET_THRESHOLD'
  /** A schedule failed alertAfterFailures runs in a row. */
  | 'CONSECUTIVE_FAILURES'
  /** No scheduler has written a heartbeat for JOBCENTER_SCHEDULER_STALL_MS while the org has enabled schedules: they are not firing. Closed by itself (acknowledgedBy system:watchdog) when heartbeats come again. */
  | 'SCHEDULER_STALLED';

/** One change made through the API (or by the system), with its details (for an update, a diff of { field: { from, to } }). Needs audit:read. */
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

/** A limit on what the calls a scope covers may cost in a period. Before a call leaves, its worst-case cost is held (reservedUsd) on every budget that covers it; when it ends the hold becomes what it cost (spentUsd). */
export type Budget = {
  __typename?: 'Budget';
  action: BudgetAction;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  limitUsd: Scalars['Float']['output'];
  period: BudgetPeriod;
  periodStart: Scalars['DateTime']['output'];
  /** Held by calls in flight (their worst case). */
  reservedUsd: Scalars['Float']['output'];
  scope: BudgetScope;
  /** What settled calls cost in this period. */
  spentUsd: Scalars['Float']['output'];
  /** The task type, schedule id, token id or job id; null for ORG. */
  target?: Maybe<Scalars['String']['output']>;
  /** Fractions of the limit that raise a BUDGET_THRESHOLD alert, once per period. */
  thresholds: Array<Scalars['Float']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};

export type BudgetAction =
  /** A call that would exceed it fails at once with BUDGET_EXCEEDED (not retried). */
  | 'FAIL'
  /** A call that would exceed it waits, QUEUED, until the period rolls over or holds are released. */
  | 'WAIT';

export type BudgetInput = {
  /** Default FAIL. */
  action?: InputMaybe<BudgetAction>;
  limitUsd: Scalars['Float']['input'];
  period: BudgetPeriod;
  scope: BudgetScope;
  target?: InputMaybe<Scalars['String']['input']>;
  /** Default [0.5, 0.8, 1.0]. */
  thresholds?: InputMaybe<Array<Scalars['Float']['input']>>;
};

export type BudgetPeriod =
  /** From midnight UTC. */
  | 'DAY'
  /** A job's whole run (JOB budgets only). */
  | 'LIFETIME'
  /** From the 1st, midnight UTC. */
  | 'MONTH';

export type BudgetScope =
  /** One job's whole run (EnqueueJobInput.maxCostUsd); listed only when asked for. */
  | 'JOB'
  /** Every call of the org. */
  | 'ORG'
  /** Calls made by the jobs of the schedule named by target. */
  | 'SCHEDULE'
  /** Calls made by jobs of the task type named by target. */
  | 'TASK_TYPE'
  /** Calls made by jobs enqueued with the API token named by target. */
  | 'TOKEN';

/** What the calls of one key (provider:model, or task type) cost over the metrics window, per bucket, in USD. */
export type CostSeries = {
  __typename?: 'CostSeries';
  key: Scalars['String']['output'];
  /** USD per bucket, by when the calls were queued. */
  points: Array<MetricPoint>;
  totalUsd: Scalars['Float']['output'];
  /** Calls of models without a price: not in the sums. */
  unpricedCalls: Scalars['Int']['output'];
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
  /** The most this job's LLM calls may cost over its whole run, in USD (a JOB budget): a call that would exceed it fails with BUDGET_EXCEEDED. */
  maxCostUsd?: InputMaybe<Scalars['Float']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  payload: Scalars['JSON']['input'];
  /** Higher runs first (default 0). */
  priority?: InputMaybe<Scalars['Int']['input']>;
  runAt?: InputMaybe<Scalars['DateTime']['input']>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
  type: Scalars['String']['input'];
};

/** One unit of work of a task type. Its fields need jobs:read, except id, status and cancelRequested, which a mutation shows a jobs:write-only caller (what it changed); any other field is FORBIDDEN to such a caller. */
export type Job = {
  __typename?: 'Job';
  /** Attempts started so far. A WAITING job shows the attempt it ran as; a resume goes on as that same attempt (no attempt is spent on waiting). */
  attempt: Scalars['Int']['output'];
  cancelRequested: Scalars['Boolean']['output'];
  checkpoint?: Maybe<Scalars['JSON']['output']>;
  children: JobConnection;
  /** What the job's LLM calls cost. */
  cost: JobCost;
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
  /** The worker running it, while RUNNING: its id for the system admin, otherwise the opaque name queueStats.workers shows. */
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
  /** The job's steps (ctx.step), in the order they first started. */
  steps: Array<JobStep>;
  timeoutMs?: Maybe<Scalars['Int']['output']>;
  type: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** Tokens summed over the job's LLM calls. */
  usage: TokenUsage;
  /** The job's waits, oldest first. */
  waits: Array<JobWait>;
};


/** One unit of work of a task type. Its fields need jobs:read, except id, status and cancelRequested, which a mutation shows a jobs:write-only caller (what it changed); any other field is FORBIDDEN to such a caller. */
export type JobChildrenArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** One unit of work of a task type. Its fields need jobs:read, except id, status and cancelRequested, which a mutation shows a jobs:write-only caller (what it changed); any other field is FORBIDDEN to such a caller. */
export type JobLlmCallsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** One unit of work of a task type. Its fields need jobs:read, except id, status and cancelRequested, which a mutation shows a jobs:write-only caller (what it changed); any other field is FORBIDDEN to such a caller. */
export type JobLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  level?: InputMaybe<Array<LogLevel>>;
};

export type JobConnection = {
  __typename?: 'JobConnection';
  edges: Array<JobEdge>;
  pageInfo: PageInfo;
  /** How many jobs match: exact when totalCountIsExact; otherwise at least this many (a lower bound, the count stopped at its cap). */
  totalCount: Scalars['Int']['output'];
  /** True when totalCount is the exact number of matching jobs: always for a filter on status and type only (kept as counters), and for other filters (search, time range, parent, schedule, ids) when at most 10,000 match. False: more than totalCount match. */
  totalCountIsExact: Scalars['Boolean']['output'];
};

/** What a job's LLM calls cost, in USD; its direct children's apart. */
export type JobCost = {
  __typename?: 'JobCost';
  childrenUnpricedCalls: Scalars['Int']['output'];
  /** Its direct children's calls. */
  childrenUsd: Scalars['Float']['output'];
  totalUsd: Scalars['Float']['output'];
  /** Its own calls of models without a price (not in usd). */
  unpricedCalls: Scalars['Int']['output'];
  /** The job's own calls. */
  usd: Scalars['Float']['output'];
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
  /** When the change was announced: the same for every subscriber. */
  at: Scalars['DateTime']['output'];
  /** The event: the same for every subscriber, opaque, ordered within the server process that sent it. Pass the last one seen as `after` when resubscribing to receive what was missed. */
  id: Scalars['ID']['output'];
  /** The job after the change (absent for LOG, DELETED and RESYNC). */
  job?: Maybe<Job>;
  /** The job the event is about (empty for RESYNC). */
  jobId: Scalars['ID']['output'];
  kind: JobEventKind;
  log?: Maybe<JobLog>;
  /** Whether the job matches the subscription's filter after the change. False on the event that makes it leave the filter (for example it finished and the filter asks for RUNNING jobs): its last event there. */
  matches: Scalars['Boolean']['output'];
};

export type JobEventKind =
  | 'CREATED'
  | 'DELETED'
  | 'LOG'
  | 'PROGRESS'
  /** jobEvents was asked to resume after an event this server no longer holds (too old, or sent by another process): what happened in between is unknown, so refetch the list; live events follow. */
  | 'RESYNC'
  /** The job as it is when a jobUpdated subscription starts (its first event, unless it resumed). */
  | 'SNAPSHOT'
  | 'STATUS';

/** Every field given must hold (they combine by AND); an absent field does not filter. */
export type JobFilter = {
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only these jobs (at most 1,000 ids). An empty list matches no job; ids of other orgs or of no job match nothing. */
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  retryOfId?: InputMaybe<Scalars['ID']['input']>;
  scheduleId?: InputMaybe<Scalars['ID']['input']>;
  /** An id, a type, or text in the payload or errors (at most 200 characters, no control characters). */
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
  /** Oldest created first (then by id). */
  | 'CREATED_ASC'
  /** Newest created first (then by id). */
  | 'CREATED_DESC'
  /** Latest finished first (then by id); the jobs that have not finished come last, newest created first. */
  | 'FINISHED_DESC'
  /** Highest priority first, then newest created. */
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
  | 'SUCCEEDED'
  | 'WAITING';

/** A named step of a job's handler (ctx.step): run once, its result stored and returned on every replay. */
export type JobStep = {
  __typename?: 'JobStep';
  /** The attempt that ran it last. */
  attempt: Scalars['Int']['output'];
  durationMs?: Maybe<Scalars['Int']['output']>;
  error?: Maybe<JobError>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The LLM calls made inside this step, oldest first (at most 100). Needs llm:read. */
  llmCalls?: Maybe<Array<LlmCall>>;
  name: Scalars['String']['output'];
  /** The stored result, once SUCCEEDED. */
  result?: Maybe<Scalars['JSON']['output']>;
  startedAt: Scalars['DateTime']['output'];
  status: StepStatus;
};

/** A point where a job waits: for a signal, an approval, an event or a time. While one is open the job is WAITING (no slot, no process). Resolved once: by its signal, approval or event, or by its timeout (resolution null, timedOut true). */
export type JobWait = {
  __typename?: 'JobWait';
  /** A one-time URL that resolves the wait: POST a JSON body (an approval: { "approved": true, "comment": "..." }). No token needed: the URL is the credential. Answers 410 once used, timed out or its job finished. Null once resolved, for SLEEP, and without jobs:write. */
  callbackUrl?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** APPROVAL: data shown with the prompt. */
  data?: Maybe<Scalars['JSON']['output']>;
  /** EVENT: the key the event must carry. */
  eventKey?: Maybe<Scalars['String']['output']>;
  /** EVENT: the event it waits for. */
  eventName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: WaitKind;
  name: Scalars['String']['output'];
  /** APPROVAL: what the approver is asked. */
  prompt?: Maybe<Scalars['String']['output']>;
  /** The signal's data, the approval { approved comment by }, the event's data; null on timeout. */
  resolution?: Maybe<Scalars['JSON']['output']>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  timedOut: Scalars['Boolean']['output'];
  /** When it times out (SLEEP: when it ends). */
  timeoutAt?: Maybe<Scalars['DateTime']['output']>;
};

/** One chat request to one model, recorded from the moment it is queued in the limiter until it finishes. Timeline: queuedAt -> startedAt (left the limiter) -> firstTokenAt -> finishedAt; after a retry the timeline is the last attempt's. Every field needs llm:read. */
export type LlmCall = {
  __typename?: 'LlmCall';
  /** What the call cost at its price; null while running, and for an unpriced model (unknown, not free). */
  costUsd?: Maybe<Scalars['Float']['output']>;
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
  /** The price the call was charged at, as it was when queued; null when the model had none. */
  price?: Maybe<ModelPrice>;
  provider: Scalars['String']['output'];
  queuedAt: Scalars['DateTime']['output'];
  requestedBy?: Maybe<Scalars['String']['output']>;
  /** Attempts after the first (429, 5xx, network errors). */
  retries: Scalars['Int']['output'];
  /** The schedule whose job made the call. */
  scheduleId?: Maybe<Scalars['ID']['output']>;
  /** What made the call: a task type, "console", or a caller-given label. */
  source: Scalars['String']['output'];
  /** When it left the limiter. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: LlmCallStatus;
  /** The step of the parent job the call was made in (ctx.step), if any. */
  step?: Maybe<Scalars['String']['output']>;
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
  /** The event: the same for every subscriber, opaque, ordered within the server process that sent it (ids are shared by every live field of an org: one from jobEvents resumes alertEvents too). Pass the last one seen as `after` when resubscribing to receive what was missed. */
  id: Scalars['ID']['output'];
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
  /** The caller's org's queue at a limiter with per-org limits (other orgs' are not shown); empty otherwise. */
  orgQueues: Array<LlmOrgQueue>;
  /** Per-org limits, when the limiter has them. */
  perOrg?: Maybe<LlmOrgLimits>;
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

/** Each org's own share of a limiter, before the shared limits. */
export type LlmOrgLimits = {
  __typename?: 'LlmOrgLimits';
  maxConcurrent?: Maybe<Scalars['Int']['output']>;
  requestsPerMinute?: Maybe<Scalars['Int']['output']>;
  tokensPerMinute?: Maybe<Scalars['Int']['output']>;
};

/** An org's queue at a limiter with per-org limits. */
export type LlmOrgQueue = {
  __typename?: 'LlmOrgQueue';
  done: Scalars['Int']['output'];
  orgId: Scalars['String']['output'];
  /** Calls waiting for the org's own share. */
  queued: Scalars['Int']['output'];
  /** Calls past the org's share: waiting for the shared limits, or running. */
  running: Scalars['Int']['output'];
};

/** This process's LLM limiters that have been used since it started: one per configured provider:model, and provider:* for every other model of a provider. */
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
  /** Calls made by schedules' jobs, by schedule id. */
  bySchedule: Array<LlmUsageRow>;
  bySource: Array<LlmUsageRow>;
  since: Scalars['DateTime']['output'];
  until: Scalars['DateTime']['output'];
};

export type LlmUsageRow = {
  __typename?: 'LlmUsageRow';
  calls: Scalars['Int']['output'];
  /** What the priced calls cost. */
  costUsd: Scalars['Float']['output'];
  failed: Scalars['Int']['output'];
  /** provider:model in byModel; the source in bySource. */
  key: Scalars['String']['output'];
  /** Over the finished calls. */
  p95DurationMs?: Maybe<Scalars['Int']['output']>;
  p95TtftMs?: Maybe<Scalars['Int']['output']>;
  /** Calls of models without a price: not in costUsd. */
  unpricedCalls: Scalars['Int']['output'];
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

/** Job metrics over [since, until) in buckets of bucketSeconds. A window that starts on a whole minute with buckets of whole minutes is read from per-minute rollups of the jobs finished over a minute ago (its cost does not grow with the jobs in it); other windows read their jobs one by one. */
export type Metrics = {
  __typename?: 'Metrics';
  bySchedule: Array<ScheduleMetrics>;
  byType: Array<TypeMetrics>;
  /** Cost per bucket by provider:model, dearest first. */
  costByModel: Array<CostSeries>;
  /** Cost per bucket of the calls jobs made, by the job's task type, dearest first. */
  costByTaskType: Array<CostSeries>;
  /** What the org's calls queued in each bucket cost (USD; priced calls only, summed in integer micro-dollars). */
  costUsd: Array<MetricPoint>;
  /** Jobs that FAILED in each bucket. */
  jobsFailed: Array<MetricPoint>;
  /** Jobs that SUCCEEDED in each bucket. */
  jobsFinished: Array<MetricPoint>;
  /** Jobs waiting (created, not started, not finished) at each bucket's end, from the jobs' timestamps (a retried job waits until its latest start). Jobs finished over a minute ago count from per-minute rollups, purged or not. */
  queueDepth: Array<MetricPoint>;
  since: Scalars['DateTime']['output'];
  until: Scalars['DateTime']['output'];
};

/** After downtime: SKIP the missed slots, or RUN_ONCE (the latest missed slot, if within catchUpWindowSeconds). */
export type MisfirePolicy =
  | 'RUN_ONCE'
  | 'SKIP';

/** A model's price in USD per million tokens. Cached input defaults to the input rate and reasoning to the output rate when absent. */
export type ModelPrice = {
  __typename?: 'ModelPrice';
  cachedInputPerMTok?: Maybe<Scalars['Float']['output']>;
  effectiveFrom: Scalars['DateTime']['output'];
  inputPerMTok: Scalars['Float']['output'];
  /** provider:model */
  key: Scalars['String']['output'];
  outputPerMTok: Scalars['Float']['output'];
  reasoningPerMTok?: Maybe<Scalars['Float']['output']>;
  /** Where the price was read, and when. */
  source?: Maybe<Scalars['String']['output']>;
  tiers: Array<PriceTier>;
};

export type ModelPriceInput = {
  cachedInputPerMTok?: InputMaybe<Scalars['Float']['input']>;
  inputPerMTok: Scalars['Float']['input'];
  /** provider:model, the provider as configured */
  key: Scalars['String']['input'];
  outputPerMTok: Scalars['Float']['input'];
  reasoningPerMTok?: InputMaybe<Scalars['Float']['input']>;
  tiers?: InputMaybe<Array<PriceTierInput>>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Closes the alert. An alert acknowledged already comes back unchanged. */
  acknowledgeAlert: Alert;
  /** Decides the job's approval of this name (ctx.waitForApproval): it resumes with { approved, comment, by }. Kept when it comes before the wait. NOT_FOUND, CONFLICT as signalJob. Audited (job.approve). */
  approveJob: Job;
  /** A QUEUED job is cancelled at once; a RUNNING one is asked to stop (cancelRequested). */
  cancelJob: Job;
  /** Cancels the QUEUED jobs that match at once and asks the RUNNING ones to stop, as cancelJob does (at most 10,000 per call); returns how many it cancelled or asked. RUNNING jobs already asked to stop are not counted again. */
  cancelJobs: Scalars['Int']['output'];
  createBudget: Budget;
  /** Validates every field (task payload, trigger, policies) and saves nothing on any error: BAD_USER_INPUT lists each issue with its path. */
  createSchedule: Schedule;
  /** A schedule with a SUCCEEDED job's type and payload (CONFLICT for other statuses). Needs jobs:read too, since it copies the job's payload. */
  createScheduleFromJob: Schedule;
  deleteBudget: Scalars['ID']['output'];
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
  /** Enqueues up to 1,000 jobs in one write, all or nothing: every input is validated first, and if any is invalid nothing is stored (BAD_USER_INPUT; each issue's path starts with inputs.<index>). Returns the jobs in the order of the inputs. An idempotency key holds per input, as in enqueueJob: an input whose key exists, or appeared earlier in the same call, returns that job and stores nothing. Counts as its size against the enqueue rate and queued-jobs quotas; audited once (job.enqueueMany, listing the jobs). */
  enqueueJobs: Array<Job>;
  /** A new job with the same type and payload; `retryOf` links back. `fromCheckpoint` resumes where it stopped. */
  retryJob: Job;
  /** Retries the FAILED and CANCELLED jobs that match (at most 10,000 per call); returns how many. */
  retryJobs: Scalars['Int']['output'];
  /** A RETRY run (attempt + 1) of a FAILED, TIMED_OUT or CANCELLED run, started now; CONFLICT for other statuses. One retry per run: if that retry exists already (a retry from the policy, or a second click), it is returned. */
  retryScheduleRun: ScheduleRun;
  /** A MANUAL run now, outside the trigger (also when disabled; the overlap policy does not apply). */
  runScheduleNow: ScheduleRun;
  /** Sends an event to the org's jobs: every open wait for this name and key (ctx.waitForEvent) resumes with its data. The event is kept for 24 hours for waits opened later by jobs made before it was sent. Audited (event.send). */
  sendEvent: SendEventResult;
  /** A new version of a model's price for the org, in effect for calls queued from now on (calls made keep theirs). */
  setModelPrice: ModelPrice;
  /** Sends data to the job's wait of this name (ctx.waitForSignal). A signal that comes before the job reaches its wait is kept for it. NOT_FOUND: no such job in the org. CONFLICT: the job finished, or its wait of that name is resolved, timed out or not a signal wait. Audited (job.signal). */
  signalJob: Job;
  /** Changes its settings; what was spent and held in this period stays. */
  updateBudget: Budget;
  /** Changes the given fields; the next run is computed again from now. The audit entry carries a diff. An update that changes nothing (empty, or the current values) returns the schedule as it is and writes no audit entry. */
  updateSchedule: Schedule;
};


export type MutationAcknowledgeAlertArgs = {
  id: Scalars['ID']['input'];
};


export type MutationApproveJobArgs = {
  approved: Scalars['Boolean']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type MutationCancelJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCancelJobsArgs = {
  filter: JobFilter;
};


export type MutationCreateBudgetArgs = {
  input: BudgetInput;
};


export type MutationCreateScheduleArgs = {
  input: CreateScheduleInput;
};


export type MutationCreateScheduleFromJobArgs = {
  jobId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  trigger: TriggerInput;
};


export type MutationDeleteBudgetArgs = {
  id: Scalars['ID']['input'];
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


export type MutationEnqueueJobsArgs = {
  inputs: Array<EnqueueJobInput>;
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


export type MutationSendEventArgs = {
  data?: InputMaybe<Scalars['JSON']['input']>;
  key?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
};


export type MutationSetModelPriceArgs = {
  input: ModelPriceInput;
};


export type MutationSignalJobArgs = {
  data?: InputMaybe<Scalars['JSON']['input']>;
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type MutationUpdateBudgetArgs = {
  id: Scalars['ID']['input'];
  input: BudgetInput;
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

/** Rates for calls whose prompt is more than aboveInputTokens tokens (the whole call is charged at them). */
export type PriceTier = {
  __typename?: 'PriceTier';
  aboveInputTokens: Scalars['Int']['output'];
  cachedInputPerMTok?: Maybe<Scalars['Float']['output']>;
  inputPerMTok: Scalars['Float']['output'];
  outputPerMTok: Scalars['Float']['output'];
  reasoningPerMTok?: Maybe<Scalars['Float']['output']>;
};

export type PriceTierInput = {
  aboveInputTokens: Scalars['Int']['input'];
  cachedInputPerMTok?: InputMaybe<Scalars['Float']['input']>;
  inputPerMTok: Scalars['Float']['input'];
  outputPerMTok: Scalars['Float']['input'];
  reasoningPerMTok?: InputMaybe<Scalars['Float']['input']>;
};

export type Query = {
  __typename?: 'Query';
  /** Alerts of your org, newest first. `open: true` lists the unacknowledged ones, `open: false` the acknowledged ones. */
  alerts: AlertConnection;
  /** Audit entries of your org, newest first. */
  auditLog: AuditEntryConnection;
  /** The org's budgets as of now (an ended period shows nothing spent); jobs' own budgets only with scope: JOB. */
  budgets: Array<Budget>;
  job?: Maybe<Job>;
  jobs: JobConnection;
  llmCall?: Maybe<LlmCall>;
  /** Recorded calls, newest first (by queuedAt). */
  llmCalls: LlmCallConnection;
  /** This process's LLM limiters, shared by every org: one per configured provider:model, and provider:* for every other model of a provider. */
  llmSchedulerStatus: LlmSchedulerStatus;
  /** Calls queued in [since, until), summed per model and per source. Defaults: the last 24 hours until now. */
  llmUsage: LlmUsage;
  /** Job metrics of the org. Defaults: the last 24 hours until now, buckets of 3600 s; at most 10,000 buckets. */
  metrics: Metrics;
  /** The org's current price of every priced model: shipped, then the prices file, then setModelPrice. A model not listed is unpriced. */
  modelPrices: Array<ModelPrice>;
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


export type QueryBudgetsArgs = {
  scope?: InputMaybe<BudgetScope>;
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
  /** Workers with a recent heartbeat. They serve every org, so only admin tokens see them (others get an empty list), and only the system admin sees their host and pid. */
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

/** A task type and payload fired by a trigger. Readable with schedules:read, in the caller's org; a mutation shows a caller without it only id and enabled (any other field is FORBIDDEN). */
export type Schedule = {
  __typename?: 'Schedule';
  /** Raise an alert after this many failed runs in a row. */
  alertAfterFailures?: Maybe<Scalars['Int']['output']>;
  /** RUN_ONCE fires a missed slot only if it is at most this old. */
  catchUpWindowSeconds: Scalars['Int']['output'];
  consecutiveFailures: Scalars['Int']['output'];
  /** What the calls of the schedule's jobs cost, while they are kept (JOBCENTER_LLM_RETENTION_DAYS). */
  costUsd: Scalars['Float']['output'];
  createdAt: Scalars['DateTime']['output'];
  createdBy?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  enabled: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** The last slot fired by the trigger. */
  lastRunAt?: Maybe<Scalars['DateTime']['output']>;
  /** How the last finished run ended. */
  lastRunStatus?: Maybe<RunStatus>;
  /** The latest slot the overlap policy skipped. */
  lastSkippedAt?: Maybe<Scalars['DateTime']['output']>;
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
  /** Slots the overlap policy skipped. Only the first skip of a streak (while the same runs stay active) is listed as a SKIPPED run. */
  skippedRuns: Scalars['Int']['output'];
  taskType: Scalars['String']['output'];
  trigger: Trigger;
  updatedAt: Scalars['DateTime']['output'];
};


/** A task type and payload fired by a trigger. Readable with schedules:read, in the caller's org; a mutation shows a caller without it only id and enabled (any other field is FORBIDDEN). */
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
  /** The event: the same for every subscriber, opaque, ordered within the server process that sent it (ids are shared by every live field of an org: one from jobEvents resumes alertEvents too). Pass the last one seen as `after` when resubscribing to receive what was missed. */
  id: Scalars['ID']['output'];
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
  /** Text in the name or description (any case; at most 200 characters, no control characters). */
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

/** One firing of a schedule: a slot of its trigger (SCHEDULED), a run-now (MANUAL) or a retry of a failed run (RETRY). Readable with schedules:read; a mutation shows a caller without it only id and status. */
export type ScheduleRun = {
  __typename?: 'ScheduleRun';
  /** 1 for the first run of a slot; a retry of attempt n is n + 1. */
  attempt: Scalars['Int']['output'];
  /** What the calls of the run's job (and its direct children) cost. */
  costUsd: Scalars['Float']['output'];
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

export type SendEventResult = {
  __typename?: 'SendEventResult';
  /** The jobs whose waits it resolved. */
  jobIds: Array<Scalars['ID']['output']>;
  /** How many waits of jobs of the org it resolved. */
  resumed: Scalars['Int']['output'];
};

export type StatusCount = {
  __typename?: 'StatusCount';
  count: Scalars['Int']['output'];
  status: JobStatus;
};

export type StepStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type Subscription = {
  __typename?: 'Subscription';
  /** Alerts of your org as they are raised and closed (of one schedule when scheduleId is given). With `after`, the events since then come first; when the server no longer holds them, the subscription ends with the error RESYNC_REQUIRED: refetch, then subscribe again without `after`. */
  alertEvents: AlertEvent;
  /** List-level changes (created, status, progress, deleted) of the jobs that match the filter, and the change that makes a job leave it (`matches: false`). With `after` (the id of the last event seen), the events since then come first while the server still holds them, else a RESYNC event asks you to refetch. */
  jobEvents: JobEvent;
  /** One job, live: first a SNAPSHOT of the job as it is, then its status changes, progress and log lines. Nothing that happens between the snapshot and the first change is missed. With `after` (the id of the last event seen), the events since then come instead of the snapshot while the server still holds them (else a SNAPSHOT). */
  jobUpdated: JobEvent;
  /** Calls of your org that match the filter: CREATED when queued, UPDATED on each change (start, first token, retry, end). With `after`, the events since then come first; when the server no longer holds them, the subscription ends with the error RESYNC_REQUIRED: refetch, then subscribe again without `after`. */
  llmCallEvents: LlmCallEvent;
  /** The current status at once, then on each change (at most a few times a second). */
  llmSchedulerStatus: LlmSchedulerStatus;
  /** Changes of your org's schedules (of one schedule when scheduleId is given): CREATED, UPDATED, DELETED, and RUN for each new or changed run. With `after`, the events since then come first; when the server no longer holds them, the subscription ends with the error RESYNC_REQUIRED: refetch, then subscribe again without `after`. */
  scheduleEvents: ScheduleEvent;
};


export type SubscriptionAlertEventsArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  scheduleId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionJobEventsArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  filter?: InputMaybe<JobFilter>;
};


export type SubscriptionJobUpdatedArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
};


export type SubscriptionLlmCallEventsArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  filter?: InputMaybe<LlmCallFilter>;
};


export type SubscriptionScheduleEventsArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
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
  /** finishedAt - startedAt, nearest rank; within 5 % when the window is read from per-minute rollups. */
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

export type WaitKind =
  | 'APPROVAL'
  | 'EVENT'
  | 'SIGNAL'
  | 'SLEEP';

/** A process that runs jobs. Workers serve every org: only the system admin (an admin token of the bootstrap org, "default") sees their id as it is and their host and pid; others see an opaque id and null host and pid. */
export type WorkerInfo = {
  __typename?: 'WorkerInfo';
  concurrency: Scalars['Int']['output'];
  /** System admin only. */
  host?: Maybe<Scalars['String']['output']>;
  /** The worker id for the system admin; otherwise a stable opaque name, the same as Job.leaseOwner shows. */
  id: Scalars['String']['output'];
  lastHeartbeatAt: Scalars['DateTime']['output'];
  /** System admin only. */
  pid?: Maybe<Scalars['Int']['output']>;
  running: Scalars['Int']['output'];
  startedAt: Scalars['DateTime']['output'];
};

export type OpenAlertCountQueryVariables = Exact<{ [key: string]: never; }>;


export type OpenAlertCountQuery = { __typename?: 'Query', alerts: { __typename?: 'AlertConnection', totalCount: number, edges: Array<{ __typename?: 'AlertEdge', node: { __typename?: 'Alert', id: string } }> } };

export type AlertSignalsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AlertSignalsSubscription = { __typename?: 'Subscription', alertEvents: { __typename?: 'AlertEvent', kind: AlertEventKind } };

export type PageFieldsFragment = { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } & { ' $fragmentName'?: 'PageFieldsFragment' };

export type AlertRowFieldsFragment = { __typename?: 'Alert', id: string, kind: AlertKind, message: string, raisedAt: string, acknowledgedAt?: string | null, acknowledgedBy?: string | null, scheduleId?: string | null, schedule?: { __typename?: 'Schedule', id: string, name: string } | null } & { ' $fragmentName'?: 'AlertRowFieldsFragment' };

export type AlertsListQueryVariables = Exact<{
  open?: InputMaybe<Scalars['Boolean']['input']>;
  scheduleId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AlertsListQuery = { __typename?: 'Query', alerts: { __typename?: 'AlertConnection', totalCount: number, pageInfo: (
      { __typename?: 'PageInfo' }
      & { ' $fragmentRefs'?: { 'PageFieldsFragment': PageFieldsFragment } }
    ), edges: Array<{ __typename?: 'AlertEdge', node: (
        { __typename?: 'Alert' }
        & { ' $fragmentRefs'?: { 'AlertRowFieldsFragment': AlertRowFieldsFragment } }
      ) }> } };

export type AlertScheduleOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type AlertScheduleOptionsQuery = { __typename?: 'Query', schedules: { __typename?: 'ScheduleConnection', edges: Array<{ __typename?: 'ScheduleEdge', node: { __typename?: 'Schedule', id: string, name: string } }> } };

export type AcknowledgeAlertMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AcknowledgeAlertMutation = { __typename?: 'Mutation', acknowledgeAlert: { __typename?: 'Alert', id: string, acknowledgedAt?: string | null, acknowledgedBy?: string | null } };

export type AlertsLiveSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AlertsLiveSubscription = { __typename?: 'Subscription', alertEvents: { __typename?: 'AlertEvent', kind: AlertEventKind } };

export type AuditTargetScheduleQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AuditTargetScheduleQuery = { __typename?: 'Query', schedule?: { __typename?: 'Schedule', id: string, name: string } | null };

export type AuditTargetJobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AuditTargetJobQuery = { __typename?: 'Query', job?: { __typename?: 'Job', id: string, type: string, status: JobStatus } | null };

export type AuditEntryFieldsFragment = { __typename?: 'AuditEntry', id: string, at: string, actor: string, action: string, targetType: string, targetId: string, details?: unknown | null } & { ' $fragmentName'?: 'AuditEntryFieldsFragment' };

export type AuditLogQueryVariables = Exact<{
  filter?: InputMaybe<AuditFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AuditLogQuery = { __typename?: 'Query', auditLog: { __typename?: 'AuditEntryConnection', totalCount: number, pageInfo: (
      { __typename?: 'PageInfo' }
      & { ' $fragmentRefs'?: { 'PageFieldsFragment': PageFieldsFragment } }
    ), edges: Array<{ __typename?: 'AuditEntryEdge', node: (
        { __typename?: 'AuditEntry' }
        & { ' $fragmentRefs'?: { 'AuditEntryFieldsFragment': AuditEntryFieldsFragment } }
      ) }> } };

export type AuditScheduleSignalsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AuditScheduleSignalsSubscription = { __typename?: 'Subscription', scheduleEvents: { __typename?: 'ScheduleEvent', kind: ScheduleEventKind } };

export type AuditJobSignalsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AuditJobSignalsSubscription = { __typename?: 'Subscription', jobEvents: { __typename?: 'JobEvent', kind: JobEventKind, job?: { __typename?: 'Job', status: JobStatus } | null } };

export type BudgetsListQueryVariables = Exact<{ [key: string]: never; }>;


export type BudgetsListQuery = { __typename?: 'Query', budgets: Array<{ __typename?: 'Budget', id: string, scope: BudgetScope, target?: string | null, period: BudgetPeriod, limitUsd: number, spentUsd: number, reservedUsd: number, action: BudgetAction, thresholds: Array<number>, periodStart: string, updatedAt: string }> };

export type BudgetAlertSignalsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type BudgetAlertSignalsSubscription = { __typename?: 'Subscription', alertEvents: { __typename?: 'AlertEvent', kind: AlertEventKind } };

export type BudgetCallSignalsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type BudgetCallSignalsSubscription = { __typename?: 'Subscription', llmCallEvents: { __typename?: 'LlmCallEvent', kind: LlmCallEventKind, call: { __typename?: 'LlmCall', id: string, status: LlmCallStatus } } };

export type CreateBudgetMutationVariables = Exact<{
  input: BudgetInput;
}>;


export type CreateBudgetMutation = { __typename?: 'Mutation', createBudget: { __typename?: 'Budget', id: string } };

export type UpdateBudgetMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: BudgetInput;
}>;


export type UpdateBudgetMutation = { __typename?: 'Mutation', updateBudget: { __typename?: 'Budget', id: string } };

export type DeleteBudgetMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteBudgetMutation = { __typename?: 'Mutation', deleteBudget: string };

export type JobRowFieldsFragment = { __typename?: 'Job', id: string, type: string, status: JobStatus, attempt: number, maxAttempts: number, priority: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null, updatedAt: string, durationMs?: number | null, cancelRequested: boolean, progress?: { __typename?: 'JobProgress', percent: number, message?: string | null, updatedAt: string } | null, error?: { __typename?: 'JobError', message: string } | null } & { ' $fragmentName'?: 'JobRowFieldsFragment' };

export type JobsListQueryVariables = Exact<{
  filter?: InputMaybe<JobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type JobsListQuery = { __typename?: 'Query', jobs: { __typename?: 'JobConnection', totalCount: number, totalCountIsExact: boolean, pageInfo: (
      { __typename?: 'PageInfo' }
      & { ' $fragmentRefs'?: { 'PageFieldsFragment': PageFieldsFragment } }
    ), edges: Array<{ __typename?: 'JobEdge', node: (
        { __typename?: 'Job' }
        & { ' $fragmentRefs'?: { 'JobRowFieldsFragment': JobRowFieldsFragment } }
      ) }> } };

export type JobsListEventsSubscriptionVariables = Exact<{
  filter?: InputMaybe<JobFilter>;
  after?: InputMaybe<Scalars['ID']['input']>;
}>;


export type JobsListEventsSubscription = { __typename?: 'Subscription', jobEvents: { __typename?: 'JobEvent', id: string, kind: JobEventKind, jobId: string, at: string, job?: (
      { __typename?: 'Job' }
      & { ' $fragmentRefs'?: { 'JobRowFieldsFragment': JobRowFieldsFragment } }
    ) | null } };

export type JobsTaskTypesQueryVariables = Exact<{ [key: string]: never; }>;


export type JobsTaskTypesQuery = { __typename?: 'Query', taskTypes: Array<{ __typename?: 'TaskType', type: string, title?: string | null, description?: string | null, inputSchema: unknown, maxAttempts: number, timeoutMs?: number | null, plugin: string, version?: string | null }> };

export type JobsEnqueueMutationVariables = Exact<{
  input: EnqueueJobInput;
}>;


export type JobsEnqueueMutation = { __typename?: 'Mutation', enqueueJob: { __typename?: 'Job', id: string, status: JobStatus } };

export type JobsRetryMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  fromCheckpoint?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type JobsRetryMutation = { __typename?: 'Mutation', retryJob: { __typename?: 'Job', id: string, status: JobStatus } };

export type JobWaitFieldsFragment = { __typename?: 'JobWait', id: string, kind: WaitKind, name: string, eventName?: string | null, eventKey?: string | null, prompt?: string | null, data?: unknown | null, createdAt: string, timeoutAt?: string | null, resolvedAt?: string | null, resolution?: unknown | null, timedOut: boolean } & { ' $fragmentName'?: 'JobWaitFieldsFragment' };

export type JobsApproveMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  approved: Scalars['Boolean']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
}>;


export type JobsApproveMutation = { __typename?: 'Mutation', approveJob: { __typename?: 'Job', id: string, status: JobStatus } };

export type JobsSignalMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  data?: InputMaybe<Scalars['JSON']['input']>;
}>;


export type JobsSignalMutation = { __typename?: 'Mutation', signalJob: { __typename?: 'Job', id: string, status: JobStatus } };

export type JobsCancelMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type JobsCancelMutation = { __typename?: 'Mutation', cancelJob: { __typename?: 'Job', id: string, status: JobStatus, cancelRequested: boolean } };

export type JobsDeleteMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type JobsDeleteMutation = { __typename?: 'Mutation', deleteJob: string };

export type JobsRetryManyMutationVariables = Exact<{
  filter: JobFilter;
}>;


export type JobsRetryManyMutation = { __typename?: 'Mutation', retryJobs: number };

export type JobsCancelManyMutationVariables = Exact<{
  filter: JobFilter;
}>;


export type JobsCancelManyMutation = { __typename?: 'Mutation', cancelJobs: number };

export type JobsDeleteManyMutationVariables = Exact<{
  filter: JobFilter;
}>;


export type JobsDeleteManyMutation = { __typename?: 'Mutation', deleteJobs: number };

export type JobLiveFieldsFragment = { __typename?: 'Job', id: string, status: JobStatus, attempt: number, maxAttempts: number, startedAt?: string | null, finishedAt?: string | null, updatedAt: string, durationMs?: number | null, runAt: string, cancelRequested: boolean, leaseOwner?: string | null, checkpoint?: unknown | null, result?: unknown | null, progress?: { __typename?: 'JobProgress', percent: number, message?: string | null, updatedAt: string } | null, errors: Array<{ __typename?: 'JobError', attempt: number, at: string, code?: string | null, message: string, retryable: boolean }> } & { ' $fragmentName'?: 'JobLiveFieldsFragment' };

export type JobDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  withSchedules: Scalars['Boolean']['input'];
  withLlm?: InputMaybe<Scalars['Boolean']['input']>;
  withWrite?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type JobDetailQuery = { __typename?: 'Query', job?: (
    { __typename?: 'Job', type: string, priority: number, payload: unknown, createdAt: string, createdBy?: string | null, idempotencyKey?: string | null, timeoutMs?: number | null, steps: Array<{ __typename?: 'JobStep', name: string, status: StepStatus, attempt: number, startedAt: string, finishedAt?: string | null, durationMs?: number | null, error?: { __typename?: 'JobError', message: string } | null, llmCalls?: Array<{ __typename?: 'LlmCall', id: string }> | null }>, waits: Array<(
      { __typename?: 'JobWait', callbackUrl?: string | null }
      & { ' $fragmentRefs'?: { 'JobWaitFieldsFragment': JobWaitFieldsFragment } }
    )>, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number, cachedTokens: number, totalTokens: number }, cost: { __typename?: 'JobCost', usd: number, childrenUsd: number, unpricedCalls: number }, parent?: { __typename?: 'Job', id: string, type: string, status: JobStatus } | null, retryOf?: { __typename?: 'Job', id: string, status: JobStatus } | null, children: { __typename?: 'JobConnection', totalCount: number, edges: Array<{ __typename?: 'JobEdge', node: { __typename?: 'Job', id: string, type: string, status: JobStatus } }> }, schedule?: { __typename?: 'Schedule', id: string, name: string } | null, scheduleRun?: { __typename?: 'ScheduleRun', id: string, attempt: number, trigger: RunTrigger, scheduledFor: string, status: RunStatus } | null }
    & { ' $fragmentRefs'?: { 'JobLiveFieldsFragment': JobLiveFieldsFragment } }
  ) | null };

export type JobRetriesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type JobRetriesQuery = { __typename?: 'Query', jobs: { __typename?: 'JobConnection', totalCount: number, edges: Array<{ __typename?: 'JobEdge', node: { __typename?: 'Job', id: string, status: JobStatus, createdAt: string } }> } };

export type JobUpdatesSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['ID']['input']>;
}>;


export type JobUpdatesSubscription = { __typename?: 'Subscription', jobUpdated: { __typename?: 'JobEvent', id: string, kind: JobEventKind, at: string, job?: (
      { __typename?: 'Job' }
      & { ' $fragmentRefs'?: { 'JobLiveFieldsFragment': JobLiveFieldsFragment } }
    ) | null, log?: { __typename?: 'JobLog', seq: number, at: string, level: LogLevel, message: string, data?: unknown | null } | null } };

export type JobLogsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  level?: InputMaybe<Array<LogLevel> | LogLevel>;
}>;


export type JobLogsQuery = { __typename?: 'Query', job?: { __typename?: 'Job', id: string, logs: { __typename?: 'JobLogConnection', totalCount: number, pageInfo: (
        { __typename?: 'PageInfo' }
        & { ' $fragmentRefs'?: { 'PageFieldsFragment': PageFieldsFragment } }
      ), edges: Array<{ __typename?: 'JobLogEdge', node: { __typename?: 'JobLog', seq: number, at: string, level: LogLevel, message: string, data?: unknown | null } }> } } | null };

export type JobLlmCallsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type JobLlmCallsQuery = { __typename?: 'Query', job?: { __typename?: 'Job', id: string, llmCalls?: { __typename?: 'LlmCallConnection', totalCount: number, edges: Array<{ __typename?: 'LlmCallEdge', node: { __typename?: 'LlmCall', id: string, model: string, provider: string, status: LlmCallStatus, queuedAt: string, durationMs?: number | null, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number, cachedTokens: number } } }> } | null } | null };

export type JobLlmCallEventsSubscriptionVariables = Exact<{
  filter?: InputMaybe<LlmCallFilter>;
}>;


export type JobLlmCallEventsSubscription = { __typename?: 'Subscription', llmCallEvents: { __typename?: 'LlmCallEvent', kind: LlmCallEventKind, call: { __typename?: 'LlmCall', id: string, status: LlmCallStatus } } };

export type JobMakeScheduleMutationVariables = Exact<{
  jobId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  trigger: TriggerInput;
}>;


export type JobMakeScheduleMutation = { __typename?: 'Mutation', createScheduleFromJob: { __typename?: 'Schedule', id: string, name: string } };

export type JobTriggerPreviewQueryVariables = Exact<{
  trigger: TriggerInput;
}>;


export type JobTriggerPreviewQuery = { __typename?: 'Query', previewTrigger: Array<string> };

export type LlmCallRowFieldsFragment = { __typename?: 'LlmCall', id: string, queuedAt: string, model: string, provider: string, status: LlmCallStatus, source: string, requestedBy?: string | null, parentJobId?: string | null, durationMs?: number | null, retries: number, costUsd?: number | null, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number, cachedTokens: number }, price?: { __typename?: 'ModelPrice', key: string } | null, error?: { __typename?: 'LlmError', code?: string | null, message: string } | null } & { ' $fragmentName'?: 'LlmCallRowFieldsFragment' };

export type LlmCallListQueryVariables = Exact<{
  filter?: InputMaybe<LlmCallFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type LlmCallListQuery = { __typename?: 'Query', llmCalls: { __typename?: 'LlmCallConnection', totalCount: number, pageInfo: (
      { __typename?: 'PageInfo' }
      & { ' $fragmentRefs'?: { 'PageFieldsFragment': PageFieldsFragment } }
    ), edges: Array<{ __typename?: 'LlmCallEdge', node: (
        { __typename?: 'LlmCall' }
        & { ' $fragmentRefs'?: { 'LlmCallRowFieldsFragment': LlmCallRowFieldsFragment } }
      ) }> } };

export type LlmCallListEventsSubscriptionVariables = Exact<{
  filter?: InputMaybe<LlmCallFilter>;
}>;


export type LlmCallListEventsSubscription = { __typename?: 'Subscription', llmCallEvents: { __typename?: 'LlmCallEvent', kind: LlmCallEventKind, call: (
      { __typename?: 'LlmCall' }
      & { ' $fragmentRefs'?: { 'LlmCallRowFieldsFragment': LlmCallRowFieldsFragment } }
    ) } };

export type LlmCallDetailFieldsFragment = { __typename?: 'LlmCall', id: string, costUsd?: number | null, provider: string, model: string, status: LlmCallStatus, source: string, requestedBy?: string | null, parentJobId?: string | null, params?: unknown | null, retries: number, queuedAt: string, startedAt?: string | null, firstTokenAt?: string | null, finishedAt?: string | null, updatedAt: string, waitMs?: number | null, ttftMs?: number | null, durationMs?: number | null, price?: { __typename?: 'ModelPrice', key: string, inputPerMTok: number, outputPerMTok: number, source?: string | null } | null, messages: Array<{ __typename?: 'LlmMessage', role: string, name?: string | null, content: string }>, output: Array<{ __typename?: 'LlmMessage', role: string, name?: string | null, content: string }>, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number, cachedTokens: number, totalTokens: number }, error?: { __typename?: 'LlmError', code?: string | null, httpStatus?: number | null, message: string } | null } & { ' $fragmentName'?: 'LlmCallDetailFieldsFragment' };

export type LlmCallDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type LlmCallDetailQuery = { __typename?: 'Query', llmCall?: (
    { __typename?: 'LlmCall' }
    & { ' $fragmentRefs'?: { 'LlmCallDetailFieldsFragment': LlmCallDetailFieldsFragment } }
  ) | null };

export type LlmCallDetailEventsSubscriptionVariables = Exact<{
  filter?: InputMaybe<LlmCallFilter>;
}>;


export type LlmCallDetailEventsSubscription = { __typename?: 'Subscription', llmCallEvents: { __typename?: 'LlmCallEvent', kind: LlmCallEventKind, call: (
      { __typename?: 'LlmCall', id: string }
      & { ' $fragmentRefs'?: { 'LlmCallDetailFieldsFragment': LlmCallDetailFieldsFragment } }
    ) } };

export type LlmSchedulerStatusFieldsFragment = { __typename?: 'LlmSchedulerStatus', queued: number, running: number, updatedAt: string, limiters: Array<{ __typename?: 'LlmLimiterStatus', key: string, maxConcurrent?: number | null, minTimeMs?: number | null, requestsPerMinute?: number | null, tokensPerMinute?: number | null, queued: number, running: number, done: number, rateLimited: number, callsLastMinute: number }> } & { ' $fragmentName'?: 'LlmSchedulerStatusFieldsFragment' };

export type LlmLimitersQueryVariables = Exact<{ [key: string]: never; }>;


export type LlmLimitersQuery = { __typename?: 'Query', llmSchedulerStatus: (
    { __typename?: 'LlmSchedulerStatus' }
    & { ' $fragmentRefs'?: { 'LlmSchedulerStatusFieldsFragment': LlmSchedulerStatusFieldsFragment } }
  ) };

export type LlmLimitersLiveSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LlmLimitersLiveSubscription = { __typename?: 'Subscription', llmSchedulerStatus: (
    { __typename?: 'LlmSchedulerStatus' }
    & { ' $fragmentRefs'?: { 'LlmSchedulerStatusFieldsFragment': LlmSchedulerStatusFieldsFragment } }
  ) };

export type LlmFilterOptionsQueryVariables = Exact<{
  since?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type LlmFilterOptionsQuery = { __typename?: 'Query', llmUsage: { __typename?: 'LlmUsage', byModel: Array<{ __typename?: 'LlmUsageRow', key: string }>, bySource: Array<{ __typename?: 'LlmUsageRow', key: string }> } };

export type MetricsOverviewQueryVariables = Exact<{
  since: Scalars['DateTime']['input'];
  until: Scalars['DateTime']['input'];
  bucketSeconds: Scalars['Int']['input'];
}>;


export type MetricsOverviewQuery = { __typename?: 'Query', metrics: { __typename?: 'Metrics', since: string, until: string, jobsFinished: Array<{ __typename?: 'MetricPoint', at: string, value: number }>, jobsFailed: Array<{ __typename?: 'MetricPoint', at: string, value: number }>, queueDepth: Array<{ __typename?: 'MetricPoint', at: string, value: number }>, byType: Array<{ __typename?: 'TypeMetrics', type: string, succeeded: number, failed: number, failureRate: number, p95DurationMs?: number | null }>, bySchedule: Array<{ __typename?: 'ScheduleMetrics', scheduleId: string, triggers: number, successRate: number, failureRate: number, p95DurationMs?: number | null }> }, queueStats: { __typename?: 'QueueStats', oldestQueuedAt?: string | null, byStatus: Array<{ __typename?: 'StatusCount', status: JobStatus, count: number }> } };

export type MetricsLlmUsageQueryVariables = Exact<{
  since: Scalars['DateTime']['input'];
  until: Scalars['DateTime']['input'];
}>;


export type MetricsLlmUsageQuery = { __typename?: 'Query', llmUsage: { __typename?: 'LlmUsage', byModel: Array<{ __typename?: 'LlmUsageRow', key: string, calls: number, failed: number, p95DurationMs?: number | null, p95TtftMs?: number | null, usage: { __typename?: 'TokenUsage', inputTokens: number, outputTokens: number, cachedTokens: number, totalTokens: number } }> } };

export type MetricsCostQueryVariables = Exact<{
  since: Scalars['DateTime']['input'];
  until: Scalars['DateTime']['input'];
  bucketSeconds: Scalars['Int']['input'];
}>;


export type MetricsCostQuery = { __typename?: 'Query', metrics: { __typename?: 'Metrics', costUsd: Array<{ __typename?: 'MetricPoint', at: string, value: number }>, costByModel: Array<{ __typename?: 'CostSeries', key: string, totalUsd: number, unpricedCalls: number, points: Array<{ __typename?: 'MetricPoint', at: string, value: number }> }>, costByTaskType: Array<{ __typename?: 'CostSeries', key: string, totalUsd: number, unpricedCalls: number, points: Array<{ __typename?: 'MetricPoint', at: string, value: number }> }> } };

export type MetricsScheduleNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type MetricsScheduleNamesQuery = { __typename?: 'Query', schedules: { __typename?: 'ScheduleConnection', edges: Array<{ __typename?: 'ScheduleEdge', node: { __typename?: 'Schedule', id: string, name: string } }> } };

export type MetricsJobSignalsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type MetricsJobSignalsSubscription = { __typename?: 'Subscription', jobEvents: { __typename?: 'JobEvent', kind: JobEventKind, jobId: string } };

export type ScheduleRowFieldsFragment = { __typename?: 'Schedule', id: string, name: string, description?: string | null, taskType: string, enabled: boolean, nextRunAt?: string | null, lastRunAt?: string | null, lastRunStatus?: RunStatus | null, consecutiveFailures: number, alertAfterFailures?: number | null, updatedAt: string, trigger: { __typename?: 'Trigger', kind: TriggerKind, cron?: string | null, intervalSeconds?: number | null, at?: string | null, timezone: string } } & { ' $fragmentName'?: 'ScheduleRowFieldsFragment' };

export type ScheduleSettingsFieldsFragment = { __typename?: 'Schedule', payload: unknown, overlapPolicy: OverlapPolicy, maxConcurrentRuns: number, misfirePolicy: MisfirePolicy, catchUpWindowSeconds: number, pauseOnAlert: boolean, createdAt: string, createdBy?: string | null, retryPolicy: { __typename?: 'RetryPolicy', maxRetries: number, backoffSeconds: Array<number> } } & { ' $fragmentName'?: 'ScheduleSettingsFieldsFragment' };

export type ScheduleRunFieldsFragment = { __typename?: 'ScheduleRun', id: string, status: RunStatus, trigger: RunTrigger, attempt: number, scheduledFor: string, startedAt?: string | null, finishedAt?: string | null, durationMs?: number | null, jobId?: string | null, error?: string | null, createdAt: string, updatedAt: string, costUsd: number } & { ' $fragmentName'?: 'ScheduleRunFieldsFragment' };

export type ScheduleCostQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ScheduleCostQuery = { __typename?: 'Query', schedule?: { __typename?: 'Schedule', id: string, costUsd: number } | null };

export type SchedulesListQueryVariables = Exact<{
  filter?: InputMaybe<ScheduleFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SchedulesListQuery = { __typename?: 'Query', schedules: { __typename?: 'ScheduleConnection', totalCount: number, pageInfo: (
      { __typename?: 'PageInfo' }
      & { ' $fragmentRefs'?: { 'PageFieldsFragment': PageFieldsFragment } }
    ), edges: Array<{ __typename?: 'ScheduleEdge', node: (
        { __typename?: 'Schedule' }
        & { ' $fragmentRefs'?: { 'ScheduleRowFieldsFragment': ScheduleRowFieldsFragment } }
      ) }> } };

export type ScheduleTaskTypesQueryVariables = Exact<{ [key: string]: never; }>;


export type ScheduleTaskTypesQuery = { __typename?: 'Query', taskTypes: Array<{ __typename?: 'TaskType', type: string, title?: string | null, description?: string | null, inputSchema: unknown }> };

export type ScheduleListEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ScheduleListEventsSubscription = { __typename?: 'Subscription', scheduleEvents: { __typename?: 'ScheduleEvent', kind: ScheduleEventKind, scheduleId: string, schedule?: (
      { __typename?: 'Schedule' }
      & { ' $fragmentRefs'?: { 'ScheduleRowFieldsFragment': ScheduleRowFieldsFragment } }
    ) | null } };

export type ScheduleDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ScheduleDetailQuery = { __typename?: 'Query', schedule?: (
    { __typename?: 'Schedule' }
    & { ' $fragmentRefs'?: { 'ScheduleRowFieldsFragment': ScheduleRowFieldsFragment;'ScheduleSettingsFieldsFragment': ScheduleSettingsFieldsFragment } }
  ) | null };

export type ScheduleDetailEventsSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ScheduleDetailEventsSubscription = { __typename?: 'Subscription', scheduleEvents: { __typename?: 'ScheduleEvent', kind: ScheduleEventKind, scheduleId: string, schedule?: (
      { __typename?: 'Schedule' }
      & { ' $fragmentRefs'?: { 'ScheduleRowFieldsFragment': ScheduleRowFieldsFragment;'ScheduleSettingsFieldsFragment': ScheduleSettingsFieldsFragment } }
    ) | null, run?: (
      { __typename?: 'ScheduleRun' }
      & { ' $fragmentRefs'?: { 'ScheduleRunFieldsFragment': ScheduleRunFieldsFragment } }
    ) | null } };

export type ScheduleRunsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ScheduleRunsQuery = { __typename?: 'Query', schedule?: { __typename?: 'Schedule', id: string, runs: { __typename?: 'ScheduleRunConnection', totalCount: number, pageInfo: (
        { __typename?: 'PageInfo' }
        & { ' $fragmentRefs'?: { 'PageFieldsFragment': PageFieldsFragment } }
      ), edges: Array<{ __typename?: 'ScheduleRunEdge', node: (
          { __typename?: 'ScheduleRun' }
          & { ' $fragmentRefs'?: { 'ScheduleRunFieldsFragment': ScheduleRunFieldsFragment } }
        ) }> } } | null };

export type PreviewTriggerQueryVariables = Exact<{
  trigger: TriggerInput;
  count?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type PreviewTriggerQuery = { __typename?: 'Query', previewTrigger: Array<string> };

export type CreateScheduleMutationVariables = Exact<{
  input: CreateScheduleInput;
}>;


export type CreateScheduleMutation = { __typename?: 'Mutation', createSchedule: (
    { __typename?: 'Schedule' }
    & { ' $fragmentRefs'?: { 'ScheduleRowFieldsFragment': ScheduleRowFieldsFragment;'ScheduleSettingsFieldsFragment': ScheduleSettingsFieldsFragment } }
  ) };

export type UpdateScheduleMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateScheduleInput;
}>;


export type UpdateScheduleMutation = { __typename?: 'Mutation', updateSchedule: (
    { __typename?: 'Schedule' }
    & { ' $fragmentRefs'?: { 'ScheduleRowFieldsFragment': ScheduleRowFieldsFragment;'ScheduleSettingsFieldsFragment': ScheduleSettingsFieldsFragment } }
  ) };

export type EnableScheduleMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type EnableScheduleMutation = { __typename?: 'Mutation', enableSchedule: (
    { __typename?: 'Schedule' }
    & { ' $fragmentRefs'?: { 'ScheduleRowFieldsFragment': ScheduleRowFieldsFragment } }
  ) };

export type DisableScheduleMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DisableScheduleMutation = { __typename?: 'Mutation', disableSchedule: (
    { __typename?: 'Schedule' }
    & { ' $fragmentRefs'?: { 'ScheduleRowFieldsFragment': ScheduleRowFieldsFragment } }
  ) };

export type DeleteScheduleMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteScheduleMutation = { __typename?: 'Mutation', deleteSchedule: string };

export type RunScheduleNowMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunScheduleNowMutation = { __typename?: 'Mutation', runScheduleNow: (
    { __typename?: 'ScheduleRun' }
    & { ' $fragmentRefs'?: { 'ScheduleRunFieldsFragment': ScheduleRunFieldsFragment } }
  ) };

export type RetryScheduleRunMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RetryScheduleRunMutation = { __typename?: 'Mutation', retryScheduleRun: (
    { __typename?: 'ScheduleRun' }
    & { ' $fragmentRefs'?: { 'ScheduleRunFieldsFragment': ScheduleRunFieldsFragment } }
  ) };

export const PageFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]} as unknown as DocumentNode<PageFieldsFragment, unknown>;
export const AlertRowFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AlertRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Alert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"raisedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}},{"kind":"Field","name":{"kind":"Name","value":"scheduleId"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<AlertRowFieldsFragment, unknown>;
export const AuditEntryFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditEntryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEntry"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"targetType"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]} as unknown as DocumentNode<AuditEntryFieldsFragment, unknown>;
export const JobRowFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<JobRowFieldsFragment, unknown>;
export const JobWaitFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobWaitFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JobWait"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"eventName"}},{"kind":"Field","name":{"kind":"Name","value":"eventKey"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"timedOut"}}]}}]} as unknown as DocumentNode<JobWaitFieldsFragment, unknown>;
export const JobLiveFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobLiveFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"runAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"leaseOwner"}},{"kind":"Field","name":{"kind":"Name","value":"checkpoint"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}}]} as unknown as DocumentNode<JobLiveFieldsFragment, unknown>;
export const LlmCallRowFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentJobId"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"retries"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<LlmCallRowFieldsFragment, unknown>;
export const LlmCallDetailFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallDetailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"inputPerMTok"}},{"kind":"Field","name":{"kind":"Name","value":"outputPerMTok"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentJobId"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"retries"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"firstTokenAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"waitMs"}},{"kind":"Field","name":{"kind":"Name","value":"ttftMs"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"output"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<LlmCallDetailFieldsFragment, unknown>;
export const LlmSchedulerStatusFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmSchedulerStatusFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmSchedulerStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"limiters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrent"}},{"kind":"Field","name":{"kind":"Name","value":"minTimeMs"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimited"}},{"kind":"Field","name":{"kind":"Name","value":"callsLastMinute"}}]}}]}}]} as unknown as DocumentNode<LlmSchedulerStatusFieldsFragment, unknown>;
export const ScheduleRowFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ScheduleRowFieldsFragment, unknown>;
export const ScheduleSettingsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"overlapPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentRuns"}},{"kind":"Field","name":{"kind":"Name","value":"misfirePolicy"}},{"kind":"Field","name":{"kind":"Name","value":"catchUpWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxRetries"}},{"kind":"Field","name":{"kind":"Name","value":"backoffSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pauseOnAlert"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]} as unknown as DocumentNode<ScheduleSettingsFieldsFragment, unknown>;
export const ScheduleRunFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}}]}}]} as unknown as DocumentNode<ScheduleRunFieldsFragment, unknown>;
export const OpenAlertCountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OpenAlertCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"open"},"value":{"kind":"BooleanValue","value":true}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<OpenAlertCountQuery, OpenAlertCountQueryVariables>;
export const AlertSignalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AlertSignals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alertEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<AlertSignalsSubscription, AlertSignalsSubscriptionVariables>;
export const AlertsListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AlertsList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"open"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scheduleId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"open"},"value":{"kind":"Variable","name":{"kind":"Name","value":"open"}}},{"kind":"Argument","name":{"kind":"Name","value":"scheduleId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scheduleId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AlertRowFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AlertRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Alert"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"raisedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}},{"kind":"Field","name":{"kind":"Name","value":"scheduleId"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<AlertsListQuery, AlertsListQueryVariables>;
export const AlertScheduleOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AlertScheduleOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AlertScheduleOptionsQuery, AlertScheduleOptionsQueryVariables>;
export const AcknowledgeAlertDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcknowledgeAlert"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acknowledgeAlert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedBy"}}]}}]}}]} as unknown as DocumentNode<AcknowledgeAlertMutation, AcknowledgeAlertMutationVariables>;
export const AlertsLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AlertsLive"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alertEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<AlertsLiveSubscription, AlertsLiveSubscriptionVariables>;
export const AuditTargetScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditTargetSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<AuditTargetScheduleQuery, AuditTargetScheduleQueryVariables>;
export const AuditTargetJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditTargetJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<AuditTargetJobQuery, AuditTargetJobQueryVariables>;
export const AuditLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditEntryFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditEntryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEntry"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"targetType"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]} as unknown as DocumentNode<AuditLogQuery, AuditLogQueryVariables>;
export const AuditScheduleSignalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AuditScheduleSignals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<AuditScheduleSignalsSubscription, AuditScheduleSignalsSubscriptionVariables>;
export const AuditJobSignalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AuditJobSignals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<AuditJobSignalsSubscription, AuditJobSignalsSubscriptionVariables>;
export const BudgetsListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BudgetsList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"budgets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"limitUsd"}},{"kind":"Field","name":{"kind":"Name","value":"spentUsd"}},{"kind":"Field","name":{"kind":"Name","value":"reservedUsd"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"thresholds"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<BudgetsListQuery, BudgetsListQueryVariables>;
export const BudgetAlertSignalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BudgetAlertSignals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alertEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]} as unknown as DocumentNode<BudgetAlertSignalsSubscription, BudgetAlertSignalsSubscriptionVariables>;
export const BudgetCallSignalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BudgetCallSignals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmCallEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<BudgetCallSignalsSubscription, BudgetCallSignalsSubscriptionVariables>;
export const CreateBudgetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateBudget"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BudgetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createBudget"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateBudgetMutation, CreateBudgetMutationVariables>;
export const UpdateBudgetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateBudget"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BudgetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateBudget"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<UpdateBudgetMutation, UpdateBudgetMutationVariables>;
export const DeleteBudgetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteBudget"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteBudget"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteBudgetMutation, DeleteBudgetMutationVariables>;
export const JobsListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobsList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JobFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"CREATED_DESC"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"totalCountIsExact"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobRowFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<JobsListQuery, JobsListQueryVariables>;
export const JobsListEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"JobsListEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JobFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobRowFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<JobsListEventsSubscription, JobsListEventsSubscriptionVariables>;
export const JobsTaskTypesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobsTaskTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"inputSchema"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"plugin"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<JobsTaskTypesQuery, JobsTaskTypesQueryVariables>;
export const JobsEnqueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsEnqueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EnqueueJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enqueueJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<JobsEnqueueMutation, JobsEnqueueMutationVariables>;
export const JobsRetryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsRetry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromCheckpoint"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"fromCheckpoint"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromCheckpoint"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<JobsRetryMutation, JobsRetryMutationVariables>;
export const JobsApproveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsApprove"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"approved"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"comment"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"approveJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"approved"},"value":{"kind":"Variable","name":{"kind":"Name","value":"approved"}}},{"kind":"Argument","name":{"kind":"Name","value":"comment"},"value":{"kind":"Variable","name":{"kind":"Name","value":"comment"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<JobsApproveMutation, JobsApproveMutationVariables>;
export const JobsSignalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsSignal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"data"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSON"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signalJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"data"},"value":{"kind":"Variable","name":{"kind":"Name","value":"data"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<JobsSignalMutation, JobsSignalMutationVariables>;
export const JobsCancelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsCancel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}}]}}]}}]} as unknown as DocumentNode<JobsCancelMutation, JobsCancelMutationVariables>;
export const JobsDeleteDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsDelete"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<JobsDeleteMutation, JobsDeleteMutationVariables>;
export const JobsRetryManyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsRetryMany"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JobFilter"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}]}]}}]} as unknown as DocumentNode<JobsRetryManyMutation, JobsRetryManyMutationVariables>;
export const JobsCancelManyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsCancelMany"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JobFilter"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}]}]}}]} as unknown as DocumentNode<JobsCancelManyMutation, JobsCancelManyMutationVariables>;
export const JobsDeleteManyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobsDeleteMany"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JobFilter"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}]}]}}]} as unknown as DocumentNode<JobsDeleteManyMutation, JobsDeleteManyMutationVariables>;
export const JobDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withSchedules"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withLlm"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}},"defaultValue":{"kind":"BooleanValue","value":false}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withWrite"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobLiveFields"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"llmCalls"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withLlm"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"waits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobWaitFields"}},{"kind":"Field","name":{"kind":"Name","value":"callbackUrl"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withWrite"}}}]}]}]}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"usd"}},{"kind":"Field","name":{"kind":"Name","value":"childrenUsd"}},{"kind":"Field","name":{"kind":"Name","value":"unpricedCalls"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"retryOf"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withSchedules"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scheduleRun"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withSchedules"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobLiveFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"runAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"leaseOwner"}},{"kind":"Field","name":{"kind":"Name","value":"checkpoint"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobWaitFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JobWait"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"eventName"}},{"kind":"Field","name":{"kind":"Name","value":"eventKey"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"data"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"timedOut"}}]}}]} as unknown as DocumentNode<JobDetailQuery, JobDetailQueryVariables>;
export const JobRetriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobRetries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"retryOfId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"CREATED_DESC"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<JobRetriesQuery, JobRetriesQueryVariables>;
export const JobUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"JobUpdates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobLiveFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"log"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"data"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobLiveFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"runAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"leaseOwner"}},{"kind":"Field","name":{"kind":"Name","value":"checkpoint"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}}]} as unknown as DocumentNode<JobUpdatesSubscription, JobUpdatesSubscriptionVariables>;
export const JobLogsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"level"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogLevel"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"logs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"level"},"value":{"kind":"Variable","name":{"kind":"Name","value":"level"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"data"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]} as unknown as DocumentNode<JobLogsQuery, JobLogsQueryVariables>;
export const JobLlmCallsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobLlmCalls"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"job"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"llmCalls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<JobLlmCallsQuery, JobLlmCallsQueryVariables>;
export const JobLlmCallEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"JobLlmCallEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCallFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmCallEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<JobLlmCallEventsSubscription, JobLlmCallEventsSubscriptionVariables>;
export const JobMakeScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"JobMakeSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trigger"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TriggerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createScheduleFromJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"trigger"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trigger"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<JobMakeScheduleMutation, JobMakeScheduleMutationVariables>;
export const JobTriggerPreviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JobTriggerPreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trigger"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TriggerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewTrigger"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trigger"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trigger"}}},{"kind":"Argument","name":{"kind":"Name","value":"count"},"value":{"kind":"IntValue","value":"3"}}]}]}}]} as unknown as DocumentNode<JobTriggerPreviewQuery, JobTriggerPreviewQueryVariables>;
export const LlmCallListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LlmCallList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCallFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmCalls"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LlmCallRowFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentJobId"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"retries"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<LlmCallListQuery, LlmCallListQueryVariables>;
export const LlmCallListEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LlmCallListEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCallFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmCallEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LlmCallRowFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentJobId"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"retries"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<LlmCallListEventsSubscription, LlmCallListEventsSubscriptionVariables>;
export const LlmCallDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LlmCallDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmCall"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LlmCallDetailFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallDetailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"inputPerMTok"}},{"kind":"Field","name":{"kind":"Name","value":"outputPerMTok"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentJobId"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"retries"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"firstTokenAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"waitMs"}},{"kind":"Field","name":{"kind":"Name","value":"ttftMs"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"output"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<LlmCallDetailQuery, LlmCallDetailQueryVariables>;
export const LlmCallDetailEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LlmCallDetailEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCallFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmCallEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"call"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"LlmCallDetailFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmCallDetailFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmCall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"inputPerMTok"}},{"kind":"Field","name":{"kind":"Name","value":"outputPerMTok"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"}},{"kind":"Field","name":{"kind":"Name","value":"parentJobId"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"retries"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"firstTokenAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"waitMs"}},{"kind":"Field","name":{"kind":"Name","value":"ttftMs"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"output"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"httpStatus"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<LlmCallDetailEventsSubscription, LlmCallDetailEventsSubscriptionVariables>;
export const LlmLimitersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LlmLimiters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmSchedulerStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LlmSchedulerStatusFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmSchedulerStatusFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmSchedulerStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"limiters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrent"}},{"kind":"Field","name":{"kind":"Name","value":"minTimeMs"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimited"}},{"kind":"Field","name":{"kind":"Name","value":"callsLastMinute"}}]}}]}}]} as unknown as DocumentNode<LlmLimitersQuery, LlmLimitersQueryVariables>;
export const LlmLimitersLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LlmLimitersLive"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmSchedulerStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LlmSchedulerStatusFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LlmSchedulerStatusFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LlmSchedulerStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"limiters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrent"}},{"kind":"Field","name":{"kind":"Name","value":"minTimeMs"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"rateLimited"}},{"kind":"Field","name":{"kind":"Name","value":"callsLastMinute"}}]}}]}}]} as unknown as DocumentNode<LlmLimitersLiveSubscription, LlmLimitersLiveSubscriptionVariables>;
export const LlmFilterOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LlmFilterOptions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmUsage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"byModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bySource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}}]}}]}}]}}]} as unknown as DocumentNode<LlmFilterOptionsQuery, LlmFilterOptionsQueryVariables>;
export const MetricsOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MetricsOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"bucketSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}},{"kind":"Argument","name":{"kind":"Name","value":"bucketSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"bucketSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"jobsFinished"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"jobsFailed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"queueDepth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"failureRate"}},{"kind":"Field","name":{"kind":"Name","value":"p95DurationMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"bySchedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleId"}},{"kind":"Field","name":{"kind":"Name","value":"triggers"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}},{"kind":"Field","name":{"kind":"Name","value":"failureRate"}},{"kind":"Field","name":{"kind":"Name","value":"p95DurationMs"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"queueStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"oldestQueuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"byStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<MetricsOverviewQuery, MetricsOverviewQueryVariables>;
export const MetricsLlmUsageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MetricsLlmUsage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"llmUsage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"byModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"calls"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"p95DurationMs"}},{"kind":"Field","name":{"kind":"Name","value":"p95TtftMs"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"cachedTokens"}},{"kind":"Field","name":{"kind":"Name","value":"totalTokens"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MetricsLlmUsageQuery, MetricsLlmUsageQueryVariables>;
export const MetricsCostDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MetricsCost"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"bucketSeconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}},{"kind":"Argument","name":{"kind":"Name","value":"bucketSeconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"bucketSeconds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"costUsd"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"costByModel"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"totalUsd"}},{"kind":"Field","name":{"kind":"Name","value":"unpricedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"costByTaskType"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"totalUsd"}},{"kind":"Field","name":{"kind":"Name","value":"unpricedCalls"}},{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MetricsCostQuery, MetricsCostQueryVariables>;
export const MetricsScheduleNamesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MetricsScheduleNames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MetricsScheduleNamesQuery, MetricsScheduleNamesQueryVariables>;
export const MetricsJobSignalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MetricsJobSignals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"SUCCEEDED"},{"kind":"EnumValue","value":"FAILED"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}}]}}]}}]} as unknown as DocumentNode<MetricsJobSignalsSubscription, MetricsJobSignalsSubscriptionVariables>;
export const ScheduleCostDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScheduleCost"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}}]}}]}}]} as unknown as DocumentNode<ScheduleCostQuery, ScheduleCostQueryVariables>;
export const SchedulesListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SchedulesList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedules"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRowFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<SchedulesListQuery, SchedulesListQueryVariables>;
export const ScheduleTaskTypesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScheduleTaskTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"inputSchema"}}]}}]}}]} as unknown as DocumentNode<ScheduleTaskTypesQuery, ScheduleTaskTypesQueryVariables>;
export const ScheduleListEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ScheduleListEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"scheduleId"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRowFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ScheduleListEventsSubscription, ScheduleListEventsSubscriptionVariables>;
export const ScheduleDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScheduleDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRowFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"overlapPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentRuns"}},{"kind":"Field","name":{"kind":"Name","value":"misfirePolicy"}},{"kind":"Field","name":{"kind":"Name","value":"catchUpWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxRetries"}},{"kind":"Field","name":{"kind":"Name","value":"backoffSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pauseOnAlert"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]} as unknown as DocumentNode<ScheduleDetailQuery, ScheduleDetailQueryVariables>;
export const ScheduleDetailEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ScheduleDetailEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"scheduleId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"scheduleId"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRowFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleSettingsFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRunFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"overlapPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentRuns"}},{"kind":"Field","name":{"kind":"Name","value":"misfirePolicy"}},{"kind":"Field","name":{"kind":"Name","value":"catchUpWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxRetries"}},{"kind":"Field","name":{"kind":"Name","value":"backoffSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pauseOnAlert"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}}]}}]} as unknown as DocumentNode<ScheduleDetailEventsSubscription, ScheduleDetailEventsSubscriptionVariables>;
export const ScheduleRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScheduleRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRunFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}}]}}]} as unknown as DocumentNode<ScheduleRunsQuery, ScheduleRunsQueryVariables>;
export const PreviewTriggerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreviewTrigger"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trigger"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TriggerInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"count"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewTrigger"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"trigger"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trigger"}}},{"kind":"Argument","name":{"kind":"Name","value":"count"},"value":{"kind":"Variable","name":{"kind":"Name","value":"count"}}},{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}}]}]}}]} as unknown as DocumentNode<PreviewTriggerQuery, PreviewTriggerQueryVariables>;
export const CreateScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateScheduleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRowFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"overlapPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentRuns"}},{"kind":"Field","name":{"kind":"Name","value":"misfirePolicy"}},{"kind":"Field","name":{"kind":"Name","value":"catchUpWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxRetries"}},{"kind":"Field","name":{"kind":"Name","value":"backoffSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pauseOnAlert"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]} as unknown as DocumentNode<CreateScheduleMutation, CreateScheduleMutationVariables>;
export const UpdateScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateScheduleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRowFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleSettingsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"payload"}},{"kind":"Field","name":{"kind":"Name","value":"overlapPolicy"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrentRuns"}},{"kind":"Field","name":{"kind":"Name","value":"misfirePolicy"}},{"kind":"Field","name":{"kind":"Name","value":"catchUpWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"retryPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxRetries"}},{"kind":"Field","name":{"kind":"Name","value":"backoffSeconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pauseOnAlert"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]} as unknown as DocumentNode<UpdateScheduleMutation, UpdateScheduleMutationVariables>;
export const EnableScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnableSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enableSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRowFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<EnableScheduleMutation, EnableScheduleMutationVariables>;
export const DisableScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DisableSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disableSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRowFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"taskType"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"cron"}},{"kind":"Field","name":{"kind":"Name","value":"intervalSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunStatus"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveFailures"}},{"kind":"Field","name":{"kind":"Name","value":"alertAfterFailures"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<DisableScheduleMutation, DisableScheduleMutationVariables>;
export const DeleteScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteScheduleMutation, DeleteScheduleMutationVariables>;
export const RunScheduleNowDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RunScheduleNow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runScheduleNow"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRunFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}}]}}]} as unknown as DocumentNode<RunScheduleNowMutation, RunScheduleNowMutationVariables>;
export const RetryScheduleRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RetryScheduleRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryScheduleRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleRunFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleRunFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"costUsd"}}]}}]} as unknown as DocumentNode<RetryScheduleRunMutation, RetryScheduleRunMutationVariables>;