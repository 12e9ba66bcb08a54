/**
 * Bulk actions on chosen jobs over real HTTP: `JobFilter.ids` (alone, with other fields, empty, over
 * the limit) in lists, subscriptions and the bulk mutations, and `cancelJobs` (QUEUED cancelled at
 * once, RUNNING asked to stop, other orgs untouched, 10,000 per call, permissions, one audit entry).
 * Every test works in its own org, so counts are exact even though the app is shared.
 */
import { expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { NewJob } from '../../src/engine/domain/types.js';
import { codeOf, issuePaths, JOB_FIELDS, poll, useTestApp, type TokenArg } from './helpers.js';

const CONCURRENCY = 2;
const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: String(CONCURRENCY) } });

/** Never due while the tests run (GraphQL Int holds about 24 days). */
const FAR = { delayMs: 2_000_000_000 };
const QUEUED = { type: 'sleep', payload: { ms: 0, steps: 1 }, ...FAR };
const QUICK = { type: 'sleep', payload: { ms: 0, steps: 1 } };
const FATAL = { type: 'sleep', payload: { ms: 0, steps: 1, fatal: true } };
const LONG = { type: 'sleep', payload: { ms: 600_000, steps: 1 } };

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { ${JOB_FIELDS} } }`;
const GET = `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;
const LIST = `query($filter: JobFilter) { jobs(filter: $filter, first: 100) { totalCount edges { node { id } } } }`;
const CANCEL_MANY = `mutation($filter: JobFilter!) { cancelJobs(filter: $filter) }`;
const RETRY_MANY = `mutation($filter: JobFilter!) { retryJobs(filter: $filter) }`;
const DELETE_MANY = `mutation($filter: JobFilter!) { deleteJobs(filter: $filter) }`;

type Job = { id: string; status: string; cancelRequested: boolean; retryOf: { id: string } | null };

const orgToken = (org: string) => api().token(org, ['jobs:read', 'jobs:write']);
const enqueue = async (token: TokenArg, input: Record<string, unknown>): Promise<Job> =>
  (await api().data<{ enqueueJob: Job }>(ENQUEUE, { input }, token)).enqueueJob;
const getJob = async (token: TokenArg, id: string): Promise<Job | null> => (await api().data<{ job: Job | null }>(GET, { id }, token)).job;
const listIds = async (token: TokenArg, filter: Record<string, unknown>): Promise<string[]> =>
  (await api().data(LIST, { filter }, token)).jobs.edges.map((e: { node: { id: string } }) => e.node.id).sort();
const waitFor = (token: TokenArg, id: string, statuses: string[]): Promise<Job> =>
  poll(
    async () => {
      const job = await getJob(token, id);
      return job && statuses.includes(job.status) ? job : undefined;
    },
    { label: `job ${id} to be ${statuses.join('/')}` },
  );
const cancelMany = async (token: TokenArg, filter: Record<string, unknown>): Promise<number> =>
  (await api().data<{ cancelJobs: number }>(CANCEL_MANY, { filter }, token)).cancelJobs;
const auditOf = async (org: string) => (await api().app.store.audit.list(org, {}, { first: 100 })).items.map((i) => i.node);
const sorted = (values: string[]) => [...values].sort();

test('ids in a list filter: only those jobs of the org, AND the other fields; an empty list matches none', async () => {
  const token = await orgToken('ids-list');
  const queued = [await enqueue(token, QUEUED), await enqueue(token, QUEUED), await enqueue(token, QUEUED)];
  const done = await enqueue(token, QUICK);
  await waitFor(token, done.id, ['SUCCEEDED']);
  const foreign = await enqueue(await orgToken('ids-list-other'), QUEUED);
  const chosen = [queued[0]!.id, queued[2]!.id, done.id];

  expect(await listIds(token, { ids: chosen })).toEqual(sorted(chosen));
  expect(await listIds(token, { ids: [...chosen, foreign.id, 'no-such-job'] })).toEqual(sorted(chosen));
  expect(await listIds(token, { ids: chosen, status: ['QUEUED'] })).toEqual(sorted([queued[0]!.id, queued[2]!.id]));
  expect(await listIds(token, { ids: chosen, status: ['FAILED'] })).toEqual([]);
  expect(await listIds(token, { ids: [queued[1]!.id], search: queued[1]!.id })).toEqual([queued[1]!.id]);
  expect(await listIds(token, { ids: [] })).toEqual([]);
  expect((await api().data(LIST, { filter: { ids: [] } }, token)).jobs.totalCount).toBe(0);
  // Inline in the document as well as in variables.
  const inline = await api().data(`{ jobs(filter: { ids: ["${done.id}"] }) { totalCount } }`, undefined, token);
  expect(inline.jobs.totalCount).toBe(1);
});

