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
 *
 * A run is active only while it has work: at start, and whenever active runs would block a slot, the
 * runs are checked against their jobs, so a run whose job ended unseen (the process stopped first)
 * takes that job's end, and one that never got its job (the process stopped between storing it and
 * enqueueing the job) gets it. Firing yields to the event loop between batches and every few
 * milliseconds: the store's calls may be synchronous (SQLite), and a backlog must not hold the API,
 * the executor or the heartbeat.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../domain/actor.js';
import { newId } from '../../domain/ids.js';
import type { JobService } from '../../services/job-service.js';
import type { Logger } from '../logger.js';
import type { Store } from '../../store/port.js';
import type { Job } from '../../domain/types.js';
import { latestFireTime, nextFireTime, slotKey } from '../../services/triggers.js';
import type { RunStatus, RunTrigger, Schedule, ScheduleRun, ScheduleRunPatch } from '../../domain/schedule.js';
import { dueSlotOutcome, overlapDecision, type SlotTimes } from '../../domain/schedule-policy.js';

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
  /**
   * A run without a job is left alone for this long after its last write (default 30 s): the
   * process that stored it, maybe another one, may be enqueueing its job at this moment.
   */
  orphanGraceMs?: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
/** After a wake-up in which firing a schedule threw (the store failing), the next is not sooner than this. */
const AFTER_ERROR_MS = 1000;
/** A run moves to its end only from these: whoever wins that move counts the run. */
const ACTIVE: readonly RunStatus[] = ['QUEUED', 'RUNNING'];
const FINISHED_JOB: readonly Job['status'][] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
/** Firing and reconciling give the event loop a turn at least this often. */
const YIELD_EVERY_MS = 10;
/** Active runs read per page when they are checked at start. */
const RECONCILE_PAGE = 200;

/** What checking an active run against its job did. */
interface Reconciled {
  /** The run ended or got its job (the overlap policy may see it differently now). */
  changed: boolean;
  /** A run without a job, too recent to judge: when it can be. */
  recheckAt?: number;
}

/** Slots skipped in one wake-up because firing was late (see dueSlotOutcome). */
interface LateSlots {
  scheduleIds: string[];
  slots: number;
  maxLateMs: number;
}

