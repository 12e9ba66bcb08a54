/**
 * The Schedule and ScheduleRun objects and the types around them: triggers, retry policies, the
 * enums, the schedule filter and the trigger input. Fields that point at jobs (ScheduleRun.job) live
 * in schedules.ts and Job.schedule / Job.scheduleRun in job-types.ts, so this file does not import
 * the job types (no import cycle).
 */
import { NotFoundError } from '../engine/domain/errors.js';
import type { TriggerInput as EngineTriggerInput } from '../engine/services/triggers.js';
import type { Trigger, TriggerKind } from '../engine/domain/schedule.js';
import {
  MISFIRE_POLICIES,
  OVERLAP_POLICIES,
  RUN_STATUSES,
  RUN_TRIGGERS,
  type AlertKind,
  type RetryPolicy,
  type Schedule,
  type ScheduleFilter,
  type ScheduleRun,
} from '../engine/domain/schedule.js';
import { checkSearchText, MAX_SEARCH_LENGTH } from '../engine/domain/search-text.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { pageRequest, toConnection, type ConnectionResult } from './pagination.js';

const TRIGGER_KINDS = ['CRON', 'INTERVAL', 'ONCE'] as const satisfies readonly TriggerKind[];

export const TriggerKindEnum = builder.enumType('TriggerKind', { values: TRIGGER_KINDS });
export const OverlapPolicyEnum = builder.enumType('OverlapPolicy', {
  description:
    'What a slot does while another run of the schedule is active: SKIP it (the default), ALLOW it up to maxConcurrentRuns, ' +
    'or BUFFER_ONE (keep one waiting run that starts when the active one ends; further slots are skipped).',
  values: OVERLAP_POLICIES,
});
export const MisfirePolicyEnum = builder.enumType('MisfirePolicy', {
  description: 'After downtime: SKIP the missed slots, or RUN_ONCE (the latest missed slot, if within catchUpWindowSeconds).',
  values: MISFIRE_POLICIES,
});
export const RunStatusEnum = builder.enumType('RunStatus', { values: RUN_STATUSES });
export const RunTriggerEnum = builder.enumType('RunTrigger', { values: RUN_TRIGGERS });
export const AlertKindEnum = builder.enumType('AlertKind', {
  values: {
    CONSECUTIVE_FAILURES: { description: 'A schedule failed alertAfterFailures runs in a row.' },
    SCHEDULER_STALLED: {
      description:
        'No scheduler has written a heartbeat for JOBCENTER_SCHEDULER_STALL_MS while the org has enabled schedules: they are not firing. ' +
        'Closed by itself (acknowledgedBy system:watchdog) when heartbeats come again.',
    },
    BUDGET_THRESHOLD: { description: "A budget's spending reached one of its thresholds (raised once per threshold and period)." },
  } satisfies Record<AlertKind, { description: string }>,
});

export const TriggerRef = builder.objectRef<Trigger>('Trigger').implement({
  description: 'When a schedule fires: a cron expression (croner syntax, seconds optional), a fixed interval, or once.',
  fields: (t) => ({
    kind: t.expose('kind', { type: TriggerKindEnum }),
    cron: t.exposeString('cron', { nullable: true }),
    intervalSeconds: t.exposeInt('intervalSeconds', { nullable: true }),
    at: t.expose('at', { type: 'DateTime', nullable: true }),
    timezone: t.exposeString('timezone', { description: 'The IANA zone the cron is read in (display only for INTERVAL and ONCE).' }),
  }),
});

export const RetryPolicyRef = builder.objectRef<RetryPolicy>('RetryPolicy').implement({
  fields: (t) => ({
    maxRetries: t.exposeInt('maxRetries', { description: 'Retry runs after a failed run (0: none).' }),
    backoffSeconds: t.exposeIntList('backoffSeconds', { description: 'Wait before retry n; the last step repeats.' }),
  }),
});

export const ScheduleRef = builder.objectRef<Schedule>('Schedule');
export const ScheduleRunRef = builder.objectRef<ScheduleRun>('ScheduleRun');

export const ScheduleConnection = builder.connectionObject(
  {
    type: ScheduleRef,
    name: 'ScheduleConnection',
    fields: (t) => ({
      totalCount: t.int({ resolve: (parent) => (parent as unknown as ConnectionResult<Schedule>).totalCount() }),
    }),
  },
  { name: 'ScheduleEdge' },
);

