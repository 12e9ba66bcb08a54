/**
 * What model calls cost, and the budgets that hold them: prices (read with llm:read, set with
 * admin), cost fields beside every token figure (LlmCall, LlmUsageRow; Job, Schedule and ScheduleRun
 * sums readable with their object, as Job.usage is),
 * and budgets (read with llm:read, changed with admin). Money is kept in integer micro-dollars and
 * shown here in dollars.
 */
import { BUDGET_ACTIONS, BUDGET_PERIODS, BUDGET_SCOPES, type Budget } from '../engine/domain/budget.js';
import type { LlmCall, LlmUsageRow } from '../engine/domain/llm-call.js';
import { microsToUsd, type ModelPrice, type PriceTier } from '../engine/domain/prices.js';
import type { JobCost } from '../engine/services/llm-call-service.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { JobRef } from './job-types.js';
import { LlmCallRef, LlmUsageRef, LlmUsageRowRef } from './llm-types.js';
import { ScheduleRef, ScheduleRunRef } from './schedule-types.js';
import { MetricPointRef, MetricsRef, type MetricsShape } from './metrics.js';
import { toUsdPoints, type CostSeries } from '../engine/domain/cost-series.js';
import type { CostMetrics } from '../engine/services/metrics-service.js';
import type { GraphQLContext } from './context.js';

const PriceTierRef = builder.objectRef<PriceTier>('PriceTier').implement({
  description: 'Rates for calls whose prompt is more than aboveInputTokens tokens (the whole call is charged at them).',
  fields: (t) => ({
    aboveInputTokens: t.exposeInt('aboveInputTokens'),
    inputPerMTok: t.exposeFloat('inputPerMTok'),
    cachedInputPerMTok: t.exposeFloat('cachedInputPerMTok', { nullable: true }),
    outputPerMTok: t.exposeFloat('outputPerMTok'),
    reasoningPerMTok: t.exposeFloat('reasoningPerMTok', { nullable: true }),
  }),
});

export const ModelPriceRef = builder.objectRef<ModelPrice>('ModelPrice').implement({
  description:
    'A model\'s price in USD per million tokens. Cached input defaults to the input rate and reasoning to the output rate when absent.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'provider:model' }),
    inputPerMTok: t.exposeFloat('inputPerMTok'),
    cachedInputPerMTok: t.exposeFloat('cachedInputPerMTok', { nullable: true }),
    outputPerMTok: t.exposeFloat('outputPerMTok'),
    reasoningPerMTok: t.exposeFloat('reasoningPerMTok', { nullable: true }),
    tiers: t.field({ type: [PriceTierRef], resolve: (p) => p.tiers ?? [] }),
    effectiveFrom: t.expose('effectiveFrom', { type: 'DateTime' }),
    source: t.exposeString('source', { nullable: true, description: 'Where the price was read, and when.' }),
  }),
});

const PriceTierInput = builder.inputType('PriceTierInput', {
  fields: (t) => ({
    aboveInputTokens: t.int({ required: true }),
    inputPerMTok: t.float({ required: true }),
    cachedInputPerMTok: t.float(),
    outputPerMTok: t.float({ required: true }),
    reasoningPerMTok: t.float(),
  }),
});

const ModelPriceInput = builder.inputType('ModelPriceInput', {
  fields: (t) => ({
    key: t.string({ required: true, description: 'provider:model, the provider as configured' }),
    inputPerMTok: t.float({ required: true }),
    cachedInputPerMTok: t.float(),
    outputPerMTok: t.float({ required: true }),
    reasoningPerMTok: t.float(),
    tiers: t.field({ type: [PriceTierInput] }),
  }),
});

/** GraphQL's nulls to absent fields. */
function defined<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as { [K in keyof T]: Exclude<T[K], null> };
}

builder.queryField('modelPrices', (t) =>
  t.field({
    type: [ModelPriceRef],
    description: "The org's current price of every priced model: shipped, then the prices file, then setModelPrice. A model not listed is unpriced.",
    authScopes: { permission: 'llm:read' },
    resolve: (_root, _args, ctx) => ctx.services.prices.list(actorOf(ctx)),
  }),
);

