/**
 * Metrics rollups: what finished jobs add to the metrics, summed per minute, so a window's figures
 * come from a few thousand rows instead of every job in it. A store rolls each org's jobs finished
 * before its mark (`rolledUntil`) once; a window's metrics are the rolled minutes plus the jobs the
 * store still reads one by one (unfinished ones, and those finished at or after the mark).
 *
 * Counts and queue depth from rolled minutes are exact when the window starts on a whole minute and
 * its buckets are whole minutes (see `canUseRollups`); p95 durations from rolled minutes come from
 * binned durations, within 5 % (exact below 128 ms).
 */
import type { MetricsJobTimes } from './metrics.js';

export const MINUTE_MS = 60_000;

/** Durations below this many ms have a bin each; above, bins are 5 % wide. */
const EXACT_BELOW_MS = 128;
const BIN_GROWTH = 1.05;
const LOG_GROWTH = Math.log(BIN_GROWTH);

/** Binned durations: bin → how many. */
export type DurationBins = Record<string, number>;

export function durationBin(ms: number): number {
  const d = Math.max(0, Math.round(ms));
  return d < EXACT_BELOW_MS ? d : EXACT_BELOW_MS + Math.floor(Math.log(d / EXACT_BELOW_MS) / LOG_GROWTH);
}

/** The smallest duration a bin holds (a p95 read from bins is at most 5 % below the true one). */
export function binFloor(bin: number): number {
  return bin < EXACT_BELOW_MS ? bin : Math.ceil(EXACT_BELOW_MS * BIN_GROWTH ** (bin - EXACT_BELOW_MS));
}

export function addBins(into: DurationBins, from: DurationBins): DurationBins {
  for (const [bin, n] of Object.entries(from)) into[bin] = (into[bin] ?? 0) + n;
  return into;
}