export const ScheduleRunConnection = builder.connectionObject(
  {
    type: ScheduleRunRef,
    name: 'ScheduleRunConnection',
    fields: (t) => ({
      totalCount: t.int({ resolve: (parent) => (parent as unknown as ConnectionResult<ScheduleRun>).totalCount() }),
    }),
  },
  { name: 'ScheduleRunEdge' },
);

ScheduleRef.implement({
  description:
    "A task type and payload fired by a trigger. Readable with schedules:read, in the caller's org; a mutation shows a caller " +
    'without it only id and enabled (any other field is FORBIDDEN).',
  authScopes: { permission: 'schedules:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    taskType: t.exposeString('taskType'),
    payload: t.expose('payload', { type: 'JSON', description: "The job payload, as validated by the task's input schema." }),
    trigger: t.field({ type: TriggerRef, resolve: (s) => s.trigger }),
    enabled: t.exposeBoolean('enabled', { skipTypeScopes: true }),
    nextRunAt: t.expose('nextRunAt', { type: 'DateTime', nullable: true, description: 'The next slot; null when disabled or when the trigger has no more slots.' }),
    lastRunAt: t.expose('lastRunAt', { type: 'DateTime', nullable: true, description: 'The last slot fired by the trigger.' }),
    lastRunStatus: t.expose('lastRunStatus', { type: RunStatusEnum, nullable: true, description: 'How the last finished run ended.' }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    skippedRuns: t.exposeInt('skippedRuns', {
      description: 'Slots the overlap policy skipped. Only the first skip of a streak (while the same runs stay active) is listed as a SKIPPED run.',
    }),
    lastSkippedAt: t.expose('lastSkippedAt', { type: 'DateTime', nullable: true, description: 'The latest slot the overlap policy skipped.' }),
    overlapPolicy: t.expose('overlapPolicy', { type: OverlapPolicyEnum }),
    maxConcurrentRuns: t.exposeInt('maxConcurrentRuns', { description: 'Active runs allowed at once with overlapPolicy ALLOW.' }),
    misfirePolicy: t.expose('misfirePolicy', { type: MisfirePolicyEnum }),
    catchUpWindowSeconds: t.exposeInt('catchUpWindowSeconds', { description: 'RUN_ONCE fires a missed slot only if it is at most this old.' }),
    retryPolicy: t.field({ type: RetryPolicyRef, resolve: (s) => s.retryPolicy }),
    alertAfterFailures: t.exposeInt('alertAfterFailures', { nullable: true, description: 'Raise an alert after this many failed runs in a row.' }),
    pauseOnAlert: t.exposeBoolean('pauseOnAlert', { description: 'Disable the schedule when the failure alert is raised.' }),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    runs: t.field({
      type: ScheduleRunConnection,
      description: 'Runs of this schedule, newest first (by scheduledFor).',
      args: { first: t.arg.int(), after: t.arg.string(), status: t.arg({ type: [RunStatusEnum] }) },
      resolve: async (schedule, args, ctx) => {
        const actor = actorOf(ctx);
        const page = pageRequest(args);
        const filter = args.status?.length ? { scheduleId: schedule.id, status: args.status } : { scheduleId: schedule.id };
        const result = await ctx.services.schedules.runs(actor, filter, page);
        return toConnection(result, page, () => ctx.services.schedules.countRuns(actor, filter));
      },
    }),
  }),
});

