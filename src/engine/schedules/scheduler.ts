/**
 * The scheduler: fires schedules from a timer armed for the earliest due slot (no scan loop), makes
 * each slot's run at most once (its runKey is unique in the store), applies the overlap and misfire
 * policies, and follows each run's job to its end: retries on the schedule's ladder, counts
 * consecutive failures and raises an alert when they reach the schedule's threshold.
 */
import type { Actor } from '../audit.js';
import { newId } from '../ids.js';
import type { JobService } from '../job-service.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/port.js';
import type { Job } from '../types.js';
import { missedFireTimes, nextFireTime, slotKey } from './triggers.js';
import type { RunStatus, RunTrigger, Schedule, ScheduleRun } from './types.js';

export interface SchedulerOptions {
  store: Store;
  jobs: JobService;
  logger: Logger;
  /** A slot this late is a misfire (the process was down or busy), handled by the misfire policy. */
  misfireAfterMs?: number;
  /** Most schedules fired in one wake-up (the rest fire at once after). */
  batch?: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class Scheduler {
  readonly #o: Required<SchedulerOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #firing = false;
  #again = false;
  #unsubscribe: (() => void) | undefined;
  /** Job events are handled one at a time, in order, so a run's updates never cross. */
  #jobQueue: Promise<void> = Promise.resolve();

  constructor(options: SchedulerOptions) {
    this.#o = { misfireAfterMs: 60_000, batch: 100, ...options };
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
    await this.#fireDue();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#unsubscribe?.();
    await this.#jobQueue;
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
    try {
      do {
        this.#again = false;
        const due = await this.#o.store.schedules.due(Date.now(), this.#o.batch);
        for (const schedule of due) await this.#fireSlot(schedule).catch((error) => this.#o.logger.error({ err: error, scheduleId: schedule.id }, 'firing a schedule failed'));
        if (due.length === this.#o.batch) this.#again = true;
      } while (this.#again && this.#running);
      await this.#arm();
    } finally {
      this.#firing = false;
    }
  }

  async #arm(): Promise<void> {
    if (!this.#running) return;
    const next = await this.#o.store.schedules.nextDueAt();
    clearTimeout(this.#timer);
    if (next === undefined) return;
    this.#timer = setTimeout(() => void this.#fireDue(), Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())));
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
    const current = await this.#o.store.schedules.get(schedule.id);
    if (!current || current.nextRunAt !== schedule.nextRunAt) return; // changed meanwhile: its new state wins
    const advanced: Schedule = { ...current, updatedAt: now, ...(fired !== undefined && { lastRunAt: fired }) };
    if (next === null) delete advanced.nextRunAt;
    else advanced.nextRunAt = next;
    if (next === null && current.trigger.kind === 'ONCE') advanced.enabled = false;
    await this.#o.store.schedules.save(advanced);
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
    try {
      const job = await this.#o.jobs.enqueue(
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
      return (await this.#o.store.scheduleRuns.update(run.id, { jobId: job.id }, Date.now())) ?? run;
    } catch (error) {
      // The task type or its schema changed since the schedule was saved: the run fails, visibly.
      const message = error instanceof Error ? error.message : String(error);
      const failed = await this.#o.store.scheduleRuns.update(run.id, { status: 'FAILED', finishedAt: Date.now(), error: message }, Date.now());
      await this.#record(schedule.id, 'FAILED', true, message);
      return failed ?? run;
    }
  }

  /** A run's job changed: the run follows it. */
  async #onJob(job: Job): Promise<void> {
    const { store } = this.#o;
    const run = await store.scheduleRuns.get(job.scheduleRunId!);
    // The run learns its jobId just after the enqueue; a fast job's first events may come before that.
    if (!run || (run.jobId !== undefined && run.jobId !== job.id)) return;
    const now = Date.now();
    if (job.status === 'RUNNING' && run.status === 'QUEUED') {
      await store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: job.startedAt ?? now }, now);
      return;
    }
    if (job.status !== 'SUCCEEDED' && job.status !== 'FAILED' && job.status !== 'CANCELLED') return;
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') return; // already followed
    const lastError = job.errors.at(-1);
    const status: RunStatus =
      job.status === 'SUCCEEDED' ? 'SUCCEEDED' : job.status === 'CANCELLED' ? 'CANCELLED' : lastError?.code === 'TIMEOUT' ? 'TIMED_OUT' : 'FAILED';
    await store.scheduleRuns.update(
      run.id,
      {
        status,
        finishedAt: job.finishedAt ?? now,
        ...(run.startedAt === undefined && job.startedAt !== undefined && { startedAt: job.startedAt }),
        ...(status !== 'SUCCEEDED' && lastError && { error: lastError.message }),
      },
      now,
    );
    const failed = status === 'FAILED' || status === 'TIMED_OUT';
    const schedule = await this.#record(run.scheduleId, status, failed, status !== 'SUCCEEDED' ? lastError?.message : undefined);
    if (schedule && failed && run.attempt <= schedule.retryPolicy.maxRetries) {
      const ladder = schedule.retryPolicy.backoffSeconds;
      const seconds = ladder.length ? ladder[Math.min(run.attempt - 1, ladder.length - 1)]! : 0;
      await this.retry(schedule, run, seconds * 1000);
    }
    if (schedule) await this.#startBuffered(schedule);
  }

  /** BUFFER_ONE: the run that waited for this one starts now. */
  async #startBuffered(schedule: Schedule): Promise<void> {
    const waiting = (await this.#o.store.scheduleRuns.active(schedule.id)).filter((r) => r.jobId === undefined);
    const next = waiting.sort((a, b) => a.scheduledFor - b.scheduledFor)[0];
    if (next) await this.#startRun(schedule, next);
  }

  /**
   * Notes a run's end on its schedule: last status, the failure streak, and the alert (with an
   * optional pause) when the streak reaches the threshold.
   */
  async #record(scheduleId: string, status: RunStatus, failed: boolean, lastError?: string): Promise<Schedule | undefined> {
    const { store } = this.#o;
    const schedule = await store.schedules.get(scheduleId);
    if (!schedule) return undefined;
    const now = Date.now();
    const streak = failed ? schedule.consecutiveFailures + 1 : status === 'SUCCEEDED' ? 0 : schedule.consecutiveFailures;
    const updated: Schedule = { ...schedule, lastRunStatus: status, consecutiveFailures: streak, updatedAt: now };
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
      if (schedule.pauseOnAlert) {
        updated.enabled = false;
        delete updated.nextRunAt;
      }
    }
    await store.schedules.save(updated);
    return updated;
  }
}
