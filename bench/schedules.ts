/**
 * Schedule firing: many schedules on one cron (every second, `* * * * * *`; or every minute,
 * `0 * * * * *`), so every slot of every schedule falls on the same instant, on the embedded store in
 * a fresh temp data dir, each run starting a no-op job that the executor (`jobcenter serve` defaults)
 * runs. After a warm-up, over a window of whole periods, figures only (no pass/fail):
 *
 * - fire drift: when a slot's run exists minus the slot (0 for a run written ahead, aheadMs: it
 *   exists when the slot comes; the job start below says when its work began). "Exists" is the run.created change event,
 *   announced right after the insert commits, read with a sub-millisecond wall clock; the run's stored
 *   createdAt (whole ms, taken before the overlap check and the insert) is printed beside it.
 * - job start: the run's job's startedAt minus the slot (when the work began; the executor's share).
 * - duplicates: runs that share a schedule's slot (the runKey is unique: must be 0).
 * - missed slots: slots in the window that have no run once the window is over (a grace period lets
 *   the last second's slots be fired). A schedule reached more than a period late fires that slot
 *   and moves on to its next slot after now, so the ones in between are missed.
 * - skipped: slots recorded SKIPPED by the overlap policy (the slot's previous run still active).
 * - event-loop delay over the window: how long the process's timers, I/O and API requests wait
 *   behind the firing.
 * - CPU of the process over the window (the scheduler, the executor running the no-op jobs and the
 *   runs following their jobs share it), as a share of one core.
 *
 *
 * And an idle server: the whole app (`createApp`: API, executor, scheduler, watchdog, retention)
 * with 10,000 enabled schedules none of which is due, its process CPU over a window.
 *
 *   node --import tsx bench/schedules.ts        (the every-second scenario is part of `npm run bench`)
 *   BENCH_QUICK=1 ...                           smaller and shorter: a smoke run
 *   BENCH_SCHEDULES=second,minute,idle ...      the scenarios to run (default: all three)
 *   BENCH_SCHEDULE_AHEAD_MS=auto ...            the scheduler's aheadMs (default: the product's, 500; auto: 500 every second, 5,000 every minute)
 *
 * Full: 1,000 schedules every second for 60 s; 10,000 every minute for 3 minutes; idle 10,000 for
 * 30 s. Quick: 200 every second for 10 s; 2,000 every 10 s for 20 s; idle 2,000 for 10 s.
 */
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import { ScheduleRuns } from '../src/engine/services/schedule-runs.js';
import { ScheduleService } from '../src/engine/services/schedule-service.js';
import { Scheduler } from '../src/engine/runtime/scheduler/scheduler.js';
import type { ScheduleRun } from '../src/engine/domain/schedule.js';
import { createNoopPlugin, NOOP_TYPE } from './noop-plugin.js';
import { ACTOR, benchAppConfig, EXECUTOR_DEFAULTS, openEngine, removeDir, tempDir } from './setup.js';
import { fmtInt, fmtMs, summarize, type LatencySummary } from './stats.js';

export interface ScheduleBenchOptions {
  schedules: number;
  windowSeconds: number;
  warmupSeconds: number;
  /** The schedules' cron (default every second); all fire on the same instants. */
  cron?: string;
  /** The cron's period, ms (default 1,000): the window is whole periods. */
  periodMs?: number;
  /** Most schedules fired in one store write (default: the scheduler's). */
  batch?: number;
  /** The scheduler's aheadMs: slots written up to this long before they come (default 0). */
  aheadMs?: number;
}

