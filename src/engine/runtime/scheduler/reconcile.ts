/**
 * Crash reconciliation: a run is active only while it has work. A process can stop between a job
 * finishing and the run recording its end, or between storing a run and enqueueing its job; such a
 * run would count as active for ever, and with the overlap policy SKIP every later slot would be
 * SKIPPED. So at start, and whenever active runs would block a slot, runs are checked against their
 * jobs: a run whose job ended unseen takes that job's end, and one that never got its job gets it.
 */
import type { Clock } from '../../domain/clock.js';
import type { ScheduleRun } from '../../domain/schedule.js';
import type { Job } from '../../domain/types.js';
import { ACTIVE_RUN_STATUSES, FINISHED_JOB_STATUSES, type ScheduleRuns } from '../../services/schedule-runs.js';
import type { Store } from '../../store/port.js';
import type { Logger } from '../logger.js';
import type { EventLoopTurns } from './turns.js';

export interface RunReconcilerOptions {
  store: Store;
  runs: ScheduleRuns;
  logger: Logger;
  clock: Clock;
  /**
   * A run without a job is left alone for this long after its last write: the process that stored
   * it, maybe another one, may be enqueueing its job at this moment.
   */
  orphanGraceMs: number;
  /** Checking every active run gives the event loop turns (shared with firing). */
  turns: EventLoopTurns;
}

/** Active runs read per page when they are checked at start. */
const RECONCILE_PAGE = 200;

/** What checking an active run against its job did. */
interface Reconciled {
  /** The run ended or got its job (the overlap policy may see it differently now). */
  changed: boolean;
  /** A run without a job, too recent to judge: when it can be. */
  recheckAt?: number;
}

export class RunReconciler {
  readonly #o: RunReconcilerOptions;
  #running = false;
  /** The check of active runs in flight (at start, or its second look), awaited by stop(). */
  #reconciling: Promise<void> = Promise.resolve();
  #recheckTimer: NodeJS.Timeout | undefined;

  constructor(options: RunReconcilerOptions) {
    this.#o = options;
  }

  /** Checks every active run against its job; resolves when done (a second look may follow). */
  start(): Promise<void> {
    this.#running = true;
    this.#reconciling = this.#reconcileAll();
    return this.#reconciling;
  }

