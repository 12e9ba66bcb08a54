/**
 * A test kit for plugin authors: run a task in-process against an embedded (in-memory) store in a few
 * lines, with the real executor, retries, timeouts and cancellation.
 *
 *   const kit = await createTestkit([myPlugin]);
 *   const job = await kit.run('translate', { text: 'hi', to: 'fr' });
 *   expect(job.status).toBe('SUCCEEDED');
 *   await kit.close();
 */
import { WaitService } from '../engine/services/wait-service.js';
import type { Actor } from '../engine/domain/actor.js';
import { Executor } from '../engine/runtime/executor/executor.js';
import { createLlmGateway, type LlmSettings } from '../engine/runtime/llm/index.js';
import { JobService, type EnqueueInput } from '../engine/services/job-service.js';
import { silentLogger, type Logger } from '../engine/runtime/logger.js';
import { openSqliteStore } from '../engine/store/sqlite/index.js';
import type { Store } from '../engine/store/port.js';
import type { Job, JobLog } from '../engine/domain/types.js';
import { waitForFinishedJob, waitForJob } from '../engine/store/wait-for-finished-job.js';
import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from '../engine/domain/task-settings.js';
import type { PluginDefinition } from '../tasks/define.js';
import { TaskRegistry } from '../tasks/registry.js';

export interface TestkitOptions {
  concurrency?: number;
  leaseMs?: number;
  cancelGraceMs?: number;
  logger?: Logger;
  /** A database file; defaults to an in-memory store. */
  file?: string;
  /** `ctx.llm` settings; by default the demo provider answers at once (no network, no key). */
  llm?: Partial<LlmSettings>;
  /** `ctx.settings.http`: by default, the server's defaults (loopback and private addresses refused). */
  http?: Partial<HttpSettings>;
}

export interface Testkit {
  store: Store;
  registry: TaskRegistry;
  jobs: JobService;
  executor: Executor;
  actor: Actor;
  enqueue(type: string, payload: unknown, options?: Omit<EnqueueInput, 'type' | 'payload'>): Promise<Job>;
  /** Resolves with the job once it is SUCCEEDED, FAILED or CANCELLED. */
  waitFor(jobId: string, timeoutMs?: number): Promise<Job>;
  /** Resolves with the job once it has this status (e.g. WAITING, to then resolve its wait through `waits`). */
  until(jobId: string, status: Job['status'], timeoutMs?: number): Promise<Job>;
  /** Signals, approvals and events for waiting jobs (as the API sends them). */
  waits: WaitService;
  /** enqueue + waitFor. */
  run(type: string, payload: unknown, options?: Omit<EnqueueInput, 'type' | 'payload'>): Promise<Job>;
  logs(jobId: string): Promise<JobLog[]>;
  close(): Promise<void>;
}

export async function createTestkit(plugins: PluginDefinition[], options: TestkitOptions = {}): Promise<Testkit> {
  const store = openSqliteStore({ file: options.file ?? ':memory:' });
  const registry = new TaskRegistry();
  for (const plugin of plugins) registry.add(plugin);
  const jobs = new JobService({ store, catalog: registry });
  const llm = createLlmGateway(
    {
      providers: [],
      defaultProvider: 'demo',
      demoLimits: {},
      maxRetries: 0,
      timeoutMs: 30_000,
      demo: { firstTokenMs: 1, tokenMs: 0 },
      ...options.llm,
    },
    store,
    options.logger ?? silentLogger,
  );
  const executor = new Executor({
    store,
    catalog: registry,
    jobs,
    logger: options.logger ?? silentLogger,
    concurrency: options.concurrency ?? 4,
    leaseMs: options.leaseMs ?? 30_000,
    cancelGraceMs: options.cancelGraceMs ?? 1000,
    shutdownGraceMs: 1000,
    progressWriteMs: 50,
    llm: llm.gateway,
    taskSettings: Object.freeze({ http: Object.freeze({ ...DEFAULT_HTTP_SETTINGS, ...options.http }) }),
  });
  await executor.start();
  const actor: Actor = { orgId: 'test', userId: 'testkit' };

  const waitFor = (jobId: string, timeoutMs = 10_000): Promise<Job> => waitForFinishedJob(store, actor.orgId, jobId, timeoutMs);

  const enqueue: Testkit['enqueue'] = (type, payload, opts = {}) => jobs.enqueue(actor, { ...opts, type, payload }, { audit: false });

  return {
    store,
    registry,
    jobs,
    executor,
    actor,
    enqueue,
    waitFor,
    until: (jobId, status, timeoutMs = 10_000) => waitForJob(store, actor.orgId, jobId, (job) => job.status === status, `become ${status}`, timeoutMs),
    waits: new WaitService(store),
    async run(type, payload, opts) {
      const job = await enqueue(type, payload, opts);
      return waitFor(job.id);
    },
    async logs(jobId) {
      const page = await store.logs.list(actor.orgId, jobId, { page: { first: 10_000 } });
      return page.items.map((i) => i.node);
    },
    async close() {
      await executor.stop(1000);
      await llm.close();
      await store.close();
    },
  };
}
