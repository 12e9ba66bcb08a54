/**
 * The jobs API over real HTTP and graphql-ws: live events of one job, reading it back with its logs,
 * list filters and cursor pagination, retry (from a checkpoint), cancel, delete and the bulk variants.
 * Every test works in its own org, so counts are exact even though the app is shared.
 */
import { expect, test } from 'vitest';
import { defineTask, definePlugin, FatalError, z } from '../../src/tasks/plugin-api.js';
import { codeOf, JOB_FIELDS, poll, useTestApp, type TokenArg } from './helpers.js';

/** A task that saves a checkpoint and fails; a retry that carries the checkpoint succeeds. */
const checkpointPlugin = definePlugin({
  name: 'test-checkpoint',
  version: '0.0.1',
  tasks: [
    defineTask({
      type: 'test-checkpoint',
      input: z.object({ failAt: z.number().int() }),
      retry: { maxAttempts: 1 },
      async run(ctx) {
        if (ctx.lastCheckpoint !== undefined && ctx.lastCheckpoint !== null) return { resumedFrom: ctx.lastCheckpoint };
        await ctx.checkpoint({ step: ctx.input.failAt });
        throw new FatalError(`stopped at step ${ctx.input.failAt}`);
      },
    }),
  ],
});

const CONCURRENCY = 4;
const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: String(CONCURRENCY) }, plugins: [checkpointPlugin] });

