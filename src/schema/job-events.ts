/**
 * Live job events over subscriptions, from the change feed: one job's status, progress and log lines
 * (`jobUpdated`), or list-level changes (`jobEvents`). Events of other orgs never pass the filter.
 */
import type { LiveEvents } from '../engine/services/live-events.js';
import { jobMatchesFilter } from '../engine/domain/job-filter.js';
import type { ChangeEvent, ChangeStamp } from '../engine/domain/change-event.js';
import { NotFoundError } from '../engine/domain/errors.js';
import type { Job, JobFilter, JobLog } from '../engine/domain/types.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { liveEvents, liveQueue, type Selected } from './live-subscription.js';
import type { LiveQueue } from './live-queue.js';
import { JobFilterInput, toJobFilter } from './jobs.js';
import { JobLogRef, JobRef } from './job-types.js';

const KINDS = ['CREATED', 'STATUS', 'PROGRESS', 'LOG', 'DELETED', 'SNAPSHOT', 'RESYNC'] as const;
type Kind = (typeof KINDS)[number];
const JobEventKindEnum = builder.enumType('JobEventKind', {
  values: {
    CREATED: {},
    STATUS: {},
    PROGRESS: {},
    LOG: {},
    DELETED: {},
    SNAPSHOT: { description: 'The job as it is when a jobUpdated subscription starts (its first event, unless it resumed).' },
    RESYNC: {
      description:
        'jobEvents was asked to resume after an event this server no longer holds (too old, or sent by another process): what happened in between is unknown, so refetch the list; live events follow.',
    },
  },
});

export interface JobEvent {
  id: string;
  /** The org position the id encodes (0 for SNAPSHOT and RESYNC), kept to compare without decoding. */
  seq: number;
  kind: Kind;
  jobId: string;
  orgId: string;
  at: number;
  job?: Job;
  log?: JobLog;
  /** False on the event that makes the job leave the subscription's filter. */
  matches: boolean;
  /** The deleted job's last state: used to filter, not shown (a deleted job has no `job`). */
  deleted?: Job;
}

const JobEventRef = builder.objectRef<JobEvent>('JobEvent').implement({
  fields: (t) => ({
    id: t.exposeID('id', {
      description:
        'The event: the same for every subscriber, opaque, ordered within the server process that sent it. Pass the last one seen as `after` when resubscribing to receive what was missed.',
    }),
    kind: t.expose('kind', { type: JobEventKindEnum }),
    jobId: t.exposeID('jobId', { description: 'The job the event is about (empty for RESYNC).' }),
    at: t.expose('at', { type: 'DateTime', description: 'When the change was announced: the same for every subscriber.' }),
    job: t.field({ type: JobRef, nullable: true, description: 'The job after the change (absent for LOG, DELETED and RESYNC).', resolve: (e) => e.job ?? null }),
    log: t.field({ type: JobLogRef, nullable: true, resolve: (e) => e.log ?? null }),
    matches: t.exposeBoolean('matches', {
      description:
        "Whether the job matches the subscription's filter after the change. False on the event that makes it leave the filter (for example it finished and the filter asks for RUNNING jobs): its last event there.",
    }),
  }),
});

/** Job events made once per change and shared by every subscriber (their `at` and `id` too). */
const madeEvents = new WeakMap<ChangeEvent, { true?: JobEvent; false?: JobEvent }>();

/** A change feed event as a job event; undefined for events about other things. */
export function toJobEvent(live: LiveEvents, event: ChangeEvent, stamp: ChangeStamp, matches = true): JobEvent | undefined {
  let made = madeEvents.get(event);
  const key = matches ? 'true' : 'false';
  const known = made?.[key];
  if (known) return known;
  const base = { id: live.eventId(stamp), seq: stamp.seq, at: stamp.at, matches };
  let jobEvent: JobEvent;
  switch (event.kind) {
    case 'job.created':
      jobEvent = { ...base, kind: 'CREATED', jobId: event.job.id, orgId: event.job.orgId, job: event.job };
      break;
    case 'job.updated':
      jobEvent = { ...base, kind: 'STATUS', jobId: event.job.id, orgId: event.job.orgId, job: event.job };
      break;
    case 'job.progress':
      jobEvent = { ...base, kind: 'PROGRESS', jobId: event.job.id, orgId: event.job.orgId, job: event.job };
      break;
    case 'job.log':
      jobEvent = { ...base, kind: 'LOG', jobId: event.log.jobId, orgId: event.log.orgId, log: event.log };
      break;
    case 'job.deleted':
      jobEvent = { ...base, kind: 'DELETED', jobId: event.jobId, orgId: event.orgId, ...(event.job && { deleted: event.job }) };
      break;
    default:
      return undefined;
  }
  if (!made) {
    made = {};
    madeEvents.set(event, made);
  }
  made[key] = jobEvent;
  return jobEvent;
}

