/**
 * Alerts: raised by the scheduler (a schedule failed N times in a row) or its watchdog (no scheduler
 * heartbeat: stalled), acknowledged by an operator. Reading needs schedules:read, acknowledging
 * schedules:write; both in the caller's org only.
 */
import type { Alert } from '../engine/domain/schedule.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { pageRequest, toConnection, type ConnectionResult } from './pagination.js';
import { AlertKindEnum, ScheduleRef } from './schedule-types.js';

export const AlertRef = builder.objectRef<Alert>('Alert').implement({
  description:
    'Something an operator should look at. Open until acknowledged. Readable with schedules:read; acknowledgeAlert shows a caller ' +
    'without it only id and acknowledgedAt.',
  authScopes: { permission: 'schedules:read' },
  fields: (t) => ({
    id: t.exposeID('id', { skipTypeScopes: true }),
    kind: t.expose('kind', { type: AlertKindEnum }),
    scheduleId: t.exposeID('scheduleId', { nullable: true }),
    schedule: t.field({
      type: ScheduleRef,
      nullable: true,
      description: 'The schedule it is about (null once deleted).',
      resolve: async (alert, _args, ctx) => (alert.scheduleId ? ((await ctx.loaders.schedule.load(alert.scheduleId)) ?? null) : null),
    }),
    message: t.exposeString('message'),
    raisedAt: t.expose('raisedAt', { type: 'DateTime' }),
    acknowledgedAt: t.expose('acknowledgedAt', { type: 'DateTime', nullable: true, skipTypeScopes: true }),
    acknowledgedBy: t.exposeString('acknowledgedBy', {
      nullable: true,
      description: 'The user id that acknowledged it; system:watchdog for a stall alert closed when heartbeats came again.',
    }),
  }),
});

const AlertConnection = builder.connectionObject(
  {
    type: AlertRef,
    name: 'AlertConnection',
    fields: (t) => ({
      totalCount: t.int({ resolve: (parent) => (parent as unknown as ConnectionResult<Alert>).totalCount() }),
    }),
  },
  { name: 'AlertEdge' },
);

builder.queryField('alerts', (t) =>
  t.field({
    type: AlertConnection,
    description: 'Alerts of your org, newest first. `open: true` lists the unacknowledged ones, `open: false` the acknowledged ones.',
    authScopes: { permission: 'schedules:read' },
    args: { open: t.arg.boolean(), scheduleId: t.arg.id(), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const actor = actorOf(ctx);
      const filter = {
        ...(args.open !== null && args.open !== undefined && { open: args.open }),
        ...(args.scheduleId !== null && args.scheduleId !== undefined && { scheduleId: args.scheduleId }),
      };
      const page = pageRequest(args);
      const result = await ctx.services.alerts.list(actor, filter, page);
      return toConnection(result, page, () => ctx.services.alerts.count(actor, filter));
    },
  }),
);

builder.mutationField('acknowledgeAlert', (t) =>
  t.field({
    type: AlertRef,
    description: 'Closes the alert. An alert acknowledged already comes back unchanged.',
    authScopes: { permission: 'schedules:write' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.alerts.acknowledge(actorOf(ctx), id),
  }),
);
