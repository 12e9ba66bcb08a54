/**
 * The storage port: what the engine needs from a database, in job terms. An adapter (sqlite/, mongo/)
 * owns its connections; no SQL, filter document or driver handle crosses this line.
 *
 * Every method is async so that a networked store fits. Every write that changes a job, a log or the
 * queue is announced on `changes` after it commits.
 */
import type { ApiToken, AuditEntry, AuditFilter, Job, JobError, JobFilter, JobLog, JobOrder, JobProgress, JobStatus, LogLevel, NewJob, NewJobLog, QueueStats, WorkerInfo } from '../domain/types.js';
import type { Page, PageRequest } from '../domain/page.js';
import type { StopSignal } from '../domain/stop-signal.js';
import type { ChangeFeed } from './change-feed.js';
import type { ClaimRequest } from '../domain/claim-sharing.js';
import type { StatusTypeCount } from '../domain/queue-stats.js';
import type { JobCount } from '../domain/job-counts.js';
import type { MetricsJobTimes } from '../domain/metrics.js';
import type { RolledWindow } from '../domain/metrics-rollup.js';
import type { LlmUsageFacts } from '../domain/llm-usage.js';
import type { CostSeriesFacts } from '../domain/cost-series.js';
import type { JobMetrics } from '../domain/metrics.js';
import type { LlmCall, LlmCallFilter, LlmCallPatch, TokenUsage } from '../domain/llm-call.js';
import type { JobStep, StepEnd } from '../domain/job-step.js';
import type { JobWait, KeptSignal, NewJobWait, WaitEvent, WaitResolution } from '../domain/job-wait.js';
import type { ModelPrice } from '../domain/prices.js';
import type { Budget, BudgetHold, BudgetInput, BudgetScope, HoldOwner } from '../domain/budget.js';
import type {
  Alert,
  AlertKind,
  RunStatus,
  Schedule,
  ScheduleFilter,
  SchedulePatch,
  ScheduleRun,
  ScheduleRunPatch,
  SchedulerHeartbeat,
} from '../domain/schedule.js';

/** How an attempt ended, as the executor reports it. Applied only while the worker holds the lease. */
export type AttemptOutcome =
  | { kind: 'succeeded'; result: unknown }
  | { kind: 'failed'; error: JobError }
  | { kind: 'retry'; error: JobError; runAt: number }
  | { kind: 'cancelled'; error?: JobError }
  /** Given back without spending the attempt (graceful shutdown). */
  | { kind: 'released' }
  /**
   * The handler waits on an open wait: RUNNING -> WAITING (lease cleared, wakeAt the wait's timeout,
   * the attempt kept: a waiting job shows the attempt it ran as), or straight back to QUEUED when the
   * wait was resolved meanwhile. Every WAITING -> QUEUED gives the attempt back (a resume is the same
   * attempt going on, counted again by its claim).
   */
  | { kind: 'waiting'; waitId: string; wakeAt?: number };

export interface AttemptReport {
  jobId: string;
  workerId: string;
  outcome: AttemptOutcome;
  now: number;
}

/**
 * Boundaries, the same on every adapter: `createdAfter` is inclusive and `createdBefore` exclusive; a
 * lease has expired when `leaseExpiresAt < now`; a job is due when `runAt <= now`; a worker is alive
 * when `lastHeartbeatAt >= aliveSince`; a finished job is purged when `finishedAt < before`.
 */
export interface JobListQuery {
  orgId: string;
  filter: JobFilter;
  orderBy: JobOrder;
  page: PageRequest;
  /** Aborted when the caller has gone: a long read (a search) stops early; what it returns is not used. */
  signal?: StopSignal;
  /**
   * The job fields the caller reads (a GraphQL page that selects a few of them): a store may read
   * only these, with `id`, `orgId` and the order's sort fields, and leave the other fields out of
   * each job, as an unset optional field is. Absent: whole jobs.
   */
  fields?: ReadonlyArray<keyof Job>;
}

/**
 * The audit entries an insert writes with its jobs, made from what it stored: on SQLite in the same
 * transaction as the jobs; on MongoDB right after them (see JobRepository.insert).
 */
