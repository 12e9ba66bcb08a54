/**
 * The nouns of schedules.
 *
 * - schedule: a task type and payload fired by a trigger (cron, interval, once) in a time zone.
 * - slot: one instant the trigger names. A slot fires at most once, ever: its run's `runKey`
 *   (schedule id + slot instant) is unique in the store.
 * - run: one firing of a schedule (SCHEDULED by a slot, MANUAL by run-now, RETRY of a failed run);
 *   it enqueues a job and follows it to SUCCEEDED / FAILED / TIMED_OUT / CANCELLED, or is SKIPPED
 *   by the overlap policy.
 * - alert: raised for N consecutive failed runs of a schedule, or when no scheduler has beaten for
 *   too long (stalled); acknowledged by an operator.
 * - heartbeat: each scheduler's proof of life, one per node, read by the watchdog.
 */
export type TriggerKind = 'CRON' | 'INTERVAL' | 'ONCE';

export const TRIGGER_KINDS: readonly TriggerKind[] = ['CRON', 'INTERVAL', 'ONCE'];

/** A validated trigger, as stored. */
export interface Trigger {
  kind: TriggerKind;
  /** CRON only: croner syntax, trimmed. */
  cron?: string;
  /** INTERVAL only: whole seconds, 1 .. MAX_INTERVAL_SECONDS. */
  intervalSeconds?: number;
  /** ONCE only: epoch ms. */
  at?: number;
  /** IANA zone the cron is read in, default 'UTC'. */
  timezone: string;
}

export const OVERLAP_POLICIES = ['SKIP', 'ALLOW', 'BUFFER_ONE'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];
export const MISFIRE_POLICIES = ['SKIP', 'RUN_ONCE'] as const;
export type MisfirePolicy = (typeof MISFIRE_POLICIES)[number];
export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'SKIPPED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_TRIGGERS = ['SCHEDULED', 'MANUAL', 'RETRY'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];
export const ALERT_KINDS = ['CONSECUTIVE_FAILURES', 'SCHEDULER_STALLED', 'BUDGET_THRESHOLD'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'SKIPPED', 'CANCELLED'];

export interface RetryPolicy {
  maxRetries: number;
  backoffSeconds: number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxRetries: 3, backoffSeconds: [30, 60, 300, 900, 3600] }) as RetryPolicy;

export interface Schedule {
  id: string;
  orgId: string;
  name: string;
  description?: string;
  taskType: string;
  payload: unknown;
  trigger: Trigger;
  enabled: boolean;
  /** The next slot to fire; absent when disabled or when the trigger has no more slots. */
  nextRunAt?: number;
  lastRunAt?: number;
  lastRunStatus?: RunStatus;
  consecutiveFailures: number;
  /**
   * Slots the overlap policy skipped, counted here rather than stored as runs: only the first skip
   * of a streak (while the same runs stay active) is stored as a SKIPPED run.
   */
  skippedRuns: number;
  /** The latest slot the overlap policy skipped. */
  lastSkippedAt?: number;
  overlapPolicy: OverlapPolicy;
  maxConcurrentRuns: number;
  misfirePolicy: MisfirePolicy;
  /** RUN_ONCE fires a missed slot only if it is at most this old. */
  catchUpWindowSeconds: number;
  retryPolicy: RetryPolicy;
  alertAfterFailures?: number;
  /** When the failure alert is raised, disable the schedule too. */
  pauseOnAlert: boolean;
  createdBy?: string;
  createdAt: number;
  updatedAt: number;
  /** INTERVAL triggers fire on the grid anchor + k * interval. */
  anchorAt: number;
}

export interface ScheduleRun {
  id: string;
  orgId: string;
  scheduleId: string;
  /** Unique: one run per schedule slot (and per manual run or retry). */
  runKey: string;
  trigger: RunTrigger;
  /** 1 for the first run of a slot; a retry of attempt n is n + 1. */
  attempt: number;
  status: RunStatus;
  scheduledFor: number;
  startedAt?: number;
  finishedAt?: number;
  jobId?: string;
  error?: string;
  /** The run this one retries. */
  retryOfRunId?: string;
  createdAt: number;
  updatedAt: number;
}

export type ScheduleRunPatch = Partial<Pick<ScheduleRun, 'status' | 'startedAt' | 'finishedAt' | 'jobId' | 'error'>>;

/**
 * The fields of a schedule the scheduler owns. A patch writes only these, so a user's edit of the
 * schedule's settings made meanwhile is never overwritten by the scheduler.
 */
export interface SchedulePatch {
  /** null: no next slot. */
  nextRunAt?: number | null;
  lastRunAt?: number;
  lastRunStatus?: RunStatus;
  /** Set false when a ONCE trigger has fired or an alert paused the schedule. */
  enabled?: boolean;
  /** Atomically adds one to consecutiveFailures, or sets it to 0. */
  failures?: 'increment' | 'reset';
  /**
   * A slot the overlap policy skipped: adds one to skippedRuns and sets lastSkippedAt to it, only
   * if lastSkippedAt is absent or earlier (a slot counts once, whatever the number of processes);
   * otherwise nothing is written.
   */
  skipped?: number;
}

export interface Alert {
  id: string;
  orgId: string;
  kind: AlertKind;
  scheduleId?: string;
  message: string;
  raisedAt: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  /**
   * While the alert is open, no other open alert of its org has this key (the second is not
   * stored); acknowledging the alert releases it.
   */
  dedupeKey?: string;
}

/** A scheduler's latest proof of life, one per node. */
export interface SchedulerHeartbeat {
  node: string;
  lastBeatAt: number;
}

export interface ScheduleFilter {
  enabled?: boolean;
  taskType?: string[];
  /** Text in the name or description (any case). */
  search?: string;
  lastRunStatus?: RunStatus[];
}

/** What `search` looks in: name and description, lower-cased in JS by every adapter (SQLite's lower()
 * knows only ASCII), so "any case" means the same beyond ASCII. */
export const scheduleSearchText = (s: Pick<Schedule, 'name' | 'description'>): string =>
  `${s.name}\n${s.description ?? ''}`.toLowerCase();

/** Runs to list: every field given must hold. */
export interface RunFilter {
  scheduleId?: string;
  status?: RunStatus[];
}

/** Alerts to list: open = not acknowledged. */
export interface AlertFilter {
  open?: boolean;
  scheduleId?: string;
}
