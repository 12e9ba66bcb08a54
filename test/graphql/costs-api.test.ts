/**
 * Costs and budgets over the real server: the price table (modelPrices, setModelPrice for admins,
 * per org, audited), cost on calls, jobs (children apart), usage rows and schedules (the demo model's
 * made-up price), unpriced calls shown as null, a job's maxCostUsd failing it with BUDGET_EXCEEDED
 * without a retry, and the budgets API (validation, audit, org scope, spent and reserved).
 * Every test works in its own org.
 */
import { expect, test } from 'vitest';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import { codeOf, poll, useTestApp, type TokenArg } from './helpers.js';

const ASK = 'test-cost-ask';
const askPlugin = definePlugin({
  name: 'test-cost',
  version: '0.0.1',
  tasks: [
    defineTask({
      type: ASK,
      input: z.object({ calls: z.number().int().default(1), model: z.string().default('demo-model') }),
      retry: { maxAttempts: 3 },
      async run(ctx) {
        for (let i = 0; i < ctx.input.calls; i++) {
          await ctx.llm.chat({ model: ctx.input.model, messages: [{ role: 'user', content: `hello ${i}` }], max_tokens: 5 });
        }
        return { ok: true };
      },
    }),
  ],
});

const api = useTestApp({ plugins: [askPlugin], env: { JOBCENTER_CONCURRENCY: '4' } });
const ALL = ['jobs:read', 'jobs:write', 'llm:read', 'schedules:read', 'schedules:write', 'schedules:run', 'audit:read'] as const;
const orgToken = (org: string) => api().token(org, [...ALL]);
const adminOf = (org: string) => api().token(org, ['admin']);

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { id status attempt errors { message code retryable } cost { usd childrenUsd totalUsd unpricedCalls childrenUnpricedCalls }
  llmCalls(first: 20) { edges { node { id costUsd model price { key inputPerMTok outputPerMTok source } usage { inputTokens outputTokens cachedTokens } } } } } }`;
const PRICES = `{ modelPrices { key inputPerMTok cachedInputPerMTok outputPerMTok effectiveFrom source tiers { aboveInputTokens } } }`;
const SET_PRICE = `mutation($input: ModelPriceInput!) { setModelPrice(input: $input) { key inputPerMTok outputPerMTok effectiveFrom source } }`;
const BUDGET_FIELDS = 'id scope target period limitUsd spentUsd reservedUsd action thresholds periodStart';
const CREATE_BUDGET = `mutation($input: BudgetInput!) { createBudget(input: $input) { ${BUDGET_FIELDS} } }`;
const UPDATE_BUDGET = `mutation($id: ID!, $input: BudgetInput!) { updateBudget(id: $id, input: $input) { ${BUDGET_FIELDS} } }`;
const DELETE_BUDGET = `mutation($id: ID!) { deleteBudget(id: $id) }`;
const BUDGETS = `query($scope: BudgetScope) { budgets(scope: $scope) { ${BUDGET_FIELDS} } }`;

const runJob = async (token: TokenArg, input: Record<string, unknown>, status = 'SUCCEEDED') => {
  const { enqueueJob } = await api().data(ENQUEUE, { input: { type: ASK, payload: {}, ...input } }, token);
  return poll(
    async () => {
      const { job } = await api().data(JOB, { id: enqueueJob.id }, token);
      if (job.status !== 'QUEUED' && job.status !== 'RUNNING' && job.status !== status) throw new Error(`job ended ${job.status}: ${JSON.stringify(job.errors)}`);
      return job.status === status ? job : undefined;
    },
    { timeoutMs: 20_000, label: `job to be ${status}` },
  );
};

/** A call's cost from its usage at its price (no cached rate given: cached input at the input rate). */
const costOf = (c: any) => Math.round(c.usage.inputTokens * c.price.inputPerMTok + c.usage.outputTokens * c.price.outputPerMTok) / 1e6;

test('the price table: shipped prices with their source, the demo model made up; setModelPrice is for admins, per org, audited', async () => {
  const reader = await orgToken('org-prices');
  const { modelPrices } = await api().data(PRICES, {}, reader);
  expect(modelPrices.find((p: any) => p.key === 'demo:demo-model')).toMatchObject({ inputPerMTok: 1, outputPerMTok: 4, source: expect.stringMatching(/made up/) });
  expect(modelPrices.find((p: any) => p.key === 'gemini:gemini-2.5-pro').tiers).toEqual([{ aboveInputTokens: 200000 }]);
  expect(modelPrices.every((p: any) => typeof p.source === 'string' && p.source.length > 0)).toBe(true);

  expect(codeOf(await api().gql(SET_PRICE, { input: { key: 'demo:demo-model', inputPerMTok: 2, outputPerMTok: 8 } }, reader))).toBe('FORBIDDEN');
  const admin = await adminOf('org-prices');
  const bad = await api().gql(SET_PRICE, { input: { key: 'demo-model', inputPerMTok: -1, outputPerMTok: 8 } }, admin);
  expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  expect(bad.errors?.[0]?.extensions?.issues?.map(({ path, message }: any) => ({ path, message }))).toEqual([
    { path: 'input.key', message: 'must be "provider:model"' },
    { path: 'input.inputPerMTok', message: 'must be a number of USD per million tokens, from 0 to 1000000' },
  ]);
  const { setModelPrice } = await api().data(SET_PRICE, { input: { key: 'demo:demo-model', inputPerMTok: 2, outputPerMTok: 8 } }, admin);
  expect(setModelPrice).toMatchObject({ key: 'demo:demo-model', inputPerMTok: 2, outputPerMTok: 8, source: expect.stringContaining('set through the API') });
  expect((await api().data(PRICES, {}, reader)).modelPrices.find((p: any) => p.key === 'demo:demo-model').inputPerMTok).toBe(2);
  // Another org keeps the shipped price.
  expect((await api().data(PRICES, {}, await orgToken('org-prices-2'))).modelPrices.find((p: any) => p.key === 'demo:demo-model').inputPerMTok).toBe(1);
  const audit = await api().data(`{ auditLog(first: 10, filter: { action: ["price.set"] }) { edges { node { action targetId details } } } }`, {}, reader);
  expect(audit.auditLog.edges.map((e: any) => [e.node.action, e.node.targetId, e.node.details.before.inputPerMTok, e.node.details.after.inputPerMTok])).toEqual([
    ['price.set', 'demo:demo-model', 1, 2],
  ]);
});

test("cost on calls, on the job (its children's apart) and in usage; an unpriced model shows null, not zero", async () => {
  const token = await orgToken('org-cost');
  const parent = await runJob(token, { payload: { calls: 2 } });
  const calls = parent.llmCalls.edges.map((e: any) => e.node);
  expect(calls).toHaveLength(2);
  for (const c of calls) {
    expect(c.price).toMatchObject({ key: 'demo:demo-model', inputPerMTok: 1, outputPerMTok: 4 });
    expect(c.costUsd).toBeGreaterThan(0);
    expect(c.costUsd).toBeCloseTo(costOf(c), 9);
  }
  const own = calls.reduce((n: number, c: any) => n + c.costUsd, 0);
  expect(parent.cost.usd).toBeCloseTo(own, 9);

  const child = await runJob(token, { payload: { calls: 1 }, parentId: parent.id });
  const unpriced = await runJob(token, { payload: { calls: 1, model: 'another-model' }, parentId: parent.id });
  expect(unpriced.llmCalls.edges[0].node).toMatchObject({ costUsd: null, price: null });
  expect(unpriced.cost).toEqual({ usd: 0, childrenUsd: 0, totalUsd: 0, unpricedCalls: 1, childrenUnpricedCalls: 0 });
  const { job } = await api().data(JOB, { id: parent.id }, token);
  expect(job.cost.usd).toBeCloseTo(own, 9);
  expect(job.cost.childrenUsd).toBeCloseTo(child.cost.usd, 9);
  expect(job.cost.totalUsd).toBeCloseTo(own + child.cost.usd, 9);
  expect(job.cost).toMatchObject({ unpricedCalls: 0, childrenUnpricedCalls: 1 });

  const { llmUsage } = await api().data(`{ llmUsage { byModel { key calls costUsd unpricedCalls } bySource { key calls costUsd unpricedCalls } } }`, {}, token);
  expect(llmUsage.byModel).toEqual([
    { key: 'demo:another-model', calls: 1, costUsd: 0, unpricedCalls: 1 },
    { key: 'demo:demo-model', calls: 3, costUsd: expect.closeTo(own + child.cost.usd, 9), unpricedCalls: 0 },
  ]);
  expect(llmUsage.bySource).toEqual([{ key: ASK, calls: 4, costUsd: expect.closeTo(own + child.cost.usd, 9), unpricedCalls: 1 }]);
});

test("a job's maxCostUsd fails it with BUDGET_EXCEEDED, naming the budget, limit and spend, without another attempt", async () => {
  const token = await orgToken('org-job-budget');
  // The first call fits $0.0001 (its worst case: a few prompt tokens at $1 and 5 output tokens at $4 per million); the next does not.
  const job = await runJob(token, { payload: { calls: 5 }, maxCostUsd: 0.00004, maxAttempts: 3 }, 'FAILED');
  expect(job.attempt).toBe(1);
  expect(job.errors).toHaveLength(1);
  expect(job.errors[0]).toMatchObject({ code: 'BUDGET_EXCEEDED', retryable: false });
  expect(job.errors[0].message).toMatch(/^budget \S+ \(JOB \S+, LIFETIME\) would be exceeded: limit \$0\.00004, spent \$0\.0000\d+/);
  const calls = job.llmCalls.edges.map((e: any) => e.node);
  expect(calls.length).toBeGreaterThanOrEqual(2);
  expect(calls.filter((c: any) => c.costUsd > 0).reduce((n: number, c: any) => n + c.costUsd, 0)).toBeLessThanOrEqual(0.00004);
  // A job's own budget is listed only when asked for.
  expect((await api().data(BUDGETS, {}, token)).budgets).toEqual([]);
  expect((await api().data(BUDGETS, { scope: 'JOB' }, token)).budgets).toEqual([expect.objectContaining({ scope: 'JOB', target: job.id, period: 'LIFETIME', limitUsd: 0.00004 })]);
  const bad = await api().gql(ENQUEUE, { input: { type: ASK, payload: {}, maxCostUsd: -1 } }, token);
  expect(bad.errors?.[0]?.extensions?.issues?.map(({ path, message }: any) => ({ path, message }))).toEqual([{ path: 'maxCostUsd', message: 'must be from 0.000001 to 1000000 USD' }]);
});

test('budgets: created, changed and deleted by admins (audited, validated, in their org), showing spent and reserved', async () => {
  const org = 'org-budgets';
  const admin = await adminOf(org);
  const reader = await orgToken(org);
  expect(codeOf(await api().gql(CREATE_BUDGET, { input: { scope: 'ORG', period: 'DAY', limitUsd: 1 } }, reader))).toBe('FORBIDDEN');
  const invalid = await api().gql(CREATE_BUDGET, { input: { scope: 'TASK_TYPE', period: 'DAY', limitUsd: 0, thresholds: [0.5, 20] } }, admin);
  expect(invalid.errors?.[0]?.extensions?.issues?.map(({ path, message }: any) => ({ path, message }))).toEqual([
    { path: 'input.limitUsd', message: 'must be more than 0 and at most 1000000000 USD' },
    { path: 'input.target', message: 'must name the task type' },
    { path: 'input.thresholds.1', message: 'must be a fraction of the limit, more than 0 and at most 10' },
  ]);
  const unknownSchedule = await api().gql(CREATE_BUDGET, { input: { scope: 'SCHEDULE', target: 'nope', period: 'DAY', limitUsd: 1 } }, admin);
  expect(unknownSchedule.errors?.[0]?.extensions?.issues?.map(({ path, message }: any) => ({ path, message }))).toEqual([{ path: 'input.target', message: 'schedule nope was not found' }]);

  const { createBudget: orgBudget } = await api().data(CREATE_BUDGET, { input: { scope: 'ORG', period: 'MONTH', limitUsd: 5 } }, admin);
  expect(orgBudget).toMatchObject({ scope: 'ORG', target: null, period: 'MONTH', limitUsd: 5, spentUsd: 0, reservedUsd: 0, action: 'FAIL', thresholds: [0.5, 0.8, 1] });
  expect(codeOf(await api().gql(CREATE_BUDGET, { input: { scope: 'ORG', period: 'MONTH', limitUsd: 9 } }, admin))).toBe('CONFLICT');
  const { createBudget: typeBudget } = await api().data(CREATE_BUDGET, { input: { scope: 'TASK_TYPE', target: ASK, period: 'DAY', limitUsd: 2, action: 'WAIT', thresholds: [0.9, 0.25] } }, admin);
  expect(typeBudget.thresholds).toEqual([0.25, 0.9]);

  const job = await runJob(reader, { payload: { calls: 1 } });
  const { budgets } = await api().data(BUDGETS, {}, reader);
  expect(budgets.map((b: any) => [b.id, b.spentUsd, b.reservedUsd])).toEqual([
    [orgBudget.id, expect.closeTo(job.cost.usd, 9), 0],
    [typeBudget.id, expect.closeTo(job.cost.usd, 9), 0],
  ]);
  expect(job.cost.usd).toBeGreaterThan(0);

  const { updateBudget } = await api().data(UPDATE_BUDGET, { id: typeBudget.id, input: { scope: 'TASK_TYPE', target: ASK, period: 'DAY', limitUsd: 3 } }, admin);
  expect(updateBudget).toMatchObject({ limitUsd: 3, action: 'FAIL', spentUsd: expect.closeTo(job.cost.usd, 9) });
  // Another org sees none of it and can change none of it.
  const stranger = await adminOf('org-budgets-other');
  expect((await api().data(BUDGETS, {}, stranger)).budgets).toEqual([]);
  expect(codeOf(await api().gql(UPDATE_BUDGET, { id: typeBudget.id, input: { scope: 'ORG', period: 'DAY', limitUsd: 1 } }, stranger))).toBe('NOT_FOUND');
  expect(codeOf(await api().gql(DELETE_BUDGET, { id: typeBudget.id }, stranger))).toBe('NOT_FOUND');
  expect((await api().data(DELETE_BUDGET, { id: typeBudget.id }, admin)).deleteBudget).toBe(typeBudget.id);
  expect((await api().data(BUDGETS, {}, reader)).budgets.map((b: any) => b.id)).toEqual([orgBudget.id]);

  const audit = await api().data(`{ auditLog(first: 10, filter: { targetType: "budget" }) { edges { node { action targetId details } } } }`, {}, reader);
  expect(audit.auditLog.edges.map((e: any) => e.node.action).sort()).toEqual(['budget.create', 'budget.create', 'budget.delete', 'budget.update']);
  const update = audit.auditLog.edges.find((e: any) => e.node.action === 'budget.update').node;
  expect([update.details.before.limitUsd, update.details.after.limitUsd]).toEqual([2, 3]);
});

test('a TOKEN budget covers the calls of the jobs its token enqueued, and only those', async () => {
  const org = 'org-token-budget';
  const admin = await adminOf(org);
  const spender = await orgToken(org);
  const [spenderToken] = (await api().app.store.tokens.list(org)).filter((t) => !t.permissions.includes('admin'));
  const other = await orgToken(org);
  const { createBudget } = await api().data(CREATE_BUDGET, { input: { scope: 'TOKEN', target: spenderToken!.id, period: 'DAY', limitUsd: 0.00004 } }, admin);
  const refused = await runJob(spender, { payload: { calls: 5 } }, 'FAILED');
  expect(refused.errors[0]).toMatchObject({ code: 'BUDGET_EXCEEDED', message: expect.stringContaining(`(TOKEN ${spenderToken!.id}, DAY)`) });
  await runJob(other, { payload: { calls: 5 } }); // another token of the org is not held by it
  const [after] = (await api().data(BUDGETS, {}, admin)).budgets;
  expect(after).toMatchObject({ id: createBudget.id, reservedUsd: 0 });
  expect(after.spentUsd).toBeGreaterThan(0);
  expect(after.spentUsd).toBeLessThanOrEqual(0.00004);
});

test("a schedule's and its run's cost", async () => {
  const token = await orgToken('org-schedule-cost');
  const { createSchedule } = await api().data(
    `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id costUsd } }`,
    { input: { name: 'costly', taskType: ASK, payload: { calls: 2 }, trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' } } },
    token,
  );
  expect(createSchedule.costUsd).toBe(0);
  const { runScheduleNow } = await api().data(`mutation($id: ID!) { runScheduleNow(id: $id) { id jobId } }`, { id: createSchedule.id }, token);
  const run = await poll(
    async () => {
      const { scheduleRun } = await api().data(`query($id: ID!) { scheduleRun(id: $id) { id status costUsd job { cost { usd } } } }`, { id: runScheduleNow.id }, token);
      return scheduleRun.status === 'SUCCEEDED' ? scheduleRun : undefined;
    },
    { timeoutMs: 20_000, label: 'the run to succeed' },
  );
  expect(run.costUsd).toBeGreaterThan(0);
  expect(run.costUsd).toBeCloseTo(run.job.cost.usd, 9);
  const { schedule } = await api().data(`query($id: ID!) { schedule(id: $id) { costUsd } }`, { id: createSchedule.id }, token);
  expect(schedule.costUsd).toBeCloseTo(run.costUsd, 9);
  const { llmUsage } = await api().data(`{ llmUsage { bySchedule { key calls costUsd } } }`, {}, token);
  expect(llmUsage.bySchedule).toEqual([{ key: createSchedule.id, calls: 2, costUsd: expect.closeTo(run.costUsd, 9) }]);
});