export type InsertAudit = (results: ReadonlyArray<{ job: Job; created: boolean }>) => AuditEntry[];

export interface JobRepository {
  /**
   * Stores new jobs in one write. A job whose (orgId, idempotencyKey) already exists is not stored:
   * the existing job comes back with `created: false` (also for a key repeated within one call: the
   * first of them is stored). SQLite stores all of them and the audit entries in one transaction;
   * MongoDB stores them in one unordered insertMany and takes back what it stored if any fails for
   * another reason than a duplicate key, then writes the audit entries.
   */
  insert(jobs: NewJob[], audit?: InsertAudit): Promise<Array<{ job: Job; created: boolean }>>;
  get(id: string, orgId: string): Promise<Job | undefined>;
  /** The org's jobs among these ids, in no particular order (ids of other orgs or of no job are left out). */
  getMany(ids: readonly string[], orgId: string): Promise<Job[]>;
  list(query: JobListQuery): Promise<Page<Job>>;
  /** The exact number of the org's jobs that match (a filter on status and type only reads counters). */
  count(orgId: string, filter: JobFilter): Promise<number>;
  /**
   * The number of matching jobs, exact when the filter is on status and type only (counters kept with
   * every status change) or when at most `cap` match; otherwise `cap` with exact: false (domain/job-counts.ts).
   */
  countUpTo(orgId: string, filter: JobFilter, cap: number, signal?: StopSignal): Promise<JobCount>;
  /** Ids of the jobs that match, capped at `max` (for bulk actions). */
  findIds(orgId: string, filter: JobFilter, max: number): Promise<string[]>;
  /**
   * Whether reading this filter in this order walks the org's jobs in this process (a scan in
   * chunks) rather than an index range: such reads are held to the org's search cap, as searches
   * are. Absent: only searches by a term are (MongoDB runs its reads in the server).
   */
  scans?(filter: JobFilter, order: JobOrder): boolean;

  /**
   * Atomically moves up to `limit` due QUEUED jobs to RUNNING for this worker, highest priority first,
   * then earliest runAt, never exceeding the type and org limits; starts an attempt on each.
   */
  claim(request: ClaimRequest): Promise<Job[]>;
  /** Extends the leases this worker still holds; returns those jobs (others were lost). */
  heartbeat(workerId: string, jobIds: string[], leaseExpiresAt: number): Promise<Array<Pick<Job, 'id' | 'cancelRequested'>>>;
  /** Applies the outcomes of finished attempts in one write. Reports whose lease was lost are ignored. */
  finishAttempts(reports: AttemptReport[]): Promise<Job[]>;
  saveProgress(jobId: string, workerId: string, progress: JobProgress): Promise<void>;
  saveCheckpoint(jobId: string, workerId: string, checkpoint: unknown): Promise<void>;
  /**
   * QUEUED -> CANCELLED at once; RUNNING -> cancelRequested (the worker stops it). Returns the job, or
   * undefined when it does not exist in the org. Finished jobs are returned unchanged.
   */
  requestCancel(id: string, orgId: string, now: number): Promise<Job | undefined>;
  /**
   * requestCancel for many of the org's jobs in one write (a bulk cancel sends a few hundred at a
   * time); returns only the jobs it changed: QUEUED ones now CANCELLED, RUNNING ones now asked to stop.
   */
  requestCancelMany(ids: readonly string[], orgId: string, now: number): Promise<Job[]>;
  /**
   * RUNNING jobs whose lease expired before `now` go back to QUEUED, or to FAILED when no attempt is
   * left. With `allRunning`, every RUNNING job counts as expired (a store owned by one process, at start).
   */
  recoverLeases(now: number, opts?: { allRunning?: boolean }): Promise<Job[]>;
  /** Deletes finished jobs (and their logs) by id; returns the ids deleted. */
  deleteFinished(orgId: string, ids: string[]): Promise<string[]>;
  /** Deletes finished jobs that finished before `before`, at most `max`; returns how many. */
  purgeFinished(before: number, max: number): Promise<number>;
  /** The org's jobs counted by status and task type, and the oldest QUEUED job's createdAt
   * (folded into QueueStats above the store: domain/queue-stats.ts). */
  queueCounts(orgId: string): Promise<{ counts: StatusTypeCount[]; oldestQueuedAt?: number }>;
  /** Jobs by status and task type across every org, ordered by type then status; only pairs with
   * at least one job (the queue-depth gauge reads it at every scrape). */
  countByStatusAndType(): Promise<StatusTypeCount[]>;
  /**
   * The times of the org's jobs a metrics window needs: createdAt <= until and (no finishedAt or
   * finishedAt >= since); see domain/metrics.ts, which computes the figures from them.
   */
  metricsTimes(orgId: string, since: number, until: number): Promise<MetricsJobTimes[]>;
  /** The earliest runAt of a QUEUED job after `now`, to wake the executor when it is due. */
  nextRunAt(now: number, types: string[]): Promise<number | undefined>;
  /** A parent's children, for waiting on them. */
  children(orgId: string, parentId: string): Promise<Array<Pick<Job, 'id' | 'status'>>>;
  /**
   * WAITING -> QUEUED, due now: what the job waited for came. Undefined (nothing written) when the
   * job is not WAITING.
   */
  resume(id: string, orgId: string, now: number): Promise<Job | undefined>;
  /** WAITING jobs whose wakeAt <= now go back to QUEUED (a timeout or a sleep's end), at most `max`. */
  wakeDue(now: number, max: number): Promise<Job[]>;
  /** The earliest wakeAt of a WAITING job of these types (past ones too). */
  nextWakeAt(types: string[]): Promise<number | undefined>;
}

