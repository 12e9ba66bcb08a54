/** Durable steps and waits: Job.steps and Job.waits, and the mutations that resolve waits. */
import { STEP_STATUSES, type JobStep } from '../engine/domain/job-step.js';
import { WAIT_KINDS, type JobWait } from '../engine/domain/job-wait.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { STEP_CALLS, stepKey } from './loaders.js';
import { JobErrorRef, JobRef } from './job-types.js';
import { LlmCallRef } from './llm-types.js';

const StepStatusEnum = builder.enumType('StepStatus', { values: STEP_STATUSES });
const WaitKindEnum = builder.enumType('WaitKind', { values: WAIT_KINDS });


const JobStepRef = builder.objectRef<JobStep>('JobStep').implement({
  description: "A named step of a job's handler (ctx.step): run once, its result stored and returned on every replay.",
  authScopes: { permission: 'jobs:read' },
  fields: (t) => ({
    name: t.exposeString('name'),
    status: t.expose('status', { type: StepStatusEnum }),
    attempt: t.exposeInt('attempt', { description: 'The attempt that ran it last.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.int({ nullable: true, resolve: (s) => (s.finishedAt !== undefined ? s.finishedAt - s.startedAt : null) }),
    error: t.field({ type: JobErrorRef, nullable: true, resolve: (s) => s.error ?? null }),
    result: t.expose('result', { type: 'JSON', nullable: true, description: 'The stored result, once SUCCEEDED.' }),
    llmCalls: t.field({
      type: [LlmCallRef],
      nullable: true,
      description: `The LLM calls made inside this step, oldest first (at most ${STEP_CALLS}). Needs llm:read.`,
      authScopes: { permission: 'llm:read' },
      resolve: (step, _args, ctx) => ctx.loaders.stepCalls.load(stepKey(step.jobId, step.name)),
    }),
  }),
});

const JobWaitRef = builder.objectRef<JobWait>('JobWait').implement({
  description:
    'A point where a job waits: for a signal, an approval, an event or a time. While one is open the job is WAITING (no slot, no process). ' +
    'Resolved once: by its signal, approval or event, or by its timeout (resolution null, timedOut true).',
  authScopes: { permission: 'jobs:read' },
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: WaitKindEnum }),
    name: t.exposeString('name'),
    eventName: t.exposeString('eventName', { nullable: true, description: 'EVENT: the event it waits for.' }),
    eventKey: t.exposeString('eventKey', { nullable: true, description: 'EVENT: the key the event must carry.' }),
    prompt: t.exposeString('prompt', { nullable: true, description: 'APPROVAL: what the approver is asked.' }),
    data: t.expose('data', { type: 'JSON', nullable: true, description: 'APPROVAL: data shown with the prompt.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    timeoutAt: t.expose('timeoutAt', { type: 'DateTime', nullable: true, description: 'When it times out (SLEEP: when it ends).' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolution: t.expose('resolution', {
      type: 'JSON',
      nullable: true,
      description: "The signal's data, the approval { approved comment by }, the event's data; null on timeout.",
    }),
    timedOut: t.boolean({ resolve: (w) => w.timedOut === true }),
    callbackUrl: t.string({
      nullable: true,
      description:
        'A one-time URL that resolves the wait: POST a JSON body (an approval: { "approved": true, "comment": "..." }). No token needed: the URL is the credential. ' +
        'Answers 410 once used, timed out or its job finished. Null once resolved, for SLEEP, and without jobs:write.',
      authScopes: { permission: 'jobs:write' },
      resolve: (w, _args, ctx) => ctx.services.waits.callbackUrl(w) ?? null,
    }),
  }),
});

builder.objectFields(JobRef, (t) => ({
  steps: t.field({
    type: [JobStepRef],
    description: "The job's steps (ctx.step), in the order they first started.",
    resolve: (job, _args, ctx) => ctx.loaders.steps.load(job.id),
  }),
  waits: t.field({
    type: [JobWaitRef],
    description: "The job's waits, oldest first.",
    resolve: (job, _args, ctx) => ctx.loaders.waits.load(job.id),
  }),
}));

const SendEventResultRef = builder.objectRef<{ resumed: number; jobIds: string[] }>('SendEventResult').implement({
  fields: (t) => ({
    resumed: t.exposeInt('resumed', { description: 'How many waits of jobs of the org it resolved.' }),
    jobIds: t.exposeIDList('jobIds', { description: 'The jobs whose waits it resolved.' }),
  }),
});

builder.mutationField('signalJob', (t) =>
  t.field({
    type: JobRef,
    description:
      'Sends data to the job\'s wait of this name (ctx.waitForSignal). A signal that comes before the job reaches its wait is kept for it. ' +
      'NOT_FOUND: no such job in the org. CONFLICT: the job finished, or its wait of that name is resolved, timed out or not a signal wait. Audited (job.signal).',
    authScopes: { permission: 'jobs:write' },
    args: { id: t.arg.id({ required: true }), name: t.arg.string({ required: true }), data: t.arg({ type: 'JSON' }) },
    resolve: (_root, { id, name, data }, ctx) => ctx.services.waits.signal(actorOf(ctx), id, name, data ?? null),
  }),
);

builder.mutationField('approveJob', (t) =>
  t.field({
    type: JobRef,
    description:
      'Decides the job\'s approval of this name (ctx.waitForApproval): it resumes with { approved, comment, by }. Kept when it comes before the wait. ' +
      'NOT_FOUND, CONFLICT as signalJob. Audited (job.approve).',
    authScopes: { permission: 'jobs:write' },
    args: {
      id: t.arg.id({ required: true }),
      name: t.arg.string({ required: true }),
      approved: t.arg.boolean({ required: true }),
      comment: t.arg.string(),
    },
    resolve: (_root, { id, name, approved, comment }, ctx) =>
      ctx.services.waits.approve(actorOf(ctx), id, name, approved, comment ?? undefined),
  }),
);

builder.mutationField('sendEvent', (t) =>
  t.field({
    type: SendEventResultRef,
    description:
      "Sends an event to the org's jobs: every open wait for this name and key (ctx.waitForEvent) resumes with its data. The event is kept for 24 hours for waits " +
      'opened later by jobs made before it was sent. Audited (event.send).',
    authScopes: { permission: 'jobs:write' },
    args: { name: t.arg.string({ required: true }), key: t.arg.string(), data: t.arg({ type: 'JSON' }) },
    resolve: (_root, { name, key, data }, ctx) => ctx.services.waits.sendEvent(actorOf(ctx), name, key ?? undefined, data ?? null),
  }),
);
