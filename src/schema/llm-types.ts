/**
 * The LLM call object and the types around it: messages, errors, token usage, the call filter and its
 * in-memory twin, the connection. Job-side fields (Job.llmCalls, Job.usage) live in job-types.ts and
 * LlmCall.parentJob in llm.ts, so this file does not import the job types (no import cycle).
 */
import type { LimiterStatus, OrgLimitSettings, OrgQueueStatus } from '../engine/runtime/llm/limiter.js';
import type { LlmSchedulerStatus } from '../engine/runtime/llm/gateway.js';
import {
  LLM_CALL_STATUSES,
  type LlmCall,
  type LlmCallFilter,
  type LlmError,
  type LlmMessage,
  type LlmUsageRow,
  type TokenUsage,
} from '../engine/domain/llm-call.js';
import { builder } from './builder.js';
import type { ConnectionResult } from './pagination.js';

export const LlmCallStatusEnum = builder.enumType('LlmCallStatus', { values: LLM_CALL_STATUSES });

export const TokenUsageRef = builder.objectRef<TokenUsage>('TokenUsage').implement({
  fields: (t) => ({
    inputTokens: t.exposeInt('inputTokens'),
    outputTokens: t.exposeInt('outputTokens'),
    cachedTokens: t.exposeInt('cachedTokens', { description: 'Prompt tokens served from the provider\'s cache (part of inputTokens).' }),
    totalTokens: t.exposeInt('totalTokens'),
  }),
});

export const LlmMessageRef = builder.objectRef<LlmMessage>('LlmMessage').implement({
  fields: (t) => ({
    role: t.exposeString('role'),
    content: t.exposeString('content'),
    name: t.exposeString('name', { nullable: true }),
  }),
});

export const LlmErrorRef = builder.objectRef<LlmError>('LlmError').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code', { nullable: true }),
    httpStatus: t.exposeInt('httpStatus', { nullable: true, description: "The provider's HTTP status, when it answered with an error." }),
  }),
});

/** `to - from`, or null when either side is missing. */
const span = (from: number | undefined, to: number | undefined): number | null =>
  from !== undefined && to !== undefined ? to - from : null;

export const LlmCallRef = builder.objectRef<LlmCall>('LlmCall').implement({
  description:
    'One chat request to one model, recorded from the moment it is queued in the limiter until it finishes. ' +
    'Timeline: queuedAt -> startedAt (left the limiter) -> firstTokenAt -> finishedAt; after a retry the timeline is the last attempt\'s. ' +
    'Every field needs llm:read.',
  authScopes: { permission: 'llm:read' },
  fields: (t) => ({
    id: t.exposeID('id'),
    provider: t.exposeString('provider'),
    model: t.exposeString('model'),
    source: t.exposeString('source', { description: 'What made the call: a task type, "console", or a caller-given label.' }),
    requestedBy: t.exposeString('requestedBy', { nullable: true }),
    parentJobId: t.exposeID('parentJobId', {
      nullable: true,
      description: 'The job that made the call (readable without jobs:read, and after the job is deleted).',
    }),
    step: t.exposeString('step', { nullable: true, description: 'The step of the parent job the call was made in (ctx.step), if any.' }),
    status: t.expose('status', { type: LlmCallStatusEnum }),
    messages: t.field({ type: [LlmMessageRef], description: 'The whole input conversation.', resolve: (c) => c.messages }),
    params: t.expose('params', { type: 'JSON', nullable: true, description: 'Parameters sent with the call (temperature, max_tokens, ...).' }),
    output: t.field({ type: [LlmMessageRef], description: 'The answer (empty until the call succeeds).', resolve: (c) => c.output }),
    error: t.field({ type: LlmErrorRef, nullable: true, resolve: (c) => c.error ?? null }),
    usage: t.field({ type: TokenUsageRef, resolve: (c) => c.usage }),
    queuedAt: t.expose('queuedAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'When it left the limiter.' }),
    firstTokenAt: t.expose('firstTokenAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the record last changed.' }),
    waitMs: t.int({ nullable: true, description: 'startedAt - queuedAt: time spent in the limiter.', resolve: (c) => span(c.queuedAt, c.startedAt) }),
    ttftMs: t.int({ nullable: true, description: 'firstTokenAt - startedAt: time to first token.', resolve: (c) => span(c.startedAt, c.firstTokenAt) }),
    durationMs: t.int({ nullable: true, description: 'finishedAt - startedAt.', resolve: (c) => span(c.startedAt, c.finishedAt) }),
    retries: t.exposeInt('retries', { description: 'Attempts after the first (429, 5xx, network errors).' }),
  }),
});

export const LlmCallConnection = builder.connectionObject(
  {
    type: LlmCallRef,
    name: 'LlmCallConnection',
    fields: (t) => ({
      totalCount: t.int({ resolve: (parent) => (parent as unknown as ConnectionResult<LlmCall>).totalCount() }),
    }),
  },
  { name: 'LlmCallEdge' },
);