test('more than 1,000 ids: BAD_USER_INPUT at filter.ids, in lists, subscriptions and every bulk mutation; 1,000 is fine', async () => {
  const token = await orgToken('ids-limit');
  const job = await enqueue(token, QUEUED);
  const tooMany = [job.id, ...Array.from({ length: 1000 }, () => newId())];
  for (const query of [LIST, CANCEL_MANY, RETRY_MANY, DELETE_MANY]) {
    const refused = await api().gql(query, { filter: { ids: tooMany } }, token);
    expect(codeOf(refused), query).toBe('BAD_USER_INPUT');
    expect(issuePaths(refused)).toEqual(['filter.ids']);
    expect(refused.errors![0]!.extensions!.issues![0]!.message).toMatch(/at most 1,000 ids.*got 1,001/);
  }
  expect((await getJob(token, job.id))!.status).toBe('QUEUED');

  const sub = api().subscribe(`subscription($filter: JobFilter) { jobEvents(filter: $filter) { kind jobId } }`, { filter: { ids: tooMany } }, token);
  await sub.ended();
  expect(JSON.stringify(sub.error ?? sub.results)).toContain('filter.ids');
  await sub.close();

  const enough = tooMany.slice(0, 1000);
  expect((await api().data(LIST, { filter: { ids: enough } }, token)).jobs.totalCount).toBe(1);
  expect(await cancelMany(token, { ids: enough })).toBe(1);
  expect((await getJob(token, job.id))!.status).toBe('CANCELLED');
});

test('jobEvents with ids delivers only the chosen jobs', async () => {
  const token = await orgToken('ids-events');
  const chosen = await enqueue(token, QUEUED);
  const other = await enqueue(token, QUEUED);
  const sub = api().subscribe(`subscription($filter: JobFilter) { jobEvents(filter: $filter) { kind jobId job { status } } }`, { filter: { ids: [chosen.id] } }, token);
  await sub.live();
  expect(await cancelMany(token, { ids: [other.id] })).toBe(1);
  expect(await cancelMany(token, { ids: [chosen.id] })).toBe(1);
  const events = (await sub.until((evs) => evs.length >= 1)).map((e) => e.jobEvents);
  expect(events).toEqual([{ kind: 'STATUS', jobId: chosen.id, job: { status: 'CANCELLED' } }]);
  await sub.close();
});

test('cancelJobs by ids: QUEUED cancelled at once, RUNNING asked to stop, finished untouched; a second call counts nothing', async () => {
  const token = await orgToken('cancel-ids');
  const done = await enqueue(token, QUICK);
  await waitFor(token, done.id, ['SUCCEEDED']);
  const running = [await enqueue(token, LONG), await enqueue(token, LONG)];
  for (const job of running) await waitFor(token, job.id, ['RUNNING']);
  const queued = [await enqueue(token, QUEUED), await enqueue(token, QUEUED)];
  const notChosen = await enqueue(token, QUEUED);
  const ids = [...running, ...queued, done].map((j) => j.id);

  expect(await cancelMany(token, { ids })).toBe(4);
  for (const job of queued) expect(await getJob(token, job.id)).toMatchObject({ status: 'CANCELLED', cancelRequested: true });
  for (const job of running) {
    const now = (await getJob(token, job.id))!;
    expect(now.cancelRequested).toBe(true);
    expect(['RUNNING', 'CANCELLED']).toContain(now.status);
  }
  for (const job of running) await waitFor(token, job.id, ['CANCELLED']);
  expect((await getJob(token, notChosen.id))!.status).toBe('QUEUED');
  expect(await getJob(token, done.id)).toMatchObject({ status: 'SUCCEEDED', cancelRequested: false });

  expect(await cancelMany(token, { ids })).toBe(0);
  expect(await cancelMany(token, { ids: [] })).toBe(0);
  expect((await getJob(token, notChosen.id))!.status).toBe('QUEUED');

  const audit = (await auditOf('cancel-ids')).filter((a) => a.action.startsWith('job.cancel'));
  // The two calls that changed nothing wrote no audit entry.
  expect(audit.map((a) => a.action)).toEqual(['job.cancelMany']);
  const counts = audit.map((a) => (a.details as { count: number }).count);
  expect(counts).toEqual([4]);
  const first = audit.find((a) => (a.details as { count: number }).count === 4)!;
  expect(first).toMatchObject({ targetType: 'job', targetId: '*', actor: 'user-cancel-ids', details: { filter: { ids } } });
});

