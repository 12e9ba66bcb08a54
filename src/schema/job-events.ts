/**
 * Live job events over subscriptions, from the change feed: one job's status, progress and log lines
 * (`jobUpdated`), or list-level changes (`jobEvents`). Events of other orgs never pass the filter.
 */
import { Repeater } from 'graphql-yoga';
import type { ChangeFeed } from '../engine/store/change-feed.js';
import type { ChangeEvent } from '../engine/domain/change-event.js';
import { NotFoundError } from '../engine/domain/errors.js';
import type { Job, JobFilter, JobLog } from '../engine/domain/types.js';
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

/** The feed's events as an async iterable, mapped and filtered; unsubscribes when the client goes. */
export function feedEvents<T>(feed: ChangeFeed, select: (event: ChangeEvent) => T | undefined): AsyncIterable<T> {
  return new Repeater<T>(async (push, stop) => {
    const unsubscribe = feed.subscribe((event) => {
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

const idSets = new WeakMap<string[], Set<string>>();

/** A filter's ids as a set, made once per filter (a subscription checks every event against it). */
function idSet(ids: string[]): Set<string> {
  let set = idSets.get(ids);
  if (!set) {
    set = new Set(ids);
    idSets.set(ids, set);
  }
  return set;
}

/** Whether a job matches a list filter, in memory (the same meaning as the store's query). */
export function matchesFilter(job: Job, filter: JobFilter): boolean {
  if (filter.ids !== undefined && !idSet(filter.ids).has(job.id)) return false;
  if (filter.status?.length && !filter.status.includes(job.status)) return false;
  if (filter.type?.length && !filter.type.includes(job.type)) return false;
  if (filter.parentId !== undefined && job.parentId !== filter.parentId) return false;
  if (filter.scheduleId !== undefined && job.scheduleId !== filter.scheduleId) return false;
  if (filter.retryOfId !== undefined && job.retryOfId !== filter.retryOfId) return false;
  if (filter.createdAfter !== undefined && job.createdAt < filter.createdAfter) return false;
  if (filter.createdBefore !== undefined && job.createdAt >= filter.createdBefore) return false;
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    const haystack = [job.id, job.type, JSON.stringify(job.payload), JSON.stringify(job.errors)].join('\n').toLowerCase();
    if (!haystack.includes(search)) return false;
  }
  return true;
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
      // Listening starts before the snapshot is read, so a change in between is kept, not lost.
      const early: JobEvent[] = [];
      let deliver: ((e: JobEvent) => void) | undefined;
      const unsubscribe = ctx.services.store.changes.subscribe((event) => {
        if (event.kind === 'job.created') return;
        const e = toJobEvent(event);
        if (!e || e.jobId !== id || e.orgId !== actor.orgId) return;
        if (deliver) deliver(e);
        else early.push(e);
      });
      let job: Job | undefined;
      try {
        job = await ctx.services.jobs.get(actor, id);
      } catch (error) {
        unsubscribe();
        throw error;
      }
      if (!job) {
        unsubscribe();
        throw new NotFoundError('job', id);
      }
      const snapshot = job;
      return new Repeater<JobEvent>(async (push, stop) => {
        void push({ kind: 'SNAPSHOT', jobId: id, orgId: actor.orgId, at: Date.now(), job: snapshot });
        for (const e of early) if (isAfter(e, snapshot)) void push(e);
        early.length = 0;
        deliver = (e) => void push(e);
        await stop;
        unsubscribe();
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
      const actor = actorOf(ctx);
      const filter = toJobFilter(args.filter);
      return feedEvents(ctx.services.store.changes, (event) => {
        if (event.kind === 'job.log') return undefined;
        const e = toJobEvent(event);
        if (!e || e.orgId !== actor.orgId) return undefined;
        const subject = e.job ?? e.deleted;
        if (subject && !matchesFilter(subject, filter)) return undefined;
        return e;
      });
    },
    resolve: (event) => event,
  }),
);
