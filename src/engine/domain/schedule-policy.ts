/**
 * The schedule policies as pure rules: what the overlap policy does with a new slot given the
 * schedule's active runs, and what a due slot turns into when firing comes late or after downtime.
 * The trigger's arithmetic is the caller's (croner, in services/triggers.ts): these rules get it as
 * functions over plain instants.
 */
import type { MisfirePolicy, OverlapPolicy, ScheduleRun } from './schedule.js';

/** START: the run starts now. BUFFER: it waits, without a job, for the running one. SKIP: it is recorded SKIPPED. */
export type OverlapDecision = 'START' | 'BUFFER' | 'SKIP';

export interface OverlapSettings {
  overlapPolicy: OverlapPolicy;
  maxConcurrentRuns: number;
}

/** What the overlap policy does with a new slot, given the schedule's active runs (a run without a job is buffered). */
export function overlapDecision(settings: OverlapSettings, active: readonly Pick<ScheduleRun, 'jobId'>[]): OverlapDecision {
  const running = active.filter((r) => r.jobId !== undefined).length;
  const buffered = active.length - running;
  if (settings.overlapPolicy === 'SKIP' && active.length > 0) return 'SKIP';
  if (settings.overlapPolicy === 'ALLOW' && active.length >= settings.maxConcurrentRuns) return 'SKIP';
  if (settings.overlapPolicy === 'BUFFER_ONE' && running > 0) return buffered > 0 ? 'SKIP' : 'BUFFER';
  return 'START';
}

/** A trigger's slots, as the misfire rule asks for them. */
export interface SlotTimes {
  /** The first slot strictly after `after`; null when the trigger has no more. */
  nextAfter(after: number): number | null;
  /** The latest slot in (after, upTo]; null when there is none. */
  latestIn(after: number, upTo: number): number | null;
}

export interface DueSlot {
  now: number;
  /** The slot that came due (the schedule's nextRunAt). */
  slot: number;
  /** A slot later than this is missed (the process was down) and the misfire policy applies. */
  misfireAfterMs: number;
  misfirePolicy: MisfirePolicy;
  /** RUN_ONCE catches up a missed slot only if it is at most this old. */
  catchUpWindowMs: number;
}

export interface DueSlotOutcome {
  /** The slot to make a run for; undefined: none. */
  fire: number | undefined;
  /** The schedule's next slot; null: the trigger has no more. */
  next: number | null;
  /** Set when the slot was missed (downtime): the newest missed slot, fired or not. */
  latestMissed?: number;
  /** Slots after the fired one that had passed already (firing fell behind): skipped, not stored. */
  lateSkipped: number;
}

/**
 * What a due slot turns into. Missed (later than the misfire threshold): never a storm; RUN_ONCE
 * fires the newest missed slot if it is recent enough, SKIP fires none, and the schedule moves to
 * its first slot after now. Late under the threshold (firing fell behind, or a short restart): the
 * slot still fires, and the slots after it that have already passed are skipped (no run, no SKIPPED
 * record: one per slot would be a storm of writes just when firing is behind). Their count comes
 * from the gap between the slot and the next: exact for INTERVAL and evenly spaced crons.
 */
export function dueSlotOutcome(due: DueSlot, times: SlotTimes): DueSlotOutcome {
  const { now, slot } = due;
  if (now - slot > due.misfireAfterMs) {
    const latest = times.latestIn(slot - 1, now) ?? slot;
    const catchUp = due.misfirePolicy === 'RUN_ONCE' && now - latest <= due.catchUpWindowMs;
    return { fire: catchUp ? latest : undefined, next: times.nextAfter(now), latestMissed: latest, lateSkipped: 0 };
  }
  const next = times.nextAfter(slot);
  if (next === null || next > now) return { fire: slot, next, lateSkipped: 0 };
  return { fire: slot, next: times.nextAfter(now), lateSkipped: 1 + Math.floor((now - next) / (next - slot)) };
}
