/**
 * The scheduler: fires schedules from a timer armed for the earliest due slot (no scan loop), makes
 * each slot's run at most once (its runKey is unique in the store), and applies the misfire policy
 * to slots that come late. What happens to a run after that (its job, its end, retries, alerts) is
 * services/schedule-runs.ts; checking runs left active by a crash is reconcile.ts. It writes a
 * heartbeat for the watchdog (watchdog.ts).
 *
 * Several schedulers may share a store (MongoDB): every write here is conditional or partial, so a
 * slot advances once and a user's edit of a schedule is never overwritten by the scheduler's
 * bookkeeping.
 *
 * The time is read from one injected clock (firing, heartbeats, runs, reconciliation); timers are
 * armed with delays computed from it. The due schedules are fired in batches, each one store write
 * (their runs, jobs and advanced slots: services/slot-firing.ts); firing yields to the event loop
 * between batches (turns.ts).
 */
import os from 'node:os';
import { systemClock, type Clock } from '../../domain/clock.js';
import { dueSlotOutcome, type SlotTimes } from '../../domain/schedule-policy.js';
import type { Schedule, ScheduleRun } from '../../domain/schedule.js';
import type { ScheduleRuns } from '../../services/schedule-runs.js';
import type { SlotToFire } from '../../services/slot-firing.js';
import { latestFireTime, nextFireTime } from '../../services/triggers.js';
import type { Store } from '../../store/port.js';
import type { Logger } from '../logger.js';
import { AheadLead, MAX_LEAD_MS } from './ahead-lead.js';
import { RunReconciler } from './reconcile.js';
import { EventLoopTurns } from './turns.js';

export interface SchedulerOptions {
  store: Store;
  /** Makes, starts and follows the runs of the slots fired. */
  runs: ScheduleRuns;
  logger: Logger;
  /** The time of firing, heartbeats and reconciliation (default: the system's; tests set it). */
  clock?: Clock;
  /** A slot this late is a misfire (the process was down or busy), handled by the misfire policy. */
  misfireAfterMs?: number;
  /**
   * Most schedules fired in one store write (the rest fire at once after, in more batches; default
   * 1,000: a thousand schedules on one cron fire in one transaction, not in two with the executor's
   * turn between them).
   */
  batch?: number;
  /**
   * Writes a slot's run and job this long before the slot (default 0: at the slot), so a thousand
   * slots on one instant exist when it comes instead of being written after it; when more share an
   * instant than can be written in that time, earlier, in proportion (ahead-lead.ts). The job
   * is due at the slot and never starts before it. Only a slot that starts under the overlap
   * policy at that moment is written ahead (the others fire when they come, decided then); a run
   * written ahead is cancelled if its schedule is disabled or deleted before the slot, and an edit
   * made in that window applies from the next slot.
   */
  aheadMs?: number;
  /** Names this scheduler's heartbeat (default: host and pid). */
  nodeName?: string;
  /** How often the heartbeat is written (default 5 s). */
  heartbeatMs?: number;
  /**
   * A run without a job is left alone for this long after its last write (default 30 s): the
   * process that stored it, maybe another one, may be enqueueing its job at this moment.
   */
  orphanGraceMs?: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
/** After a wake-up in which firing a schedule threw (the store failing), the next is not sooner than this. */
const AFTER_ERROR_MS = 1000;

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

export class Scheduler {
  readonly #o: Required<SchedulerOptions>;
  readonly #turns = new EventLoopTurns();
  readonly #reconciler: RunReconciler;
  #timer: NodeJS.Timeout | undefined;
  /** The instant the timer that started this pass was armed for (undefined for a wake). */
  #timerAt: number | undefined;
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
  #heartbeat: NodeJS.Timeout | undefined;
  /** The timer's beat in flight, awaited by stop() so none lands on a closed store. */
  #beating: Promise<unknown> = Promise.resolve();
  /** When the schedule being fired now started; undefined when idle. */
  #busySince: number | undefined;
  #unsubscribe: (() => void) | undefined;
  /** Stops following runs' jobs; resolves once the job events received are handled. */
  #stopFollowing: (() => Promise<void>) | undefined;
  #lateSlotsSkipped = 0;
  /** The slots the last pass ahead did not write (by schedule): a write of them needs no new pass. */
  #notAhead = new Map<string, number>();
  #lead: AheadLead;
  /** How far ahead the next pass reads: the lead of the instant the timer is armed for. */
  #leadMs: number;