/** Never due while the tests run (GraphQL Int holds about 24 days). */
const FAR = { delayMs: 2_000_000_000 };
const QUICK = { type: 'sleep', payload: { ms: 0, steps: 1 } };
const FATAL = { type: 'sleep', payload: { ms: 0, steps: 1, fatal: true } };
const LONG = { type: 'sleep', payload: { ms: 600_000, steps: 1 } };

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { ${JOB_FIELDS} } }`;
const GET = `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelJob(id: $id) { ${JOB_FIELDS} } }`;
const RETRY = `mutation($id: ID!, $fromCheckpoint: Boolean) { retryJob(id: $id, fromCheckpoint: $fromCheckpoint) { ${JOB_FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteJob(id: $id) }`;
const COUNT = `query($filter: JobFilter) { jobs(filter: $filter, first: 0) { totalCount } }`;

type Job = { id: string; type: string; status: string; priority: number; payload: any; result: any; attempt: number; checkpoint: any; cancelRequested: boolean; createdAt: string; finishedAt: string | null; error: any; retryOf: { id: string } | null };

const orgToken = (org: string) => api().token(org, ['jobs:read', 'jobs:write']);
const enqueue = async (token: TokenArg, input: Record<string, unknown>): Promise<Job> =>
  (await api().data<{ enqueueJob: Job }>(ENQUEUE, { input }, token)).enqueueJob;
const getJob = async (token: TokenArg, id: string): Promise<Job | null> => (await api().data<{ job: Job | null }>(GET, { id }, token)).job;
const count = async (token: TokenArg, filter: Record<string, unknown> = {}): Promise<number> =>
  (await api().data<{ jobs: { totalCount: number } }>(COUNT, { filter }, token)).jobs.totalCount;
const waitFor = (token: TokenArg, id: string, statuses: string[]): Promise<Job> =>
  poll(
    async () => {
      const job = await getJob(token, id);
      return job && statuses.includes(job.status) ? job : undefined;
    },
    { label: `job ${id} to be ${statuses.join('/')}` },
  );
const auditOf = async (org: string) => (await api().app.store.audit.list(org, {}, { first: 100 })).items.map((i) => i.node);

const JOB_UPDATED = `subscription($id: ID!) { jobUpdated(id: $id) {
  kind jobId at job { id status progress { percent message } } log { seq level message } } }`;

test('a job streams RUNNING, progress, logs and SUCCEEDED in order, then reads back with its logs', async () => {
  const token = await orgToken('live');
  // Fill every executor slot so the job under test stays QUEUED until the subscription is live.
  const blockers: Job[] = [];
  for (let i = 0; i < CONCURRENCY; i++) blockers.push(await enqueue(token, LONG));
  for (const blocker of blockers) await waitFor(token, blocker.id, ['RUNNING']);
  const job = await enqueue(token, { type: 'sleep', payload: { ms: 400, steps: 4 } });
  expect(job).toMatchObject({ status: 'QUEUED', attempt: 0, payload: { ms: 400, steps: 4, failTimes: 0, fatal: false } });

  const sub = api().subscribe(JOB_UPDATED, { id: job.id }, token);
  await sub.live();
  expect((await getJob(token, job.id))!.status).toBe('QUEUED');

  // Cancelling a RUNNING job asks it to stop; it is CANCELLED soon after, and frees a slot.
  const cancelled = (await api().data(CANCEL, { id: blockers[0]!.id }, token)).cancelJob as Job;
  expect(cancelled).toMatchObject({ status: 'RUNNING', cancelRequested: true });
  const events = (
    await sub.until((evs) => evs.some((e) => e.jobUpdated.kind === 'STATUS' && e.jobUpdated.job.status === 'SUCCEEDED'))
  ).map((e) => e.jobUpdated);
  await sub.close();
  expect((await waitFor(token, blockers[0]!.id, ['CANCELLED'])).error).toMatchObject({ code: 'CANCELLED' });

  expect(events.every((e) => e.jobId === job.id)).toBe(true);
  expect(events[0]).toMatchObject({ kind: 'SNAPSHOT', job: { status: 'QUEUED' } });
  expect(events[1]).toMatchObject({ kind: 'STATUS', job: { status: 'RUNNING' } });
  expect(events.at(-1)).toMatchObject({ kind: 'STATUS', job: { status: 'SUCCEEDED' } });
  const middle = events.slice(2, -1);
  expect(middle.every((e) => e.kind === 'PROGRESS' || e.kind === 'LOG')).toBe(true);
  const percents = middle.filter((e) => e.kind === 'PROGRESS').map((e) => e.job.progress.percent as number);
  expect(percents).toEqual([25, 50, 75, 100]);
  const logs = middle.filter((e) => e.kind === 'LOG');
  expect(logs.map((e) => e.log.seq)).toEqual([1, 2, 3, 4]);
  expect(logs.every((e) => e.job === null && e.log.level === 'INFO')).toBe(true);

  // The result and the logs, paged.
  const LOGS = `query($id: ID!, $after: String) { job(id: $id) { status result progress { percent } attempt durationMs
    logs(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { seq level message } } }
    errorLogs: logs(level: [ERROR]) { totalCount } } }`;
  const first = (await api().data(LOGS, { id: job.id }, token)).job;
  expect(first).toMatchObject({ status: 'SUCCEEDED', result: { sleptMs: 400, attempt: 1 }, progress: { percent: 100 }, attempt: 1 });
  expect(first.durationMs).toBeGreaterThanOrEqual(0);
  expect(first.logs.totalCount).toBe(4);
  expect(first.errorLogs.totalCount).toBe(0);
  expect(first.logs.edges.map((e: any) => e.node.seq)).toEqual([1, 2, 3]);
  expect(first.logs.pageInfo.hasNextPage).toBe(true);
  const second = (await api().data(LOGS, { id: job.id, after: first.logs.pageInfo.endCursor }, token)).job;
  expect(second.logs.edges.map((e: any) => e.node.seq)).toEqual([4]);
  expect(second.logs.pageInfo.hasNextPage).toBe(false);
  expect(second.logs.edges[0].node.message).toBe('reached step 4 of 4');

  for (const blocker of blockers.slice(1)) await api().data(CANCEL, { id: blocker.id }, token);
  for (const blocker of blockers.slice(1)) await waitFor(token, blocker.id, ['CANCELLED']);
  const actions = (await auditOf('live')).map((a) => a.action);
  expect(actions.filter((a) => a === 'job.enqueue')).toHaveLength(CONCURRENCY + 1);
  expect(actions.filter((a) => a === 'job.cancel')).toHaveLength(CONCURRENCY);
});

test('jobs: filters by status, type and search, every order walks every job exactly once', async () => {
  const token = await orgToken('lists');
  const done = [await enqueue(token, { ...QUICK, priority: 1 }), await enqueue(token, { ...QUICK, priority: 3 }), await enqueue(token, { ...QUICK, priority: 2 })];
  const failed = await enqueue(token, { ...FATAL, priority: 2 });
  const queued = [await enqueue(token, { ...QUICK, ...FAR, priority: 7 }), await enqueue(token, { ...QUICK, ...FAR, priority: -1 })];
  const needle = await enqueue(token, { type: 'http-request', payload: { url: 'http://example.invalid/needle-42' }, ...FAR });
  for (const job of done) await waitFor(token, job.id, ['SUCCEEDED']);
  await waitFor(token, failed.id, ['FAILED']);
  const all = [...done, failed, ...queued, needle];

  expect(await count(token)).toBe(7);
  expect(await count(token, { status: ['QUEUED'] })).toBe(3);
  expect(await count(token, { status: ['SUCCEEDED', 'FAILED'] })).toBe(4);
  expect(await count(token, { type: ['http-request'] })).toBe(1);
  expect(await count(token, { type: ['sleep'], status: ['QUEUED'] })).toBe(2);
  expect(await count(token, { search: 'needle-42' })).toBe(1);
  expect(await count(token, { search: failed.id })).toBe(1);
  expect(await count(token, { search: 'asked to fail' })).toBe(1); // text of the error
  expect(await count(token, { search: 'no-such-text' })).toBe(0);
  const found = await api().data(`{ jobs(filter: { search: "needle-42" }) { edges { node { id type } } } }`, undefined, token);
  expect(found.jobs.edges.map((e: any) => e.node.id)).toEqual([needle.id]);

  const walk = async (orderBy: string, filter: Record<string, unknown> = {}) => {
    const nodes: any[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let page = 0; page < 20; page++) {
      const { jobs } = (await api().data(
        `query($after: String, $orderBy: JobOrder, $filter: JobFilter) { jobs(first: 2, after: $after, orderBy: $orderBy, filter: $filter) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id priority createdAt finishedAt } } } }`,
        { after, orderBy, filter },
        token,
      )) as any;
      expect(jobs.edges.length).toBeLessThanOrEqual(2);
      if (jobs.edges.length) expect(jobs.pageInfo.endCursor).toBe(jobs.edges.at(-1).cursor);
      nodes.push(...jobs.edges.map((e: any) => e.node));
      totalCount = jobs.totalCount;
      if (!jobs.pageInfo.hasNextPage) break;
      after = jobs.pageInfo.endCursor;
    }
    const ids = nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(totalCount);
    return nodes;
  };

  const byCreatedDesc = await walk('CREATED_DESC');
  expect(new Set(byCreatedDesc.map((n) => n.id))).toEqual(new Set(all.map((j) => j.id)));
  expect(byCreatedDesc.map((n) => n.id)).toEqual(all.map((j) => j.id).reverse());
  const byCreatedAsc = await walk('CREATED_ASC');
  expect(byCreatedAsc.map((n) => n.id)).toEqual(all.map((j) => j.id));
  const byPriority = await walk('PRIORITY_DESC');
  expect(byPriority.map((n) => n.priority)).toEqual([7, 3, 2, 2, 1, 0, -1]);
  const byFinished = await walk('FINISHED_DESC');
  expect(byFinished).toHaveLength(7);
  const finishedTimes = byFinished.map((n) => (n.finishedAt ? Date.parse(n.finishedAt) : 0));
  expect(finishedTimes).toEqual([...finishedTimes].sort((a, b) => b - a));
  expect(byFinished.slice(4).every((n) => n.finishedAt === null)).toBe(true);
  expect(await walk('CREATED_ASC', { status: ['QUEUED'] })).toHaveLength(3);

  // The default order is CREATED_DESC; createdAfter is inclusive, createdBefore exclusive.
  const pivot = byCreatedAsc[3].createdAt as string;
  const after = byCreatedAsc.filter((n) => Date.parse(n.createdAt) >= Date.parse(pivot)).length;
  expect(await count(token, { createdAfter: pivot })).toBe(after);
  expect(await count(token, { createdBefore: pivot })).toBe(7 - after);
});

test('retryJob makes a new job linked by retryOf; fromCheckpoint carries the checkpoint', async () => {
  const token = await orgToken('retry');
  const original = await enqueue(token, FATAL);
  const failed = await waitFor(token, original.id, ['FAILED']);
  expect(failed.error).toMatchObject({ code: 'FATAL', retryable: false, attempt: 1 });

  const retried = (await api().data(RETRY, { id: failed.id }, token)).retryJob as Job;
  expect(retried.id).not.toBe(failed.id);
  expect(retried).toMatchObject({ type: 'sleep', payload: failed.payload, retryOf: { id: failed.id } });
  expect((await getJob(token, retried.id))!.retryOf).toEqual({ id: failed.id });
  expect((await getJob(token, failed.id))!.status).toBe('FAILED');
  await waitFor(token, retried.id, ['FAILED']);
  expect(await count(token, { retryOfId: failed.id })).toBe(1);

  const succeeded = await enqueue(token, QUICK);
  await waitFor(token, succeeded.id, ['SUCCEEDED']);
  expect(codeOf(await api().gql(RETRY, { id: succeeded.id }, token))).toBe('CONFLICT');

  const stopped = await enqueue(token, { type: 'test-checkpoint', payload: { failAt: 31 } });
  const stoppedJob = await waitFor(token, stopped.id, ['FAILED']);
  expect(stoppedJob.checkpoint).toEqual({ step: 31 });
  const plain = (await api().data(RETRY, { id: stopped.id }, token)).retryJob as Job;
  expect(plain.checkpoint).toBeNull();
  const resumed = (await api().data(RETRY, { id: stopped.id, fromCheckpoint: true }, token)).retryJob as Job;
  expect(resumed).toMatchObject({ checkpoint: { step: 31 }, retryOf: { id: stopped.id } });
  expect((await waitFor(token, resumed.id, ['SUCCEEDED'])).result).toEqual({ resumedFrom: { step: 31 } });
  await waitFor(token, plain.id, ['FAILED']);

  const retries = (await auditOf('retry')).filter((a) => a.action === 'job.retry');
  expect(retries.map((a) => a.targetId).sort()).toEqual([failed.id, stopped.id, stopped.id].sort());
  expect(retries.map((a) => (a.details as { newJobId: string }).newJobId)).toContain(resumed.id);
  expect(retries.every((a) => a.actor === 'user-retry')).toBe(true);
});

test('cancelJob cancels a QUEUED job at once', async () => {
  const token = await orgToken('cancel');
  const job = await enqueue(token, { ...QUICK, ...FAR });
  const cancelled = (await api().data(CANCEL, { id: job.id }, token)).cancelJob as Job;
  expect(cancelled).toMatchObject({ id: job.id, status: 'CANCELLED', cancelRequested: true });
  expect(cancelled.finishedAt).not.toBeNull();
  // Again: the finished job comes back unchanged.
  expect((await api().data(CANCEL, { id: job.id }, token)).cancelJob).toMatchObject({ status: 'CANCELLED' });
  expect((await getJob(token, job.id))!.status).toBe('CANCELLED');
  const audit = (await auditOf('cancel')).filter((a) => a.action === 'job.cancel');
  expect(audit[0]).toMatchObject({ targetType: 'job', targetId: job.id, actor: 'user-cancel' });
});

test('deleteJob removes a finished job and refuses a queued one', async () => {
  const token = await orgToken('delete');
  const finished = await enqueue(token, QUICK);
  await waitFor(token, finished.id, ['SUCCEEDED']);
  expect((await api().data(DELETE, { id: finished.id }, token)).deleteJob).toBe(finished.id);
  expect(await getJob(token, finished.id)).toBeNull();
  expect(await count(token, { search: finished.id })).toBe(0);
  expect(codeOf(await api().gql(DELETE, { id: finished.id }, token))).toBe('NOT_FOUND');

  const queued = await enqueue(token, { ...QUICK, ...FAR });
  const refused = await api().gql(DELETE, { id: queued.id }, token);
  expect(codeOf(refused)).toBe('CONFLICT');
  expect((await getJob(token, queued.id))!.status).toBe('QUEUED');
  await api().data(CANCEL, { id: queued.id }, token);
  expect((await api().data(DELETE, { id: queued.id }, token)).deleteJob).toBe(queued.id);

  const audit = (await auditOf('delete')).filter((a) => a.action === 'job.delete');
  expect(audit.map((a) => a.targetId).sort()).toEqual([finished.id, queued.id].sort());
});

test('retryJobs and deleteJobs return counts that agree with what happened', async () => {
  const token = await orgToken('bulk');
  const failed = [await enqueue(token, FATAL), await enqueue(token, FATAL), await enqueue(token, FATAL)];
  const cancelled = [await enqueue(token, { ...QUICK, ...FAR }), await enqueue(token, { ...QUICK, ...FAR })];
  const succeeded = [await enqueue(token, QUICK), await enqueue(token, QUICK)];
  const waiting = await enqueue(token, { ...QUICK, ...FAR });
  for (const job of cancelled) await api().data(CANCEL, { id: job.id }, token);
  for (const job of failed) await waitFor(token, job.id, ['FAILED']);
  for (const job of succeeded) await waitFor(token, job.id, ['SUCCEEDED']);
  expect(await count(token)).toBe(8);

  const RETRY_MANY = `mutation($filter: JobFilter!) { retryJobs(filter: $filter) }`;
  const DELETE_MANY = `mutation($filter: JobFilter!) { deleteJobs(filter: $filter) }`;
  expect((await api().data(RETRY_MANY, { filter: { status: ['FAILED'] } }, token)).retryJobs).toBe(3);
  expect(await count(token)).toBe(11);
  for (const job of failed) expect(await count(token, { retryOfId: job.id })).toBe(1);
  await poll(async () => (await count(token, { status: ['QUEUED', 'RUNNING'] })) === 1, { label: 'the retries to finish' });
  expect(await count(token, { status: ['FAILED'] })).toBe(6);
  expect((await api().data(RETRY_MANY, { filter: { status: ['SUCCEEDED'] } }, token)).retryJobs).toBe(0);
  expect(await count(token)).toBe(11);

  expect((await api().data(DELETE_MANY, { filter: { status: ['CANCELLED'] } }, token)).deleteJobs).toBe(2);
  expect(await count(token, { status: ['CANCELLED'] })).toBe(0);
  expect((await api().data(DELETE_MANY, { filter: { status: ['QUEUED'] } }, token)).deleteJobs).toBe(0);
  expect(await count(token)).toBe(9);
  const finishedBefore = await count(token, { status: ['SUCCEEDED', 'FAILED', 'CANCELLED'] });
  expect((await api().data(DELETE_MANY, { filter: { type: ['sleep'] } }, token)).deleteJobs).toBe(finishedBefore);
  const left = await api().data(`{ jobs { totalCount edges { node { id status } } } }`, undefined, token);
  expect(left.jobs).toEqual({ totalCount: 1, edges: [{ node: { id: waiting.id, status: 'QUEUED' } }] });

  const audit = await auditOf('bulk');
  expect(audit.filter((a) => a.action === 'job.retryMany').map((a) => (a.details as { count: number }).count)).toEqual([3]);
  expect(audit.filter((a) => a.action === 'job.deleteMany').map((a) => (a.details as { count: number }).count).sort((x, y) => x - y)).toEqual([2, finishedBefore].sort((x, y) => x - y));
  expect(audit.filter((a) => a.action === 'job.enqueue')).toHaveLength(8);
});

test('taskTypes lists sleep and http-request with a JSON Schema of their input', async () => {
  const { taskTypes } = await api().data(`{ taskTypes { type title plugin version maxAttempts timeoutMs inputSchema } }`);
  const byType = new Map<string, any>(taskTypes.map((t: any) => [t.type, t]));
  const sleep = byType.get('sleep');
  expect(sleep).toMatchObject({ plugin: 'sleep', version: '1.0.0', maxAttempts: 3, inputSchema: { type: 'object' } });
  expect(sleep.inputSchema.properties.ms).toMatchObject({ type: 'integer' });
  expect(sleep.inputSchema.required).toContain('ms');
  const http = byType.get('http-request');
  expect(http).toMatchObject({ plugin: 'http-request', maxAttempts: 4, inputSchema: { type: 'object' } });
  expect(http.inputSchema.properties.url).toBeDefined();
});

test('enqueueJob with an idempotency key returns the existing job', async () => {
  const token = await orgToken('idem');
  const first = await enqueue(token, { ...QUICK, ...FAR, idempotencyKey: 'order-1' });
  const again = await enqueue(token, { ...QUICK, ...FAR, idempotencyKey: 'order-1' });
  expect(again.id).toBe(first.id);
  expect(await count(token)).toBe(1);
  // The key is unique per org: another org gets its own job.
  const other = await enqueue(await orgToken('idem-2'), { ...QUICK, ...FAR, idempotencyKey: 'order-1' });
  expect(other.id).not.toBe(first.id);
});

test('queueStats counts agree with the jobs and list the worker', async () => {
  const token = await orgToken('stats');
  const ok = [await enqueue(token, QUICK), await enqueue(token, QUICK)];
  const bad = await enqueue(token, FATAL);
  const gone = await enqueue(token, { ...QUICK, ...FAR });
  const waiting = await enqueue(token, { ...QUICK, ...FAR });
  await api().data(CANCEL, { id: gone.id }, token);
  for (const job of ok) await waitFor(token, job.id, ['SUCCEEDED']);
  await waitFor(token, bad.id, ['FAILED']);

  const { queueStats } = await api().data(
    `{ queueStats { byStatus { status count } byType { type counts { status count } } oldestQueuedAt
       workers { id host pid concurrency running startedAt lastHeartbeatAt } } }`,
    undefined,
    token,
  );
  const byStatus = Object.fromEntries(queueStats.byStatus.map((s: any) => [s.status, s.count]));
  expect(byStatus).toEqual({ SUCCEEDED: 2, FAILED: 1, CANCELLED: 1, QUEUED: 1 });
  for (const [status, n] of Object.entries(byStatus)) expect(await count(token, { status: [status] })).toBe(n);
  expect(queueStats.byType).toHaveLength(1);
  expect(queueStats.byType[0].type).toBe('sleep');
  expect(queueStats.byType[0].counts.reduce((sum: number, c: any) => sum + c.count, 0)).toBe(5);
  expect(queueStats.oldestQueuedAt).toBe(waiting.createdAt);
  // Workers serve every org: a non-admin token sees none, an admin token sees this process's.
  expect(queueStats.workers).toEqual([]);
  const { queueStats: adminView } = await api().data(`{ queueStats { workers { id pid concurrency } } }`);
  expect(adminView.workers).toHaveLength(1);
  expect(adminView.workers[0]).toMatchObject({ id: api().app.executor!.workerId, concurrency: CONCURRENCY, pid: process.pid });
});

test("jobEvents delivers CREATED for a matching new job, and nothing of other orgs' or other types' jobs", async () => {
  const mine = await orgToken('events-a');
  const theirs = await orgToken('events-b');
  const sub = api().subscribe(`subscription { jobEvents(filter: { type: ["sleep"] }) { kind jobId job { id type status } } }`, undefined, mine);
  await sub.live();
  const foreign = await enqueue(theirs, { ...QUICK, ...FAR });
  const otherType = await enqueue(mine, { type: 'http-request', payload: { url: 'http://example.invalid/' }, ...FAR });
  const job = await enqueue(mine, { ...QUICK, ...FAR });
  const events = (await sub.until((evs) => evs.some((e) => e.jobEvents.jobId === job.id))).map((e) => e.jobEvents);
  expect(events).toEqual([{ kind: 'CREATED', jobId: job.id, job: { id: job.id, type: 'sleep', status: 'QUEUED' } }]);

  // A status change of the matching job arrives too; the foreign job's never does.
  await api().data(CANCEL, { id: foreign.id }, theirs);
  await api().data(CANCEL, { id: otherType.id }, mine);
  await api().data(CANCEL, { id: job.id }, mine);
  const more = (await sub.until((evs) => evs.length >= 2)).map((e) => e.jobEvents);
  expect(more[1]).toMatchObject({ kind: 'STATUS', jobId: job.id, job: { status: 'CANCELLED' } });
  expect(more.some((e) => e.jobId === foreign.id || e.jobId === otherType.id)).toBe(false);

  // Deletions are filtered too: the other type's DELETED never arrives, the matching job's does.
  await api().data(`mutation ($id: ID!) { deleteJob(id: $id) }`, { id: otherType.id }, mine);
  await api().data(`mutation ($id: ID!) { deleteJob(id: $id) }`, { id: job.id }, mine);
  const all = (await sub.until((evs) => evs.some((e) => e.jobEvents.kind === 'DELETED'))).map((e) => e.jobEvents);
  expect(all.filter((e) => e.kind === 'DELETED')).toEqual([{ kind: 'DELETED', jobId: job.id, job: null }]);
  expect(all.some((e) => e.jobId === otherType.id)).toBe(false);
  await sub.close();
});

test('jobUpdated starts with a SNAPSHOT: a subscriber that comes late still learns how the job ended', async () => {
  const token = await orgToken('snapshot');
  const job = await enqueue(token, { type: 'sleep', payload: { ms: 1, steps: 1 } });
  await waitFor(token, job.id, ['SUCCEEDED']);
  const sub = api().subscribe(JOB_UPDATED, { id: job.id }, token);
  const [first] = await sub.until((evs) => evs.length >= 1);
  expect(first.jobUpdated).toMatchObject({ kind: 'SNAPSHOT', jobId: job.id, job: { id: job.id, status: 'SUCCEEDED', progress: { percent: 100 } } });
  await sub.close();
});
