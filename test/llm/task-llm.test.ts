/**
 * `ctx.llm` end to end: a plugin task calling the model through the executor's gateway, against a fake
 * OpenAI-compatible server on loopback; the call is recorded under the job, and cancelling the job
 * cancels its call in flight.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import { Executor } from '../../src/engine/runtime/executor/executor.js';
import { JobService } from '../../src/engine/services/job-service.js';
import { createLlmGateway, type LlmGateway } from '../../src/engine/runtime/llm/index.js';
import type { LlmCall } from '../../src/engine/domain/llm-call.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { FINISHED_STATUSES, type Job } from '../../src/engine/domain/types.js';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import { TaskRegistry } from '../../src/tasks/registry.js';
import { DEFAULT_EXECUTOR } from '../helpers/engine.js';
import { awaitJob, until } from '../helpers/events.js';
import { hang, ok, startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { useTempDirs } from '../helpers/tmp.js';

const tmp = useTempDirs('jobcenter-task-llm-');
const actor: Actor = { orgId: 'org-test', userId: 'tester' };
const MODEL = 'fake-model';

const plugin = definePlugin({
  name: 'llm-test',
  version: '1.0.0',
  tasks: [
    defineTask({
      type: 'llm.ask',
      input: z.object({ question: z.string() }),
      retry: { maxAttempts: 1 },
      async run(ctx) {
        const answer = await ctx.llm.chat({ model: MODEL, messages: [{ role: 'user', content: ctx.input.question }], temperature: 0 });
        return { answer: answer.content, callId: answer.callId };
      },
    }),
    defineTask({
      type: 'llm.stream',
      input: z.object({ question: z.string() }),
      retry: { maxAttempts: 1 },
      async run(ctx) {
        const stream = ctx.llm.stream({ model: MODEL, messages: [{ role: 'user', content: ctx.input.question }] });
        const pieces: string[] = [];
        for await (const piece of stream) pieces.push(piece);
        const result = await stream.result;
        return { pieces, answer: result.content, callId: result.callId };
      },
    }),
  ],
});

interface Rig {
  store: Store;
  jobs: JobService;
  gateway: LlmGateway | undefined;
  enqueue(type: string, payload: unknown): Promise<Job>;
  waitForFinish(id: string): Promise<Job>;
}

let fake: FakeOpenAi;
const cleanups: Array<() => Promise<void>> = [];
beforeEach(async () => {
  fake = await startFakeOpenAi();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fake.close();
});

/** A SQLite store, a gateway on it pointing at the fake (unless `withLlm` is false), and a started executor. */
async function rig({ withLlm = true } = {}): Promise<Rig> {
  const store = openSqliteStore({ file: tmp.file() });
  cleanups.push(() => store.close());
  let gateway: LlmGateway | undefined;
  if (withLlm) {
    const made = createLlmGateway(
      {
        providers: [{ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: 'sk-test' }],
        defaultProvider: 'fake',
        demoLimits: {},
        maxRetries: 2,
        timeoutMs: 30_000,
        retryBaseMs: 10,
      },
      store,
      silentLogger,
    );
    gateway = made.gateway;
    cleanups.push(made.close);
  }
  const registry = new TaskRegistry();
  registry.add(plugin);
  const jobs = new JobService({ store, catalog: registry });
  const executor = new Executor({
    ...DEFAULT_EXECUTOR,
    leaseMs: 120_000, // cancels must reach the handler through the change feed, not the heartbeat
    store,
    catalog: registry,
    jobs,
    logger: silentLogger,
    ...(gateway && { llm: gateway }),
  });
  cleanups.push(() => executor.stop(500));
  await executor.start();
  return {
    store,
    jobs,
    gateway,
    enqueue: (type, payload) => jobs.enqueue(actor, { type, payload }, { audit: false }),
    async waitForFinish(id) {
      const finished = awaitJob(store.changes, id, (j) => FINISHED_STATUSES.includes(j.status), { timeoutMs: 15_000 });
      const now = await store.jobs.get(id, actor.orgId);
      if (now && FINISHED_STATUSES.includes(now.status)) return now;
      return finished;
    },
  };
}

