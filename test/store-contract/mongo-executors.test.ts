/**
 * Several executors on one MongoDB database, as several processes would run them (each with its own
 * client, change stream and worker id): every job runs exactly once, a type's concurrency limit holds
 * across all of them, and a cancel made through one reaches the job running on another. Runs when a
 * replica set is available (see test/setup/mongo.ts).
 */
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, describe, expect, inject, test } from 'vitest';
import { Executor } from '../../src/engine/runtime/executor/executor.js';
import { newId } from '../../src/engine/domain/ids.js';
import { JobService } from '../../src/engine/services/job-service.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import { openMongoStore } from '../../src/engine/store/mongo/index.js';
import type { Store } from '../../src/engine/store/port.js';
import { FINISHED_STATUSES } from '../../src/engine/domain/types.js';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import { TaskRegistry } from '../../src/tasks/registry.js';
import { until } from '../helpers/events.js';

const uri = inject('mongoUri');
const actor = { orgId: 'acme', userId: 'tester' };

const runs = new Map<string, number>();
let running = 0;
let maxRunning = 0;
const plugin = definePlugin({
  name: 'multi',
  version: '1.0.0',
  tasks: [
    defineTask({
      type: 'limited',
      concurrency: 2,
      input: z.object({ ms: z.number() }),
      async run(ctx) {
        runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
        running++;
        maxRunning = Math.max(maxRunning, running);
        try {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, ctx.input.ms);
            ctx.signal.addEventListener('abort', () => (clearTimeout(timer), reject(ctx.signal.reason)), { once: true });
          });
        } finally {
          running--;
        }
      },
    }),
  ],
});

/** The same task type as a worker without the plugin's concurrency option would register it. */
const unlimitedPlugin = definePlugin({
  ...plugin,
  tasks: plugin.tasks.map((task) => ({ ...task, concurrency: undefined })),
});

interface Node {
  store: Store;
  jobs: JobService;
  executor: Executor;
}

if (uri) {
  const dbName = `jc_multi_${newId().replaceAll('-', '').slice(-16)}`;
  const nodes: Node[] = [];

  async function node(name: string, plugins = plugin): Promise<Node> {
    const store = await openMongoStore({ uri: uri!, dbName, nodeName: name, logger: silentLogger });
    const registry = new TaskRegistry();
    registry.add(plugins);
    const jobs = new JobService({ store, catalog: registry });
    const executor = new Executor({
      store,
      catalog: registry,
      jobs,
      logger: silentLogger,
      workerId: name,
      concurrency: 4,
      leaseMs: 10_000,
      cancelGraceMs: 1000,
      shutdownGraceMs: 1000,
      progressWriteMs: 50,
      idleCheckMs: 500,
    });
    await executor.start();
    const n = { store, jobs, executor };
    nodes.push(n);
    return n;
  }

  afterEach(async () => {
    for (const n of nodes.splice(0)) {
      await n.executor.stop(1000);
      await n.store.close();
    }
  });
  afterAll(async () => {
    const client = await new MongoClient(uri).connect();
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  describe('several executors on one MongoDB database', () => {
    test('every job runs once and the type limit holds across all of them', async () => {
      const a = await node('a');
      await node('b');
      const c = await node('c');
      runs.clear();
      maxRunning = 0;
      const jobs = await a.jobs.enqueueMany(actor, Array.from({ length: 30 }, () => ({ type: 'limited', payload: { ms: 30 } })), { audit: false });
      await until(async () => (await c.jobs.count(actor, { status: ['SUCCEEDED'] })) === jobs.length, { timeoutMs: 60_000 });
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(runs.size).toBe(jobs.length);
      expect(maxRunning).toBeLessThanOrEqual(2);
      expect(maxRunning).toBe(2);
    });

    test('a worker that configures no limit holds to the limit another worker configured', async () => {
      const a = await node('limits-a');
      await node('limits-b', unlimitedPlugin);
      await node('limits-c', unlimitedPlugin);
      runs.clear();
      maxRunning = 0;
      const jobs = await a.jobs.enqueueMany(actor, Array.from({ length: 20 }, () => ({ type: 'limited', payload: { ms: 30 } })), { audit: false });
      await until(async () => (await a.jobs.count(actor, { status: ['SUCCEEDED'] })) === jobs.length, { timeoutMs: 60_000 });
      expect(runs.size).toBe(jobs.length);
      expect(maxRunning).toBeLessThanOrEqual(2);
    });

    test('a cancel through one process stops the job on whichever runs it', async () => {
      const [a, b] = [await node('a2'), await node('b2')];
      const job = await a.jobs.enqueue(actor, { type: 'limited', payload: { ms: 60_000 } });
      await until(async () => (await b.jobs.get(actor, job.id))?.status === 'RUNNING', { timeoutMs: 30_000 });
      await b.jobs.cancel(actor, job.id);
      await until(async () => FINISHED_STATUSES.includes((await a.jobs.require(actor, job.id)).status), { timeoutMs: 30_000 });
      expect((await a.jobs.require(actor, job.id)).status).toBe('CANCELLED');
    });
  });
} else {
  describe.skip('several executors on one MongoDB database', () => {
    test(`needs a MongoDB replica set (${inject('mongoSkipReason')})`, () => undefined);
  });
}