export interface ScheduleFigures extends ScheduleBenchOptions {
  cron: string;
  /** Slots in the window: schedules x periods. */
  expected: number;
  /** Runs made for those slots (SKIPPED ones included). */
  fired: number;
  /** Runs announced before their slot (aheadMs). */
  writtenAhead: number;
  /** Slots not written ahead: [offset from the window's start in ms, runs], in slot order. */
  lateSlots: Array<[number, number]>;
  duplicates: number;
  missed: number;
  skipped: number;
  /** run.created received (high-resolution wall clock) - slot, ms. */
  drift: LatencySummary;
  /** The run's stored createdAt - slot, ms (whole ms). */
  storedDrift: LatencySummary;
  /** The run's job's startedAt - slot, ms (whole ms): when the work began. */
  startDrift: LatencySummary;
  /** Jobs of the schedules that SUCCEEDED during the window. */
  jobsSucceeded: number;
  /** Event-loop delay over the window (how long timers, I/O and requests waited), ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  windowMs: number;
}

export const QUICK_OPTIONS: ScheduleBenchOptions = { schedules: 200, windowSeconds: 10, warmupSeconds: 2 };
export const FULL_OPTIONS: ScheduleBenchOptions = { schedules: 1_000, windowSeconds: 60, warmupSeconds: 5 };
export const MINUTE_QUICK_OPTIONS: ScheduleBenchOptions = { schedules: 2_000, windowSeconds: 20, warmupSeconds: 5, cron: '*/10 * * * * *', periodMs: 10_000 };
export const MINUTE_FULL_OPTIONS: ScheduleBenchOptions = { schedules: 10_000, windowSeconds: 180, warmupSeconds: 10, cron: '0 * * * * *', periodMs: 60_000 };

const EVERY_SECOND = '* * * * * *';
/** How long after the window its last slots may still get their runs before they count as missed. */
const GRACE_MS = 10_000;

/** A wall clock (epoch ms) with performance.now()'s resolution, pinned to a tick of Date.now(). */
function preciseWallClock(): () => number {
  const start = Date.now();
  let tick = start;
  while (tick === start) tick = Date.now();
  const offset = tick - performance.now();
  return () => offset + performance.now();
}

const sleepUntil = (at: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

export async function scheduleFiring(options: ScheduleBenchOptions): Promise<ScheduleFigures> {
  const { schedules: count, windowSeconds, warmupSeconds } = options;
  const cron = options.cron ?? EVERY_SECOND;
  const periodMs = options.periodMs ?? 1000;
  const engine = openEngine('schedules');
  const runs = new ScheduleRuns({ store: engine.store, jobs: engine.jobs, logger: silentLogger });
  const scheduler = new Scheduler({
    store: engine.store,
    runs,
    logger: silentLogger,
    ...(options.batch !== undefined && { batch: options.batch }),
    ...(options.aheadMs !== undefined && { aheadMs: options.aheadMs }),
  });
  const service = new ScheduleService(engine.store, engine.registry, engine.jobs, runs);
  const executor = engine.newExecutor(EXECUTOR_DEFAULTS.concurrency);
  const wallClock = preciseWallClock();

  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  const inWindow = (slot: number) => slot >= windowStart && slot < windowEnd;
  /** Runs per `scheduleId@slot` in the window, and each slot's first run's drifts. */
  const runsPerSlot = new Map<string, number>();
  const drifts: number[] = [];
  const storedDrifts: number[] = [];
  const startDrifts: number[] = [];
  /** The slot of each run in the window, by run id, until its job starts. */
  const slotOfRun = new Map<string, number>();
  let skipped = 0;
  let writtenAhead = 0;
  /** Slots (offset from the window's start, ms) with a run that was not written ahead, and how many. */
  const lateSlots = new Map<number, number>();
  let jobsSucceeded = 0;
  let counting = false;

  const onRun = (run: ScheduleRun, receivedAt: number) => {
    if (run.trigger !== 'SCHEDULED' || !inWindow(run.scheduledFor)) return;
    const key = `${run.scheduleId}@${run.scheduledFor}`;
    const seen = runsPerSlot.get(key) ?? 0;
    runsPerSlot.set(key, seen + 1);
    if (seen > 0) return;
    // A run written ahead exists when its slot comes: 0 late.
    drifts.push(Math.max(0, receivedAt - run.scheduledFor));
    if (receivedAt < run.scheduledFor) writtenAhead++;
    else lateSlots.set(run.scheduledFor - windowStart, (lateSlots.get(run.scheduledFor - windowStart) ?? 0) + 1);
    slotOfRun.set(run.id, run.scheduledFor);
    storedDrifts.push(run.createdAt - run.scheduledFor);
    if (run.status === 'SKIPPED') skipped++;
  };
  const unsubscribe = engine.store.changes.subscribe((event) => {
    if (event.kind === 'run.created') onRun(event.run, wallClock());
    else if (event.kind === 'job.updated' && event.job.status === 'RUNNING' && event.job.scheduleRunId && event.job.startedAt !== undefined) {
      const slot = slotOfRun.get(event.job.scheduleRunId);
      if (slot !== undefined) {
        slotOfRun.delete(event.job.scheduleRunId);
        startDrifts.push(event.job.startedAt - slot);
      }
    }
    if (counting && event.kind === 'job.updated' && event.job.status === 'SUCCEEDED' && event.job.scheduleId) jobsSucceeded++;
  });

  try {
    await scheduler.start();
    await executor.start();
    for (let i = 0; i < count; i++) {
      await service.create(ACTOR, { name: `schedule ${i}`, taskType: NOOP_TYPE, payload: { i }, trigger: { kind: 'CRON', cron } });
    }
    // The window: whole periods, from the first one after the warm-up.
    windowStart = Math.ceil((Date.now() + warmupSeconds * 1000) / periodMs) * periodMs;
    windowEnd = windowStart + windowSeconds * 1000;
    await sleepUntil(windowStart);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    counting = true;
    await sleepUntil(windowEnd);
    const cpu = process.cpuUsage(cpuBefore);
    const windowMs = performance.now() - t0;
    loopDelay.disable();
    counting = false;

    const expected = count * Math.round((windowSeconds * 1000) / periodMs);
    const graceEnd = Date.now() + GRACE_MS;
    while (runsPerSlot.size < expected && Date.now() < graceEnd) await new Promise((resolve) => setTimeout(resolve, 50));
    const fired = runsPerSlot.size;
    return {
      ...options,
      cron,
      expected,
      fired,
      writtenAhead,
      lateSlots: [...lateSlots].sort((a, b) => a[0] - b[0]),
      duplicates: [...runsPerSlot.values()].reduce((sum, n) => sum + n - 1, 0),
      missed: expected - fired,
      skipped,
      drift: summarize(drifts),
      storedDrift: summarize(storedDrifts),
      startDrift: summarize(startDrifts),
      jobsSucceeded,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      windowMs,
    };
  } finally {
    unsubscribe();
    await scheduler.stop();
    await engine.close();
  }
}

export function printScheduleFigures(f: ScheduleFigures): void {
  const cpuShare = ((f.cpuUserMs + f.cpuSystemMs) / f.windowMs) * 100;
  const d = f.drift;
  const s = f.storedDrift;
  console.log(
    `    ${fmtInt(f.schedules)} schedules, cron "${f.cron}", ${f.windowSeconds} s window after ${f.warmupSeconds} s warm-up: ${fmtInt(f.expected)} slots; ` +
      `scheduler aheadMs ${fmtInt(f.aheadMs ?? 0)}`,
  );
  if (f.aheadMs) {
    console.log(`    written ahead (aheadMs ${fmtInt(f.aheadMs)}): ${fmtInt(f.writtenAhead)} of ${fmtInt(f.fired)} runs announced before their slot (drift 0)`);
    const late = f.lateSlots.slice(0, 8).map(([offset, runs]) => `+${fmtInt(offset / 1000)} s (${fmtInt(runs)})`);
    if (late.length > 0) console.log(`    slots fired at or after their instant (window offset, runs): ${late.join(', ')}${f.lateSlots.length > 8 ? ', ...' : ''}`);
  }
  console.log(`    fire drift (run.created - slot)     p50 ${fmtMs(d.p50)}  p95 ${fmtMs(d.p95)}  p99 ${fmtMs(d.p99)}  max ${fmtMs(d.max)}  (n ${fmtInt(d.n)})`);
  console.log(`    stored drift (createdAt - slot)     p50 ${fmtMs(s.p50)}  p99 ${fmtMs(s.p99)}  max ${fmtMs(s.max)}`);
  const j = f.startDrift;
  console.log(`    job start (startedAt - slot)        p50 ${fmtMs(j.p50)}  p99 ${fmtMs(j.p99)}  max ${fmtMs(j.max)}  (n ${fmtInt(j.n)})`);
  console.log(`    duplicates ${fmtInt(f.duplicates)}, missed slots ${fmtInt(f.missed)}, skipped by overlap ${fmtInt(f.skipped)}; runs ${fmtInt(f.fired)} of ${fmtInt(f.expected)}`);
  console.log(`    no-op jobs succeeded in the window ${fmtInt(f.jobsSucceeded)} (${fmtInt((f.jobsSucceeded * 1000) / f.windowMs)}/s)`);
  console.log(`    event-loop delay over the window    p99 ${fmtMs(f.loopDelayP99Ms)}  max ${fmtMs(f.loopDelayMaxMs)}`);
  console.log(
    `    process CPU over the window (scheduler + executor + run following): ${cpuShare.toFixed(1)}% of one core ` +
      `(user ${fmtInt(f.cpuUserMs)} ms, system ${fmtInt(f.cpuSystemMs)} ms in ${fmtInt(f.windowMs)} ms); ` +
      `${fmtInt(((f.cpuUserMs + f.cpuSystemMs) * 1000) / Math.max(1, f.fired))} µs per slot fired (its run, job and following)`,
  );
}

/**
 * The scheduler's aheadMs in these scenarios: BENCH_SCHEDULE_AHEAD_MS in ms; unset, the product's
 * default (JOBCENTER_SCHEDULER_AHEAD_MS, 500 ms); `auto`, half a period of the every-second cron and
 * 5 s for the every-minute one (long enough to write 10,000 slots ahead).
 */
function aheadMs(auto: number): number {
  const given = process.env.BENCH_SCHEDULE_AHEAD_MS ?? '';
  if (given === '') return loadConfig({}).scheduler.aheadMs;
  return given === 'auto' ? auto : Number(given);
}

export const scheduleBenchOptions = (quick: boolean): ScheduleBenchOptions => ({ ...(quick ? QUICK_OPTIONS : FULL_OPTIONS), aheadMs: aheadMs(500) });
export const minuteBenchOptions = (quick: boolean): ScheduleBenchOptions => ({ ...(quick ? MINUTE_QUICK_OPTIONS : MINUTE_FULL_OPTIONS), aheadMs: aheadMs(5000) });

export interface IdleOptions {
  schedules: number;
  windowSeconds: number;
  /** After start, before the window (start-up work is not idling). */
  settleSeconds: number;
}

export interface IdleFigures extends IdleOptions {
  cpuUserMs: number;
  cpuSystemMs: number;
  windowMs: number;
  loopDelayP99Ms: number;
}

export const idleBenchOptions = (quick: boolean): IdleOptions =>
  quick ? { schedules: 2_000, windowSeconds: 10, settleSeconds: 3 } : { schedules: 10_000, windowSeconds: 30, settleSeconds: 5 };

/** Once a year, at New Year: enabled, with a next slot, and never due during a run of this bench. */
const YEARLY = '0 0 0 1 1 *';

/**
 * An idle server: the whole app (API on loopback, executor, scheduler, watchdog, retention, the
 * /metrics figures) with this many enabled schedules, none due; its process CPU over the window.
 */
export async function idleServer(options: IdleOptions): Promise<IdleFigures> {
  const root = tempDir('idle');
  try {
    const config = benchAppConfig(root, { JOBCENTER_ORG_MAX_SCHEDULES: String(options.schedules + 1) });
    const app = await createApp(config, silentLogger, [createNoopPlugin()]);
    try {
      for (let i = 0; i < options.schedules; i++) {
        await app.schedules.create(ACTOR, { name: `yearly ${i}`, taskType: NOOP_TYPE, payload: { i }, trigger: { kind: 'CRON', cron: YEARLY } });
      }
      await app.start();
      await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000));
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, options.windowSeconds * 1000));
      const cpu = process.cpuUsage(cpuBefore);
      const windowMs = performance.now() - t0;
      loopDelay.disable();
      return { ...options, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, windowMs, loopDelayP99Ms: loopDelay.percentile(99) / 1e6 };
    } finally {
      await app.stop();
    }
  } finally {
    removeDir(root);
  }
}

