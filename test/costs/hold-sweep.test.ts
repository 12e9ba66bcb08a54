/**
 * Holds that can be found, at the gateway, over a real SQLite store and the fake OpenAI-compatible
 * server: a call in flight holds under its own id with its job and this process, and the hold is gone
 * when the call ends; a hold a dead process left (its job no longer RUNNING) keeps the budget short
 * until the sweep gives it back, after which calls fit again.
 */
import { hostname } from 'node:os';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import { BudgetExceededError } from '../../src/engine/domain/budget.js';
import { BudgetGuard } from '../../src/engine/runtime/llm/budget-guard.js';
import { LlmGateway, type LlmCaller } from '../../src/engine/runtime/llm/gateway.js';
import { HoldSweep } from '../../src/engine/runtime/llm/hold-sweep.js';
import { LimiterPool } from '../../src/engine/runtime/llm/limiter.js';
import { OpenAiCompatibleProvider } from '../../src/engine/runtime/llm/providers/openai-compatible.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import { BudgetService } from '../../src/engine/services/budget-service.js';
import { PriceService } from '../../src/engine/services/price-service.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { hang, startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { useTempDirs } from '../helpers/tmp.js';

const tmp = useTempDirs('jobcenter-holds-');
const ADMIN: Actor = { orgId: 'org-1', userId: 'alice' };
const MESSAGES = [{ role: 'user', content: 'Say hi.' }];

let fake: FakeOpenAi;
let store: Store;
let limiter: LimiterPool;
let prices: PriceService;
let budgets: BudgetService;

beforeEach(async () => {
  fake = await startFakeOpenAi();
  store = openSqliteStore({ file: tmp.file() });
  limiter = new LimiterPool({ limitsFor: () => ({}) });
  prices = new PriceService(store);
  budgets = new BudgetService(store);
  await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 1, outputPerMTok: 2 });
});
afterEach(async () => {
  await limiter.close();
  await store.close();
  await fake.close();
});

const gateway = () =>
  new LlmGateway({
    store,
    providers: [new OpenAiCompatibleProvider({ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: 'sk-test' })],
    defaultProvider: 'fake',
    limiter,
    logger: silentLogger,
    maxRetries: 0,
    timeoutMs: 30_000,
    prices,
    budgets: new BudgetGuard({ store, logger: silentLogger, retryMs: 10 }),
  });

/** A job of org-1 in RUNNING, as a worker holds it. */
async function runningJob(): Promise<string> {
  const [inserted] = await store.jobs.insert([{ id: `job-${Math.random().toString(36).slice(2)}`, orgId: 'org-1', type: 'summarize', priority: 0, payload: {}, maxAttempts: 1, runAt: 0, createdAt: 0 }]);
  const [claimed] = await store.jobs.claim({ workerId: 'w1', limit: 1, now: Date.now(), leaseMs: 60_000, types: ['summarize'], typeLimits: {} });
  expect(claimed?.id).toBe(inserted!.job.id);
  return claimed!.id;
}

test('a call in flight holds under its own id, with its job and this process; the hold is gone when the call ends', async () => {
  const budget = await budgets.create(ADMIN, { scope: 'ORG', period: 'DAY', limitUsd: 1 });
  const jobId = await runningJob();
  const caller: LlmCaller = { orgId: 'org-1', source: 'summarize', taskType: 'summarize', parentJobId: jobId };
  fake.respond(hang());
  const controller = new AbortController();
  const call = gateway().chat({ ...caller, signal: controller.signal }, { model: 'm', messages: MESSAGES, max_tokens: 100 });
  await fake.waitForRequests(1);
  const [callRow] = (await store.llmCalls.list('org-1', {}, { first: 1 })).items.map((e) => e.node);
  const holds = await store.budgets.holds(10);
  expect(holds).toEqual([
    { id: callRow!.id, orgId: 'org-1', budgetIds: [budget.id], amountMicros: expect.any(Number), jobId, holder: `${hostname()}:${process.pid}`, heldAt: expect.any(Number) },
  ]);
  expect((await budgets.get(ADMIN, budget.id))!.reservedMicros).toBe(holds[0]!.amountMicros);
  // The sweep leaves a hold whose job is RUNNING and young.
  expect(await new HoldSweep({ store, logger: silentLogger, maxAgeMs: 60_000 }).sweep()).toEqual([]);
  controller.abort(new Error('job cancelled'));
  await expect(call).rejects.toThrow();
  expect(await store.budgets.holds(10)).toEqual([]);
  expect((await budgets.get(ADMIN, budget.id))!.reservedMicros).toBe(0);
});

test("a dead process's hold keeps the budget short until the sweep gives it back", async () => {
  const budget = await budgets.create(ADMIN, { scope: 'ORG', period: 'DAY', limitUsd: 0.001 }); // 1000 µ$
  // A process took 900 µ$ for a call of its job, then died: the job's lease was recovered (QUEUED).
  const jobId = await runningJob();
  const dead = new BudgetGuard({ store, logger: silentLogger, holder: 'gone-host:4242' });
  await dead.reserve({ orgId: 'org-1', jobId }, 900, new AbortController().signal);
  expect(await store.jobs.recoverLeases(Date.now(), { allRunning: true })).toHaveLength(1);

  const caller: LlmCaller = { orgId: 'org-1', source: 'console' };
  // max_tokens 100 at $2/MTok needs 200 µ$ and more: it does not fit beside the orphan.
  await expect(gateway().chat(caller, { model: 'm', messages: MESSAGES, max_tokens: 100 })).rejects.toBeInstanceOf(BudgetExceededError);
  const released = await new HoldSweep({ store, logger: silentLogger, maxAgeMs: 10 * 60_000 }).sweep();
  expect(released).toMatchObject([{ jobId, holder: 'gone-host:4242', amountMicros: 900 }]);
  expect((await budgets.get(ADMIN, budget.id))!.reservedMicros).toBe(0);
  await expect(gateway().chat(caller, { model: 'm', messages: MESSAGES, max_tokens: 100 })).resolves.toMatchObject({ costUsd: expect.any(Number) });
  expect(await store.budgets.holds(10)).toEqual([]);
});
