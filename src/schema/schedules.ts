/**
 * Schedules: the create / update inputs, queries (schedules, runs, trigger previews) and mutations
 * (create, update, enable, disable, delete, run now, retry a run, from a job). Every operation is
 * scoped to the caller's org: another org's schedule reads as null and is NOT_FOUND to a mutation.
 */
import { ForbiddenError, ValidationError } from '../engine/domain/errors.js';
import type { ScheduleInput, ScheduleUpdate } from '../engine/services/schedule-service.js';
import { MAX_FIRE_TIMES } from '../engine/services/triggers.js';
import { hasPermission } from '../engine/services/token-service.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { JobRef } from './job-types.js';
import { pageRequest, toConnection } from './pagination.js';
import {
  MisfirePolicyEnum,
  OverlapPolicyEnum,
  RetryPolicyInputRef,
  ScheduleConnection,
  ScheduleFilterInput,
  ScheduleRef,
  ScheduleRunRef,
  toRetryPolicyInput,
  toScheduleFilter,
  toTriggerInput,
  TriggerInputRef,
} from './schedule-types.js';

builder.objectField(ScheduleRunRef, 'job', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    description: "The run's job (null before it starts, for a SKIPPED run, or once the job is deleted). Needs jobs:read.",
    authScopes: { permission: 'jobs:read' },
    resolve: async (run, _args, ctx) => (run.jobId ? ((await ctx.loaders.job.load(run.jobId)) ?? null) : null),
  }),
);

const CreateScheduleInput = builder.inputType('CreateScheduleInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 200 characters.' }),
    description: t.string(),
    taskType: t.string({ required: true }),
    payload: t.field({ type: 'JSON', required: true, description: "Checked against the task type's input schema." }),
    trigger: t.field({ type: TriggerInputRef, required: true }),
    enabled: t.boolean({ description: 'Default true.' }),
    overlapPolicy: t.field({ type: OverlapPolicyEnum, description: 'Default SKIP.' }),
    maxConcurrentRuns: t.int({ description: '1 to 100, default 1 (used by ALLOW).' }),
    misfirePolicy: t.field({ type: MisfirePolicyEnum, description: 'Default SKIP.' }),
    catchUpWindowSeconds: t.int({ description: 'How old a missed slot RUN_ONCE still fires: 0 to 31536000, default 3600.' }),
    retryPolicy: t.field({ type: RetryPolicyInputRef }),
    alertAfterFailures: t.int({ description: '1 to 1000; no alert when absent.' }),
    pauseOnAlert: t.boolean({ description: 'Disable the schedule when the failure alert is raised. Default false.' }),
  }),
});

const UpdateScheduleInput = builder.inputType('UpdateScheduleInput', {
  description:
    'Only the fields given change. `description: null` and `alertAfterFailures: null` clear those fields; null in any other field keeps its value. ' +
    'The task type cannot change; enabled changes through enableSchedule / disableSchedule.',
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    payload: t.field({ type: 'JSON' }),
    trigger: t.field({ type: TriggerInputRef, description: 'Replaces the whole trigger.' }),
    overlapPolicy: t.field({ type: OverlapPolicyEnum }),
    maxConcurrentRuns: t.int(),
    misfirePolicy: t.field({ type: MisfirePolicyEnum }),
    catchUpWindowSeconds: t.int(),
    retryPolicy: t.field({ type: RetryPolicyInputRef, description: 'A field left out keeps its value.' }),
    alertAfterFailures: t.int(),
    pauseOnAlert: t.boolean(),
  }),
});

const given = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/** Scalar fields copied as they are when given (not null). */
const PLAIN = ['name', 'description', 'overlapPolicy', 'maxConcurrentRuns', 'misfirePolicy', 'catchUpWindowSeconds', 'alertAfterFailures', 'pauseOnAlert'] as const;

function toScheduleInput(input: typeof CreateScheduleInput.$inferInput): ScheduleInput {
  const out: ScheduleInput = { name: input.name, taskType: input.taskType, payload: input.payload, trigger: toTriggerInput(input.trigger) };
  for (const key of [...PLAIN, 'enabled'] as const) {
    const value = input[key];
    if (given(value)) (out as unknown as Record<string, unknown>)[key] = value;
  }
  if (input.retryPolicy) out.retryPolicy = toRetryPolicyInput(input.retryPolicy);
  return out;
}

function toScheduleUpdate(input: typeof UpdateScheduleInput.$inferInput): ScheduleUpdate {
  const out: ScheduleUpdate = {};
  for (const key of PLAIN) {
    const value = input[key];
    if (given(value)) (out as Record<string, unknown>)[key] = value;
  }
  // Explicit nulls clear the optional settings (absent keeps them).
  if (input.description === null) out.description = null;
  if (input.alertAfterFailures === null) out.alertAfterFailures = null;
  if (given(input.payload)) out.payload = input.payload;
  if (input.trigger) out.trigger = toTriggerInput(input.trigger);
  if (input.retryPolicy) out.retryPolicy = toRetryPolicyInput(input.retryPolicy);
  return out;
}

// ---------------------------------------------------------------- queries

