/**
 * Live job events over subscriptions, from the change feed: one job's status, progress and log lines
 * (`jobUpdated`), or list-level changes (`jobEvents`). Events of other orgs never pass the filter.
 */
import { Repeater } from 'graphql-yoga';
import type { LiveEvents } from '../engine/services/live-events.js';
import type { Actor } from '../engine/domain/actor.js';
import { jobMatchesFilter } from '../engine/domain/job-filter.js';
import type { ChangeEvent } from '../engine/domain/change-event.js';
import { NotFoundError } from '../engine/domain/errors.js';
import type { Job, JobLog } from '../engine/domain/types.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { JobFilterInput, toJobFilter } from './jobs.js';
import { JobLogRef, JobRef } from './job-types.js';

const KINDS = ['CREATED', 'STATUS', 'PROGRESS', 'LOG', 'DELETED', 'SNAPSHOT'] as const;
type Kind = (typeof KINDS)[number];
const JobEventKindEnum = builder.enumType('JobEventKind', {
  values: {
    CREATED: {},
    STATUS: {},
    PROGRESS: {},
    LOG: {},
    DELETED: {},
    SNAPSHOT: { description: 'The job as it is when a jobUpdated subscription starts (always its first event).' },
  },
});

export interface JobEvent {
  kind: Kind;
  jobId: string;
  orgId: string;
  at: number;
  job?: Job;
  log?: JobLog;
  /** The deleted job's last state: used to filter, not shown (a deleted job has no `job`). */
  deleted?: Job;
}

const JobEventRef = builder.objectRef<JobEvent>('JobEvent').implement({
  fields: (t) => ({
    kind: t.expose('kind', { type: JobEventKindEnum }),
    jobId: t.exposeID('jobId'),
    at: t.expose('at', { type: 'DateTime' }),
    job: t.field({ type: JobRef, nullable: true, description: 'The job after the change (absent for LOG and DELETED).', resolve: (e) => e.job ?? null }),
    log: t.field({ type: JobLogRef, nullable: true, resolve: (e) => e.log ?? null }),
  }),
});

/** A change feed event as a job event; undefined for events about other things. */
export function toJobEvent(event: ChangeEvent): JobEvent | undefined {
  const at = Date.now();
  switch (event.kind) {
    case 'job.created':
      return { kind: 'CREATED', jobId: event.job.id, orgId: event.job.orgId, at, job: event.job };
    case 'job.updated':
      return { kind: 'STATUS', jobId: event.job.id, orgId: event.job.orgId, at, job: event.job };
    case 'job.progress':
      return { kind: 'PROGRESS', jobId: event.job.id, orgId: event.job.orgId, at, job: event.job };
    case 'job.log':
      return { kind: 'LOG', jobId: event.log.jobId, orgId: event.log.orgId, at: event.log.at, log: event.log };
    case 'job.deleted':
      return { kind: 'DELETED', jobId: event.jobId, orgId: event.orgId, at, ...(event.job && { deleted: event.job }) };
    default:
      return undefined;
  }
}

/** The actor's org's live events as an async iterable, mapped and filtered; unsubscribes when the client goes. */
export function liveEvents<T>(live: LiveEvents, actor: Actor, select: (event: ChangeEvent) => T | undefined): AsyncIterable<T> {
  return new Repeater<T>(async (push, stop) => {
    const unsubscribe = live.subscribe(actor, (event) => {
      const value = select(event);
      if (value !== undefined) void push(value);
    });
    await stop;
    unsubscribe();
  });
}

/** Whether an event that arrived while the snapshot was read says something the snapshot does not. */
function isAfter(event: JobEvent, snapshot: Job): boolean {
  if (event.kind === 'LOG' || event.kind === 'DELETED') return true;
  const job = event.job;
  if (!job) return false;
  return job.updatedAt > snapshot.updatedAt || (job.progress?.updatedAt ?? 0) > (snapshot.progress?.updatedAt ?? 0);
}

builder.subscriptionField('jobUpdated', (t) =>
  t.field({
    type: JobEventRef,
    description:
      "One job, live: first a SNAPSHOT of the job as it is, then its status changes, progress and log lines. Nothing that happens between the snapshot and the first change is missed.",
    authScopes: { permission: 'jobs:read' },
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, { id }, ctx) => {
      const actor = actorOf(ctx);
      const watch = await ctx.services.live.watch(actor, {
        select: (event) => {
          if (event.kind === 'job.created') return undefined;
          const e = toJobEvent(event);
          return e?.jobId === id ? e : undefined;
        },
        read: () => ctx.services.jobs.get(actor, id),
        isNewer: (e, job) => job === undefined || isAfter(e, job),
      });
      const job = watch.snapshot;
      if (!job) {
        watch.stop();
        throw new NotFoundError('job', id);
      }
      return new Repeater<JobEvent>(async (push, stop) => {
        void push({ kind: 'SNAPSHOT', jobId: id, orgId: actor.orgId, at: Date.now(), job });
        watch.start((e) => void push(e));
        await stop;
        watch.stop();
      });
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField('jobEvents', (t) =>
  t.field({
    type: JobEventRef,
    description: 'List-level changes (created, status, progress, deleted) of the jobs that match the filter.',
    authScopes: { permission: 'jobs:read' },
    args: { filter: t.arg({ type: JobFilterInput }) },
    subscribe: (_root, args, ctx) => {
      const filter = toJobFilter(args.filter);
      return liveEvents(ctx.services.live, actorOf(ctx), (event) => {
        if (event.kind === 'job.log') return undefined;
        const e = toJobEvent(event);
        if (!e) return undefined;
        const subject = e.job ?? e.deleted;
        if (subject && !jobMatchesFilter(subject, filter)) return undefined;
        return e;
      });
    },
    resolve: (event) => event,
  }),
);
