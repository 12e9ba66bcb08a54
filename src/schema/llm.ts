/** LLM calls: reading recorded calls, usage sums and the limiters' status. */
import { ValidationError } from '../engine/domain/errors.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { JobRef } from './job-types.js';
import { LlmCallConnection, LlmCallFilterInput, LlmCallRef, LlmSchedulerStatusRef, LlmUsageRef, toLlmCallFilter } from './llm-types.js';
import { pageRequest, toConnection } from './pagination.js';

const DAY_MS = 24 * 3_600_000;

builder.objectField(LlmCallRef, 'parentJob', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    description: 'The job that made the call, if any (null once it is deleted). Needs jobs:read.',
    authScopes: { permission: 'jobs:read' },
    resolve: (call, _args, ctx) => (call.parentJobId ? ctx.services.jobs.get(actorOf(ctx), call.parentJobId) : null),
  }),
);

builder.queryField('llmCall', (t) =>
  t.field({
    type: LlmCallRef,
    nullable: true,
    authScopes: { permission: 'llm:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.store.llmCalls.get(id, actorOf(ctx).orgId),
  }),
);

builder.queryField('llmCalls', (t) =>
  t.field({
    type: LlmCallConnection,
    description: 'Recorded calls, newest first (by queuedAt).',
    authScopes: { permission: 'llm:read' },
    args: { filter: t.arg({ type: LlmCallFilterInput }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const { orgId } = actorOf(ctx);
      const filter = toLlmCallFilter(args.filter);
      const page = pageRequest(args);
      const result = await ctx.services.store.llmCalls.list(orgId, filter, page);
      return toConnection(result, page, () => ctx.services.store.llmCalls.count(orgId, filter));
    },
  }),
);

builder.queryField('llmUsage', (t) =>
  t.field({
    type: LlmUsageRef,
    description: 'Calls queued in [since, until), summed per model and per source. Defaults: the last 24 hours until now.',
    authScopes: { permission: 'llm:read' },
    args: { since: t.arg({ type: 'DateTime' }), until: t.arg({ type: 'DateTime' }) },
    resolve: async (_root, args, ctx) => {
      const { orgId } = actorOf(ctx);
      const until = args.until ?? Date.now();
      const since = args.since ?? until - DAY_MS;
      if (since >= until) throw ValidationError.field('since', 'must be before until');
      const { byModel, bySource } = await ctx.services.store.llmCalls.usage(orgId, since, until);
      return { since, until, byModel, bySource };
    },
  }),
);

builder.queryField('llmSchedulerStatus', (t) =>
  t.field({
    type: LlmSchedulerStatusRef,
    description: "This process's LLM limiters (per provider:model, shared by every org).",
    authScopes: { permission: 'llm:read' },
    resolve: (_root, _args, ctx) => ctx.services.llm.status(),
  }),
);