builder.mutationField('setModelPrice', (t) =>
  t.field({
    type: ModelPriceRef,
    description: "A new version of a model's price for the org, in effect for calls queued from now on (calls made keep theirs).",
    authScopes: { permission: 'admin' },
    args: { input: t.arg({ type: ModelPriceInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.prices.set(actorOf(ctx), { ...defined({ ...input, tiers: undefined }), ...(input.tiers && { tiers: input.tiers.map((tier) => defined(tier)) }) }),
  }),
);

// ---- cost beside tokens ----

builder.objectFields(LlmCallRef, (t) => ({
  costUsd: t.float({
    nullable: true,
    description: 'What the call cost at its price; null while running, and for an unpriced model (unknown, not free).',
    resolve: (c: LlmCall) => (c.costMicros === undefined ? null : microsToUsd(c.costMicros)),
  }),
  price: t.field({
    type: ModelPriceRef,
    nullable: true,
    description: 'The price the call was charged at, as it was when queued; null when the model had none.',
    resolve: (c: LlmCall) => c.price ?? null,
  }),
  scheduleId: t.exposeID('scheduleId', { nullable: true, description: "The schedule whose job made the call." }),
}));

builder.objectFields(LlmUsageRowRef, (t) => ({
  costUsd: t.float({ description: 'What the priced calls cost.', resolve: (r: LlmUsageRow) => microsToUsd(r.costMicros) }),
  unpricedCalls: t.exposeInt('unpricedCalls', { description: 'Calls of models without a price: not in costUsd.' }),
}));

builder.objectField(LlmUsageRef, 'bySchedule', (t) =>
  t.field({ type: [LlmUsageRowRef], description: "Calls made by schedules' jobs, by schedule id.", resolve: (u) => u.bySchedule }),
);

const JobCostRef = builder.objectRef<JobCost>('JobCost').implement({
  description: "What a job's LLM calls cost, in USD; its direct children's apart.",
  fields: (t) => ({
    usd: t.float({ description: "The job's own calls.", resolve: (c) => microsToUsd(c.costMicros) }),
    childrenUsd: t.float({ description: "Its direct children's calls.", resolve: (c) => microsToUsd(c.childrenMicros) }),
    totalUsd: t.float({ resolve: (c) => microsToUsd(c.costMicros + c.childrenMicros) }),
    unpricedCalls: t.exposeInt('unpricedCalls', { description: 'Its own calls of models without a price (not in usd).' }),
    childrenUnpricedCalls: t.exposeInt('childrenUnpricedCalls'),
  }),
});

builder.objectField(JobRef, 'cost', (t) =>
  t.field({
    type: JobCostRef,
    // A sum, like Job.usage: readable with the job (a non-null field refused for want of llm:read would null the whole job).
    description: "What the job's LLM calls cost.",
    resolve: (job, _args, ctx) => ctx.loaders.jobCost.load(job.id),
  }),
);

builder.objectField(ScheduleRef, 'costUsd', (t) =>
  t.float({
    description: "What the calls of the schedule's jobs cost, while they are kept (JOBCENTER_LLM_RETENTION_DAYS).",
    resolve: async (schedule, _args, ctx) => microsToUsd(await ctx.loaders.scheduleCost.load(schedule.id)),
  }),
);

builder.objectField(ScheduleRunRef, 'costUsd', (t) =>
  t.float({
    description: "What the calls of the run's job (and its direct children) cost.",
    resolve: async (run, _args, ctx) => {
      if (!run.jobId) return 0;
      const cost = await ctx.loaders.jobCost.load(run.jobId);
      return microsToUsd(cost.costMicros + cost.childrenMicros);
    },
  }),
);

// ---- cost over time (Metrics) ----

const CostSeriesRef = builder.objectRef<CostSeries>('CostSeries').implement({
  description: 'What the calls of one key (provider:model, or task type) cost over the metrics window, per bucket, in USD.',
  fields: (t) => ({
    key: t.exposeString('key'),
    totalUsd: t.float({ resolve: (s) => microsToUsd(s.totalMicros) }),
    unpricedCalls: t.exposeInt('unpricedCalls', { description: 'Calls of models without a price: not in the sums.' }),
    points: t.field({ type: [MetricPointRef], description: 'USD per bucket, by when the calls were queued.', resolve: (s) => toUsdPoints(s.points) }),
  }),
});

// The cost fields of one Metrics object share one read.
const costReads = new WeakMap<MetricsShape, Promise<CostMetrics>>();
function costOf(m: MetricsShape, ctx: GraphQLContext): Promise<CostMetrics> {
  const kept = costReads.get(m);
  if (kept) return kept;
  // The window the job figures used, so both describe the same buckets.
  const read = ctx.services.metrics.cost(actorOf(ctx), { since: m.since, until: m.until, ...(m.query?.bucketSeconds !== undefined && { bucketSeconds: m.query.bucketSeconds }) });
  costReads.set(m, read);
  return read;
}

builder.objectFields(MetricsRef, (t) => ({
  costUsd: t.field({
    type: [MetricPointRef],
    description: "What the org's calls queued in each bucket cost (USD; priced calls only, summed in integer micro-dollars).",
    authScopes: { permission: 'llm:read' },
    resolve: async (m, _args, ctx) => toUsdPoints((await costOf(m, ctx)).total),
  }),
  costByModel: t.field({
    type: [CostSeriesRef],
    description: 'Cost per bucket by provider:model, dearest first.',
    authScopes: { permission: 'llm:read' },
    resolve: async (m, _args, ctx) => (await costOf(m, ctx)).byModel,
  }),
  costByTaskType: t.field({
    type: [CostSeriesRef],
    description: "Cost per bucket of the calls jobs made, by the job's task type, dearest first.",
    authScopes: { permission: 'llm:read' },
    resolve: async (m, _args, ctx) => (await costOf(m, ctx)).byTaskType,
  }),
}));

// ---- budgets ----

const BudgetScopeEnum = builder.enumType('BudgetScope', {
  values: {
    ORG: { description: 'Every call of the org.' },
    TASK_TYPE: { description: 'Calls made by jobs of the task type named by target.' },
    SCHEDULE: { description: "Calls made by the jobs of the schedule named by target." },
    TOKEN: { description: 'Calls made by jobs enqueued with the API token named by target.' },
    JOB: { description: "One job's whole run (EnqueueJobInput.maxCostUsd); listed only when asked for." },
  } satisfies Record<(typeof BUDGET_SCOPES)[number], { description: string }>,
});
const BudgetPeriodEnum = builder.enumType('BudgetPeriod', {
  values: {
    DAY: { description: 'From midnight UTC.' },
    MONTH: { description: 'From the 1st, midnight UTC.' },
    LIFETIME: { description: "A job's whole run (JOB budgets only)." },
  } satisfies Record<(typeof BUDGET_PERIODS)[number], { description: string }>,
});
const BudgetActionEnum = builder.enumType('BudgetAction', {
  values: {
    FAIL: { description: 'A call that would exceed it fails at once with BUDGET_EXCEEDED (not retried).' },
    WAIT: { description: 'A call that would exceed it waits, QUEUED, until the period rolls over or holds are released.' },
  } satisfies Record<(typeof BUDGET_ACTIONS)[number], { description: string }>,
});

export const BudgetRef = builder.objectRef<Budget>('Budget').implement({
  description:
    'A limit on what the calls a scope covers may cost in a period. Before a call leaves, its worst-case cost is held (reservedUsd) on ' +
    'every budget that covers it; when it ends the hold becomes what it cost (spentUsd).',
  fields: (t) => ({
    id: t.exposeID('id'),
    scope: t.expose('scope', { type: BudgetScopeEnum }),
    target: t.exposeString('target', { nullable: true, description: 'The task type, schedule id, token id or job id; null for ORG.' }),
    period: t.expose('period', { type: BudgetPeriodEnum }),
    limitUsd: t.float({ resolve: (b) => microsToUsd(b.limitMicros) }),
    spentUsd: t.float({ description: 'What settled calls cost in this period.', resolve: (b) => microsToUsd(b.spentMicros) }),
    reservedUsd: t.float({ description: 'Held by calls in flight (their worst case).', resolve: (b) => microsToUsd(b.reservedMicros) }),
    action: t.expose('action', { type: BudgetActionEnum }),
    thresholds: t.field({ type: ['Float'], description: 'Fractions of the limit that raise a BUDGET_THRESHOLD alert, once per period.', resolve: (b) => b.thresholds }),
    periodStart: t.expose('periodStart', { type: 'DateTime' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const BudgetInput = builder.inputType('BudgetInput', {
  fields: (t) => ({
    scope: t.field({ type: BudgetScopeEnum, required: true }),
    target: t.string(),
    period: t.field({ type: BudgetPeriodEnum, required: true }),
    limitUsd: t.float({ required: true }),
    action: t.field({ type: BudgetActionEnum, description: 'Default FAIL.' }),
    thresholds: t.floatList({ description: 'Default [0.5, 0.8, 1.0].' }),
  }),
});

type BudgetArg = typeof BudgetInput.$inferInput;
const toRequest = (input: BudgetArg) => ({
  scope: input.scope,
  period: input.period,
  limitUsd: input.limitUsd,
  ...(input.target != null && { target: input.target }),
  ...(input.action != null && { action: input.action }),
  ...(input.thresholds != null && { thresholds: input.thresholds }),
});

builder.queryField('budgets', (t) =>
  t.field({
    type: [BudgetRef],
    description: "The org's budgets as of now (an ended period shows nothing spent); jobs' own budgets only with scope: JOB.",
    authScopes: { permission: 'llm:read' },
    args: { scope: t.arg({ type: BudgetScopeEnum }) },
    resolve: (_root, args, ctx) => ctx.services.budgets.list(actorOf(ctx), args.scope ?? undefined),
  }),
);

builder.mutationField('createBudget', (t) =>
  t.field({
    type: BudgetRef,
    authScopes: { permission: 'admin' },
    args: { input: t.arg({ type: BudgetInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.budgets.create(actorOf(ctx), toRequest(input)),
  }),
);

builder.mutationField('updateBudget', (t) =>
  t.field({
    type: BudgetRef,
    description: 'Changes its settings; what was spent and held in this period stays.',
    authScopes: { permission: 'admin' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: BudgetInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => ctx.services.budgets.update(actorOf(ctx), id, toRequest(input)),
  }),
);

builder.mutationField('deleteBudget', (t) =>
  t.field({
    type: 'ID',
    authScopes: { permission: 'admin' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.budgets.delete(actorOf(ctx), id),
  }),
);
