/**
 * Live alert events over subscriptions, from the change feed: an alert raised (a schedule's failure
 * streak, a stalled scheduler) or closed (acknowledged, or resolved when heartbeats came again).
 * Stall alerts are raised with no schedule event, so this is how a console's alert badge hears them.
 */
import type { Alert } from '../engine/domain/schedule.js';
import { AlertRef } from './alerts.js';
import { builder } from './builder.js';
import { AFTER_DESCRIPTION, perChange, resumableLiveEvents } from './live-subscription.js';

const AlertEventKindEnum = builder.enumType('AlertEventKind', {
  values: {
    RAISED: { description: 'A new open alert.' },
    CLOSED: { description: 'Acknowledged by a user, or resolved by the system (acknowledgedBy says which).' },
  },
});

interface AlertEvent {
  seq: number;
  kind: 'RAISED' | 'CLOSED';
  at: number;
  alert: Alert;
}

const AlertEventRef = builder.objectRef<AlertEvent>('AlertEvent').implement({
  fields: (t) => ({
    id: t.id({ description: 'The event: the same for every subscriber, opaque, ordered within the server process that sent it (ids are shared by every live field of an org: one from jobEvents resumes alertEvents too). Pass the last one seen as `after` when resubscribing to receive what was missed.', resolve: (e, _args, ctx) => ctx.services.live.eventId(e) }),
    kind: t.expose('kind', { type: AlertEventKindEnum }),
    at: t.expose('at', { type: 'DateTime' }),
    alert: t.field({ type: AlertRef, description: 'The alert after the change.', resolve: (e) => e.alert }),
  }),
});

/** A change feed event as an alert event (made once per change). */
const toAlertEvent = perChange((event, stamp): AlertEvent | undefined => {
  if (event.kind !== 'alert.raised' && event.kind !== 'alert.updated') return undefined;
  // An update of an alert is its closing: acknowledged or resolved, never reopened.
  return { seq: stamp.seq, kind: event.kind === 'alert.raised' ? 'RAISED' : 'CLOSED', at: stamp.at, alert: event.alert };
});

builder.subscriptionField('alertEvents', (t) =>
  t.field({
    type: AlertEventRef,
    description:
      'Alerts of your org as they are raised and closed (of one schedule when scheduleId is given). With `after`, the events since then come first; when the server no longer holds them, the subscription ends with the error RESYNC_REQUIRED: refetch, then subscribe again without `after`.',
    authScopes: { permission: 'schedules:read' },
    args: { scheduleId: t.arg.id(), after: t.arg.id({ description: AFTER_DESCRIPTION }) },
    subscribe: (_root, args, ctx) => {
      const scheduleId = args.scheduleId ?? undefined;
      return resumableLiveEvents<AlertEvent>(ctx, `alertEvents\u0000${scheduleId ?? ''}`, (event, stamp) => {
        const e = toAlertEvent(event, stamp);
        if (!e) return undefined;
        if (scheduleId !== undefined && e.alert.scheduleId !== scheduleId) return undefined;
        return { value: e };
      }, args.after);
    },
    resolve: (event) => event,
  }),
);
