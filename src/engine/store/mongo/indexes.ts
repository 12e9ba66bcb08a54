/**
 * Every collection and its indexes, created idempotently at start. Each index names the query it
 * serves; unique indexes are what make idempotency keys, log sequence numbers and schedule run
 * keys hold across processes.
 */
import type { CreateIndexesOptions, IndexSpecification } from 'mongodb';

export const COLLECTIONS = {
  jobs: 'jobs',
  jobLogs: 'job_logs',
  logCounters: 'job_log_counters',
  audit: 'audit_entries',
  tokens: 'api_tokens',
  workers: 'workers',
  slots: 'concurrency_slots',
  /** Leases that heartbeats move, out of `jobs` (no change-stream images, not watched): leases.ts */
  jobLeases: 'job_leases',
  /** Jobs per org, status and type, moved with every status change: job-counts.ts */
  jobCounts: 'job_counts',
  llmCalls: 'llm_calls',
  schedules: 'schedules',
  scheduleRuns: 'schedule_runs',
  alerts: 'alerts',
  schedulerHeartbeats: 'scheduler_heartbeats',
  jobSteps: 'job_steps',
  jobWaits: 'job_waits',
  jobSignals: 'job_signals',
  waitEvents: 'wait_events',
  meta: 'meta',
  modelPrices: 'model_prices',
  budgets: 'budgets',
  metricMarks: 'metric_marks',
  metricMinutes: 'metric_minutes',
  budgetHolds: 'budget_holds',
} as const;

export interface IndexDefinition {
  collection: string;
  key: IndexSpecification;
  options: CreateIndexesOptions & { name: string };
}

const queued = { partialFilterExpression: { status: 'QUEUED' } };

