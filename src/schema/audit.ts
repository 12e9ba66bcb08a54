/** The audit log: who did what to which object in your org, newest first. Needs audit:read. */
import type { AuditEntry, AuditFilter } from '../engine/domain/types.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { pageRequest, toConnection, type ConnectionResult } from './pagination.js';

const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description: 'One change made through the API (or by the system), with its details (for an update, a diff of { field: { from, to } }). Needs audit:read.',
  authScopes: { permission: 'audit:read' },
  fields: (t) => ({
    id: t.exposeID('id'),
    at: t.expose('at', { type: 'DateTime' }),
    actor: t.exposeString('actor', { description: 'The user id of the token that acted.' }),
    action: t.exposeString('action', { description: 'Like job.enqueue, schedule.update, alert.acknowledge.' }),
    targetType: t.exposeString('targetType', { description: 'job, schedule, alert, token ...' }),
    targetId: t.exposeID('targetId'),
    details: t.expose('details', { type: 'JSON', nullable: true }),
  }),
});

const AuditEntryConnection = builder.connectionObject(
  {
    type: AuditEntryRef,
    name: 'AuditEntryConnection',
    fields: (t) => ({
      totalCount: t.int({ resolve: (parent) => (parent as unknown as ConnectionResult<AuditEntry>).totalCount() }),
    }),
  },
  { name: 'AuditEntryEdge' },
);

const AuditFilterInput = builder.inputType('AuditFilter', {
  fields: (t) => ({
    actor: t.stringList(),
    action: t.stringList(),
    targetType: t.string(),
    targetId: t.id(),
    since: t.field({ type: 'DateTime', description: 'At or after this instant.' }),
    until: t.field({ type: 'DateTime', description: 'Before this instant.' }),
  }),
});

/** GraphQL's nullable input fields to the engine's optional ones. */
function toAuditFilter(input: typeof AuditFilterInput.$inferInput | null | undefined): AuditFilter {
  const filter: AuditFilter = {};
  if (!input) return filter;
  for (const [key, value] of Object.entries(input)) {
    if (value !== null && value !== undefined) (filter as Record<string, unknown>)[key] = value;
  }
  return filter;
}

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditEntryConnection,
    description: 'Audit entries of your org, newest first.',
    authScopes: { permission: 'audit:read' },
    args: { filter: t.arg({ type: AuditFilterInput }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const actor = actorOf(ctx);
      const filter = toAuditFilter(args.filter);
      const page = pageRequest(args);
      const result = await ctx.services.audit.list(actor, filter, page);
      return toConnection(result, page, () => ctx.services.audit.count(actor, filter));
    },
  }),
);
