/**
 * The scheduler: fires schedules from a timer armed for the earliest due slot (no scan loop), makes
 * each slot's run at most once (its runKey is unique in the store), applies the overlap and misfire
 * policies, and follows each run's job to its end: retries on the schedule's ladder, counts
 * consecutive failures and raises an alert when they reach the schedule's threshold. It writes a
 * heartbeat for the watchdog (watchdog.ts).
 *
 * Several schedulers may share a store (MongoDB): every write here is conditional or partial, so a
 * slot advances once, a run's end is counted once, and a user's edit of a schedule is never
 * overwritten by the scheduler's bookkeeping.
 */
import os from 'node:os';
import type { Actor } from '../audit.js';
import { newId } from '../ids.js';
import type { JobService } from '../job-service.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/port.js';
import type { Job } from '../types.js';
import { missedFireTimes, nextFireTime, slotKey } from './triggers.js';
import type { RunStatus, RunTrigger, Schedule, ScheduleRun, ScheduleRunPatch } from './types.js';

export interface SchedulerOptions {
  store: Store;
  jobs: JobService;
  logger: Logger;
  /** A slot this late is a misfire (the process was down or busy), handled by the misfire policy. */
  misfireAfterMs?: number;
  /** Most schedules fired in one wake-up (the rest fire at once after). */
  batch?: number;
  /** Names this scheduler's heartbeat (default: host and pid). */
  nodeName?: string;
  /** How often the heartbeat is written (default 5 s). */
  heartbeatMs?: number;
  /** The clock of heartbeats (tests set it). */
  now?: () => number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
/** After a wake-up in which firing a schedule threw (the store failing), the next is not sooner than this. */
const AFTER_ERROR_MS = 1000;
/** A run moves to its end only from these: whoever wins that move counts the run. */
const ACTIVE: readonly RunStatus[] = ['QUEUED', 'RUNNING'];

export class Scheduler {
  readonly #o: Required<SchedulerOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #firing = false;
  #again = false;
  #heartbeat: NodeJS.Timeout | undefined;
  /** The timer's beat in flight, awaited by stop() so none lands on a closed store. */
  #beating: Promise<unknown> = Promise.resolve();
  /** When the schedule being fired now started (heartbeat clock); undefined when idle. */
  #busySince: number | undefined;
  #unsubscribe: (() => void) | undefined;
  /** Job events are handled one at a time, in order, so a run's updates never cross. */
  #jobQueue: Promise<void> = Promise.resolve();

  constructor(options: SchedulerOptions) {
    this.#o = { misfireAfterMs: 60_000, batch: 100, nodeName: `${os.hostname()}-${process.pid}`, heartbeatMs: 5000, now: Date.now, ...options };
  }

