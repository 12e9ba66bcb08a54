/** Jobs: the filter and enqueue inputs, queries and mutations. */
import { ValidationError } from '../engine/domain/errors.js';
import { ENQUEUE_BATCH_LIMIT, type EnqueueInput } from '../engine/services/job-service.js';
import { MAX_FILTER_IDS, type JobFilter } from '../engine/domain/types.js';
import { checkSearchText, MAX_SEARCH_LENGTH } from '../engine/domain/search-text.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { JobConnection, JobOrderEnum, JobRef, JobStatusEnum } from './job-types.js';
import { jobFieldsRead } from './job-selection.js';
import { cappedTotal, pageRequest, toConnection } from './pagination.js';

export const JobFilterInput = builder.inputType('JobFilter', {
  description: 'Every field given must hold (they combine by AND); an absent field does not filter.',
  fields: (t) => ({
    ids: t.idList({
      description: `Only these jobs (at most ${MAX_FILTER_IDS.toLocaleString('en-US')} ids). An empty list matches no job; ids of other orgs or of no job match nothing.`,
    }),
    status: t.field({ type: [JobStatusEnum] }),
    type: t.stringList(),
    search: t.string({ description: `An id, a type, or text in the payload or errors (at most ${MAX_SEARCH_LENGTH} characters, no control characters).` }),
    createdAfter: t.field({ type: 'DateTime' }),
    createdBefore: t.field({ type: 'DateTime' }),
    parentId: t.id(),
    scheduleId: t.id(),
    retryOfId: t.id(),
  }),
});

type FilterArg = typeof JobFilterInput.$inferInput | null | undefined;

/** GraphQL's nullable input fields to the engine's optional ones; too many ids is an input error. */
export function toJobFilter(input: FilterArg): JobFilter {
  const filter: JobFilter = {};
  if (!input) return filter;
  if (input.ids && input.ids.length > MAX_FILTER_IDS) {
    throw ValidationError.field(
      'filter.ids',
      `at most ${MAX_FILTER_IDS.toLocaleString('en-US')} ids per filter; got ${input.ids.length.toLocaleString('en-US')} (split them into several calls)`,
    );
  }
  if (typeof input.search === 'string') checkSearchText('filter.search', input.search);
  for (const [key, value] of Object.entries(input)) {
    if (value !== null && value !== undefined) (filter as Record<string, unknown>)[key] = value;
  }
  return filter;
}

const EnqueueJobInput = builder.inputType('EnqueueJobInput', {
  fields: (t) => ({
    type: t.string({ required: true }),
    payload: t.field({ type: 'JSON', required: true }),
    priority: t.int({ description: 'Higher runs first (default 0).' }),
    runAt: t.field({ type: 'DateTime' }),
    delayMs: t.int(),
    maxAttempts: t.int(),
    timeoutMs: t.int(),
    idempotencyKey: t.string({ description: 'Unique per org: enqueueing the same key again returns the existing job.' }),
    parentId: t.id(),
    maxCostUsd: t.float({ description: "The most this job's LLM calls may cost over its whole run, in USD (a JOB budget): a call that would exceed it fails with BUDGET_EXCEEDED." }),
  }),
});

builder.queryField('job', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    authScopes: { permission: 'jobs:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.jobs.get(actorOf(ctx), id),
  }),
);