export function printIdleFigures(f: IdleFigures): void {
  const cpuShare = ((f.cpuUserMs + f.cpuSystemMs) / f.windowMs) * 100;
  console.log(`    ${fmtInt(f.schedules)} enabled schedules (none due), the whole app started, ${f.windowSeconds} s window after ${f.settleSeconds} s`);
  console.log(
    `    process CPU ${cpuShare.toFixed(2)}% of one core (user ${fmtInt(f.cpuUserMs)} ms, system ${fmtInt(f.cpuSystemMs)} ms in ${fmtInt(f.windowMs)} ms); ` +
      `event-loop delay p99 ${fmtMs(f.loopDelayP99Ms)}`,
  );
}

const SCENARIOS = ['second', 'minute', 'idle'] as const;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
  const asked = (process.env.BENCH_SCHEDULES ?? SCENARIOS.join(',')).split(',').map((s) => s.trim());
  const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const run = async () => {
    console.log(`Schedules on the embedded store${quick ? ' (BENCH_QUICK: a smoke run)' : ''}; ${os.cpus().length} cores; load average (1/5/15 min) ${loadavg()}`);
    if (asked.includes('second')) {
      console.log('  every second:');
      printScheduleFigures(await scheduleFiring(scheduleBenchOptions(quick)));
      console.log(`    load average ${loadavg()}`);
    }
    if (asked.includes('minute')) {
      console.log(`  every ${quick ? '10 seconds' : 'minute'}:`);
      printScheduleFigures(await scheduleFiring(minuteBenchOptions(quick)));
      console.log(`    load average ${loadavg()}`);
    }
    if (asked.includes('idle')) {
      console.log('  idle server:');
      printIdleFigures(await idleServer(idleBenchOptions(quick)));
      console.log(`    load average ${loadavg()}`);
    }
    console.log('other processes on this machine skew the figures');
  };
  run().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