/** The conflation key of a job event: progress of the same job while the client is behind. */
function conflateKeyOf(event: JobEvent): string | undefined {
  return event.kind === 'PROGRESS' ? event.jobId : undefined;
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
      'One job, live: first a SNAPSHOT of the job as it is, then its status changes, progress and log lines. Nothing that happens between the snapshot and the first change is missed. With `after` (the id of the last event seen), the events since then come instead of the snapshot while the server still holds them (else a SNAPSHOT).',
    authScopes: { permission: 'jobs:read' },
    args: { id: t.arg.id({ required: true }), after: t.arg.id({ description: 'Resume after this event id.' }) },
    subscribe: async (_root, { id, after }, ctx) => {
      const actor = actorOf(ctx);
      const live = ctx.services.live;
      // Every subscriber of this job in the org shares one listener (./live-groups.ts).
      const key = `jobUpdated\u0000${id}`;
      const select = (event: ChangeEvent, stamp: ChangeStamp): Selected<JobEvent> | undefined => {
        if (event.kind === 'job.created') return undefined;
        const e = toJobEvent(live, event, stamp);
        return e?.jobId === id ? { value: e, conflateKey: conflateKeyOf(e) } : undefined;
      };
      if (after != null) {
        // The job must be the caller's to see, resumed or not.
        if (!(await ctx.services.jobs.get(actor, id))) throw new NotFoundError('job', id);
        let restarted = false;
        const queue = liveEvents(ctx, key, select, { after, onRestart: () => (restarted = true) });
        if (!restarted) return queue;
        await queue.return();
      }
      // Snapshot, then changes: join first, keep what comes while the job is read, then hand on
      // what the snapshot does not already show. Nothing in between is missed. A change announced
      // before the read ended may be handed on after it (groups deliver a turn later): it is
      // checked against the snapshot too.
      const position = live.position(actor);
      const early: Selected<JobEvent>[] = [];
      let queue: LiveQueue<JobEvent> | undefined;
      let snapshot: Job | undefined;
      let readSeq = Infinity;
      const leave = live.join(actor, key, select, (selected) => {
        if (!queue) early.push(selected);
        else if (selected.value.seq > readSeq || isAfter(selected.value, snapshot!)) queue.push(selected.value, selected.conflateKey);
      });
      let job: Job | undefined;
      try {
        job = await ctx.services.jobs.get(actor, id);
      } catch (error) {
        leave();
        throw error;
      }
      if (!job) {
        leave();
        throw new NotFoundError('job', id);
      }
      snapshot = job;
      readSeq = live.seq(actor);
      const ready = liveQueue<JobEvent>(ctx, leave);
      ready.push({ id: position, seq: 0, kind: 'SNAPSHOT', jobId: id, orgId: actor.orgId, at: Date.now(), job, matches: true });
      for (const selected of early) if (isAfter(selected.value, job)) ready.push(selected.value, selected.conflateKey);
      queue = ready;
      return ready;
    },
    resolve: (event) => event,
  }),
);

/** Whether the job matched the filter before this change, as far as this process knows. */
function matchedBefore(live: LiveEvents, event: ChangeEvent, job: Job, filter: JobFilter): boolean {
  const before = live.statusBefore(event);
  if (before !== undefined) return jobMatchesFilter({ ...job, status: before }, filter);
  // Not seen since this process started: it may have matched if the filter asks for a status.
  return Boolean(filter.status?.length) && filter.status!.some((status) => jobMatchesFilter({ ...job, status }, filter));
}

builder.subscriptionField('jobEvents', (t) =>
  t.field({
    type: JobEventRef,
    description:
      'List-level changes (created, status, progress, deleted) of the jobs that match the filter, and the change that makes a job leave it (`matches: false`). With `after` (the id of the last event seen), the events since then come first while the server still holds them, else a RESYNC event asks you to refetch.',
    authScopes: { permission: 'jobs:read' },
    args: { filter: t.arg({ type: JobFilterInput }), after: t.arg.id({ description: 'Resume after this event id.' }) },
    subscribe: (_root, args, ctx) => {
      const filter = toJobFilter(args.filter);
      const live = ctx.services.live;
      return liveEvents<JobEvent>(
        ctx,
        `jobEvents\u0000${JSON.stringify(filter)}`,
        (event, stamp) => {
          if (event.kind === 'job.log') return undefined;
          const e = toJobEvent(live, event, stamp);
          if (!e) return undefined;
          if (e.job && !jobMatchesFilter(e.job, filter)) {
            if (event.kind !== 'job.updated' || !matchedBefore(live, event, e.job, filter)) return undefined;
            return { value: toJobEvent(live, event, stamp, false)! };
          }
          if (e.deleted && !jobMatchesFilter(e.deleted, filter)) return undefined;
          return { value: e, conflateKey: conflateKeyOf(e) };
        },
        {
          after: args.after ?? undefined,
          onRestart: (queue) =>
            queue.push({ id: live.position(actorOf(ctx)), seq: 0, kind: 'RESYNC', jobId: '', orgId: actorOf(ctx).orgId, at: Date.now(), matches: true }),
        },
      );
    },
    resolve: (event) => event,
  }),
);