  /** No second look from now on; resolves once the check in flight is done. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#recheckTimer);
    await this.#reconciling;
  }

  /**
   * Brings runs that would hold a slot back up to date with their jobs (only when the overlap policy
   * would not start the slot): their jobs read once per org and followed as one batch; a run without
   * a job, or whose job is gone, is checked on its own. True if any of them changed.
   */
  readonly settle = async (active: readonly ScheduleRun[]): Promise<boolean> => {
    const { store, runs, logger } = this.#o;
    let changed = false;
    const alone = active.filter((run) => run.jobId === undefined);
    const byOrg = new Map<string, ScheduleRun[]>();
    for (const run of active) if (run.jobId !== undefined) byOrg.set(run.orgId, [...(byOrg.get(run.orgId) ?? []), run]);
    const jobs: Job[] = [];
    for (const [orgId, ofOrg] of byOrg) {
      try {
        const found = new Map((await store.jobs.getMany(ofOrg.map((run) => run.jobId!), orgId)).map((job) => [job.id, job]));
        for (const run of ofOrg) {
          const job = found.get(run.jobId!);
          if (job) jobs.push(job);
          else alone.push(run);
        }
      } catch (error) {
        logger.error({ err: error, orgId }, 'reading the jobs of active schedule runs failed');
      }
    }
    if (jobs.length > 0) {
      try {
        await runs.followMany(jobs);
        if (jobs.some((job) => FINISHED_JOB_STATUSES.includes(job.status))) changed = true;
      } catch (error) {
        logger.error({ err: error }, 'bringing active schedule runs up to date with their jobs failed');
      }
    }
    for (const run of alone) if ((await this.#reconcileSafely(run)).changed) changed = true;
    return changed;
  };

  /**
   * Checks every active run against its job. A run without a job that is too recent to judge is
   * looked at once more when it is old enough.
   */
  async #reconcileAll(): Promise<void> {
    const { store, logger, turns } = this.#o;
    const young = new Map<ScheduleRun, number>();
    let changed = 0;
    try {
      let after: string | undefined;
      while (this.#running) {
        const page = await store.scheduleRuns.allActive(after, RECONCILE_PAGE);
        for (const run of page) {
          if (!this.#running) return;
          const result = await this.#reconcileSafely(run);
          if (result.changed) changed++;
          if (result.recheckAt !== undefined) young.set(run, result.recheckAt);
          await turns.ifHeldTooLong();
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
    }, Math.max(0, at - this.#o.clock()));
  }

  /** The second look at runs that had no job and were too recent to judge at start. */
  async #recheck(runs: ScheduleRun[]): Promise<void> {
    for (const young of runs) {
      if (!this.#running) return;
      const run = await this.#o.store.scheduleRuns.get(young.id, young.orgId).catch(() => undefined);
      if (run && ACTIVE_RUN_STATUSES.includes(run.status)) await this.#reconcileSafely(run);
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
   * normal path (the run follows its job: the retry ladder, the streak and the alert apply, and the
   * conditional move from QUEUED/RUNNING counts it once however many processes do this). A run
   * without a job gets it.
   */
  async #reconcile(run: ScheduleRun): Promise<Reconciled> {
    const { store, runs } = this.#o;
    let current = run;
    if (current.jobId === undefined) {
      const judgeableAt = current.updatedAt + this.#o.orphanGraceMs;
      // Just stored: the process that stored it (another one, on MongoDB) may be enqueueing its job now.
      if (judgeableAt > this.#o.clock()) return { changed: false, recheckAt: judgeableAt };
      const siblings = await store.scheduleRuns.active(current.scheduleId);
      const fresh = siblings.find((r) => r.id === current.id);
      if (!fresh) return { changed: true }; // it ended meanwhile
      current = fresh;
      if (current.jobId === undefined) {
        // BUFFER_ONE: the run waiting for the running one to end has no job by design.
        if (siblings.some((r) => r.jobId !== undefined)) return { changed: false };
        return this.#enqueueLostJob(current);
      }
    }
    const job = await store.jobs.get(current.jobId!, current.orgId);
    if (!job) {
      // Only a finished job is deleted (by an operator, or the retention purge): it ended, but how is
      // no longer known. CANCELLED neither counts a failure (nor retries a job that may have
      // succeeded) nor a success nobody saw.
      const ended = await runs.finish(current, 'CANCELLED', {}, `its job ${current.jobId} was deleted before the run recorded how it ended`);
      return { changed: ended !== undefined };
    }
    await runs.follow(job);
    return { changed: FINISHED_JOB_STATUSES.includes(job.status) };
  }

  /**
   * A run that never got its job gets it now, rather than the run failed. The run already is its
   * slot's firing (the slot has advanced past it, or finds its runKey taken): only the enqueue was
   * lost. Had the process stopped a moment later, the job would be in the queue and would run after
   * the restart, however long the outage; this gives the same outcome, bounded by the overlap policy
   * like any run. It is safe while another process enqueues it at the same moment: the job's
   * idempotency key is the run's, so both get the one job. Failing the run instead would count a
   * failure the task never had (the streak, an alert, a retry run) and could race that process,
   * leaving a FAILED run whose job runs anyway.
   */
  async #enqueueLostJob(run: ScheduleRun): Promise<Reconciled> {
    const { store, runs, logger } = this.#o;
    const schedule = await store.schedules.get(run.scheduleId, run.orgId);
    if (!schedule) return { changed: false };
    logger.warn({ scheduleId: run.scheduleId, runId: run.id }, 'a schedule run had no job (the scheduler stopped before enqueueing it); enqueueing it now');
    const started = await runs.start(schedule, run, Math.max(0, run.scheduledFor - this.#o.clock()));
    // Could not start (the task type is missing, the payload no longer fits): it was ended as FAILED.
    if (started.jobId === undefined) return { changed: true };
    const job = await store.jobs.get(started.jobId, started.orgId);
    if (job && FINISHED_JOB_STATUSES.includes(job.status)) await runs.follow(job);
    return { changed: true };
  }
}
