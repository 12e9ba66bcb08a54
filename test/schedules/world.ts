/**
 * The parts a schedules test runs on, as the app wires them, over the real embedded store: a store
 * file, the task registry with the sleep plugin, the job and schedule services, the runs service, and
 * schedulers and an executor made on demand. Everything made is stopped and closed after each test,
 * in reverse order (schedulers and the executor before the store).
 */
import { afterEach } from 'vitest';
import type { Clock } from '../../src/engine/domain/clock.js';
import type { ScheduleRun } from '../../src/engine/domain/schedule.js';
import { Executor } from '../../src/engine/runtime/executor/executor.js';
import { silentLogger, type Logger } from '../../src/engine/runtime/logger.js';
import { Scheduler, type SchedulerOptions } from '../../src/engine/runtime/scheduler/scheduler.js';
import { JobService } from '../../src/engine/services/job-service.js';
import type { Quotas } from '../../src/engine/services/quotas.js';
import { ScheduleRuns } from '../../src/engine/services/schedule-runs.js';
import { ScheduleService } from '../../src/engine/services/schedule-service.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { TaskRegistry } from '../../src/tasks/registry.js';
import sleepPlugin from '../../plugins/sleep/index.js';
import { useTempDirs } from '../helpers/tmp.js';

/** A scheduler's heartbeat that never comes during a test. */
export const NEVER_MS = 3_600_000;

export interface WorldOptions {
  /** The store file (default: a new one); two worlds on one file are two processes. */
  file?: string;
  /** One clock for the runs and the schedulers, as the app wires them (default: the system's). */
  clock?: Clock;
  /** The runs service's logger (default: silent). */
  logger?: Logger;
  /** Quotas, given to the job service (default: none). */
  quotas?: (store: Store) => Quotas;
}

export interface World {
  store: Store;
  registry: TaskRegistry;
  jobs: JobService;
  runs: ScheduleRuns;
  schedules: ScheduleService;
  /** A new scheduler on this world (heartbeat NEVER_MS unless given), stopped after the test. */
  scheduler(options?: Partial<SchedulerOptions>): Scheduler;
  /** A new executor for the sleep plugin (4 slots), stopped after the test. */
  executor(): Executor;
  /** Stops this world's schedulers and executors and closes its store now (once). */
  close(): Promise<void>;
}

/** Call at the top level of a test file. */
export function useScheduleWorlds(prefix: string): { world(options?: WorldOptions): World; tempFile(): string } {
  const tmp = useTempDirs(prefix);
  const worlds: World[] = [];
  afterEach(async () => {
    for (const world of worlds.splice(0).reverse()) await world.close();
  });
  const world = (options: WorldOptions = {}): World => {
    const store = openSqliteStore({ file: options.file ?? tmp.file() });
    const registry = new TaskRegistry();
    registry.add(sleepPlugin);
    const quotas = options.quotas?.(store);
    const jobs = new JobService({ store, catalog: registry, ...(quotas && { quotas }) });
    const clock = options.clock && { clock: options.clock };
    const runs = new ScheduleRuns({ store, jobs, logger: options.logger ?? silentLogger, ...clock });
    const schedules = new ScheduleService(store, registry, jobs, runs);
    const stops: Array<() => Promise<void>> = [];
    let closed: Promise<void> | undefined;
    const made: World = {
      store,
      registry,
      jobs,
      runs,
      schedules,
      scheduler: (schedulerOptions = {}) => {
        const scheduler = new Scheduler({ store, runs, logger: silentLogger, heartbeatMs: NEVER_MS, ...clock, ...schedulerOptions });
        stops.push(() => scheduler.stop());
        return scheduler;
      },
      executor: () => {
        const executor = new Executor({ store, catalog: registry, jobs, logger: silentLogger, concurrency: 4, leaseMs: 30_000, cancelGraceMs: 500, shutdownGraceMs: 500, progressWriteMs: 50 });
        stops.push(() => executor.stop(500));
        return executor;
      },
      close: () =>
        (closed ??= (async () => {
          for (const stop of stops.splice(0).reverse()) await stop();
          await store.close();
        })()),
    };
    worlds.push(made);
    return made;
  };
  return { world, tempFile: () => tmp.file() };
}

/** The runs of a schedule in the org `acme`, newest first. */
export const runsOf = async (store: Store, scheduleId: string, orgId = 'acme'): Promise<ScheduleRun[]> =>
  (await store.scheduleRuns.list(orgId, { scheduleId }, { first: 100 })).items.map((i) => i.node);
