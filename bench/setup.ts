/**
 * Shared set-up for the engine scenarios: a fresh temp data dir with a real SQLite file (WAL), the
 * no-op task, a JobService and executors configured with the same defaults as `jobcenter serve`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config, type Mode } from '../src/config.js';
import type { Actor } from '../src/engine/domain/actor.js';
import { Executor } from '../src/engine/runtime/executor/executor.js';
import { JobService } from '../src/engine/services/job-service.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import type { Store } from '../src/engine/store/port.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { TaskRegistry } from '../src/tasks/registry.js';
import { createNoopPlugin, NOOP_TYPE, type StartHook } from './noop-plugin.js';

export const ACTOR: Actor = { orgId: 'bench', userId: 'bench' };

/** BENCH_SYNCHRONOUS=FULL measures what a power-cut-safe commit costs (the default is NORMAL). */
const SYNCHRONOUS = process.env.BENCH_SYNCHRONOUS === 'FULL' ? 'FULL' : undefined;

/** The executor settings `jobcenter serve` uses when nothing is configured. */
export const EXECUTOR_DEFAULTS = loadConfig({}, {}, 'worker').executor;

/**
 * The config of a whole app for a bench: on loopback (an ephemeral port), silent, no GraphiQL, its
 * data in `root/data` and its plugins in `root/plugins` (created empty) unless `extraEnv` says
 * otherwise; `extraEnv` adds or overrides any setting, as the environment would.
 */
export function benchAppConfig(root: string, extraEnv: Record<string, string> = {}, mode: Mode = 'serve'): Config {
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    JOBCENTER_DATA_DIR: path.join(root, 'data'),
    JOBCENTER_PLUGINS_DIR: path.join(root, 'plugins'),
    JOBCENTER_GRAPHIQL: 'false',
    ...extraEnv,
  };
  fs.mkdirSync(env.JOBCENTER_PLUGINS_DIR!, { recursive: true });
  return loadConfig(env, {}, mode);
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `jobcenter-bench-${label}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface Engine {
  dir: string;
  store: Store;
  registry: TaskRegistry;
  jobs: JobService;
  newExecutor(concurrency: number): Executor;
  /** Stops the executors, closes the store and deletes the data dir. */
  close(): Promise<void>;
}

export function openEngine(label: string, onStart?: StartHook): Engine {
  const dir = tempDir(label);
  const store = openSqliteStore({ file: path.join(dir, 'jobcenter.db'), ...(SYNCHRONOUS && { synchronous: SYNCHRONOUS }) });
  const registry = new TaskRegistry();
  registry.add(createNoopPlugin(onStart));
  const jobs = new JobService({ store, catalog: registry });
  const executors: Executor[] = [];
  return {
    dir,
    store,
    registry,
    jobs,
    newExecutor(concurrency) {
      const executor = new Executor({
        store,
        catalog: registry,
        jobs,
        logger: silentLogger,
        concurrency,
        leaseMs: EXECUTOR_DEFAULTS.leaseMs,
        cancelGraceMs: EXECUTOR_DEFAULTS.cancelGraceMs,
        shutdownGraceMs: EXECUTOR_DEFAULTS.shutdownGraceMs,
        progressWriteMs: EXECUTOR_DEFAULTS.progressWriteMs,
        defaultTimeoutMs: EXECUTOR_DEFAULTS.defaultTimeoutMs,
      });
      executors.push(executor);
      return executor;
    },
    async close() {
      try {
        for (const executor of executors) await executor.stop(1000);
        await store.close();
      } finally {
        removeDir(dir);
      }
    },
  };
}

/** `count` enqueue inputs for the no-op task, numbered from `from`. */
export function noopInputs(from: number, count: number): Array<{ type: string; payload: { i: number } }> {
  return Array.from({ length: count }, (_, k) => ({ type: NOOP_TYPE, payload: { i: from + k } }));
}

/** Lets the event loop run a few turns (pending setImmediate work, such as an executor tick, settles). */
export async function settle(turns = 3): Promise<void> {
  for (let k = 0; k < turns; k++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The durability settings of a fresh store opened the way the bench opens it. */
export async function probeDurability(): Promise<Record<string, string>> {
  const engine = openEngine('probe');
  try {
    return { ...engine.store.durability };
  } finally {
    await engine.close();
  }
}
