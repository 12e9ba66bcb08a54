/** Task types, queue stats and the workers. */
import type { StatusCount, WorkerInfo } from '../engine/domain/types.js';
import type { TaskSpec } from '../engine/domain/task-catalog.js';
import { hasPermission, isSystemAdmin } from '../engine/services/token-service.js';
import { workerNameFor } from '../engine/services/worker-names.js';
import { builder } from './builder.js';
import { actorOf } from './context.js';
import { JobStatusEnum } from './job-types.js';

const TaskTypeRef = builder.objectRef<TaskSpec>('TaskType').implement({
  description: 'A kind of job, defined by a plugin.',
  fields: (t) => ({
    type: t.exposeString('type'),
    title: t.exposeString('title', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    plugin: t.exposeString('plugin'),
    version: t.exposeString('version', { nullable: true }),
    inputSchema: t.expose('inputSchema', { type: 'JSON', description: 'JSON Schema of the payload.' }),
    concurrency: t.exposeInt('concurrency', { nullable: true }),
    timeoutMs: t.exposeInt('timeoutMs', { nullable: true }),
    maxAttempts: t.exposeInt('maxAttempts'),
  }),
});

const StatusCountRef = builder.objectRef<StatusCount>('StatusCount').implement({
  fields: (t) => ({ status: t.expose('status', { type: JobStatusEnum }), count: t.exposeInt('count') }),
});

const TypeCountsRef = builder.objectRef<{ type: string; counts: StatusCount[] }>('TypeCounts').implement({
  fields: (t) => ({ type: t.exposeString('type'), counts: t.field({ type: [StatusCountRef], resolve: (p) => p.counts }) }),
});

const WorkerInfoRef = builder.objectRef<WorkerInfo>('WorkerInfo').implement({
  description:
    'A process that runs jobs. Workers serve every org: only the system admin (an admin token of the bootstrap org, "default") ' +
    'sees their id as it is and their host and pid; others see an opaque id and null host and pid.',
  fields: (t) => ({
    id: t.string({
      description: 'The worker id for the system admin; otherwise a stable opaque name, the same as Job.leaseOwner shows.',
      resolve: (w, _args, ctx) => workerNameFor(ctx.token, w.id),
    }),
    host: t.string({ nullable: true, description: 'System admin only.', resolve: (w, _args, ctx) => (isSystemAdmin(ctx.token) ? w.host : null) }),
    pid: t.int({ nullable: true, description: 'System admin only.', resolve: (w, _args, ctx) => (isSystemAdmin(ctx.token) ? w.pid : null) }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    lastHeartbeatAt: t.expose('lastHeartbeatAt', { type: 'DateTime' }),
    running: t.exposeInt('running'),
    concurrency: t.exposeInt('concurrency'),
  }),
});

interface QueueStatsShape {
  byStatus: StatusCount[];
  byType: Array<{ type: string; counts: StatusCount[] }>;
  oldestQueuedAt?: number;
  workers: WorkerInfo[];
}

const QueueStatsRef = builder.objectRef<QueueStatsShape>('QueueStats').implement({
  fields: (t) => ({
    byStatus: t.field({ type: [StatusCountRef], resolve: (s) => s.byStatus }),
    byType: t.field({ type: [TypeCountsRef], resolve: (s) => s.byType }),
    oldestQueuedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.oldestQueuedAt ?? null }),
    workers: t.field({
      type: [WorkerInfoRef],
      description:
        'Workers with a recent heartbeat. They serve every org, so only admin tokens see them (others get an empty list), and only the system admin sees their host and pid.',
      resolve: (s, _args, ctx) => (ctx.token && hasPermission(ctx.token, 'admin') ? s.workers : []),
    }),
  }),
});

builder.queryField('taskTypes', (t) =>
  t.field({
    type: [TaskTypeRef],
    authScopes: { permission: 'jobs:read' },
    resolve: (_root, _args, ctx) => ctx.services.catalog.list(),
  }),
);

builder.queryField('queueStats', (t) =>
  t.field({
    type: QueueStatsRef,
    authScopes: { permission: 'jobs:read' },
    resolve: (_root, _args, ctx) => ctx.services.jobs.stats(actorOf(ctx)),
  }),
);
