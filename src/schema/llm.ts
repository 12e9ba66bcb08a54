/** LLM calls: reading recorded calls, usage sums and the limiters' status. */
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
    resolve: async (call, _args, ctx) => (call.parentJobId ? ((await ctx.loaders.job.load(call.parentJobId)) ?? null) : null),
  }),
);

builder.queryField('llmCall', (t) =>
  t.field({
    type: LlmCallRef,
    nullable: true,
    authScopes: { permission: 'llm:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.llmCalls.get(actorOf(ctx), id),
  }),
);

builder.queryField('llmCalls', (t) =>
  t.field({
    type: LlmCallConnection,
    description: 'Recorded calls, newest first (by queuedAt).',
    authScopes: { permission: 'llm:read' },
    args: { filter: t.arg({ type: LlmCallFilterInput }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const actor = actorOf(ctx);
      const filter = toLlmCallFilter(args.filter);
      const page = pageRequest(args);
      const result = await ctx.services.llmCalls.list(actor, filter, page);
      return toConnection(result, page, () => ctx.services.llmCalls.count(actor, filter));
    },
  }),
);

builder.queryField('llmUsage', (t) =>
  t.field({
    type: LlmUsageRef,
    description: 'Calls queued in [since, until), summed per model and per source. Defaults: the last 24 hours until now.',
    authScopes: { permission: 'llm:read' },
    args: { since: t.arg({ type: 'DateTime' }), until: t.arg({ type: 'DateTime' }) },
    resolve: (_root, args, ctx) => ctx.services.llmCalls.usage(actorOf(ctx), args.since ?? undefined, args.until ?? undefined),
  }),
);

builder.queryField('llmSchedulerStatus', (t) =>
  t.field({
    type: LlmSchedulerStatusRef,
    description:
      "This process's LLM limiters, shared by every org: one per configured provider:model, and provider:* for every other model of a provider.",
    authScopes: { permission: 'llm:read' },
    resolve: (_root, _args, ctx) => ctx.services.llm.status(),
  }),
);