builder.queryField('schedule', (t) =>
  t.field({
    type: ScheduleRef,
    nullable: true,
    authScopes: { permission: 'schedules:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => (await ctx.services.schedules.get(actorOf(ctx), id)) ?? null,
  }),
);

builder.queryField('schedules', (t) =>
  t.field({
    type: ScheduleConnection,
    description: 'Schedules of your org, by name.',
    authScopes: { permission: 'schedules:read' },
    args: { filter: t.arg({ type: ScheduleFilterInput }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const actor = actorOf(ctx);
      const filter = toScheduleFilter(args.filter);
      const page = pageRequest(args);
      const result = await ctx.services.schedules.list(actor, filter, page);
      return toConnection(result, page, () => ctx.services.schedules.count(actor, filter));
    },
  }),
);

builder.queryField('scheduleRun', (t) =>
  t.field({
    type: ScheduleRunRef,
    nullable: true,
    authScopes: { permission: 'schedules:read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => (await ctx.services.schedules.getRun(actorOf(ctx), id)) ?? null,
  }),
);

builder.queryField('previewTrigger', (t) =>
  t.field({
    type: ['DateTime'],
    description: `The next \`count\` fire times (1 to ${MAX_FIRE_TIMES}, default 5) strictly after \`from\` (default now); an INTERVAL counts from \`from\`. Invalid triggers are BAD_USER_INPUT with paths like trigger.cron.`,
    authScopes: { permission: 'schedules:read' },
    args: {
      trigger: t.arg({ type: TriggerInputRef, required: true }),
      count: t.arg.int({ defaultValue: 5 }),
      from: t.arg({ type: 'DateTime' }),
    },
    resolve: (_root, args, ctx) => {
      actorOf(ctx);
      const count = args.count ?? 5;
      if (!Number.isInteger(count) || count < 1 || count > MAX_FIRE_TIMES) {
        throw ValidationError.field('count', `must be an integer from 1 to ${MAX_FIRE_TIMES}`);
      }
      return ctx.services.schedules.preview(toTriggerInput(args.trigger), count, args.from ?? Date.now());
    },
  }),
);

// ---------------------------------------------------------------- mutations

builder.mutationField('createSchedule', (t) =>
  t.field({
    type: ScheduleRef,
    description: 'Validates every field (task payload, trigger, policies) and saves nothing on any error: BAD_USER_INPUT lists each issue with its path.',
    authScopes: { permission: 'schedules:write' },
    args: { input: t.arg({ type: CreateScheduleInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.schedules.create(actorOf(ctx), toScheduleInput(input)),
  }),
);

builder.mutationField('updateSchedule', (t) =>
  t.field({
    type: ScheduleRef,
    description:
      'Changes the given fields; the next run is computed again from now. The audit entry carries a diff. ' +
      'An update that changes nothing (empty, or the current values) returns the schedule as it is and writes no audit entry.',
    authScopes: { permission: 'schedules:write' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateScheduleInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => ctx.services.schedules.update(actorOf(ctx), id, toScheduleUpdate(input)),
  }),
);

builder.mutationField('enableSchedule', (t) =>
  t.field({
    type: ScheduleRef,
    description: 'Fires again from the next slot after now (slots missed while disabled are not fired).',
    authScopes: { permission: 'schedules:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.schedules.setEnabled(actorOf(ctx), id, true),
  }),
);

builder.mutationField('disableSchedule', (t) =>
  t.field({
    type: ScheduleRef,
    description: 'Stops firing slots; active runs go on, and run-now still works.',
    authScopes: { permission: 'schedules:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.schedules.setEnabled(actorOf(ctx), id, false),
  }),
);

builder.mutationField('deleteSchedule', (t) =>
  t.id({
    description: 'Deletes the schedule and its runs (their jobs stay); returns its id.',
    authScopes: { permission: 'schedules:delete' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.schedules.delete(actorOf(ctx), id),
  }),
);

builder.mutationField('runScheduleNow', (t) =>
  t.field({
    type: ScheduleRunRef,
    description: 'A MANUAL run now, outside the trigger (also when disabled; the overlap policy does not apply).',
    authScopes: { permission: 'schedules:run' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.schedules.runNow(actorOf(ctx), id),
  }),
);

builder.mutationField('retryScheduleRun', (t) =>
  t.field({
    type: ScheduleRunRef,
    description:
      'A RETRY run (attempt + 1) of a FAILED, TIMED_OUT or CANCELLED run, started now; CONFLICT for other statuses. ' +
      'One retry per run: if that retry exists already (a retry from the policy, or a second click), it is returned.',
    authScopes: { permission: 'schedules:run' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.schedules.retryRun(actorOf(ctx), id),
  }),
);

builder.mutationField('createScheduleFromJob', (t) =>
  t.field({
    type: ScheduleRef,
    description:
      "A schedule with a SUCCEEDED job's type and payload (CONFLICT for other statuses). Needs jobs:read too, since it copies the job's payload.",
    authScopes: { permission: 'schedules:write' },
    args: {
      jobId: t.arg.id({ required: true }),
      name: t.arg.string({ required: true }),
      trigger: t.arg({ type: TriggerInputRef, required: true }),
    },
    resolve: (_root, args, ctx) => {
      if (!ctx.token || !hasPermission(ctx.token, 'jobs:read')) throw new ForbiddenError('missing permission: jobs:read');
      return ctx.services.schedules.createFromJob(actorOf(ctx), args.jobId, args.name, toTriggerInput(args.trigger));
    },
  }),
);
