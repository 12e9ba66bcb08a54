/**
 * Schedule runs and their outcomes: a run is made for a slot (SCHEDULED), a run-now (MANUAL) or a
 * retry (RETRY); starting it enqueues its job; the run follows its job to its end, then notes the
 * end on its schedule (last status, failure streak, the alert at the threshold), retries a failure
 * on the schedule's ladder and starts a BUFFER_ONE run that waited for it. A slot the overlap policy
 * skips is counted on its schedule (skippedRuns, lastSkippedAt); only the first skip of a streak
 * behind the same active runs is stored as a SKIPPED run, so a long run under an every-second
 * trigger does not write a run a second.
 *
 * Several processes may follow one job (each sees it on the change feed, MongoDB): a run's end is a
 * conditional move from QUEUED or RUNNING, so it is counted once, and every write to a schedule here
 * is a partial patch of the scheduler's own fields, so a user's edit made meanwhile is kept.
 */
import type { Actor } from '../domain/actor.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { LogSink } from '../domain/log-sink.js';
import { overlapDecision, type OverlapDecision } from '../domain/schedule-policy.js';
import type { RunStatus, RunTrigger, Schedule, ScheduleRun, ScheduleRunPatch } from '../domain/schedule.js';
import type { Job } from '../domain/types.js';
import type { Store } from '../store/port.js';
import type { JobService } from './job-service.js';
import { slotKey } from './triggers.js';

export interface ScheduleRunsOptions {
  store: Store;
  jobs: JobService;
  logger: LogSink;
  /** The time of every run's writes (tests set it). */
  clock?: Clock;
}

/**
 * Brings runs that look active up to date with their jobs (a job that ended unseen, a run that never
 * got its job); true if any of them changed. The scheduler's crash reconciliation provides it.
 */
export type SettleActiveRuns = (active: readonly ScheduleRun[]) => Promise<boolean>;

