/**
 * Costs and budgets at the LLM gateway, over a real SQLite store and the fake OpenAI-compatible
 * server on loopback: costs from reported usage (cached and reasoning tokens, tiers), price versions,
 * unpriced calls, holds that stop the 11th of 10 affordable concurrent calls, a job's maxCostUsd,
 * settling after a failure, waiting until a period rolls over, and threshold alerts raised once.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Actor } from '../../src/engine/domain/actor.js';
import { BudgetExceededError } from '../../src/engine/domain/budget.js';
import { LlmGateway, type LlmCaller } from '../../src/engine/runtime/llm/gateway.js';
import { BudgetGuard } from '../../src/engine/runtime/llm/budget-guard.js';
import { LimiterPool } from '../../src/engine/runtime/llm/limiter.js';
import { estimateInputTokens } from '../../src/engine/runtime/llm/provider.js';
import { worstCaseMicros } from '../../src/engine/domain/prices.js';
import { OpenAiCompatibleProvider } from '../../src/engine/runtime/llm/providers/openai-compatible.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import { BudgetService } from '../../src/engine/services/budget-service.js';
import { PriceService } from '../../src/engine/services/price-service.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { ok, startFakeOpenAi, status, type FakeOpenAi } from '../helpers/fake-openai.js';
import { useTempDirs } from '../helpers/tmp.js';

const tmp = useTempDirs('jobcenter-costs-');
const ADMIN: Actor = { orgId: 'org-1', userId: 'alice' };
const CALLER: LlmCaller = { orgId: 'org-1', source: 'summarize', taskType: 'summarize', parentJobId: 'job-1' };
const MESSAGES = [{ role: 'user', content: 'Say hi.' }];

let fake: FakeOpenAi;
let store: Store;
let limiter: LimiterPool;
let prices: PriceService;
let budgets: BudgetService;
/** The budget guard's clock (the periods' time); calls themselves run in real time. */
let clock = Date.UTC(2026, 2, 10, 12);

beforeEach(async () => {
  fake = await startFakeOpenAi();
  store = openSqliteStore({ file: tmp.file() });
  limiter = new LimiterPool({ limitsFor: () => ({}) });
  prices = new PriceService(store, [{ key: 'fake:tiered', inputPerMTok: 1, outputPerMTok: 2, tiers: [{ aboveInputTokens: 1000, inputPerMTok: 10, outputPerMTok: 20 }], effectiveFrom: 0, source: 'test file' }]);
  budgets = new BudgetService(store);
  clock = Date.UTC(2026, 2, 10, 12);
});
afterEach(async () => {
  await limiter.close();
  await store.close();
  await fake.close();
});

function gateway(): LlmGateway {
  return new LlmGateway({
    store,
    providers: [new OpenAiCompatibleProvider({ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: 'sk-test' })],
    defaultProvider: 'fake',
    limiter,
    logger: silentLogger,
    maxRetries: 0,
    timeoutMs: 30_000,
    prices,
    budgets: new BudgetGuard({ store, logger: silentLogger, now: () => clock, retryMs: 10 }),
  });
}

const storedCall = async (id: string) => (await store.llmCalls.get(id, 'org-1'))!;

describe('what a call costs', () => {
  test('from the usage the provider reports: cached input and reasoning output at their rates', async () => {
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 3, cachedInputPerMTok: 1, outputPerMTok: 10, reasoningPerMTok: 40 });
    fake.respond(ok(['Hi', '!'], { usage: { promptTokens: 1000, completionTokens: 500, cachedTokens: 400, reasoningTokens: 300 } }));
    const answer = await gateway().chat(CALLER, { model: 'fake:m'.split(':')[1]!, messages: MESSAGES });
    const expected = 600 * 3 + 400 * 1 + 200 * 10 + 300 * 40; // µ$
    expect(answer.costUsd).toBe(expected / 1e6);
    const call = await storedCall(answer.callId);
    expect(call.usage).toEqual({ inputTokens: 1000, outputTokens: 500, cachedTokens: 400, totalTokens: 1500, reasoningTokens: 300 });
    expect(call.costMicros).toBe(expected);
    expect(call.price).toMatchObject({ key: 'fake:m', inputPerMTok: 3, reasoningPerMTok: 40 });
  });

  test('a tier by prompt size (from the prices file) charges the whole call at its rates', async () => {
    fake.respond(ok(['a'], { usage: { promptTokens: 1000, completionTokens: 10, cachedTokens: 0 } }), ok(['b'], { usage: { promptTokens: 1001, completionTokens: 10, cachedTokens: 0 } }));
    const gw = gateway();
    const small = await gw.chat(CALLER, { model: 'tiered', messages: MESSAGES });
    const large = await gw.chat(CALLER, { model: 'tiered', messages: MESSAGES });
    expect((await storedCall(small.callId)).costMicros).toBe(1000 * 1 + 10 * 2);
    expect((await storedCall(large.callId)).costMicros).toBe(1001 * 10 + 10 * 20);
  });

  test('each call keeps the price it was charged at: a new price changes later calls only', async () => {
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 1, outputPerMTok: 1 });
    fake.fallback = ok(['x'], { usage: { promptTokens: 100, completionTokens: 100, cachedTokens: 0 } });
    const gw = gateway();
    const before = await gw.chat(CALLER, { model: 'm', messages: MESSAGES });
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 5, outputPerMTok: 5 });
    const after = await gw.chat(CALLER, { model: 'm', messages: MESSAGES });
    expect(await storedCall(before.callId)).toMatchObject({ costMicros: 200, price: { inputPerMTok: 1 } });
    expect(await storedCall(after.callId)).toMatchObject({ costMicros: 1000, price: { inputPerMTok: 5 } });
    // Another org still has no price for it.
    const other = await gw.chat({ ...CALLER, orgId: 'org-2' }, { model: 'm', messages: MESSAGES });
    expect(other.costUsd).toBeUndefined();
    // The audit keeps both versions.
    const audit = await store.audit.list('org-1', {}, { first: 10 });
    expect(audit.items.filter((e) => e.node.action === 'price.set')).toHaveLength(2);
  });

  test('a model without a price is unpriced: no price, no cost (not zero), counted as unpriced', async () => {
    fake.respond(ok(['x']));
    const answer = await gateway().chat(CALLER, { model: 'mystery', messages: MESSAGES });
    const call = await storedCall(answer.callId);
    expect(answer).not.toHaveProperty('costUsd');
    expect(call).not.toHaveProperty('costMicros');
    expect(call).not.toHaveProperty('price');
    expect(await store.llmCalls.costOfJobs('org-1', ['job-1'])).toEqual([{ id: 'job-1', costMicros: 0, unpricedCalls: 1 }]);
  });
});

