/**
 * A real engine for executor tests: a SQLite file in a temp folder, a TaskRegistry with the test's
 * plugins, a JobService and an Executor. Every engine made through `useEngines()` is stopped and
 * closed after each test.
 *
 * The idle re-check defaults to a minute, so a test only passes if the executor is woken by events
 * and its due timer, as designed, and never by polling.
 */
import { afterEach } from 'vitest';
import { waitForFinishedJob } from '../../src/engine/store/wait-for-finished-job.js';
import type { Actor } from '../../src/engine/domain/actor.js';
import { Executor, type ExecutorOptions } from '../../src/engine/runtime/executor/executor.js';
import { JobService, type EnqueueInput } from '../../src/engine/services/job-service.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import type { Job, JobLog } from '../../src/engine/domain/types.js';
import type { PluginDefinition } from '../../src/tasks/define.js';
import { TaskRegistry } from '../../src/tasks/registry.js';
import { awaitJob } from './events.js';
import { useTempDirs } from './tmp.js';

export type ExecutorSettings = Partial<Omit<ExecutorOptions, 'store' | 'catalog' | 'jobs' | 'logger'>>;

export interface Engine {
  store: Store;
  registry: TaskRegistry;
  jobs: JobService;
  executor: Executor;
  actor: Actor;
  enqueue(type: string, payload: unknown, options?: Omit<EnqueueInput, 'type' | 'payload'>, actor?: Actor): Promise<Job>;
  /** The job once it is SUCCEEDED, FAILED or CANCELLED (from the change feed, or the store if already). */
  waitForFinish(jobId: string, timeoutMs?: number, orgId?: string): Promise<Job>;
  /** The first announced state of the job that matches (subscribe before causing it). */
  waitForJob(jobId: string, match: (job: Job) => boolean, timeoutMs?: number): Promise<Job>;
  get(jobId: string, orgId?: string): Promise<Job>;
  logs(jobId: string): Promise<JobLog[]>;
  close(): Promise<void>;
}

export const DEFAULT_EXECUTOR: Required<Pick<ExecutorOptions, 'concurrency' | 'leaseMs' | 'cancelGraceMs' | 'shutdownGraceMs' | 'progressWriteMs' | 'idleCheckMs'>> = {
  concurrency: 4,
  leaseMs: 30_000,
  cancelGraceMs: 1000,
  shutdownGraceMs: 1000,
  progressWriteMs: 50,
  idleCheckMs: 60_000,
};

export function useEngines(): {
  /** A started engine (pass `start: false` to start it yourself). */
  create(plugins: PluginDefinition[], settings?: ExecutorSettings & { start?: boolean }): Promise<Engine>;
} {
  const tmp = useTempDirs('jobcenter-executor-');
  const open: Engine[] = [];
  afterEach(async () => {
    // Stopped before the temp folder goes (useTempDirs registered its afterEach first: hooks run in reverse).
    for (const engine of open.splice(0)) await engine.close();
  });

  return {
    async create(plugins, { start = true, ...settings } = {}) {
      const store = openSqliteStore({ file: tmp.file() });
      const registry = new TaskRegistry();
      for (const plugin of plugins) registry.add(plugin);
      const jobs = new JobService({ store, catalog: registry });
      const executor = new Executor({ ...DEFAULT_EXECUTOR, ...settings, store, catalog: registry, jobs, logger: silentLogger });
      const actor: Actor = { orgId: 'org-test', userId: 'tester' };
      let closed = false;

      const get = async (jobId: string, orgId = actor.orgId) => {
        const job = await store.jobs.get(jobId, orgId);
        if (!job) throw new Error(`job ${jobId} does not exist`);
        return job;
      };

      const engine: Engine = {
        store,
        registry,
        jobs,
        executor,
        actor,
        enqueue: (type, payload, options = {}, as = actor) => jobs.enqueue(as, { ...options, type, payload }, { audit: false }),
        waitForJob: (jobId, match, timeoutMs = 10_000) => awaitJob(store.changes, jobId, match, { timeoutMs }),
        waitForFinish: (jobId, timeoutMs = 10_000, orgId = actor.orgId) => waitForFinishedJob(store, orgId, jobId, timeoutMs),
        get,
        async logs(jobId) {
          const page = await store.logs.list(actor.orgId, jobId, { page: { first: 10_000 } });
          return page.items.map((i) => i.node);
        },
        async close() {
          if (closed) return;
          closed = true;
          await executor.stop(500);
          await store.close();
        },
      };
      open.push(engine);
      if (start) await executor.start();
      return engine;
    },
  };
}