/** A run moves to its end only from these: whoever wins that move counts the run. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['QUEUED', 'RUNNING'];
export const FINISHED_JOB_STATUSES: readonly Job['status'][] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export class ScheduleRuns {
  readonly #store: Store;
  readonly #jobs: JobService;
  readonly #logger: LogSink;
  readonly #clock: Clock;

  constructor(options: ScheduleRunsOptions) {
    this.#store = options.store;
    this.#jobs = options.jobs;
    this.#logger = options.logger;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Makes the run of one slot and starts its job, as the overlap policy allows. An existing runKey
   * returns the existing run (a slot fires at most once). When active runs would hold the slot back,
   * `settle` first brings them up to date: only a run that still has work may hold it back.
   */
  async fire(schedule: Schedule, slot: number, settle?: SettleActiveRuns): Promise<ScheduleRun> {
    let active = await this.#store.scheduleRuns.active(schedule.id);
    let decision = overlapDecision(schedule, active);
    if (decision !== 'START' && settle && (await settle(active))) {
      active = await this.#store.scheduleRuns.active(schedule.id);
      decision = overlapDecision(schedule, active);
    }
    if (decision === 'SKIP') {
      // A streak of skips behind the same active runs is one SKIPPED run; the rest are counted.
      const streak = await this.#skipStreak(schedule, active);
      if (streak) {
        await this.#store.schedules.patch(schedule.id, { lastRunStatus: 'SKIPPED', skipped: slot }, this.#clock());
        return streak;
      }
    }
    return this.#create(schedule, slot, 'SCHEDULED', slotKey(schedule.id, slot), decision);
  }

  /** The SKIPPED run stored since the oldest of these active runs began, if any: its streak goes on. */
  async #skipStreak(schedule: Schedule, active: readonly ScheduleRun[]): Promise<ScheduleRun | undefined> {
    if (active.length === 0) return undefined;
    const since = Math.min(...active.map((r) => r.createdAt));
    const [last] = (await this.#store.scheduleRuns.list(schedule.orgId, { scheduleId: schedule.id, status: ['SKIPPED'] }, { first: 1 })).items;
    return last && last.node.createdAt >= since ? last.node : undefined;
  }

  /** A run now, outside the trigger: the overlap policy does not apply to it. */
  runNow(schedule: Schedule): Promise<ScheduleRun> {
    return this.#create(schedule, this.#clock(), 'MANUAL', `${schedule.id}@manual:${newId()}`, 'START');
  }

  /** A new run retrying a finished one (the schedule's ladder, or an operator's request). */
  async retry(schedule: Schedule, failed: ScheduleRun, delayMs: number): Promise<ScheduleRun> {
    const now = this.#clock();
    const root = failed.runKey.replace(/#retry\d+$/, '');
    const run: ScheduleRun = {
      id: newId(),
      orgId: schedule.orgId,
      scheduleId: schedule.id,
      runKey: `${root}#retry${failed.attempt + 1}`,
      trigger: 'RETRY',
      attempt: failed.attempt + 1,
      status: 'QUEUED',
      scheduledFor: now + delayMs,
      retryOfRunId: failed.id,
      createdAt: now,
      updatedAt: now,
    };
    const { run: stored, created } = await this.#store.scheduleRuns.insert(run);
    return created ? this.start(schedule, stored, delayMs) : stored;
  }

  /** Starts a stored run: enqueues its job (one per run, however many processes start it). */
  async start(schedule: Schedule, run: ScheduleRun, delayMs = 0): Promise<ScheduleRun> {
    const actor: Actor = { orgId: schedule.orgId, userId: `schedule:${schedule.id}` };
    // The plugin may be gone since the schedule was saved (a restart without it): say so plainly.
    if (!this.#jobs.catalog.get(schedule.taskType)) return this.#cannotStart(run, `task type '${schedule.taskType}' is not registered in this process`);
    let job: Job;
    try {
      job = await this.#jobs.enqueue(
        actor,
        {
          type: schedule.taskType,
          payload: schedule.payload,
          scheduleId: schedule.id,
          scheduleRunId: run.id,
          // One job per run, even if two processes start it.
          idempotencyKey: `schedule-run:${run.id}`,
          ...(delayMs > 0 && { delayMs }),
        },
        { audit: false },
      );
    } catch (error) {
      // The payload no longer fits the task's schema, or the store refused.
      return this.#cannotStart(run, `the job could not be enqueued: ${error instanceof Error ? error.message : String(error)}`);
    }
    return (await this.#store.scheduleRuns.update(run.id, { jobId: job.id }, this.#clock())) ?? run;
  }

  /**
   * Follows runs' jobs on the change feed until the returned function is called; that function stops
   * listening and resolves once the events already received are handled. Events are handled one at a
   * time, in order, so a run's updates never cross.
   */
  followJobs(): () => Promise<void> {
    let queue: Promise<void> = Promise.resolve();
    const unsubscribe = this.#store.changes.subscribe((event) => {
      if (event.kind !== 'job.updated' || !event.job.scheduleRunId) return;
      const job = event.job;
      queue = queue.then(() => this.follow(job)).catch((error) => this.#logger.error({ err: error }, 'following a run failed'));
    });
    return () => {
      unsubscribe();
      return queue;
    };
  }

  /** A run's job changed: the run follows it. */
  async follow(job: Job): Promise<void> {
    const run = await this.#store.scheduleRuns.get(job.scheduleRunId!, job.orgId);
    // The run learns its jobId just after the enqueue; a fast job's first events may come before that.
    if (!run || (run.jobId !== undefined && run.jobId !== job.id)) return;
    const now = this.#clock();
    if (job.status === 'RUNNING' && run.status === 'QUEUED') {
      await this.#store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: job.startedAt ?? now }, now, ['QUEUED']);
      return;
    }
    if (!FINISHED_JOB_STATUSES.includes(job.status)) return;
    if (!ACTIVE_RUN_STATUSES.includes(run.status)) return; // already followed
    const lastError = job.errors.at(-1);
    const status: RunStatus =
      job.status === 'SUCCEEDED' ? 'SUCCEEDED' : job.status === 'CANCELLED' ? 'CANCELLED' : lastError?.code === 'TIMEOUT' ? 'TIMED_OUT' : 'FAILED';
    await this.finish(
      run,
      status,
      { finishedAt: job.finishedAt ?? now, ...(run.startedAt === undefined && job.startedAt !== undefined && { startedAt: job.startedAt }) },
      status !== 'SUCCEEDED' ? lastError?.message : undefined,
    );
  }

  /**
   * Ends a run, then notes it on its schedule, retries a failure on the ladder and starts a buffered
   * run. The end is a conditional move from QUEUED or RUNNING: of several processes following one
   * job, only the one that moves the run counts it. Undefined when another did.
   */
  async finish(run: ScheduleRun, status: RunStatus, patch: ScheduleRunPatch, error: string | undefined): Promise<ScheduleRun | undefined> {
    const now = this.#clock();
    const ended = await this.#store.scheduleRuns.update(run.id, { finishedAt: now, ...patch, status, ...(error !== undefined && { error }) }, now, ACTIVE_RUN_STATUSES);
    if (!ended) return undefined;
    const failed = status === 'FAILED' || status === 'TIMED_OUT';
    const schedule = await this.#record(run.scheduleId, status, failed, error);
    if (schedule && failed && run.attempt <= schedule.retryPolicy.maxRetries) {
      const ladder = schedule.retryPolicy.backoffSeconds;
      const seconds = ladder.length ? ladder[Math.min(run.attempt - 1, ladder.length - 1)]! : 0;
      await this.retry(schedule, ended, seconds * 1000);
    }
    if (schedule) await this.#startBuffered(schedule);
    return ended;
  }

  /** Stores a new run of the schedule, as the overlap policy decided, and starts it if it may. */
  async #create(schedule: Schedule, scheduledFor: number, trigger: RunTrigger, runKey: string, decision: OverlapDecision): Promise<ScheduleRun> {
    const status: RunStatus = decision === 'SKIP' ? 'SKIPPED' : 'QUEUED';
    const now = this.#clock();
    const run: ScheduleRun = {
      id: newId(),
      orgId: schedule.orgId,
      scheduleId: schedule.id,
      runKey,
      trigger,
      attempt: 1,
      status,
      scheduledFor,
      createdAt: now,
      updatedAt: now,
      ...(status === 'SKIPPED' && {
        finishedAt: now,
        error: `skipped: a run of this schedule is still active (overlap policy ${schedule.overlapPolicy}); slots skipped after this one while it stays active are counted on the schedule (skippedRuns)`,
      }),
    };
    const { run: stored, created } = await this.#store.scheduleRuns.insert(run);
    if (!created) return stored;
    if (status === 'SKIPPED') {
      await this.#store.schedules.patch(schedule.id, { lastRunStatus: 'SKIPPED', skipped: scheduledFor }, now);
      return stored;
    }
    // BUFFER: the run waits, without a job, until the running one finishes.
    return decision === 'START' ? this.start(schedule, stored) : stored;
  }

  /** Execution is unavailable: the run fails visibly and counts as a failure; the next slot tries again. */
  async #cannotStart(run: ScheduleRun, error: string): Promise<ScheduleRun> {
    this.#logger.warn({ scheduleId: run.scheduleId, runId: run.id, error }, 'a schedule run could not start');
    return (await this.finish(run, 'FAILED', {}, error)) ?? (await this.#store.scheduleRuns.get(run.id, run.orgId)) ?? run;
  }

  /** BUFFER_ONE: the run that waited for this one starts now. */
  async #startBuffered(schedule: Schedule): Promise<void> {
    const waiting = (await this.#store.scheduleRuns.active(schedule.id)).filter((r) => r.jobId === undefined);
    const next = waiting.sort((a, b) => a.scheduledFor - b.scheduledFor)[0];
    if (next) await this.start(schedule, next);
  }

  /**
   * Notes a run's end on its schedule: last status, the failure streak, and the alert (with an
   * optional pause) when the streak reaches the threshold. The store counts the streak atomically,
   * so exactly one of several failures recorded at once sees it reach the threshold.
   */
  async #record(scheduleId: string, status: RunStatus, failed: boolean, lastError?: string): Promise<Schedule | undefined> {
    const now = this.#clock();
    const failures = failed ? ('increment' as const) : status === 'SUCCEEDED' ? ('reset' as const) : undefined;
    const schedule = await this.#store.schedules.patch(scheduleId, { lastRunStatus: status, ...(failures && { failures }) }, now);
    if (!schedule) return undefined;
    const streak = schedule.consecutiveFailures;
    const threshold = schedule.alertAfterFailures;
    if (failed && threshold !== undefined && streak === threshold) {
      await this.#store.alerts.insert({
        id: newId(),
        orgId: schedule.orgId,
        kind: 'CONSECUTIVE_FAILURES',
        scheduleId,
        message: `schedule "${schedule.name}" failed ${streak} times in a row${lastError ? `; last error: ${lastError}` : ''}${schedule.pauseOnAlert ? '; the schedule was paused' : ''}`,
        raisedAt: now,
      });
      if (schedule.pauseOnAlert) return (await this.#store.schedules.patch(scheduleId, { enabled: false, nextRunAt: null }, now)) ?? schedule;
    }
    return schedule;
  }
}