  constructor(options: SchedulerOptions) {
    this.#o = {
      clock: systemClock,
      misfireAfterMs: 60_000,
      batch: 1000,
      aheadMs: 0,
      nodeName: `${os.hostname()}-${process.pid}`,
      heartbeatMs: 5000,
      orphanGraceMs: 30_000,
      ...options,
    };
    this.#lead = new AheadLead(this.#o.aheadMs);
    this.#leadMs = this.#o.aheadMs;
    const { store, runs, logger, clock, orphanGraceMs } = this.#o;
    this.#reconciler = new RunReconciler({ store, runs, logger, clock, orphanGraceMs, turns: this.#turns });
  }

  /** The instant the timer is armed for (undefined: no timer, or a due check is coming now). */
  get nextCheckAt(): number | undefined {
    return this.#checkAt !== undefined && Number.isFinite(this.#checkAt) ? this.#checkAt : undefined;
  }

  /** Slots skipped since start because firing came late (under the misfire threshold); see dueSlotOutcome. */
  get lateSlotsSkipped(): number {
    return this.#lateSlotsSkipped;
  }

  async start(): Promise<void> {
    this.#running = true;
    // start() checks what is due itself, once the runs are checked: no schedule event needs to wake it.
    this.#checkAt = Number.NEGATIVE_INFINITY;
    this.#stopFollowing = this.#o.runs.followJobs();
    // Schedule changes reach the scheduler on the change feed, not by a call from the schedules
    // service: the feed carries every writer's changes (this process's API, another process's on
    // MongoDB, the scheduler's own bookkeeping), so one path covers them all and the services floor
    // needs no knowledge of the runtime.
    this.#unsubscribe = this.#o.store.changes.subscribe((event) => {
      if (event.kind === 'schedule.created' || event.kind === 'schedule.updated') this.#onSchedule(event.schedule);
    });
    this.#heartbeat = setInterval(() => {
      this.#beating = this.beat().catch((error) => this.#o.logger.error({ err: error }, 'writing the scheduler heartbeat failed'));
    }, this.#o.heartbeatMs);
    await this.beat();
    // Before firing: a run left active by a stop must not make a due slot SKIPPED.
    await this.#reconciler.start();
    this.#kick();
    await this.#fired;
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    clearInterval(this.#heartbeat);
    const reconciled = this.#reconciler.stop();
    this.#unsubscribe?.();
    const followed = this.#stopFollowing?.();
    await this.#fired;
    await reconciled;
    await this.#beating;
    await followed;
  }

  /**
   * Writes this node's heartbeat; true if written. None while stopped, nor while firing one schedule
   * has taken longer than a heartbeat interval (stuck on the store): the watchdog then sees a stall.
   */
  async beat(): Promise<boolean> {
    if (!this.#running) return false;
    const now = this.#o.clock();
    if (this.#busySince !== undefined && now - this.#busySince > this.#o.heartbeatMs) return false;
    await this.#o.store.schedulerHeartbeats.beat(this.#o.nodeName, now);
    return true;
  }

  /** Re-reads what is due and re-arms the timer. */
  wake(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#checkAt = Number.NEGATIVE_INFINITY;
    this.#timerAt = undefined;
    this.#timer = setTimeout(() => this.#kick(), 0);
  }

  /**
   * Makes the run of one slot, as the overlap policy allows; runs that would hold the slot back are
   * first checked against their jobs. Returns the run; a slot already fired returns its run.
   */
  fire(schedule: Schedule, slot: number): Promise<ScheduleRun> {
    return this.#o.runs.fire(schedule, slot, this.#reconciler.settle);
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
    // The timer armed for #checkAt covers the slots up to aheadMs after it.
    if (this.#checkAt !== undefined && schedule.nextRunAt - this.#o.aheadMs >= this.#checkAt) return;
    // A slot the last pass ahead left for its time (the timer is armed for it): a note of a run's
    // end on its schedule needs no new pass.
    if (this.#notAhead.get(schedule.id) === schedule.nextRunAt) return;
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
    const { logger } = this.#o;
    this.#firing = true;
    this.#seenWhileFiring = Number.POSITIVE_INFINITY;
    this.#turns.restart();
    let failed = false;
    const late: LateSlots = { scheduleIds: [], slots: 0, maxLateMs: 0 };
    try {
      do {
        this.#again = false;
        if (!(await this.#fireBatch(late))) failed = true;
      } while (this.#again && this.#running);
      const timerAt = this.#timerAt;
      this.#timerAt = undefined;
      if (!failed && this.#o.aheadMs > 0 && this.#running) await this.#fireAhead(late, timerAt);
      this.#reportLate(late);
    } catch (error) {
      failed = true;
      logger.error({ err: error }, 'reading the due schedules failed');
    }
    try {
      this.#busySince = this.#o.clock();
      // A schedule that could not fire is still due: without a floor the timer would spin on it.
      await this.#arm(failed ? AFTER_ERROR_MS : 0);
    } catch (error) {
      logger.error({ err: error }, 'reading the next due slot failed');
      this.#armAt(this.#o.clock() + AFTER_ERROR_MS, AFTER_ERROR_MS);
    } finally {
      this.#busySince = undefined;
      this.#firing = false;
    }
  }

  /**
   * Fires one batch of due schedules in one store write (their runs, jobs and advanced slots); false
   * if any of them failed to fire. If the batch's write fails, its schedules fire one at a time, so
   * one that cannot be written does not hold back the others. Asks for another round if more may be due.
   */
  async #fireBatch(late: LateSlots): Promise<boolean> {
    const { store, logger, batch, clock } = this.#o;
    this.#busySince = clock();
    const due = await store.schedules.due(clock(), batch);
    let failures = 0;
    if (due.length > 0 && this.#running) {
      const slots = due.map((schedule) => this.#dueSlot(schedule, late));
      try {
        await this.#o.runs.fireMany(slots, this.#reconciler.settle);
      } catch (error) {
        logger.warn({ err: error, schedules: due.length }, 'firing a batch of schedules failed; firing them one at a time');
        for (const slot of slots) {
          if (!this.#running) break;
          // Progress is per schedule: a long backlog is not a stall, one schedule hanging is.
          this.#busySince = clock();
          await this.#o.runs.fireMany([slot], this.#reconciler.settle).catch((err) => {
            failures++;
            logger.error({ err, scheduleId: slot.schedule.id }, 'firing a schedule failed');
          });
          await this.#turns.ifHeldTooLong();
        }
      }
    }
    // A full batch may have more behind it; a batch that only failed would come back as it was.
    if (due.length === batch && failures < due.length) this.#again = true;
    // Between batches the event loop always gets a turn: a backlog holds the API, the executor
    // and the heartbeat for one batch at most.
    if (this.#again && this.#running) await this.#turns.now();
    return failures === 0;
  }

  /**
   * The slots due within the next aheadMs, written now if they start (slot-firing.ts, `ahead`), in
   * batches while each writes some: their runs exist when their slot comes. A slot not written
   * (held back by the overlap policy, its job not makeable, the write failing) fires when it comes.
   */
  async #fireAhead(late: LateSlots, timerAt: number | undefined): Promise<void> {
    const { store, logger, batch, clock } = this.#o;
    const aheadMs = this.#leadMs;
    this.#notAhead.clear();
    const started = clock();
    let writtenInPass = 0;
    for (;;) {
      this.#busySince = clock();
      const now = clock();
      // A timer may fire a millisecond before the instant it was armed for (timers count whole
      // milliseconds): the window is read from that instant, or the slot aheadMs after it would
      // be left to fire when it comes.
      const from = Math.max(now, timerAt ?? now);
      const read = await store.schedules.due(from + aheadMs, batch);
      const due = read.filter((s) => s.nextRunAt! > now);
      if (due.length === 0 || !this.#running) break;
      let written = 0;
      try {
        const runs = await this.#o.runs.fireMany(
          due.map((schedule) => ({ ...this.#dueSlot(schedule, late), ahead: true })),
          this.#reconciler.settle,
        );
        for (const [index, run] of runs.entries()) {
          if (run !== undefined) written++;
          else this.#notAhead.set(due[index]!.id, due[index]!.nextRunAt!);
        }
      } catch (error) {
        logger.warn({ err: error, schedules: due.length }, 'writing slots ahead failed; they fire when they come');
      }
      writtenInPass += written;
      // Those not written stay first in the next read: go on only while a full read wrote some.
      if (read.length < batch || written === 0 || !this.#running) break;
      await this.#turns.now();
    }
    this.#lead.measured(writtenInPass, clock() - started);
  }

  async #arm(minDelayMs: number): Promise<void> {
    if (!this.#running) return;
    const { aheadMs } = this.#o;
    const stored = await this.#o.store.schedules.nextDueAt();
    let next = Math.min(stored ?? Number.POSITIVE_INFINITY, this.#seenWhileFiring);
    if (next === Number.POSITIVE_INFINITY) {
      clearTimeout(this.#timer);
      this.#checkAt = undefined;
      return;
    }
    if (aheadMs > 0) {
      // The earliest slot within the window was not written ahead: the timer wakes at it, or
      // the lead before the first slot past the window, whichever comes first. A slot past the
      // window wakes the timer its lead before it.
      const horizon = this.#o.clock() + aheadMs;
      if (next > horizon) next -= await this.#leadOf(next);
      else {
        const beyond = await this.#o.store.schedules.nextDueAt(horizon);
        if (beyond !== undefined) next = Math.min(next, beyond - (await this.#leadOf(beyond)));
      }
    }
    this.#armAt(next, minDelayMs);
  }

  /** The lead of the slots at this instant (their number, up to the most a lead covers), kept for the pass it arms. */
  async #leadOf(instant: number): Promise<number> {
    const { aheadMs } = this.#o;
    const most = Math.ceil(MAX_LEAD_MS / this.#lead.msPerSlot);
    this.#leadMs = this.#lead.for(await this.#o.store.schedules.countDue(instant + aheadMs, most));
    return this.#leadMs;
  }

  #armAt(at: number, minDelayMs: number): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#checkAt = at;
    this.#timer = setTimeout(() => {
      this.#timerAt = at;
      this.#kick();
    }, Math.min(MAX_TIMER_MS, Math.max(minDelayMs, at - this.#o.clock())));
  }

  /**
   * The schedule's due slot, or after downtime what the misfire policy says (dueSlotOutcome), and
   * the patch that advances the schedule to its next slot. Slots skipped because firing was late are
   * counted in `lateSlotsSkipped` and logged once per wake-up.
   */
  #dueSlot(schedule: Schedule, late: LateSlots): SlotToFire {
    const { logger, misfireAfterMs } = this.#o;
    const now = this.#o.clock();
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
    return {
      schedule,
      ...(fire !== undefined && { fire }),
      // Only the scheduler's fields, and only while the slot is still the one fired: a rename made
      // meanwhile is kept, and a disable or a new trigger (a new nextRunAt) wins.
      advance: {
        patch: {
          nextRunAt: next,
          ...(fire !== undefined && { lastRunAt: fire }),
          ...(next === null && schedule.trigger.kind === 'ONCE' && { enabled: false }),
        },
        ifNextRunAt: slot,
      },
    };
  }

  #reportLate(late: LateSlots): void {
    if (late.scheduleIds.length === 0) return;
    this.#o.logger.warn(
      { schedules: late.scheduleIds.length, slotsSkipped: late.slots, maxLateMs: late.maxLateMs, scheduleIds: late.scheduleIds.slice(0, 10) },
      'firing fell behind: these schedules fired their due slot late and skipped the slots after it that had passed',
    );
  }
}