test('cancelJobs with ids and status cancels only the chosen jobs in those states', async () => {
  const token = await orgToken('cancel-status');
  const running = await enqueue(token, LONG);
  await waitFor(token, running.id, ['RUNNING']);
  const queued = [await enqueue(token, QUEUED), await enqueue(token, QUEUED)];
  const ids = [running.id, ...queued.map((j) => j.id)];

  expect(await cancelMany(token, { ids, status: ['QUEUED'] })).toBe(2);
  expect(await getJob(token, running.id)).toMatchObject({ status: 'RUNNING', cancelRequested: false });
  for (const job of queued) expect((await getJob(token, job.id))!.status).toBe('CANCELLED');
  // Finished states only: nothing to cancel.
  expect(await cancelMany(token, { ids, status: ['SUCCEEDED', 'CANCELLED'] })).toBe(0);
  expect(await cancelMany(token, { ids, status: ['RUNNING', 'FAILED'] })).toBe(1);
  expect(await getJob(token, running.id)).toMatchObject({ cancelRequested: true });
  await waitFor(token, running.id, ['CANCELLED']);

  // With other fields and no ids, it works over the whole org like retryJobs and deleteJobs.
  const more = [await enqueue(token, QUEUED), await enqueue(token, { type: 'http-request', payload: { url: 'http://example.invalid/' }, ...FAR })];
  expect(await cancelMany(token, { type: ['http-request'] })).toBe(1);
  expect((await getJob(token, more[0]!.id))!.status).toBe('QUEUED');
  expect((await getJob(token, more[1]!.id))!.status).toBe('CANCELLED');
  expect(await cancelMany(token, {})).toBe(1);
  expect((await getJob(token, more[0]!.id))!.status).toBe('CANCELLED');
});

test("another org's ids are untouched by cancelJobs, retryJobs and deleteJobs", async () => {
  const mine = await orgToken('bulk-mine');
  const theirs = await orgToken('bulk-theirs');
  const theirQueued = await enqueue(theirs, QUEUED);
  const theirFailed = await enqueue(theirs, FATAL);
  const theirDone = await enqueue(theirs, QUICK);
  await waitFor(theirs, theirFailed.id, ['FAILED']);
  await waitFor(theirs, theirDone.id, ['SUCCEEDED']);
  const myQueued = await enqueue(mine, QUEUED);
  const ids = [theirQueued.id, theirFailed.id, theirDone.id, myQueued.id];

  expect(await cancelMany(mine, { ids })).toBe(1);
  expect((await api().data(RETRY_MANY, { filter: { ids } }, mine)).retryJobs).toBe(1); // my cancelled job
  expect((await api().data(DELETE_MANY, { filter: { ids } }, mine)).deleteJobs).toBe(1);
  expect(await getJob(mine, myQueued.id)).toBeNull();

  expect((await getJob(theirs, theirQueued.id))!.status).toBe('QUEUED');
  expect((await getJob(theirs, theirFailed.id))!.status).toBe('FAILED');
  expect((await getJob(theirs, theirDone.id))!.status).toBe('SUCCEEDED');
  expect(await api().data(LIST, { filter: { retryOfId: theirFailed.id } }, theirs)).toEqual({ jobs: { totalCount: 0, edges: [] } });
  expect((await auditOf('bulk-theirs')).filter((a) => a.action !== 'job.enqueue')).toEqual([]);
  const myActions = (await auditOf('bulk-mine')).map((a) => a.action).filter((a) => a !== 'job.enqueue').sort();
  expect(myActions).toEqual(['job.cancelMany', 'job.deleteMany', 'job.retryMany']);
  // The retry is mine and is still queued or running: cancel it so it does not linger.
  await cancelMany(mine, {});
});

