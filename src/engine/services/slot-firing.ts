/**
 * Firing a batch of slots in one store write. For the schedules of a wake-up: one read of their
 * active runs (the overlap policy), the jobs made and validated in memory, the org quotas checked
 * once per org, then their runs, their jobs and their schedules' patches stored together
 * (ScheduleRunRepository.fireSlots), so a crash leaves every slot of the batch fired or none.
 *
 * A slot whose job cannot be made (its task type missing in this process, a payload that no longer
 * fits the task's schema, the org over its queue quota) still gets its run, which then ends FAILED
 * as a run that could not start: the others of the batch are not held back.
 */
import type { Actor } from '../domain/actor.js';
import { newId } from '../domain/ids.js';
import { overlapDecision, type OverlapDecision } from '../domain/schedule-policy.js';
import type { RunStatus, RunTrigger, Schedule, SchedulePatch, ScheduleRun } from '../domain/schedule.js';
import type { NewJob } from '../domain/types.js';
import type { SlotWrite, Store } from '../store/port.js';
import type { JobService } from './job-service.js';
import type { SettleActiveRuns } from './schedule-runs.js';
import { slotKey } from './triggers.js';

/** One schedule's part of a batch: the slot to make a run for, and the scheduler's patch that advances it. */
export interface SlotToFire {
  schedule: Schedule;
  /** The slot to make a run for; undefined: none (the misfire policy fired nothing). */
  fire?: number;
  /** Written only while the stored nextRunAt is still `ifNextRunAt` (a slot advances once). */
  advance?: { patch: SchedulePatch; ifNextRunAt: number };
  /**
   * The slot is still to come (written ahead): its run is written only if it starts now under the
   * overlap policy and its job can be made, that job due at the slot, never before; otherwise
   * nothing is written and the slot fires when it comes.
   */
  ahead?: boolean;
}

export interface SlotFiringContext {
  store: Store;
  jobs: JobService;
  now: number;
  /** The SKIPPED run a streak of skips behind these active runs goes on from, if any. */
  skipStreak(schedule: Schedule, active: readonly ScheduleRun[]): Promise<ScheduleRun | undefined>;
  /** Ends a stored run that could not start as FAILED (counted, retried, alerted like any failure). */
  cannotStart(run: ScheduleRun, error: string): Promise<ScheduleRun>;
}

export function newRun(
  schedule: Schedule,
  r: { scheduledFor: number; trigger: RunTrigger; runKey: string; status: RunStatus; now: number; error?: string },
): ScheduleRun {
  return {
    id: newId(),
    orgId: schedule.orgId,
    scheduleId: schedule.id,
    runKey: r.runKey,
    trigger: r.trigger,
    attempt: 1,
    status: r.status,
    scheduledFor: r.scheduledFor,
    createdAt: r.now,
    updatedAt: r.now,
    ...(r.status === 'SKIPPED' && { finishedAt: r.now }),
    ...(r.error !== undefined && { error: r.error }),
  };
}

const skippedError = (schedule: Schedule) =>
  `skipped: a run of this schedule is still active (overlap policy ${schedule.overlapPolicy}); slots skipped after this one while it stays active are counted on the schedule (skippedRuns)`;

/** A slot being prepared: its writes, and why its job could not be made. */
interface Pending {
  write: SlotWrite & { patches: Array<SlotWrite['patches'][number]> };
  /** The run held over a skip streak (no new run is stored). */
  streak?: ScheduleRun;
  cannotStart?: string;
  /** A slot offered ahead that is not written now (it fires when it comes). */
  notAhead?: boolean;
}

/** Fires the slots; returns each one's run (undefined for a slot that only advanced its schedule). */
export async function fireSlotBatch(ctx: SlotFiringContext, slots: readonly SlotToFire[], settle?: SettleActiveRuns): Promise<Array<ScheduleRun | undefined>> {
  const { store, now } = ctx;
  const decisions = await decide(store, slots, settle);
  const pending: Pending[] = [];
  const toPrepare: Array<{ index: number; schedule: Schedule; run: ScheduleRun; runAt?: number }> = [];
  for (const [index, slot] of slots.entries()) {
    const { schedule, fire } = slot;
    const p: Pending = { write: { scheduleId: schedule.id, patches: [] } };
    pending.push(p);
    if (slot.ahead && (fire === undefined || decisions.get(schedule.id)!.decision !== 'START')) {
      p.notAhead = true;
      continue;
    }
    if (fire !== undefined) {
      const { decision, active } = decisions.get(schedule.id)!;
      const runKey = slotKey(schedule.id, fire);
      const skipped = { patch: { lastRunStatus: 'SKIPPED' as const, skipped: fire } };
      if (decision === 'SKIP') {
        // A streak of skips behind the same active runs is one SKIPPED run; the rest are counted.
        p.streak = await ctx.skipStreak(schedule, active);
        if (p.streak) p.write.patches.push(skipped);
        else {
          p.write.run = newRun(schedule, { scheduledFor: fire, trigger: 'SCHEDULED', runKey, status: 'SKIPPED', now, error: skippedError(schedule) });
          p.write.patches.push({ ...skipped, ifRunCreated: true });
        }
      } else {
        p.write.run = newRun(schedule, { scheduledFor: fire, trigger: 'SCHEDULED', runKey, status: 'QUEUED', now });
        // BUFFER: the run waits, without a job, until the running one finishes.
        if (decision === 'START') toPrepare.push({ index, schedule, run: p.write.run, ...(slot.ahead && { runAt: fire }) });
      }
    }
    if (slot.advance) p.write.patches.push(slot.advance);
  }
  await prepareJobs(ctx, toPrepare, pending);
  // A slot written ahead whose job cannot be made is left to fire when it comes (and fail then).
  for (const [index, p] of pending.entries()) if (slots[index]!.ahead && p.cannotStart !== undefined) p.notAhead = true;
  const writing = pending.filter((p) => !p.notAhead);
  const written = writing.length ? await store.scheduleRuns.fireSlots(
    writing.map((p) => p.write),
    now,
  ) : [];
  const runs: Array<ScheduleRun | undefined> = [];
  let w = 0;
  for (const p of pending) {
    if (p.notAhead) {
      runs.push(undefined);
      continue;
    }
    const { run, created } = written[w++]!;
    if (p.cannotStart !== undefined && created && run) runs.push(await ctx.cannotStart(run, p.cannotStart));
    else runs.push(p.streak ?? run);
  }
  return runs;
}