ScheduleRunRef.implement({
  description:
    'One firing of a schedule: a slot of its trigger (SCHEDULED), a run-now (MANUAL) or a retry of a failed run (RETRY). ' +
    'Readable with schedules:read; a mutation shows a caller without it only id and status.',
  authScopes: { permission: 'schedules:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    scheduleId: t.exposeID('scheduleId'),
    schedule: t.field({
      type: ScheduleRef,
      resolve: async (run, _args, ctx) => {
        const schedule = await ctx.loaders.schedule.load(run.scheduleId);
        if (!schedule) throw new NotFoundError('schedule', run.scheduleId);
        return schedule;
      },
    }),
    runKey: t.exposeString('runKey', { description: 'Unique: one run per schedule slot (and per run-now or retry).' }),
    trigger: t.expose('trigger', { type: RunTriggerEnum }),
    attempt: t.exposeInt('attempt', { description: '1 for the first run of a slot; a retry of attempt n is n + 1.' }),
    status: t.expose('status', { type: RunStatusEnum, skipTypeScopes: true }),
    scheduledFor: t.expose('scheduledFor', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.int({
      nullable: true,
      resolve: (run) => (run.startedAt !== undefined && run.finishedAt !== undefined ? run.finishedAt - run.startedAt : null),
    }),
    jobId: t.exposeID('jobId', { nullable: true, description: "The run's job (readable without jobs:read, and after the job is deleted)." }),
    error: t.exposeString('error', { nullable: true }),
    retryOf: t.field({
      type: ScheduleRunRef,
      nullable: true,
      description: 'The run this one retries.',
      resolve: async (run, _args, ctx) =>
        run.retryOfRunId ? ((await ctx.loaders.scheduleRun.load(run.retryOfRunId)) ?? null) : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const ScheduleFilterInput = builder.inputType('ScheduleFilter', {
  fields: (t) => ({
    enabled: t.boolean(),
    taskType: t.stringList(),
    search: t.string({ description: `Text in the name or description (any case; at most ${MAX_SEARCH_LENGTH} characters, no control characters).` }),
    lastRunStatus: t.field({ type: [RunStatusEnum] }),
  }),
});

/** GraphQL's nullable filter fields to the engine's optional ones. */
export function toScheduleFilter(input: typeof ScheduleFilterInput.$inferInput | null | undefined): ScheduleFilter {
  const filter: ScheduleFilter = {};
  if (!input) return filter;
  if (input.enabled !== null && input.enabled !== undefined) filter.enabled = input.enabled;
  if (input.taskType) filter.taskType = input.taskType;
  if (input.search !== null && input.search !== undefined) {
    checkSearchText('filter.search', input.search);
    filter.search = input.search;
  }
  if (input.lastRunStatus) filter.lastRunStatus = input.lastRunStatus;
  return filter;
}

export const TriggerInputRef = builder.inputType('TriggerInput', {
  description: 'CRON needs `cron`, INTERVAL `intervalSeconds` (1 s to a year), ONCE `at` (in the future); a field of another kind is an error.',
  fields: (t) => ({
    kind: t.field({ type: TriggerKindEnum, required: true }),
    cron: t.string({ description: 'croner syntax: 5 fields, or 6 with seconds first; nicknames like @daily.' }),
    intervalSeconds: t.int(),
    at: t.field({ type: 'DateTime' }),
    timezone: t.string({ description: 'An IANA zone; default UTC.' }),
  }),
});

/** A GraphQL trigger input as the engine's (null fields dropped). */
export function toTriggerInput(input: typeof TriggerInputRef.$inferInput): EngineTriggerInput {
  const trigger: EngineTriggerInput = { kind: input.kind };
  if (input.cron !== null && input.cron !== undefined) trigger.cron = input.cron;
  if (input.intervalSeconds !== null && input.intervalSeconds !== undefined) trigger.intervalSeconds = input.intervalSeconds;
  if (input.at !== null && input.at !== undefined) trigger.at = input.at;
  if (input.timezone !== null && input.timezone !== undefined) trigger.timezone = input.timezone;
  return trigger;
}

export const RetryPolicyInputRef = builder.inputType('RetryPolicyInput', {
  description: 'On create, a missing field takes its default (3 retries after 30, 60, 300, 900, 3600 s); on update, it keeps its value.',
  fields: (t) => ({
    maxRetries: t.int({ description: '0 to 20.' }),
    backoffSeconds: t.intList({ description: 'At most 20 steps, each 0 to 604800 s.' }),
  }),
});

/** A GraphQL retry policy input as the engine's (null fields dropped). */
export function toRetryPolicyInput(input: typeof RetryPolicyInputRef.$inferInput): { maxRetries?: number; backoffSeconds?: number[] } {
  return {
    ...(input.maxRetries !== null && input.maxRetries !== undefined && { maxRetries: input.maxRetries }),
    ...(input.backoffSeconds && { backoffSeconds: input.backoffSeconds }),
  };
}