/** The 95th percentile by nearest rank over binned durations (as `p95` in percentile.ts). */
export function binnedP95(bins: DurationBins): number | undefined {
  const sorted = Object.entries(bins)
    .map(([bin, n]) => [Number(bin), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil((95 * total) / 100));
  let seen = 0;
  for (const [bin, n] of sorted) {
    seen += n;
    if (seen >= rank) return binFloor(bin);
  }
  return undefined;
}

/** Finished SUCCEEDED / FAILED jobs of a type, by the minute they finished in. */
export interface TypeMinute {
  minute: number;
  type: string;
  succeeded: number;
  failed: number;
  durations: DurationBins;
}

/** A schedule's jobs by the minute they were created in, counted once they finished. */
export interface ScheduleMinute {
  minute: number;
  scheduleId: string;
  triggers: number;
  succeeded: number;
  failed: number;
  durations: DurationBins;
}

/**
 * Queue depth changes: +1 at the first whole minute at or after a job was created, -1 at the first
 * whole minute at or after it started (or finished unstarted). The depth at a whole minute t is the
 * sum of the changes at or before t.
 */
export interface DepthMinute {
  minute: number;
  delta: number;
}

export interface MetricsRollup {
  types: TypeMinute[];
  schedules: ScheduleMinute[];
  depth: DepthMinute[];
}

/**
 * Unfinished jobs of a window (created by its end), counted in groups by the whole minutes at or
 * after their creation and start, so the queue is summed by the store rather than read job by job.
 */
export interface OpenJobGroup {
  createdMinute: number;
  /** Null while the job has not started. */
  startedMinute: number | null;
  /** Set when the jobs are a schedule's, created in the window. */
  scheduleId: string | null;
  /** How many of the group wait at the window's end (created by it, not started by it). */
  waitingAtUntil: number;
  n: number;
}

/** What a store returns for a window: the rolled minutes in it, the depth before it, the open jobs. */
export interface RolledWindow extends MetricsRollup {
  /** The sum of every depth change at or before the window's start. */
  depthBefore: number;
  /** Jobs finished before this are in the rollups; the others were read one by one. */
  rolledUntil: number;
  open: OpenJobGroup[];
}

export const floorMinute = (t: number) => Math.floor(t / MINUTE_MS) * MINUTE_MS;
export const ceilMinute = (t: number) => Math.ceil(t / MINUTE_MS) * MINUTE_MS;

const durationOf = (job: MetricsJobTimes) =>
  job.startedAt !== undefined && job.finishedAt !== undefined ? job.finishedAt - job.startedAt : undefined;

/** What finished jobs add to the rollups (jobs without `finishedAt` are ignored). */
export function rollupOf(jobs: MetricsJobTimes[]): MetricsRollup {
  const types = new Map<string, TypeMinute>();
  const schedules = new Map<string, ScheduleMinute>();
  const depth = new Map<number, number>();
  for (const job of jobs) {
    if (job.finishedAt === undefined) continue;
    const done = job.status === 'SUCCEEDED' || job.status === 'FAILED';
    const duration = durationOf(job);
    if (done) {
      const minute = floorMinute(job.finishedAt);
      const key = `${minute}\u0000${job.type}`;
      const t = types.get(key) ?? { minute, type: job.type, succeeded: 0, failed: 0, durations: {} };
      if (job.status === 'SUCCEEDED') t.succeeded++;
      else t.failed++;
      if (duration !== undefined) addBins(t.durations, { [durationBin(duration)]: 1 });
      types.set(key, t);
    }
    if (job.scheduleId !== undefined) {
      const minute = floorMinute(job.createdAt);
      const key = `${minute}\u0000${job.scheduleId}`;
      const s = schedules.get(key) ?? { minute, scheduleId: job.scheduleId, triggers: 0, succeeded: 0, failed: 0, durations: {} };
      s.triggers++;
      if (job.status === 'SUCCEEDED') s.succeeded++;
      if (job.status === 'FAILED') s.failed++;
      if (done && duration !== undefined) addBins(s.durations, { [durationBin(duration)]: 1 });
      schedules.set(key, s);
    }
    const from = ceilMinute(job.createdAt);
    const to = ceilMinute(Math.min(job.startedAt ?? Infinity, job.finishedAt));
    if (from < to) {
      depth.set(from, (depth.get(from) ?? 0) + 1);
      depth.set(to, (depth.get(to) ?? 0) - 1);
    }
  }
  return {
    types: [...types.values()],
    schedules: [...schedules.values()],
    depth: [...depth].filter(([, delta]) => delta !== 0).map(([minute, delta]) => ({ minute, delta })),
  };
}

/**
 * Whether a window can be answered from rollups: it starts on a whole minute, its buckets are whole
 * minutes, and its end is a whole minute or not before the mark (rolled jobs stopped waiting before it).
 */
export function canUseRollups(since: number, until: number, bucketMs: number, rolledUntil: number): boolean {
  return since % MINUTE_MS === 0 && bucketMs % MINUTE_MS === 0 && (until % MINUTE_MS === 0 || until >= rolledUntil);
}

/**
 * Which of a rolling read to roll. `finishTimes` are the read's finish times in order, at most
 * `maxJobs` of them from the mark up to `upTo`. A full read stops before its last finish time, which
 * may have more jobs past the limit; a full read of one finish time takes every job of that time
 * (`allAt`: the store reads them all). Returns how many of the read to take and the new mark.
 */
export function rollChunk(finishTimes: number[], maxJobs: number, upTo: number): { take: number; mark: number; done: boolean; allAt?: number } {
  if (finishTimes.length < maxJobs) return { take: finishTimes.length, mark: upTo, done: true };
  const last = finishTimes[finishTimes.length - 1]!;
  if (finishTimes[0] === last) return { take: 0, mark: last + 1, done: false, allAt: last };
  return { take: finishTimes.findIndex((t) => t === last), mark: last, done: false };
}