  async start(): Promise<void> {
    this.#running = true;
    this.#unsubscribe = this.#o.store.changes.subscribe((event) => {
      if (event.kind === 'job.updated' && event.job.scheduleRunId) {
        const job = event.job;
        this.#jobQueue = this.#jobQueue.then(() => this.#onJob(job)).catch((error) => this.#o.logger.error({ err: error }, 'following a run failed'));
      } else if (event.kind === 'schedule.created' || event.kind === 'schedule.updated') {
        this.wake();
      }
    });
    this.#heartbeat = setInterval(() => {
      this.#beating = this.beat().catch((error) => this.#o.logger.error({ err: error }, 'writing the scheduler heartbeat failed'));
    }, this.#o.heartbeatMs);
    await this.beat();
    await this.#fireDue();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    clearInterval(this.#heartbeat);
    this.#unsubscribe?.();
    await this.#beating;
    await this.#jobQueue;
  }

  /**
   * Writes this node's heartbeat; true if written. None while stopped, nor while firing one schedule
   * has taken longer than a heartbeat interval (stuck on the store): the watchdog then sees a stall.
   */
  async beat(): Promise<boolean> {
    if (!this.#running) return false;
    const now = this.#o.now();
    if (this.#busySince !== undefined && now - this.#busySince > this.#o.heartbeatMs) return false;
    await this.#o.store.schedulerHeartbeats.beat(this.#o.nodeName, now);
    return true;
  }

  /** Re-reads what is due and re-arms the timer (after a schedule changed). */
  wake(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#fireDue(), 0);
  }

  async #fireDue(): Promise<void> {
    if (this.#firing) {
      this.#again = true;
      return;
    }
    this.#firing = true;
    let failed = false;
    try {
      do {
        this.#again = false;
        this.#busySince = this.#o.now();
        const due = await this.#o.store.schedules.due(Date.now(), this.#o.batch);
        for (const schedule of due) {
          // Progress is per schedule: a long backlog is not a stall, one schedule hanging is.
          this.#busySince = this.#o.now();
          await this.#fireSlot(schedule).catch((error) => {
            failed = true;
            this.#o.logger.error({ err: error, scheduleId: schedule.id }, 'firing a schedule failed');
          });
        }
        if (due.length === this.#o.batch) this.#again = true;
      } while (this.#again && this.#running);
      this.#busySince = this.#o.now();
      // A schedule that could not fire is still due: without a floor the timer would spin on it.
      await this.#arm(failed ? AFTER_ERROR_MS : 0);
    } finally {
      this.#busySince = undefined;
      this.#firing = false;
    }
  }

  async #arm(minDelayMs: number): Promise<void> {
    if (!this.#running) return;
    const next = await this.#o.store.schedules.nextDueAt();
    clearTimeout(this.#timer);
    if (next === undefined) return;
    this.#timer = setTimeout(() => void this.#fireDue(), Math.min(MAX_TIMER_MS, Math.max(minDelayMs, next - Date.now())));
  }

  /** Fires the schedule's due slot (or, after downtime, what the misfire policy says) and advances it. */
  async #fireSlot(schedule: Schedule): Promise<void> {
    const now = Date.now();
    const slot = schedule.nextRunAt!;
    let fired: number | undefined = slot;
    if (now - slot > this.#o.misfireAfterMs) {
      // Downtime: never a storm. RUN_ONCE fires the latest missed slot if it is recent enough.
      const missed = missedFireTimes(schedule.trigger, slot - 1, now, schedule.anchorAt, 10_000);
      const latest = missed.at(-1) ?? slot;
      fired = schedule.misfirePolicy === 'RUN_ONCE' && now - latest <= schedule.catchUpWindowSeconds * 1000 ? latest : undefined;
      this.#o.logger.warn({ scheduleId: schedule.id, missed: missed.length, fired: fired !== undefined }, 'schedule missed slots while down');
    }
    if (fired !== undefined) await this.fire(schedule, fired, 'SCHEDULED');
    const next = nextFireTime(schedule.trigger, Math.max(now, fired ?? slot), schedule.anchorAt);
    // Only the scheduler's fields, and only while the slot is still the one fired: a rename made
    // meanwhile is kept, and a disable or a new trigger (a new nextRunAt) wins.
    await this.#o.store.schedules.patch(
      schedule.id,
      {
        nextRunAt: next,
        ...(fired !== undefined && { lastRunAt: fired }),
        ...(next === null && schedule.trigger.kind === 'ONCE' && { enabled: false }),
      },
      now,
      slot,
    );
  }

  /**
   * Makes the run of one slot (or a manual run) and starts its job, as the overlap policy allows.
   * Returns the run; an existing runKey returns the existing run (a slot fires at most once).
   */
  async fire(schedule: Schedule, scheduledFor: number, trigger: RunTrigger, runKey = slotKey(schedule.id, scheduledFor)): Promise<ScheduleRun> {
    const { store } = this.#o;
    const active = trigger === 'MANUAL' ? [] : await store.scheduleRuns.active(schedule.id);
    const running = active.filter((r) => r.jobId !== undefined);
    const buffered = active.filter((r) => r.jobId === undefined);
    let status: RunStatus = 'QUEUED';
    let start = true;
    if (schedule.overlapPolicy === 'SKIP' && active.length > 0) status = 'SKIPPED';
    if (schedule.overlapPolicy === 'ALLOW' && active.length >= schedule.maxConcurrentRuns) status = 'SKIPPED';
    if (schedule.overlapPolicy === 'BUFFER_ONE' && running.length > 0) {
      if (buffered.length > 0) status = 'SKIPPED';
      else start = false; // waits, without a job, until the running one finishes
    }
    const now = Date.now();
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
      ...(status === 'SKIPPED' && { finishedAt: now, error: `skipped: a run of this schedule is still active (overlap policy ${schedule.overlapPolicy})` }),
    };
    const { run: stored, created } = await store.scheduleRuns.insert(run);
    if (!created) return stored;
    if (status === 'SKIPPED') {
      await this.#record(schedule.id, 'SKIPPED', false);
      return stored;
    }
    return start ? this.#startRun(schedule, stored) : stored;
  }

  /** A new run retrying a finished one (the schedule's ladder, or an operator's request). */
  async retry(schedule: Schedule, failed: ScheduleRun, delayMs: number): Promise<ScheduleRun> {
    const now = Date.now();
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
    const { run: stored, created } = await this.#o.store.scheduleRuns.insert(run);
    return created ? this.#startRun(schedule, stored, delayMs) : stored;
  }

  async #startRun(schedule: Schedule, run: ScheduleRun, delayMs = 0): Promise<ScheduleRun> {
    const actor: Actor = { orgId: schedule.orgId, userId: `schedule:${schedule.id}` };
    // The plugin may be gone since the schedule was saved (a restart without it): say so plainly.
    if (!this.#o.jobs.catalog.get(schedule.taskType)) return this.#cannotStart(run, `task type '${schedule.taskType}' is not registered in this process`);
    let job: Job;
    try {
      job = await this.#o.jobs.enqueue(
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
    return (await this.#o.store.scheduleRuns.update(run.id, { jobId: job.id }, Date.now())) ?? run;
  }

  /** Execution is unavailable: the run fails visibly and counts as a failure; the next slot tries again. */
  async #cannotStart(run: ScheduleRun, error: string): Promise<ScheduleRun> {
    this.#o.logger.warn({ scheduleId: run.scheduleId, runId: run.id, error }, 'a schedule run could not start');
    return (await this.#finish(run, 'FAILED', {}, error)) ?? (await this.#o.store.scheduleRuns.get(run.id)) ?? run;
  }

  /** A run's job changed: the run follows it. */
  async #onJob(job: Job): Promise<void> {
    const { store } = this.#o;
    const run = await store.scheduleRuns.get(job.scheduleRunId!);
    // The run learns its jobId just after the enqueue; a fast job's first events may come before that.
    if (!run || (run.jobId !== undefined && run.jobId !== job.id)) return;
    const now = Date.now();
    if (job.status === 'RUNNING' && run.status === 'QUEUED') {
      await store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: job.startedAt ?? now }, now, ['QUEUED']);
      return;
    }
    if (job.status !== 'SUCCEEDED' && job.status !== 'FAILED' && job.status !== 'CANCELLED') return;
    if (!ACTIVE.includes(run.status)) return; // already followed
    const lastError = job.errors.at(-1);
    const status: RunStatus =
      job.status === 'SUCCEEDED' ? 'SUCCEEDED' : job.status === 'CANCELLED' ? 'CANCELLED' : lastError?.code === 'TIMEOUT' ? 'TIMED_OUT' : 'FAILED';
    await this.#finish(
      run,
      status,
      { finishedAt: job.finishedAt ?? now, ...(run.startedAt === undefined && job.startedAt !== undefined && { startedAt: job.startedAt }) },
      status !== 'SUCCEEDED' ? lastError?.message : undefined,
    );
  }

  /**
   * Ends a run, then notes it on its schedule, retries a failure on the ladder and starts a buffered
   * run. The end is a conditional move from QUEUED or RUNNING: of several processes following one
   * job (each sees it on the change feed), only the one that moves the run counts it. Undefined
   * when another did.
   */
  async #finish(run: ScheduleRun, status: RunStatus, patch: ScheduleRunPatch, error: string | undefined): Promise<ScheduleRun | undefined> {
    const { store } = this.#o;
    const now = Date.now();
    const ended = await store.scheduleRuns.update(run.id, { finishedAt: now, ...patch, status, ...(error !== undefined && { error }) }, now, ACTIVE);
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

  /** BUFFER_ONE: the run that waited for this one starts now. */
  async #startBuffered(schedule: Schedule): Promise<void> {
    const waiting = (await this.#o.store.scheduleRuns.active(schedule.id)).filter((r) => r.jobId === undefined);
    const next = waiting.sort((a, b) => a.scheduledFor - b.scheduledFor)[0];
    if (next) await this.#startRun(schedule, next);
  }

  /**
   * Notes a run's end on its schedule: last status, the failure streak, and the alert (with an
   * optional pause) when the streak reaches the threshold. The store counts the streak atomically,
   * so exactly one of several failures recorded at once sees it reach the threshold.
   */
  async #record(scheduleId: string, status: RunStatus, failed: boolean, lastError?: string): Promise<Schedule | undefined> {
    const { store } = this.#o;
    const now = Date.now();
    const failures = failed ? ('increment' as const) : status === 'SUCCEEDED' ? ('reset' as const) : undefined;
    const schedule = await store.schedules.patch(scheduleId, { lastRunStatus: status, ...(failures && { failures }) }, now);
    if (!schedule) return undefined;
    const streak = schedule.consecutiveFailures;
    const threshold = schedule.alertAfterFailures;
    if (failed && threshold !== undefined && streak === threshold) {
      await store.alerts.insert({
        id: newId(),
        orgId: schedule.orgId,
        kind: 'CONSECUTIVE_FAILURES',
        scheduleId,
        message: `schedule "${schedule.name}" failed ${streak} times in a row${lastError ? `; last error: ${lastError}` : ''}${schedule.pauseOnAlert ? '; the schedule was paused' : ''}`,
        raisedAt: now,
      });
      if (schedule.pauseOnAlert) return (await store.schedules.patch(scheduleId, { enabled: false, nextRunAt: null }, now)) ?? schedule;
    }
    return schedule;
  }
}