export const LlmCallFilterInput = builder.inputType('LlmCallFilter', {
  fields: (t) => ({
    status: t.field({ type: [LlmCallStatusEnum] }),
    source: t.stringList(),
    requestedBy: t.stringList(),
    provider: t.stringList(),
    model: t.stringList(),
    parentJobId: t.id(),
    since: t.field({ type: 'DateTime', description: 'queuedAt at or after this instant.' }),
    until: t.field({ type: 'DateTime', description: 'queuedAt before this instant.' }),
  }),
});

type FilterArg = typeof LlmCallFilterInput.$inferInput | null | undefined;

/** GraphQL's nullable input fields to the engine's optional ones. */
export function toLlmCallFilter(input: FilterArg): LlmCallFilter {
  const filter: LlmCallFilter = {};
  if (!input) return filter;
  for (const [key, value] of Object.entries(input)) {
    if (value !== null && value !== undefined) (filter as Record<string, unknown>)[key] = value;
  }
  return filter;
}

const LlmOrgLimitsRef = builder.objectRef<OrgLimitSettings>('LlmOrgLimits').implement({
  description: "Each org's own share of a limiter, before the shared limits.",
  fields: (t) => ({
    maxConcurrent: t.exposeInt('maxConcurrent', { nullable: true }),
    requestsPerMinute: t.exposeInt('requestsPerMinute', { nullable: true }),
    tokensPerMinute: t.exposeInt('tokensPerMinute', { nullable: true }),
  }),
});

const LlmOrgQueueRef = builder.objectRef<OrgQueueStatus>('LlmOrgQueue').implement({
  description: "An org's queue at a limiter with per-org limits.",
  fields: (t) => ({
    orgId: t.exposeString('orgId'),
    queued: t.exposeInt('queued', { description: "Calls waiting for the org's own share." }),
    running: t.exposeInt('running', { description: "Calls past the org's share: waiting for the shared limits, or running." }),
    done: t.exposeInt('done'),
  }),
});

export const LlmLimiterStatusRef = builder.objectRef<LimiterStatus>('LlmLimiterStatus').implement({
  description: 'One provider:model limiter. Limits are per model and shared by every org.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'provider:model' }),
    maxConcurrent: t.exposeInt('maxConcurrent', { nullable: true }),
    minTimeMs: t.exposeInt('minTimeMs', { nullable: true }),
    requestsPerMinute: t.exposeInt('requestsPerMinute', { nullable: true }),
    tokensPerMinute: t.exposeInt('tokensPerMinute', { nullable: true }),
    queued: t.exposeInt('queued', { description: 'Calls waiting for their turn in this process.' }),
    running: t.exposeInt('running'),
    done: t.exposeInt('done', { description: 'Calls finished since this process started.' }),
    rateLimited: t.exposeInt('rateLimited', { description: '429s seen since this process started.' }),
    callsLastMinute: t.exposeInt('callsLastMinute'),
    perOrg: t.field({ type: LlmOrgLimitsRef, nullable: true, description: 'Per-org limits, when the limiter has them.', resolve: (l) => l.perOrg ?? null }),
    orgQueues: t.field({
      type: [LlmOrgQueueRef],
      description: "The caller's org's queue at a limiter with per-org limits (other orgs' are not shown); empty otherwise.",
      resolve: (l, _args, ctx) => (l.orgs ?? []).filter((o) => o.orgId === ctx.token?.orgId),
    }),
  }),
});

export const LlmSchedulerStatusRef = builder.objectRef<LlmSchedulerStatus>('LlmSchedulerStatus').implement({
  description: "This process's LLM limiters that have been used since it started: one per configured provider:model, and provider:* for every other model of a provider.",
  fields: (t) => ({
    limiters: t.field({ type: [LlmLimiterStatusRef], resolve: (s) => s.limiters }),
    queued: t.exposeInt('queued'),
    running: t.exposeInt('running'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const LlmUsageRowRef = builder.objectRef<LlmUsageRow>('LlmUsageRow').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'provider:model in byModel; the source in bySource.' }),
    calls: t.exposeInt('calls'),
    failed: t.exposeInt('failed'),
    usage: t.field({ type: TokenUsageRef, resolve: (r) => r.usage }),
    p95DurationMs: t.exposeInt('p95DurationMs', { nullable: true, description: 'Over the finished calls.' }),
    p95TtftMs: t.exposeInt('p95TtftMs', { nullable: true }),
  }),
});

export interface LlmUsageShape {
  since: number;
  until: number;
  byModel: LlmUsageRow[];
  bySource: LlmUsageRow[];
  bySchedule: LlmUsageRow[];
}

export const LlmUsageRef = builder.objectRef<LlmUsageShape>('LlmUsage').implement({
  description: 'Calls queued in [since, until), summed per model and per source.',
  fields: (t) => ({
    since: t.expose('since', { type: 'DateTime' }),
    until: t.expose('until', { type: 'DateTime' }),
    byModel: t.field({ type: [LlmUsageRowRef], resolve: (u) => u.byModel }),
    bySource: t.field({ type: [LlmUsageRowRef], resolve: (u) => u.bySource }),
  }),
});