test('retryJobs and deleteJobs with ids and status touch only the chosen jobs', async () => {
  const token = await orgToken('ids-bulk');
  const failed = [await enqueue(token, FATAL), await enqueue(token, FATAL), await enqueue(token, FATAL)];
  const done = await enqueue(token, QUICK);
  for (const job of failed) await waitFor(token, job.id, ['FAILED']);
  await waitFor(token, done.id, ['SUCCEEDED']);
  const chosen = [failed[0]!.id, failed[1]!.id, done.id];

  expect((await api().data(RETRY_MANY, { filter: { ids: chosen, status: ['FAILED', 'CANCELLED'] } }, token)).retryJobs).toBe(2);
  expect(await listIds(token, { retryOfId: failed[2]!.id })).toEqual([]);
  // Already retried: not again.
  expect((await api().data(RETRY_MANY, { filter: { ids: chosen } }, token)).retryJobs).toBe(0);
  expect((await api().data(DELETE_MANY, { filter: { ids: chosen, status: ['SUCCEEDED'] } }, token)).deleteJobs).toBe(1);
  expect(await getJob(token, done.id)).toBeNull();
  expect((await api().data(DELETE_MANY, { filter: { ids: [] } }, token)).deleteJobs).toBe(0);
  for (const job of failed) expect((await getJob(token, job.id))!.status).toBe('FAILED');
});

test('cancelJobs touches at most 10,000 jobs per call', async () => {
  const token = await orgToken('cancel-bound');
  const now = Date.now();
  const jobs: NewJob[] = Array.from({ length: 10_001 }, (_, i) => ({
    id: newId(),
    orgId: 'cancel-bound',
    type: 'sleep',
    priority: 0,
    payload: { ms: 0, steps: 1, failTimes: 0, fatal: false },
    maxAttempts: 1,
    runAt: now + 2_000_000_000,
    createdAt: now + i,
  }));
  await api().app.store.jobs.insert(jobs);
  expect(await cancelMany(token, { status: ['QUEUED'] })).toBe(10_000);
  expect((await api().data(LIST, { filter: { status: ['QUEUED'] } }, token)).jobs.totalCount).toBe(1);
  expect(await cancelMany(token, {})).toBe(1);
  expect((await api().data(LIST, { filter: { status: ['CANCELLED'] } }, token)).jobs.totalCount).toBe(10_001);
}, 60_000);

test('cancelJobs needs jobs:write and a token; a refused call changes nothing', async () => {
  const writer = await orgToken('cancel-perm');
  const reader = await api().token('cancel-perm', ['jobs:read']);
  const job = await enqueue(writer, QUEUED);

  const denied = await api().gql(CANCEL_MANY, { filter: { ids: [job.id] } }, reader);
  expect(codeOf(denied)).toBe('FORBIDDEN');
  expect(denied.errors![0]!.message).toContain('jobs:write');
  const anonymous = await api().gql(CANCEL_MANY, { filter: { ids: [job.id] } }, null);
  expect([anonymous.status, codeOf(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
  const admin = await api().gql(CANCEL_MANY, { filter: { ids: [job.id] } }); // the admin token's own org
  expect(admin.data).toEqual({ cancelJobs: 0 });

  expect((await getJob(writer, job.id))!.status).toBe('QUEUED');
  expect((await auditOf('cancel-perm')).filter((a) => a.action === 'job.cancelMany')).toEqual([]);
  expect(await cancelMany(writer, { ids: [job.id] })).toBe(1);
});