/** Steps of jobs (`ctx.step`), one record per (job, name). Written only under the job's lease. */
export interface JobStepRepository {
  /** The job's steps, in the order they first started. */
  list(orgId: string, jobId: string): Promise<JobStep[]>;
  /** The steps of the org's jobs among these ids in one read, each job's in the order they first started. */
  listMany(orgId: string, jobIds: readonly string[]): Promise<JobStep[]>;
  /**
   * Records that a step starts (RUNNING) while `workerId` holds the job's lease; false when it does not
   * (nothing written). A step that failed before is started again; a SUCCEEDED one is never replaced.
   */
  start(step: Pick<JobStep, 'orgId' | 'jobId' | 'name' | 'attempt' | 'startedAt'>, workerId: string): Promise<boolean>;
  /** Records how a RUNNING step ended, while `workerId` holds the job's lease; false when not written. */
  finish(jobId: string, name: string, workerId: string, end: StepEnd): Promise<boolean>;
}

/**
 * Waits of jobs, the signals kept for waits not opened yet, and events. A wait is resolved at most
 * once, whatever the number of signals, events and processes; resolving the wait a job is WAITING on
 * resumes the job (JobRepository.resume; on SQLite in the same transaction).
 */
export interface JobWaitRepository {
  /**
   * Opens the job's wait unless one of that name exists (then it comes back as it is). A signal kept
   * for it, or an unexpired event of the org that matches it (sent at or after `eventsSince`, not
   * taken by an earlier wait of the job), resolves it at once.
   */
  open(wait: NewJobWait, now: number, eventsSince: number): Promise<JobWait>;
  /** The job's waits, oldest first. */
  list(orgId: string, jobId: string): Promise<JobWait[]>;
  /** The waits of the org's jobs among these ids in one read, each job's oldest first. */
  listMany(orgId: string, jobIds: readonly string[]): Promise<JobWait[]>;
  get(id: string, orgId: string): Promise<JobWait | undefined>;
  /** The wait behind a callback token, in any org. */
  byCallbackToken(token: string): Promise<JobWait | undefined>;
  /**
   * Resolves the wait if it is still open: the wait after it and the job it resumed (if the job was
   * WAITING); undefined when it was resolved already or does not exist.
   */
  resolve(id: string, orgId: string, resolution: WaitResolution, now: number): Promise<{ wait: JobWait; job?: Job } | undefined>;
  /**
   * A signal to a job: resolves its open SIGNAL or APPROVAL wait of that name, or, when the job has no
   * wait of that name yet, keeps it (the latest kept signal of a name wins). `resolved` is the wait it
   * resolved; `kept` whether it was kept; neither when the wait of that name is resolved already.
   */
  signal(signal: KeptSignal): Promise<{ resolved?: { wait: JobWait; job?: Job }; kept: boolean }>;
  /** Stores the event and resolves every open EVENT wait of its org with its name and key. */
  sendEvent(event: WaitEvent): Promise<Array<{ wait: JobWait; job?: Job }>>;
  /** Deletes events that expired before `before`, at most `max`; how many. */
  purgeEvents(before: number, max: number): Promise<number>;
}

