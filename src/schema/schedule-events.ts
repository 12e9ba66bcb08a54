/**
 * Live schedule events over subscriptions, from the change feed: a schedule created, updated
 * (settings, or its counters after a run) or deleted, and each change of one of its runs. Events of
 * other orgs never pass the filter.
 */
import type { ChangeEvent, ChangeStamp } from '../engine/domain/change-event.js';
import type { Schedule, ScheduleRun } from '../engine/domain/schedule.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { AFTER_DESCRIPTION, perChange, resumableLiveEvents } from './live-subscription.js';
import { ScheduleRef, ScheduleRunRef } from './schedule-types.js';

const KINDS = ['CREATED', 'UPDATED', 'DELETED', 'RUN'] as const;
type Kind = (typeof KINDS)[number];
const ScheduleEventKindEnum = builder.enumType('ScheduleEventKind', { values: KINDS });

export interface ScheduleEvent {
  seq: number;
  kind: Kind;
  scheduleId: string;
  orgId: string;
  at: number;
  schedule?: Schedule;
  run?: ScheduleRun;
}

const ScheduleEventRef = builder.objectRef<ScheduleEvent>('ScheduleEvent').implement({
  fields: (t) => ({
    id: t.id({ description: 'The event: the same for every subscriber, opaque, ordered within the server process that sent it (ids are shared by every live field of an org: one from jobEvents resumes alertEvents too). Pass the last one seen as `after` when resubscribing to receive what was missed.', resolve: (e, _args, ctx) => ctx.services.live.eventId(e) }),
    kind: t.expose('kind', { type: ScheduleEventKindEnum }),
    scheduleId: t.exposeID('scheduleId'),
    at: t.expose('at', { type: 'DateTime' }),
    schedule: t.field({
      type: ScheduleRef,
      nullable: true,
      description: 'The schedule after the change (CREATED, UPDATED); for RUN, as it is now; null for DELETED.',
      resolve: async (e, _args, ctx) => {
        if (e.schedule) return e.schedule;
        if (e.kind !== 'RUN') return null;
        return (await ctx.services.schedules.get(actorOf(ctx), e.scheduleId)) ?? null;
      },
    }),
    run: t.field({ type: ScheduleRunRef, nullable: true, description: 'The run after the change (RUN only).', resolve: (e) => e.run ?? null }),
  }),
});

/** A change feed event as a schedule event (made once per change); undefined for events about other things. */
export const toScheduleEvent = perChange(scheduleEventOf);

function scheduleEventOf(event: ChangeEvent, stamp: ChangeStamp): ScheduleEvent | undefined {
  const { seq, at } = stamp;
  switch (event.kind) {
    case 'schedule.created':
    case 'schedule.updated': {
      const { schedule } = event;
      const kind = event.kind === 'schedule.created' ? 'CREATED' : 'UPDATED';
      return { seq, kind, scheduleId: schedule.id, orgId: schedule.orgId, at, schedule };
    }
    case 'schedule.deleted':
      return { seq, kind: 'DELETED', scheduleId: event.scheduleId, orgId: event.orgId, at };
    case 'run.created':
    case 'run.updated':
      return { seq, kind: 'RUN', scheduleId: event.run.scheduleId, orgId: event.run.orgId, at, run: event.run };
    default:
      return undefined;
  }
}

builder.subscriptionField('scheduleEvents', (t) =>
  t.field({
    type: ScheduleEventRef,
    description:
      "Changes of your org's schedules (of one schedule when scheduleId is given): CREATED, UPDATED, DELETED, and RUN for each new or changed run. With `after`, the events since then come first; when the server no longer holds them, the subscription ends with the error RESYNC_REQUIRED: refetch, then subscribe again without `after`.",
    authScopes: { permission: 'schedules:read' },
    args: { scheduleId: t.arg.id(), after: t.arg.id({ description: AFTER_DESCRIPTION }) },
    subscribe: (_root, args, ctx) => {
      const scheduleId = args.scheduleId ?? undefined;
      return resumableLiveEvents<ScheduleEvent>(ctx, `scheduleEvents\u0000${scheduleId ?? ''}`, (event, stamp) => {
        const e = toScheduleEvent(event, stamp);
        if (!e) return undefined;
        if (scheduleId !== undefined && e.scheduleId !== scheduleId) return undefined;
        return { value: e };
      }, args.after);
    },
    resolve: (event) => event,
  }),
);
