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
 *
 * Both directions are batched: the slots a wake-up fires are written in one store write with their
 * jobs (slot-firing.ts), and the job changes seen on the feed are gathered for an event-loop turn and
 * followed together (one read of their runs, one write of their moves and their schedules' notes).
 */
import type { Actor } from '../domain/actor.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { newId } from '../domain/ids.js';
import type { LogSink } from '../domain/log-sink.js';
import type { RunStatus, Schedule, SchedulePatch, ScheduleRun, ScheduleRunPatch } from '../domain/schedule.js';
import type { Job } from '../domain/types.js';
import type { RunUpdate, Store } from '../store/port.js';
import type { JobService } from './job-service.js';
import { fireSlotBatch, newRun, type SlotToFire } from './slot-firing.js';

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
    const [run] = await this.fireMany([{ schedule, fire: slot }], settle);
    return run!;
  }

  /**
   * Fires a batch of slots (at most one per schedule) in one store write: each slot's run and job as
   * `fire` makes them, and each schedule's `advance` patch. Returns each slot's run (undefined for a
   * slot that only advanced). A slot whose job cannot be made (a missing task type, a payload that no
   * longer fits, the org's quota) gets its run, ended FAILED, without holding back the others.
   */
  fireMany(slots: readonly SlotToFire[], settle?: SettleActiveRuns): Promise<Array<ScheduleRun | undefined>> {
    return fireSlotBatch(
      {
        store: this.#store,
        jobs: this.#jobs,
        now: this.#clock(),
        skipStreak: (schedule, active) => this.#skipStreak(schedule, active),
        cannotStart: (run, error) => this.#cannotStart(run, error),
      },
      slots,
      settle,
    );
  }

  /** The SKIPPED run stored since the oldest of these active runs began, if any: its streak goes on. */
  async #skipStreak(schedule: Schedule, active: readonly ScheduleRun[]): Promise<ScheduleRun | undefined> {
    if (active.length === 0) return undefined;
    const since = Math.min(...active.map((r) => r.createdAt));
    const [last] = (await this.#store.scheduleRuns.list(schedule.orgId, { scheduleId: schedule.id, status: ['SKIPPED'] }, { first: 1 })).items;
    return last && last.node.createdAt >= since ? last.node : undefined;
  }

  /** A run now, outside the trigger: the overlap policy does not apply to it. */
  async runNow(schedule: Schedule): Promise<ScheduleRun> {
    const now = this.#clock();
    const run = newRun(schedule, { scheduledFor: now, trigger: 'MANUAL', runKey: `${schedule.id}@manual:${newId()}`, status: 'QUEUED', now });
    const { run: stored, created } = await this.#store.scheduleRuns.insert(run);
    return created ? this.start(schedule, stored) : stored;
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
   * listening and resolves once the events already received are handled. Events are gathered for one
   * event-loop turn and followed as a batch (a job's latest event wins); batches run one at a time,
   * in order, so a run's updates never cross.
   */
  followJobs(): () => Promise<void> {
    const pending = new Map<string, Job>();
    let queue: Promise<void> = Promise.resolve();
    let flushQueued = false;
    const flush = async () => {
      flushQueued = false;
      const jobs = [...pending.values()];
      pending.clear();
      await this.followMany(jobs);
    };
    const unsubscribe = this.#store.changes.subscribe((event) => {
      if (event.kind !== 'job.updated' || !event.job.scheduleRunId) return;
      pending.set(event.job.id, event.job);
      if (flushQueued) return;
      flushQueued = true;
      queue = queue
        .then(nextTurn)
        .then(flush)
        .catch((error) => this.#logger.error({ err: error }, 'following runs failed'));
    });
    return () => {
      unsubscribe();
      return queue;
    };
  }

  /** A run's job changed: the run follows it. */
  follow(job: Job): Promise<void> {
    return this.followMany([job]);
  }

  /** Runs' jobs changed: one read of the runs, one write of their moves (RUNNING, or their end). */
  async followMany(jobs: readonly Job[]): Promise<void> {
    if (jobs.length === 0) return;
    const runIds = [...new Set(jobs.map((j) => j.scheduleRunId!))];
    const runs = new Map((await this.#store.scheduleRuns.getManyInAnyOrg(runIds)).map((r) => [r.id, r]));
    const now = this.#clock();
    const starts: RunUpdate[] = [];
    const ends: RunEnd[] = [];
    const seen = new Set<string>();
    for (const job of jobs) {
      const run = runs.get(job.scheduleRunId!);
      // The run learns its jobId with its insert, or just after the enqueue (a retry, a buffered run):
      // a fast job's first events may come before that.
      if (!run || run.orgId !== job.orgId || (run.jobId !== undefined && run.jobId !== job.id) || seen.has(run.id)) continue;
      seen.add(run.id);
      if (job.status === 'RUNNING' && run.status === 'QUEUED') {
        starts.push({ id: run.id, patch: { status: 'RUNNING', startedAt: job.startedAt ?? now }, ifStatus: ['QUEUED'] });
        continue;
      }
      if (!FINISHED_JOB_STATUSES.includes(job.status)) continue;
      if (!ACTIVE_RUN_STATUSES.includes(run.status)) continue; // already followed
      const lastError = job.errors.at(-1);
      const status: RunStatus =
        job.status === 'SUCCEEDED' ? 'SUCCEEDED' : job.status === 'CANCELLED' ? 'CANCELLED' : lastError?.code === 'TIMEOUT' ? 'TIMED_OUT' : 'FAILED';
      ends.push({
        run,
        status,
        patch: { finishedAt: job.finishedAt ?? now, ...(run.startedAt === undefined && job.startedAt !== undefined && { startedAt: job.startedAt }) },
        ...(status !== 'SUCCEEDED' && lastError?.message !== undefined && { error: lastError.message }),
      });
    }
    await this.#endMany(ends, starts);
  }

  /**
   * Ends a run, then notes it on its schedule, retries a failure on the ladder and starts a buffered
   * run. The end is a conditional move from QUEUED or RUNNING: of several processes following one
   * job, only the one that moves the run counts it. Undefined when another did.
   */
  async finish(run: ScheduleRun, status: RunStatus, patch: ScheduleRunPatch, error: string | undefined): Promise<ScheduleRun | undefined> {
    const [ended] = await this.#endMany([{ run, status, patch, ...(error !== undefined && { error }) }]);
    return ended;
  }

  /**
   * Ends runs (and moves others to RUNNING) in one write; each end also notes the run on its
   * schedule (last status, the failure streak, counted atomically by the store). Then, per run that
   * ended here: the alert at the threshold, the retry on the ladder, and the buffered runs waiting
   * for them (one read for every schedule). Returns each end's run, undefined where another did it.
   */
  async #endMany(ends: readonly RunEnd[], starts: readonly RunUpdate[] = []): Promise<Array<ScheduleRun | undefined>> {
    if (ends.length === 0 && starts.length === 0) return [];
    const now = this.#clock();
    const updates: RunUpdate[] = ends.map(({ run, status, patch, error }) => ({
      id: run.id,
      patch: { finishedAt: now, ...patch, status, ...(error !== undefined && { error }) },
      ifStatus: ACTIVE_RUN_STATUSES,
      schedulePatch: recordPatch(status),
    }));
    const results = await this.#store.scheduleRuns.updateMany([...updates, ...starts], now);
    const ended: Array<ScheduleRun | undefined> = [];
    const ofSchedules = new Map<string, Schedule>();
    /** Ended runs whose end changed nothing on their schedule (a success after a success). */
    const unnoted: ScheduleRun[] = [];
    for (const [index, end] of ends.entries()) {
      const { run: moved, schedule: recorded } = results[index]!;
      ended.push(moved);
      if (!moved) continue;
      if (!recorded) {
        // A failure always counts on its schedule: none written means the schedule is gone.
        if (end.status === 'SUCCEEDED' || end.status === 'CANCELLED') unnoted.push(moved);
        continue;
      }
      const failed = end.status === 'FAILED' || end.status === 'TIMED_OUT';
      const schedule = failed ? await this.#alertAtThreshold(recorded, end.error) : recorded;
      if (failed && end.run.attempt <= schedule.retryPolicy.maxRetries) {
        const ladder = schedule.retryPolicy.backoffSeconds;
        const seconds = ladder.length ? ladder[Math.min(end.run.attempt - 1, ladder.length - 1)]! : 0;
        await this.retry(schedule, moved, seconds * 1000);
      }
      ofSchedules.set(schedule.id, schedule);
    }
    await this.#startBuffered(ofSchedules, unnoted);
    return ended;
  }

  /** Execution is unavailable: the run fails visibly and counts as a failure; the next slot tries again. */
  async #cannotStart(run: ScheduleRun, error: string): Promise<ScheduleRun> {
    this.#logger.warn({ scheduleId: run.scheduleId, runId: run.id, error }, 'a schedule run could not start');
    return (await this.finish(run, 'FAILED', {}, error)) ?? (await this.#store.scheduleRuns.get(run.id, run.orgId)) ?? run;
  }

  /**
   * BUFFER_ONE: the run that waited for one of these schedules' runs starts now (one read for all);
   * `unnoted` are ended runs whose schedule was not read back.
   */
  async #startBuffered(schedules: ReadonlyMap<string, Schedule>, unnoted: readonly ScheduleRun[]): Promise<void> {
    const ids = new Set([...schedules.keys(), ...unnoted.map((r) => r.scheduleId)]);
    if (ids.size === 0) return;
    const waiting = new Map<string, ScheduleRun>();
    for (const run of await this.#store.scheduleRuns.activeOf([...ids])) {
      // By schedule, oldest slot first: the first without a job is the one that waited longest.
      if (run.jobId === undefined && !waiting.has(run.scheduleId)) waiting.set(run.scheduleId, run);
    }
    for (const [scheduleId, next] of waiting) {
      const schedule = schedules.get(scheduleId) ?? (await this.#store.schedules.get(scheduleId, next.orgId));
      if (schedule) await this.start(schedule, next);
    }
  }

  /**
   * The alert (with an optional pause) when a failure streak, already counted on the schedule,
   * reaches the threshold: the store counts atomically, so exactly one of several failures recorded
   * at once sees it reach the threshold. Returns the schedule after it.
   */
  async #alertAtThreshold(schedule: Schedule, lastError: string | undefined): Promise<Schedule> {
    const streak = schedule.consecutiveFailures;
    const threshold = schedule.alertAfterFailures;
    if (threshold === undefined || streak !== threshold) return schedule;
    const now = this.#clock();
    await this.#store.alerts.insert({
      id: newId(),
      orgId: schedule.orgId,
      kind: 'CONSECUTIVE_FAILURES',
      scheduleId: schedule.id,
      message: `schedule "${schedule.name}" failed ${streak} times in a row${lastError ? `; last error: ${lastError}` : ''}${schedule.pauseOnAlert ? '; the schedule was paused' : ''}`,
      raisedAt: now,
    });
    if (!schedule.pauseOnAlert) return schedule;
    return (await this.#store.schedules.patch(schedule.id, { enabled: false, nextRunAt: null }, now)) ?? schedule;
  }
}

/** A run's end, as followed from its job or decided here. */
interface RunEnd {
  run: ScheduleRun;
  status: RunStatus;
  patch: ScheduleRunPatch;
  error?: string;
}

/** A run's end noted on its schedule: last status, and the failure streak counted or reset. */
function recordPatch(status: RunStatus): SchedulePatch {
  const failed = status === 'FAILED' || status === 'TIMED_OUT';
  const failures = failed ? ('increment' as const) : status === 'SUCCEEDED' ? ('reset' as const) : undefined;
  return { lastRunStatus: status, ...(failures && { failures }) };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