builder.queryField('jobs', (t) =>
  t.field({
    type: JobConnection,
    authScopes: { permission: 'jobs:read' },
    args: {
      filter: t.arg({ type: JobFilterInput }),
      orderBy: t.arg({ type: JobOrderEnum, defaultValue: 'CREATED_DESC' }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx, info) => {
      const actor = actorOf(ctx);
      const filter = toJobFilter(args.filter);
      const page = pageRequest(args);
      // A page that shows a few fields of each job reads only those (job-selection.ts).
      const result = await ctx.services.jobs.list(actor, filter, args.orderBy ?? 'CREATED_DESC', page, ctx.signal, jobFieldsRead(info));
      return toConnection(result, page, cappedTotal(() => ctx.services.jobs.countUpTo(actor, filter, ctx.signal)));
    },
  }),
);

/** GraphQL's nullable input fields to the engine's optional ones. */
function toEnqueueInput(input: typeof EnqueueJobInput.$inferInput): EnqueueInput {
  const enqueue: EnqueueInput = { type: input.type, payload: input.payload };
  for (const key of ['priority', 'runAt', 'delayMs', 'maxAttempts', 'timeoutMs', 'idempotencyKey', 'parentId', 'maxCostUsd'] as const) {
    const value = input[key];
    if (value !== null && value !== undefined) (enqueue as unknown as Record<string, unknown>)[key] = value;
  }
  return enqueue;
}

builder.mutationField('enqueueJob', (t) =>
  t.field({
    type: JobRef,
    authScopes: { permission: 'jobs:write' },
    args: { input: t.arg({ type: EnqueueJobInput, required: true }) },
    // Grouped with the other enqueues of this turn into one write (engine/services/insert-groups.ts).
    resolve: (_root, { input }, ctx) => ctx.services.jobs.enqueue(actorOf(ctx), toEnqueueInput(input), { group: true }),
  }),
);

builder.mutationField('enqueueJobs', (t) =>
  t.field({
    type: [JobRef],
    description:
      `Enqueues up to ${ENQUEUE_BATCH_LIMIT.toLocaleString('en-US')} jobs in one write, all or nothing: every input is validated first, and if any is invalid nothing is stored ` +
      '(BAD_USER_INPUT; each issue\'s path starts with inputs.<index>). Returns the jobs in the order of the inputs. An idempotency key holds per input, as in enqueueJob: ' +
      'an input whose key exists, or appeared earlier in the same call, returns that job and stores nothing. Counts as its size against the enqueue rate and queued-jobs quotas; ' +
      'audited once (job.enqueueMany, listing the jobs).',
    authScopes: { permission: 'jobs:write' },
    args: { inputs: t.arg({ type: [EnqueueJobInput], required: true }) },
    resolve: (_root, { inputs }, ctx) => ctx.services.jobs.enqueueBatch(actorOf(ctx), inputs.map(toEnqueueInput), { group: true }),
  }),
);

builder.mutationField('retryJob', (t) =>
  t.field({
    type: JobRef,
    description: 'A new job with the same type and payload; `retryOf` links back. `fromCheckpoint` resumes where it stopped.',
    authScopes: { permission: 'jobs:write' },
    args: { id: t.arg.id({ required: true }), fromCheckpoint: t.arg.boolean() },
    resolve: (_root, { id, fromCheckpoint }, ctx) =>
      ctx.services.jobs.retry(actorOf(ctx), id, { fromCheckpoint: fromCheckpoint ?? false }),
  }),
);

builder.mutationField('cancelJob', (t) =>
  t.field({
    type: JobRef,
    description: 'A QUEUED job is cancelled at once; a RUNNING one is asked to stop (cancelRequested).',
    authScopes: { permission: 'jobs:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.jobs.cancel(actorOf(ctx), id),
  }),
);

builder.mutationField('deleteJob', (t) =>
  t.id({
    description: 'Deletes a finished job and its logs.',
    authScopes: { permission: 'jobs:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.jobs.delete(actorOf(ctx), id),
  }),
);

builder.mutationField('retryJobs', (t) =>
  t.int({
    description: 'Retries the FAILED and CANCELLED jobs that match (at most 10,000 per call); returns how many.',
    authScopes: { permission: 'jobs:write' },
    args: { filter: t.arg({ type: JobFilterInput, required: true }) },
    resolve: (_root, { filter }, ctx) => ctx.services.jobs.retryMany(actorOf(ctx), toJobFilter(filter)),
  }),
);

builder.mutationField('cancelJobs', (t) =>
  t.int({
    description:
      'Cancels the QUEUED jobs that match at once and asks the RUNNING ones to stop, as cancelJob does (at most 10,000 per call); returns how many it cancelled or asked. RUNNING jobs already asked to stop are not counted again.',
    authScopes: { permission: 'jobs:write' },
    args: { filter: t.arg({ type: JobFilterInput, required: true }) },
    resolve: (_root, { filter }, ctx) => ctx.services.jobs.cancelMany(actorOf(ctx), toJobFilter(filter)),
  }),
);

builder.mutationField('deleteJobs', (t) =>
  t.int({
    description: 'Deletes the finished jobs that match (at most 10,000 per call); returns how many.',
    authScopes: { permission: 'jobs:write' },
    args: { filter: t.arg({ type: JobFilterInput, required: true }) },
    resolve: (_root, { filter }, ctx) => ctx.services.jobs.deleteMany(actorOf(ctx), toJobFilter(filter)),
  }),
);
