/** The Job object and the types around it: errors, progress, logs, events, connections. */
import { JOB_ORDERS, JOB_STATUSES, LOG_LEVELS, type Job, type JobError, type JobLog, type JobProgress } from '../engine/domain/types.js';
import { workerNameFor } from '../engine/services/worker-names.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { LlmCallConnection, TokenUsageRef } from './llm-types.js';
import { JOB_COUNT_CAP } from '../engine/domain/job-counts.js';
import { cappedTotal, pageRequest, toConnection, type ConnectionResult } from './pagination.js';
import { ScheduleRef, ScheduleRunRef } from './schedule-types.js';

export const JobStatusEnum = builder.enumType('JobStatus', { values: JOB_STATUSES });
export const LogLevelEnum = builder.enumType('LogLevel', { values: LOG_LEVELS });
const JOB_ORDER_DESCRIPTIONS: Record<(typeof JOB_ORDERS)[number], string> = {
  CREATED_DESC: 'Newest created first (then by id).',
  CREATED_ASC: 'Oldest created first (then by id).',
  PRIORITY_DESC: 'Highest priority first, then newest created.',
  FINISHED_DESC: 'Latest finished first (then by id); the jobs that have not finished come last, newest created first.',
};
export const JobOrderEnum = builder.enumType('JobOrder', {
  values: Object.fromEntries(JOB_ORDERS.map((order) => [order, { description: JOB_ORDER_DESCRIPTIONS[order] }])) as Record<
    (typeof JOB_ORDERS)[number],
    { description: string }
  >,
});