/** The overlap decision of every schedule firing, from one read of their active runs. */
async function decide(
  store: Store,
  slots: readonly SlotToFire[],
  settle: SettleActiveRuns | undefined,
): Promise<Map<string, { decision: OverlapDecision; active: ScheduleRun[] }>> {
  const firing = slots.filter((s) => s.fire !== undefined).map((s) => s.schedule);
  const decisions = new Map<string, { decision: OverlapDecision; active: ScheduleRun[] }>();
  const read = async (schedules: Schedule[]) => {
    const active = groupBy(await store.scheduleRuns.activeOf(schedules.map((s) => s.id)));
    for (const schedule of schedules) {
      const runs = active.get(schedule.id) ?? [];
      decisions.set(schedule.id, { decision: overlapDecision(schedule, runs), active: runs });
    }
  };
  await read(firing);
  // Runs that would hold a slot back are first brought up to date with their jobs (rare: a job that
  // ended a moment ago, not followed yet, or a run left by a crash).
  // Not for a slot offered ahead: held back now, it is decided again when it comes.
  const ahead = new Set(slots.filter((s) => s.ahead).map((s) => s.schedule.id));
  const held = firing.filter((s) => decisions.get(s.id)!.decision !== 'START' && !ahead.has(s.id));
  if (held.length && settle && (await settle(held.flatMap((s) => decisions.get(s.id)!.active)))) await read(held);
  return decisions;
}

/** Makes and validates the jobs of the runs that start, and checks each org's quota once. */
async function prepareJobs(
  ctx: SlotFiringContext,
  toPrepare: ReadonlyArray<{ index: number; schedule: Schedule; run: ScheduleRun; runAt?: number }>,
  pending: Pending[],
): Promise<void> {
  const byOrg = new Map<string, Array<{ index: number; job: NewJob }>>();
  for (const { index, schedule, run, runAt } of toPrepare) {
    // The plugin may be gone since the schedule was saved (a restart without it): say so plainly.
    if (!ctx.jobs.catalog.get(schedule.taskType)) {
      pending[index]!.cannotStart = `task type '${schedule.taskType}' is not registered in this process`;
      continue;
    }
    const actor: Actor = { orgId: schedule.orgId, userId: `schedule:${schedule.id}` };
    try {
      const job = await ctx.jobs.prepare(
        actor,
        // One job per run, even if two processes start it.
        // A run written ahead of its slot: its job is due at the slot, not before.
        { type: schedule.taskType, payload: schedule.payload, scheduleId: schedule.id, scheduleRunId: run.id, idempotencyKey: `schedule-run:${run.id}`, ...(runAt !== undefined && { runAt }) },
        ctx.now,
      );
      const org = byOrg.get(schedule.orgId) ?? [];
      org.push({ index, job });
      byOrg.set(schedule.orgId, org);
    } catch (error) {
      // The payload no longer fits the task's schema.
      pending[index]!.cannotStart = couldNotEnqueue(error);
    }
  }
  for (const [orgId, jobs] of byOrg) {
    try {
      await ctx.jobs.admit(orgId, jobs.length, ctx.now);
      for (const { index, job } of jobs) pending[index]!.write.job = job;
    } catch (error) {
      // Over the quota as a whole: the first ones that still fit start, as one at a time would.
      const fit = await largestAdmitted(ctx, orgId, jobs.length - 1);
      for (const [i, { index, job }] of jobs.entries()) {
        if (i < fit) pending[index]!.write.job = job;
        else pending[index]!.cannotStart = couldNotEnqueue(error);
      }
    }
  }
}

/** The most jobs, up to `max`, the org's quota admits now (a binary search over its check). */
async function largestAdmitted(ctx: SlotFiringContext, orgId: string, max: number): Promise<number> {
  const admits = (count: number) => ctx.jobs.admit(orgId, count, ctx.now).then(() => true, () => false);
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (await admits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const couldNotEnqueue = (error: unknown) => `the job could not be enqueued: ${error instanceof Error ? error.message : String(error)}`;

function groupBy(runs: readonly ScheduleRun[]): Map<string, ScheduleRun[]> {
  const map = new Map<string, ScheduleRun[]>();
  for (const run of runs) {
    const list = map.get(run.scheduleId);
    if (list) list.push(run);
    else map.set(run.scheduleId, [run]);
  }
  return map;
}