describe('budgets hold before the call is made', () => {
  // max_tokens 100 and a short prompt: the worst case is (prompt estimate) × $1 + 100 × $2 per million.
  const params = { max_tokens: 100 };

  test('10 affordable concurrent calls pass, the 11th is refused at once with BUDGET_EXCEEDED, and nothing goes over', async () => {
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 1, outputPerMTok: 2 });
    // One call's hold: its prompt's most tokens at the input rate, max_tokens at the output rate.
    const hold = worstCaseMicros({ key: 'fake:m', inputPerMTok: 1, outputPerMTok: 2, effectiveFrom: 0 }, estimateInputTokens(MESSAGES), 100);
    expect(hold).toBe(estimateInputTokens(MESSAGES) + 200);
    const gw = gateway();
    const budget = await budgets.create(ADMIN, { scope: 'ORG', period: 'DAY', limitUsd: (10 * hold) / 1e6 }, clock);
    fake.fallback = ok(['done'], { delayMs: 150, usage: { promptTokens: 10, completionTokens: 20, cachedTokens: 0 } });
    const results = await Promise.allSettled(Array.from({ length: 11 }, () => gw.chat(CALLER, { model: 'm', messages: MESSAGES, ...params })));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error.code).toBe('BUDGET_EXCEEDED');
    expect(error.message).toContain(budget.id);
    expect(error.message).toMatch(/limit \$0\.00\d+, spent \$0\.00, reserved \$0\.00\d+, this call needs up to \$0\.000\d+/);
    // The refused call never reached the provider and is recorded as failed.
    expect(fake.requests).toHaveLength(10);
    const failed = (await store.llmCalls.list('org-1', { status: ['FAILED'] }, { first: 5 })).items.map((e) => e.node);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ error: { code: 'BUDGET_EXCEEDED' }, costMicros: 0 });
    // Settled to what the ten cost: 10 × (10 × 1 + 20 × 2) µ$, nothing held.
    expect(await budgets.get(ADMIN, budget.id, clock)).toMatchObject({ spentMicros: 500, reservedMicros: 0 });
  });

  test("a job's maxCostUsd covers its calls only, and a refusal names the budget, its limit and what is spent", async () => {
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 1, outputPerMTok: 2 });
    fake.fallback = ok(['x'], { usage: { promptTokens: 100, completionTokens: 100, cachedTokens: 0 } });
    await budgets.forJob('org-1', 'job-1', 0.0005, clock); // 500 µ$
    const gw = gateway();
    await gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 100 }); // holds ≤ 205, costs 300
    const refused = await gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 100 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect((refused as Error).message).toMatch(/\(JOB job-1, LIFETIME\) would be exceeded: limit \$0\.0005, spent \$0\.0003/);
    // Another job is not held by it.
    await expect(gw.chat({ ...CALLER, parentJobId: 'job-2' }, { model: 'm', messages: MESSAGES, max_tokens: 100 })).resolves.toMatchObject({ costUsd: 0.0003 });
  });

  test('a failed call settles to nothing: its hold is released', async () => {
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 1, outputPerMTok: 2 });
    const budget = await budgets.create(ADMIN, { scope: 'ORG', period: 'DAY', limitUsd: 1 }, clock);
    fake.respond(status(400, { body: { error: { message: 'bad request' } } }));
    await expect(gateway().chat(CALLER, { model: 'm', messages: MESSAGES })).rejects.toThrow();
    expect(await budgets.get(ADMIN, budget.id, clock)).toMatchObject({ spentMicros: 0, reservedMicros: 0 });
  });

  test('a WAIT budget keeps the call queued until the period rolls over, then lets it through', async () => {
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 1, outputPerMTok: 2 });
    clock = Date.UTC(2026, 2, 10, 23, 59, 59);
    const budget = await budgets.create(ADMIN, { scope: 'ORG', period: 'DAY', limitUsd: 0.0005, action: 'WAIT' }, clock);
    fake.fallback = ok(['x'], { usage: { promptTokens: 100, completionTokens: 100, cachedTokens: 0 } });
    const gw = gateway();
    await gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 100 }); // spends 300 of 500
    const waiting = gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 100 });
    let done = false;
    void waiting.then(() => (done = true), () => (done = true));
    // It waits, QUEUED, and the provider hears nothing of it.
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    expect(fake.requests).toHaveLength(1);
    const queued = (await store.llmCalls.list('org-1', { status: ['QUEUED'] }, { first: 5 })).items;
    expect(queued).toHaveLength(1);
    clock = Date.UTC(2026, 2, 11, 0, 0, 1); // midnight UTC passes
    await expect(waiting).resolves.toMatchObject({ costUsd: 0.0003 });
    expect(await budgets.get(ADMIN, budget.id, clock)).toMatchObject({ periodStart: Date.UTC(2026, 2, 11), spentMicros: 300, reservedMicros: 0 });
  });

  test('a waiting call stops when its caller aborts (recorded CANCELLED, nothing held); one dearer than the whole limit fails at once', async () => {
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 1, outputPerMTok: 2 });
    const budget = await budgets.create(ADMIN, { scope: 'TASK_TYPE', target: 'summarize', period: 'DAY', limitUsd: 0.0003, action: 'WAIT' }, clock);
    await store.budgets.reserve([budget.id], 'org-1', 290, clock); // a call in flight elsewhere
    const controller = new AbortController();
    const gw = gateway();
    const waiting = gw.chat({ ...CALLER, signal: controller.signal }, { model: 'm', messages: MESSAGES, max_tokens: 10 });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort(new Error('job cancelled'));
    await expect(waiting).rejects.toThrow('job cancelled');
    const [call] = (await store.llmCalls.list('org-1', {}, { first: 5 })).items.map((e) => e.node);
    expect(call).toMatchObject({ status: 'CANCELLED', error: { code: 'CANCELLED' } });
    expect(await budgets.get(ADMIN, budget.id, clock)).toMatchObject({ reservedMicros: 290, spentMicros: 0 });
    expect(fake.requests).toHaveLength(0);
    // max_tokens 1000 needs more than the whole $0.0003: waiting would never end.
    await expect(gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 1000 })).rejects.toBeInstanceOf(BudgetExceededError);
  });

  test('thresholds raise one BUDGET_THRESHOLD alert each per period', async () => {
    await prices.set(ADMIN, { key: 'fake:m', inputPerMTok: 1, outputPerMTok: 2 });
    const budget = await budgets.create(ADMIN, { scope: 'TASK_TYPE', target: 'summarize', period: 'DAY', limitUsd: 0.001, thresholds: [0.5, 0.8, 1] }, clock);
    fake.fallback = ok(['x'], { usage: { promptTokens: 100, completionTokens: 50, cachedTokens: 0 } }); // 200 µ$ each
    const gw = gateway();
    const alerts = async () => (await store.alerts.list('org-1', {}, { first: 20 })).items.map((e) => e.node);
    for (let i = 0; i < 2; i++) await gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 50 }); // 400: none
    expect(await alerts()).toEqual([]);
    await gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 50 }); // 600: 50 %
    expect((await alerts()).map((a) => a.message)).toEqual([expect.stringMatching(/reached 50 % of its limit: spent \$0\.00 of \$0\.00/)]);
    await gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 50 }); // 800: 80 %
    const raised = await alerts();
    expect(raised).toHaveLength(2);
    expect(raised.every((a) => a.kind === 'BUDGET_THRESHOLD' && a.message.includes(budget.id))).toBe(true);
    expect(raised[0]!.message).toContain('80 %');
    // Acknowledged, 80 % is not raised again in the period; 100 % is raised once.
    for (const a of raised) await store.alerts.acknowledge(a.id, 'org-1', 'alice', Date.now());
    await gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 50 }); // 1000: 100 %
    const open = (await alerts()).filter((a) => a.acknowledgedAt === undefined);
    expect(open.map((a) => a.message)).toEqual([expect.stringContaining('reached 100 %')]);
    await expect(gw.chat(CALLER, { model: 'm', messages: MESSAGES, max_tokens: 50 })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(await alerts()).toHaveLength(3);
  });
});