async function callsOf(store: Store, jobId: string): Promise<LlmCall[]> {
  return (await store.llmCalls.list(actor.orgId, { parentJobId: jobId }, { first: 10 })).items.map((i) => i.node);
}

describe('ctx.llm through the executor', () => {
  test('chat(): the job succeeds with the answer; the call is recorded under the job, its type as source', async () => {
    const engine = await rig();
    fake.respond(ok(['Forty', '-two', '.'], { delayMs: 5, usage: { promptTokens: 9, completionTokens: 3, cachedTokens: 0 } }));
    const job = await engine.enqueue('llm.ask', { question: 'The answer?' });
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('SUCCEEDED');
    const sent = fake.requests[0]!;
    expect(done.result).toMatchObject({ answer: sent.sentText });
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.body).toMatchObject({ model: MODEL, messages: [{ role: 'user', content: 'The answer?' }], temperature: 0 });

    const calls = await callsOf(engine.store, job.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      id: (done.result as { callId: string }).callId,
      orgId: actor.orgId,
      parentJobId: job.id,
      source: 'llm.ask',
      provider: 'fake',
      model: MODEL,
      status: 'SUCCEEDED',
      output: [{ role: 'assistant', content: sent.sentText }],
      usage: { inputTokens: 9, outputTokens: 3, cachedTokens: 0, totalTokens: 12 },
    });
    expect(job.createdBy).toBe(actor.userId);
    expect(calls[0]!.requestedBy).toBe(actor.userId);
    expect(await engine.store.llmCalls.usageOfJob(job.orgId, job.id)).toEqual(calls[0]!.usage);
  });

  test('stream(): the task reads the pieces in order and the whole answer', async () => {
    const engine = await rig();
    const pieces = ['Stream', 'ed', ' ', 'answer'];
    fake.respond(ok(pieces, { delayMs: 5 }));
    const job = await engine.enqueue('llm.stream', { question: 'Stream it' });
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.result).toMatchObject({ pieces, answer: fake.requests[0]!.sentText });
    expect(await callsOf(engine.store, job.id)).toMatchObject([{ status: 'SUCCEEDED', source: 'llm.stream', parentJobId: job.id }]);
  });

  test('cancelling the job while its call is in flight: job and call CANCELLED, the request aborted', async () => {
    const engine = await rig();
    fake.respond(hang());
    const job = await engine.enqueue('llm.ask', { question: 'Take your time' });
    await fake.waitForRequests(1);
    await until(async () => (await callsOf(engine.store, job.id))[0]?.status === 'RUNNING', { label: 'the call to be RUNNING' });

    await engine.jobs.cancel(actor, job.id);
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('CANCELLED');
    const aborted = await fake.waitForAbort(0);
    expect(aborted.aborted).toBe(true);
    const [recorded] = await callsOf(engine.store, job.id);
    expect(recorded).toMatchObject({ status: 'CANCELLED', parentJobId: job.id, error: { code: 'CANCELLED' } });
    expect(recorded!.finishedAt).toBeGreaterThanOrEqual(recorded!.startedAt!);
    expect(fake.requests).toHaveLength(1);
    expect(engine.gateway!.status()).toMatchObject({ queued: 0 });
  });

  test('with no gateway configured, ctx.llm.chat fails the job with a clear message', async () => {
    const engine = await rig({ withLlm: false });
    const job = await engine.enqueue('llm.ask', { question: 'Anyone?' });
    const done = await engine.waitForFinish(job.id);
    expect(done.status).toBe('FAILED');
    expect(JSON.stringify(done.errors)).toContain('no LLM gateway is configured');
    expect(fake.requests).toHaveLength(0);
  });
});