export const JobErrorRef = builder.objectRef<JobError>('JobError').implement({
  description: "One attempt's error.",
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code', { nullable: true }),
    retryable: t.exposeBoolean('retryable'),
    attempt: t.exposeInt('attempt'),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

export const JobProgressRef = builder.objectRef<JobProgress>('JobProgress').implement({
  fields: (t) => ({
    percent: t.exposeFloat('percent'),
    message: t.exposeString('message', { nullable: true }),
    data: t.expose('data', { type: 'JSON', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const JobLogRef = builder.objectRef<JobLog>('JobLog').implement({
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    at: t.expose('at', { type: 'DateTime' }),
    level: t.expose('level', { type: LogLevelEnum }),
    message: t.exposeString('message'),
    data: t.expose('data', { type: 'JSON', nullable: true }),
  }),
});

export const JobRef = builder.objectRef<Job>('Job');

export const JobConnection = builder.connectionObject(
  {
    type: JobRef,
    name: 'JobConnection',
    fields: (t) => ({
      totalCount: t.int({
        description:
          'How many jobs match: exact when totalCountIsExact; otherwise at least this many (a lower bound, the count stopped at its cap).',
        resolve: (parent) => (parent as unknown as ConnectionResult<Job>).totalCount(),
      }),
      totalCountIsExact: t.boolean({
        description:
          'True when totalCount is the exact number of matching jobs: always for a filter on status and type only (kept as counters), ' +
          `and for other filters (search, time range, parent, schedule, ids) when at most ${JOB_COUNT_CAP.toLocaleString('en-US')} match. ` +
          'False: more than totalCount match.',
        resolve: async (parent) => (await (parent as unknown as ConnectionResult<Job>).totalCountIsExact?.()) ?? true,
      }),
    }),
  },
  { name: 'JobEdge' },
);

export const JobLogConnection = builder.connectionObject(
  {
    type: JobLogRef,
    name: 'JobLogConnection',
    fields: (t) => ({
      totalCount: t.int({ resolve: (parent) => (parent as unknown as ConnectionResult<JobLog>).totalCount() }),
    }),
  },
  { name: 'JobLogEdge' },
);

JobRef.implement({
  description:
    'One unit of work of a task type. Its fields need jobs:read, except id, status and cancelRequested, which a mutation ' +
    'shows a jobs:write-only caller (what it changed); any other field is FORBIDDEN to such a caller.',
  // Wherever a Job appears (a query, a mutation's answer, a nested field), reading it needs jobs:read.
  authScopes: { permission: 'jobs:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    type: t.exposeString('type'),
    status: t.expose('status', { type: JobStatusEnum, skipTypeScopes: true }),
    priority: t.exposeInt('priority'),
    payload: t.expose('payload', { type: 'JSON' }),
    result: t.expose('result', { type: 'JSON', nullable: true }),
    error: t.field({
      type: JobErrorRef,
      nullable: true,
      description: 'The last error.',
      resolve: (job) => job.errors.at(-1) ?? null,
    }),
    errors: t.field({ type: [JobErrorRef], description: "Every attempt's error, oldest first.", resolve: (job) => job.errors }),
    progress: t.field({ type: JobProgressRef, nullable: true, resolve: (job) => job.progress ?? null }),
    attempt: t.exposeInt('attempt', {
      description: 'Attempts started so far. A WAITING job shows the attempt it ran as; a resume goes on as that same attempt (no attempt is spent on waiting).',
    }),
    maxAttempts: t.exposeInt('maxAttempts'),
    runAt: t.expose('runAt', { type: 'DateTime', description: 'When the job is (or was) due to run.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'When the latest attempt started.' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.int({
      nullable: true,
      description: 'From the latest start to the finish.',
      resolve: (job) => (job.startedAt !== undefined && job.finishedAt !== undefined ? job.finishedAt - job.startedAt : null),
    }),
    timeoutMs: t.exposeInt('timeoutMs', { nullable: true }),
    cancelRequested: t.exposeBoolean('cancelRequested', { skipTypeScopes: true }),
    checkpoint: t.expose('checkpoint', { type: 'JSON', nullable: true }),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    idempotencyKey: t.exposeString('idempotencyKey', { nullable: true }),
    leaseOwner: t.string({
      nullable: true,
      description: 'The worker running it, while RUNNING: its id for the system admin, otherwise the opaque name queueStats.workers shows.',
      resolve: (job, _args, ctx) => (job.leaseOwner ? workerNameFor(ctx.token, job.leaseOwner) : null),
    }),
    parent: t.field({
      type: JobRef,
      nullable: true,
      resolve: async (job, _args, ctx) => (job.parentId ? ((await ctx.loaders.job.load(job.parentId)) ?? null) : null),
    }),
    retryOf: t.field({
      type: JobRef,
      nullable: true,
      resolve: async (job, _args, ctx) => (job.retryOfId ? ((await ctx.loaders.job.load(job.retryOfId)) ?? null) : null),
    }),
    schedule: t.field({
      type: ScheduleRef,
      // Nullable, like llmCalls: a caller without schedules:read loses this field only.
      nullable: true,
      description: 'The schedule that made this job, if any (null once it is deleted). Needs schedules:read.',
      authScopes: { permission: 'schedules:read' },
      resolve: async (job, _args, ctx) => (job.scheduleId ? ((await ctx.loaders.schedule.load(job.scheduleId)) ?? null) : null),
    }),
    scheduleRun: t.field({
      type: ScheduleRunRef,
      nullable: true,
      description: 'The schedule run this job carries out, if any. Needs schedules:read.',
      authScopes: { permission: 'schedules:read' },
      resolve: async (job, _args, ctx) =>
        job.scheduleRunId ? ((await ctx.loaders.scheduleRun.load(job.scheduleRunId)) ?? null) : null,
    }),
    children: t.field({
      type: JobConnection,
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: async (job, args, ctx) => {
        const actor = actorOf(ctx);
        const page = pageRequest(args);
        const filter = { parentId: job.id };
        const result = await ctx.services.jobs.list(actor, filter, 'CREATED_ASC', page, ctx.signal);
        return toConnection(result, page, cappedTotal(() => ctx.services.jobs.countUpTo(actor, filter, ctx.signal)));
      },
    }),
    logs: t.field({
      type: JobLogConnection,
      args: { first: t.arg.int(), after: t.arg.string(), level: t.arg({ type: [LogLevelEnum] }) },
      resolve: async (job, args, ctx) => {
        const page = pageRequest(args);
        const levels = args.level ?? undefined;
        const actor = actorOf(ctx);
        const result = await ctx.services.logs.list(actor, job.id, page, levels);
        return toConnection(result, page, () => ctx.services.logs.count(actor, job.id, levels));
      },
    }),
    llmCalls: t.field({
      type: LlmCallConnection,
      // Nullable so that a caller without llm:read loses only this field, not the job (or the list)
      // around it: a non-null field that errors nulls its parent.
      nullable: true,
      description:
        'The LLM calls this job made, newest first. Needs llm:read (prompts can be sensitive); without it this field is null with a FORBIDDEN error.',
      authScopes: { permission: 'llm:read' },
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: async (job, args, ctx) => {
        const actor = actorOf(ctx);
        const page = pageRequest(args);
        const filter = { parentJobId: job.id };
        const result = await ctx.services.llmCalls.list(actor, filter, page);
        return toConnection(result, page, () => ctx.services.llmCalls.count(actor, filter));
      },
    }),
    usage: t.field({
      type: TokenUsageRef,
      description: "Tokens summed over the job's LLM calls.",
      resolve: (job, _args, ctx) => ctx.loaders.usage.load(job.id),
    }),
  }),
});