/** The schedule's trigger arithmetic (croner), as the misfire rule asks for it. */
function slotTimesOf(schedule: Schedule): SlotTimes {
  const { trigger, anchorAt } = schedule;
  return {
    nextAfter: (after) => nextFireTime(trigger, after, anchorAt),
    latestIn: (after, upTo) => latestFireTime(trigger, after, upTo, anchorAt),
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Scheduler {
  readonly #o: Required<SchedulerOptions>;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #firing = false;
  #again = false;
  /** The wake-up in flight, awaited by stop() so none lands on a closed store. */
  #fired: Promise<void> = Promise.resolve();
  /**
   * The slot the timer is armed for: a schedule written with a slot at or after it needs no wake-up
   * (-Infinity: a due check is coming anyway; undefined: no timer, nothing to fire).
   */
  #checkAt: number | undefined;
  /** The earliest slot written while firing: the store read that arms the timer may predate it. */
  #seenWhileFiring = Number.POSITIVE_INFINITY;
  #lastYield = 0;
  #heartbeat: NodeJS.Timeout | undefined;
  /** The timer's beat in flight, awaited by stop() so none lands on a closed store. */
  #beating: Promise<unknown> = Promise.resolve();
  /** When the schedule being fired now started (heartbeat clock); undefined when idle. */
  #busySince: number | undefined;
  #unsubscribe: (() => void) | undefined;
  /** Job events are handled one at a time, in order, so a run's updates never cross. */
  #jobQueue: Promise<void> = Promise.resolve();
  /** The check of active runs in flight (at start, or its second look), awaited by stop(). */
  #reconciling: Promise<void> = Promise.resolve();
  #recheckTimer: NodeJS.Timeout | undefined;
  #lateSlotsSkipped = 0;

  constructor(options: SchedulerOptions) {
    this.#o = {
      misfireAfterMs: 60_000,
      batch: 100,
      nodeName: `${os.hostname()}-${process.pid}`,
      heartbeatMs: 5000,
      now: Date.now,
      orphanGraceMs: 30_000,
      ...options,
    };
  }

  /** Slots skipped since start because firing came late (under the misfire threshold); see dueSlotOutcome. */
  get lateSlotsSkipped(): number {
    return this.#lateSlotsSkipped;
  }

  async start(): Promise<void> {
    this.#running = true;
    // start() checks what is due itself, once the runs are checked: no schedule event needs to wake it.
    this.#checkAt = Number.NEGATIVE_INFINITY;
    this.#unsubscribe = this.#o.store.changes.subscribe((event) => {
      if (event.kind === 'job.updated' && event.job.scheduleRunId) {
        const job = event.job;
        this.#jobQueue = this.#jobQueue.then(() => this.#onJob(job)).catch((error) => this.#o.logger.error({ err: error }, 'following a run failed'));
      } else if (event.kind === 'schedule.created' || event.kind === 'schedule.updated') {
        this.#onSchedule(event.schedule);
      }
    });
    this.#heartbeat = setInterval(() => {
      this.#beating = this.beat().catch((error) => this.#o.logger.error({ err: error }, 'writing the scheduler heartbeat failed'));
    }, this.#o.heartbeatMs);
    await this.beat();
    // Before firing: a run left active by a stop must not make a due slot SKIPPED.
    this.#reconciling = this.#reconcileAll();
    await this.#reconciling;
    this.#kick();
    await this.#fired;
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    clearTimeout(this.#recheckTimer);
    clearInterval(this.#heartbeat);
    this.#unsubscribe?.();
    await this.#fired;
    await this.#reconciling;
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
    this.#checkAt = Number.NEGATIVE_INFINITY;
    this.#timer = setTimeout(() => this.#kick(), 0);
  }

  /**
   * A schedule was written, by a user, another process or this scheduler's own bookkeeping (each
   * fire and each run's end writes its schedule). Only a slot earlier than the one the timer is armed
   * for needs a due check now. A slot moved later, or a disable, needs none: the timer then wakes
   * early, finds nothing due and re-arms.
   */
  #onSchedule(schedule: Schedule): void {
    if (!this.#running || !schedule.enabled || schedule.nextRunAt === undefined) return;
    if (this.#firing) {
      this.#seenWhileFiring = Math.min(this.#seenWhileFiring, schedule.nextRunAt);
      return;
    }
    if (this.#checkAt !== undefined && schedule.nextRunAt >= this.#checkAt) return;
    this.wake();
  }

  /** Starts a due check, or asks the one in flight for another round. */
  #kick(): void {
    if (this.#firing) {
      this.#again = true;
      return;
    }
    this.#fired = this.#fireDue();
  }

  async #fireDue(): Promise<void> {
    const { store, logger, batch } = this.#o;
    this.#firing = true;
    this.#seenWhileFiring = Number.POSITIVE_INFINITY;
    this.#lastYield = performance.now();
    let failed = false;
    const late: LateSlots = { scheduleIds: [], slots: 0, maxLateMs: 0 };
    try {
      do {
        this.#again = false;
        this.#busySince = this.#o.now();
        const due = await store.schedules.due(Date.now(), batch);
        let failures = 0;
        for (const schedule of due) {
          if (!this.#running) break;
          // Progress is per schedule: a long backlog is not a stall, one schedule hanging is.
          this.#busySince = this.#o.now();
          await this.#fireSlot(schedule, late).catch((error) => {
            failures++;
            logger.error({ err: error, scheduleId: schedule.id }, 'firing a schedule failed');
          });
          await this.#yieldIfBusy();
        }
        if (failures > 0) failed = true;
        // A full batch may have more behind it; a batch that only failed would come back as it was.
        if (due.length === batch && failures < due.length) this.#again = true;
        // Between batches the event loop always gets a turn: a backlog holds the API, the executor
        // and the heartbeat for one batch at most.
        if (this.#again && this.#running) await this.#yield();
      } while (this.#again && this.#running);
      this.#reportLate(late);
    } catch (error) {
      failed = true;
      logger.error({ err: error }, 'reading the due schedules failed');
    }
    try {
      this.#busySince = this.#o.now();
      // A schedule that could not fire is still due: without a floor the timer would spin on it.
      await this.#arm(failed ? AFTER_ERROR_MS : 0);
    } catch (error) {
      logger.error({ err: error }, 'reading the next due slot failed');
      this.#armAt(Date.now() + AFTER_ERROR_MS, AFTER_ERROR_MS);
    } finally {
      this.#busySince = undefined;
      this.#firing = false;
    }
  }

  async #yieldIfBusy(): Promise<void> {
    if (performance.now() - this.#lastYield >= YIELD_EVERY_MS) await this.#yield();
  }

  async #yield(): Promise<void> {
    await nextTurn();
    this.#lastYield = performance.now();
  }

  async #arm(minDelayMs: number): Promise<void> {
    if (!this.#running) return;
    const stored = await this.#o.store.schedules.nextDueAt();
    const next = Math.min(stored ?? Number.POSITIVE_INFINITY, this.#seenWhileFiring);
    if (next === Number.POSITIVE_INFINITY) {
      clearTimeout(this.#timer);
      this.#checkAt = undefined;
      return;
    }
    this.#armAt(next, minDelayMs);
  }

  #armAt(at: number, minDelayMs: number): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#checkAt = at;
    this.#timer = setTimeout(() => this.#kick(), Math.min(MAX_TIMER_MS, Math.max(minDelayMs, at - Date.now())));
  }

  /**
   * Fires the schedule's due slot, or after downtime what the misfire policy says (dueSlotOutcome),
   * and advances the schedule to its next slot. Slots skipped because firing was late are counted in
   * `lateSlotsSkipped` and logged once per wake-up.
   */
  async #fireSlot(schedule: Schedule, late: LateSlots): Promise<void> {
    const { logger, misfireAfterMs } = this.#o;
    const now = Date.now();
    const slot = schedule.nextRunAt!;
    const outcome = dueSlotOutcome(
      { now, slot, misfireAfterMs, misfirePolicy: schedule.misfirePolicy, catchUpWindowMs: schedule.catchUpWindowSeconds * 1000 },
      slotTimesOf(schedule),
    );
    if (outcome.latestMissed !== undefined) {
      logger.warn(
        { scheduleId: schedule.id, firstMissed: new Date(slot).toISOString(), latestMissed: new Date(outcome.latestMissed).toISOString(), fired: outcome.fire !== undefined },
        'schedule missed slots while down',
      );
    }
    if (outcome.lateSkipped > 0) {
      this.#lateSlotsSkipped += outcome.lateSkipped;
      late.scheduleIds.push(schedule.id);
      late.slots += outcome.lateSkipped;
      late.maxLateMs = Math.max(late.maxLateMs, now - slot);
    }
    const { fire, next } = outcome;
    if (fire !== undefined) await this.fire(schedule, fire, 'SCHEDULED');
    // Only the scheduler's fields, and only while the slot is still the one fired: a rename made
    // meanwhile is kept, and a disable or a new trigger (a new nextRunAt) wins.
    await this.#o.store.schedules.patch(
      schedule.id,
      {
        nextRunAt: next,
        ...(fire !== undefined && { lastRunAt: fire }),
        ...(next === null && schedule.trigger.kind === 'ONCE' && { enabled: false }),
      },
      now,
      slot,
    );
  }

  #reportLate(late: LateSlots): void {
    if (late.scheduleIds.length === 0) return;
    this.#o.logger.warn(
      { schedules: late.scheduleIds.length, slotsSkipped: late.slots, maxLateMs: late.maxLateMs, scheduleIds: late.scheduleIds.slice(0, 10) },
      'firing fell behind: these schedules fired their due slot late and skipped the slots after it that had passed',
    );
  }

  /**
   * Checks every active run against its job (at start). A run without a job that is too recent to
   * judge is looked at once more when it is old enough.
   */
  async #reconcileAll(): Promise<void> {
    const { store, logger } = this.#o;
    const young = new Map<string, number>();
    let changed = 0;
    try {
      let after: string | undefined;
      while (this.#running) {
        const page = await store.scheduleRuns.allActive(after, RECONCILE_PAGE);
        for (const run of page) {
          if (!this.#running) return;
          const result = await this.#reconcileSafely(run);
          if (result.changed) changed++;
          if (result.recheckAt !== undefined) young.set(run.id, result.recheckAt);
          await this.#yieldIfBusy();
        }
        if (page.length < RECONCILE_PAGE) break;
        after = page.at(-1)!.id;
      }
    } catch (error) {
      logger.error({ err: error }, 'reading the active schedule runs failed');
    }
    if (changed > 0) logger.info({ runs: changed }, 'schedule runs whose job had ended unseen, or that had no job, were brought up to date');
    if (young.size === 0 || !this.#running) return;
    const at = Math.max(...young.values());
    this.#recheckTimer = setTimeout(() => {
      this.#reconciling = this.#recheck([...young.keys()]);
    }, Math.max(0, at - Date.now()));
  }

  /** The second look at runs that had no job and were too recent to judge at start. */
  async #recheck(ids: string[]): Promise<void> {
    for (const id of ids) {
      if (!this.#running) return;
      const run = await this.#o.store.scheduleRuns.get(id).catch(() => undefined);
      if (run && ACTIVE.includes(run.status)) await this.#reconcileSafely(run);
    }
  }

  async #reconcileSafely(run: ScheduleRun): Promise<Reconciled> {
    try {
      return await this.#reconcile(run);
    } catch (error) {
      this.#o.logger.error({ err: error, scheduleId: run.scheduleId, runId: run.id }, 'checking a schedule run against its job failed');
      return { changed: false };
    }
  }

  /**
   * Checks an active run against its job. A run whose job has ended takes that end through the
   * normal path (#onJob: the retry ladder, the streak and the alert apply, and the conditional move
   * from QUEUED/RUNNING counts it once however many processes do this). A run without a job gets it.
   */
  async #reconcile(run: ScheduleRun): Promise<Reconciled> {
    const { store, logger } = this.#o;
    let current = run;
    if (current.jobId === undefined) {
      const judgeableAt = current.updatedAt + this.#o.orphanGraceMs;
      // Just stored: the process that stored it (another one, on MongoDB) may be enqueueing its job now.
      if (judgeableAt > Date.now()) return { changed: false, recheckAt: judgeableAt };
      const siblings = await store.scheduleRuns.active(current.scheduleId);
      const fresh = siblings.find((r) => r.id === current.id);
      if (!fresh) return { changed: true }; // it ended meanwhile
      current = fresh;
      if (current.jobId === undefined) {
        // BUFFER_ONE: the run waiting for the running one to end has no job by design.
        if (siblings.some((r) => r.jobId !== undefined)) return { changed: false };
        const schedule = await store.schedules.get(current.scheduleId);
        if (!schedule) return { changed: false };
        // Its job is enqueued now, rather than the run failed. The run already is its slot's firing
        // (the slot has advanced past it, or finds its runKey taken): only the enqueue was lost. Had
        // the process stopped a moment later, the job would be in the queue and would run after the
        // restart, however long the outage; this gives the same outcome, bounded by the overlap
        // policy like any run. It is safe while another process enqueues it at the same moment: the
        // job's idempotency key is the run's, so both get the one job. Failing the run instead would
        // count a failure the task never had (the streak, an alert, a retry run) and could race that
        // process, leaving a FAILED run whose job runs anyway.
        logger.warn(
          { scheduleId: current.scheduleId, runId: current.id },
          'a schedule run had no job (the scheduler stopped before enqueueing it); enqueueing it now',
        );
        current = await this.#startRun(schedule, current, Math.max(0, current.scheduledFor - Date.now()));
        // Could not start (the task type is missing, the payload no longer fits): #cannotStart ended it.
        if (current.jobId === undefined) return { changed: true };
        const job = await store.jobs.get(current.jobId);
        if (job && FINISHED_JOB.includes(job.status)) await this.#onJob(job);
        return { changed: true };
      }
    }
    const job = await store.jobs.get(current.jobId!);
    if (!job) {
      // Only a finished job is deleted (by an operator, or the retention purge): it ended, but how is
      // no longer known. CANCELLED neither counts a failure (nor retries a job that may have
      // succeeded) nor a success nobody saw.
      const ended = await this.#finish(current, 'CANCELLED', {}, `its job ${current.jobId} was deleted before the run recorded how it ended`);
      return { changed: ended !== undefined };
    }
    await this.#onJob(job);
    return { changed: FINISHED_JOB.includes(job.status) };
  }

  /**
   * Makes the run of one slot (or a manual run) and starts its job, as the overlap policy allows.
   * Returns the run; an existing runKey returns the existing run (a slot fires at most once).
   */
  async fire(schedule: Schedule, scheduledFor: number, trigger: RunTrigger, runKey = slotKey(schedule.id, scheduledFor)): Promise<ScheduleRun> {
    const { store } = this.#o;
    let active = trigger === 'MANUAL' ? [] : await store.scheduleRuns.active(schedule.id);
    let decision = overlapDecision(schedule, active);
    if (decision !== 'START') {
      // Only a run that still has work may hold the slot back: one whose job ended unseen, or that
      // never got its job, is brought up to date first (a job read per active run, only here).
      let changed = false;
      for (const run of active) if ((await this.#reconcileSafely(run)).changed) changed = true;
      if (changed) {
        active = await store.scheduleRuns.active(schedule.id);
        decision = overlapDecision(schedule, active);
      }
    }
    const status: RunStatus = decision === 'SKIP' ? 'SKIPPED' : 'QUEUED';
    // BUFFER: the run waits, without a job, until the running one finishes.
    const start = decision === 'START';
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