export interface JobLogRepository {
  /** Appends lines; the store numbers them per job (seq from 1, in order). */
  append(logs: NewJobLog[]): Promise<JobLog[]>;
  list(orgId: string, jobId: string, opts: { page: PageRequest; levels?: LogLevel[] }): Promise<Page<JobLog>>;
  count(orgId: string, jobId: string, levels?: LogLevel[]): Promise<number>;
}

export interface AuditRepository {
  insert(entry: AuditEntry): Promise<void>;
  list(orgId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
  count(orgId: string, filter: AuditFilter): Promise<number>;
}

export interface TokenRepository {
  insert(token: ApiToken): Promise<void>;
  findByHash(hash: string): Promise<ApiToken | undefined>;
  list(orgId?: string): Promise<ApiToken[]>;
  revoke(id: string, now: number): Promise<boolean>;
  touch(id: string, now: number): Promise<void>;
  countAdmins(): Promise<number>;
}

/**
 * Recorded LLM calls. Listed newest first (queuedAt, then id, descending); `since` is inclusive and
 * `until` exclusive on queuedAt.
 */
export interface LlmCallRepository {
  /** Records a call as queued; announced as llm.created. */
  insert(call: LlmCall): Promise<void>;
  /** Applies a change and returns the call after it; announced as llm.updated. */
  update(id: string, patch: LlmCallPatch, now: number): Promise<LlmCall | undefined>;
  get(id: string, orgId: string): Promise<LlmCall | undefined>;
  list(orgId: string, filter: LlmCallFilter, page: PageRequest): Promise<Page<LlmCall>>;
  count(orgId: string, filter: LlmCallFilter): Promise<number>;
  /** Token usage summed over one job's calls. */
  usageOfJob(orgId: string, jobId: string): Promise<TokenUsage>;
  /**
   * The calls made inside steps (`step` set) of the org's jobs among these ids, in one read: the
   * oldest `perStep` of each (job, step), oldest first.
   */
  ofSteps(orgId: string, jobIds: readonly string[], perStep: number): Promise<LlmCall[]>;
  /** Token usage summed per job, for the jobs among these that have calls in the org (one read). */
  usageOfJobs(orgId: string, jobIds: readonly string[]): Promise<Array<{ jobId: string; usage: TokenUsage }>>;
  /** Cost summed per job (micro-dollars) and its calls without a price, for the jobs among these that have calls. */
  costOfJobs(orgId: string, jobIds: readonly string[]): Promise<CostSum[]>;
  /** Cost summed per schedule over the calls its jobs made, for the schedules among these that have calls. */
  costOfSchedules(orgId: string, scheduleIds: readonly string[]): Promise<CostSum[]>;
  /** Calls, failures, token and cost sums per model, per source and per schedule, and the finished calls' timings
   * (the percentiles are computed from them above the store: domain/llm-usage.ts). */
  usage(orgId: string, since: number, until: number): Promise<LlmUsageFacts>;
  /** Cost and unpriced calls of the window's calls (by queuedAt) per bucket of `bucketMs` from `since`, by model and by task type (domain/cost-series.ts). */
  costSeries(orgId: string, since: number, until: number, bucketMs: number): Promise<CostSeriesFacts>;
  /** Deletes calls queued before `before`, at most `max`; returns how many. */
  purge(before: number, max: number): Promise<number>;
}

/** One job's or schedule's calls: what the priced ones cost, and how many had no price. */
export interface CostSum {
  id: string;
  costMicros: number;
  unpricedCalls: number;
}

/** Prices set through the API, per org; every version is kept (a call keeps the one it was charged). */
export interface PriceRepository {
  insert(orgId: string, price: ModelPrice): Promise<void>;
  /** The org's newest version of each key, by key. */
  latest(orgId: string): Promise<ModelPrice[]>;
  /** The org's newest version of one key. */
  latestOf(orgId: string, key: string): Promise<ModelPrice | undefined>;
}

/**
 * Budgets of an org, and the holds calls take on them. A read or write of a budget whose period
 * ended sees it rolled over (domain/budget.ts `asOf`); writes store the roll-over.
 */
export interface BudgetRepository {
  /** False (nothing stored) when the org has a budget of this scope, target and period already. */
  insert(budget: Budget): Promise<boolean>;
  get(id: string, orgId: string, now: number): Promise<Budget | undefined>;
  /** The org's budgets, by scope, target, period, then id; with `scope`, only those. */
  list(orgId: string, now: number, scope?: BudgetScope): Promise<Budget[]>;
  /** Sets what the input sets (spent and holds stay); undefined when it does not exist in the org. */
  update(id: string, orgId: string, input: BudgetInput, now: number): Promise<Budget | undefined>;
  delete(id: string, orgId: string): Promise<boolean>;
  /** The org's budgets of these (scope, target) pairs. */
  covering(orgId: string, pairs: ReadonlyArray<{ scope: BudgetScope; target?: string }>, now: number): Promise<Budget[]>;
  /**
   * Holds `amountMicros` on every one of these budgets, or on none: all at once on SQLite (one
   * transaction); on MongoDB one conditional update each, the ones taken given back if a later one
   * does not fit. Refused: the first budget it did not fit, as read.
   */
  reserve(ids: readonly string[], orgId: string, amountMicros: number, now: number, owner?: HoldOwner): Promise<{ ok: true } | { ok: false; budget: Budget }>;
  /**
   * Releases a hold and adds what the call cost; returns the budgets after it. With `holdId` (a hold
   * taken with an owner), the hold is released only if it is still stored: one the sweep gave back
   * already is not given back twice (what the call cost is still added).
   */
  settle(ids: readonly string[], orgId: string, heldMicros: number, spentMicros: number, now: number, holdId?: string): Promise<Budget[]>;
  /** Stored holds of every org, oldest first, at most `max` (the sweep reads them). */
  holds(max: number): Promise<BudgetHold[]>;
  /** Gives a stored hold back to its budgets and forgets it; false when it was settled or released already. */
  release(holdId: string, now: number): Promise<boolean>;
  /** Moves `alerted` from `from` to `to` in the period that starts at `periodStart`; true for the one writer that did. */
  markAlerted(id: string, periodStart: number, from: number, to: number): Promise<boolean>;
}

/** Schedules, listed by name (then id); `due` and `nextDueAt` serve the scheduler across orgs. */
export interface ScheduleRepository {
  insert(schedule: Schedule): Promise<void>;
  /** Replaces the stored schedule (the caller read it and changed it); announced. */
  save(schedule: Schedule): Promise<void>;
  /**
   * The scheduler's write: only the patch's fields and updatedAt = now, in one atomic write; returns
   * the schedule after it (announced), or undefined when nothing was written. With `ifNextRunAt`, it
   * writes only while the stored nextRunAt is still that slot, so a slot advances once and a trigger
   * change or a disable made meanwhile wins.
   */
  patch(id: string, patch: SchedulePatch, now: number, ifNextRunAt?: number): Promise<Schedule | undefined>;
  get(id: string, orgId: string): Promise<Schedule | undefined>;
  /** The org's schedules among these ids, in no particular order. */
  getMany(ids: readonly string[], orgId: string): Promise<Schedule[]>;
  list(orgId: string, filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>>;
  count(orgId: string, filter: ScheduleFilter): Promise<number>;
  /** Deletes the schedule and its runs; false when it did not exist in the org. */
  delete(id: string, orgId: string): Promise<boolean>;
  /** Enabled schedules whose nextRunAt <= now, earliest first, at most `max`. */
  due(now: number, max: number): Promise<Schedule[]>;
  /** The earliest nextRunAt of an enabled schedule; with `after`, the earliest later than it. */
  nextDueAt(after?: number): Promise<number | undefined>;
  /** How many enabled schedules have nextRunAt <= until, counted up to max (the scheduler sizes its lead on it). */
  countDue(until: number, max: number): Promise<number>;
  /** The orgs that have an enabled schedule with a next slot (the ones a scheduler has work for). */
  activeOrgs(): Promise<string[]>;
}

/** Runs of schedules, listed newest first (scheduledFor, then id, descending). */
export interface ScheduleRunRepository {
  /**
   * Stores a run unless its runKey exists: then the existing run comes back with created: false
   * (a slot fires at most once, whatever the number of processes or clicks).
   */
  insert(run: ScheduleRun): Promise<{ run: ScheduleRun; created: boolean }>;
  /**
   * Applies the patch and returns the run after it (announced). With `ifStatus`, only while the run's
   * status is one of those, else undefined and nothing written: of several processes following one
   * job, exactly one wins a run's move to its end (and counts it).
   */
  update(id: string, patch: ScheduleRunPatch, now: number, ifStatus?: readonly RunStatus[]): Promise<ScheduleRun | undefined>;
  get(id: string, orgId: string): Promise<ScheduleRun | undefined>;
  /** The org's runs among these ids, in no particular order. */
  getMany(ids: readonly string[], orgId: string): Promise<ScheduleRun[]>;
  byJob(orgId: string, jobId: string): Promise<ScheduleRun | undefined>;
  list(orgId: string, filter: { scheduleId?: string; status?: RunStatus[] }, page: PageRequest): Promise<Page<ScheduleRun>>;
  count(orgId: string, filter: { scheduleId?: string; status?: RunStatus[] }): Promise<number>;
  /** Runs of the schedule still QUEUED or RUNNING. */
  active(scheduleId: string): Promise<ScheduleRun[]>;
  /**
   * Runs still QUEUED or RUNNING in every org, by id, those after the id `after` (all when
   * undefined), at most `max`: the scheduler checks them against their jobs at start.
   */
  allActive(after: string | undefined, max: number): Promise<ScheduleRun[]>;
  /** The runs with these ids, in every org, in no particular order (those that exist). */
  getManyInAnyOrg(ids: readonly string[]): Promise<ScheduleRun[]>;
  /** Runs still QUEUED or RUNNING of these schedules, by schedule, then oldest slot first. */
  activeOf(scheduleIds: readonly string[]): Promise<ScheduleRun[]>;
  /**
   * Fires a batch of slots in one write, all or nothing: each slot's run (unless its runKey exists:
   * then the existing run comes back, created: false, and its job is not stored), the run's job
   * (stored only with the run, which holds its id) and its schedule's patches, each as
   * ScheduleRepository.patch applies it. Announced after it commits.
   */
  fireSlots(slots: readonly SlotWrite[], now: number): Promise<SlotWritten[]>;
  /**
   * Applies run updates in one write, each as `update` does; a run that was written also writes its
   * `schedulePatch` (a run's end noted on its schedule, counted once). Results in the updates' order.
   */
  updateMany(updates: readonly RunUpdate[], now: number): Promise<RunUpdated[]>;
}

/** One slot's part of ScheduleRunRepository.fireSlots. */
export interface SlotWrite {
  scheduleId: string;
  /** Absent when the slot only writes its schedule (a skip counted there, no run stored). */
  run?: ScheduleRun;
  /** The run's job; stored only when the run is, and the run holds its id. */
  job?: NewJob;
  /** The scheduler's patches of the schedule, in order; `ifRunCreated`: only when the run was stored. */
  patches: ReadonlyArray<{ patch: SchedulePatch; ifNextRunAt?: number; ifRunCreated?: boolean }>;
}

export interface SlotWritten {
  /** The slot's run: the one stored, or the one that held its runKey. */
  run?: ScheduleRun;
  created: boolean;
  /** The run's job, when one was stored with it. */
  job?: Job;
}

/** One run's part of ScheduleRunRepository.updateMany. */
export interface RunUpdate {
  id: string;
  patch: ScheduleRunPatch;
  ifStatus?: readonly RunStatus[];
  /**
   * Written to the run's schedule only when the run was, and only if it changes the schedule: a
   * run's end that sets the status it already has (and resets a streak already at 0) writes nothing.
   */
  schedulePatch?: SchedulePatch;
}

export interface RunUpdated {
  /** The run after the update; undefined when it was not written. */
  run?: ScheduleRun;
  /** The run's schedule after `schedulePatch`, when it was written (absent when it changed nothing). */
  schedule?: Schedule;
}

/** Alerts, newest first. */
export interface AlertRepository {
  /** Stores the alert; false (nothing stored) when an open alert of its org holds its dedupeKey. */
  insert(alert: Alert): Promise<boolean>;
  get(id: string, orgId: string): Promise<Alert | undefined>;
  list(orgId: string, filter: { open?: boolean; scheduleId?: string }, page: PageRequest): Promise<Page<Alert>>;
  count(orgId: string, filter: { open?: boolean; scheduleId?: string }): Promise<number>;
  acknowledge(id: string, orgId: string, by: string, now: number): Promise<Alert | undefined>;
  /** Acknowledges every open alert of this kind in every org (a condition that cleared); how many. */
  resolve(kind: AlertKind, by: string, now: number): Promise<number>;
}

/** Schedulers' heartbeats, one per node; the watchdog reads the newest. */
export interface SchedulerHeartbeatRepository {
  /** Records the node's beat at `at` (a beat never moves a node's time back). */
  beat(node: string, at: number): Promise<void>;
  /** The most recent beat of any node. */
  newest(): Promise<SchedulerHeartbeat | undefined>;
}

export interface WorkerRepository {
  upsert(worker: WorkerInfo): Promise<void>;
  /** Workers whose last heartbeat is at or after `aliveSince`. */
  list(aliveSince: number): Promise<WorkerInfo[]>;
  remove(id: string): Promise<void>;
}

/**
 * A job search index brought up to date in the background, a chunk at a time. A search answers the
 * same with the index at any point (the unindexed jobs are read row by row), only faster the further
 * the index has got. A store without one reads every search row by row.
 */
export interface JobSearchIndexRepository {
  /** Indexes (or re-indexes, or forgets) at most `maxJobs` jobs; `done` when nothing is left to do. */
  step(maxJobs: number): Promise<{ indexed: number; done: boolean }>;
}

/**
 * Per-minute rollups of finished jobs for the metrics (domain/metrics-rollup.ts). A store without
 * them answers metrics from `JobRepository.metricsTimes` alone.
 */
export interface MetricsRollupRepository {
  /**
   * One consistent read of a window: the rolled minutes in [since, until) (depth changes in
   * (since, until]) and the jobs not rolled yet (unfinished, or finished at or after the mark).
   */
  window(orgId: string, since: number, until: number): Promise<{ rolled: RolledWindow; jobs: MetricsJobTimes[] }>;
  /** Rolls up to `maxJobs` of the org's jobs finished before `upTo`, once each; `done` when none are left. */
  roll(orgId: string, upTo: number, maxJobs: number): Promise<{ rolled: number; done: boolean }>;
  /** Orgs that have jobs. */
  orgs(): Promise<string[]>;
  /** Drops rolled minutes before a time (queue depth changes are folded into one, so depth stays right). */
  purge(before: number): Promise<void>;
}

export interface Store {
  /** The adapter's name, for logs and `bench/` ("sqlite", "mongo"). */
  readonly kind: string;
  /** True when one process owns the store: RUNNING jobs found at start belong to a dead process. */
  readonly exclusive: boolean;
  /** Settings worth printing next to figures (journal mode, synchronous, ...). */
  readonly durability: Record<string, string>;
  readonly jobs: JobRepository;
  readonly logs: JobLogRepository;
  readonly audit: AuditRepository;
  readonly tokens: TokenRepository;
  readonly workers: WorkerRepository;
  readonly llmCalls: LlmCallRepository;
  readonly prices: PriceRepository;
  readonly budgets: BudgetRepository;
  readonly schedules: ScheduleRepository;
  readonly scheduleRuns: ScheduleRunRepository;
  readonly alerts: AlertRepository;
  readonly schedulerHeartbeats: SchedulerHeartbeatRepository;
  readonly steps: JobStepRepository;
  readonly waits: JobWaitRepository;
  readonly metricsRollups?: MetricsRollupRepository;
  readonly jobSearchIndex?: JobSearchIndexRepository;
  readonly changes: ChangeFeed;
  close(): Promise<void>;
}

export type { JobStatus };