export const INDEXES: IndexDefinition[] = [
  // enqueue: one job per (org, idempotencyKey)
  {
    collection: COLLECTIONS.jobs,
    key: { orgId: 1, idempotencyKey: 1 },
    options: { name: 'idempotency', unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } } },
  },
  // claim: due QUEUED jobs of the claimed types by priority then runAt. `type` comes before the sort
  // keys, so a claim for some types reads only theirs (one index range per type, merged in order),
  // never walking other types' due jobs.
  { collection: COLLECTIONS.jobs, key: { status: 1, type: 1, priority: -1, runAt: 1, _id: 1 }, options: { name: 'claim_type', ...queued } },
  // claim per org (orgs take turns: domain/org-turns.ts): one org's due QUEUED jobs in claim order
  { collection: COLLECTIONS.jobs, key: { orgId: 1, priority: -1, runAt: 1, _id: 1 }, options: { name: 'org_claim', ...queued } },
  // nextRunAt: the earliest future QUEUED job
  { collection: COLLECTIONS.jobs, key: { status: 1, runAt: 1 }, options: { name: 'due', ...queued } },
  // list counts and queue stats: an org's counters
  { collection: COLLECTIONS.jobCounts, key: { orgId: 1, status: 1, type: 1 }, options: { name: 'org_status_type' } },
  // recoverLeases: expired lease rows by their time
  { collection: COLLECTIONS.jobLeases, key: { expiresAt: 1 }, options: { name: 'expires' } },
  // recoverLeases: RUNNING jobs whose first lease (the claim's, kept in the job) passed, checked
  // for a missing lease row
  {
    collection: COLLECTIONS.jobs,
    key: { status: 1, leaseExpiresAt: 1 },
    options: { name: 'leases', partialFilterExpression: { status: 'RUNNING' } },
  },
  // list and count, per order and common filters
  { collection: COLLECTIONS.jobs, key: { orgId: 1, createdAt: -1, _id: -1 }, options: { name: 'org_created' } },
  { collection: COLLECTIONS.jobs, key: { orgId: 1, status: 1, createdAt: -1, _id: -1 }, options: { name: 'org_status_created' } },
  { collection: COLLECTIONS.jobs, key: { orgId: 1, type: 1, createdAt: -1, _id: -1 }, options: { name: 'org_type_created' } },
  { collection: COLLECTIONS.jobs, key: { orgId: 1, priority: -1, createdAt: -1, _id: -1 }, options: { name: 'org_priority' } },
  { collection: COLLECTIONS.jobs, key: { orgId: 1, finishedAt: -1, _id: -1 }, options: { name: 'org_finished' } },
  // children, retries, schedules
  // A compound sparse index takes every document that has any of its keys, and createdAt is always
  // there: partial filters keep these to the jobs that have a parent or a schedule (an equality on
  // the field implies `$exists`, so the queries use them).
  { collection: COLLECTIONS.jobs, key: { parentId: 1, createdAt: 1 }, options: { name: 'parent_only', partialFilterExpression: { parentId: { $exists: true } } } },
  { collection: COLLECTIONS.jobs, key: { retryOfId: 1 }, options: { name: 'retry_of', sparse: true } },
  {
    collection: COLLECTIONS.jobs,
    key: { scheduleId: 1, createdAt: -1 },
    options: { name: 'schedule_only', partialFilterExpression: { scheduleId: { $exists: true } } },
  },
  // retention purge
  { collection: COLLECTIONS.jobs, key: { finishedAt: 1 }, options: { name: 'finished', sparse: true } },
  // logs in order, one seq per job
  { collection: COLLECTIONS.jobLogs, key: { jobId: 1, seq: 1 }, options: { name: 'job_seq', unique: true } },
  { collection: COLLECTIONS.audit, key: { orgId: 1, at: -1, _id: -1 }, options: { name: 'org_at' } },
  { collection: COLLECTIONS.audit, key: { orgId: 1, targetType: 1, targetId: 1 }, options: { name: 'org_target' } },
  { collection: COLLECTIONS.tokens, key: { hash: 1 }, options: { name: 'hash', unique: true } },
  { collection: COLLECTIONS.workers, key: { lastHeartbeatAt: 1 }, options: { name: 'heartbeat' } },
  // concurrency slots: free ones by key, and the ones a job holds
  { collection: COLLECTIONS.slots, key: { key: 1, index: 1 }, options: { name: 'key_index', unique: true } },
  { collection: COLLECTIONS.slots, key: { holder: 1 }, options: { name: 'holder', sparse: true } },
  // LLM calls: lists newest first per org, alone and per common filter; usage reads org_queued too
  { collection: COLLECTIONS.llmCalls, key: { orgId: 1, queuedAt: -1, _id: -1 }, options: { name: 'org_queued' } },
  { collection: COLLECTIONS.llmCalls, key: { orgId: 1, status: 1, queuedAt: -1, _id: -1 }, options: { name: 'org_status_queued' } },
  { collection: COLLECTIONS.llmCalls, key: { orgId: 1, model: 1, queuedAt: -1, _id: -1 }, options: { name: 'org_model_queued' } },
  { collection: COLLECTIONS.llmCalls, key: { orgId: 1, source: 1, queuedAt: -1, _id: -1 }, options: { name: 'org_source_queued' } },
  // a job's calls (usageOfJob, the parentJobId filter)
  { collection: COLLECTIONS.llmCalls, key: { parentJobId: 1 }, options: { name: 'parent_job', sparse: true } },
  // retention purge
  { collection: COLLECTIONS.llmCalls, key: { queuedAt: 1 }, options: { name: 'queued' } },
  // a schedule's calls (costOfSchedules)
  { collection: COLLECTIONS.llmCalls, key: { scheduleId: 1 }, options: { name: 'schedule', sparse: true } },
  // prices set through the API: an org's newest version of a key
  { collection: COLLECTIONS.modelPrices, key: { orgId: 1, key: 1, effectiveFrom: -1, seq: -1 }, options: { name: 'org_key_newest' } },
  // budgets: one per org, scope, target and period ('' stands for no target)
  { collection: COLLECTIONS.budgets, key: { orgId: 1, scope: 1, targetKey: 1, period: 1 }, options: { name: 'org_scope_target', unique: true } },
  // budget holds of calls in flight, read oldest first by the sweep
  { collection: COLLECTIONS.budgetHolds, key: { heldAt: 1, _id: 1 }, options: { name: 'held_at' } },
  // schedules: listed by name per org; due and nextDueAt read enabled ones by nextRunAt
  { collection: COLLECTIONS.schedules, key: { orgId: 1, name: 1, _id: 1 }, options: { name: 'org_name' } },
  { collection: COLLECTIONS.schedules, key: { enabled: 1, nextRunAt: 1, _id: 1 }, options: { name: 'due' } },
  // runs: one per runKey (a slot fires at most once, across processes); lists newest first per org
  // and per schedule; a job's run; a schedule's active runs (and its runs, to delete them)
  { collection: COLLECTIONS.scheduleRuns, key: { runKey: 1 }, options: { name: 'run_key', unique: true } },
  { collection: COLLECTIONS.scheduleRuns, key: { orgId: 1, scheduledFor: -1, _id: -1 }, options: { name: 'org_scheduled' } },
  {
    collection: COLLECTIONS.scheduleRuns,
    key: { orgId: 1, scheduleId: 1, scheduledFor: -1, _id: -1 },
    options: { name: 'org_schedule_scheduled' },
  },
  { collection: COLLECTIONS.scheduleRuns, key: { jobId: 1 }, options: { name: 'job', sparse: true } },
  { collection: COLLECTIONS.scheduleRuns, key: { scheduleId: 1, status: 1 }, options: { name: 'schedule_status' } },
  // every org's active runs, by id (the scheduler checks them against their jobs at start)
  { collection: COLLECTIONS.scheduleRuns, key: { status: 1, _id: 1 }, options: { name: 'status_id' } },
  // alerts: newest first per org, and per schedule
  { collection: COLLECTIONS.alerts, key: { orgId: 1, raisedAt: -1, _id: -1 }, options: { name: 'org_raised' } },
  { collection: COLLECTIONS.alerts, key: { orgId: 1, scheduleId: 1, raisedAt: -1, _id: -1 }, options: { name: 'org_schedule_raised' } },
  // one open alert per (org, dedupeKey): acknowledging unsets the key
  {
    collection: COLLECTIONS.alerts,
    key: { orgId: 1, dedupeKey: 1 },
    options: { name: 'org_dedupe', unique: true, partialFilterExpression: { dedupeKey: { $type: 'string' } } },
  },
  // the watchdog reads the newest heartbeat
  { collection: COLLECTIONS.schedulerHeartbeats, key: { lastBeatAt: -1 }, options: { name: 'newest' } },
  // WAITING jobs by the time they wake (a wait's timeout, a sleep's end): the only index they are in
  // besides the lists', so a waiting job costs no timer
  { collection: COLLECTIONS.jobs, key: { status: 1, wakeAt: 1 }, options: { name: 'waiting_wake', partialFilterExpression: { status: 'WAITING' } } },
  // a job's steps in the order they first started (_id is job and name)
  { collection: COLLECTIONS.jobSteps, key: { jobId: 1, firstStartedAt: 1, _id: 1 }, options: { name: 'job_started' } },
  // one wait per (job, name); the callback URL's token; open event waits by org, event and key
  { collection: COLLECTIONS.jobWaits, key: { jobId: 1, name: 1 }, options: { name: 'job_name', unique: true } },
  {
    collection: COLLECTIONS.jobWaits,
    key: { callbackToken: 1 },
    options: { name: 'callback_token', unique: true, partialFilterExpression: { callbackToken: { $type: 'string' } } },
  },
  {
    collection: COLLECTIONS.jobWaits,
    key: { orgId: 1, eventName: 1, eventKey: 1 },
    options: { name: 'org_event', partialFilterExpression: { kind: 'EVENT' } },
  },
  // events: matched by org, name and key in time order; purged when they expire
  { collection: COLLECTIONS.waitEvents, key: { orgId: 1, name: 1, key: 1, at: 1 }, options: { name: 'org_name_key_at' } },
  { collection: COLLECTIONS.waitEvents, key: { expiresAt: 1 }, options: { name: 'expires' } },
  // metrics rollups: an org's minutes of one kind in a window, and old minutes for the purge
  { collection: COLLECTIONS.metricMinutes, key: { orgId: 1, kind: 1, minute: 1 }, options: { name: 'org_kind_minute' } },
  { collection: COLLECTIONS.metricMinutes, key: { minute: 1 }, options: { name: 'minute' } },
];

/** Indexes an older version made, replaced above under new names (dropped at open when present). */
export const OBSOLETE_INDEXES: Array<{ collection: string; name: string }> = [
  { collection: COLLECTIONS.jobs, name: 'claim' },
  { collection: COLLECTIONS.jobs, name: 'parent' },
  { collection: COLLECTIONS.jobs, name: 'schedule' },
];

/**
 * The schema version this code writes; a newer one in the database is refused. 2: claim_type, partial
 * parent/schedule indexes. 3: steps, waits, kept signals and events. 4: `job_leases` (heartbeats
 * no longer write the job documents). 5: `job_counts` (built from the jobs when upgrading).
 */
export const MONGO_SCHEMA_VERSION = 5;
/** The first version with job counters: a database below it has its counters built at open. */
export const JOB_COUNTS_SINCE = 5;
